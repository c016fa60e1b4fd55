/* What the fuzz harnesses share: a pvm_env whose callbacks are harmless
 * stubs (they answer from the arguments alone and never touch the
 * system), a /dev/null stream for diagnostics, and a check that a clause's
 * records are well formed. Included by each harness (header-only, so each
 * harness stays one file for libFuzzer and the regression replay). */
#ifndef FUZZ_ENV_H
#define FUZZ_ENV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probevm/pvm.h"

/* User memory as the stub sees it: bytes made from the address, a NUL
 * every 61 bytes, up to 40 of them; address 0 and the top page fault. */
static inline long fuzz_env_read_user(void *arg, int32_t pid, uint64_t addr, uint64_t time, void *buf,
			       size_t len)
{
	uint8_t *b = buf;
	size_t n = len < 40 ? len : 40;

	(void)arg, (void)pid, (void)time;
	if (addr == 0 || addr >= UINT64_MAX - 4095)
		return -1;
	for (size_t i = 0; i < n; i++)
		b[i] = (addr + i) % 61 == 60 ? 0 : (uint8_t)('a' + (addr + i) % 26);
	return (long)n;
}

static inline int fuzz_env_progenyof(void *arg, int32_t pid, int32_t ancestor)
{
	(void)arg;
	return pid == ancestor;
}

static inline int fuzz_env_speculation(void *arg)
{
	static int next;

	(void)arg;
	return next++ % 4; /* 0: none free, sometimes */
}

static inline const char *fuzz_env_psargs(void *arg, int32_t pid)
{
	(void)arg;
	return pid & 1 ? "fuzz -x arg" : "";
}

static inline const char *fuzz_env_devname(void *arg, uint32_t dev)
{
	(void)arg;
	return dev & 1 ? "sda" : NULL;
}

static inline const char *fuzz_env_fdname(void *arg, int32_t pid, int32_t fd, int what)
{
	(void)arg, (void)pid;
	return fd < 0 ? "<none>" : what ? "ext4" : "/tmp/fuzz/file";
}

static inline int64_t fuzz_env_fdinfo(void *arg, int32_t pid, int32_t fd, int what)
{
	(void)arg, (void)pid;
	return fd < 0 ? -1 : what ? 02 : fd;
}

static inline int64_t fuzz_env_proc(void *arg, int32_t tid, int what)
{
	(void)arg;
	return tid + what;
}

static const pvm_env fuzz_env = {
	.read_user = fuzz_env_read_user,
	.progenyof = fuzz_env_progenyof,
	.speculation = fuzz_env_speculation,
	.psargs = fuzz_env_psargs,
	.devname = fuzz_env_devname,
	.fdname = fuzz_env_fdname,
	.fdinfo = fuzz_env_fdinfo,
	.proc = fuzz_env_proc,
};

/* A stream that discards what is written (diagnostics, disassembly). */
static inline FILE *fuzz_null(void)
{
	static FILE *null;

	if (!null && !(null = fopen("/dev/null", "w")))
		abort();
	return null;
}

/* Abort unless st's records (since offset 0) are whole: each a known kind
 * whose padded payload ends inside the buffer, the last ending at its end. */
static inline void fuzz_check_records(const pvm_state *st)
{
	size_t at = 0;

	while (at < st->rec.len) {
		pvm_rechdr h;
		if (st->rec.len - at < sizeof(h))
			abort();
		memcpy(&h, st->rec.data + at, sizeof(h));
		if (h.kind < PVM_REC_TRACE_INT || h.kind > PVM_REC_TRACE_MEM)
			abort();
		size_t padded = ((size_t)h.size + 7) & ~(size_t)7;
		if (padded > st->rec.len - at - sizeof(h))
			abort();
		at += sizeof(h) + padded;
	}
}

#endif
