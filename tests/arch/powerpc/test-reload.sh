#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The target module of a ppc64le livepatch comes back at another address
# (check --reload-shift). 6.12 never frees a stub, so every call into the
# moved module needs a new one, and the room is what get_stubs_size()
# counted at load: one per REL24 (symbol, addend) of each RELA section,
# plus the zero terminator and the two ftrace stubs. stub_for_addr() runs
# while a slot's funcdata is non-zero and checks WARN_ON(i >= num_stubs)
# only inside that loop, so:
#   - the first new stub takes the spare terminator slot: accepted;
#   - the second goes just past .stubs, into the zeroed rest of the text
#     page (module_memory_alloc() page-aligns and zeroes each region), where
#     the loop stops at its zero funcdata: accepted, outside every section;
#   - the third finds that stub non-zero with i == num_stubs: WARN, -ENOENT,
#     and the target is refused.
# The calls are applied in relacmp() order (r_info descending: t3, t2, t1).
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

M=$KLP_TOOLS/mkklp
SHIFT=0x100000
TARBALL=/usr/src/linux-source-6.12.tar.xz
printf 'c000000000001000 T _stext\n' >"$T/sys.map"

${X}gcc -c -o "$T/tgt.ko" "$D/tgt.S"
ok $? "target module tgt (t1, t2, t3) assembled"
for n in 1 2 3; do
	ks=(-k tgt:t1)
	[ $n -ge 2 ] && ks+=(-k tgt:t2)
	[ $n -ge 3 ] && ks+=(-k tgt:t3)
	${X}gcc -c -DNCALLS=$n -o "$T/lp$n.o" "$D/reload.S" &&
		"$M" -q "${ks[@]}" "$T/lp$n.o" "$T/lp$n.ko"
	ok $? "lp$n.ko: $n calls into tgt made klp relocations"
	[ "$(${X}readelf -rW "$T/lp$n.ko" | awk '$3 == "R_PPC64_REL24"' | wc -l)" -eq $n ]
	ok $? "premise: lp$n.ko has $n R_PPC64_REL24, all klp"
done

chk() {	# chk N [args]: check lpN.ko
	local n=$1
	shift
	"$KLPRELOC" check --target "$T/sys.map" --target-module tgt="$T/tgt.ko" \
		"$@" "$T/lp$n.ko"
}

expect_exit 0 "3 calls, tgt reloaded at the same place: accepted" chk 3
! grep -q 'ppc64-stub' "$T/out"
ok $? "... the old stubs serve again"

# 1 call: the spare slot
expect_exit 0 "1 call, tgt back $SHIFT higher: accepted" chk 1 --reload-shift $SHIFT
! grep -qE 'error|warning' "$T/out"
ok $? "... without a word (the spare slot)"
rm -rf "$T/a1"
expect_exit 0 "apply of the same" "$KLPRELOC" apply --target "$T/sys.map" \
	--target-module tgt="$T/tgt.ko" --reload-shift $SHIFT --out "$T/a1" "$T/lp1.ko"
S=$(awk '$1 == "sec" && $2 == ".stubs" { print $3 }' "$T/a1/layout.txt")
SZ=$(awk '$1 == "sec" && $2 == ".stubs" { print $4 }' "$T/a1/layout.txt")
L=$(awk '$1 == "sec" && $2 == ".text" { print $3 }' "$T/a1/layout.txt")
TB=$(awk '$1 == "mem" && $2 == "text" { print $3 }' "$T/a1/layout.txt")
T1=$(awk '$3 == ".klp.sym.tgt.t1,0" { print $2 }' "$T/a1/symbols.txt")
[ "$((SZ))" -eq $((4 * 40)) ]
ok $? ".stubs: (1 terminator + 1 call + 2 ftrace) * 40 bytes"
q() { od -An -tx8 -j "$2" -N8 --endian=little "$1" | tr -d ' '; }
[ "$((0x$(q "$T/a1/mem/text.bin" $((S - TB + 2 * 40 + 32)))))" -eq $((T1 - SHIFT)) ] 2>/dev/null
ok $? "stub 2 (after the ftrace ones) still jumps to t1's old address"
[ "$((0x$(q "$T/a1/mem/text.bin" $((S - TB + 3 * 40 + 32)))))" -eq $((T1)) ] 2>/dev/null
ok $? "stub 3, the spare, jumps to t1 + $SHIFT ($T1)"
w=$(word "$T/a1/sections/.text.bin" 12)
[ "$w" = "$(asm_words "bl .+$((S + 3 * 40 - L - 12))")" ]
ok $? "bl t1 now branches to stub 3"

# 2 calls: the spare, then just past .stubs
expect_exit 0 "2 calls, tgt back $SHIFT higher: accepted" chk 2 --reload-shift $SHIFT
[ "$(grep -c 'warning: ppc64-stub-past-end' "$T/out")" -eq 1 ] &&
	! grep -q 'error' "$T/out"
ok $? "... with one warning: a stub past the end of .stubs"
rm -rf "$T/a2"
"$KLPRELOC" apply --target "$T/sys.map" --target-module tgt="$T/tgt.ko" \
	--reload-shift $SHIFT --out "$T/a2" "$T/lp2.ko" >/dev/null 2>&1
S=$(awk '$1 == "sec" && $2 == ".stubs" { print $3 }' "$T/a2/layout.txt")
L=$(awk '$1 == "sec" && $2 == ".text" { print $3 }' "$T/a2/layout.txt")
# relacmp order: t2 (the higher symbol index) takes the spare slot 4,
# t1 the slot past the end (index 5 of 5)
[ "$(word "$T/a2/sections/.text.bin" 20)" = "$(asm_words "bl .+$((S + 4 * 40 - L - 20))")" ]
ok $? "bl t2 branches to stub 4, the spare"
[ "$(word "$T/a2/sections/.text.bin" 12)" = "$(asm_words "bl .+$((S + 5 * 40 - L - 12))")" ]
ok $? "bl t1 branches to .stubs + 5 * 40, just past its end"

# 3 calls: the WARN
expect_exit 1 "3 calls, tgt back $SHIFT higher: refused" chk 3 --reload-shift $SHIFT
expect_grep "$T/out" "error: ppc64-stubs-exhausted" "the stubs ran out"
expect_grep "$T/out" "kernel: WARNING: CPU: <cpu> PID: <pid> at arch/powerpc/kernel/module_64.c:679 stub_for_addr+" \
	"... with the kernel's WARNING line"
expect_grep "$T/out" "livepatch: patch 'lp' failed for module 'tgt', refusing to load module 'tgt'" \
	"and tgt's load is refused"
[ "$(grep -c 'error: ppc64-stubs-exhausted' "$T/out")" -eq 1 ]
ok $? "one stubs error (the first failing call stops the section)"

# the line the WARNING names is the WARN_ON in 6.12's stub_for_addr()
if [ -f "$TARBALL" ] &&
   tar -xJOf "$TARBALL" --occurrence=1 \
	linux-source-6.12/arch/powerpc/kernel/module_64.c >"$T/module_64.c" 2>/dev/null; then
	sed -n 679p "$T/module_64.c" | grep -q 'WARN_ON(i >= num_stubs)'
	ok $? "module_64.c:679 is WARN_ON(i >= num_stubs)"
else
	skip "linux-source-6.12 not installed"
fi

tap_done
