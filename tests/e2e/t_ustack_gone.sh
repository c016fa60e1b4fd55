# User stacks of processes that exited before dtr consumed their samples:
# unwound and symbolized from the files perf saw them map (MMAP2 records),
# not printed as raw addresses. wl_slprog runs 20 children one after the
# other, each ~60 ms of CPU in burn() and gone; a second run makes dtr
# consume late on purpose (1 Hz switchrate, larger rings), so that almost
# every child is gone by then.

# ustack_gone_ok FILE: a stack with wl_slprog`burn+0x.. above libc's start
# frames, and at least 60% of the samples in stacks naming burn (the rest:
# the parent, exec and dynamic loading, vDSO frames of gone children).
ustack_gone_ok() {
	awk '/^ *[0-9]+$/ { tot += $1; if (cur ~ /wl_slprog`burn\+0x/) { burn += $1
			if (cur ~ /libc\.so\.6`__libc_start/) full = 1 }
			cur = ""; next }
		{ cur = cur $0 "\n" }
		END { exit !(full && tot > 0 && burn * 100 >= tot * 60) }' "$1"
}

if need_root "ustack() of exited processes"; then
	P='profile-997 /execname == "wl_slprog"/ { @[ustack()] = count(); }'
	# counts depend on the machine's load: a few tries
	for try in 1 2 3; do
		run "$DTR" -n "$P" -c "$WL/wl_slprog 20"
		ustack_gone_ok "$T/out" && break
	done
	check "ustack() of short-lived children names wl_slprog\`burn and libc frames" ustack_gone_ok "$T/out"

	ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
	mb=$((256 / ncpu))
	[ "$mb" -gt 16 ] && mb=16
	[ "$mb" -lt 4 ] && mb=4
	for try in 1 2 3; do
		run "$DTR" -x switchrate=1hz -b "${mb}m" -n "$P" -c "$WL/wl_slprog 20"
		ustack_gone_ok "$T/out" && break
	done
	check "ustack() consumed after the children exited still names wl_slprog\`burn" ustack_gone_ok "$T/out"

	run "$DTR" -q -x switchrate=1hz -b "${mb}m" \
		-n 'profile-997 /execname == "wl_slprog" && arg1/ { @[ufunc(arg1), umod(arg1)] = count(); }' \
		-c "$WL/wl_slprog 10"
	check "ufunc() and umod() of exited children" grep -Eq '^  wl_slprog`burn +wl_slprog +[0-9]+$' "$T/out"
fi
