struct a { int i; }
struct b { int j; };
BEGIN { exit(0); }
