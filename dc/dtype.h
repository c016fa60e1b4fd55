/* D types as the compiler and the output formatters see them. Integers
 * carry size and signedness; strings are bounded by strsize. Pointers,
 * arrays, structs, unions and enums refer to an entry of the program's type
 * table (dtypetab), which print() also reads to lay values out. */
#ifndef DC_DTYPE_H
#define DC_DTYPE_H

#include <stddef.h>
#include <stdint.h>

/* DT_FLOAT: float (size 4), double (8) or long double (16). D does no
 * arithmetic and no conversion on them: they are stored, copied as their
 * bytes and printed. A float or double is a scalar value holding its bytes
 * (zero-extended); a long double, like a struct, is the address of its 16
 * bytes. */
enum dtype_kind { DT_VOID, DT_INT, DT_STRING, DT_STACK, DT_PTR, DT_ARRAY, DT_STRUCT, DT_FLOAT };

typedef struct dtype {
	uint8_t kind;
	uint8_t size;   /* bytes, for integers, floats and pointers */
	uint8_t sign;   /* 1 when signed */
	uint8_t form;   /* DT_STACK: enum pvm_stackform (stack, sym, func, mod, addr) */
	uint8_t user;   /* DT_STACK: user-space addresses */
	uint16_t ref;   /* DT_PTR, DT_ARRAY, DT_STRUCT: type table entry; DT_INT: an
	                 * enum's entry, or 0 */
} dtype;

/* A built-in type name: an integer's size and sign (typenames.c). */
typedef struct dtypename {
	const char *name;
	uint8_t size;   /* 0: not an integer by itself (signed, unsigned, string, void) */
	uint8_t sign;
} dtypename;

/* The built-in type name word, or NULL. */
const dtypename *dtype_name_lookup(const char *word);

#define DTYPE_INT(sz, sg) ((dtype){ .kind = DT_INT, .size = (sz), .sign = (sg) })
#define DTYPE_STR ((dtype){ .kind = DT_STRING })
#define DTYPE_VOID ((dtype){ .kind = DT_VOID })
#define DTYPE_FLOAT(sz) ((dtype){ .kind = DT_FLOAT, .size = (sz) })
/* A long double: held in memory and handled by its address, as a struct. */
#define DTYPE_IS_LDOUBLE(t) ((t).kind == DT_FLOAT && (t).size == 16)

/* A member of a struct or union. A bit-field (bits > 0) is the bits
 * bits from bit bitoff (0-7) of the bytes at offset, low-order bits first
 * (x86-64 is little-endian); its type is the smallest integer of 1, 2, 4
 * or 8 bytes that holds them, with the declared type's sign. A field of 8,
 * 16, 32 or 64 bits on a byte boundary is an ordinary integer member. */
typedef struct dmember {
	const char *name;   /* "" for an unnamed bit-field (padding) */
	const char *tname;  /* its type as declared: "int", "struct in6_addr *", "char [16]" */
	dtype type;
	uint32_t offset;
	uint8_t bits, bitoff;
	uint8_t lifted;     /* a member of an anonymous member (named "" in this
	                     * struct too), named here as C lets it be */
} dmember;

/* An enumerator. */
typedef struct denumval {
	const char *name;
	int64_t value;
} denumval;

/* One entry of the type table. */
typedef struct dctype {
	uint8_t kind;        /* DT_PTR, DT_ARRAY, DT_STRUCT, or DT_INT for an enum */
	uint8_t is_union;
	uint8_t defined;     /* struct, union, enum: its body has been seen */
	uint8_t kernel;      /* ... read from the kernel's BTF */
	const char *name;    /* struct, union or enum tag; NULL when anonymous */
	dtype elem;          /* pointer target, array element */
	uint32_t count;      /* array elements */
	uint32_t size, align;
	dmember *members;
	int nmembers;
	denumval *enums;
	int nenums;
} dctype;

typedef struct dtypetab {
	dctype *t;           /* entry 0 is unused: ref 0 means none */
	int n;
} dtypetab;

/* Size and alignment of a type in bytes (strings: 0, the caller knows strsize). */
uint32_t dtype_sizeof(const dtypetab *tt, dtype t);
uint32_t dtype_alignof(const dtypetab *tt, dtype t);
/* C's name of a type: "int", "struct foo *", "char [16]", "enum e". */
void dtype_name(const dtypetab *tt, dtype t, char *buf, size_t len);
/* Two types are the same type. */
int dtype_same(dtype a, dtype b);

#endif
