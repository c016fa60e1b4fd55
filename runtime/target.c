/* Running a -c command, held before exec, up to its entry point: the
 * program and the libraries the dynamic linker loads are then mapped, so
 * pid and usdt probes can be made and attached before the program runs its
 * first instruction of its own. Done with ptrace: follow the exec, plant a
 * breakpoint at the entry (AT_ENTRY), take it out when hit, and leave the
 * process stopped for the session to continue. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/rt.h"

/* The entry point of pid's program, from its auxiliary vector. */
static uint64_t entry_of(pid_t pid)
{
	char path[64];
	uint64_t av[2], entry = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	while (read(fd, av, sizeof(av)) == sizeof(av) && av[0] != AT_NULL)
		if (av[0] == AT_ENTRY)
			entry = av[1];
	close(fd);
	return entry;
}

/* Wait for the next stop of a seized tracee, letting through the stops on
 * the way (the SIGCONT that wakes it, its group stop). Returns the wait
 * status, or -1 when it exited. */
static int next_stop(pid_t pid, int want_exec)
{
	for (;;) {
		int st;
		if (waitpid(pid, &st, __WALL) != pid || WIFEXITED(st) || WIFSIGNALED(st))
			return -1;
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st), event = st >> 16;
		if (want_exec && event == PTRACE_EVENT_EXEC)
			return st;
		if (!want_exec && sig == SIGTRAP && event == 0)
			return st;
		/* anything else goes on: a group stop, SIGCONT, another signal */
		int pass = event || sig == SIGSTOP || sig == SIGCONT || sig == SIGTRAP ? 0 : sig;
		if (ptrace(PTRACE_CONT, pid, 0, (void *)(long)pass) < 0)
			return -1;
	}
}

int rt_target_advance(pid_t pid, char *err, size_t errlen)
{
	struct user_regs_struct regs;
	uint64_t entry;
	long word;

	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)(PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) < 0) {
		snprintf(err, errlen, "failed to control the command: %s", strerror(errno));
		return -1;
	}
	kill(pid, SIGCONT);
	if (next_stop(pid, 1) < 0) {
		snprintf(err, errlen, "the command exited before it ran");
		return -1;
	}
	entry = entry_of(pid);
	errno = 0;
	word = entry ? ptrace(PTRACE_PEEKTEXT, pid, (void *)entry, 0) : -1;
	if (!entry || errno ||
	    ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)((word & ~0xffL) | 0xcc)) < 0 ||
	    ptrace(PTRACE_CONT, pid, 0, 0) < 0 || next_stop(pid, 0) < 0 ||
	    ptrace(PTRACE_GETREGS, pid, 0, &regs) < 0 || regs.rip != entry + 1) {
		snprintf(err, errlen, "failed to run the command to its entry point: %s",
			 errno ? strerror(errno) : "unexpected stop");
		kill(pid, SIGKILL);
		return -1;
	}
	regs.rip = entry;
	if (ptrace(PTRACE_POKETEXT, pid, (void *)entry, (void *)word) < 0 ||
	    ptrace(PTRACE_SETREGS, pid, 0, &regs) < 0 ||
	    ptrace(PTRACE_DETACH, pid, 0, (void *)(long)SIGSTOP) < 0) {
		snprintf(err, errlen, "failed to hold the command at its entry point: %s", strerror(errno));
		kill(pid, SIGKILL);
		return -1;
	}
	int st;
	if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st)) {
		snprintf(err, errlen, "the command exited before it ran");
		return -1;
	}
	return 0;
}
