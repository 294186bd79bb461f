#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ci/kallsyms.py CONSOLE_LOG OUTDIR: decode the /proc/kallsyms dumps the
guest printed (ci/guest/init, dump_kallsyms) and write, per dump N:
OUTDIR/N.root (as root read it: real addresses, the loaded modules as
[name] lines) and OUTDIR/N.zero (the same with every address 0, what an
unprivileged user reads; the guest's md5sum of that view must match), and
OUTDIR/index.txt, one line per dump in console order:
    KO N ok|bad DETAIL
KO is the first patch the guest loaded against that state. Exit 0 even
when a dump is bad (ci/parse.py makes the `kallsyms` cell from the same
console); exit 2 on usage errors.

A dump on the console:
    KLPCI-KALLSYMS-BEGIN KO LINES MD5_ROOT MD5_NONROOT MOD,MOD,
    <gzip | base64, 76 columns>
    KLPCI-KALLSYMS-END KO
"""
import base64
import binascii
import gzip
import hashlib
import os
import re
import sys
import zlib

BEGIN = re.compile(r"KLPCI-KALLSYMS-BEGIN (\S+) (\d+) ([0-9a-f]{32}) "
                   r"([0-9a-f]{32}) (\S+)\s*$")
END = re.compile(r"KLPCI-KALLSYMS-END (\S+)\s*$")
B64 = re.compile(r"^[A-Za-z0-9+/=]+$")
ADDR = re.compile(r"^([0-9a-f]+)( )", re.M)


def zero(text):
    """what an unprivileged user reads: every address 0, same width"""
    return ADDR.sub(lambda m: "0" * len(m.group(1)) + " ", text)


def blocks(lines):
    """The dumps in console order: dicts with ko, lines, md5, md5_user,
    mods (list), first and last (line indices of the markers; last None
    if the end marker never came), data (the base64 lines)."""
    out = []
    cur = None
    for i, line in enumerate(lines):
        line = line.rstrip("\r\n")
        m = BEGIN.search(line)
        if m:
            cur = {"ko": m.group(1), "lines": int(m.group(2)),
                   "md5": m.group(3), "md5_user": m.group(4),
                   "mods": [x for x in m.group(5).split(",") if x],
                   "first": i, "last": None, "data": []}
            out.append(cur)
            continue
        if cur is None:
            continue
        m = END.search(line)
        if m:
            cur["last"] = i
            cur = None
            continue
        cur["data"].append(line.strip())
    return out


def inside(blks, lines):
    """the line indices that belong to a dump: its markers and base64
    lines (anything else in there is the kernel's, or a stray line)"""
    s = set()
    for b in blks:
        end = b["last"] if b["last"] is not None else len(lines)
        s.add(b["first"])
        s.update(i for i in range(b["first"] + 1, end)
                 if B64.match(lines[i].strip()))
        if b["last"] is not None:
            s.add(b["last"])
    return s


def decode(b):
    """(text, None) or (None, why): the root view, checked against the
    guest's line count and md5sums"""
    if b["last"] is None:
        return None, "no end marker (the guest stopped in the dump)"
    stray = [l for l in b["data"] if l and not B64.match(l)]
    if stray:
        return None, "a line that is not base64 inside the dump: %r" % \
            stray[0][:80]
    try:
        raw = gzip.decompress(base64.b64decode("".join(b["data"]),
                                               validate=True))
    except (binascii.Error, OSError, EOFError, zlib.error) as e:
        return None, "does not decode (%s)" % e
    if hashlib.md5(raw).hexdigest() != b["md5"]:
        return None, "md5sum differs from the guest's"
    text = raw.decode("ascii", errors="replace")
    if text.count("\n") != b["lines"]:
        return None, "%d lines, the guest counted %d" % (text.count("\n"),
                                                        b["lines"])
    return text, None


def check(b):
    """(ok, detail, root, zeroed): decode and check the premises the host
    checks rely on"""
    text, why = decode(b)
    if text is None:
        return False, why, None, None
    z = zero(text)
    bad = []
    addrs = ADDR.findall(text)
    if not addrs or all(int(a, 16) == 0 for a, _ in addrs):
        bad.append("every address is 0 although root read it")
    if hashlib.md5(z.encode()).hexdigest() != b["md5_user"]:
        bad.append("the unprivileged view is not the root view with "
                   "addresses 0")
    have = set(re.findall(r"\t\[(\S+)\]$", text, re.M))
    miss = [m for m in b["mods"] if m not in have]
    if miss:
        bad.append("no [%s] lines although loaded" % ",".join(miss))
    detail = "%d symbols, modules loaded: %s" % (
        b["lines"], ",".join(b["mods"]) or "none")
    if bad:
        return False, detail + "; " + "; ".join(bad), text, z
    return True, detail + "; unprivileged view = addresses 0", text, z


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    log, out = sys.argv[1], sys.argv[2]
    try:
        with open(log, errors="replace") as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    os.makedirs(out, exist_ok=True)
    idx = []
    for n, b in enumerate(blocks(lines), 1):
        ok, det, text, z = check(b)
        if text is not None:
            with open(os.path.join(out, "%d.root" % n), "w") as f:
                f.write(text)
            with open(os.path.join(out, "%d.zero" % n), "w") as f:
                f.write(z)
        idx.append("%s %d %s %s" % (b["ko"], n, "ok" if ok else "bad", det))
    with open(os.path.join(out, "index.txt"), "w") as f:
        f.write("".join(l + "\n" for l in idx))


if __name__ == "__main__":
    main()
