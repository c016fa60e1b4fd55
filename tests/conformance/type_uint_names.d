/* uint, ushort and ulong, the <linux/types.h> names DTrace knows. */
BEGIN
{
	printf("%d %d %d %d\n", (uint)-12345, sizeof(uint), sizeof(ushort), sizeof(ulong));
	exit(0);
}
