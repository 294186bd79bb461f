#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scratch.sh WORK: build an arm64 6.12 kernel with the series of this
# directory the way the matrix builds its kernels, and run the checks in
# QEMU (TCG). Steps, each skipped when its result exists:
#   WORK/linux-source-6.12  the linux-source-6.12 tarball, with the patches
#                           of ../series applied by patch -p1
#   WORK/build              tinyconfig + ci/config/{common,arm64}.config +
#                           ../livepatch.config (+ CONFIG_KPROBES=y unless
#                           KPROBES=0: klp_reliable_test.ko needs it);
#                           Image and modules
#   WORK/mods               upstream samples, kselftest test_modules, the
#                           project's samples (samples/livepatch/build.sh;
#                           expect.txt := check.txt, the verdicts of a
#                           kernel with livepatch), klp_reliable_test.ko,
#                           the plt-modules.sh modules
#   WORK/log-*.txt          runner: ci/guest/init (sample, kselftests,
#                           samples), late: guest-late.sh with -smp 2,
#                           plt: guest-plt.sh
# Needs what ci/deps.sh installs (cross compiler, qemu-system-arm, the
# Debian arm64 busybox/bash in $KLPRELOC_CACHE/guest/arm64).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 WORK" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
series=$(cd "$here/.." && pwd)
top=$(cd "$series/../../.." && pwd)
mkdir -p "$1"
work=$(cd "$1" && pwd)
src=$work/linux-source-6.12 b=$work/build m=$work/mods
guest=${KLPRELOC_CACHE:-$HOME/.cache/klpreloc}/guest/arm64
jobs=${JOBS:-2}
mk() { nice make -C "$src" O="$b" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$jobs" "$@"; }
say() { echo "scratch.sh: $*" >&2; }

if [ ! -f "$src/.series-applied" ]; then
	say "extracting and patching $src"
	rm -rf "$src"
	tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$work"
	while read -r p; do
		patch -d "$src" -p1 --forward --batch --quiet <"$series/$p"
	done <"$series/series"
	cat "$series/series" >"$src/.series-applied"
fi

if [ ! -f "$b/arch/arm64/boot/Image" ]; then
	say "building $b"
	mkdir -p "$b"
	frags=("$top/ci/config/common.config" "$top/ci/config/arm64.config"
	       "$series/livepatch.config")
	[ "${KPROBES:-1}" = 0 ] || { echo CONFIG_KPROBES=y >"$work/kprobes.config"
		frags+=("$work/kprobes.config"); }
	mk -s tinyconfig
	for f in "${frags[@]}"; do
		grep -E '^(CONFIG_|# CONFIG_)' "$f" | while IFS= read -r line; do
			opt=$(echo "$line" | grep -oE 'CONFIG_[A-Za-z0-9_]+')
			sed -i -E "/^(# )?$opt[= ]/d" "$b/.config"
			echo "$line" >>"$b/.config"
		done
	done
	mk -s olddefconfig
	for f in "${frags[@]}"; do
		grep -E '^CONFIG_' "$f" | while IFS= read -r line; do
			grep -qxF "$line" "$b/.config" ||
				{ say "dropped by olddefconfig: $line"; exit 1; }
		done
	done
	mk -s Image modules
fi

if [ ! -f "$m/.done" ]; then
	say "building the test modules in $m"
	st=$src/tools/testing/selftests/livepatch
	rm -rf "$m"
	mkdir -p "$m"/{upstream,selftests/test_modules,own,bin,build,reltest,plt}
	cp "$src"/samples/livepatch/*.c "$st"/test_modules/*.c "$m/build/"
	echo "obj-m := $(cd "$m/build" && ls *.c | sed 's/\.c$/.o/' | tr '\n' ' ')" \
		>"$m/build/Kbuild"
	make -C "$b" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$jobs" \
		M="$m/build" modules >"$m/build.log" 2>&1
	cp "$m"/build/livepatch-*.ko "$m/upstream/"
	cp "$m"/build/test_klp_*.ko "$m/selftests/test_modules/"
	cp "$st"/functions.sh "$st"/test-*.sh "$m/selftests/"
	(cd "$st" && ls test-*.sh) >"$m/selftests/list"
	aarch64-linux-gnu-gcc -static -O2 -o "$m/selftests/test_klp-call_getpid" \
		"$st/test_klp-call_getpid.c"
	aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
		-o "$m/bin/insmod" "$top/ci/guest/insmod.c"
	JOBS=$jobs bash "$top/samples/livepatch/build.sh" arm64 "$b" "$m/own"
	cp "$m/own/check.txt" "$m/own/expect.txt"
	if grep -qx CONFIG_KPROBES=y "$b/.config"; then
		cp "$here/klp_reliable_test.c" "$here/Kbuild" "$m/reltest/"
		make -C "$b" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
			M="$m/reltest" modules >>"$m/build.log" 2>&1
	fi
	bash "$here/plt-modules.sh" "$m/plt"
	make -C "$b" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$jobs" \
		M="$m/plt" modules >>"$m/build.log" 2>&1
	touch "$m/.done"
fi

initramfs() {	# initramfs INIT OUT
	local r
	r=$(mktemp -d)
	mkdir -p "$r"/{bin,sbin,dev,proc,sys,tmp,klp/kdir}
	cp "$guest/bin/busybox" "$r/bin/busybox"
	for a in $(bash "$top/ci/guest/applets.sh"); do ln -s busybox "$r/bin/$a"; done
	cp "$guest/bin/bash-static" "$r/bin/bash"
	ln -s bash "$r/bin/sh"
	cp "$top"/ci/guest/shims/* "$r/bin/"
	cp "$m/bin/insmod" "$r/bin/insmod"
	cp -r "$m/upstream" "$m/selftests" "$m/own" "$r/klp/"
	mkdir -p "$r/klp/reltest" "$r/klp/plt"
	cp "$m"/reltest/*.ko "$r/klp/reltest/" 2>/dev/null || true
	cp "$m"/plt/*.ko "$r/klp/plt/"
	cp "$1" "$r/init"
	chmod +x "$r/init"
	(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
		gzip -9n >"$2"
	rm -rf "$r"
}

boot() {	# boot INITRD LOG [QEMU ARGS...]
	local rd=$1 log=$2
	shift 2
	timeout -k 10 "${KLPCI_BOOT_TIMEOUT:-1500}" qemu-system-aarch64 \
		-M virt -cpu max -m 512 "$@" -accel tcg -nographic -no-reboot \
		-kernel "$b/arch/arm64/boot/Image" -initrd "$rd" \
		-append "panic=-1 loglevel=5 printk.devkmsg=on console=ttyAMA0" \
		</dev/null >"$log" 2>&1 || say "qemu exit $? ($log)"
}

for t in runner late plt; do
	case $t in
	runner) init=$top/ci/guest/init args=() ;;
	late) init=$here/guest-late.sh args=(-smp 2) ;;
	plt) init=$here/guest-plt.sh args=() ;;
	esac
	initramfs "$init" "$work/rd-$t.gz"
	say "booting: $t"
	boot "$work/rd-$t.gz" "$work/log-$t.txt" "${args[@]}"
	grep -aE '^KLP(CI|T): ' "$work/log-$t.txt" | sed "s/^/$t: /"
	grep -aqE '^KLP(CI|T)-END' "$work/log-$t.txt" || say "$t: no end marker"
	! grep -aE 'WARNING:|Oops|BUG:|Unable to handle' "$work/log-$t.txt" ||
		say "$t: kernel splat above"
done
! grep -ahE '^KLP(CI|T): [^ ]+ fail' "$work"/log-*.txt
