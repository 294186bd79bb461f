#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fuzzers' findings stay found: every input in fuzz/regress/HARNESS/
# (a crash, leak, hang or sanitizer report make fuzz once found) and every
# seed in fuzz/corpus/HARNESS/ is replayed through that harness, built for
# make check with clang but without libFuzzer (fuzz/replay.c), under ASan and
# UBSan. Each must be handled cleanly: exit 0, no sanitizer report, within
# the time a fuzzer allows one input. Documentation/fuzzing.md.
. "$TOPDIR/tests/lib/tap.sh"

# built by make check with clang (Makefile: O/clang)
bin=$(dirname "$KLPRELOC")/clang/fuzz/bin
export KLP_FUZZ_DATA=$KLP_TMP/data
for a in x86_64 arm64 ppc64le s390x; do
	mkdir -p "$KLP_FUZZ_DATA/$a"
	tar -xJf "$TOPDIR/tests/fixtures/$a/fixtures.tar.xz" \
		-C "$KLP_FUZZ_DATA/$a" 2>/dev/null
	ok $? "$a: fixtures unpack"
done

# replay HARNESS FILE-OR-DIR DESC
replay() {
	local h=$1 in=$2 desc=$3 rc=0
	timeout 60 "$bin/$h" "$in" >"$KLP_TMP/out" 2>&1 || rc=$?
	! grep -qE 'runtime error|Sanitizer|LeakSanitizer' "$KLP_TMP/out"
	ok $(( rc != 0 || $? != 0 )) "$h: $desc (exit $rc)"
	if [ "$rc" -ne 0 ] || grep -qE 'runtime error|Sanitizer' "$KLP_TMP/out"; then
		grep -E -m5 -A6 'runtime error|ERROR' "$KLP_TMP/out" |
			sed 's/^/#   /'
	fi
}

for src in "$TOPDIR"/fuzz/*.c; do
	h=$(basename "$src" .c)
	case $h in common | replay) continue ;; esac
	[ -x "$bin/$h" ]
	ok $? "$h: harness built for make check"
	[ -x "$bin/$h" ] || continue
	[ -d "$TOPDIR/fuzz/corpus/$h" ] &&
		replay "$h" "$TOPDIR/fuzz/corpus/$h" "seed corpus"
	for f in "$TOPDIR/fuzz/regress/$h"/*; do
		[ -f "$f" ] || continue
		replay "$h" "$f" "regress/$(basename "$f")"
	done
done
tap_done
