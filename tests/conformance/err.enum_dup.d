enum e { x = 1, x = 2 };
BEGIN { exit(0); }
