BEGIN { i = (char long)0; exit(0); }
