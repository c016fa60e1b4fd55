struct p { int a; }; struct p g; BEGIN { trace(g.b); }
