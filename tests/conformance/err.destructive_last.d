BEGIN
{
	stop();
}

END
{
	trace(nosuchvar);
}
