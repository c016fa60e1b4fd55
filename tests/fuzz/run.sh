#!/bin/sh
# `make fuzz`: run each libFuzzer harness for a set time and report.
# Usage: run.sh BUILD SECONDS HARNESS...   (HARNESS: fuzz_compile ...)
# Each harness runs alone (one job) on its corpus BUILD/corpus/HARNESS,
# which it grows and keeps between runs, plus seeds made afresh by
# seeds.py from tests/ and scripts/. Findings (crash-, leak-, timeout-,
# oom- files) land in BUILD/artifacts/HARNESS/; the full log in
# BUILD/logs/HARNESS.log. Prints per harness the executions, the coverage
# at the start (seeds and corpus) and the end, and "no finding" or each new
# finding with the command that replays it; exits 1 if any was found.
# FUZZ_TIMEOUT (seconds, default 10) is how long one input may take
# before it counts as a hang; FUZZ_FLAGS adds libFuzzer flags.
B=$1 T=$2
shift 2
cd "$(dirname "$0")/../.." || exit 1
: "${FUZZ_TIMEOUT:=10}"
findings=0

if command -v python3 >/dev/null; then
	rm -rf "$B/seeds"
	python3 tests/fuzz/seeds.py "$B/seeds" >/dev/null || echo "fuzz: seeds.py failed; fuzzing from the corpora alone"
else
	echo "fuzz: no python3: fuzzing from the corpora alone"
fi

for h in "$@"; do
	corpus=$B/corpus/$h art=$B/artifacts/$h log=$B/logs/$h.log
	mkdir -p "$corpus" "$art" "$B/logs" "$B/seeds/$h"
	before=$(ls "$art")
	echo "== $h: fuzzing for $T s"
	# shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
	"$B/$h" -max_total_time="$T" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$art/" $FUZZ_FLAGS "$corpus" "$B/seeds/$h" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
	# libFuzzer's "cov:" counts edges, "ft:" features (edges with hit counts)
	cov0=$(sed -n 's/.*INITED cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	cov1=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	ft0=$(sed -n 's/.*INITED .* ft: \([0-9]*\).*/\1/p' "$log" | tail -1)
	ft1=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' "$log" | tail -1)
	echo "   executions: ${execs:-?}; new inputs kept: ${added:-?}"
	echo "   coverage: ${cov1:-0} edges, ${ft1:-0} features; new coverage: +$((${cov1:-0} - ${cov0:-0})) edges," \
	     "+$((${ft1:-0} - ${ft0:-0})) features over the ${cov0:-0} edges of seeds and corpus"
	new=""
	for f in $(ls "$art"); do
		case " $(echo $before) " in *" $f "*) ;; *) new="$new $f" ;; esac
	done
	if [ -n "$new" ]; then
		for f in $new; do
			findings=$((findings + 1))
			echo "   FINDING: $art/$f"
			echo "      replay: $B/$h $art/$f"
		done
		grep -E '^SUMMARY: |ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|==ERROR' "$log" | head -3 |
			sed 's/^/      /'
		echo "      to keep it as a regression case: cp it to tests/fuzz/regress/$h/ (make test replays it)"
	elif [ "$rc" -ne 0 ]; then
		findings=$((findings + 1))
		echo "   FINDING: $h exited $rc without an artifact; see $log"
		tail -5 "$log" | sed 's/^/      /'
	else
		echo "   no finding"
	fi
done

echo "fuzz: $# harnesses, $findings findings"
[ "$findings" -eq 0 ]
