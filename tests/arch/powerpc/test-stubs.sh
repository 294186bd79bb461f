#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ppc64le call stubs and the r2 restore, byte by byte. The expected words
# come from GNU as assembling the 6.12 stub sequence (ppc64_stub_insns[]
# for ELFv2) with the stub's distance from r2 as @ha/@l, and the stub order
# from the kernel's rule (relocations sorted by r_info then r_addend,
# descending; one stub per target address), recomputed here from readelf.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

TEXT=0xc008000000010000
DATA=0xc008000000100000
EXT=0xc000000001234560
EXT2=0xc000000002000000
SYMS=(--sym ext=$EXT --sym ext2=$EXT2 --sym _mcount=0xc000000000001000)
BASES=(--arch ppc64le --base text=$TEXT --base data=$DATA "${SYMS[@]}")

for n in 0 1 2 3; do
	${X}gcc -c -DCASE=$n -o "$T/stubs$n.o" "$D/stubs.S" ||
		ok 1 "stubs.S case $n assembled"
done
O=$T/stubs0.o
[ "$(reltypes "$O" | grep -c R_PPC64_REL24)" -eq 5 ]
ok $? "premise: stubs0.o has five R_PPC64_REL24"

expect_exit 0 "relocate stubs0.o" "$RELOCATE" "${BASES[@]}" --layout \
	--dump-sec .text="$T/text" --dump-sec .stubs="$T/stubs" "$O"
cp "$T/out" "$T/layout"
# the only diagnostic: the sibling jump's stub clobbers the caller's slot
[ "$(wc -l <"$T/err")" -eq 1 ] &&
	grep -q 'rela .*warning: ppc64-sibling-stub: sibling jump to ext' "$T/err"
ok $? "one warning, for the sibling jump through a stub"
secaddr() { awk -v s="$1" '$2 == s { print $3 }' "$T/layout"; }
STUBS=$(secaddr .stubs)
TOC=$(secaddr .toc)
R2=$(((TOC & ~0xff) + 0x8000))

# 1 terminator + 2 ftrace + REL24 keys (ext,0) (ext,16) (ext2,0)
[ "$(awk '$2 == ".stubs" { print $4 }' "$T/layout")" = 0xf0 ]
ok $? ".stubs is 6 * 40 bytes (get_stubs_size)"

# REL24 in application order: r_info descending, then r_addend
${X}readelf -rW "$O" | awk '$3 == "R_PPC64_REL24" {
	a = $NF; if ($(NF-1) == "-") a = "-" a; print $2, a, $1, $5 }' |
	while read -r info add off sym; do
		case $add in
		-*) add=$((-0x${add#-})) ;;
		*) add=$((0x$add)) ;;
		esac
		echo "$info $add $((0x$off)) $sym"
	done | sort -k1,1r -k2,2nr >"$T/order"
declare -A slot
nstub=0
while read -r info add off sym; do
	case $sym in ext) tgt=$((EXT + add)) ;; ext2) tgt=$((EXT2 + add)) ;; esac
	if [ -z "${slot[$tgt]+x}" ]; then
		slot[$tgt]=$nstub
		nstub=$((nstub + 1))
	fi
	s=$((STUBS + 40 * ${slot[$tgt]}))
	insn=bl
	[ "$off" -eq 40 ] && insn=b	# the sibling jump
	[ "$(word "$T/text" $off)" = "$(asm_words "$insn .+$((s - TEXT - off))")" ]
	ok $? "$insn $sym+$add at .text+$off goes to stub ${slot[$tgt]}"
	echo "${slot[$tgt]} $tgt" >>"$T/want"
done <"$T/order"
[ "$nstub" -eq 3 ]
ok $? "three stubs for three target addresses"

for i in 0 1 2; do
	tgt=$(awk -v i=$i '$1 == i { print $2; exit }' "$T/want")
	s=$((STUBS + 40 * i))
	asm_words "addis 11,2,($s-$R2)@ha; addi 11,11,($s-$R2)@l;
		std 2,24(1); ld 12,32(11); mtctr 12; bctr; .long 0;
		.long 0x73747562; .quad $tgt" >"$T/want$i"
	od -An -tx4 -v --endian=little -j $((40 * i)) -N 40 "$T/stubs" |
		tr -s ' ' '\n' | sed '/^$/d; s/^/0x/' >"$T/got$i"
	cmp -s "$T/want$i" "$T/got$i"
	ok $? "stub $i: the 6.12 ELFv2 sequence, magic and target $(printf 0x%x $tgt)"
	cmp -s "$T/want$i" "$T/got$i" || diff "$T/want$i" "$T/got$i" | sed 's/^/#   /'
done
[ -z "$(od -An -tx1 -v -j 120 "$T/stubs" | tr -d ' 0\n')" ]
ok $? "the rest of .stubs is zero (terminator, ftrace slots not modelled)"

# every call's nop became ld r2,24(r1); the sibling jump's next word stays
LDTOC=$(asm_words 'ld 2,24(1)')
for off in 8 16 24 32; do
	[ "$(word "$T/text" $((off + 4)))" = "$LDTOC" ]
	ok $? "call at .text+$off: the nop became ld r2,24(r1)"
done
[ "$(word "$T/text" 44)" = "$(asm_words 'li 3,1')" ]
ok $? "sibling jump at .text+40: the next word is left alone"

# a call without a nop: refused with the kernel's words; while loading,
# %pS cannot name module addresses and prints the raw one
expect_exit 1 "a call without a following nop is refused" "$RELOCATE" \
	"${BASES[@]}" "$T/stubs1.o"
expect_grep "$T/err" "kernel: module_64: stubs1: Expected nop after call, got $(asm_words 'li 3,1' | sed 's/^0x//') at $(printf 0x%x $((TEXT + 12)))" \
	"the kernel's Expected nop message"
[ "$(grep -c ': error: ' "$T/err")" -eq 1 ]
ok $? "exactly one error"
expect_exit 1 "before 4.16 (--kver 4.15) too" "$RELOCATE" --kver 4.15 \
	"${BASES[@]}" "$T/stubs1.o"
expect_grep "$T/err" "kernel: module_64: stubs1: Expect noop after relocate, got 38600001" \
	"the pre-4.16 wording"

# the stub finds its data relative to r2: beyond +-2 GiB it cannot. The
# kernel prints both addresses with %p (hashed); we print them raw.
expect_exit 1 "a stub more than 2 GiB from r2 is refused" "$RELOCATE" \
	--arch ppc64le --base text=$TEXT --base data=$((TEXT + 0x100000000)) \
	"${SYMS[@]}" "$O"
expect_grep "$T/err" "kernel: module_64: stubs0: Address " \
	"the kernel's stub range message"
expect_grep "$T/err" " of stub out of range of " "... with its wording"
[ "$(grep -c ': error: ' "$T/err")" -eq 1 ]
ok $? "exactly one error"

# without .stubs: the kernel refuses; we warn with its words and go on
expect_exit 0 "an object without .stubs still relocates" "$RELOCATE" \
	"${BASES[@]}" --dump-sec .text="$T/text2" "$T/stubs2.o"
expect_grep "$T/err" "warning: ppc64-no-stubs" "a warning names the missing .stubs"
expect_grep "$T/err" "kernel: module_64: stubs2: doesn't contain .stubs." \
	"with the kernel's refusal"
[ "$(word "$T/text2" 12)" = "$LDTOC" ]
ok $? "without .stubs the stubs live at the end of text, calls still restored"

# _mcount goes to the ftrace stub, built from the paca: not modelled
expect_exit 1 "a call to _mcount is refused (ftrace stub not modelled)" \
	"$RELOCATE" "${BASES[@]}" "$T/stubs3.o"
expect_grep "$T/err" "ppc64-ftrace-stub" "the reason is named"

tap_done
