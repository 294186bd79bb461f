#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/initramfs.sh ARCH MODDIR OUT.cpio.gz: the guest root: busybox and bash
# (static, Debian, the guest's arch), the shims the 6.12 kselftests need
# from a coreutils/procps/kmod system, the modules from MODDIR (written by
# ci/modules.sh) and the runner as /init.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || { echo "usage: ci/initramfs.sh ARCH MODDIR OUT" >&2; exit 2; }
arch=$1 moddir=$2 out=$3
g=$CACHE/guest/$arch
[ -x "$g/bin/busybox" ] || { echo "ci: no guest userland in $g (ci/deps.sh)" >&2; exit 1; }
r=$(mktemp -d)
trap 'rm -rf "$r"' EXIT
# mktemp's 0700 would become the guest's / (init dumps /proc/kallsyms as
# nobody too)
chmod 755 "$r"
mkdir -p "$r"/{bin,sbin,dev,proc,sys,tmp,klp/kdir}
cp "$g/bin/busybox" "$r/bin/busybox"
for a in $("$CI_DIR/guest/applets.sh"); do
	ln -s busybox "$r/bin/$a"
done
cp "$g/bin/bash-static" "$r/bin/bash"
ln -s bash "$r/bin/sh"
cp "$CI_DIR"/guest/shims/* "$r/bin/"
cp "$moddir/bin/insmod" "$r/bin/insmod"
cp -r "$moddir/upstream" "$moddir/selftests" "$r/klp/"
[ ! -f "$moddir/own/expect.txt" ] || cp -r "$moddir/own" "$r/klp/"
[ ! -f "$moddir/extra/expect.txt" ] || cp -r "$moddir/extra" "$r/klp/"
cp "$CI_DIR/guest/init" "$r/init"
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
	gzip -9n >"$out"
