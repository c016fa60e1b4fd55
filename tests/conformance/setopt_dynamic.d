/* setopt() changes a dynamic option when the consumer reaches it: here the
 * aggregation's sort order, before the printa() that follows it. */
BEGIN
{
	@a["one"] = sum(1);
	@a["two"] = sum(2);
	@a["three"] = sum(3);
	setopt("aggsortrev");
	printa(@a);
	exit(0);
}
