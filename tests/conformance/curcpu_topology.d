BEGIN
{
	printf("%d %d\n", curcpu->cpu_chip >= 0, curcpu->cpu_lgrp >= 0);
	exit(0);
}
