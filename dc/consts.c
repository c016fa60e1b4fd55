/* The integer inlines DTrace's D libraries define (errno.d, signal.d,
 * dtrace.d's DTRACEFLT_*, procfs.d's PR_*, S* and CLD_*, net.d's ARPHRD_*
 * and AF_*, io.d's B_*, regs.d's R_*), with Linux's values. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dc/sema.h"

#define C(name) { #name, name }

static const struct { const char *name; int value; } consts[] = {
	/* errno.d */
	C(EPERM), C(ENOENT), C(ESRCH), C(EINTR), C(EIO), C(ENXIO), C(E2BIG), C(ENOEXEC),
	C(EBADF), C(ECHILD), C(EAGAIN), C(ENOMEM), C(EACCES), C(EFAULT), C(ENOTBLK), C(EBUSY),
	C(EEXIST), C(EXDEV), C(ENODEV), C(ENOTDIR), C(EISDIR), C(EINVAL), C(ENFILE), C(EMFILE),
	C(ENOTTY), C(ETXTBSY), C(EFBIG), C(ENOSPC), C(ESPIPE), C(EROFS), C(EMLINK), C(EPIPE),
	C(EDOM), C(ERANGE), C(EDEADLK), C(ENAMETOOLONG), C(ENOLCK), C(ENOSYS), C(ENOTEMPTY),
	C(ELOOP), C(EWOULDBLOCK), C(ENOMSG), C(EIDRM), C(ECHRNG), C(EL2NSYNC), C(EL3HLT),
	C(EL3RST), C(ELNRNG), C(EUNATCH), C(ENOCSI), C(EL2HLT), C(EBADE), C(EBADR), C(EXFULL),
	C(ENOANO), C(EBADRQC), C(EBADSLT), C(EDEADLOCK), C(EBFONT), C(ENOSTR), C(ENODATA),
	C(ETIME), C(ENOSR), C(ENONET), C(ENOPKG), C(EREMOTE), C(ENOLINK), C(EADV), C(ESRMNT),
	C(ECOMM), C(EPROTO), C(EMULTIHOP), C(EDOTDOT), C(EBADMSG), C(EOVERFLOW), C(ENOTUNIQ),
	C(EBADFD), C(EREMCHG), C(ELIBACC), C(ELIBBAD), C(ELIBSCN), C(ELIBMAX), C(ELIBEXEC),
	C(EILSEQ), C(ERESTART), C(ESTRPIPE), C(EUSERS), C(ENOTSOCK), C(EDESTADDRREQ),
	C(EMSGSIZE), C(EPROTOTYPE), C(ENOPROTOOPT), C(EPROTONOSUPPORT), C(ESOCKTNOSUPPORT),
	C(EOPNOTSUPP), C(ENOTSUP), C(EPFNOSUPPORT), C(EAFNOSUPPORT), C(EADDRINUSE),
	C(EADDRNOTAVAIL), C(ENETDOWN), C(ENETUNREACH), C(ENETRESET), C(ECONNABORTED),
	C(ECONNRESET), C(ENOBUFS), C(EISCONN), C(ENOTCONN), C(ESHUTDOWN), C(ETOOMANYREFS),
	C(ETIMEDOUT), C(ECONNREFUSED), C(EHOSTDOWN), C(EHOSTUNREACH), C(EALREADY),
	C(EINPROGRESS), C(ESTALE), C(EUCLEAN), C(ENOTNAM), C(ENAVAIL), C(EISNAM), C(EREMOTEIO),
	C(EDQUOT), C(ENOMEDIUM), C(EMEDIUMTYPE), C(ECANCELED), C(ENOKEY), C(EKEYEXPIRED),
	C(EKEYREVOKED), C(EKEYREJECTED), C(EOWNERDEAD), C(ENOTRECOVERABLE), C(ERFKILL),
	C(EHWPOISON),
	/* signal.d */
	C(SIGHUP), C(SIGINT), C(SIGQUIT), C(SIGILL), C(SIGTRAP), C(SIGABRT), C(SIGIOT), C(SIGBUS),
	C(SIGFPE), C(SIGKILL), C(SIGUSR1), C(SIGSEGV), C(SIGUSR2), C(SIGPIPE), C(SIGALRM),
	C(SIGTERM), C(SIGSTKFLT), C(SIGCHLD), C(SIGCONT), C(SIGSTOP), C(SIGTSTP), C(SIGTTIN),
	C(SIGTTOU), C(SIGURG), C(SIGXCPU), C(SIGXFSZ), C(SIGVTALRM), C(SIGPROF), C(SIGWINCH),
	C(SIGIO), C(SIGPOLL), C(SIGPWR), C(SIGSYS), { "SIGCLD", SIGCHLD },
	{ "SIGRTMIN", 32 }, { "SIGRTMAX", 64 }, /* the kernel's; glibc reserves the first few */
	/* dtrace.d: the ERROR probe's arg4 */
	{ "DTRACEFLT_UNKNOWN", 0 }, { "DTRACEFLT_BADADDR", 1 }, { "DTRACEFLT_BADALIGN", 2 },
	{ "DTRACEFLT_ILLOP", 3 }, { "DTRACEFLT_DIVZERO", 4 }, { "DTRACEFLT_NOSCRATCH", 5 },
	{ "DTRACEFLT_KPRIV", 6 }, { "DTRACEFLT_UPRIV", 7 }, { "DTRACEFLT_TUPOFLOW", 8 },
	{ "DTRACEFLT_BADSTACK", 9 }, { "DTRACEFLT_LIBRARY", 1000 },
	/* procfs.d: psinfo_t's pr_dmodel, lwpsinfo_t's pr_flag and pr_state, and
	 * the si_code of SIGCHLD */
	{ "PR_MODEL_ILP32", 1 }, { "PR_MODEL_LP64", 2 },
	{ "PR_STOPPED", 0x1 }, { "PR_ISTOP", 0x2 }, { "PR_DSTOP", 0x4 }, { "PR_IDLE", 0x10000000 },
	{ "SSLEEP", 1 }, { "SRUN", 2 }, { "SZOMB", 3 }, { "SSTOP", 4 }, { "SIDL", 5 }, { "SONPROC", 6 },
	{ "SWAIT", 7 },
	{ "CLD_EXITED", 1 }, { "CLD_KILLED", 2 }, { "CLD_DUMPED", 3 }, { "CLD_TRAPPED", 4 },
	{ "CLD_STOPPED", 5 }, { "CLD_CONTINUED", 6 },
	/* net.d: link_ntop()'s address types (<linux/if_arp.h>), address families */
	{ "ARPHRD_ETHER", 1 }, { "ARPHRD_INFINIBAND", 32 }, { "AF_INET", 2 }, { "AF_INET6", 10 },
	/* io.d */
	{ "B_BUSY", 0x1 }, { "B_DONE", 0x2 }, { "B_ERROR", 0x4 }, { "B_PAGEIO", 0x10 },
	{ "B_PHYS", 0x20 }, { "B_READ", 0x40 }, { "B_WRITE", 0x100 }, { "B_ASYNC", 0x400 },
	/* uregs[] indexes, numbered as DTrace on Linux x86-64 (regs.d) */
	{ "R_R15", 0 }, { "R_R14", 1 }, { "R_R13", 2 }, { "R_R12", 3 }, { "R_RBP", 4 },
	{ "R_RBX", 5 }, { "R_R11", 6 }, { "R_R10", 7 }, { "R_R9", 8 }, { "R_R8", 9 },
	{ "R_RAX", 10 }, { "R_RCX", 11 }, { "R_RDX", 12 }, { "R_RSI", 13 }, { "R_RDI", 14 },
	{ "R_ERR", 15 }, { "R_RIP", 16 }, { "R_CS", 17 }, { "R_RFL", 18 }, { "R_RSP", 19 },
	{ "R_SS", 20 }, { "R_DS", 21 }, { "R_ES", 22 }, { "R_FS", 23 }, { "R_GS", 24 },
	{ "R_TRAPNO", 25 }, { "R_PC", 16 }, { "R_SP", 19 }, { "R_FP", 4 }, { "R_PS", 18 },
	{ "R_R0", 10 }, { "R_R1", 5 },
	/* ... and their i386 names */
	{ "R_EAX", 10 }, { "R_EBX", 5 }, { "R_ECX", 11 }, { "R_EDX", 12 }, { "R_ESI", 13 },
	{ "R_EDI", 14 }, { "R_EBP", 4 }, { "R_ESP", 19 }, { "R_EIP", 16 }, { "R_EFL", 18 },
};

#define NCONSTS (sizeof(consts) / sizeof(consts[0]))

static int by_name(const void *a, const void *b)
{
	return strcmp(consts[*(const uint16_t *)a].name, consts[*(const uint16_t *)b].name);
}

static int find(const void *key, const void *b)
{
	return strcmp(key, consts[*(const uint16_t *)b].name);
}

/* Every identifier a script uses is looked up: by binary search over an
 * index sorted on first use (100,000 clauses look up as many names). */
int dsema_const(const char *name, int *value)
{
	static uint16_t order[NCONSTS];
	static int sorted;

	if (!sorted) {
		for (size_t i = 0; i < NCONSTS; i++)
			order[i] = (uint16_t)i;
		qsort(order, NCONSTS, sizeof(order[0]), by_name);
		sorted = 1;
	}
	const uint16_t *hit = bsearch(name, order, NCONSTS, sizeof(order[0]), find);
	if (!hit)
		return 0;
	*value = consts[*hit].value;
	return 1;
}
