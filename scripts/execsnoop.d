#!/usr/sbin/dtr -qs
/*
 * execsnoop.d - snoop new processes as they execute: one line per
 *               successful exec, with its time, user, pid, parent pid,
 *               command name and the path it executed.
 *
 * Usage: dtr -s execsnoop.d              (every exec; Ctrl-C to stop)
 *        dtr -s execsnoop.d -c 'cmd'     (execs of cmd and its descendants)
 *        dtr -s execsnoop.d -p PID       (execs of PID and its descendants)
 *
 * Columns: TIME  wall clock time of the exec
 *          UID   user ID
 *          PID   process ID
 *          PPID  parent process ID
 *          COMM  command name of the new image (at most 15 characters)
 *          PATH  the path passed to execve(2)
 *
 * PATH is the kernel's copy of execve's path (sched_process_exec's
 * filename), which needs no copy from the process's old image. The
 * argument list is not shown: D cannot copy in the argv array.
 */

#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%-20s %5s %6s %6s %-16s %s\n", "TIME", "UID", "PID", "PPID",
	    "COMM", "PATH");
}

proc:::exec-success
/$target == 0 || progenyof($target)/
{
	printf("%-20Y %5d %6d %6d %-16s %s\n", walltimestamp, uid, pid, ppid,
	    execname, args->filename);
}
