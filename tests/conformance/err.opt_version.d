/* Unknown -x options and versions are refused. */
BEGIN
{
	exit(0);
}
