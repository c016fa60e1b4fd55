/* a bit-field is of an integer type: not an enum, pointer or struct */
enum colour { RED, GREEN };
struct r {
	enum colour : 2;
};
BEGIN { exit(0); }
