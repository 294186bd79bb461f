#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input is normal input: every damaged module gets exit 1 or 2 and
# one clear error line naming the file - never a crash (the suite runs
# under ASan and UBSan, which turn a bad access into a failure here).
. "$TOPDIR/tests/lib/tap.sh"
T=$KLP_TMP
M="python3 $TOPDIR/tests/core/mutate.py"
cd "$T" || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81100100 T bar\n' > sys.map

one_error_line() {	# FILE: exactly one "error:" line, naming the file
	[ "$(grep -c ': error: ' "$T/err")" -eq 1 ] &&
		grep -q "^bad.ko: " "$T/err"
}

for a in x86_64 s390x; do
	"$KLP_TOOLS/genklp" -a $a -o good.ko -r '.klp.sym.vmlinux.bar,0' ||
		exit 1
	for kind in empty trunc10 trunc63 trunc64 trunc200 random text elf32 \
		    machine exec shoff shnum shentsize shstrndx secoff secsize \
		    overlap symlink nosymtab shstrterm relsym symname; do
		$M good.ko bad.ko $kind 1 || exit 1
		rc=0
		"$KLPRELOC" check --target sys.map bad.ko >"$T/out" 2>"$T/err" ||
			rc=$?
		[ $rc -eq 2 ] && one_error_line
		ok $? "$a $kind: exit 2 with one error line (exit $rc)"
		[ $rc -eq 2 ] && one_error_line || sed 's/^/#   /' "$T/err" "$T/out" | head -5
	done
	# the first overlapping pair in section order is the one named
	$M good.ko bad.ko overlap 1 || exit 1
	expect_exit 2 "$a overlap: refused" "$KLPRELOC" check --target sys.map bad.ko
	expect_grep "$T/err" "elf-overlap: sections 1 (.text) and 2 (.modinfo) overlap in the file" \
		"$a overlap: names both sections"
	# an r_offset past its section: refused at that relocation
	$M good.ko bad.ko reloff || exit 1
	expect_exit 1 "$a reloff: refused" "$KLPRELOC" check --target sys.map bad.ko
	expect_grep "$T/out" "rela 0: error: rela-offset" "$a reloff: names the relocation"
	# an invalid symbol section index is the loader's own refusal
	$M good.ko bad.ko symshndx || exit 1
	expect_exit 1 "$a symshndx: refused" "$KLPRELOC" check --target sys.map bad.ko
	expect_grep "$T/out" "Symbol .klp.sym.vmlinux.bar,0 has an invalid section index 12288" \
		"$a symshndx: the loader's message"
	# random damage: never a crash, never a sanitizer report
	bad=0
	for seed in $(seq 1 40); do
		$M good.ko bad.ko fuzz $seed || exit 1
		rc=0
		for cmd in check inspect; do
			if [ $cmd = check ]; then
				"$KLPRELOC" check --target sys.map bad.ko >"$T/out" 2>&1 || rc=$?
			else
				"$KLPRELOC" inspect bad.ko >"$T/out" 2>&1 || rc=$?
			fi
			if [ $rc -gt 2 ] || grep -q Sanitizer "$T/out"; then
				bad=$((bad + 1))
				echo "# seed $seed $cmd: exit $rc"
				cp bad.ko "crash-$seed.ko"
			fi
		done
	done
	ok $bad "$a: 40 randomly damaged modules: check and inspect exit 0..2 without a crash"
done
tap_done
