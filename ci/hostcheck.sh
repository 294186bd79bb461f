#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/hostcheck.sh TREE OWN_DIR OUT: run `klpreloc check` on the host for each
# of our own livepatch samples against the guest kernel's System.map and
# write "NAME.ko load|refuse|error-RC" lines (exit 0 = the kernel will load
# it, 1 = it will refuse it); plain modules get "n/a". The guest keeps the
# plain modules it loaded in, so each is given as --target-module to the
# checks after it, as the guest's kernel has them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$1 own=$2 out=$3
: >"$out"
: >"$out.log"
targets=()
[ -f "$own/expect.txt" ] || exit 0
while read -r ko _; do
	[ -n "$ko" ] || continue
	if ! strings "$own/$ko" | grep -qx 'livepatch=Y'; then
		echo "$ko n/a" >>"$out"
		name=$(strings "$own/$ko" | sed -n 's/^name=//p' | head -n1)
		[ -n "$name" ] || name=$(basename "$ko" .ko | tr - _)
		targets+=(--target-module "$name=$own/$ko")
		continue
	fi
	rc=0
	"$TOPDIR/klpreloc" check --target "$tree/System.map" \
		${targets[@]+"${targets[@]}"} "$own/$ko" \
		>>"$out.log" 2>&1 || rc=$?
	case $rc in
	0) echo "$ko load" ;;
	1) echo "$ko refuse" ;;
	*) echo "$ko error-$rc" ;;
	esac >>"$out"
done <"$own/expect.txt"
