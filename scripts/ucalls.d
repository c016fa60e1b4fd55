#!/usr/sbin/dtr -qs
/*
 * ucalls.d - count a program's function calls by library and function,
 * with the time spent in each (inclusive, nanoseconds).
 *
 * Usage: dtr -s ucalls.d -c 'cmd'      (the calls cmd makes while it runs)
 *        dtr -s ucalls.d -p PID        (Ctrl-C to print)
 *
 * Every function of every object the process maps is probed (pid provider,
 * uprobes). Narrow it for busy programs: 'pid$target:a.out::entry' for the
 * program's own functions only.
 */

#pragma D option quiet

pid$target:::entry
{
	@calls[probemod, probefunc] = count();
	self->ts[probefunc] = timestamp;
}

pid$target:::return
/self->ts[probefunc]/
{
	@ns[probemod, probefunc] = sum(timestamp - self->ts[probefunc]);
	self->ts[probefunc] = 0;
}

END
{
	printf("%-24s %-40s %10s\n", "MODULE", "FUNCTION", "CALLS");
	printa("%-24s %-40s %@10d\n", @calls);
	printf("\n%-24s %-40s %14s\n", "MODULE", "FUNCTION", "INCLUSIVE NS");
	printa("%-24s %-40s %@14d\n", @ns);
}
