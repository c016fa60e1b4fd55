/* The dtr command: parses DTrace's options, creates a -c command held
 * before exec, compiles the D program, and runs a listing, a compile-only
 * check or a tracing session. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dc/cimport.h"
#include "runtime/header.h"
#include "runtime/rt.h"

#define DTR_VERSION "0.1"

static const char usage[] =
"Usage: dtr [-CeFGhlqSvVwZ] [-c cmd] [-D name[=def]] [-I path] [-o output]\n"
"           [-O json] [-p pid] [-s script] [-U name] [-x opt[=val]]\n"
"           [-P provider] [-m [provider:]module] [-f [[provider:]module:]func]\n"
"           [-n [[[provider:]module:]func:]name [{actions}]] [args ...]\n"
"\n"
"\tpredicate -> '/' D-expression '/'\n"
"\t   action -> '{' D-statements '}'  or  '<' D-statements '>'\n"
"\n"
"\t-c  run specified command and exit upon its completion ($target is its pid)\n"
"\t-C  run cpp(1) preprocessor on script files\n"
"\t-D  define symbol when invoking preprocessor (with -C)\n"
"\t-e  exit after compiling request but prior to enabling probes\n"
"\t-f  enable or list probes matching the specified function name\n"
"\t-F  coalesce trace output by function (flowindent)\n"
"\t-G  not needed on Linux: USDT probes need no object file generation\n"
"\t-h  generate a header file with definitions for static probes (-s provider.d)\n"
"\t-I  add include directory to preprocessor search path (with -C)\n"
"\t-l  list probes matching specified criteria\n"
"\t-m  enable or list probes matching the specified module name\n"
"\t-n  enable or list probes matching the specified probe name\n"
"\t-o  append output to the specified file\n"
"\t-O  json: print every record and aggregation as one JSON object per line\n"
"\t-p  grab specified process-ID ($target) and exit upon its completion\n"
"\t-P  enable or list probes matching the specified provider name\n"
"\t-q  set quiet mode (only output explicitly traced data)\n"
"\t-s  enable or list probes according to the specified D script\n"
"\t-S  print the probe VM bytecode of each clause\n"
"\t-U  undefine symbol when invoking preprocessor (with -C)\n"
"\t-v  with -l: the probes' stability attributes and argument types\n"
"\t-V  report the D and dtr versions\n"
"\t-w  permit destructive actions\n"
"\t-x  enable or modify compiler and tracing options\n"
"\t-Z  permit probe descriptions that match zero probes\n"
"\t--help  print this help\n";

typedef struct cmdline {
	char *src;          /* program text: -n/-P/-m/-f descriptions joined, or the script */
	size_t srclen;
	const char *script; /* -s file */
	char **xopts;
	uint8_t *xalloc;    /* xopts[i] was allocated here */
	int nx;
	int list, verbose, compile_only, disasm, json;
	int header, objgen;  /* -h: a C header of the script's providers; -G */
	int cpp;            /* -C: run the C preprocessor on the script */
	char **cppargs;     /* -D, -I, -U for it */
	int ncppargs;
	const char *cpppath; /* -x cpppath: the preprocessor to run (cpp) */
	const char *cmd;
	long pid;
	const char *ofile;
	int argc;
	char **argv;
} cmdline;

static void append(cmdline *c, const char *text)
{
	size_t l = strlen(text);
	char *n = realloc(c->src, c->srclen + l + 2);

	if (!n)
		exit(rt_fail("out of memory"));
	if (c->srclen)
		n[c->srclen++] = '\n';
	memcpy(n + c->srclen, text, l + 1);
	c->src = n;
	c->srclen += l;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	struct stat st;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return NULL;
	}
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	if (!buf && !(buf = malloc(1)))
		return NULL;
	buf[len] = 0;
	return buf;
}

/* The script run through the C preprocessor (-C), as DTrace does with
 * cpp(1): its output, line markers included so that errors name the
 * script's lines. Besides D's own macros the target's architecture ones
 * are defined, which system headers need. NULL with errno set on failure. */
static char *preprocess(const char *cpp, const char *path, char **args, int nargs)
{
	int p[2];
	char *argv[16 + 256];
	int n = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	argv[n++] = (char *)cpp;
	argv[n++] = "-undef";
	argv[n++] = "-D__linux";
	argv[n++] = "-D__SUNW_D=1";
	argv[n++] = "-D_LP64";
	argv[n++] = "-D__LP64__";
#if defined(__x86_64__)
	argv[n++] = "-D__x86_64__";
	argv[n++] = "-D__x86_64";
	argv[n++] = "-D__amd64";
#elif defined(__aarch64__)
	argv[n++] = "-D__aarch64__";
#endif
	for (int i = 0; i < nargs && n < 16 + 250; i++)
		argv[n++] = args[i];
	argv[n++] = (char *)path;
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execvp(cpp, argv);
		fprintf(stderr, "dtr: failed to run %s: %s\n", cpp, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len), *in = fdopen(p[0], "r");
	char line[4096];
	/* cpp's "# 12 \"file\"" line markers stay: the lexer follows them */
	while (m && in && fgets(line, sizeof(line), in))
		fputs(line, m);
	if (in)
		fclose(in);
	if (m)
		fclose(m);
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		free(out);
		errno = EINVAL;
		return NULL;
	}
	return out;
}

/* As bpftrace does: as many open files as the hard limit allows (a perf
 * event per CPU and probe group), and locked memory for the rings without
 * limit where dtr may raise it (root). */
static struct rlimit nofile0, memlock0; /* as dtr was started: what a -c command gets */

static void raise_limits(void)
{
	struct rlimit r;

	getrlimit(RLIMIT_MEMLOCK, &memlock0);
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && (nofile0 = r, r.rlim_cur < r.rlim_max)) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
	r.rlim_cur = r.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_MEMLOCK, &r);
}

/* Can file be executed as execvp(3) would find it? 0, or -1 with errno set. */
static int executable(const char *file)
{
	struct stat st;

	if (strchr(file, '/')) {
		if (access(file, X_OK) < 0 || stat(file, &st) < 0)
			return -1;
		if (S_ISDIR(st.st_mode))
			return errno = EACCES, -1;
		return 0;
	}
	const char *path = getenv("PATH");
	char buf[4096];
	int err = ENOENT;
	for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
		size_t l = strcspn(p, ":");
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)l, p, l ? "/" : "", file);
		if (access(buf, X_OK) == 0 && stat(buf, &st) == 0 && !S_ISDIR(st.st_mode))
			return 0;
		if (errno == EACCES)
			err = EACCES;
		p += l + (p[l] == ':');
	}
	errno = err;
	return -1;
}

/* Fork cmd (split on blanks, as DTrace does), stopped before it execs: the
 * session sends SIGCONT once every probe is attached. Returns its pid, or -1
 * with errno set (a command that cannot be executed fails here, as DTrace's). */
static pid_t create_held(const char *cmd)
{
	char *copy = strdup(cmd), *argv[256], *save = NULL;
	int n = 0, st;

	for (char *t = strtok_r(copy, " \t\n", &save); t && n < 255; t = strtok_r(NULL, " \t\n", &save))
		argv[n++] = t;
	argv[n] = NULL;
	if (n == 0 || executable(argv[0]) < 0) {
		int e = n ? errno : EINVAL;
		free(copy);
		errno = e;
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		setrlimit(RLIMIT_NOFILE, &nofile0);
		setrlimit(RLIMIT_MEMLOCK, &memlock0);
		/* stopped, not blocked in a read: its only system call before
		 * exec is this one, whose return the probes see */
		raise(SIGSTOP);
		execvp(argv[0], argv);
		fprintf(stderr, "dtr: failed to execute %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	free(copy);
	if (pid > 0 && (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st)))
		return -1;
	return pid;
}

/* The -c command, until pid or usdt probes need it run to its entry point. */
static pid_t held_pid;

static int target_ready(int32_t pid)
{
	char err[256];

	if (pid != held_pid || held_pid == 0)
		return 0;
	held_pid = 0;
	if (rt_target_advance(pid, err, sizeof(err)) < 0)
		return rt_fail("%s", err), -1;
	return 0;
}

/* -h: the header of the script's provider definitions, in ofile or in
 * the script's name with .h for .d, in the current directory, as DTrace. */
static int write_header(const dtr_program *prog, const char *script, const char *ofile)
{
	char name[4096];

	if (!ofile) {
		const char *b = strrchr(script, '/') ? strrchr(script, '/') + 1 : script;
		size_t l = strlen(b);
		if (l > 2 && !strcmp(b + l - 2, ".d"))
			l -= 2;
		snprintf(name, sizeof(name), "%.*s.h", (int)l, b);
		ofile = name;
	}
	if (prog->nprovdefs == 0)
		return rt_fail("no providers defined in %s: -h writes a header of provider definitions",
			       script);
	FILE *f = fopen(ofile, "w");
	if (!f)
		return rt_fail("failed to open header file '%s': %s", ofile, strerror(errno));
	int rc = rt_header_write(f, prog, ofile);
	if (fclose(f) != 0 && rc == 0)
		rc = rt_fail("failed to write header file '%s': %s", ofile, strerror(errno));
	if (rc != 0)
		unlink(ofile);
	return rc ? 1 : 0;
}

static void list_probe(const prov_probe *p, void *arg)
{
	uint8_t *seen = arg;
	seen[p->id] = 1;
}

/* -lv: what DTrace prints under each probe. fbt arguments are typed from
 * the kernel's BTF, tracepoints' from their format, translated ones by
 * their struct. */
static void list_verbose(const prov_probe *p, FILE *out)
{
	int fbt = !strcmp(p->prov->name, "fbt");
	const char *arg = fbt ? "Private" : "Evolving";
	char types[10][128];
	int n = 0;

	fprintf(out, "\n\tProbe Description Attributes\n\t\tIdentifier Names: Private\n"
		"\t\tData Semantics:   Private\n\t\tDependency Class: Unknown\n\n"
		"\tArgument Attributes\n\t\tIdentifier Names: %s\n\t\tData Semantics:   %s\n"
		"\t\tDependency Class: ISA\n\n\tArgument Types\n", arg, arg);
	if (fbt) {
		n = dc_kernel_argtypes(p->func, !strcmp(p->name, "return"), types, 10);
	} else {
		for (; n < 10; n++) {
			const prov_xlate *x = prov_xlate_of(p->id, n);
			prov_field f;
			if (x && x->type)
				snprintf(types[n], sizeof(types[n]), "%s", x->type);
			else if (!x && prov_argtype_of(p->id, n, &f) == 0)
				snprintf(types[n], sizeof(types[n]), "%sint%u_t", f.is_signed ? "" : "u", 8 * f.size);
			else
				break;
		}
	}
	if (n <= 0)
		fprintf(out, "\t\tNone\n");
	for (int i = 0; i < n; i++)
		fprintf(out, "\t\targs[%d]: %s\n", i, types[i]);
	fputc('\n', out);
}

static int do_list(dtr_program *prog, FILE *out, int verbose)
{
	uint32_t n = prov_count();
	uint8_t *seen = calloc(n + 1, 1);

	if (!seen)
		return rt_fail("out of memory");
	fprintf(out, "%5s %10s %17s %33s %s\n", "ID", "PROVIDER", "MODULE", "FUNCTION", "NAME");
	for (uint32_t i = 0; prog && i < prog->vm.nclauses; i++)
		for (int k = 0; k < prog->clauses[i].nspecs; k++) {
			const dtr_probespec *s = &prog->clauses[i].specs[k];
			if (prov_match(s->prov, s->mod, s->func, s->name, list_probe, seen) == 0)
				fprintf(stderr, "dtr: failed to match %s:%s:%s:%s: No probe matches description\n",
					s->prov, s->mod, s->func, s->name);
		}
	for (uint32_t id = 1; id <= n; id++) {
		const prov_probe *p = prov_get(id);
		if (!prog || seen[id]) {
			fprintf(out, "%5u %10s %17s %33s %s\n", id, p->provname, p->mod, p->func, p->name);
			if (verbose)
				list_verbose(p, out);
		}
	}
	free(seen);
	return 0;
}

static int parse_args(int argc, char **argv, cmdline *c)
{
	static const struct option longopts[] = { { "help", no_argument, NULL, 'H' + 256 }, { 0 } };
	int ch;

	while ((ch = getopt_long(argc, argv, "+aAb:c:CD:eFf:GhHiI:lLm:n:o:O:p:P:qs:SU:vVwx:XZ",
				 longopts, NULL)) != -1) {
		char buf[4096];
		switch (ch) {
		case 'n': append(c, optarg); break;
		case 'P': snprintf(buf, sizeof(buf), "%s:::", optarg); append(c, buf); break;
		case 'm': snprintf(buf, sizeof(buf), strchr(optarg, ':') ? "%s::" : ":%s::", optarg);
			append(c, buf); break;
		case 'f': snprintf(buf, sizeof(buf), "%s:", optarg); append(c, buf); break;
		case 's': c->script = optarg; break;
		case 'c': c->cmd = optarg; break;
		case 'p': c->pid = strtol(optarg, NULL, 10);
			if (c->pid <= 0) {
				fprintf(stderr, "dtr: invalid process ID: %s\n", optarg);
				return 2;
			}
			break;
		case 'o': c->ofile = optarg; break;
		case 'O':
			if (strcmp(optarg, "json")) {
				fprintf(stderr, "dtr: -O %s: the only output format is json\n", optarg);
				return 2;
			}
			c->json = 1;
			break;
		case 'q': c->xopts[c->nx++] = "quiet"; break;
		case 'F': c->xopts[c->nx++] = "flowindent"; break;
		case 'w': c->xopts[c->nx++] = "destructive"; break;
		case 'Z': c->xopts[c->nx++] = "zdefs"; break;
		case 'b': snprintf(buf, sizeof(buf), "bufsize=%s", optarg);
			c->xalloc[c->nx] = 1;
			c->xopts[c->nx++] = strdup(buf); break;
		case 'x': c->xopts[c->nx++] = optarg; break;
		case 'l': c->list = 1; break;
		case 'v': c->verbose = 1; break;
		case 'e': c->compile_only = 1; break;
		case 'S': c->disasm = 1; break;
		case 'V':
			printf("dtr: Sun D 1.13 (dtr %s)\n", DTR_VERSION);
			exit(0);
		case 'H' + 256:
			fputs(usage, stdout);
			exit(0);
		case 'h':
			c->header = 1;
			break;
		case 'G':
			c->objgen = 1;
			break;
		case 'C':
			c->cpp = 1;
			break;
		case 'D': case 'I': case 'U': {
			/* handed to cpp as they are */
			char *o = malloc(strlen(optarg) + 3);
			if (!o)
				return 2;
			sprintf(o, "-%c%s", ch, optarg);
			c->cppargs[c->ncppargs++] = o;
			break;
		}
		case '?':
			fputs(usage, stderr);
			return 2;
		default:
			fprintf(stderr, "dtr: -%c is not supported on Linux by dtr\n", ch);
			return 2;
		}
	}
	c->argc = argc - optind;
	c->argv = argv + optind;
	if (c->script && c->src) {
		fprintf(stderr, "dtr: -s cannot be combined with -n, -P, -m or -f\n");
		return 2;
	}
	if (!c->script && !c->src && !c->list && !c->objgen) {
		fputs(usage, stderr);
		return 2;
	}
	if (c->cmd && c->pid) {
		fprintf(stderr, "dtr: only one of -c and -p may be given\n");
		return 2;
	}
	return 0;
}

/* #pragma D option, applied as the compiler reads it (dc_input.setopt). */
static int pragma_option(void *arg, const char *name, const char *value, const char **why)
{
	return rt_opt_apply(arg, name, value, RT_OPT_PRAGMA, why);
}

int main(int argc, char **argv)
{
	cmdline c = { 0 };
	rt_session s = { 0 };
	dc_error cerr;
	int rc;

	rt_prefault();
	raise_limits();
	c.xopts = calloc((size_t)argc + 1, sizeof(char *));
	c.xalloc = calloc((size_t)argc + 1, 1);
	c.cppargs = calloc((size_t)argc + RT_MAX_CPPDEFS + 2, sizeof(char *));
	s.target_fd = -1;
	if (!c.xopts || !c.xalloc || !c.cppargs)
		return rt_fail("out of memory");
	if ((rc = parse_args(argc, argv, &c)))
		goto done;

	rt_opts_default(&s.opts);
	for (int i = 0; i < c.nx; i++) {
		char *eq = strchr(c.xopts[i], '='), name[128];
		const char *why;
		snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - c.xopts[i]) : (int)strlen(c.xopts[i]),
			 c.xopts[i]);
		if (!strcmp(name, "cpppath"))
			c.cpppath = eq ? eq + 1 : NULL; /* the preprocessor -C runs */
		if (rt_opt_apply(&s.opts, name, eq ? eq + 1 : NULL, RT_OPT_CMDLINE, &why) < 0) {
			rc = rt_fail("failed to set -x %s: %s", name, why);
			goto done;
		}
	}
	/* -x cpp, define, undef, incdir: as -C, -D, -U, -I */
	c.cpp |= s.opts.cpp;
	for (int i = 0; i < s.opts.ncppdefs; i++)
		if ((c.cppargs[c.ncppargs] = strdup(s.opts.cppdefs[i])))
			c.ncppargs++;
	/* -x stdc=s is K&R C (Solaris' cc -Xs): traditional cpp, no __STDC__;
	 * gcc's cpp has one mode for a, c and t */
	if (s.opts.stdc == 3 && (c.cppargs[c.ncppargs] = strdup("-traditional-cpp")))
		c.ncppargs++;
	if (s.opts.strsize > 4096)
		s.opts.strsize = 4096;
	s.opts.json = c.json;

	if (c.objgen) {
		/* DTrace's -G links probe sites into an object; <sys/sdt.h> probes
		 * are complete in the program's notes */
		printf("dtr: -G is not needed on Linux: programs built with a dtr -h header (or "
		       "<sys/sdt.h>) carry their probes in .note.stapsdt; link them as they are\n");
		rc = 0;
		goto done;
	}
	if (c.header && !c.script) {
		rc = rt_fail("-h requires a D provider definition given with -s");
		goto done;
	}
	if (geteuid() != 0 && !c.compile_only && !c.disasm && !c.header) {
		rc = rt_fail("failed to initialize dtr: tracing needs root privileges "
			     "(perf_event_open of tracepoints and tracefs access)");
		goto done;
	}

	s.out = stdout;
	if (c.ofile && !c.header && !(s.out = fopen(c.ofile, "a"))) {
		rc = rt_fail("failed to open output file '%s': %s", c.ofile, strerror(errno));
		goto done;
	}

	if (c.script) {
		c.src = c.cpp ? preprocess(c.cpppath ? c.cpppath : "cpp", c.script, c.cppargs, c.ncppargs) :
				read_file(c.script);
		if (!c.src) {
			rc = rt_fail("failed to open %s: %s", c.script, strerror(errno));
			goto done;
		}
	}
	if (!c.src)
		c.src = strdup("");

	if (c.cmd) {
		s.target = create_held(c.cmd);
		if (s.target < 0) {
			rc = rt_fail("failed to execute %.*s: %s", (int)strcspn(c.cmd, " \t\n"), c.cmd,
				     strerror(errno));
			goto done;
		}
		s.child = 1;
		held_pid = s.target;
		prov_set_target_hook(target_ready);
	} else if (c.pid) {
		s.target = (pid_t)c.pid;
		s.target_fd = (int)syscall(SYS_pidfd_open, s.target, 0);
		if (s.target_fd < 0) {
			rc = rt_fail("failed to grab pid %ld: %s", c.pid, strerror(errno));
			goto done;
		}
	}

	char *listing = c.cpp && c.script ? read_file(c.script) : NULL;
	dc_input in = { .src = c.src, .file = c.script, .listing = listing, .argc = c.argc, .argv = c.argv,
			.target = s.target ? s.target : -1, .strsize = s.opts.strsize,
			.errtags = s.opts.errtags, .zdefs = s.opts.zdefs || c.list,
			.destructive = s.opts.destructive, .defaultargs = s.opts.defaultargs,
			.empty = s.opts.empty, .argref = s.opts.argref, .scratchsize = s.opts.scratchsize,
			.setopt = pragma_option, .setopt_arg = &s.opts };
	if (c.list && !c.srclen && !c.script) {
		/* dtr -l: every probe, no program */
		free(listing);
		rc = prov_load() < 0 ? rt_fail("out of memory") : do_list(NULL, s.out, c.verbose);
		goto done;
	}
	/* /proc is read while the program compiles and its probes attach */
	if (!c.compile_only && !c.header && !c.list)
		rt_session_prestart(&s);
	if (s.warm) { /* the helper registers the tracepoints the compiler names */
		in.warm = rt_warm_post;
		in.warm_arg = &s;
	}
	/* -C: the headers' C declarations are read by libclang */
	dc_cimport *ci = c.cpp && c.script ? dc_cimport_open(c.script, listing, c.src, c.cppargs, c.ncppargs) :
		NULL;
	in.cimport = ci;
	s.prog = dc_compile(&in, &cerr);
	if (!s.prog && dc_cimport_error(ci))
		rt_fail("failed to compile script %s: its headers' C declarations need libclang: %s", c.script,
			dc_cimport_error(ci));
	else if (!s.prog)
		dc_print_error(stderr, &in, &cerr);
	dc_cimport_close(ci);
	free(listing);
	if (!s.prog) {
		rc = 1;
		goto done;
	}

	if (c.disasm)
		for (uint32_t i = 0; i < s.prog->vm.nclauses; i++) {
			const dtr_clause *cl = &s.prog->clauses[i];
			fprintf(stderr, "\nclause %u (line %d): %s%s\n", i + 1, cl->loc.line,
				cl->specs[0].text, cl->nspecs > 1 ? ", ..." : "");
			if (cl->kfilter)
				fprintf(stderr, "kernel filter%s: %s\n", cl->kfilter_exact ? "" : " (part of the "
					"predicate)", cl->kfilter);
			if (cl->countagg)
				fprintf(stderr, "counted by the kernel where its probes allow%s\n",
					cl->kfilter_rare ? ", in a tracefs instance (its filter admits few events)" : "");
			pvm_disasm(stderr, &s.prog->vm, &s.prog->vm.clauses[i]);
		}
	if (c.list) {
		rc = do_list(s.prog, s.out, c.verbose);
		goto done;
	}
	if (c.header) {
		rc = write_header(s.prog, c.script, c.ofile);
		goto done;
	}
	if (c.compile_only) {
		rc = 0;
		goto done;
	}

	/* count the probes before tracing starts, as DTrace reports them */
	uint32_t matched = 0;
	for (uint32_t i = 0; i < s.prog->vm.nclauses; i++)
		for (int k = 0; k < s.prog->clauses[i].nspecs; k++) {
			const dtr_probespec *ps = &s.prog->clauses[i].specs[k];
			matched += (uint32_t)prov_match(ps->prov, ps->mod, ps->func, ps->name, NULL, NULL);
		}
	if (!s.opts.quiet) {
		/* printed by the session once the probes are live */
		if (c.script)
			snprintf(s.notice, sizeof(s.notice), "script '%s' matched %u probe%s", c.script,
				 matched, matched == 1 ? "" : "s");
		else /* DTrace names a -n by its text up to the predicate or actions */
			snprintf(s.notice, sizeof(s.notice), "description '%.*s' matched %u probe%s",
				 (int)strcspn(c.src, "{/;<"), c.src, matched, matched == 1 ? "" : "s");
	}
	if (!s.prog->vm.nclauses) {
		/* an empty program (-x empty) enables nothing */
		if (s.notice[0])
			fprintf(stderr, "dtr: %s\n", s.notice);
		rc = rt_fail("no probes matched");
		goto done;
	}
	s.held = s.child; /* the session continues it once every probe is attached */
	s.exits_after = 1;
	rc = rt_session_run(&s);
done:
	/* a -c command still running when tracing ends goes with dtr, as
	 * DTrace releases the processes it created (exit() ends tracing) */
	if (s.child)
		kill(s.target, SIGKILL);
	if (s.child) {
		int st;
		waitpid(s.target, &st, 0);
	}
	rt_session_fini(&s);
	rt_opts_fini(&s.opts);
	dc_free(s.prog);
	prov_unload();
	free(c.src);
	for (int i = 0; i < c.nx; i++)
		if (c.xalloc[i])
			free(c.xopts[i]);
	free(c.xopts);
	free(c.xalloc);
	for (int i = 0; i < c.ncppargs; i++)
		free(c.cppargs[i]);
	free(c.cppargs);
	if (s.out_main && s.out != s.out_main) {
		fclose(s.out); /* a freopen() file */
		s.out = s.out_main;
	}
	if (s.out && s.out != stdout)
		fclose(s.out);
	return rc;
}
