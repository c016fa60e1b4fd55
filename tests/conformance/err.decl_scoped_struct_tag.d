struct a`b { int i; };
BEGIN { exit(0); }
