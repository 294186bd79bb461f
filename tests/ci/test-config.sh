#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ci/lib.sh config_check: every line of the config fragments must survive
# olddefconfig; a drop fails unless declared in ci/expected-skips.txt. Run
# on hand-made .config files, so no kernel build is needed.
. "$TOPDIR/tests/lib/tap.sh"
# the recorded arm64 runs are of the stock 6.12 kernel (no livepatch):
# its declared skips are the "arm64-stock" lines of ci/expected-skips.txt
export KLP_ARM64_STOCK=1
set -o pipefail
. "$TOPDIR/ci/lib.sh"
t=$KLP_TMP/tree
mkdir -p "$t"

# the fragments themselves, verbatim, are a .config where nothing dropped
full() { cat "$CI_DIR/config/common.config" "$CI_DIR/config/$1.config" |
	grep -E '^(CONFIG_|# CONFIG_)'; }

full x86_64 >"$t/.config"
grep -q '^# CONFIG_UNWINDER_GUESS is not set' "$t/.config"
ok $? "premise: the x86_64 fragment turns UNWINDER_GUESS off"
out=$(config_check x86_64 "$t")
ok $? "x86_64: a .config with every fragment line passes"
[ -z "$out" ]
ok $? "x86_64: and reports nothing"

# the notes' trap: olddefconfig kept GUESS and dropped ORC
full x86_64 | sed -e 's/^# CONFIG_UNWINDER_GUESS is not set/CONFIG_UNWINDER_GUESS=y/' \
	-e 's/^CONFIG_UNWINDER_ORC=y/# CONFIG_UNWINDER_ORC is not set/' >"$t/.config"
out=$(config_check x86_64 "$t")
[ $? -ne 0 ]
ok $? "x86_64: GUESS kept, ORC dropped -> fails"
echo "$out" | grep -qP '^config:CONFIG_UNWINDER_ORC\tfail\t' &&
	echo "$out" | grep -qP '^config:CONFIG_UNWINDER_GUESS\tfail\t'
ok $? "x86_64: both unwinder lines are named"

full x86_64 | grep -v '^CONFIG_LIVEPATCH=' >"$t/.config"
out=$(config_check x86_64 "$t")
[ $? -ne 0 ] && echo "$out" | grep -qP '^config:CONFIG_LIVEPATCH\tfail\t.*-> unset'
ok $? "x86_64: LIVEPATCH missing -> fails, named as unset"

full x86_64 | sed 's/^CONFIG_SAMPLE_LIVEPATCH=m/CONFIG_SAMPLE_LIVEPATCH=y/' >"$t/.config"
out=$(config_check x86_64 "$t")
[ $? -ne 0 ] && echo "$out" | grep -q 'CONFIG_SAMPLE_LIVEPATCH=m -> CONFIG_SAMPLE_LIVEPATCH=y'
ok $? "x86_64: =m that became =y is a drop too"

# arm64 6.12: LIVEPATCH and the samples are declared drops, nothing else
full arm64 | grep -v -e '^CONFIG_LIVEPATCH=' -e '^CONFIG_SAMPLE_LIVEPATCH=' >"$t/.config"
out=$(config_check arm64 "$t")
ok $? "arm64: the declared LIVEPATCH drops pass"
echo "$out" | grep -qP '^config:CONFIG_LIVEPATCH\tskip\t.*declared: no HAVE_LIVEPATCH'
ok $? "arm64: reported as a declared skip with its reason"
full arm64 | grep -v -e '^CONFIG_LIVEPATCH=' -e '^CONFIG_DYNAMIC_DEBUG=' >"$t/.config"
out=$(config_check arm64 "$t")
[ $? -ne 0 ] && echo "$out" | grep -qP '^config:CONFIG_DYNAMIC_DEBUG\tfail'
ok $? "arm64: an undeclared drop still fails"

tap_done
