BEGIN
{
	a[1, curlwpsinfo] = 1;
	exit(0);
}
