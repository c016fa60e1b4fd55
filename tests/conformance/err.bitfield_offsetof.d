/* offsetof does not apply to a bit-field */
struct r { int a : 3; int b : 5; };
BEGIN { trace(offsetof(struct r, b)); exit(0); }
