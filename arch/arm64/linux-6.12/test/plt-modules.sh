#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# plt-modules.sh DIR: write into DIR the sources and Kbuild of the modules
# guest-plt.sh needs: fill_<KiB> (that much .bss, to use up the 128 MiB
# module region next to the kernel, so that the next module lands in the
# 2 GiB PLT region) and shift_<N> (N pages, to move the next free module
# address).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
cd "$1"
objs=
for kb in 65536 32768 16384 8192 4096 2048 1024 512 256 128 64 32 16; do
	cat >"fill_$kb.c" <<EOC
// SPDX-License-Identifier: GPL-2.0
/* takes $kb KiB of module space (.bss) */
#include <linux/module.h>
static char fill[$kb * 1024] __used;
static int __init fill_init(void) { fill[0] = 1; return 0; }
module_init(fill_init);
MODULE_LICENSE("GPL");
EOC
	objs="$objs fill_$kb.o"
done
for n in $(seq 12); do
	cat >"shift_$n.c" <<EOC
// SPDX-License-Identifier: GPL-2.0
/* a small module that moves the next free module address */
#include <linux/module.h>
static char fill[4096 * $n] __used;
static int __init shift_init(void) { fill[0] = 1; return 0; }
module_init(shift_init);
MODULE_LICENSE("GPL");
EOC
	objs="$objs shift_$n.o"
done
echo "obj-m :=$objs" >Kbuild
