/* Workload for probes on objects loaded later: sleeps 100 ms (tracers
 * attach), dlopen()s libz, then calls its zlibVersion() N times (default
 * 20, or argv[1]), 10 ms apart. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20;

	usleep(100000);
	void *h = dlopen("libz.so.1", RTLD_NOW);
	const char *(*version)(void) = h ? (const char *(*)(void))dlsym(h, "zlibVersion") : NULL;
	if (!version) {
		fprintf(stderr, "wl_dlopen: %s\n", dlerror());
		return 1;
	}
	for (int i = 0; i < n; i++) {
		version();
		usleep(10000);
	}
	dlclose(h);
	return 0;
}
