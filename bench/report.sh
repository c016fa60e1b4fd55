# The report of `make bench` (sourced by bench/bench.sh): report_cases
# prints the medians of cases 1-7 from the $T/cK.TOOL.* files the rounds
# wrote and adds to $FAIL what dtr got wrong; write_json FILE writes the
# same figures, and those of bench/extras.sh, as JSON.

# fig K TOOL METRIC: the median of a case's figure, or nothing
fig() { median "$T/c$1.$2.$3"; }
# floorless TOOL: case 1's start to attached less the start-up floor
floorless() {
	a=$(fig 1 "$1" attach) f=$(median "$T/c1.floor.attach")
	[ -n "$a" ] && [ -n "$f" ] && awk -v a="$a" -v f="$f" 'BEGIN { printf "%.1f\n", a - f }'
}
# added K TOOL: ns per event a tracer adds to case K's workload
added() {
	a=$(fig "$1" "$2" ns) u=$(fig "$1" none ns)
	[ -n "$a" ] && [ -n "$u" ] && awk -v a="$a" -v u="$u" 'BEGIN { printf "%.0f\n", a - u }'
}
# r0 / r1 V: V rounded to 0 / 1 places, or -
r0() { if [ -n "$1" ]; then printf '%.0f\n' "$1"; else echo -; fi; }
r1() { if [ -n "$1" ]; then printf '%.1f\n' "$1"; else echo -; fi; }
# ratio A B: A / B to two places, or n/a
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a <= 0 || b <= 0) print "n/a"; else printf "%.2f\n", a / b }'; }
# range FILE: min-max, or the one value, or -
range() {
	[ -s "$1" ] || { echo -; return; }
	lo=$(minof "$1") hi=$(maxof "$1")
	if [ "$lo" = "$hi" ]; then echo "$lo"; else echo "$lo-$hi"; fi
}
# peak TOOL: the largest VmHWM (KiB) over every run of cases 1-6
peak() { cat "$T"/c[1-6]."$1".hwm 2>/dev/null | sort -n | tail -n 1; }
# lostall TOOL: events lost over every run of cases 1-6
lostall() { cat "$T"/c[1-6]."$1".lost 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
nlines() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }
nz() { if [ -n "$1" ]; then echo "$1"; else echo -; fi; }

# count_ok K TOOL: every run of the tool counted what case K expects
count_ok() {
	case_def "$1"
	[ -s "$T/c$1.$2.count" ] || return 1
	awk -v op="${EXPECT%% *}" -v x="${EXPECT#* }" '
		op == "=" && $1 != x { bad = 1 } op == ">=" && $1 < x { bad = 1 } END { exit bad }' "$T/c$1.$2.count"
}

report_cases() {
	echo "added ns per event = median ns/call traced - median ns/call untraced (the"
	echo "workload times its own loop); dtr / bpftrace = the ratio of the added costs"
	echo
	printf "  %-36s %9s %9s %9s %9s %8s\n" "case" "untraced" "dtr" "bpftrace" "dtr /" "runs"
	printf "  %-36s %9s %9s %9s %9s %8s\n" "" "ns/call" "added ns" "added ns" "bpftrace" "u/d/b"
	for k in $CASES; do
		printf "  %-36s %9s %9s %9s %9s %8s\n" "$k. $(case_title "$k")" "$(r0 "$(fig "$k" none ns)")" \
			"$(nz "$(added "$k" dtr)")" "$(nz "$(added "$k" bt)")" "$(ratio "$(added "$k" dtr)" "$(added "$k" bt)")" \
			"$(nlines "$T/c$k.none.ns")/$(nlines "$T/c$k.dtr.ns")/$(nlines "$T/c$k.bt.ns")"
	done
	cat "$T"/c[1-5].none.ns 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END {
		if (NR > 1) printf "  untraced spread max/min: %.2f%s\n", v[NR] / v[1],
			(v[NR] / v[1] > 1.25) ? " (the machine was busy: the ratios are noisier than usual)" : "" }'
	# each run, so that a slow spell (some rounds' runs far from the others) shows
	echo "  each run's ns/call, in round order:"
	for k in $CASES; do
		for t in "none untraced" "dtr dtr" "bt bpftrace"; do
			[ "${t%% *}" = none ] && lab="$k." || lab=""
			printf "    %-3s %-9s %s\n" "$lab" "${t#* }" \
				"$(awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 }' "$T/c$k.${t%% *}.ns" 2>/dev/null)"
		done
	done
	echo
	echo "events counted for the workload (min-max over runs) against what it made, and events lost"
	echo
	printf "  %-36s %14s %23s %23s %6s %6s\n" "case" "expected" "dtr counted" "bpftrace counted" "dtr" "bpft."
	printf "  %-36s %14s %23s %23s %6s %6s\n" "" "" "" "" "lost" "lost"
	for k in $CASES; do
		case_def "$k"
		printf "  %-36s %14s %23s %23s %6s %6s\n" "$k. $(case_title "$k")" "$EXPECT" \
			"$(range "$T/c$k.dtr.count")" "$(range "$T/c$k.bt.count")" \
			"$( [ -s "$T/c$k.dtr.lost" ] && sumof "$T/c$k.dtr.lost" || echo -)" \
			"$( [ -s "$T/c$k.bt.lost" ] && sumof "$T/c$k.bt.lost" || echo -)"
		count_ok "$k" dtr || FAIL="$FAIL; case $k: dtr counted $(range "$T/c$k.dtr.count"), expected $EXPECT"
		[ "$(sumof "$T/c$k.dtr.lost")" = 0 ] || FAIL="$FAIL; case $k: dtr lost $(sumof "$T/c$k.dtr.lost") events"
		for t in dtr bt; do
			[ -s "$T/c$k.$t.bad" ] && sed "s/^/      $t run left out: /" "$T/c$k.$t.bad"
			# the same line for other pids or counts once, with how often
			[ -s "$T/c$k.$t.stderr" ] && sed 's/[0-9][0-9]*/N/g' "$T/c$k.$t.stderr" | sort | uniq -c |
				sed "s/^ *\([0-9]*\) \(.*\)/      $t stderr (\1x): \2/"
		done
		[ -s "$T/c$k.dtr.bad" ] && FAIL="$FAIL; case $k: $(head -n 1 "$T/c$k.dtr.bad")"
		[ -s "$T/c$k.none.bad" ] && FAIL="$FAIL; case $k untraced: $(head -n 1 "$T/c$k.none.bad")"
	done
	echo
	echo "7. start and stop (medians), peak RSS (VmHWM before SIGINT, max over cases 1-6;"
	echo "   perf rings and BPF maps are kernel memory, not counted), compile time, events lost"
	echo
	printf "  %-44s %10s %10s %10s\n" "" "dtr" "bpftrace" "dtr / bpf."
	row7() {   # label dtr bt unit
		printf "  %-44s %10s %10s %10s\n" "$1" "$(r1 "$2")${2:+ $4}" "$(r1 "$3")${3:+ $4}" "$(ratio "$2" "$3")"
	}
	for m in "attach start to attached" "detach SIGINT to exit"; do
		row7 "${m#* }, case 1 (wide)" "$(fig 1 dtr "${m%% *}")" "$(fig 1 bt "${m%% *}")" ms
		row7 "${m#* }, case 2 (getppid)" "$(fig 2 dtr "${m%% *}")" "$(fig 2 bt "${m%% *}")" ms
	done
	# what process creation, exec and ld.so took in the same rounds
	row7 "start of a program that only prints the line" "$(median "$T/c1.floor.attach")" "" ms
	row7 "start to attached less that floor, case 1" "$(floorless dtr)" "$(floorless bt)" ms
	row7 "start of one perf event a CPU on raw_syscalls" "$(median "$T/c1.pfloor.attach")" "" ms
	for k in 1 2; do   # the medians' spread
		if [ -s "$T/c$k.dtr.attach" ]; then
			printf "  %-44s %s ms\n" "dtr's starts to attached, case $k" \
				"$(sort -n "$T/c$k.dtr.attach" | paste -sd' ')"
		fi
	done
	row7 "peak RSS" "$(peak dtr | awk '{ if ($1 != "") printf "%.1f", $1 / 1024 }')" \
		"$(peak bt | awk '{ if ($1 != "") printf "%.1f", $1 / 1024 }')" MiB
	row7 "compile a 500-line script (-e / --emit-elf)" "$(cat "$T/compile.dtr" 2>/dev/null)" \
		"$(cat "$T/compile.bt" 2>/dev/null)" ms
	printf "  %-44s %10s %10s\n" "events lost, cases 1-6" "$(lostall dtr)" "$( [ -n "$BT_WHY" ] && echo - || lostall bt)"
	[ -s "$T/compile.bt.why" ] && sed 's/^/  /' "$T/compile.bt.why"
	[ -n "$BT_WHY" ] && echo "  bpftrace: $BT_WHY"
	echo
}

# JSON: a number or null; a string
jnum() { if [ -n "$1" ] && [ "$1" != n/a ]; then echo "$1"; else echo null; fi; }
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
jlist() { if [ -s "$1" ]; then printf '[%s]' "$(paste -sd, "$1")"; else echo '[]'; fi; }

write_json() {
	{
		echo "{"
		echo "  \"machine\": $(jstr "$(nproc) CPUs, Linux $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"),"
		echo "  \"calls_per_run\": $N, \"rounds\": $REPS, \"bpftrace\": $(jstr "${BT_VER:-$BT_WHY}"),"
		echo "  \"cases\": ["
		for k in $CASES; do
			case_def "$k"
			echo "    {\"case\": $k, \"title\": $(jstr "$(case_title "$k")"),"
			echo "     \"dtr_program\": $(jstr "$D"), \"bpftrace_program\": $(jstr "$BT"),"
			echo "     \"untraced_ns\": $(jnum "$(fig "$k" none ns)"), \"dtr_ns\": $(jnum "$(fig "$k" dtr ns)"), \"bpftrace_ns\": $(jnum "$(fig "$k" bt ns)"),"
			echo "     \"dtr_added_ns\": $(jnum "$(added "$k" dtr)"), \"bpftrace_added_ns\": $(jnum "$(added "$k" bt)"),"
			echo "     \"dtr_over_bpftrace\": $(jnum "$(ratio "$(added "$k" dtr)" "$(added "$k" bt)")"),"
			echo "     \"untraced_runs_ns\": $(jlist "$T/c$k.none.ns"), \"dtr_runs_ns\": $(jlist "$T/c$k.dtr.ns"), \"bpftrace_runs_ns\": $(jlist "$T/c$k.bt.ns"),"
			echo "     \"expected\": $(jstr "$EXPECT"), \"dtr_counted\": $(jlist "$T/c$k.dtr.count"), \"bpftrace_counted\": $(jlist "$T/c$k.bt.count"),"
			echo "     \"dtr_lost\": $(sumof "$T/c$k.dtr.lost"), \"bpftrace_lost\": $(jnum "$( [ -s "$T/c$k.bt.lost" ] && sumof "$T/c$k.bt.lost")"),"
			echo "     \"dtr_attach_ms\": $(jnum "$(fig "$k" dtr attach)"), \"bpftrace_attach_ms\": $(jnum "$(fig "$k" bt attach)"),"
			echo "     \"dtr_attach_runs_ms\": $(jlist "$T/c$k.dtr.attach"), \"bpftrace_attach_runs_ms\": $(jlist "$T/c$k.bt.attach"),"
			echo "     \"dtr_exit_ms\": $(jnum "$(fig "$k" dtr detach)"), \"bpftrace_exit_ms\": $(jnum "$(fig "$k" bt detach)")}$( [ "$k" != "${CASES##* }" ] && echo ,)"
		done
		echo "  ],"
		echo "  \"start_stop\": {\"dtr_attach_ms\": $(jnum "$(fig 1 dtr attach)"), \"bpftrace_attach_ms\": $(jnum "$(fig 1 bt attach)"),"
		echo "    \"floor_attach_ms\": $(jnum "$(median "$T/c1.floor.attach")"), \"perf_floor_attach_ms\": $(jnum "$(median "$T/c1.pfloor.attach")"),"
		echo "    \"dtr_exit_ms\": $(jnum "$(fig 1 dtr detach)"), \"bpftrace_exit_ms\": $(jnum "$(fig 1 bt detach)"),"
		echo "    \"dtr_peak_rss_kib\": $(jnum "$(peak dtr)"), \"bpftrace_peak_rss_kib\": $(jnum "$(peak bt)"),"
		echo "    \"dtr_compile_500_lines_ms\": $(jnum "$(cat "$T/compile.dtr" 2>/dev/null)"), \"bpftrace_compile_500_lines_ms\": $(jnum "$(cat "$T/compile.bt" 2>/dev/null)"),"
		echo "    \"dtr_lost\": $(lostall dtr), \"bpftrace_lost\": $(jnum "$( [ -z "$BT_WHY" ] && lostall bt)")},"
		echo "  \"extras\": {$(extras_json)},"
		echo "  \"pass\": $( [ -z "$FAIL" ] && echo true || echo false)"
		echo "}"
	} >"$1"
}
