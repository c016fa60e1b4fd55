#!/bin/sh
# `make test-loaded`: the end-to-end suite against build/dtr while two busy
# loops keep both CPUs occupied, as on a loaded machine (CI, users'
# machines). Ends with "N passed, N failed".
B=${1:-build}
cd "$(dirname "$0")/.." || exit 1
LOOPS=""
for i in 1 2; do
	sh -c 'while :; do :; done' &
	LOOPS="$LOOPS $!"
done
trap 'kill $LOOPS 2>/dev/null' EXIT INT TERM
echo "== end-to-end suite beside two busy loops (pids$LOOPS)"
DTR="$B/dtr" WL="$B" sh tests/e2e/run.sh
