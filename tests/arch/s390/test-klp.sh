#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# klp relocations on s390x through the whole livepatch flow (klpreloc
# check / apply): the GOT slots and PLT entries that .klp.rela sections
# need are reserved when the patch module loads, like the ordinary ones
# (6.12 counts every SHT_RELA section), early vmlinux relocations and
# late module ones land in them, and late writes go through
# s390_kernel_write (a plain store into live text would fault: "check"
# reports that as late-write-ro).
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

s390_as "$S390_DIR/klp.S" "$KLP_TMP/klp.o"
ok $? "as: klp.S"
s390_as "$S390_DIR/tgt.S" "$KLP_TMP/tgt.ko"
ok $? "as: tgt.S"
"$KLP_TOOLS/mkklp" -q -k vmlinux:vfn -k vmlinux:vvar -k vmlinux:vvar2 \
	-k tgt:mfn -k tgt:mvar "$KLP_TMP/klp.o" "$KLP_TMP/klp.ko"
ok $? "mkklp: klp.o -> klp.ko"
relocs "$KLP_TMP/klp.ko" >"$KLP_TMP/relocs"
for p in ".klp.rela.vmlinux.text .* R_390_PLT32DBL .klp.sym.vmlinux.vfn,0" \
	 ".klp.rela.vmlinux.text .* R_390_GOTENT .klp.sym.vmlinux.vvar,0" \
	 ".klp.rela.vmlinux.text .* R_390_PC32DBL .klp.sym.vmlinux.vvar2,0" \
	 ".klp.rela.tgt.text .* R_390_PLT32DBL .klp.sym.tgt.mfn,0" \
	 ".klp.rela.tgt.text .* R_390_GOTENT .klp.sym.tgt.mvar,0" \
	 "^.text .* R_390_PLT32DBL printk "; do
	grep -q "$p" "$KLP_TMP/relocs"
	ok $? "premise: klp.ko has $p"
done

# vmlinux at its 6.12 run-time addresses, as /proc/kallsyms shows them
cat >"$KLP_TMP/kallsyms" <<EOS
$(printf %016x $KTEXT) T printk
$(printf %016x $((KTEXT + 0x23000))) T vfn
$(printf %016x $((KTEXT + 0x356000))) D vvar
$(printf %016x $((KTEXT + 0x356100))) D vvar2
EOS
expect_exit 0 "check: the kernel would accept klp.ko" "$KLPRELOC" check \
	--target "$KLP_TMP/kallsyms" --target-module tgt="$KLP_TMP/tgt.ko" \
	"$KLP_TMP/klp.ko"
! grep -E "error|warning" "$KLP_TMP/out" "$KLP_TMP/err" >/dev/null
ok $? "check: no error or warning"
out=$KLP_TMP/apply
expect_exit 0 "apply klp.ko" "$KLPRELOC" apply --target "$KLP_TMP/kallsyms" \
	--target-module tgt="$KLP_TMP/tgt.ko" --out "$out" "$KLP_TMP/klp.ko"

# GOT/PLT symbols over every RELA section, klp ones included
ngot=$(awk '$3 ~ /^R_390_GOT/ { print $4 }' "$KLP_TMP/relocs" | sort -u | wc -l)
nplt=$(awk '$3 ~ /^R_390_PLT/ { print $4 }' "$KLP_TMP/relocs" | sort -u | wc -l)
[ "$ngot $nplt" = "2 3" ]
ok $? "premise: 2 GOT symbols, 3 PLT symbols ($ngot, $nplt)"
tbase=$(awk '$1 == "mem" && $2 == "text" { print $3 }' "$out/layout.txt")
text=$(( (tbase + ngot * 8 + (nplt + 1) * 22 + 3) & ~3 ))
grep -q "^sec .text $(hex $text) " "$out/layout.txt"
ok $? ".text after the GOT and PLT of the klp relocations too"

img=$KLP_TMP/img
echo "$tbase $out/mem/text.bin" >"$img"
# val SYMNAME: vmlinux symbols from the kallsyms dump we wrote; tgt's
# from where apply placed tgt.ko
val() {
	local k=${1#.klp.sym.vmlinux.}
	k=${k%,0}
	awk -v s="$k" '$3 == s { print "0x" $1 }' "$KLP_TMP/kallsyms" | grep . ||
	awk -v s="$1" '$3 == s { print $2 }' "$out/symbols.txt"
}
plt=$((tbase + ngot * 8))
# every PLT symbol has its entry (first use order), target in reach or not
i=0
for s in $(awk '$3 ~ /^R_390_PLT/ && !seen[$4]++ { print $4 }' "$KLP_TMP/relocs"); do
	e=$((plt + 22 * i))
	expect_eq "$(img_read "$img" $e 8)" 0x0d10e310100c0004 \
		"PLT entry $i is an entry"
	expect_eq "$(img_read "$img" $((e + 14)) 8)" "$(val "$s")" \
		"PLT entry $i jumps to $s"
	i=$((i + 1))
done
while read -r sec off type sym add; do
	P=$((text + off))
	f=$(sext "$(img_read "$img" $P 4)" 32)
	case $type in
	R_390_GOTENT)
		slot=$((P - add + 2 * f))
		expect_eq "$(img_read "$img" $slot 8)" "$(val "$sym")" \
			"$sec $type $sym: its GOT slot holds the symbol" ;;
	R_390_PLT32DBL)
		# all in direct reach: the kernel branches straight there
		expect_eq "$((P - add + 2 * f))" "$(val "$sym")" \
			"$sec $type $sym: branches straight to the symbol" ;;
	R_390_PC32DBL)
		expect_eq "$((P - add + 2 * f))" "$(val "$sym")" \
			"$sec $type $sym: reaches vmlinux (2 GiB away)" ;;
	esac
done <"$KLP_TMP/relocs"

tap_done
