struct out { int a; };
translator struct out < int I > { a = I; };
BEGIN { trace(xlate <struct out> (1)->a); }
