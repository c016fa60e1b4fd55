BEGIN { this->s = ustack(); }
