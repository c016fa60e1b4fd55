#pragma D option quiet
struct in { int i; char c; };
struct out { int oi; char oc; };
translator struct out < struct in v > { oi = ((struct in)v).i; oc = v.c; };
struct in f;
BEGIN { f.i = 7; f.c = 'z'; printf("%d %c\n", xlate <struct out> (f).oi, xlate <struct out> (f).oc); exit(0); }
