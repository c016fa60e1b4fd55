# The parts of `make bench` beside the cases (sourced by bench/bench.sh):
# the probe VM alone, a script of 100,000 clauses, copyinstr() read rates
# and uprobes. extras prints them and keeps their figures in $T/x.* for
# extras_json; failures go to $FAIL.

# the probe VM alone: one clause (predicate + count keyed by execname) run
# on synthetic events by bench/vmbench.c; callgrind's instruction count is
# steady on a busy machine, the native time is not (target: 30 ns)
vm_bench() {
	echo "probe VM, /pid != 0/ { @[execname] = count(); } per event:"
	"$B/vmbench" 1000000 5 >"$T/x.vm_ns"
	printf "  native: %s ns (median of 5 rounds of 1,000,000 events)\n" "$(cat "$T/x.vm_ns")"
	if command -v valgrind >/dev/null; then
		ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$B/vmbench" "$1" 1 2>&1 >/dev/null |
			sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'; }
		i0=$(ir 0) i1=$(ir 100000)
		echo $(( (i1 - i0) / 100000 )) >"$T/x.vm_ir"
		printf "  callgrind: %s instructions\n" "$(cat "$T/x.vm_ir")"
	else
		echo "  callgrind: skipped (no valgrind)"
	fi
	echo
}

# set-up that grows with the program: 100,000 one-line clauses to exit()
# (target: under 2 s)
many_clauses() {
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "BEGIN { x%d = %d; }\n", i % 100, i
		print "BEGIN { exit(0); }" }' >"$T/many.d"
	t0=$(now)
	"$DTR" -q -s "$T/many.d" >/dev/null || FAIL="$FAIL; a script of 100,000 clauses failed"
	ms "$t0" "$(now)" >"$T/x.many_ms"
	printf "run a script of 100,000 one-line BEGIN clauses to exit(): %s ms\n\n" "$(cat "$T/x.many_ms")"
}

# copyinstr() of short-lived processes: 1000 processes each open a file and
# exit at once; dtr reads the path right after each event (prefetch thread).
# Run on an idle machine and beside two busy loops (one per CPU).
copyinstr_rate() {   # TAG LABEL
	"$DTR" -q -n 'syscall::openat:entry /ppid == $target/ { @ok[copyinstr(arg1)] = count(); }' \
		-c "$B/wl_exec 1000 /bin/cat /etc/hostname" >"$T/cp.out" 2>"$T/cp.err"
	cp_ok=$(awk '$1 == "/etc/hostname" { print $2 }' "$T/cp.out")
	cp_fail=$(grep -c 'invalid address' "$T/cp.err")
	cp_all=$(awk 'NF == 2 { s += $2 } END { print s + 0 }' "$T/cp.out")
	cp_all=$((cp_all + cp_fail))
	echo "${cp_ok:-0}" >"$T/x.copyinstr_$1"
	printf "  %s: /etc/hostname read %s of 1000 times; %s of %s copyinstr() calls failed (%s%%)\n" \
		"$2" "${cp_ok:-0}" "$cp_fail" "$cp_all" \
		"$(awk -v f="$cp_fail" -v a="$cp_all" 'BEGIN { printf "%.2f", a ? 100 * f / a : 0 }')"
	[ "${cp_ok:-0}" -ge 990 ] || FAIL="$FAIL; copyinstr() read ${cp_ok:-0} of 1000 paths ($2)"
}

# SIGINT to exit of a session whose readers wait for events that copy
# strings (they stop at once, not at their wait's timeout)
copyinstr_exit() {
	for i in 1 2 3 4 5; do
		start_stop "$T/cpx$i" "$DTR" -n 'syscall::openat:entry { printf("%s\n", copyinstr(arg1)); }'
		cat "$T/cpx$i/detach" >>"$T/cpx.detach" 2>/dev/null
	done
	median "$T/cpx.detach" >"$T/x.copyinstr_exit_ms"
	printf "  SIGINT to exit of a session that reads them early: %s ms (median of 5; target 50)\n" \
		"$(cat "$T/x.copyinstr_exit_ms")"
}

copyinstr_bench() {
	echo "copyinstr() of 1000 short-lived processes' openat() paths"
	copyinstr_rate idle idle
	sh -c 'while :; do :; done' & spin1=$!
	sh -c 'while :; do :; done' & spin2=$!
	copyinstr_rate busy "both CPUs busy"
	kill "$spin1" "$spin2"
	wait "$spin1" "$spin2" 2>/dev/null
	copyinstr_exit
	echo
}

# uprobes: a function called N_U times, counted by dtr's pid provider and
# by bpftrace's uprobe (the kernel's trap dominates both). The workload
# times its own loop (WL_NS) untraced, under dtr -c and under bpftrace -c
# (each holds the command until attached), 3 interleaved runs.
uprobe_bench() {
	n_u=${BENCH_UPROBE_N:-100000}
	work=$(cd "$(dirname "$B/wl_work")" && pwd)/wl_work
	echo "uprobes: wl_work $n_u calls of work(), median of 3 runs (ns per call; added = traced - untraced)"
	echo "  dtr:      dtr -n 'pid\$target::work:entry { @ = count(); }' -c 'wl_work $n_u'"
	echo "  bpftrace: bpftrace -e 'uprobe:$work:work { @ = count(); }' -c '$work $n_u'"
	: >"$T/u.none"; : >"$T/u.dtr"; : >"$T/u.bt"
	for r in 1 2 3; do
		WL_NS=1 "$work" "$n_u" 2>>"$T/u.none" >/dev/null
		WL_NS=1 "$DTR" -q -n 'pid$target::work:entry { @ = count(); } END { printa("%@d\n", @); }' \
			-c "$work $n_u" 2>>"$T/u.dtr" >"$T/u.out"
		[ "$(head -n 1 "$T/u.out")" -ge "$n_u" ] 2>/dev/null ||
			FAIL="$FAIL; uprobes: dtr counted $(head -c 40 "$T/u.out") of $n_u calls"
		[ -z "$BT_WHY" ] && WL_NS=1 timeout "$RUN_TIMEOUT" bpftrace -e "uprobe:$work:work { @ = count(); }" \
			-c "$work $n_u" 2>>"$T/u.bt" >/dev/null
	done
	for k in none dtr bt; do grep -E '^[0-9.]+$' "$T/u.$k" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }' >"$T/x.uprobe_$k"; done
	awk -v n="$(cat "$T/x.uprobe_none")" -v d="$(cat "$T/x.uprobe_dtr")" -v b="$(cat "$T/x.uprobe_bt")" 'BEGIN {
		printf "  untraced %.1f ns/call; dtr %.1f (added %.1f)", n, d, d - n
		if (b != "") printf "; bpftrace %.1f (added %.1f); dtr / bpftrace added %.2f", b, b - n, (b - n) ? (d - n) / (b - n) : 0
		else printf "; bpftrace: not run"
		printf "\n" }'
	echo
}

extras() {
	vm_bench
	many_clauses
	copyinstr_bench
	uprobe_bench
}

# extras_json: the figures above as the members of one JSON object
xv() { jnum "$(cat "$T/x.$1" 2>/dev/null)"; }
extras_json() {
	printf '"vm_ns_per_event": %s, "vm_instructions_per_event": %s, "clauses_100k_ms": %s, ' \
		"$(xv vm_ns)" "$(xv vm_ir)" "$(xv many_ms)"
	printf '"copyinstr_read_of_1000_idle": %s, "copyinstr_read_of_1000_busy": %s, "copyinstr_exit_ms": %s, ' \
		"$(xv copyinstr_idle)" "$(xv copyinstr_busy)" "$(xv copyinstr_exit_ms)"
	printf '"uprobe_untraced_ns": %s, "uprobe_dtr_ns": %s, "uprobe_bpftrace_ns": %s' \
		"$(xv uprobe_none)" "$(xv uprobe_dtr)" "$(xv uprobe_bt)"
}
