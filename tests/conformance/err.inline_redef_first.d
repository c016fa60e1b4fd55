inline int foo = timestamp;
inline int foo = 8;
BEGIN { exit(0); }
