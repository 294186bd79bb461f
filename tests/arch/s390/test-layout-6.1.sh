#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# s390 before 6.10: the kernel runs at its physical address (System.map
# is run time) and the module area lies under the top of the address
# space, some 4 TiB from the kernel, where KASLR does not move it. The
# oracle is a real 6.1 guest of the matrix (KLP_KVER=6.1), recorded by
# `KLP_KVER=6.1 tests/fixtures/regen.sh s390x` in tests/fixtures/s390x-6.1
# and tests/ci/logs/s390x-6.1-conformance.log.xz: its root /proc/kallsyms
# and the bytes its kernel wrote for klpreloc_lp.ko and klpreloc_cover.ko
# in every stage. check on its dumps and apply's bytes must agree with it
# for --kernel 6.1 and 6.9; the 6.10 model (modules right below the
# kernel image) must not.
. "$TOPDIR/tests/lib/tap.sh"
FX=$TOPDIR/tests/fixtures/s390x-6.1
L=$TOPDIR/tests/ci/logs/s390x-6.1-conformance.log.xz
K=$KLPRELOC
T=$KLP_TMP
AO="--arch-opt s390x.expoline=off"	# the matrix's CONFIG_EXPOLINE=n

mkdir -p "$T/own" "$T/ks"
tar -xJf "$FX/fixtures.tar.xz" -C "$T/own" &&
	cp "$FX/families.txt" "$TOPDIR/samples/livepatch/conformance.sh" \
		"$T/own/" &&
	xz -dc "$FX/kallsyms.xz" >"$T/ks/1.root" &&
	echo "klpreloc_lp.ko 1 ok recorded" >"$T/ks/index.txt" &&
	xz -dc "$L" >"$T/log"
ok $? "the 6.1 recording, its modules and kallsyms dump unpack"
# the same dump without its modules' lines (what a dump before any
# module is loaded shows)
grep -v '\[' "$T/ks/1.root" >"$T/nomod"
grep -q '^0000000000100000 T _text$' "$T/ks/1.root"
ok $? "premise: the 6.1 kernel runs at TEXT_OFFSET (no KASLR)"
grep -q '^000003ff7ff[0-9a-f]* t [a-z_]*	\[klpreloc_target\]$' \
	"$T/ks/1.root"
ok $? "premise: its modules lie 2 GiB and 1 MiB below 4 TiB"

tgt="--target-module klpreloc_target=$T/own/klpreloc_target.ko"
for v in 6.1 6.9; do
	for src in ks/1.root nomod; do
		# shellcheck disable=SC2086
		expect_exit 0 "--kernel $v, $src: klpreloc_lp.ko loads" \
			"$K" check --kernel "$v" $AO --target "$T/$src" $tgt \
			"$T/own/klpreloc_lp.ko"
		expect_grep "$T/out" "accepted: the s390x $v kernel would accept it" \
			"--kernel $v, $src: the verdict"
	done
	# a refusal the guest showed, for the reason it gave
	# shellcheck disable=SC2086
	expect_exit 1 "--kernel $v: klpreloc_lp_sympos.ko refused" \
		"$K" check --kernel "$v" $AO --target "$T/ks/1.root" $tgt \
		"$T/own/klpreloc_lp_sympos.ko"
	expect_grep "$T/out" "sym-pos" "--kernel $v: for its symbol position"
done
# the model of 6.10 on: the module area right below a kernel at 1 MiB
# does not exist
# shellcheck disable=SC2086
expect_exit 1 "--kernel 6.10 on the 6.1 dump: refused" \
	"$K" check --kernel 6.10 $AO --target "$T/ks/1.root" $tgt \
	"$T/own/klpreloc_lp.ko"
expect_grep "$T/out" "error: layout: module does not fit in the s390x module area" \
	"--kernel 6.10: no room below the kernel"
# without --kernel (6.12): the same, and a note that names the likely cause
# shellcheck disable=SC2086
expect_exit 1 "no --kernel on the 6.1 dump: refused" \
	"$K" check $AO --target "$T/ks/1.root" $tgt "$T/own/klpreloc_lp.ko"
expect_grep "$T/out" "note: layout: the symbols put the kernel's _text at 0x100000: a s390x 6.12 kernel running there would have its module area at [0xffffffff80000000, 0x0); are they of another kernel version (--kernel X.Y)?" \
	"no --kernel: the note points at the version"

# System.map is run time before 6.10: apply lays the module out where
# 6.1's module_alloc() starts, MODULES_VADDR
# shellcheck disable=SC2086
expect_exit 0 "apply --kernel 6.1 with System.map" \
	"$K" apply --kernel 6.1 $AO --target "$T/own/System.map" $tgt \
	--out "$T/ap" "$T/own/klpreloc_lp.ko"
expect_grep "$T/ap/layout.txt" "mem text 0x3ff7ff00000" \
	"apply: the text region at 4 TiB - 2 GiB - 1 MiB"
sym=$(awk '$3 == "saved_command_line" { print $1; exit }' "$T/own/System.map")
sym=$(printf '0x%x' "$((16#$sym))")
grep -q " $sym \.klp\.sym\.vmlinux\.saved_command_line,0\$" "$T/ap/symbols.txt"
ok $? "apply: vmlinux symbols at their System.map address ($sym)"

# a PC-relative reference to vmlinux (larl: R_390_PC32DBL, +-4 GiB) is
# out of reach before 6.10, with the loader's message; within reach of a
# 6.12 kernel whose modules lie right below it (the matrix's EXTRA run of
# a Kbuild module with such a larl confirmed both, Documentation/arch/s390.md)
"$KLP_TOOLS/genklp" -a s390x -o "$T/pc.ko" -n klp_pc \
	-r '.klp.sym.vmlinux.saved_command_line,0:rtype=19:off=2'
ok $? "genklp: a PC32DBL to saved_command_line"
# shellcheck disable=SC2086
expect_exit 1 "--kernel 6.1: the PC32DBL to vmlinux refused" \
	"$K" check --kernel 6.1 $AO --target "$T/own/System.map" "$T/pc.ko"
expect_grep "$T/out" "error: s390-reloc-range: R_390_PC32DBL" \
	"--kernel 6.1: out of range"
expect_grep "$T/out" "kernel: module klp_pc: relocation error for symbol .klp.sym.vmlinux.saved_command_line,0 (r_type 19, value 0x" \
	"--kernel 6.1: the loader's message"
xz -dc "$TOPDIR/tests/fixtures/s390x/fixtures.tar.xz" |
	tar -xf - -O System.map >"$T/map-6.12"
ok $? "the 6.12 fixtures' System.map"
# shellcheck disable=SC2086
expect_exit 0 "--kernel 6.12: the PC32DBL to vmlinux in reach" \
	"$K" check $AO --target "$T/map-6.12" "$T/pc.ko"
# the same with every address hidden (a non-root dump): vmlinux's stand-in
# is its text without KASLR, as far from the modules as the real one
sed 's/^[0-9a-f]*/0000000000000000/' "$T/ks/1.root" >"$T/zero-6.1"
xz -dc "$TOPDIR/tests/fixtures/s390x/kallsyms.xz" |
	sed 's/^[0-9a-f]*/0000000000000000/' >"$T/zero-6.12"
# shellcheck disable=SC2086
expect_exit 1 "--kernel 6.1, hidden addresses: the PC32DBL refused" \
	"$K" check --kernel 6.1 $AO --target "$T/zero-6.1" "$T/pc.ko"
expect_grep "$T/out" "relocation error for symbol .klp.sym.vmlinux.saved_command_line,0 (r_type 19" \
	"--kernel 6.1, hidden addresses: the loader's message"
# shellcheck disable=SC2086
expect_exit 0 "6.12, hidden addresses: the PC32DBL in reach" \
	"$K" check $AO --target "$T/zero-6.12" "$T/pc.ko"

# the bytes: every stage of both patches as the 6.1 kernel wrote them,
# PLT32DBL to vmlinux through the module's PLT (4 TiB is out of reach)
n=$(grep -c '^KLPCONF: klpreloc_cover:reload-[0-9]* ' "$T/log")
conf() {	# conf KVER OUT
	# shellcheck disable=SC2086
	KLPRELOC=$K python3 "$TOPDIR/ci/conformance.py" s390x "$T/log" \
		"$T/own" "$T/ks" "$2" --cycles "$n" --kernel "$1" $AO \
		>"$2.out" 2>&1
}
cell() {	# cell CELLS CHECK
	awk -F'\t' -v c="$2" '$1 == c { print $2 }' "$1"
}
# and the sections where they lie: before 6.4 the data part (core and
# init) ends on a page (strict_align()) and the symbol tables follow
for v in 6.1 6.3 6.9 6.10; do
	conf "$v" "$T/c$v"
	ok $? "conformance.py --kernel $v runs"
	for p in klpreloc_cover klpreloc_lp; do
		for s in load unload reload notarget late; do
			st=$(cell "$T/c$v/cells.tsv" "conformance:$p.ko:$s")
			if [ "$v" = 6.10 ]; then
				[ "$st" = fail ]
				ok $? "--kernel 6.10: conformance:$p.ko:$s red ($st)"
			else
				[ "$st" = pass ]
				ok $? "--kernel $v: conformance:$p.ko:$s: $st"
			fi
		done
		st=$(cell "$T/c$v/cells.tsv" "conformance-layout:$p.ko")
		case $v in
		6.1 | 6.3) [ "$st" = pass ] ;;
		*) [ "$st" = fail ] ;;
		esac
		ok $? "--kernel $v: conformance-layout:$p.ko: $st"
	done
done
grep -q '\.symtab: predicted 0x3ff7ff10a00, kernel 0x3ff7ff11000' \
	"$T/c6.9/cells.tsv"
ok $? "--kernel 6.9: the .symtab where 6.4's layout puts it, a page off"
bad=$(awk -F'\t' '$8 == "differ"' "$T/c6.1/conformance.tsv" | head -n3)
[ -z "$bad" ] &&
	[ "$(awk -F'\t' '$8 == "ok" && $5 == "entry"' "$T/c6.1/conformance.tsv" | wc -l)" -gt 100 ]
ok $? "--kernel 6.1: every site, PLT and GOT entry and symbol equal${bad:+: $bad}"
tap_done
