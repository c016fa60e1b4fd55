#pragma D option defaultargs
BEGIN { printf("[%d]\n", $3); exit(0); }
