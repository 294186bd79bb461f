#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every relocation type of 6.12's arm64 module loader against GNU ld:
# types.S is linked by aarch64-linux-gnu-ld at the bases relocate gets,
# and the .text/.data bytes must be identical. Then one object per
# out-of-range or misaligned case: ld must say "relocation truncated to
# fit" (the premise) and relocate must refuse with the kernel's message.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/arm64/lib.sh"
W=$KLP_TMP
mapfile -t LDSYMS < <(ld_syms)
mapfile -t RELSYMS < <(rel_syms)

${X}as "$ARM64_DIR/types.S" -o "$W/types.o"
ok $? "assemble types.S"

for t in ABS64 ABS32 ABS16 PREL64 PREL32 PREL16 \
	 MOVW_UABS_G0 MOVW_UABS_G0_NC MOVW_UABS_G1 MOVW_UABS_G1_NC \
	 MOVW_UABS_G2 MOVW_UABS_G2_NC MOVW_UABS_G3 \
	 MOVW_SABS_G0 MOVW_SABS_G1 MOVW_SABS_G2 \
	 MOVW_PREL_G0 MOVW_PREL_G0_NC MOVW_PREL_G1 MOVW_PREL_G1_NC \
	 MOVW_PREL_G2 MOVW_PREL_G2_NC MOVW_PREL_G3 \
	 LD_PREL_LO19 ADR_PREL_LO21 ADR_PREL_PG_HI21 ADR_PREL_PG_HI21_NC \
	 ADD_ABS_LO12_NC LDST8_ABS_LO12_NC LDST16_ABS_LO12_NC \
	 LDST32_ABS_LO12_NC LDST64_ABS_LO12_NC LDST128_ABS_LO12_NC \
	 TSTBR14 CONDBR19 JUMP26 CALL26; do
	has_reloc "$W/types.o" "$t"
	ok $? "premise: types.o carries R_AARCH64_$t"
done

mklds "$T" "$D" "$W/o.lds"
${X}ld -T "$W/o.lds" "${LDSYMS[@]}" "$W/types.o" -o "$W/types.elf" \
	2>"$W/ld.err"
ok $? "GNU ld links types.o at text=$T data=$D"
for s in text data; do
	${X}objcopy -O binary -j ".$s" "$W/types.elf" "$W/ld.$s"
done

for e in 0 1; do
	expect_exit 0 "relocate types.o (erratum 843419 workaround=$e)" \
		"$RELOCATE" --arch arm64 --arch-opt arm64.erratum-843419=$e \
		--base text=$T --base data=$D --base init_text=$IT "${RELSYMS[@]}" \
		--dump-sec .text="$W/our.text" --dump-sec .data="$W/our.data" \
		--layout "$W/types.o"
	grep -q "^sec .text $T " "$W/out"
	ok $? "premise: .text laid out at $T"
	for s in text data; do
		cmp "$W/ld.$s" "$W/our.$s" >"$W/cmp" 2>&1
		ok $? ".$s bytes identical to GNU ld (erratum=$e)"
		[ -s "$W/cmp" ] && sed 's/^/#   /' "$W/cmp"
	done
done

# case NAME SECTION ASM: a one-relocation object at offset 0 of SECTION
mkcase() {
	# (.data never empty: see the report about layout.c and empty regions)
	printf '\t.data\n\t.byte 0\n\t.balign 8\n\t.%s\n\t%s\n\t.section .plt,"ax",%%progbits\n\t.byte 0\n\t.section .init.plt,"ax",%%progbits\n\t.byte 0\n' \
		"$2" "$3" >"$W/$1.S"
	${X}as "$W/$1.S" -o "$W/$1.o"
}

# refuse KIND NAME SECTION ASM TYPE SYMVAL [WANT]
#  ovf:     ld truncates; we print the kernel's overflow line with val WANT
#  mis:     ld truncates; the kernel does not check, we refuse (ours)
refuse() {
	local kind=$1 name=$2 sec=$3 asm=$4 type=$5 val=$6 want=${7:-}
	local num

	mkcase "$name" "$sec" "$asm"
	has_reloc "$W/$name.o" "$type"
	ok $? "premise: $name.o carries R_AARCH64_$type"
	${X}ld -T "$W/o.lds" --defsym=x=$val "$W/$name.o" -o "$W/$name.elf" \
		>"$W/$name.ld" 2>&1
	grep -q "relocation truncated to fit: R_AARCH64_$type" "$W/$name.ld"
	ok $? "premise: GNU ld says $name is truncated"
	expect_exit 1 "relocate refuses $name" "$RELOCATE" \
		--base text=$T --base data=$D --base init_text=$IT --sym x=$val "$W/$name.o"
	num=$(awk -v t="R_AARCH64_$type" '$2 == t {print $3}' /usr/include/elf.h)
	case $kind in
	ovf)
		expect_grep "$KLP_TMP/err" \
			"Modules: module $name: overflow in relocation type $num val $want" \
			"$name: the kernel's overflow message"
		;;
	mis)
		expect_grep "$KLP_TMP/err" "arm64-misaligned" \
			"$name: refused as misaligned"
		;;
	esac
	[ "$(grep -c . "$KLP_TMP/err")" -eq 1 ]
	ok $? "$name: exactly one diagnostic"
}

# lowercase hex without 0x: the kernel's %Lx of S + A
hx() { printf '%x' "$1"; }

refuse ovf abs32 data ".word x" ABS32 0x100000000 100000000
refuse ovf abs16 data ".hword x" ABS16 0x10000 10000
refuse ovf prel32 data ".word x - ." PREL32 $((D - 0x80000001)) \
	"$(hx $((D - 0x80000001)))"
refuse ovf prel16 data ".hword x - ." PREL16 $((D - 0x8001)) \
	"$(hx $((D - 0x8001)))"
refuse ovf uabs_g0 text "movz x0, #:abs_g0:x" MOVW_UABS_G0 0x10000 10000
refuse ovf uabs_g1 text "movz x0, #:abs_g1:x" MOVW_UABS_G1 0x100000000 \
	100000000
refuse ovf uabs_g2 text "movz x0, #:abs_g2:x" MOVW_UABS_G2 \
	0x1000000000000 1000000000000
refuse ovf sabs_g0_pos text "movz x0, #:abs_g0_s:x" MOVW_SABS_G0 0x10000 \
	10000
refuse ovf sabs_g0_neg text "movz x0, #:abs_g0_s:x" MOVW_SABS_G0 \
	0xfffffffffffeffff fffffffffffeffff
refuse ovf sabs_g1 text "movz x0, #:abs_g1_s:x" MOVW_SABS_G1 \
	0x100000000 100000000
refuse ovf sabs_g2 text "movz x0, #:abs_g2_s:x" MOVW_SABS_G2 \
	0xfffeffffffffffff fffeffffffffffff
refuse ovf prel_g0 text "movz x0, #:prel_g0:x" MOVW_PREL_G0 \
	$((T + 0x10000)) "$(hx $((T + 0x10000)))"
refuse ovf prel_g1 text "movz x0, #:prel_g1:x" MOVW_PREL_G1 \
	$((T - 0x100010000)) "$(hx $((T - 0x100010000)))"
refuse ovf prel_g2 text "movz x0, #:prel_g2:x" MOVW_PREL_G2 \
	$((T + 0x1000000000000)) "$(hx $((T + 0x1000000000000)))"
refuse ovf ld_prel_lo19 text "ldr x0, x" LD_PREL_LO19 $((T + 0x100000)) \
	"$(hx $((T + 0x100000)))"
refuse ovf adr_prel_lo21 text "adr x0, x" ADR_PREL_LO21 \
	$((T - 0x100001)) "$(hx $((T - 0x100001)))"
refuse ovf adr_prel_pg_hi21 text "adrp x0, x" ADR_PREL_PG_HI21 \
	$((T + 0x100000000)) "$(hx $((T + 0x100000000)))"
refuse ovf tstbr14 text "tbz x0, #1, x" TSTBR14 $((T + 0x8000)) \
	"$(hx $((T + 0x8000)))"
refuse ovf condbr19 text "b.eq x" CONDBR19 $((T - 0x100004)) \
	"$(hx $((T - 0x100004)))"

# Signed/unsigned: ABS32 takes no negative value, PREL32 none >= 2^31
# (the ABI would allow both; ld 2.40 and the kernel agree on refusing).
refuse ovf abs32_neg data ".word x" ABS32 0xffffffff80000000 \
	ffffffff80000000
refuse ovf prel32_u data ".word x - ." PREL32 $((D + 0x80000008)) \
	"$(hx $((D + 0x80000008)))"

refuse mis ldst16_mis text "ldrh w0, [x1, :lo12:x]" LDST16_ABS_LO12_NC \
	0xffff800081234561
refuse mis ldst32_mis text "ldr w0, [x1, :lo12:x]" LDST32_ABS_LO12_NC \
	0xffff800081234562
refuse mis ldst64_mis text "ldr x0, [x1, :lo12:x]" LDST64_ABS_LO12_NC \
	0xffff800081234564
refuse mis ldst128_mis text "ldr q0, [x1, :lo12:x]" LDST128_ABS_LO12_NC \
	0xffff800081234568
refuse mis ld_prel_lo19_mis text "ldr x0, x" LD_PREL_LO19 $((T + 0x102))

# A type the loader does not handle: the kernel's wording, naming it.
mkcase got text "adrp x0, :got:x"
has_reloc "$W/got.o" ADR_GOT_PAGE
ok $? "premise: got.o carries R_AARCH64_ADR_GOT_PAGE"
expect_exit 1 "relocate refuses R_AARCH64_ADR_GOT_PAGE" "$RELOCATE" \
	--base text=$T --base init_text=$IT --sym x=0x1000 "$W/got.o"
expect_grep "$KLP_TMP/err" "Modules: module got: unsupported RELA relocation: 311" \
	"unsupported type: the kernel's message"
expect_grep "$KLP_TMP/err" "R_AARCH64_ADR_GOT_PAGE" "unsupported type is named"

tap_done
