BEGIN
{
	i = 3;
	sq[i] = i * i;
	i++;
	sq[i] = i * i;
	printf("%d %d %d\n", sq[3], sq[4], sq[3] + sq[4]);
	exit(0);
}
