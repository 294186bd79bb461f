#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/boot.sh ARCH TREE INITRD CONSOLE_LOG: boot the guest under QEMU (TCG
# only: KVM guests hung on these machines) with a time limit; the whole
# serial console goes to CONSOLE_LOG. Exit status: QEMU's, 124 on timeout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 4 ] || { echo "usage: ci/boot.sh ARCH TREE INITRD LOG" >&2; exit 2; }
arch=$1 tree=$2 initrd=$3 log=$4
arch_vars "$arch"
limit=${KLPCI_BOOT_TIMEOUT:-1500}
# printk.devkmsg=on: the kselftests write many lines to /dev/kmsg and
# compare them back; the default rate limit would drop some. loglevel=5
# keeps livepatch's notices off the console but not warnings or oopses.
append="panic=-1 loglevel=5 printk.devkmsg=on${CONSOLE:+ console=$CONSOLE}"
# the conformance stress cycles (ci/guest/init): an unknown NAME=VALUE on
# the command line is in init's environment
append="$append KLPCI_CONF_CYCLES=${KLPCI_CONF_CYCLES:-100}"
cmd=(timeout -k 10 "$limit" "$QEMU" $QEMU_ARGS -accel tcg -nographic
	-no-reboot -kernel "$tree/$IMAGE" -initrd "$initrd" -append "$append")
[ "$V" = 1 ] && echo "+ ${cmd[*]}" >&2
echo "+ ${cmd[*]}" >"$log"
rc=0
"${cmd[@]}" </dev/null >>"$log" 2>&1 || rc=$?
exit "$rc"
