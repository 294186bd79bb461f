#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/modules.sh ARCH TREE OUTDIR: build, out of tree (M=) against the kernel
# build TREE with the cross compiler, the upstream samples/livepatch modules
# and the kselftest livepatch test_modules, plus the static guest helpers
# (test_klp-call_getpid, our insmod), and our own samples when
# samples/livepatch/build.sh exists. Writes OUTDIR/{upstream,selftests,own,bin}.
# Cached under $KLPRELOC_CACHE/modules, keyed by all it depends on.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || { echo "usage: ci/modules.sh ARCH TREE OUTDIR" >&2; exit 2; }
arch=$1 tree=$2
mkdir -p "$3"
outdir=$(cd "$3" && pwd)
arch_vars "$arch"
log=$OUT/$arch/modules.log
src=$(kernel_src)
st=$src/tools/testing/selftests/livepatch
t0=$(date +%s)
: >"$log"

# The result depends on the tree, this recipe, the guest helpers, our
# samples and the klpreloc that converts them: cached under that key, so
# a warm run copies instead of building (a cache miss builds as before)
key=$( { cat "$tree/.klp-built"; "${CROSS}gcc" --version | head -n1;
	cd "$TOPDIR" && find ci/modules.sh ci/guest/insmod.c samples/livepatch \
		kernel arch tools include tests/tools Makefile VERSION \
		-type f ! -name '*.pyc' | LC_ALL=C sort | xargs cat; } |
	sha256sum | cut -c1-12)
cached=$CACHE/modules/$arch-$key
if [ -f "$cached/.done" ]; then
	rm -rf "$outdir"
	mkdir -p "$outdir"
	cp -a "$cached/." "$outdir/"
	rm -f "$outdir/.done"
	echo "modules: from the cache $cached" >>"$log"
	progress "$arch" modules "(cached) $cached"
	exit 0
fi

ccache_env
rm -rf "$outdir"
mkdir -p "$outdir"/{upstream,selftests/test_modules,own,bin,build}

# without CONFIG_LIVEPATCH (arm64 on 6.12) only the plain modules build
lp=0
grep -qx CONFIG_LIVEPATCH=y "$tree/.config" && lp=1
b=$outdir/build
# the kselftests' modules: tools/testing/selftests/livepatch/test_modules
# since 6.6, lib/livepatch (built with the kernel) before
tm=$st/test_modules
[ -d "$tm" ] || tm=$src/lib/livepatch
cp "$src"/samples/livepatch/*.c "$tm"/test_klp_*.c "$b/"
if [ "$lp" = 1 ]; then
	objs=$(cd "$b" && ls *.c | sed 's/\.c$/.o/')
else
	objs="livepatch-shadow-mod.o livepatch-callbacks-mod.o
		livepatch-callbacks-busymod.o test_klp_callbacks_mod.o
		test_klp_callbacks_busy.o"
fi
echo "obj-m := $(echo $objs)" >"$b/Kbuild"
mk=(make -C "$tree" ARCH="$KARCH" CROSS_COMPILE="$CROSS" -j"$JOBS" M="$b")
run "$log" "${mk[@]}" modules
cp "$b"/livepatch-*.ko "$outdir/upstream/"
cp "$b"/test_klp_*.ko "$outdir/selftests/test_modules/"

# the kselftest scripts, and the static helpers they and we need
cp "$st"/functions.sh "$st"/test-*.sh "$outdir/selftests/"
(cd "$st" && ls test-*.sh) >"$outdir/selftests/list"
# (test-syscall.sh's helper, since 6.7)
if [ -f "$st/test_klp-call_getpid.c" ]; then
	run "$log" "${CROSS}gcc" -static -O2 \
		-o "$outdir/selftests/test_klp-call_getpid" \
		"$st/test_klp-call_getpid.c"
fi
run "$log" "${CROSS}gcc" -static -O2 -Wall -Wextra -Werror \
	-o "$outdir/bin/insmod" "$CI_DIR/guest/insmod.c"

msg="$(cd "$outdir" && ls upstream selftests/test_modules | grep -c '\.ko$') modules"
own=$TOPDIR/samples/livepatch/build.sh
if [ -f "$own" ]; then
	# a broken own sample build must not cost the upstream rows
	if run "$log" bash "$own" "$arch" "$tree" "$outdir/own"; then
		msg="$msg, $(grep -c . "$outdir/own/expect.txt") own samples"
	else
		rm -f "$outdir/own/expect.txt"
		touch "$outdir/own/BUILD-FAILED"
		msg="$msg, own samples FAILED to build"
	fi
fi
# only a complete build is kept
if [ ! -f "$outdir/own/BUILD-FAILED" ]; then
	mkdir -p "$CACHE/modules"
	rm -rf "$cached.tmp.$$"
	cp -a "$outdir" "$cached.tmp.$$"
	rm -rf "$cached.tmp.$$/build"	# the objects: nothing reads them
	touch "$cached.tmp.$$/.done"
	rm -rf "$cached"
	mv "$cached.tmp.$$" "$cached"
fi
progress "$arch" modules "$msg in $(($(date +%s) - t0))s"
