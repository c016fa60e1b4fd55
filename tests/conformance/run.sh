#!/bin/sh
# D-language conformance suite for dtr.
#
# Usage (from the repository root):  DTR=build/dtr sh tests/conformance/run.sh [NAME...]
#
# Every case is a D script in this folder, run as `$DTR -q -s NAME.d ARGS`
# with a 10 s timeout, where ARGS are the words of NAME.args (optional: macro
# arguments, -x options; shell quoting is honoured).
#
#   NAME.d + NAME.out       stdout must equal NAME.out byte for byte (DTrace's
#                           final newline at exit included).
#   NAME.rc   (optional)    expected exit status (default 0).
#   NAME.err  (optional)    a string that must appear in stderr (run-time
#                           fault messages and the like).
#   err.NAME.d + err.NAME.out
#                           the script must fail to compile: exit status 1, and
#                           stderr must contain the text of err.NAME.out (its
#                           trailing newline excluded).
#
# Expected outputs are DTrace's, worked out from the D language definition
# (Dynamic Tracing Guide, illumos and Oracle DTrace), not copied from dtr.
# The cases use only the dtrace provider (BEGIN, END, ERROR). dtr needs root
# to run any D program; as another user the suite is skipped.
#
# Ends with "N passed, N failed"; exits 1 when a case failed.

: "${DTR:=build/dtr}"
DIR=$(dirname "$0")
TMO=10

if [ "$(id -u)" != 0 ]; then
	echo "skip: dtr needs root to run D programs (uid $(id -u))"
	echo "0 passed, 0 failed"
	exit 0
fi
if [ ! -x "$DTR" ]; then
	echo "error: $DTR is not an executable (set DTR=path/to/dtr)"
	echo "0 passed, 1 failed"
	exit 1
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

PASS=0 FAIL=0 FAILED=
fail() {
	FAIL=$((FAIL + 1))
	FAILED="$FAILED $1"
	echo "FAIL  $1: $2"
}

# show_diff EXPECTED-FILE GOT-FILE: a unified diff with visible line ends.
show_diff() {
	sed 's/$/$/' "$1" >"$T/e.vis"
	sed 's/$/$/' "$2" >"$T/g.vis"
	diff -u "$T/e.vis" "$T/g.vis" | sed -n '3,40s/^/      /p'
}

run_case() {
	d=$1
	name=$(basename "$d" .d)
	base=${d%.d}
	if [ ! -f "$base.out" ]; then
		fail "$name" "no $name.out"
		return
	fi
	set --
	if [ -f "$base.args" ]; then
		eval "set -- $(cat "$base.args")"
	fi
	timeout -k 2 "$TMO" "$DTR" -q -s "$d" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$name" "timed out after ${TMO}s"
		return
	fi
	case $name in
	err.*)
		want=$(cat "$base.out")
		if [ $rc -ne 1 ]; then
			fail "$name" "exit status $rc, want 1 (compile error)"
			echo "      want in stderr: $want"
			sed -n '1,6s/^/      stderr: /p' "$T/err"
			sed -n '1,4s/^/      stdout: /p' "$T/out"
		elif ! grep -qF -e "$want" "$T/err"; then
			fail "$name" "stderr lacks the expected message"
			echo "      want in stderr: $want"
			sed -n '1,6s/^/      stderr: /p' "$T/err"
		else
			PASS=$((PASS + 1))
			echo "ok    $name"
		fi
		;;
	*)
		wantrc=0
		[ -f "$base.rc" ] && wantrc=$(cat "$base.rc")
		bad=
		if ! cmp -s "$base.out" "$T/out"; then
			bad="stdout differs (- expected, + dtr; \$ marks line ends)"
		elif [ "$rc" != "$wantrc" ]; then
			bad="exit status $rc, want $wantrc"
		elif [ -f "$base.err" ] && ! grep -qF -e "$(cat "$base.err")" "$T/err"; then
			bad="stderr lacks: $(cat "$base.err")"
		fi
		if [ -n "$bad" ]; then
			fail "$name" "$bad"
			show_diff "$base.out" "$T/out"
			sed -n '1,4s/^/      stderr: /p' "$T/err"
		else
			PASS=$((PASS + 1))
			echo "ok    $name"
		fi
		;;
	esac
}

if [ $# -gt 0 ]; then
	for n in "$@"; do run_case "$DIR/${n%.d}.d"; done
else
	for d in "$DIR"/*.d; do run_case "$d"; done
fi

if [ "$FAIL" -gt 0 ]; then
	echo "failed:$FAILED"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
