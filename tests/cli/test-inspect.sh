#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# inspect: the klp symbols it lists, and the format rules it reports
# without any symbols - those the kernel's klp_apply_section_relocs()
# applies to names before it resolves anything, and klp_enable_patch()'s
# modinfo (each must give the line check gives for the same module).
. "$(dirname "$0")/lib.sh"
K=$KLPRELOC
G=$KLP_TOOLS/genklp
cd "$T" || exit 1
printf 'ffffffff81000000 T _stext\nffffffff81100100 T bar\nffffffff81100200 T foo\n' >sys.map

# inspect_like NAME WANT-EXIT RULE: inspect's exit and the error line of
# RULE, the same line check prints
inspect_like() {
	local name=$1 want=$2 rule=$3 rc=0 line
	"$K" inspect "$name.ko" >"$name.out" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ]
	ok $? "$name: inspect exits $want (exit $rc)"
	line=$(grep -F ": error: $rule: " "$name.out")
	[ -n "$line" ] && "$K" check --target sys.map "$name.ko" 2>&1 |
		grep -qxF -- "$line"
	ok $? "$name: inspect reports $rule as check does"
	[ -n "$line" ] || sed 's/^/#   /' "$name.out"
}

$G -a x86_64 -o good.ko -r '.klp.sym.vmlinux.bar,0' || exit 1
$G -a x86_64 -o none.ko || exit 1
$G -a x86_64 -o symname.ko -r '.klp.sym.vmlinux.bar,0' \
	-r '.klp.sym.vmlinux.foo' || exit 1
$G -a x86_64 -o relaname.ko -s '.klp.rela..text' \
	-r '.klp.sym.vmlinux.bar,0' || exit 1
$G -a x86_64 -o vmsym.ko -s '.klp.rela.tgt.text' \
	-r '.klp.sym.vmlinux.bar,0' || exit 1
$G -a x86_64 -o notlp.ko -r '.klp.sym.vmlinux.bar,0:shndx=1' || exit 1
$G -a x86_64 -o unmarked.ko --no-livepatch -r '.klp.sym.vmlinux.bar,0' ||
	exit 1
$G -a x86_64 -o twobad.ko -r '.klp.sym.vmlinux.foo' \
	-s '.klp.rela..data' -r '.klp.sym.vmlinux.bar,0' || exit 1

run "$K" inspect good.ko
[ $rc -eq 0 ] && grep -qxF 'klp symbols: 1' "$T/out" &&
	grep -qxF '  [2] object vmlinux symbol bar sympos 0' "$T/out"
ok $? "good: exit 0, one klp symbol, decoded"
run "$K" inspect none.ko
[ $rc -eq 0 ] && grep -qxF 'klp symbols: 0' "$T/out"
ok $? "no klp symbol: says 0"

inspect_like symname 1 sym-name
grep -qF '.klp.sym.vmlinux.foo: malformed name' symname.out
ok $? "symname: the list shows the name as malformed"
inspect_like relaname 1 rela-name
inspect_like unmarked 1 modinfo-livepatch
inspect_like vmsym 1 vmlinux-sym-in-module-sec
inspect_like notlp 1 sym-not-livepatch
run "$K" inspect twobad.ko
[ $rc -eq 1 ] && grep -q 'problems: 2 errors' "$T/out" &&
	grep -qF 'error: sym-name: ' "$T/out" &&
	grep -qF 'error: rela-name: ' "$T/out"
ok $? "two broken sections: both reported (exit $rc)"

# two sections named .modinfo: elf_validity_cache_index_info() refuses
# the module before anything else reads it (find_any_unique_sec())
printf '%s\n' '.section .modinfo,"a",@progbits' '.asciz "livepatch=Y"' \
	'.section .modinfo,"a",@progbits,unique,1' '.asciz "name=two"' \
	'.text' 'f: ret' >twomodinfo.s
as -o twomodinfo.ko twomodinfo.s &&
	[ "$(readelf -SW twomodinfo.ko | grep -c '\] \.modinfo ')" -eq 2 ]
ok $? "premise: the assembler makes two .modinfo sections (readelf)"
for c in inspect check; do
	args=()
	[ $c = check ] && args=(--target sys.map)
	run "$K" $c "${args[@]}" twomodinfo.ko
	[ $rc -eq 2 ] && grep -qxF 'twomodinfo.ko: error: elf-modinfo: 2 sections are named .modinfo; kernel: Only one .modinfo section must exist.' "$T/out" "$T/err"
	ok $? "$c: two .modinfo sections: the kernel's refusal, exit 2 (exit $rc)"
	[ $rc -eq 2 ] || show "$T/out" "$T/err"
done

# struct module's section (elf_validity_cache_index_mod()): one, with
# contents, allocated; the message names the module by its modinfo name
tm_case() {	# tm_case NAME MODINFO SECTION-LINES... -- KERNEL-TEXT
	local n=$1 mi=$2 text
	shift 2
	{
		[ -n "$mi" ] && printf '%s\n' '.section .modinfo,"a",@progbits' ".asciz \"$mi\""
		while [ "$1" != -- ]; do printf '%s\n' "$1"; shift; done
		printf '%s\n' .text 'f: ret'
	} >"$n.s"
	shift
	text=$1
	as -o "$n.ko" "$n.s"
	run "$K" inspect "$n.ko"
	[ $rc -eq 2 ] && grep -qxF "$n.ko: error: elf-this-module: struct module's section is not one allocated section with contents; kernel: $text" "$T/err" "$T/out"
	ok $? "$n: '$text', exit 2 (exit $rc)"
	[ $rc -eq 2 ] || show "$T/out" "$T/err"
}
tm_case tm-two name=tm '.section .gnu.linkonce.this_module,"aw",@progbits' \
	'.quad 0' '.section .gnu.linkonce.this_module,"aw",@progbits,unique,1' \
	'.quad 0' -- 'module tm: Exactly one .gnu.linkonce.this_module section must exist.'
tm_case tm-nobits name=tm '.section .gnu.linkonce.this_module,"aw",@nobits' \
	'.zero 8' -- 'module tm: .gnu.linkonce.this_module section must have a size set'
tm_case tm-noalloc name=tm '.section .gnu.linkonce.this_module,"w",@progbits' \
	'.quad 0' -- 'module tm: .gnu.linkonce.this_module must occupy memory during process execution'
tm_case tm-noname livepatch=Y '.section .gnu.linkonce.this_module,"w",@progbits' \
	'.quad 0' -- 'module (missing .modinfo section or name field): .gnu.linkonce.this_module must occupy memory during process execution'
printf '%s\n' '.section .modinfo,"a",@progbits' '.asciz "name=tm"' \
	'.section .gnu.linkonce.this_module,"aw",@progbits' '.quad 0' \
	.text 'f: ret' >tm-good.s
as -o tm-good.ko tm-good.s
run "$K" inspect tm-good.ko
! grep -q elf-this-module "$T/out" "$T/err"
ok $? "one allocated .gnu.linkonce.this_module with contents: no error"

run "$K" inspect --json symname.ko
python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if j["verdict"] == "refuse" and
	 [d["rule"] for d in j["diagnostics"]] == ["sym-name"] else 1)' "$T/out"
ok $? "symname --json: the error is a diagnostic"

tap_done
