#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GOT offsets against their fields: with one 8-byte slot per symbol in
# first-use order, the 513th symbol's slot is at offset 0x1000 - one past
# what R_390_GOT12 (unsigned 12 bits) holds. The 512th still fits. The
# kernel refuses the 513th with its message and the offset as value.
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

# gen N LAST: N symbols through GOT20, then LAST through GOT12
gen() {
	{
		printf '\t.data\n\t.quad 0\n\t.text\n'
		for ((i = 0; i < $1; i++)); do
			printf '\tlg\t%%r1,s%d@GOT(%%r12)\n' $i
		done
		printf '\tla\t%%r1,%s@GOT(%%r12)\n' "$2"
	} >"$KLP_TMP/$3.S"
	s390_as "$KLP_TMP/$3.S" "$KLP_TMP/$3.o"
}

syms=()
for ((i = 0; i < 513; i++)); do
	syms+=(--sym "s$i=$((0x10000 + i))")
done

gen 512 s511 got12_max
n=$(relocs "$KLP_TMP/got12_max.o" | awk '$3 ~ /^R_390_GOT/ { print $4 }' | sort -u | wc -l)
expect_eq "$n" 512 "premise: 512 symbols need a GOT slot"
has_reloc "$KLP_TMP/got12_max.o" R_390_GOT12 s511
ok $? "premise: the last reference is R_390_GOT12"
expect_exit 0 "GOT12 to slot 511 (offset 0xff8): accepted" "$RELOCATE" \
	--arch s390x --base text=$TEXT --base data=$DATA "${syms[@]}" \
	--dump-mem text="$KLP_TMP/text.bin" "$KLP_TMP/got12_max.o"
# la's 12-bit displacement, at the end of .text (after 4096 GOT bytes,
# no PLT): the offset of s511's slot, which holds s511
off=$(( $(be "$KLP_TMP/text.bin" $((512 * 8 + 512 * 6 + 2)) 2) & 0xfff ))
expect_eq "$off" 0xff8 "GOT12 field = offset of the slot"
expect_eq "$(be "$KLP_TMP/text.bin" "$off" 8)" $((0x10000 + 511)) \
	"the slot holds s511"

gen 512 s512 got12_over
n=$(relocs "$KLP_TMP/got12_over.o" | awk '$3 ~ /^R_390_GOT/ { print $4 }' | sort -u | wc -l)
expect_eq "$n" 513 "premise: 513 symbols need a GOT slot"
expect_exit 1 "GOT12 to slot 512 (offset 0x1000): refused" "$RELOCATE" \
	--arch s390x --base text=$TEXT --base data=$DATA "${syms[@]}" \
	"$KLP_TMP/got12_over.o"
expect_grep "$KLP_TMP/err" \
	"module got12_over: relocation error for symbol s512 (r_type 6, value 0x1000)" \
	"the kernel's message, value O + A = 0x1000"

tap_done
