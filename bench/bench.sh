#!/bin/sh
# `make bench` (sh bench/bench.sh BUILD_DIR): dtr against bpftrace on the
# same machine in the same run. Each case of bench/cases.sh runs untraced,
# under dtr and under bpftrace, interleaved, in BENCH_REPS rounds (default
# 5); bench/report.sh prints the medians and writes bench/results.json;
# bench/compile.sh and bench/extras.sh add compile time, the probe VM alone,
# copyinstr() read rates and uprobes. Read the ratios, not the seconds.
# See bench/README.md.

B=${1:-build}
DIR=$(cd "$(dirname "$0")" && pwd)
DTR=$B/dtr
N=${BENCH_CALLS:-1000000}   # getppid() calls per workload run (per CPU in case 6)
REPS=${BENCH_REPS:-9}       # rounds: each case untraced, under dtr, under bpftrace
ATTACH_TIMEOUT=30           # seconds to wait for "matched" / "Attaching"
DETACH_TIMEOUT=30           # seconds to wait for a tracer to exit after SIGINT
RUN_TIMEOUT=300             # seconds a single workload run may take
JSON=${BENCH_JSON:-$DIR/results.json}

. "$DIR/lib.sh"
. "$DIR/cases.sh"
. "$DIR/compile.sh"
. "$DIR/report.sh"
. "$DIR/extras.sh"

if [ "$(id -u)" != 0 ]; then
	echo "bench: skipped: dtr and bpftrace need root to trace system-wide (perf_event_open on tracepoints)"
	exit 0
fi
for f in "$DTR" "$B/wl_getppid" "$B/wl_percpu" "$B/wl_work" "$B/wl_exec" "$B/vmbench" "$B/session" "$B/floor"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing (run 'make bench', which builds it)" >&2
		exit 1
	fi
done
[ "$REPS" -ge 1 ] 2>/dev/null || REPS=9

T=$(mktemp -d /tmp/dtr-bench.XXXXXX) || exit 1
trap 'stop_all; rm -rf "$T"' EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM HUP

BT_VER="" BT_WHY=""
if command -v bpftrace >/dev/null 2>&1; then
	BT_VER=$(bpftrace --version 2>/dev/null | head -n 1)
else
	BT_WHY="bpftrace is not installed"
fi

# The workloads run as names of their own (WL_COMM), so that the counts
# keyed by execname are theirs alone even beside other processes' getppid
# loops; short names, comm holds 15 bytes.
COMM=wlg$$ COMM2=wlf$$
# The one-CPU workloads run pinned to one CPU (BENCH_CPU, default the
# last), the same for every run: a shared machine's CPUs are not equally
# fast at any moment (here one was 15-30% slower for minutes at a time),
# and runs landing on either at random would move the medians of one
# tracer and not the other's.
PIN=${BENCH_CPU:-$(($(nproc) - 1))}
command -v taskset >/dev/null 2>&1 && TASKSET="taskset -c $PIN" || TASKSET="" PIN=none
GP="env WL_COMM=$COMM $TASKSET $B/wl_getppid" PC="env WL_COMM=$COMM2 $B/wl_percpu"
NR_GETPPID=$(printf '#include <sys/syscall.h>\nSYS_getppid\n' | cpp -P - 2>/dev/null | tail -n 1)

# bpftrace prints "Attaching N probes" before it attaches them and runs
# BEGIN once they are attached: each bpftrace program gets a BEGIN clause
# that prints this line, the sign that it is tracing. When its output goes
# to a file (case 5), the line would stay in bpftrace's buffer: there the
# bench waits a second after "Attaching" instead (its start time is then
# the time to "Attaching").
BT_READY="dtr-bench: attached"

START=$(date +%s)
FAIL=""
echo "dtr benchmark: $(nproc) CPUs, Linux $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "$N getppid() calls per run (per CPU in case 6), $REPS rounds, cases 1-5 on CPU $PIN; tracers: $DTR${BT_VER:+, $BT_VER}${BT_WHY:+ (bpftrace: $BT_WHY)}"
for k in $CASES; do
	case_def "$k"
	echo "  $k. $(case_title "$k")"
	printf "     dtr -n '%s'\n     bpftrace -e '%s'\n" "$D" "$BT"
done
echo

# session K R TOOL: one run of case K in round R, untraced (TOOL none),
# under dtr or under bpftrace; its figures go to $T/cK.TOOL.*
session() {
	k=$1 tool=$3
	case_def "$k"
	s=$T/c$k/r$2.$tool
	mkdir -p "$s"
	OUTFILE="" SETTLE=""
	[ "$TOFILE" = 1 ] && OUTFILE=$s/file
	case $tool in
	none) # shellcheck disable=SC2086
	      workload "$s" $WLCMD ;;
	dtr)  # the start-up floors of this moment, just before dtr's start
	      if [ "$k" = 1 ]; then
		      start_floor "$T/c1/r$2.floor" >>"$T/c1.floor.attach"
		      start_floor "$T/c1/r$2.pfloor" perf >>"$T/c1.pfloor.attach"
	      fi
	      traced "$s" matched "$DTR" ${OUTFILE:+-o "$OUTFILE"} -n "$D" ;;
	bt)   if [ "$TOFILE" = 1 ]; then
		# the BEGIN line would wait in bpftrace's output buffer
		SETTLE=1
		traced "$s" Attaching bpftrace -o "$OUTFILE" -e "$BT"
		SETTLE=""
	      else
		traced "$s" "$BT_READY" bpftrace -e "BEGIN { printf(\"$BT_READY\\n\"); } $BT"
	      fi ;;
	esac
	f=$T/c$k.$tool
	if [ -e "$s/bad" ]; then
		sed "s/^/round $2: /" "$s/bad" >>"$f.bad"
	else
		cat "$s/ns" >>"$f.ns"
	fi
	[ $tool = none ] && return
	for m in attach detach hwm maxrss; do
		[ -s "$s/$m" ] && tail -n 1 "$s/$m" >>"$f.$m"
	done
	[ -e "$s/attach" ] || return
	counted "$k" "$s" "$tool" >>"$f.count"
	lost "$s" "$tool" >>"$f.lost"
	grep -v -e matched -e Attaching -e '^$' -e 'drops\{0,1\} on CPU' -e RLIMIT_MEMLOCK \
		"$s/err" 2>/dev/null | head -n 3 >>"$f.stderr"
	rm -f "$s/file"   # case 5's output: tens of MB a run
}

# Rounds: every case once untraced, once under dtr and once under bpftrace
# per round, the order of the three turning from round to round, so that
# load drifting during the bench reaches them all alike.
r=0
while [ $r -lt "$REPS" ]; do
	r=$((r + 1))
	for k in $CASES; do
		case $((r % 3)) in
		1) order="none dtr bt" ;; 2) order="dtr bt none" ;; 0) order="bt none dtr" ;;
		esac
		for tool in $order; do
			[ $tool = bt ] && [ -n "$BT_WHY" ] && continue
			session "$k" "$r" "$tool"
		done
	done
	echo "round $r of $REPS done after $(elapsed)s"
done
echo

compile_times
report_cases
extras
write_json "$JSON"
echo "results: $JSON"

echo "bench finished in $(elapsed)s"
if [ -n "$FAIL" ]; then
	echo "FAIL:"
	echo "${FAIL#; }" | sed 's/; /\n/g' | sed 's/^/  /'
	exit 1
fi
echo "PASS: dtr attached every time, counted every event and lost none"
exit 0
