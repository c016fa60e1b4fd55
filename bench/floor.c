/* The start-up floor for `make bench`: a program that prints a tracer's
 * "matched" line at once and waits for SIGINT. Its start to that line,
 * timed by bench/session.c like the tracers', is what process creation,
 * exec and the dynamic loader cost on this machine at that moment: the
 * part of "start to attached" no tracer can take away. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void stop(int sig)
{
	(void)sig;
	_exit(0);
}

int main(void)
{
	signal(SIGINT, stop);
	fprintf(stderr, "floor: matched\n");
	for (;;)
		pause();
}
