/* Workload: makes exactly N getppid() system calls (default 100000, or
 * argv[1]). With WL_NS set, prints the loop's ns per call on stderr; with
 * WL_COMM set, renames itself to it first, so that a tracer keyed by
 * execname sees under that name the N calls, then the WL_NS line's write()
 * and exit_group() (make bench). */
#include <stdlib.h>

#include "wl_getppid_loop.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;

	getppid_loop(n, getenv("WL_COMM"), getenv("WL_NS") != NULL);
	return 0;
}
