/* libFuzzer harness for the D compiler: the input bytes are D source (up to
 * the first NUL). A refused program's diagnostic is printed, in both the
 * script and the -n form, to /dev/null; an accepted one must verify, clause
 * by clause (the compiler never emits what the verifier refuses), is
 * disassembled, its options (#pragma D option) applied as dtr applies
 * them, and its clauses run once each by the VM with a zeroed context and
 * the strsize the options give. Any crash, leak, sanitizer report or hang
 * is a finding.
 *
 * Probe descriptions need not match probes (-Z). The first compile loads
 * the probe table from tracefs; without tracefs (not root) every
 * description but dtrace's matches nothing, which -Z allows, so the
 * harness works either way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dc/dc.h"
#include "probevm/pvm.h"
#include "runtime/rt.h"
#include "tests/fuzz/fuzz_env.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#define FUZZ_COMPILE_LIBFUZZER 1
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);

#ifdef FUZZ_COMPILE_LIBFUZZER
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Load the probe table before the clock of the first input starts. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	prov_load();
	return 0;
}
#endif

/* Run every clause of p once, as a probe firing with nothing known. */
static void fc_run(const dtr_program *p, uint32_t strsize)
{
	pvm_state st;
	pvm_ctx ctx;

	if (pvm_state_init(&st, &p->vm, strsize + 1, 1, 1 << 20, 1 << 20) < 0)
		return;
	st.env = fuzz_env;
	memset(&ctx, 0, sizeof(ctx));
	for (uint32_t i = 0; i < p->vm.nclauses; i++) {
		pvm_faultinfo fault;
		pvm_firing_begin(&st);
		if (pvm_run(&st, &p->vm.clauses[i], &ctx, 0, &fault) < 0 &&
		    (fault.kind <= PVM_FAULT_NONE || fault.kind > PVM_FAULT_NOSPACE))
			abort();
		fuzz_check_records(&st);
		st.rec.len = 0;
	}
	pvm_state_fini(&st);
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	static char *argv[] = { "1", "two" };
	char *src = malloc(size + 1);
	dc_error err;

	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = 0;
	dc_input in = {
		.src = src,
		.file = "fuzz.d",
		.argc = 2,
		.argv = argv,
		.target = -1,
		.strsize = 256,
		.zdefs = 1,
	};
	dtr_program *p = dc_compile(&in, &err);
	if (!p) {
		if (!memchr(err.msg, 0, sizeof(err.msg)) || !err.msg[0])
			abort(); /* a refusal says why */
		dc_print_error(fuzz_null(), &in, &err);
		in.file = NULL;
		dc_print_error(fuzz_null(), &in, &err);
		free(src);
		return 0;
	}
	int ok = 1;
	for (uint32_t i = 0; i < p->vm.nclauses; i++) {
		char msg[256];
		if (pvm_verify(&p->vm, &p->vm.clauses[i], msg, sizeof(msg)) < 0) {
			fprintf(stderr, "compiled clause %u failed to verify: %s\n", i + 1, msg);
			pvm_disasm(stderr, &p->vm, &p->vm.clauses[i]);
			abort();
		}
		pvm_disasm(fuzz_null(), &p->vm, &p->vm.clauses[i]);
	}
	rt_opts opts;
	char oerr[256];
	rt_opts_default(&opts);
	opts.strsize = in.strsize;
	for (int i = 0; i < p->nopts && ok; i++)
		ok = rt_opt_set(&opts, p->opts[i].name, p->opts[i].value, oerr, sizeof(oerr)) == 0;
	if (ok) /* else dtr stops with the message */
		fc_run(p, opts.strsize);
	dc_free(p);
	free(src);
	return 0;
}
