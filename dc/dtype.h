/* D types as the compiler and the output formatters see them. Integers
 * carry size and signedness; strings are bounded by strsize. */
#ifndef DC_DTYPE_H
#define DC_DTYPE_H

#include <stdint.h>

enum dtype_kind { DT_VOID, DT_INT, DT_STRING };

typedef struct dtype {
	uint8_t kind;
	uint8_t size;   /* bytes, for integers */
	uint8_t sign;   /* 1 when signed */
} dtype;

#define DTYPE_INT(sz, sg) ((dtype){ DT_INT, (sz), (sg) })
#define DTYPE_STR ((dtype){ DT_STRING, 0, 0 })
#define DTYPE_VOID ((dtype){ DT_VOID, 0, 0 })

#endif
