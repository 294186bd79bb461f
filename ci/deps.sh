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
# captured first: grep -q closing a pipe early fails it under pipefail
foreign=$(dpkg --print-foreign-architectures)
need_update=0
for a in "$@"; do
	da=$(deb_arch "$a")
	[ "$da" = "$host" ] && continue
	if ! grep -qx "$da" <<<"$foreign"; then
		progress "$a" deps "dpkg --add-architecture $da"
		$SUDO dpkg --add-architecture "$da"
		need_update=1
	fi
done

# candidates: "PKG:ARCH VERSION" for every guest package of every ARCH, from
# one apt-cache run (each run reads the whole cache: seconds apiece)
candidates() {
	local a p names=()
	for a in "$@"; do
		for p in $guest_pkgs; do
			names+=("$p:$(deb_arch "$a")")
		done
	done
	# the host's own architecture is shown without its ":ARCH"
	apt-cache policy "${names[@]}" 2>/dev/null | awk -v h="$host" '
		/^[^ ].*:$/ { sub(/:$/, ""); n = $0; if (n !~ /:/) n = n ":" h }
		/^  Candidate:/ { print n, $2 }'
}
declare -A cand
load_candidates() {
	local n v
	cand=()
	while read -r n v; do
		cand[$n]=$v
	done < <(candidates "$@")
}
load_candidates "$@"

for a in "$@"; do
	da=$(deb_arch "$a")
	root=$CACHE/guest/$a
	# the unpacked tree is keyed by the package versions apt offers
	key=
	for p in $guest_pkgs; do
		v=${cand[$p:$da]:-}
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
		load_candidates "$@"
		key=
		for p in $guest_pkgs; do
			v=${cand[$p:$da]:-}
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
