/* Workload for the usdt provider: N times (default 3, or argv[1]) fires
 * probe wl:request__start(path, i + 40) with a semaphore, printing on
 * stderr whether the semaphore said the probe was traced, then overwrites the path buffer
 * at once (a string read after the event would see the new bytes), and
 * fires wl:tick(i). */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__extension__ unsigned short wl_request__start_semaphore __attribute__((unused, section(".probes")));
__extension__ unsigned short wl_tick_semaphore __attribute__((unused, section(".probes")));

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	char buf[32];

	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "/req/%d", i);
		int traced = wl_request__start_semaphore != 0;
		STAP_PROBE2(wl, request__start, buf, i + 40);
		memset(buf, 'X', sizeof(buf) - 1);
		fprintf(stderr, "traced=%d\n", traced);
		STAP_PROBE1(wl, tick, i);
		usleep(1000);
	}
	return 0;
}
