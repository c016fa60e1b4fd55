/* The runtime's internal interfaces: options, the tracing session, perf
 * rings, the process table and the consumer's output. */
#ifndef RT_H
#define RT_H

#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/types.h>

#include "dc/dc.h"
#include "probes/provider.h"
#include "probevm/agg.h"
#include "probevm/pvm.h"

/* Options from -x, #pragma D option and the command line. */
typedef struct rt_opts {
	int quiet;
	int flowindent;
	uint32_t strsize;
	uint64_t bufsize;     /* bytes of ring per CPU */
	uint64_t aggsize;     /* bytes of aggregation table per CPU */
	uint64_t dynvarsize;  /* bytes of self-> and array variables */
	uint64_t nspec;       /* speculation buffers */
	uint64_t specsize;    /* bytes each speculation may hold */
	uint64_t switchrate;  /* ns between drains */
	uint64_t aggrate;     /* ns between snapshots printa() reads; 0: live */
	int errtags;
	int zdefs;
	int destructive;
	int aggsortkey, aggsortkeypos, aggsortpos, aggsortrev;
	int json;             /* -O json */
	int foldstacks;       /* stack-keyed aggregations as folded stacks */
	int defaultargs;      /* missing macro arguments are 0 or "" */
	int aggzoom;          /* histogram bars scale to the largest bucket */
	int rawbytes;         /* trace() of memory always as a hex dump */
	int aggpack;          /* quantize/lquantize print one packed line per key */
	int encoding;         /* RT_ENC_*: how packed and histogram bars are drawn */
	int argref;           /* macro arguments the program does not use are allowed */
	int cpp;              /* -C: run cpp over the script */
	int droptags;         /* drop messages carry their [DTRACEDROP_*] tag */
	int empty;            /* an empty program is allowed */
	int version;          /* -x version= was given (a version dtr accepts) */
	int stdc;             /* cpp's -X mode (a|c|s|t as 1..4); gcc's cpp has one */
	int bufpolicy;        /* 1 ring, 2 fill, 3 switch (0: switch) */
	uint64_t scratchsize; /* bytes alloca() may take in a clause */
	uint64_t printsize;   /* bytes of an object print() shows (UINT64_MAX: unset) */
	uint64_t maxframes, stackframes, ustackframes; /* stack depths */
#define RT_MAX_CPPDEFS 64
	char *cppdefs[RT_MAX_CPPDEFS]; /* -x define/undef/incdir as cpp's -D/-U/-I */
	int ncppdefs;
} rt_opts;

void rt_opts_default(rt_opts *o);
void rt_opts_fini(rt_opts *o);
/* Where an option is set from: -x, #pragma D option, setopt() while tracing. */
enum { RT_OPT_CMDLINE, RT_OPT_PRAGMA, RT_OPT_ACTIVE };
/* Apply "name" (value NULL) or "name=value" set from ctx. Returns 0, or -1
 * with *why DTrace's reason ("Invalid option name", "Invalid value for
 * specified option", "Option cannot be used from within a D program",
 * "Operation illegal when tracing is active" ...). */
int rt_opt_apply(rt_opts *o, const char *name, const char *value, int ctx, const char **why);
/* rt_opt_apply() as a #pragma sets it, the message in err:
 * "failed to set option 'name' to 'value': why". */
int rt_opt_set(rt_opts *o, const char *name, const char *value, char *err, size_t errlen);

/* tid -> process facts, from a /proc snapshot and perf's COMM/FORK/EXIT. */
typedef struct rt_proc {
	int32_t tid, pid, ppid;
	uint32_t uid, gid;
	char comm[16];
	int exited;         /* perf reported its exit; kept a while for its last events */
} rt_proc;

typedef struct rt_proctab rt_proctab;
rt_proctab *rt_proctab_new(void);
void rt_proctab_free(rt_proctab *t);
/* Every thread in /proc. Read again once tracing is enabled (late), a
 * known thread's new name waits (the count of those waiting is returned):
 * it was renamed either before tracing began, and has the new name from
 * the start, or since, and has the old one until the rename's record.
 * rt_proctab_renamed tells of a record of tid's rename made at time;
 * rt_proctab_settle then puts in the names no record made before they
 * were read. */
uint32_t rt_proctab_snapshot(rt_proctab *t, int late);
/* Ends a snapshot under way in another thread, and any later, early: the
 * table is then read only for the threads looked up (a session that
 * samples nothing). */
void rt_proctab_stop(rt_proctab *t);
void rt_proctab_renamed(rt_proctab *t, int32_t tid, uint64_t time);
void rt_proctab_settle(rt_proctab *t);
/* The entry for tid, read from /proc when unknown (comm "<unknown>" when gone). */
const rt_proc *rt_proctab_get(rt_proctab *t, int32_t tid);
/* ... saying once on stderr when the thread is unknown only if warn */
const rt_proc *rt_proctab_lookup(rt_proctab *t, int32_t tid, int warn);
void rt_proctab_comm(rt_proctab *t, int32_t pid, int32_t tid, const char *comm);
void rt_proctab_fork(rt_proctab *t, int32_t pid, int32_t ppid, int32_t tid, int32_t ptid);
void rt_proctab_exit(rt_proctab *t, int32_t tid);
size_t rt_proctab_bytes(const rt_proctab *t); /* the memory it holds */
/* Has a thread of the table a name match(name, arg) accepts? */
int rt_proctab_any(const rt_proctab *t, int (*match)(const char *comm, const void *arg), const void *arg);

/* One enabled probe: a (probe, clause) pair numbered as DTrace's EPIDs. */
typedef struct rt_enabling {
	uint32_t epid;
	uint32_t probe;
	uint32_t clause;
} rt_enabling;

struct rt_rings;

/* A probe firing's records held by a speculation. */
typedef struct rt_specrec {
	struct rt_specrec *next;
	const rt_enabling *e;
	pvm_ctx ctx;
	uint32_t cpu;
	size_t len;
	uint8_t rec[];
} rt_specrec;

typedef struct rt_spec {
	int active;
	size_t bytes;
	rt_specrec *head, **tail;
} rt_spec;

typedef struct rt_session {
	dtr_program *prog;
	rt_opts opts;
	pvm_state vm;
	FILE *out;
	FILE *out_main;          /* out before a freopen() took it elsewhere, else NULL */
	int ncpus;
	rt_enabling *enab;       /* sorted by probe, then clause order */
	uint32_t nenab;
	uint32_t *first;         /* probe id -> first index in enab */
	uint32_t nfirst;         /* ... its entries (probes when matched + 2) */
	uint32_t nprobes;        /* enabled probes (clause-probe pairs) for "matched N probes" */
	prov_event *evs;
	int nevs;
	struct rt_rings *rings;
	struct rt_prefetch *prefetch;
	struct rt_stacks *stacks; /* symbols and unwinding, when the program uses stacks */
	rt_proctab *procs;
	pthread_t snap;          /* making the first rings, then reading /proc into procs (rt_session_prestart) */
	int snapping;            /* ... 1 while the thread may run, 2 once done */
	struct rt_warm *warm;    /* tracepoints the helper registers ahead (warm.c), or NULL */
	pid_t self;
	/* dtr's threads whose system calls the events opened after they were
	 * added report neither (the early readers: each would wake itself),
	 * as ranges of thread ids [lo, hi] */
#define RT_QUIET 64
	pid_t quiet[RT_QUIET][2];
	int nquiet;
	pid_t target;            /* -c child or -p pid, 0 if none */
	int target_fd;           /* pidfd of a -p process, -1 */
	int child;               /* target was created by -c */
	int held;                /* the -c command is stopped before exec: continue it */
	int exits_after;         /* the process exits when the session ends: the kernel may
	                          * unregister its events after that (rt_release_handoff) */
	int exiting;             /* exit() was called or a stop was asked */
	int status;              /* exit status */
	int header_done;
	int flow_depth;
	uint64_t errors;
	int64_t walltime_offset; /* walltimestamp - timestamp */
	uint8_t *agg_printed;    /* per aggregation: printa() printed a row of it, so exit does not */
	int64_t *normal;         /* per aggregation: normalize() factor */
	struct pvm_aggtab **aggsnap; /* -x aggrate: per CPU, the tables as last snapped */
	uint64_t aggsnap_time;
	struct psargs_slot { int32_t pid; char args[84]; } psargs[64]; /* curpsinfo->pr_psargs */
	struct devname_slot { uint32_t dev; int known; char name[32]; } devnames[16]; /* devinfo_t */
	/* psinfo_t and lwpsinfo_t members read from /proc: per thread, kept 100 ms */
	struct procx_slot { int32_t tid; uint64_t at; int64_t v[PI_NWHAT]; } procx[64];
	char fdbuf[4096];   /* fds[]: the last descriptor's path */
	rt_spec *spec;           /* nspec speculation buffers */
	int nspec;
	uint64_t spec_drops, spec_failed;
	char notice[512];        /* "description '...' matched N probes", printed once attached */
	const prov_fire *firing; /* the kernel event being run, for its captured strings */
	int32_t firing_tid;      /* ... the thread it was sampled in */
	uint8_t *sees;           /* by clause: what of its firing it sees (rt_clause_sees()) */
	uint8_t sees_any;        /* ... the union over the clauses */
	int untimed;             /* samples carry no time stamp: no clause an event runs can tell
	                          * which probe fired or reads a time, and no timer fires (the
	                          * side-band records, stamped, still order them: ring.c) */
	int watch_maps;          /* user probes: objects a traced process maps later get probed */
	int remap;               /* ... one was mapped: make and attach its probes */
	struct rt_oldenab { struct rt_oldenab *next; rt_enabling *enab; } *old_enab;
	                         /* enablings replaced by a rematch, freed at the end */
} rt_session;

/* Map at once the code, heap, stack and bss that start-up touches (prefault.c). */
void rt_prefault(void);
/* Start a thread for start-up work beside the main thread (helper.c): on
 * CPUs other than the caller's where there are others, with every signal
 * blocked. pthread_create()'s result. */
int rt_helper_start(pthread_t *th, void *(*fn)(void *), void *arg);
/* Start the start-up helper, a thread that makes the first rings
 * (rt_rings_premake), then reads every process's names from /proc, while
 * the program compiles; rt_session_run() waits for it once tracing is on. */
void rt_session_prestart(rt_session *s);

/* warm.c: tracepoints registered ahead by the start-up helper. rt_warm_new
 * (before the helper starts; 0 or -1), rt_warm_post (dc_input.warm, the
 * compiler's thread; arg is the session), rt_warm_open (the helper: opens
 * what was posted so far, and the first time turns on the kernel's
 * scheduler hooks for perf; nothing without rt_warm_new), rt_warm_close
 * (once the helper is joined), rt_warm_count, the tracepoints it has open,
 * and rt_warm_switching. */
int rt_warm_new(rt_session *s);
void rt_warm_post(const char *sys, const char *event, void *arg);
void rt_warm_open(rt_session *s);
void rt_warm_close(rt_session *s);
int rt_warm_count(const rt_session *s);
/* Does the helper's event hold the scheduler hooks on? */
int rt_warm_switching(const rt_session *s);
/* Compile, verify and attach; then trace until exit(), a signal, or the
 * target's end; print the report; detach. Returns the exit status. */
int rt_session_run(rt_session *s);
/* Release what a session holds (rings, VM state, tables). */
void rt_session_fini(rt_session *s);

/* A traced process mapped file (perf's MMAP2): if it is a process with
 * user probes, the probes its new objects bring are made and attached
 * after the current drain. */
void rt_session_mapped(rt_session *s, int32_t pid, const char *file);

/* Run the clauses enabled for probe with ctx prepared (probe names, epid
 * and id are filled here). */
void rt_fire(rt_session *s, uint32_t probe, pvm_ctx *ctx, uint32_t cpu);

/* Output of one clause's committed records (consume.c). */
void rt_print_records(rt_session *s, const rt_enabling *e, const pvm_ctx *ctx, uint32_t cpu,
		      const uint8_t *rec, size_t len);
/* Merge per-CPU aggregations and print those not yet printed, in declaration order. */
void rt_print_aggregations(rt_session *s);
void rt_print_drops(rt_session *s);
/* Under -x aggrate, snap the aggregations again once aggrate has passed. */
void rt_agg_snap_due(rt_session *s);
/* speculation(): a free buffer's id, or 0 (a failed speculation). */
int rt_speculation(void *arg);
/* commit() and discard() take 0 to nspec; another id is an illegal operation. */
int rt_spec_id_ok(void *arg, int64_t id);
/* -O json output (json.c). */
void rt_json_records(rt_session *s, const rt_enabling *e, const pvm_ctx *ctx, uint32_t cpu,
		     const uint8_t *rec, size_t len);
void rt_json_aggregation(rt_session *s, const pvm_aggdesc *d, pvm_aggent **ents, uint32_t n,
			 int64_t normal);
struct rt_aggjoin;
/* printa() of several aggregations, joined and sorted (normal[a] per aggregation). */
void rt_json_aggregations(rt_session *s, const struct rt_aggjoin *j, const int64_t *normal);
/* consume.c: merge, sort and print as JSON the aggregations of printa() action a. */
void rt_json_printa(rt_session *s, const dtr_action *a);
/* The aggregation key printer for stacks and symbols (arg: the session). */
void rt_print_agg_stack(FILE *out, const pvm_stackval *sv, void *arg);

/* Rings (ring.c): open every event source on every CPU into one ring per
 * CPU; drain records in timestamp order up to a cutoff. */
int rt_rings_open(rt_session *s, char *err, size_t errlen);
/* Each CPU's first ring, made while the program compiles (the kernel takes
 * 0.2-2 ms for each): begin (0, or -1 if out of memory) on the main thread,
 * then make them in the start-up helper (nothing if begin failed).
 * rt_rings_open() takes those it needs, waiting for one the helper is
 * making and making itself one the helper has not begun;
 * rt_rings_grow_begin() lets the others go. */
int rt_rings_premake_begin(rt_session *s);
void rt_rings_premake(rt_session *s);
int rt_rings_enable(rt_session *s);
/* Tracing starts in small rings: begin making each CPU's ring of bufsize
 * bytes (whose pages take the kernel milliseconds) in threads; end: wait
 * for them and move every event into its CPU's. 0, or -errno with err
 * filled: a CPU whose ring could not be made goes on in its first. */
void rt_rings_grow_begin(rt_session *s);
int rt_rings_grow_end(rt_session *s, char *err, size_t errlen);
/* Open and enable the event sources from s->evs[first] on (added while
 * tracing) into the existing rings. 0 or -errno with err filled. */
int rt_rings_add(rt_session *s, int first, char *err, size_t errlen);
void rt_rings_disable(rt_session *s);
void rt_rings_close(rt_session *s);
/* Does closing the rings' events remove tracefs instances afterwards? */
int rt_rings_instances(const rt_session *s);
/* Hand the last references of every perf event this process has open to a
 * child process that drops them once the returned pipe end is closed (by
 * dtr's exit), so that the kernel's unregistration comes after it: the
 * pipe's write end (close-on-exec; *child its pid), or -1. */
int rt_release_handoff(pid_t *child);
int rt_rings_fds(rt_session *s, int *fds, int max);
/* What the drain hands each record to, in timestamp order: a sample with
 * its event's index in s->evs and sample_type (RT_EV_READING for a
 * thread's counter read, promote.c), another record with ev -1; with the
 * CPU of its ring. */
#define RT_EV_READING (-2)
struct perf_event_header;
typedef void rt_record_fn(void *arg, const struct perf_event_header *h, int ev,
			  uint64_t sample_type, uint32_t cpu);
/* Hand fn every record stamped at or before cutoff (UINT64_MAX: all). */
void rt_rings_drain(struct rt_rings *rs, uint64_t cutoff, rt_record_fn *fn, void *arg);
/* Tell fn of each COMM record in the rings not read yet: tid, time. */
void rt_rings_each_comm(struct rt_rings *rs, void (*fn)(void *arg, int32_t tid, uint64_t time), void *arg);
uint64_t rt_rings_lost(rt_session *s, int cpu);
/* Add what counting events (probes whose clauses only count) counted since
 * the last call to their aggregations. */
void rt_rings_fold_counts(rt_session *s);
/* An event's busiest probes or CPUs, when their clauses only count,
 * moved to counting events (promote.c): rt_promote_init once the rings
 * are open, rt_promote_tally for each sample of a probe by thread tid,
 * rt_promote_reading with the group values of each sample that reads
 * them (prov_sample.read, PERF_SAMPLE_READ) and its thread,
 * rt_promote_switch with the thread each context switch record of a CPU
 * brings on, rt_promote_run after each drain. */
void rt_promote_init(rt_session *s);
void rt_promote_tally(rt_session *s, int ev, uint32_t cpu, uint32_t probe, int32_t tid);
void rt_promote_reading(rt_session *s, const uint8_t *read, int32_t pid, int32_t tid);
void rt_promote_switch(rt_session *s, uint32_t cpu, int32_t pid, int32_t tid);
void rt_promote_run(rt_session *s);

/* Open one event source on one CPU, filtered (dtr's own pid excluded), for
 * every process (pid 0) or for thread pid and the threads it creates.
 * Mode: RT_OPEN_MAIN (woken at a watermark), RT_OPEN_SIDEBAND (also COMM,
 * FORK, EXIT records), RT_OPEN_EAGER (woken on every sample). Returns the
 * fd or -errno (-ENODEV for an offline CPU) with err filled. */
enum { RT_OPEN_MAIN, RT_OPEN_SIDEBAND, RT_OPEN_EAGER, RT_OPEN_COUNT /* counts, no samples */,
       RT_OPEN_MARK /* samples only its identifier: marks when its group began (promote.c) */,
       RT_OPEN_READ /* samples its time and its group's counts (promote.c) */ };
int rt_perf_open(rt_session *s, const prov_event *ev, int pid, int cpu, int mode, char *err,
		 size_t errlen);
uint64_t rt_sample_type(const rt_session *s, const prov_event *ev);
/* What a clause sees of its firing beyond its thread: RT_SEES_PROBE, an
 * argument, errno or the probe's names (which probe fired); RT_SEES_TIME,
 * a time; RT_SHOWS, it records output or may fault (whose message names
 * the probe), both in the order of the firings. A wide event whose probes
 * all run the same clauses, none of which sees the probe or shows, needs
 * no raw data; a program whose clauses neither see a time nor show needs
 * no time stamps (rt_session_untimed). And what it reads: RT_READS_ARGS,
 * an argument, errno or an args-> field (the raw record); RT_READS_PROC,
 * execname, ppid, uid or gid (the process table). */
enum { RT_SEES_PROBE = 1, RT_SEES_TIME = 2, RT_SHOWS = 4, RT_READS_ARGS = 8, RT_READS_PROC = 16 };
int rt_clause_sees(const pvm_code *code);
/* May the samples go without time stamps? Only the order of a thread's
 * own events and records is kept then (ring.c's record_time), so: no
 * clause an event runs (BEGIN and END fire apart) sees a time or shows,
 * and no timer fires (its place among the samples would be lost). Needs
 * s->sees. */
int rt_session_untimed(const rt_session *s);

/* Records into firings (decode.c): rt_decode_record is the drain's
 * rt_record_fn (arg: the session); rt_parse_sample splits a sample of
 * sample_type type into its fields (-1 when it does not fit). */
void rt_decode_record(void *arg, const struct perf_event_header *h, int ev, uint64_t sample_type,
		      uint32_t cpu);
int rt_parse_sample(const struct perf_event_header *h, uint64_t type, prov_sample *smp);

/* Early user-memory reads for copyinstr (prefetch.c). NULL when no clause
 * needs them. */
typedef struct rt_prefetch rt_prefetch;
rt_prefetch *rt_prefetch_start(rt_session *s, char *err, size_t errlen);
void rt_prefetch_quiesce(rt_prefetch *p); /* read what is pending, stop the readers */
void rt_prefetch_stop(rt_prefetch *p);    /* quiesce and free */
/* The bytes at addr as read right after thread tid's event at time: their count,
 * -1 when not read early, RT_PREFETCH_FAULT when the read then failed. */
#define RT_PREFETCH_FAULT (-2)
long rt_prefetch_lookup(rt_prefetch *p, int32_t pid, int32_t tid, uint64_t addr, uint64_t time,
			void *buf, size_t len);
long rt_read_user(int32_t pid, uint64_t addr, void *buf, size_t len);

/* Run a -c command held before exec (stopped) to its program's entry
 * point, its libraries mapped, and leave it stopped there (target.c).
 * Returns 0, or -1 with a message in err. */
int rt_target_advance(pid_t pid, char *err, size_t errlen);

/* The clock perf stamps records with (CLOCK_MONOTONIC), in ns. */
uint64_t rt_now(void);

/* Print a fatal error as dtr: ... and return 1. */
int rt_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* procinfo.c: the VM's pvm_env callbacks for translators (arg: the session). */
const char *rt_psargs(void *arg, int32_t pid);
const char *rt_devname(void *arg, uint32_t dev);
const char *rt_fdname(void *arg, int32_t pid, int32_t fd, int what);
int64_t rt_fdinfo(void *arg, int32_t pid, int32_t fd, int what);
int64_t rt_cputopo(void *arg, int32_t cpu, int what);
int64_t rt_proc_of(void *arg, int32_t tid, int what);

#endif
