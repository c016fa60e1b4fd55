/* print() of a pointer to a struct: the address, "= *", then the struct
 * from column 44, one item a line and one column deeper a level: members
 * as ".name = (type)value,", members of all zero bytes left out, a char
 * array's characters up to its first NUL, an anonymous union or struct
 * as "(union) {", unsigned 64-bit values in full, enums by name. */
enum color { RED, GREEN = 5 };

struct inner {
	short lo;
	unsigned char flag;
};

struct rec {
	int id;
	char name[6];
	union {
		short s;
		unsigned char b;
	} u;
	struct {
		void *ptr;
		uint64_t big;
	} in;
	struct inner nest;
	enum color c;
	int unused;
	long neg;
	int arr[3];
};

BEGIN
{
	r = (struct rec *)alloca(sizeof (struct rec));
	r->id = 42;
	r->name[0] = 'd';
	r->name[1] = 't';
	r->name[3] = 'x';	/* after the NUL: not shown */
	r->u.s = 0x102;
	r->in.ptr = (void *)0;
	r->in.big = 0xffffffffffffffff;
	r->nest.flag = 200;
	r->c = GREEN;
	r->neg = -3;
	r->arr[0] = 5;
	r->arr[2] = 7;
	print(r);
	exit(0);
}
