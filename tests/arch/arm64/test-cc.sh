#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compiler-made relocations against GNU ld: cc.c compiled with the arm64
# kernel's code-generation flags (-O2 and -Os), relocated by us with the
# three regions at fixed bases, and linked by aarch64-linux-gnu-ld with
# every section at the address our layout gave it (the addresses are an
# input to both sides; the relocated bytes are what is compared).
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/arm64/lib.sh"
W=$KLP_TMP
R=0xffff80007b200000
CSYMS=(kfunc=0xffff800080123450 kvar=0xffff800081234560
       kstr=0xffff800081200001 kbig=0xffff800081300008)
KFLAGS="-fno-pic -fno-pie -fno-common -mgeneral-regs-only
	-fno-asynchronous-unwind-tables -mbranch-protection=none
	-fno-strict-aliasing -fno-delete-null-pointer-checks"

for opt in -O2 -Os; do
	o=$W/cc$opt.o
	# shellcheck disable=SC2086
	${X}gcc $opt $KFLAGS -c "$ARM64_DIR/cc.c" -o "$o"
	ok $? "compile cc.c $opt"
	for t in ADR_PREL_PG_HI21 ADD_ABS_LO12_NC CALL26 ABS64 PREL32; do
		has_reloc "$o" $t
		ok $? "premise: cc$opt.o carries R_AARCH64_$t"
	done

	args=(--base text=$T --base data=$D --base rodata=$R
	      --base init_text=$IT)
	for s in "${CSYMS[@]}"; do args+=("--sym=$s"); done
	expect_exit 0 "relocate cc$opt.o" "$RELOCATE" "${args[@]}" --layout "$o"
	cp "$W/out" "$W/layout"

	# one output section per loaded input section, at our address
	{
		echo "SECTIONS {"
		while read -r _ name addr _; do
			# .symtab/.strtab: the loader's kallsyms tables
			case $name in .plt|.init.plt|.symtab|.strtab) continue ;; esac
			echo "  $name $addr : { *($name) }"
		done < <(grep '^sec ' "$W/layout")
		echo "  /DISCARD/ : { *(.plt) *(.init.plt) *(.note*) *(.comment) }"
		echo "}"
	} >"$W/cc.lds"
	ldargs=()
	for s in "${CSYMS[@]}"; do ldargs+=("--defsym=$s"); done
	${X}ld -e0 -T "$W/cc.lds" "${ldargs[@]}" "$o" -o "$W/cc.elf" \
		2>"$W/ld.err"
	ok $? "GNU ld links cc$opt.o at our section addresses"

	dumps=()
	secs=()
	while read -r _ name _ size; do
		case $name in .plt|.init.plt|.bss|.symtab|.strtab) continue ;; esac
		[ $((size)) -eq 0 ] && continue
		secs+=("$name")
		dumps+=("--dump-sec=$name=$W/our$name")
	done < <(grep '^sec ' "$W/layout")
	"$RELOCATE" "${args[@]}" "${dumps[@]}" "$o" 2>"$W/err"
	ok $? "dump the relocated sections"
	for name in "${secs[@]}"; do
		${X}objcopy -O binary -j "$name" "$W/cc.elf" "$W/ld$name"
		cmp "$W/ld$name" "$W/our$name" >"$W/cmp" 2>&1
		ok $? "cc$opt.o $name identical to GNU ld"
		[ -s "$W/cmp" ] && sed 's/^/#   /' "$W/cmp"
	done
done

tap_done
