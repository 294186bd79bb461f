#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Exit statuses (Documentation/cli.md): 0 accept, 1 refuse, 2 usage or
# unreadable input, 3 the output could not be written - stdout (here
# /dev/full) or apply's DIR - with one message, and no partial DIR.
. "$(dirname "$0")/lib.sh"
K=$KLPRELOC
G=$KLP_TOOLS/genklp
cd "$T" || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81100100 T bar\n' > sys.map
$G -a x86_64 -o good.ko -r '.klp.sym.vmlinux.bar,0' || exit 1
$G -a x86_64 -o refused.ko -r '.klp.sym.vmlinux.nosuch,0' || exit 1

expect_exit 0 "check accepts" "$K" check --target sys.map good.ko
expect_exit 1 "check refuses" "$K" check --target sys.map refused.ko
expect_exit 2 "check: unreadable module" "$K" check --target sys.map nosuch.ko
expect_exit 2 "check: unreadable symbols" "$K" check --target nosuch.map good.ko

# full_out DESC CMD...: stdout is /dev/full
full_out() {
	local desc=$1
	shift
	rc=0
	"$@" >/dev/full 2>"$T/err" || rc=$?
	[ $rc -eq 3 ] && grep -q '^klpreloc: writing standard output: No space left on device$' "$T/err"
	ok $? "$desc to a full disk: exit 3 with one message (exit $rc)"
	[ $rc -eq 3 ] || show "$T/err"
}
full_out "inspect" "$K" inspect good.ko
full_out "inspect --json" "$K" inspect --json good.ko
full_out "check" "$K" check --target sys.map good.ko
full_out "check of a refused module" "$K" check --target sys.map refused.ko
full_out "check --json" "$K" check --json --target sys.map good.ko
full_out "apply" "$K" apply --target sys.map --out full good.ko
full_out "--help" "$K" --help
full_out "--version" "$K" --version
full_out "check --help" "$K" check --help

# apply's DIR cannot be made: exit 3, named, nothing left behind
expect_exit 3 "apply into a missing parent" \
	"$K" apply --target sys.map --out nosuch/dir good.ko
expect_grep "$T/err" "nosuch/dir: error: output: cannot create the output directory: No such file or directory" \
	"... one line naming DIR"
[ "$(wc -l < "$T/err")" -eq 1 ] && [ ! -s "$T/out" ]
ok $? "... and nothing else"
: > file
expect_exit 3 "apply under a file" "$K" apply --target sys.map --out file/dir good.ko
run "$K" apply --json --target sys.map --out file/dir good.ko
[ $rc -eq 3 ] && $VALIDATE "$T/out" >/dev/null &&
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); sys.exit(not (j["verdict"] == "error" and j["out"] is None and j["diagnostics"][-1]["rule"] == "output"))' "$T/out"
ok $? "apply --json: an output error is verdict error, out null, rule output"
[ "$(wc -l < "$T/err")" -eq 1 ]
ok $? "... and one line on stderr"
ls -a > listing
! grep -qE '\.(tmp|old)\.' listing
ok $? "no temporary directory left behind"

# DIR/ is DIR: replaced in place, not a directory inside it
expect_exit 0 "apply --out dir/" "$K" apply --target sys.map --out dir/ good.ko
expect_exit 0 "apply --out dir/ again" "$K" apply --target sys.map --out dir/ good.ko
[ -f dir/layout.txt ] && [ -z "$(ls -a dir | grep -E '\.(tmp|old)\.')" ] &&
	[ -z "$(ls -a | grep -E '\.(tmp|old)\.')" ]
ok $? "apply --out dir/ twice: dir replaced, no leftovers"
expect_grep "$T/out" "good.ko: wrote dir" "apply says what it wrote"
expect_exit 1 "apply refused" "$K" apply --target sys.map --out dir3 refused.ko
[ ! -e dir3 ]
ok $? "apply refused: nothing written"
expect_grep "$T/out" "refused.ko: refused: nothing written to dir3" "apply says so"

tap_done
