#!/bin/sh
# End-to-end test runner: sources every tests/e2e/t_*.sh, whose cases call
# the helpers below against $DTR (the dtr under test) and workloads in $WL.
# Prints one line per case and ends with "N passed, N failed, N skipped".
: "${DTR:=build/dtr}" "${WL:=build}"
export DTR WL
PASS=0 FAIL=0 SKIP=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { PASS=$((PASS + 1)); echo "ok    $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL  $1"; shift; for l in "$@"; do echo "      $l"; done; }
skip() { SKIP=$((SKIP + 1)); echo "skip  $1: $2"; }

# need_root NAME: skip the case (return 1) unless we are root with tracefs.
need_root() {
	if [ "$(id -u)" != 0 ]; then skip "$1" "needs root"; return 1; fi
	return 0
}

# run CMD...: run with a timeout; stdout in $T/out, stderr in $T/err, status in $RC.
run() {
	case $(type "$1" 2>/dev/null) in
	*function*) "$@" >"$T/out" 2>"$T/err" ;;
	*) timeout -s KILL 60 "$@" >"$T/out" 2>"$T/err" ;;
	esac
	RC=$?
}

# expect_out NAME EXPECTED CMD...: stdout must be exactly EXPECTED (printf %b).
expect_out() {
	name=$1 exp=$2; shift 2
	run "$@"
	printf '%b' "$exp" >"$T/exp"
	if cmp -s "$T/exp" "$T/out"; then ok "$name"; else
		bad "$name" "status $RC; expected:" "$(od -c "$T/exp" | head -8)" "got:" "$(od -c "$T/out" | head -8)" "stderr: $(head -5 "$T/err")"
	fi
}

# expect_rc NAME STATUS PATTERN CMD...: exit status and a grep -E pattern on stdout+stderr.
expect_rc() {
	name=$1 want=$2 pat=$3; shift 3
	run "$@"
	if [ "$RC" = "$want" ] && { [ -z "$pat" ] || cat "$T/out" "$T/err" | grep -Eq -- "$pat"; }; then ok "$name"; else
		bad "$name" "status $RC (want $want), pattern '$pat'" "stdout: $(head -5 "$T/out")" "stderr: $(head -8 "$T/err")"
	fi
}

# check NAME CONDITION-COMMAND...: passes when the command succeeds.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else bad "$name" "stdout: $(head -8 "$T/out")" "stderr: $(head -8 "$T/err")"; fi
}

# trace_while NAME PROGRAM WORKLOAD...: run dtr in the background, wait until
# it has attached, run the workload, then SIGINT dtr. Output in $T/out, $T/err.
trace_while() {
	prog=$1; shift
	# a stale "matched" from the last run must not pass for this one's: the
	# background shell may truncate the file only after the wait has begun
	rm -f "$T/out" "$T/err"
	"$DTR" -n "$prog" >"$T/out" 2>"$T/err" &
	dpid=$!
	# attached when it says so: on a loaded machine (a sanitizer build beside
	# other work) that can take many seconds
	i=0
	while ! grep -q matched "$T/err" 2>/dev/null && kill -0 $dpid 2>/dev/null && [ $i -lt 1200 ]; do
		sleep 0.05; i=$((i + 1))
	done
	"$@" >/dev/null 2>&1
	sleep 0.3
	kill -INT $dpid
	wait $dpid
	RC=$?
}

for f in tests/e2e/t_*.sh; do
	echo "# $f"
	. "$f"
done
echo "$PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" -eq 0 ]
