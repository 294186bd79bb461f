#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check leaves the regions' copies of relocation, symbol and string tables
# uncopied (verdict_only): nothing reads them, unless a relocation section
# targets one. Here a klp section relocates .strtab, whose bytes are not
# zero: x86's apply_relocate_add() refuses to write over them, and check
# must say so exactly as apply does (and as it did before verdict_only).
. "$TOPDIR/tests/lib/tap.sh"
G=$KLP_TOOLS/genklp
T=$KLP_TMP
cd "$T" || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81001000 T foo\n' >sys.map

# .strtab is section 5 of genklp's module; offset 1 is a name's first byte
"$G" -a x86_64 -o strtab.ko -s '.klp.rela.vmlinux.strtab:info=5' \
	-r '.klp.sym.vmlinux.foo,0:off=1' || exit 1
readelf -SW strtab.ko 2>/dev/null | grep -q '^ *\[ *5\] \.strtab '
ok $? "premise: section 5 is .strtab"

rc=0
"$KLPRELOC" check --target sys.map strtab.ko >check.out 2>&1 || rc=$?
[ $rc -eq 1 ] && grep -q 'rela 0: error: x86-nonzero-target: .*existing value is nonzero' check.out
ok $? "check: the relocation into .strtab meets its nonzero bytes (exit $rc)"
[ $rc -eq 1 ] || sed 's/^/#   /' check.out

rc=0
"$KLPRELOC" apply --target sys.map --out out strtab.ko >apply.out 2>&1 || rc=$?
[ $rc -eq 1 ] && [ ! -e out ] &&
	diff <(grep ': error: ' check.out) <(grep ': error: ' apply.out) >/dev/null
ok $? "apply gives the same errors and writes nothing (exit $rc)"

# a table nothing targets stays uncopied: the verdict does not change
"$G" -a x86_64 -o plain.ko -r '.klp.sym.vmlinux.foo,0' || exit 1
rc=0
"$KLPRELOC" check --target sys.map plain.ko >plain.out 2>&1 || rc=$?
[ $rc -eq 0 ]
ok $? "check: the same relocation into .text is accepted (exit $rc)"
tap_done
