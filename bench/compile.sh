# Compile time of a 500-line script (sourced by bench/bench.sh): 71 clauses
# on syscall::read:entry, each a predicate, a thread-local store, a keyed
# count and a printf; dtr -e compiles it (probe table included) and stops,
# bpftrace --emit-elf compiles its equivalent to BPF and stops. Medians of
# 5 runs (3 for bpftrace, which takes seconds) go to $T/compile.dtr and
# $T/compile.bt, in ms.

big_scripts() {
	awk -v d="$T/big.d" -v b="$T/big.bt" 'BEGIN {
		for (f = 0; f < 2; f++) {
			o = f ? b : d
			printf "%s 500-line script: 71 clauses\n%s of 7 lines\n%s\n", f ? "//" : "/*", f ? "//" : " *", f ? "//" : " */" > o
			for (i = 0; i < 71; i++) {
				if (f) {
					printf "tracepoint:syscalls:sys_enter_read /pid == %d && comm != \"x%d\"/\n{\n", i, i > o
					printf "\t@t%d[tid] = nsecs;\n\t@c%d[probe, comm] = count();\n", i, i > o
					printf "\tprintf(\"%%d %%s%%s\\n\", pid, \"a\", \"b\");\n}\n\n" > o
				} else {
					printf "syscall::read:entry /pid == %d && execname != \"x%d\"/\n{\n", i, i > o
					printf "\tself->t%d = timestamp;\n\t@c%d[probefunc, execname] = count();\n", i, i > o
					printf "\tprintf(\"%%d %%s\\n\", pid, strjoin(\"a\", \"b\"));\n}\n\n" > o
				}
			}
		} }'
}

compile_times() {
	big_scripts
	: >"$T/compile.dtr.all"
	for i in 1 2 3 4 5; do
		t0=$(now)
		"$DTR" -e -s "$T/big.d" 2>"$T/compile.err" ||
			{ FAIL="$FAIL; dtr -e failed on the 500-line script: $(head -n 1 "$T/compile.err")"; break; }
		ms "$t0" "$(now)" >>"$T/compile.dtr.all"
	done
	median "$T/compile.dtr.all" >"$T/compile.dtr"
	[ -n "$BT_WHY" ] && return
	: >"$T/compile.bt.all"
	for i in 1 2 3; do
		t0=$(now)
		bpftrace --emit-elf "$T/big.elf" "$T/big.bt" >/dev/null 2>"$T/compile.bt.err" ||
			{ echo "bpftrace --emit-elf failed: $(grep -v RLIMIT "$T/compile.bt.err" | head -n 1)" >"$T/compile.bt.why"; break; }
		ms "$t0" "$(now)" >>"$T/compile.bt.all"
	done
	median "$T/compile.bt.all" >"$T/compile.bt"
}
