/* Unit tests of probes/insn.c: hand-assembled x86-64 functions decoded into
 * instruction boundaries, returns and tail jumps, and one real function of
 * this test binary read from memory. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "probes/insn.h"

#define TINSN_N(a) (sizeof(a) / sizeof((a)[0]))
#define TINSN_ADDR 0x401000u   /* where the hand-assembled functions "live" */

enum { O = PROV_INSN_OTHER, R = PROV_INSN_RET, T = PROV_INSN_TAILJMP };

/* One expected instruction: offset, length, kind. */
typedef struct tinsn_want {
	uint32_t off;
	uint8_t len, kind;
} tinsn_want;

/* Decode code at TINSN_ADDR and check the result against want[0..nwant). */
static void tinsn_check(const uint8_t *code, size_t len, const tinsn_want *want, int nwant)
{
	prov_insn out[64];
	int n = prov_insn_scan(code, len, TINSN_ADDR, out, (int)TINSN_N(out));

	cr_assert_eq(n, nwant, "decoded %d instructions, want %d", n, nwant);
	for (int i = 0; i < n; i++) {
		cr_expect_eq(out[i].off, want[i].off, "insn %d: off %u, want %u", i, out[i].off,
			     want[i].off);
		cr_expect_eq(out[i].len, want[i].len, "insn %d: len %u, want %u", i, out[i].len,
			     want[i].len);
		cr_expect_eq(out[i].kind, want[i].kind, "insn %d: kind %u, want %u", i, out[i].kind,
			     want[i].kind);
	}
}

#define CHECK(code, ...) \
	tinsn_check((code), sizeof(code), (const tinsn_want[]){ __VA_ARGS__ }, \
		    (int)TINSN_N(((const tinsn_want[]){ __VA_ARGS__ })))

/* endbr64; push rbp; mov rbp,rsp; mov eax,edi; add eax,eax; pop rbp; ret */
static const uint8_t tinsn_double[] = {
	0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89, 0xe5, 0x89, 0xf8, 0x01, 0xc0, 0x5d, 0xc3,
};

/* ---- boundaries and returns ---- */

Test(insn, frame_function)
{
	CHECK(tinsn_double,
	      { 0, 4, O }, { 4, 1, O }, { 5, 3, O }, { 8, 2, O }, { 10, 2, O }, { 12, 1, O },
	      { 13, 1, R });
}

Test(insn, two_returns)
{
	/* test edi,edi; je +3; xor eax,eax; ret; mov eax,1; ret */
	static const uint8_t code[] = {
		0x85, 0xff, 0x74, 0x03, 0x31, 0xc0, 0xc3, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xc3,
	};

	CHECK(code, { 0, 2, O }, { 2, 2, O }, { 4, 2, O }, { 6, 1, R }, { 7, 5, O }, { 12, 1, R });
}

Test(insn, ret_imm16)
{
	/* mov rax,rdi; ret 8 */
	static const uint8_t code[] = { 0x48, 0x89, 0xf8, 0xc2, 0x08, 0x00 };

	CHECK(code, { 0, 3, O }, { 3, 3, R });
}

Test(insn, prefixed_returns)
{
	/* xor eax,eax; repz ret; bnd ret */
	static const uint8_t code[] = { 0x31, 0xc0, 0xf3, 0xc3, 0xf2, 0xc3 };

	CHECK(code, { 0, 2, O }, { 2, 2, R }, { 4, 2, R });
}

Test(insn, far_return_is_not_a_return)
{
	/* retf leaves for another code segment, not to a caller's call */
	static const uint8_t code[] = { 0xcb };

	CHECK(code, { 0, 1, O });
}

/* ---- jumps ---- */

Test(insn, tail_call_rel32)
{
	/* add rdi,1; jmp +0x100 (past the end) */
	static const uint8_t code[] = { 0x48, 0x83, 0xc7, 0x01, 0xe9, 0x00, 0x01, 0x00, 0x00 };

	CHECK(code, { 0, 4, O }, { 4, 5, T });
}

Test(insn, tail_call_rel8_backwards)
{
	/* nop; jmp -0x10 (before the function's start) */
	static const uint8_t code[] = { 0x90, 0xeb, 0xf0 };

	CHECK(code, { 0, 1, O }, { 1, 2, T });
}

Test(insn, jumps_inside_are_not_tail_calls)
{
	/* 0: sub edi,1; 3: jne 0; 5: jmp 0 (rel8); 7: jmp 0 (rel32); 12: jmp 17 (rel8,
	 * forward); 14: jmp rax; 16: int3; 17: ret */
	static const uint8_t code[] = {
		0x83, 0xef, 0x01, 0x75, 0xfb, 0xeb, 0xf9, 0xe9, 0xf4, 0xff, 0xff, 0xff,
		0xeb, 0x03, 0xff, 0xe0, 0xcc, 0xc3,
	};

	CHECK(code, { 0, 3, O }, { 3, 2, O }, { 5, 2, O }, { 7, 5, O }, { 12, 2, O }, { 14, 2, O },
	      { 16, 1, O }, { 17, 1, R });
}

Test(insn, jump_to_the_end_leaves)
{
	/* jmp +0 lands on the first byte after the function: outside it */
	static const uint8_t code[] = { 0xeb, 0x00 };
	/* jmp to the last byte (the ret) stays inside */
	static const uint8_t last[] = { 0xeb, 0x00, 0xc3 };

	CHECK(code, { 0, 2, T });
	CHECK(last, { 0, 2, O }, { 2, 1, R });
}

Test(insn, prefixed_tail_call)
{
	/* bnd jmp rel32 (f2 e9) out of the function, as with -fcf-protection + MPX */
	static const uint8_t code[] = { 0xf2, 0xe9, 0x00, 0x10, 0x00, 0x00 };

	CHECK(code, { 0, 6, T });
}

/* ---- where decoding stops ---- */

Test(insn, truncated_last_instruction)
{
	/* push rbp; mov rbp,rsp; mov eax,imm32 with two immediate bytes missing */
	static const uint8_t code[] = { 0x55, 0x48, 0x89, 0xe5, 0xb8, 0x01, 0x00 };

	CHECK(code, { 0, 1, O }, { 1, 3, O });
}

Test(insn, stops_at_undecodable_bytes)
{
	/* nop; push es (invalid in 64-bit mode); ret */
	static const uint8_t code[] = { 0x90, 0x06, 0xc3 };

	CHECK(code, { 0, 1, O });
}

Test(insn, stops_at_max)
{
	prov_insn out[8];

	memset(out, 0xa5, sizeof(out));
	cr_assert_eq(prov_insn_scan(tinsn_double, sizeof(tinsn_double), TINSN_ADDR, out, 3), 3);
	cr_expect_eq(out[2].off, 5);
	cr_expect_eq(out[2].len, 3);
	cr_expect_eq(out[3].off, 0xa5a5a5a5u, "wrote past max");
	cr_expect_eq(prov_insn_scan(tinsn_double, sizeof(tinsn_double), TINSN_ADDR, out, 0), 0);
}

Test(insn, empty_code)
{
	prov_insn out[1];

	cr_expect_eq(prov_insn_scan(tinsn_double, 0, TINSN_ADDR, out, 1), 0);
}

/* ---- real code ---- */

/* A function of this binary to decode: a branch, so likely two exits. */
__attribute__((noipa)) static int tinsn_self_target(int x)
{
	if (x > 10)
		return x * 3 - 7;
	return x + 1;
}

/* The size of the function symbol at addr: from the dynamic symbol table
 * through dladdr1 when the binary exports it (-rdynamic), otherwise from
 * the .symtab of /proc/self/exe, matched at its link-time address. */
static uint64_t tinsn_sym_size(const void *addr, const char *name)
{
	Dl_info di;
	const ElfW(Sym) *sym = NULL;
	uint64_t size = 0, rel;
	Elf_Scn *scn = NULL;
	Elf *elf;
	int fd;

	cr_assert(dladdr1(addr, &di, (void **)&sym, RTLD_DL_SYMENT));
	/* any symbol starting at addr will do: getpid is libc's __getpid too */
	if (sym && di.dli_saddr == addr)
		return sym->st_size;
	/* dli_fbase is the load base: 0-based for a PIE, the ELF header for ET_EXEC */
	rel = (uint64_t)(uintptr_t)addr - (uint64_t)(uintptr_t)di.dli_fbase;
	elf_version(EV_CURRENT);
	fd = open("/proc/self/exe", O_RDONLY);
	cr_assert_geq(fd, 0);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	cr_assert_not_null(elf);
	while (!size && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *sn;

			if (!gelf_getsym(d, (int)i, &s) || GELF_ST_TYPE(s.st_info) != STT_FUNC)
				continue;
			sn = elf_strptr(elf, sh.sh_link, s.st_name);
			if (sn && strcmp(sn, name) == 0 &&
			    (s.st_value == rel || s.st_value == (uint64_t)(uintptr_t)addr)) {
				size = s.st_size;
				break;
			}
		}
	}
	elf_end(elf);
	close(fd);
	return size;
}

/* Decode fn (size bytes at its own address) and check the boundaries
 * tile the whole function and at least one instruction returns. */
static void tinsn_check_real(const void *fn, uint64_t size)
{
	prov_insn out[512];
	int n, rets = 0;

	cr_assert_gt(size, 0);
	cr_assert_lt(size, 4096);
	n = prov_insn_scan(fn, size, (uint64_t)(uintptr_t)fn, out, (int)TINSN_N(out));
	cr_assert_gt(n, 0);
	cr_expect_eq(out[0].off, 0);
	for (int i = 0; i < n; i++) {
		cr_expect_gt(out[i].len, 0);
		if (i + 1 < n)
			cr_expect_eq(out[i + 1].off, out[i].off + out[i].len, "insn %d at %u", i + 1,
				     out[i + 1].off);
		rets += out[i].kind == PROV_INSN_RET;
	}
	cr_expect_eq(out[n - 1].off + out[n - 1].len, size, "decoding stopped before the end");
	cr_expect_geq(rets, 1);
}

Test(insn, own_function)
{
	const void *fn = (const void *)&tinsn_self_target;

	cr_expect_eq(tinsn_self_target(2), 3);
	tinsn_check_real(fn, tinsn_sym_size(fn, "tinsn_self_target"));
}

Test(insn, libc_function)
{
	/* getpid is in libc's dynamic symbol table, so dladdr1 has its size */
	const void *fn = (const void *)&getpid;

	tinsn_check_real(fn, tinsn_sym_size(fn, "getpid"));
}
