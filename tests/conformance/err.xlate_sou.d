struct in { int i; };
translator int < struct in *p > { };
BEGIN { exit(0); }
