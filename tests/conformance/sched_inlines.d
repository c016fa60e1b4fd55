/* sched.d's inlines chip, lgrp and pset are curcpu's members */
BEGIN
{
	printf("%d %d %d %d\n", chip == curcpu->cpu_chip, lgrp == curcpu->cpu_lgrp, pset, curcpu->cpu_pset);
	exit(0);
}
