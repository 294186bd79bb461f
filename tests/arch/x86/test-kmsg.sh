#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 backend's kernel messages against the 6.12 source itself:
# every pr_err/pr_warn format of arch/x86/kernel/module.c, with its pr_fmt
# prefix, must match the "kernel:" text klpreloc prints for that failure.
set -u
. "$TOPDIR/tests/lib/tap.sh"

T=$KLP_TMP
X=x86_64-linux-gnu-
RELOCATE=$KLP_TOOLS/relocate
TEST_CLEAR=$KLP_TOOLS/../arch/x86/test-clear
TARBALL=/usr/src/linux-source-6.12.tar.xz
SRC=linux-source-6.12/arch/x86/kernel/module.c
BASES=(--arch x86_64 --base text=0xffffffffa0000000
       --base data=0xffffffffa0200000)

if [ -f "$TARBALL" ]; then
	tar -xJOf "$TARBALL" --occurrence=1 "$SRC" >"$T/module.c" 2>/dev/null
fi
if [ ! -s "$T/module.c" ]; then
	skip "linux-source-6.12 not installed"
	tap_done
	exit
fi

# kbuild: KBUILD_MODNAME of a built-in object is its basename
grep -q '^#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt$' "$T/module.c"
ok $? "premise: module.c prefixes its messages with KBUILD_MODNAME"
PFX="module: "

# kfmt TEXT: the ERE of the pr_* format string containing TEXT
kfmt() {
	local f
	f=$(grep -F -- "$1" "$T/module.c" | grep 'pr_\(err\|warn\)' |
	    sed 's/^[^"]*"//; s/\\n".*$//')
	[ -n "$f" ] || { echo "NO-SUCH-FORMAT"; return; }
	printf '%s' "$PFX$f" | sed -e 's/[][\.^$*+?(){}|/]/\\&/g' \
		-e 's/%d/-?[0-9]+/g; s/%p/[0-9a-f]{16}/g' \
		-e 's/%L\{0,1\}l\{0,2\}x/[0-9a-f]+/g; s/%llu/[0-9]+/g' \
		-e 's/%s/[^ ]+/g' -e 's/^/^/; s/$/$/'
}

# kmsgs FILE: the "kernel:" parts of klpreloc's diagnostics in FILE
kmsgs() { sed -n 's/.*; kernel: //p; s/.*: kernel: //p' "$1"; }

# expect_kmsg FILE TEXT DESC: a kernel message in FILE matches the format
expect_kmsg() {
	local re
	re=$(kfmt "$2")
	kmsgs "$1" | grep -qE -- "$re"
	ok $? "$3"
	kmsgs "$1" | grep -qE -- "$re" ||
		{ echo "#   /$re/ vs:"; kmsgs "$1" | sed 's/^/#   /'; }
}

src() {	# src NAME LINE...: assemble a one-purpose object
	local n=$1
	shift
	{ printf '\t.data\n\t.quad\t0\n\t.text\n'; printf '%s\n' "$@"; } \
		>"$T/$n.S"
	${X}as --64 -mrelax-relocations=no -o "$T/$n.o" "$T/$n.S"
}

src nonzero '	.reloc	0, R_X86_64_PC32, ext - 4' \
	'	.byte	1, 2, 3, 4'
"$RELOCATE" "${BASES[@]}" --sym ext=0xffffffff81000000 "$T/nonzero.o" \
	2>"$T/nonzero.err"
expect_kmsg "$T/nonzero.err" "existing value is nonzero" \
	"nonzero target: 6.12's format"

src overflow '	movl	$ext, %eax'
"$RELOCATE" "${BASES[@]}" --sym ext=0xffffffff81000000 "$T/overflow.o" \
	2>"$T/overflow.err"
expect_kmsg "$T/overflow.err" "overflow in relocation type" \
	"32-bit overflow: 6.12's format"
# the second line pr_err logs is quoted in our explanation
re=$(kfmt "likely not compiled")
sed 's/.*the kernel also logs "//; s/".*//' "$T/overflow.err" |
	grep -qE -- "$re"
ok $? "32-bit overflow: 6.12's second line, with the module's name"

src unknown '	.2byte	ext'
"$RELOCATE" "${BASES[@]}" --sym ext=0x10 "$T/unknown.o" 2>"$T/unknown.err"
expect_kmsg "$T/unknown.err" "Unknown rela relocation" \
	"unknown type: 6.12's format"

# clear with a wrong expected value: test-clear provokes and prints it
if [ -x "$TEST_CLEAR" ]; then
	KLP_TMP=$T "$TEST_CLEAR" >"$T/clear.out" 2>&1
	grep 'x86-clear-mismatch' "$T/clear.out" >"$T/clear.err"
	expect_kmsg "$T/clear.err" "does not match expected value" \
		"clear mismatch: 6.12's format"
else
	ok 1 "test-clear built next to relocate ($TEST_CLEAR)"
fi

tap_done
