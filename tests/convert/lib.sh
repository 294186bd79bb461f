# SPDX-License-Identifier: GPL-2.0
# Shared by the convert tests: the fixtures' real modules, the cross
# compilers, the readelf oracle. Source it; run by tests/run.sh, or alone
# after 'make klpreloc test-bins' (bash tests/convert/test-X.sh).
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
K=$KLPRELOC
MKKLP=$KLP_TOOLS/mkklp
CD=$TOPDIR/tests/convert
ARCHES="x86_64 arm64 ppc64le s390x"

# cross ARCH: $X (the toolchain prefix) and $CF (the kernel's code model
# and the flags modules are built with that change relocations)
cross() {
	case $1 in
	x86_64)  X= CF="-mcmodel=kernel -mno-red-zone -fno-PIE -pg -mfentry" ;;
	arm64)   X=aarch64-linux-gnu- CF="-fno-PIE" ;;
	ppc64le) X=powerpc64le-linux-gnu- CF="-mcmodel=large -fno-PIE -mno-pcrel -pg -mprofile-kernel" ;;
	s390x)   X=s390x-linux-gnu- CF="-fPIC" ;;
	esac
}

# kv ARCH: the kernel check and apply model (arm64 has livepatch since 6.17)
kv() {
	[ "$1" = arm64 ] && echo "--kernel 6.17"
}

# unpack ARCH DIR: the arch's fixtures (real Kbuild modules, System.map)
unpack() {
	mkdir -p "$2" &&
		tar -xJf "$TOPDIR/tests/fixtures/$1/fixtures.tar.xz" -C "$2"
}

# cc_obj ARCH OUT SRC... [-- CFLAGS]: compile and assemble, then ld -r
cc_obj() {
	local arch=$1 out=$2 objs=() s
	shift 2
	cross "$arch"
	for s in "$@"; do
		${X}gcc -O2 -fno-common -ffreestanding -fno-asynchronous-unwind-tables \
			$CF -I"$TOPDIR/include" -c -o "$out.${#objs[@]}.o" "$s" ||
			return 1
		objs+=("$out.${#objs[@]}.o")
	done
	${X}ld -r -o "$out" "${objs[@]}"
}

# klpmap JSON MAP: "NAME KLPNAME" for each conversion of a convert --json
klpmap() {
	python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["conversions"]:
    print(c["name"], c["klp_name"])' "$1" >"$2"
}

# js JSON EXPR: a python expression over the report as j
js() {
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$1" "$2"
}

relocs() {	# relocs FILE [MAP]: tests/convert/relocs.py
	python3 "$CD/relocs.py" "$@"
}

# symtab FILE: index, value, size, type, bind, visibility of each symbol
symtab() {
	readelf -sW "$1" | awk '$1 ~ /^[0-9]+:$/ { print $1, $2, $3, $4, $5, $6 }'
}

# same_apply ARCH A.ko B.ko [OPTIONS]: apply writes the same bytes for both,
# at the same addresses; not compared: the loader's copies of .symtab and
# .strtab (the tools order their names differently) and the init data
# region that holds them (its sections are compared one by one)
same_apply() {
	local arch=$1 a=$2 b=$3
	shift 3
	rm -rf "$T/apply-a" "$T/apply-b"
	"$K" apply -q $(kv "$arch") "$@" --out "$T/apply-a" "$a" >/dev/null &&
		"$K" apply -q $(kv "$arch") "$@" --out "$T/apply-b" "$b" \
			>/dev/null &&
		diff -r -x .symtab.bin -x .strtab.bin -x init_data.bin \
			"$T/apply-a" "$T/apply-b" >/dev/null
}
