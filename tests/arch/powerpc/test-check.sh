#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ppc64le through `klpreloc check`: a livepatch module whose call into
# module tgt is a klp relocation. check applies it when tgt loads, then
# again when tgt is reloaded: 6.12 accepts the already restored
# ld r2,24(r1), 6.2 refuses tgt's reload with "Expected nop after call"
# (the bug fixed in 6.3; the patch loads, check warns), 5.16 faults on the plain stub write. A klp ADDR64 into text is
# a plain store in 6.12: with STRICT_MODULE_RWX it faults, without it
# check warns.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

G=$KLP_TOOLS/genklp
M=$KLP_TOOLS/mkklp
printf 'c000000000001000 T _stext\n' >"$T/sys.map"
"$G" -a ppc64le -o "$T/tgt.ko" -n tgt -d t1 -d t2
ok $? "target module tgt (t1, t2) generated"

${X}gcc -c -o "$T/lp.o" "$D/lp.S" && "$M" -q -k tgt:t1 "$T/lp.o" "$T/lp.ko"
ok $? "lp.ko: bl t1 made a klp relocation"
[ "$(${X}readelf -rW "$T/lp.ko" |
	awk '$3 == "R_PPC64_REL24" && $5 == ".klp.sym.tgt.t1,0"' | wc -l)" -eq 1 ]
ok $? "premise: R_PPC64_REL24 against .klp.sym.tgt.t1,0"

check() {	# check KVER [args]
	local k=$1
	shift
	"$KLPRELOC" check --kernel "$k" --target "$T/sys.map" \
		--target-module tgt="$T/tgt.ko" "$@"
}
expect_exit 0 "6.12 accepts the reload of tgt" check 6.12 "$T/lp.ko"
expect_exit 0 "6.2 loads the patch" check 6.2 "$T/lp.ko"
expect_grep "$T/out" "kernel: module_64: lp: Expected nop after call, got e8410018 at lp_func+0x10/0x" \
	"with the kernel's message, %pS naming lp_func+0x10"
expect_grep "$T/out" "[lp]" "... in module lp"
expect_grep "$T/out" "warning: target-reload-refused: object tgt cannot load again while the patch is loaded" \
	"and warns that tgt's reload is refused"

# before 5.17 the stub and the call were plain stores too: they fault late
expect_exit 1 "5.16: the late stub write faults" check 5.16 "$T/lp.ko"
expect_grep "$T/out" "error: late-write-ro" "reported as a late write to read-only text"

${X}gcc -c -DLATE_STORE -o "$T/lp2.o" "$D/lp.S" &&
	"$M" -q -k tgt:t1 -k tgt:t2 "$T/lp2.o" "$T/lp2.ko"
ok $? "lp2.ko: also .quad t2 in .text as a klp relocation"
[ "$(${X}readelf -rW "$T/lp2.ko" |
	awk '$3 == "R_PPC64_ADDR64" && $5 == ".klp.sym.tgt.t2,0"' | wc -l)" -eq 1 ]
ok $? "premise: R_PPC64_ADDR64 against .klp.sym.tgt.t2,0 in .text"
expect_exit 1 "6.12 with STRICT_MODULE_RWX: the late plain store faults" \
	check 6.12 "$T/lp2.ko"
expect_grep "$T/out" "error: late-write-ro" "reported as a late write to read-only text"
expect_exit 0 "6.12 without STRICT_MODULE_RWX: accepted" \
	check 6.12 --no-strict-rwx "$T/lp2.ko"
expect_grep "$T/out" "warning: ppc64-late-plain-store" \
	"with a warning about the plain store into live text"

tap_done
