#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Field limits. Just inside each limit the 6.12 kernel accepts and our
# bytes equal GNU ld's; just past it the kernel refuses the module with
# "relocation error for symbol" and so must we, once, with the value the
# kernel prints (computed here from the ABI formula).
#
# The premise that a value is really out of range comes from ld: for
# R_390_8/16/32 it says "relocation truncated to fit"; for most other
# s390 types binutils does not check overflow at all, so we decode the
# field ld wrote and show that it does not reach the symbol (the value
# cannot be encoded); for odd *DBL targets ld says "misaligned symbol".
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

type_num() {
	awk -v t="$1" '$1 == "#define" && $2 == t { print $3 }' /usr/include/elf.h
}

# decode KIND FILE: what the field ld wrote at the start of .text means
# (the address reached, or the value for absolute fields)
decode() {
	local f=$2 w
	case $1 in
	pc16dbl) echo $((TEXT + $(sext "$(be "$f" 2 2)" 16) * 2)) ;;
	pc32dbl) echo $((TEXT + $(sext "$(be "$f" 2 4)" 32) * 2)) ;;
	pc16) echo $((TEXT + $(sext "$(be "$f" 0 2)" 16))) ;;
	pc32) echo $((TEXT + $(sext "$(be "$f" 0 4)" 32))) ;;
	d12) echo $(($(be "$f" 2 2) & 0xfff)) ;;
	d20)
		w=$(be "$f" 2 4)
		sext $(((w >> 16 & 0xfff) | (w >> 8 & 0xff) << 12)) 20 ;;
	esac
}

# The case's object: a non-empty .data (the core skips empty regions)
# and one line of text.
mkobj() {	# mkobj NAME ASM
	printf '\t.data\n\t.quad 0\n\t.text\n%b\n' "$2" >"$KLP_TMP/$1.S"
	s390_as "$KLP_TMP/$1.S" "$KLP_TMP/$1.o"
}

# inside NAME TYPE ASM SYM VALUE: accepted, bytes equal ld's
inside() {
	local name=$1 type=$2 asm=$3 sym=$4 val=$5
	local obj=$KLP_TMP/$name.o

	mkobj "$name" "$asm"
	has_reloc "$obj" "$type" "$sym"
	ok $? "$name: premise: as emitted $type against $sym"
	ld_link "$obj" "$KLP_TMP/$name.elf" $TEXT $DATA \
		--defsym "$sym=$(hex "$val")" 2>"$KLP_TMP/ld.err"
	ok $? "$name: ld links it"
	ld_sec "$KLP_TMP/$name.elf" .text "$KLP_TMP/$name.ld"
	expect_exit 0 "$name: accepted at the limit" "$RELOCATE" \
		--arch s390x --base text=$TEXT --base data=$DATA \
		--sym "$sym=$(hex "$val")" \
		--dump-sec .text="$KLP_TMP/$name.our" "$obj"
	cmp -s "$KLP_TMP/$name.ld" "$KLP_TMP/$name.our"
	ok $? "$name: bytes equal ld's"
}

# past NAME TYPE LD ASM SYM VALUE WANT
#   LD: trunc (ld: truncated to fit), misaligned (ld: misaligned symbol)
#       or a decode KIND (ld wraps silently: its field must miss VALUE)
#   WANT: the value in the kernel's message
past() {
	local name=$1 type=$2 ld=$3 asm=$4 sym=$5 val=$6 want=$7 rc=0 n
	local obj=$KLP_TMP/$name.o

	mkobj "$name" "$asm"
	has_reloc "$obj" "$type" "$sym"
	ok $? "$name: premise: as emitted $type against $sym"
	ld_link "$obj" "$KLP_TMP/$name.elf" $TEXT $DATA \
		--defsym "$sym=$(hex "$val")" >"$KLP_TMP/ld.err" 2>&1 || rc=$?
	case $ld in
	trunc)
		grep -q "relocation truncated to fit: $type" "$KLP_TMP/ld.err"
		ok $? "$name: premise: ld says relocation truncated to fit" ;;
	misaligned)
		grep -q "misaligned symbol \`$sym'.* for relocation $type" \
			"$KLP_TMP/ld.err"
		ok $? "$name: premise: ld says misaligned symbol" ;;
	*)
		ld_sec "$KLP_TMP/$name.elf" .text "$KLP_TMP/$name.ld"
		n=$(decode "$ld" "$KLP_TMP/$name.ld")
		[ "$rc" -eq 0 ] && [ "$n" -ne "$((val))" ]
		ok $? "$name: premise: ld's field reaches $(hex "$n"), not $(hex "$val")" ;;
	esac
	expect_exit 1 "$name: refused" "$RELOCATE" --arch s390x \
		--base text=$TEXT --base data=$DATA \
		--sym "$sym=$(hex "$val")" "$obj"
	expect_grep "$KLP_TMP/err" \
		"module $name: relocation error for symbol $sym (r_type $(type_num "$type"), value $(hex "$want"))" \
		"$name: the kernel's message and value"
	if [ "$ld" = misaligned ]; then
		expect_grep "$KLP_TMP/err" "s390-reloc-align" "$name: rule: odd"
	else
		expect_grep "$KLP_TMP/err" "s390-reloc-range" "$name: rule: range"
	fi
	n=$(grep -c . "$KLP_TMP/err")
	[ "$n" -eq 1 ]
	ok $? "$name: exactly one diagnostic ($n)"
}

# RI/RIL branch fields: the place is TEXT + 2 and as emits addend +2, so
# S + A - P = far - TEXT.
inside pc16dbl_max R_390_PC16DBL 'j far' far $((TEXT + 0xfffe))
inside pc16dbl_min R_390_PC16DBL 'j far' far $((TEXT - 0x10000))
past pc16dbl_over R_390_PC16DBL pc16dbl 'j far' far \
	$((TEXT + 0x10000)) 0x10000
past pc16dbl_under R_390_PC16DBL pc16dbl 'j far' far \
	$((TEXT - 0x10002)) -0x10002
inside pc32dbl_max R_390_PC32DBL 'larl %r1,far' far $((TEXT + 0xfffffffe))
inside pc32dbl_min R_390_PC32DBL 'brasl %r14,far' far $((TEXT - 0x100000000))
past pc32dbl_over R_390_PC32DBL pc32dbl 'larl %r1,far' far \
	$((TEXT + 0x100000000)) 0x100000000
past pc32dbl_under R_390_PC32DBL pc32dbl 'brasl %r14,far' far \
	$((TEXT - 0x100000002)) -0x100000002
inside d12_max R_390_12 'l %r1,big(%r2)' big 0xfff
past d12_over R_390_12 d12 'l %r1,big(%r2)' big 0x1000 0x1000
inside d20_max R_390_20 'lg %r1,big(%r2)' big 0x7ffff
inside d20_min R_390_20 'lg %r1,big(%r2)' big -0x80000
past d20_over R_390_20 d20 'lg %r1,big(%r2)' big 0x80000 0x80000
past d20_under R_390_20 d20 'lg %r1,big(%r2)' big -0x80001 -0x80001
inside abs8_max R_390_8 '.byte big' big 0xff
past abs8_over R_390_8 trunc '.byte big' big 0x100 0x100
inside abs16_max R_390_16 '.short big' big 0xffff
past abs16_over R_390_16 trunc '.short big' big 0x10000 0x10000
inside abs32_max R_390_32 '.long big' big 0xffffffff
past abs32_over R_390_32 trunc '.long big' big 0x100000000 0x100000000
inside pc16_max R_390_PC16 '.reloc ., R_390_PC16, far\n.short 0' far \
	$((TEXT + 0x7fff))
past pc16_over R_390_PC16 pc16 '.reloc ., R_390_PC16, far\n.short 0' far \
	$((TEXT + 0x8000)) 0x8000
inside pc32_max R_390_PC32 '.long far-.' far $((TEXT + 0x7fffffff))
past pc32_over R_390_PC32 pc32 '.long far-.' far \
	$((TEXT + 0x80000000)) 0x80000000
# odd halfword-scaled displacements: checked before the range
past pc32dbl_odd R_390_PC32DBL misaligned 'larl %r1,far' far \
	$((TEXT + 0x1001)) 0x1001
past pc16dbl_odd R_390_PC16DBL misaligned 'j far' far \
	$((TEXT + 0x101)) 0x101

tap_done
