/* -C -I: a program's own header; its prototypes, externs and inline
 * function bodies never reach the D parser; typedefs, an enum, anonymous
 * struct and union members, a bit-field; print() of the struct */
#include "cimport_req.h"

BEGIN
{
	printf("%d %d %d %d %d %d %d\n", sizeof(req_t), offsetof(req_t, kind), offsetof(req_t, name),
	    offsetof(struct req, range), offsetof(req_t, ival), offsetof(req_t, next),
	    offsetof(req_t, port));
	r = (req_ptr_t)alloca(sizeof(req_t));
	r->id = 7;
	r->kind = REQ_DEL;
	r->range.hi = 3;
	r->ival = 99;
	r->port = 53;
	printf("%d %d %d %d %d %d\n", r->id, r->kind, r->range.hi, r->ival, r->port, REQ_PUT);
	print(*r);
	exit(0);
}
