#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# samples/livepatch/conformance.sh [CYCLES]: in the guest, from the
# directory build.sh wrote, take each good patch through the stages whose
# bytes the host compares with `klpreloc apply`, and print what the kernel
# wrote at each (Documentation/conformance.md):
#   load       the target loaded first, then the patch (relocations for
#              vmlinux early, for the target when the patch enables)
#   unload     the target unloaded (x86_64 clears its sites)
#   reload-K   the target loaded again, K = 1..CYCLES (default 3)
#   notarget   the patch alone (the target's sites not yet applied)
#   late       the target loaded after the patch (late apply into the
#              patch's read-only text)
# Output: "klpsyms: - LINE" for the kernel's _text and _stext in
# /proc/kallsyms; then per stage "KLPCONF: PATCH:STAGE pass|fail|skip
# DETAIL" (pass: the stage's observe.txt lines held), "klpsyms:
# PATCH:STAGE LINE" for each /proc/kallsyms line of the target when it
# is loaded somewhere it was not at the stage before (reading kallsyms
# takes about a second under TCG), and the klpreloc_dump record tagged
# PATCH:STAGE (full for load and notarget, without mem and sec lines for
# the others); "KLPCONF: end" last. Loads klpreloc_dump.ko if it is not in yet; leaves klpreloc_target
# loaded and no patch.
cycles=${1:-3}
dump=/proc/klpreloc_dump
target=klpreloc_target
patches="klpreloc_cover klpreloc_lp"

say() { echo "KLPCONF: $*"; }

# wait_for CMD: the kselftests' bound, 600 x 0.1 s
wait_for() {
	local _

	for _ in $(seq 600); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

loaded() { grep -q "^$1 " /proc/modules; }

# observe KO: the observe.txt lines of KO hold; prints the first that fails
# (a pipe: the guest has no /dev/fd for process substitution)
observe() {
	awk -v k="$1.ko" '$1 == k { $1 = ""; print substr($0, 2) }' \
		observe.txt | while read -r f txt; do
		grep -qF -- "$txt" "$f" 2>/dev/null ||
			{ echo "$f lacks '$txt'"; exit 1; }
	done
}

# snap TAG [sites]: record every patch now, print the record
snap() {
	echo "${2:-dump} $1" >"$dump"
	cat "$dump"
}

# oopses: how many oopses and BUGs the kernel log holds
OOPS='Internal error: Oops|Unable to handle kernel|BUG: |Kernel panic'
oopses() { dmesg | grep -cE "$OOPS"; }
seen=$(oopses)

# oops_text: the first lines of the newest oops, with where it happened
oops_text() {
	dmesg | grep -E "$OOPS|pc : |RIP: |NIP |Krnl PSW" |
		tail -n 4 | sed 's/^\[[^]]*\] *//' | tr '\n' ';'
}

# stage PATCH STAGE RC DETAIL [sites]: the result line, the target's
# symbols if it moved (what the host needs to predict its relocations),
# the record. An oops during the stage fails it and ends the run: the
# task died holding the livepatch mutex, a module is stuck coming, and
# the next insmod of the target would wait for it forever.
where=
stage() {
	local st=pass now=

	[ "$3" -eq 0 ] || st=fail
	if [ "$(oopses)" -gt "$seen" ]; then
		say "$1:$2 fail kernel oops: $(oops_text) ($4)"
		say end
		exit 1
	fi
	say "$1:$2 $st $4"
	[ -r /sys/module/$target/sections/.text ] &&
		now=$(cat /sys/module/$target/sections/.text)
	if [ -n "$now" ] && [ "$now" != "$where" ]; then
		grep "\[$target\]\$" /proc/kallsyms |
			sed "s/^/klpsyms: $1:$2 /"
	fi
	where=$now
	snap "$1:$2" "$5"
}

enable() {	# enable PATCH: load it, wait for its transition
	local sys=/sys/kernel/livepatch/$1 out

	out=$(insmod "./$1.ko" 2>&1) || { echo "insmod: $out"; return 1; }
	wait_for "[ -e $sys/transition ] && grep -qx 0 $sys/transition" ||
		{ echo "transition did not finish"; return 1; }
}

disable() {	# disable PATCH: disable and unload it
	local sys=/sys/kernel/livepatch/$1

	if [ -e "$sys/enabled" ]; then
		echo 0 >"$sys/enabled"
		wait_for "[ ! -e $sys ]" || echo "$1 still in sysfs"
	fi
	! loaded "$1" || rmmod "$1"
}

if [ ! -d /sys/kernel/livepatch ]; then
	say "all skip no /sys/kernel/livepatch in this kernel"
	say end
	exit 0
fi
if [ ! -e "$dump" ]; then
	out=$(insmod ./klpreloc_dump.ko 2>&1) ||
		{ say "klpreloc_dump fail insmod: $out"; say end; exit 1; }
fi
grep -E ' _s?text$' /proc/kallsyms | sed 's/^/klpsyms: - /'
# snapshots only: module events would add records the stages do not name
echo mode off >"$dump"
cat "$dump" >/dev/null
loaded $target || insmod ./$target.ko

for p in $patches; do
	why=$(enable "$p" 2>&1) && why=$(observe "$p")
	stage "$p" load $? "${why:-loaded, observed}"
	loaded "$p" || continue

	why=$(rmmod $target 2>&1)
	stage "$p" unload $? "${why:-$target unloaded}" sites

	for k in $(seq "$cycles"); do
		if [ "$k" -gt 1 ]; then
			rmmod $target || say "$p:reload-$k fail rmmod"
		fi
		why=$(insmod ./$target.ko 2>&1) && why=$(observe "$p")
		stage "$p" "reload-$k" $? "${why:-observed}" sites
	done

	why=$(rmmod $target 2>&1) && why=$(disable "$p" 2>&1) &&
		why=$(enable "$p" 2>&1)
	stage "$p" notarget $? "${why:-loaded without $target}"
	why=$(insmod ./$target.ko 2>&1) && why=$(observe "$p")
	stage "$p" late $? "${why:-observed}" sites

	why=$(disable "$p" 2>&1)
	[ -z "$why" ] || say "$p:unload fail $why"
done
loaded $target || insmod ./$target.ko
say end
