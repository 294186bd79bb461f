#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ci/report.py OUTDIR ARCH...: gather OUTDIR/ARCH/results.tsv and
OUTDIR/ARCH/times.tsv into a table on the terminal, OUTDIR/report.md and
OUTDIR/junit.xml. Exit 1 if any cell failed (declared skips and declared
disagreements are not failures), 0 otherwise. OUTDIR/ARCH/series.txt
(ci/kernel.sh: "applied|omitted PATCH") says what the kernel carries: a
patch left out (KLP_SERIES_OMIT) is named in the report and in every red
cell of that arch."""
import os
import sys
from xml.sax.saxutils import escape, quoteattr

MARK = {"pass": "PASS", "fail": "FAIL", "skip": "skip*", "xfail": "xfail*",
        None: "-"}
STAGES = ["deps", "kernel", "modules", "initramfs", "boot", "hostcheck",
          "conformance", "total"]
# ci/conformance.py's summary.tsv: (key, column heading)
CONF = [("sites", "sites compared"), ("sites_equal", "equal"),
        ("sites_differ", "differ"), ("excluded", "excluded"),
        ("entries", "PLT/stub/GOT entries"), ("entries_differ", "differ"),
        ("symbols", "klp symbols"), ("symbols_differ", "differ"),
        ("sections", "sections"), ("sections_differ", "differ"),
        ("cycles", "stress cycles"), ("guest_seconds", "guest seconds")]


def read_conf(out, arch):
    """the byte conformance summary of an arch, {} without one"""
    d = {k: v for k, v in read_tsv(os.path.join(out, arch, "conformance",
                                                "summary.tsv"), 2)}
    for k, e in (("sites_differ", ("sites", "sites_equal")),
                 ("entries_differ", ("entries", "entries_equal")),
                 ("symbols_differ", ("symbols", "symbols_equal"))):
        try:
            d[k] = str(int(d[e[0]]) - int(d[e[1]]))
        except (KeyError, ValueError):
            pass
    return d


def read_tsv(path, n):
    rows = []
    if os.path.exists(path):
        with open(path, errors="replace") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) >= n:
                    rows.append(p[:n - 1] + ["\t".join(p[n - 1:])])
    return rows


def read_series(out, arch):
    """({"applied": [...], "omitted": [...]}) of the arch's kernel"""
    d = {"applied": [], "omitted": []}
    path = os.path.join(out, arch, "series.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) == 2 and p[0] in d:
                    d[p[0]].append(p[1])
    return d


def series_notes(arches, series):
    """one line per arch whose kernel carries a series"""
    out = []
    for a in arches:
        d = series[a]
        if d["omitted"]:
            out.append("%s: the kernel is built WITHOUT %s (KLP_SERIES_OMIT, "
                       "the proof variant: its red cells show what the "
                       "missing patch does); applied: %s" % (
                           a, ", ".join(d["omitted"]),
                           ", ".join(d["applied"]) or "none"))
        elif d["applied"]:
            out.append("%s: the kernel carries %s" % (
                a, ", ".join(d["applied"])))
    return out


def main():
    out, arches = sys.argv[1], sys.argv[2:]
    res, times, checks = {}, {}, []
    series = {a: read_series(out, a) for a in arches}
    for a in arches:
        res[a] = {}
        rows = read_tsv(os.path.join(out, a, "results.tsv"), 3)
        if not rows:
            rows = [["kernel", "fail", "no results.tsv: the run stopped"]]
        lacks = series[a]["omitted"]
        for c, st, det in rows:
            if st == "fail" and lacks:
                det += " [this kernel lacks %s: KLP_SERIES_OMIT]" % \
                    ", ".join(lacks)
            res[a][c] = (st, det)
            if c not in checks:
                checks.append(c)
        times[a] = {s: t for s, t in read_tsv(os.path.join(out, a,
                                                           "times.tsv"), 2)}
    failed = [(a, c, res[a][c][1]) for a in arches for c in checks
              if c in res[a] and res[a][c][0] == "fail"]
    skipped = [(a, c, res[a][c][1]) for a in arches for c in checks
               if c in res[a] and res[a][c][0] == "skip"]
    xfailed = [(a, c, res[a][c][1]) for a in arches for c in checks
               if c in res[a] and res[a][c][0] == "xfail"]

    w = max([len(c) for c in checks] + [5])
    w = min(w, 56)
    term = ["%-*s %s" % (w, "check", " ".join("%-8s" % a for a in arches))]
    for c in checks:
        cells = [MARK[res[a].get(c, (None,))[0]] for a in arches]
        term.append("%-*s %s" % (w, c[:w], " ".join("%-8s" % x
                                                   for x in cells)))
    term.append("")
    term.append("%-*s %s" % (w, "stage seconds",
                             " ".join("%-8s" % a for a in arches)))
    for s in STAGES:
        term.append("%-*s %s" % (w, s, " ".join(
            "%-8s" % times[a].get(s, "-") for a in arches)))
    conf = {a: read_conf(out, a) for a in arches}
    if any(conf.values()):
        term.append("")
        term.append("%-*s %s" % (w, "byte conformance",
                                 " ".join("%-8s" % a for a in arches)))
        for k, h in CONF:
            term.append("%-*s %s" % (w, h, " ".join(
                "%-8s" % conf[a].get(k, "-") for a in arches)))
    term.append("")
    notes = series_notes(arches, series)
    term += notes
    term.append("skip* = declared in ci/expected-skips.txt, xfail* = "
                "declared in ci/expected-disagreements.txt")
    for a, c, det in xfailed:
        term.append("xfail %s %s: %s" % (a, c, det[:300]))
    for a, c, det in failed:
        # a failure's line is what a CI summary has to go on: room for
        # the kernel's words (ci/parse.py's splats, the guest's log tail)
        term.append("FAIL %s %s: %s" % (a, c, det[:800]))
    term.append("%d cells: %d failed, %d declared skips, %d declared "
                "disagreements" % (sum(len(res[a]) for a in arches),
                                   len(failed), len(skipped), len(xfailed)))
    print("\n".join(term))

    md = ["# klpreloc QEMU matrix", ""] + \
        (["## Kernel patches", ""] + ["- " + n for n in notes] + [""]
         if notes else []) + [
          "| check | " + " | ".join(arches) + " |",
          "|---|" + "---|" * len(arches)]
    for c in checks:
        md.append("| %s | %s |" % (c, " | ".join(
            MARK[res[a].get(c, (None,))[0]] for a in arches)))
    md += ["", "## Stage wall times (seconds)", "",
           "| stage | " + " | ".join(arches) + " |",
           "|---|" + "---|" * len(arches)]
    for s in STAGES:
        md.append("| %s | %s |" % (s, " | ".join(
            times[a].get(s, "-") for a in arches)))
    if any(conf.values()):
        md += ["", "## Byte conformance (ci/out/ARCH/conformance.tsv)", "",
               "klpreloc apply's prediction against the bytes each kernel "
               "wrote (Documentation/conformance.md): klp relocation sites "
               "in every recorded stage, excluded ones by "
               "ci/conformance-exclusions.txt; PLT/stub/GOT entries; the "
               "klp symbols' values; the sections of the records with the "
               "layout; the reload cycles with the patch enabled.", "",
               "| arch | " + " | ".join(h for _, h in CONF) +
               " | families seen |",
               "|---|" + "---|" * (len(CONF) + 1)]
        for a in arches:
            c = conf[a]
            md.append("| %s | %s | %s |" % (a, " | ".join(
                c.get(k, "-") for k, _ in CONF), c.get("families", "-")))
    md += ["", "## Failures", ""]
    md += ["- **%s %s**: %s" % (a, c, d.replace("|", "\\|"))
           for a, c, d in failed] or ["none"]
    md += ["", "## Declared skips", ""]
    md += ["- %s %s: %s" % s for s in skipped] or ["none"]
    md += ["", "## Declared disagreements (ci/expected-disagreements.txt)",
           ""]
    md += ["- %s %s: %s" % (a, c, d.replace("|", "\\|"))
           for a, c, d in xfailed] or ["none"]
    md += ["", "## All cells", ""]
    for a in arches:
        md += ["### " + a, "", "Console log: `%s/console.log`" % a, ""]
        for c in checks:
            if c in res[a]:
                md.append("- %s %s: %s" % (MARK[res[a][c][0]], c,
                                           res[a][c][1]))
        md.append("")
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")

    x = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for a in arches:
        nf = sum(1 for c in res[a] if res[a][c][0] == "fail")
        ns = sum(1 for c in res[a] if res[a][c][0] in ("skip", "xfail"))
        x.append('  <testsuite name=%s tests="%d" failures="%d" '
                 'skipped="%d" time=%s>' % (quoteattr("matrix." + a),
                                            len(res[a]), nf, ns,
                                            quoteattr(times[a].get("total",
                                                                   "0"))))
        for c in checks:
            if c not in res[a]:
                continue
            st, det = res[a][c]
            x.append('    <testcase classname=%s name=%s>' % (
                quoteattr("matrix." + a), quoteattr(c)))
            if st == "fail":
                x.append('      <failure message=%s/>' % quoteattr(det[:2000]))
            elif st in ("skip", "xfail"):
                x.append('      <skipped message=%s/>' % quoteattr(det))
            else:
                x.append('      <system-out>%s</system-out>' % escape(det))
            x.append('    </testcase>')
        x.append('  </testsuite>')
    x.append("</testsuites>")
    with open(os.path.join(out, "junit.xml"), "w") as f:
        f.write("\n".join(x) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
