#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two backends reorder RELA sections in place before anything is applied,
# as their kernels do, and the kernel resolves and applies in that order:
# arm64's module_frob_arch_sections() moves the branches that may need a
# PLT to the front and sorts them; ppc64's sorts every section for its
# stub count. A diagnostic still names a relocation by its index in the
# file, the one readelf -r shows (it named the reordered index). Oracle:
# readelf.
set -u
. "$TOPDIR/tests/lib/tap.sh"
W=$KLP_TMP
cd "$W" || exit 1
G=$KLP_TOOLS/genklp

printf 'ffff800080000000 T _text\nffff800080000000 T _stext\nffff800080100000 T aa\nffff800080100100 T bb\n' >arm64.map
printf 'c000000000000000 T _text\nc000000000000000 T _stext\nc000000000100000 T aa\nc000000000100100 T bb\n' >ppc64le.map
declare -A KV=([arm64]="--kernel 6.17" [ppc64le]="")
declare -A BR=([arm64]=283 [ppc64le]=10)	# CALL26, REL24

# file index of the relocation against SYM in SECTION, from readelf
file_index() {
	readelf -rW "$1" | awk -v s="'$2'" -v sym="$3" '
		/^Relocation section/ { in_s = index($0, s) > 0; n = -1; next }
		in_s && /^ *[0-9a-f]+ +[0-9a-f]+ +R_/ {
			n++
			if (index($0, "." sym ",")) { print n; exit }
		}'
}

# relocations in file order: NAME (absolute) or NAME:b (a branch); the
# missing symbol moves (or not) in the kernel's order
for case in "arm64:nosuch aa bb:b" "arm64:aa nosuch bb:b" \
	"arm64:bb:b aa:b nosuch aa" "ppc64le:aa nosuch aa" \
	"ppc64le:nosuch aa bb" "ppc64le:bb aa nosuch aa"; do
	a=${case%%:*}
	order=${case#*:}
	args=()
	for s in $order; do
		case $s in
		*:b) args+=(-r ".klp.sym.vmlinux.${s%:b},0:rtype=${BR[$a]}") ;;
		*) args+=(-r ".klp.sym.vmlinux.$s,0") ;;
		esac
	done
	"$G" -a "$a" -o ri.ko "${args[@]}" || exit 1
	want=$(file_index ri.ko .klp.rela.vmlinux.text nosuch)
	# shellcheck disable=SC2086
	"$KLPRELOC" check ${KV[$a]} --target "$a.map" ri.ko >ri.out 2>&1
	got=$(sed -n 's/.*\.klp\.rela\.vmlinux\.text: rela \([0-9]*\): error: sym-not-found: .*nosuch.*/\1/p' ri.out)
	[ -n "$want" ] && [ "$got" = "$want" ]
	ok $? "$a $order: the missing symbol's relocation is rela $want, as readelf numbers it (got ${got:-none})"
	[ "$got" = "$want" ] || sed 's/^/#   /' ri.out
	# shellcheck disable=SC2086
	"$KLPRELOC" check --json ${KV[$a]} --target "$a.map" ri.ko |
		python3 -c 'import json, sys
j = json.load(sys.stdin)
sys.exit(0 if [d["rela"] for d in j["diagnostics"] if d["rule"] == "sym-not-found"] == [int(sys.argv[1])] else 1)' "$want"
	ok $? "$a $order: --json's rela is the same"
done

tap_done
