enum e { s = "str" };
BEGIN { exit(0); }
