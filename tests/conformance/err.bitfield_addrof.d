/* the address of a bit-field cannot be taken */
struct r { int a : 3; int b : 5; } v;
BEGIN { trace(&v.b); exit(0); }
