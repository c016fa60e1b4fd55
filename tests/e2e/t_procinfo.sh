# DTrace's psinfo_t and lwpsinfo_t members read from /proc (curpsinfo,
# curlwpsinfo, the sched probes' args[]) against what the process says of
# itself, and sched:::dequeue and enqueue.

if need_root "psinfo_t and lwpsinfo_t from /proc"; then
	# the interpreter itself, not a wrapper script (pyenv) that runs it
	PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	# a process with effective ids apart from its real ones, three threads,
	# its main thread SCHED_FIFO 10 (the kernel's prio 89): it writes what
	# it knows of itself, then calls getppid()
	cat >"$T/ids.py" <<-'EOF'
	import os, sys, threading, time
	out = open(sys.argv[1], "w")
	os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
	os.setresgid(0, 65534, 0)
	os.setresuid(0, 65534, 0)
	for i in range(2):
	    threading.Thread(target=time.sleep, args=(3,), daemon=True).start()
	st = open("/proc/self/stat").read().rsplit(")", 1)[1].split()
	btime = [int(l.split()[1]) for l in open("/proc/stat") if l.startswith("btime")][0]
	start = btime + int(st[19]) // os.sysconf("SC_CLK_TCK")
	out.write("%d %d %d %d %d %d RT 89 2\n" % (os.getpgid(0), os.getsid(0), os.geteuid(),
	    os.getegid(), threading.active_count(), start))
	out.close()
	for i in range(5):
	    os.getppid()
	    time.sleep(0.1)
	EOF
	run "$DTR" -q -n 'syscall::getppid:entry /pid == $target/ { printf("%d %d %d %d %d %d %s %d %d\n",
		curpsinfo->pr_pgid, curpsinfo->pr_sid, curpsinfo->pr_euid, curpsinfo->pr_egid, curpsinfo->pr_nlwp,
		curpsinfo->pr_start.tv_sec, curlwpsinfo->pr_clname, curlwpsinfo->pr_pri, curpsinfo->pr_dmodel);
		exit(0); }' -c "$PY $T/ids.py $T/ids"
	# the start second from btime may differ by one from the exact one
	check "curpsinfo pr_pgid, pr_sid, pr_euid, pr_egid, pr_nlwp, pr_start, pr_dmodel and curlwpsinfo pr_clname, pr_pri are /proc's" \
		awk 'NR == FNR { for (i = 1; i <= NF; i++) w[i] = $i; next }
			NF == 9 { n++; for (i = 1; i <= 9; i++) if (i == 6 ? ($i - w[i] > 1 || w[i] - $i > 1) : $i != w[i]) bad++ }
			END { exit !(n == 1 && !bad) }' "$T/ids" "$T/out"

	printf 'import os, time\nos.getppid()\ntime.sleep(0.5)\n' >"$T/nice.py"
	run "$DTR" -q -n 'syscall::getppid:entry /pid == $target/ { printf("%s %d %d %c %d\n", curlwpsinfo->pr_clname,
		curlwpsinfo->pr_pri, curlwpsinfo->pr_state, curlwpsinfo->pr_sname, curlwpsinfo->pr_flag); exit(0); }' \
		-c "nice -n 5 $PY $T/nice.py"
	check "curlwpsinfo of a niced thread: TS, the kernel's prio 125, running" grep -qx 'TS 125 2 R 0' "$T/out"

	# a thread that blocks leaves the run queue: dequeue fires with it as
	# args[0] as often as sleep fires; new threads join one (enqueue)
	run "$DTR" -q -n 'sched:::dequeue /pid == $target/ { @d[args[0]->pr_lwpid == tid, args[1]->pr_pid == pid,
		args[2]->cpu_id == cpu, args[0]->pr_sname] = count(); } sched:::sleep /pid == $target/ { @s = count(); }
		sched:::enqueue /args[1]->pr_ppid == $target/ { @e = count(); }
		END { printa("dequeue %@d %d %d %d %c\n", @d); printa("sleep %@d\n", @s); printa("enqueue %@d\n", @e); }' \
		-c "$WL/wl_forks 20"
	check "sched:::dequeue fires as the thread that blocks, args[0..2] its lwpsinfo_t, psinfo_t, cpuinfo_t" \
		awk '$1 == "dequeue" && $3 $4 $5 == "111" && ($6 == "S" || $6 == "Z") { d += $2 } $1 == "sleep" { s = $2 }
			END { exit !(s > 0 && d == s) }' "$T/out"
	check "sched:::enqueue fires for new threads (sched_wakeup_new)" \
		awk '$1 == "enqueue" && $2 >= 20 { ok = 1 } END { exit !ok }' "$T/out"
	expect_rc "sched:::dequeue is listed once, enqueue once" 0 '^ *[0-9]+ +sched +vmlinux +enqueue$' \
		sh -c '"$DTR" -l -n "sched:::dequeue,sched:::enqueue" && [ $("$DTR" -l -n sched:::enqueue | wc -l) = 2 ] &&
		[ $("$DTR" -l -n sched:::dequeue | wc -l) = 2 ]'
fi
