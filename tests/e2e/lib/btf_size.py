"""Size of a struct in the kernel's BTF, read without libbpf (a cross-check
of dtr's BTF types): btf_size.py NAME [FILE]. Prints the size, or nothing."""
import struct
import sys

# bytes that follow the 12-byte struct btf_type, by kind (vlen entries)
EXTRA = {1: lambda v: 4, 3: lambda v: 12, 4: lambda v: 12 * v, 5: lambda v: 12 * v,
         6: lambda v: 8 * v, 13: lambda v: 8 * v, 14: lambda v: 4, 15: lambda v: 12 * v,
         17: lambda v: 4, 19: lambda v: 12 * v}


def main():
    name = sys.argv[1]
    data = open(sys.argv[2] if len(sys.argv) > 2 else "/sys/kernel/btf/vmlinux", "rb").read()
    magic, _, _, hdr_len, type_off, type_len, str_off, _ = struct.unpack_from("<HBBIIIII", data)
    if magic != 0xEB9F:
        return
    types, strs = hdr_len + type_off, hdr_len + str_off
    off = types
    while off < types + type_len:
        name_off, info, size = struct.unpack_from("<III", data, off)
        kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
        end = data.index(b"\0", strs + name_off)
        if kind == 4 and data[strs + name_off:end].decode() == name:
            print(size)
            return
        off += 12 + EXTRA.get(kind, lambda v: 0)(vlen)


main()
