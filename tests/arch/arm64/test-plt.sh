#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module PLTs and erratum 843419 veneers, shown by execution: plt.S is
# relocated for 0x50000000, far beyond BL range of the "kernel" functions
# in a static aarch64 harness (around 0x400000); the harness maps our
# relocated text there and runs it under qemu-aarch64-static. Oracles:
# the arithmetic of the called functions, the same object linked by GNU ld
# (with ld's own long-branch stubs) run the same way, and every PLT entry,
# veneer and ADR compared with what the assembler and ld encode for the
# same instructions at the same address.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/arm64/lib.sh"
W=$KLP_TMP
QEMU=qemu-aarch64-static
PT=0x50000000

# u32 FILE OFFSET: little-endian word
u32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
# branch_target FILE BASE OFFSET: where the B/BL at OFFSET goes, or "-"
branch_target() {
	local w off
	w=$(u32 "$1" "$3")
	if [ $((w & 0x7c000000)) -ne $((0x14000000)) ]; then
		echo -; return
	fi
	off=$(( (w & 0x3ffffff) << 2 ))
	[ $((off & 0x8000000)) -ne 0 ] && off=$((off - 0x10000000))
	printf '0x%x\n' $(( $2 + $3 + off ))
}
# ref_bytes ADDR OUT ASM [--defsym...]: what ld makes of ASM at ADDR
ref_bytes() {
	local addr=$1 out=$2 asm=$3
	shift 3
	rm -f "$out"
	printf '\t.text\n%s\n' "$asm" >"$W/ref.S"
	${X}as "$W/ref.S" -o "$W/ref.o" &&
	${X}ld -e0 -Ttext="$addr" "$@" "$W/ref.o" -o "$W/ref.elf" &&
	${X}objcopy -O binary -j .text "$W/ref.elf" "$out"
}
# slice FILE OFF LEN
slice() { dd if="$1" bs=1 skip="$2" count="$3" status=none | od -An -tx1; }
# same FILE OFF LEN REF: LEN bytes at OFF of FILE are REF's first LEN
same() {
	local a b
	a=$(slice "$1" "$2" "$3")
	b=$(slice "$4" 0 "$3")
	[ -n "$a" ] && [ "$a" = "$b" ] && return 0
	echo "#   ours: $a"; echo "#   ref:  $b"
	return 1
}

${X}gcc -O1 -static -no-pie -o "$W/harness" "$ARM64_DIR/harness.c"
ok $? "build the static aarch64 harness"
for s in far_func1 far_func2 far_tail far_data; do
	a=$(${X}nm "$W/harness" | awk -v s=$s '$3 == s {print "0x" $1}')
	SYM[$s]=$a
done
FARSYMS=()
for s in far_func1 far_func2 far_tail far_data; do
	FARSYMS+=("--sym=$s=${SYM[$s]}")
done
dist=$((PT - SYM[far_func1]))
[ $dist -gt $((128 << 20)) ]
ok $? "premise: harness functions are $((dist >> 20)) MiB away, out of BL range"

${X}gcc -c "$ARM64_DIR/plt.S" -o "$W/plt.o" &&
	${X}gcc -c -DNO_PLT_SECS "$ARM64_DIR/plt.S" -o "$W/noplt.o"
ok $? "assemble plt.S (with and without .plt sections)"
has_reloc "$W/plt.o" CALL26 && has_reloc "$W/plt.o" JUMP26
ok $? "premise: plt.o carries CALL26 and JUMP26"
${X}readelf -rW "$W/plt.o" | grep -q '^0000000000000ff8 .*R_AARCH64_ADR_PREL_PG_HI21 ' &&
	${X}readelf -rW "$W/plt.o" | grep -q '^0000000000001ff8 .*R_AARCH64_ADR_PREL_PG_HI21 '
ok $? "premise: ADR_PREL_PG_HI21 at .text+0xff8 and +0x1ff8 (843419 offsets)"

a=5
r1=$((3 * a + 1)); r2=$((3 * r1 + 1))
WANT=$(printf '0x%x' $(( (r2 + r1 + 100) ^ 0x5a5a )))

# The oracle run: GNU ld's own stubs reach the far functions.
mklds $PT 0x60000000 "$W/o.lds"
${X}ld -e entry -T "$W/o.lds" "${FARSYMS[@]/--sym=/--defsym=}" "$W/plt.o" \
	-o "$W/plt.elf" && ${X}objcopy -O binary -j .text "$W/plt.elf" "$W/ld.text"
ok $? "GNU ld links plt.o at $PT"
got=$($QEMU "$W/harness" $PT $a "$W/ld.text@$PT")
[ "$got" = "$WANT" ]
ok $? "oracle: ld-linked entry($a) = $got under qemu (want $WANT)"

run_ours() {	# run_ours OBJ TAG [relocate options]
	local obj=$1 tag=$2
	shift 2
	expect_exit 0 "relocate $tag" "$RELOCATE" --arch arm64 \
		--base text=$PT "${FARSYMS[@]}" "$@" --layout \
		--dump-mem text="$W/$tag.text" "$obj"
	cp "$W/out" "$W/$tag.layout"
	cp "$W/err" "$W/$tag.err"
}

run_ours "$W/plt.o" ours
grep -q "^mem text $PT " "$W/ours.layout"
ok $? "premise: text region at $PT"
got=$($QEMU "$W/harness" $PT $a "$W/ours.text@$PT")
[ "$got" = "$WANT" ]
ok $? "entry($a) through our PLT = $got (want $WANT)"

t1=$(branch_target "$W/ours.text" $PT 0xc)
t1b=$(branch_target "$W/ours.text" $PT $((0x14)))
t2=$(branch_target "$W/ours.text" $PT $((0x1c)))
t3=$(branch_target "$W/ours.text" $PT $((0x28)))
read -r _ _ plt pltsize < <(grep '^sec .plt ' "$W/ours.layout")
[ "$t1" = "$t1b" ]
ok $? "both calls of far_func1 share one PLT entry ($t1)"
[ "$t1" != "$t2" ] && [ "$t2" != "$t3" ] && [ "$t1" != "$t3" ]
ok $? "far_func1, far_func2 and far_tail have distinct entries"
for t in "$t1" "$t2" "$t3"; do
	[ "$t" != - ] && [ -n "$plt" ] && [ $((t)) -ge $((plt)) ] &&
		[ $((t + 12)) -le $((plt + pltsize)) ]
	ok $? "branch target $t lies in .plt [$plt, +$pltsize)"
done
i=0
for s in far_func1 far_func2 far_tail; do
	i=$((i + 1))
	eval "t=\$t$i"
	[ "$t" = - ] && t=0
	ref_bytes "$t" "$W/ref.bin" "	adrp x16, $s
	add x16, x16, :lo12:$s
	br x16" --defsym=$s=${SYM[$s]}
	same "$W/ours.text" $((t - PT)) 12 "$W/ref.bin"
	ok $? "PLT entry for $s at $t == ld's adrp/add/br x16 there"
done

# Erratum 843419: ADRP at 0xff8 with a far page -> b veneer
got=$($QEMU "$W/harness" $((PT + 0xff0)) 0 "$W/ours.text@$PT")
[ "$got" = "0x1122334455667788" ]
ok $? "get_far() through the ADRP veneer loads far_data ($got)"
v=$(branch_target "$W/ours.text" $PT $((0xff8)))
[ "$v" != - ] && [ $((v)) -ge $((plt)) ]
ok $? "the ADRP at 0xff8 became a B to a veneer in .plt ($v)"
[ "$v" = - ] && v=0
pg=$(printf '0x%x' $(( SYM[far_data] & ~0xfff )))
ref_bytes "$v" "$W/ref.bin" "	adrp x0, pg
	add x0, x0, :lo12:pg
	b back" --defsym=pg=$pg --defsym=back=$((PT + 0xffc))
same "$W/ours.text" $((v - PT)) 12 "$W/ref.bin"
ok $? "veneer == ld's adrp x0/add x0/b back at $v"

# ADRP at 0x1ff8 with a page in ADR range -> adr
got=$($QEMU "$W/harness" $((PT + 0x1ff0)) 0 "$W/ours.text@$PT")
[ "$got" = "0x123456789abcdef" ]
ok $? "get_near() with ADRP turned ADR loads near_data ($got)"
nd=$(${X}nm "$W/plt.o" | awk '$3 == "near_data" {print "0x" $1}')
ref_bytes "$(printf '0x%x' $((PT + 0x1ff8)))" "$W/ref.bin" "	adr x0, pg" \
	--defsym=pg=$(( (PT + nd) & ~0xfff ))
same "$W/ours.text" $((0x1ff8)) 4 "$W/ref.bin"
ok $? "the ADRP at 0x1ff8 == ld's adr x0, Page(near_data)"

# Without the workaround both stay ADRP, as ld leaves them
run_ours "$W/plt.o" noerr --arch-opt arm64.erratum-843419=0
for o in 0xff8 0x1ff8; do
	dd if="$W/ld.text" of="$W/ld.word" bs=1 skip=$((o)) count=4 status=none
	same "$W/noerr.text" $((o)) 4 "$W/ld.word"
	ok $? "erratum off: ADRP at $o == ld's"
done
got=$($QEMU "$W/harness" $((PT + 0xff0)) 0 "$W/noerr.text@$PT")
[ "$got" = "0x1122334455667788" ]
ok $? "erratum off: get_far() = $got"

# A bare object without .plt: the slots are reserved in text instead
# (which lands before .text: the kernel's layout hook runs first)
run_ours "$W/noplt.o" noplt
expect_grep "$W/noplt.err" "arm64-plt-reserved" "no .plt: reservation noted"
read -r _ _ nt _ < <(grep '^sec .text ' "$W/noplt.layout")
[ -n "$nt" ] && [ $((nt)) -gt $((PT)) ]
ok $? "no .plt: .text at $nt, after the reserved slots"
got=$($QEMU "$W/harness" "$nt" $a "$W/noplt.text@$PT")
[ "$got" = "$WANT" ]
ok $? "no .plt: entry($a) through reserved PLT = $got"
got=$($QEMU "$W/harness" $((nt + 0xff0)) 0 "$W/noplt.text@$PT")
[ "$got" = "0x1122334455667788" ]
ok $? "no .plt: get_far() through the veneer = $got"

tap_done
