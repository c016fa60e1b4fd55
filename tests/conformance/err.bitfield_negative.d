/* a bit-field's width is a positive constant */
struct r {
	int a : -1;
};
BEGIN { exit(0); }
