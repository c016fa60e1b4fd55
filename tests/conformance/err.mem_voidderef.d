BEGIN { trace(*(void *)alloca(4)); }
