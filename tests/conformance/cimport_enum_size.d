/* -C: an enum whose values need 64 bits is 8 bytes, as the C compiler
 * makes it; an int-sized one stays 4 */
#include "cimport_req.h"

BEGIN
{
	printf("%d %d\n", sizeof(enum req_flag), sizeof(enum req_kind));
	exit(0);
}
