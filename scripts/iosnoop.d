#!/usr/sbin/dtr -qs
/*
 * iosnoop.d - snoop block device I/O as it completes: one line per
 *             request, with its device, sector, size, direction and the
 *             time from issue to completion.
 *
 * Usage: dtr -s iosnoop.d                (Ctrl-C to stop)
 *        dtr -s iosnoop.d -c 'cmd'       (while cmd runs; all I/O is shown)
 *
 * Columns: TIME(us)  completion time, microseconds since tracing began
 *          PID       process ID that issued the request (often a kernel
 *                    worker for writeback and journal I/O)
 *          D         direction: R read, W write, D discard, - other
 *                    (a flush)
 *          RWBS      the block layer's flags (F flush, A readahead,
 *                    S sync, M metadata, ...)
 *          DEV       device major,minor
 *          BLOCK     first 512-byte sector
 *          BYTES     request size
 *          LAT(us)   microseconds from io:::start to io:::done
 *
 * Requests are matched from start to done by device and sector; those
 * already in flight when tracing began are not shown.
 */

#pragma D option quiet
#pragma D option switchrate=10hz

dtrace:::BEGIN
{
	printf("%-12s %6s %1s %-4s %-7s %12s %8s %8s\n", "TIME(us)", "PID", "D",
	    "RWBS", "DEV", "BLOCK", "BYTES", "LAT(us)");
	begin = timestamp;
}

/* arg0 bytes, arg1 device, arg2 sector */
io:::start
{
	start_time[arg1, arg2] = timestamp;
	start_pid[arg1, arg2] = pid;
	start_bytes[arg1, arg2] = arg0;
}

io:::done
/start_time[arg1, arg2]/
{
	this->lat = (timestamp - start_time[arg1, arg2]) / 1000;
	this->dir = index(args->rwbs, "W") >= 0 ? "W" :
	    index(args->rwbs, "R") >= 0 ? "R" :
	    index(args->rwbs, "D") >= 0 ? "D" : "-";
	printf("%-12d %6d %1s %-4s %3d,%-3d %12d %8d %8d\n",
	    (timestamp - begin) / 1000, start_pid[arg1, arg2], this->dir,
	    args->rwbs, getmajor(arg1), getminor(arg1), arg2,
	    start_bytes[arg1, arg2], this->lat);
	start_time[arg1, arg2] = 0;
	start_pid[arg1, arg2] = 0;
	start_bytes[arg1, arg2] = 0;
}
