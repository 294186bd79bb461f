#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the seed corpora in fuzz/corpus/ from tests/fixtures (the
# modules samples/livepatch builds into, and each arch's System.map and
# kallsyms dump). Small on purpose: excerpts of the symbol sources, two
# modules per arch. Run from anywhere; rewrites fuzz/corpus/.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
C=$TOP/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$C"
mkdir -p "$C"/{names,sysmap,kallsyms,convert,ksyms-elf}
for a in x86_64 arm64 ppc64le s390x; do
	mkdir -p "$tmp/$a" "$C/check-$a"
	tar -xJf "$TOP/tests/fixtures/$a/fixtures.tar.xz" -C "$tmp/$a"
	# ELF symbol sources: the target .ko, and a vmlinux linked from it
	# (binutils of the test group; 4 KiB pages keep it small)
	cp "$tmp/$a/klpreloc_target.ko" "$C/ksyms-elf/$a-target.ko"
	case $a in
	arm64) X=aarch64-linux-gnu- ;;
	ppc64le) X=powerpc64le-linux-gnu- ;;
	*) X=$a-linux-gnu- ;;
	esac
	"${X}ld" -o "$C/ksyms-elf/$a-vmlinux" -e 0 --no-dynamic-linker \
		--unresolved-symbols=ignore-all --no-check-sections \
		-z max-page-size=4096 -z common-page-size=4096 \
		"$tmp/$a/klpreloc_target.ko"
	"${X}strip" --strip-debug "$C/ksyms-elf/$a-vmlinux"
	chmod 644 "$C/ksyms-elf/$a-vmlinux"
	# the patch that loads and the one that uses every relocation type,
	# and one whose klp_patch adds a sysfs name twice
	cp "$tmp/$a/klpreloc_lp.ko" "$tmp/$a/klpreloc_cover.ko" \
		"$tmp/$a/klpreloc_lp_dupfunc.ko" "$C/check-$a/"
	# convert's input: the same two before conversion
	cp "$tmp/$a/pre/klpreloc_lp.ko" "$C/convert/$a-lp.ko"
	cp "$tmp/$a/pre/klpreloc_cover.ko" "$C/convert/$a-cover.ko"
	map=$tmp/$a/System.map
	# the head (absolute symbols, _text), exports, and a name twice
	dup=$(awk '$2 ~ /^[tT]$/ { n[$3]++ } END { for (k in n) if (n[k] > 1) { print k; exit } }' "$map")
	{
		head -n 24 "$map"
		grep -m 4 ' __ksymtab_' "$map"
		awk -v d="$dup" '$3 == d' "$map"
		grep -m 2 ' saved_command_line$' "$map"
	} >"$C/sysmap/$a.map"
	xz -dc "$TOP/tests/fixtures/$a/kallsyms.xz" >"$tmp/$a.kallsyms"
	{
		awk '!/\[/ && n++ < 24' "$tmp/$a.kallsyms"
		grep -m 3 ' __ksymtab_' "$tmp/$a.kallsyms"
	} >"$C/kallsyms/$a-vmlinux.txt"
	{
		cat "$C/kallsyms/$a-vmlinux.txt"
		awk '/\[/ && n++ < 12' "$tmp/$a.kallsyms"
	} >"$C/kallsyms/$a-modules.txt"
	# kptr_restrict: the same dump with every address 0
	sed 's/^[0-9a-f]*/0000000000000000/' "$C/kallsyms/$a-modules.txt" \
		>"$C/kallsyms/$a-hidden.txt"
done
# a System.map is a kallsyms source too, and the other way round
cp "$C/kallsyms/x86_64-modules.txt" "$C/sysmap/x86_64-modules.txt"
cp "$C/sysmap/s390x.map" "$C/kallsyms/s390x.map"
# names: the first byte picks the kernel (odd: before 6.1)
n=0
for s in '.klp.sym.vmlinux.saved_command_line,0' \
	'.klp.sym.klpreloc_target.klpreloc_target_count,1' \
	'.klp.sym.vmlinux.foo.isra.0,2' '.klp.sym.vmlinux.x, 3trailing' \
	'.klp.rela.vmlinux..text' '.klp.rela.klpreloc_target..text.unlikely' \
	'klp_list_del_init=vmlinux:list_del_init,2' 'ext4:ext4_state'; do
	printf '\000%s' "$s" >"$C/names/$n"
	printf '\001%s' "$s" >"$C/names/$((n + 1))"
	n=$((n + 2))
done
