#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test: the test-* binaries built under $1 and every
# tests/**/test-*.sh script. Each prints TAP; we count it. A skip counts as
# a failure unless its reason is listed in tests/skips.txt.
set -u
O=${1:-build/san}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
export TOPDIR=$TOP
export KLPRELOC=$TOP/$O/klpreloc
export KLP_TOOLS=$TOP/$O/tests/tools
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0 failed=0 skipped=0 start=$(date +%s)
tmproot=$(mktemp -d)
trap 'rm -rf "$tmproot"' EXIT

declared_skip() {
	grep -v '^#' tests/skips.txt 2>/dev/null | grep -qF -- "$1"
}

run_one() {	# run_one NAME CMD...
	local name=$1 log rc=0
	shift
	export KLP_TMP=$tmproot/$(echo "$name" | tr / _)
	mkdir -p "$KLP_TMP"
	log=$KLP_TMP.log
	"$@" >"$log" 2>&1 || rc=$?
	local p f s
	p=$(grep -cE '^ok [0-9]+' "$log" | tr -d ' ')
	f=$(grep -cE '^not ok [0-9]+' "$log" | tr -d ' ')
	s=0
	while IFS= read -r line; do
		reason=${line#*# SKIP }
		if declared_skip "$reason"; then
			s=$((s + 1))
		else
			f=$((f + 1))
			echo "  undeclared skip in $name: $reason"
		fi
		p=$((p - 1))
	done < <(grep -E '^ok [0-9]+ # SKIP' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed or failed outside a check
		echo "  $name exited $rc without a failing check"
	fi
	if [ $((p + f + s)) -eq 0 ]; then
		f=1
		echo "  $name ran no check"
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	printf '%-48s %4d passed %3d failed %3d skipped  [%ds]\n' \
		"$name" "$p" "$f" "$s" $(($(date +%s) - start))
	if [ "$f" -ne 0 ]; then
		grep -E -A8 '^not ok|SKIP|ERROR|runtime error|Sanitizer' "$log" |
			head -60 | sed 's/^/    /'
	fi
}

while IFS= read -r t; do
	run_one "${t#"$O"/}" "$t"
done < <(find "$O/tests" -type f -name 'test-*' -perm -u+x 2>/dev/null | sort)

while IFS= read -r t; do
	run_one "$t" bash "$t"
done < <(find tests -type f -name 'test-*.sh' | sort)

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
