/* a named bit-field needs a positive width */
struct r {
	int a : 3;
	int b : 2 - 2;
};
BEGIN { exit(0); }
