#!/bin/sh
# `make bench` (sh bench/bench.sh BUILD_DIR): dtr against bpftrace on the
# same machine in the same run. A workload makes 2,000,000 getppid() calls;
# we time it untraced, under dtr and under bpftrace (a wide syscall spec and
# a single-syscall spec), time how long each tracer takes to attach and to
# detach, sample dtr's peak RSS, and check that dtr lost no event.
# Absolute numbers vary 3-5x between machines: read the ratios.
# See bench/README.md.

B=${1:-build}
DTR=$B/dtr
WL=$B/wl_getppid
N=${BENCH_N:-2000000}   # getppid() calls per workload run
UNTRACED_RUNS=5      # median of 5 untraced runs
MAX_REPS=${BENCH_REPS:-5} # traced runs per configuration (fewer if the time budget says so)
BUDGET=150           # seconds: bench.sh plus a rebuild by make must stay under 3 minutes
ATTACH_TIMEOUT=30    # seconds to wait for "matched" / "Attaching"
DETACH_TIMEOUT=30    # seconds to wait for a tracer to exit after SIGINT
RUN_TIMEOUT=120      # seconds a single workload run may take

WIDE_D='syscall:::entry < @[execname] = count(); >'
WIDE_BT='tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
KEY_D='syscall::getppid:entry < @[execname] = count(); >'
KEY_BT='tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }'

if [ "$(id -u)" != 0 ]; then
	echo "bench: skipped: dtr and bpftrace need root to trace system-wide (perf_event_open on tracepoints)"
	exit 0
fi
for f in "$DTR" "$WL"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing (run 'make bench', which builds it)" >&2
		exit 1
	fi
done

T=$(mktemp -d /tmp/dtr-bench.XXXXXX) || exit 1
LIVE=""              # "tracer-pid:background-pid" of sessions still running

cleanup() {
	for pp in $LIVE; do
		p=${pp%%:*}
		kill -INT "$p" 2>/dev/null
	done
	for pp in $LIVE; do
		p=${pp%%:*} bgp=${pp#*:}
		i=0
		while alive "$p" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		kill -KILL "$p" 2>/dev/null
		kill -KILL "$bgp" 2>/dev/null
		wait "$bgp" 2>/dev/null
	done
	LIVE=""
	rm -rf "$T"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM HUP

now() { date +%s%N; }                       # nanoseconds
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }'; }
median() { sort -n "$1" 2>/dev/null | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
nruns() { if [ -s "$1" ]; then wc -l <"$1"; else echo 0; fi; }
maxof() { sort -n "$1" 2>/dev/null | tail -n 1; }
elapsed() { echo $(( $(date +%s) - START )); }

# alive PID: the process exists and is not a zombie
alive() {
	st=$(sed -n 's/^State:[[:space:]]*\([A-Za-z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ]
}

GTIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$T/probe" true 2>/dev/null && [ -s "$T/probe" ]; then
	GTIME=/usr/bin/time
fi

# run_wl FILE: one timed workload run, seconds appended to FILE
# and, with GNU time, the workload's own CPU time (user + sys) to ${FILE%.time}.cpu
run_wl() {
	w0=$(now)
	if [ -n "$GTIME" ]; then
		"$GTIME" -f '%U %S' -o "$T/cpu.last" timeout "$RUN_TIMEOUT" "$WL" "$N"
	else
		timeout "$RUN_TIMEOUT" "$WL" "$N"
	fi
	wrc=$?
	w1=$(now)
	if [ $wrc != 0 ]; then
		echo "bench: $WL $N failed or timed out after ${RUN_TIMEOUT}s" >&2
		return 1
	fi
	secs "$w0" "$w1" >>"$1"
	[ -n "$GTIME" ] && tail -n 1 "$T/cpu.last" | awk '{ printf "%.2f\n", $1 + $2 }' >>"${1%.time}.cpu"
	return 0
}

# session CFG TOOL PROGRAM: start the tracer, wait until it is attached, run
# the workload once, sample RSS, SIGINT it, wait for it to exit; results go to
# $T/CFG.* files. Returns 1 if the tracer could not be run.
SESS=0
session() {
	cfg=$1 tool=$2 prog=$3
	SESS=$((SESS + 1))
	d=$T/s$SESS
	mkdir "$d"
	if [ "$tool" = dtr ]; then
		pat=matched
		set -- "$DTR" -n "$prog"
	else
		pat=Attaching
		set -- bpftrace -e "$prog"
	fi
	# sh writes its own pid then execs the tracer, so $d/pid is the tracer's pid
	t0=$(now)
	if [ -n "$GTIME" ]; then
		"$GTIME" -f %M -o "$d/maxrss" sh -c 'echo $$ >"$0"; exec "$@"' "$d/pid" "$@" >"$d/out" 2>"$d/err" &
	else
		sh -c 'echo $$ >"$0"; exec "$@"' "$d/pid" "$@" >"$d/out" 2>"$d/err" &
	fi
	bg=$!
	i=0
	while [ ! -s "$d/pid" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done
	pid=$(cat "$d/pid" 2>/dev/null)
	if [ -z "$pid" ]; then
		kill -KILL "$bg" 2>/dev/null; wait "$bg" 2>/dev/null
		echo "could not start $1" >"$T/$cfg.fail"
		return 1
	fi
	LIVE="$LIVE $pid:$bg"
	deadline=$(( $(date +%s) + ATTACH_TIMEOUT ))
	ok=0
	while :; do
		if grep -q "$pat" "$d/err" "$d/out" 2>/dev/null; then ok=1; break; fi
		alive "$pid" || break
		[ "$(date +%s)" -ge "$deadline" ] && break
		sleep 0.01
	done
	t1=$(now)
	if [ $ok = 0 ]; then
		if alive "$pid"; then why="no '$pat' line within ${ATTACH_TIMEOUT}s"
		else why="exited before attaching: $(grep -v '^$' "$d/err" | head -n 2 | tr '\n' ' ' | sed 's/ *$//')"; fi
		stop "$pid" "$bg" >/dev/null
		if [ "$tool" = dtr ]; then echo "FAILED: dtr $why"; else echo "skipped: bpftrace $why"; fi >"$T/$cfg.fail"
		return 1
	fi
	secs "$t0" "$t1" >>"$T/$cfg.attach"
	run_wl "$d/run.time"
	rc=$?
	bad=""
	[ $rc != 0 ] && bad="workload failed or timed out"
	if alive "$pid"; then
		awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" >>"$T/$cfg.hwm" 2>/dev/null
	else
		bad="${bad:-$tool exited during the workload run}"
	fi
	s0=$(now)
	stop "$pid" "$bg" >>"$T/$cfg.killed"
	s1=$(now)
	secs "$s0" "$s1" >>"$T/$cfg.detach"
	[ -s "$d/maxrss" ] && tail -n 1 "$d/maxrss" >>"$T/$cfg.maxrss"
	# events counted for the workload, drops reported by dtr
	if [ "$tool" = dtr ]; then
		cnt=$(awk '$1 == "wl_getppid" { n = $2 } END { print n + 0 }' "$d/out")
	else
		cnt=$(sed -n 's/^@\[wl_getppid\]: *\([0-9][0-9]*\).*/\1/p' "$d/out" | tail -n 1 | awk '{ n = $1 } END { print n + 0 }')
	fi
	echo "$cnt" >>"$T/$cfg.count"
	[ "$cnt" -lt "$N" ] && bad="${bad:-counted $cnt < $N events}"
	awk '/^dtr: [0-9]+ drops? on CPU/ { n += $2 } END { print n + 0 }' "$d/err" >>"$T/$cfg.drops"
	awk '/^dtr: [0-9]+ aggregation drops? on CPU/ { n += $2 } END { print n + 0 }' "$d/err" >>"$T/$cfg.aggdrops"
	grep -v -e "$pat" -e '^$' -e 'drops\{0,1\} on CPU' -e 'RLIMIT_MEMLOCK' "$d/err" | head -n 3 >>"$T/$cfg.stderr"
	if [ -n "$bad" ]; then
		# a run whose tracer was not tracing the whole time measures nothing:
		# keep it out of the timings, report why
		echo "session $SESS: $bad$( [ -s "$T/$cfg.stderr" ] && printf ' -- stderr: %s' "$(tail -n 1 "$T/$cfg.stderr")")" >>"$T/$cfg.bad"
		return 1
	fi
	cat "$d/run.time" >>"$T/$cfg.time"
	[ -s "$d/run.cpu" ] && cat "$d/run.cpu" >>"$T/$cfg.cpu"
	return 0
}

# stop PID BG: SIGINT the tracer, wait (bounded) for it to exit, reap it.
# Prints 1 if it had to be killed, 0 otherwise.
stop() {
	kill -INT "$1" 2>/dev/null
	dl=$(( $(date +%s) + DETACH_TIMEOUT ))
	while alive "$1" && [ "$(date +%s)" -lt "$dl" ]; do sleep 0.01; done
	killed=0
	if alive "$1"; then kill -KILL "$1" 2>/dev/null; killed=1; fi
	wait "$2" 2>/dev/null
	LIVE=$(echo "$LIVE" | tr ' ' '\n' | grep -v "^$1:" | tr '\n' ' ')
	echo $killed
}

START=$(date +%s)
HAVE_BT=1 BT_WHY=""
if ! command -v bpftrace >/dev/null 2>&1; then
	HAVE_BT=0 BT_WHY="bpftrace is not installed"
fi
BT_VER=$( [ $HAVE_BT = 1 ] && bpftrace --version 2>/dev/null | head -n 1)

echo "dtr benchmark: $(nproc) CPUs, Linux $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "workload: $WL $N ($N getppid() calls); tracers: $DTR${BT_VER:+, $BT_VER}"
echo "  dtr wide:         dtr -n '$WIDE_D'"
echo "  bpftrace wide:    bpftrace -e '$WIDE_BT'"
echo "  dtr getppid:      dtr -n '$KEY_D'"
echo "  bpftrace getppid: bpftrace -e '$KEY_BT'"
echo "each traced run is a fresh tracer session: start, wait until attached, run the workload once, SIGINT"
echo

# Rounds: one untraced run (until there are $UNTRACED_RUNS) and one session of
# each configuration per round, so that background load drifting during the
# bench affects every configuration alike. A new round starts only if it fits
# in the time budget, judged by how long the previous one took.
CFGS="dtr_wide bt_wide dtr_key bt_key"
r=0 last=0
while [ $r -lt "$MAX_REPS" ]; do
	if [ $r -gt 0 ]; then
		left_u=$(( UNTRACED_RUNS - $(nruns "$T/untraced.time") ))
		need=$(awk -v e="$(elapsed)" -v l="$last" -v lu="$left_u" -v u="$(median "$T/untraced.time")" \
			'BEGIN { printf "%d", e + 1.2 * l + (lu > 0 ? lu : 0) * u + 5 }')
		if [ "$need" -gt "$BUDGET" ]; then
			echo "note: $r traced run(s) per configuration: a further round would not fit the ${BUDGET}s budget"
			echo
			break
		fi
	fi
	r0=$(date +%s)
	r=$((r + 1))
	[ "$(nruns "$T/untraced.time")" -lt "$UNTRACED_RUNS" ] && { run_wl "$T/untraced.time" || exit 1; }
	for cfg in $CFGS; do
		[ -e "$T/$cfg.fail" ] && continue
		if [ "$(elapsed)" -ge "$BUDGET" ]; then
			echo "note: time budget reached, no run $r of $cfg"
			continue
		fi
		case $cfg in
		dtr_wide) session $cfg dtr "$WIDE_D" ;;
		dtr_key)  session $cfg dtr "$KEY_D" ;;
		bt_wide)  [ $HAVE_BT = 1 ] && session $cfg bpftrace "$WIDE_BT" ;;
		bt_key)   [ $HAVE_BT = 1 ] && session $cfg bpftrace "$KEY_BT" ;;
		esac
	done
	last=$(( $(date +%s) - r0 ))
done
i=0
while [ "$(nruns "$T/untraced.time")" -lt "$UNTRACED_RUNS" ] && [ $i -lt "$UNTRACED_RUNS" ]; do
	run_wl "$T/untraced.time" || exit 1
	i=$((i + 1))
done

# ---------------------------------------------------------------- report
U=$(median "$T/untraced.time")
why() {   # reason a configuration has no result
	if [ -e "$T/$1.fail" ]; then cat "$T/$1.fail"
	elif [ -s "$T/$1.bad" ]; then echo "every run was invalid (see 4.)"
	elif [ "${1#bt_}" != "$1" ] && [ $HAVE_BT = 0 ]; then echo "skipped: $BT_WHY"
	else echo "no result"; fi
}
W=18   # label column

echo "1. Workload wall time: median of runs; slowdown = traced / untraced;"
echo "   added ns/call = (traced - untraced) / $N, the tracer's cost per event"
echo
printf "  %-${W}s %4s %9s %7s %7s %8s %9s %14s\n" "configuration" "runs" "median s" "min s" "max s" "ns/call" "slowdown" "added ns/call"
row() {   # cfg label
	f=$T/$1.time
	if [ -s "$f" ]; then
		awk -v u="$U" -v n="$N" -v l="$2" -v w="$W" -v k="$(nruns "$f")" -v med="$(median "$f")" \
			-v mn="$(sort -n "$f" | head -n 1)" -v mx="$(maxof "$f")" -v base="$3" 'BEGIN {
			if (base) { s = "1.00"; a = "-" } else { s = sprintf("%.2f", med / u); a = sprintf("%.0f", (med - u) / n * 1e9) }
			printf "  %-*s %4d %9.3f %7.3f %7.3f %8.0f %9s %14s\n", w, l, k, med, mn, mx, med / n * 1e9, s, a }'
	else
		printf "  %-${W}s %s\n" "$2" "-- $(why "$1")"
	fi
}
row untraced "untraced" 1
row dtr_wide "dtr wide"
row bt_wide  "bpftrace wide"
row dtr_key  "dtr getppid"
row bt_key   "bpftrace getppid"
awk -v mn="$(sort -n "$T/untraced.time" | head -n 1)" -v mx="$(maxof "$T/untraced.time")" 'BEGIN {
	printf "  untraced spread max/min: %.2f%s\n", mx / mn, (mx / mn > 1.25) ? "  (the machine was busy: ratios below are noisier than usual)" : "" }'
echo
ratio() {   # label dtr_cfg bt_cfg
	if [ -s "$T/$2.time" ] && [ -s "$T/$3.time" ]; then
		awk -v a="$(median "$T/$2.time")" -v b="$(median "$T/$3.time")" -v u="$U" -v l="$1" \
			-v am="$(sort -n "$T/$2.time" | head -n 1)" -v bm="$(sort -n "$T/$3.time" | head -n 1)" \
			-v um="$(sort -n "$T/untraced.time" | head -n 1)" 'BEGIN {
			c = (b - u > 0 && a - u > 0) ? sprintf("%.2f", (a - u) / (b - u)) : "n/a"
			cm = (bm - um > 0 && am - um > 0) ? sprintf("%.2f", (am - um) / (bm - um)) : "n/a"
			printf "  dtr / bpftrace, %-10s slowdown %.2f  added cost per event %5s   (from the minima: %.2f, %s)\n", l, a / b, c, am / bm, cm }'
	else
		printf '  dtr / bpftrace, %-10s -- %s\n' "$1" "$( [ -s "$T/$2.time" ] && why "$3" || why "$2")"
	fi
}
ratio "wide:" dtr_wide bt_wide
ratio "getppid:" dtr_key bt_key
echo

if [ -s "$T/untraced.cpu" ]; then
	UC=$(median "$T/untraced.cpu")
	echo "1b. Workload CPU time (user + sys of the workload process, from GNU time): the"
	echo "   in-kernel part of tracing is charged to the traced process; waiting for a CPU"
	echo "   is not, so this is steadier than wall time on a busy machine, but it misses"
	echo "   what the tracer's own process costs (it runs on the other CPU)"
	echo
	printf "  %-${W}s %4s %9s %9s %14s\n" "configuration" "runs" "CPU s" "slowdown" "added ns/call"
	crow() {
		f=$T/$1.cpu
		if [ -s "$f" ]; then
			awk -v u="$UC" -v n="$N" -v l="$2" -v w="$W" -v k="$(nruns "$f")" -v med="$(median "$f")" -v base="$3" 'BEGIN {
				if (base) { s = "1.00"; a = "-" } else { s = sprintf("%.2f", med / u); a = sprintf("%.0f", (med - u) / n * 1e9) }
				printf "  %-*s %4d %9.2f %9s %14s\n", w, l, k, med, s, a }'
		else
			printf "  %-${W}s %s\n" "$2" "-- $(why "$1")"
		fi
	}
	crow untraced "untraced" 1
	crow dtr_wide "dtr wide"
	crow bt_wide  "bpftrace wide"
	crow dtr_key  "dtr getppid"
	crow bt_key   "bpftrace getppid"
	echo
	cratio() {
		if [ -s "$T/$2.cpu" ] && [ -s "$T/$3.cpu" ]; then
			awk -v a="$(median "$T/$2.cpu")" -v b="$(median "$T/$3.cpu")" -v u="$UC" -v l="$1" 'BEGIN {
				c = (b - u > 0 && a - u > 0) ? sprintf("%.2f", (a - u) / (b - u)) : "n/a"
				printf "  dtr / bpftrace, %-10s CPU slowdown %.2f  added CPU per event %5s\n", l, a / b, c }'
		fi
	}
	cratio "wide:" dtr_wide bt_wide
	cratio "getppid:" dtr_key bt_key
	echo
fi

echo "2. Time to attach (start -> 'matched' line for dtr, -> 'Attaching' line for bpftrace)"
echo "   and to detach (SIGINT -> exit, including the final report), median of runs"
echo
printf "  %-${W}s %10s %10s\n" "configuration" "attach ms" "detach ms"
arow() {
	if [ -s "$T/$1.attach" ]; then
		awk -v a="$(median "$T/$1.attach")" -v d="$(median "$T/$1.detach")" -v l="$2" -v w="$W" \
			'BEGIN { printf "  %-*s %10.0f %10.0f\n", w, l, a * 1000, d * 1000 }'
	else
		printf "  %-${W}s %s\n" "$2" "-- $(why "$1")"
	fi
}
arow dtr_wide "dtr wide"
arow dtr_key  "dtr getppid"
arow bt_wide  "bpftrace wide"
arow bt_key   "bpftrace getppid"
aratio() {   # label dtr_cfg bt_cfg
	if [ -s "$T/$2.attach" ] && [ -s "$T/$3.attach" ]; then
		awk -v a="$(median "$T/$2.attach")" -v b="$(median "$T/$3.attach")" \
			-v c="$(median "$T/$2.detach")" -v d="$(median "$T/$3.detach")" -v l="$1" \
			'BEGIN { printf "  dtr / bpftrace, %-10s attach %.2f  detach %.2f\n", l, a / b, c / d }'
	fi
}
aratio "wide:" dtr_wide bt_wide
aratio "getppid:" dtr_key bt_key
echo

echo "3. Peak RSS, max over runs: VmHWM sampled just before SIGINT, and GNU time's"
echo "   max RSS over the whole life (including the final report)"
echo
printf "  %-${W}s %10s %16s\n" "tracer" "VmHWM MiB" "time maxRSS MiB"
rrow() {
	if [ -s "$T/$1.hwm" ]; then
		mr=$(maxof "$T/$1.maxrss"); [ -z "$mr" ] && mr=-
		awk -v h="$(maxof "$T/$1.hwm")" -v m="$mr" -v l="$2" -v w="$W" 'BEGIN {
			t = (m == "-") ? "n/a" : sprintf("%.1f", m / 1024)
			printf "  %-*s %10.1f %16s\n", w, l, h / 1024, t }'
	else
		printf "  %-${W}s %s\n" "$2" "-- $(why "$1")"
	fi
}
rrow dtr_wide "dtr wide"
rrow dtr_key  "dtr getppid"
rrow bt_wide  "bpftrace wide"
rrow bt_key   "bpftrace getppid"
[ -z "$GTIME" ] && echo "  (/usr/bin/time not available: VmHWM only)"
echo "  (neither counts the perf rings / BPF maps, which are kernel memory)"
if [ -s "$T/dtr_wide.hwm" ] && [ -s "$T/bt_wide.hwm" ]; then
	awk -v a="$(maxof "$T/dtr_wide.hwm")" -v b="$(maxof "$T/bt_wide.hwm")" \
		'BEGIN { printf "  dtr / bpftrace VmHWM, wide: %.2f\n", a / b }'
fi
echo

echo "4. Events lost and counted: every dtr run must report 0 drops and count"
echo "   >= $N events for wl_getppid (bpftrace's counts shown as a cross-check)"
echo
printf "  %-${W}s %10s %10s %12s %12s\n" "configuration" "ring drops" "agg drops" "min count" "max count"
FAIL="" BUSY=0
lrow() {   # cfg label is_dtr
	if [ -s "$T/$1.count" ]; then
		mn=$(sort -n "$T/$1.count" | head -n 1) mx=$(maxof "$T/$1.count")
		[ "$mx" -gt $((N + 1000)) ] && BUSY=1
		if [ "$3" = 1 ]; then
			dr=$(awk '{ s += $1 } END { print s + 0 }' "$T/$1.drops")
			ag=$(awk '{ s += $1 } END { print s + 0 }' "$T/$1.aggdrops")
			kl=$(awk '{ s += $1 } END { print s + 0 }' "$T/$1.killed")
			printf "  %-${W}s %10s %10s %12s %12s\n" "$2" "$dr" "$ag" "$mn" "$mx"
			[ "$dr" != 0 ] && FAIL="$FAIL; $1: $dr events lost (ring drops)"
			[ "$ag" != 0 ] && FAIL="$FAIL; $1: $ag aggregation drops"
			[ "$mn" -lt "$N" ] && FAIL="$FAIL; $1: a run counted only $mn wl_getppid events (< $N)"
			[ "$kl" != 0 ] && FAIL="$FAIL; $1: did not exit within ${DETACH_TIMEOUT}s of SIGINT ($kl run(s))"
			[ -s "$T/$1.stderr" ] && sort -u "$T/$1.stderr" | sed 's/^/      stderr: /'
			nb=$(grep -vc '^session [0-9]*: counted' "$T/$1.bad" 2>/dev/null)
			[ "${nb:-0}" -gt 0 ] && FAIL="$FAIL; $1: $nb run(s) invalid: $(grep -v '^session [0-9]*: counted' "$T/$1.bad" | head -n 1)"
		else
			printf "  %-${W}s %10s %10s %12s %12s\n" "$2" "n/a" "n/a" "$mn" "$mx"
		fi
		[ -s "$T/$1.bad" ] && sed 's/^/      left out of the timings: /' "$T/$1.bad"
	else
		printf "  %-${W}s %s\n" "$2" "-- $(why "$1")"
		[ "$3" = 1 ] && FAIL="$FAIL; $1: $(why "$1")"
	fi
	return 0
}
lrow dtr_wide "dtr wide" 1
lrow dtr_key  "dtr getppid" 1
lrow bt_wide  "bpftrace wide" 0
lrow bt_key   "bpftrace getppid" 0
[ $BUSY = 1 ] && echo "  (counts above $N: other wl_getppid processes ran on the machine during a run)"
echo

# the probe VM alone: one clause (predicate + count keyed by execname) run
# on synthetic events by bench/vmbench.c; callgrind's instruction count is
# steady on a busy machine, the native time is not (target: 30 ns)
echo "probe VM, /pid != 0/ { @[execname] = count(); } per event:"
printf "  native: %s ns (median of 5 rounds of 1,000,000 events)\n" "$("$B/vmbench" 1000000 5)"
if command -v valgrind >/dev/null; then
	ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$B/vmbench" "$1" 1 2>&1 >/dev/null |
		sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'; }
	i0=$(ir 0) i1=$(ir 100000)
	printf "  callgrind: %s instructions\n" "$(( (i1 - i0) / 100000 ))"
else
	echo "  callgrind: skipped (no valgrind)"
fi
echo

# compile time of a 200-line script of 29 clauses (target: under 50 ms)
awk 'BEGIN { for (i = 0; i < 29; i++) {
	printf "syscall::read:entry /pid == %d && execname != \"x%d\"/\n{\n", i, i
	printf "\tself->t%d = timestamp;\n\t@c%d[probefunc, execname] = count();\n", i, i
	printf "\tprintf(\"%%d %%s\\n\", pid, strjoin(\"a\", \"b\"));\n}\n\n" } }' > "$T/big.d"
t0=$(now)
for i in 1 2 3 4 5; do "$DTR" -e -s "$T/big.d" || FAIL="$FAIL; dtr -e failed on a 200-line script"; done
t1=$(now)
printf "compile a %s-line script (-e, probe table included): %s ms\n" "$(wc -l < "$T/big.d")" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 5e6 }')"
echo

# set-up that grows with the program: 100,000 one-line clauses to exit()
# (target: under 2 s)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "BEGIN { x%d = %d; }\n", i % 100, i
	print "BEGIN { exit(0); }" }' > "$T/many.d"
t0=$(now)
"$DTR" -q -s "$T/many.d" || FAIL="$FAIL; a script of 100,000 clauses failed"
t1=$(now)
printf "run a script of 100,000 one-line BEGIN clauses to exit(): %s s\n" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
echo

# copyinstr() of short-lived processes: 1000 processes each open a file and
# exit at once; dtr reads the path right after each event (prefetch thread).
# Run on an idle machine and beside two busy loops (one per CPU).
copyinstr_rate() {
	"$DTR" -q -n 'syscall::openat:entry /ppid == $target/ { @ok[copyinstr(arg1)] = count(); }' \
		-c "$B/wl_exec 1000 /bin/cat /etc/hostname" >"$T/cp.out" 2>"$T/cp.err"
	cp_ok=$(awk '$1 == "/etc/hostname" { print $2 }' "$T/cp.out")
	cp_fail=$(grep -c 'invalid address' "$T/cp.err")
	cp_all=$(awk 'NF == 2 { s += $2 } END { print s + 0 }' "$T/cp.out")
	cp_all=$((cp_all + cp_fail))
	printf "  %s: /etc/hostname read %s of 1000 times; %s of %s copyinstr() calls failed (%s%%)\n" \
		"$1" "${cp_ok:-0}" "$cp_fail" "$cp_all" \
		"$(awk -v f="$cp_fail" -v a="$cp_all" 'BEGIN { printf "%.2f", a ? 100 * f / a : 0 }')"
	[ "${cp_ok:-0}" -ge 990 ] || FAIL="$FAIL; copyinstr() read ${cp_ok:-0} of 1000 paths ($1)"
}
echo "copyinstr() of 1000 short-lived processes' openat() paths"
copyinstr_rate idle
sh -c 'while :; do :; done' & spin1=$!
sh -c 'while :; do :; done' & spin2=$!
copyinstr_rate "both CPUs busy"
kill "$spin1" "$spin2"
wait "$spin1" "$spin2" 2>/dev/null
echo

# selfcmp TAG LABEL WORKLOAD-COMMAND DTR-PROGRAM BPFTRACE-PROGRAM: the
# workload times its own loop (WL_NS) untraced, under dtr -c and under
# bpftrace -c (each holds the command until attached, so start-up is not
# counted), 3 interleaved runs; prints medians, added ns per call and their
# ratio. dtr's program prints its count at END: fewer than COUNT fails.
selfcmp() {
	tag=$1 label=$2 cmd=$3 dprog=$4 bprog=$5
	: >"$T/$tag.none"; : >"$T/$tag.dtr"; : >"$T/$tag.bt"
	for r in 1 2 3; do
		WL_NS=1 $cmd 2>>"$T/$tag.none" >/dev/null
		WL_NS=1 "$DTR" -q -n "$dprog END { printa(\"%@d\\n\", @); }" -c "$cmd" 2>>"$T/$tag.dtr" >"$T/$tag.out"
		[ "$(head -n 1 "$T/$tag.out")" -ge "$COUNT" ] 2>/dev/null ||
			FAIL="$FAIL; $label: dtr counted $(head -c 40 "$T/$tag.out") of $COUNT calls"
		[ -n "$BT_VER" ] && WL_NS=1 timeout "$RUN_TIMEOUT" bpftrace -e "$bprog" -c "$cmd" 2>>"$T/$tag.bt" >/dev/null
	done
	for k in none dtr bt; do grep -E '^[0-9.]+$' "$T/$tag.$k" >"$T/$tag.$k.n"; done
	awk -v n="$(median "$T/$tag.none.n")" -v d="$(median "$T/$tag.dtr.n")" -v b="$(median "$T/$tag.bt.n")" 'BEGIN {
		printf "  untraced %.1f ns/call; dtr %.1f (added %.1f)", n, d, d - n
		if (b != "") printf "; bpftrace %.1f (added %.1f); dtr / bpftrace added %.2f", b, b - n, (b - n) ? (d - n) / (b - n) : 0
		else printf "; bpftrace: not run"
		printf "\n" }'
	echo
}

# counting mode: a clause that only counts is counted by the kernel (no
# samples); bpftrace counts in a BPF map
WLA=$(cd "$(dirname "$WL")" && pwd)/wl_getppid
echo "counting mode: $N getppid() calls, median of 3 runs (ns per call; added = traced - untraced)"
echo "  dtr:      dtr -n 'syscall::getppid:entry { @ = count(); }' -c 'wl_getppid $N'"
echo "  bpftrace: bpftrace -e 'tracepoint:syscalls:sys_enter_getppid { @ = count(); }' -c 'wl_getppid $N'"
COUNT=$N selfcmp count "counting mode" "$WLA $N" 'syscall::getppid:entry { @ = count(); }' \
	'tracepoint:syscalls:sys_enter_getppid { @ = count(); }'

# uprobes: a function called N_U times, counted by dtr's pid provider and by
# bpftrace's uprobe (the kernel's trap dominates both)
N_U=${BENCH_UPROBE_N:-100000}
WORK=$(cd "$(dirname "$B/wl_work")" && pwd)/wl_work
echo "uprobes: wl_work $N_U calls of work(), median of 3 runs (ns per call; added = traced - untraced)"
echo "  dtr:      dtr -n 'pid\$target::work:entry { @ = count(); }' -c 'wl_work $N_U'"
echo "  bpftrace: bpftrace -e 'uprobe:$WORK:work { @ = count(); }' -c '$WORK $N_U'"
COUNT=$N_U selfcmp uprobe "uprobes" "$WORK $N_U" 'pid$target::work:entry { @ = count(); }' \
	"uprobe:$WORK:work { @ = count(); }"

echo "bench finished in $(elapsed)s"
if [ -n "$FAIL" ]; then
	echo "FAIL:"
	echo "${FAIL#; }" | sed 's/; /\n/g' | sed 's/^/  /'
	exit 1
fi
echo "PASS: dtr attached every time, counted every event and lost none"
exit 0
