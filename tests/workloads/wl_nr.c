/* Workload: makes each system call whose number is given, with arguments
 * that make it fail at once (-1 for descriptors, NULL for pointers), each in
 * a child of its own: some (uretprobe) kill a caller that is not a uprobe
 * trampoline. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		pid_t p = fork();
		if (p == 0) {
			syscall(atol(argv[i]), -1L, 0L, 0L, 0L, 0L, 0L);
			_exit(0);
		}
		waitpid(p, NULL, 0);
	}
	return 0;
}
