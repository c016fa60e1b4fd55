#!/usr/sbin/dtr -qs
/*
 * opensnoop.d - snoop file opens as they happen: one line per open(2),
 *               openat(2) or openat2(2), with the file descriptor it
 *               returned (-1 on failure), the errno and the path.
 *
 * Usage: dtr -s opensnoop.d              (every open; Ctrl-C to stop)
 *        dtr -s opensnoop.d -c 'cmd'     (opens by cmd and its descendants)
 *        dtr -s opensnoop.d -p PID       (opens by PID and its descendants)
 *
 * Columns: UID   user ID
 *          PID   process ID
 *          COMM  command name
 *          FD    file descriptor returned, or -1 on failure
 *          ERR   errno (0 on success)
 *          PATH  the path asked for, as the process passed it
 *
 * The path is copied in at entry, while the caller's memory surely holds
 * it, kept in self->path and printed when the call returns.
 */

#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%5s %6s %-16s %3s %3s %s\n", "UID", "PID", "COMM", "FD", "ERR",
	    "PATH");
}

syscall::open:entry
/$target == 0 || progenyof($target)/
{
	self->path = copyinstr(arg0);
	self->ok = 1;
}

syscall::openat:entry,
syscall::openat2:entry
/$target == 0 || progenyof($target)/
{
	self->path = copyinstr(arg1);
	self->ok = 1;
}

syscall::open:return,
syscall::openat:return,
syscall::openat2:return
/self->ok/
{
	printf("%5d %6d %-16s %3d %3d %s\n", uid, pid, execname,
	    (int)arg0 < 0 ? -1 : (int)arg0, errno, self->path);
	self->path = 0;
	self->ok = 0;
}
