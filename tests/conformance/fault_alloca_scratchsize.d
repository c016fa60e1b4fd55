/* alloca() past scratchsize (not known when compiling) runs out of scratch
 * space; scratchsize rounded up to 8 can be taken whole. */
#pragma D option scratchsize=60

BEGIN
{
	this->p = alloca(64);
	sz = 65;
	alloca(sz);
}

ERROR
{
	printf("fault kind %d\n", arg4);
	exit(0);
}
