/* A filtered tracepoint counted in a tracefs instance of its own
 * (ftcount.c): made with its filter and enabled, recording from rt_ft_on;
 * what passed read per CPU from its statistics; removed with the session. */
#ifndef DTR_FTCOUNT_H
#define DTR_FTCOUNT_H

#include <stdint.h>

typedef struct rt_ft {
	char dir[256];          /* the instance; "" once removed */
	int on;                 /* its tracing_on, open; -1: none */
	int gated;              /* the event waits soft-disabled for a task of one of comm's names */
} rt_ft;

/* Make the instance counting event ("system:name") where filter holds;
 * 0, or -errno (-EINVAL: the kernel refuses the filter; -ENOENT: no such
 * event), with nothing left behind. comm, if not NULL: the names, one
 * a line, one of which the current task must have for filter to hold
 * (the event is enabled as a task takes one). */
int rt_ft_make(rt_ft *ft, const char *tracefs, const char *event, const char *filter, const char *comm);
/* Open CPU cpu's statistics: an fd for rt_ft_read, or -1. Close it before
 * rt_ft_remove (the kernel keeps an instance with open files). */
int rt_ft_stats(const rt_ft *ft, int cpu);
/* The events that passed on stats fd's CPU so far: 0, or -1. */
int rt_ft_read(int fd, uint64_t *v);
/* Start (on) or stop counting: 0 or -errno. */
int rt_ft_on(rt_ft *ft, int on);
void rt_ft_remove(rt_ft *ft);

#endif
