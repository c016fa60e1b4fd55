enum e { small = -2147483649 };
BEGIN { exit(0); }
