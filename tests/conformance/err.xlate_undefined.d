struct out { int a; int b; };
translator struct out < int I > { a = I; };
BEGIN { trace(xlate <struct out> (1).b); }
