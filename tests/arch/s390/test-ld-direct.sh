#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every s390x relocation type without GOT or PLT: GNU ld and our loader
# link direct.S at the same addresses; the text and data bytes must match.
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

obj=$KLP_TMP/direct.o
s390_as "$S390_DIR/direct.S" "$obj"
ok $? "as: direct.S"

for t in R_390_NONE R_390_8 R_390_12 R_390_16 R_390_20 R_390_32 R_390_64 \
	 R_390_PC16 R_390_PC16DBL R_390_PC32DBL R_390_PC32 R_390_PC64; do
	has_reloc "$obj" "$t"
	ok $? "premise: direct.o carries $t"
done

# Symbols at the edge of each field; vmlinux within PC32DBL reach of the
# module area; ext64 far beyond it (PC64 only).
syms=(a8=0xfe a12=0xffe a16=0xfffe a20=0xfffffffffff80000 a20p=0x7fffc
      a32=0xfffffffe a64=0x0123456789abcdef
      near=$((TEXT + 0x7ff0)) dnear=$((DATA + 0x7f00)) near_back=$((TEXT - 0x7000))
      ext32=$((KTEXT + 0x123456)) pc32t=$((DATA + 0x7ffff000))
      ext64=0x0000012345678900)
defs=() ours=()
for s in "${syms[@]}"; do
	v=$(hex "${s#*=}")
	defs+=(--defsym "${s%%=*}=$v")
	ours+=(--sym "${s%%=*}=$v")
done

ld_link "$obj" "$KLP_TMP/ld.elf" $TEXT $DATA "${defs[@]}" 2>"$KLP_TMP/ld.err"
ok $? "ld links direct.o at text $TEXT, data $DATA"
ld_sec "$KLP_TMP/ld.elf" .text "$KLP_TMP/ld.text"
ld_sec "$KLP_TMP/ld.elf" .data "$KLP_TMP/ld.data"

expect_exit 0 "relocate direct.o" "$RELOCATE" --arch s390x \
	--base text=$TEXT --base data=$DATA "${ours[@]}" \
	--dump-sec .text="$KLP_TMP/our.text" \
	--dump-sec .data="$KLP_TMP/our.data" --layout "$obj"
expect_grep "$KLP_TMP/out" "sec .text $TEXT " \
	"no GOT or PLT: .text starts the text region"

for s in text data; do
	cmp "$KLP_TMP/ld.$s" "$KLP_TMP/our.$s" >"$KLP_TMP/cmp" 2>&1
	ok $? ".$s bytes equal ld's"
	[ -s "$KLP_TMP/cmp" ] && sed 's/^/#   /' "$KLP_TMP/cmp"
done

# Independent spot checks of what both should contain.
expect_eq "$(be "$KLP_TMP/our.data" 8 1)" 0xfe "R_390_8 stored a8"
expect_eq "$(be "$KLP_TMP/our.data" 0x14 8)" 0x0123456789abcdef \
	"R_390_64 stored a64 big-endian"
expect_eq "$(be "$KLP_TMP/our.data" 0x48 4)" 0x5a5a5a5a \
	"R_390_NONE left its place alone"
# larl at .text+0x1c: RIL-b, I2 = (ext32 - P) / 2
expect_eq "$(sext "$(be "$KLP_TMP/our.text" 0x1e 4)" 32)" \
	"($KTEXT + 0x123456 - ($TEXT + 0x1c)) / 2" \
	"R_390_PC32DBL reaches vmlinux from the module area"

tap_done
