#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages a job needs, only those missing; quiet when
# everything is there. Usage: scripts/deps.sh GROUP...
# Groups: build, test, bench, matrix, fuzz.
set -euo pipefail

declare -A GROUP
GROUP[build]="gcc make pkg-config libelf-dev"
GROUP[test]="binutils-x86-64-linux-gnu binutils-s390x-linux-gnu \
binutils-aarch64-linux-gnu binutils-powerpc64le-linux-gnu \
gcc-s390x-linux-gnu gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu \
libc6-dev-arm64-cross libc6-dev-s390x-cross libc6-dev-ppc64el-cross \
qemu-user-static python3 binutils xz-utils \
linux-source-6.12"
GROUP[bench]="binutils"
# make fuzz: clang with libFuzzer, ASan and UBSan runtimes; xz for fixtures
GROUP[fuzz]="clang-14 libclang-rt-14-dev xz-utils"
GROUP[matrix]="gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu \
gcc-s390x-linux-gnu qemu-system-x86 qemu-system-arm qemu-system-ppc \
qemu-system-misc linux-source-${KLP_KVER:-6.12} bc bison flex libelf-dev \
libssl-dev cpio ccache xz-utils kmod rsync python3 binutils gzip patch"

want=()
for g in "$@"; do
	[ -n "${GROUP[$g]+x}" ] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
	for p in ${GROUP[$g]}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || want+=("$p")
	done
done
[ ${#want[@]} -eq 0 ] && exit 0

echo "deps: installing ${want[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
# A mirror mid-sync or one foreign architecture's index missing makes
# update fail although the packages are there: warn and try the install.
if ! $SUDO apt-get update -qq; then
	echo "deps: warning: apt-get update failed (above); installing from the package lists as they are" >&2
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; then
	echo "deps: could not install ${want[*]} (apt-get's error above)" >&2
	exit 1
fi
