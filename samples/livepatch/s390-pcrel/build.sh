#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# samples/livepatch/s390-pcrel/build.sh OUTDIR
#
# Build klpreloc_pcrel.ko against the matrix's s390x kernel (ci/kernel.sh,
# KLP_KVER as for the matrix), convert it with klpreloc and write the set
# `make matrix EXTRA=OUTDIR ARCHES=s390x` loads (Documentation/matrix.md):
# before 6.10 the kernel refuses it, from 6.10 it loads. convert's own
# check would refuse to write what a pre-6.10 kernel refuses, so the
# conversion is checked as 6.12 (the klp names do not depend on it).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=$1
kdir=$("$top/ci/kernel.sh" s390x | tail -n1)
kver=$(sed -n 's/^#define UTS_RELEASE "\([0-9]*\.[0-9]*\).*/\1/p' \
	"$kdir/include/generated/utsrelease.h")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/klpreloc_pcrel.c" "$here/Kbuild" "$work/"
make -s -C "$kdir" M="$work" ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- \
	KBUILD_MODPOST_WARN=1 modules >"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log" >&2; exit 1; }
make -s -C "$top" klpreloc
mkdir -p "$out/s390x"
"$top/klpreloc" convert -q --kernel 6.12 --arch-opt s390x.expoline=off \
	--target "$kdir/System.map" --symvers "$kdir/Module.symvers" \
	-o "$out/s390x/klpreloc_pcrel.ko" "$work/klpreloc_pcrel.ko"
# what the kernel logs (its value says where the module landed)
major=${kver%%.*} minor=${kver#*.}
if [ "$major" -lt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -lt 10 ]; }; then
	echo "klpreloc_pcrel.ko refuse relocation error for symbol .klp.sym.vmlinux.saved_command_line,0 (r_type 19" \
		>"$out/s390x/expect.txt"
	rm -f "$out/s390x/observe.txt"
else
	# loaded, and not read: under QEMU 7.2's TCG a larl whose offset is
	# 2 GiB or more wraps (qemu-s390x-static computes .+0x80000000 as
	# .-0x80000000), and this one reaches from the bottom of the module
	# area to vmlinux's data, more than 2 GiB up: /proc/cmdline would oops
	echo "klpreloc_pcrel.ko load" >"$out/s390x/expect.txt"
	rm -f "$out/s390x/observe.txt"
fi
echo "s390-pcrel: $kver: $out/s390x ($(cut -d' ' -f2 "$out/s390x/expect.txt"))" >&2
