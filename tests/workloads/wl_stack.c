/* Workload: makes N getppid() system calls (default 100000, or argv[1])
 * through a chain of functions built without frame pointers, so that
 * ustack() can only be unwound with CFI. At each call the user stack is,
 * innermost first:
 *   libc.so.6`syscall+0x..
 *   wl_stack`wl_inner+0x..
 *   wl_stack`wl_middle+0x..
 *   wl_stack`wl_outer+0x..
 *   wl_stack`main+0x..
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define WL_FRAME __attribute__((noipa, optimize("omit-frame-pointer")))

WL_FRAME long wl_inner(long i)
{
	long r = syscall(SYS_getppid);

	__asm__ volatile("" ::: "memory");  /* no tail call: keep the frame */
	return r + i;
}

WL_FRAME long wl_middle(long i)
{
	long r = wl_inner(i);

	__asm__ volatile("" ::: "memory");
	return r ^ i;
}

WL_FRAME long wl_outer(long i)
{
	long r = wl_middle(i);

	__asm__ volatile("" ::: "memory");
	return r - 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	volatile long sink = 0;

	for (long i = 0; i < n; i++)
		sink += wl_outer(i);
	return 0;
}
