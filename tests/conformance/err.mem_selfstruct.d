struct s { int a; }; self struct s x;
