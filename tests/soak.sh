#!/bin/sh
# `make soak`: dtr traces a getppid() flood on every CPU for SOAK_TIME
# seconds (default 600) with an aggregation printed by printa() every
# second, and reports its RSS over time (it must stay within 10% once
# warmed up), the events counted, and every loss dtr reported.
B=${1:-build}
TIME=${SOAK_TIME:-600}
cd "$(dirname "$0")/.." || exit 1
[ "$(id -u)" = 0 ] || { echo "soak: skipped: needs root"; exit 0; }
T=$(mktemp -d)
# the flood runs in a process group of its own: its children go with it
trap 'kill -- -$FLOOD 2>/dev/null; kill $DTRPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
NCPU=$(nproc)
"$B/dtr" -q -n 'syscall::getppid:entry { @n[execname] = count(); @t = count(); }
	tick-1s { printa("%s %@d\n", @n); printa("total %@d\n", @t); }' >"$T/out" 2>"$T/err" &
DTRPID=$!
i=0
while ! grep -q . "$T/out" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
# the flood: one getppid() loop per CPU until the time is up
setsid "$B/wl_percpu" 4000000000 "$NCPU" &
FLOOD=$!
echo "soak: $TIME s, getppid() flood on $NCPU CPUs, dtr pid $DTRPID"
start=$(date +%s)
: >"$T/rss"
while [ $(( $(date +%s) - start )) -lt "$TIME" ]; do
	sleep 10
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$DTRPID/status" 2>/dev/null)
	[ -n "$rss" ] || { echo "soak: FAIL: dtr died"; cat "$T/err"; exit 1; }
	echo "$(( $(date +%s) - start )) $rss" >>"$T/rss"
	printf '  %4ss  RSS %6s KiB  %s\n' "$(( $(date +%s) - start ))" "$rss" "$(grep '^total' "$T/out" | tail -1)"
done
kill -- -$FLOOD 2>/dev/null
wait $FLOOD 2>/dev/null
kill -INT $DTRPID
wait $DTRPID
rc=$?
# warmed up after the first minute (or the first third of a short run)
warm=$(( TIME / 3 < 60 ? TIME / 3 : 60 ))
awk -v w="$warm" '$1 >= w { if (!n++ || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
	END { printf "soak: RSS after %ds: %d..%d KiB (%.1f%% growth)\n", w, lo, hi, lo ? 100 * (hi - lo) / lo : 0;
	      exit !(n && hi <= lo * 1.10) }' "$T/rss"
flat=$?
lost=$(grep -E 'drops? on CPU|dropped' "$T/err")
errs=$(grep -vE 'drops? on CPU|dropped|^$' "$T/err")
echo "soak: events counted: $(grep '^total' "$T/out" | tail -1 | cut -d' ' -f2)"
echo "soak: losses reported: ${lost:-none}"
[ -n "$errs" ] && echo "soak: errors: $errs"
if [ $flat = 0 ] && [ $rc = 0 ] && [ -z "$errs" ]; then
	echo "soak: PASS"
	exit 0
fi
echo "soak: FAIL (RSS flat: $([ $flat = 0 ] && echo yes || echo no), exit status $rc)"
exit 1
