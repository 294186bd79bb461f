#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ci/parse.py ARCH CONSOLE_LOG [OWN_DIR [HOSTCHECK_DIR [CONFORMANCE_DIR
[EXTRA_DIR EXTRA_HOSTCHECK_DIR EXTRA_CONFORMANCE_DIR]]]]:
turn a guest
console log into result rows "check<TAB>status<TAB>detail" on stdout;
status is pass, fail, skip (only when declared in ci/expected-skips.txt,
else it is turned into fail) or xfail (a host check that disagrees with the
kernel for a reason declared in ci/expected-disagreements.txt). Trusts
nothing not seen before the end marker: a hung or crashed guest fails with
the console tail. OWN_DIR holds our own samples' expect.txt/check.txt;
HOSTCHECK_DIR what ci/hostcheck.sh wrote: per form FORM.txt ("NAME.ko
load|refuse|error-RC|n/a|no-dump") and FORM/NAME.ko.out (klpreloc's
output), and arch-opts.tsv (a row). CONFORMANCE_DIR is what
ci/conformance.py wrote: its cells.tsv rows (the byte conformance) come
before no-splat; the stress cell also needs a kernel log without a
splat."""
import fnmatch
import os
import re
import sys

CI = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, CI)
import kallsyms  # noqa: E402  (ci/kallsyms.py: the guest's dumps)

# A number in a kernel message that is an address (8 to 16 hex digits,
# with or without 0x): where a module landed, which a check on the host
# cannot know.
ADDR_RE = re.compile(r"\b(?:0x)?[0-9a-f]{8,16}\b")


def addrless(text):
    return ADDR_RE.sub("ADDR", text)


# the forms ci/hostcheck.sh runs `klpreloc check` in: each is a cell per
# own patch sample, hostcheck-FORM:NAME.ko
FORMS = ["map", "vmlinux", "kallsyms", "kallsyms-nomod", "kallsyms-zero",
         "kallsyms-zero-nomod"]
# klpreloc's diagnostic line: "...: error: RULE: ...; kernel: MESSAGE"
KMSG = re.compile(r": error: .*?(?:; |: )kernel: (.*)$")
MARK = re.compile(r"klpci (own|extra) (\S+) ")
KSELFTESTS = ["test-livepatch.sh", "test-callbacks.sh",
              "test-shadow-vars.sh", "test-state.sh", "test-ftrace.sh",
              "test-sysfs.sh", "test-syscall.sh"]
EXPECTED = ["booted", "sample", "module"] + KSELFTESTS
SPLAT = re.compile(r"WARNING:|BUG:|Oops|Call Trace|Kernel panic")
# Refusals whose path dumps the stack: the line that starts the dump, and
# the refusal's line after it. pcpu_alloc() when percpu_modalloc() fails;
# sysfs_warn_dup() when klp_init_patch() adds a name twice (kobject_add()).
STACK_DUMPS = [
    ("percpu: allocation failed, ",
     r": Could not allocate \d+ bytes percpu data"),
    ("sysfs: cannot create duplicate filename ",
     r"kobject_add_internal failed for .* with -EEXIST"),
]
# the lines a stack dump opens with, which say where but not why
DUMP_HEAD = re.compile(r"^(?:\[[ 0-9.]+\] *)?(?:CPU: \d|Tainted: |"
                       r"Hardware name: |Modules linked in|Call Trace)")
FRAME = re.compile(r"\b([A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+)")
RESULT = re.compile(r"KLPCI: (\S+) (pass|fail|skip)\b ?(.*)")
# ci/guest/init after an oops: the rest of the run would hang, it stopped
WEDGED = re.compile(r"^KLPCI-WEDGED (\S+)")


def expected_cells(own_dir):
    """EXPECTED, with the kselftests the tree had (ci/modules.sh wrote
    their list beside OWN_DIR: 6.1 has no test-syscall.sh)"""
    try:
        with open(os.path.join(own_dir, "..", "selftests", "list")) as f:
            have = set(f.read().split())
    except (TypeError, FileNotFoundError):
        return EXPECTED
    return [c for c in EXPECTED if c not in KSELFTESTS or c in have]


def declared(arch, check, path=os.path.join(CI, "expected-skips.txt")):
    # "arm64-stock" lines hold for the stock arm64 kernel only
    archs = {arch}
    if arch == "arm64" and os.environ.get("KLP_ARM64_STOCK") == "1":
        archs.add("arm64-stock")
    try:
        with open(path) as f:
            for line in f:
                p = line.rstrip("\n").split(" ", 2)
                if len(p) == 3 and not line.startswith("#") and \
                        p[0] in archs and p[1] == check:
                    return p[2]
    except FileNotFoundError:
        pass
    return None


def disagreement(arch, check,
                 path=os.path.join(CI, "expected-disagreements.txt")):
    """the reason a host check may disagree with the kernel: "ARCH CHECK
    reason" lines, ARCH and CHECK may be shell patterns"""
    # the stock arm64 kernel (KLP_ARM64_STOCK=1) refuses every livepatch
    # first: arm64's lines do not hold for it, "arm64-stock" ones would
    if arch == "arm64" and os.environ.get("KLP_ARM64_STOCK") == "1":
        arch = "arm64-stock"
    try:
        with open(path) as f:
            for line in f:
                p = line.rstrip("\n").split(" ", 2)
                if len(p) == 3 and not line.startswith("#") and \
                        fnmatch.fnmatchcase(arch, p[0]) and \
                        fnmatch.fnmatchcase(check, p[1]):
                    return p[2]
    except FileNotFoundError:
        pass
    return None


def read_pairs(path):
    """expect.txt-style lines: NAME.ko VERDICT [TEXT] -> {NAME: (V, T)}"""
    out = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                p = line.rstrip("\n").split(" ", 2)
                if len(p) >= 2:
                    out[p[0]] = (p[1], p[2] if len(p) > 2 else "")
    return out


def guest_verdict(expected, status, detail):
    """what the guest's kernel did with a sample: load, refuse, oops or
    None (unknown), from its own: cell (ci/guest/init's wording)"""
    if detail.startswith("no result") or detail.startswith("bad expect") \
            or detail.startswith("not run"):
        return None
    if detail.startswith("kernel oops:"):
        return "oops"   # neither: no prediction of klpreloc's says so
    if expected == "refuse":
        return "load" if detail.startswith("loaded, but") else "refuse"
    if status == "pass":
        return "load"
    # a patch that failed later (transition, checks) was still loaded
    return "refuse" if detail.startswith("insmod:") else "load"


def kernel_sections(kmsgs, label="own"):
    """the guest's kernel log per sample of LABEL (own, extra): the lines
    after the "klpci LABEL NAME.ko" mark up to the next sample's mark"""
    out, cur = {}, None
    for line in kmsgs:
        m = MARK.search(line)
        if m:
            cur = m.group(2) if m.group(1) == label else None
            if cur:
                out.setdefault(cur, [])
            continue
        if cur:
            out[cur].append(line.strip())
    return out


def host_output(hostcheck, form, ko):
    """(first kernel message or None, first error line or None) from
    klpreloc's output for KO in FORM"""
    msg = err = None
    try:
        with open(os.path.join(hostcheck, form, ko + ".out"),
                  errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("+ ") or ": error: " not in line:
                    continue
                err = err or line
                m = KMSG.search(line)
                if m:
                    return m.group(1).strip(), err
    except FileNotFoundError:
        pass
    return msg, err


def hostcells(arch, put, rows, expect, own_dir, hostcheck, kmsgs,
              label="own"):
    """one hostcheck-FORM:NAME.ko cell per form and patch sample (for
    EXTRA's modules: hostcheck-extra-FORM:NAME.ko)"""
    checkv = read_pairs(os.path.join(own_dir, "check.txt"))
    sections = kernel_sections(kmsgs, label)
    cellfmt = "hostcheck-%s:%s" if label == "own" else \
        "hostcheck-" + label + "-%s:%s"
    try:
        with open(os.path.join(hostcheck, "arch-opts.tsv")) as f:
            c, st, det = f.readline().rstrip("\n").split("\t", 2)
            put(c, st, det)
    except (FileNotFoundError, ValueError):
        put("hostcheck-arch-opts", "fail", "ci/hostcheck.sh wrote no "
            "arch-opts.tsv in " + hostcheck)
    for form in FORMS:
        host = read_pairs(os.path.join(hostcheck, form + ".txt"))
        for ko in expect:
            got = host.get(ko, ("missing", ""))[0]
            if got == "n/a":
                continue    # not a livepatch module: nothing to predict
            cell = cellfmt % (form, ko)
            want = checkv.get(ko, expect[ko])[0]
            guest = guest_verdict(expect[ko][0], *rows[label + ":" + ko])
            msg, err = host_output(hostcheck, form, ko)
            said = "klpreloc check: %s" % got
            if msg:
                said += " (kernel: %s)" % msg
            elif err:
                said += " (%s)" % err
            klog = [l for l in sections.get(ko, []) if l]
            aside = False
            if klog:
                same = bool(msg) and any(msg in l for l in klog)
                if msg and not same:
                    # the same message but for values that say where the
                    # module landed (s390's "value 0x..."): check places
                    # the patch where the module area starts, the kernel
                    # after the modules loaded before it
                    same = aside = any(addrless(msg) in addrless(l)
                                       for l in klog)
            else:
                # no kernel log to read (the guest stopped before its
                # dump): the guest found the expected text after the
                # prefix ("livepatch: ", "MODULE: ") in it
                w = expect[ko][1]
                same = rows[label + ":" + ko][0] == "pass" and bool(msg) and \
                    bool(w) and (msg == w or msg.endswith(": " + w))
                klog = ["(no kernel log; the guest found: %s)" % w]
            if got == "missing":
                st, det = "fail", "ci/hostcheck.sh gave no verdict"
            elif got == "no-dump":
                st, det = "fail", "no /proc/kallsyms dump from the guest " \
                    "before this patch"
            elif got == "no-vmlinux":
                st, det = "fail", "no vmlinux in the kernel tree to check " \
                    "against"
            elif got.startswith("error"):
                st, det = "fail", said
            elif guest is None:
                st, det = "fail", said + "; the guest gave no verdict"
            elif got != guest:
                if got == want and want != expect[ko][0]:
                    # check.txt declares that klpreloc does not model it
                    st, det = "pass", said + "; kernel: %s (declared in " \
                        "check.txt)" % guest
                else:
                    st, det = "disagree", said + "; the kernel: %s%s" % (
                        guest, (" (" + " / ".join(klog[:2]) + ")")
                        if guest == "refuse" and klog else "")
            elif got == "refuse" and not same:
                st, det = "disagree", said + "; the kernel refused it " \
                    "with another message: " + " / ".join(klog[:2])
            else:
                st, det = "pass", said + "; agrees with the kernel" + (
                    " (but for addresses: %s)" % klog[0] if aside else "")
            if st == "disagree":
                why = disagreement(arch, cell)
                st = "xfail" if why else "fail"
                det = ("declared: %s (" % why if why else "disagrees: ") + \
                    det + (")" if why else "")
            elif st == "pass" and disagreement(arch, cell):
                st = "fail"
                det = "declared in ci/expected-disagreements.txt but " \
                    "agrees now (remove the line): " + det
            put(cell, st, det)


def conformance_cells(arch, put, conf, summary="conformance"):
    """ci/conformance.py's rows: a disagreement declared in
    ci/expected-disagreements.txt is xfail, as for the host checks"""
    try:
        with open(os.path.join(conf, "cells.tsv"), errors="replace") as f:
            rows = [l.rstrip("\n").split("\t", 2) for l in f]
    except FileNotFoundError:
        rows = []
    rows = [r for r in rows if len(r) == 3]
    if not rows:
        put(summary, "fail", "ci/conformance.py wrote no cells in %s"
            % conf)
        return
    declared_red = set()
    for c, st, det in rows:
        why = disagreement(arch, c)
        if st == "fail" and why:
            st, det = "xfail", "declared: %s (%s)" % (why, det)
            declared_red.add(c)
        elif st == "pass" and why:
            st, det = "fail", "declared in ci/expected-disagreements.txt " \
                "but agrees now (remove the line): " + det
        put(c, st, det)
    # the summary is red for its red cells: if every one of them is
    # declared, it is not (a dead guest or lost lines still are)
    c, st, det = rows[0]
    m = re.match(r"\d+ cell\(s\) red \(([^)]*)\); ", det)
    if c == "conformance" and st == "fail" and m and \
            set(m.group(1).split(", ")) <= declared_red and \
            "the reader lost" not in det:
        put(c, "pass", "every red cell declared (%s); %s" % (
            m.group(1), det[m.end():]))


def explain(lines, i):
    """A splat line as the report shows it. A bare "Call Trace:" says
    nothing in one line (an RCU stall, an allocation failure and a
    dump_stack() all print one): give it the message the dump follows and
    its first frames, so that a failure in CI is told from its summary."""
    line = lines[i].strip()
    if "Call Trace" not in line:
        return line
    why = None
    for j in range(i - 1, max(i - 40, -1), -1):
        prev = lines[j].strip()
        if not prev or prev.startswith("|") or DUMP_HEAD.search(prev):
            continue
        why = prev
        break
    frames = []
    for nxt in lines[i + 1:i + 12]:
        m = FRAME.search(nxt)
        if m:
            frames.append(m.group(1))
        if len(frames) == 4:
            break
    out = line
    if why:
        out += " after \"%s\"" % why[:160]
    if frames:
        out += " in " + " < ".join(frames)
    return out


def parse(arch, lines, own_dir=None, hostcheck=None, conf=None,
          extra=None, extra_hc=None, extra_conf=None, silent_conf=None):
    rows = {}
    order = []
    ended = False
    wedged = None
    in_dmesg = False
    splats = []
    expect = read_pairs(own_dir and os.path.join(own_dir, "expect.txt"))
    # EXTRA's modules (make matrix EXTRA=DIR): the same cells, "extra:"
    xexpect = read_pairs(extra and os.path.join(extra, "expect.txt"))
    # our silent variants (OWN/silent): "silent:" cells, loaded after the
    # byte conformance and compared as EXTRA's (conformance-silent)
    sexpect = read_pairs(own_dir and os.path.join(own_dir, "silent",
                                                  "expect.txt"))
    allowed = [t for v, t in list(expect.values()) + list(xexpect.values())
               + list(sexpect.values()) if v == "refuse" and t]

    def put(check, status, detail):
        if check not in rows:
            order.append(check)
        rows[check] = (status, detail)

    blks = kallsyms.blocks(lines)
    dumplines = kallsyms.inside(blks, lines)
    kmsgs = []      # the kernel log the guest dumped at the end
    # a refusal that dumps the stack first: from the line before the dump
    # to the refusal's own line, a splat is the refusal's when that
    # refusal is expected (STACK_DUMPS)
    held_dump = None
    dump_end = None
    for i, line in enumerate(lines):
        if i in dumplines:
            continue    # base64 may spell anything, "Oops" too
        line = line.rstrip("\r\n")
        if "KLPCI-END" in line and not line.startswith("  | "):
            ended = True
            continue
        m = WEDGED.search(line)
        if m and not in_dmesg:
            wedged = m.group(1)
            continue
        if "KLPCI-DMESG-BEGIN" in line:
            in_dmesg = True
            continue
        if "KLPCI-DMESG-END" in line:
            in_dmesg = False
            continue
        if in_dmesg:
            kmsgs.append(line)
        m = RESULT.search(line)
        if m and not in_dmesg:
            put(m.group(1), m.group(2), m.group(3))
            continue
        # kselftest output is echoed with "  | "; the kernel's own lines
        # (console and the dmesg dump) are what a splat shows up in
        if line.startswith("  | "):
            continue
        starts = [e for b, e in STACK_DUMPS if b in line]
        if starts:
            held_dump, dump_end = [], starts[0]
        elif held_dump is not None and re.search(dump_end, line):
            if not any(a in line for a in allowed):
                splats.extend(held_dump)
            held_dump = None
        if SPLAT.search(line) and not any(a in line for a in allowed):
            if held_dump is not None:
                held_dump.append(explain(lines, i))
            else:
                splats.append(explain(lines, i))
    splats.extend(held_dump or [])

    never = "no result: the guest never got there"
    if wedged:
        never = "not run: the kernel oopsed at %s (the task died holding " \
            "its locks; anything after it would hang)" % wedged
    for c in expected_cells(own_dir):
        if c not in rows:
            put(c, "fail", never)
    for ko in expect:
        if "own:" + ko not in rows:
            put("own:" + ko, "fail", never)
    if extra and not xexpect:
        put("extra", "fail", "no expect.txt in " + extra)
    for ko in xexpect:
        if "extra:" + ko not in rows:
            put("extra:" + ko, "fail", never)
    for ko in sexpect:
        if "silent:" + ko not in rows:
            put("silent:" + ko, "fail", never)

    # /proc/kallsyms as the guest's root read it before the patches
    patches = hostcheck and [k for k, v in read_pairs(os.path.join(
        hostcheck, FORMS[0] + ".txt")).items() if v[0] != "n/a"]
    if blks or patches:
        oks, dets = [], []
        for b in blks:
            ok, det, _, _ = kallsyms.check(b)
            oks.append(ok)
            dets.append("before %s: %s" % (b["ko"], det))
        if not blks:
            put("kallsyms", "fail", "the guest printed no /proc/kallsyms "
                "dump before its patches")
        else:
            put("kallsyms", "pass" if all(oks) else "fail", "; ".join(dets))

    # our samples: `klpreloc check` on the host, in each form the symbols
    # come in, must agree with the guest's kernel: the verdict, and for a
    # refusal the message
    if expect and hostcheck:
        hostcells(arch, put, rows, expect, own_dir, hostcheck, kmsgs)

    if xexpect and extra_hc:
        hostcells(arch, put, rows, xexpect, extra, extra_hc, kmsgs,
                  "extra")

    # the byte conformance and its stress cycles
    if extra_conf:
        conformance_cells(arch, put, extra_conf, summary="conformance-extra")
    if silent_conf:
        conformance_cells(arch, put, silent_conf,
                          summary="conformance-silent")
    if conf:
        conformance_cells(arch, put, conf)
        if splats and rows.get("stress", ("",))[0] == "pass":
            put("stress", "fail", "the kernel log has a splat: %s; the "
                "cycles themselves: %s" % (splats[0].strip(),
                                           rows["stress"][1]))
        elif rows.get("stress", ("",))[0] == "pass":
            put("stress", "pass", rows["stress"][1] + "; no splat")

    put("no-splat", "fail" if splats else "pass",
        "; ".join(list(dict.fromkeys(s.strip() for s in splats))[:3])
        if splats else
        "no WARNING/BUG/Oops/Call Trace/panic in the kernel log")
    if not ended:
        tail = " / ".join([l.rstrip() for i, l in enumerate(lines)
                           if i not in dumplines or
                           not kallsyms.B64.match(l.strip())][-15:])
        put("completed", "fail", "no end marker (hung or crashed guest); "
            "console tail: " + tail)
    else:
        put("completed", "pass", "end marker seen")

    out = []
    for c in order:
        st, det = rows[c]
        if st == "skip":
            reason = declared(arch, c)
            if reason:
                det = "declared: " + reason + " (guest: " + det + ")"
            else:
                st, det = "fail", "undeclared skip: " + det
        out.append((c, st, det))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    arch, log = sys.argv[1], sys.argv[2]
    own = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    hc = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
    conf = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None
    extra = [a if a else None for a in sys.argv[6:10]]
    extra += [None] * (4 - len(extra))
    if own and not os.path.exists(os.path.join(own, "expect.txt")):
        own = None
    try:
        with open(log, errors="replace") as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    for c, st, det in parse(arch, lines, own, hc, conf, *extra):
        print("%s\t%s\t%s" % (c, st, det.replace("\t", " ")))


if __name__ == "__main__":
    main()
