#!/bin/sh
# The fbt tests, run inside the qemu guest by tests/vm/run.sh (a kernel with
# kprobes and BTF). Each case is a handful of probes: under emulation
# attaching and removing kprobes is slow. Ends with "N passed, N failed".
PASS=0 FAIL=0
T=$(mktemp -d)

# ok NAME CMD...: the command succeeds
ok() {
	name=$1; shift
	if "$@" >/dev/null 2>&1; then
		echo "ok    $name"; PASS=$((PASS + 1))
	else
		echo "FAIL  $name"; FAIL=$((FAIL + 1))
		echo "      stdout: $(head -c 600 "$T/out")"; echo "      stderr: $(head -c 600 "$T/err")"
	fi
}

# run DTR-ARGS...: dtr's output in $T/out, $T/err, status in $RC
run() {
	"$DTR" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

run -n 'fbt::do_sys_openat2:entry { @[execname] = count(); }' -c 'cat /etc/hostname'
ok "fbt entry: @[execname] counts cat's opens" grep -Eq '^  cat +[0-9]+$' "$T/out"
ok "fbt entry: the description matched 1 probe" grep -q "matched 1 probe" "$T/err"
ok "fbt entry: exit status 0" test "$RC" = 0

run -n 'fbt::do_sys_openat2:return /pid == $target/ { @ = quantize(arg1); }' -c 'cat /etc/hostname'
ok "fbt return: quantize(arg1) of the descriptors returned" sh -c \
	'grep -q "Distribution" "$0" && grep -Eq "^ +2 \|@+ +[1-9][0-9]* *$" "$0"' "$T/out"

run -q -n 'fbt::do_sys_openat2:entry /pid == $target/ { printf("%s\n", stringof(args[1])); }' -c 'cat /etc/hostname'
ok "stringof(args[1]) (typed from BTF, read by the kernel) is the file's name" grep -qx /etc/hostname "$T/out"

run -q -n 'fbt::vfs_read:entry /pid == $target/ { printf("%s %d\n", stringof(args[0]->f_path.dentry->d_name.name), args[2]); exit(0); }' -c 'head -n 1 /etc/hostname'
ok "a chain of kernel pointers: args[0]->f_path.dentry->d_name.name" grep -Eq '^hostname [0-9]+$' "$T/out"

run -q -n 'fbt::do_sys_openat2:entry /pid == $target/ { printf("flags %x\n", ((struct open_how *)arg2)->flags); }' -c 'cat /etc/hostname'
ok "a cast of argN to a kernel struct pointer" sh -c 'grep -Eq "^flags [0-9a-f]+$" "$0"' "$T/out"

run -q -n 'fbt::vfs_read:entry /pid == $target/ { printf("%d %d\n", sizeof(loff_t), (ssize_t)arg2 > 0); exit(0); }' -c 'head -n 1 /etc/hostname'
ok "kernel typedef names in fbt clauses (loff_t, ssize_t)" grep -qx "8 1" "$T/out"

run -l -n 'fbt::do_sys_openat2:'
ok "-l lists entry and return" sh -c 'grep -Eq "fbt +vmlinux +do_sys_openat2 entry$" "$0" && grep -Eq "fbt +vmlinux +do_sys_openat2 return$" "$0"' "$T/out"

run -lv -n 'fbt::do_sys_openat2:'
ok "-lv types fbt arguments from BTF" sh -c 'grep -q "args\[0\]: int$" "$0" && grep -q "args\[1\]: const char \*$" "$0" &&
	grep -q "args\[2\]: struct open_how \*$" "$0" && grep -q "args\[1\]: long" "$0"' "$T/out"

run -n 'fbt::no_such_function_dtr:entry { exit(0); }'
ok "a function the kernel does not have matches nothing, exit 1" sh -c '[ "$1" = 1 ] && grep -q "does not match any probes" "$0"' "$T/err" "$RC"

run -n 'fbt::do_sys_openat2:entry { trace(args[2]->nope); }'
ok "a member the kernel's struct lacks is a compile error" sh -c 'grep -q "nope is not a member of struct open_how" "$0"' "$T/err"

run -n 'fbt::vfs_read:entry { this->f = args[0]; trace(this->f->f_flags); }'
ok "a kernel pointer kept in a variable cannot be followed: a compile error says why" sh -c \
	'[ "$1" = 1 ] && grep -q "struct file is kernel memory" "$0"' "$T/err" "$RC"

ok "kprobe_events holds nothing of dtr's after it exits" sh -c '! grep -q dtr_ /sys/kernel/tracing/kprobe_events'

echo "$PASS passed, $FAIL failed"
rm -rf "$T"
[ "$FAIL" = 0 ]
