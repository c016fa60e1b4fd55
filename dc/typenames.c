/* D's built-in type names: one table that says which words begin a type
 * (the parser) and what size and signedness each integer name has (the
 * type checker), with the sizes of DTrace on LP64 Linux. */
#include <string.h>

#include "dc/dtype.h"

/* size 0: a word that modifies or is not an integer (signed, unsigned,
 * string, void, float, double, and char/short/int/long, which combine) */
static const dtypename names[] = {
	{ "char", 1, 1 }, { "short", 2, 1 }, { "int", 4, 1 }, { "long", 8, 1 },
	{ "signed", 0, 1 }, { "unsigned", 0, 0 }, { "string", 0, 0 }, { "void", 0, 0 },
	{ "float", 0, 0 }, { "double", 0, 0 },
	{ "int8_t", 1, 1 }, { "int16_t", 2, 1 }, { "int32_t", 4, 1 }, { "int64_t", 8, 1 },
	{ "uint8_t", 1, 0 }, { "uint16_t", 2, 0 }, { "uint32_t", 4, 0 }, { "uint64_t", 8, 0 },
	{ "intptr_t", 8, 1 }, { "uintptr_t", 8, 0 }, { "size_t", 8, 0 }, { "ssize_t", 8, 1 },
	{ "pid_t", 4, 1 }, { "id_t", 4, 1 }, { "uid_t", 4, 0 }, { "gid_t", 4, 0 },
	{ "uchar_t", 1, 0 }, { "ushort_t", 2, 0 }, { "uint_t", 4, 0 }, { "ulong_t", 8, 0 },
	{ "u_longlong_t", 8, 0 }, { "longlong_t", 8, 1 }, { "processorid_t", 4, 1 },
	{ "dev_t", 8, 0 }, { "hrtime_t", 8, 1 }, { "off_t", 8, 1 }, { "caddr_t", 8, 0 },
	{ "ipaddr_t", 4, 0 },
	{ "ushort", 2, 0 }, { "uint", 4, 0 }, { "ulong", 8, 0 }, /* <linux/types.h> */
};

const dtypename *dtype_name_lookup(const char *word)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(word, names[i].name))
			return &names[i];
	return NULL;
}
