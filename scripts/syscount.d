#!/usr/sbin/dtr -qs
/*
 * syscount.d - count system calls by process, then by system call.
 *
 * Usage: dtr -s syscount.d              (Ctrl-C to print the counts)
 *        dtr -s syscount.d -c 'cmd'     (counts while cmd runs)
 */

syscall:::entry
{
	@byproc[execname] = count();
	@bycall[probefunc] = count();
}
