#pragma D option quiet
struct out { int o; };
translator struct out < int v > { o = v; o = v + 1; };
BEGIN { printf("%d\n", xlate <struct out> (5).o); exit(0); }
