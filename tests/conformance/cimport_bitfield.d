/* -C: a C header's bit-fields keep the C compiler's offsets and widths */
#include "cimport_bits.h"

struct hdr h;

BEGIN
{
	h.ihl = 5;
	h.version = 4;
	h.tos = -1;
	h.flag = 1;
	h.frag = 0x1abc;
	h.whole = 0xffff;
	printf("%d %d %d %d %x %d %d\n", h.ihl, h.version, h.tos, h.flag, h.frag, h.whole,
	    sizeof(struct hdr));
	printf("%x\n", *((unsigned char *)&h.tos - 1)); /* ihl and version share the first byte */
	exit(0);
}
