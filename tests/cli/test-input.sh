#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# How inputs reach memory (kernel/livepatch/input.c) must not change what
# is said: a regular file is mapped, anything else is read. The same map
# through a pipe gives the same verdict; a map that fills its last page
# exactly, with no newline, still ends its last name (the mapping has a
# zero page after the file); a module must be a regular file. A file that
# changes under a run is tests/core/test-input.c's.
. "$TOPDIR/tests/lib/tap.sh"
G=$KLP_TOOLS/genklp
T=$KLP_TMP
cd "$T" || exit 1

"$G" -a x86_64 -o m.ko -r .klp.sym.vmlinux.foo,0 -r .klp.sym.vmlinux.bar,0
ok $? "genklp"

# map BYTES LAST OUT: a System.map of exactly BYTES bytes, its last line
# "ADDR T LASTxxx..." without a newline, the x's making up the size
map() {
	local i n tail="ffffffff81000200 T $2"
	{
		echo "ffffffff81000000 T _stext"
		echo "ffffffff81000100 T foo"
		for i in $(seq 0 149); do
			printf 'ffffffff8100%04x t p%05d\n' $((i * 16 + 4096)) "$i"
		done
	} >"$3"
	n=$(($1 - $(stat -c %s "$3") - ${#tail}))
	printf '%s' "$tail" >>"$3"
	head -c "$n" /dev/zero | tr '\0' x >>"$3"
}

map 4096 bar page.map
sz=$(stat -c %s page.map)
[ "$sz" -eq 4096 ] && [ "$(tail -c 1 page.map)" != "" ] &&
	[ "$(tail -c 1 page.map | od -An -c | tr -d ' ')" != '\n' ]
ok $? "premise: page.map is 4096 bytes, no final newline ($sz)"
last=$(tail -n 1 page.map | awk '{ print $3 }')
# the last name is bar plus the padding: refer to it by that name
"$G" -a x86_64 -o p.ko -r .klp.sym.vmlinux.foo,0 \
	-r ".klp.sym.vmlinux.$last,0"
"$KLPRELOC" check --target page.map p.ko >page.out 2>&1
ok $? "a map filling its page exactly: its last symbol ($last) resolves"
"$KLPRELOC" check --target page.map m.ko >page2.out 2>&1
[ $? -eq 1 ] && grep -qF "symbol 'bar' not found" page2.out
ok $? "... and 'bar' is not a prefix match of it"

# the same map, through a pipe (read, not mapped)
"$KLPRELOC" check --json --target page.map p.ko >file.json 2>&1
r1=$?
"$KLPRELOC" check --json --target /dev/stdin p.ko <page.map >pipe.json 2>&1
r2=$?
# only the symbol file's name may differ
[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] &&
	sed 's#/dev/stdin#page.map#g' pipe.json | cmp -s - file.json
ok $? "a map through a pipe: the same report (exits $r1, $r2)"
cat page.map | "$KLPRELOC" check --target /dev/stdin p.ko >pipe.out 2>&1
ok $? "a map through a real pipe: accepted"

# a module through a pipe: refused, one line, exit 2
rc=0
cat m.ko | "$KLPRELOC" check --target page.map /dev/stdin >mod.out 2>&1 ||
	rc=$?
[ "$rc" -eq 2 ] && grep -qF "not a regular file" mod.out &&
	[ "$(wc -l <mod.out)" -eq 1 ]
ok $? "a module through a pipe: exit 2, one line (exit $rc)"

tap_done
