/* D types as the compiler and the output formatters see them. Integers
 * carry size and signedness; strings are bounded by strsize. */
#ifndef DC_DTYPE_H
#define DC_DTYPE_H

#include <stdint.h>

enum dtype_kind { DT_VOID, DT_INT, DT_STRING, DT_STACK };

typedef struct dtype {
	uint8_t kind;
	uint8_t size;   /* bytes, for integers */
	uint8_t sign;   /* 1 when signed */
	uint8_t form;   /* DT_STACK: enum pvm_stackform (stack, sym, func, mod, addr) */
	uint8_t user;   /* DT_STACK: user-space addresses */
} dtype;

#define DTYPE_INT(sz, sg) ((dtype){ .kind = DT_INT, .size = (sz), .sign = (sg) })
#define DTYPE_STR ((dtype){ .kind = DT_STRING })
#define DTYPE_VOID ((dtype){ .kind = DT_VOID })

#endif
