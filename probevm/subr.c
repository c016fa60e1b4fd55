/* D's subroutines: string functions bounded by strsize with results in the
 * per-clause scratch area, byte-order conversions, rand(), device numbers,
 * and the ones that ask the runtime (copyinstr, progenyof). Semantics
 * follow illumos' dtrace_dif_subr. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "probevm/subr.h"

#define S(i) ((const char *)(uintptr_t)args[i])

/* Bytes from addr to the end of [base, base + size), or -1 outside it. */
static int64_t room_in(uint64_t addr, const void *base, uint64_t size)
{
	uint64_t b = (uint64_t)(uintptr_t)base;

	return base && addr >= b && addr - b <= size ? (int64_t)(size - (addr - b)) : -1;
}

uint8_t *pvm_mem_at(pvm_state *st, uint64_t addr, int64_t *room)
{
	int64_t best = room_in(addr, st->scratch, st->scratch_used), r;

	/* alloca() memory has D addresses from PVM_ALLOCA_BASE on */
	if (addr >= PVM_ALLOCA_BASE && addr - PVM_ALLOCA_BASE <= st->amem_used) {
		*room = st->amem_used - (int64_t)(addr - PVM_ALLOCA_BASE);
		return st->amem + (addr - PVM_ALLOCA_BASE);
	}
	if ((r = room_in(addr, st->gmem, st->prog->gmemsize)) > best)
		best = r;
	if ((r = room_in(addr, st->lmem, st->prog->lmemsize)) > best)
		best = r;
	for (uint32_t i = 0; i < st->ntmem; i++)
		if ((r = room_in(addr, st->tmem[i].p, st->tmem[i].len)) > best)
			best = r;
	*room = best;
	return best >= 0 ? (uint8_t *)(uintptr_t)addr : NULL;
}

uint8_t *pvm_mem(pvm_state *st, uint64_t addr, uint64_t len)
{
	int64_t room;
	uint8_t *p = pvm_mem_at(st, addr, &room);

	return p && len <= (uint64_t)room ? p : NULL;
}

uint8_t *pvm_alloca(pvm_state *st, uint64_t len)
{
	size_t at = (st->scratch_used + 7) & ~(size_t)7;

	if (len > st->scratch_size || at > st->scratch_size - len)
		return NULL;
	st->scratch_used = at + len;
	return (uint8_t *)st->scratch + at;
}

/* len bytes of alloca() memory (its D address in *daddr), or NULL when
 * scratchsize has no room for them. */
static uint8_t *amem_alloc(pvm_state *st, uint64_t len, uint64_t *daddr)
{
	uint64_t at = st->amem_used;

	if (len > st->amem_size || at > st->amem_size - len)
		return NULL;
	st->amem_used = (uint32_t)((at + len + 7) & ~(uint64_t)7);
	if (st->amem_used > st->amem_size)
		st->amem_used = st->amem_size;
	*daddr = PVM_ALLOCA_BASE + at;
	return st->amem + at;
}

/* An address argument of n bytes in checked memory, or a fault. */
#define MEM(p, a, n) do { if (!((p) = pvm_mem(st, (a), (n)))) { *addr = (a); return PVM_FAULT_BADADDR; } } while (0)

static size_t slen(pvm_state *st, const char *s)
{
	return strnlen(s, st->strsize - 1);
}

static uint64_t ret_str(const char *s)
{
	return (uint64_t)(uintptr_t)s;
}

/* index/rindex: position of needle in s searching from start, or -1. */
static int64_t find(pvm_state *st, const char *s, const char *needle, int64_t start, int reverse)
{
	int64_t len = (int64_t)slen(st, s), nl = (int64_t)slen(st, needle);

	if (!reverse) {
		if (start < 0)
			start = 0;
		for (int64_t i = start; i + nl <= len; i++)
			if (!strncmp(s + i, needle, (size_t)nl))
				return i;
		return -1;
	}
	if (start > len - nl)
		start = len - nl;
	for (int64_t i = start; i >= 0; i--)
		if (!strncmp(s + i, needle, (size_t)nl))
			return i;
	return -1;
}

static void substr(pvm_state *st, char *out, const char *s, int64_t index, int64_t remaining)
{
	int64_t len = (int64_t)slen(st, s), size = st->strsize;

	if (index < 0) {
		index += len;
		if (index < 0 && index + remaining > 0) {
			remaining += index;
			index = 0;
		}
	}
	if (index >= len || index < 0)
		remaining = 0;
	else if (remaining < 0) {
		remaining += len - index;
		if (remaining < 0)
			remaining = 0;
	} else if (index + remaining > size)
		remaining = size - index;
	if (remaining > len - index)
		remaining = len - index;
	if (remaining < 0)
		remaining = 0;
	memcpy(out, s + (remaining ? index : 0), (size_t)remaining);
	out[remaining] = 0;
}

static void basename_of(const char *s, size_t len, char *out)
{
	size_t end = len, start;

	while (end > 1 && s[end - 1] == '/')
		end--;
	if (end == 0) {
		strcpy(out, ".");
		return;
	}
	if (end == 1 && s[0] == '/') {
		strcpy(out, "/");
		return;
	}
	start = end;
	while (start > 0 && s[start - 1] != '/')
		start--;
	memcpy(out, s + start, end - start);
	out[end - start] = 0;
}

static void dirname_of(const char *s, size_t len, char *out)
{
	size_t end = len;

	while (end > 1 && s[end - 1] == '/')
		end--;
	while (end > 0 && s[end - 1] != '/')
		end--;
	while (end > 1 && s[end - 1] == '/')
		end--;
	if (end == 0) {
		strcpy(out, ".");
		return;
	}
	memcpy(out, s, end);
	out[end] = 0;
}

/* The path without empty and "." components, each "x/.." dropped, and no
 * trailing slash; ".." above a relative path's start stays, above "/" it
 * goes. An empty result is "/", or "." (from a non-empty relative path). */
static void cleanpath(const char *s, size_t len, char *out)
{
	int abs = len > 0 && s[0] == '/';
	size_t o = 0, keep = 0; /* keep: bytes of leading ".." components */

	if (abs)
		out[o++] = '/';
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && s[j] != '/')
			j++;
		size_t n = j - i;
		if (n == 2 && s[i] == '.' && s[i + 1] == '.') {
			if (o > keep + (size_t)abs) {
				/* drop the last component and its slash */
				while (o > (size_t)abs && out[o - 1] != '/')
					o--;
				if (o > (size_t)abs)
					o--;
			} else if (!abs) {
				if (o)
					out[o++] = '/';
				out[o++] = '.';
				out[o++] = '.';
				keep = o;
			}
		} else if (n && !(n == 1 && s[i] == '.')) {
			if (o > (size_t)abs)
				out[o++] = '/';
			memcpy(out + o, s + i, n);
			o += n;
		}
		i = j + 1;
	}
	if (o == 0 && len > 0)
		out[o++] = '.';
	out[o] = 0;
}

static uint64_t bswap(uint64_t v, int bytes)
{
	switch (bytes) {
	case 2: return __builtin_bswap16((uint16_t)v);
	case 4: return __builtin_bswap32((uint32_t)v);
	default: return __builtin_bswap64(v);
	}
}

/* An IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d, not :: or
 * ::1) IPv6 address, which inet_ntoa6() prints as a.b.c.d unless strict. */
static int v4_in_v6(const uint8_t *a)
{
	static const uint8_t zero[12];

	if (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff)
		return 1;
	return !memcmp(a, zero, 12) && (a[12] | a[13] | a[14] || a[15] > 1);
}

int pvm_subr_call(pvm_state *st, int id, const uint64_t *args, uint32_t nargs,
		  const pvm_ctx *ctx, uint64_t *out, uint64_t *addr)
{
	char *buf = NULL;

	/* string results go to scratch */
	if (pvm_subrs[id].ret == PT_STR && id != PVM_SUBR_STRCHR && id != PVM_SUBR_STRRCHR &&
	    id != PVM_SUBR_STRSTR && !(buf = (char *)pvm_alloca(st, st->strsize)))
		return PVM_FAULT_NOSPACE;

	switch (id) {
	case PVM_SUBR_STRLEN:
		*out = slen(st, S(0));
		break;
	case PVM_SUBR_STRJOIN: {
		size_t a = slen(st, S(0)), b = slen(st, S(1)), max = st->strsize - 1;
		if (a > max)
			a = max;
		if (b > max - a)
			b = max - a;
		memcpy(buf, S(0), a);
		memcpy(buf + a, S(1), b);
		buf[a + b] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_SUBSTR:
		substr(st, buf, S(0), (int64_t)args[1], nargs > 2 ? (int64_t)args[2] : (int64_t)st->strsize);
		*out = ret_str(buf);
		break;
	case PVM_SUBR_INDEX:
		*out = (uint64_t)find(st, S(0), S(1), nargs > 2 ? (int64_t)args[2] : 0, 0);
		break;
	case PVM_SUBR_RINDEX:
		*out = (uint64_t)find(st, S(0), S(1), nargs > 2 ? (int64_t)args[2] : INT64_MAX / 2, 1);
		break;
	case PVM_SUBR_STRCHR:
	case PVM_SUBR_STRRCHR: {
		const char *s = S(0), *r = NULL;
		size_t l = slen(st, s);
		for (size_t i = 0; i < l; i++)
			if (s[i] == (char)args[1]) {
				r = s + i;
				if (id == PVM_SUBR_STRCHR)
					break;
			}
		*out = ret_str(r);
		break;
	}
	case PVM_SUBR_STRSTR: {
		int64_t i = find(st, S(0), S(1), 0, 0);
		*out = i < 0 ? 0 : ret_str(S(0) + i);
		break;
	}
	case PVM_SUBR_STRTOK: {
		/* strtok(s, delim), or strtok(NULL, delim) compiled as strtok(delim) */
		const char *delim = S(nargs - 1);
		if (nargs == 2) {
			size_t l = slen(st, S(0));
			memmove(st->tokbuf, S(0), l);
			st->tokbuf[l] = 0;
			st->tokpos = 0;
		}
		char *p = st->tokbuf + st->tokpos;
		p += strspn(p, delim);
		if (!*p) {
			st->tokpos = (size_t)(p - st->tokbuf);
			*out = 0;
			break;
		}
		size_t n = strcspn(p, delim);
		memcpy(buf, p, n);
		buf[n] = 0;
		/* the delimiter that ended the token stays: the next call's
		 * delimiters decide whether it is skipped (as DTrace does) */
		st->tokpos = (size_t)(p - st->tokbuf) + n;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_LLTOSTR: {
		int64_t v = (int64_t)args[0];
		int base = nargs > 1 ? (int)args[1] : 10;
		char tmp[72];
		int n = 0, neg = base == 10 && v < 0;
		uint64_t u = neg ? -(uint64_t)v : (uint64_t)v;
		if (base < 2 || base > 36) {
			*addr = 0;
			return PVM_FAULT_ILLOP;
		}
		do {
			tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % (uint64_t)base];
			u /= (uint64_t)base;
		} while (u);
		/* the digits that fit strsize, as DTrace's are cut there too */
		size_t o = 0, max = st->strsize - 1;
		if (neg && o < max)
			buf[o++] = '-';
		if (base == 16 && o + 2 <= max) {
			buf[o++] = '0';
			buf[o++] = 'x';
		}
		while (n && o < max)
			buf[o++] = tmp[--n];
		buf[o] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_TOUPPER:
	case PVM_SUBR_TOLOWER: {
		size_t l = slen(st, S(0));
		for (size_t i = 0; i < l; i++)
			buf[i] = (char)(id == PVM_SUBR_TOUPPER ? toupper((unsigned char)S(0)[i])
							       : tolower((unsigned char)S(0)[i]));
		buf[l] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_BASENAME:
		basename_of(S(0), slen(st, S(0)), buf);
		*out = ret_str(buf);
		break;
	case PVM_SUBR_DIRNAME:
		dirname_of(S(0), slen(st, S(0)), buf);
		*out = ret_str(buf);
		break;
	case PVM_SUBR_CLEANPATH:
		cleanpath(S(0), slen(st, S(0)), buf);
		*out = ret_str(buf);
		break;
	case PVM_SUBR_HTONS: case PVM_SUBR_NTOHS:
		*out = bswap(args[0], 2);
		break;
	case PVM_SUBR_HTONL: case PVM_SUBR_NTOHL:
		*out = bswap(args[0], 4);
		break;
	case PVM_SUBR_HTONLL: case PVM_SUBR_NTOHLL:
		*out = bswap(args[0], 8);
		break;
	case PVM_SUBR_RAND: /* xorshift64*, as good as DTrace's */
		st->rand_state ^= st->rand_state >> 12;
		st->rand_state ^= st->rand_state << 25;
		st->rand_state ^= st->rand_state >> 27;
		*out = (uint64_t)(int64_t)(int32_t)((st->rand_state * 2685821657736338717ULL) >> 32);
		break;
	case PVM_SUBR_GETMAJOR: /* the kernel's dev_t: 12 bits major, 20 bits minor */
		*out = (args[0] >> 20) & 0xfff;
		break;
	case PVM_SUBR_GETMINOR:
		*out = args[0] & 0xfffff;
		break;
	case PVM_SUBR_COPYINSTR: {
		/* copyinstr(addr [, size]): size (at most D's strsize, and that
		 * by default) bytes with the NUL, so size - 1 chars, as DTrace */
		size_t max = st->strsize - 1;
		if (nargs > 1 && args[1] < max)
			max = (size_t)args[1];
		max = max ? max - 1 : 0;
		long n = st->env.read_user ? st->env.read_user(st->env.arg, (int32_t)ctx->b[PVM_B_PID],
							    args[0], ctx->b[PVM_B_TIMESTAMP], buf, max) : -1;
		if (n < 0) {
			*addr = args[0];
			return PVM_FAULT_BADADDR;
		}
		buf[n] = 0;
		buf[strnlen(buf, (size_t)n)] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_PROGENYOF:
		*out = st->env.progenyof ? (uint64_t)st->env.progenyof(st->env.arg,
				(int32_t)ctx->b[PVM_B_PID], (int32_t)args[0]) : 0;
		break;
	case PVM_SUBR_SPECULATION:
		*out = st->env.speculation ? (uint64_t)st->env.speculation(st->env.arg) : 0;
		break;
	case PVM_SUBR_STRTOLL:
		*out = (uint64_t)strtoll(S(0), NULL, nargs > 1 ? (int)args[1] : 0);
		break;
	case PVM_SUBR_ALLOCA:
	case PVM_SUBR_COPYIN:
	case PVM_SUBR_COPYINTO: {
		/* copyin(addr, size) is copyinto(addr, size, alloca(size)) */
		uint64_t size = args[id != PVM_SUBR_ALLOCA], daddr = 0;
		uint8_t *dst;
		if (id == PVM_SUBR_COPYINTO)
			MEM(dst, args[2], size);
		else if (!(dst = amem_alloc(st, size, &daddr)))
			return PVM_FAULT_NOSPACE;
		*out = daddr;
		if (id == PVM_SUBR_ALLOCA) {
			memset(dst, 0, size); /* alloca() memory starts zeroed, as DTrace's */
			break;
		}
		long n = st->env.read_user ? st->env.read_user(st->env.arg, (int32_t)ctx->b[PVM_B_PID],
							    args[0], ctx->b[PVM_B_TIMESTAMP], dst, size) : -1;
		if (n < 0 || (uint64_t)n < size) {
			*addr = args[0];
			return PVM_FAULT_BADADDR;
		}
		break;
	}
	case PVM_SUBR_STRPTR: {
		/* the string's strsize bytes (NUL included) in this clause's
		 * alloca() memory, so that a char * can point at it */
		uint64_t daddr;
		uint8_t *dst = amem_alloc(st, st->strsize, &daddr);
		if (!dst)
			return PVM_FAULT_NOSPACE;
		size_t l = slen(st, S(0));
		memcpy(dst, S(0), l);
		memset(dst + l, 0, st->strsize - l);
		*out = daddr;
		break;
	}
	case PVM_SUBR_UREG:
		*out = ctx->uregs && args[0] < ctx->nuregs ? ctx->uregs[args[0]] : 0;
		break;
	case PVM_SUBR_PROC:
		*out = st->env.proc ? (uint64_t)st->env.proc(st->env.arg, (int32_t)args[0], (int)args[1]) :
				      (uint64_t)-1;
		break;
	case PVM_SUBR_CPUTOPO:
		*out = st->env.cputopo ? (uint64_t)st->env.cputopo(st->env.arg, (int32_t)args[0], (int)args[1]) :
					 (uint64_t)-1;
		break;
	case PVM_SUBR_FDINFO:
		*out = st->env.fdinfo ? (uint64_t)st->env.fdinfo(st->env.arg, (int32_t)ctx->b[PVM_B_PID],
								(int32_t)args[0], (int)args[1]) : (uint64_t)-1;
		break;
	case PVM_SUBR_PSARGS:
	case PVM_SUBR_DEVNAME:
	case PVM_SUBR_FDPATH:
	case PVM_SUBR_FDFS:
	case PVM_SUBR_FDMOUNT: {
		int32_t pid = (int32_t)ctx->b[PVM_B_PID];
		const char *v = id == PVM_SUBR_PSARGS ?
			(st->env.psargs ? st->env.psargs(st->env.arg, (int32_t)args[0]) : NULL) :
			id == PVM_SUBR_DEVNAME ?
			(st->env.devname ? st->env.devname(st->env.arg, (uint32_t)args[0]) : NULL) :
			(st->env.fdname ? st->env.fdname(st->env.arg, pid, (int32_t)args[0],
							 id == PVM_SUBR_FDFS ? 1 : id == PVM_SUBR_FDMOUNT ? 2 : 0)
					: NULL);
		size_t l = v ? strnlen(v, st->strsize - 1) : 0;
		memcpy(buf, v ? v : "", l);
		buf[l] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_BCOPY: {
		uint8_t *src, *dst;
		MEM(dst, args[1], args[2]);
		if (st->ttype[0] == PT_STR) {
			/* from a string: its bytes in a strsize buffer, zeros past its end */
			size_t l = slen(st, S(0));
			if (args[2] > st->strsize) {
				*addr = args[0];
				return PVM_FAULT_BADADDR;
			}
			if (l > args[2])
				l = (size_t)args[2];
			memmove(dst, S(0), l);
			memset(dst + l, 0, (size_t)args[2] - l);
			break;
		}
		MEM(src, args[0], args[2]);
		memmove(dst, src, args[2]);
		break;
	}
	case PVM_SUBR_INET_NTOA:
	case PVM_SUBR_INET_NTOA6:
	case PVM_SUBR_INET_NTOP: {
		/* inet_ntop(af, addr); AF_INET and AF_INET6 have Linux's values */
		int af = id == PVM_SUBR_INET_NTOA ? AF_INET : id == PVM_SUBR_INET_NTOA6 ? AF_INET6 : (int)args[0];
		uint64_t a = args[id == PVM_SUBR_INET_NTOP];
		uint8_t *src;
		if (af != AF_INET && af != AF_INET6)
			return PVM_FAULT_ILLOP;
		MEM(src, a, af == AF_INET ? 4 : 16);
		if (id == PVM_SUBR_INET_NTOA6 && !(nargs > 1 && args[1]) && v4_in_v6(src))
			af = AF_INET, src += 12; /* not strict: IPv4-mapped and -compatible as a.b.c.d */
		/* the whole address, then as much of it as strsize holds */
		char full[INET6_ADDRSTRLEN];
		if (!inet_ntop(af, src, full, sizeof(full)))
			full[0] = 0;
		size_t l = slen(st, full);
		memcpy(buf, full, l);
		buf[l] = 0;
		*out = ret_str(buf);
		break;
	}
	case PVM_SUBR_LINK_NTOP: {
		/* link_ntop(type, addr): hex bytes joined by ':'; Linux's ARPHRD_ETHER
		 * (6 bytes) and ARPHRD_INFINIBAND (20 bytes), as DTrace knows them */
		uint64_t n = args[0] == 1 ? 6 : args[0] == 32 ? 20 : 0;
		uint8_t *src;
		if (!n)
			return PVM_FAULT_ILLOP;
		MEM(src, args[1], n);
		buf[0] = 0;
		for (uint64_t i = 0; i < n && 3 * i + 4 <= st->strsize; i++)
			snprintf(buf + 3 * i, 4, i + 1 < n ? "%02x:" : "%02x", src[i]);
		*out = ret_str(buf);
		break;
	}
	}
	return PVM_FAULT_NONE;
}
