#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# simplify_symbols() lets an undefined symbol pass when it is weak or when
# ignore_undef_symbol() says so; in 6.12 that is _GLOBAL_OFFSET_TABLE_ on
# x86 (EM_386 and EM_X86_64) only. Any other undefined name that no loaded
# module exports is "NAME: Unknown symbol SYM (err -2)" (kernel/module/main.c).
set -u
. "$TOPDIR/tests/lib/tap.sh"

T=$KLP_TMP
X=x86_64-linux-gnu-
D=$TOPDIR/tests/arch/x86
printf 'ffffffff81000000 T _stext\nffffffff81100000 T vfn\n' >"$T/sys.map"

# mk OUT [cpp args]: assemble got.S, make vfn a klp symbol
mk() {
	local out=$1
	shift
	${X}gcc -c "$@" -o "$T/$out.o" "$D/got.S" &&
		"$KLP_TOOLS/mkklp" -q -k vmlinux:vfn "$T/$out.o" "$T/$out.ko"
}
mk got && mk typo -DNAME=_GLOBAL_OFFSET_TABLE
ok $? "got.ko and a control with another undefined name assembled"
${X}readelf -sW "$T/got.ko" | grep -qE ' UND _GLOBAL_OFFSET_TABLE_$'
ok $? "premise: got.ko has _GLOBAL_OFFSET_TABLE_ undefined"
! ${X}readelf -rW "$T/got.ko" | grep -q _GLOBAL_OFFSET_TABLE_
ok $? "premise: ... and no relocation uses it"

expect_exit 0 "x86_64: an undefined _GLOBAL_OFFSET_TABLE_ is ignored" \
	"$KLPRELOC" check --target "$T/sys.map" "$T/got.ko"
! grep -q 'Unknown symbol' "$T/out"
ok $? "... no Unknown symbol"

expect_exit 1 "x86_64: another undefined name is refused" \
	"$KLPRELOC" check --target "$T/sys.map" "$T/typo.ko"
expect_grep "$T/out" "klp_got: Unknown symbol _GLOBAL_OFFSET_TABLE (err -2)" \
	"... as Unknown symbol"

# only x86 ignores it: the same object for ppc64le is refused
P=powerpc64le-linux-gnu-
{ printf '\t.abiversion 2\n\t.section .stubs,"ax",@nobits\n'
  cat "$D/got.S"; } >"$T/gotp.S" &&
	${P}gcc -c -o "$T/gotp.o" "$T/gotp.S" &&
	"$KLP_TOOLS/mkklp" -q -k vmlinux:vfn "$T/gotp.o" "$T/gotp.ko"
ok $? "the same module for ppc64le"
printf 'c000000000001000 T _stext\nc000000000100000 T vfn\n' >"$T/sysp.map"
expect_exit 1 "ppc64le: an undefined _GLOBAL_OFFSET_TABLE_ is refused" \
	"$KLPRELOC" check --target "$T/sysp.map" "$T/gotp.ko"
expect_grep "$T/out" "klp_got: Unknown symbol _GLOBAL_OFFSET_TABLE_ (err -2)" \
	"... as Unknown symbol"

tap_done
