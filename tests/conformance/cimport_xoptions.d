/* -x cpp, define, undef and incdir: -C, -D, -U and -I as options */
#include "cimport_req.h"

BEGIN
{
#ifdef __linux
	printf("__linux defined\n");
#endif
	printf("%d %d\n", ANSWER, sizeof(req_t));
	exit(0);
}
