/* C types from the headers a -C script includes: libclang (dlopen'ed when
 * a header contributes lines) parses the script's preprocessor lines, the
 * header lines leave the D text, and the structs, unions, enums and
 * typedefs the program names enter its type table as clang lays them out. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dc/ast.h"
#include "dc/cimport.h"

/* libclang's C interface as far as dtr uses it (a stable ABI: declared
 * here so that building dtr does not need its headers) */
typedef void *CXIndex, *CXTranslationUnit, *CXDiagnostic, *CXFile, *CXClientData;
typedef struct { const void *data; unsigned flags; } CXString;
typedef struct { int kind; int xdata; const void *data[3]; } CXCursor;
typedef struct { int kind; void *data[2]; } CXType;
typedef struct { const void *ptr_data[2]; unsigned int_data; } CXSourceLocation;
typedef struct { const char *name, *contents; unsigned long len; } CXUnsavedFile;
typedef int (*CXCursorVisitor)(CXCursor cur, CXCursor parent, CXClientData data);
typedef int (*CXFieldVisitor)(CXCursor cur, CXClientData data);

enum {
	CXCursor_StructDecl = 2, CXCursor_UnionDecl = 3, CXCursor_EnumDecl = 5,
	CXCursor_FieldDecl = 6, CXCursor_EnumConstantDecl = 7, CXCursor_TypedefDecl = 20,
	CXType_Void = 2, CXType_Bool = 3, CXType_UInt128 = 12, CXType_Char_S = 13,
	CXType_Int128 = 20, CXType_Float = 21, CXType_Double = 22, CXType_LongDouble = 23,
	CXType_Pointer = 101, CXType_Record = 105, CXType_Enum = 106,
	CXType_FunctionNoProto = 110, CXType_FunctionProto = 111, CXType_ConstantArray = 112,
	CXType_IncompleteArray = 114,
	CXDiagnostic_Error = 3,
	CXChildVisit_Continue = 1, CXChildVisit_Recurse = 2, CXVisit_Continue = 1,
	CXTranslationUnit_SkipFunctionBodies = 0x40, CXTranslationUnit_KeepGoing = 0x200,
};

#define CLANG_FUNCS(F) \
	F(CXIndex, createIndex, (int, int)) \
	F(void, disposeIndex, (CXIndex)) \
	F(int, parseTranslationUnit2, (CXIndex, const char *, const char *const *, int, \
				       CXUnsavedFile *, unsigned, unsigned, CXTranslationUnit *)) \
	F(void, disposeTranslationUnit, (CXTranslationUnit)) \
	F(unsigned, getNumDiagnostics, (CXTranslationUnit)) \
	F(CXDiagnostic, getDiagnostic, (CXTranslationUnit, unsigned)) \
	F(int, getDiagnosticSeverity, (CXDiagnostic)) \
	F(CXSourceLocation, getDiagnosticLocation, (CXDiagnostic)) \
	F(void, disposeDiagnostic, (CXDiagnostic)) \
	F(void, getFileLocation, (CXSourceLocation, CXFile *, unsigned *, unsigned *, unsigned *)) \
	F(CXString, getFileName, (CXFile)) \
	F(const char *, getCString, (CXString)) \
	F(void, disposeString, (CXString)) \
	F(CXCursor, getTranslationUnitCursor, (CXTranslationUnit)) \
	F(unsigned, visitChildren, (CXCursor, CXCursorVisitor, CXClientData)) \
	F(int, getCursorKind, (CXCursor)) \
	F(CXString, getCursorSpelling, (CXCursor)) \
	F(CXType, getCursorType, (CXCursor)) \
	F(CXSourceLocation, getCursorLocation, (CXCursor)) \
	F(CXCursor, getCursorDefinition, (CXCursor)) \
	F(int, Cursor_isNull, (CXCursor)) \
	F(unsigned, Cursor_isBitField, (CXCursor)) \
	F(int, getFieldDeclBitWidth, (CXCursor)) \
	F(long long, Cursor_getOffsetOfField, (CXCursor)) \
	F(unsigned, equalCursors, (CXCursor, CXCursor)) \
	F(CXType, getTypedefDeclUnderlyingType, (CXCursor)) \
	F(CXType, getEnumDeclIntegerType, (CXCursor)) \
	F(long long, getEnumConstantDeclValue, (CXCursor)) \
	F(CXType, getCanonicalType, (CXType)) \
	F(CXCursor, getTypeDeclaration, (CXType)) \
	F(CXType, getPointeeType, (CXType)) \
	F(CXType, getArrayElementType, (CXType)) \
	F(long long, getArraySize, (CXType)) \
	F(long long, Type_getSizeOf, (CXType)) \
	F(long long, Type_getAlignOf, (CXType)) \
	F(CXString, getTypeSpelling, (CXType)) \
	F(unsigned, Type_visitFields, (CXType, CXFieldVisitor, CXClientData))

static struct {
#define F(ret, name, args) ret(*name) args;
	CLANG_FUNCS(F)
#undef F
} X;
static void *libclang;

/* The names libclang goes by: the development link, then the runtime
 * libraries of Debian's and upstream's packages, newest first. */
static const char *load_clang(char *err, size_t len)
{
	static char names[48][64];
	int n = 0;

	if (libclang)
		return NULL;
	snprintf(names[n++], 64, "libclang.so");
	snprintf(names[n++], 64, "libclang.so.1");
	for (int v = 21; v >= 7; v--) {
		snprintf(names[n++], 64, "libclang-%d.so.1", v);
		snprintf(names[n++], 64, "/usr/lib/llvm-%d/lib/libclang.so.1", v);
	}
	for (int i = 0; i < n && !libclang; i++)
		libclang = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!libclang) {
		snprintf(err, len, "libclang.so.1 could not be loaded (install libclang1, e.g. "
			 "apt-get install libclang-dev)");
		return err;
	}
#define F(ret, name, args) \
	if (!(*(void **)&X.name = dlsym(libclang, "clang_" #name))) { \
		snprintf(err, len, "libclang lacks clang_%s", #name); \
		dlclose(libclang); \
		libclang = NULL; \
		return err; \
	}
	CLANG_FUNCS(F)
#undef F
	return NULL;
}

/* A named declaration of the headers: a typedef, tag or enumerator. */
enum { CE_TYPEDEF, CE_TAG, CE_ENUMVAL };
typedef struct centry {
	char *name;
	int what;
	CXCursor cur;   /* CE_ENUMVAL: its enum */
} centry;

/* A header file of cpp's output: it had lines; clang found errors in it. */
typedef struct cfile {
	char *name, *real;
	int bad;
} cfile;

struct dc_cimport {
	CXIndex idx;
	CXTranslationUnit tu;
	char loaderr[256];
	int noclang;
	centry *ents;
	int nents;
	cfile *files;
	int nfiles;
	CXFile *badfiles;    /* the files clang found errors in */
	int nbad;
};

/* A cpp line marker `# 12 "file" flags`: its file name into name, and its
 * flags' first number (1 entering an include, 2 returning). */
static int marker(const char *l, char *name, size_t len, int *flag)
{
	char *end;

	if (l[0] != '#' || l[1] != ' ')
		return 0;
	strtol(l + 2, &end, 10);
	if (end == l + 2 || end[0] != ' ' || end[1] != '"')
		return 0;
	const char *q = strchr(end + 2, '"');
	if (!q)
		return 0;
	snprintf(name, len, "%.*s", (int)(q - end - 2), end + 2);
	*flag = (int)strtol(q + 1, NULL, 10);
	return 1;
}

static int blank(const char *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r' && l[i] != '\f')
			return 0;
	return 1;
}

static cfile *find_file(dc_cimport *ci, const char *name)
{
	for (int i = 0; i < ci->nfiles; i++)
		if (!strcmp(ci->files[i].name, name))
			return &ci->files[i];
	return NULL;
}

/* The header files that contributed lines to src (not the script, nor
 * cpp's <built-in> and <command-line>). -1 when out of memory. */
static int scan_files(dc_cimport *ci, const char *src, char *mainf, size_t mlen)
{
	char cur[PATH_MAX] = "";
	int flag;

	mainf[0] = 0;
	for (const char *l = src; *l;) {
		size_t n = strcspn(l, "\n");
		if (marker(l, cur, sizeof(cur), &flag)) {
			if (!mainf[0])
				snprintf(mainf, mlen, "%s", cur);
		} else if (mainf[0] && strcmp(cur, mainf) && cur[0] != '<' && l[0] != '#' && !blank(l, n) &&
			   !find_file(ci, cur)) {
			cfile *f = realloc(ci->files, (size_t)(ci->nfiles + 1) * sizeof(*f));
			if (!f)
				return -1;
			ci->files = f;
			f = &f[ci->nfiles++];
			memset(f, 0, sizeof(*f));
			f->name = strdup(cur);
			f->real = realpath(cur, NULL);
			if (!f->name)
				return -1;
		}
		l += n + (l[n] == '\n');
	}
	return 0;
}

/* The translation unit clang reads: the script's preprocessor lines
 * (#include, #define, #if ...; its D lines blank), or when its text is
 * unknown (a script read from a pipe) the includes cpp entered from it. */
static char *clang_source(const char *listing, const char *src, const char *mainf)
{
	char *out = NULL, cur[PATH_MAX] = "";
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int flag, cont = 0, lineno = 0;

	if (!m)
		return NULL;
	for (const char *l = listing; l && *l;) {
		size_t n = strcspn(l, "\n");
		const char *p = l + strspn(l, " \t");
		int keep = cont || (*p == '#' && !(lineno == 0 && p[1] == '!') &&
				    strncmp(p + 1 + strspn(p + 1, " \t"), "pragma", 6));
		if (keep)
			fwrite(l, 1, n, m);
		fputc('\n', m);
		cont = keep && n && l[n - 1] == '\\';
		lineno++;
		l += n + (l[n] == '\n');
	}
	if (!listing || !*listing)
		for (const char *l = src; *l;) {
			size_t n = strcspn(l, "\n");
			char name[PATH_MAX];
			if (marker(l, name, sizeof(name), &flag)) {
				char *real = flag == 1 && !strcmp(cur, mainf) ? realpath(name, NULL) : NULL;
				if (real)
					fprintf(m, "#include \"%s\"\n", real);
				free(real);
				snprintf(cur, sizeof(cur), "%s", name);
			}
			l += n + (l[n] == '\n');
		}
	fclose(m);
	return out;
}

/* Mark the header files clang found errors in: they are not C (D
 * declarations) and go to the D parser as they are. */
static void mark_bad(dc_cimport *ci)
{
	unsigned nd = X.getNumDiagnostics(ci->tu);

	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = X.getDiagnostic(ci->tu, i);
		CXFile file = NULL;
		unsigned line, col, off;
		if (X.getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			X.getFileLocation(X.getDiagnosticLocation(d), &file, &line, &col, &off);
			CXFile *nb = file ? realloc(ci->badfiles, (size_t)(ci->nbad + 1) * sizeof(*nb)) : NULL;
			if (nb) {
				ci->badfiles = nb;
				nb[ci->nbad++] = file;
			}
			CXString s = file ? X.getFileName(file) : (CXString){ 0 };
			char *real = file ? realpath(X.getCString(s), NULL) : NULL;
			for (int k = 0; real && k < ci->nfiles; k++)
				if (ci->files[k].real && !strcmp(ci->files[k].real, real))
					ci->files[k].bad = 1;
			free(real);
			if (file)
				X.disposeString(s);
		}
		X.disposeDiagnostic(d);
	}
}

/* Remove the lines of headers clang read from src (line markers stay,
 * so the script's lines keep their numbers). */
static void drop_header_lines(dc_cimport *ci, char *src)
{
	char cur[PATH_MAX] = "", *w = src;
	int flag;

	for (const char *l = src; *l;) {
		size_t n = strcspn(l, "\n");
		int mk = marker(l, cur, sizeof(cur), &flag);
		const cfile *f = mk || l[0] == '#' ? NULL : find_file(ci, cur);
		size_t adv = n + (l[n] == '\n');
		if (!f || f->bad) {
			memmove(w, l, adv);
			w += adv;
		}
		l += adv;
	}
	*w = 0;
}

static char *spelling(CXString s)
{
	const char *t = X.getCString(s);
	char *r = strdup(t ? t : "");
	X.disposeString(s);
	return r;
}

/* An anonymous tag's spelling: empty, or "(anonymous ...)" / "(unnamed ...)"
 * by clang's version. */
static int anonymous(const char *name)
{
	return !name[0] || strchr(name, '(') || strchr(name, ' ');
}

static int add_entry(dc_cimport *ci, const char *name, int what, CXCursor cur)
{
	centry *e;

	if (anonymous(name))
		return 0;
	if (!(e = realloc(ci->ents, (size_t)(ci->nents + 1) * sizeof(*e))))
		return -1;
	ci->ents = e;
	e[ci->nents] = (centry){ strdup(name), what, cur };
	return e[ci->nents++].name ? 0 : -1;
}

/* Is the declaration in a file clang found errors in? (Those declarations
 * are the D parser's.) */
static int in_bad_file(dc_cimport *ci, CXCursor cur)
{
	CXFile file = NULL;
	unsigned line, col, off;

	if (!ci->nbad)
		return 0;
	X.getFileLocation(X.getCursorLocation(cur), &file, &line, &col, &off);
	for (int i = 0; file && i < ci->nbad; i++)
		if (ci->badfiles[i] == file)
			return 1;
	return 0;
}

/* Every named declaration of the translation unit: typedefs, tags (also
 * those declared inside a struct, file-scoped in C) and enumerators. */
static int index_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
	dc_cimport *ci = data;
	int k = X.getCursorKind(cur);
	char *name;

	if ((k != CXCursor_StructDecl && k != CXCursor_UnionDecl && k != CXCursor_EnumDecl &&
	     k != CXCursor_TypedefDecl && k != CXCursor_EnumConstantDecl) || in_bad_file(ci, cur))
		return CXChildVisit_Continue;
	name = spelling(X.getCursorSpelling(cur));
	if (name)
		add_entry(ci, name, k == CXCursor_TypedefDecl ? CE_TYPEDEF :
			  k == CXCursor_EnumConstantDecl ? CE_ENUMVAL : CE_TAG,
			  k == CXCursor_EnumConstantDecl ? parent : cur);
	free(name);
	return k == CXCursor_TypedefDecl || k == CXCursor_EnumConstantDecl ? CXChildVisit_Continue :
	       CXChildVisit_Recurse;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const centry *)a)->name, ((const centry *)b)->name);
}

dc_cimport *dc_cimport_open(const char *script, const char *listing, char *src, char *const *args,
			    int nargs)
{
	dc_cimport *ci = calloc(1, sizeof(*ci));
	char mainf[PATH_MAX];

	if (!ci || !src || scan_files(ci, src, mainf, sizeof(mainf)) < 0 || !ci->nfiles) {
		dc_cimport_close(ci);
		return NULL;
	}
	if (load_clang(ci->loaderr, sizeof(ci->loaderr))) {
		ci->noclang = 1;
		return ci;
	}
	char *text = clang_source(listing, src, mainf);
	const char *argv[8 + 256];
	int argc = 0;
	argv[argc++] = "-x";
	argv[argc++] = "c";
	argv[argc++] = "-std=gnu11";
	argv[argc++] = "-ferror-limit=0";
	argv[argc++] = "-D__SUNW_D=1";
	for (int i = 0; i < nargs && argc < 8 + 250; i++)
		argv[argc++] = args[i];
	const char *tuname = listing && *listing ? script : "dtr-cimport.c";
	CXUnsavedFile uf = { tuname, text ? text : "", text ? strlen(text) : 0 };
	ci->idx = X.createIndex(0, 0);
	if (!text || !ci->idx ||
	    X.parseTranslationUnit2(ci->idx, tuname, argv, argc, &uf, 1,
				    CXTranslationUnit_SkipFunctionBodies | CXTranslationUnit_KeepGoing,
				    &ci->tu) != 0)
		ci->tu = NULL;
	free(text);
	if (!ci->tu)
		return ci; /* the headers stay for the D parser, as without libclang */
	mark_bad(ci);
	drop_header_lines(ci, src);
	X.visitChildren(X.getTranslationUnitCursor(ci->tu), index_visit, ci);
	if (ci->nents)
		qsort(ci->ents, (size_t)ci->nents, sizeof(*ci->ents), cmp_entry);
	return ci;
}

const char *dc_cimport_error(const dc_cimport *ci)
{
	return ci && ci->noclang ? ci->loaderr : NULL;
}

void dc_cimport_close(dc_cimport *ci)
{
	if (!ci)
		return;
	if (ci->tu)
		X.disposeTranslationUnit(ci->tu);
	if (ci->idx)
		X.disposeIndex(ci->idx);
	for (int i = 0; i < ci->nents; i++)
		free(ci->ents[i].name);
	for (int i = 0; i < ci->nfiles; i++) {
		free(ci->files[i].name);
		free(ci->files[i].real);
	}
	free(ci->ents);
	free(ci->files);
	free(ci->badfiles);
	free(ci);
}

/* Importing into a compilation: the tags defined so far, by declaration. */
typedef struct memo {
	CXCursor def;
	dtype t;
} memo;

typedef struct imp {
	dcomp *c;
	memo *m;
	int nm;
} imp;

/* Beyond this many type entries pointers to structs stop pulling their
 * targets' definitions in (the table holds 65535). */
#define CLOSURE_LIMIT 60000

static dtype map_type(imp *im, CXType t);

static char *adup(dcomp *c, const char *s)
{
	return darena_strndup(c->arena, s, strlen(s));
}

static dtype *memo_find(imp *im, CXCursor def)
{
	for (int i = 0; i < im->nm; i++)
		if (X.equalCursors(im->m[i].def, def))
			return &im->m[i].t;
	return NULL;
}

static void memo_add(imp *im, CXCursor def, dtype t)
{
	im->m = darena_push(im->c->arena, im->m, im->nm, sizeof(*im->m));
	im->m[im->nm++] = (memo){ def, t };
}

/* A member's type as declared ("__dev_t", "struct timespec", "char [16]"),
 * or D's name of its type where C's spelling does not fit (anonymous
 * structs, function pointers). */
static const char *member_tname(imp *im, CXType ft, dtype t)
{
	char *s = spelling(X.getTypeSpelling(ft)), buf[256];
	size_t o = 0;

	if (!s || strchr(s, '(')) {
		dtype_name(&im->c->prog->types, t, buf, sizeof(buf));
		free(s);
		return adup(im->c, buf);
	}
	for (const char *p = s; *p && o < sizeof(buf) - 2; p++) {
		if (*p == '[' && o && buf[o - 1] != ' ')
			buf[o++] = ' ';
		buf[o++] = *p;
	}
	buf[o] = 0;
	free(s);
	return adup(im->c, buf);
}

typedef struct fieldctx {
	imp *im;
	dtype owner;
	uint32_t base;
} fieldctx;

static void add_fields(imp *im, dtype owner, CXType rt, uint32_t base);

/* One field of a struct or union: a bit-field keeps its bit offset and
 * width (typed as wide as its bits need); an anonymous struct or union's
 * members are the owner's, at their offsets. */
static int field_visit(CXCursor cur, CXClientData data)
{
	fieldctx *fc = data;
	dcomp *c = fc->im->c;
	long long off = X.Cursor_getOffsetOfField(cur);
	CXType ft = X.getCursorType(cur);
	int bits = X.Cursor_isBitField(cur) ? X.getFieldDeclBitWidth(cur) : 0;

	if (off < 0 || (off % 8 && !bits) || bits < 0 || bits > 64)
		return CXVisit_Continue;
	char *name = spelling(X.getCursorSpelling(cur));
	if (!name)
		return CXVisit_Continue;
	uint32_t at = fc->base + (uint32_t)(off / 8);
	if (!name[0] || anonymous(name)) {
		CXType canon = X.getCanonicalType(ft);
		if (canon.kind == CXType_Record)
			add_fields(fc->im, fc->owner, canon, at);
		free(name);
		return CXVisit_Continue;
	}
	dtype t = map_type(fc->im, ft);
	dmember m = { .name = adup(c, name), .tname = member_tname(fc->im, ft, t), .type = t, .offset = at };
	free(name);
	if (bits && t.kind != DT_INT)
		return CXVisit_Continue;
	if (bits) {
		m.type.size = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
		if (bits % 8 || bits / 8 != m.type.size || off % 8) {
			m.bits = (uint8_t)bits;
			m.bitoff = (uint8_t)(off % 8);
		}
	}
	dctype *e = &c->prog->types.t[fc->owner.ref];
	e->members = darena_push(c->arena, e->members, e->nmembers, sizeof(*e->members));
	e->members[e->nmembers++] = m;
	return CXVisit_Continue;
}

static void add_fields(imp *im, dtype owner, CXType rt, uint32_t base)
{
	fieldctx fc = { im, owner, base };

	X.Type_visitFields(rt, field_visit, &fc);
}

/* A struct or union: its entry (by tag, or a new one when anonymous),
 * defined with clang's offsets, size and alignment when its body is known. */
static dtype import_record(imp *im, CXCursor decl, int define)
{
	dcomp *c = im->c;
	CXCursor def = X.getCursorDefinition(decl);
	int complete = !X.Cursor_isNull(def);
	dtype *seen, t;

	if (!complete)
		def = decl;
	if ((seen = memo_find(im, def)))
		return *seen;
	char *name = spelling(X.getCursorSpelling(def));
	int anon = !name || anonymous(name);
	t = dctype_tag(c, DT_STRUCT, X.getCursorKind(def) == CXCursor_UnionDecl, anon ? NULL : adup(c, name));
	free(name);
	if (!define && !anon)
		return t;
	memo_add(im, def, t);
	if (!complete || c->prog->types.t[t.ref].defined)
		return t;
	CXType rt = X.getCursorType(def);
	long long size = X.Type_getSizeOf(rt), align = X.Type_getAlignOf(rt);
	if (size < 0 || align <= 0)
		return t;
	add_fields(im, t, rt, 0);
	dctype *e = &c->prog->types.t[t.ref];
	e->size = (uint32_t)size;
	e->align = (uint32_t)align;
	e->defined = 1;
	return t;
}

static int enumval_visit(CXCursor cur, CXCursor parent, CXClientData data)
{
	imp *im = ((void **)data)[0];
	dtype *t = ((void **)data)[1];
	dcomp *c = im->c;

	(void)parent;
	if (X.getCursorKind(cur) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	char *name = spelling(X.getCursorSpelling(cur));
	if (!name)
		return CXChildVisit_Continue;
	int64_t v = X.getEnumConstantDeclValue(cur);
	const char *n = adup(c, name);
	free(name);
	dctype *e = &c->prog->types.t[t->ref];
	e->enums = darena_push(c->arena, e->enums, e->nenums, sizeof(*e->enums));
	e->enums[e->nenums++] = (denumval){ n, v };
	for (int i = 0; i < c->ninlines; i++)
		if (!strcmp(c->inlines[i]->name, n))
			return CXChildVisit_Continue;
	/* each enumerator is an inline constant, as in a D enum: an int, or
	 * as C types those beyond int's range, unsigned int or a 64-bit one */
	dtype vt = v >= INT32_MIN && v <= INT32_MAX ? DTYPE_INT(4, 1) :
		   v > 0 && v <= UINT32_MAX ? DTYPE_INT(4, 0) : DTYPE_INT(8, v < 0);
	dnode *d = dnode_new(c, N_IDENT, (dloc){ 0, 0 });
	d->name = (char *)n;
	d->type = vt;
	d->x = dnode_new(c, N_INT, d->loc);
	d->x->ival = v;
	d->x->type = vt;
	c->inlines = darena_push(c->arena, c->inlines, c->ninlines, sizeof(*c->inlines));
	c->inlines[c->ninlines++] = d;
	return CXChildVisit_Continue;
}

static int unsigned_kind(int k)
{
	return k >= CXType_Bool && k <= CXType_UInt128;
}

/* An enum: an integer of its size referring to its entry, enumerators
 * recorded on the entry and declared as inline constants. */
static dtype import_enum(imp *im, CXCursor decl)
{
	dcomp *c = im->c;
	CXCursor def = X.getCursorDefinition(decl);
	dtype *seen, t;

	if (X.Cursor_isNull(def))
		def = decl;
	if ((seen = memo_find(im, def)))
		return *seen;
	char *name = spelling(X.getCursorSpelling(def));
	t = dctype_tag(c, DT_INT, 0, !name || anonymous(name) ? NULL : adup(c, name));
	free(name);
	long long size = X.Type_getSizeOf(X.getCursorType(def));
	if (size == 1 || size == 2 || size == 4 || size == 8)
		t.size = (uint8_t)size;
	t.sign = !unsigned_kind(X.getCanonicalType(X.getEnumDeclIntegerType(def)).kind);
	memo_add(im, def, t);
	if (c->prog->types.t[t.ref].defined)
		return t;
	void *ctx[2] = { im, &t };
	X.visitChildren(def, enumval_visit, ctx);
	dctype *e = &c->prog->types.t[t.ref];
	e->size = e->align = t.size;
	e->defined = 1;
	return t;
}

static dtype bytes(dcomp *c, long long n)
{
	return n > 0 ? dctype_array(c, DTYPE_INT(1, 0), (uint32_t)n) : DTYPE_VOID;
}

/* D's type for a C type: integers and float, double and long double as
 * they are, other types D has no arithmetic for as bytes of their size,
 * pointers to functions as void *. */
static dtype map_type(imp *im, CXType t)
{
	dcomp *c = im->c;
	CXType canon = X.getCanonicalType(t);
	long long size = X.Type_getSizeOf(canon);

	switch (canon.kind) {
	case CXType_Void:
		return DTYPE_VOID;
	case CXType_Pointer: {
		CXType to = X.getCanonicalType(X.getPointeeType(canon));
		if (to.kind == CXType_FunctionProto || to.kind == CXType_FunctionNoProto)
			return dctype_ptr(c, DTYPE_VOID);
		if (to.kind == CXType_Record)
			return dctype_ptr(c, import_record(im, X.getTypeDeclaration(to),
							   c->prog->types.n < CLOSURE_LIMIT));
		return dctype_ptr(c, map_type(im, to));
	}
	case CXType_Record:
		return import_record(im, X.getTypeDeclaration(canon), 1);
	case CXType_Enum:
		return import_enum(im, X.getTypeDeclaration(canon));
	case CXType_ConstantArray:
	case CXType_IncompleteArray: {
		dtype elem = map_type(im, X.getArrayElementType(canon));
		long long n = canon.kind == CXType_ConstantArray ? X.getArraySize(canon) : 0;
		if (elem.kind == DT_VOID || n < 0 || n > UINT32_MAX)
			return bytes(c, size);
		return dctype_array(c, elem, (uint32_t)n);
	}
	case CXType_Float:
	case CXType_Double:
	case CXType_LongDouble:
		if (size == 4 || size == 8 || size == 16)
			return DTYPE_FLOAT((uint8_t)size);
		return bytes(c, size);
	default:
		if (canon.kind >= CXType_Bool && canon.kind <= CXType_Int128 &&
		    (size == 1 || size == 2 || size == 4 || size == 8))
			return DTYPE_INT((uint8_t)size, !unsigned_kind(canon.kind));
		return bytes(c, size);
	}
}

static void import_typedef(imp *im, CXCursor decl, const char *name)
{
	dcomp *c = im->c;

	if (dtype_name_lookup(name) || dctype_typedef(c, name))
		return; /* D's own (size_t, uint64_t ...), or declared already */
	CXType ut = X.getTypedefDeclUnderlyingType(decl), canon = X.getCanonicalType(ut);
	if (canon.kind == CXType_FunctionProto || canon.kind == CXType_FunctionNoProto)
		return;
	dtype t = map_type(im, ut);
	if (t.kind == DT_VOID && canon.kind != CXType_Void)
		return;
	c->typedefs = darena_push(c->arena, c->typedefs, c->ntypedefs, sizeof(*c->typedefs));
	c->typedefs[c->ntypedefs++] = (dtypedef){ adup(c, name), adup(c, name), t };
}

/* The identifiers of the program's text (strings and line markers left out). */
typedef struct ident {
	const char *s;
	int len;
} ident;

static int cmp_ident(const void *a, const void *b)
{
	const ident *x = a, *y = b;
	int n = x->len < y->len ? x->len : y->len, r = strncmp(x->s, y->s, (size_t)n);

	return r ? r : x->len - y->len;
}

static int is_idchar(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static ident *idents(const char *src, int *nout)
{
	ident *v = NULL;
	int n = 0, cap = 0;

	for (const char *p = src; *p;) {
		if (*p == '#' && (p == src || p[-1] == '\n')) {
			p += strcspn(p, "\n");
		} else if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (*p && *p != q && *p != '\n')
				p += p[0] == '\\' && p[1] ? 2 : 1;
			if (*p)
				p++;
		} else if (is_idchar(*p) && !(*p >= '0' && *p <= '9')) {
			const char *s = p;
			while (is_idchar(*p))
				p++;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				ident *nv = realloc(v, (size_t)cap * sizeof(*v));
				if (!nv)
					break;
				v = nv;
			}
			v[n++] = (ident){ s, (int)(p - s) };
		} else if (is_idchar(*p)) {
			while (is_idchar(*p))
				p++;
		} else {
			p++;
		}
	}
	if (n)
		qsort(v, (size_t)n, sizeof(*v), cmp_ident);
	*nout = n;
	return v;
}

void dc_cimport_apply(dcomp *c, dc_cimport *ci)
{
	imp im = { c, NULL, 0 };
	int nid;

	if (!ci || !ci->tu || !ci->nents)
		return;
	ident *ids = idents(c->in->src, &nid);
	for (int i = 0; i < ci->nents; i++) {
		const centry *e = &ci->ents[i];
		ident key = { e->name, (int)strlen(e->name) };
		if (!nid || !bsearch(&key, ids, (size_t)nid, sizeof(*ids), cmp_ident))
			continue;
		int k = X.getCursorKind(e->cur);
		if (e->what == CE_TYPEDEF)
			import_typedef(&im, e->cur, e->name);
		else if (k == CXCursor_EnumDecl)
			import_enum(&im, e->cur);
		else
			import_record(&im, e->cur, 1);
	}
	free(ids);
}
