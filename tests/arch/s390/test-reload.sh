#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The target module of an s390x livepatch comes back at another address
# (check --reload-shift). 6.12 has no clear_relocate_add() on s390 and
# module_arch_freeing_init() keeps a live livepatch module's syminfo, so
# got_initialized and plt_initialized stay set: the second apply rewrites
# the direct fields (brasl to the new mfn) but not the GOT slot or the PLT
# entry, which keep the old addresses. The kernel accepts the reload
# without a word; the patch then reads and calls freed memory. check must
# say so as an error (exit 1).
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/s390/lib.sh"

SHIFT=0x100000
s390_as "$S390_DIR/reload.S" "$KLP_TMP/lp.o" &&
	s390_as "$S390_DIR/tgt.S" "$KLP_TMP/tgt.ko" &&
	"$KLP_TOOLS/mkklp" -q -k tgt:mfn -k tgt:mvar "$KLP_TMP/lp.o" "$KLP_TMP/lp.ko"
ok $? "lp.ko (reload.S made klp by mkklp) and tgt.ko"
relocs "$KLP_TMP/lp.ko" >"$KLP_TMP/relocs"
for p in ".klp.rela.tgt.text .* R_390_PLT32DBL .klp.sym.tgt.mfn,0" \
	 ".klp.rela.tgt.text .* R_390_GOTENT .klp.sym.tgt.mvar,0" \
	 ".klp.rela.tgt.data .* R_390_PLT64 .klp.sym.tgt.mfn,0"; do
	grep -q "$p" "$KLP_TMP/relocs"
	ok $? "premise: lp.ko has $p"
done
# vmlinux as System.map has it: link-time, _text at TEXT_OFFSET
printf '0000000000100000 T _text\n0000000000100000 T _stext\n' >"$KLP_TMP/System.map"
args=(--target "$KLP_TMP/System.map" --target-module tgt="$KLP_TMP/tgt.ko")

expect_exit 0 "tgt reloaded at the same place: accepted" \
	"$KLPRELOC" check "${args[@]}" "$KLP_TMP/lp.ko"
! grep -qE 'error|warning' "$KLP_TMP/out"
ok $? "... the slots still hold the right addresses"
rm -rf "$KLP_TMP/a0"
"$KLPRELOC" apply "${args[@]}" --out "$KLP_TMP/a0" "$KLP_TMP/lp.ko" >/dev/null
sym() { awk -v n="$2" '$3 == n { print $2 }' "$1/symbols.txt"; }
MFN=$(sym "$KLP_TMP/a0" .klp.sym.tgt.mfn,0)
MVAR=$(sym "$KLP_TMP/a0" .klp.sym.tgt.mvar,0)
[ -n "$MFN" ] && [ -n "$MVAR" ]
ok $? "premise: tgt's mfn ($MFN) and mvar ($MVAR) where it first loads"

expect_exit 1 "tgt back $SHIFT higher: check says the patch is broken" \
	"$KLPRELOC" check "${args[@]}" --reload-shift $SHIFT "$KLP_TMP/lp.ko"
expect_grep "$KLP_TMP/out" "rela 1: error: s390-stale-slot: the kernel accepts this apply, but the GOT slot of .klp.sym.tgt.mvar,0 at " \
	"an error for mvar's GOT slot"
expect_grep "$KLP_TMP/out" "keeps $(hex $MVAR) from the first apply (got_initialized stays set in the live patch's syminfo): reads through it go to the old address, not to $(hex $((MVAR + SHIFT)))" \
	"... naming the old and the new address"
expect_grep "$KLP_TMP/out" "error: s390-stale-slot: the kernel accepts this apply, but the PLT entry of .klp.sym.tgt.mfn,0 at " \
	"an error for mfn's PLT entry (used by the PLT64)"
expect_grep "$KLP_TMP/out" "keeps $(hex $MFN) from the first apply (plt_initialized stays set in the live patch's syminfo): calls through it go to the old address, not to $(hex $((MFN + SHIFT)))" \
	"... naming the old and the new address"
[ "$(grep -c 'error' "$KLP_TMP/out")" -eq 2 ]
ok $? "two errors, no more: the direct brasl is right, nothing is refused"
! grep -q 'target-refused' "$KLP_TMP/out" &&
	grep -q 'object tgt: 2 sections, 3 relocations: applied' "$KLP_TMP/out"
ok $? "the kernel loads tgt: the object is applied"

# the bytes (brasl to the new mfn, the slot with the old mvar) are
# test-reapply.c's; apply writes nothing for a module check calls broken
rm -rf "$KLP_TMP/a1"
expect_exit 1 "apply: broken, nothing written" "$KLPRELOC" apply \
	"${args[@]}" --reload-shift $SHIFT --out "$KLP_TMP/a1" "$KLP_TMP/lp.ko"
[ ! -e "$KLP_TMP/a1" ]
ok $? "... no output directory"

tap_done
