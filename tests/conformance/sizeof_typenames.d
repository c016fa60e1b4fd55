/* DTrace's type names have their LP64 sizes and signs (one table) */
BEGIN
{
	printf("%d %d %d %d %d %d %d %d\n", sizeof(hrtime_t), sizeof(uchar_t), sizeof(off_t),
	    sizeof(ushort_t), sizeof(ulong_t), sizeof(caddr_t), sizeof(dev_t), sizeof(uint_t));
	printf("%d %d\n", (uchar_t)-1, (hrtime_t)-1);
	exit(0);
}
