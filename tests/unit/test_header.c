/* Tests of provider definitions (dc/parse.c, dc/provdef.c) and of dtr -h's
 * header writer (runtime/header.c): the definitions the compiler records,
 * argument types as normalized text, DTrace's errors with their positions,
 * and the header's exact macros, guard and limits. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dc/dc.h"
#include "runtime/header.h"

#define THDR_N(t) (sizeof(t) / sizeof((t)[0]))

static const char thdr_myapp[] =
	"#pragma D attributes Evolving/Evolving/Common provider myapp provider\n"
	"#pragma D attributes Private/Private/Unknown provider myapp module\n"
	"provider myapp {\n"
	"    probe request__start(char *, int);\n"
	"    probe request__done(char *path, int status, uint64_t ns);\n"
	"    probe tick();\n"
	"};\n";

static dtr_program *thdr_compile(const char *src)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);

	cr_assert_not_null(p, "%s: %d:%d: %s", src, err.loc.line, err.loc.col, err.msg);
	return p;
}

/* Compile src, which must fail with tag and msg at line:col. */
static void thdr_fails(const char *src, const char *tag, const char *msg, int line, int col)
{
	dc_input in = { .src = src, .target = -1, .strsize = 256 };
	dc_error err;
	dtr_program *p = dc_compile(&in, &err);

	cr_assert_null(p, "%s: compiled", src);
	cr_expect_str_eq(err.msg, msg, "%s", src);
	cr_expect_str_eq(err.tag ? err.tag : "", tag, "%s", src);
	cr_expect_eq(err.loc.line, line, "%s: line %d, want %d", src, err.loc.line, line);
	cr_expect_eq(err.loc.col, col, "%s: col %d, want %d", src, err.loc.col, col);
}

/* The header for p, or NULL with *rc set when the writer fails. */
static char *thdr_header(const dtr_program *p, const char *file, int *rc)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	cr_assert_not_null(f);
	*rc = rt_header_write(f, p, file);
	fclose(f);
	return s;
}

Test(header, definitions_are_recorded)
{
	dtr_program *p = thdr_compile(thdr_myapp);

	cr_assert_eq(p->vm.nclauses, 0);
	cr_assert_eq(p->nprovdefs, 1);
	const dtr_provdef *d = &p->provdefs[0];
	cr_expect_str_eq(d->name, "myapp");
	cr_expect_eq(d->loc.line, 3);
	cr_expect_eq(d->loc.col, 10);
	cr_assert_eq(d->nprobes, 3);

	const dtr_provprobe *s = &d->probes[0];
	cr_expect_str_eq(s->name, "request__start");
	cr_expect_str_eq(s->dname, "request-start");
	cr_expect_eq(s->loc.line, 4);
	cr_expect_eq(s->loc.col, 11);
	cr_assert_eq(s->nargs, 2);
	cr_expect_str_eq(s->argtypes[0], "char *");
	cr_expect_str_eq(s->argtypes[1], "int");
	cr_expect_null(s->argnames[0]);
	cr_expect_null(s->argnames[1]);

	const dtr_provprobe *e = &d->probes[1];
	cr_expect_str_eq(e->dname, "request-done");
	cr_assert_eq(e->nargs, 3);
	const char *types[] = { "char *", "int", "uint64_t" }, *names[] = { "path", "status", "ns" };
	for (int i = 0; i < 3; i++) {
		cr_expect_str_eq(e->argtypes[i], types[i]);
		cr_expect_str_eq(e->argnames[i], names[i]);
	}

	cr_expect_str_eq(d->probes[2].name, "tick");
	cr_expect_eq(d->probes[2].nargs, 0);
	dc_free(p);
}

/* Each argument's type as written, normalized: one space between words, one
 * before the first '*', none between stars; the name dropped. */
Test(header, argument_types_are_normalized)
{
	static const struct { const char *arg, *type, *name; } cases[] = {
		{ "char*", "char *", NULL },
		{ "char  *  s", "char *", "s" },
		{ "const char *", "const char *", NULL },
		{ "char const *p", "char const *", "p" },
		{ "char **argv", "char **", "argv" },
		{ "const char *const *envp", "const char *const *", "envp" },
		{ "struct foo *", "struct foo *", NULL },
		{ "union u *x", "union u *", "x" },
		{ "enum color c", "enum color", "c" },
		{ "unsigned long long", "unsigned long long", NULL },
		{ "unsigned n", "unsigned", "n" },
		{ "uint64_t", "uint64_t", NULL },
		{ "string", "string", NULL },
		{ "void *", "void *", NULL },
		{ "pthread_t t", "pthread_t", "t" },
		{ "my_handle_t", "my_handle_t", NULL },
		{ "double d", "double", "d" },
		{ "long double", "long double", NULL },
		{ "unsigned char *buf", "unsigned char *", "buf" },
		{ "long long int", "long long int", NULL },
		{ "signed short s", "signed short", "s" },
	};
	char src[256];

	for (size_t i = 0; i < THDR_N(cases); i++) {
		snprintf(src, sizeof(src), "provider p { probe a(%s); };", cases[i].arg);
		dtr_program *p = thdr_compile(src);
		const dtr_provprobe *a = &p->provdefs[0].probes[0];
		cr_assert_eq(a->nargs, 1, "%s", src);
		cr_expect_str_eq(a->argtypes[0], cases[i].type, "%s", src);
		if (cases[i].name)
			cr_expect_str_eq(a->argnames[0] ? a->argnames[0] : "", cases[i].name, "%s", src);
		else
			cr_expect_null(a->argnames[0], "%s", src);
		dc_free(p);
	}
}

Test(header, void_and_translated_prototypes)
{
	dtr_program *p = thdr_compile(
		"typedef int myint_t;\n"
		"provider p {\n"
		"\tprobe a(void);\n"
		"\tprobe b(struct foo_impl *fp, myint_t n) : (struct foo *fp);\n"
		"\tprobe c(int x, int y) : (int y, int x);\n"
		"};\n");
	const dtr_provdef *d = &p->provdefs[0];

	cr_assert_eq(d->nprobes, 3);
	cr_expect_eq(d->probes[0].nargs, 0);
	cr_assert_eq(d->probes[1].nargs, 2);
	cr_expect_str_eq(d->probes[1].argtypes[0], "struct foo_impl *");
	cr_expect_str_eq(d->probes[1].argtypes[1], "myint_t");
	cr_assert_eq(d->probes[2].nargs, 2);
	dc_free(p);
}

/* Provider definitions beside clauses and declarations, in any order; a
 * provider defined again alike adds nothing. */
Test(header, definitions_beside_clauses)
{
	dtr_program *p = thdr_compile(
		"provider a { probe x(int); };\n"
		"BEGIN { n = 1; }\n"
		"provider b { probe y(); };\n"
		"provider a { probe x(int); };\n"
		"provider c { };\n"
		"END { trace(n); }\n");

	cr_expect_eq(p->vm.nclauses, 2);
	cr_assert_eq(p->nprovdefs, 3);
	cr_expect_str_eq(p->provdefs[0].name, "a");
	cr_expect_eq(p->provdefs[0].nprobes, 1);
	cr_expect_str_eq(p->provdefs[1].name, "b");
	cr_expect_str_eq(p->provdefs[2].name, "c");
	cr_expect_eq(p->provdefs[2].nprobes, 0);
	dc_free(p);
}

Test(header, duplicate_probe)
{
	thdr_fails("provider myapp {\n\tprobe request__start(char *);\n\tprobe tick();\n"
		   "\tprobe request__start(int);\n};\n",
		   "D_PROV_PRDUP", "probe redeclared: myapp:::request-start", 4, 8);
}

Test(header, syntax_error_inside_provider)
{
	thdr_fails("provider myapp {\n\tprobe a(char *, int;\n};\n",
		   "D_SYNTAX", "syntax error near \";\"", 2, 21);
	thdr_fails("provider myapp {\n\tprobe a(int)\n};\n",
		   "D_SYNTAX", "syntax error near \"}\"", 3, 1);
	thdr_fails("provider myapp {\n\tprobes a();\n};\n",
		   "D_SYNTAX", "syntax error near \"probes\"", 2, 2);
	thdr_fails("provider myapp {\n\tprobe a();\n}\n",
		   "D_SYNTAX", "syntax error near end of input", 4, 1);
	thdr_fails("provider myapp {\n\tprobe a(int x y);\n};\n",
		   "D_SYNTAX", "syntax error near \"y\"", 2, 16);
	thdr_fails("provider myapp {\n\tprobe a(foo_t int);\n};\n",
		   "D_SYNTAX", "syntax error near \"int\"", 2, 16);
}

/* DTrace's other checks of a definition, with its messages. */
Test(header, definition_errors)
{
	static const struct { const char *src, *tag, *msg; int line, col; } cases[] = {
		{ "provider p {\n\tprobe a(int);\n};\nprovider p {\n\tprobe b();\n};",
		  "D_PROV_INCOMPAT", "provider interface mismatch: p\n"
		  "\t current: probe p:::b defined\n\tprevious: probe p:::b not defined", 5, 8 },
		{ "provider p { probe a(int); };\nprovider p { probe a(int, int); };",
		  "D_PROV_INCOMPAT", "probe p:::a output prototype mismatch:\n"
		  "\t current: 2 args\n\tprevious: 1 arg", 2, 20 },
		{ "provider p { probe a(int); };\nprovider p { probe a(char *); };",
		  "D_PROV_INCOMPAT", "probe p:::a output prototype argument #1 mismatch:\n"
		  "\t current: char *\n\tprevious: int", 2, 20 },
		{ "provider app2 { probe a(); };", "D_PROV_BADNAME",
		  "provider name may not end with a digit: app2", 1, 10 },
		{ "provider p { probe a`b(); };", "D_PROV_BADNAME",
		  "probe name may not contain scoping operator: ::a`b", 1, 20 },
		{ "provider p { probe a(void, int); };", "D_DECL_PROTO_VOID",
		  "void must be sole parameter", 1, 22 },
		{ "provider p { probe a(void v); };", "D_DECL_PROTO_NAME",
		  "void parameter may not have a name: v", 1, 27 },
		{ "provider p { probe a(int x, int x); };", "D_DECL_PROTO_FORM",
		  "parameter is already declared in probe input prototype: x, parameter #2", 1, 33 },
		{ "provider p { probe a(int x) : (int y); };", "D_DECL_PROTO_FORM",
		  "parameter is not declared in probe output prototype: y, parameter #1", 1, 20 },
		{ "provider p { probe a(int int); };", "D_DECL_COMBO",
		  "invalid type combination", 1, 26 },
		{ "provider p { probe a(unsigned char, long char); };", "D_DECL_COMBO",
		  "invalid type combination", 1, 42 },
		{ "provider p { probe a(short long); };", "D_DECL_COMBO",
		  "invalid type combination", 1, 28 },
		{ "provider p { probe a(unsigned uint64_t); };", "D_DECL_COMBO",
		  "invalid type combination", 1, 31 },
		{ "provider p { probe a(char *, ...); };", "D_DECL_PROTO_VARARGS",
		  "probe input prototype may not use a variable-length argument list", 1, 30 },
	};

	for (size_t i = 0; i < THDR_N(cases); i++)
		thdr_fails(cases[i].src, cases[i].tag, cases[i].msg, cases[i].line, cases[i].col);
}

Test(header, long_names)
{
	char src[512], name[80], msg[160];

	memset(name, 'a', 64);
	name[64] = 0;
	snprintf(src, sizeof(src), "provider %s { };", name);
	snprintf(msg, sizeof(msg), "provider name may not exceed 63 characters: %s", name);
	thdr_fails(src, "D_PROV_BADNAME", msg, 1, 10);
	snprintf(src, sizeof(src), "provider p { probe %s(); };", name);
	snprintf(msg, sizeof(msg), "probe name may not exceed 63 characters: ::%s", name);
	thdr_fails(src, "D_PROV_BADNAME", msg, 1, 20);
	/* 63 characters of D name: the "__" count once */
	name[60] = name[61] = '_';
	name[62] = name[63] = 'b';
	snprintf(src, sizeof(src), "provider p { probe %s(); };", name);
	dc_free(thdr_compile(src));
}

/* The description provider:::entry stays a clause. */
Test(header, provider_as_a_probe_description)
{
	dc_input in = { .src = "provider:::entry { }", .target = -1, .strsize = 256 };
	dc_error err;

	cr_assert_null(dc_compile(&in, &err));
	cr_expect(strstr(err.msg, "probe description provider:::entry does not match") != NULL,
		  "%s", err.msg);
}

Test(header, header_text)
{
	dtr_program *p = thdr_compile(thdr_myapp);
	int rc;
	char *h = thdr_header(p, "out/provider.h", &rc);
	static const char *const want[] = {
		"/*\n * Generated by dtr(1) from D provider definitions: do not edit.\n",
		"\n#ifndef _PROVIDER_H\n#define _PROVIDER_H\n",
		"\n#define _SDT_HAS_SEMAPHORES 1\n#endif\n#include <sys/sdt.h>\n",
		"\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
		"/* myapp:::request-start(char *, int) */\n"
		"#define MYAPP_REQUEST_START(arg0, arg1) \\\n"
		"\tSTAP_PROBE2(myapp, request__start, arg0, arg1)\n"
		"#define MYAPP_REQUEST_START_ENABLED() \\\n"
		"\t__builtin_expect(myapp_request__start_semaphore != 0, 0)\n"
		"__extension__ volatile unsigned short myapp_request__start_semaphore\n"
		"\t__attribute__((unused, weak, visibility(\"hidden\"), section(\".probes\")));\n",
		"/* myapp:::request-done(char *path, int status, uint64_t ns) */\n"
		"#define MYAPP_REQUEST_DONE(arg0, arg1, arg2) \\\n"
		"\tSTAP_PROBE3(myapp, request__done, arg0, arg1, arg2)\n",
		"/* myapp:::tick() */\n"
		"#define MYAPP_TICK() \\\n"
		"\tSTAP_PROBE(myapp, tick)\n"
		"#define MYAPP_TICK_ENABLED() \\\n"
		"\t__builtin_expect(myapp_tick_semaphore != 0, 0)\n",
		"\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* _PROVIDER_H */\n",
	};

	cr_assert_eq(rc, 0);
	for (size_t i = 0; i < THDR_N(want); i++)
		cr_expect(strstr(h, want[i]) != NULL, "missing:\n%s\nin:\n%s", want[i], h);
	/* the guard is the first thing defined, the end the last */
	cr_expect(strstr(h, "#ifndef") < strstr(h, "#include"));
	size_t n = strlen(h), tail = strlen("#endif /* _PROVIDER_H */\n");
	cr_expect_str_eq(h + n - tail, "#endif /* _PROVIDER_H */\n");
	free(h);
	dc_free(p);
}

Test(header, guard_names)
{
	static const struct { const char *file, *guard; } cases[] = {
		{ "provider.h", "#ifndef _PROVIDER_H\n" },
		{ "/tmp/x/my-app.probes.h", "#ifndef _MY_APP_PROBES_H\n" },
		{ "myapp.hpp", "#ifndef _MYAPP_HPP\n" },
		{ NULL, "#ifndef _PROBES_H\n" },
	};
	dtr_program *p = thdr_compile(thdr_myapp);

	for (size_t i = 0; i < THDR_N(cases); i++) {
		int rc;
		char *h = thdr_header(p, cases[i].file, &rc);
		cr_expect_eq(rc, 0);
		cr_expect(strstr(h, cases[i].guard) != NULL, "%s: no %s", cases[i].file, cases[i].guard);
		free(h);
	}
	dc_free(p);
}

/* sdt.h takes up to 12 arguments: 12 is STAP_PROBE12, 13 an error, and
 * then nothing is written. */
Test(header, argument_limit)
{
	char src[512] = "provider p { probe twelve(", *s;
	int rc;

	for (int i = 0; i < 12; i++)
		strcat(src, i ? ", int" : "int");
	strcat(src, "); };");
	dtr_program *p = thdr_compile(src);
	s = thdr_header(p, "p.h", &rc);
	cr_expect_eq(rc, 0);
	cr_expect(strstr(s, "#define P_TWELVE(arg0, arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, "
			    "arg9, arg10, arg11) \\\n\tSTAP_PROBE12(p, twelve, arg0, ") != NULL, "%s", s);
	free(s);
	dc_free(p);

	strcpy(src, "provider p { probe thirteen(");
	for (int i = 0; i < 13; i++)
		strcat(src, i ? ", int" : "int");
	strcat(src, "); };");
	p = thdr_compile(src);
	s = thdr_header(p, "p.h", &rc);
	cr_expect_eq(rc, -1);
	cr_expect_str_eq(s, "");
	free(s);
	dc_free(p);
}

/* Two probes whose macros would have one name: an error, nothing written. */
Test(header, macro_names_collide)
{
	dtr_program *p = thdr_compile("provider a_b { probe c(); };\nprovider a { probe b__c(); };");
	int rc;
	char *s = thdr_header(p, "p.h", &rc);

	cr_expect_eq(rc, -1);
	cr_expect_str_eq(s, "");
	free(s);
	dc_free(p);
	p = thdr_compile("provider a { probe b__c(); probe b_c(); };");
	s = thdr_header(p, "p.h", &rc);
	cr_expect_eq(rc, -1);
	free(s);
	dc_free(p);
}

Test(header, no_definitions)
{
	dtr_program *p = thdr_compile("BEGIN { exit(0); }");
	int rc;
	char *h = thdr_header(p, "empty.h", &rc);

	cr_expect_eq(rc, 0);
	cr_expect(strstr(h, "#ifndef _EMPTY_H\n") != NULL);
	cr_expect(strstr(h, "STAP_PROBE") == NULL);
	free(h);
	dc_free(p);
}

/* The header compiles cleanly as C (and as C++ when there is a C++
 * compiler), included by two files of one program. */
Test(header, header_compiles)
{
	char dir[] = "/tmp/dtr-header-XXXXXX", path[256], cmd[1024];
	int rc;

	if (system("command -v cc >/dev/null 2>&1") != 0)
		cr_skip_test("no cc");
	cr_assert_not_null(mkdtemp(dir));
	dtr_program *p = thdr_compile(thdr_myapp);
	snprintf(path, sizeof(path), "%s/myapp.h", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	cr_assert_eq(rt_header_write(f, p, path), 0);
	fclose(f);
	dc_free(p);

	snprintf(path, sizeof(path), "%s/a.c", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("#include <stdint.h>\n#include \"myapp.h\"\n#include \"myapp.h\"\n"
	      "int other(void);\n"
	      "int main(void) {\n"
	      "\tconst char *path = \"/x\";\n"
	      "\tif (MYAPP_REQUEST_START_ENABLED())\n\t\tMYAPP_REQUEST_START(\"hello\", 42);\n"
	      "\tMYAPP_REQUEST_DONE(path, -1, (uint64_t)7);\n\tMYAPP_TICK();\n"
	      "\treturn other();\n}\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/b.c", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("#include \"myapp.h\"\nint other(void) { MYAPP_TICK(); return MYAPP_TICK_ENABLED(); }\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && cc -std=c99 -pedantic -Wall -Wextra -Werror -O2 "
		 "-o app a.c b.c && ./app", dir);
	rc = system(cmd);
	cr_expect_eq(rc, 0, "%s: %d", cmd, rc);
	if (system("command -v c++ >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd), "cd %s && c++ -x c++ -Wall -Wextra -Werror -O2 -c a.c -o a++.o",
			 dir);
		cr_expect_eq(system(cmd), 0, "%s", cmd);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}
