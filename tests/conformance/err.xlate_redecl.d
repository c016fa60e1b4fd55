struct in { int i; };
struct out { int o; };
translator struct out < struct in *p > { o = p->i; };
translator struct out < struct in *q > { o = q->i + 1; };
BEGIN { exit(0); }
