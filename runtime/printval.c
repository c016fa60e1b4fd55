/* print() and tracemem() output: a value laid out by its D type as DTrace
 * prints it (type names, members, hexadecimal integers, character arrays
 * as strings, nested braces), and raw bytes as a hex dump. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "runtime/printval.h"

typedef struct pv {
	FILE *f;
	const dtypetab *tt;
	const uint8_t *base;
	size_t len;
	int depth;   /* depth of the member printed last */
	int nest;    /* array nesting */
	const dmember *field; /* the bit-field being printed, or NULL */
} pv;

static int structlike(dtype t) { return t.kind == DT_STRUCT; }

static void indent(const pv *p)
{
	fprintf(p->f, "%*s", (p->depth + p->nest) * 4, "");
}

/* Close the structs left since the last member, deepest first. */
static void close_braces(pv *p, int depth)
{
	for (int d = p->depth; d > depth; d--)
		fprintf(p->f, "%*s}%s", (d + p->nest - 1) * 4, "", d == depth + 1 ? "" : "\n");
}

static uint64_t load(const pv *p, size_t off, size_t size)
{
	uint64_t v = 0;

	if (off + size <= p->len)
		memcpy(&v, p->base + off, size);
	return v;
}

/* A bit-field's value: its bits of the bytes at off, sign-extended when
 * its type is signed. */
static uint64_t load_field(const pv *p, const dmember *m, size_t off)
{
	int end = m->bitoff + m->bits, shift = 64 - end;
	uint64_t v = load(p, off, end <= 8 ? 1 : end <= 16 ? 2 : end <= 32 ? 4 : 8);

	v <<= shift;
	return m->type.sign ? (uint64_t)((int64_t)v >> (64 - m->bits)) : v >> (64 - m->bits);
}

static void print_int(pv *p, dtype t, size_t off)
{
	uint64_t v = p->field ? load_field(p, p->field, off) : load(p, off, t.size);
	const dctype *e = t.ref ? &p->tt->t[t.ref] : NULL;

	if (e) {
		/* an enum: its enumerator's name, or the number */
		for (int i = 0; i < e->nenums; i++)
			if (e->enums[i].value == (int32_t)v) {
				fputs(e->enums[i].name, p->f);
				return;
			}
		fprintf(p->f, "%d", (int32_t)v);
		return;
	}
	if (t.size == 1 && t.sign && !p->field) {
		char ch = (char)v;
		if (isprint((unsigned char)ch))
			fprintf(p->f, "'%c'", ch);
		else if (ch == 0)
			fputs("'\\0'", p->f);
		else
			fprintf(p->f, "'\\%03o'", (unsigned char)ch);
		return;
	}
	if (t.size == 8)
		fprintf(p->f, "%#llx", (unsigned long long)v);
	else
		fprintf(p->f, "%#x", (unsigned)v);
}

/* A float, double or long double as DTrace's print() shows one. */
static void print_float(pv *p, dtype t, size_t off)
{
	uint8_t b[16] = { 0 };

	if (off + t.size <= p->len)
		memcpy(b, p->base + off, t.size);
	if (t.size == 4) {
		float f;
		memcpy(&f, b, sizeof(f));
		fprintf(p->f, "%+.7e", f);
	} else if (t.size == 8) {
		double d;
		memcpy(&d, b, sizeof(d));
		fprintf(p->f, "%+.7e", d);
	} else {
		long double ld;
		memcpy(&ld, b, sizeof(ld));
		fprintf(p->f, "%+.16LE", ld);
	}
}

static void member(pv *p, const char *name, const char *tname, dtype t, size_t off, int depth);

static void print_array(pv *p, dtype t, size_t off)
{
	const dctype *a = &p->tt->t[t.ref];
	uint32_t esz = dtype_sizeof(p->tt, a->elem), i = 0;
	int isstring = 0;
	char ename[256];

	if (a->elem.kind == DT_INT && a->elem.size == 1 && a->elem.sign && !a->elem.ref) {
		/* printable characters and a NUL: a string */
		char ch = 0;
		for (i = 0; i < a->count; i++) {
			ch = (char)load(p, off + i, 1);
			if (!isprint((unsigned char)ch) || ch == 0)
				break;
		}
		isstring = i != a->count && ch == 0;
	}
	if (!isstring || p->depth != 0)
		fputs("[ ", p->f);
	if (isstring)
		fputc('"', p->f);
	dtype_name(p->tt, a->elem, ename, sizeof(ename));
	for (i = 0; i < a->count; i++) {
		if (isstring) {
			char ch = (char)load(p, off + i, 1);
			if (!ch)
				break;
			fputc(ch, p->f);
			continue;
		}
		pv e = *p;
		e.nest += p->depth + 1;
		e.depth = 0;
		member(&e, "", ename, a->elem, off + (size_t)i * esz, 0);
		close_braces(&e, 0);
		if (i != a->count - 1)
			fputs(", ", p->f);
		else if (structlike(a->elem))
			fputc('\n', p->f);
	}
	if (isstring)
		fputc('"', p->f);
	if (!isstring || p->depth != 0) {
		if (structlike(a->elem))
			indent(p);
		else
			fputc(' ', p->f);
		fputc(']', p->f);
	}
}

/* One member (or the value itself, name ""), then a struct's members one
 * level deeper, as DTrace's print() visits a type. */
static void member(pv *p, const char *name, const char *tname, dtype t, size_t off, int depth)
{
	close_braces(p, depth);
	if (depth < p->depth)
		fputc('\n', p->f);
	p->depth = depth;

	int arraymember = p->nest != 0 && depth == 0;
	int brief = arraymember && !structlike(t);
	if (!brief) {
		size_t l = strlen(tname);
		if (arraymember)
			fputc('\n', p->f);
		indent(p);
		fputs(tname, p->f);
		if (name[0]) {
			if (l && tname[l - 1] != '*' && tname[l - 1] != ' ')
				fputc(' ', p->f);
			fprintf(p->f, "%s =", name);
		}
		fputc(' ', p->f);
	}
	switch (t.kind) {
	case DT_INT: print_int(p, t, off); break;
	case DT_FLOAT: print_float(p, t, off); break;
	case DT_PTR: fprintf(p->f, "%#llx", (unsigned long long)load(p, off, 8)); break;
	case DT_ARRAY: print_array(p, t, off); break;
	case DT_STRUCT: fputc('{', p->f); break;
	case DT_STRING:
		fprintf(p->f, "\"%.*s\"", (int)strnlen((const char *)p->base + off, off < p->len ? p->len - off : 0),
			(const char *)p->base + off);
		break;
	default: break;
	}
	if (!brief)
		fputc('\n', p->f);
	if (structlike(t)) {
		const dctype *s = &p->tt->t[t.ref];
		for (int i = 0; i < s->nmembers; i++) {
			if (!s->members[i].name[0])
				continue; /* an unnamed bit-field: padding */
			p->field = s->members[i].bits ? &s->members[i] : NULL;
			member(p, s->members[i].name, s->members[i].tname, s->members[i].type,
			       off + s->members[i].offset, depth + 1);
			p->field = NULL;
		}
	}
}

void rt_print_value(FILE *f, const dtypetab *tt, dtype t, const uint8_t *data, size_t len)
{
	pv p = { f, tt, data, len, 0, 0, NULL };
	char tname[256];

	if (t.kind == DT_STRING) {
		fprintf(f, "string \"%.*s\"\n", (int)strnlen((const char *)data, len), (const char *)data);
		return;
	}
	dtype_name(tt, t, tname, sizeof(tname));
	member(&p, "", tname, t, 0, 0);
	close_braces(&p, 0);
}

void rt_print_rawbytes(FILE *f, const uint8_t *c, size_t n)
{
	if (!n)
		return;
	fprintf(f, "\n%5s      ", "");
	for (int i = 0; i < 16; i++)
		fprintf(f, "  %c", "0123456789abcdef"[i]);
	fputs("  0123456789abcdef\n", f);
	for (size_t i = 0; i < n; i += 16) {
		size_t j;
		fprintf(f, "%5s%5zx:", "", i);
		for (j = i; j < i + 16 && j < n; j++)
			fprintf(f, " %02x", c[j]);
		for (; j % 16; j++)
			fputs("   ", f);
		fputs("  ", f);
		for (j = i; j < i + 16 && j < n; j++)
			fputc(c[j] < ' ' || c[j] > '~' ? '.' : c[j], f);
		fputc('\n', f);
	}
}

void rt_print_strbytes(FILE *f, const char *s, size_t len, size_t bufsize)
{
	uint8_t buf[4097];
	size_t l = strnlen(s, len);

	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	if (l > bufsize)
		l = bufsize;
	memset(buf, 0, bufsize);
	memcpy(buf, s, l);
	rt_print_rawbytes(f, buf, bufsize);
}

int rt_bytes_are_string(const uint8_t *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (isprint(c[i]) || isspace(c[i]) || c[i] == '\b' || c[i] == '\a')
			continue;
		if (c[i] || !i)
			return 0;
		while (++i < n) /* a NUL after the first character, then NULs only */
			if (c[i])
				return 0;
	}
	return n > 0;
}

