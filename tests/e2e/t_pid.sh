# The pid and usdt providers on uprobes: function entry, return and offset
# probes, arguments, user stacks, listing, strings captured at the event,
# -c and -p, bad descriptions, and nothing left behind.

uprobes_here() {
	[ -e /sys/bus/event_source/devices/uprobe/type ] && { [ -e /sys/kernel/tracing/uprobe_events ] ||
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; [ -e /sys/kernel/tracing/uprobe_events ]; }
}
# leftovers of this dtr's events in uprobe_events (none once it has exited)
no_dtr_events() { ! grep -q "^[pr]:dtr_$1/" /sys/kernel/tracing/uprobe_events; }

if need_root "pid provider" && { uprobes_here || { skip "pid provider" "no uprobes in this kernel"; false; }; }; then
	W="$WL/wl_work"
	expect_out "pid entry arg0 and return arg1 sum exactly" '50005000\n100010000\n\n' \
		"$DTR" -q -n 'pid$target::work:entry { @s = sum(arg0); } pid$target::work:return { @r = sum(arg1); }
		END { printa("%@d\n", @s); printa("%@d\n", @r); }' -c "$W"

	run "$DTR" -q -n 'pid$target::many_args:entry { printf("%d %d %d %d\n", arg0, arg5, arg6, arg7); }' -c "$W 3"
	check "arguments beyond the sixth come from the stack" grep -qx '1 6 7 8' "$T/out"

	expect_out "uregs[] reads the user registers with DTrace's R_* names" '1 6\n\n' \
		"$DTR" -q -n 'pid$target::many_args:entry { printf("%d %d\n", uregs[R_RDI], uregs[R_R9]); }' -c "$W 3"

	run "$DTR" -q -n 'pid$target::two_returns:return { printf("%s+%x %d\n", probefunc, arg0, arg1); }' -c "$W 3"
	check "a return probe fires at each return site with its offset in arg0" sh -c \
		'grep -Eq "^two_returns\+[0-9a-f]+ 101$" "'"$T"'/out" && grep -Eq "^two_returns\+[0-9a-f]+ 6$" "'"$T"'/out" &&
		 test "$(grep "^two_returns" "'"$T"'/out" | cut -d" " -f1 | sort -u | wc -l)" = 2'

	off=$(objdump -d --no-show-raw-insn "$W" | awk '/<two_returns>:/ { f = 1; next } f && $2 == "ret" { sub(":", "", $1); print $1; exit }')
	start=$(objdump -d "$W" | sed -n 's/^\([0-9a-f]*\) <two_returns>:$/\1/p')
	rel=$(printf '%x' $((0x$off - 0x$start)))
	expect_out "an offset probe fires at that instruction" "two_returns $rel\n\n" \
		"$DTR" -q -n "pid\$target::two_returns:$rel { printf(\"%s %s\n\", probefunc, probename); exit(0); }" -c "$W 3"
	expect_rc "an offset inside an instruction is refused" 1 'not an instruction boundary' \
		"$DTR" -n 'pid$target::work:1 { }' -c "$W 3"

	# each sample carries 16 KiB of stack: a ring that holds them all
	run "$DTR" -x bufsize=64m -n 'pid$target::work:entry { @[ustack()] = count(); }' -c "$W 2000"
	check "ustack() of an -O2 program without frame pointers names work and main" sh -c \
		'grep -q "wl_work\`work" "'"$T"'/out" && grep -q "wl_work\`main+0x" "'"$T"'/out" && grep -Eq "^ +2000$" "'"$T"'/out"'

	run "$DTR" -l -n 'pid$target:a.out:work:' -c "$W"
	check "-l lists a program's probes under its name, matched as a.out" sh -c \
		'grep -Eq "^ *[0-9]+ +pid[0-9]+ +wl_work +work entry$" "'"$T"'/out" &&
		 grep -Eq "^ *[0-9]+ +pid[0-9]+ +wl_work +work return$" "'"$T"'/out"'

	run "$DTR" -n 'pid$target:libc.so.6:malloc:entry { @ = quantize(arg0); }' -c 'ls /'
	check "malloc sizes of ls as a quantize histogram" grep -q -- '------------- Distribution -------------' "$T/out"

	"$DTR" -q -n 'pid$target:libc.so.6::entry { @n = count(); } END { printa("calls %@d\n", @n); }' \
		-c 'ls /' >"$T/out" 2>"$T/err" &
	dp=$!
	wait $dp
	check "every libc function of ls at once" grep -Eq "^calls [0-9]{3,}$" "$T/out"
	check "uprobe_events holds nothing of dtr's after it exits" no_dtr_events $dp

	run "$DTR" -s scripts/ucalls.d -c "$W 500"
	check "scripts/ucalls.d counts a program's calls by module and function" sh -c \
		'grep -Eq "^wl_work +work +500$" "'"$T"'/out" && grep -Eq "^wl_work +work +[0-9]+$" "'"$T"'/out" &&
		 grep -q "INCLUSIVE NS" "'"$T"'/out"'

	expect_rc "a function that matches nothing" 1 'pid[0-9]+::no_such_function:entry does not match any probes' \
		"$DTR" -n 'pid$target::no_such_function:entry { }' -c "$W 3"
	expect_rc "a process that does not exist" 1 'does not match any probes' \
		"$DTR" -n 'pid2147483646::work:entry { }'
	expect_rc "a -c command that cannot be executed fails before tracing, as DTrace" 1 \
		'^dtr: failed to execute /nonexistent/cmd: No such file or directory$' \
		"$DTR" -n 'BEGIN { exit(0); }' -c /nonexistent/cmd
	expect_rc "a module that is not mapped" 1 'does not match any probes' \
		"$DTR" -n 'pid$target:libnosuch.so::entry { }' -c "$W 3"

	# -p: a running process (one that outlives a slow start: a sanitizer
	# build on a loaded machine takes seconds; it is killed after)
	"$W" 6000 10 >/dev/null &
	wp=$!
	run "$DTR" -q -n 'pid$target::work:entry { @ = count(); } tick-500ms { exit(0); }' -p $wp
	kill $wp 2>/dev/null; wait $wp 2>/dev/null
	check "-p traces a running process" grep -Eq '^ +[1-9][0-9]*$' "$T/out"
	"$W" 1000000 1 >/dev/null &
	wp=$!
	sleep 0.1
	kill -0 $wp && { "$DTR" -q -n 'pid$target::work:entry { @ = count(); }' -p $wp >/dev/null 2>&1 & }
	dp=$!
	sleep 1
	kill -9 $dp; wait $dp 2>/dev/null
	sleep 0.1
	check "dtr killed with SIGKILL leaves the program running" kill -0 $wp
	kill $wp; wait $wp 2>/dev/null
	run "$DTR" -q -n 'pid$target::work:entry { exit(0); }' -c "$W 3"
	check "a killed dtr's uprobe events are removed by the next dtr" no_dtr_events $dp

	run "$DTR" -Z -q -n 'pid$target:libz.so.1:zlibVersion:entry { @ = count(); } END { printa("%@d\n", @); }' \
		-c "$WL/wl_dlopen 40"
	check "a library loaded later with dlopen is probed once it is mapped (-Z)" \
		awk 'NF == 1 && $1 >= 5 && $1 <= 40 { ok = 1 } END { exit !ok }' "$T/out"
	run "$DTR" -q -n 'pid$target::main:entry { printf("%s %s\n", probemod, probefunc); }
		pid$target:libz.so.1::entry { n++; } END { printf("libz %s\n", n > 0 ? "seen" : "not seen"); }' \
		-Z -c "$WL/wl_dlopen 40"
	check "probemod of a program is its name; a library is named by its soname" sh -c \
		'grep -qx "wl_dlopen main" "'"$T"'/out" && grep -qx "libz seen" "'"$T"'/out"'

	# a library's USDT probes (libstdc++ ships them; Debian 12's libc does not)
	run "$DTR" -q -n 'libstdcxx$target:::throw { @[ustack()] = count(); }' -c "$WL/wl_cxx 3"
	check "libstdc++'s throw probe fires; the C++ frames of its stack are demangled" sh -c \
		'grep -q "__cxa_throw" "'"$T"'/out" && grep -q "wl_cxx\`shapes::Circle::area(double) const+0x" "'"$T"'/out" &&
		 grep -Eq "^ +3$" "'"$T"'/out"'

	# usdt: probes of <sys/sdt.h>, semaphores, strings captured at the event
	U="$WL/wl_usdt"
	run "$DTR" -l -n 'wl$target:::' -c "$U"
	check "usdt probes are listed with '-' for '__'" sh -c \
		'grep -Eq "^ *[0-9]+ +wl[0-9]+ +wl_usdt +main request-start$" "'"$T"'/out" &&
		 grep -Eq "^ *[0-9]+ +wl[0-9]+ +wl_usdt +main tick$" "'"$T"'/out"'
	run "$DTR" -q -n 'wl$target:::request-start { printf("%s %d\n", copyinstr(arg0), arg1); }' -c "$U"
	check "usdt arguments, the string read when the probe fired" sh -c \
		'grep -qx "/req/0 40" "'"$T"'/out" && grep -qx "/req/2 42" "'"$T"'/out" && grep -qx "traced=1" "'"$T"'/err"'
	run "$U" 2
	check "the semaphore is off when untraced" sh -c 'grep -q "traced=0" "'"$T"'/err" && ! grep -q "traced=1" "'"$T"'/err"'
	expect_out "a second probe of the program, its integer argument" '0 1 2 \n\n' \
		"$DTR" -q -n 'wl$target:::tick { printf("%d ", arg0); } END { printf("\n"); }' -c "$U"
fi
