#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The arm64 livepatch checks of arch/arm64/linux-6.12 as a guest /init:
# livepatch-sample (patch, transition, revert), late klp relocations (the
# patch loaded before its target, the target unloaded and reloaded, then
# the other order), and klp_reliable_test.ko when present. One "KLPT:"
# line per check, the kernel log, then KLPT-END.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
r() { echo "KLPT: $*"; }
wait_for() {
	local i
	for i in $(seq 600); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}
lp=/sys/kernel/livepatch/klpreloc_lp
r booted "$(uname -r) $(nproc) cpus"
mark() { echo "klpt $*" >/dev/kmsg; }
sp=/sys/kernel/livepatch/livepatch_sample
mark "livepatch-sample"
echo "before: /proc/cmdline: $(cat /proc/cmdline)"
insmod /klp/upstream/livepatch-sample.ko && r sample-insmod pass || r sample-insmod fail
echo "after insmod: /proc/cmdline: $(cat /proc/cmdline); transition: $(cat $sp/transition)"
wait_for "grep -qx 0 $sp/transition" && r sample-transition pass "transition $(cat $sp/transition)" || r sample-transition fail "transition $(cat $sp/transition)"
grep -qx "this has been live patched" /proc/cmdline && r sample-patched pass "$(cat /proc/cmdline)" || r sample-patched fail "$(cat /proc/cmdline)"
echo 0 > $sp/enabled
wait_for "[ ! -e $sp ]" && r sample-disable pass || r sample-disable fail "transition $(cat $sp/transition)"
rmmod livepatch_sample && r sample-rmmod pass || r sample-rmmod fail
echo "after rmmod: /proc/cmdline: $(cat /proc/cmdline)"
cd /klp/own

mark "patch first"
if out=$(insmod ./klpreloc_lp.ko 2>&1); then r lp-first-insmod pass; else r lp-first-insmod fail "$out"; fi
wait_for "grep -qx 0 $lp/transition" && r lp-first-transition pass "$(cat $lp/transition)" || r lp-first-transition fail "$(cat $lp/transition)"
grep -q "klpreloc: live patched, cmdline:" /proc/cmdline && r vmlinux-patched pass "$(head -n1 /proc/cmdline)" || r vmlinux-patched fail "$(cat /proc/cmdline)"
r target-patched-flag-before "$(cat $lp/klpreloc_target/patched 2>&1)"

mark "target late"
if out=$(insmod ./klpreloc_target.ko 2>&1); then r target-late-insmod pass; else r target-late-insmod fail "$out"; fi
v=$(cat /proc/klpreloc_target 2>&1)
case $v in "klpreloc_target: patched"*) r target-late-patched pass "$v" ;; *) r target-late-patched fail "$v" ;; esac
r target-patched-flag "$(cat $lp/klpreloc_target/patched 2>&1)"
wait_for "grep -qx 0 $lp/transition" && r target-late-transition pass || r target-late-transition fail

for n in 1 2 3; do
	mark "reload $n"
	out=$(rmmod klpreloc_target 2>&1) || r "reload$n-rmmod" fail "$out"
	if out=$(insmod ./klpreloc_target.ko 2>&1); then
		v=$(cat /proc/klpreloc_target 2>&1)
		case $v in "klpreloc_target: patched"*) r "reload$n" pass "$v" ;; *) r "reload$n" fail "$v" ;; esac
	else
		r "reload$n" fail "insmod: $out"
	fi
done

mark "disable"
echo 0 > $lp/enabled
wait_for "[ ! -e $lp ]" && r lp-disable pass || r lp-disable fail "$(cat $lp/transition)"
v=$(cat /proc/klpreloc_target 2>&1)
case $v in "klpreloc_target: original"*) r target-reverted pass "$v" ;; *) r target-reverted fail "$v" ;; esac
grep -q "klpreloc: live patched" /proc/cmdline && r vmlinux-reverted fail || r vmlinux-reverted pass "$(cat /proc/cmdline)"
out=$(rmmod klpreloc_lp 2>&1) && r lp-rmmod pass || r lp-rmmod fail "$out"

mark "target first, then patch (relocations at klp_enable_patch, patch COMING)"
if out=$(insmod ./klpreloc_lp.ko 2>&1); then
	wait_for "grep -qx 0 $lp/transition" && r lp-second-transition pass || r lp-second-transition fail
	v=$(cat /proc/klpreloc_target 2>&1)
	case $v in "klpreloc_target: patched"*) r lp-second-patched pass "$v" ;; *) r lp-second-patched fail "$v" ;; esac
	echo 0 > $lp/enabled
	wait_for "[ ! -e $lp ]" && r lp-second-disable pass || r lp-second-disable fail
	rmmod klpreloc_lp
else
	r lp-second-insmod fail "$out"
fi
rmmod klpreloc_target && r target-rmmod pass || r target-rmmod fail

mark "reliable stack walk checks"
if [ -f /klp/reltest/klp_reliable_test.ko ]; then
	out=$(insmod /klp/reltest/klp_reliable_test.ko 2>&1) && r reltest pass || r reltest fail "$out"
	dmesg | grep "klp_reliable_test:" | sed 's/^/  | /'
	rmmod klp_reliable_test 2>/dev/null
fi

echo KLPT-DMESG-BEGIN
dmesg
echo KLPT-DMESG-END
echo KLPT-END
sync
reboot -f
