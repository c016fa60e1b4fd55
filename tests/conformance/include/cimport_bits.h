/* a C struct with bit-fields, as the C compiler lays it out (cimport_bitfield.d) */
struct hdr {
	unsigned int ihl : 4;
	unsigned int version : 4;
	signed char tos;
	int flag : 1;
	unsigned int frag : 13;
	unsigned short whole : 16;
};
