# Helpers that bench/bench.sh sources: time, medians, process checks, and
# one traced session (start a tracer, wait until attached, run a workload,
# SIGINT it, wait for it to exit). Needs $T (the data directory), $RUN_TIMEOUT,
# $ATTACH_TIMEOUT, $DETACH_TIMEOUT and $B (bench/session.c built there).

now() { date +%s%N; }                       # nanoseconds
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
median() { sort -n "$1" 2>/dev/null | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maxof() { sort -n "$1" 2>/dev/null | tail -n 1; }
minof() { sort -n "$1" 2>/dev/null | head -n 1; }
sumof() { awk '{ s += $1 } END { print s + 0 }' "$1" 2>/dev/null || echo 0; }
elapsed() { echo $(( $(date +%s) - START )); }

# alive PID: the process exists and is not a zombie
alive() {
	st=$(sed -n 's/^State:[[:space:]]*\([A-Za-z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ]
}

LIVE=""   # session helpers (bench/session.c) still running

# stop_all: the exit trap's part, for tracers a failure left running (a
# helper SIGINTs its tracer on SIGTERM, and SIGKILLs it after DETACH_TIMEOUT)
stop_all() {
	for h in $LIVE; do kill -TERM "$h" 2>/dev/null; wait "$h" 2>/dev/null; done
	LIVE=""
}

# workload DIR CMD...: run the workload once with WL_NS set; its ns per
# call (the mean of its processes' lines) goes to DIR/ns. Returns 1 if it
# failed or timed out.
workload() {
	wd=$1; shift
	WL_NS=1 timeout "$RUN_TIMEOUT" "$@" >/dev/null 2>"$wd/wl.err" || {
		echo "workload $* failed or timed out after ${RUN_TIMEOUT}s" >"$wd/bad"; return 1; }
	awk '/^[0-9.]+$/ { s += $1; n++ } END { if (n) printf "%.1f\n", s / n }' "$wd/wl.err" >"$wd/ns"
	[ -s "$wd/ns" ] || { echo "workload $* printed no ns/call" >"$wd/bad"; return 1; }
}

# traced DIR PATTERN WORKLOAD-COMMAND -- TRACER-COMMAND...: start the
# tracer (stdout DIR/out, stderr DIR/err), wait until PATTERN appears in
# either, run the workload once, sample the tracer's VmHWM, SIGINT it and
# wait for it to exit. bench/session.c keeps the clock: DIR/attach and
# DIR/detach (ms), DIR/maxrss (KiB); this writes DIR/hwm (KiB) and DIR/ns;
# DIR/bad says why a run measures nothing. The workload command is one word
# list in $WLCMD; $SETTLE, if set, is how many seconds to wait after PATTERN.
traced() {
	d=$1 pat=$2; shift 2
	# session writes a line to the FIFO once attached (or failed): a loop of
	# sleeps here would fork while the tracer starts, and slow it
	mkfifo "$d/ready"
	exec 3<>"$d/ready"
	"$B/session" "$d" "$pat" "$ATTACH_TIMEOUT" "$DETACH_TIMEOUT" "$OUTFILE" "$@" 3<&- &
	h=$!
	LIVE="$LIVE $h"
	read -r _ <&3
	exec 3<&-
	if [ ! -e "$d/attach" ]; then
		wait "$h" 2>/dev/null
		[ -e "$d/bad" ] || echo "could not start $1" >"$d/bad"
		LIVE=$(echo "$LIVE" | sed "s/ $h\b//")
		return 1
	fi
	[ -n "$SETTLE" ] && sleep "$SETTLE"
	pid=$(cat "$d/pid")
	# shellcheck disable=SC2086
	workload "$d" $WLCMD
	if alive "$pid"; then
		awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >"$d/hwm" 2>/dev/null
	else
		echo "the tracer exited during the workload run" >"$d/bad"
	fi
	kill -USR1 "$h" 2>/dev/null
	wait "$h" 2>/dev/null
	LIVE=$(echo "$LIVE" | sed "s/ $h\b//")
	[ -e "$d/bad" ] && return 1
	return 0
}

# start_stop DIR CMD...: start CMD under bench/session.c and SIGINT it as
# soon as a "matched" line appears; DIR/attach is then its ms to that line
# and DIR/detach its ms from SIGINT to exit
start_stop() {
	mkdir -p "$1" && mkfifo "$1/ready" || return
	exec 3<>"$1/ready"
	dir=$1; shift
	"$B/session" "$dir" matched "$ATTACH_TIMEOUT" "$DETACH_TIMEOUT" "" "$@" 3<&- &
	h=$!
	read -r _ <&3
	exec 3<&-
	kill -USR1 "$h" 2>/dev/null
	wait "$h" 2>/dev/null
}

# start_floor DIR [perf]: the ms bench/floor.c takes from its start to its
# "matched" line, timed as the tracers are (the start-up floor; with perf,
# the floor of a tracer on perf events)
start_floor() {
	# shellcheck disable=SC2086
	start_stop "$1" "$B/floor" $2
	cat "$1/attach" 2>/dev/null
}
