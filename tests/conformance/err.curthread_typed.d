/* curthread is a struct task_struct *, which dtr cannot follow: an error
 * of its type elsewhere in the clause is reported first, as DTrace would */
BEGIN
{
	x[1] = curthread;
	x[2] = pid;
}
