/* The consumer's formatting helpers, shared by the text and JSON outputs:
 * print()'s value laid out by its D type as DTrace prints it (type names,
 * members, hexadecimal integers, character arrays as strings, nested
 * braces), tracemem()'s hex dump, and printf()'s format with its recorded
 * arguments. */
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


/* print() of a pointer to a struct or union, as Oracle's DTrace shows it
 * (dt_print_type): "ADDR = *", then the object from column 44 on, one
 * item a line, each level one column deeper: "(type) {" for a struct or
 * union, "(type) [" for an array, "(type)value," for a scalar, ".name = "
 * before a member. Members that are all zero bytes are left out, and so
 * are a char array's bytes from its first NUL; floats show nothing. The
 * first item from printsize bytes on, or at depth 10, shows "..." and
 * ends the walk. Braces close lazily, when a shallower item comes. */
#define OV_INDENT 44
#define OV_DEPTH 10

typedef struct ov {
	FILE *f;
	const dtypetab *tt;
	const uint8_t *base;   /* the object's bytes */
	size_t len;
	uint64_t size;         /* bytes shown (printsize) */
	int kinds[OV_DEPTH];   /* at each depth: the last item shown was a struct or union */
	int last;              /* depth of the last item shown */
} ov;

/* Close the braces of the structs and unions shown deeper than depth. */
static void ov_close(ov *v, int depth)
{
	if (!v->kinds[depth])
		return;
	if (depth == 0 && v->last == 0)
		v->last = 1; /* the object's own brace, even with nothing shown */
	for (int i = v->last - depth; i > 0; i--) {
		fprintf(v->f, "%*s}%s\n", OV_INDENT + depth + i - 1, "", depth > 0 || i > 1 ? "," : "");
		v->last = depth;
	}
}

static int ov_zero(const ov *v, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (off + i < v->len && v->base[off + i])
			return 0;
	return 1;
}

static uint64_t ov_load(const ov *v, size_t off, size_t n)
{
	uint64_t x = 0;

	if (off + n <= v->len)
		memcpy(&x, v->base + off, n);
	return x;
}

/* An array's element type name from the array's: "char [5]" -> "char",
 * "int [2][3]" -> "int [3]". */
static void elem_name(const char *arr, char *out, size_t len)
{
	const char *lb = strchr(arr, '['), *rb = lb ? strchr(lb, ']') : NULL;

	if (!rb) {
		snprintf(out, len, "%s", arr);
		return;
	}
	size_t pre = (size_t)(lb - arr);
	while (pre && arr[pre - 1] == ' ')
		pre--;
	rb++;
	while (*rb == ' ')
		rb++;
	snprintf(out, len, "%.*s%s%s", (int)pre, arr, *rb ? " " : "", rb);
}

/* A type's name as CTF spells it: an anonymous struct is "struct", and
 * array dimensions go together ("int [2][3]"). */
static void ctf_name(const char *tname, char *out, size_t len)
{
	size_t o = 0;

	for (const char *s = tname; *s && o + 1 < len; s++) {
		if (!strncmp(s, " <anon>", 7)) {
			s += 6;
			continue;
		}
		if (s[0] == ' ' && s > tname && s[-1] == ']' && s[1] == '[')
			continue;
		out[o++] = *s;
	}
	out[o] = 0;
}

static int ov_visit(ov *v, const char *name, const char *tname, dtype t, const dmember *field,
		    uint64_t bitoff, int depth);

/* A bit-field's bits at byte off, unsigned. */
static uint64_t ov_field(const ov *v, const dmember *m, size_t off)
{
	int end = m->bitoff + m->bits;
	uint64_t w = ov_load(v, off, end <= 8 ? 1 : end <= 16 ? 2 : end <= 32 ? 4 : 8);

	return (w << (64 - end)) >> (64 - m->bits);
}

/* A scalar's "(type)value," text; 0 when nothing is shown. */
static int ov_scalar(ov *v, const char *tn, dtype t, const dmember *field, uint64_t bitoff,
		     char *buf, size_t len)
{
	size_t off = bitoff / 8;

	if (t.kind == DT_PTR) {
		snprintf(buf, len, "(%s)0x%llx,", tn, (unsigned long long)ov_load(v, off, 8));
		return 1;
	}
	if (t.kind != DT_INT)
		return 0;
	if (t.ref) {
		const dctype *e = &v->tt->t[t.ref];
		int32_t x = (int32_t)ov_load(v, off, 4);
		for (int i = 0; i < e->nenums; i++)
			if (e->enums[i].value == x) {
				snprintf(buf, len, "(%s)%s,", tn, e->enums[i].name);
				return 1;
			}
		snprintf(buf, len, "(%s)%d,", tn, x);
		return 1;
	}
	int64_t x;
	if (field && field->bits) {
		x = (int64_t)ov_field(v, field, off);
	} else if (t.size == 8 && !t.sign) {
		snprintf(buf, len, "(%s)%llu,", tn, (unsigned long long)ov_load(v, off, 8));
		return 1;
	} else {
		uint64_t w = ov_load(v, off, t.size);
		int sh = 64 - 8 * t.size;
		x = t.sign ? (int64_t)(w << sh) >> sh : (int64_t)w;
	}
	if (!strcmp(tn, "char"))
		snprintf(buf, len, "(%s)'%c',", tn, (char)x);
	else
		snprintf(buf, len, "(%s)%lld,", tn, (long long)x);
	return 1;
}

/* An array's elements, one level deeper, then its "],". */
static int ov_elems(ov *v, const char *tn, dtype t, uint64_t bitoff, int depth)
{
	const dctype *a = &v->tt->t[t.ref];
	uint32_t esz = dtype_sizeof(v->tt, a->elem);
	char ename[256];

	elem_name(tn, ename, sizeof(ename));
	/* any one-byte integer but a bool is a character: they end at a NUL */
	int ischar = a->elem.kind == DT_INT && a->elem.size == 1 && !a->elem.ref &&
		     strcmp(ename, "bool") && strcmp(ename, "_Bool");
	ov e = *v; /* the elements' closing state is their own */
	for (uint32_t i = 0; i < a->count; i++) {
		uint64_t at = bitoff + (uint64_t)i * esz * 8;
		if (ischar && ov_load(v, at / 8, 1) == 0)
			break;
		if (ov_visit(&e, "", ename, a->elem, NULL, at, depth + 1) < 0)
			return -1;
	}
	if (a->count)
		fprintf(v->f, "%*s],\n", OV_INDENT + depth, "");
	return 0;
}

static int ov_visit(ov *v, const char *name, const char *tname, dtype t, const dmember *field,
		    uint64_t bitoff, int depth)
{
	size_t off = bitoff / 8;
	char tn[256], text[512];

	if (off >= v->size || depth >= OV_DEPTH) {
		fprintf(v->f, "%*s...\n", OV_INDENT + depth, "");
		return -1;
	}
	if (v->last > depth)
		ov_close(v, depth);
	if (depth > 0) {
		if (field && field->bits) {
			if (!ov_field(v, field, off))
				return 0;
		} else if (ov_zero(v, off, t.kind == DT_STRING ? 0 : dtype_sizeof(v->tt, t))) {
			return 0;
		}
	}
	if (t.kind == DT_STRING)
		return 0;
	v->kinds[depth] = t.kind == DT_STRUCT;
	v->last = depth;
	ctf_name(tname, tn, sizeof(tn));
	if (t.kind == DT_STRUCT)
		snprintf(text, sizeof(text), "(%s) {", tn);
	else if (t.kind == DT_ARRAY)
		snprintf(text, sizeof(text), "(%s) [%s", tn, v->tt->t[t.ref].count ? "" : "],");
	else if (!ov_scalar(v, tn, t, field, bitoff, text, sizeof(text)))
		return 0;
	fprintf(v->f, "%*s%s%s%s%s\n", OV_INDENT + depth, "", name[0] ? "." : "", name,
		name[0] ? " = " : "", text);
	if (t.kind == DT_ARRAY)
		return ov_elems(v, tn, t, bitoff, depth);
	if (t.kind != DT_STRUCT)
		return 0;
	const dctype *s = &v->tt->t[t.ref];
	for (int i = 0; i < s->nmembers; i++) {
		const dmember *m = &s->members[i];
		if (m->lifted)
			continue; /* shown inside its anonymous member */
		if (ov_visit(v, m->name, m->tname, m->type, m->bits ? m : NULL,
			     bitoff + (uint64_t)m->offset * 8 + m->bitoff, depth + 1) < 0)
			return -1;
	}
	return 0;
}

void rt_print_pointee(FILE *f, const dtypetab *tt, dtype ptr, const uint8_t *data, size_t len,
		      uint64_t printsize)
{
	ov v = { .f = f, .tt = tt, .base = data + 8, .len = len > 8 ? len - 8 : 0 };
	dtype to = tt->t[ptr.ref].elem;
	char tname[256];

	/* DTrace's rule: 0 or above 64k is 8k, else rounded up to 8 bytes */
	if (printsize == UINT64_MAX)
		v.size = v.len;
	else if (printsize == 0 || printsize > 65536)
		v.size = 8192;
	else
		v.size = (printsize + 7) & ~(uint64_t)7;
	if (v.size > v.len)
		v.size = v.len;
	fprintf(f, "0x%llx = *\n", (unsigned long long)ov_load(&(ov){ .base = data, .len = len }, 0, 8));
	dtype_name(tt, to, tname, sizeof(tname));
	ov_visit(&v, "", tname, to, NULL, 0, 0);
	ov_close(&v, 0);
}

/* Print a printf-style format with its recorded arguments. */
void rt_printf_payload(FILE *out, const dtr_fmt *f, const uint8_t *p, uint32_t size)
{
	dfmt_val vals[PVM_MAX_ARGS];
	uint32_t off = 0;

	for (int i = 0; i < f->nargs; i++) {
		vals[i].s = NULL;
		vals[i].i = 0;
		if (f->args[i].kind == DT_STRING) {
			vals[i].s = (const char *)p + off;
			off += (uint32_t)strnlen(vals[i].s, size - off) + 1;
		} else if (DTYPE_IS_LDOUBLE(f->args[i]) && off + 16 <= size) {
			vals[i].s = (const char *)p + off;
			off += 16;
		} else if (off + 8 <= size) {
			memcpy(&vals[i].i, p + off, 8);
			off += 8;
		}
	}
	dfmt_print(out, &f->f, f->args, vals, f->nargs);
}
