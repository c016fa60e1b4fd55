# The cases `make bench` measures (sourced by bench/bench.sh): for case K,
# case_def K sets D (the dtr program), BT (its bpftrace equivalent), WLCMD
# (the workload: $GP makes $N getppid() calls as $COMM; $PC runs one such
# loop per CPU, each as $COMM2), TOFILE (1: the tracer's output goes to a
# file) and EXPECT ("= X": the report must count exactly X events for the
# workload; ">= X": at least X, when the key cannot tell the workload from
# the rest of the machine). counted K DIR TOOL prints what a run counted.
# Needs $N, $GP, $PC, $COMM, $COMM2 and $NR_GETPPID.

CASES=${BENCH_CASES:-"1 2 3 4 5 6"}

case_def() {
	TOFILE=0 WLCMD="$GP $N"
	case $1 in
	1) D='syscall:::entry { @[execname] = count(); }'
	   BT='tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
	   EXPECT="= $((N + 2))" ;;   # the loop, the WL_NS write(), exit_group()
	2) D='syscall::getppid:entry { @ = count(); }'
	   BT='tracepoint:syscalls:sys_enter_getppid { @ = count(); }'
	   EXPECT=">= $N" ;;
	3) D='syscall:::entry { @[probefunc] = count(); }'
	   BT='tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }'
	   EXPECT=">= $N" ;;
	4) D='syscall:::entry /execname == "nomatch"/ { @ = count(); }'
	   BT='tracepoint:raw_syscalls:sys_enter /comm == "nomatch"/ { @ = count(); }'
	   EXPECT="= 0" ;;
	5) D='syscall::getppid:entry { printf("%d %s\n", pid, execname); }'
	   BT='tracepoint:syscalls:sys_enter_getppid { printf("%d %s\n", pid, comm); }'
	   TOFILE=1 EXPECT="= $N" ;;
	6) D='syscall:::entry { @[execname] = count(); }'
	   BT='tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
	   WLCMD="$PC $N 2" EXPECT="= $((2 * (N + 2)))" ;;
	esac
}

case_title() {
	case $1 in
	1) echo "wide, keyed by execname" ;;
	2) echo "getppid, keyless count" ;;
	3) echo "wide, keyed by probefunc" ;;
	4) echo "wide, predicate never true" ;;
	5) echo "getppid, printf to a file" ;;
	6) echo "two-CPU flood, case 1's one-liner" ;;
	esac
}

# counted K DIR TOOL: the events the run in DIR counted for the workload
counted() {
	case $1 in
	1) key=$COMM ;; 6) key=$COMM2 ;; 3) key=getppid ;; *) key="" ;;
	esac
	[ "$3" = bt ] && [ "$1" = 3 ] && key=$NR_GETPPID
	case $1 in
	5) # dtr's lines start with CPU, ID and FUNCTION:NAME, bpftrace's do not
	   awk -v c="$COMM" '$NF == c && $(NF - 1) ~ /^[0-9]+$/ { n++ } END { print n + 0 }' "$2/file" ;;
	2|4) if [ "$3" = dtr ]; then awk 'NF == 1 && $1 ~ /^[0-9]+$/ { n = $1 } END { print n + 0 }' "$2/out"
	     else sed -n 's/^@: *\([0-9]*\)$/\1/p' "$2/out" | awk '{ n = $1 } END { print n + 0 }'; fi ;;
	*) if [ "$3" = dtr ]; then awk -v k="$key" '$1 == k { n = $2 } END { print n + 0 }' "$2/out"
	   else awk -v k="@[$key]:" '$1 == k { n = $2 } END { print n + 0 }' "$2/out"; fi ;;
	esac
}

# lost DIR TOOL: events the tracer reported lost in the run in DIR (dtr's
# drop lines of every kind, bpftrace's "Lost N events")
lost() {
	if [ "$2" = dtr ]; then
		awk '/^dtr: [0-9]+ .*drops? on CPU/ { n += $2 } END { print n + 0 }' "$1/err"
	else
		cat "$1/out" "$1/err" "$1/file" 2>/dev/null | awk '/^Lost [0-9]+ events/ { n += $2 } END { print n + 0 }'
	fi
}
