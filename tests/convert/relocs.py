#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""relocs.py FILE [MAP]: every relocation of FILE as GNU readelf shows it,
one line each, sorted:

    TARGET OFFSET TYPE SYMBOL ADDEND WHERE

TARGET is the relocated section (the relocation section's sh_info, from
readelf -SW), WHERE "klp:OBJ" for a relocation in a SHF_RELA_LIVEPATCH
section (readelf's flag "o") named .klp.rela.OBJ.*, else "plain" - so
that a converter's output can be compared with its input whatever it
names its sections. With MAP ("NAME KLPNAME" lines, from convert's JSON),
FILE is an input: each NAME is replaced by its KLPNAME and WHERE is what a
correct conversion gives it (klp:OBJ of the klp name in an allocated
section, else where it was).
"""
import re
import subprocess
import sys


def readelf(*args):
    return subprocess.run(["readelf", *args], check=True, capture_output=True,
                          text=True, env={"LC_ALL": "C"}).stdout


def sections(path):
    """index -> (name, flags, info)"""
    out = {}
    for line in readelf("-SW", path).splitlines():
        m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)\s+(.*)$", line)
        if not m or m.group(2) == "Name":
            continue
        f = m.group(3).split()
        # Type Address Off Size ES [Flg] Lk Inf Al
        flags = f[5] if len(f) == 9 else ""
        out[int(m.group(1))] = (m.group(2), flags, int(f[-2]))
    return out


def main():
    path = sys.argv[1]
    mapping = {}
    if len(sys.argv) > 2:
        for line in open(sys.argv[2]):
            if line.strip():
                name, klp = line.split()
                mapping[name] = klp
    secs = sections(path)
    by_name = {v[0]: (k, v) for k, v in secs.items()}
    rows = []
    where = target = None
    for line in readelf("-rW", path).splitlines():
        m = re.match(r"Relocation section '([^']*)'", line)
        if m:
            _, (name, flags, info) = by_name[m.group(1)]
            target = secs[info][0] if info in secs else "?%d" % info
            tflags = secs[info][1] if info in secs else ""
            km = re.match(r"\.klp\.rela\.([^.]*)", name)
            where = "klp:" + km.group(1) if "o" in flags and km else "plain"
            continue
        f = line.split()
        if len(f) < 4 or not re.fullmatch(r"[0-9a-f]{16}", f[0]) or \
                not f[2].startswith("R_"):
            continue
        if len(f) >= 7:
            sym, addend = f[4], f[5] + f[6]
        else:
            sym, addend = "-", f[-1]
        w = where
        if sym in mapping:
            sym = mapping[sym]
            if "A" in tflags:
                w = "klp:" + re.match(r"\.klp\.sym\.([^.]*)", sym).group(1)
        rows.append(" ".join([target, f[0], f[2], sym, addend, w]))
    print("\n".join(sorted(rows)))


main()
