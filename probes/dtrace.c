/* The dtrace provider: BEGIN, END and ERROR, fired by the runtime itself
 * (at start, at end, and on a run-time fault); no kernel events. */
#include "probes/provider.h"

extern const provider prov_dtrace;

static int list(int (*add)(const provider *, const char *, const char *, const char *, long, void *),
		void *arg)
{
	int rc;

	if ((rc = add(&prov_dtrace, "", "", "BEGIN", 0, arg)) < 0 ||
	    (rc = add(&prov_dtrace, "", "", "END", 0, arg)) < 0 ||
	    (rc = add(&prov_dtrace, "", "", "ERROR", 0, arg)) < 0)
		return rc;
	return 0;
}

static int attach(const prov_probe *const *probes, int n, int (*push)(prov_event *, void *),
		  void *arg, char *err, size_t errlen)
{
	(void)probes, (void)n, (void)push, (void)arg, (void)err, (void)errlen;
	return 0;
}

const provider prov_dtrace = { .name = "dtrace", .list = list, .attach = attach };
