/* Kernel types from BTF: a struct, union or enum a program names without
 * defining it is read from /sys/kernel/btf/vmlinux (libbpf's BTF reader; no
 * BPF program is loaded) when the compiler first needs its body. The file
 * is parsed on first use only, so programs that use no kernel type pay
 * nothing. Structs reached through pointers stay incomplete until used;
 * embedded ones are read with their container; bit-fields keep their bit
 * offsets and widths. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dc/ast.h"

static struct btf *vmlinux;
static int tried;

static int quiet(enum libbpf_print_level l, const char *fmt, va_list ap)
{
	(void)l, (void)fmt, (void)ap;
	return 0;
}

const struct btf *dbtf_vmlinux(void)
{
	if (!tried) {
		tried = 1;
		libbpf_set_print(quiet);
		vmlinux = btf__load_vmlinux_btf();
		if (libbpf_get_error(vmlinux))
			vmlinux = NULL;
	}
	return vmlinux;
}

static dtype convert(dcomp *c, const struct btf *b, uint32_t id);

/* Skip qualifiers and typedefs to the type they name. */
static uint32_t bare(const struct btf *b, uint32_t id)
{
	for (const struct btf_type *t; (t = btf__type_by_id(b, id));) {
		int k = btf_kind(t);
		if (k != BTF_KIND_TYPEDEF && k != BTF_KIND_CONST && k != BTF_KIND_VOLATILE &&
		    k != BTF_KIND_RESTRICT && k != BTF_KIND_TYPE_TAG)
			break;
		id = t->type;
	}
	return id;
}

static const char *name_of(dcomp *c, const struct btf *b, const struct btf_type *t)
{
	const char *n = btf__name_by_offset(b, t->name_off);

	return n && *n ? darena_strndup(c->arena, n, strlen(n)) : NULL;
}

static void cname(const struct btf *b, uint32_t id, char *out, size_t len);

/* A function's type as CTF names a pointer to it: "int (*)(struct sock *, int)". */
static void cname_funcptr(const struct btf *b, const struct btf_type *f, char *out, size_t len)
{
	const struct btf_param *p = btf_params(f);
	char part[256];
	size_t o;

	cname(b, f->type, part, sizeof(part));
	o = (size_t)snprintf(out, len, "%s (*)(", part);
	for (int i = 0; i < btf_vlen(f) && o < len; i++) {
		if (!p[i].type && i == btf_vlen(f) - 1)
			snprintf(part, sizeof(part), "...");
		else
			cname(b, p[i].type, part, sizeof(part));
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? ", " : "", part);
	}
	if (o < len)
		snprintf(out + o, len - o, ")");
}

/* Type id's name as the kernel declares it, typedefs kept, as CTF spells
 * it: "u32", "unsigned char *", "struct page *", "char [16]". */
static void cname(const struct btf *b, uint32_t id, char *out, size_t len)
{
	const struct btf_type *t = id ? btf__type_by_id(b, id) : NULL;
	const char *n = t ? btf__name_by_offset(b, t->name_off) : NULL;
	char inner[256];

	if (!t) {
		snprintf(out, len, "void");
		return;
	}
	n = n && *n ? n : "<anon>";
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: snprintf(out, len, "struct %s", n); return;
	case BTF_KIND_UNION: snprintf(out, len, "union %s", n); return;
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64: snprintf(out, len, "enum %s", n); return;
	case BTF_KIND_FWD: snprintf(out, len, "%s %s", btf_kflag(t) ? "union" : "struct", n); return;
	case BTF_KIND_PTR: {
		const struct btf_type *to = btf__type_by_id(b, t->type);
		if (to && btf_is_func_proto(to)) {
			cname_funcptr(b, to, out, len);
			return;
		}
		cname(b, t->type, inner, sizeof(inner));
		snprintf(out, len, "%s%s", inner, inner[0] && inner[strlen(inner) - 1] == '*' ? "*" : " *");
		return;
	}
	case BTF_KIND_ARRAY: {
		char dims[64] = "";
		size_t o = 0;
		while (t && btf_is_array(t) && o < sizeof(dims)) {
			o += (size_t)snprintf(dims + o, sizeof(dims) - o, "[%u]", btf_array(t)->nelems);
			id = btf_array(t)->type;
			t = btf__type_by_id(b, id);
		}
		cname(b, id, inner, sizeof(inner));
		snprintf(out, len, "%s %s", inner, dims);
		return;
	}
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT: {
		const char *q = btf_is_const(t) ? "const" : btf_is_volatile(t) ? "volatile" : "restrict";
		cname(b, t->type, inner, sizeof(inner));
		int after = inner[0] && inner[strlen(inner) - 1] == '*'; /* "char *const" */
		size_t o = 0;
		for (const char *part[3] = { after ? inner : q, " ", after ? q : inner }, **p = part;
		     p < part + 3; p++)
			for (const char *ch = *p; *ch && o + 1 < len; ch++)
				out[o++] = *ch;
		out[o] = 0;
		return;
	}
	case BTF_KIND_TYPE_TAG:
		cname(b, t->type, out, len);
		return;
	default:
		snprintf(out, len, "%s", n);
	}
}

/* Add the members of struct/union t at byte offset base to sou; anonymous
 * members' own members are lifted into sou, as C lets them be named, and
 * marked lifted (the anonymous member is kept too, named ""). */
static void members(dcomp *c, const struct btf *b, const struct btf_type *t, dtype sou, uint32_t base,
		    int lifted)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++, m++) {
		uint32_t bits = btf_member_bitfield_size(t, (uint32_t)i);
		uint32_t bitpos = btf_member_bit_offset(t, (uint32_t)i);
		uint32_t off = base + bitpos / 8;
		const char *n = btf__name_by_offset(b, m->name_off);
		const struct btf_type *mt = btf__type_by_id(b, bare(b, m->type));
		if ((!n || !*n) && mt && (btf_is_struct(mt) || btf_is_union(mt))) {
			if (!lifted) {
				/* the anonymous member itself, unnamed, for print() to
				 * show its members inside it */
				char tname[256];
				dtype at = convert(c, b, m->type);
				cname(b, m->type, tname, sizeof(tname));
				dctype_put_member(c, sou, "", darena_strndup(c->arena, tname, strlen(tname)),
						  at, off);
			}
			members(c, b, mt, sou, off, 1);
			continue;
		}
		if (!n || !*n || dctype_member(c, sou, n))
			continue;
		dtype mty = convert(c, b, m->type);
		char tname[256];
		cname(b, m->type, tname, sizeof(tname));
		if (bits && (mty.kind != DT_INT || bits > 64))
			continue;
		if (bits) /* a bit-field: typed as wide as its bits need */
			mty.size = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
		dctype_put_member(c, sou, darena_strndup(c->arena, n, strlen(n)),
				  darena_strndup(c->arena, tname, strlen(tname)), mty, off);
		dctype *e = &c->prog->types.t[sou.ref];
		e->members[e->nmembers - 1].lifted = (uint8_t)lifted;
		if (bits && (bits % 8 || bits / 8 != mty.size || bitpos % 8)) {
			e->members[e->nmembers - 1].bits = (uint8_t)bits;
			e->members[e->nmembers - 1].bitoff = (uint8_t)(bitpos % 8);
		}
	}
}

/* Give the struct, union or enum entry t (of BTF type id) its body. */
static void define(dcomp *c, const struct btf *b, uint32_t id, dtype t)
{
	const struct btf_type *bt = btf__type_by_id(b, id);
	dctype *e = &c->prog->types.t[t.ref];

	e->defined = 1; /* before the members: a member may point back here */
	e->kernel = 1;
	if (btf_is_enum(bt) || btf_is_enum64(bt)) {
		int n = btf_vlen(bt);
		e->enums = darena_alloc(c->arena, sizeof(*e->enums) * (size_t)(n ? n : 1));
		for (int i = 0; i < n; i++) {
			const char *en = btf__name_by_offset(b, btf_is_enum(bt) ? btf_enum(bt)[i].name_off :
							       btf_enum64(bt)[i].name_off);
			int64_t v = btf_is_enum(bt) ? btf_enum(bt)[i].val : (int64_t)btf_enum64_value(&btf_enum64(bt)[i]);
			e->enums[i] = (denumval){ darena_strndup(c->arena, en, strlen(en)), v };
		}
		e->nenums = n;
		return;
	}
	members(c, b, bt, t, 0, 0);
	e = &c->prog->types.t[t.ref]; /* the table may have moved */
	e->size = bt->size;
	int al = btf__align_of(b, id);
	e->align = al > 0 ? (uint32_t)al : 1;
}

static dtype convert(dcomp *c, const struct btf *b, uint32_t id)
{
	id = bare(b, id);
	const struct btf_type *t = btf__type_by_id(b, id);

	if (!id || !t)
		return DTYPE_VOID;
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		uint32_t enc = btf_int_encoding(t);
		return DTYPE_INT((uint8_t)t->size, (enc & BTF_INT_SIGNED) || (enc & BTF_INT_CHAR) ? 1 : 0);
	}
	case BTF_KIND_FLOAT:
		if (t->size == 4 || t->size == 8 || t->size == 16)
			return DTYPE_FLOAT((uint8_t)t->size);
		return dctype_array(c, DTYPE_INT(1, 0), t->size); /* no D type: its bytes */
	case BTF_KIND_PTR: {
		const struct btf_type *to = btf__type_by_id(b, bare(b, t->type));
		if (to && btf_is_func_proto(to))
			return dctype_ptr(c, DTYPE_VOID);
		if (to && (btf_is_struct(to) || btf_is_union(to)) && to->name_off)
			/* named: its body is read when it is used */
			return dctype_ptr(c, dctype_tag(c, DT_STRUCT, btf_is_union(to), name_of(c, b, to)));
		return dctype_ptr(c, convert(c, b, t->type));
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		return dctype_array(c, convert(c, b, a->type), a->nelems);
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		int en = btf_is_enum(t) || btf_is_enum64(t);
		dtype d = dctype_tag(c, en ? DT_INT : DT_STRUCT, btf_is_union(t), name_of(c, b, t));
		if (!c->prog->types.t[d.ref].defined)
			define(c, b, id, d);
		if (en) {
			d.size = (uint8_t)t->size;
			d.sign = 1;
		}
		return d;
	}
	default:
		return DTYPE_VOID;
	}
}

int dbtf_define(dcomp *c, dtype t)
{
	const dctype *e = &c->prog->types.t[t.ref];
	const struct btf *b;

	if (!e->name || e->defined || !(b = dbtf_vmlinux()))
		return 0;
	int kind = e->kind == DT_INT ? BTF_KIND_ENUM : e->is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT;
	int32_t id = btf__find_by_name_kind(b, e->name, kind);
	if (id <= 0 && kind == BTF_KIND_ENUM)
		id = btf__find_by_name_kind(b, e->name, BTF_KIND_ENUM64);
	if (id <= 0)
		return 0;
	define(c, b, (uint32_t)id, t);
	return 1;
}

int dbtf_loaded(void)
{
	return vmlinux != NULL;
}

int dbtf_typedef(dcomp *c, const char *name, dtype *t)
{
	const struct btf *b = dbtf_vmlinux();
	int32_t id = b ? btf__find_by_name_kind(b, name, BTF_KIND_TYPEDEF) : -1;

	if (id <= 0)
		return 0;
	*t = convert(c, b, (uint32_t)id);
	return 1;
}

int dbtf_func_proto(dcomp *c, const char *func, dtype *args, int max, dtype *ret)
{
	const struct btf *b = dbtf_vmlinux();
	int32_t id = b ? btf__find_by_name_kind(b, func, BTF_KIND_FUNC) : -1;

	if (id <= 0)
		return -1;
	const struct btf_type *p = btf__type_by_id(b, btf__type_by_id(b, (uint32_t)id)->type);
	if (!p || !btf_is_func_proto(p))
		return -1;
	const struct btf_param *pa = btf_params(p);
	int n = btf_vlen(p);
	for (int i = 0; i < n && i < max; i++)
		args[i] = convert(c, b, pa[i].type);
	if (ret)
		*ret = convert(c, b, p->type);
	return n;
}

typedef struct declbuf {
	char *out;
	size_t len, used;
} declbuf;

static void decl_print(void *ctx, const char *fmt, va_list ap)
{
	declbuf *b = ctx;

	if (b->used < b->len)
		b->used += (size_t)vsnprintf(b->out + b->used, b->len - b->used, fmt, ap);
}

/* Type id as C declares it ("const char *", "struct file *"). */
static void decl_of(const struct btf *b, uint32_t id, char *out, size_t len)
{
	declbuf buf = { out, len, 0 };
	struct btf_dump *d = btf_dump__new(b, decl_print, &buf, NULL);
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = "");

	out[0] = 0;
	if (!d || libbpf_get_error(d))
		return;
	if (id == 0)
		snprintf(out, len, "void");
	else
		btf_dump__emit_type_decl(d, id, &o);
	btf_dump__free(d);
}

int dc_kernel_argtypes(const char *func, int ret, char (*types)[128], int max)
{
	const struct btf *b = dbtf_vmlinux();
	int32_t id = b ? btf__find_by_name_kind(b, func, BTF_KIND_FUNC) : -1;

	if (id <= 0 || max < 2)
		return 0;
	const struct btf_type *p = btf__type_by_id(b, btf__type_by_id(b, (uint32_t)id)->type);
	if (!p || !btf_is_func_proto(p))
		return 0;
	if (ret) {
		/* arg0 the return's offset, arg1 the value */
		snprintf(types[0], sizeof(types[0]), "int");
		if (!p->type)
			return 1;
		decl_of(b, p->type, types[1], sizeof(types[1]));
		return 2;
	}
	int n = btf_vlen(p) < max ? btf_vlen(p) : max;
	for (int i = 0; i < n; i++)
		decl_of(b, btf_params(p)[i].type, types[i], sizeof(types[i]));
	return n;
}
