#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What percpu_modalloc() (kernel/module/main.c) and pcpu_alloc()
# (mm/percpu.c) of 6.12 do with a module's per-cpu section, the expected
# values worked out here from their rules, not from klpreloc's:
# - alignment capped at PAGE_SIZE ("per-cpu alignment N > PAGE_SIZE", the
#   module still loads), then at least 4 (PCPU_MIN_ALLOC_SIZE), and the
#   size rounded up to 4;
# - on x86_64, arm64 and s390x the allocation comes from the reserved
#   chunk right after __per_cpu_end, PERCPU_MODULE_RESERVE = 8 KiB, first
#   fit, shared with the target modules loaded before: a section that does
#   not fit is "Could not allocate N bytes percpu data" and the module is
#   refused; ppc64 reserves no chunk (pcpu_embed_first_chunk(0, ...)) and
#   allocates from the dynamic area: no such refusal there.
# Oracles: binutils for the sections' sizes and alignments, the map for
# __per_cpu_end.
. "$(dirname "$0")/../convert/lib.sh"
. "$(dirname "$0")/percpu-lib.sh"
cd "$T" || exit 1

declare -A PAGE=([x86_64]=4096 [arm64]=4096 [ppc64le]=65536 [s390x]=4096)
RESERVE=8192

# src NAME BYTES ALIGN [livepatch]: a module with one per-cpu array
src() {
	printf '__attribute__((section(".data..percpu"), aligned(%d))) char pcpu_%s[%d] = { 1 };\n' \
		"$3" "$1" "$2"
	printf 'char *get_%s(void) { return pcpu_%s; }\n' "$1" "$1"
	if [ "${4:-}" = livepatch ]; then
		printf 'static const char __modinfo_lp[] __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y\\0name=%s";\n' "$1"
	else
		printf 'static const char __modinfo_n[] __attribute__((section(".modinfo"), used, aligned(1))) = "name=%s";\n' "$1"
	fi
	[ "$a" = ppc64le ] &&
		echo 'asm(".section .stubs,\"ax\",@nobits; .balign 8; .previous");'
}

# build NAME BYTES ALIGN [livepatch]: NAME-ARCH.ko; binutils' size and
# alignment of its .data..percpu in SZ and AL
build() {
	src "$@" >"$1-$a.c"
	cc_obj "$a" "$1-$a.ko" "$1-$a.c" || return 1
	read -r SZ AL < <(python3 - "$1-$a.ko" <<'EOF'
import subprocess, sys
out = subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True,
                     text=True).stdout
for line in out.splitlines():
    if "] .data..percpu " in line:
        f = line.split("]", 1)[1].split()
        print(int(f[4], 16), int(f[-1]))
EOF
)
	[ -n "$SZ" ]
}

# fits BASE_USED SIZE ALIGN: does the reserve take it after BASE_USED
# bytes (from __per_cpu_end), by the kernel's rules; prints the offset
fits() {
	python3 - "${PCE[$a]}" "$1" "$2" "$3" "${PAGE[$a]}" "$RESERVE" <<'EOF'
import sys
end, used, size, al, page, res = (int(sys.argv[1], 16),) + tuple(
    int(x) for x in sys.argv[2:])
al = max(min(al, page), 4)
at = (end + used + al - 1) // al * al
stop = at + (size + 3) // 4 * 4
print(at - end, stop - end, "yes" if stop - end <= res else "no")
EOF
}

for a in $ARCHES; do
	cross "$a"
	pcpu_maps "$a"
	dynamic=no
	[ "$a" = ppc64le ] && dynamic=yes

	# the biggest section that fits, and one a byte bigger (its size
	# rounded up to 4 no longer fits)
	max=$(( RESERVE - 8 ))
	for n in $max $((max + 1)); do
		build big$n "$n" 8 livepatch
		ok $? "$a: premise: a module with $n bytes of per-cpu data ($SZ, align $AL)"
		read -r off stop fit < <(fits 0 "$SZ" "$AL")
		[ "$dynamic" = yes ] && fit=yes
		run "$K" check $(kv "$a") --target "$a.map" "big$n-$a.ko"
		if [ "$fit" = yes ]; then
			[ $rc -eq 0 ]
			ok $? "$a: $SZ bytes at +$off, to +$stop of $RESERVE: accepted (exit $rc)"
		else
			[ $rc -eq 1 ] && grep -qF "percpu-alloc" "$T/out" &&
				grep -qF "big$n: Could not allocate $SZ bytes percpu data" "$T/out"
			ok $? "$a: $SZ bytes at +$off, to +$stop of $RESERVE: refused, the kernel's message (exit $rc)"
		fi
		[ $rc -le 1 ] || show "$T/out"
	done

	# a target module's per-cpu data comes first: one byte, aligned to
	# 1, which takes 4 at 4 (the patch's place shows it)
	build tgt 1 1 && tsz=$SZ tal=$AL
	ok $? "$a: premise: a target module with per-cpu data ($tsz, align $tal)"
	read -r toff tstop tfit < <(fits 0 "$tsz" "$tal")
	for n in 8184 8188; do
		build lp$n "$n" 4 livepatch
		read -r off stop fit < <(fits "$tstop" "$SZ" "$AL")
		[ "$dynamic" = yes ] && fit=yes
		run "$K" check $(kv "$a") --target "$a.map" \
			--target-module "tgt=tgt-$a.ko" "lp$n-$a.ko"
		if [ "$fit" = yes ]; then
			[ $rc -eq 0 ]
			ok $? "$a: after the target's $tsz, $SZ bytes to +$stop: accepted (exit $rc)"
		else
			[ $rc -eq 1 ] &&
				grep -qF "lp$n: Could not allocate $SZ bytes percpu data" "$T/out"
			ok $? "$a: after the target's $tsz, $SZ bytes to +$stop: refused (exit $rc)"
		fi
		[ $rc -le 1 ] || show "$T/out"
	done
	# and where the patch's data goes after the target's: the bytes say
	run "$K" apply $(kv "$a") --target "$a.map" \
		--target-module "tgt=tgt-$a.ko" --out "out-$a" "lp8184-$a.ko"
	got=$(awk '$3 == "pcpu_lp8184" { print $2 }' "out-$a/symbols.txt")
	read -r off stop fit < <(fits "$tstop" 8184 4)
	want=$(printf '0x%x' $((0x${PCE[$a]} + off)))
	[ "$a" = s390x ] && want=$got	# link-time map: see test-percpu.sh
	[ "$got" = "$want" ]
	ok $? "$a: the patch's per-cpu data follows the target's ($got, want $want)"

	# alignment past a page: capped, with the kernel's warning
	big=$(( PAGE[$a] * 2 ))
	build al 4 "$big" livepatch
	ok $? "$a: premise: per-cpu data aligned to $AL"
	read -r off stop fit < <(fits 0 "$SZ" "$AL")
	[ "$dynamic" = yes ] && fit=yes
	want=0
	[ "$fit" = yes ] || want=1
	run "$K" check $(kv "$a") --target "$a.map" "al-$a.ko"
	[ $rc -eq $want ] &&
		grep -qF "al: per-cpu alignment $AL > ${PAGE[$a]}" "$T/out"
	ok $? "$a: alignment $AL, $SZ bytes to +$stop: the kernel's warning, exit $rc (want $want)"
	[ $rc -eq $want ] || show "$T/out"
done

tap_done
