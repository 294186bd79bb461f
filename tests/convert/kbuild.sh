#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/convert/kbuild.sh ARCH KDIR OUTDIR
#
# The author's workflow of Documentation/convert.md, end to end, against a
# real kernel build tree: Kbuild builds tests/convert/kbuild/ (cvk_target,
# a module; cvk_lp, a livepatch for it and vmlinux that uses five symbols
# nobody exports, one chosen with <klpreloc/klp-sym.h>) with
# KBUILD_MODPOST_WARN=1; `klpreloc convert` alone makes cvk_lp loadable;
# `klpreloc check` accepts it. Writes into OUTDIR what a QEMU guest of
# that kernel needs to confirm it:
#   cvk_target.ko, cvk_lp.ko   load in this order
#   expect.txt                 "NAME.ko load" or "NAME.ko refuse TEXT" (6.12)
#   check.txt                  the same where the arch has livepatch (arm64:
#                              6.17), for `klpreloc check` on the host
#   observe.txt                "NAME.ko FILE TEXT": FILE has TEXT once NAME is in
#   convert.json               convert's report
# Not part of `make check` (it needs a built kernel tree): the matrix, or
# by hand. ARCH: x86_64 arm64 ppc64le s390x. KLPRELOC: the binary to use
# (default: build/klpreloc, made here).
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 ARCH KDIR OUTDIR" >&2; exit 2; }
arch=$1 kdir=$(cd "$2" && pwd) out=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
die() { echo "kbuild.sh: $arch: $*" >&2; exit 1; }

case $arch in
x86_64)  karch=x86     cross= ;;
arm64)   karch=arm64   cross=aarch64-linux-gnu- ;;
ppc64le) karch=powerpc cross=powerpc64le-linux-gnu- ;;
s390x)   karch=s390    cross=s390x-linux-gnu- ;;
*) die "unknown arch" ;;
esac
[ -f "$kdir/System.map" ] && [ -f "$kdir/Module.symvers" ] ||
	die "no System.map or Module.symvers in $kdir"
if [ -z "${KLPRELOC:-}" ]; then
	make -s -C "$top" klpreloc >/dev/null || die "cannot build klpreloc"
	KLPRELOC=$top/build/klpreloc
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cp "$top"/tests/convert/kbuild/* "$work/"

# ci/kernel.sh rebuilds a cached tree under this lock: do not read it then
lock=${XDG_CACHE_HOME:-$HOME/.cache}/klpreloc/locks/kernel-$arch-${kdir##*/"$arch"-}.lock
[ -f "$lock" ] && exec 9<"$lock" && flock -s -w 3600 9
make -C "$kdir" M="$work" ARCH="$karch" CROSS_COMPILE="$cross" \
	KBUILD_MODPOST_WARN=1 KLPRELOC_INCLUDE="$top/include" \
	-j"${JOBS:-2}" modules >"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log" >&2; die "module build failed"; }
[ -f "$lock" ] && flock -u 9

# premise: modpost found exactly the five undefined
got=$(sed -n 's/.*modpost: "\([^"]*\)" \[.*\/cvk_lp\.ko\] undefined!.*/\1/p' \
	"$work/build.log" | sort | tr '\n' ' ')
want="cvk_list_del_init cvk_target_hits cvk_target_value saved_command_line version_proc_show "
[ "$got" = "$want" ] || die "modpost's undefined symbols of cvk_lp.ko: '$got', want '$want'"
n=$(awk '$3 == "list_del_init"' "$kdir/System.map" | wc -l)
[ "$n" -ge 2 ] || die "list_del_init is in System.map $n times, want >= 2"

"$KLPRELOC" convert --json --target "$kdir/System.map" \
	--symvers "$kdir/Module.symvers" \
	--target-module cvk_target="$work/cvk_target.ko" \
	-o "$out/cvk_lp.ko" "$work/cvk_lp.ko" >"$out/convert.json" ||
	{ python3 -m json.tool "$out/convert.json" >&2 || true; die "convert refused"; }
python3 - "$out/convert.json" <<'EOF' || die "unexpected conversions"
import json, sys
j = json.load(open(sys.argv[1]))
got = sorted((c["name"], c["klp_name"], c["how"]) for c in j["conversions"])
want = [("cvk_list_del_init", ".klp.sym.vmlinux.list_del_init,2", "annotation"),
        ("cvk_target_hits", ".klp.sym.cvk_target.cvk_target_hits,0", "auto"),
        ("cvk_target_value", ".klp.sym.cvk_target.cvk_target_value,0", "auto"),
        ("saved_command_line", ".klp.sym.vmlinux.saved_command_line,0", "auto"),
        ("version_proc_show", ".klp.sym.vmlinux.version_proc_show,0", "auto")]
if got != want:
    sys.exit("conversions: %s" % got)
EOF
kv=
[ "$arch" = arm64 ] && kv="--kernel 6.17"
# shellcheck disable=SC2086
"$KLPRELOC" check -q $kv --target "$kdir/System.map" \
	--target-module cvk_target="$work/cvk_target.ko" "$out/cvk_lp.ko" ||
	die "check refuses the converted module"
readelf -SW "$out/cvk_lp.ko" | grep -q klpreloc.syms &&
	die "the annotation section is still there"
cp "$work/cvk_target.ko" "$out/"

{
	echo "cvk_target.ko load"
	if [ "$arch" = arm64 ]; then
		echo "cvk_lp.ko refuse module is marked as livepatch module, but livepatch support is disabled"
	else
		echo "cvk_lp.ko load"
	fi
} >"$out/expect.txt"
printf 'cvk_target.ko load\ncvk_lp.ko load\n' >"$out/check.txt"
{
	echo "cvk_target.ko /proc/cvk_target cvk_target: original"
	if [ "$arch" != arm64 ]; then
		echo "cvk_lp.ko /proc/cmdline cvk_lp: "
		echo "cvk_lp.ko /proc/cmdline list ok"
		echo "cvk_lp.ko /proc/cvk_target cvk_target: patched"
	fi
} >"$out/observe.txt"
echo "kbuild.sh: $arch: cvk_lp.ko converted and checked, in $out" >&2
