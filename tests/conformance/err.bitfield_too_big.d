/* a bit-field cannot be wider than its type */
struct r {
	short a : 16;
	short b : 17;
};
BEGIN { exit(0); }
