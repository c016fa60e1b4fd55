/* VM micro-benchmark for `make bench`: the probe VM running one simple
 * clause (a predicate and a count keyed by execname) on synthetic events,
 * as the consumer runs it per event, with no perf ring or kernel involved.
 * Usage: vmbench EVENTS [ROUNDS]. Prints the median ns per event over the
 * rounds; under callgrind, `vmbench 0` and `vmbench N` differ by the
 * instructions N events take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dc/dc.h"
#include "probevm/pvm.h"

static const char *const names[] = { "bash", "sshd", "systemd", "cc1", "make", "python3",
				     "wl_getppid", "kworker/0:1" };
#define NNAMES (sizeof(names) / sizeof(names[0]))

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long events = argc > 1 ? atol(argv[1]) : 1000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	dc_input in = { .src = "BEGIN /pid != 0/ { @[execname] = count(); }", .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);
	pvm_state st;
	pvm_faultinfo f;
	pvm_ctx ctx;
	uint64_t per[64];

	if (!p || pvm_state_init(&st, &p->vm, 257, 1, 1 << 20, 1 << 16) < 0) {
		fprintf(stderr, "vmbench: %s\n", p ? "out of memory" : err.msg);
		return 1;
	}
	if (rounds < 1 || rounds > 64)
		rounds = 5;
	memset(&ctx, 0, sizeof(ctx));
	ctx.b[PVM_B_PID] = 4242;
	for (int r = 0; r < rounds; r++) {
		uint64_t t0 = now_ns();
		for (long i = 0; i < events; i++) {
			ctx.b[PVM_B_EXECNAME] = (uint64_t)(uintptr_t)names[i & (NNAMES - 1)];
			pvm_firing_begin(&st);
			if (pvm_run(&st, &p->vm.clauses[0], &ctx, 0, &f) != 0) {
				fprintf(stderr, "vmbench: the clause faulted\n");
				return 1;
			}
		}
		per[r] = events ? (now_ns() - t0) * 1000 / (uint64_t)events : 0; /* ps per event */
	}
	qsort(per, (size_t)rounds, sizeof(per[0]), cmp_u64);
	printf("%.1f\n", (double)per[rounds / 2] / 1000);
	pvm_state_fini(&st);
	dc_free(p);
	return 0;
}
