#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# late relocations that need PLT entries: the patch sits near the kernel,
# the target module is pushed out of CALL26 range (+-128 MiB) by filling
# the 128 MiB module region; then reload at the same address, then at new
# addresses until the PLT entries the patch reserved run out
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
r() { echo "KLPT: $*"; }
wait_for() {
	local i
	for i in $(seq 600); do eval "$1" && return 0; sleep 0.1; done
	return 1
}
lp=/sys/kernel/livepatch/klpreloc_lp
cd /klp/own
addr() { awk -v n="$1" '$3 == n { print $1; exit }' /proc/kallsyms; }
dist() {	# |0x$1 - 0x$2| in MiB
	local d=$(( 0x$1 - 0x$2 ))
	[ $d -lt 0 ] && d=$(( -d ))
	echo $(( d >> 20 ))
}
patched() { grep -q "klpreloc_target: patched" /proc/klpreloc_target 2>/dev/null; }

insmod ./klpreloc_lp.ko || r lp-insmod fail
wait_for "grep -qx 0 $lp/transition" && r lp-transition pass || r lp-transition fail
lpfn=$(addr klpreloc_lp_target_show)
r lp-at "$lpfn"
for f in 65536 32768 16384 8192 4096 2048 1024 512 256 128 64 32 16; do
	insmod /klp/plt/fill_$f.ko || r "fill-$f" fail
done
insmod ./klpreloc_target.ko || r target-insmod fail
n=1
while [ "$(dist "$(addr klpreloc_target_count)" "$lpfn")" -lt 128 ] && [ $n -le 12 ]; do
	rmmod klpreloc_target
	insmod /klp/plt/shift_$n.ko
	n=$((n + 1))
	insmod ./klpreloc_target.ko || r target-insmod fail
done
t=$(addr klpreloc_target_count)
d=$(dist "$t" "$lpfn")
[ "$d" -ge 128 ] && r far-target pass "klpreloc_target_count at $t, $d MiB from the patch" ||
	r far-target fail "only $d MiB away"
patched && r far-patched pass "$(cat /proc/klpreloc_target)" || r far-patched fail "$(cat /proc/klpreloc_target 2>&1)"

# same address again and again: the entry in use is kept
ok=0
for i in $(seq 20); do
	rmmod klpreloc_target
	insmod ./klpreloc_target.ko 2>/dev/null && patched && [ "$(addr klpreloc_target_count)" = "$t" ] && ok=$((ok + 1))
done
[ $ok = 20 ] && r same-address-reloads pass "20 of 20 patched at $t" || r same-address-reloads fail "$ok of 20"

# new addresses: each needs a new entry, until they run out
moved=0 refused=0
for k in $(seq $n 12); do
	rmmod klpreloc_target 2>/dev/null
	insmod /klp/plt/shift_$k.ko
	if out=$(insmod ./klpreloc_target.ko 2>&1); then
		if patched; then moved=$((moved + 1)); r "moved-$k" pass "at $(addr klpreloc_target_count)"
		else r "moved-$k" fail "$(cat /proc/klpreloc_target 2>&1)"; fi
	else
		refused=$((refused + 1)); r "moved-$k" refused "$out"
		break
	fi
done
r moved-summary "$moved loads at new addresses patched, $refused refused"
dmesg | grep -E "PLT|failed to apply|klpreloc" | sed 's/^/  | /'
rmmod klpreloc_target 2>/dev/null
echo 0 > $lp/enabled
wait_for "[ ! -e $lp ]" && r lp-disable pass || r lp-disable fail
rmmod klpreloc_lp && r lp-rmmod pass || r lp-rmmod fail
dmesg | grep -qE "WARNING|Oops|BUG" && r no-splat fail || r no-splat pass
echo KLPT-DMESG-BEGIN
dmesg
echo KLPT-DMESG-END
echo KLPT-END
sync
reboot -f
