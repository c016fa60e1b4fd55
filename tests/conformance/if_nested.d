BEGIN
{
	x = 1;
	y = 0;
	if (x) {
		if (y)
			printf("a\n");
		else
			printf("b\n");
		y = 5;
	}
	if (!x)
		printf("c\n");
	printf("%d\n", y);
	exit(0);
}
