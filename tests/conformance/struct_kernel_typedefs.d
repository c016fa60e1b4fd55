/* A struct member's type may be a typedef of the kernel's (from its BTF):
 * __u16, __s32 and bool are known there, without any kernel probe or tag
 * having been named first. */
struct rec {
	__u16 port;
	__s32 delta;
	bool up;
};

BEGIN
{
	r = (struct rec *)alloca(sizeof (struct rec));
	r->port = 65535;
	r->delta = -7;
	r->up = 1;
	printf("%d %d %d %d\n", sizeof (struct rec), offsetof(struct rec, up), r->port, r->delta);
	printf("%d\n", r->up);
	exit(0);
}
