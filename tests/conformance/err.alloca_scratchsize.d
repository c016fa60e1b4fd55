/* alloca() of a constant size past scratchsize. */
#pragma D option scratchsize=1k

BEGIN
{
	p = alloca(1025);
}
