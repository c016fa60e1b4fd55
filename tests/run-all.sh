#!/bin/sh
# `make test`: unit tests (Criterion), the same under AddressSanitizer and
# UndefinedBehaviorSanitizer, then end-to-end tests against build/dtr and the
# sanitized dtr, the conformance suite and a fuzz smoke. Ends with one line
# "N passed, N failed".
B=${1:-build}
A=build-asan
SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
total_pass=0 total_fail=0
cd "$(dirname "$0")/.." || exit 1

count() { # name, pass, fail
	echo "== $1: $2 passed, $3 failed"
	total_pass=$((total_pass + $2)); total_fail=$((total_fail + $3))
}

criterion() { # label, binary
	log=$(mktemp)
	"$2" --jobs 2 >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E 'Synthesis: Tested: [0-9]+' "$log" | tail -1)
	p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
	c=$(echo "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
	[ -n "$p" ] || { p=0; f=1; c=0; }
	[ $rc -ne 0 ] && [ "$f" = 0 ] && [ "$c" = 0 ] && f=1
	count "$1" "$p" $((f + c))
	rm -f "$log"
}

make --no-print-directory -s BUILD=$B $B/dtr $B/unit workloads >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
criterion "unit tests" $B/unit

make --no-print-directory -s BUILD=$A SAN="$SANFLAGS" $A/dtr $A/unit >/dev/null 2>&1 || { echo "sanitizer build failed"; count "asan build" 0 1; }
if [ -x $A/unit ]; then
	ASAN_OPTIONS=detect_leaks=1 criterion "unit tests (ASan+UBSan)" $A/unit
fi

# suite LABEL CMD...: run a suite that ends with "N passed, N failed".
suite() {
	label=$1; shift
	log=$(mktemp)
	"$@" >"$log" 2>&1
	cat "$log"
	res=$(tail -1 "$log")
	rm -f "$log"
	p=$(echo "$res" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
	f=$(echo "$res" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
	[ -n "$p" ] || { p=0; f=1; }
	count "$label" "$p" "$f"
}

for dtr in $B/dtr $A/dtr; do
	[ -x "$dtr" ] || continue
	suite "end-to-end ($dtr)" env DTR="$dtr" WL="$B" sh tests/e2e/run.sh
done
suite "conformance" env DTR=$B/dtr sh tests/conformance/run.sh
# fbt needs kprobes: its tests run in a qemu guest when make test-vm has
# installed qemu and a guest kernel, and say SKIP otherwise
suite "fbt in a qemu guest" sh tests/vm/run.sh $B
# random programs over the language under the sanitizers: no crash, no
# sanitizer report, nothing the compiler accepts that the verifier refuses
if [ -x $A/dtr ] && [ "$(id -u)" = 0 ] && command -v python3 >/dev/null; then
	suite "fuzz smoke (ASan+UBSan)" python3 tests/fuzz/smoke.py $A/dtr 300
else
	echo "== fuzz smoke: skipped (needs root, python3 and the sanitizer build)"
fi

# CI (DTR_TEST_LOADED=1) also runs the end-to-end suite with both CPUs busy
if [ -n "$DTR_TEST_LOADED" ]; then
	suite "end-to-end beside two busy loops" sh tests/run-loaded.sh $B
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
