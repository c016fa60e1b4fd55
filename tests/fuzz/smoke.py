#!/usr/bin/env python3
"""Compile-and-run smoke fuzzing: random token soups over D's syntax,
weighted towards types, pointers, structs and actions, each run with a
sanitized dtr. A case passes when dtr exits 0 or 1 (compiled and ran, or
refused with an error) without a sanitizer report, a crash or a verifier
rejection (a program the compiler accepted must verify).

Usage: smoke.py DTR [COUNT [SEED]]; ends with "N passed, N failed".
The seed is fixed by default, so the same programs run every time."""
import random
import subprocess
import sys
import tempfile

TOKENS = ["struct", "union", "enum", "typedef", "translator", "xlate", "<", ">", "{", "}", "(", ")",
          "[", "]", ";", ",", "*", "&", "->", ".", "=", "+", "-", "int", "char", "long", "string",
          "this", "self", "x", "1", "0", "4", "sizeof", "offsetof", "stringof", "alloca(8)",
          "copyin(arg0, 4)", "print(", "tracemem(", "trace(", "\"str\"", "?", ":", "!", "args",
          "curpsinfo", "fds", "inet_ntop", "bcopy", "uint8_t", "void", "@a[", "] = sum(", "count()",
          "[0]", "++", "g.a", "g.n", "g.p", "(&g)", "(struct s *)", "s_t", "->a", "->n", "->p", ".a",
          ".n[1]", "stack()", "sym(0)", "y[1]", "self->v", "this->w", "printf(\"%d\", ", "execname",
          "timestamp", "printa(@a)"]
PREFIXES = ["", "struct s { int a; char n[4]; struct s *p; };\n",
            "struct s { int a; char n[4]; struct s *p; };\ntypedef struct s s_t;\nstruct s g;\n"]


def main():
    dtr = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261125)
    passed = failed = 0
    with tempfile.NamedTemporaryFile("w", suffix=".d") as f:
        for _ in range(count):
            body = " ".join(rnd.choice(TOKENS) for _ in range(rnd.randint(1, 14)))
            prog = rnd.choice(PREFIXES) + "BEGIN { %s; }\nBEGIN { exit(0); }\n" % body
            f.seek(0)
            f.truncate()
            f.write(prog)
            f.flush()
            try:
                r = subprocess.run([dtr, "-q", "-s", f.name], capture_output=True, timeout=30)
                err = r.stderr.decode(errors="replace")
                bad = (r.returncode not in (0, 1) or "Sanitizer" in err or "runtime error" in err
                       or "failed to verify" in err)
            except subprocess.TimeoutExpired:
                bad, err = True, "timed out"
            if bad:
                failed += 1
                print("FAIL  %r\n      %s" % (prog, err.strip()[-600:]))
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
