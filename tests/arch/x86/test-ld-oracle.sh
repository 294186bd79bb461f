#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# x86_64 relocations against GNU ld. Every type the 6.12 module loader
# handles is assembled, linked by ld at fixed addresses and relocated by
# klpreloc's relocate at the same addresses: the section bytes must match.
# At the range limits ld and klpreloc must agree on what fits; where the
# kernel refuses, klpreloc must print the kernel's words.
set -u
. "$TOPDIR/tests/lib/tap.sh"

D=$TOPDIR/tests/arch/x86
T=$KLP_TMP
X=x86_64-linux-gnu-
RELOCATE=$KLP_TOOLS/relocate

TEXT=0xffffffffa0000000
RODATA=0xffffffffa0100000
DATA=0xffffffffa0200000
EXT_FUNC=0xffffffff81234560
EXT_VAR=0xffffffff82345678
EXT_ABS32=0x07654321
BASES=(--arch x86_64 --base text=$TEXT --base rodata=$RODATA
       --base data=$DATA)

hex() { printf '%x' "$(($1))"; }

# reltypes OBJ: the relocation types readelf sees, one a line
reltypes() { ${X}readelf -rW "$1" | awk '$3 ~ /^R_X86_64_/ { print $3 }'; }

# link OUT OBJ [--defsym N=V]...: GNU ld at the addresses of relocs.lds
link() {
	local out=$1 obj=$2
	shift 2
	${X}ld -m elf_x86_64 -static -nostdlib --no-relax -e 0 \
		-T "$D/relocs.lds" "$@" -o "$out" "$obj"
}

# --- every type, across sections, against ld ---------------------------
${X}as --64 -o "$T/relocs.o" "$D/relocs.S"
ok $? "relocs.S assembled"
reltypes "$T/relocs.o" | sort -u >"$T/types"
for t in NONE 64 32 32S PC32 PLT32 PC64; do
	grep -qx "R_X86_64_$t" "$T/types"
	ok $? "premise: relocs.o carries R_X86_64_$t"
done

link "$T/relocs.elf" "$T/relocs.o" --defsym ext_func=$EXT_FUNC \
	--defsym ext_var=$EXT_VAR --defsym ext_abs32=$EXT_ABS32 \
	2>"$T/ld.err"
ok $? "GNU ld links relocs.o"

expect_exit 0 "relocate relocs.o" "$RELOCATE" "${BASES[@]}" --layout \
	--sym ext_func=$EXT_FUNC --sym ext_var=$EXT_VAR \
	--sym ext_abs32=$EXT_ABS32 \
	--dump-sec .text="$T/k.text" --dump-sec .data="$T/k.data" \
	--dump-sec .rodata="$T/k.rodata" "$T/relocs.o"
cp "$T/out" "$T/layout"

for s in text data rodata; do
	ldaddr=$(${X}readelf -SW "$T/relocs.elf" |
		 sed -n "s/^ *\[ *[0-9]*\] \.$s *[A-Z]* *\([0-9a-f]*\) .*/\1/p")
	grep -q "^sec \.$s 0x$ldaddr " "$T/layout"
	ok $? "premise: .$s at ld's address 0x$ldaddr"
	${X}objcopy -O binary -j ".$s" "$T/relocs.elf" "$T/ld.$s"
	${X}objcopy -O binary -j ".$s" "$T/relocs.o" "$T/raw.$s"
	! cmp -s "$T/raw.$s" "$T/ld.$s"
	ok $? "premise: ld changed .$s"
	cmp "$T/ld.$s" "$T/k.$s"
	ok $? ".$s bytes identical to GNU ld's"
done

# small FILE LINE...: a one-purpose object's source, its lines in .text.
# The .data word only keeps the data region non-empty: the core's layout
# (kernel/livepatch/layout.c) memcpy()s into a NULL region buffer for an empty
# PROGBITS section, which UBSan stops on.
small() {
	local f=$1
	shift
	{ printf '\t.data\n\t.quad\t0\n\t.text\n'; printf '%s\n' "$@"; } >"$f"
}

# --- range limits: ld and the kernel's checks must agree ------------------
# one relocation per object, so each verdict is about that one
small "$T/one-32.S" '	movl	$ext, %eax'
small "$T/one-32S.S" '	movq	$ext, %rax'
small "$T/one-PC32.S" '	lea	ext(%rip), %rax'
small "$T/one-PLT32.S" '	call	ext'

# limit TYPE VALUE FITS: relocate and ld at ext=VALUE
limit() {
	local t=$1 v=$2 fits=$3 obj=$T/one-$1.o n num rc=0
	n=$(hex "$v")
	num=$(awk -v t="R_X86_64_$t" '$1 == t { print $2 }' "$T/typenums")
	link "$T/one.elf" "$obj" --defsym ext=$v >/dev/null 2>"$T/ld.err" ||
		rc=$?
	if [ "$fits" = yes ]; then
		ok $rc "premise: ld accepts R_X86_64_$t = 0x$n"
		expect_exit 0 "R_X86_64_$t to 0x$n accepted" "$RELOCATE" \
			"${BASES[@]}" --sym ext=$v --dump-sec .text="$T/k.one" \
			"$obj"
		${X}objcopy -O binary -j .text "$T/one.elf" "$T/ld.one"
		cmp -s "$T/ld.one" "$T/k.one"
		ok $? "R_X86_64_$t to 0x$n: bytes identical to GNU ld's"
		return
	fi
	grep -q "relocation truncated to fit: R_X86_64_$t against" \
		"$T/ld.err"
	ok $? "premise: ld refuses R_X86_64_$t to 0x$n (truncated to fit)"
	expect_exit 1 "R_X86_64_$t to 0x$n refused" "$RELOCATE" \
		"${BASES[@]}" --sym ext=$v "$obj"
	[ "$(wc -l <"$T/err")" -eq 1 ]
	ok $? "R_X86_64_$t to 0x$n: one diagnostic line"
	case $t in
	32|32S)
		expect_grep "$T/err" \
			"kernel: module: overflow in relocation type $num val $n" \
			"R_X86_64_$t to 0x$n: the kernel's overflow message"
		expect_grep "$T/err" "likely not compiled with -mcmodel=kernel" \
			"R_X86_64_$t to 0x$n: the kernel's -mcmodel hint"
		;;
	*)	# 6.12 has no check (#if 0) and no words: ours name the type
		expect_grep "$T/err" "x86-pc32-range: R_X86_64_$t" \
			"R_X86_64_$t to 0x$n: out of +-2 GiB, type named"
		;;
	esac
}

printf 'R_X86_64_32 10\nR_X86_64_32S 11\nR_X86_64_PC32 2\nR_X86_64_PLT32 4\n' \
	>"$T/typenums"
for t in 32 32S PC32 PLT32; do
	${X}as --64 -o "$T/one-$t.o" "$T/one-$t.S"
	[ "$(reltypes "$T/one-$t.o")" = "R_X86_64_$t" ]
	ok $? "premise: one-$t.o carries exactly one R_X86_64_$t"
done

limit 32 0xffffffff yes
limit 32 0x100000000 no
# a vmlinux address, as from code built without -mcmodel=kernel
limit 32 0xffffffff81000000 no
limit 32S 0x7fffffff yes
limit 32S 0x80000000 no
limit 32S 0xffffffff80000000 yes
limit 32S 0xffffffff7fffffff no
# PC32/PLT32 at P = TEXT + offset, A = -4: S + A - P in [-2^31, 2^31)
for t in PC32 PLT32; do
	off=$(${X}readelf -rW "$T/one-$t.o" |
	      awk '$3 ~ /^R_X86_64_/ { print "0x" $1 }')
	p=$((TEXT + off))
	limit $t $((p + 4 + 0x7fffffff)) yes
	limit $t $((p + 4 + 0x80000000)) no
	limit $t $((p + 4 - 0x80000000)) yes
	limit $t $((p + 4 - 0x80000001)) no
done

# --- a nonzero target is refused (RELA: ld simply overwrites it) ---------
small "$T/nonzero.S" '	.reloc	0, R_X86_64_PC32, ext_var - 4' \
	'	.byte	1, 2, 3, 4'
${X}as --64 -o "$T/nonzero.o" "$T/nonzero.S"
[ "$(reltypes "$T/nonzero.o")" = R_X86_64_PC32 ]
ok $? "premise: nonzero.o carries one R_X86_64_PC32"
${X}objcopy -O binary -j .text "$T/nonzero.o" "$T/raw.nz"
[ "$(od -An -tx1 "$T/raw.nz" | tr -d ' \n')" = 01020304 ]
ok $? "premise: its target holds 01 02 03 04"
link "$T/nonzero.elf" "$T/nonzero.o" --defsym ext_var=$EXT_VAR 2>"$T/ld.err"
ok $? "premise: GNU ld does not mind"
expect_exit 1 "nonzero target refused" "$RELOCATE" "${BASES[@]}" \
	--sym ext_var=$EXT_VAR "$T/nonzero.o"
[ "$(wc -l <"$T/err")" -eq 1 ]
ok $? "nonzero target: one diagnostic line"
expect_grep "$T/err" \
	"kernel: module: x86/modules: Invalid relocation target, existing value is nonzero for type 2, loc $(hex $TEXT), val $(hex "EXT_VAR - 4 - TEXT")" \
	"nonzero target: the kernel's message with loc and S + A - P"

# nonzero and out of range: the kernel's own verdict comes first
expect_exit 1 "nonzero and out of range refused" "$RELOCATE" "${BASES[@]}" \
	--sym ext_var=0x1000 "$T/nonzero.o"
expect_grep "$T/err" \
	"x86-nonzero-target: kernel: module: x86/modules: Invalid relocation target, existing value is nonzero for type 2, loc $(hex $TEXT), val $(hex "0x1000 - 4 - TEXT")" \
	"nonzero and out of range: the kernel's nonzero message, not ours"

# --- R_X86_64_NONE over nonzero bytes is no relocation at all ------------
small "$T/none.S" '	.reloc	0, R_X86_64_NONE, ext_var' '	.byte	5, 6, 7, 8'
${X}as --64 -o "$T/none.o" "$T/none.S"
[ "$(reltypes "$T/none.o")" = R_X86_64_NONE ]
ok $? "premise: none.o carries one R_X86_64_NONE"
expect_exit 0 "NONE over nonzero bytes accepted" "$RELOCATE" \
	"${BASES[@]}" --sym ext_var=$EXT_VAR --dump-sec .text="$T/k.none" \
	"$T/none.o"
[ "$(od -An -tx1 "$T/k.none" | tr -d ' \n')" = 05060708 ]
ok $? "NONE leaves the bytes alone"

# --- types the kernel does not handle -------------------------------------
# unknown TYPE NUM SRC [relocate args]: refused, the kernel's words, named
unknown() {
	local t=$1 num=$2 src=$3 name
	shift 3
	name=unk_$(echo "$t" | tr 'A-Z' 'a-z')
	small "$T/$name.S" "$src"
	${X}as --64 -mrelax-relocations=no -o "$T/$name.o" "$T/$name.S"
	[ "$(reltypes "$T/$name.o")" = "R_X86_64_$t" ]
	ok $? "premise: $name.o carries one R_X86_64_$t"
	expect_exit 1 "R_X86_64_$t refused" "$RELOCATE" "${BASES[@]}" \
		--sym ext_var=$EXT_VAR "$@" "$T/$name.o"
	[ "$(wc -l <"$T/err")" -eq 1 ]
	ok $? "R_X86_64_$t: one diagnostic line"
	expect_grep "$T/err" \
		"kernel: module: $name: Unknown rela relocation: $num" \
		"R_X86_64_$t: the kernel's message"
	expect_grep "$T/err" "R_X86_64_$t is not handled" \
		"R_X86_64_$t: the type is named"
}
unknown 16 12 '	.2byte	ext_var'
# known bug class: -fno-plt / GOT access in a module; the GOT symbol
# itself must resolve first or the loader stops at simplify_symbols
unknown GOTPCREL 9 '	mov	ext_var@GOTPCREL(%rip), %rax' \
	--sym _GLOBAL_OFFSET_TABLE_=$TEXT

tap_done
