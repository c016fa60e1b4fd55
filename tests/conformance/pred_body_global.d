#pragma D option quiet
BEGIN /x == 0/ { printf("%d\n", x++); }
BEGIN /x == 1/ { exit(0); }
