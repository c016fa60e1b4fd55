struct q { int a; }; self struct q s; BEGIN { }
