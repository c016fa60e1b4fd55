enum e { big = 2147483648 };
BEGIN { exit(0); }
