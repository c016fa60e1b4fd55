/* The tables expanded from the ISA and built-in lists: opcode info,
 * built-in variable names and types, aggregating functions, subroutines,
 * fault names. */
#include "probevm/pvm.h"

const pvm_opinfo pvm_ops[PVM_NOPS] = {
#define PVM_INFO(name, fmt, fl, ta, tb, tc, doc) \
	[PVM_##name] = { #name, fmt, fl, ta, tb, tc, doc },
	PVM_ISA(PVM_INFO)
#undef PVM_INFO
};

const pvm_builtin_info pvm_builtins[PVM_NBUILTINS] = {
#define PVM_B_INFO(e, name, t, size, sign) [PVM_B_##e] = { name, t, size, sign },
	PVM_BUILTINS(PVM_B_INFO)
#undef PVM_B_INFO
};

const pvm_aggfn_info pvm_aggfns[PVM_NAGGFNS] = {
#define PVM_AGG_INFO(e, name, mn, mx, va, np) [PVM_AGG_##e] = { name, mn, mx, va, np },
	PVM_AGGFNS(PVM_AGG_INFO)
#undef PVM_AGG_INFO
};

const pvm_subrinfo pvm_subrs[PVM_NSUBRS] = {
#define PVM_S_INFO(e, name, rt, mn, mx, ty) [PVM_SUBR_##e] = { name, rt, mn, mx, ty },
	PVM_SUBRS(PVM_S_INFO)
#undef PVM_S_INFO
};

static const char *const fault_names[] = {
#define PVM_F_NAME(e, s, code) s,
	PVM_FAULTS(PVM_F_NAME)
#undef PVM_F_NAME
};

static const int fault_codes[] = {
#define PVM_F_CODE(e, s, code) code,
	PVM_FAULTS(PVM_F_CODE)
#undef PVM_F_CODE
};

int pvm_fault_code(int fault)
{
	if (fault < 0 || fault >= (int)(sizeof(fault_codes) / sizeof(fault_codes[0])))
		return 0;
	return fault_codes[fault];
}

const char *pvm_fault_name(int fault)
{
	if (fault < 0 || fault >= (int)(sizeof(fault_names) / sizeof(fault_names[0])))
		return "unknown fault";
	return fault_names[fault];
}
