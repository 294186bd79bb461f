#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutation testing of the core and the backends: do the tests notice?

    tests/mutants.py [--list] [--only ID,...] [--quick] [--rev REV]
                     [--without TEST,...] [--keep] [-j N] [--timeout SECONDS]

Each mutation below is a one-line change to a rule of the core or of a
backend. For each one, in a scratch copy of the checkout as it is (or of
commit REV with --rev; the checkout itself is never written, so other
people's edits are safe and Ctrl-C leaves nothing behind):

  1. apply the change: SNIPPET must occur exactly once in FILE (white
     space is matched loosely), and OLD exactly once inside it;
  2. build unsanitized: make O=build/mutate test-bins;
  3. run tests/run.sh build/mutate with KLP_FAIL_FAST=1 (stop at the
     first failing test): every test that passed unmutated, or with
     --quick only the mutation's own TESTS;
  4. restore the file.

A mutation is "caught" when a test that passed unmutated fails (or the
run times out). Anything else is reported: "SURVIVED" (no test noticed),
"NOT FOUND" / "NOT UNIQUE" (the snippet no longer matches the source:
update the list, it is never counted as caught) and "BUILD FAILED" (the
change does not compile: not a useful mutation). Tests that fail before
any mutation are left out and listed. Exit status: 0 every mutation
caught, 1 otherwise, 2 the baseline could not be built.

Not part of `make check` (it takes a while: a build and up to one full
test run per mutation); `make mutate` runs it.
"""
import argparse
import fnmatch
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
O = 'build/mutate'

KSYMS = ['tests/core/test-ksyms', 'tests/core/test-rules.sh']
FIXT = ['tests/fixtures/test-fixtures.sh']


class M:
    """FILE, the snippet that locates the change, OLD -> NEW within it."""

    def __init__(self, ident, path, snippet, old, new, why, tests):
        self.id, self.path, self.snippet = ident, path, snippet
        self.old, self.new, self.why, self.tests = old, new, why, tests


MUTATIONS = [
    # ---- the core: symbol resolution (kernel/livepatch/core.c rules)
    M('ksyms-pos-late', 'kernel/livepatch/kallsyms.c',
      'if ((pos && n == pos) || (!pos && n > 1))',
      'n == pos)', 'n == pos + 1)',
      'sympos counting stops one symbol late: ",1" of a name listed '
      'twice is refused', KSYMS),
    M('ksyms-ambiguous-3', 'kernel/livepatch/kallsyms.c',
      'if (n > 1 && pos == 0)\n\t\treturn KLP_FIND_AMBIGUOUS;',
      'n > 1', 'n > 2',
      'sympos 0 of a name listed twice is not ambiguous', KSYMS + FIXT),
    M('ksyms-badpos-off', 'kernel/livepatch/kallsyms.c',
      'if (pos && pos != n)\n\t\treturn KLP_FIND_BAD_POS;',
      'pos && pos != n', 'pos && pos > n + 1',
      'a sympos one past the last occurrence resolves', KSYMS + FIXT),
    M('ksyms-core-filter-off', 'kernel/livepatch/kallsyms.c',
      'if (strcmp(s->name, name) || (core_only && !s->core))',
      '(core_only && !s->core)', '(core_only && !s->core && 0)',
      'klp_ksyms_find ignores core_only: a target loaded before the '
      'patch shows its init symbols', KSYMS),
    M('core-core-only-flag', 'kernel/livepatch/core.c',
      'r = klp_ksyms_find(o, name, pos, objname && c->core_only, addr,',
      'objname && c->core_only', 'false',
      'find_object_symbol never asks for core kallsyms', KSYMS),
    M('flow-first-not-core', 'kernel/livepatch/flow.c',
      '{ me, ks, true, "target loaded first",',
      'true', 'false',
      'the target loaded before the patch is walked with its whole '
      'symbol table', KSYMS),
    M('core-symbol-init', 'kernel/livepatch/kallsyms.c',
      'm->secs[s->st_shndx].mem >= KLP_MEM_INIT_TEXT)',
      '>= KLP_MEM_INIT_TEXT', '> KLP_MEM_INIT_TEXT',
      'is_core_symbol keeps .init.text symbols', KSYMS),
    M('core-symbol-no-all', 'kernel/livepatch/kallsyms.c',
      '(!all && !(sh->sh_flags & SHF_EXECINSTR)) ||',
      '!all && ', '',
      'is_core_symbol drops data symbols even with KALLSYMS_ALL', KSYMS),
    M('ppc64-init-not-core', 'arch/powerpc/module.c',
      'static bool ppc64_module_init_section(const char *name)\n{\n'
      '\treturn false;',
      'return false;', 'return !strncmp(name, ".init", 5);',
      'ppc64 puts .init sections in init memory (6.12 keeps them in '
      'core)', KSYMS + ['tests/arch/powerpc/*']),
    # ---- the core: names and versions
    M('ksym-name-len-6.2', 'kernel/livepatch/names.c',
      'return kver >= KLP_KVER(6, 1) ? KLP_KSYM_NAME_LEN : 128;',
      'KLP_KVER(6, 1)', 'KLP_KVER(6, 2)',
      'KSYM_NAME_LEN 512 from 6.2 instead of 6.1', KSYMS),
    M('ksym-name-len-off-by-one', 'kernel/livepatch/names.c',
      "n = scan_set(name, ',', (size_t)klp_ksym_name_len(kver) - 1, sym);",
      'klp_ksym_name_len(kver) - 1', 'klp_ksym_name_len(kver)',
      'a symbol name of KSYM_NAME_LEN characters parses', KSYMS + FIXT),
    M('rela-objname-56', 'kernel/livepatch/names.c',
      'name += strlen(RELA_PREFIX);\n'
      '\tn = scan_set(name, \'.\', KLP_MODULE_NAME_LEN - 1, obj);',
      'KLP_MODULE_NAME_LEN - 1', 'KLP_MODULE_NAME_LEN',
      'a 56-character object name in a .klp.rela section is whole',
      KSYMS + FIXT),
    M('sym-objname-56', 'kernel/livepatch/names.c',
      'name += strlen(SYM_PREFIX);\n'
      '\tn = scan_set(name, \'.\', KLP_MODULE_NAME_LEN - 1, obj);',
      'KLP_MODULE_NAME_LEN - 1', 'KLP_MODULE_NAME_LEN',
      'a 56-character object name in a .klp.sym symbol parses',
      KSYMS + FIXT),
    M('vmlinux-from-module-sec', 'kernel/livepatch/core.c',
      'if (!sec_vmlinux && sym_vmlinux) {',
      '!sec_vmlinux && sym_vmlinux', '!sec_vmlinux && sym_vmlinux && 0',
      'a module klp section may use vmlinux symbols', KSYMS + FIXT),
    M('not-livepatch-sym', 'kernel/livepatch/core.c',
      'if (sym->st_shndx != SHN_LIVEPATCH) {\n\t\t\tklp_kerr(',
      'sym->st_shndx != SHN_LIVEPATCH', '0',
      'a klp relocation against an ordinary symbol is accepted',
      KSYMS + FIXT),
    M('clear-since-6.4', 'kernel/livepatch/core.c',
      'me->opts->kver >= KLP_KVER(6, 3);',
      'KLP_KVER(6, 3)', 'KLP_KVER(6, 4)',
      'klp_clear_object_relocs() from 6.4 instead of 6.3',
      ['tests/arch/x86/*', 'tests/arch/*/test-reapply'] + KSYMS),
    M('init-section-none', 'kernel/livepatch/layout.c',
      'return !strncmp(name, ".init", 5);',
      '!strncmp(name, ".init", 5)', 'false',
      'the generic module_init_section() keeps .init* in core memory',
      KSYMS),
    # ---- x86_64
    M('x86-pc-off-by-one', 'arch/x86/reloc.c',
      'val -= loc;\t/* S + A - P */',
      'val -= loc;', 'val -= loc + 1;',
      'x86_64 PC32/PLT32/PC64: S + A - P - 1', ['tests/arch/x86/*']),
    M('x86-32s-range', 'arch/x86/reloc.c',
      '(type == R_X86_64_32S && !klp_fits_signed((int64_t)val, 32)))',
      '(int64_t)val, 32)', '(int64_t)val, 33)',
      'x86_64 R_X86_64_32S overflow check one bit too wide',
      ['tests/arch/x86/*']),
    M('x86-nonzero-target', 'arch/x86/reloc.c',
      'if (memcmp(cur, apply ? zero : want, size)) {',
      'apply ? zero : want', 'apply ? cur : want',
      'x86_64 apply no longer refuses a nonzero target',
      ['tests/arch/x86/*']),
    # ---- s390x
    M('s390-pc-off-by-two', 'arch/s390/reloc.c',
      'case S390_PC:\n\t\tval += add - loc;',
      'val += add - loc;', 'val += add - loc + 2;',
      's390x PC relocations: S + A - P + 2', ['tests/arch/s390/*']),
    M('s390-gotpc', 'arch/s390/reloc.c',
      'val = got + add - loc;',
      'got + add', 'got + add + 8',
      's390x GOTPC: GOT + A - P + 8', ['tests/arch/s390/*']),
    M('s390-halfword-align', 'arch/s390/reloc.c',
      'if (val & ((1ULL << h->shift) - 1))\n\t\treturn 1;',
      'val & ((1ULL << h->shift) - 1)', '0',
      's390x: an odd *DBL displacement is no longer refused',
      ['tests/arch/s390/*']),
    # ---- ppc64le
    M('ppc64-rel24-range', 'arch/powerpc/reloc.c',
      'if (value + 0x2000000 > 0x3ffffff || (value & 3) != 0) {',
      'value + 0x2000000 > 0x3ffffff', 'value + 0x1000000 > 0x1ffffff',
      'ppc64le REL24 range halved', ['tests/arch/powerpc/*']),
    M('ppc64-toc16-ha', 'arch/powerpc/reloc.c',
      'value -= r2;\n\t\tvalue = (value + 0x8000) >> 16;',
      '(value + 0x8000) >> 16', 'value >> 16',
      'ppc64le TOC16_HA without the carry of the low half',
      ['tests/arch/powerpc/*']),
    M('ppc64-rel64', 'arch/powerpc/reloc.c',
      'return ppc64_put64(me, loc, value - loc) ? -EFAULT : 0;',
      'value - loc', 'value - loc + 4',
      'ppc64le REL64: S + A - P + 4', ['tests/arch/powerpc/*']),
    # ---- arm64
    # (rounding S + A down is not a mutation: X >> 12 is the same)
    M('arm64-page', 'arch/arm64/reloc.c',
      'return (val & ~0xfffULL) - (place & ~0xfffULL);',
      '(place & ~0xfffULL)', 'place',
      'arm64 ADRP: P not rounded down to its page',
      ['tests/arch/arm64/*']),
    M('arm64-prel', 'arch/arm64/reloc.c',
      'case OP_PREL:\n\t\treturn val - place;',
      'return val - place;', 'return val - place + 4;',
      'arm64 PC-relative: S + A - P + 4', ['tests/arch/arm64/*']),
    M('arm64-abs-signed-range', 'arch/arm64/reloc.c',
      'return klp_fits_signed(sval, ri->len) ? 0 : -ERANGE;',
      'klp_fits_signed(sval, ri->len)', 'klp_fits_signed(sval, ri->len + 1)',
      'arm64 PREL16/32 overflow check one bit too wide',
      ['tests/arch/arm64/*']),
]


def loose(text):
    """A regex for text with any run of white space matching any other."""
    return r'\s+'.join(re.escape(t) for t in text.split())


def mutate_source(src, m):
    """(new source, None) or (None, why it cannot be applied)."""
    hits = list(re.finditer(loose(m.snippet), src))
    if not hits:
        return None, 'NOT FOUND'
    if len(hits) > 1:
        return None, 'NOT UNIQUE (%d matches)' % len(hits)
    h = hits[0]
    span = src[h.start():h.end()]
    inner = list(re.finditer(loose(m.old), span))
    if len(inner) != 1:
        return None, 'NOT FOUND' if not inner else 'NOT UNIQUE (old)'
    i = inner[0]
    new = span[:i.start()] + m.new + span[i.end():]
    return src[:h.start()] + new + src[h.end():], None


def tree_files():
    """The checkout's files as they are now: tracked and new, not ignored."""
    try:
        out = subprocess.run(['git', '-C', TOP, 'ls-files', '-z', '--cached',
                              '--others', '--exclude-standard'],
                             check=True, capture_output=True).stdout
        files = [f for f in out.decode().split('\0') if f]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk(TOP):
            rel = os.path.relpath(d, TOP)
            dirs[:] = [x for x in dirs if not x.startswith('.') and
                       os.path.join(rel, x) not in ('./build', './ci/out')]
            files += [os.path.normpath(os.path.join(rel, n)) for n in names]
    return sorted(f for f in set(files)
                  if os.path.isfile(os.path.join(TOP, f)) and
                  not f.startswith(('build/', 'ci/out/')))


def copy_tree(dst, rev):
    if rev:
        git = subprocess.Popen(['git', '-C', TOP, 'archive', rev],
                               stdout=subprocess.PIPE)
        subprocess.run(['tar', '-x', '-C', dst], stdin=git.stdout,
                       check=True)
        git.stdout.close()
        if git.wait():
            raise SystemExit('mutants: git archive %s failed' % rev)
        return
    for f in tree_files():
        os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(TOP, f), os.path.join(dst, f))


def run(cmd, cwd, timeout, env=None):
    """(exit status or None on timeout, output). Kills only its own group."""
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode(errors='replace')
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return None, out.decode(errors='replace')
    except BaseException:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        raise


def build(tree, jobs, timeout):
    return run(['make', '-s', '--no-print-directory', 'O=' + O,
                '-j%d' % jobs, 'test-bins'], tree, timeout)


RESULT = re.compile(r'^(\S+)\s+(\d+) passed\s+(\d+) failed\s+(\d+) skipped')


def run_tests(tree, names, timeout, fail_fast):
    env = dict(os.environ, KLP_FAIL_FAST='1' if fail_fast else '0')
    rc, out = run(['bash', 'tests/run.sh', O] + names, tree, timeout, env)
    results = {}
    for line in out.splitlines():
        r = RESULT.match(line)
        if r:
            results[r.group(1)] = int(r.group(3)) == 0
    return rc, out, results


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split('\n\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--list', action='store_true',
                    help='list the mutations and whether each applies')
    ap.add_argument('--only', default='',
                    help='comma-separated mutation ids (fnmatch patterns)')
    ap.add_argument('--quick', action='store_true',
                    help="run only each mutation's own tests, not all")
    ap.add_argument('--rev', default='',
                    help='test this commit (git archive), not the '
                    'working tree')
    ap.add_argument('--without', default='',
                    help='comma-separated tests (fnmatch patterns on the '
                    'names run.sh prints) to leave out: what would the '
                    'rest catch?')
    ap.add_argument('--keep', action='store_true',
                    help='keep the scratch tree (its path is printed)')
    ap.add_argument('-j', type=int, default=2, help='make jobs (2)')
    ap.add_argument('--timeout', type=int, default=900,
                    help='seconds per test run (900); a hang is caught')
    a = ap.parse_args()

    chosen = MUTATIONS
    if a.only:
        pats = [p for p in a.only.split(',') if p]
        chosen = [m for m in MUTATIONS
                  if any(fnmatch.fnmatchcase(m.id, p) for p in pats)]
        if not chosen:
            print('mutants: no mutation matches --only %s' % a.only)
            return 2

    if a.list:
        bad = 0
        for m in chosen:
            if a.rev:
                src = subprocess.run(['git', '-C', TOP, 'show',
                                      '%s:%s' % (a.rev, m.path)],
                                     capture_output=True,
                                     text=True).stdout
            else:
                with open(os.path.join(TOP, m.path)) as f:
                    src = f.read()
            _, err = mutate_source(src, m)
            bad += err is not None
            print('%-26s %-28s %s' % (m.id, m.path, err or 'applies'))
            print('%26s %s' % ('', m.why))
        return 1 if bad else 0

    tree = tempfile.mkdtemp(prefix='klpreloc-mutants.')
    status = {}
    current = None           # (path, original text) while mutated
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        print('mutants: scratch tree %s, objects in %s' % (tree, O))
        copy_tree(tree, a.rev)
        t0 = time.time()
        rc, out = build(tree, a.j, a.timeout)
        if rc != 0:
            print(out[-3000:])
            print('mutants: the unmutated tree does not build')
            return 2
        rc, out, base = run_tests(tree, [], a.timeout * 3, False)
        without = [p for p in a.without.split(',') if p]
        good = sorted(n for n, ok in base.items() if ok and
                      not any(fnmatch.fnmatchcase(n, p) for p in without))
        broken = sorted(n for n, ok in base.items() if not ok)
        print('mutants: baseline: %d tests pass, %d fail (%ds)' %
              (len(good), len(broken), time.time() - t0))
        for n in broken:
            print('mutants:   left out, fails unmutated: %s' % n)
        if not good:
            print(out[-3000:])
            return 2

        for m in chosen:
            path = os.path.join(tree, m.path)
            with open(path) as f:
                orig = f.read()
            src, err = mutate_source(orig, m)
            t0 = time.time()
            if err:
                status[m.id] = err
            else:
                sel = good
                if a.quick:
                    sel = [n for n in good
                           if any(fnmatch.fnmatchcase(n, p)
                                  for p in m.tests)]
                current = (path, orig)
                with open(path, 'w') as f:
                    f.write(src)
                rc, out = build(tree, a.j, a.timeout)
                if rc != 0:
                    status[m.id] = 'BUILD FAILED'
                    print('\n'.join('    ' + x for x in
                                    out.splitlines()[-8:]))
                elif not sel:
                    status[m.id] = 'NO TESTS SELECTED'
                else:
                    rc, out, res = run_tests(tree, sel, a.timeout, True)
                    failing = [n for n, ok in res.items() if not ok]
                    if rc is None:
                        status[m.id] = 'caught (timeout)'
                    elif failing:
                        status[m.id] = 'caught by ' + ', '.join(failing)
                    elif rc != 0:
                        status[m.id] = 'caught (run.sh exit %d)' % rc
                    else:
                        status[m.id] = 'SURVIVED'
                with open(path, 'w') as f:
                    f.write(orig)
                current = None
            print('%-26s %s  [%ds]' % (m.id, status[m.id],
                                       time.time() - t0), flush=True)
    except KeyboardInterrupt:
        print('\nmutants: interrupted')
        return 130
    finally:
        if current:
            with open(current[0], 'w') as f:
                f.write(current[1])
        if a.keep:
            print('mutants: kept %s' % tree)
        else:
            shutil.rmtree(tree, ignore_errors=True)

    missed = [i for i, s in status.items() if not s.startswith('caught')]
    print('\nmutants: %d of %d caught%s' %
          (len(status) - len(missed), len(status),
           ', quick (own tests only)' if a.quick else ''))
    for i in missed:
        m = next(x for x in MUTATIONS if x.id == i)
        print('  %s: %s - %s (%s)' % (status[i], i, m.why, m.path))
    return 1 if missed else 0


if __name__ == '__main__':
    sys.exit(main())
