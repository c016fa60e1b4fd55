#!/usr/sbin/dtr -qs
/*
 * cpuwalk.d - which CPUs a process runs on: a distribution of the CPU
 *             each of its threads is switched onto, per process.
 *
 * Usage: dtr -s cpuwalk.d -c 'cmd'       (until cmd exits)
 *        dtr -s cpuwalk.d -p PID         (until PID exits, or Ctrl-C)
 *        dtr -s cpuwalk.d                (every process; Ctrl-C to print)
 *
 * Output, per process (PID and command name):
 *          value   CPU id
 *          count   times a thread of the process went on that CPU
 *
 * A thread that spins without being switched out counts once; a
 * process that moves between CPUs shows several rows.
 */

#pragma D option quiet

inline int MAXCPU = 1024;

dtrace:::BEGIN
{
	printf("Tracing... Hit Ctrl-C to end.\n");
}

sched:::on-cpu
/pid == $target || ($target == 0 && pid != 0)/
{
	@sample[pid, execname] = lquantize(cpu, 0, MAXCPU, 1);
	@events[pid, execname] = count();
}

dtrace:::END
{
	printa("\n     PID: %-8d CMD: %s\n%@d", @sample);
	printf("\n%8s %-16s %s\n", "PID", "CMD", "ON-CPU");
	printa("%8d %-16s %@d\n", @events);
}
