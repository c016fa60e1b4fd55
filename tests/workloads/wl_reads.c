/* Workload: 1000 read()s of 1, 2, ... 1000 bytes from /dev/zero and no
 * other read (it is linked statically: no dynamic loader reads). */
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
	static char buf[1000];
	int fd = open("/dev/zero", O_RDONLY);

	if (fd < 0)
		return 1;
	for (int n = 1; n <= 1000; n++)
		if (read(fd, buf, (size_t)n) != n)
			return 1;
	return 0;
}
