/* The disassembler behind `dtr -S`: one line per instruction with its
 * operands decoded from the ISA table, the source line, and the name of the
 * constant, string, variable or aggregation an index refers to. */
#include <inttypes.h>

#include "probevm/pvm.h"

static void annotate(FILE *out, const pvm_prog *prog, const pvm_insn *in)
{
	switch (in->op) {
	case PVM_LDK:
		fprintf(out, "  ! %" PRId64, prog->consts[in->imm]);
		break;
	case PVM_LDS:
		if (in->imm < 0)
			fprintf(out, "  ! NULL");
		else
			fprintf(out, "  ! \"%s\"", prog->strs[in->imm]);
		break;
	case PVM_LDB:
		fprintf(out, "  ! %s", pvm_builtins[in->imm].name);
		break;
	case PVM_LDG: case PVM_STG: case PVM_LDA: case PVM_STA:
		fprintf(out, "  ! %s", prog->vars[in->imm].name);
		break;
	case PVM_LDT: case PVM_STT:
		fprintf(out, "  ! self->%s", prog->vars[in->imm].name);
		break;
	case PVM_LDL: case PVM_STL:
		fprintf(out, "  ! this->%s", prog->vars[in->imm].name);
		break;
	case PVM_LDX:
		fprintf(out, "  ! raw+%u (%u bytes)", prog->fields[in->imm].offset, prog->fields[in->imm].size);
		break;
	case PVM_CALL:
		fprintf(out, "  ! %s()", pvm_subrs[in->imm].name);
		break;
	case PVM_AGG: case PVM_AGGC:
		fprintf(out, "  ! @%s", prog->aggs[in->imm].name);
		break;
	}
}

void pvm_disasm(FILE *out, const pvm_prog *prog, const pvm_code *code)
{
	fprintf(out, "OFF  LINE OPCODE   OPERANDS\n");
	for (uint32_t pc = 0; pc < code->n; pc++) {
		const pvm_insn *in = &code->insns[pc];
		const pvm_opinfo *oi = &pvm_ops[in->op];
		char ops[64];

		switch (oi->fmt) {
		case PF_A:   snprintf(ops, sizeof(ops), "r%u", in->a); break;
		case PF_AI:  snprintf(ops, sizeof(ops), "r%u, %d", in->a, in->imm); break;
		case PF_AB:  snprintf(ops, sizeof(ops), "r%u, r%u", in->a, in->b); break;
		case PF_ABC: snprintf(ops, sizeof(ops), "r%u, r%u, r%u", in->a, in->b, in->c); break;
		case PF_J:   snprintf(ops, sizeof(ops), "%u", pc + 1 + in->imm); break;
		case PF_AJ:  snprintf(ops, sizeof(ops), "r%u, %u", in->a, pc + 1 + in->imm); break;
		case PF_I:   snprintf(ops, sizeof(ops), "%d", in->imm); break;
		case PF_AIB: snprintf(ops, sizeof(ops), "r%u, %d, r%u", in->a, in->imm, in->b); break;
		case PF_ABJ: snprintf(ops, sizeof(ops), "r%u, r%u, %u", in->a, in->b, pc + 1 + in->imm); break;
		default:     ops[0] = 0;
		}
		fprintf(out, "%03u %5u %-8s %-16s", pc, code->line ? code->line[pc] : 0, oi->name, ops);
		annotate(out, prog, in);
		fputc('\n', out);
	}
}
