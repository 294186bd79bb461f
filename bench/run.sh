#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: klpreloc check on a module with 100,000 klp relocations
# against a 200,000-symbol System.map, as a ratio to `readelf -rW` on the
# same module measured in the same run (shared machines are noisy: only
# the ratio means something). Best of 5 each.
set -euo pipefail
O=${1:-build/rel}
NRELA=${NRELA:-100000}
NSYM=${NSYM:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$O/tests/tools/genklp" -a x86_64 -o "$tmp/bench.ko" --bench "$NRELA,$NSYM" \
	--map "$tmp/System.map"
echo "bench: module with $NRELA klp relocations, System.map with $NSYM symbols"

best() {	# best NAME CMD...: best wall time of 5 runs, in ms
	local b=0 t0 t1 ms
	shift
	for _ in 1 2 3 4 5; do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		{ [ "$b" -eq 0 ] || [ "$ms" -lt "$b" ]; } && b=$ms
	done
	echo "$b"
}

r=$(best readelf readelf -rW "$tmp/bench.ko")
c=$(best check "$O/klpreloc" check -q --target "$tmp/System.map" "$tmp/bench.ko")
[ "$r" -gt 0 ] || r=1
echo "readelf -rW:     ${r} ms"
echo "klpreloc check:  ${c} ms (parse map, index, lay out, resolve, apply)"
awk -v c="$c" -v r="$r" 'BEGIN { printf "ratio check/readelf: %.2f\n", c / r }'
