#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# --arch-opt ARCH.NAME=VALUE through the CLI. A bad one (no such arch, no
# such knob, a value that is not on/off, not ARCH.NAME=VALUE) is a usage
# error: exit 2, nothing on stdout, one line naming the problem - whatever
# the module's own arch. A good one changes the bytes apply writes as the
# kernel option does:
#   s390x.expoline: CONFIG_EXPOLINE's PLT entries branch through the
#     __jump_r1 thunk, the last PLT entry (brcl 15); without it they end in
#     br %r1 and there is no thunk (arch/s390/kernel/module.c). Oracle: the
#     words GNU as encodes for those instructions.
#   arm64.erratum-843419: an ADRP at a page offset of 0xff8 or 0xffc
#     becomes a B to a veneer in .plt when its target is out of ADR range
#     (module-plts.c, reloc_insn_adrp()); without the workaround it stays
#     an ADRP to the target's page. Oracle: the A64 encodings, decoded.
set -u
. "$TOPDIR/tests/lib/tap.sh"

T=$KLP_TMP
G=$KLP_TOOLS/genklp
M=$KLP_TOOLS/mkklp
printf 'ffffffff81000000 T _stext\nffffffff81000100 T bar\n' >"$T/x.map"
"$G" -a x86_64 -o "$T/x.ko" -r '.klp.sym.vmlinux.bar,0'
ok $? "an x86_64 livepatch module"

# bad CMD SPEC WHY: a usage error naming WHY
bad() {
	local cmd=$1 spec=$2 why=$3 rc=0 args=()
	[ "$cmd" = apply ] && args=(--out "$T/never")
	"$KLPRELOC" "$cmd" --target "$T/x.map" "${args[@]}" --arch-opt "$spec" \
		"$T/x.ko" >"$T/o" 2>"$T/e" || rc=$?
	[ $rc -eq 2 ] && [ ! -s "$T/o" ] && [ ! -e "$T/never" ] &&
		[ "$(grep -c -- '--arch-opt' "$T/e")" -eq 1 ] &&
		grep -qF -- "--arch-opt '$spec'$why" "$T/e" &&
		! grep -q 'error:' "$T/e"
	ok $? "$cmd --arch-opt '$spec': exit 2 ($rc), one line: ...$why"
	[ $rc -eq 2 ] || sed 's/^/#   /' "$T/e" "$T/o"
}
bad check mips.foo=1 ": no arch 'mips'"
bad check x86_64.nosuch=1 ": x86_64 has no option 'nosuch'"
bad check x86_64.=1 ": x86_64 has no option ''"
bad check x86_64.randomize_base=maybe ": x86_64.randomize_base wants on or off"
bad check s390x.expoline= ": s390x.expoline wants on or off"
bad check x86_64.randomize_base " is not ARCH.NAME=VALUE"
bad check randomize_base=off " is not ARCH.NAME=VALUE"
bad check .randomize_base=off " is not ARCH.NAME=VALUE"
# checked against every arch, not only the module's
bad check arm64.erratum-843419=2 ": arm64.erratum-843419 wants on or off"
bad apply s390x.nosuch=on ": s390x has no option 'nosuch'"
bad apply ppc64le.x=1 ": ppc64le has no option 'x'"
for v in on off y n yes no 1 0 true false; do
	expect_exit 0 "x86_64.randomize_base=$v is a value" "$KLPRELOC" check \
		--target "$T/x.map" --arch-opt x86_64.randomize_base=$v "$T/x.ko"
done

# s390x.expoline: the PLT entry of lps390's mfn (test-reload.sh's pair)
S=$TOPDIR/tests/arch/s390
XS=s390x-linux-gnu-
${XS}as -o "$T/lp.o" "$S/reload.S" && ${XS}as -o "$T/tgt.ko" "$S/tgt.S" &&
	"$M" -q -k tgt:mfn -k tgt:mvar "$T/lp.o" "$T/lp.ko"
ok $? "s390x: lp.ko with a PLT entry for tgt's mfn"
printf '0000000000100000 T _text\n' >"$T/s.map"
# words LEN 'INSN; ...': the first LEN bytes GNU as encodes, as hex (as
# pads .text with nopr)
words() {
	printf '%s\n' "$2" | tr ';' '\n' >"$T/w.S"
	${XS}as -o "$T/w.o" "$T/w.S" && ${XS}objcopy -O binary -j .text "$T/w.o" "$T/w.bin" &&
		od -An -v -tx1 -N "$1" "$T/w.bin" | tr -d ' \n'
}
hexat() { od -An -v -tx1 -j "$(($2))" -N "$3" "$1" | tr -d ' \n'; }
for e in on off; do
	rm -rf "$T/s$e"
	expect_exit 0 "s390x.expoline=$e: apply" "$KLPRELOC" apply --target "$T/s.map" \
		--target-module tgt="$T/tgt.ko" --arch-opt s390x.expoline=$e \
		--out "$T/s$e" "$T/lp.ko"
	mfn=$(awk '$3 == ".klp.sym.tgt.mfn,0" { print $2 }' "$T/s$e/symbols.txt")
	img=$T/s$e/mem/text.bin
	# one GOT slot (mvar) opens the text region, the PLT follows
	if [ $e = on ]; then
		want=$(words 14 'basr %r1,0; lg %r1,12(%r1); brcl 15,.+14')
		what="brcl 15 to the thunk right after it, then the thunk"
	else
		# the kernel stores br %r1 as the word 0x07f10000 and never sets
		# bytes 12-13 of the entry (they are not executed): skip them
		want="$(words 10 'basr %r1,0; lg %r1,12(%r1); br %r1')0000"
		what="br %r1, no thunk"
	fi
	got=$(hexat "$img" 8 $((${#want} / 2)))$(hexat "$img" $((8 + 14)) 8)
	want+=$(printf %016x $((mfn)))
	[ $e = on ] && want+=$(words 12 'exrl %r0,.+10; j .; br %r1') &&
		got+=$(hexat "$img" $((8 + 22)) 12)
	[ "$got" = "$want" ]
	ok $? "s390x.expoline=$e: the PLT entry is GNU as's words: $what"
	[ "$got" = "$want" ] || echo "#   got $got, want $want"
done
# .text follows the GOT slot and the PLT: 1 entry, + the thunk with expolines
al=$(${XS}readelf -SW "$T/lp.ko" | sed 's/^.*\] //' | awk '$1 == ".text" { print $NF }')
for e in on off; do
	n=1; [ $e = on ] && n=2
	tb=$(awk '$1 == "mem" && $2 == "text" { print $3 }' "$T/s$e/layout.txt")
	ta=$(awk '$2 == ".text" { print $3 }' "$T/s$e/layout.txt")
	[ $((ta - tb)) -eq $(( (8 + 22 * n + al - 1) / al * al )) ]
	ok $? "s390x.expoline=$e: .text after the GOT slot and $n PLT entries"
done

# arm64.erratum-843419 (livepatch on arm64 since 6.17)
XA=aarch64-linux-gnu-
${XA}gcc -c -o "$T/e.o" "$TOPDIR/tests/arch/arm64/erratum.S" &&
	"$M" -q -k vmlinux:vdata "$T/e.o" "$T/e.ko"
ok $? "arm64: an ADRP at .text+0xff8 to vmlinux's vdata, a klp relocation"
VDATA=0xffff800081000000
printf 'ffff800080000000 T _text\n%x D vdata\n' $((VDATA)) >"$T/a.map"
le32() { echo "0x$(od -An -tx4 -j "$(($2))" -N4 --endian=little "$1" | tr -d ' ')"; }
for e in 1 0; do
	rm -rf "$T/a$e"
	expect_exit 0 "arm64.erratum-843419=$e: apply" "$KLPRELOC" apply \
		--kernel 6.17 --target "$T/a.map" --arch-opt arm64.erratum-843419=$e \
		--out "$T/a$e" "$T/e.ko"
	text=$(awk '$2 == ".text" { print $3 }' "$T/a$e/layout.txt")
	read -r plt pltsz < <(awk '$2 == ".plt" { print $3, $4 }' "$T/a$e/layout.txt")
	P=$((text + 0xff8))
	i=$(($(le32 "$T/a$e/sections/.text.bin" 0xff8)))
	[ $((P & 0xfff)) -eq $((0xff8)) ]
	ok $? "arm64 erratum=$e: premise: the ADRP sits at page offset 0xff8"
	if [ $e = 1 ]; then
		# B: 000101 imm26, target P + 4 * imm26
		to=$((P + (((i & 0x3ffffff) << 38) >> 36)))
		[ $((i >> 26)) -eq 5 ] && [ $to -ge $((plt)) ] && [ $to -lt $((plt + pltsz)) ]
		ok $? "arm64 erratum=1: the ADRP became a B to a veneer in .plt ($(printf 0x%x $i))"
	else
		# ADRP: 1 immlo 10000 immhi rd, page(P) + imm << 12
		imm=$(( ((((i >> 5) & 0x7ffff) << 2 | (i >> 29) & 3) << 43) >> 31 ))
		[ $((i & 0x9f000000)) -eq $((0x90000000)) ] &&
			[ $(((P & ~0xfff) + imm)) -eq $((VDATA & ~0xfff)) ]
		ok $? "arm64 erratum=0: still an ADRP, to vdata's page ($(printf 0x%x $i))"
	fi
done

# arm64.livepatch-series: 6.12 with the project's series has livepatch and
# writes late relocations through aarch64_insn_copy(); plain 6.12 has
# neither (refused at modinfo), 6.17 has both
printf 'ffff800080000000 T _text\nffff800080100100 T bar\n' >"$KLP_TMP/a64.map"
"$KLP_TOOLS/genklp" -a arm64 -o "$KLP_TMP/a64tgt.ko" -n tgt -d t1 &&
	"$KLP_TOOLS/genklp" -a arm64 -o "$KLP_TMP/a64lp.ko" -n klp_a64 \
		-r '.klp.sym.vmlinux.bar,0' -s '.klp.rela.tgt.text' \
		-r '.klp.sym.tgt.t1,0'
ok $? "premise: genklp wrote an arm64 patch with vmlinux and module relocations"
a64=(--target "$KLP_TMP/a64.map" --target-module "tgt=$KLP_TMP/a64tgt.ko"
     "$KLP_TMP/a64lp.ko")
expect_exit 1 "arm64 6.12: refused" "$KLPRELOC" check "${a64[@]}"
expect_grep "$KLP_TMP/out" "livepatch support is disabled" \
	"arm64 6.12: at modinfo, as the kernel does"
expect_exit 0 "arm64 6.12 with the series: accepted" "$KLPRELOC" check \
	--arch-opt arm64.livepatch-series=on "${a64[@]}"
! grep -q "late-write-ro" "$KLP_TMP/out"
ok $? "arm64 6.12 with the series: the late write into read-only text is a text poke"
expect_exit 0 "arm64 6.17: accepted" "$KLPRELOC" check --kernel 6.17 \
	"${a64[@]}"

# ppc64le.page-size: execmem/vmalloc hands out whole pages, so each module
# region starts a page after the one before ends (packed layout); 64K on
# distribution kernels (CONFIG_PPC_64K_PAGES), 4K on the matrix kernel
bad check ppc64le.page-size=8192 ": ppc64le.page-size wants 4096 or 65536"
P=$TOPDIR/tests/arch/powerpc
XP=powerpc64le-linux-gnu-
${XP}gcc -c -o "$T/ptgt.ko" "$P/tgt.S" &&
	${XP}gcc -c -DNCALLS=1 -o "$T/plp.o" "$P/reload.S" &&
	"$M" -q -k tgt:t1 "$T/plp.o" "$T/plp.ko"
ok $? "ppc64le: lp.ko with a klp call into tgt"
printf 'c000000000001000 T _stext\n' >"$T/p.map"
for ps in 4096 65536; do
	rm -rf "$T/p$ps"
	expect_exit 0 "ppc64le.page-size=$ps: apply" "$KLPRELOC" apply \
		--target "$T/p.map" --target-module tgt="$T/ptgt.ko" \
		--arch-opt ppc64le.page-size=$ps --out "$T/p$ps" "$T/plp.ko"
	bad=0 prev=
	# the low 32 bits (bash arithmetic is signed 64-bit)
	while read -r _ r a sz; do
		a=$((a & 0xffffffff))
		[ $((a % ps)) -eq 0 ] || bad=1
		[ -z "$prev" ] || [ $a -eq $(( (prev + ps - 1) / ps * ps )) ] || bad=1
		prev=$((a + sz))
	done < <(grep '^mem ' "$T/p$ps/layout.txt")
	[ "$(grep -c '^mem ' "$T/p$ps/layout.txt")" -ge 2 ] && [ $bad -eq 0 ]
	ok $? "ppc64le.page-size=$ps: every region on a $ps-byte page, right after the last"
done

tap_done
