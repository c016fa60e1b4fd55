# Helpers that bench/bench.sh sources: time, medians, process checks, and
# one traced session (start a tracer, wait until attached, run a workload,
# SIGINT it, wait for it to exit). Needs $T (the data directory), $RUN_TIMEOUT,
# $ATTACH_TIMEOUT, $DETACH_TIMEOUT and $GTIME (GNU time or empty).

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

# A shell without job control starts background commands with SIGINT
# ignored, and an ignored signal never reaches dtr's signalfd: give the
# tracers SIGINT back where env(1) can.
DEFSIG=""
env --default-signal=INT true 2>/dev/null && DEFSIG="env --default-signal=INT"

LIVE=""   # "tracer-pid:background-pid" of tracers still running

# stop PID BG: SIGINT the tracer, wait (bounded) for it to exit, reap it.
# Prints 1 if it had to be killed, 0 otherwise.
stop() {
	kill -INT "$1" 2>/dev/null
	dl=$(( $(date +%s) + DETACH_TIMEOUT ))
	while alive "$1" && [ "$(date +%s)" -lt "$dl" ]; do sleep 0.005; done
	killed=0
	if alive "$1"; then kill -KILL "$1" 2>/dev/null; killed=1; fi
	wait "$2" 2>/dev/null
	LIVE=$(echo "$LIVE" | tr ' ' '\n' | grep -v "^$1:" | tr '\n' ' ')
	echo $killed
}

# stop_all: the exit trap's part, for tracers a failure left running
stop_all() {
	for pp in $LIVE; do stop "${pp%%:*}" "${pp#*:}" >/dev/null; done
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
# wait for it to exit. Writes DIR/attach and DIR/detach (ms), DIR/hwm
# (KiB), DIR/maxrss (KiB, GNU time), DIR/ns; DIR/bad says why a run
# measures nothing. The workload command is one word list in $WLCMD;
# $SETTLE, if set, is how many seconds to wait after PATTERN.
traced() {
	d=$1 pat=$2; shift 2
	t0=$(now)
	if [ -n "$GTIME" ]; then
		$DEFSIG "$GTIME" -f %M -o "$d/maxrss" sh -c 'echo $$ >"$0"; exec "$@"' "$d/pid" "$@" >"$d/out" 2>"$d/err" &
	else
		$DEFSIG sh -c 'echo $$ >"$0"; exec "$@"' "$d/pid" "$@" >"$d/out" 2>"$d/err" &
	fi
	bg=$!
	i=0
	while [ ! -s "$d/pid" ] && [ $i -lt 1000 ]; do sleep 0.005; i=$((i + 1)); done
	pid=$(cat "$d/pid" 2>/dev/null)
	if [ -z "$pid" ]; then
		kill -KILL "$bg" 2>/dev/null; wait "$bg" 2>/dev/null
		echo "could not start $1" >"$d/bad"; return 1
	fi
	LIVE="$LIVE $pid:$bg"
	deadline=$(( $(date +%s) + ATTACH_TIMEOUT ))
	while ! grep -q "$pat" "$d/err" "$d/out" $OUTFILE 2>/dev/null; do
		if ! alive "$pid" || [ "$(date +%s)" -ge "$deadline" ]; then
			if alive "$pid"; then echo "no '$pat' line within ${ATTACH_TIMEOUT}s"
			else echo "exited before attaching: $(grep -v '^$' "$d/err" | head -n 2 | tr '\n' ' ')"; fi >"$d/bad"
			stop "$pid" "$bg" >/dev/null
			return 1
		fi
		sleep 0.002
	done
	ms "$t0" "$(now)" >"$d/attach"
	[ -n "$SETTLE" ] && sleep "$SETTLE"
	# shellcheck disable=SC2086
	workload "$d" $WLCMD
	if alive "$pid"; then
		awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >"$d/hwm" 2>/dev/null
	else
		echo "the tracer exited during the workload run" >"$d/bad"
	fi
	s0=$(now)
	[ "$(stop "$pid" "$bg")" = 1 ] && echo "did not exit within ${DETACH_TIMEOUT}s of SIGINT" >>"$d/bad"
	ms "$s0" "$(now)" >"$d/detach"
	[ -e "$d/bad" ] && return 1
	return 0
}
