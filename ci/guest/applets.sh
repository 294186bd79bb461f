#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The busybox applets linked into the guest's /bin: what the runner and the
# kselftest scripts call (insmod, stat, date, sysctl, getconf and modinfo
# are replaced by ci/guest/ programs and shims).
echo awk basename cat chmod cut dirname dmesg echo expr false grep head id \
	kill ln ls mkdir mount nproc readlink reboot rm rmmod seq sed sleep \
	sort strings sync tail tee test timeout touch tr true umount uname \
	uniq wc xargs diff lsmod poweroff \
	gzip base64 md5sum su
