/* -C: a header's enums: enumerators are constants (beyond int's range too),
 * an enum member prints by name */
#include "cimport_req.h"

BEGIN
{
	printf("%d %d %d\n", REQ_GET, REQ_PUT, REQ_DEL);
	printf("%d %x %x %d\n", REQ_F_LOW, REQ_F_HIGH, REQ_F_WIDE, sizeof(enum req_kind));
	r = (struct req *)alloca(sizeof(struct req));
	r->kind = REQ_PUT;
	print(r->kind);
	exit(0);
}
