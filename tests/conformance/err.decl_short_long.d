BEGIN { i = (short long)0; exit(0); }
