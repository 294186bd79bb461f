# SPDX-License-Identifier: GPL-2.0
# TAP helpers for shell tests. Source it; call tap_done at the end.
tap_n=0
tap_failed=0

ok() {	# ok COND-EXIT-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# expect_exit WANT DESC CMD...: run CMD, check its exit status
expect_exit() {
	local want=$1 desc=$2 rc=0
	shift 2
	"$@" >"$KLP_TMP/out" 2>"$KLP_TMP/err" || rc=$?
	[ "$rc" -eq "$want" ]
	ok $? "$desc (exit $rc, want $want)"
	[ "$rc" -eq "$want" ] || sed 's/^/#   /' "$KLP_TMP/err" | head -20
}

# expect_grep FILE PATTERN DESC: fixed-string match
expect_grep() {
	grep -qF -- "$2" "$1"
	ok $? "$3"
	grep -qF -- "$2" "$1" || { echo "#   no '$2' in:"; sed 's/^/#   /' "$1" | head -20; }
}

# same_jobs DESC ARGS...: klpreloc ARGS says the same (output, exit) with
# a second thread wherever one can be used (KLPRELOC_TEST_THREADS) as with
# none (--jobs 1)
same_jobs() {
	local desc=$1 r1=0 r2=0
	shift
	"$KLPRELOC" "$1" --jobs 1 "${@:2}" >"$KLP_TMP/j1.out" 2>&1 || r1=$?
	KLPRELOC_TEST_THREADS=1 "$KLPRELOC" "$@" >"$KLP_TMP/j2.out" 2>&1 ||
		r2=$?
	[ "$r1" -eq "$r2" ] && cmp -s "$KLP_TMP/j1.out" "$KLP_TMP/j2.out"
	ok $? "$desc: the same with --jobs 1 and 2 (exit $r1, $r2)"
	[ "$r1" -eq "$r2" ] && cmp -s "$KLP_TMP/j1.out" "$KLP_TMP/j2.out" ||
		diff "$KLP_TMP/j1.out" "$KLP_TMP/j2.out" | head -10 |
		sed 's/^/#   /'
}

skip() {	# skip REASON: declared in tests/skips.txt or it counts as failed
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
