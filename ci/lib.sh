# SPDX-License-Identifier: GPL-2.0
# Shared by the ci/ jobs: arch table, cache layout, progress and logging.
# Source it from a script that runs under `set -euo pipefail`.

CI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOPDIR=$(cd "$CI_DIR/.." && pwd)
CACHE=${KLPRELOC_CACHE:-$HOME/.cache/klpreloc}
V=${V:-0}
JOBS=${JOBS:-2}
# elapsed time is counted from the start of the whole matrix run
export KLP_CI_T0=${KLP_CI_T0:-$(date +%s)}
ALL_ARCHES="x86_64 arm64 ppc64le s390x"
# the Debian linux-source-X.Y the kernels are built from: 6.12, or
# KLP_KVER=6.1 (Debian 12's own kernel) to confirm what check predicts
# for it (`--kernel 6.1`); arm64's livepatch series is for 6.12 only
KVER=${KLP_KVER:-6.12}
case $KVER in
6.12 | 6.1) ;;
*) echo "ci: KLP_KVER=$KVER: linux-source-6.12 or linux-source-6.1" >&2
   exit 2 ;;
esac
KSRC=linux-source-$KVER
# a 6.1 run has its own results, beside the 6.12 ones
if [ "$KVER" = 6.12 ]; then
	OUT=${KLP_CI_OUT:-$CI_DIR/out}
else
	OUT=${KLP_CI_OUT:-$CI_DIR/out-$KVER}
fi

# arch_vars ARCH: set KARCH, CROSS, IMAGE (relative to the build tree),
# QEMU and QEMU_ARGS, CONSOLE
arch_vars() {
	case $1 in
	x86_64)
		KARCH=x86 CROSS= IMAGE=arch/x86/boot/bzImage
		QEMU=qemu-system-x86_64 QEMU_ARGS="-m 512" CONSOLE=ttyS0 ;;
	arm64)
		KARCH=arm64 CROSS=aarch64-linux-gnu- IMAGE=arch/arm64/boot/Image
		QEMU=qemu-system-aarch64 QEMU_ARGS="-M virt -cpu max -m 512"
		CONSOLE=ttyAMA0 ;;
	ppc64le)
		KARCH=powerpc CROSS=powerpc64le-linux-gnu- IMAGE=vmlinux
		QEMU=qemu-system-ppc64
		QEMU_ARGS="-M pseries -cpu power9 -m 1G" CONSOLE=hvc0 ;;
	s390x)
		KARCH=s390 CROSS=s390x-linux-gnu- IMAGE=arch/s390/boot/bzImage
		QEMU=qemu-system-s390x QEMU_ARGS="-M s390-ccw-virtio -m 512"
		CONSOLE= ;;
	*)
		echo "ci: unknown arch '$1' (known: $ALL_ARCHES)" >&2
		return 2 ;;
	esac
}

# the Debian architecture name, for the guest userland packages
deb_arch() {
	case $1 in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	ppc64le) echo ppc64el ;;
	s390x) echo s390x ;;
	esac
}

# arch_opts ARCH TREE: the `klpreloc --arch-opt` settings that describe the
# kernel built in TREE, from TREE/.config: "ARCH.NAME=VALUE why" lines.
# Fails when the .config leaves the run-time choice to the CPU.
arch_opts() {
	local c=$2/.config
	[ -f "$c" ] || { echo "ci: no $c" >&2; return 1; }
	case $1 in
	x86_64)
		# the module area moves with KASLR (no nokaslr on our command line)
		if grep -qx CONFIG_RANDOMIZE_BASE=y "$c"; then
			echo "x86_64.randomize_base=on CONFIG_RANDOMIZE_BASE=y"
		else
			echo "x86_64.randomize_base=off CONFIG_RANDOMIZE_BASE unset"
		fi ;;
	arm64)
		# erratum 843419 needs an affected core besides the option: the
		# guest's -cpu max is none
		echo "arm64.erratum-843419=off -cpu max is not a Cortex-A53"
		# 6.12 has livepatch on arm64 only with the project's series
		if grep -qx CONFIG_LIVEPATCH=y "$c"; then
			echo "arm64.livepatch-series=on CONFIG_LIVEPATCH=y (arch/arm64/linux-6.12)"
		fi ;;
	ppc64le)
		# module regions are whole pages
		if grep -qx CONFIG_PPC_4K_PAGES=y "$c"; then
			echo "ppc64le.page-size=4096 CONFIG_PPC_4K_PAGES=y"
		else
			echo "ppc64le.page-size=65536 CONFIG_PPC_4K_PAGES unset"
		fi ;;
	s390x)
		# expolines: compiled in, then on unless EXPOLINE_OFF (or,
		# with EXPOLINE_AUTO, a CPU with etokens: facility 156)
		if ! grep -qx CONFIG_EXPOLINE=y "$c"; then
			echo "s390x.expoline=off CONFIG_EXPOLINE unset"
		elif grep -qx CONFIG_EXPOLINE_OFF=y "$c"; then
			echo "s390x.expoline=off CONFIG_EXPOLINE_OFF=y"
		elif grep -qx CONFIG_EXPOLINE_FULL=y "$c"; then
			echo "s390x.expoline=on CONFIG_EXPOLINE_FULL=y"
		else
			echo "ci: $c: CONFIG_EXPOLINE=y without EXPOLINE_OFF or EXPOLINE_FULL: the CPU decides, say which in ci/lib.sh arch_opts" >&2
			return 1
		fi ;;
	esac
}

elapsed() {
	local s=$(($(date +%s) - KLP_CI_T0))
	printf '%2d:%02d' $((s / 60)) $((s % 60))
}

# progress ARCH STAGE TEXT: one line per stage, on stderr so that scripts
# whose stdout is a result (kernel.sh prints the tree) stay parseable
progress() {
	printf '[%s] %-8s %-8s %s\n' "$(elapsed)" "$1" "$2" "$3" >&2
}

# run LOG CMD...: append the command's output to LOG; show the command
# with V=1; on failure show the log's tail
run() {
	local log=$1 rc=0
	shift
	mkdir -p "$(dirname "$log")"
	echo "+ $*" >>"$log"
	[ "$V" = 1 ] && echo "+ $*" >&2
	"$@" >>"$log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "ci: command failed ($rc): $*" >&2
		echo "ci: last lines of $log:" >&2
		tail -n 25 "$log" | sed 's/^/    /' >&2
	fi
	return "$rc"
}

src_version() {
	dpkg-query -W -f='${Version}' "$KSRC"
}

# arch_series ARCH: the patch series the ARCH kernel carries (a directory
# with a `series` file), or nothing. arm64 6.12 gets the project's
# livepatch series unless KLP_ARM64_STOCK=1 asks for the stock kernel.
arch_series() {
	if [ "$1" = arm64 ] && [ "${KLP_ARM64_STOCK:-0}" != 1 ] &&
	   [ "$KVER" = 6.12 ]; then
		echo "$TOPDIR/arch/arm64/linux-6.12"
	fi
}

# arch_frags ARCH: the config fragments of the ARCH kernel, in order
arch_frags() {
	local s
	echo "$CI_DIR/config/common.config"
	echo "$CI_DIR/config/$1.config"
	s=$(arch_series "$1")
	[ -z "$s" ] || echo "$s/livepatch.config"
}

# series_patches SERIES: the patches of SERIES the build applies, in
# order: every one but those KLP_SERIES_OMIT names (file names or their
# leading number: "0003"). Leaving a patch out is the proof variant
# (Documentation/arch/arm64-livepatch.md): the matrix must go red.
series_patches() {
	local ser=$1 p o hit
	for o in ${KLP_SERIES_OMIT:-}; do
		hit=$(grep -c -- "^$o" "$ser/series" || true)
		[ "$hit" -eq 1 ] || {
			echo "ci: KLP_SERIES_OMIT: '$o' names $hit patches of $ser/series, not one" >&2
			return 1
		}
	done
	while read -r p; do
		for o in ${KLP_SERIES_OMIT:-}; do
			case $p in "$o"*) continue 2 ;; esac
		done
		echo "$p"
	done <"$ser/series"
}

# series_omitted SERIES: the patches of SERIES KLP_SERIES_OMIT leaves out
series_omitted() {
	local p
	p=$(series_patches "$1") || return 1
	grep -vxF -f <(echo "$p") "$1/series" || true
}

# series_key SERIES: what the patched tree depends on, for cache keys
series_key() {
	local p
	p=$(series_patches "$1") || return 1
	echo "$p"
	(cd "$1" && cat $p)
}

# build_once DIR CMD...: make DIR once, shared by concurrent callers: under
# the source lock, CMD... DIR.tmp fills a fresh DIR.tmp, which then becomes
# DIR, marked .done. A failing CMD leaves no DIR (the caller exits).
build_once() {
	local dir=$1
	shift
	[ -f "$dir/.done" ] && return 0
	mkdir -p "$CACHE/locks" "$(dirname "$dir")"
	exec 8>"$CACHE/locks/src.lock"
	flock 8
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		"$@" "$dir.tmp" || exit 1
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
		touch "$dir/.done"
	fi
	flock -u 8
	exec 8>&-
}

# copy_patched SRC SERIES "PATCHES" OUT: SRC copied into OUT, PATCHES of
# SERIES applied
copy_patched() {
	local p
	cp -a "$1" "$4/"
	for p in $3; do
		patch -d "$4/$KSRC" -p1 --forward --batch -s \
			<"$2/$p" || { echo "ci: $p does not apply" >&2; return 1; }
	done
}

# patched_src SRC SERIES: a copy of SRC with SERIES applied, once per
# series content (the pristine SRC serves every other build)
patched_src() {
	local src=$1 ser=$2 h dir pl
	pl=$(series_patches "$ser") || exit 1
	h=$(series_key "$ser" | sha256sum | cut -c1-12)
	dir=$CACHE/src/$(src_version)+$(basename "$(dirname "$ser")")-$h
	build_once "$dir" copy_patched "$src" "$ser" "$pl"
	echo "$dir/$KSRC"
}

# extract_src OUT: the $KSRC tarball, unpacked into OUT
extract_src() {
	local tarball
	tarball=$(dpkg -L "$KSRC" | grep -F "/$KSRC.tar.xz" | head -n1)
	tar -xJf "$tarball" -C "$1"
}

# the extracted kernel source, once per linux-source package version
kernel_src() {
	local dir
	dir=$CACHE/src/$(src_version)
	build_once "$dir" extract_src
	echo "$dir/$KSRC"
}

# ccache in masquerade mode: a directory of links named like the
# compilers, first in PATH, so CC stays the plain compiler name and the
# build trees work for callers without ccache
ccache_env() {
	local d=$CACHE/ccache-bin c
	mkdir -p "$d"
	for c in gcc aarch64-linux-gnu-gcc powerpc64le-linux-gnu-gcc \
		 s390x-linux-gnu-gcc; do
		[ -e "$d/$c" ] || ln -sf "$(command -v ccache)" "$d/$c"
	done
	export PATH=$d:$PATH
	export CCACHE_DIR=$CACHE/ccache
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
	# the trees live under different paths per key: hash relative to them
	export CCACHE_BASEDIR=$CACHE
	export CCACHE_NOHASHDIR=1
}

# declared expected skips/drops: "ARCH CHECK reason..." lines
declared() {	# declared ARCH CHECK: prints the reason, fails if none
	local line alt=-
	# "arm64-stock" lines hold for the stock arm64 kernel only
	[ "$1" != arm64 ] || [ "${KLP_ARM64_STOCK:-0}" != 1 ] || alt=arm64-stock
	line=$(grep -v '^#' "$CI_DIR/expected-skips.txt" 2>/dev/null |
		awk -v a="$1" -v b="$alt" -v c="$2" \
			'($1 == a || $1 == b) && $2 == c' | head -n1)
	[ -n "$line" ] || return 1
	echo "$line" | cut -d' ' -f3-
}

# config_check ARCH TREE: compare the fragments with TREE/.config; print
# "config:CONFIG_X<TAB>skip|fail<TAB>what" per option that did not survive
# (skip when declared in expected-skips.txt). Fails if any undeclared.
config_check() {
	local arch=$1 tree=$2 f line opt got reason bad=0
	for f in $(arch_frags "$arch"); do
		while IFS= read -r line; do
			opt=$(echo "$line" | grep -oE 'CONFIG_[A-Za-z0-9_]+')
			case $line in
			"# "*) got=$(grep -E "^$opt=" "$tree/.config" || true) ;;
			*) got=
			   grep -qxF "$line" "$tree/.config" ||
				got=$(grep -E "^(# )?$opt[= ]" "$tree/.config" ||
				      echo unset) ;;
			esac
			[ -n "$got" ] || continue
			if reason=$(declared "$arch" "config:$opt"); then
				printf 'config:%s\tskip\t%s -> %s (declared: %s)\n' \
					"$opt" "$line" "$got" "$reason"
			else
				printf 'config:%s\tfail\t%s -> %s (dropped by olddefconfig)\n' \
					"$opt" "$line" "$got"
				bad=1
			fi
		done < <(grep -E '^(CONFIG_|# CONFIG_)' "$f")
	done
	return "$bad"
}
