/* The probe VM's instruction set, defined once: every other view of the
 * opcodes (enum, names, verifier rules, disassembler, dispatch table) is
 * expanded from PVM_ISA below.
 *
 * An instruction is 8 bytes:
 *
 *   63            32 31    24 23    16 15     8 7      0
 *  +----------------+--------+--------+--------+--------+
 *  |      imm       |   c    |   b    |   a    |   op   |
 *  +----------------+--------+--------+--------+--------+
 *
 * a, b, c name registers r0..r15 (64-bit); imm is a signed 32-bit operand
 * (constant, table index, or forward jump distance in instructions counted
 * from the next instruction). Registers hold integers or string references;
 * the verifier tracks which. Strings are read only through string
 * operations, whose operands the verifier has proved to be strings. The
 * memory instructions (LDM, STM, STRM, TRACEM) take an integer address and
 * check at run time that every byte lies in checked memory: the clause's
 * alloca() and copyin() memory (D addresses from PVM_ALLOCA_BASE on, as
 * DTrace's scratch offsets) or scratch space, the program's global memory, the
 * firing's clause-local memory or a thread-local struct or array element it
 * reached; any other
 * address faults.
 */
#ifndef PVM_ISA_H
#define PVM_ISA_H

#include <stdint.h>

#define PVM_NREGS 16
#define PVM_MAX_INSNS 4096
#define PVM_MAX_TUPLE 10 /* keys of an array or aggregation */
#define PVM_MAX_ARGS 32  /* depth of the tuple stack: printf()/system() arguments */
#define PVM_MAX_STRSIZE 4097 /* largest string buffer, NUL included */

typedef struct pvm_insn {
	uint8_t op, a, b, c;
	int32_t imm;
} pvm_insn;

/* Operand formats: which fields an opcode uses. */
enum pvm_fmt {
	PF_NONE,   /* op                      */
	PF_A,      /* op ra                   */
	PF_AI,     /* op ra, imm              */
	PF_AB,     /* op ra, rb               */
	PF_ABC,    /* op ra, rb, rc           */
	PF_J,      /* op +imm                 */
	PF_AJ,     /* op ra, +imm             */
	PF_I,      /* op imm                  */
	PF_AIB,    /* op ra, imm, rb          */
	PF_ABJ,    /* op ra, rb, +imm         */
};

/* Register roles and value types, per opcode. W: a is written.
 * RA/RB/RC: that register is read. The type letters say what a written
 * register holds (I integer, S string, X same as b) and what a read one must
 * hold (I, S, or V any). */
#define PV_W   0x01
#define PV_RA  0x02
#define PV_RB  0x04
#define PV_RC  0x08
#define PV_JMP 0x10 /* imm is a forward jump distance              */
#define PV_END 0x20 /* control does not fall through               */
#define PV_FLT 0x40 /* may fault at run time (checked operation)   */

/* PT_STACK: a stack or symbol value (pvm_stackval) made by STK or SYMV. */
enum pvm_vtype { PT_NONE = 0, PT_INT = 1, PT_STR = 2, PT_ANY = 3, PT_SAME = 4, PT_STACK = 5 };

/*
 * X(name, format, flags, type of a, type of b, type of c, semantics)
 * For a written a, its type column is the result type.
 */
#define PVM_ISA(X) \
	X(NOP,   PF_NONE, 0,                 PT_NONE, PT_NONE, PT_NONE, "do nothing") \
	X(LDI,   PF_AI,   PV_W,              PT_INT,  PT_NONE, PT_NONE, "a = imm (sign-extended)") \
	X(LDK,   PF_AI,   PV_W,              PT_INT,  PT_NONE, PT_NONE, "a = 64-bit constant pool[imm]") \
	X(LDS,   PF_AI,   PV_W,              PT_STR,  PT_NONE, PT_NONE, "a = string table[imm]; imm -1: the NULL string") \
	X(MOV,   PF_AB,   PV_W|PV_RB,        PT_SAME, PT_ANY,  PT_NONE, "a = b") \
	X(ADD,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b + c (wraps)") \
	X(SUB,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b - c (wraps)") \
	X(MUL,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b * c (wraps)") \
	X(SDIV,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_INT, PT_INT, PT_INT, "a = b / c signed; c == 0 faults") \
	X(UDIV,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_INT, PT_INT, PT_INT, "a = b / c unsigned; c == 0 faults") \
	X(SREM,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_INT, PT_INT, PT_INT, "a = b % c signed; c == 0 faults") \
	X(UREM,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_INT, PT_INT, PT_INT, "a = b % c unsigned; c == 0 faults") \
	X(AND,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b & c") \
	X(OR,    PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b | c") \
	X(XOR,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b ^ c") \
	X(SHL,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b << (c & 63)") \
	X(SHR,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b >> (c & 63), logical") \
	X(SAR,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b >> (c & 63), arithmetic") \
	X(NEG,   PF_AB,   PV_W|PV_RB,        PT_INT,  PT_INT,  PT_NONE, "a = -b (wraps)") \
	X(NOT,   PF_AB,   PV_W|PV_RB,        PT_INT,  PT_INT,  PT_NONE, "a = ~b") \
	X(LNOT,  PF_AB,   PV_W|PV_RB,        PT_INT,  PT_INT,  PT_NONE, "a = !b") \
	X(SEXT,  PF_AI,   PV_W|PV_RA,        PT_INT,  PT_NONE, PT_NONE, "a = a sign-extended from its low imm bytes") \
	X(ZEXT,  PF_AI,   PV_W|PV_RA,        PT_INT,  PT_NONE, PT_NONE, "a = a zero-extended from its low imm bytes") \
	X(EQ,    PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b == c") \
	X(NE,    PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b != c") \
	X(LT,    PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b < c, signed") \
	X(LE,    PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b <= c, signed") \
	X(LTU,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b < c, unsigned") \
	X(LEU,   PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_INT,  PT_INT,  "a = b <= c, unsigned") \
	X(SCMP,  PF_ABC,  PV_W|PV_RB|PV_RC,  PT_INT,  PT_STR,  PT_STR,  "a = sign of strcmp(b, c), bounded by strsize; NULL sorts before every string") \
	X(SIDX,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_INT, PT_STR, PT_INT, "a = char c of string b (0 past its end); NULL, c < 0 or c >= strsize fault") \
	X(SADD,  PF_ABC,  PV_W|PV_RB|PV_RC|PV_FLT, PT_STR, PT_STR, PT_INT, "a = string b from its byte c on (\"\" past its end); NULL, c < 0 or c >= strsize fault") \
	X(JMP,   PF_J,    PV_JMP,            PT_NONE, PT_NONE, PT_NONE, "jump forward imm instructions") \
	X(JZ,    PF_AJ,   PV_JMP|PV_RA,      PT_INT,  PT_NONE, PT_NONE, "if a == 0 jump forward imm") \
	X(JNZ,   PF_AJ,   PV_JMP|PV_RA,      PT_INT,  PT_NONE, PT_NONE, "if a != 0 jump forward imm") \
	X(LDB,   PF_AI,   PV_W,              PT_ANY,  PT_NONE, PT_NONE, "a = built-in variable imm (type from the built-in table)") \
	X(LDG,   PF_AI,   PV_W,              PT_ANY,  PT_NONE, PT_NONE, "a = global variable imm (type from the program's variable table)") \
	X(STG,   PF_AI,   PV_RA,             PT_ANY,  PT_NONE, PT_NONE, "global variable imm = a (strings copied, bounded by strsize; NULL kept)") \
	X(LDT,   PF_AI,   PV_W,              PT_ANY,  PT_NONE, PT_NONE, "a = self->var imm of the firing thread (0 or NULL when unset)") \
	X(STT,   PF_AI,   PV_RA|PV_FLT,      PT_ANY,  PT_NONE, PT_NONE, "self->var imm = a; storing 0 or NULL frees it") \
	X(DEL,   PF_I,    0,                 PT_NONE, PT_NONE, PT_NONE, "free self->var imm, or array imm's element at the tuple stack keys (emptied)") \
	X(LDL,   PF_AI,   PV_W,              PT_ANY,  PT_NONE, PT_NONE, "a = this->var imm (clause-local, per probe firing)") \
	X(STL,   PF_AI,   PV_RA|PV_FLT,      PT_ANY,  PT_NONE, PT_NONE, "this->var imm = a (strings copied; NULL kept)") \
	X(LDA,   PF_AI,   PV_W,              PT_ANY,  PT_NONE, PT_NONE, "a = array imm[tuple stack] (emptied); 0 or NULL when unset") \
	X(STA,   PF_AI,   PV_RA|PV_FLT,      PT_ANY,  PT_NONE, PT_NONE, "array imm[tuple stack] = a (emptied); storing 0 or NULL frees it") \
	X(LDX,   PF_AI,   PV_W|PV_FLT,       PT_ANY,  PT_NONE, PT_NONE, "a = field imm of the event's raw record (bounds checked; strings copied)") \
	X(LDM,   PF_AIB,  PV_W|PV_RB|PV_FLT, PT_INT,  PT_INT,  PT_NONE, "a = the imm-byte integer at address b (imm = size | PVM_SIGNED); b must be in checked memory") \
	X(STM,   PF_AIB,  PV_RA|PV_RB|PV_FLT,PT_INT,  PT_INT,  PT_NONE, "store the low imm bytes of a at address b; b must be in checked memory") \
	X(STRM,  PF_AIB,  PV_W|PV_RB|PV_FLT, PT_STR,  PT_INT,  PT_NONE, "a = the string at address b, at most imm bytes (0: strsize); b in checked memory") \
	X(LDGA,  PF_AI,   PV_W,              PT_INT,  PT_NONE, PT_NONE, "a = address of global memory + imm") \
	X(LDLA,  PF_AI,   PV_W,              PT_INT,  PT_NONE, PT_NONE, "a = address of clause-local memory + imm") \
	X(LDTA,  PF_AI,   PV_W|PV_FLT,       PT_INT,  PT_NONE, PT_NONE, "a = address of thread-local struct self->var imm (made zeroed; 0 when dynamic variable space is full)") \
	X(LDAA,  PF_AI,   PV_W|PV_FLT,       PT_INT,  PT_NONE, PT_NONE, "a = address of struct element array imm[tuple stack] (emptied), to read: a zeroed scratch copy when unset") \
	X(MKAA,  PF_AI,   PV_W|PV_FLT,       PT_INT,  PT_NONE, PT_NONE, "a = address of struct element array imm[tuple stack] (emptied), made zeroed when unset; 0 when dynamic variable space is full") \
	X(TRACEM,PF_AIB,  PV_RA|PV_RB|PV_FLT,PT_INT,  PT_INT,  PT_NONE, "record b bytes at address a (checked memory) for action imm") \
	X(CALL,  PF_AI,   PV_W|PV_FLT,       PT_ANY,  PT_NONE, PT_NONE, "a = subroutine imm(tuple stack) (emptied); types from the subroutine table") \
	X(ACT,   PF_I,    PV_FLT,            PT_NONE, PT_NONE, PT_NONE, "record action imm (printa, clear, trunc ...) with the tuple stack (emptied)") \
	X(STK,   PF_AI,   PV_W|PV_FLT,       PT_STACK,PT_NONE, PT_NONE, "a = this firing's stack: imm = frames << 1 | user") \
	X(SYMV,  PF_AIB,  PV_W|PV_RB|PV_FLT, PT_STACK,PT_INT,  PT_NONE, "a = address b as a symbol: imm = form << 1 | user") \
	X(PUSHK, PF_A,    PV_RA,             PT_STACK,PT_NONE, PT_NONE, "push stack or symbol a onto the tuple stack") \
	X(TRACEK,PF_A,    PV_RA,             PT_STACK,PT_NONE, PT_NONE, "record stack or symbol a for trace()") \
	X(PUSHI, PF_A,    PV_RA,             PT_INT,  PT_NONE, PT_NONE, "push integer a onto the tuple stack (at most PVM_MAX_ARGS)") \
	X(PUSHS, PF_A,    PV_RA,             PT_STR,  PT_NONE, PT_NONE, "push string a onto the tuple stack; NULL faults unless imm is 1") \
	X(AGG,   PF_AIB,  PV_RA|PV_RB,       PT_INT,  PT_INT,  PT_NONE, "aggregation imm: keys = tuple stack (emptied), value b, increment a") \
	X(TRACEI,PF_AI,   PV_RA,             PT_INT,  PT_NONE, PT_NONE, "record integer a for trace(); imm = size | PVM_SIGNED") \
	X(TRACES,PF_A,    PV_RA,             PT_STR,  PT_NONE, PT_NONE, "record string a for trace()") \
	X(PRINTF,PF_I,    PV_FLT,            PT_NONE, PT_NONE, PT_NONE, "record printf format imm with the tuple stack as arguments (emptied)") \
	X(EXIT,  PF_A,    PV_RA,             PT_INT,  PT_NONE, PT_NONE, "record exit(a): tracing stops after this probe firing") \
	X(SPECID,PF_A,    PV_RA|PV_FLT,      PT_INT,  PT_NONE, PT_NONE, "fault (illegal operation) unless a is a speculation id, 0 to nspec (commit, discard)") \
	X(RET,   PF_NONE, PV_END,            PT_NONE, PT_NONE, PT_NONE, "end the clause; its records are committed") \
	X(FALSE, PF_NONE, PV_END,            PT_NONE, PT_NONE, PT_NONE, "end the clause: its predicate was false, so the firing shows nothing") \
	X(JEQ,   PF_ABJ,  PV_JMP|PV_RA|PV_RB,PT_INT,  PT_INT,  PT_NONE, "if a == b jump forward imm (a comparison and its branch in one)") \
	X(JNE,   PF_ABJ,  PV_JMP|PV_RA|PV_RB,PT_INT,  PT_INT,  PT_NONE, "if a != b jump forward imm") \
	X(AGGC,  PF_I,    0,                 PT_NONE, PT_NONE, PT_NONE, "count() into aggregation imm: keys = tuple stack (emptied)")

enum pvm_op {
#define PVM_ENUM(name, fmt, fl, ta, tb, tc, doc) PVM_##name,
	PVM_ISA(PVM_ENUM)
#undef PVM_ENUM
	PVM_NOPS
};

typedef struct pvm_opinfo {
	const char *name;
	uint8_t fmt, flags, ta, tb, tc;
	const char *doc;
} pvm_opinfo;

/* The table of all opcodes, indexed by enum pvm_op. */
extern const pvm_opinfo pvm_ops[PVM_NOPS];

#endif
