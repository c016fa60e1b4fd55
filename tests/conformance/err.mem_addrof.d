BEGIN { x = 1; trace((long)&x); }
