/* x86-64 instruction boundaries of a function, decoded linearly with
 * capstone (dlopen'ed), and the instructions by which control leaves it (returns and
 * direct tail jumps). */
#include <capstone/capstone.h>
#include <dlfcn.h>
#include <string.h>

#include "probes/insn.h"

/* capstone, loaded on first use: most runs decode no instruction, and
 * linking it would cost every start its ~80,000 relocations. */
static struct {
	cs_err (*open)(cs_arch arch, cs_mode mode, csh *handle);
	cs_err (*close)(csh *handle);
	cs_insn *(*malloc)(csh handle);
	void (*free)(cs_insn *insn, size_t count);
	bool (*disasm_iter)(csh handle, const uint8_t **code, size_t *size, uint64_t *address,
			    cs_insn *insn);
} cs;

static int load_capstone(void)
{
	static const char *const names[] = { "libcapstone.so.4", "libcapstone.so.5", "libcapstone.so" };
	void *h = NULL;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -1;
	*(void **)&cs.open = dlsym(h, "cs_open");
	*(void **)&cs.close = dlsym(h, "cs_close");
	*(void **)&cs.malloc = dlsym(h, "cs_malloc");
	*(void **)&cs.free = dlsym(h, "cs_free");
	*(void **)&cs.disasm_iter = dlsym(h, "cs_disasm_iter");
	return cs.open && cs.close && cs.malloc && cs.free && cs.disasm_iter ? 0 : -1;
}

/* One decoder for the process, opened on first use; decoding is not
 * thread-safe, nor needs to be yet. */
static csh insn_handle;
static cs_insn *insn_buf;
static int insn_open_failed;

static int insn_open(void)
{
	if (insn_buf)
		return 0;
	if (insn_open_failed)
		return -1;
	/* CS_OPT_DETAIL stays off: the instruction id says ret or jmp, and
	 * a direct jmp's target is read from its own bytes below */
	if (load_capstone() < 0 || cs.open(CS_ARCH_X86, CS_MODE_64, &insn_handle) != CS_ERR_OK) {
		insn_open_failed = 1;
		return -1;
	}
	insn_buf = cs.malloc(insn_handle);
	if (!insn_buf) {
		cs.close(&insn_handle);
		insn_open_failed = 1;
		return -1;
	}
	return 0;
}

__attribute__((destructor)) static void insn_close(void)
{
	if (!insn_buf)
		return;
	cs.free(insn_buf, 1);
	insn_buf = NULL;
	cs.close(&insn_handle);
}

/* Is b a legacy or REX prefix byte? */
static int is_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return 1;
	default:
		return (b & 0xf0) == 0x40;
	}
}

/* The target of a direct jmp (opcode eb rel8 or e9 rel32, after any
 * prefixes) in the n bytes b at address pc; 0 with *target untouched for
 * any other jmp (indirect ones, ff /4). The displacement is whatever
 * follows the opcode, so its width is the one capstone decoded (rel16
 * under a 66 prefix). */
static int direct_target(const uint8_t *b, unsigned n, uint64_t pc, uint64_t *target)
{
	unsigned i = 0, w;
	int64_t disp;

	while (i < n && is_prefix(b[i]))
		i++;
	if (i >= n || (b[i] != 0xeb && b[i] != 0xe9))
		return 0;
	w = n - i - 1;
	b += i + 1;
	switch (w) {
	case 1:
		disp = (int8_t)b[0];
		break;
	case 2:
		disp = (int16_t)(uint16_t)(b[0] | b[1] << 8);
		break;
	case 4:
		disp = (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
				 (uint32_t)b[3] << 24);
		break;
	default:
		return 0;
	}
	*target = pc + n + (uint64_t)disp;
	return 1;
}

int prov_insn_scan(const uint8_t *code, size_t len, uint64_t addr, prov_insn *out, int max)
{
	const uint8_t *p = code;
	size_t left = len;
	uint64_t pc = addr, target;
	int n = 0;

	if (insn_open() < 0)
		return -1;
	while (n < max && left > 0 && cs.disasm_iter(insn_handle, &p, &left, &pc, insn_buf)) {
		const cs_insn *in = insn_buf;
		prov_insn *o = &out[n++];

		o->off = (uint32_t)(in->address - addr);
		o->len = (uint8_t)in->size;
		o->kind = PROV_INSN_OTHER;
		if (in->id == X86_INS_RET)
			o->kind = PROV_INSN_RET;
		else if (in->id == X86_INS_JMP &&
			 direct_target(in->bytes, in->size, in->address, &target) &&
			 target - addr >= len)  /* wraps for targets below addr */
			o->kind = PROV_INSN_TAILJMP;
	}
	return n;
}

int prov_insn_probeable(const uint8_t *code, size_t len)
{
	static const uint8_t bad1[] = { 0x62, 0x6c, 0x6d, 0x6e, 0x6f, 0xc4, 0xc5, 0xcc, 0xcd, 0xce, 0xcf, 0xe4, 0xe5,
					0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0xf4 };
	static const uint8_t bad2[] = { 0x00, 0x01, 0x05, 0x07, 0x0b, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35 };
	size_t i = 0;

	for (; i < len && is_prefix(code[i]); i++)
		if (code[i] == 0xf0 || code[i] == 0x26 || code[i] == 0x2e || code[i] == 0x36 ||
		    code[i] == 0x3e)
			return 0; /* lock, and the segment overrides x86-64 ignores */
	if (i >= len)
		return 0;
	if (code[i] == 0x0f)
		return i + 1 < len && !memchr(bad2, code[i + 1], sizeof(bad2));
	return !memchr(bad1, code[i], sizeof(bad1));
}
