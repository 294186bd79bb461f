#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PLT types to targets out of direct reach: every field must lead to a
# well-formed PLT entry of the module (decoded here) whose target is the
# symbol. And R_390_PLT32, which 6.12 range-checks as unsigned although
# it is PC-relative: refused when the PLT lies below P (module data after
# text, the normal case), accepted when it lies above.
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

obj=$KLP_TMP/plt.o
s390_as "$S390_DIR/plt.S" "$obj"
ok $? "as: plt.S"
relocs "$obj" >"$KLP_TMP/relocs"
for t in PLT16DBL PLT32DBL PLT64 PLTOFF16 PLTOFF32 PLTOFF64; do
	grep -q " R_390_$t " "$KLP_TMP/relocs"
	ok $? "premise: plt.o carries R_390_$t"
done

declare -A S=([fn1]=0x1000000 [fn2]=0x0000100000000000 [v]=0x1234)
expect_exit 0 "relocate plt.o" "$RELOCATE" --arch s390x \
	--base text=$TEXT --base data=$DATA --sym fn1=${S[fn1]} \
	--sym fn2=${S[fn2]} --sym v=${S[v]} --layout \
	--dump-mem text="$KLP_TMP/text.bin" --dump-mem data="$KLP_TMP/data.bin" \
	"$obj"
# the GOT (one slot, for v) starts the text region, then the PLT
G=$TEXT
plt=$((TEXT + 8))
text=$(( (plt + 3 * 22 + 3) & ~3 ))	# fn1, fn2, the thunk
expect_grep "$KLP_TMP/out" "sec .text $(hex $text) " \
	".text after 2 PLT entries and the thunk"
printf '%s %s\n' $TEXT "$KLP_TMP/text.bin" $DATA "$KLP_TMP/data.bin" \
	>"$KLP_TMP/img"

# entry_ok ADDR SYM: ADDR is a PLT entry of the module that jumps to SYM
entry_ok() {
	[ $(($1)) -ge $plt ] && [ $(($1)) -lt $((plt + 2 * 22)) ] &&
	[ $((($1 - plt) % 22)) -eq 0 ] &&
	[ "$(($(img_read "$KLP_TMP/img" "$1" 8)))" -eq $((0x0d10e310100c0004)) ] &&
	[ "$(($(img_read "$KLP_TMP/img" $(($1 + 14)) 8)))" -eq $((S[$2])) ]
}

while read -r sec off type sym add; do
	if [ "$sec" = .text ]; then P=$((text + off)); else P=$((DATA + off)); fi
	case $type in
	R_390_PLT32DBL) L=$((P - add + 2 * $(sext "$(img_read "$KLP_TMP/img" $P 4)" 32))) ;;
	R_390_PLT16DBL) L=$((P - add + 2 * $(sext "$(img_read "$KLP_TMP/img" $P 2)" 16))) ;;
	R_390_PLT64) L=$((P - add + $(img_read "$KLP_TMP/img" $P 8))) ;;
	R_390_PLTOFF16) L=$((G - add + $(img_read "$KLP_TMP/img" $P 2))) ;;
	R_390_PLTOFF32) L=$((G - add + $(img_read "$KLP_TMP/img" $P 4))) ;;
	R_390_PLTOFF64) L=$((G - add + $(img_read "$KLP_TMP/img" $P 8))) ;;
	*) continue ;;
	esac
	entry_ok $L "$sym"
	ok $? "$type $sym at $sec+$off: leads to a PLT entry ($(hex $L)) for $sym"
done <"$KLP_TMP/relocs"

# Before 4.16 (no expolines) there is no thunk entry, and entries end
# in "br %r1"
expect_exit 0 "kernel 4.15: relocate plt.o" "$RELOCATE" --arch s390x \
	--kver 4.15 --base text=$TEXT --base data=$DATA --sym fn1=${S[fn1]} \
	--sym fn2=${S[fn2]} --sym v=${S[v]} --layout \
	--dump-mem text="$KLP_TMP/text415.bin" "$obj"
expect_grep "$KLP_TMP/out" "sec .text $(hex $(( (plt + 2 * 22 + 3) & ~3 ))) " \
	"kernel 4.15: .text after 2 PLT entries, no thunk"
expect_eq "$(be "$KLP_TMP/text415.bin" $((plt - TEXT + 8)) 4)" 0x07f10000 \
	"kernel 4.15: br %r1"

# R_390_PLT32: L + A - P, checked as unsigned 32 bits by the kernel
printf '\t.text\n\tbr %%r14\n\t.data\n\t.long fn@PLT\n' >"$KLP_TMP/plt32.S"
s390_as "$KLP_TMP/plt32.S" "$KLP_TMP/plt32.o"
has_reloc "$KLP_TMP/plt32.o" R_390_PLT32 fn
ok $? "premise: plt32.o carries R_390_PLT32"
# its one PLT entry is at the start of the text region
expect_exit 1 "PLT32 with data above text: refused" "$RELOCATE" \
	--arch s390x --base text=$TEXT --base data=$DATA --sym fn=0x1000000 \
	"$KLP_TMP/plt32.o"
expect_grep "$KLP_TMP/err" \
	"module plt32: relocation error for symbol fn (r_type 8, value $(hex $((TEXT - DATA))))" \
	"PLT32: the kernel's message, value L - P"
low=$((TEXT - 0x100000))
expect_exit 0 "PLT32 with data below text: accepted" "$RELOCATE" \
	--arch s390x --base text=$TEXT --base data=$(hex $low) --sym fn=0x1000000 \
	--dump-sec .data="$KLP_TMP/plt32.data" "$KLP_TMP/plt32.o"
expect_eq "$(be "$KLP_TMP/plt32.data" 0 4)" $((TEXT - low)) \
	"PLT32: field = L - P"

tap_done
