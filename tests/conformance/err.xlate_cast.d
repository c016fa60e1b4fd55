struct in { int ii; };
struct out { int oi; };
translator struct out < struct in *i > { oi = i->ii; };
struct in *f;
BEGIN { trace((uintptr_t)xlate <struct out *> (f)); }
