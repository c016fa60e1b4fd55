struct out { int a; };
translator struct out < int I > { a = I; b = I; };
