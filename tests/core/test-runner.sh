#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The runner itself: tests/run.sh must count a skip as passed only when
# tests/skips.txt declares it - a non-empty, non-comment line of the file
# occurring in the skip's reason, as the file's header says. An undeclared
# skip, a skip with an empty reason, a reason that is only part of a
# listed line, and a reason matched only by a blank or comment line all
# count as failures. Each case runs a copy of run.sh in a scratch tree
# with its own skips.txt and one fake test.
. "$TOPDIR/tests/lib/tap.sh"
T=$KLP_TMP

# runner CASE SKIPS-TEXT TAP-LINES: run a copy of run.sh on one fake test
# printing TAP-LINES (after one passing check); leaves output in $T/CASE.out
runner() {
	local c=$T/$1 rc=0
	rm -rf "$c"
	mkdir -p "$c/tests/lib" "$c/tests/fake"
	cp "$TOPDIR/tests/run.sh" "$c/tests/run.sh"
	cp "$TOPDIR/tests/lib/tap.sh" "$c/tests/lib/tap.sh"
	printf '%s' "$2" >"$c/tests/skips.txt"
	cat >"$c/tests/fake/test-fake.sh" <<EOF
. "\$TOPDIR/tests/lib/tap.sh"
ok 0 "a passing check"
$3
tap_done
EOF
	# no object dir: only the fake script runs
	bash "$c/tests/run.sh" no-such-objdir >"$T/$1.out" 2>&1 || rc=$?
	return $rc
}

# expect CASE WANT-EXIT SUMMARY DESC
expect() {
	local rc=$?
	[ "$rc" -eq "$2" ]
	ok $? "$4: run.sh exits $2 (exit $rc)"
	expect_grep "$T/$1.out" "$3" "$4: counted as '$3'"
}

header='# Declared skips: one reason per line, matched as a substring of the
# TAP "# SKIP reason". Anything not listed here fails the run.
'

runner declared "${header}needs qemu-foo-static
" 'skip "needs qemu-foo-static to run the relocated code"'
expect declared 0 "1 passed, 0 failed, 1 skipped" \
	"a listed line occurring in the reason declares the skip"

runner undeclared "${header}needs qemu-foo-static
" 'skip "needs a bar board"'
expect undeclared 1 "1 passed, 1 failed, 0 skipped" "an unlisted reason fails"

runner partial "${header}needs qemu-foo-static to run the relocated code
" 'skip "qemu-foo-static"'
expect partial 1 "1 passed, 1 failed, 0 skipped" \
	"a reason that is only part of a listed line fails"

runner empty "${header}needs qemu-foo-static
" 'skip ""'
expect empty 1 "1 passed, 1 failed, 0 skipped" \
	"an empty reason fails although skips.txt has lines"

runner bare "${header}needs qemu-foo-static
" 'echo "ok 2 # SKIP"'
expect bare 1 "1 passed, 1 failed, 0 skipped" \
	"a SKIP directive without a reason fails"

runner blank "${header}
   
needs qemu-foo-static
" 'skip "needs a bar board"'
expect blank 1 "1 passed, 1 failed, 0 skipped" \
	"a blank line of skips.txt declares nothing"

runner comment "${header}# needs a bar board
" 'skip "needs a bar board"'
expect comment 1 "1 passed, 1 failed, 0 skipped" \
	"a commented-out line declares nothing"

runner described "${header}needs qemu-foo-static
" 'echo "ok 2 - exec test # SKIP needs qemu-foo-static"
echo "ok 3 - exec test # skip needs a bar board"'
expect described 1 "1 passed, 1 failed, 1 skipped" \
	"skips after a description: one declared, one not"

runner noskips "" 'skip "needs qemu-foo-static"'
expect noskips 1 "1 passed, 1 failed, 0 skipped" \
	"an empty skips.txt declares nothing"

tap_done
