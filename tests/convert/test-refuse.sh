#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# convert's choices and refusals, each with what it prints: ambiguity in
# vmlinux (candidates with positions, addresses, source files from a
# vmlinux's STT_FILE) and in a module (both load orders, __init), a name
# in two objects, defined nowhere, __init symbols, module keys in
# __jump_table and .static_call_sites, module relocations in __init
# sections, a vmlinux symbol in a module's klp section, --sym (alias,
# position, errors), the annotation header, klp names in the source,
# exports (SYMBOLS, a target .ko, Module.symvers), weak symbols, and what
# only the check of the result refuses (x86 GOTPCREL, a ppc64 call without
# a nop, an arm64 branch out of range). Nothing is written when refused.
. "$(dirname "$0")/lib.sh"

for a in $ARCHES; do
	unpack "$a" "$T/$a" || exit 1
done
u=$T/x86_64
MAP=$u/System.map
TKO=$u/klpreloc_target.ko
tgt=(--target "$MAP" --target-module klpreloc_target="$TKO")
cd "$T" || exit 1

# patch NAME ARCH C-LINES...: NAME.ko, a livepatch module of those lines
patch() {
	local n=$1 arch=$2
	shift 2
	{
		printf '%s\n' "$@"
		printf 'static const char __modinfo_%s[] __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y\\0name=%s";\n' "$n" "$n"
		[ "$arch" = ppc64le ] &&
			echo 'asm(".section .stubs,\"ax\",@nobits; .balign 8; .previous");'
	} >"$T/$n.c"
	cc_obj "$arch" "$T/$n.ko" "$T/$n.c"
}

# refused DESC RULE TEXT CMD...: exit 1, an error RULE with TEXT, no output
refused() {
	local desc=$1 rule=$2 text=$3
	shift 3
	rm -f out.ko
	run "$@"
	[ $rc -eq 1 ] && grep -q "error: $rule: " "$T/out" &&
		grep -qF -- "$text" "$T/out" && [ ! -e out.ko ] &&
		grep -q ': refused: nothing written to out.ko$' "$T/out"
	ok $? "$desc: refused ($rule) (exit $rc)"
	[ $rc -eq 1 ] && grep -qF -- "$text" "$T/out" || show "$T/out" "$T/err"
}

# converted DESC CMD...: exit 0 and out.ko written
converted() {
	local desc=$1
	shift
	rm -f out.ko
	run "$@"
	[ $rc -eq 0 ] && [ -s out.ko ]
	ok $? "$desc: written (exit $rc)"
	[ $rc -eq 0 ] || show "$T/out" "$T/err"
}

#
# vmlinux: ambiguity, positions, __init, not found, KALLSYMS_ALL
#
patch dup x86_64 'void dup_del(void *e) __asm__("list_del_init");' \
	'void f(void *e) { dup_del(e); }'
n=$(awk '$3 == "list_del_init"' "$MAP" | wc -l)
refused "vmlinux: a name System.map lists $n times" convert-ambiguous \
	"list_del_init: vmlinux has $n symbols named list_del_init: choose with --sym NAME=OBJECT:SYMBOL,POS or KLPRELOC_SYMPOS(NAME, OBJECT, SYMBOL, POS)" \
	"$K" convert "${tgt[@]}" -o out.ko dup.ko
[ "$(grep -c 'note: convert-candidate: list_del_init: candidate vmlinux:list_del_init,' "$T/out")" -eq "$n" ]
ok $? "... one candidate line each"
first=$(awk '$3 == "list_del_init" { print $1; exit }' "$MAP")
expect_grep "$T/out" "candidate vmlinux:list_del_init,1 (t 0x${first#"${first%%[!0]*}"})" \
	"... position 1 at its System.map address"
converted "--sym vmlinux:list_del_init,2" \
	"$K" convert "${tgt[@]}" --sym vmlinux:list_del_init,2 -o out.ko dup.ko
readelf -sW out.ko | grep -q ' \.klp\.sym\.vmlinux\.list_del_init,2$'
ok $? "... as .klp.sym.vmlinux.list_del_init,2"
refused "position past the last" convert-pos \
	"position 99: vmlinux has $n symbols named list_del_init" \
	"$K" convert "${tgt[@]}" --sym vmlinux:list_del_init,99 -o out.ko dup.ko
refused "position 0 of a name that is not unique" convert-ambiguous \
	"and position 0 asks for the only one" \
	"$K" convert "${tgt[@]}" --sym vmlinux:list_del_init,0 -o out.ko dup.ko

patch init x86_64 'void start_kernel(void);' 'void f(void) { start_kernel(); }'
refused "a vmlinux __init symbol" convert-init \
	"start_kernel: vmlinux:start_kernel,0 is __init" \
	"$K" convert "${tgt[@]}" -o out.ko init.ko

patch nowhere x86_64 'extern int klpreloc_no_such_symbol;' \
	'int f(void) { return klpreloc_no_such_symbol; }'
refused "defined nowhere" convert-undefined \
	"klpreloc_no_such_symbol: defined nowhere: not exported (no --symvers) and not in vmlinux ($MAP), module klpreloc_target ($TKO)" \
	"$K" convert "${tgt[@]}" -o out.ko nowhere.ko

patch data x86_64 'extern int pause_on_oops;' 'int f(void) { return pause_on_oops; }'
refused "a data symbol without CONFIG_KALLSYMS_ALL" convert-undefined \
	"lists it (b) but kallsyms does not (without CONFIG_KALLSYMS_ALL only text symbols are in kallsyms)" \
	"$K" convert --no-kallsyms-all "${tgt[@]}" -o out.ko data.ko
converted "... and with it" "$K" convert "${tgt[@]}" -o out.ko data.ko

#
# a vmlinux ELF: source files from STT_FILE, exports from __ksymtab_
#
for f in a b; do
	printf 'static int __attribute__((noinline, used)) cvdup(void) { return 1; }\nint use_%s(void) { return cvdup(); }\n' $f >"vm$f.c"
	gcc -O2 -mcmodel=kernel -fno-PIE -c -o "vm$f.o" "vm$f.c"
done
printf '\t.text\n\t.globl _text, _stext, cvexp, __fentry__\n_text:\n_stext:\ncvexp:\n__fentry__:\n\tret\n\t.section .rodata\n\t.globl __ksymtab_cvexp, __ksymtab___fentry__\n__ksymtab_cvexp:\n\t.quad cvexp\n__ksymtab___fentry__:\n\t.quad __fentry__\n' >vmh.S
gcc -c -o vmh.o vmh.S
ld -o vmlinux -e 0 -Ttext=0xffffffff81000000 vmh.o vma.o vmb.o 2>/dev/null
ok $? "a vmlinux with cvdup in vma.c and vmb.c, cvexp exported"
patch vmp x86_64 'int cvdup(void); int cvexp(void);' \
	'int f(void) { return cvdup() + cvexp(); }'
refused "ambiguous in a vmlinux ELF" convert-ambiguous \
	"cvdup: vmlinux has 2 symbols named cvdup" \
	"$K" convert --target vmlinux -o out.ko vmp.ko
expect_grep "$T/out" "candidate vmlinux:cvdup,1 (t 0xffffffff81" "... with the address"
expect_grep "$T/out" ", vma.c)" "... the source file of the first"
expect_grep "$T/out" ", vmb.c)" "... and of the second"
converted "vmlinux ELF: --sym cvdup=vmlinux:cvdup,2" \
	"$K" convert --json --target vmlinux --sym cvdup=vmlinux:cvdup,2 \
	-o out.ko vmp.ko
cp "$T/out" vmp.json
js vmp.json "{'name': 'cvexp', 'reason': 'exported', 'exporter': 'vmlinux'} in j['kept'] and j['conversions'][0]['how'] == '--sym'"
ok $? "... cvexp kept: __ksymtab_cvexp in the vmlinux"
expect_exit 0 "... and check accepts it against the vmlinux" \
	"$K" check --target vmlinux out.ko

#
# modules: a name in two objects, ambiguity, load orders, __init, exports
#
"$KLP_TOOLS/genklp" -a x86_64 -o tv.ko -n tv -d version_proc_show || exit 1
patch two x86_64 'int version_proc_show(void *m, void *v);' \
	'int f(void *m) { return version_proc_show(m, 0); }'
refused "a name in vmlinux and a target module" convert-ambiguous \
	"version_proc_show: defined in 2 objects (vmlinux, tv)" \
	"$K" convert --target "$MAP" --target-module tv=tv.ko -o out.ko two.ko
expect_grep "$T/out" "candidate tv:version_proc_show,1" "... both listed"
converted "--sym picks one" "$K" convert --target "$MAP" \
	--target-module tv=tv.ko --sym version_proc_show=tv:version_proc_show \
	-o out.ko two.ko

# a target from C: cvm_a.c and cvm_b.c both have a static tdup, one __init
mkmod() {	# mkmod NAME INITFIRST(0/1)
	local n=$1 i
	printf 'static int __attribute__((noinline, used, section(".init.text"))) tdup(void) { return 2; }\nint __attribute__((section(".init.text"))) tinit(void) { return tdup(); }\n' >cvm_a.c
	printf 'static int __attribute__((noinline, used)) tdup(void) { return 1; }\nint tcore(void) { return tdup(); }\nstatic const char __modinfo[] __attribute__((section(".modinfo"), used, aligned(1))) = "name=%s";\n' "$n" >cvm_b.c
	for i in a b; do
		gcc -O2 -mcmodel=kernel -fno-PIE -c -o "cvm_$i.o" "cvm_$i.c" || return 1
	done
	if [ "$2" = 1 ]; then
		ld -r -o "$n.ko" cvm_a.o cvm_b.o
	else
		ld -r -o "$n.ko" cvm_b.o cvm_a.o
	fi
}
mkmod cvm 1 && mkmod cvn 0
ok $? "target modules cvm (the __init tdup first) and cvn (the core one first)"
patch usem x86_64 'int tdup(void);' 'int f(void) { return tdup(); }'
refused "module: no one position names the core tdup in both load orders" \
	convert-load-order "tdup: module cvm has 2 symbols named tdup and no one position names the same one whichever loads first" \
	"$K" convert --target "$MAP" --target-module cvm=cvm.ko -o out.ko usem.ko
expect_grep "$T/out" "candidate cvm:tdup,1 (only while cvm loads) (t, .init.text, cvm_a.c, __init)" \
	"... the __init one: section, source file"
expect_grep "$T/out" "candidate cvm:tdup,2 (1 once cvm has finished loading) (t, .text, cvm_b.c)" \
	"... the core one: its position in each order"
refused "module: --sym tdup=cvm:tdup,1 means two symbols" convert-load-order \
	"position 1 of tdup in module cvm is another symbol" \
	"$K" convert --target "$MAP" --target-module cvm=cvm.ko \
	--sym tdup=cvm:tdup,1 -o out.ko usem.ko
converted "module: core tdup first, position 1 works both ways" \
	"$K" convert --target "$MAP" --target-module cvn=cvn.ko -o out.ko usem.ko
expect_grep "$T/out" "position 1 names it whichever loads first" "... said in a note"
readelf -sW out.ko | grep -q ' \.klp\.sym\.cvn\.tdup,1$'
ok $? "... .klp.sym.cvn.tdup,1"
expect_exit 0 "... check agrees in both load orders" \
	"$K" check --target "$MAP" --target-module cvn=cvn.ko out.ko
patch usei x86_64 'int tinit(void);' 'int f(void) { return tinit(); }'
refused "a module's __init symbol" convert-init \
	"tinit: cvn:tinit,0 is __init: the module frees it after its init" \
	"$K" convert --target "$MAP" --target-module cvn=cvn.ko -o out.ko usei.ko
# loaded: a root dump lists its core symbols as [cvn]
{ cat "$MAP"; echo "ffffffffa0001000 t tdup	[cvn]"; echo "ffffffffa0001010 T tcore	[cvn]"; } >cvn.dump
refused "an __init symbol of a target that is loaded" convert-init \
	"tinit: cvn:tinit,0 is __init: the module is loaded and has freed it" \
	"$K" convert --target cvn.dump --target-module cvn=cvn.ko -o out.ko usei.ko
refused "--target-module NAME that is not the module's name" convert-modname \
	"--target-module other=FILE: FILE is module 'cvn'" \
	"$K" convert --target "$MAP" --target-module other=cvn.ko -o out.ko usei.ko
expect_exit 2 "--target-module NAME with a dash" \
	"$K" convert --target "$MAP" --target-module my-mod=cvn.ko -o out.ko usei.ko

"$KLP_TOOLS/genklp" -a x86_64 -o tdup.ko -n tdupm -d foo -d foo -d bar \
	-d __ksymtab_bar || exit 1
patch usef x86_64 'int foo(void); int bar(void);' 'int f(void) { return foo() + bar(); }'
refused "module: a name twice" convert-ambiguous \
	"foo: module tdupm has 2 symbols named foo" \
	"$K" convert --target "$MAP" --target-module tdupm=tdup.ko -o out.ko usef.ko
expect_grep "$T/out" "candidate tdupm:foo,2" "... each candidate"
converted "module: --sym foo=tdupm:foo,2" \
	"$K" convert --json --target "$MAP" --target-module tdupm=tdup.ko \
	--sym foo=tdupm:foo,2 -o out.ko usef.ko
cp "$T/out" usef.json
js usef.json "{'name': 'bar', 'reason': 'exported', 'exporter': 'tdupm'} in j['kept'] and any(d['rule'] == 'convert-exported' for d in j['diagnostics'])"
ok $? "... bar exported by the target (__ksymtab_bar): kept, with a note"
js usef.json "any(d['rule'] == 'convert-exported' and '(--sym bar=tdupm:bar makes' in d['message'] for d in j['diagnostics'])"
ok $? "... the note's --sym names the exporter"
converted "module: the note's --sym bar=tdupm:bar" \
	"$K" convert --json --target "$MAP" --target-module tdupm=tdup.ko \
	--sym foo=tdupm:foo,2 --sym bar=tdupm:bar -o out.ko usef.ko
js "$T/out" "'bar' not in [k['name'] for k in j['kept']]"
ok $? "... bar is a klp symbol then"

#
# sections the kernel cannot relocate for a module object
#
patch jt x86_64 'extern unsigned long klpreloc_target_reads; extern int pause_on_oops;' \
	'asm(".pushsection __jump_table, \"aw\"\n.balign 8\n.long 0, 0\n.quad klpreloc_target_reads - .\n.long 0, 0\n.quad pause_on_oops - .\n.popsection");'
refused "a module's static key in __jump_table" convert-jump-table \
	"klpreloc_target_reads: a static key of module klpreloc_target in the patch's __jump_table" \
	"$K" convert "${tgt[@]}" -o out.ko jt.ko
[ "$(grep -c 'error: convert-' "$T/out")" -eq 1 ]
ok $? "... one line; vmlinux's pause_on_oops there is fine"
patch sc x86_64 'asm(".pushsection .static_call_sites, \"aw\"\n.long 0\n.long klpreloc_target_count - .\n.popsection");'
refused "a module's static call in .static_call_sites" convert-static-call \
	"klpreloc_target_count: a static call of module klpreloc_target" \
	"$K" convert "${tgt[@]}" -o out.ko sc.ko
patch vjt x86_64 'asm(".pushsection __jump_table, \"aw\"\n.balign 8\n.long 0, 0\n.quad pause_on_oops - .\n.popsection");'
converted "vmlinux's key in __jump_table" "$K" convert "${tgt[@]}" -o out.ko vjt.ko
readelf -SW out.ko | grep -q ' \.klp\.rela\.vmlinux\.__jump_table '
ok $? "... into .klp.rela.vmlinux.__jump_table (a dot between object and section)"
patch is x86_64 'unsigned long klpreloc_target_count(void);' \
	'__attribute__((section(".init.text"))) unsigned long f(void) { return klpreloc_target_count(); }'
refused "a module's klp relocation in the patch's .init.text" \
	convert-init-section "klpreloc_target_count: module klpreloc_target's klp relocations are written whenever klpreloc_target loads, also after the patch freed this __init section" \
	"$K" convert "${tgt[@]}" -o out.ko is.ko
tar -xJf "$TOPDIR/tests/fixtures/x86_64/fixtures.tar.xz" ./klpreloc_lp_modsec.ko
refused "a vmlinux symbol in a module's klp section" convert-modsec \
	"invalid access to vmlinux symbol 'saved_command_line' from module-specific livepatch relocation section" \
	"$K" convert "${tgt[@]}" -o out.ko klpreloc_lp_modsec.ko

#
# --sym
#
patch alias x86_64 'void klp_del(void *e);' 'void f(void *e) { klp_del(e); }'
converted "--sym NAME=OBJECT:SYMBOL,POS: an alias" "$K" convert --json \
	"${tgt[@]}" --sym klp_del=vmlinux:list_del_init,3 -o out.ko alias.ko
cp "$T/out" alias.json
js alias.json "j['conversions'] == [{'name': 'klp_del', 'object': 'vmlinux', 'symbol': 'list_del_init', 'sympos': 3, 'klp_name': '.klp.sym.vmlinux.list_del_init,3', 'how': '--sym', 'relocations': 1, 'sections': ['.klp.rela.vmlinux.text']}] and j['out'] == 'out.ko'"
ok $? "... reported: name, object, symbol, sympos, klp_name, how, relocations, sections"
refused "--sym for a module that is not given" convert-object-not-given \
	"klp_del: --sym names module ext4, which is not given: add --target-module ext4=FILE.ko" \
	"$K" convert "${tgt[@]}" --sym klp_del=ext4:foo -o out.ko alias.ko
refused "--sym for a name the module does not have" convert-sym \
	"--sym nosuch=vmlinux:foo: alias.ko has no undefined symbol nosuch" \
	"$K" convert "${tgt[@]}" --sym klp_del=vmlinux:list_del_init,3 \
	--sym nosuch=vmlinux:foo -o out.ko alias.ko
for bad in "klp_del" "=vmlinux:x" "klp_del=:x" "klp_del=vmlinux:" \
	   "klp_del=vm.linux:x" "klp_del=vmlinux:x,-1" "klp_del=vmlinux:x,1a" \
	   "klp_del=vmlinux:x," "klp_del=vmlinux:x,99999999999999999999999"; do
	expect_exit 2 "--sym '$bad' is a usage error" \
		"$K" convert "${tgt[@]}" --sym "$bad" -o out.ko alias.ko
done
expect_exit 2 "two --sym choosing differently for one name" \
	"$K" convert "${tgt[@]}" --sym klp_del=vmlinux:list_del_init,3 \
	--sym klp_del=vmlinux:list_del_init,2 -o out.ko alias.ko
cp alias.ko alias.bak
expect_exit 2 "-o naming the input" "$K" convert "${tgt[@]}" \
	--sym klp_del=vmlinux:list_del_init,3 -o alias.ko alias.ko
cmp -s alias.ko alias.bak
ok $? "... which is untouched"
mkdir -p ro && chmod 0555 ro
if [ "$(id -u)" -ne 0 ]; then
	expect_exit 3 "an output that cannot be written: exit 3" "$K" convert \
		"${tgt[@]}" --sym klp_del=vmlinux:list_del_init,3 -o ro/out.ko alias.ko
else
	expect_exit 3 "an output that cannot be written: exit 3" "$K" convert \
		"${tgt[@]}" --sym klp_del=vmlinux:list_del_init,3 -o nodir/out.ko alias.ko
fi
[ -z "$(ls -A ro)" ] && [ ! -e nodir ]
ok $? "... leaving nothing behind"

#
# the annotation header, and klp names in the source
#
ann() {	# ann NAME LINES...: alias.c's patch with these lines
	local n=$1
	shift
	patch "$n" x86_64 '#include <klpreloc/klp-sym.h>' \
		'void klp_del(void *e);' 'void f(void *e) { klp_del(e); }' "$@"
}
ann ann1 'KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 3);'
converted "KLPRELOC_SYMPOS in the source" \
	"$K" convert --json "${tgt[@]}" -o out.ko ann1.ko
cp "$T/out" ann1.json
js ann1.json "j['conversions'][0]['klp_name'] == '.klp.sym.vmlinux.list_del_init,3' and j['conversions'][0]['how'] == 'annotation'"
ok $? "... chooses .klp.sym.vmlinux.list_del_init,3"
! readelf -SW out.ko | grep -q klpreloc.syms &&
	[ "$(symtab ann1.ko | wc -l)" -eq "$(($(symtab out.ko | wc -l) + 1))" ]
ok $? "... and .klpreloc.syms is gone, with its section symbol"
expect_exit 0 "... check accepts the result" "$K" check "${tgt[@]}" out.ko
converted "--sym over the annotation" "$K" convert "${tgt[@]}" \
	--sym klp_del=vmlinux:list_del_init,2 -o out.ko ann1.ko
expect_grep "$T/out" "klp_del: --sym klp_del=vmlinux:list_del_init,2 takes precedence over the annotation klp_del=vmlinux:list_del_init,3" \
	"... said in a note"
readelf -sW out.ko | grep -q ' \.klp\.sym\.vmlinux\.list_del_init,2$'
ok $? "... --sym wins"
ann ann2 'KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 3);' \
	'KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 4);'
refused "two annotations choosing differently" convert-annotation \
	"klp_del: two annotations choose differently" \
	"$K" convert "${tgt[@]}" -o out.ko ann2.ko
ann ann3 'KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 3);' \
	'asm(".pushsection .klpreloc.syms,\"\"\n.asciz \"garbage\"\n.popsection");'
refused "a malformed annotation" convert-annotation \
	"'garbage' is not NAME=OBJECT:SYMBOL[,POS]" \
	"$K" convert "${tgt[@]}" -o out.ko ann3.ko
ann ann4 'KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 3);' \
	'KLPRELOC_SYM(unused_name, vmlinux, pause_on_oops);'
converted "an annotation for a name the module does not use" \
	"$K" convert "${tgt[@]}" -o out.ko ann4.ko
expect_grep "$T/out" "warning: convert-sym: annotation unused_name=vmlinux:pause_on_oops: no undefined symbol unused_name" \
	"... is a warning"
# quoted: GNU as reads the comma otherwise
# s390x: expolines in COMDAT groups, the annotation among them
p=$T/s390x
cat >grp.c <<'EOS'
#include <klpreloc/klp-sym.h>
void klp_del(void *e);
KLPRELOC_SYMPOS(klp_del, vmlinux, list_del_init, 2);
extern int pause_on_oops;
int f(int (*fp)(void), void *e) { klp_del(e); return fp() + pause_on_oops; }
static const char mi[] __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y\0name=grp";
EOS
s390x-linux-gnu-gcc -O2 -fPIC -mindirect-branch=thunk -mfunction-return=thunk \
	-I"$TOPDIR/include" -c -o grp.o grp.c && s390x-linux-gnu-ld -r -o grp.ko grp.o
[ "$(readelf -gW grp.ko | grep -c 'COMDAT group')" -ge 2 ]
ok $? "s390x: a module with expoline thunks in COMDAT groups"
converted "s390x: groups and an annotation" \
	"$K" convert --target "$p/System.map" -o out.ko grp.ko
diff <(readelf -gW grp.ko | sed 's/\[ *[0-9]*\]//g') \
	<(readelf -gW out.ko | sed 's/\[ *[0-9]*\]//g') >/dev/null &&
	! readelf -SW out.ko | grep -q klpreloc.syms
ok $? "... the same groups, signatures and members; the annotation gone"
expect_exit 0 "... check accepts it" "$K" check --target "$p/System.map" out.ko

# a module object the patch has no klp_object for
patch noobj x86_64 'extern unsigned long klpreloc_target_reads;' \
	'unsigned long f(void) { return klpreloc_target_reads; }'
converted "a module object with no klp_object" "$K" convert "${tgt[@]}" -o out.ko noobj.ko
expect_grep "$T/out" 'warning: convert-object-unpatched: no klp_object named "klpreloc_target"' \
	"... is a warning"
patch obj x86_64 'extern unsigned long klpreloc_target_reads;' \
	'const char *name = "klpreloc_target";' \
	'unsigned long f(void) { return klpreloc_target_reads; }'
converted "... one with its name in the data" "$K" convert "${tgt[@]}" -o out.ko obj.ko
! grep -q convert-object-unpatched "$T/out"
ok $? "... is not"

patch lname x86_64 'extern int klp_oops __asm__("\".klp.sym.vmlinux.pause_on_oops,0\"");' \
	'int f(void) { return klp_oops; }'
converted "a klp name in the source" "$K" convert --json "${tgt[@]}" \
	-o out.ko lname.ko
cp "$T/out" lname.json
js lname.json "j['conversions'][0]['how'] == 'klp name' and j['conversions'][0]['klp_name'] == '.klp.sym.vmlinux.pause_on_oops,0'"
ok $? "... becomes SHN_LIVEPATCH as it is"
patch lbad x86_64 'extern int klp_oops __asm__("\".klp.sym.vmlinux.pause_on_oops,2\"");' \
	'int f(void) { return klp_oops; }'
refused "a klp name in the source with a wrong position" convert-pos \
	"position 2: vmlinux has 1 symbol named pause_on_oops" \
	"$K" convert "${tgt[@]}" -o out.ko lbad.ko

#
# exports: Module.symvers, weak symbols
#
patch sv x86_64 'int cv_modexp(void);' 'int f(void) { return cv_modexp(); }'
printf '0x12345678\tcv_modexp\tdrivers/cv/cvmod\tEXPORT_SYMBOL\t\n' >Module.symvers
refused "without --symvers a module's export is defined nowhere" \
	convert-undefined "cv_modexp: defined nowhere" \
	"$K" convert "${tgt[@]}" -o out.ko sv.ko
converted "--symvers: exported by drivers/cv/cvmod" \
	"$K" convert --json "${tgt[@]}" --symvers Module.symvers -o out.ko sv.ko
cp "$T/out" sv.json
js sv.json "{'name': 'cv_modexp', 'reason': 'exported', 'exporter': 'drivers/cv/cvmod'} in j['kept'] and j['conversions'] == [] and any(d['rule'] == 'convert-placeholder' for d in j['diagnostics'])"
ok $? "... kept, and checked at a stand-in address"
readelf -sW out.ko | grep -qE ' UND cv_modexp$'
ok $? "... still undefined in the output"
printf 'garbage\n' >bad.symvers
expect_exit 2 "a malformed Module.symvers" \
	"$K" convert "${tgt[@]}" --symvers bad.symvers -o out.ko sv.ko
patch weak x86_64 'extern int cv_weak __attribute__((weak));' \
	'int f(void) { return &cv_weak ? cv_weak : 0; }'
converted "a weak symbol defined nowhere" "$K" convert --json "${tgt[@]}" \
	-o out.ko weak.ko
cp "$T/out" weak.json
js weak.json "{'name': 'cv_weak', 'reason': 'weak', 'exporter': None} in j['kept'] and any(d['rule'] == 'convert-weak' and d['severity'] == 'warning' for d in j['diagnostics'])"
ok $? "... stays, with a warning"

#
# what only the check of the result refuses, in the kernel's words
#
patch gotpc x86_64 'asm(".text\n.globl g\ng: movq pause_on_oops@GOTPCREL(%rip), %rax\nret");'
refused "x86_64: a GOTPCREL klp relocation" x86-unknown-type \
	"kernel: module: gotpc: Unknown rela relocation: 42" \
	"$K" convert "${tgt[@]}" -o out.ko gotpc.ko
p=$T/ppc64le
patch nonop ppc64le 'asm(".text\n.globl g\ng: bl version_proc_show\nli 3, 0\nblr");'
refused "ppc64le: a call into vmlinux without the nop" ppc64-expected-nop \
	"kernel: module_64: nonop: Expected nop after call, got 38600000" \
	"$K" convert --target "$p/System.map" -o out.ko nonop.ko
p=$T/arm64
patch tbz arm64 'asm(".text\n.globl g\ng: tbz x0, #0, version_proc_show\nret");'
refused "arm64: a test-and-branch to vmlinux, out of range" arm64-overflow \
	"kernel: Modules: module tbz: overflow in relocation type 279" \
	"$K" convert --target "$p/System.map" -o out.ko tbz.ko
p=$T/s390x
patch s390 s390x 'extern int pause_on_oops;' 'int f(void) { return pause_on_oops; }'
converted "s390x (big-endian): a GOTENT into vmlinux" \
	"$K" convert --target "$p/System.map" -o out.ko s390.ko

# every report of this file is in the schema
bad=
for j in vmp.json usef.json alias.json ann1.json lname.json sv.json weak.json; do
	[ -z "$($VALIDATE "$j")" ] || bad="$bad $j"
done
run "$K" convert --json "${tgt[@]}" -o out.ko dup.ko
[ -z "$($VALIDATE "$T/out")" ] && js "$T/out" "j['verdict'] == 'refuse' and j['out'] is None and j['objects'] == []" || bad="$bad refused"
[ -z "$bad" ]
ok $? "every --json report is valid, a refusal's too${bad:+ (invalid:$bad)}"

tap_done
