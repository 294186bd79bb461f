#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ci/parse.py ARCH CONSOLE_LOG [OWN_DIR HOSTCHECK]: turn a guest console
log into result rows "check<TAB>status<TAB>detail" on stdout; status is
pass, fail or skip (skip only when declared in ci/expected-skips.txt, else
it is turned into fail). Trusts nothing not seen before the end marker: a
hung or crashed guest fails with the console tail. OWN_DIR holds our own
samples' expect.txt/check.txt; HOSTCHECK the verdicts `klpreloc check` gave
on the host ("NAME.ko load|refuse|error ...")."""
import os
import re
import sys

CI = os.path.dirname(os.path.abspath(__file__))
KSELFTESTS = ["test-livepatch.sh", "test-callbacks.sh",
              "test-shadow-vars.sh", "test-state.sh", "test-ftrace.sh",
              "test-sysfs.sh", "test-syscall.sh"]
EXPECTED = ["booted", "sample", "module"] + KSELFTESTS
SPLAT = re.compile(r"WARNING:|BUG:|Oops|Call Trace|Kernel panic")
RESULT = re.compile(r"KLPCI: (\S+) (pass|fail|skip)\b ?(.*)")


def declared(arch, check, path=os.path.join(CI, "expected-skips.txt")):
    try:
        with open(path) as f:
            for line in f:
                p = line.rstrip("\n").split(" ", 2)
                if len(p) == 3 and not line.startswith("#") and \
                        p[0] == arch and p[1] == check:
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


def parse(arch, lines, own_dir=None, hostcheck=None):
    rows = {}
    order = []
    ended = False
    in_dmesg = False
    splats = []
    expect = read_pairs(own_dir and os.path.join(own_dir, "expect.txt"))
    allowed = [t for v, t in expect.values() if v == "refuse" and t]

    def put(check, status, detail):
        if check not in rows:
            order.append(check)
        rows[check] = (status, detail)

    for line in lines:
        line = line.rstrip("\r\n")
        if "KLPCI-END" in line and not line.startswith("  | "):
            ended = True
            continue
        if "KLPCI-DMESG-BEGIN" in line:
            in_dmesg = True
            continue
        if "KLPCI-DMESG-END" in line:
            in_dmesg = False
            continue
        m = RESULT.search(line)
        if m and not in_dmesg:
            put(m.group(1), m.group(2), m.group(3))
            continue
        # kselftest output is echoed with "  | "; the kernel's own lines
        # (console and the dmesg dump) are what a splat shows up in
        if line.startswith("  | "):
            continue
        if SPLAT.search(line) and not any(a in line for a in allowed):
            splats.append(line)

    for c in EXPECTED:
        if c not in rows:
            put(c, "fail", "no result: the guest never got there")
    for ko in expect:
        if "own:" + ko not in rows:
            put("own:" + ko, "fail", "no result: the guest never got there")

    # our samples: `klpreloc check` on the host must agree with the guest,
    # unless check.txt declares the disagreement
    checkv = read_pairs(own_dir and os.path.join(own_dir, "check.txt"))
    host = read_pairs(hostcheck)
    for ko in expect:
        want = checkv.get(ko, expect[ko])[0]
        got = host.get(ko, ("missing", ""))[0]
        if got == "n/a":
            continue    # not a livepatch module: nothing to predict
        st, det = rows["own:" + ko]
        guest = expect[ko][0] if st == "pass" else "not " + expect[ko][0]
        if got == guest:
            det += "; klpreloc check: %s (agrees with the guest)" % got
        elif got == want and want != expect[ko][0]:
            # check.txt declares that klpreloc does not model this refusal
            det += "; klpreloc check: %s (declared in check.txt)" % got
        else:
            st = "fail"
            det += "; klpreloc check: %s (disagrees with the guest)" % got
        rows["own:" + ko] = (st, det)

    put("no-splat", "fail" if splats else "pass",
        "; ".join(s.strip() for s in splats[:3]) if splats else
        "no WARNING/BUG/Oops/Call Trace/panic in the kernel log")
    if not ended:
        tail = " / ".join(l.rstrip() for l in lines[-15:])
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
    hc = sys.argv[4] if len(sys.argv) > 4 else None
    if own and not os.path.exists(os.path.join(own, "expect.txt")):
        own = None
    try:
        with open(log, errors="replace") as f:
            lines = f.readlines()
    except FileNotFoundError:
        lines = []
    for c, st, det in parse(arch, lines, own, hc):
        print("%s\t%s\t%s" % (c, st, det.replace("\t", " ")))


if __name__ == "__main__":
    main()
