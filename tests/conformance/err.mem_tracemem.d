BEGIN { tracemem(alloca(4), arg0); }
