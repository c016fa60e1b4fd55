#!/usr/bin/env python3
"""Seed corpora for the libFuzzer harnesses of tests/fuzz/ (make fuzz).

Usage: seeds.py OUTDIR   writes OUTDIR/fuzz_compile, fuzz_verify, fuzz_records.

fuzz_compile: the D programs of tests/conformance/*.d and scripts/*.d, the
  D snippets quoted in tests/e2e/*.sh (single-quoted text with a clause,
  and here-documents), and the C string literals of tests/unit/*.c that hold
  a clause.
fuzz_verify: hand-made clauses in the harness's input layout (see the top
  of fuzz_verify.c) touching every opcode family, subroutine, variable kind,
  aggregation and field; opcode, subroutine and built-in numbers are read
  from probevm/isa.h and probevm/pvm.h, so they follow the ISA.
fuzz_records: a well-formed sample for each decoder slot, with raw data,
  user registers and a user stack, from this process and another (see the
  top of fuzz_records.c)."""
import glob
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def put(outdir, data):
    if isinstance(data, str):
        data = data.encode()
    if not data:
        return
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), errors="replace") as f:
        return f.read()


def compile_seeds(out):
    for pat in ("tests/conformance/*.d", "scripts/*.d"):
        for p in glob.glob(os.path.join(ROOT, pat)):
            with open(p, "rb") as f:
                put(out, f.read())
    for p in glob.glob(os.path.join(ROOT, "tests/e2e/*.sh")):
        text = open(p, errors="replace").read()
        for m in re.finditer(r"'([^']*)'", text):
            if "{" in m.group(1) and "}" in m.group(1):
                put(out, m.group(1))
        for m in re.finditer(r"<<-?'?(\w+)'?\n(.*?)\n\s*\1\n", text, re.S):
            if "{" in m.group(2):
                put(out, m.group(2))
    for p in glob.glob(os.path.join(ROOT, "tests/unit/*.c")):
        text = open(p, errors="replace").read()
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
            s = m.group(1)
            if "{" in s and "}" in s:
                try:
                    put(out, bytes(s, "utf-8").decode("unicode_escape"))
                except UnicodeDecodeError:
                    pass


def xnames(header, macro, pattern):
    body = read(header).split("#define " + macro, 1)[1]
    body = body.split("\n\n", 1)[0]
    return re.findall(pattern, body)


OPS = {n: i for i, n in enumerate(xnames("probevm/isa.h", "PVM_ISA(X)", r"X\((\w+),"))}
SUBRS = xnames("probevm/pvm.h", "PVM_SUBRS(X)", r'X\((\w+), "\w+", (PT_\w+), (\d+), (\d+), "(\w*)"\)')
BUILTINS = xnames("probevm/pvm.h", "PVM_BUILTINS(X)", r'X\((\w+), "\w+", (PT_\w+)\)')
PVM_SIGNED = 0x100

# the tables of fuzz_verify.c
G, GS, T, TS, L, LS, AI, AS, AIS, TSOU, AK, TBIG = range(12)
AGG_KEYS = ["", "i", "s", "is", "", "i", "", "i", "s", "k", ""]


def insn(op, a=0, b=0, c=0, imm=0):
    """One instruction in the harness's 4-byte encoding (8 with a 32-bit imm)."""
    o = OPS[op]
    if 0 <= imm <= 255:
        return bytes([o, a | b << 4, c, imm])
    if imm & ~0xff == PVM_SIGNED:
        return bytes([o, a | b << 4, c | 10 << 4, imm & 0xff])
    if -128 <= imm < 0:
        return bytes([o, a | b << 4, c | 11 << 4, imm & 0xff])
    return bytes([o, a | b << 4, c | 15 << 4, 0]) + struct.pack("<i", imm)


def raw_record():
    r = bytearray(64)
    struct.pack_into("<i", r, 0, -7)
    struct.pack_into("<q", r, 8, 0x1122334455667788)
    r[4:12] = b"fuzzcomm"
    struct.pack_into("<I", r, 12, 8 << 16 | 40)   # __data_loc: 8 bytes at 40
    struct.pack_into("<I", r, 16, 6 << 16 | 28)   # __rel_loc: 6 bytes at 20 + 28
    r[40:48] = b"dataloc\0"
    r[48:54] = b"relloc"
    return bytes(r)


def verify_prog(code, consts=(), strsize_idx=5, ctx=True, firings=2):
    h = bytes([12 | 11 << 4,
               7 | len(consts) << 3 | (0x80 if ctx else 0),
               7 | 3 << 3 | 3 << 5,
               strsize_idx | 3 << 3 | 3 << 5,
               64, 5, 3, firings - 1])
    return h + b"".join(struct.pack("<q", k) for k in consts) + raw_record() + b"".join(code)


def push_keys(keys, reg=1):
    code = []
    for k in keys:
        if k == "i":
            code += [insn("LDI", reg, imm=3), insn("PUSHI", reg)]
        elif k == "s":
            code += [insn("LDS", reg, imm=2), insn("PUSHS", reg)]
        else:
            code += [insn("STK", reg, imm=4 << 1), insn("PUSHK", reg)]
        reg += 1
    return code


def verify_seeds(out):
    progs = []
    # every subroutine, with its fewest and its most arguments
    for i, (name, ret, mn, mx, types) in enumerate(SUBRS):
        for n in sorted({int(mn), int(mx)}):
            code = [insn("LDGA", 9, imm=0), insn("LDI", 8, imm=16), insn("STM", 8, 9, imm=8)]
            regs = []
            for k, t in enumerate(types[:n]):
                r = 1 + k
                if t == "s":
                    code.append(insn("LDS", r, imm=[2, 3, 5][k % 3]))
                elif name in ("BCOPY", "COPYINTO", "INET_NTOA", "INET_NTOA6") or \
                        (name == "INET_NTOP" and k == 1):
                    code.append(insn("LDGA", r, imm=8 * k))
                elif name == "INET_NTOP" and k == 0:
                    code.append(insn("LDI", r, imm=2))
                else:
                    code.append(insn("LDI", r, imm=[4, 16, 2][k % 3]))
                regs.append((r, t))
            code += [insn("PUSHS" if t == "s" else "PUSHI", r) for r, t in regs]
            code.append(insn("CALL", 0, imm=i))
            code.append(insn("TRACES" if ret == "PT_STR" else "TRACEI", 0, imm=0 if ret == "PT_STR" else 8))
            progs.append(code)
    # strtok twice: the saved string
    progs.append([insn("LDS", 1, imm=3), insn("LDS", 2, imm=1), insn("PUSHS", 1), insn("PUSHS", 2),
                  insn("CALL", 3, imm=[s[0] for s in SUBRS].index("STRTOK")), insn("PUSHS", 2),
                  insn("CALL", 4, imm=[s[0] for s in SUBRS].index("STRTOK"))])
    # variables of every scope
    progs.append([insn("LDI", 1, imm=5), insn("STG", 1, imm=G), insn("LDG", 2, imm=G), insn("TRACEI", 2, imm=8),
                  insn("LDS", 3, imm=2), insn("STG", 3, imm=GS), insn("LDG", 4, imm=GS), insn("TRACES", 4)])
    progs.append([insn("LDI", 1, imm=5), insn("STT", 1, imm=T), insn("LDT", 2, imm=T), insn("DEL", imm=T),
                  insn("LDS", 3, imm=5), insn("STT", 3, imm=TS), insn("LDT", 4, imm=TS), insn("TRACES", 4)])
    progs.append([insn("LDI", 1, imm=5), insn("STL", 1, imm=L), insn("LDL", 2, imm=L), insn("TRACEI", 2, imm=4),
                  insn("LDS", 3, imm=4), insn("STL", 3, imm=LS), insn("LDL", 4, imm=LS), insn("TRACES", 4)])
    for var, keys, val in ((AI, "i", ("LDI", 7)), (AS, "s", ("LDS", 2)), (AIS, "is", ("LDI", 9)),
                           (AK, "k", ("LDI", 1))):
        progs.append([insn(val[0], 0, imm=val[1])] + push_keys(keys) + [insn("STA", 0, imm=var)] +
                     push_keys(keys) + [insn("LDA", 5, imm=var)] + push_keys(keys) + [insn("DEL", imm=var)])
    for var in (TSOU, TBIG):
        progs.append([insn("LDTA", 1, imm=var), insn("LDI", 2, imm=7), insn("STM", 2, 1, imm=8),
                      insn("LDM", 3, 1, imm=4 | PVM_SIGNED), insn("TRACEI", 3, imm=4 | PVM_SIGNED),
                      insn("LDI", 4, imm=24), insn("TRACEM", 1, 4, imm=0), insn("STRM", 5, 1, imm=0),
                      insn("TRACES", 5)])
    # memory: global, clause-local, alloca'd
    progs.append([insn("LDGA", 1, imm=4), insn("LDLA", 2, imm=0), insn("LDI", 3, imm=0x41),
                  insn("STM", 3, 1, imm=1), insn("STM", 3, 2, imm=2), insn("LDM", 4, 2, imm=2),
                  insn("STRM", 5, 1, imm=3), insn("TRACES", 5), insn("LDI", 6, imm=16), insn("TRACEM", 2, 6, imm=1)])
    # aggregations
    for i, keys in enumerate(AGG_KEYS):
        progs.append(push_keys(keys) + [insn("LDI", 6, imm=-3), insn("LDI", 7, imm=1),
                                        insn("AGG", 7, 6, imm=i)])
    # fields of the raw record
    for f in range(6):
        progs.append([insn("LDX", 1, imm=f), insn("MOV", 2, 1)])
    progs.append([insn("LDX", 1, imm=2), insn("LDX", 2, imm=3), insn("SCMP", 3, 1, 2), insn("TRACEI", 3, imm=8)])
    # built-in variables
    for i, (name, t) in enumerate(BUILTINS):
        progs.append([insn("LDB", 1, imm=i), insn("TRACES" if t == "PT_STR" else "TRACEI", 1,
                                                  imm=0 if t == "PT_STR" else 8)])
    # arithmetic on 64-bit constants, extensions, comparisons, jumps
    alu = ["ADD", "SUB", "MUL", "SDIV", "UDIV", "SREM", "UREM", "AND", "OR", "XOR", "SHL", "SHR", "SAR",
           "EQ", "NE", "LT", "LE", "LTU", "LEU"]
    code = [insn("LDK", 1, imm=0), insn("LDK", 2, imm=1)]
    for k, op in enumerate(alu):
        code.append(insn(op, 3 + k % 10, 1, 2))
    code += [insn("NEG", 3, 1), insn("NOT", 4, 1), insn("LNOT", 5, 1), insn("SEXT", 1, imm=1),
             insn("ZEXT", 2, imm=2), insn("SEXT", 2, imm=4)]
    progs.append((code, (-(1 << 63), -1)))
    progs.append([insn("LDI", 1, imm=0), insn("JZ", 1, imm=2), insn("LDI", 2, imm=1), insn("JMP", imm=1),
                  insn("LDI", 2, imm=2), insn("JNZ", 1, imm=1), insn("NOP"), insn("STK", 3, imm=3),
                  insn("TRACEK", 3), insn("SYMV", 4, 1, imm=2 << 1 | 1), insn("TRACEK", 4)])
    # printf, actions, exit
    progs.append(push_keys("is") + [insn("PRINTF", imm=2)] + push_keys("ik") + [insn("ACT", imm=1),
                                                                                insn("EXIT", 1)])
    for p in progs:
        code, consts = p if isinstance(p, tuple) else (p, ())
        put(out, verify_prog(code, consts))
        put(out, verify_prog(code, consts, strsize_idx=0, ctx=False, firings=1))
    # the same program as raw 8-byte instructions
    raw = bytes([12 | 11 << 4, 7 | 0x40, 7, 5, 0, 0, 0, 0]) + struct.pack(
        "<BBBBi", OPS["LDI"], 1, 0, 0, 7) + struct.pack("<BBBBi", OPS["TRACEI"], 1, 0, 0, 8) + \
        struct.pack("<BBBBi", OPS["RET"], 0, 0, 0, 0)
    put(out, raw)


def records_seeds(out):
    for pid in (0, 4242):                        # 0: the harness's own process
        body = bytearray()
        body += struct.pack("<Q", 1)             # identifier
        body += struct.pack("<ii", pid, pid)     # pid, tid (the harness XORs its pid in)
        body += struct.pack("<Q", 123456789)     # time
        body += struct.pack("<II", 1, 0)         # cpu, res
        raw = bytearray(68)                      # a zero uprobe id at 16 picks point 0
        struct.pack_into("<I", raw, 24, 8 << 16 | 40)
        struct.pack_into("<q", raw, 16, 0)
        body += struct.pack("<I", len(raw)) + raw
        body += bytes((-(4 + len(raw))) % 8)     # padded to 8
        regs = [0] * 17
        regs[7] = 0x7ffc0000                     # sp
        regs[8] = 0x401000                       # ip
        body += struct.pack("<Q", 2) + b"".join(struct.pack("<Q", r) for r in regs)
        stack = bytes(range(256)) * 2
        body += struct.pack("<Q", len(stack)) + stack + struct.pack("<Q", len(stack))
        for dec in range(0, 30):
            put(out, bytes([0, dec]) + body)
        chain = struct.pack("<Q", 4) + struct.pack("<4Q", (1 << 64) - 128, 0xffffffff81000000,
                                                   (1 << 64) - 512, 0x401000)
        fixed = bytes(body[:32])
        for dec in (0, 1, 5):
            put(out, bytes([0x1f, dec]) + fixed[:8] + struct.pack("<Q", 0x401000) + fixed[8:] +
                chain + bytes(body[32:]))


def main():
    out = sys.argv[1]
    for name, fn in (("fuzz_compile", compile_seeds), ("fuzz_verify", verify_seeds),
                     ("fuzz_records", records_seeds)):
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        fn(d)
        print("%s: %d seeds" % (name, len(os.listdir(d))))


if __name__ == "__main__":
    main()
