BEGIN
{
	self->a["k"] = 4;
	self->a["j"] = 6;
	printf("%d %d %d\n", self->a["k"], self->a["j"], self->a["x"]);
	exit(0);
}
