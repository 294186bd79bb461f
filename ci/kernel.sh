#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/kernel.sh ARCH: build (or reuse) the Linux 6.12 tree for ARCH and print
# its path as the last line on stdout. The tree is `make O=` output with
# vmlinux, System.map, the boot image and everything external modules need
# (M=). Cached under $KLPRELOC_CACHE, keyed by source version, config
# fragments, cross compiler and this recipe; safe to run concurrently.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || { echo "usage: ci/kernel.sh ARCH" >&2; exit 2; }
arch=$1
arch_vars "$arch"
log=$OUT/$arch/kernel.log
# bump when the recipe below changes in a way that changes the tree
recipe=1

t0=$(date +%s)
src=$(kernel_src)
series=$(arch_series "$arch")
[ -z "$series" ] || src=$(patched_src "$src" "$series")
mapfile -t frags < <(arch_frags "$arch")
key=$( { echo "recipe $recipe"; src_version; cat "${frags[@]}";
	if [ -n "$series" ]; then
		echo series; series_key "$series"
	fi
	"${CROSS}gcc" --version | head -n1; } | sha256sum | cut -c1-12)
tree=$CACHE/kernel/$arch-$key

mkdir -p "$CACHE/locks" "$CACHE/kernel" "$OUT/$arch"
# what the report says the kernel carries: "applied|omitted PATCH" lines
if [ -n "$series" ]; then
	{ series_patches "$series" | sed 's/^/applied /'
	  series_omitted "$series" | sed 's/^/omitted /'; } >"$OUT/$arch/series.txt"
else
	rm -f "$OUT/$arch/series.txt"
fi
exec 9>"$CACHE/locks/kernel-$arch-$key.lock"
flock 9

if [ -f "$tree/.klp-built" ]; then
	progress "$arch" kernel "build (cached) $tree"
	echo "$tree"
	exit 0
fi

progress "$arch" kernel "build -> $tree (log: $log)"
: >"$log"
ccache_env
mk=(make -C "$src" O="$tree" ARCH="$KARCH" CROSS_COMPILE="$CROSS"
	-j"$JOBS")
[ "$V" = 1 ] || mk+=(-s)
mkdir -p "$tree"
run "$log" "${mk[@]}" tinyconfig
# a fragment line replaces any earlier line for the same option
for f in "${frags[@]}"; do
	grep -E '^(CONFIG_|# CONFIG_)' "$f" | while IFS= read -r line; do
		opt=$(echo "$line" | grep -oE 'CONFIG_[A-Za-z0-9_]+')
		sed -i -E "/^(# )?$opt[= ]/d" "$tree/.config"
		echo "$line" >>"$tree/.config"
	done
done
run "$log" "${mk[@]}" olddefconfig

# every fragment line must have survived olddefconfig
if ! drops=$(config_check "$arch" "$tree"); then
	echo "$drops" | sed 's/^/    /' >&2
	echo "ci/kernel.sh: $arch: fragment options dropped by olddefconfig;" \
		"fix ci/config/ or declare them in ci/expected-skips.txt" >&2
	exit 1
fi
[ -z "$drops" ] || echo "$drops" | cut -f1,3 | while IFS=$'\t' read -r o w; do
	progress "$arch" config "expected drop $o: $w"
done

run "$log" "${mk[@]}" "${IMAGE#arch/*/boot/}" modules
[ "$IMAGE" = vmlinux ] || [ -f "$tree/$IMAGE" ]
# modules_prepare is part of the above; make sure external builds work
run "$log" "${mk[@]}" modules_prepare
echo "$key" >"$tree/.klp-built"
progress "$arch" kernel "built in $(($(date +%s) - t0))s"
echo "$tree"
