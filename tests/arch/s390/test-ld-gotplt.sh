#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GOT types and near PLT types: GNU ld builds its own GOT, so we compare
# what both must agree on - each GOT slot a relocation reaches holds the
# symbol's value, GOTPC/GOTOFF measure from each linker's GOT, a near
# PLT*DBL branches straight to the symbol (same bytes as ld) - and the
# kernel's layout: one 8-byte slot per symbol, one 22-byte PLT entry per
# symbol plus the expoline thunk, at the start of the text region.
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

obj=$KLP_TMP/gotplt.o
s390_as "$S390_DIR/gotplt.S" "$obj"
ok $? "as: gotplt.S"
relocs "$obj" >"$KLP_TMP/relocs"
for t in GOT12 GOT16 GOT20 GOT32 GOT64 GOTENT GOTPLT12 GOTPLT16 GOTPLT20 \
	 GOTPLT32 GOTPLT64 GOTPLTENT GOTOFF16 GOTOFF32 GOTOFF64 GOTPC \
	 GOTPCDBL PLT16DBL PLT32DBL; do
	grep -q " R_390_$t " "$KLP_TMP/relocs"
	ok $? "premise: gotplt.o carries R_390_$t"
done

declare -A S=(
	[v1]=0x3ff70000000 [v2]=0x1234 [v3]=$((KTEXT + 0x23450)) [v4]=5
	[v5]=0x3ffe0000008 [v6]=7 [v7]=0xfffffffffffffff8 [v8]=9
	[g16]=$((TEXT + 0x1000)) [g32]=$((DATA + 0x100000))
	[fn2]=$((TEXT + 0x10000)) [fn3]=$((TEXT + 0x800))
	[_GLOBAL_OFFSET_TABLE_]=0
)
defs=() ours=()
for s in "${!S[@]}"; do
	[ "$s" = _GLOBAL_OFFSET_TABLE_ ] && continue
	defs+=(--defsym "$s=$(hex "${S[$s]}")")
	ours+=(--sym "$s=$(hex "${S[$s]}")")
done

# The kernel's layout, counted here from readelf: distinct symbols.
ngot=$(awk '$3 ~ /^R_390_GOT(PLT)?(12|16|20|32|64|ENT)$|^R_390_GOTENT$/ { print $4 }' \
	"$KLP_TMP/relocs" | sort -u | wc -l)
nplt=$(awk '$3 ~ /^R_390_PLT/ { print $4 }' "$KLP_TMP/relocs" | sort -u | wc -l)
expect_eq "$ngot" 8 "premise: 8 symbols need a GOT slot (v1..v8)"
expect_eq "$nplt" 2 "premise: 2 symbols need a PLT entry (fn2, fn3)"
gotsz=$((ngot * 8))
pltsz=$(((nplt + 1) * 22))	# + the expoline thunk
textaddr=$(( (TEXT + gotsz + pltsz + 3) & ~3 ))	# .text: sh_addralign 4

expect_exit 0 "relocate gotplt.o" "$RELOCATE" --arch s390x \
	--base text=$TEXT --base data=$DATA "${ours[@]}" --layout \
	--dump-mem text="$KLP_TMP/our.textmem" \
	--dump-mem data="$KLP_TMP/our.datamem" "$obj"
cp "$KLP_TMP/out" "$KLP_TMP/layout"
expect_grep "$KLP_TMP/layout" "sec .text $(hex $textaddr) " \
	".text after $ngot GOT slots and $nplt+1 PLT entries"
printf '%s %s\n' $TEXT "$KLP_TMP/our.textmem" $DATA "$KLP_TMP/our.datamem" \
	>"$KLP_TMP/our.img"

# GNU ld, with .text where ours is and its GOT where ours is (ld's has 3
# reserved slots more but still fits before .text): GOTOFF16 must reach.
cat >"$KLP_TMP/got.lds" <<EOS
SECTIONS {
	.got $TEXT : { *(.got.plt) *(.igot.plt) *(.got) }
	.text $(hex $textaddr) : { *(.text) }
	.data $DATA : { *(.data) }
}
EOS
${CROSS}ld -static -e 0 -T "$KLP_TMP/got.lds" "${defs[@]}" \
	-o "$KLP_TMP/ld.elf" "$obj" 2>"$KLP_TMP/ld.err"
ok $? "ld links gotplt.o"
G_ld=$(ld_sym "$KLP_TMP/ld.elf" _GLOBAL_OFFSET_TABLE_)
expect_eq "$G_ld" "$TEXT" "premise: ld's GOT starts where ours does"
: >"$KLP_TMP/ld.img"
for s in .text .data .got; do
	ld_sec "$KLP_TMP/ld.elf" $s "$KLP_TMP/ld$s"
	echo "0x$(${CROSS}readelf -SW "$KLP_TMP/ld.elf" |
		awk -v s=$s '{ for (i = 1; i < NF; i++) if ($i == s) print $(i + 2) }') $KLP_TMP/ld$s" \
		>>"$KLP_TMP/ld.img"
done
# premise: ld kept the GOT load (lgrl, c4x8) rather than relaxing it
op=$(img_read "$KLP_TMP/ld.img" $((textaddr + 6)) 2)
expect_eq "$((op & 0xff0f))" 0xc408 "premise: ld kept lgrl for GOTENT"

# field WHO TYPE P: the value stored at P
field() {
	local img=$KLP_TMP/$1.img w
	case $2 in
	*12) echo $(($(img_read "$img" "$3" 2) & 0xfff)) ;;
	*16|*16DBL) img_read "$img" "$3" 2 ;;
	*20)
		w=$(img_read "$img" "$3" 4)
		sext $(((w >> 16 & 0xfff) | (w >> 8 & 0xff) << 12)) 20 ;;
	*64) img_read "$img" "$3" 8 ;;
	*) img_read "$img" "$3" 4 ;;
	esac
}

while read -r sec off type sym add; do
	t=${type#R_390_}
	for who in our ld; do
		if [ $who = our ]; then G=$TEXT; else G=$G_ld; fi
		if [ "$sec" = .text ]; then P=$((textaddr + off)); else P=$((DATA + off)); fi
		f=$(field $who "$t" $P)
		what="$who $type $sym at $sec+$off"
		# binutils 2.40 stores 0xffffffff for any R_390_GOTPC in a
		# 64-bit link (whatever P and A): only our side is checked
		[ $who = ld ] && [ $t = GOTPC ] && continue
		case $t in
		GOT12|GOT16|GOT20|GOT32|GOT64|GOTPLT12|GOTPLT16|GOTPLT20|GOTPLT32|GOTPLT64)
			slot=$((G + f - add))
			expect_eq "$(img_read "$KLP_TMP/$who.img" $slot 8)" \
				"${S[$sym]}" "$what: GOT slot $(hex $slot) holds $sym" ;;
		GOTENT|GOTPLTENT)
			slot=$((P - add + 2 * $(sext "$f" 32)))
			expect_eq "$(img_read "$KLP_TMP/$who.img" $slot 8)" \
				"${S[$sym]}" "$what: GOT slot $(hex $slot) holds $sym" ;;
		GOTPCDBL)
			expect_eq "$((P - add + 2 * $(sext "$f" 32)))" "$G" \
				"$what: reaches the GOT" ;;
		GOTPC)
			expect_eq "$((P - add + $(sext "$f" 32)))" "$G" \
				"$what: reaches the GOT" ;;
		GOTOFF16|GOTOFF32|GOTOFF64)
			expect_eq "$((G + f))" "$((S[$sym] + add))" \
				"$what: GOT + field = $sym + A" ;;
		PLT16DBL|PLT32DBL)
			b=16; [ $t = PLT32DBL ] && b=32
			expect_eq "$((P - add + 2 * $(sext "$f" $b)))" "${S[$sym]}" \
				"$what: branches straight to $sym" ;;
		esac
	done
	case $t in
	PLT16DBL|PLT32DBL)
		expect_eq "$(field our "$t" $P)" "$(field ld "$t" $P)" \
			"$type $sym: our field equals ld's" ;;
	esac
done <"$KLP_TMP/relocs"

# Slots are per symbol: GOT64 v1 and GOTENT v1 reach the same slot.
v1ent=$((textaddr + 6 + 2 * $(sext "$(field our GOTENT $((textaddr + 8)))" 32)))
expect_eq "$((TEXT + $(field our GOT64 $((DATA + 6)))))" "$v1ent" \
	"GOTENT and GOT64 of v1 share one slot"

# The PLT entries of the near targets exist all the same (first use
# order: fn2, fn3), each "basr 1,0; lg 1,12(1); brcl 15,thunk; .quad S".
plt=$((TEXT + gotsz))
thunk=$((plt + nplt * 22))
i=0
for s in fn2 fn3; do
	e=$((plt + i * 22))
	expect_eq "$(img_read "$KLP_TMP/our.img" $e 8)" 0x0d10e310100c0004 \
		"PLT entry $i: basr %r1,0; lg %r1,12(%r1)"
	expect_eq "$(img_read "$KLP_TMP/our.img" $((e + 8)) 6)" \
		"0xc0f4$(printf %08x $(((thunk - (e + 8)) / 2)))" \
		"PLT entry $i: brcl 15 to the thunk"
	expect_eq "$(img_read "$KLP_TMP/our.img" $((e + 14)) 8)" "${S[$s]}" \
		"PLT entry $i: target $s"
	i=$((i + 1))
done
expect_eq "$(img_read "$KLP_TMP/our.img" $thunk 12)" 0xc60000000005a7f4000007f1 \
	"thunk: exrl %r0,.+10; j .; br %r1"

tap_done
