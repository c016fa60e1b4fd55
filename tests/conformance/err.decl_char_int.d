BEGIN { i = (char int)0; exit(0); }
