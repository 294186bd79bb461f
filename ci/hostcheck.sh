#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/hostcheck.sh TREE OWN_DIR OUT: run `klpreloc check` on the host for each
# of our own livepatch samples against the guest kernel's System.map and
# write "NAME.ko load|refuse|error-RC" lines (exit 0 = the kernel will load
# it, 1 = it will refuse it); plain modules get "n/a".
set -euo pipefail
. "$(dirname "$0")/lib.sh"
tree=$1 own=$2 out=$3
: >"$out"
[ -f "$own/expect.txt" ] || exit 0
while read -r ko _; do
	[ -n "$ko" ] || continue
	if ! strings "$own/$ko" | grep -qx 'livepatch=Y'; then
		echo "$ko n/a" >>"$out"
		continue
	fi
	rc=0
	"$TOPDIR/klpreloc" check --target "$tree/System.map" "$own/$ko" \
		>>"$out.log" 2>&1 || rc=$?
	case $rc in
	0) echo "$ko load" ;;
	1) echo "$ko refuse" ;;
	*) echo "$ko error-$rc" ;;
	esac >>"$out"
done <"$own/expect.txt"
