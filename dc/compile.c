/* The compiler driver: runs the passes in order (parse, semantic analysis,
 * probe matching, code generation) and formats diagnostics as DTrace does,
 * with a column and a caret line added. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc/ast.h"
#include "dc/cimport.h"

_Noreturn void dc_fail(dcomp *c, dloc loc, const char *tag, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	c->err->tag = tag;
	c->err->loc = loc;
	longjmp(c->fail, 1);
}

/* Is option name set by a #pragma D option? */
static int pragma_has(dcomp *c, const char *name)
{
	for (int i = 0; i < c->prog->nopts; i++)
		if (!strcmp(c->prog->opts[i].name, name))
			return 1;
	return 0;
}

/* A macro argument the program never names is an error (dt_compile's
 * check), unless -x argref (or defaultargs) says arguments may go unused. */
static void unused_args(dcomp *c)
{
	if (c->in->argref || c->in->defaultargs || pragma_has(c, "argref") || pragma_has(c, "defaultargs"))
		return;
	for (int i = 1; i <= c->in->argc; i++)
		if (!c->argused[i])
			dc_fail(c, (dloc){ 0, 0 }, "D_MACRO_UNUSED", "extraneous argument '%s' ($%d is not "
				"referenced)", c->in->argv[i - 1], i);
}

dtr_program *dc_compile(const dc_input *in, dc_error *err)
{
	dcomp *c = calloc(1, sizeof(*c));
	dtr_program *p;
	darena *a = darena_new();

	memset(err, 0, sizeof(*err));
	if (!c || !a) {
		free(c);
		darena_free(a);
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	c->in = in;
	c->err = err;
	c->arena = a;
	c->prog = p = darena_alloc(a, sizeof(*p));
	p->arena = a;
	if (setjmp(c->fail)) {
		for (int i = 0; i < c->nfmts; i++)
			dfmt_free(&p->fmts[i].f);
		darena_free(a);
		free(c);
		return NULL;
	}
	dc_cimport_apply(c, in->cimport); /* the header types the program names */
	c->argused = darena_alloc(a, (size_t)in->argc + 1);
	dparse_program(c);
	dprobe_warm(c);      /* the runtime opens the tracepoints it surely needs meanwhile */
	dprobe_check(c);     /* before sema: args-> is typed from the matched probes */
	dsema_program(c);
	dcopy_vars(c);       /* arguments kept for a later copyin() are read early */
	unused_args(c);
	dgen_program(c);
	free(c);
	return p;
}

void dc_free(dtr_program *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->vm.nfmts; i++)
		dfmt_free(&p->fmts[i].f);
	darena_free(p->arena);
}

void dc_print_error(FILE *out, const dc_input *in, const dc_error *err)
{
	const char *src = in->listing ? in->listing : in->src, *line = src;
	int ln = err->loc.line;

	if (err->tag && !strcmp(err->tag, "D_PROV_UNAVAIL"))
		fprintf(out, "dtr: "); /* not the program's fault: what the kernel lacks */
	else if (in->file)
		fprintf(out, "dtr: failed to compile script %s: ", in->file);
	else
		fprintf(out, "dtr: invalid probe specifier %s: ", in->src);
	if (err->tag && in->errtags)
		fprintf(out, "[%s] ", err->tag);
	if (in->file && ln > 0 && strcmp(err->tag ? err->tag : "", "D_PROV_UNAVAIL"))
		fprintf(out, "line %d: ", ln);
	fprintf(out, "%s\n", err->msg);
	if (ln <= 0)
		return;
	for (int i = 1; i < ln && line; i++) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line)
		return;
	int len = (int)strcspn(line, "\n");
	fprintf(out, "%s:%d:%d:\n%.*s\n", in->file ? in->file : "<command line>", ln,
		err->loc.col, len, line);
	for (int i = 1; i < err->loc.col && i <= len; i++)
		fputc(line[i - 1] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
}
