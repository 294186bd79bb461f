#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a damaged copy of an ELF64 module: mutate.py IN OUT KIND [SEED].

Each KIND breaks exactly one thing the loader must check; 'fuzz' flips
random bytes (deterministic per SEED)."""
import random
import struct
import sys

src, dst, kind = sys.argv[1:4]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
b = bytearray(open(src, 'rb').read())
e = '>' if b[5] == 2 else '<'


def ehdr(field):
    off = {'type': 16, 'machine': 18, 'shoff': 40, 'shentsize': 58,
           'shnum': 60, 'shstrndx': 62}[field]
    return off, ('Q' if field == 'shoff' else 'H')


def setf(field, val):
    off, f = ehdr(field)
    struct.pack_into(e + f, b, off, val)


def getf(field):
    off, f = ehdr(field)
    return struct.unpack_from(e + f, b, off)[0]


def shdr(i):
    return getf('shoff') + i * 64


def sections():
    out = []
    for i in range(getf('shnum')):
        o = shdr(i)
        name, typ = struct.unpack_from(e + 'II', b, o)
        off, size, link, info = struct.unpack_from(e + 'QQII', b, o + 24)
        out.append(dict(i=i, o=o, type=typ, off=off, size=size, link=link))
    return out


def find(typ):
    return [s for s in sections() if s['type'] == typ][0]


if kind == 'empty':
    b = bytearray()
elif kind.startswith('trunc'):
    b = b[:int(kind[5:])]
elif kind == 'random':
    r = random.Random(seed)
    b = bytearray(r.getrandbits(8) for _ in range(len(b)))
elif kind == 'text':
    b = bytearray(b'this is not an ELF file\n' * 4)
elif kind == 'elf32':
    b[4] = 1
elif kind == 'machine':
    setf('machine', 3)
elif kind == 'exec':
    setf('type', 2)
elif kind == 'shoff':
    setf('shoff', len(b) + 100)
elif kind == 'shnum':
    setf('shnum', 0xff00)
elif kind == 'shentsize':
    setf('shentsize', 40)
elif kind == 'shstrndx':
    setf('shstrndx', getf('shnum') + 3)
elif kind == 'secoff':
    s = find(1)  # PROGBITS
    struct.pack_into(e + 'Q', b, s['o'] + 24, len(b) + 4096)
elif kind == 'secsize':
    s = find(1)
    struct.pack_into(e + 'Q', b, s['o'] + 32, 1 << 40)
elif kind == 'overlap':
    ss = [s for s in sections() if s['type'] not in (0, 8) and s['size']]
    struct.pack_into(e + 'Q', b, ss[1]['o'] + 24, ss[0]['off'])
elif kind == 'symlink':
    s = find(2)
    struct.pack_into(e + 'I', b, s['o'] + 40, 999)
elif kind == 'nosymtab':
    s = find(2)
    struct.pack_into(e + 'I', b, s['o'] + 4, 1)
elif kind == 'shstrterm':
    s = sections()[getf('shstrndx')]
    b[s['off'] + s['size'] - 1] = ord('x')
elif kind == 'relsym':
    s = find(4)
    struct.pack_into(e + 'Q', b, s['off'] + 8, (5000 << 32) | 1)
elif kind == 'reloff':
    s = find(4)
    struct.pack_into(e + 'Q', b, s['off'], 1 << 32)
elif kind == 'symshndx':
    s = find(2)
    # the first klp symbol: make its section index point past the table
    struct.pack_into(e + 'H', b, s['off'] + 2 * 24 + 6, 0x3000)
elif kind == 'symname':
    s = find(2)
    struct.pack_into(e + 'I', b, s['off'] + 2 * 24, 0x7fffffff)
elif kind == 'fuzz':
    r = random.Random(seed)
    for _ in range(r.randint(1, 8)):
        b[r.randrange(len(b))] = r.getrandbits(8)
else:
    sys.exit('unknown kind ' + kind)
open(dst, 'wb').write(b)
