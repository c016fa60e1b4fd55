/* aggsortrev reverses the order the aggregations print in at exit too */
#pragma D option quiet
#pragma D option aggsortrev
BEGIN
{
	@a["first"] = count();
	@b["second"] = count();
	@c["third"] = count();
	exit(0);
}
