/* -C: struct sockaddr_in through a cast of scratch memory; a header's
 * macros (AF_INET, st_mtime-like renames) and enumerators (IPPROTO_TCP) */
#include <netinet/in.h>

BEGIN
{
	sin = (struct sockaddr_in *)alloca(sizeof(struct sockaddr_in));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(8080);
	sin->sin_addr.s_addr = 0x0100007f;
	printf("%d %d %d %d\n", sizeof(struct sockaddr_in), offsetof(struct sockaddr_in, sin_port),
	    offsetof(struct sockaddr_in, sin_addr), sizeof(struct sockaddr_in6));
	printf("%d %d %x %d %d\n", sin->sin_family, ntohs(sin->sin_port), sin->sin_addr.s_addr,
	    IPPROTO_TCP, IPPROTO_UDP);
	exit(0);
}
