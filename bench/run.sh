#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: klpreloc check on generated livepatch modules, against
# `readelf -rW` on the same module and against the floor (bench/floor:
# reading the module and the symbol file once), all measured in the same
# run, interleaved (bench/runner), medians. Shared machines are noisy: the
# ratios mean something, the milliseconds less. Documentation/bench.md
# explains the cases and the columns.
#
#   bench/run.sh [O]      ROUNDS=N (default 9; the 1M case runs at most 5)
#                         CASES="bench:NRELA,NSYM distro:NRELA,NSYM ..."
set -euo pipefail
O=${1:-build/rel}
ROUNDS=${ROUNDS:-9}
CASES=${CASES:-bench:10000,20000 bench:100000,200000 distro:100000,250000 bench:1000000,2000000}
K=$O/klpreloc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

row() {	# row CASE NRELA NSYM INPUT_BYTES RUNNER_OUTPUT LOOKUP_OUTPUT
	awk -v c="$1" -v nr="$2" -v ns="$3" -v ib="$4" -v lk="$6" '
	NR == 1 { re = $1 }
	NR == 2 { fl = $1 }
	NR == 3 { ho = $1 }
	NR == 4 { ck = $1; rss = $2 * 1024; st = $3; flt = $4 }
	END {
		split(lk, l, " ")
		printf "%-8s %8d %8d %7.1f %8.1f %6.1f %6.1f %8.1f %5.2f%s %5.1f%s %6.1f %7.0f %6.0f %7.1f %5.2f %6d %6.0f %8.0f %7.0f%s%s\n",
			c, nr, ns, ib / 1048576, re, fl, ho, ck,
			ck / re, (ck / re <= 0.5 ? " " : "!"),
			ck / fl, (ck / fl <= 5 ? " " : "!"), ck / ho,
			ck * 1e6 / nr, ck * 1e6 / ns, rss / 1048576,
			rss / ib, flt, l[2], l[3], l[4], (l[4] >= 100 ? " " : "!"),
			(st ? "  (check exit " st ")" : "")
	}' <<<"$5"
}

printf '%-8s %8s %8s %7s %8s %6s %6s %8s %6s %6s %6s %7s %6s %7s %5s %6s %6s %8s %8s\n' \
	case relocs symbols inMB readelf floor hold check chk/re chk/fl chk/ho \
	ns/rel ns/sym rssMB rss/in faults idx_ns scan_ns speedup
for c in $CASES; do
	kind=${c%%:*} sizes=${c#*:}
	nrela=${sizes%,*} nsym=${sizes#*,}
	ko=$tmp/$kind.ko syms=$tmp/$kind.syms
	"$O/tests/tools/genklp" -a x86_64 -o "$ko" "--$kind" "$sizes" \
		--map "$syms"
	rounds=$ROUNDS
	[ "$nrela" -lt 1000000 ] || [ "$rounds" -le 5 ] || rounds=5
	out=$(nice -n 5 "$O/bench/runner" "$rounds" \
		-- readelf -rW "$ko" \
		-- "$O/bench/floor" "$ko" "$syms" \
		-- "$O/bench/floor" -m "$ko" "$syms" \
		-- "$K" check -q --target "$syms" "$ko")
	lk=$(nice -n 5 "$O/bench/lookup" "$syms" "$ko")
	row "$kind" "$nrela" "$nsym" \
		$(($(stat -c %s "$ko") + $(stat -c %s "$syms"))) "$out" "$lk"
	rm -f "$ko" "$syms"
done
echo "times: ms, medians of interleaved runs, process start included;" \
	"! marks a ratio past its goal"
echo "goals: chk/re <= 0.5 (readelf -rW), chk/fl <= 5 (read both inputs" \
	"once), speedup >= 100 (index vs per-symbol scan)"
echo "hold: both inputs read into fresh buffers of their size and kept" \
	"(floor -m), for reference: what holding them costs"
