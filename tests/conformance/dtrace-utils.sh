#!/bin/sh
# Runs Oracle's DTrace test suite (dtrace-utils, test/unittest) against dtr
# the way that suite's harness, runtest.sh, runs it, and counts what passes.
#
# Usage:  sh tests/conformance/dtrace-utils.sh DTR CHECKOUT [TEST...]
#         make conformance DTRACE_UTILS=CHECKOUT
#
# CHECKOUT is a checkout of github.com/oracle/dtrace-utils, branch devel: the
# directory that holds test/unittest (its test/ tree alone is enough). Nothing
# of it is copied into this repository. TEST... limits the run to some tests,
# named relative to test/unittest (aggs/tst.sum.d) or by directory (aggs).
#
# Environment:
#   CONF_JOBS=2         tests run at once (tests with a trigger run alone).
#   CONF_TIMEOUT=15     seconds a test may run (runtest.sh allows 41, and tests
#                       such as ten ticks of tick-1 need more than 10); a
#                       longer @@timeout is honoured up to
#   CONF_MAX_TIMEOUT=30   seconds, and a test asking for more is skipped.
#   CONF_KEEP=DIR       keep each test's command, stdout, stderr and compared
#                       texts under DIR/<test>/, and DIR/results.tsv (status,
#                       kind, directory, test, reason, err message match).
#   CONF_VERBOSE=1      print the first lines of the diff under each failure.
#
# How a test is run and judged (runtest.sh's conventions):
#   - cwd is CHECKOUT; the command is `dtrace CPPFLAGS [-xerrtags] -s
#     test/unittest/DIR/NAME.d OPTS`, where `dtrace` is a copy of DTR (tests
#     compare execname with "dtrace"), CPPFLAGS are runtest.sh's
#     (-I... -DARCH_<machine>), and OPTS is `@@runtest-opts` of the test, or
#     else of the nearest test.options above it, after shell expansion.
#   - tst.*.d (and drp.*.d) must exit 0. Their stdout, then `-- @@stderr --`
#     and stderr when stderr is not empty, goes through NAME.r.p when that is
#     executable, then 0x... becomes {ptr}; the result must equal NAME.r (or
#     NAME.<machine>.r), both sorted unless `@@nosort` is in the test or a
#     test.options above it. A test without .r is judged by exit status only.
#   - err.*.d must exit 1. err.D_TAG.*.d runs with -xerrtags and stderr must
#     hold [D_TAG]; drp.TAG.*.d runs with -xdroptags and stderr must hold
#     [TAG]. The .r of err tests is not compared: whether dtr's message equals
#     DTrace's is recorded in CONF_KEEP's results.tsv only.
#   - `@@trigger: PROG ARGS` runs test/triggers/PROG (built here with cc from
#     PROG.c) through -c, or beside dtr with `@@trigger-timing: before|after|N`
#     where $_pid in the options is its process id. A trigger that cannot be
#     built skips the test.
#   - `@@xfail` (unless `@@no-xfail`), an .x program exiting 1, or an
#     `unstable` tag that fails: counted as xfail, not as a failure (runtest.sh
#     calls it XFAIL); passing, it counts as passed. An .x exiting 2 skips.
#   - Exit status 67 is runtest.sh's "expected failure" and counts as xfail.
# What this runner adds, because dtr is not Oracle's DTrace:
#   - dtr's messages start `dtr:` where DTrace's start `dtrace:`: stderr lines
#     starting `dtr: ` are compared as `dtrace: `.
#   - Run-time faults: dtr prints illumos' form, `error on enabled probe ID E
#     (ID P: PROBE): MSG in action #A at DIF offset O`, Oracle's DTrace prints
#     `error in dt_clause_N for probe ID P (PROBE): MSG at BPF pc NNN`. Both are
#     compared as `dtrace: error on probe (PROBE): MSG`, the address in MSG
#     as {ptr} (Oracle prints small ones in decimal, illumos in hex). Errors
#     of library actions (setopt(), freopen()) have the same two forms
#     without the location part, and are compared the same way.
#   - runtest.sh sets _DTRACE_TESTING, under which DTrace prints default
#     records without their CPU and ID columns; dtr ignores it, so those
#     columns are taken out of dtr's stdout.
#   - A test timing out is killed with SIGKILL, with every process it started.
#
# Prints one line per failing test, then per directory and in total "N passed,
# N failed, N skipped, N xfail" for tst and err apart, with the pass rate
# passed / (passed + failed). Exits 1 when a test failed, 2 on a usage error.

# The directories measured (issue 18): the D language and its output
# (strlen is not in devel; its tests are in funcs/strlen).
DIRS="actions aggs arithmetic arrays assocs bitfields buffering builtinvar
clauses codegen decls drops enum error funcs grammar inline lexer misc offsetof
operators options pointers pragma predicates preprocessor print printa printf
profile-n scalars sizeof speculation strlen struct syscall tick-n trace tracemem
translators typedef types union variables vars"

# skip_reason TEST SRC: why TEST cannot measure dtr, or nothing to run it.
# SRC is the test's text without comments. Each rule states its reason.
skip_reason() {
	t=$1 src=$2
	# Tests dtrace-utils itself does not run.
	if has_opt skip "$t"; then
		echo "upstream @@skip: $(get_opt skip "$t")"
		return
	fi
	case ${t##*/} in
	*.aarch64.* | *.arm64.* | *.sparc64.* | *.x86_64.* | *.i386.*)
		case ${t##*/} in *".$ARCH."*) ;; *)
			echo "for another architecture"
			return ;;
		esac ;;
	esac
	# Providers dtr lacks, or that this runner leaves out for now.
	if grep -Eq "$(pdesc 'fbt')" "$src"; then
		echo "fbt provider: kernel function probes need kprobes, which this kernel and dtr lack"
		return
	fi
	if grep -Eq "$(pdesc 'rawtp')" "$src"; then
		echo "rawtp provider: Oracle's raw tracepoints with BTF-typed args[], which dtr lacks"
		return
	fi
	if grep -Eq "$(pdesc '(lockstat|cpc|ip|tcp|udp)')" "$src"; then
		echo "lockstat/cpc/ip/tcp/udp provider: dtr has none"
		return
	fi
	if grep -Eq "$(pdesc 'pid([0-9]+|\$[a-z0-9_]+)?')" "$src"; then
		echo "pid provider: left out of this measure for now"
		return
	fi
	if grep -Eq "$(pdesc '[a-z_]+[a-z0-9_]*\$(target|[0-9]+)')" "$src"; then
		echo "USDT probes: left out of this measure for now (need dtrace -G/-h programs)"
		return
	fi
	# Internals of Oracle's BPF implementation rather than D.
	if grep -Eqi 'bpf' "$src"; then
		echo "BPF internals of Oracle's implementation (names a BPF object)"
		return
	fi
	# Kernel memory: dtr loads no BPF and has no other way to read it (no
	# kprobes or /proc/kcore on such kernels, no data symbols in kallsyms).
	# A tst that dereferences curthread or reads a kernel symbol's value
	# (`max_pfn or vmlinux`saved_command_line, not D`s or a type's scope
	# in struct vmlinux`x) cannot run; err tests still run, since their
	# compile errors come first. String literals are left out.
	case ${t##*/} in tst.*)
		if sed 's/"\([^"\\]\|\\.\)*"//g; s/\(struct\|union\|enum\)  *[A-Za-z0-9_]*`//g' "$src" |
		   grep -Eq '(^|[^A-Za-z0-9_`])`[A-Za-z_]|(^|[^A-Za-z0-9_])vmlinux`[A-Za-z_]|(^|[^A-Za-z0-9_])curthread([^A-Za-z0-9_]|$)'; then
			echo "reads kernel memory (curthread, or a kernel symbol such as \`max_pfn or vmlinux\`saved_command_line): dtr loads no BPF"
			return
		fi ;;
	esac
	opts=$(get_opt runtest-opts "$t")
	if printf '%s\n' "$opts" | grep -Eq 'iregs|bpflog|tree=|linkmode|knodefs|kdefs' ||
	   grep -Eq 'option +(iregs|bpflog|bpflogsize)' "$src"; then
		echo "BPF code generator internals of Oracle's implementation (iregs, bpflog, tree, linkmode options)"
		return
	fi
	# Options of DTrace's that Linux or dtr has no use for.
	set -f
	for w in $opts; do
		case $w in
		-[xDUIbopcsnPmf]*) ;;
		-*[Gh]*)
			echo "-G/-h: DOF object and header generation (dtr -G is a no-op on Linux)"
			set +f
			return ;;
		esac
	done
	set +f
	# Tests that need more time than this runner gives.
	if has_opt timeout "$t"; then
		n=$(get_opt timeout "$t" | tr -dc 0-9)
		if [ -n "$n" ] && [ "$n" -gt "$MAXTMO" ]; then
			echo "@@timeout $n s: more than the ${MAXTMO} s this runner allows"
			return
		fi
	fi
	# Where dtrace-utils is wrong or disagrees with illumos, C and illumos
	# win: those tests are named here, each with its reason.
	case ${t#test/unittest/} in
	arithmetic/tst.moddiv.d)
		echo "dtrace-utils expects x % y to take the sign of y (19 % -5 == -4); in C and illumos it takes the sign of x (4)" ;;
	codegen/tst.reg_spilling.bug31187562-2.d)
		echo "dtrace-utils' .r has a 33-column FUNCTION:NAME header; DTrace prints it %32s" ;;
	esac
}

# pdesc PROVIDER-ERE: an ERE matching a probe description of that provider.
pdesc() {
	printf '%s' "(^|[^A-Za-z0-9_\$])$1[*]?:[^ :]*:[^ :]*:"
}

# opt_files TEST: where runtest.sh looks for @@options, nearest first: the
# test, then test.options (or test.<machine>.options) of each folder up to
# test/.
opt_files() {
	echo "$1"
	p=$(dirname "$1")
	while [ "$p" != . ] && [ "$p" != / ]; do
		if [ -e "$p/test.$ARCH.options" ]; then
			echo "$p/test.$ARCH.options"
		else
			echo "$p/test.options"
		fi
		p=$(dirname "$p")
	done
}

# has_opt NAME TEST: whether @@NAME appears in TEST or a test.options above it.
has_opt() {
	for f in $(opt_files "$2"); do
		[ -f "$f" ] && grep -Eq "@@$1" "$f" && return 0
	done
	return 1
}

# get_opt NAME TEST [ALL]: the value of @@NAME (`@@NAME: value`) from the
# nearest file that has it, or with ALL the values of every file joined.
get_opt() {
	v=
	for f in $(opt_files "$2"); do
		[ -f "$f" ] || continue
		l=$(grep -E -e "@@$1 *:" -e "@@$1 " -e "@@$1\$" "$f") || continue
		v="$v$(printf '%s\n' "$l" | sed "s,.*@@$1 *: ,,; s,\*/\$,,; s,  *\$,,")"
		if [ -n "$3" ]; then v="$v "; else break; fi
	done
	printf '%s' "$v"
}

# expand TEXT: TEXT after one round of shell expansion, $_pid kept as is.
expand() {
	_pid='$_pid'
	eval "printf '%s' \"$1\""
}

# strip_comments FILE: FILE without /* */ and // comments.
strip_comments() {
	awk 'BEGIN { c = 0 }
	{
		s = $0; o = ""
		while (s != "") {
			if (c) {
				i = index(s, "*/")
				if (!i) { s = ""; break }
				s = substr(s, i + 2); c = 0
			} else {
				i = index(s, "/*"); j = index(s, "//")
				if (j && (!i || j < i)) { o = o substr(s, 1, j - 1); break }
				if (!i) { o = o s; break }
				o = o substr(s, 1, i - 1) " "; s = substr(s, i + 2); c = 1
			}
		}
		print o
	}' "$1"
}

# xfail_state TEST: runtest.sh's .x programs: prints "0", "1 MSG" (expected
# to fail) or "2 MSG" (skip); the most failing of TEST.x and the test.x files
# above it wins.
xfail_state() {
	x=0 msg=
	p=$1 xb=${1%.d}
	while [ "$x" -lt 2 ]; do
		xf=$xb.$ARCH.x
		[ -e "$xf" ] || xf=$xb.x
		if [ -x "$xf" ]; then
			m=$(tmpdir=$CW dtrace=$DTRACE _test=$1 timeout -s KILL 10 "./$xf" 2>/dev/null </dev/null)
			r=$?
			[ "$r" -gt 2 ] && r=2
			if [ "$r" -gt "$x" ]; then x=$r msg=$m; fi
		elif [ -e "$xf" ] && [ "$x" -eq 0 ]; then
			x=1
		fi
		p=$(dirname "$p")
		[ "$p" = . ] && break
		xb=$p/test
		[ -e "$p/test.$ARCH.x" ] && xb=$p/test.$ARCH
	done
	echo "$x $msg" | head -1
}

# canon: the comparison's common form of both texts (see the header).
canon() {
	sed -E \
	    -e 's/^dtrace: error in [^ ]+ for probe ID [^ ]+ \((.*)\): (.*) at BPF pc NNN$/dtrace: error on probe (\1): \2/' \
	    -e 's/^dtrace: error on enabled probe ID [0-9]+ \(ID [0-9]+: (.*)\): (.*) in (action #[0-9]+|predicate) at DIF offset [0-9]+$/dtrace: error on probe (\1): \2/' \
	    -e 's/^dtrace: error in dt_clause_[0-9]+ for probe ID [0-9]+ \(([^)]*)\): (.*)$/dtrace: error on probe (\1): \2/' \
	    -e 's/^dtrace: error on enabled probe ID [0-9]+ \(ID [0-9]+: ([^)]*)\): (.*)$/dtrace: error on probe (\1): \2/' \
	    -e '/^dtrace: error on probe /s/\(([0-9]+|\{ptr\})\)$/({ptr})/'
}

# postprocess PP IN OUT: runtest.sh's: IN through PP when executable (its
# interpreter replaced by one found here if missing), then 0x... as {ptr}.
# Returns PP's exit status.
postprocess() {
	pp_rc=0
	cp "$2" "$CW/pp.out"
	if [ -x "$1" ]; then
		pp_int=$(head -1 "$1" | sed -n 's/^#! *\([^ ]*\).*/\1/p')
		if [ -n "$pp_int" ] && [ ! -x "$pp_int" ]; then
			pp_alt=$(command -v "${pp_int##*/}" ||
			    { [ "${pp_int##*/}" = gawk ] && command -v awk; })
			pp_args=$(head -1 "$1" | sed -n 's/^#! *[^ ]* *//p')
			# shellcheck disable=SC2086
			"$pp_alt" $pp_args "$1" <"$2" >"$CW/pp.tmp"
		else
			"./$1" <"$2" >"$CW/pp.tmp"
		fi
		pp_rc=$?
		[ $pp_rc -eq 0 ] && mv "$CW/pp.tmp" "$CW/pp.out"
	fi
	sed -e '/^==[0-9][0-9]*== /!s,0x[0-9a-f][0-9a-f]*,{ptr},g' \
	    -e 's,at BPF pc [1-9][0-9]*,at BPF pc NNN,' <"$CW/pp.out" | canon >"$3"
	return $pp_rc
}

# testing_columns: dtr's stdout as DTrace prints it under _DTRACE_TESTING,
# which runtest.sh sets: without the CPU and ID columns of default records
# (`%3d %6d %32s ` becomes `%32s `) and without the CPU column under -F.
testing_columns() {
	awk '
	h == 0 && /^CPU     ID +FUNCTION:NAME$/ { h = 1; print substr($0, 12); next }
	h == 0 && /^CPU FUNCTION/ { h = 2; print substr($0, 5); next }
	h == 1 && /^[ 0-9][ 0-9][0-9] [ 0-9][ 0-9][ 0-9][ 0-9][ 0-9][0-9] / &&
	    substr($0, 12) ~ /^ *[^ ]*:[^ ]*( |$)/ { print substr($0, 12); next }
	h == 2 && /^[ 0-9][ 0-9][0-9] / { print substr($0, 5); next }
	{ print }'
}

# first_diff EXPECTED GOT: the first differing lines, shortened.
first_diff() {
	diff "$1" "$2" | awk '
		$0 == "< -- @@stderr --" || $0 == "> -- @@stderr --" { next }
		/^</ && e == "" { e = substr($0, 3) }
		/^>/ && g == "" { g = substr($0, 3) }
		END {
			if (length(e) > 70) e = substr(e, 1, 67) "..."
			if (length(g) > 70) g = substr(g, 1, 67) "..."
			if (e == "" && g != "") printf "extra line \"%s\"", g
			else if (g == "" && e != "") printf "missing line \"%s\"", e
			else printf "want \"%s\", got \"%s\"", e, g
		}'
}

# err_line FILE: the first line of stderr that says something (not a
# "matched N probes" line), without the script's name, shortened.
err_line() {
	grep -v "matched [0-9]* probes*\$" "$1" | grep -v '^ *$' | head -1 |
	    sed 's/^dtrace: failed to compile script [^ ]*: //' | cut -c1-120
}

# record STATUS REASON [MSG]: this test's result line.
record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$kind" "$dir" "$rel" \
	    "$(printf '%s' "$2" | tr '\t\n' '  ')" "${3:--}" >"$RES/$key"
}

# run_test TEST: run one test (relative to CHECKOUT) and record its result.
run_test() {
	t=$1
	rel=${t#test/unittest/}
	dir=${rel%%/*}
	name=${t##*/}
	base=${t%.d}
	key=$(printf '%s' "$rel" | tr / %)
	case $name in
	err.*) kind=err ;;
	*) kind=tst ;;
	esac
	cd "$CK" || exit 1
	CW=$W/case.$$
	rm -rf "$CW"
	mkdir -p "$CW"
	strip_comments "$t" >"$CW/src"

	why=$(skip_reason "$t" "$CW/src")
	if [ -n "$why" ]; then
		record skip "$why"
		rm -rf "$CW"
		return
	fi
	set -- $(xfail_state "$t")
	xf=$1
	shift
	xmsg="$*"
	if [ "$xf" = 2 ]; then
		record skip "upstream .x: ${xmsg:-not for this system}"
		rm -rf "$CW"
		return
	fi
	if [ "$xf" = 0 ] && has_opt xfail "$t" && ! has_opt no-xfail "$t"; then
		xf=1
		xmsg=$(get_opt xfail "$t")
	fi

	tmo=$TMO
	if has_opt timeout "$t"; then
		n=$(get_opt timeout "$t" | tr -dc 0-9)
		[ -n "$n" ] && [ "$n" -gt "$tmo" ] && tmo=$n
	fi

	# Flags, tag and trigger, as runtest.sh forms them.
	flags="$CPPFLAGS"
	tag=
	case $name in
	err.D_*)
		flags="$flags -xerrtags"
		tag=${name#err.}
		tag=${tag%%.*} ;;
	drp.*)
		flags="$flags -xdroptags"
		tag=${name#drp.}
		tag=${tag%%.*} ;;
	esac
	opts=
	has_opt runtest-opts "$t" && opts=$(expand "$(get_opt runtest-opts "$t")")
	trig=none
	has_opt trigger "$t" && trig=$(expand "$(get_opt trigger "$t")")
	trig=$(printf '%s' "$trig" | sed 's/^ *//; s/ *$//')
	[ -z "$trig" ] && trig=none
	tprog= timing=synchro delay=
	if [ "$trig" != none ]; then
		tname=${trig%% *}
		targs=
		[ "$tname" != "$trig" ] && targs=${trig#* }
		if [ -x "$W/triggers/$tname" ]; then
			tprog=$W/triggers/$tname
		elif [ -x "test/triggers/$tname" ] && [ ! -e "test/triggers/$tname.c" ]; then
			tprog=test/triggers/$tname
		else
			record skip "trigger $tname: not built (no test/triggers/$tname.c, or cc failed on it)"
			rm -rf "$CW"
			return
		fi
		if has_opt trigger-timing "$t"; then
			timing=$(get_opt trigger-timing "$t")
			case $timing in
			after) delay=1 ;;
			before | synchro) ;;
			*) delay=$timing ;;
			esac
		fi
	fi

	# Run it: dtr in a process group of its own (timeout makes one), killed
	# with all it started when the time is up or it is done.
	tpid=
	if [ -n "$tprog" ] && [ "$timing" != synchro ]; then
		# shellcheck disable=SC2086
		setsid sh -c 'd=$1; shift; [ -n "$d" ] && sleep "$d"; exec "$@"' sh "$delay" "$tprog" $targs \
		    >/dev/null 2>&1 </dev/null &
		tpid=$!
		opts=$(printf '%s' "$opts" | sed "s/\\\$_pid/$tpid/g")
	fi
	set -f
	# shellcheck disable=SC2086
	set -- $flags -s "$t" $opts
	set +f
	if [ -n "$tprog" ] && [ "$timing" = synchro ]; then
		set -- "$@" -c "$tprog${targs:+ $targs}"
	fi
	printf 'cd %s && timeout -s KILL %s %s' "$CK" "$tmo" "$DTRACE" >"$CW/cmd"
	printf ' %s' "$@" >>"$CW/cmd"
	echo >>"$CW/cmd"
	timeout -s KILL "$tmo" "$DTRACE" "$@" >"$CW/stdout" 2>"$CW/stderr" </dev/null &
	dpid=$!
	{ wait "$dpid"; } 2>/dev/null
	rc=$?
	/bin/kill -s KILL -- "-$dpid" 2>/dev/null
	[ -n "$tpid" ] && /bin/kill -s KILL -- "-$tpid" 2>/dev/null
	tpid= dpid=

	# stderr as runtest.sh reads it, dtr's name as DTrace's.
	grep -vE '^[a-z_]+ DEBUG [0-9]+: ' "$CW/stderr" |
	    sed -e 's/Invalid member name/Member name not found/' -e 's/^dtr: /dtrace: /' >"$CW/err"
	if [ "$kind" = err ]; then
		# dtr's compile errors add FILE:LINE:COL:, the source line and a
		# caret, which DTrace's lack.
		awk 'skip > 0 { skip--; next }
		     /^[^ ]+:[0-9]+:[0-9]+:$/ { skip = 2; next }
		     { print }' "$CW/err" >"$CW/err.1" && mv "$CW/err.1" "$CW/err"
	fi
	testing_columns <"$CW/stdout" >"$CW/all"
	if [ -s "$CW/err" ]; then
		echo "-- @@stderr --" >>"$CW/all"
		cat "$CW/err" >>"$CW/all"
	fi
	export tst="$base" _test="$t"
	postprocess "$base.r.p" "$CW/all" "$CW/got"
	pprc=$?
	rfile=$base.$ARCH.r
	[ -e "$rfile" ] || rfile=$base.r
	sorted=sort
	has_opt nosort "$t" && sorted=cat
	cmpres=none
	if [ -e "$rfile" ]; then
		canon <"$rfile" | $sorted >"$CW/expected"
		$sorted <"$CW/got" >"$CW/got.cmp"
		if cmp -s "$CW/expected" "$CW/got.cmp"; then
			cmpres=same
		else
			cmpres=differs
		fi
	fi

	# Judge it.
	bad=
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		if ! has_opt timeout-success "$t"; then
			bad="timed out after $tmo s"
		fi
	elif [ $rc -eq 67 ]; then
		[ "$kind" = tst ] && xf=1
		[ "$kind" = tst ] || bad="exit status 67 (xfail), want 1"
		[ -z "$bad" ] && [ -z "$xmsg" ] && xmsg="exit status 67"
	elif [ $rc -ge 129 ] && [ $rc -le 193 ]; then
		bad="killed by signal $((rc - 128))"
	fi
	if [ -z "$bad" ] && [ "$kind" = err ]; then
		if [ $rc -ne 1 ]; then
			bad="exit status $rc, want 1"
			l=$(err_line "$CW/err")
			[ -n "$l" ] && bad="$bad: $l"
		elif [ -n "$tag" ] && ! grep -qF "[$tag]" "$CW/err"; then
			got=$(grep -o '\[D_[A-Z0-9_]*\]' "$CW/err" | head -1)
			if [ -n "$got" ]; then
				bad="wrong tag: got $got, want [$tag]"
			else
				bad="no tag, want [$tag]: $(err_line "$CW/err")"
			fi
		fi
	elif [ -z "$bad" ]; then
		if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $rc -ne 137 ] && [ $rc -ne 67 ]; then
			bad="exit status $rc, want 0"
			l=$(err_line "$CW/err")
			[ -n "$l" ] && bad="$bad: $l"
		elif [ "$cmpres" = differs ]; then
			bad="output differs: $(first_diff "$CW/expected" "$CW/got.cmp")"
		elif [ -n "$tag" ] && ! grep -qF "[$tag]" "$CW/err"; then
			bad="no [$tag] in stderr"
		elif [ $pprc -ne 0 ]; then
			bad="results postprocessor failed with exit status $pprc"
		fi
	fi
	if [ -z "$bad" ] && [ "$xf" = 1 ] && [ "$rc" -eq 67 ]; then
		bad="exit status 67"
	fi
	if [ -n "$bad" ] && [ "$xf" != 1 ] &&
	   get_opt tags "$t" all | grep -q unstable; then
		xf=1 xmsg="unstable"
	fi
	if [ -z "$bad" ]; then
		record pass "" "$cmpres"
	elif [ "$xf" = 1 ]; then
		record xfail "$bad (upstream xfail: ${xmsg:-.x})" "$cmpres"
	else
		record fail "$bad" "$cmpres"
	fi
	if [ -n "$KEEP" ]; then
		mkdir -p "$KEEP/$rel"
		for f in cmd stdout stderr expected got.cmp; do
			[ -e "$CW/$f" ] && cp "$CW/$f" "$KEEP/$rel/$f"
		done
		cp "$RES/$key" "$KEEP/$rel/result"
		if [ -e "$CW/expected" ]; then
			diff -u "$CW/expected" "$CW/got.cmp" >"$KEEP/$rel/diff"
		fi
	fi
	if [ -n "$VERBOSE" ] && [ -n "$bad" ] && [ -e "$CW/expected" ]; then
		diff -u "$CW/expected" "$CW/got.cmp" | sed -n '3,14s/^/      /p' >"$RES/$key.diff"
	fi
	rm -rf "$CW"
}

# A worker: run each test named on the command line.
if [ "$1" = --worker ]; then
	shift
	trap '/bin/kill -s KILL -- ${dpid:+"-$dpid"} ${tpid:+"-$tpid"} 2>/dev/null; rm -rf "$CW"; exit 130' INT TERM HUP
	for t in "$@"; do
		run_test "$t"
	done
	exit 0
fi

# --- main ---------------------------------------------------------------
if [ $# -lt 2 ]; then
	echo "usage: sh $0 DTR DTRACE-UTILS-CHECKOUT [TEST...]" >&2
	exit 2
fi
DTR=$1 CK=$2
shift 2
if [ ! -x "$DTR" ]; then
	echo "error: $DTR is not an executable" >&2
	exit 2
fi
if [ -d "$CK/unittest" ] && [ ! -d "$CK/test/unittest" ] && [ "$(basename "$CK")" = test ]; then
	CK=$(dirname "$CK")
fi
if [ ! -d "$CK/test/unittest" ]; then
	echo "error: $CK has no test/unittest: give a checkout of oracle/dtrace-utils (branch devel)" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "skip: dtr needs root to run D programs (uid $(id -u))"
	echo "0 passed, 0 failed"
	exit 0
fi
DTR=$(cd "$(dirname "$DTR")" && pwd)/$(basename "$DTR")
CK=$(cd "$CK" && pwd)
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
ARCH=$(uname -m)
JOBS=${CONF_JOBS:-2}
TMO=${CONF_TIMEOUT:-15}
MAXTMO=${CONF_MAX_TIMEOUT:-30}
KEEP=${CONF_KEEP:-}
VERBOSE=${CONF_VERBOSE:-}
if [ -n "$KEEP" ]; then
	mkdir -p "$KEEP" && KEEP=$(cd "$KEEP" && pwd) || exit 2
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/dtr-conformance.XXXXXX") || exit 2
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP
RES=$W/res
mkdir -p "$RES" "$W/bin" "$W/triggers"
# The tracer is called dtrace (tests compare execname with "dtrace"), and is
# a copy, so that a rebuild of DTR during the run does not mix two versions.
cp "$DTR" "$W/bin/dtrace" || exit 2
DTRACE=$W/bin/dtrace
CPPFLAGS="-Iinclude -Iuts/common -Ibuild -Ilibdtrace -DARCH_$ARCH"
export LC_ALL=C LANGUAGE=C _DTRACE_TESTING=t
export DTR CK ARCH TMO MAXTMO KEEP VERBOSE W RES DTRACE CPPFLAGS

cd "$CK" || exit 2
# The tests: all of DIRS, or those named.
if [ $# -gt 0 ]; then
	for a in "$@"; do
		a=${a#test/unittest/}
		if [ -d "test/unittest/$a" ]; then
			find "test/unittest/$a" -name '*.d'
		elif [ -f "test/unittest/$a" ]; then
			echo "test/unittest/$a"
		else
			echo "warning: no test $a" >&2
		fi
	done
else
	for d in $DIRS; do
		[ -d "test/unittest/$d" ] || continue
		find "test/unittest/$d" -name '*.d'
	done
fi | grep -E '/(tst|err|drp)\.[^/]*\.d$' | grep -v '/\.' | sort -u >"$W/tests"

# Triggers the tests name, built from test/triggers/NAME.c.
for n in $(grep -l '@@trigger' $(cat "$W/tests") /dev/null 2>/dev/null |
	   xargs grep -h '@@trigger *:' 2>/dev/null |
	   sed 's,.*@@trigger *: *,,; s,\*/.*,,' | awk '{ print $1 }' | sort -u); do
	[ "$n" = none ] && continue
	[ -f "test/triggers/$n.c" ] || continue
	# the flags test/triggers/Build gives it: ustack-tst-basic is built
	# -O0 (at -O2 its chain of calls folds into one loop in main),
	# readwholedir without inlining, proc-tst-omp with -fopenmp
	extra=$(sed -n "s/^$n"'_\(CFLAGS\|LDFLAGS\|LIBS\) *:= *//p' test/triggers/Build 2>/dev/null |
		tr '\n' ' ')
	# shellcheck disable=SC2086
	cc -std=gnu99 -D_GNU_SOURCE -O2 -g $extra -o "$W/triggers/$n" "test/triggers/$n.c" \
	    -pthread -lrt >"$W/cc.$n.log" 2>&1 ||
		echo "note: trigger $n did not build: $(head -1 "$W/cc.$n.log")" >&2
done

# Tests with a trigger watch what it does system-wide: they run one at a
# time, after the others, which run CONF_JOBS at a time.
xargs grep -l '@@trigger *: *[a-z]' <"$W/tests" 2>/dev/null | grep -v '@@trigger: *none' |
    sort >"$W/serial"
xargs grep -l '@@trigger *: *none' <"$W/tests" 2>/dev/null | sort >"$W/none"
comm -23 "$W/serial" "$W/none" >"$W/serial.1" && mv "$W/serial.1" "$W/serial"
comm -23 "$W/tests" "$W/serial" >"$W/parallel"
echo "dtrace-utils: $(wc -l <"$W/tests") tests in $CK/test/unittest; dtr: $DTR; $JOBS jobs, ${TMO} s timeout"
xargs -n 4 -P "$JOBS" sh "$SELF" --worker <"$W/parallel"
xargs -n 1 sh "$SELF" --worker <"$W/serial"

# Report.
cat "$RES"/* 2>/dev/null | grep -v '^$' | sort -t "$(printf '\t')" -k4,4 >"$W/results.tsv"
[ -n "$KEEP" ] && cp "$W/results.tsv" "$KEEP/results.tsv"
awk -F '\t' '$1 == "fail" { printf "FAIL  %s: %s\n", $4, $5 }' "$W/results.tsv"
if [ -n "$VERBOSE" ]; then
	for f in "$RES"/*.diff; do
		[ -e "$f" ] || continue
		echo "diff of $(basename "$f" .diff | tr % /):"
		cat "$f"
	done
fi
awk -F '\t' '
function pct(p, f) { return (p + f) ? sprintf("%5.1f%%", 100 * p / (p + f)) : "    -" }
function line(label, k, d) {
	return sprintf("%s %4d passed, %4d failed, %4d skipped, %3d xfail (%s)", label,
	    n[k, d, "pass"], n[k, d, "fail"], n[k, d, "skip"], n[k, d, "xfail"],
	    pct(n[k, d, "pass"], n[k, d, "fail"]))
}
{
	n[$2, $3, $1]++; n[$2, "", $1]++; dirs[$3] = 1
	if ($2 == "err" && $1 != "skip" && $6 != "-") { msg[$6]++ }
}
END {
	nd = 0
	for (d in dirs) list[++nd] = d
	for (i = 2; i <= nd; i++)
		for (j = i; j > 1 && list[j - 1] > list[j]; j--) {
			x = list[j]; list[j] = list[j - 1]; list[j - 1] = x
		}
	printf "\n%-13s %-66s %s\n", "directory", "tst", "err"
	for (i = 1; i <= nd; i++) {
		d = list[i]
		printf "%-13s %s  %s\n", d, line("", "tst", d), line("", "err", d)
	}
	print ""
	print line("tst:", "tst", "")
	print line("err:", "err", "")
	p = n["tst", "", "pass"] + n["err", "", "pass"]
	f = n["tst", "", "fail"] + n["err", "", "fail"]
	s = n["tst", "", "skip"] + n["err", "", "skip"]
	x = n["tst", "", "xfail"] + n["err", "", "xfail"]
	printf "all: %4d passed, %4d failed, %4d skipped, %3d xfail (%s)\n", p, f, s, x, pct(p, f)
	if (msg["same"] + msg["differs"])
		printf "err messages equal to DTrace'"'"'s .r (informational): %d of %d\n",
		    msg["same"], msg["same"] + msg["differs"]
	printf "%d passed, %d failed\n", p, f
}' "$W/results.tsv"
! grep -q '^fail' "$W/results.tsv"
