#!/bin/sh
# `make run`: trace every system call by process name for a moment while a
# generated workload (wl_getppid) runs, then print dtr's report.
B=${1:-build}
set -e
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
echo "# dtr -n 'syscall:::entry < @[execname] = count(); >'  (with ./$B/wl_getppid running)"
"$B/dtr" -n 'syscall:::entry < @[execname] = count(); >' >"$out" 2>"$err" &
pid=$!
# wait for the probes to be attached: dtr reports the match on stderr
for i in $(seq 1 100); do grep -q matched "$err" && break; sleep 0.05; done
"$B/wl_getppid" 100000
sleep 0.3
kill -INT $pid
wait $pid
cat "$err" "$out"
