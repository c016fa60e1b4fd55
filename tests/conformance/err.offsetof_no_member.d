/* offsetof of a member the struct does not have */
struct r { int a; int b; };
BEGIN { trace(offsetof(struct r, c)); exit(0); }
