#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ppc64le relocations against GNU ld. Every type 6.12's module_64.c
# applies (ELFv2, no PCREL) is assembled, linked by powerpc64le-linux-gnu-ld
# at fixed addresses and relocated by relocate at the same addresses: the
# section bytes must match. At the range and alignment limits ld shows what
# fits; where the kernel refuses, we must print the kernel's words.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

TEXT=0xc008000000010000
RODATA=0xc008000000080000
DATA=0xc008000000100000
EXT=0xc000000001234560
EXT32=0x12345678

# link OUT OBJ RODATA DATA [ld args]: GNU ld at the relocs.lds addresses
# (text at $TEXT).
# --no-toc-optimize: ld would otherwise rewrite TOC16_HA/LO sequences,
# which is ld's optimisation, not relocation.
link() {
	local out=$1 obj=$2 ro=$3 da=$4
	shift 4
	sed "s/TEXT_BASE/$TEXT/; s/RODATA_BASE/$ro/; s/DATA_BASE/$da/" \
		"$D/relocs.lds" >"$T/l.lds"
	${X}ld --no-toc-optimize --emit-stub-syms -T "$T/l.lds" "$@" \
		-o "$out" "$obj"
}

# compare ELF LAYOUT OBJ WHAT: every loaded PROGBITS section relocate laid
# out must equal the bytes ld put at the same address (output sections
# .text, .rodata and .got start at the region bases).
compare() {
	local elf=$1 layout=$2 obj=$3 what=$4 name addr size base out bad=0
	for out in .text .rodata .got; do
		${X}objcopy -O binary -j $out "$elf" "$T/ld$out.bin" 2>/dev/null
	done
	while read -r kw name addr size; do
		[ "$kw" = sec ] || continue
		# .symtab/.strtab: the loader's kallsyms tables, not ld's
		case $name in .stubs|.bss|.symtab|.strtab) continue ;; esac
		[ "$((size))" -eq 0 ] && continue
		case $name in
		.text*) out=.text base=$TEXT ;;
		.rodata*) out=.rodata base=$5 ;;
		*) out=.got base=$6 ;;
		esac
		"$RELOCATE" "${BASES[@]}" --dump-sec "$name=$T/k$name" "$obj" \
			2>/dev/null
		tail -c +$((addr - base + 1)) "$T/ld$out.bin" |
			head -c $((size)) >"$T/l$name"
		if ! cmp -s "$T/k$name" "$T/l$name"; then
			bad=1
			echo "# $name differs from ld:"
			cmp -l "$T/k$name" "$T/l$name" | head -5 | sed 's/^/#   /'
		fi
	done <"$layout"
	ok $bad "$what: every section's bytes equal GNU ld's"
}

# --- every type, in range -----------------------------------------------
${X}as -o "$T/relocs.o" "$D/relocs.S" 2>"$T/as.err"
ok $? "relocs.S assembled"
reltypes "$T/relocs.o" | sort -u >"$T/types"
for t in ADDR32 ADDR64 TOC TOC16 TOC16_LO TOC16_DS TOC16_LO_DS TOC16_HA \
	 REL24 REL64 REL32 REL16_HA REL16_LO ENTRY TOCSAVE; do
	grep -qx "R_PPC64_$t" "$T/types"
	ok $? "premise: relocs.o carries R_PPC64_$t"
done

link "$T/relocs.elf" "$T/relocs.o" $RODATA $DATA \
	--defsym ext=$EXT --defsym ext32=$EXT32 2>"$T/ld.err"
ok $? "GNU ld links relocs.o"
BASES=(--arch ppc64le --base text=$TEXT --base rodata=$RODATA
       --base data=$DATA --sym ext=$EXT --sym ext32=$EXT32)
expect_exit 0 "relocate relocs.o" "$RELOCATE" "${BASES[@]}" --layout \
	"$T/relocs.o"
cp "$T/out" "$T/layout"

# The module's r2 is (.toc & ~0xff) + 0x8000; ld's is .got + 0x8000.
toc=$(awk '$1 == "sec" && $2 == ".toc" { print $3 }' "$T/layout")
[ "$(symval "$T/relocs.elf" .TOC.)" = "0x$(printf %016x $(((toc & ~0xff) + 0x8000)))" ]
ok $? "premise: ld's .TOC. is the module's my_r2"
# ld turned the ENTRY sequence into addis/addi: the kernel must too
${X}objdump -d "$T/relocs.elf" | grep -A1 '<e>:' | grep -q 'addis.*r2,r12'
ok $? "premise: ld rewrote the R_PPC64_ENTRY sequence"
compare "$T/relocs.elf" "$T/layout" "$T/relocs.o" "all types" $RODATA $DATA

# .stubs: 1 terminator + 2 ftrace + one per REL24 (symbol, addend) per
# section: .text has g (twice, same key) and h, .text.b has f.
[ "$(awk '$2 == ".stubs" { print $4 }' "$T/layout")" = 0xf0 ]
ok $? ".stubs sized for 6 entries of 40 bytes, as get_stubs_size() counts"

# --- limits and refusals ------------------------------------------------
# case N: object caseN.o (module name caseN)
mkcase() {
	${X}gcc -c -DCASE=$1 -o "$T/case$1.o" "$D/cases.S"
}

# refuse N WHAT TYPE KMSG [relocate args]: the premise type at .text+0,
# relocate exits 1 with exactly the kernel's message.
refuse() {
	local n=$1 what=$2 type=$3 kmsg=$4
	shift 4
	[ "$(reltype "$T/case$n.o" 0000000000000000)" = "$type" ]
	ok $? "premise: case$n.o has $type at .text+0"
	expect_exit 1 "$what: refused" "$RELOCATE" --arch ppc64le \
		--base text=$TEXT "$@" "$T/case$n.o"
	expect_grep "$T/err" "kernel: $kmsg" "$what: the kernel's message"
	[ "$(grep -c ': error: ' "$T/err")" -eq 1 ]
	ok $? "$what: exactly one error"
}

for n in $(seq 1 16); do mkcase $n || ok 1 "case$n assembled"; done

# cases.S has .toc alone in data: v1 = DATA and r2 = DATA + 0x8000 (the
# ABI's TOC pointer bias); d, the first word of .rodata, is 512 KiB below.
R2=$((DATA + 0x8000))
link "$T/c1.elf" "$T/case1.o" $RODATA $DATA --noinhibit-exec 2>"$T/ld.err"
grep -q 'relocation truncated to fit: R_PPC64_TOC16' "$T/ld.err"
ok $? "premise: ld finds TOC16 to d out of range"
refuse 1 "TOC16 out of range" R_PPC64_TOC16 \
	"module_64: case1: bad TOC16 relocation (0x$(printf %x $(($(symval "$T/c1.elf" d) - R2))))" \
	--base data=$DATA --base rodata=$RODATA

link "$T/c2.elf" "$T/case2.o" $RODATA $DATA 2>"$T/ld.err"
grep -q 'R_PPC64_TOC16_DS not a multiple of 4' "$T/ld.err"
ok $? "premise: ld refuses a misaligned TOC16_DS"
refuse 2 "TOC16_DS misaligned" R_PPC64_TOC16_DS \
	"module_64: case2: bad TOC16_DS relocation (0x$(printf %x $((DATA + 2 - R2))))" \
	--base data=$DATA

link "$T/c3.elf" "$T/case3.o" $RODATA $DATA --noinhibit-exec 2>"$T/ld.err"
grep -q 'relocation truncated to fit: R_PPC64_TOC16_DS' "$T/ld.err"
ok $? "premise: ld finds TOC16_DS to d out of range"
refuse 3 "TOC16_DS out of range" R_PPC64_TOC16_DS \
	"module_64: case3: bad TOC16_DS relocation (0x$(printf %x $(($(symval "$T/c3.elf" d) - R2))))" \
	--base data=$DATA --base rodata=$RODATA

link "$T/c4.elf" "$T/case4.o" $RODATA $DATA 2>"$T/ld.err"
grep -q 'R_PPC64_TOC16_LO_DS not a multiple of 4' "$T/ld.err"
ok $? "premise: ld refuses a misaligned TOC16_LO_DS"
refuse 4 "TOC16_LO_DS misaligned" R_PPC64_TOC16_LO_DS \
	"module_64: case4: bad TOC16_LO_DS relocation (0x$(printf %x $((DATA + 2 - R2))))" \
	--base data=$DATA

link "$T/c5.elf" "$T/case5.o" $RODATA $DATA --defsym ext=$EXT \
	--noinhibit-exec 2>"$T/ld.err"
grep -q 'relocation truncated to fit: R_PPC64_REL32' "$T/ld.err"
ok $? "premise: ld finds REL32 to ext out of range"
refuse 5 "REL32 out of range" R_PPC64_REL32 \
	"module_64: case5: REL32 $((EXT - TEXT)) out of range!" \
	--base data=$DATA --sym ext=$EXT

# REL24 to d+2: ld drops the low bits and lands on d; the kernel refuses
RO=$((TEXT + 0x1000))
link "$T/c6.elf" "$T/case6.o" $RO $DATA 2>"$T/ld.err"
${X}objcopy -O binary -j .text "$T/c6.elf" "$T/c6.bin"
[ "$(word "$T/c6.bin" 0)" = 0x48001001 ]
ok $? "premise: ld cannot encode bl d+2 (it branches to d)"
refuse 6 "REL24 to a misaligned target" R_PPC64_REL24 \
	"module_64: case6: REL24 4098 out of range!" \
	--base data=$DATA --base rodata=$RO

# REL24 limits: +0x1fffffc and -0x2000000 fit, one word further does not
TEXT2=0xc008000004000000
rel24_limit() {	# N TEXTBASE RODATA DESC FITS
	local n=$1 tb=$2 ro=$3 desc=$4 fits=$5 stubs
	TEXT=$tb link "$T/c$n.elf" "$T/case$n.o" $ro $DATA 2>"$T/ld.err"
	stubs=$(${X}nm "$T/c$n.elf" | grep -cE 'long_branch|plt_branch')
	if [ "$fits" = yes ]; then
		[ "$stubs" -eq 0 ]
		ok $? "premise: ld branches directly at $desc"
		BASES=(--arch ppc64le --base text=$tb --base rodata=$ro
		       --base data=$DATA)
		expect_exit 0 "REL24 at $desc" "$RELOCATE" "${BASES[@]}" \
			--layout "$T/case$n.o"
		cp "$T/out" "$T/layout$n"
		TEXT=$tb compare "$T/c$n.elf" "$T/layout$n" "$T/case$n.o" \
			"REL24 at $desc" $ro $DATA
	else
		[ "$stubs" -gt 0 ]
		ok $? "premise: ld needs a long-branch stub at $desc"
		TEXT=$tb refuse $n "REL24 at $desc" R_PPC64_REL24 \
			"module_64: case$n: REL24 $((ro - tb)) out of range!" \
			--base rodata=$ro --base data=$DATA
	fi
}
rel24_limit 7 $TEXT $((TEXT + 0x1fffffc)) "+0x1fffffc" yes
rel24_limit 8 $TEXT $((TEXT + 0x2000000)) "+0x2000000" no
rel24_limit 9 $TEXT2 $((TEXT2 - 0x2000000)) "-0x2000000" yes
rel24_limit 10 $TEXT2 $((TEXT2 - 0x2000004)) "-0x2000004" no

# ENTRY with the TOC 4 GiB away: ld and the kernel both leave it alone
FAR=$((TEXT + 0x100000000))
link "$T/c11.elf" "$T/case11.o" $RODATA $FAR 2>"$T/ld.err"
${X}objcopy -O binary -j .text "$T/c11.elf" "$T/c11.bin"
[ "$(word "$T/c11.bin" 0)" = 0xe84cfff8 ]
ok $? "premise: ld keeps ld r2,-8(r12) when the TOC is beyond 2 GiB"
BASES=(--arch ppc64le --base text=$TEXT --base rodata=$RODATA
       --base data=$FAR)
expect_exit 0 "ENTRY with a far TOC" "$RELOCATE" "${BASES[@]}" --layout \
	"$T/case11.o"
cp "$T/out" "$T/layout11"
compare "$T/c11.elf" "$T/layout11" "$T/case11.o" "ENTRY with a far TOC" \
	$RODATA $FAR

# ADDR32 of a 64-bit value: ld complains, the kernel stores the low half
link "$T/c12.elf" "$T/case12.o" $RODATA $DATA --defsym ext=$EXT \
	--noinhibit-exec 2>"$T/ld.err"
grep -q 'relocation truncated to fit: R_PPC64_ADDR32' "$T/ld.err"
ok $? "premise: ext does not fit R_PPC64_ADDR32"
BASES=(--arch ppc64le --base text=$TEXT --base rodata=$RODATA
       --base data=$DATA --sym ext=$EXT)
expect_exit 0 "ADDR32 of a 64-bit value is accepted (no check in 6.12)" \
	"$RELOCATE" "${BASES[@]}" --layout "$T/case12.o"
cp "$T/out" "$T/layout12"
compare "$T/c12.elf" "$T/layout12" "$T/case12.o" "ADDR32 truncated" \
	$RODATA $DATA

# Types the kernel does not take (PCREL ones need CONFIG_PPC_KERNEL_PCREL):
# the number printed is the one readelf decodes from r_info.
for n in 13 14 15 16; do
	info=$(${X}readelf -rW "$T/case$n.o" |
		awk '$1 == "0000000000000000" { print $2; exit }')
	type=$(reltype "$T/case$n.o" 0000000000000000)
	refuse $n "$type" "$type" \
		"module_64: case$n: Unknown ADD relocation: $((0x${info:8:8}))" \
		--base data=$DATA --base rodata=$RODATA --sym ext=$EXT
done

tap_done
