#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test: the test-* binaries built under $1 and every
# tests/**/test-*.sh script. Each prints TAP; we count it. A skip counts as
# a failure unless it is declared in tests/skips.txt: a non-empty,
# non-comment line of that file must occur (as a fixed string) in the
# skip's reason; a skip without a reason is never declared.
#
#   tests/run.sh [O [GLOB...]]
#
# GLOBs (shell patterns) select tests by the name printed in the report,
# e.g. 'tests/core/*' or '*/test-ksyms'; none selects every test.
# KLP_FAIL_FAST=1 stops after the first test with a failure (for
# tests/mutants.py: a mutation is caught as soon as one test fails).
set -u
O=${1:-build/san}
[ $# -gt 0 ] && shift
selected=("$@")
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

# declared_skip REASON: a listed line is a substring of REASON
declared_skip() {
	local reason=$1 line
	[ -n "$reason" ] || return 1
	[ -f tests/skips.txt ] || return 1
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'#'*) continue ;;
		esac
		# blank lines would match every reason
		[ -n "${line//[[:space:]]/}" ] || continue
		case $reason in
		*"$line"*) return 0 ;;
		esac
	done <tests/skips.txt
	return 1
}

# skip_reason LINE: the reason of a TAP "ok N [- desc] # SKIP reason" line
skip_reason() {
	local re='^ok [0-9]+[^#]*#[[:space:]]*[Ss][Kk][Ii][Pp][^[:space:]]*(.*)$'
	local r=
	[[ $1 =~ $re ]] && r=${BASH_REMATCH[1]}
	r=${r#"${r%%[![:space:]]*}"}
	r=${r%"${r##*[![:space:]]}"}
	printf '%s' "$r"
}

is_selected() {	# is_selected NAME: no GLOB given, or NAME matches one
	local g
	[ ${#selected[@]} -eq 0 ] && return 0
	for g in "${selected[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $g ]] && return 0
	done
	return 1
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
		reason=$(skip_reason "$line")
		if declared_skip "$reason"; then
			s=$((s + 1))
		else
			f=$((f + 1))
			echo "  undeclared skip in $name: '$reason'"
		fi
		p=$((p - 1))
	done < <(grep -E '^ok [0-9]+[^#]*#[[:space:]]*[Ss][Kk][Ii][Pp]' "$log")
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

stop() {	# stop: KLP_FAIL_FAST and something failed
	[ "${KLP_FAIL_FAST:-0}" = 1 ] && [ "$failed" -ne 0 ]
}

while IFS= read -r t; do
	is_selected "${t#"$O"/}" || continue
	run_one "${t#"$O"/}" "$t"
	stop && break
done < <(find "$O/tests" -type f -name 'test-*' -perm -u+x 2>/dev/null | sort)

while IFS= read -r t; do
	stop && break
	is_selected "$t" || continue
	run_one "$t" bash "$t"
done < <(find tests -type f -name 'test-*.sh' | sort)

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$skipped" -eq 0 ]; then
	failed=1
	echo "  no test ran${selected[*]:+ (selected: ${selected[*]})}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
