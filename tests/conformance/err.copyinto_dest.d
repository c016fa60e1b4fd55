/* copyinto()'s destination is a pointer. */
BEGIN
{
	copyinto(1, 2, 3);
}
