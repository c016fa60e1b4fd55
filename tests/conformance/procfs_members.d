/* curpsinfo and curlwpsinfo members from /proc: the BEGIN probe fires in
 * dtr itself, a running 64-bit process in the time-sharing class */
BEGIN
{
	printf("%d %d %c %d %s\n", curlwpsinfo->pr_flag, curlwpsinfo->pr_state, curlwpsinfo->pr_sname,
	    curlwpsinfo->pr_state == SRUN, curlwpsinfo->pr_clname);
	printf("%d %d %d\n", curpsinfo->pr_dmodel == PR_MODEL_LP64, PR_MODEL_ILP32, PR_MODEL_LP64);
	printf("%d %d %d %d\n", curpsinfo->pr_pgid > 0, curpsinfo->pr_sid >= 0, curpsinfo->pr_nlwp >= 1,
	    curpsinfo->pr_euid == curpsinfo->pr_uid);
	printf("%d %d\n", curlwpsinfo->pr_lwpid == tid, curlwpsinfo->pr_name == execname);
	printf("%d %d\n", curlwpsinfo->pr_pri >= 100 && curlwpsinfo->pr_pri < 140, curlwpsinfo->pr_wchan);
	/* started in the last ten minutes, and not after now */
	this->now = walltimestamp / 1000000000;
	printf("%d %d\n", curpsinfo->pr_start.tv_sec <= this->now && curpsinfo->pr_start.tv_sec > this->now - 600,
	    curpsinfo->pr_start.tv_nsec >= 0 && curpsinfo->pr_start.tv_nsec < 1000000000);
	printf("%d\n", curlwpsinfo->pr_start.tv_sec >= curpsinfo->pr_start.tv_sec);
	exit(0);
}
