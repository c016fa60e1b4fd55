/* -C -D: a macro given on the command line reaches the headers as libclang
 * reads them (the name member's size), and the script's #if */
#include "cimport_req.h"

BEGIN
{
#if REQ_NAMELEN == 20
	printf("%d %d %d\n", sizeof(req_t), offsetof(req_t, range), sizeof(((req_t *)0)->name));
#endif
	exit(0);
}
