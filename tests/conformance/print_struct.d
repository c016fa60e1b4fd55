/* print() of a struct: every member with its type, integers in hex,
 * character arrays as strings, nested structs and arrays */
struct in { int x; char tag; };
struct out {
	struct in i;
	int a[2];
	char name[8];
	uint8_t raw[3];
	struct out *next;
	long big;
};
struct out o;

BEGIN
{
	o.i.x = 1;
	o.i.tag = 'z';
	o.a[0] = 5;
	o.a[1] = 6;
	o.name[0] = 'd';
	o.name[1] = 't';
	o.raw[2] = 255;
	o.big = -1;
	print(o);
	printf("\n");
	print(o.i.x);
	print(o.name);
	printf("\n");
	exit(0);
}
