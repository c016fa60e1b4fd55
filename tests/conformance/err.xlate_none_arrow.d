struct in { int i; };
struct out { int o; };
translator struct out < struct in *p > { o = p->i; };
struct in v;
BEGIN { trace(xlate <struct out> (v)->o); }
