# The end-to-end tracer: compile, attach, trace, report, detach.

expect_out "BEGIN printf, -q, exit(0)" '7 ok\n\n' \
	"$DTR" -q -n 'BEGIN { printf("%d %s\n", 1+2*3, "ok"); exit(0); }'

# the CPU column varies: the cases below replace it with "cpu"
cpu_col() { "$DTR" "$@" | sed -E '2,$s/^ {0,2}[0-9]+ /cpu /'; }
# first_rings_gone PID: wait (10 s at most) until dtr PID maps one perf
# ring per CPU: its events have moved to the full rings, the first ones
# are let go
first_rings_gone() {
	local n=$(getconf _NPROCESSORS_ONLN) i=0
	while [ "$(grep -c perf_event /proc/$1/maps 2>/dev/null)" != "$n" ] && kill -0 $1 2>/dev/null &&
	      [ $i -lt 200 ]; do
		sleep 0.05; i=$((i + 1))
	done
}
expect_out "BEGIN printf without -q: header and probe column" \
'CPU     ID                    FUNCTION:NAME\ncpu      1                           :BEGIN hello\n\n\n' \
	cpu_col -n 'BEGIN { printf("hello\n"); exit(0); }'

expect_out "trace() columns of int and string" \
'CPU     ID                    FUNCTION:NAME\ncpu      1                           :BEGIN          42  abc                              \n\n' \
	cpu_col -n 'BEGIN { trace(42); trace("abc"); exit(0); }'

expect_out "an empty clause prints the probe line" \
'CPU     ID                    FUNCTION:NAME\ncpu      1                           :BEGIN \ncpu      1                           :BEGIN \n\n' \
	cpu_col -n 'BEGIN {} BEGIN { exit(0); }'
expect_out "a clause that only speculates puts its probe line in the speculation" \
'CPU     ID                    FUNCTION:NAME\ncpu      1                           :BEGIN \ncpu      1                           :BEGIN \n\n' \
	cpu_col -n 'BEGIN { s = speculation(); } BEGIN { speculate(s); } BEGIN { commit(s); }
		BEGIN { t = speculation(); } BEGIN { speculate(t); } BEGIN { discard(t); exit(0); }'
expect_out "a clause that only aggregates prints no probe line" '\n                3\n' \
	"$DTR" -n 'syscall::getppid:entry /pid == $target/ { @ = count(); }' -c "$WL/wl_getppid 3"

expect_out "a probe two descriptions of a clause name fires it once, and each clause that names it" \
'\n                3\n                3\n' \
	"$DTR" -q -n 'syscall::getppid:entry, syscall::getpp*:entry /pid == $target/ { @a = count(); }
		syscall::getppid:entry /pid == $target/ { @b = count(); }' -c "$WL/wl_getppid 3"

expect_out "trace() under -q prints bare values" '12quiet\n' \
	"$DTR" -q -n 'BEGIN { trace(12); trace("quiet"); exit(0); }'

expect_rc "exit status is exit()'s value" 3 '' "$DTR" -q -n 'BEGIN { exit(3); }'

expect_out "clauses run in program order, predicates select" 'a\nc\n\n' \
	"$DTR" -q -n 'BEGIN { printf("a\n"); } BEGIN /1 > 2/ { printf("b\n"); } BEGIN /2 > 1/ { printf("c\n"); exit(0); }'

expect_out "< > delimit a clause body" 'x=5\n\n' \
	"$DTR" -q -n 'BEGIN < x = 2; x = x + 3; printf("x=%d\n", x); exit(0); >'

expect_out "global scalars and operators" '1 0 7 -3 12 3 1 2\n\n' \
	"$DTR" -q -n 'BEGIN { a = 3; b = 4; printf("%d %d %d %d %d %d %d %d\n", a < b, a == b, a + b, a - 2 * 3, a * b, 15 / (b + 1), 10 % 3, (a > 2) ? 2 : 1); exit(0); }'

expect_out "string comparison" '1 1 0\n\n' \
	"$DTR" -q -n 'BEGIN { s = "abc"; printf("%d %d %d\n", s == "abc", s < "abd", s > "b"); exit(0); }'

expect_rc "syntax error: positioned message, status 1" 1 \
	'invalid probe specifier syscall:::entry \{ @ = count\( \}: syntax error near "\}"' \
	"$DTR" -n 'syscall:::entry { @ = count( }'
check "syntax error: caret under column 30" sh -c 'sed -n 4p "'"$T"'/err" | grep -qx "                             ^"'

expect_rc "an empty -n is DTrace's empty program error, not a hang" 1 'empty D program translation unit' \
	"$DTR" -n ''
expect_rc "-s of a directory fails to open it" 1 'failed to open .*: Is a directory' "$DTR" -s "$T"
expect_rc "-e with -c compiles and exits" 0 '' "$DTR" -e -c "$WL/wl_getppid 1" -n 'BEGIN { exit(0); }'
awk 'BEGIN { s = "BEGIN { x = "; for (i = 0; i < 20000; i++) s = s "("; s = s "1";
	for (i = 0; i < 20000; i++) s = s ")"; print s "; }" }' >"$T/deep.d"
expect_rc "20,000 nested parentheses: an error, not a crash" 1 'nested more than 1000 deep' "$DTR" -s "$T/deep.d"
awk 'BEGIN { s = "BEGIN { x = 1"; for (i = 0; i < 50000; i++) s = s " + 1"; print s "; }" }' >"$T/deep.d"
expect_rc "50,000 chained operators: an error, not a crash" 1 'nested more than 1000 deep' "$DTR" -s "$T/deep.d"
awk 'BEGIN { print "BEGIN"; print "{"; for (i = 0; i < 3000; i++) printf "\tx%d = %d + timestamp;\n", i, i; print "}" }' >"$T/long.d"
expect_rc "a clause too long for the VM names the clause and the line that crossed the limit" 1 \
	'line 1: clause is too long: more than 4096 instructions \(the limit is crossed at line [0-9]+\)' \
	"$DTR" -e -s "$T/long.d"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "BEGIN { x%d = %d; }\n", i % 100, i; print "BEGIN { exit(0); }" }' >"$T/many.d"
expect_rc "20,000 one-line clauses run to exit()" 0 '' "$DTR" -q -s "$T/many.d"
expect_rc "unknown provider" 1 'probe description nosuch:::entry does not match any probes' \
	"$DTR" -n 'nosuch:::entry { @ = count(); }'
expect_rc "unknown function" 1 'probe description syscall::nosuchfunc:entry does not match any probes' \
	"$DTR" -n 'syscall::nosuchfunc:entry { @ = count(); }'
expect_rc "unknown variable" 1 'failed to resolve nosuchvar: Unknown variable name' \
	"$DTR" -n 'BEGIN { trace(nosuchvar); }'
expect_rc "script errors name the file and line" 1 'failed to compile script .*bad.d: line 3: syntax error' \
	sh -c 'printf "BEGIN\n{\n  x = ;\n}\n" > "'"$T"'/bad.d"; "$DTR" -s "'"$T"'/bad.d"'
expect_rc "usage error exits 2" 2 'Usage: dtr' "$DTR" -K
expect_rc "-e compiles only" 0 '' "$DTR" -e -n 'syscall::read:entry { @[execname] = count(); }'
expect_rc "-S prints bytecode" 0 'AGGC +0 +! @$' "$DTR" -e -S -n 'syscall::read:entry { @[execname] = count(); }'
expect_rc "-S: a count whose filter admits few events is counted in a tracefs instance" 0 \
	'allow, in a tracefs instance' "$DTR" -e -S -n 'syscall::read:entry /execname == "x"/ { @ = count(); }'
run "$DTR" -e -S -n 'syscall::read:entry /execname != "x"/ { @ = count(); }'
check "-S: a count whose filter most events pass is not" sh -c '
	grep -q "counted by the kernel" "$1/err" && ! grep -q "tracefs instance" "$1/err"' sh "$T"
expect_rc "-V" 0 '^dtr: Sun D' "$DTR" -V
expect_rc "--help lists options" 0 '-x  enable or modify' "$DTR" --help

if need_root "non-root user gets a permission message"; then
	if command -v setpriv >/dev/null; then
		expect_rc "non-root user gets a permission message" 1 'needs root privileges' \
			setpriv --reuid=65534 --regid=65534 --clear-groups "$DTR" -n 'syscall:::entry { @ = count(); }'
	else
		skip "non-root user gets a permission message" "no setpriv"
	fi
fi

if need_root "-l lists probes"; then
	expect_rc "-l header" 0 '^   ID   PROVIDER            MODULE                          FUNCTION NAME$' "$DTR" -l
	check "-l lists BEGIN as ID 1" grep -Eq '^    1     dtrace                                                     BEGIN$' "$T/out"
	expect_rc "-l -n 'syscall::read*:'" 0 ' syscall           vmlinux                              read entry$' \
		"$DTR" -l -n 'syscall::read*:'
	check "-l -n lists only matches" sh -c '! grep -q "write" "'"$T"'/out" && grep -q "readv return" "'"$T"'/out"'
	expect_rc "-l: a description that matches nothing says so, as DTrace does" 0 \
		'^dtr: failed to match ::fight:: No probe matches description$' "$DTR" -l -n 'fight:'

	expect_rc "-lv: stability attributes and argument types under each probe" 0 '^		Dependency Class: ISA$' \
		"$DTR" -lv -n 'syscall::getppid:entry'
	check "-lv: no typed arguments says None" grep -q '^		None$' "$T/out"
	expect_out "-c: exactly the workload's getppid() calls, exit 0" '\n           100000\n' \
		"$DTR" -q -n 'syscall::getppid:entry /pid == $target/ { @ = count(); }' -c "$WL/wl_getppid"
	check "-c: exits 0 when the command ends" test "$RC" = 0

	expect_out "-c: the held command is traced from its first system call" '\n                1\n' \
		"$DTR" -q -n 'syscall::execve:return /pid == $target/ { @ = count(); }' -c "$WL/wl_getppid 1"

	trace_while 'syscall:::entry < @[execname] = count(); >' "$WL/wl_getppid"
	check "one-liner: matched N probes on stderr" grep -Eq "^dtr: description 'syscall:::entry ' matched [0-9]+ probes$" "$T/err"
	check "one-liner: wl_getppid line in DTrace's layout" sh -c \
		'grep -E "^  wl_getppid {40} {1,16}[0-9]+$" "'"$T"'/out" | awk "{ exit !(length(\$0) == 69) }"'
	# all 100000 calls, or (a slow sanitizer build) losses reported on stderr
	check "one-liner: every call counted or drops reported" sh -c \
		'grep -E "^  wl_getppid " "'"$T"'/out" | awk "{ exit !(\$2 >= 100000) }" ||
		 grep -Eq "^dtr: [0-9]+ drops? on CPU [0-9]+$" "'"$T"'/err"'
	check "one-liner: sorted by count ascending" sh -c \
		'grep -E "^  " "'"$T"'/out" | awk "{ if (\$NF < last) exit 1; last = \$NF }"'
	check "one-liner: SIGINT exits 0" test "$RC" = 0

	trace_while 'syscall::getppid:entry { @[execname] = count(); }' "$WL/wl_forks" 50
	check "execname right for processes that lived a millisecond" sh -c \
		'for i in 0 1 2 3 4; do grep -Eq "^  wl_child_$i +10$" "'"$T"'/out" || exit 1; done'

	# untimed samples (no clause can tell order): each CPU's events still
	# follow the renames made on the other (ordered by the switch records)
	if [ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ]; then
		run "$DTR" -q -n 'syscall:::entry { @[execname] = count(); }' -c "$WL/wl_migrate 20000"
		check "execname of a thread renamed on one CPU, then moved to the other" sh -c \
			'for n in A B C; do grep -Eq "^  wlmig$n +20002$" "'"$T"'/out" || exit 1; done'
	else
		skip "execname of a thread moved between CPUs" "one CPU online"
	fi

	# count_getppid_ready: dtr counting getppid() by execname in the
	# background ($dpid; $T/out, $T/err), once its BEGIN has said "ready"
	count_getppid_ready() {
		rm -f "$T/out" "$T/err"
		"$DTR" -q -n 'BEGIN { printf("ready\n"); } syscall::getppid:entry { @[execname] = count(); }' \
			>"$T/out" 2>"$T/err" &
		dpid=$! i=0
		while ! grep -q ready "$T/out" 2>/dev/null && kill -0 $dpid 2>/dev/null && [ $i -lt 1200 ]; do
			sleep 0.05; i=$((i + 1))
		done
	}

	# tracing starts in a small ring, then moves to the full one (bufsize,
	# 8 MiB) before BEGIN: 100,000 samples made while dtr is stopped (2.4
	# MB, twice the first ring) must all be there when it goes on
	count_getppid_ready
	kill -STOP $dpid
	"$WL/wl_getppid" 100000 >/dev/null 2>&1
	kill -CONT $dpid
	sleep 0.3
	kill -INT $dpid
	wait $dpid
	check "events made while dtr is stopped fill the full ring, not the first" \
		sh -c 'grep -Eq "^  wl_getppid +100000$" "'"$T"'/out" && ! grep -q drops "'"$T"'/err"'

	# samples lost in the first ring (dtr stopped as it starts) by an event
	# that is closed before the ring is read (the busiest system call moved
	# to a counting event): reported as drops all the same, never a count
	# silently short
	rm -f "$T/out" "$T/err"
	"$DTR" -o "$T/out" -n 'syscall:::entry { @[probefunc] = count(); }' 2>"$T/err" &
	dpid=$! i=0
	while ! grep -q matched "$T/err" 2>/dev/null && kill -0 $dpid 2>/dev/null && [ $i -lt 100000 ]; do
		i=$((i + 1))
	done
	kill -STOP $dpid
	last=$(($(getconf _NPROCESSORS_ONLN) - 1))
	taskset -c $last "$WL/wl_getppid" 100000 >/dev/null 2>&1
	kill -CONT $dpid
	sleep 0.5
	taskset -c $last "$WL/wl_getppid" 300000 >/dev/null 2>&1
	sleep 0.3
	kill -INT $dpid
	wait $dpid
	check "samples lost before the busiest system call is counted by the kernel are reported as drops" \
		sh -c 'n=$(awk "\$1 == \"getppid\" { print \$2 }" "$1/out");
		       d=$(awk "/drops? on CPU/ { n += \$2 } END { print n + 0 }" "$1/err");
		       [ $((n + d)) -ge 400000 ]' sh "$T"

	# ... and the first rings are let go once read: one ring per CPU is left
	count_getppid_ready
	ncpu=$(getconf _NPROCESSORS_ONLN)
	first_rings_gone $dpid
	grep -c perf_event /proc/$dpid/maps >"$T/nrings" 2>/dev/null
	kill -INT $dpid
	wait $dpid
	check "the first rings are unmapped once read ($ncpu rings left)" test "$(cat "$T/nrings")" = "$ncpu"

	# the first rings are made while the program compiles; a program whose
	# probes are all counted takes none, and keeps none once BEGIN is done
	rm -f "$T/out"
	"$DTR" -q -n 'BEGIN { printf("ready\n"); } syscall::getppid:entry { @ = count(); }' >"$T/out" 2>&1 &
	dpid=$! i=0
	while ! grep -q ready "$T/out" 2>/dev/null && kill -0 $dpid 2>/dev/null && [ $i -lt 1200 ]; do
		sleep 0.05; i=$((i + 1))
	done
	grep -c perf_event /proc/$dpid/maps >"$T/nrings" 2>/dev/null
	kill -INT $dpid
	wait $dpid
	check "a counted program keeps no ring" test "$(cat "$T/nrings")" = 0

	expect_out "dtr's own system calls are excluded (via -c)" '\n' \
		"$DTR" -q -n 'syscall:::entry /pid == $pid/ { @ = count(); }' -c "$WL/wl_getppid 1000"

	expect_out "-o appends output to a file" 'ok\n\n' \
		sh -c 'rm -f "'"$T"'/o.txt"; "$DTR" -q -o "'"$T"'/o.txt" -n "BEGIN { printf(\"ok\\n\"); exit(0); }" && cat "'"$T"'/o.txt"'

	printf '#!%s -qs\nBEGIN { printf("%%s %%d\\n", $$1, $2); exit(0); }\n' "$(readlink -f "$DTR")" > "$T/args.d"
	chmod +x "$T/args.d"
	expect_out "#! scripts with macro arguments" 'hello 42\n\n' "$T/args.d" hello 42

	# the process waits until dtr says it is attached (a loaded machine may
	# take seconds), then makes its calls
	expect_out "-p: traces a running process until it exits" '\n             5000\n' sh -c '
		rm -f "$0"
		( i=0; while ! grep -q matched "$0" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
		  exec "$WL/wl_getppid" 5000 ) & p=$!
		"$DTR" -p $p -n "syscall::getppid:entry /pid == \$target/ { @ = count(); }" 2>"$0"' "$T/perr"

	rm -f "$T/out" "$T/err"
	"$DTR" -n 'syscall::getppid:entry { @ = count(); }' >"$T/out" 2>"$T/err" &
	dp=$!
	i=0
	while ! grep -q matched "$T/err" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
	kill -TERM $dp
	wait $dp
	check "SIGTERM ends tracing with status 0" test $? = 0
fi

if need_root "scripts/syscount.d"; then
	# system-wide counts: other processes may call getppid too
	expect_rc "scripts/syscount.d counts by process and by syscall" 0 '^  getppid +[0-9]{4,}$' \
		"$DTR" -s scripts/syscount.d -c "$WL/wl_getppid 1000"
	check "scripts/syscount.d: the process too" grep -Eq '^  wl_getppid +[0-9]{4,}$' "$T/out"
fi

printf '#define N 3\n#include "%s/inc.h"\nBEGIN { printf("%%d %%d\\n", N, M); exit(0); }\n' "$T" > "$T/cpp.d"
echo '#define M 4' > "$T/inc.h"
expect_out "-C runs cpp: #define and #include" '3 4\n\n' "$DTR" -C -q -s "$T/cpp.d"
expect_out "-C with -D" '7 4\n\n' sh -c 'sed "/define N/d" "'"$T"'/cpp.d" > "'"$T"'/cpp2.d"; "$DTR" -C -DN=7 -q -s "'"$T"'/cpp2.d"'
printf '#include "%s/inc.h"\n\nBEGIN { x = ; }\n' "$T" > "$T/cpp3.d"
expect_rc "-C: errors name the script's own lines" 1 'cpp3.d: line 3: syntax error near ";"' "$DTR" -C -q -s "$T/cpp3.d"

if need_root "aggregation drops"; then
	printf '#pragma D option aggsize=2k\nBEGIN { i = 0; }\ntick-1ms /i < 200/ { @[i] = count(); i++; }\ntick-1ms /i == 200/ { exit(0); }\n' > "$T/drops.d"
	run "$DTR" -q -s "$T/drops.d"
	check "a full aggregation table counts drops on stderr and keeps what it holds" sh -c '
		kept=$(grep -cE "^ +[0-9]+ +1$" "'"$T"'/out")
		dropped=$(sed -n "s/^dtr: \([0-9]*\) aggregation drops\{0,1\} on CPU [0-9]*$/\1/p" "'"$T"'/err" | awk "{ s += \$1 } END { print s + 0 }")
		[ "$kept" -gt 0 ] && [ "$dropped" -gt 0 ] && [ $((kept + dropped)) -eq 200 ]'
fi

if need_root "counting mode"; then
	# a clause that only counts (keyless or keyed by probe names) on a
	# single tracepoint is counted by the kernel, read at printa and at exit
	run "$DTR" -q -n 'syscall::getppid:entry { @n = count(); @f[probefunc, probename] = count(); }
		END { printa("n %@d\n", @n); printa("%s %s %@d\n", @f); }' -c "$WL/wl_getppid 20000"
	check "counting mode: every call counted, keys from the probe's names" awk '
		$1 == "n" && $2 >= 20000 { n = 1 } $1 == "getppid" && $2 == "entry" && $3 >= 20000 { f = 1 }
		END { exit !(n && f) }' "$T/out"
	run "$DTR" -q -n 'syscall::getppid:entry { @ = count(); } tick-200ms { printa("%@d\n", @); clear(@); }
		END { printa("end %@d\n", @); }' -c "$WL/wl_getppid 400000"
	check "counting mode: printa() and clear() during tracing see the counts so far" awk '
		NF == 1 && $1 > 0 { n++; s += $1 } $1 == "end" { s += $2 } END { exit !(n >= 1 && s >= 400000) }' "$T/out"
	# a wide event whose probes all run the same counting clauses, keyed
	# by names they share, is counted whole: no sample, no ring (the
	# workload's loop and exit_group under its new name)
	rm -f "$T/out"
	"$DTR" -q -n 'BEGIN { printf("ready\n"); } syscall:::entry /execname == "wlcnt"/ { @ = count(); }
		syscall:::entry /execname == "wlcnt"/ { @p[probename] = count(); }' >"$T/out" 2>&1 &
	dpid=$! i=0
	while ! grep -q ready "$T/out" 2>/dev/null && kill -0 $dpid 2>/dev/null && [ $i -lt 1200 ]; do
		sleep 0.05; i=$((i + 1))
	done
	env WL_COMM=wlcnt "$WL/wl_getppid" 20000
	grep -c perf_event /proc/$dpid/maps >"$T/nrings" 2>/dev/null
	# the predicate is the kernel's filter in a tracefs instance of dtr's
	# own (runtime/ftcount.c), removed as dtr ends
	tfs=/sys/kernel/tracing/instances
	ls "$tfs" 2>/dev/null | grep -c "^dtr-$dpid-" >"$T/ninst"
	kill -INT $dpid
	wait $dpid
	check "counting mode: a wide event counted whole, every call once, no ring" sh -c '
		test "$(cat "$1/nrings")" = 0 && grep -qE "^ +20001$" "$1/out" &&
		grep -qE "^ +entry +20001$" "$1/out"' sh "$T"
	check "counting mode: a filtered count in one tracefs instance, removed at the end" sh -c '
		test "$(cat "$1/ninst")" = 1 && ! ls "$2" | grep -q "^dtr-$3-"' sh "$T" "$tfs" "$dpid"
fi

# A session whose events all count reads no record: it does not read
# /proc for every thread once tracing is enabled (the late snapshot), and
# stops the helper's first one. procreads PROG: the main thread's reads of
# other processes' /proc/N/stat and /proc/N/task from the "matched" line
# on (BEGIN reads dtr's own).
procreads() {
	strace -f -o "$T/strace" -e trace=openat,write "$DTR" -n "$1 BEGIN { exit(0); }" >/dev/null 2>&1
	awk -v main="$(head -n 1 "$T/strace" | cut -d' ' -f1)" '
		$1 == main && /write\(2, "dtr: description/ { on = 1 }
		on && $1 == main && /"\/proc\/[0-9]+\/(stat|task)/ && index($0, "/proc/" main "/") == 0 { n++ }
		END { print n + 0 }' "$T/strace"
}
if ! need_root "the /proc snapshot of a counting session"; then
	:
elif ! command -v strace >/dev/null; then
	skip "the /proc snapshot of a counting session" "no strace"
else
	procreads 'syscall::getppid:entry { @ = count(); }' >"$T/nreads.count"
	procreads 'syscall::getppid:entry { @[execname] = count(); }' >"$T/nreads.sampled"
	check "a session that only counts reads no /proc snapshot once tracing is enabled" sh -c '
		test "$(cat "$1/nreads.count")" = 0 && test "$(cat "$1/nreads.sampled")" -ge 10' sh "$T"
fi

# The runs that compare the kernel's counts with samples (sum(1)) need
# every sample: a loaded machine or an ASan build falls behind the
# workloads' bursts, and drops in the default 8 MiB rings (reported, but
# not by key) would make the comparison fail for that alone. Their
# workloads start half a second after tracing: the full rings replace
# the 1 MiB ones tracing starts in only once the kernel has made them
# (tens of milliseconds for 64 MiB), and a burst before would overflow.
BIGBUF="-x bufsize=64m"

if need_root "busiest probes counted by the kernel"; then
	# promo AGG NAME: dd's system calls by probefunc, aggregated with AGG
	# into $T/NAME; $T/NAME.fds: dtr's perf events once dd is done (the
	# command then waits for $T/NAME.go, its polls seen as sh's, not dd's)
	printf '%s\n' 'sleep 0.5' 'dd if=/dev/zero of=/dev/null bs=1 count=300000 2>/dev/null' 'touch "$1.done"' \
		'while [ ! -e "$1.go" ]; do sleep 0.05; done' > "$T/promo.sh"
	promo() {
		rm -f "$T/$2.done" "$T/$2.go"
		"$DTR" $BIGBUF -q -o "$T/$2" -n "syscall:::entry /execname == \"dd\"/ { @[probefunc] = $1; }" \
			-c "sh $T/promo.sh $T/$2" 2>"$T/err" &
		local p=$! i=0
		while [ ! -e "$T/$2.done" ] && kill -0 $p 2>/dev/null && [ $i -lt 1200 ]; do
			sleep 0.05; i=$((i + 1))
		done
		ls -l /proc/$p/fd 2>/dev/null | grep -c perf_event > "$T/$2.fds"
		touch "$T/$2.go"
		i=0
		while kill -0 $p 2>/dev/null && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		kill -KILL $p 2>/dev/null
		wait $p
	}
	# count() moves read and write, most of the samples, to counting events
	# (a group each, and a new sampled event that leaves them out); sum()
	# cannot be counted by the kernel: every call stays a sample
	promo 'count()' counted
	promo 'sum(1)' sampled
	check "a wide event's busiest probes are counted by the kernel, every call once" sh -c '
		[ "$(cat "$1/counted.fds")" -gt "$(cat "$1/sampled.fds")" ] &&
		awk "\$1 == \"read\" || \$1 == \"write\" { print \$1, \$2 }" "$1/counted" | sort > "$1/c.rw" &&
		awk "\$1 == \"read\" || \$1 == \"write\" { print \$1, \$2 }" "$1/sampled" | sort > "$1/s.rw" &&
		[ "$(wc -l < "$1/c.rw")" = 2 ] && awk "\$2 < 300000 { exit 1 }" "$1/c.rw" && cmp -s "$1/c.rw" "$1/s.rw"' sh "$T"
fi

if need_root "busy CPUs counted by the kernel, split by thread"; then
	# byname AGG NAME NAMES WORKLOAD...: the workload's system calls by
	# execname (those matching the regular expression NAMES), aggregated
	# with AGG into $T/NAME; in NAME.k, each name's count; $T/NAME.fds:
	# dtr's perf events once the workload is done
	byname() {
		local agg=$1 out=$2 names=$3
		shift 3
		rm -f "$T/$out" "$T/err"
		"$DTR" $BIGBUF -o "$T/$out" -n "syscall:::entry { @[execname] = $agg; }" 2>"$T/err" &
		local p=$! i=0
		while ! grep -q "matched" "$T/err" 2>/dev/null && kill -0 $p 2>/dev/null && [ $i -lt 1200 ]; do
			sleep 0.05; i=$((i + 1))
		done
		sleep 0.5
		"$@"
		ls -l /proc/$p/fd 2>/dev/null | grep -c perf_event > "$T/$out.fds"
		kill -INT $p
		wait $p
		awk -v re="$names" '$1 ~ re { n[$1] += $2 } END { for (k in n) print k, n[k] }' "$T/$out" |
			sort > "$T/$out.k"
	}
	# count() moves each CPU the workload keeps busy to a counting event,
	# split by thread where it is read; sum() cannot be counted by the
	# kernel: every call stays a sample. Renames (prctl, and a write to
	# /proc/self/comm: the open and the write count under the old name),
	# moves to the other CPU and an exec split the counts as the samples do.
	byname 'count()' tcounted '^(wlr_|wl_rename$)' "$WL/wl_rename" 200000 wlr_a wlr_b =wlr_c -e wlr_d
	byname 'sum(1)' tsampled '^(wlr_|wl_rename$)' "$WL/wl_rename" 200000 wlr_a wlr_b =wlr_c -e wlr_d
	cat "$T/tcounted.k" "$T/tcounted.fds" "$T/tsampled.k" "$T/tsampled.fds" >"$T/out" # shown if it fails
	check "a busy thread is counted by the kernel, under each name it has, every call once" sh -c '
		[ "$(cat "$1/tcounted.fds")" -gt "$(cat "$1/tsampled.fds")" ] &&
		grep -qx "wlr_a 200002" "$1/tcounted.k" && grep -qx "wlr_b 200003" "$1/tcounted.k" &&
		grep -qx "wlr_d 200002" "$1/tcounted.k" &&
		[ "$(wc -l < "$1/tcounted.k")" = 5 ] && cmp -s "$1/tcounted.k" "$1/tsampled.k"' sh "$T"
	# a second busy thread on the CPU, gone before the first one renames
	# itself: its last reading comes once it is reaped, with no thread
	byname 'count()' gcounted '^(wlg_|wl_gens$)' "$WL/wl_gens" 200000
	byname 'sum(1)' gsampled '^(wlg_|wl_gens$)' "$WL/wl_gens" 200000
	cat "$T/gcounted.k" "$T/gcounted.fds" "$T/gsampled.k" "$T/gsampled.fds" >"$T/out"
	check "two busy threads in turn counted by the kernel, the first renamed after, every call once" sh -c '
		[ "$(cat "$1/gcounted.fds")" -gt "$(cat "$1/gsampled.fds")" ] &&
		grep -q "^wlg_a2 2000" "$1/gcounted.k" && grep -q "^wlg_b 2000" "$1/gcounted.k" &&
		cmp -s "$1/gcounted.k" "$1/gsampled.k"' sh "$T"
	# two busy processes on one CPU at once: its count is split at each
	# context switch between them
	cpu=$(($(nproc) - 1))
	printf '%s\n' "WL_COMM=wlc_a taskset -c $cpu $WL/wl_getppid 200000 &" \
		"WL_COMM=wlc_b taskset -c $cpu $WL/wl_getppid 200000" 'wait' >"$T/share.sh"
	byname 'count()' scounted '^wlc_' sh "$T/share.sh"
	cat "$T/scounted.k" "$T/scounted.fds" >"$T/out"
	check "two busy processes sharing a CPU counted by the kernel, each call under its name" sh -c '
		grep -qx "wlc_a 200001" "$1/scounted.k" && grep -qx "wlc_b 200001" "$1/scounted.k"' sh "$T"
	# two threads on one CPU waking each other through pipes: a context
	# switch every system call or two
	byname 'count()' pcounted '^wlp_[ab]$' "$WL/wl_pingpong" 100000
	cat "$T/pcounted.k" "$T/pcounted.fds" >"$T/out"
	check "two threads switching on one CPU at every call counted by the kernel, each call once" sh -c '
		grep -qx "wlp_a 200001" "$1/pcounted.k" && grep -qx "wlp_b 200001" "$1/pcounted.k"' sh "$T"
fi

if need_root "renames while the events move to their full rings"; then
	# alt PROGRAM: wl_alt's child renames itself from dtr's first records
	# on, through the move of dtr's events from the first rings to the full
	# ones (the first rings are read while the full ones are written: the
	# drain merges them by time); each name and descriptor pair counted is
	# added to $T/alt.k
	alt() {
		rm -f "$T/alt" "$T/err" "$T/ready"
		"$WL/wl_alt" 0.3 >"$T/ready" &
		local w=$! p i=0
		while ! grep -q ready "$T/ready" 2>/dev/null && [ $i -lt 2000 ]; do
			sleep 0.01; i=$((i + 1))
		done
		i=0
		"$DTR" -o "$T/alt" -n "$1" 2>"$T/err" &
		p=$!
		while ! grep -q "matched" "$T/err" 2>/dev/null && kill -0 $p 2>/dev/null && [ $i -lt 20000 ]; do
			sleep 0.003; i=$((i + 1))
		done
		kill -USR1 $w
		wait $w
		kill -INT $p
		wait $p
		# a run that lost samples (a slow build's drain behind the
		# workload: dtr says so) tells nothing of their order
		grep -q drops "$T/err" ||
			awk '$1 ~ /^wlalt_/ && $2 >= 1000002 && $2 <= 1000003 { print $1, $2 }' "$T/alt" >>"$T/alt.k"
	}
	rm -f "$T/alt.k"
	for run in 1 2 3; do
		# untimed samples, ordered by the switch records of each ring
		alt 'syscall::close:entry /arg0 > 1000000/ { @[execname, arg0] = count(); }'
		# stamped samples; the side-band records ride on another event
		alt 'syscall::getppid:entry { self->t = timestamp; }
		     syscall::close:entry /arg0 > 1000000/ { @[execname, arg0] = count(); }'
	done
	cp "$T/alt.k" "$T/out" # shown if it fails
	check "renames while the events move to the full rings: each call under the name it was made with" \
		sh -c 'sort -u "$1/alt.k" | tr "\n" " " | grep -qx "wlalt_a 1000002 wlalt_b 1000003 "' sh "$T"
fi

if need_root "-c and exit()"; then
	# a 100 s command ends with dtr (the timeout would kill a waiting dtr at 60 s)
	expect_rc "exit() ends tracing and the -c command with it" 0 '' \
		"$DTR" -q -n 'BEGIN { exit(0); }' -c 'sleep 100'
	expect_out "#pragma D option destructive permits destructive actions" 'hi\n\n' \
		"$DTR" -q -n '#pragma D option destructive
		BEGIN { system("echo hi"); exit(0); }'
	expect_rc "-w says it allows destructive actions after the probe count" 0 \
		'matched 1 probe.*dtr: allowing destructive actions' sh -c "'$DTR' -w -n 'BEGIN { exit(0); }' 2>&1 | tr '\\n' ' '"
	run "$DTR" -w -o "$T/ft" -q -n 'BEGIN { printf("gone\n"); ftruncate(); printf("kept\n");
		freopen("%s", "'"$T/fr"'"); printf("moved\n"); freopen(""); printf("back\n"); exit(0); }'
	check "ftruncate() empties the -o file; freopen() moves output to a file and back" \
		sh -c 'printf "kept\nback\n\n" | cmp -s - "$1/ft" && printf "moved\n" | cmp -s - "$1/fr"' sh "$T"
fi

if need_root "false predicates"; then
	expect_out "a clause whose predicate is false prints no probe line, even with an empty body" '\n' \
		"$DTR" -n 'syscall::getppid:entry /pid == 1/ {}' -c "$WL/wl_getppid 100"
fi

if need_root "-F flowindent"; then
	expect_out "-F indents entries and returns under a FUNCTION header" \
		'CPU FUNCTION                                 \n  0 -> getppid                                \n  0 <- getppid                                \n\n' \
		sh -c '"$DTR" -F -n "syscall::getppid:entry,syscall::getppid:return /pid == \$target/ {}" \
			-c "$WL/wl_getppid 1" 2>/dev/null | sed -E "2,\$s/^ +[0-9]+ /  0 /"'
fi
