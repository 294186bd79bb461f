#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""mangle.py IN OUT SEED: a damaged copy of an ELF64 module, aimed at what
convert reads and rewrites rather than at code bytes: the ELF header, the
section headers, the symbol and string tables, relocations, groups and
the .klpreloc.syms annotations. Deterministic per SEED. Each run damages
one or a few fields, by a random byte, an extreme value or an index just
past the end.
"""
import random
import struct
import sys

src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
b = bytearray(open(src, "rb").read())
r = random.Random(seed)
e = ">" if b[5] == 2 else "<"
shoff = struct.unpack_from(e + "Q", b, 40)[0]
shnum = struct.unpack_from(e + "H", b, 60)[0]
shstrndx = struct.unpack_from(e + "H", b, 62)[0]

secs = []
for i in range(shnum):
    o = shoff + 64 * i
    name, typ, flags, addr, off, size, link, info, align, ent = \
        struct.unpack_from(e + "IIQQQQIIQQ", b, o)
    secs.append(dict(i=i, hdr=o, name=name, type=typ, off=off, size=size))

strtab = secs[shstrndx]


def secname(s):
    o = strtab["off"] + s["name"]
    return bytes(b[o:b.index(0, o)]).decode("latin-1")


def regions():
    """(start, length, entry size) of what convert reads"""
    out = [(0, 64, 1), (shoff, 64 * shnum, 64)]
    for s in secs:
        if s["type"] in (2, 3, 4, 17) or secname(s) == ".klpreloc.syms":
            ent = {2: 24, 4: 24, 17: 4}.get(s["type"], 1)
            if s["size"] and s["off"] + s["size"] <= len(b):
                out.append((s["off"], s["size"], ent))
    return out


EXTREME = [0, 1, 0x7f, 0x80, 0xff]
for _ in range(r.randint(1, 4)):
    start, length, ent = r.choice(regions())
    how = r.random()
    if how < 0.5:
        b[start + r.randrange(length)] = r.getrandbits(8)
    elif how < 0.8:
        b[start + r.randrange(length)] = r.choice(EXTREME)
    else:
        # a 16- or 32-bit field of one entry set to just past a limit
        at = start + ent * r.randrange(max(1, length // ent))
        width = r.choice([2, 4])
        at += r.randrange(max(1, min(ent, length) - width + 1))
        if at + width <= len(b):
            v = r.choice([shnum, shnum + 1, 0xff20, 0xfff1, 0xffff,
                          len(b), 0xffffffff])
            struct.pack_into(e + ("H" if width == 2 else "I"), b, at,
                             v & (0xffff if width == 2 else 0xffffffff))
open(dst, "wb").write(b)
