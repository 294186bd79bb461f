#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ci/conformance.py ARCH CONSOLE_LOG OWN_DIR KALLSYMS_DIR OUTDIR
[--cycles N] [--klpreloc PATH] [--arch-opt ARCH.NAME=VALUE]...

The host side of the byte conformance (Documentation/conformance.md): for
every record the guest's samples/livepatch/conformance.sh printed (a patch
at a stage: load, unload, reload-K, notarget, late), run `klpreloc apply`
with the guest's layout (the record's `mem` lines), the guest's symbols
(its root /proc/kallsyms dump, KALLSYMS_DIR from ci/kallsyms.py, with the
target module's lines as the guest printed them at that stage) and the
target's .ko, and hold the bytes it predicts against the bytes the kernel
wrote: every klp relocation site (the relocation's own width), every
PLT / stub / GOT entry, every klp symbol's value, and, for the records
with the layout, every section address.

Writes OUTDIR/conformance.tsv (one line per compared site, entry and
symbol: module, stage, section, offset, type, predicted, kernel, verdict
ok|differ|excluded, note), OUTDIR/cells.tsv (result rows for ci/parse.py:
check, status, detail), OUTDIR/summary.tsv (for ci/report.py) and, under
OUTDIR/apply/, each distinct apply run (cmd.txt, out.txt, the output).
Exit 0 whatever the comparison found (the cells say it), 2 on usage
errors.

Bytes that other kernel mechanisms rewrite after relocation (ftrace,
alternatives, jump labels, static calls, ...) are excluded only by a rule
of ci/conformance-exclusions.txt, and every excluded site is listed.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys

CI = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(CI, "conformance-exclusions.txt")
TARGET = "klpreloc_target"
STAGE_CELLS = ["load", "unload", "reload", "notarget", "late"]
# apply's errors that mean "the kernel accepts this, broken": the stage's
# bytes are still what that kernel holds (apply --write-anyway writes
# them); any other error where the guest's kernel loaded is a red cell
ACCEPTED_BROKEN = {
    "s390-stale-slot": "s390 keeps a klp symbol's GOT/PLT slot from the "
    "first apply (got_initialized/plt_initialized stay set, no "
    "clear_relocate_add() in 6.12): the prediction is of the stale slot",
}

# Relocation types: ARCH -> {type: (name, width in bytes)}. The width is
# the field the relocation writes; ppc64 REL24 adds the instruction after
# the `bl` (the nop the loader turns into the TOC restore).
TYPES = {
    "x86_64": {1: ("R_X86_64_64", 8), 2: ("R_X86_64_PC32", 4),
               4: ("R_X86_64_PLT32", 4), 10: ("R_X86_64_32", 4),
               11: ("R_X86_64_32S", 4), 24: ("R_X86_64_PC64", 8)},
    "arm64": dict([(257, ("R_AARCH64_ABS64", 8)),
                   (258, ("R_AARCH64_ABS32", 4)),
                   (259, ("R_AARCH64_ABS16", 2)),
                   (260, ("R_AARCH64_PREL64", 8)),
                   (261, ("R_AARCH64_PREL32", 4)),
                   (262, ("R_AARCH64_PREL16", 2)),
                   (274, ("R_AARCH64_ADR_PREL_LO21", 4)),
                   (275, ("R_AARCH64_ADR_PREL_PG_HI21", 4)),
                   (276, ("R_AARCH64_ADR_PREL_PG_HI21_NC", 4)),
                   (277, ("R_AARCH64_ADD_ABS_LO12_NC", 4)),
                   (278, ("R_AARCH64_LDST8_ABS_LO12_NC", 4)),
                   (279, ("R_AARCH64_TSTBR14", 4)),
                   (280, ("R_AARCH64_CONDBR19", 4)),
                   (282, ("R_AARCH64_JUMP26", 4)),
                   (283, ("R_AARCH64_CALL26", 4)),
                   (284, ("R_AARCH64_LDST16_ABS_LO12_NC", 4)),
                   (285, ("R_AARCH64_LDST32_ABS_LO12_NC", 4)),
                   (286, ("R_AARCH64_LDST64_ABS_LO12_NC", 4)),
                   (299, ("R_AARCH64_LDST128_ABS_LO12_NC", 4))] +
                  [(t, ("R_AARCH64_MOVW_%d" % t, 4))
                   for t in range(263, 274)]),
    "ppc64le": {1: ("R_PPC64_ADDR32", 4), 4: ("R_PPC64_ADDR16_LO", 2),
                5: ("R_PPC64_ADDR16_HI", 2), 6: ("R_PPC64_ADDR16_HA", 2),
                10: ("R_PPC64_REL24", 8), 26: ("R_PPC64_REL32", 4),
                38: ("R_PPC64_ADDR64", 8), 44: ("R_PPC64_REL64", 8),
                47: ("R_PPC64_TOC16", 2), 48: ("R_PPC64_TOC16_LO", 2),
                49: ("R_PPC64_TOC16_HI", 2), 50: ("R_PPC64_TOC16_HA", 2),
                51: ("R_PPC64_TOC", 8), 63: ("R_PPC64_TOC16_DS", 2),
                64: ("R_PPC64_TOC16_LO_DS", 2)},
    "s390x": {4: ("R_390_32", 4), 5: ("R_390_PC32", 4),
              7: ("R_390_GOT32", 4), 8: ("R_390_PLT32", 4),
              16: ("R_390_PC16", 2), 17: ("R_390_PC16DBL", 2),
              18: ("R_390_PLT16DBL", 2), 19: ("R_390_PC32DBL", 4),
              20: ("R_390_PLT32DBL", 4), 21: ("R_390_GOTPCDBL", 4),
              22: ("R_390_64", 8), 23: ("R_390_PC64", 8),
              24: ("R_390_GOT64", 8), 25: ("R_390_PLT64", 8),
              26: ("R_390_GOTENT", 4)},
}
# the size of one entry of the arch's PLT / stub / GOT areas
ENTRY_SIZE = {"plt": {"arm64": 12, "s390x": 22}, "stub": {"ppc64le": 40},
              "got": {"s390x": 8}}

KLPCI_END = "KLPCI-END"
CONF = re.compile(r"^KLPCONF: (\S+?):(\S+) (pass|fail|skip) ?(.*)$")
ALLSKIP = re.compile(r"^KLPCONF: all skip ?(.*)$")
SYMS = re.compile(r"^klpsyms: (\S+) (.*)$")
BEGIN = re.compile(r"^klpdump: begin (\d+):(\S+) (\S+)$")
END = re.compile(r"^klpdump: end (\d+):(\S+) (\S+)$")
LINE = re.compile(r"^klpdump: (\d+):(\S+) (\S+) (mem|sec|sym|site|area|plt|"
                  r"stub|got) (.*)$")
LOST = re.compile(r"^klpdump: lost (\d+) lines")
TIME = re.compile(r"^KLPCONF-TIME: ([0-9.]+) s$")


# ---------------------------------------------------------------- the ELF
class Elf:
    """just enough of an ELF64 relocatable: sections, symbols, relas"""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.raw = f.read()
        d = self.raw
        if d[:4] != b"\x7fELF" or d[4] != 2:
            raise ValueError("%s: not an ELF64 file" % path)
        self.e = "<" if d[5] == 1 else ">"
        (shoff,) = struct.unpack_from(self.e + "Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(self.e + "HHH", d,
                                                        0x3a)
        self.secs = []
        for i in range(shnum):
            v = struct.unpack_from(self.e + "IIQQQQIIQQ", d,
                                   shoff + i * shentsize)
            self.secs.append({"name_off": v[0], "type": v[1], "flags": v[2],
                              "offset": v[4], "size": v[5], "link": v[6],
                              "info": v[7], "entsize": v[9]})
        strs = self.secs[shstrndx]
        for s in self.secs:
            s["name"] = self.cstr(strs["offset"] + s["name_off"])
        self.syms = []
        for s in self.secs:
            if s["type"] == 2:     # SHT_SYMTAB
                for o in range(s["offset"], s["offset"] + s["size"], 24):
                    name, info, other, shndx, value, size = \
                        struct.unpack_from(self.e + "IBBHQQ", d, o)
                    self.syms.append({"shndx": shndx, "value": value})

    def cstr(self, off):
        return self.raw[off:self.raw.index(b"\0", off)].decode(
            "ascii", "replace")

    def by_name(self, name):
        return [i for i, s in enumerate(self.secs) if s["name"] == name]

    def data(self, i):
        s = self.secs[i]
        return self.raw[s["offset"]:s["offset"] + s["size"]]

    def relas(self, target):
        """(r_offset, sym, type, addend) of every SHT_RELA for section
        index target"""
        out = []
        for s in self.secs:
            if s["type"] != 4 or s["info"] != target:
                continue
            for o in range(s["offset"], s["offset"] + s["size"], 24):
                off, info, add = struct.unpack_from(self.e + "QQq",
                                                    self.raw, o)
                out.append((off, info >> 32, info & 0xffffffff, add))
        return out


# where an entry of the arch's PLT / stub / GOT areas keeps its target
# address: kind -> arch -> (offset, byte order)
ENTRY_TARGET = {"stub": {"ppc64le": (32, "<")}, "plt": {"s390x": (14, ">")},
                "got": {"s390x": (0, ">")}}


def read_rules(arch, path=RULES):
    """the exclusion rules of ARCH: for sites, dicts mech, section,
    entsize, field, start, length (int, or ('@', offset) for a u8 length
    field), why; for entries ("entry" lines), dicts mech, entry (the
    kind), symbols, why; for symbols ("symbol" lines), dicts mech, symsec
    (the patch's section they are defined in), why"""
    rules = []
    try:
        with open(path) as f:
            for n, line in enumerate(f, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                p = line.rstrip("\n").split(None, 7)
                if len(p) >= 3 and p[2] == "symbol":
                    q = line.rstrip("\n").split(None, 4)
                    if len(q) < 5:
                        raise ValueError("%s:%d: want ARCH MECHANISM symbol "
                                         "SECTION REASON" % (path, n))
                    if q[0] == arch:
                        rules.append({"mech": q[1], "symsec": q[3],
                                      "why": q[4]})
                    continue
                if len(p) >= 5 and p[2] == "entry":
                    q = line.rstrip("\n").split(None, 5)
                    if len(q) < 6 or q[3] not in ENTRY_TARGET:
                        raise ValueError("%s:%d: want ARCH MECHANISM entry "
                                         "KIND SYMBOL[,SYMBOL] REASON" %
                                         (path, n))
                    if q[0] == arch:
                        rules.append({"mech": q[1], "entry": q[3],
                                      "symbols": q[4].split(","),
                                      "why": q[5]})
                    continue
                if len(p) < 8:
                    raise ValueError("%s:%d: want ARCH MECHANISM SECTION "
                                     "ENTSIZE FIELD START LEN REASON" %
                                     (path, n))
                if p[0] != arch:
                    continue
                ln = ("@", int(p[6][1:], 0)) if p[6].startswith("@") else \
                    int(p[6], 0)
                rules.append({"mech": p[1], "section": p[2],
                              "entsize": int(p[3], 0),
                              "field": int(p[4], 0), "start": int(p[5], 0),
                              "length": ln, "why": p[7]})
    except FileNotFoundError:
        pass
    return rules


def excluded_ranges(elf, rules):
    """{section name: [(start, end, rule)]}: the bytes each rule's
    mechanism may rewrite, located through the relocations of the rule's
    section in the .ko"""
    out = {}
    for r in rules:
        if "entry" in r or "symsec" in r:
            continue
        for si in elf.by_name(r["section"]):
            data = elf.data(si)
            for off, sym, _, add in elf.relas(si):
                if off % r["entsize"] != r["field"]:
                    continue
                entry = off - r["field"]
                if sym >= len(elf.syms):
                    continue
                s = elf.syms[sym]
                if not 0 < s["shndx"] < len(elf.secs):
                    continue
                at = s["value"] + add + r["start"]
                ln = r["length"]
                if isinstance(ln, tuple):
                    o = entry + ln[1]
                    ln = data[o] if o < len(data) else 0
                name = elf.secs[s["shndx"]]["name"]
                out.setdefault(name, []).append((at, at + ln, r))
    return out


# ------------------------------------------------------------ the console
def trusted(lines):
    """the console lines before the guest's end marker, without \\r"""
    out = []
    for line in lines:
        line = line.rstrip("\r\n").replace("\r", "")
        if KLPCI_END in line and not line.startswith("  | "):
            break
        out.append(line)
    return out


def parse_guest(lines):
    """What conformance.sh printed: a dict with
    text: the kernel's `klpsyms: -` lines; allskip: the reason or None;
    ended: `KLPCONF: end` seen; order: [(patch, stage)] as the results
    came; result: {(patch, stage): (status, detail)}; records:
    {(patch, stage): record}; lost: lines the reader dropped.
    A record: complete (its end line seen), placement (the target's
    kallsyms lines in effect), and per patch name the lines by kind."""
    g = {"text": [], "allskip": None, "ended": False, "order": [],
         "result": {}, "records": {}, "lost": 0, "seconds": None,
         "other": []}
    place, place_tag = [], None
    cur = None
    for line in lines:
        if line == "KLPCONF: end":
            g["ended"] = True
            continue
        m = TIME.match(line)
        if m:
            g["seconds"] = m.group(1)
            continue
        m = ALLSKIP.match(line)
        if m:
            g["allskip"] = m.group(1)
            continue
        m = CONF.match(line)
        if m:
            key = (m.group(1), m.group(2))
            if key not in g["result"]:
                g["order"].append(key)
            # a failure of the stage (a failed rmmod before it, a failed
            # unload after it) sticks
            old = g["result"].get(key)
            if old and old[0] == "fail":
                g["result"][key] = (old[0], old[1] + "; then: " +
                                    m.group(3) + " " + m.group(4))
            else:
                g["result"][key] = (m.group(3), m.group(4))
            continue
        if line.startswith("KLPCONF: "):
            g["other"].append(line[len("KLPCONF: "):])
            continue
        m = SYMS.match(line)
        if m:
            if m.group(1) == "-":
                g["text"].append(m.group(2))
            else:
                if m.group(1) != place_tag:
                    place, place_tag = [], m.group(1)
                place.append(m.group(2))
            continue
        m = LOST.match(line)
        if m:
            g["lost"] += int(m.group(1))
            continue
        m = BEGIN.match(line)
        if m:
            tag = m.group(2)
            p, _, st = tag.partition(":")
            cur = {"seq": m.group(1), "tag": tag, "complete": False,
                   "placement": list(place), "patches": {}}
            if st:
                g["records"][(p, st)] = cur
            continue
        m = END.match(line)
        if m and cur is not None and m.group(1) == cur["seq"]:
            cur["complete"] = True
            cur = None
            continue
        m = LINE.match(line)
        if m and cur is not None and m.group(1) == cur["seq"]:
            pl = cur["patches"].setdefault(m.group(3), {})
            pl.setdefault(m.group(4), []).append(m.group(5).split())
    return g


def placement(lines):
    """{name: [addr, ...]} of the target's kallsyms lines"""
    out = {}
    for l in lines:
        p = l.split()
        if len(p) >= 3:
            out.setdefault(p[2], []).append(int(p[0], 16))
    return out


def shift_between(a, b):
    """the one distance every symbol both placements list lies from a to
    b (a read of /proc/kallsyms right after a load may still show the
    module's init symbols: they are not compared), or None"""
    pa, pb = placement(a), placement(b)
    d = set()
    for n in set(pa) & set(pb):
        if len(pa[n]) != len(pb[n]):
            return None
        d.update(y - x for x, y in zip(pa[n], pb[n]))
    return d.pop() if len(d) == 1 else None


# ------------------------------------------------------------- the apply
class Prediction:
    """one `klpreloc apply` run and what it wrote"""

    def __init__(self, outdir):
        self.dir = outdir
        self.rc = None
        self.out = ""
        self.errors = []
        self.mem = {}       # region -> (base, size)
        self.secs = []      # (name, addr, size)
        self.syms = {}      # name -> value

    def load(self):
        lay = os.path.join(self.dir, "out", "layout.txt")
        if not os.path.exists(lay):
            return False
        with open(lay) as f:
            for line in f:
                p = line.split()
                if len(p) == 4 and p[0] == "mem":
                    self.mem[p[1]] = (int(p[2], 16), int(p[3], 16))
                elif len(p) == 4 and p[0] == "sec":
                    self.secs.append((p[1], int(p[2], 16), int(p[3], 16)))
        with open(os.path.join(self.dir, "out", "symbols.txt")) as f:
            for line in f:
                p = line.split()
                if len(p) == 3:
                    self.syms[p[2]] = int(p[1], 16)
        return True

    def section(self, name):
        p = os.path.join(self.dir, "out", "sections",
                         name.replace("/", "_") + ".bin")
        try:
            with open(p, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return None

    def at(self, addr, n):
        """n bytes at run-time address addr, from apply's regions"""
        for r, (base, size) in self.mem.items():
            if base <= addr < base + size:
                with open(os.path.join(self.dir, "out", "mem",
                                       r + ".bin"), "rb") as f:
                    f.seek(addr - base)
                    return f.read(n)
        return None

    def region_of(self, addr):
        for r, (base, size) in self.mem.items():
            if base <= addr < base + size:
                return r
        return None


class Runner:
    def __init__(self, args, workdir, base_syms):
        self.args = args
        self.work = workdir
        self.base = base_syms       # the dump's lines without modules
        self.cache = {}

    def predict(self, patch, layout, moves, unload):
        """apply for one stage; cached by its inputs. moves: the target's
        placements (kallsyms lines) since the patch loaded, the first at
        --target, each later one a --reload; none: no target"""
        key = (patch, tuple(layout), tuple(tuple(m) for m in moves), unload)
        if key in self.cache:
            return self.cache[key]
        n = len(self.cache) + 1
        d = os.path.join(self.work, "%03d" % n)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, "layout"), "w") as f:
            f.write("".join("mem %s %s\n" % (r, a) for r, a, _ in layout))
        with open(os.path.join(d, "kallsyms"), "w") as f:
            f.write("".join(l + "\n" for l in self.base))
            f.write("".join(l + "\n" for l in (moves[0] if moves else [])))
        cmd = [self.args.klpreloc, "apply", "--write-anyway",
               "--target", os.path.join(d, "kallsyms"),
               "--layout", os.path.join(d, "layout")]
        if moves:
            cmd += ["--target-module", "%s=%s" % (
                TARGET, os.path.join(self.args.own, TARGET + ".ko"))]
        for i, m in enumerate(moves[1:], 1):
            f = os.path.join(d, "reload-%d" % i)
            with open(f, "w") as o:
                o.write("".join(l + "\n" for l in m))
            cmd += ["--reload", "%s=%s" % (TARGET, f)]
        if unload:
            cmd += ["--unload", TARGET]
        cmd += ["--kernel", self.args.kernel]
        for o in self.args.arch_opt:
            cmd += ["--arch-opt", o]
        cmd += ["--out", os.path.join(d, "out"),
                os.path.join(self.args.own, patch + ".ko")]
        p = Prediction(d)
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               universal_newlines=True, errors="replace")
            p.rc, p.out = r.returncode, r.stdout
        except OSError as e:
            p.rc, p.out = 127, str(e)
        with open(os.path.join(d, "cmd.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n")
        with open(os.path.join(d, "out.txt"), "w") as f:
            f.write(p.out)
        p.errors = re.findall(r": error: ([a-z0-9-]+): (.*)", p.out)
        if p.rc in (0, 1):
            p.load()
        self.cache[key] = p
        return p


# ------------------------------------------------------ the comparison
def rtype(arch, t):
    """(name, width) of relocation type t, or None"""
    return TYPES.get(arch, {}).get(t)


def overlap(ranges, sec, a, b):
    for s, e, r in ranges.get(sec, []):
        if s < b and a < e:
            return r, s, e
    return None


class Stage:
    def __init__(self, patch, stage):
        self.patch, self.stage = patch, stage
        self.rows = []          # tsv rows
        self.differ = []        # human-readable differences
        self.problems = []      # why the stage could not be compared
        self.notes = []
        # counts: sites (compared), equal sites, excluded sites; entries
        # and symbols compared, and those equal
        # (skipped: sites in a section the loader skips, also counted
        # as sites and, where apply skips it too, as equal)
        self.n = dict.fromkeys(("sites", "sites_equal", "excluded",
                                "skipped",
                                "entries", "entries_equal",
                                "entries_excluded", "symbols",
                                "symbols_equal", "symbols_excluded"), 0)
        self.families = set()   # (object, type name)
        self.layout = None      # (sections checked, differences)

    def row(self, sec, off, typ, pred, kern, verdict, note=""):
        self.rows.append([self.patch + ".ko", self.stage, sec, off, typ,
                          pred, kern, verdict, note])


# apply's report of a klp section the module loader skips: the object
# (as the dump reads it, 55 characters at most) and what sh_info names
SKIPS = re.compile(r": \.klp\.rela\.([^.]{1,55})[^.]*\.\S*: error: "
                   r"rela-info: sh_info \d+ is not an allocated section "
                   r"when the loader relocates \(([^)]*)\)")


def loader_skips(pred):
    """{(object, target)} of the sections apply says the loader skips;
    target: a section name, or None where sh_info names no section"""
    return {(m.group(1), m.group(2) if m.group(2).startswith(".") else None)
            for m in SKIPS.finditer(pred.out or "")}


def skipped_site(st, skips, obj, sec, off, name, pb, hx):
    """a site the kernel wrote nothing for, its section skipped by the
    loader: equal when apply says the loader skips it too (and wrote
    nothing there), else a difference. True when it was one."""
    if sec == "?":
        if hx != "-":
            return False
        agree = any(o == obj and t is None for o, t in skips)
        what = "%s: sh_info names no section: the kernel skipped it" % obj
    else:
        if hx != "-" or pb != "-" or (obj, sec) not in skips:
            return False
        agree = True
        what = "%s %s+0x%x %s: %s is not in the module's memory" % (
            obj, sec, off, name, sec)
    st.n["sites"] += 1
    st.n["skipped"] += 1
    if agree:
        st.n["sites_equal"] += 1
        st.row(sec, "0x%x" % off, name, "-", hx, "skipped",
               "the loader skips the section (klpreloc: rela-info)")
    else:
        st.row(sec, "0x%x" % off, name, "-", hx, "differ",
               "the kernel skipped the section, klpreloc applied it")
        st.differ.append(what + ", klpreloc applied it")
    return True


def compare_sites(arch, st, lines, pred, ranges):
    skips = loader_skips(pred)
    for p in lines:
        if len(p) != 5:
            st.problems.append("a malformed site line: %s" % " ".join(p))
            continue
        obj, secoff, t, addr, hx = p
        sec, _, off = secoff.rpartition("+")
        off = int(off, 16)
        if sec == "?":
            # the dump's line for a section whose sh_info names none
            if not skipped_site(st, skips, obj, sec, off, "-", "-", hx):
                st.problems.append("a malformed site line: %s" %
                                   " ".join(p))
            continue
        rt = rtype(arch, int(t))
        name = rt[0] if rt else "type %s" % t
        st.families.add((obj, name))
        what = "%s %s+0x%x %s" % (obj, sec, off, name)
        if not rt:
            st.n["sites"] += 1
            st.row(sec, "0x%x" % off, name, "-", hx, "differ",
                   "unknown relocation type: no width")
            st.differ.append("%s: unknown relocation type, kernel %s" %
                             (what, hx))
            continue
        w = rt[1]
        hit = overlap(ranges, sec, off, off + w)
        data = pred.section(sec)
        pb = data[off:off + w].hex() if data is not None and \
            off + w <= len(data) else "-"
        kb = hx[:2 * w] if hx != "-" else "-"
        if skipped_site(st, skips, obj, sec, off, name, pb, hx):
            continue
        if hit:
            r, s, e = hit
            st.n["excluded"] += 1
            st.row(sec, "0x%x" % off, name, pb, kb, "excluded",
                   "%s rewrites %s+0x%x..0x%x" % (r["mech"], sec, s, e))
            continue
        st.n["sites"] += 1
        if kb == "-" or len(kb) < 2 * w:
            st.row(sec, "0x%x" % off, name, pb, kb, "differ",
                   "the kernel's bytes are short (%s)" % hx)
            st.differ.append("%s: predicted %s, kernel %s (short)" %
                             (what, pb, hx))
        elif pb != kb:
            st.row(sec, "0x%x" % off, name, pb, kb, "differ", obj)
            st.differ.append("%s: predicted %s, kernel %s" % (what, pb, kb))
        else:
            st.n["sites_equal"] += 1
            st.row(sec, "0x%x" % off, name, pb, kb, "ok", obj)


def entry_rule(arch, kind, hx, erules):
    """the rule that excludes an entry of the kernel's: its target address
    is one of the rule's symbols"""
    where = ENTRY_TARGET.get(kind, {}).get(arch)
    if not where or hx == "-":
        return None
    b = bytes.fromhex(hx)
    if len(b) < where[0] + 8:
        return None
    (t,) = struct.unpack_from(where[1] + "Q", b, where[0])
    for r in erules:
        if r["entry"] == kind and t in r["addrs"]:
            return r, t
    return None


def compare_entries(arch, st, recp, pred, erules=()):
    text = pred.mem.get("text", (0, 0))[0]
    for kind in ("plt", "stub", "got"):
        for p in recp.get(kind, []):
            if len(p) != 3:
                st.problems.append("a malformed %s line" % kind)
                continue
            idx, addr, hx = int(p[0]), int(p[1], 16), p[2]
            label = "%s[%d]" % (kind, idx)
            hit = entry_rule(arch, kind, hx, erules)
            if hit:
                # the model must have left that entry free for the
                # mechanism: nothing of its own there
                b = pred.at(addr, len(hx) // 2)
                pb = b.hex() if b else "-"
                mine = entry_rule(arch, kind, pb, [{"entry": kind,
                                                    "addrs": {0: "free"}}])
                note = "%s: the kernel's entry for %s (0x%x)" % (
                    hit[0]["mech"], hit[0]["addrs"][hit[1]], hit[1])
                if mine or pb == "-" or not any(b):
                    st.n["entries_excluded"] += 1
                    st.row(label, "0x%x" % addr, "entry", pb, hx,
                           "excluded", note)
                else:
                    st.n["entries"] += 1
                    st.row(label, "0x%x" % addr, "entry", pb, hx, "differ",
                           note + "; klpreloc used that entry itself")
                    st.differ.append("%s at 0x%x: predicted %s, kernel %s "
                                     "(%s): klpreloc put its own entry "
                                     "where the kernel has %s's" % (
                                         label, addr, pb, hx, note,
                                         hit[0]["mech"]))
                continue
            st.n["entries"] += 1
            n = len(hx) // 2 if hx != "-" else \
                ENTRY_SIZE[kind].get(arch, 8)
            b = pred.at(addr, n)
            pb = b.hex() if b is not None and len(b) == n else "-"
            region = pred.region_of(addr) or "?"
            off = "%s+0x%x" % (region, addr - pred.mem.get(region,
                                                           (text, 0))[0])
            if hx != "-" and pb == hx:
                st.n["entries_equal"] += 1
                st.row(label, off, "entry", pb, hx, "ok")
            else:
                st.row(label, off, "entry", pb, hx, "differ")
                st.differ.append("%s at %s (0x%x): predicted %s, kernel %s"
                                 % (label, off, addr, pb, hx))
    # ppc64: the kernel lists its used stubs up to the first free one;
    # the model must not have used one more
    for a in recp.get("area", []):
        if a[0] != "stubs" or len(a) != 3:
            continue
        base, size = int(a[1], 16), int(a[2], 16)
        used = len(recp.get("stub", []))
        if (used + 1) * 40 <= size:
            b = pred.at(base + used * 40, 40)
            if b is not None and len(b) == 40 and any(b[32:40]):
                label = "stub[%d]" % used
                st.n["entries"] += 1
                st.row(label, "0x%x" % (base + used * 40), "entry",
                       b.hex(), "unused", "differ")
                st.differ.append("%s: predicted used (%s), kernel: unused "
                                 "(the kernel's stubs end before it)" %
                                 (label, b.hex()))


def compare_syms(st, recp, pred, elf=None, srules=()):
    """the record's symbols (klp ones, the patch's per-cpu ones) against
    apply's; those a "symbol" rule names the section of are listed, not
    compared"""
    for p in recp.get("sym", []):
        if len(p) < 3 or not re.fullmatch(r"[0-9a-f]+", p[2]):
            st.problems.append("a sym line the reader should not write: "
                               "%s" % " ".join(p))
            continue
        name, kv = p[1], int(p[2], 16)
        rule = None
        if elf and p[0].isdigit() and int(p[0]) < len(elf.syms):
            shndx = elf.syms[int(p[0])]["shndx"]
            sec = elf.secs[shndx]["name"] if shndx < len(elf.secs) else ""
            rule = next((r for r in srules if r["symsec"] == sec), None)
        if rule:
            st.n["symbols_excluded"] += 1
            pv = pred.syms.get(name)
            st.row(name, "-", "sym", "%x" % pv if pv is not None else "-",
                   "%x" % kv, "excluded", "%s: %s" % (rule["mech"],
                                                      rule["why"]))
            continue
        st.n["symbols"] += 1
        pv = pred.syms.get(name)
        ps = "%x" % pv if pv is not None else "-"
        if pv == kv:
            st.n["symbols_equal"] += 1
            st.row(name, "-", "sym", ps, "%x" % kv, "ok")
        else:
            st.row(name, "-", "sym", ps, "%x" % kv, "differ")
            st.differ.append("symbol %s: predicted %s, kernel %x" %
                             (name, ps, kv))


def compare_layout(rec, pred):
    """(checked, differences): the record's sections against layout.txt.
    Sections apply puts in an init region are compared relative to each
    other: the init regions are freed before any record, so the record
    has no base for them."""
    diffs, checked = [], 0
    have = {}
    for n, a, s in pred.secs:
        have.setdefault(n, []).append((a, s))
    seen = {}
    init_delta = {}
    for p in rec.get("sec", []):
        if len(p) != 4:
            continue
        name, ka, ks = p[1], int(p[2], 16), int(p[3], 16)
        k = seen.get(name, 0)
        seen[name] = k + 1
        checked += 1
        if k >= len(have.get(name, [])):
            diffs.append("%s at 0x%x (0x%x bytes): not in apply's layout" %
                         (name, ka, ks))
            continue
        pa, ps = have[name][k]
        region = pred.region_of(pa) or ""
        if ps != ks:
            diffs.append("%s: size 0x%x predicted, 0x%x kernel" %
                         (name, ps, ks))
        if region.startswith("init_"):
            d = init_delta.setdefault(region, ka - pa)
            if ka - pa != d:
                diffs.append("%s (%s): at 0x%x, apply's 0x%x: not where the "
                             "other %s sections put it" %
                             (name, region, ka, pa, region))
        elif pa != ka:
            diffs.append("%s: predicted 0x%x, kernel 0x%x" % (name, pa, ka))
    for name, v in have.items():
        for pa, ps in v[seen.get(name, 0):]:
            checked += 1
            diffs.append("%s: apply lays it out at 0x%x, the kernel "
                         "reports no such section" % (name, pa))
    return checked, diffs


def families_premise(own, patch, rec):
    """the load record lists every klp relocation of families.txt"""
    want = {}
    try:
        with open(os.path.join(own, "families.txt")) as f:
            for line in f:
                p = line.split()
                if len(p) == 4 and p[0] == patch + ".ko":
                    want[p[1]] = want.get(p[1], 0) + int(p[3])
    except FileNotFoundError:
        return None
    got = {}
    for p in rec.get("site", []):
        if len(p) == 5:
            obj, secoff = p[0], p[1]
            sec = secoff.rpartition("+")[0]
            k = ".klp.rela.%s%s" % (obj, sec)
            got[k] = got.get(k, 0) + 1
    if got != want:
        return "the record's sites per klp section %s, families.txt %s" % (
            sorted(got.items()), sorted(want.items()))
    return None


def expected_stages(cycles):
    return ["load", "unload"] + ["reload-%d" % k
                                 for k in range(1, cycles + 1)] + \
        ["notarget", "late"]


def conf_patches(own):
    """the patches conformance.sh takes through the stages"""
    try:
        with open(os.path.join(own, "conformance.sh")) as f:
            m = re.search(r'^patches="([^"]*)"', f.read(), re.M)
            if m:
                return m.group(1).split()
    except FileNotFoundError:
        pass
    return []


def run(args, lines):
    """(cells, tsv rows, summary) for one arch"""
    arch = args.arch
    g = parse_guest(trusted(lines))
    cells, rows = [], []
    summary = dict.fromkeys(("sites", "sites_equal", "excluded", "skipped",
                             "entries", "entries_equal", "entries_excluded",
                             "symbols", "symbols_equal", "symbols_excluded",
                             "differ", "sections", "sections_differ",
                             "stages", "not_compared", "cycles"), 0)
    summary["families"] = "none"
    cyc = []
    if g["allskip"] is not None and not g["records"]:
        cells.append(("conformance", "skip", g["allskip"]))
        cells.append(("stress", "skip", g["allskip"]))
        return cells, rows, summary
    patches = conf_patches(args.own)
    if not patches:
        cells.append(("conformance", "fail", "no conformance.sh in %s: "
                      "the samples were not built" % args.own))
        return cells, rows, summary

    # the guest's symbols: the last root dump, vmlinux part only; the
    # target's lines come from the stage
    base, why = [], None
    idx = os.path.join(args.kallsyms, "index.txt")
    dumps = []
    if os.path.exists(idx):
        with open(idx) as f:
            dumps = [l.split()[1] for l in f if len(l.split()) > 2 and
                     l.split()[2] == "ok"]
    if not dumps:
        why = "no good root /proc/kallsyms dump from the guest (%s)" % idx
    else:
        with open(os.path.join(args.kallsyms, dumps[-1] + ".root")) as f:
            base = [l.rstrip("\n") for l in f if "\t[" not in l]
        # the dump is of this boot: the kernel's _text and _stext agree
        bs = set(base)
        miss = [t for t in g["text"] if t not in bs]
        if not g["text"]:
            why = "the guest printed no 'klpsyms: -' lines (_text, _stext)"
        elif miss:
            why = "the kallsyms dump %s is not of this boot: it lacks %s" % (
                dumps[-1], "; ".join(miss))

    elfs, ranges = {}, {}
    try:
        rules = read_rules(arch, args.rules)
    except ValueError as e:
        rules, why = [], str(e)
    for p in patches:
        try:
            elfs[p] = Elf(os.path.join(args.own, p + ".ko"))
            ranges[p] = excluded_ranges(elfs[p], rules)
        except (OSError, ValueError, struct.error) as e:
            why = why or "cannot read %s.ko: %s" % (p, e)

    # the entry rules name vmlinux symbols: their addresses, from the dump
    erules = [r for r in rules if "entry" in r]
    srules = [r for r in rules if "symsec" in r]
    for r in erules:
        r["addrs"] = {}
        for l in base:
            q = l.split()
            if len(q) >= 3 and q[2] in r["symbols"]:
                r["addrs"][int(q[0], 16)] = q[2]
    work = os.path.join(args.out, "apply")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    runner = Runner(args, work, base)
    want = expected_stages(args.cycles)
    fam = {}
    total_fail = []
    for p in patches:
        cell_st = {c: [] for c in STAGE_CELLS}
        for s in want:
            cell_st[s.split("-")[0] if s.startswith("reload-")
                    else s].append(s)
        # every stage of this patch, each compared on its own
        results = {}
        hist = []           # the target's placements in this lifetime
        for s in want:
            st = Stage(p, s)
            results[s] = st
            res = g["result"].get((p, s))
            rec = g["records"].get((p, s))
            if res is None:
                st.problems.append("no KLPCONF result: the guest never got "
                                   "there" + ("" if g["ended"] else
                                              " (it died: no KLPCONF: end)"))
                continue
            if res[0] == "fail" and res[1].startswith("kernel oops:"):
                # conformance.sh stopped here: nothing after it ran
                st.problems.append(res[1])
                continue
            if rec is None or not rec["complete"]:
                st.problems.append("no complete record %s:%s (%s)" % (
                    p, s, "none" if rec is None else "no end line"))
                continue
            if why:
                st.problems.append(why)
                continue
            life = "load" if s in ("load", "unload") or \
                s.startswith("reload-") else "notarget"
            lrec = g["records"].get((p, life))
            lp = lrec and lrec["complete"] and lrec["patches"].get(p, {})
            if not lp or not lp.get("mem"):
                st.problems.append("no full record of %s:%s: no layout" %
                                   (p, life))
                continue
            recp = rec["patches"].get(p)
            if recp is None:
                st.problems.append("the record has no lines of %s" % p)
                continue
            layout = [tuple(m) for m in lp["mem"]]
            loaded = s in ("load", "late") or s.startswith("reload-")
            if s in ("load", "notarget"):
                hist = []
            if loaded:
                if not rec["placement"]:
                    st.problems.append("no klpsyms lines of %s before this "
                                       "record" % TARGET)
                    continue
                if not hist or shift_between(hist[-1],
                                             rec["placement"]) != 0:
                    hist.append(rec["placement"])
            # the kernel resolved the target's klp symbols where the
            # guest's lines say the target is (conformance.sh prints them
            # when the target's .text moved: data that moved alone
            # would go unseen)
            if loaded or s == "unload":
                pl = placement(hist[-1]) if hist else {}
                for q in recp.get("sym", []):
                    m = re.match(r"\.klp\.sym\.%s\.(.+),\d+$" % TARGET,
                                 q[1]) if len(q) >= 3 else None
                    if m and pl.get(m.group(1)) and \
                            int(q[2], 16) not in pl[m.group(1)]:
                        st.problems.append(
                            "the kernel resolved %s to %s, the guest's "
                            "klpsyms lines say %s: the target moved "
                            "without them" % (q[1], q[2], " ".join(
                                "%x" % x for x in pl[m.group(1)])))
                if st.problems:
                    continue
            # where the target was when the patch first met it, then each
            # place it came back to (apply --reload), or the unload
            moves = [list(h) for h in hist] if loaded or s == "unload" \
                else []
            pred = runner.predict(p, layout, moves, s == "unload")
            if pred.rc not in (0, 1) or not pred.mem:
                st.problems.append("klpreloc apply exited %s: %s" % (
                    pred.rc, " / ".join(pred.out.strip().splitlines()[-3:])))
                continue
            broken = [e for e in pred.errors if e[0] in ACCEPTED_BROKEN]
            other = [e for e in pred.errors if e[0] not in ACCEPTED_BROKEN]
            if pred.rc == 1 and (other or not broken):
                st.problems.append("klpreloc apply says the kernel refuses "
                                   "what it loaded: %s" % (
                                       "; ".join("%s: %s" % e
                                                 for e in other[:2]) or
                                       pred.out.strip()[-300:]))
                continue
            if broken:
                st.notes.append("apply: the kernel accepts it broken (%s): "
                                "%s" % (broken[0][0],
                                        ACCEPTED_BROKEN[broken[0][0]]))
            if res[0] != "pass":
                if broken:
                    st.notes.append("the guest's check failed (%s), as "
                                    "klpreloc predicted" % res[1])
                else:
                    st.problems.append("the guest's check failed: %s" %
                                       res[1])
            # every record lists every klp relocation (families.txt)
            fp = families_premise(args.own, p, recp)
            if fp:
                st.problems.append("the record misses relocations: " + fp)
            compare_sites(arch, st, recp.get("site", []), pred,
                          ranges.get(p, {}))
            compare_entries(arch, st, recp, pred, erules)
            compare_syms(st, recp, pred, elfs.get(p), srules)
            if s in ("load", "notarget"):
                st.layout = compare_layout(recp, pred)

        # the cells: one per stage (reload-1..N together)
        for c in STAGE_CELLS:
            sts = [results[s] for s in cell_st[c]]
            bad = [x for x in sts if x.problems or x.differ]
            n = dict.fromkeys(sts[0].n, 0)
            for x in sts:
                rows.extend(x.rows)
                for k in n:
                    n[k] += x.n[k]
                for fm in x.families:
                    fam[fm] = fam.get(fm, 0) + 1
            for k in n:
                summary[k] += n[k]
            summary["differ"] += sum(len(x.differ) for x in sts)
            summary["stages"] += len([x for x in sts if not x.problems])
            summary["not_compared"] += len([x for x in sts if x.problems])
            name = "conformance:%s.ko:%s" % (p, c)
            head = "%s%d sites, %d entries, %d symbols%s%s%s" % (
                "%d cycles: " % len(sts) if c == "reload" else "",
                n["sites"], n["entries"], n["symbols"],
                ", %d sites excluded" % n["excluded"]
                if n["excluded"] else "",
                ", %d entries excluded" % n["entries_excluded"]
                if n["entries_excluded"] else "",
                ", %d symbols excluded" % n["symbols_excluded"]
                if n["symbols_excluded"] else "")
            notes = sorted(set(x for st in sts for x in st.notes))
            if bad:
                det = []
                for x in bad[:3]:
                    for pr in x.problems[:2]:
                        det.append("%s %s.ko %s: %s" % (arch, p, x.stage,
                                                         pr))
                    for d in x.differ[:4]:
                        det.append("%s %s.ko %s: %s" % (arch, p, x.stage,
                                                        d))
                    if len(x.differ) > 4:
                        det.append("(%d more in conformance.tsv)" %
                                   (len(x.differ) - 4))
                if len(bad) > 3:
                    det.append("... and %d more stages" % (len(bad) - 3))
                total_fail.append(name)
                cells.append((name, "fail", "%d of %d stage(s) differ or "
                              "were not compared (%s): %s" % (
                                  len(bad), len(sts), head, "; ".join(det))))
            else:
                cells.append((name, "pass", "%s, all equal to klpreloc "
                              "apply's%s" % (head, "; " + "; ".join(notes)
                                             if notes else "")))
            if c == "reload":
                # (patch, cycles, compared, equal)
                cyc.append((p, len(sts),
                            len([x for x in sts if not x.problems]),
                            len(sts) - len(bad)))
        # the layout: the records with sections
        lay = [(s, results[s].layout) for s in ("load", "notarget")
               if results[s].layout is not None]
        name = "conformance-layout:%s.ko" % p
        if not lay:
            cells.append((name, "fail", "no record with the layout was "
                          "compared"))
            total_fail.append(name)
        else:
            d = ["%s: %s" % (s, x) for s, (_, dd) in lay for x in dd]
            nn = sum(v[0] for _, v in lay)
            summary["sections"] += nn
            summary["sections_differ"] += len(d)
            if d:
                total_fail.append(name)
                cells.append((name, "fail", "%s %s.ko: %d of %d sections "
                              "differ from apply's layout.txt: %s" % (
                                  arch, p, len(d), nn, "; ".join(d[:8]))))
            else:
                cells.append((name, "pass", "%d sections of the load and "
                              "notarget records at apply's addresses" % nn))
    summary["families"] = ", ".join(
        "%s:%s" % (o, t) for o, t in sorted(fam)) or "none"
    summary["cycles"] = min([c[2] for c in cyc] or [0])
    det = "%d sites compared (%d equal; %d excluded), %d PLT/stub/GOT " \
        "entries (%d equal; %d excluded), %d symbols (%d equal; %d " \
        "excluded), %d " \
        "sections (%d differ), in %d stages (%d not compared); " \
        "families: %s" % (
            summary["sites"], summary["sites_equal"], summary["excluded"],
            summary["entries"], summary["entries_equal"],
            summary["entries_excluded"],
            summary["symbols"], summary["symbols_equal"],
            summary["symbols_excluded"],
            summary["sections"], summary["sections_differ"],
            summary["stages"], summary["not_compared"], summary["families"])
    if g["other"]:
        det += "; the guest also said: " + " / ".join(g["other"][:3])
    if g["lost"]:
        det += "; the reader lost %d lines" % g["lost"]
    if not g["ended"]:
        cells.insert(0, ("conformance", "fail", "the guest died during "
                         "conformance (no 'KLPCONF: end'); " + det))
    elif total_fail or g["lost"]:
        cells.insert(0, ("conformance", "fail", "%d cell(s) red (%s); %s" %
                         (len(total_fail), ", ".join(total_fail), det)))
    else:
        cells.insert(0, ("conformance", "pass", det))
    # the stress: every reload cycle of every patch run in the guest, its
    # check held and its bytes compared (whether they were equal is the
    # reload cell's)
    short = [c for c in cyc if c[2] < args.cycles or c[2] < c[1]]
    sdet = "; ".join("%s.ko: %d of %d cycles of %s unloaded and loaded "
                     "again with the patch enabled, the guest's check held "
                     "and the bytes compared on each (%d equal to the "
                     "prediction)" % (p, k, n, TARGET, e)
                     for p, n, k, e in cyc)
    if args.cycles < 1:
        cells.append(("stress", "fail", "KLPCI_CONF_CYCLES is %d" %
                      args.cycles))
    elif short or not cyc or not g["ended"]:
        cells.append(("stress", "fail", "want %d cycles per patch: %s" % (
            args.cycles, sdet or "none compared")))
    else:
        cells.append(("stress", "pass", sdet))
    if g["seconds"]:
        summary["guest_seconds"] = g["seconds"]
        cells[-1] = cells[-1][:2] + (cells[-1][2] + "; %s s in the guest "
                                     "for all the stages" % g["seconds"],)
    return cells, rows, summary


# ------------------------------------------------- EXTRA's own modules
def modinfo(path, key):
    """a .modinfo value of a .ko, or None"""
    with open(path, "rb") as f:
        m = re.search(rb"(?:^|\0)" + key.encode() + rb"=([^\0]*)", f.read())
    return m.group(1).decode(errors="replace") if m else None


def run_extra(args, lines):
    """make matrix EXTRA=DIR: each livepatch of DIR/expect.txt the guest
    recorded while it was loaded (tag NAME:extra), against `klpreloc
    apply` with the record's layout, the root kallsyms dump the guest took
    before it and DIR's plain modules loaded before it as
    --target-module. One cell per patch, conformance-extra:NAME.ko.
    With --label L, the tags are NAME:L and the cells conformance-L."""
    arch = args.arch
    label = args.label
    summ = "conformance-" + label
    g = parse_guest(trusted(lines))
    cells, rows = [], []
    summary = dict.fromkeys(("sites", "sites_equal", "excluded",
                             "entries", "entries_equal", "symbols",
                             "symbols_equal", "symbols_excluded", "sections",
                             "sections_differ"), 0)
    try:
        with open(os.path.join(args.own, "expect.txt")) as f:
            expect = [l.split()[:2] for l in f if len(l.split()) >= 2]
    except FileNotFoundError:
        expect = []
    try:
        rules = read_rules(arch, args.rules)
    except ValueError as e:
        return [(summ, "fail", str(e))], rows, summary
    index = {}
    try:
        with open(os.path.join(args.kallsyms, "index.txt")) as f:
            for l in f:
                q = l.split()
                if len(q) >= 3 and q[2] == "ok":
                    index[q[0]] = q[1]
    except FileNotFoundError:
        pass
    erules = [r for r in rules if "entry" in r]
    srules = [r for r in rules if "symsec" in r]
    work = os.path.join(args.out, "apply")
    shutil.rmtree(work, ignore_errors=True)
    targets, dump, red = [], None, []
    for ko, verdict in expect:
        path = os.path.join(args.own, ko)
        if not os.path.exists(path):
            continue
        name = modinfo(path, "name") or ko[:-3].replace("-", "_")
        if modinfo(path, "livepatch") != "Y":
            targets += ["--target-module", "%s=%s" % (name, path)]
            continue
        dump = index.get(label + ":" + ko, dump)
        if verdict != "load":
            continue
        cell = summ + ":" + ko
        rec = g["records"].get((name, label))
        recp = rec and rec["complete"] and rec["patches"].get(name)
        if not recp or not recp.get("mem"):
            red.append(cell)
            cells.append((cell, "fail", "no complete record of %s from "
                          "the guest (did it load? see %s:%s)" %
                          (name, label, ko)))
            continue
        if not dump:
            red.append(cell)
            cells.append((cell, "fail", "no root /proc/kallsyms dump "
                          "before " + ko))
            continue
        d = os.path.join(work, name)
        os.makedirs(d)
        with open(os.path.join(d, "layout"), "w") as f:
            f.write("".join("mem %s %s\n" % (m[0], m[1])
                            for m in recp["mem"]))
        cmd = [args.klpreloc, "apply", "--write-anyway", "--target",
               os.path.join(args.kallsyms, dump + ".root"), "--layout",
               os.path.join(d, "layout")] + targets
        cmd += ["--kernel", args.kernel]
        for o in args.arch_opt:
            cmd += ["--arch-opt", o]
        cmd += ["--out", os.path.join(d, "out"), path]
        pred = Prediction(d)
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT,
                           universal_newlines=True, errors="replace")
        pred.rc, pred.out = r.returncode, r.stdout
        with open(os.path.join(d, "cmd.txt"), "w") as f:
            f.write(" ".join(cmd) + "\n" + pred.out)
        if pred.rc not in (0, 1) or not pred.load():
            red.append(cell)
            cells.append((cell, "fail", "klpreloc apply exited %d: %s" % (
                pred.rc, " / ".join(pred.out.strip().splitlines()[-3:]))))
            continue
        st = Stage(name, label)
        compare_sites(arch, st, recp.get("site", []), pred,
                      excluded_ranges(Elf(path), rules))
        compare_entries(arch, st, recp, pred, erules)
        compare_syms(st, recp, pred, Elf(path), srules)
        nsec, ldiff = compare_layout(recp, pred)
        rows.extend(st.rows)
        for k in summary:
            summary[k] += st.n.get(k, 0)
        summary["sections"] += nsec
        summary["sections_differ"] += len(ldiff)
        head = "%d sites%s, %d entries, %d symbols, %d sections" % (
            st.n["sites"], " (%d in sections the loader skips)" %
            st.n["skipped"] if st.n["skipped"] else "", st.n["entries"],
            st.n["symbols"], nsec)
        bad = st.problems + st.differ + ldiff
        if bad:
            red.append(cell)
            cells.append((cell, "fail", "%s: %s %s: %s" % (
                head, arch, ko, "; ".join(bad[:6]))))
        else:
            cells.append((cell, "pass", head + ", all equal to klpreloc "
                          "apply's"))
    det = "%d %s patch(es) compared: %d sites (%d equal), %d entries " \
        "(%d equal), %d symbols (%d equal), %d sections (%d differ)" % (
            len(cells), label.upper(), summary["sites"],
            summary["sites_equal"],
            summary["entries"], summary["entries_equal"],
            summary["symbols"], summary["symbols_equal"],
            summary["sections"], summary["sections_differ"])
    cells.insert(0, (summ, "fail" if red else "pass",
                     ("%d cell(s) red (%s); " % (len(red), ", ".join(red))
                      if red else "") + det))
    return cells, rows, summary


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="the byte conformance of one arch's guest (see the "
        "module's docstring)")
    ap.add_argument("arch")
    ap.add_argument("log")
    ap.add_argument("own")
    ap.add_argument("kallsyms")
    ap.add_argument("out")
    ap.add_argument("--cycles", type=int,
                    default=int(os.environ.get("KLPCI_CONF_CYCLES", "100")))
    ap.add_argument("--klpreloc", default=os.environ.get(
        "KLPRELOC", os.path.join(os.path.dirname(CI), "klpreloc")))
    ap.add_argument("--arch-opt", action="append", default=[])
    ap.add_argument("--kernel", default="6.12",
                    help="the kernel version, passed to klpreloc apply")
    ap.add_argument("--tsv", help="where conformance.tsv goes (default: "
                    "OUTDIR/conformance.tsv)")
    ap.add_argument("--rules", default=RULES, help="the exclusion rules "
                    "(default: ci/conformance-exclusions.txt)")
    ap.add_argument("--extra", action="store_true", help="OWN is "
                    "make matrix EXTRA=DIR's modules for this arch: compare "
                    "each livepatch the guest recorded (tag NAME:extra)")
    ap.add_argument("--label", default="extra", help="with --extra: the "
                    "set's label, in the guest's tags and dump names "
                    "(NAME:LABEL, LABEL:NAME.ko) and in the cells' names "
                    "(conformance-LABEL:NAME.ko); silent: our silent "
                    "variants, OWN/silent")
    args = ap.parse_args(argv)
    if args.arch not in TYPES:
        ap.error("unknown arch %s" % args.arch)
    os.makedirs(args.out, exist_ok=True)
    try:
        with open(args.log, errors="replace") as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    cells, rows, summary = (run_extra if args.extra else run)(args, lines)
    with open(args.tsv or os.path.join(args.out, "conformance.tsv"),
              "w") as f:
        f.write("module\tstage\tsection\toffset\ttype\tpredicted\tkernel\t"
                "verdict\tnote\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    with open(os.path.join(args.out, "cells.tsv"), "w") as f:
        for c, st, det in cells:
            f.write("%s\t%s\t%s\n" % (c, st, det.replace("\t", " ")))
    with open(os.path.join(args.out, "summary.tsv"), "w") as f:
        for k, v in summary.items():
            f.write("%s\t%s\n" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
