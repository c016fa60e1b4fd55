/* The start-up floors for `make bench`: a program that prints a tracer's
 * "matched" line and waits for SIGINT, timed by bench/session.c like the
 * tracers. With no argument it prints the line at once: its start is what
 * process creation, exec and the dynamic loader cost on this machine at
 * that moment, the part of "start to attached" no tracer can take away.
 * With the argument `perf` it first does the least a tracer on perf
 * events does for case 1: it reads raw_syscalls:sys_enter's id from
 * tracefs and opens, on every CPU, one event sampling the thread id into
 * a 64 KiB ring (the tracepoint is registered by the first), then enables
 * them: the kernel's part of the start added to the first floor. */
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RING (64u << 10)
#define MAXCPU 1024

static void stop(int sig)
{
	(void)sig;
	_exit(0);
}

/* raw_syscalls:sys_enter's tracepoint id, or -1 */
static int tracepoint_id(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[128], buf[32];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/raw_syscalls/sys_enter/id", dirs[i]);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = 0;
			return atoi(buf);
		}
	}
	return -1;
}

/* Open and enable the event on every CPU: 0, or -1 with a message. */
static int attach(void)
{
	static int fds[MAXCPU];
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int id = tracepoint_id(), n = 0;

	if (id < 0) {
		fprintf(stderr, "floor: no raw_syscalls:sys_enter in tracefs (is it mounted?)\n");
		return -1;
	}
	for (long c = 0; c < ncpu && c < MAXCPU; c++) {
		struct perf_event_attr a = {
			.size = sizeof(a), .type = PERF_TYPE_TRACEPOINT, .config = (unsigned)id,
			.sample_period = 1, .sample_type = PERF_SAMPLE_TID, .disabled = 1,
			.watermark = 1, .wakeup_watermark = RING / 4,
		};
		int fd = (int)syscall(SYS_perf_event_open, &a, -1, (int)c, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0)
			continue; /* an offline CPU */
		if (mmap(NULL, RING + (size_t)sysconf(_SC_PAGESIZE), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0) == MAP_FAILED) {
			perror("floor: mmap");
			return -1;
		}
		fds[n++] = fd;
	}
	if (!n) {
		perror("floor: perf_event_open");
		return -1;
	}
	for (int i = 0; i < n; i++)
		ioctl(fds[i], PERF_EVENT_IOC_ENABLE, 0);
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGINT, stop);
	if (argc > 1 && !strcmp(argv[1], "perf") && attach() < 0)
		return 1;
	fprintf(stderr, "floor: matched\n");
	for (;;)
		pause();
}
