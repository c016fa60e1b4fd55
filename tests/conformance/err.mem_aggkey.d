struct s { int a; }; struct s g; BEGIN { @[g] = count(); }
