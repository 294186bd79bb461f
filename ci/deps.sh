#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/deps.sh ARCH...: install the host packages the matrix needs (only the
# missing ones), then fetch each ARCH's static guest userland (busybox,
# bash) through dpkg multiarch into the cache, unpacked. Idempotent; quiet
# when everything is there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOPDIR/scripts/deps.sh" matrix

export DEBIAN_FRONTEND=noninteractive
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
guest_pkgs="busybox-static bash-static"

mkdir -p "$CACHE/locks"
exec 9>"$CACHE/locks/deps.lock"
flock 9

host=$(dpkg --print-architecture)
need_update=0
for a in "$@"; do
	da=$(deb_arch "$a")
	[ "$da" = "$host" ] && continue
	if ! dpkg --print-foreign-architectures | grep -qx "$da"; then
		progress "$a" deps "dpkg --add-architecture $da"
		$SUDO dpkg --add-architecture "$da"
		need_update=1
	fi
done

for a in "$@"; do
	da=$(deb_arch "$a")
	root=$CACHE/guest/$a
	# the unpacked tree is keyed by the package versions apt offers
	key=
	for p in $guest_pkgs; do
		v=$(apt-cache policy "$p:$da" 2>/dev/null |
			awk '/Candidate:/ {print $2}')
		if [ -z "$v" ] || [ "$v" = "(none)" ]; then
			need_update=1
		fi
		key="$key $p=$v"
	done
	if [ "$need_update" = 1 ]; then
		progress "$a" deps "apt-get update"
		# a broken unrelated index (mirror sync) must not stop us:
		# what we need is checked right below
		$SUDO apt-get update -qq || true
		need_update=0
		key=
		for p in $guest_pkgs; do
			v=$(apt-cache policy "$p:$da" |
				awk '/Candidate:/ {print $2}')
			if [ -z "$v" ] || [ "$v" = "(none)" ]; then
				echo "ci/deps.sh: apt offers no $p:$da" >&2
				exit 1
			fi
			key="$key $p=$v"
		done
	fi
	if [ -f "$root/.key" ] && [ "$(cat "$root/.key")" = "$key" ]; then
		continue
	fi
	progress "$a" deps "fetch$key ($da)"
	rm -rf "$root" "$root.debs"
	mkdir -p "$root.debs" "$root"
	for p in $guest_pkgs; do
		(cd "$root.debs" && apt-get download -qq \
			-o APT::Sandbox::User=root "$p:$da")
	done
	for d in "$root.debs"/*.deb; do
		dpkg-deb -x "$d" "$root"
	done
	rm -rf "$root.debs"
	echo "$key" >"$root/.key"
done
