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

void dctype_add_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, dloc loc)
{
	dtypetab *tt = &c->prog->types;
	dctype *e = &tt->t[sou.ref];
	uint32_t size = dtype_sizeof(tt, t), align = dtype_alignof(tt, t);

	if (t.kind == DT_STRING) {
		/* a D string member holds its characters: strsize bytes */
		size = c->in->strsize;
		align = 1;
	}
	if (dctype_member(c, sou, name))
		dc_fail(c, loc, "D_UNKNOWN", "failed to define member '%s': Duplicate member or "
			"variable name", name);
	if (!dctype_defined(c, t) || t.kind == DT_VOID || t.kind == DT_STACK)
		dc_fail(c, loc, "D_DECL_INCOMPLETE", "member %s has incomplete or invalid type", name);
	e = &tt->t[sou.ref];
	uint32_t off = e->is_union ? 0 : (e->size + align - 1) / align * align;
	dctype_put_member(c, sou, name, tname, t, off);
	if (off + size > e->size)
		e->size = off + size;
	if (align > e->align)
		e->align = align;
}

void dctype_put_member(dcomp *c, dtype sou, const char *name, const char *tname, dtype t, uint32_t off)
{
	dctype *e = &c->prog->types.t[sou.ref];

	e->members = darena_push(c->arena, e->members, e->nmembers, sizeof(*e->members));
	e->members[e->nmembers++] = (dmember){ name, tname, t, off };
}

int dctype_defined(dcomp *c, dtype t)
{
	if (t.kind != DT_STRUCT && !(t.kind == DT_INT && t.ref))
		return 1;
	return c->prog->types.t[t.ref].defined || dbtf_define(c, t);
}

/* The struct's body is complete: round its size to its alignment. */
void dctype_close(dcomp *c, dtype sou)
{
	dctype *e = &c->prog->types.t[sou.ref];

	if (!e->align)
		e->align = 1;
	e->size = (e->size + e->align - 1) / e->align * e->align;
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
