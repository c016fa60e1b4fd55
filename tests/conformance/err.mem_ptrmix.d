BEGIN { this->a = (int *)alloca(4); this->a = (char *)alloca(4); }
