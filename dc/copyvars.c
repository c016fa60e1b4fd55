/* Early reads through variables: a clause that keeps a probe argument in a
 * variable (self->fn = arg1) whose value another clause copies from user
 * memory (copyinstr(self->fn) at the syscall's return) asks for that
 * argument to be read early at its own event, when the process is surely
 * there: by the later event's turn it may have exited. */
#include <string.h>

#include "dc/sema.h"

static const dnode *uncast(const dnode *n)
{
	while (n && n->kind == N_CAST)
		n = n->l;
	return n;
}

static int is_var_ref(const dnode *n)
{
	return n && (n->kind == N_IDENT || n->kind == N_SELF || n->kind == N_THIS) && n->refkind == REF_VAR;
}

/* Mark in copied the variables a copyin(), copyinstr() or copyinto() reads from. */
static void find_copies(const dnode *n, uint8_t *copied)
{
	if (!n)
		return;
	if (n->kind == N_CALL && n->refkind == REF_SUBR && n->nargs &&
	    (n->ref == PVM_SUBR_COPYIN || n->ref == PVM_SUBR_COPYINSTR || n->ref == PVM_SUBR_COPYINTO) &&
	    is_var_ref(uncast(n->args[0])))
		copied[uncast(n->args[0])->ref] = 1;
	find_copies(n->l, copied);
	find_copies(n->r, copied);
	find_copies(n->x, copied);
	for (int i = 0; i < n->nargs; i++)
		find_copies(n->args[i], copied);
}

/* The argN (bits) n assigns to variables in copied. */
static uint16_t stored_args(const dnode *n, const uint8_t *copied)
{
	uint16_t bits = 0;

	if (!n)
		return 0;
	if (n->kind == N_ASSIGN && n->op == T_ASSIGN && is_var_ref(n->l) && copied[n->l->ref]) {
		const dnode *v = uncast(n->r);
		if (v->kind == N_IDENT && v->refkind == REF_BUILTIN && v->ref >= PVM_B_ARG0 &&
		    v->ref <= PVM_B_ARG0 + 5)
			bits |= (uint16_t)(1u << (v->ref - PVM_B_ARG0));
	}
	bits |= stored_args(n->l, copied) | stored_args(n->r, copied) | stored_args(n->x, copied);
	for (int i = 0; i < n->nargs; i++)
		bits |= stored_args(n->args[i], copied);
	return bits;
}

void dcopy_vars(dcomp *c)
{
	uint8_t *copied = darena_alloc(c->arena, (size_t)c->prog->vm.nvars + 1);
	int any = 0;

	memset(copied, 0, (size_t)c->prog->vm.nvars + 1);
	for (int i = 0; i < c->nclauses; i++) {
		find_copies(c->clauses[i].pred, copied);
		for (int s = 0; s < c->clauses[i].nstmts; s++)
			find_copies(c->clauses[i].stmts[s], copied);
	}
	for (uint32_t v = 0; v < c->prog->vm.nvars; v++)
		any |= copied[v];
	for (int i = 0; any && i < c->nclauses; i++) {
		uint16_t bits = stored_args(c->clauses[i].pred, copied);
		for (int s = 0; s < c->clauses[i].nstmts; s++)
			bits |= stored_args(c->clauses[i].stmts[s], copied);
		c->prog->clauses[i].copyin |= bits;
	}
}
