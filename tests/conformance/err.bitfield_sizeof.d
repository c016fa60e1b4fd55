/* sizeof does not apply to a bit-field */
struct r { int a : 3; int b : 5; } v;
BEGIN { trace(sizeof(v.a)); exit(0); }
