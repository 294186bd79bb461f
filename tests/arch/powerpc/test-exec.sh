#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The stub path, executed: exec.o's mod_call calls far_add, a function of
# a static ppc64le harness more than 32 MiB away. relocate lays the module
# out at fixed user addresses and writes the stub; qemu-ppc64le-static runs
# the harness, which maps the regions and calls mod_call. The oracle is the
# CPU (as emulated by QEMU): far_add's result comes back, and the module's
# r2 is intact after the call because the nop became ld r2,24(r1).
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/powerpc/lib.sh"

QEMU=qemu-ppc64le-static
TEXT=0x7f0000000
DATA=0x7f0100000

${X}gcc -O2 -static -o "$T/harness" "$D/harness.c"
ok $? "harness built (static ppc64le)"
${X}as -o "$T/exec.o" "$D/exec.S"
ok $? "exec.S assembled"
FAR=0x$(${X}nm "$T/harness" | awk '$3 == "far_add" { print $1 }')
dist=$((TEXT - FAR))
[ "${dist#-}" -gt $((0x2000000)) ]
ok $? "premise: far_add ($FAR) is beyond the 32 MiB reach of bl from $TEXT"
call=$(${X}readelf -rW "$T/exec.o" |
	awk '$3 == "R_PPC64_REL24" && $5 == "far_add" { print "0x" $1 }')
[ -n "$call" ]
ok $? "premise: exec.o calls far_add with R_PPC64_REL24"

expect_exit 0 "relocate exec.o" "$RELOCATE" --arch ppc64le \
	--base text=$TEXT --base data=$DATA --sym far_add=$FAR --layout \
	--dump-mem text="$T/m.text" --dump-mem data="$T/m.data" "$T/exec.o"
toc=$(awk '$2 == ".toc" { print $3 }' "$T/out")
entry=$(awk '$2 == ".text" { print $3 }' "$T/out")

run() {	# run TEXTFILE: the harness's output in $T/run
	$QEMU "$T/harness" "$entry" $TEXT "$1" $DATA "$T/m.data" \
		>"$T/run" 2>&1
}
field() { awk -v k="$1" '$1 == k { print $2 }' "$T/run"; }

run "$T/m.text"
ok $? "the harness ran mod_call under $QEMU"
[ "$(field ret)" = 1015 ]
ok $? "far_add(5) + 1000 loaded through the TOC: got $(field ret), want 1015"
[ "$(field r2_before)" = "$(printf 0x%x $(((toc & ~0xff) + 0x8000)))" ]
ok $? "mod_call ran with its own r2 (.toc + 0x8000)"
[ "$(field r2_after)" = "$(field r2_before)" ]
ok $? "r2 intact after the call through the stub"
[ "$(field r2_before)" != "$(field harness_toc)" ]
ok $? "premise: the module's r2 differs from the harness's TOC"
[ "$(word "$T/m.text" $((call + 4)))" = "$(asm_words 'ld 2,24(1)')" ]
ok $? "the nop after the call is now ld r2,24(r1)"

# Control: put the nop back; far_add's r2 must then leak into the caller,
# which shows the check above can fail.
cp "$T/m.text" "$T/nop.text"
printf '\x00\x00\x00\x60' | dd of="$T/nop.text" bs=1 seek=$((call + 4)) \
	conv=notrunc status=none
run "$T/nop.text"
[ "$(field r2_after)" = "$(field harness_toc)" ]
ok $? "control: without the restore, r2 after the call is the harness's"

# --- gcc-compiled code with the kernels' code models -------------------
# Modules are built -mcmodel=large (KBUILD_CFLAGS_MODULE: R_PPC64_ENTRY,
# .TOC.-relative REL64, a .toc); vmlinux code is -mcmodel=medium (no .toc:
# r2 comes from .stubs). The oracle for the result is the same code linked
# into the harness by GNU ld and called directly.
CFLAGS_MOD="-O2 -fno-common -ffreestanding -fno-PIE -fno-stack-protector
	-mno-pointers-to-nested-functions -mno-save-toc-indirect
	-fno-asynchronous-unwind-tables -fno-unwind-tables"
for model in large medium; do
	o=$T/cmod-$model.o
	${X}gcc $CFLAGS_MOD -mcmodel=$model -c -o "$o" "$D/cmod.c"
	ok $? "cmod.c compiled with -mcmodel=$model"
	if [ $model = large ]; then
		want_types="ENTRY REL64 ADDR64 TOC16_HA TOC16_LO_DS REL24"
		${X}readelf -SW "$o" | grep -q ' \.toc '
		ok $? "premise: the large model has a .toc section"
	else
		want_types="TOC16_HA TOC16_LO TOC16_LO_DS REL16_HA REL16_LO REL24"
		${X}readelf -SW "$o" | grep -q ' \.toc '
		ok $((! $?)) "premise: the medium model has no .toc section"
	fi
	for t in $want_types; do
		reltypes "$o" | grep -qx "R_PPC64_$t"
		ok $? "premise: cmod-$model.o carries R_PPC64_$t"
	done
	${X}gcc -O2 -static -DDIRECT -o "$T/direct" "$D/harness.c" "$o"
	ok $? "cmod-$model.o linked into the harness by GNU ld"
	qemu-ppc64le-static "$T/direct" >"$T/run" 2>&1
	want=$(field ret)
	[ -n "$want" ]
	ok $? "the ld-linked $model run computes $want"

	expect_exit 0 "relocate cmod-$model.o" "$RELOCATE" --arch ppc64le \
		--base text=$TEXT --base data=$DATA --sym far_add=$FAR \
		--layout --dump-mem text="$T/c.text" --dump-mem data="$T/c.data" \
		"$o"
	stubs=$(awk '$2 == ".stubs" { print $3 }' "$T/out")
	toc=$(awk '$2 == ".toc" { print $3 }' "$T/out")
	text=$(awk '$2 == ".text" { print $3 }' "$T/out")
	entry=$(printf 0x%x $((text + 0x$(${X}nm "$o" |
		awk '$3 == "mod_entry" { print $1 }'))))
	$QEMU "$T/harness" "$entry" $TEXT "$T/c.text" $DATA "$T/c.data" \
		>"$T/run" 2>&1
	ok $? "the harness ran the relocated $model mod_entry"
	[ "$(field ret)" = "$want" ]
	ok $? "relocated $model code computes what the ld-linked one does: $(field ret)"
	base=${toc:-$stubs} bname=.toc
	[ -n "$toc" ] || bname=.stubs
	r2=$(((base & ~0xff) + 0x8000))
	[ "$(field r2_before)" = "$(printf 0x%x $r2)" ]
	ok $? "r2 is ($bname & ~0xff) + 0x8000"
	if [ $model = large ]; then
		# R_PPC64_ENTRY: the TOC is near, so the entry became addis/addi
		[ "$(word "$T/c.text" $((entry - TEXT)))" = "$(asm_words "addis 2,12,($r2-$entry)@ha")" ]
		ok $? "ENTRY rewrote mod_entry's ld r2,-8(r12) into addis r2,r12"
	fi
	[ "$(field r2_after)" = "$(field r2_before)" ]
	ok $? "r2 intact after the calls through the stub"
done

tap_done
