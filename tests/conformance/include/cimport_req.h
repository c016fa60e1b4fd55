/* A program's own header for the cimport_* cases: a struct with a typedef,
 * an enum, an anonymous union, a bit-field, a nested
 * anonymous struct member, and declarations D never sees (a prototype, an
 * extern, an inline function's body). -DREQ_NAMELEN=n sizes its name. */
#include <stdint.h>

#ifndef REQ_NAMELEN
#define REQ_NAMELEN 12
#endif

enum req_kind { REQ_GET = 1, REQ_PUT, REQ_DEL = 10 };
enum req_flag { REQ_F_LOW = -1, REQ_F_HIGH = 0x80000000u, REQ_F_WIDE = 0x100000000 };

typedef struct req {
	uint32_t id;
	enum req_kind kind;
	char name[REQ_NAMELEN];
	struct { short lo; short hi; } range;
	union { int64_t ival; uint32_t halves[2]; };
	struct req *next;
	unsigned urgent : 1;
	uint16_t port;
} req_t;

typedef req_t *req_ptr_t;

int req_handle(struct req *r);
extern int req_count;
static inline int req_twice(int x)
{
	return x * 2;
}
