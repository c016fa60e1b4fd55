struct nope; BEGIN { trace(sizeof (struct nope)); }
