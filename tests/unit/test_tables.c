/* Tests of the name tables the compiler and runtime share: actions
 * (dc/actions.c), aggregating functions and built-in variables
 * (probevm/pvm.h): every row well formed, no name in two of them. */
#include <criterion/criterion.h>
#include <string.h>

#include "dc/ast.h"
#include "dc/sema.h"
#include "probevm/pvm.h"

static const char *const ttab_actions[] = {
	"trace", "print", "tracemem", "exit", "printf", "system", "printa", "clear", "trunc",
	"normalize", "denormalize", "speculate", "commit", "discard", "raise", "stop", "setopt",
	"freopen", "ftruncate",
};

Test(tables, actions)
{
	for (size_t i = 0; i < sizeof(ttab_actions) / sizeof(ttab_actions[0]); i++) {
		const char *name = ttab_actions[i];
		const dact_info *a = dact_find(name);
		cr_assert(a, "%s: no action", name);
		cr_expect_str_eq(a->name, name);
		cr_expect(a->check, "%s: no checker", name);
		cr_expect(a->maxargs < 0 || a->minargs <= a->maxargs, "%s: arity", name);
		cr_expect(!dsema_known_subr(name), "%s: also a subroutine", name);
		if (a->kind >= 0)
			cr_expect_str_eq(dtr_actkind_names[a->kind], name, "%s: its record's kind", name);
		for (int f = 0; f < PVM_NAGGFNS; f++)
			cr_expect_str_neq(pvm_aggfns[f].name, name, "%s: also an aggregating function", name);
		for (int b = 0; b < PVM_NBUILTINS; b++)
			cr_expect_str_neq(pvm_builtins[b].name, name, "%s: also a built-in variable", name);
	}
	/* the clause's rules read these flags */
	cr_expect(dact_find("exit")->flags & DACT_EXIT);
	cr_expect(dact_find("commit")->flags & DACT_NOREC);
	cr_expect(!(dact_find("speculate")->flags & DACT_NOREC));
	cr_expect(dact_find("system")->flags & DACT_DESTRUCTIVE);
	cr_expect(!(dact_find("ftruncate")->flags & DACT_DESTRUCTIVE));
	cr_expect(!dact_find("stack"));
	cr_expect(!dact_find("count"));
}

Test(tables, actkinds)
{
	for (int k = 0; k < DA_NKINDS; k++)
		cr_expect(dtr_actkind_names[k] && dact_find(dtr_actkind_names[k]), "kind %d: no action", k);
}

Test(tables, aggfns)
{
	for (int f = 0; f < PVM_NAGGFNS; f++) {
		const pvm_aggfn_info *a = &pvm_aggfns[f];
		cr_assert(a->name, "aggregating function %d has no name", f);
		cr_expect(a->minargs <= a->maxargs, "%s: arity", a->name);
		cr_expect(a->nproto < a->maxargs || a->nproto == 0, "%s: parameters", a->name);
		cr_expect(!dsema_known_subr(a->name), "%s: also a subroutine", a->name);
	}
	cr_expect_str_eq(pvm_aggfns[PVM_AGG_LLQUANTIZE].name, "llquantize");
}

Test(tables, builtins)
{
	for (int b = 0; b < PVM_NBUILTINS; b++) {
		const pvm_builtin_info *bi = &pvm_builtins[b];
		cr_assert(bi->name, "built-in %d has no name", b);
		if (bi->type == PT_STR)
			continue;
		cr_expect(bi->size == 1 || bi->size == 2 || bi->size == 4 || bi->size == 8,
			  "%s: size %u", bi->name, bi->size);
	}
	cr_expect_eq(pvm_builtins[PVM_B_PID].size, 4);
	cr_expect_eq(pvm_builtins[PVM_B_PID].sign, 1);
	cr_expect_eq(pvm_builtins[PVM_B_TIMESTAMP].sign, 0);
}
