/* The type table: pointers, arrays, structs, unions and enums, laid out as
 * C lays them out on x86-64 (LP64). The compiler builds it; print() reads
 * it back to format values. */
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"

uint32_t dtype_sizeof(const dtypetab *tt, dtype t)
{
	switch (t.kind) {
	case DT_INT: case DT_FLOAT: return t.size;
	case DT_PTR: return 8;
	case DT_ARRAY: return tt->t[t.ref].count * dtype_sizeof(tt, tt->t[t.ref].elem);
	case DT_STRUCT: return tt->t[t.ref].size;
	default: return 0;
	}
}

uint32_t dtype_alignof(const dtypetab *tt, dtype t)
{
	switch (t.kind) {
	case DT_INT: case DT_FLOAT: return t.size;
	case DT_ARRAY: return dtype_alignof(tt, tt->t[t.ref].elem);
	case DT_STRUCT: return tt->t[t.ref].align ? tt->t[t.ref].align : 1;
	default: return 8;
	}
}

int dtype_same(dtype a, dtype b)
{
	if (a.kind != b.kind)
		return 0;
	if (a.kind == DT_INT)
		return a.size == b.size && a.sign == b.sign;
	if (a.kind == DT_FLOAT)
		return a.size == b.size;
	if (a.kind == DT_STACK)
		return a.form == b.form && a.user == b.user;
	return a.ref == b.ref;
}

static void int_name(dtype t, char *buf, size_t len)
{
	static const char *const s[2][9] = {
		{ 0, "uchar_t", "ushort_t", 0, "uint_t", 0, 0, 0, "uint64_t" },
		{ 0, "char", "short", 0, "int", 0, 0, 0, "int64_t" },
	};
	snprintf(buf, len, "%s", t.size <= 8 && s[t.sign][t.size] ? s[t.sign][t.size] : "int");
}

void dtype_name(const dtypetab *tt, dtype t, char *buf, size_t len)
{
	const dctype *e = t.ref && tt ? &tt->t[t.ref] : NULL;
	char inner[256];

	switch (t.kind) {
	case DT_VOID: snprintf(buf, len, "void"); return;
	case DT_STRING: snprintf(buf, len, "string"); return;
	case DT_STACK: snprintf(buf, len, "%s", t.form == 0 ? "stack" : "symbol"); return;
	case DT_FLOAT:
		snprintf(buf, len, "%s", t.size == 4 ? "float" : t.size == 8 ? "double" : "long double");
		return;
	case DT_INT:
		if (e)
			snprintf(buf, len, "enum %s", e->name ? e->name : "<anon>");
		else
			int_name(t, buf, len);
		return;
	case DT_PTR:
		dtype_name(tt, e->elem, inner, sizeof(inner));
		snprintf(buf, len, "%s *", inner);
		return;
	case DT_ARRAY:
		dtype_name(tt, e->elem, inner, sizeof(inner));
		snprintf(buf, len, "%s [%u]", inner, e->count);
		return;
	case DT_STRUCT:
		snprintf(buf, len, "%s %s", e->is_union ? "union" : "struct", e->name ? e->name : "<anon>");
		return;
	}
	snprintf(buf, len, "?");
}

/* Append an entry to the program's table; returns its index. */
static int add_entry(dcomp *c, const dctype *e)
{
	dtypetab *tt = &c->prog->types;

	if (!tt->n) {
		tt->t = darena_push(c->arena, tt->t, 0, sizeof(*tt->t));
		tt->n = 1;
	}
	if (tt->n == UINT16_MAX)
		dc_fail(c, (dloc){ c->line, c->col }, "D_TYPE_ERR", "too many types");
	tt->t = darena_push(c->arena, tt->t, tt->n, sizeof(*tt->t));
	tt->t[tt->n] = *e;
	return tt->n++;
}

dtype dctype_ptr(dcomp *c, dtype to)
{
	dtypetab *tt = &c->prog->types;

	for (int i = 1; i < tt->n; i++)
		if (tt->t[i].kind == DT_PTR && dtype_same(tt->t[i].elem, to) &&
		    tt->t[i].elem.ref == to.ref)
			return (dtype){ .kind = DT_PTR, .size = 8, .ref = (uint16_t)i };
	dctype e = { .kind = DT_PTR, .elem = to, .size = 8, .align = 8 };
	return (dtype){ .kind = DT_PTR, .size = 8, .ref = (uint16_t)add_entry(c, &e) };
}

dtype dctype_array(dcomp *c, dtype elem, uint32_t n)
{
	dtypetab *tt = &c->prog->types;

	for (int i = 1; i < tt->n; i++)
		if (tt->t[i].kind == DT_ARRAY && tt->t[i].count == n && dtype_same(tt->t[i].elem, elem) &&
		    tt->t[i].elem.ref == elem.ref)
			return (dtype){ .kind = DT_ARRAY, .ref = (uint16_t)i };
	dctype e = { .kind = DT_ARRAY, .elem = elem, .count = n };
	e.size = n * dtype_sizeof(tt, elem);
	e.align = dtype_alignof(tt, elem);
	return (dtype){ .kind = DT_ARRAY, .ref = (uint16_t)add_entry(c, &e) };
}

/* struct, union (kind DT_STRUCT) or enum (DT_INT) named tag: the existing
 * one, or a new incomplete one. An anonymous one (tag NULL) is always new. */
dtype dctype_tag(dcomp *c, int kind, int is_union, const char *tag)
{
	dtypetab *tt = &c->prog->types;
	dtype t = { .kind = (uint8_t)kind, .size = kind == DT_INT ? 4 : 0, .sign = kind == DT_INT };

	for (int i = 1; tag && i < tt->n; i++)
		if (tt->t[i].kind == kind && tt->t[i].is_union == is_union && tt->t[i].name &&
		    !strcmp(tt->t[i].name, tag)) {
			t.ref = (uint16_t)i;
			if (kind == DT_INT && tt->t[i].size)
				t.size = (uint8_t)tt->t[i].size; /* an enum of another size than int */
			return t;
		}
	dctype e = { .kind = (uint8_t)kind, .is_union = (uint8_t)is_union, .name = tag };
	if (kind == DT_INT)
		e.size = e.align = 4;
	t.ref = (uint16_t)add_entry(c, &e);
	return t;
}

const dmember *dctype_member(dcomp *c, dtype sou, const char *name)
{
	const dctype *e = &c->prog->types.t[sou.ref];

	for (int i = 0; i < e->nmembers; i++)
		if (!strcmp(e->members[i].name, name))
			return &e->members[i];
	return NULL;
}

/* Bytes a member of type t takes: a D string member holds its characters. */
static uint32_t member_size(dcomp *c, dtype t)
{
	return t.kind == DT_STRING ? (uint32_t)c->in->strsize : dtype_sizeof(&c->prog->types, t);
}

/* Smallest power of two of bytes holding bits bits: a bit-field's type size. */
static uint8_t bitfield_bytes(int64_t bits)
{
	return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
}

/* DTrace's checks of a bit-field of width bits (0: not a positive constant)
 * declared with type t; returns the member's type: an integer of width/8
 * bytes when the width is 8, 16, 32 or 64, else bitfield_bytes() wide. */
static dtype bitfield_check(dcomp *c, const char *name, dtype t, int64_t width, dloc loc)
{
	const char *idname = name[0] ? name : "(anon)";

	if (width <= 0)
		dc_fail(c, loc, "D_DECL_BFCONST", "positive integral constant expression expected as "
			"bit-field size");
	if (t.kind != DT_INT || t.ref)
		dc_fail(c, loc, "D_DECL_BFTYPE", "invalid type for bit-field: %s", idname);
	if (width > t.size * 8)
		dc_fail(c, loc, "D_DECL_BFSIZE", "bit-field too big for type: %s", idname);
	return DTYPE_INT(bitfield_bytes(width), t.sign);
}

/* Members are laid out as DTrace's type library (libctf) lays them out: each
 * one at the first byte after the previous member's last bit (an integer's
 * bits, a bit-field's width), rounded up to its alignment; the size is where
 * the last member ends, with no padding after it. */
void dctype_add_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, int64_t width,
		       dloc loc)
{
	dtypetab *tt = &c->prog->types;
	dctype *e = &tt->t[sou.ref];

	if (name[0] && dctype_member(c, sou, name))
		dc_fail(c, loc, "D_UNKNOWN", "failed to define member '%s': Duplicate member or "
			"variable name", name);
	if (!dctype_defined(c, t) || t.kind == DT_VOID || t.kind == DT_STACK)
		dc_fail(c, loc, "D_DECL_INCOMPLETE", "member %s has incomplete or invalid type", name);
	int bits = 0;
	if (width >= 0) {
		t = bitfield_check(c, name, t, width, loc);
		if (width % 8 || width / 8 != t.size)
			bits = (int)width;
	}
	uint32_t size = member_size(c, t), align = t.kind == DT_STRING ? 1 : dtype_alignof(tt, t);
	e = &tt->t[sou.ref];
	uint32_t off = 0;
	if (!e->is_union && e->nmembers) {
		const dmember *last = &e->members[e->nmembers - 1];
		uint64_t end = (uint64_t)last->offset * 8 + last->bitoff +
			       (last->bits ? last->bits : (uint64_t)member_size(c, last->type) * 8);
		off = (uint32_t)((end + 7) / 8);
		off = (off + align - 1) / align * align;
	}
	dctype_put_member(c, sou, name, tname, t, off);
	e = &tt->t[sou.ref];
	e->members[e->nmembers - 1].bits = (uint8_t)bits;
	if (off + size > e->size)
		e->size = off + size;
	if (align > e->align)
		e->align = align;
}

void dctype_put_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, uint32_t off)
{
	dctype *e = &c->prog->types.t[sou.ref];

	e->members = darena_push(c->arena, e->members, e->nmembers, sizeof(*e->members));
	e->members[e->nmembers++] = (dmember){ .name = name, .tname = tname, .type = t, .offset = off };
}

int dctype_defined(dcomp *c, dtype t)
{
	if (t.kind != DT_STRUCT && !(t.kind == DT_INT && t.ref))
		return 1;
	return c->prog->types.t[t.ref].defined || dbtf_define(c, t);
}

/* The struct's body is complete (its size is not rounded up to its
 * alignment: DTrace's are not). */
void dctype_close(dcomp *c, dtype sou)
{
	dctype *e = &c->prog->types.t[sou.ref];

	if (!e->align)
		e->align = 1;
	e->defined = 1;
}

const dtypedef *dctype_typedef(dcomp *c, const char *name)
{
	for (int i = 0; i < c->ntypedefs; i++)
		if (!strcmp(c->typedefs[i].name, name))
			return &c->typedefs[i];
	/* the kernel's, in programs that trace the kernel or already read its
	 * types (asking BTF costs its loading: not for every identifier) */
	dtype t;
	if ((c->kernel_types || dbtf_loaded()) && dbtf_typedef(c, name, &t)) {
		c->typedefs = darena_push(c->arena, c->typedefs, c->ntypedefs, sizeof(*c->typedefs));
		c->typedefs[c->ntypedefs] = (dtypedef){ name, name, t };
		return &c->typedefs[c->ntypedefs++];
	}
	return NULL;
}
