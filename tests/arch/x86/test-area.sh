#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# x86_64's module area follows CONFIG_RANDOMIZE_BASE: MODULES_VADDR is
# __START_KERNEL_map + KERNEL_IMAGE_SIZE, and KERNEL_IMAGE_SIZE is 1 GiB
# with RANDOMIZE_BASE (every distro kernel, the default of
# x86_64.randomize_base) and 512 MiB without it (tinyconfig, the QEMU
# matrix): asm/page_64_types.h, asm/pgtable_64_types.h of 6.12. The bytes
# apply writes follow: a PC32 to vmlinux is S + A - P with P in that area.
set -u
. "$TOPDIR/tests/lib/tap.sh"

T=$KLP_TMP
G=$KLP_TOOLS/genklp
START_KERNEL_MAP=0xffffffff80000000
BAR=0xffffffff81100100
printf 'ffffffff81000000 T _stext\n%x T bar\n' $((BAR)) >"$T/sys.map"

# one R_X86_64_PC32 (type 2) to vmlinux's bar at .text+0, addend 0
"$G" -a x86_64 -o "$T/m.ko" -n klp_m -r '.klp.sym.vmlinux.bar,0:rtype=2:off=0'
ok $? "genklp: a PC32 klp relocation to vmlinux"

# run NAME ARGS...: apply into $T/NAME, print the text region's base
run() {
	local name=$1
	shift
	rm -rf "${T:?}/$name"
	"$KLPRELOC" apply --target "$T/sys.map" --out "$T/$name" "$@" \
		"$T/m.ko" >"$T/$name.out" 2>&1 || { sed 's/^/#   /' "$T/$name.out"; return 1; }
	awk '$1 == "mem" && $2 == "text" { print $3 }' "$T/$name/layout.txt"
}

# le32 FILE: the little-endian 32-bit word at offset 0, as a signed number
le32() {
	local w
	w=$(od -An -tx4 -N4 --endian=little "$1" | tr -d ' ')
	echo $(( (0x$w << 32) >> 32 ))
}

# area NAME DESC BASE ARGS...
area() {
	local name=$1 desc=$2 want=$3 got
	shift 3
	got=$(run "$name" "$@")
	[ "$((got))" -eq "$((want))" ] 2>/dev/null
	ok $? "$desc: module text at $(printf 0x%x $((want))) (got ${got:-nothing})"
	[ "$(le32 "$T/$name/sections/.text.bin")" -eq $((BAR - want)) ] 2>/dev/null
	ok $? "$desc: PC32 to bar is bar - P = $((BAR - want))"
}

KASLR=$((START_KERNEL_MAP + (1 << 30)))
NOKASLR=$((START_KERNEL_MAP + (512 << 20)))
area default "default (RANDOMIZE_BASE=y)" $KASLR
area on "x86_64.randomize_base=on" $KASLR --arch-opt x86_64.randomize_base=on
area off "x86_64.randomize_base=off" $NOKASLR --arch-opt x86_64.randomize_base=off
# another arch's knob changes nothing here
area other "s390x.expoline=off only" $KASLR --arch-opt s390x.expoline=off
# the last setting wins, as for any repeated option
area last "randomize_base=off then =1" $KASLR \
	--arch-opt x86_64.randomize_base=off --arch-opt x86_64.randomize_base=1

# check lays out the same way: the verdict does not depend on the area
expect_exit 0 "check accepts it with randomize_base=off" "$KLPRELOC" check \
	--target "$T/sys.map" --arch-opt x86_64.randomize_base=off "$T/m.ko"

tap_done
