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
MCOUNT=0xc000000000001000
# the kernel's r2 (.TOC.) and module_finalize_ftrace()'s two trampolines
KTOC=0xc000000001400000
FC=0xc000000000002000
FRC=0xc000000000002100
KSYMS=(--sym .TOC.=$KTOC --sym ftrace_caller=$FC --sym ftrace_regs_caller=$FRC)
SYMS=(--sym ext=$EXT --sym ext2=$EXT2 --sym _mcount=$MCOUNT "${KSYMS[@]}")
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

# same_stub I DESC: slot I of .stubs holds the words of $T/wantI
same_stub() {
	od -An -tx4 -v --endian=little -j $((40 * $1)) -N 40 "$T/stubs" |
		tr -s ' ' '\n' | sed '/^$/d; s/^/0x/' >"$T/got$1"
	cmp -s "$T/want$1" "$T/got$1"
	ok $? "$2"
	cmp -s "$T/want$1" "$T/got$1" ||
		diff "$T/want$1" "$T/got$1" | sed 's/^/#   /'
}
for i in 0 1 2; do
	tgt=$(awk -v i=$i '$1 == i { print $2; exit }' "$T/want")
	s=$((STUBS + 40 * i))
	asm_words "addis 11,2,($s-$R2)@ha; addi 11,11,($s-$R2)@l;
		std 2,24(1); ld 12,32(11); mtctr 12; bctr; .long 0;
		.long 0x73747562; .quad $tgt" >"$T/want$i"
	same_stub "$i" "stub $i: the 6.12 ELFv2 sequence, magic and target $(printf 0x%x $tgt)"
done
# ftrace_stub TARGET: create_ftrace_stub()'s 40 bytes for TARGET, by GNU as
ftrace_stub() {
	asm_words "ld 12,16(13); addis 12,12,($1-$KTOC)@ha;
		addi 12,12,($1-$KTOC)@l; mtctr 12; bctr;
		.long 0; .long 0; .long 0x73747562; .quad $1"
}
# module_finalize_ftrace(): the next two free slots, in that order
for i in 3 4; do
	tgt=$FC
	[ $i -eq 4 ] && tgt=$FRC
	ftrace_stub $tgt >"$T/want$i"
	same_stub "$i" "stub $i: module_finalize_ftrace()'s ftrace stub for $(printf 0x%x $tgt), relative to the kernel's .TOC."
done
[ -z "$(od -An -tx1 -v -j 200 "$T/stubs" | tr -d ' 0\n')" ]
ok $? "the last slot is zero (the terminator)"

# without the kernel's symbols (a dump with hidden addresses): the two
# trampoline slots are only kept free, with a note
expect_exit 0 "relocate stubs0.o without .TOC./ftrace_caller" "$RELOCATE" \
	--arch ppc64le --base text=$TEXT --base data=$DATA --sym ext=$EXT \
	--sym ext2=$EXT2 --dump-sec .stubs="$T/stubsn" "$O"
grep -q 'note: ppc64-ftrace-stub: the symbols give no ftrace_caller/ftrace_regs_caller: their stubs (slots 3 and 4) are left unwritten' "$T/err" &&
	[ -z "$(od -An -tx1 -v -j 120 "$T/stubsn" | tr -d ' 0\n')" ]
ok $? "... slots 3 and 4 stay zero, a note says so"

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

# without .stubs: module_frob_arch_sections() prints "%s: doesn't contain
# .stubs." and returns -ENOEXEC, before anything is laid out
${X}readelf -SW "$T/stubs2.o" | grep -q ' \.stubs '
ok $((!$?)) "premise: stubs2.o has no .stubs"
expect_exit 1 "an object without .stubs is refused" "$RELOCATE" \
	"${BASES[@]}" "$T/stubs2.o"
expect_grep "$T/err" "error: ppc64-no-stubs" "an error names the missing .stubs"
expect_grep "$T/err" "kernel: module_64: stubs2: doesn't contain .stubs." \
	"with the kernel's message"
[ "$(wc -l <"$T/err")" -eq 1 ]
ok $? "one line, nothing else (no relocation is tried)"

# _mcount (gcc -mprofile-kernel) goes to the ftrace stub, which starts
# from the kernel's TOC in the paca: 6.12's create_ftrace_stub()
expect_exit 0 "a call to _mcount is accepted" "$RELOCATE" "${BASES[@]}" \
	--layout --dump-sec .text="$T/text3" --dump-sec .stubs="$T/stubs3" \
	"$T/stubs3.o"
! grep -q 'ppc64-ftrace-stub' "$T/err"
ok $? "no note: the kernel's .TOC. is known"
[ "$(word "$T/text3" 12)" = "$(asm_words nop)" ]
ok $? "no r2 restore after bl _mcount"
S3=$(awk '$2 == ".stubs" { print $3 }' "$T/out")
[ "$(word "$T/text3" 8)" = "$(asm_words "bl .+$((S3 - TEXT - 8))")" ]
ok $? "bl _mcount goes to the first stub"
ftrace_stub $MCOUNT >"$T/want3"
od -An -tx4 -v --endian=little -N 40 "$T/stubs3" | tr -s ' ' '\n' |
	sed '/^$/d; s/^/0x/' >"$T/got3"
cmp -s "$T/want3" "$T/got3"
ok $? "the ftrace stub: ld r12,kernel_toc(r13) (pseries paca), addis/addi of _mcount - .TOC., mtctr, bctr, magic, target"
cmp -s "$T/want3" "$T/got3" || diff "$T/want3" "$T/got3" | sed 's/^/#   /'

# without .TOC. the immediates stay 0, and a note says so
expect_exit 0 "_mcount without the kernel's .TOC." "$RELOCATE" --arch ppc64le \
	--base text=$TEXT --base data=$DATA --sym ext=$EXT --sym ext2=$EXT2 \
	--sym _mcount=$MCOUNT --dump-sec .stubs="$T/stubs3n" "$T/stubs3.o"
expect_grep "$T/err" "note: ppc64-ftrace-stub: the ftrace stub for _mcount is written without its kernel-TOC offset" \
	"a note says the offset is missing"
asm_words "ld 12,16(13); addis 12,12,0; addi 12,12,0; mtctr 12; bctr;
	.long 0; .long 0; .long 0x73747562; .quad $MCOUNT" >"$T/want3n"
od -An -tx4 -v --endian=little -N 40 "$T/stubs3n" | tr -s ' ' '\n' |
	sed '/^$/d; s/^/0x/' | cmp -s "$T/want3n" -
ok $? "... the stub with zero immediates"

# _mcount 2 GiB or more from the kernel's TOC: refused as the kernel does
expect_exit 1 "_mcount out of range of the kernel TOC" "$RELOCATE" \
	--arch ppc64le --base text=$TEXT --base data=$DATA --sym ext=$EXT \
	--sym ext2=$EXT2 --sym _mcount=$(printf 0x%x $((KTOC + 0x80000000))) \
	--sym .TOC.=$KTOC "$T/stubs3.o"
expect_grep "$T/err" "Address of _mcount out of range of kernel_toc." \
	"with the kernel's message"
expect_exit 0 "_mcount at .TOC. + 2 GiB - 1 is in range" "$RELOCATE" \
	--arch ppc64le --base text=$TEXT --base data=$DATA --sym ext=$EXT \
	--sym ext2=$EXT2 --sym _mcount=$(printf 0x%x $((KTOC + 0x7fffffff))) \
	"${KSYMS[@]}" "$T/stubs3.o"

# gcc -mprofile-kernel (the 6.12 build with Debian 12's gcc: MPROFILE_KERNEL)
# calls _mcount from every function: all those calls share one stub
${X}gcc -O2 -mcmodel=medium -fno-common -ffreestanding -fno-PIE \
	-fno-stack-protector -mno-pointers-to-nested-functions \
	-fno-asynchronous-unwind-tables -pg -mprofile-kernel \
	-c -o "$T/cmodp.o" "$D/cmod.c"
n=$(${X}readelf -rW "$T/cmodp.o" |
	awk '$3 == "R_PPC64_REL24" && $5 == "_mcount"' | wc -l)
[ "$n" -ge 2 ]
ok $? "premise: -mprofile-kernel code has $n calls to _mcount"
expect_exit 0 "cmod.c built with -mprofile-kernel relocates" "$RELOCATE" \
	"${BASES[@]}" --sym far_add=0xc000000001000000 --layout \
	--dump-sec .text="$T/textp" "$T/cmodp.o"
S4=$(awk '$2 == ".stubs" { print $3 }' "$T/out")
"$RELOCATE" "${BASES[@]}" --sym far_add=0xc000000001000000 \
	--dump-sec .stubs="$T/stubsp" "$T/cmodp.o" 2>/dev/null
: >"$T/tgts"
for off in $(${X}readelf -rW "$T/cmodp.o" |
	     awk '$3 == "R_PPC64_REL24" && $5 == "_mcount" { print $1 }'); do
	w=$(word "$T/textp" $((0x$off)))
	li=$(((w & 0x03fffffc) << 38 >> 38))	# sign-extend the 26-bit LI
	echo $((TEXT + 0x$off + li - S4)) >>"$T/tgts"
done
[ "$(sort -u "$T/tgts" | wc -l)" -eq 1 ]
ok $? "every bl _mcount goes to one stub"
st=$(head -1 "$T/tgts")
[ "$st" -ge 0 ] && [ $((st % 40)) -eq 0 ] &&
	[ "$(word "$T/stubsp" "$st")" = "$(asm_words 'ld 12,16(13)')" ]
ok $? "... an ftrace stub in .stubs (at +$st)"

tap_done
