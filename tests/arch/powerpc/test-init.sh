#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ppc64's module_init_section() returns false ("We don't handle .init for
# the moment", arch/powerpc/kernel/module_64.c): .init* sections go to core
# memory, and is_core_symbol() keeps their symbols in the kallsyms a module
# has after its init. So a klp relocation to a target module's init
# function resolves even when the target was loaded before the patch. On
# x86_64 (the generic rule) the same symbol is gone after init: "symbol
# 'tinit' not found in symbol table", the patch is refused.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

printf 'c000000000001000 T _stext\n' >"$T/sys.map"
${X}gcc -c -o "$T/tgt.ko" "$D/tgt.S"
ok $? "target module tgt: t1.. in .text, tinit in .init.text"

# the layout: .init.text inside the core text region, no init region
expect_exit 0 "relocate tgt.ko" "$RELOCATE" --arch ppc64le \
	--base text=0xc008000000010000 --layout "$T/tgt.ko"
read -r tb ts < <(awk '$1 == "mem" && $2 == "text" { print $3, $4 }' "$T/out")
ia=$(awk '$1 == "sec" && $2 == ".init.text" { print $3 }' "$T/out")
[ -n "$ia" ] && [ $((ia)) -ge $((tb)) ] && [ $((ia)) -lt $((tb + ts)) ]
ok $? ".init.text ($ia) lies in the core text region ($tb + $ts)"
# the only init region is layout_symtab()'s: the full .symtab and .strtab
in_init=
read -r ib is < <(awk '$1 == "mem" && $2 == "init_data" { print $3, $4 }' "$T/out")
while read -r kw name addr _; do
	[ "$kw" = sec ] && [ -n "$ib" ] && [ $((addr)) -ge $((ib)) ] &&
		[ $((addr)) -lt $((ib + is)) ] && in_init+="$name "
done <"$T/out"
[ "$(grep '^mem init_' "$T/out" | cut -d' ' -f2)" = init_data ] &&
	[ "$in_init" = ".symtab .strtab " ]
ok $? "no init region but init data, which holds only .symtab and .strtab"

${X}gcc -c -DNCALLS=1 -DINIT -o "$T/lp.o" "$D/reload.S" &&
	"$KLP_TOOLS/mkklp" -q -k tgt:t1 -k tgt:tinit "$T/lp.o" "$T/lp.ko"
ok $? "lp.ko: calls t1 and tinit of tgt through klp relocations"
expect_exit 0 "tgt loaded first: tinit still resolves, accepted" \
	"$KLPRELOC" check --target "$T/sys.map" --target-module tgt="$T/tgt.ko" \
	"$T/lp.ko"
! grep -qE 'error|warning' "$T/out"
ok $? "... no error, no warning"

# the generic rule, for contrast: x86_64 drops init symbols after init
XX=x86_64-linux-gnu-
printf '\t.section .modinfo,"a"\n\t.asciz "name=tgt"\n\t.text\n\t.globl t1\n\t.type t1,@function\nt1:\tret\n\t.section .init.text,"ax",@progbits\n\t.globl tinit\n\t.type tinit,@function\ntinit:\tret\n' >"$T/tgtx.S"
${XX}as -o "$T/tgtx.ko" "$T/tgtx.S" &&
	"$KLP_TOOLS/genklp" -a x86_64 -o "$T/lpx.ko" -n lpx \
		-s .klp.rela.tgt.text -r '.klp.sym.tgt.tinit,0'
ok $? "the same pair for x86_64"
printf 'ffffffff81000000 T _stext\n' >"$T/sysx.map"
expect_exit 1 "x86_64, tgt loaded first: tinit is gone, refused" \
	"$KLPRELOC" check --target "$T/sysx.map" --target-module tgt="$T/tgtx.ko" \
	"$T/lpx.ko"
expect_grep "$T/out" "livepatch: symbol 'tinit' not found in symbol table" \
	"with the kernel's message"

tap_done
