/* -C: a header of D declarations beside a C header: the D one stays for
 * the D parser, the C one's types come from libclang */
#include <sys/stat.h>
#include "cimport_dlimits.h"

label_t l;

BEGIN
{
	l = "limit";
	printf("%s %d %d\n", l, LIMIT, sizeof(struct stat));
	exit(0);
}
