#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A patch module's own per-cpu data: simplify_symbols() bases the symbols
# of its .data..percpu on mod_percpu(), the address percpu_modalloc() got
# from the reserved chunk that follows the kernel's static per-cpu area
# (__per_cpu_end, aligned to the section's alignment), not on the
# section's (unallocated) address. On arm64 the module's ADRP to its
# per-cpu variable was refused as out of range (found on Debian's ext4,
# nf_tables, x_tables and amdgpu). Oracles: binutils for the section's
# alignment and the variable's offset, the map for __per_cpu_end.
. "$(dirname "$0")/../convert/lib.sh"
. "$(dirname "$0")/percpu-lib.sh"
cd "$T" || exit 1

for a in $ARCHES; do
	patch_src() {
		printf '%s\n' \
			'__attribute__((section(".data..percpu"))) int pcpu_pad[5];' \
			'__attribute__((section(".data..percpu"), aligned(64))) int pcpu_var = 1;' \
			'int *pcpu_get(void) { return &pcpu_var; }' \
			'static const char __modinfo_lp[] __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y\0name=pcpu";'
		[ "$a" = ppc64le ] &&
			echo 'asm(".section .stubs,\"ax\",@nobits; .balign 8; .previous");'
	}
	patch_src >"pcpu-$a.c"
	cc_obj "$a" "pcpu-$a.ko" "pcpu-$a.c"
	ok $? "$a: premise: the cross compiler builds a module with per-cpu data"
	pcpu_maps "$a"

	# binutils: the section's alignment and the variable's offset in it
	cross "$a"
	align=$(${X}readelf -SW "pcpu-$a.ko" |
		awk '$2 == ".data..percpu" { print $(NF) }')
	[ "$align" = "" ] && align=$(${X}readelf -SW "pcpu-$a.ko" |
		sed -n 's/.*\] \.data\.\.percpu .* \([0-9]\+\)$/\1/p')
	off=$(${X}nm "pcpu-$a.ko" | awk '$3 == "pcpu_var" { print $1 }')
	[ -n "$align" ] && [ -n "$off" ]
	ok $? "$a: premise: binutils give the alignment ($align) and the offset (0x$off)"

	run "$K" check $(kv "$a") --target "$a.map" "pcpu-$a.ko"
	[ $rc -eq 0 ]
	ok $? "$a: a module with per-cpu data is accepted (exit $rc)"
	[ $rc -eq 0 ] || show "$T/out"
	shift_hex=$(sed -n 's/.*link-time: +\(0x[0-9a-f]*\) to run time.*/\1/p' "$T/out")
	run "$K" apply $(kv "$a") --target "$a.map" --out "out-$a" "pcpu-$a.ko"
	got=$(awk '$3 == "pcpu_var" { print $2 }' "out-$a/symbols.txt")
	want=$(python3 -c 'import sys
end = int(sys.argv[1], 16) + int(sys.argv[2] or "0", 16)
al = int(sys.argv[3])
print(hex((end + al - 1) // al * al + int(sys.argv[4], 16)))' \
		"${PCE[$a]}" "$shift_hex" "$align" "$off")
	[ "$got" = "$want" ]
	ok $? "$a: pcpu_var at the reserved chunk after __per_cpu_end ($got, want $want)"

	run "$K" check $(kv "$a") --target "$a-nopc.map" "pcpu-$a.ko"
	[ $rc -eq 0 ]
	ok $? "$a: __per_cpu_end unknown: still accepted (exit $rc)"
	[ $rc -eq 0 ] || show "$T/out"
done

tap_done
