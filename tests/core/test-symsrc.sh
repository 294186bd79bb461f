#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The verdict must not depend on how the target's symbols are handed over:
# System.map, a root /proc/kallsyms dump (with or without the target's
# .ko), a non-root dump (every address 0), on every arch; and the rules
# of 6.12 for each form (scripts/kallsyms' filter, kernel/module/kallsyms.c
# for module symbols, the s390 decompressor's image base).
. "$TOPDIR/tests/lib/tap.sh"
G=$KLP_TOOLS/genklp
T=$KLP_TMP
cd "$T" || exit 1

# check NAME WANT-EXIT CHECK-ARGS...: exit status, output in $T/NAME.out
# (with a worker thread; the same as with none)
check() {
	local name=$1 want=$2 rc=0
	shift 2
	KLPRELOC_TEST_THREADS=1 "$KLPRELOC" check "$@" >"$name.out" 2>&1 ||
		rc=$?
	[ "$rc" -eq "$want" ]
	ok $? "$name (exit $rc, want $want)"
	[ "$rc" -eq "$want" ] || sed 's/^/#   /' "$name.out" | head -10
	same_jobs "$name" check "$@"
}
has() {	# has NAME PATTERN DESC
	expect_grep "$T/$1.out" "$2" "$1: $3"
}
hasnot() {
	! grep -qF -- "$2" "$T/$1.out"
	ok $? "$1: $3"
}
count() {	# count NAME PATTERN N DESC
	local n
	n=$(grep -cF -- "$2" "$T/$1.out")
	[ "$n" -eq "$3" ]
	ok $? "$1: $4 ($n, want $3)"
}

# ---- a target module with what real ones have: a static, per-cpu data
# (one variable at offset 0), an export, an .init function
cat >tgt.c <<'C'
static int dup_a(void) { return 1; }
int (*keep_a)(void) = dup_a;
__attribute__((section(".data..percpu"))) int tgt_pcpu;
__attribute__((section(".data..percpu"))) int tgt_pcpu0;
int tgt_export(void) { return 2; }
asm(".section \"___ksymtab+tgt_export\",\"a\"\n"
    "__ksymtab_tgt_export: .quad 0\n.previous");
static int __attribute__((section(".init.text"), used)) tgt_init(void)
{
	return 0;
}
C
gcc -O1 -c -o tgt.o tgt.c
ok $? "premise: host gcc builds the x86_64 target module"
nm tgt.o | grep -q '^0000000000000000 [Dd] tgt_pcpu0$'
ok $? "premise: tgt_pcpu0 is at offset 0 of .data..percpu"

cat >sys.map <<'MAP'
0000000000000000 A abs_only
0000000000000000 D __per_cpu_start
0000000000020000 D __per_cpu_end
ffffffff81000000 T _text
ffffffff81000000 T _stext
ffffffff81100000 t foo
ffffffff81100100 T bar
ffffffff81200000 t foo
ffffffff81300000 a foo
ffffffff81300000 A dupabs
ffffffff81400000 D saved_command_line
ffffffff81400100 d dupabs
MAP

# the root dump of the same kernel with tgt loaded: run-time addresses
# (here no KASLR), the module's core symbols in symbol table order
{
	grep -v ' [Aa] ' sys.map
	printf 'ffffffffa0001000 t dup_a\t[tgt]\n'
	printf 'ffffffffa0002000 d keep_a\t[tgt]\n'
	printf '0000000000020004 d tgt_pcpu\t[tgt]\n'
	printf '0000000000020000 d tgt_pcpu0\t[tgt]\n'
	printf 'ffffffffa0001006 T tgt_export\t[tgt]\n'
	printf 'ffffffffa0003000 r __ksymtab_tgt_export\t[tgt]\n'
} >kallsyms
sed 's/^[0-9a-f]*/0000000000000000/' kallsyms >kallsyms.user

# ---- good and bad patches for vmlinux and tgt
"$G" -a x86_64 -o good.ko -n klp_good -r '.klp.sym.vmlinux.bar,0' \
	-r '.klp.sym.vmlinux.foo,2' -s '.klp.rela.tgt.text' \
	-r '.klp.sym.tgt.dup_a,0' -r '.klp.sym.tgt.tgt_pcpu0,0' \
	-r '.klp.sym.tgt.tgt_pcpu,0'
"$G" -a x86_64 -o amb.ko -n klp_amb -r '.klp.sym.vmlinux.foo,0'
"$G" -a x86_64 -o pos3.ko -n klp_pos3 -r '.klp.sym.vmlinux.foo,3'
"$G" -a x86_64 -o absdup.ko -n klp_absdup -r '.klp.sym.vmlinux.dupabs,0'
"$G" -a x86_64 -o missing.ko -n klp_missing -s '.klp.rela.tgt.text' \
	-r '.klp.sym.tgt.no_such,0'
"$G" -a x86_64 -o initsym.ko -n klp_initsym -s '.klp.rela.tgt.text' \
	-r '.klp.sym.tgt.tgt_init,0'
"$G" -a x86_64 -o export.ko -n klp_export -r '.klp.sym.vmlinux.bar,0' \
	-s '.rela.text:flags=0x40' -r 'tgt_export:shndx=0'
ok $? "premise: genklp wrote the patches"

# 1. every form gives the same verdict for each patch
for f in map dump dumpko user userko; do
	case $f in
	map) args=(--target sys.map --target-module tgt=tgt.o) ;;
	dump) args=(--target kallsyms) ;;
	dumpko) args=(--target kallsyms --target-module tgt=tgt.o) ;;
	user) args=(--target kallsyms.user) ;;
	userko) args=(--target kallsyms.user --target-module tgt=tgt.o) ;;
	esac
	check "good-$f" 0 "${args[@]}" good.ko
	hasnot "good-$f" "unresolvable ambiguity" "no module symbol counted twice"
	check "amb-$f" 1 "${args[@]}" amb.ko
	has "amb-$f" "kernel: livepatch: unresolvable ambiguity for symbol 'foo' in object '(null)'" \
		"the kernel's ambiguity message"
	count "amb-$f" "unresolvable ambiguity" 1 "said once"
	has "amb-$f" "foo,1" "candidates listed with their positions"
	check "pos3-$f" 1 "${args[@]}" pos3.ko
	has "pos3-$f" "symbol position 3 for symbol 'foo' in object 'vmlinux' not found" \
		"the kernel's position message"
	# scripts/kallsyms drops absolute symbols: dupabs is unique
	check "absdup-$f" 0 "${args[@]}" absdup.ko
	check "missing-$f" 1 "${args[@]}" missing.ko
	has "missing-$f" "livepatch: symbol 'no_such' not found in symbol table" \
		"the kernel's not-found message"
	has "missing-$f" "refusing to load module 'tgt'" \
		"loaded later, the target is the one refused"
done
for f in user userko; do
	count "good-$f" "hidden-addresses" 1 "one line says which checks were skipped"
done

"$KLPRELOC" apply --target kallsyms.user --out out-user good.ko \
	>apply-user.out 2>&1
ok $(( $? == 2 ? 0 : 1 )) "apply with hidden addresses is refused (exit 2)"
[ ! -e out-user ]
ok $? "and writes nothing"
expect_grep apply-user.out "apply needs real addresses" "apply says why"

# 1b. scripts/kallsyms' filter on lines after a run it keeps (the load
# leaves that run in place): an absolute twin after the text and data,
# and without KALLSYMS_ALL a data symbol after the text
cat >late.map <<'MAP'
ffffffff81000000 T _text
ffffffff81100100 T bar
ffffffff81400100 d dupabs
ffffffff81400200 D late_data
ffffffff81500000 T late_text
ffffffff81600000 A dupabs
MAP
"$G" -a x86_64 -o latedata.ko -n klp_latedata \
	-r '.klp.sym.vmlinux.late_data,0'
"$G" -a x86_64 -o latetext.ko -n klp_latetext \
	-r '.klp.sym.vmlinux.late_text,0'
check absdup-late 0 --target late.map absdup.ko
hasnot absdup-late "unresolvable ambiguity" "the later A twin is dropped"
check latedata-all 0 --target late.map latedata.ko
check latedata-text 1 --no-kallsyms-all --target late.map latedata.ko
has latedata-text "livepatch: symbol 'late_data' not found in symbol table" \
	"without KALLSYMS_ALL the data symbol after the text is dropped"
check latetext-text 0 --no-kallsyms-all --target late.map latetext.ko

# 1c. Debian's /boot/System.map-<version> is a one-line stand-in for the
# real one (in linux-image-<version>-dbg): refused, with where to look
echo 'ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package' \
	>placeholder.map
check placeholder 2 --target placeholder.map good.ko
has placeholder "symbol-source: Debian's placeholder System.map" \
	"says what the file is"
has placeholder "/usr/lib/debug/boot/System.map-<version>" \
	"and where the real one is"
count placeholder "error:" 1 "one error"
for l in 'ffffffffffffffff B The' 'ffffffffffffffff B The real thing'; do
	echo "$l" >oneline.map
	check oneline 1 --target oneline.map amb.ko
	hasnot oneline "placeholder" "'$l' is not taken for it"
done
printf 'ffffffffffffffff B The' >oneline.map
check oneline-eof 1 --target oneline.map amb.ko

# 2. per-cpu: a variable at offset 0 of a .ko's per-cpu section is found
# (the kernel resolves it in the module's per-cpu area, never at 0)
has good-map "object tgt: 1 section, 3 relocations: applied" \
	"per-cpu symbols of tgt.o resolve"

# 3. an export of a target module satisfies an ordinary reference
check export 0 --target sys.map --target-module tgt=tgt.o export.ko
hasnot export "Unknown symbol" "tgt_export is exported by tgt"
check export-none 1 --target sys.map export.ko
has export-none "klp_export: Unknown symbol tgt_export (err -2)" \
	"without tgt nobody exports it"

# 4. an .init symbol: gone once tgt has loaded, there while it loads
check initsym 1 --target sys.map --target-module tgt=tgt.o initsym.ko
has initsym "livepatch: symbol 'tgt_init' not found in symbol table" \
	"loaded first: core kallsyms only"
hasnot initsym "refusing to load module" \
	"loaded later, its init symbols are there: the target is not refused"

# 5. the same bytes from a System.map and from a root dump (vmlinux:
# same addresses; tgt sits where the dump says, not where we put it)
"$G" -a x86_64 -o vm.ko -n klp_vm -r '.klp.sym.vmlinux.bar,0' \
	-r '.klp.sym.vmlinux.foo,2' -r '.klp.sym.vmlinux.saved_command_line,0'
"$KLPRELOC" apply --target sys.map --out out-map vm.ko >/dev/null 2>&1
ok $? "apply with System.map"
"$KLPRELOC" apply --target kallsyms --target-module tgt=tgt.o \
	--out out-dump vm.ko >/dev/null 2>&1
ok $? "apply with the root dump and tgt.o"
cmp -s <(cd out-map && find . -type f -exec md5sum {} + | sort) \
	<(cd out-dump && find . -type f -exec md5sum {} + | sort)
ok $? "apply writes the same files from both"

# 6. message order: a non-livepatch module with an unknown symbol stops
# at the module loader; 'not marked' comes only after relocation
"$G" -a x86_64 -o nolp.ko -n klp_nolp --no-livepatch \
	-s '.rela.text:flags=0x40' -r 'nowhere:shndx=0'
check nolp 1 --target sys.map nolp.ko
has nolp "Unknown symbol nowhere" "the loader's error"
hasnot nolp "not marked as a livepatch module" "nothing after it"
# arm64 6.12: the load stops at modinfo, nothing else is reported
"$G" -a arm64 -o a64.ko -n klp_a64 -r '.klp.sym.vmlinux.no_such,0'
check a64 1 --target sys.map a64.ko
has a64 "livepatch support is disabled" "modinfo refusal"
count a64 "error:" 1 "and nothing else"

# 8. ordinary relocations against klp symbols: apply_relocations() walks
# sections in index order, so one after a .klp.rela.vmlinux section that
# resolved the symbol sees its value; one before it sees 0; relocations
# of a section that is not loaded are skipped
printf 'ffffffff81000000 T _text\nffffffff81100100 T bar\n' >plain.map
"$G" -a x86_64 -o plain-after.ko -n klp_pa -s '.klp.rela.vmlinux.text' \
	-r '.klp.sym.vmlinux.bar,0' -s '.rela.text:flags=0x40' \
	-r '.klp.sym.vmlinux.bar,0'
check plain-after 0 --target plain.map plain-after.ko
"$G" -a x86_64 -o plain-before.ko -n klp_pb -s '.rela.text:flags=0x40' \
	-r '.klp.sym.vmlinux.bar,0' -s '.klp.rela.vmlinux.text' \
	-r '.klp.sym.vmlinux.bar,0'
check plain-before 1 --target plain.map plain-before.ko
has plain-before "sym-in-plain-rela" "value 0 before the early klp pass"
"$G" -a x86_64 -o plain-noalloc.ko -n klp_pn \
	-s '.rela.strtab:flags=0x40:info=6' -r '.klp.sym.vmlinux.bar,0:off=0'
readelf -SW plain-noalloc.ko 2>/dev/null | grep -q '\[ 6\] \.shstrtab'
ok $? "premise: section 6 is .shstrtab (not loaded)"
check plain-noalloc 0 --target plain.map plain-noalloc.ko

# 9. --layout: the regions where a real kernel put them (apply's format)
printf 'mem text 0xffffffffa0200000\nsec .text 0 0\n' >lay.txt
"$G" -a x86_64 -o lay.ko -n klp_lay -r '.klp.sym.vmlinux.bar,0'
"$KLPRELOC" apply --target plain.map --layout lay.txt --out lay-out lay.ko \
	>/dev/null 2>&1
ok $? "apply --layout"
grep -qx 'mem text 0xffffffffa0200000 0x8' lay-out/layout.txt
ok $? "the text region is where the layout file says"
[ "$(od -An -tx8 lay-out/mem/text.bin | tr -d ' ')" = ffffffff81100100 ]
ok $? "and the relocated value is bar's"
printf 'mem texx 0x1000\n' >badlay.txt
expect_exit 2 "a layout file with an unknown region" "$KLPRELOC" check \
	--target plain.map --layout badlay.txt lay.ko
expect_grep "$KLP_TMP/err" "badlay.txt: error: layout-file: line 1" \
	"says which file and line"

# 10. a name that is also an init symbol: loaded first, ,1 is the first
# core one; loading after the patch, the init one comes first in the
# symbol table: the kernel takes both orders, one binds the wrong symbol
printf 'static int __attribute__((section(".init.text"), used)) dup(void) { return 0; }\n' >d1.c
printf 'static int __attribute__((used)) dup(void) { return 1; }\n' >d2.c
printf 'static int __attribute__((used)) dup(void) { return 2; }\n' >d3.c
gcc -O1 -c d1.c && gcc -O1 -c d2.c && gcc -O1 -c d3.c &&
	ld -r -o dtgt.o d1.o d2.o d3.o
ok $? "premise: a target with dup in .init.text, then twice in .text"
"$G" -a x86_64 -o dpos.ko -n klp_dpos -s '.klp.rela.dtgt.text' \
	-r '.klp.sym.dtgt.dup,1'
check dpos 1 --target plain.map --target-module dtgt=dtgt.o dpos.ko
has dpos "late-load-differs" "one load order binds the wrong dup"
hasnot dpos "accepted" "not accepted"
# the same target from a dump only: its core symbols, and a note
{
	cat plain.map
	printf 'ffffffffa0001000 t dup\t[dtgt]\nffffffffa0001010 t dup\t[dtgt]\n'
} >dtgt.kallsyms
check dpos-dump 0 --target dtgt.kallsyms dpos.ko
has dpos-dump "object-dump-only" "says the init symbols are not known"

# 7. s390x: System.map is link-time (TEXT_OFFSET 0x100000), the kernel
# runs at KERNEL_IMAGE_BASE 0x3ffe0000000 + it; PC32DBL (type 19) from a
# module just below the image reaches vmlinux at run time
cat >s390.map <<'MAP'
0000000000100000 T _text
0000000000100000 T _stext
0000000000200000 D saved_command_line
MAP
shift_map() {	# shift_map OFFSET < MAP
	local a t n
	while read -r a t n; do
		printf '%016x %s %s\n' $((0x$a + $1)) "$t" "$n"
	done
}
shift_map 0x3ffe0000000 <s390.map >s390.kallsyms
"$G" -a s390x -o s390.ko -n klp_s390 \
	-r '.klp.sym.vmlinux.saved_command_line,0:rtype=19:off=16'
check s390-map 0 --kernel 6.12 --target s390.map s390.ko
check s390-dump 0 --kernel 6.12 --target s390.kallsyms s390.ko
"$KLPRELOC" apply --target s390.map --out s390-out-map s390.ko >/dev/null 2>&1
"$KLPRELOC" apply --target s390.kallsyms --out s390-out-dump s390.ko \
	>/dev/null 2>&1
cmp -s <(cd s390-out-map && find . -type f -exec md5sum {} + | sort) \
	<(cd s390-out-dump && find . -type f -exec md5sum {} + | sort)
ok $? "s390x: the same bytes from System.map and the dump"
# with KASLR: the dump shows the offset, System.map needs it stated
shift_map $((0x3ffe0000000 - 0x40000000)) <s390.map >s390.kaslr
"$KLPRELOC" apply --target s390.kaslr --out s390-out-kd s390.ko >/dev/null 2>&1
"$KLPRELOC" apply --target s390.map --kaslr-offset -0x40000000 \
	--out s390-out-km s390.ko >/dev/null 2>&1
ok $(( $? == 2 ? 0 : 1 )) "s390x: a negative --kaslr-offset is a usage error"
"$KLPRELOC" apply --target s390.map \
	--kaslr-offset 0xffffffffc0000000 --out s390-out-km s390.ko >/dev/null 2>&1
cmp -s <(cd s390-out-kd && find . -type f -exec md5sum {} + | sort) \
	<(cd s390-out-km && find . -type f -exec md5sum {} + | sort)
ok $? "s390x: a stated --kaslr-offset gives the dump's bytes"

# ---- what follows a klp symbol's position: the kernel's sscanf() stops
# there and takes the name; lint warns, except for spaces before it
i=0
for n in '.klp.sym.vmlinux.bar,0' '.klp.sym.vmlinux.bar,1x' \
	'.klp.sym.vmlinux.bar,0,1' '.klp.sym.vmlinux.bar, 1' \
	'.klp.sym.vmlinux.bar,1 ' '.klp.sym.vmlinux.bar,00'; do
	i=$((i + 1))
	"$G" -a x86_64 -o "trail$i.ko" -n "klp_t$i" \
		-s '.klp.rela.vmlinux.text' -r "$n"
	check "trail$i" 0 --target plain.map "trail$i.ko"
	case $i in
	2 | 3 | 5)
		has "trail$i" "sym-name-trailing" "'$n': what follows is ignored" ;;
	*)
		hasnot "trail$i" "sym-name-trailing" "'$n': nothing follows" ;;
	esac
done

# ---- x86_64 SMP: scripts/kallsyms --absolute-percpu types the per-cpu
# symbols 'A' in /proc/kallsyms, after its filter (which drops 'A' ones);
# System.map has them 'D'. A root dump of a kernel without KASLR that
# lists no module has link-time addresses, yet is a dump: its per-cpu
# symbols resolve. An 'A' symbol in a real System.map is still dropped.
"$G" -a x86_64 -o pcpu.ko -n klp_pcpu -r '.klp.sym.vmlinux.pcpu_hot,0'
pcpu_file() {	# pcpu_file TYPE-OF-PER-CPU-SYMBOLS OUT
	{
		echo "0000000000000000 $1 __per_cpu_start"
		echo "0000000000027c00 $1 pcpu_hot"
		echo "0000000000029958 $1 __per_cpu_end"
		echo "0000000000600000 A text_size"
		echo "ffffffff81000000 T _text"
		echo "ffffffff81000000 T _stext"
	} >"$2"
}
pcpu_file A pcpu-dump.txt
check pcpu-dump 0 --target pcpu-dump.txt pcpu.ko
hasnot pcpu-dump "not found" "an 'A' __per_cpu_start: a dump, whose per-cpu symbols resolve"
pcpu_file D pcpu-map.txt
check pcpu-map 0 --target pcpu-map.txt pcpu.ko
{ echo "0000000000000000 D __per_cpu_start"
  echo "0000000000027c00 A pcpu_hot"
  echo "0000000000029958 D __per_cpu_end"
  echo "ffffffff81000000 T _text"; } >pcpu-mapa.txt
check pcpu-mapa 1 --target pcpu-mapa.txt pcpu.ko
has pcpu-mapa "symbol 'pcpu_hot' not found" "a System.map's 'A' symbol: dropped, as scripts/kallsyms drops it"

# ---- a symbol file that is not one: each refused with its own error,
# whichever thread read it
binary() {	# binary NAME CONTENT DESC: a NUL byte makes it binary data
	printf "$2" >"$1.map"
	check "$1" 2 --target "$1.map" trail1.ko
	has "$1" "binary data: not a System.map" "$3"
}
binary nul 'ffffffff81000000 T bar\nffffffff81000010 T \0baz\n' \
	"a NUL byte: not a text symbol file"
# the parse looks for NUL bytes as it goes: one where it skips a line's
# rest, one past the line that stops it, one before a file's last byte
binary nulmod 'ffffffff81000000 T bar\t[m\0d]\nffffffff81000010 T baz\n' \
	"a NUL byte after a name, in a [mod]"
binary nulbad 'ffffffff81000000 T bar\nnot a line\nffffffff81000010 T \0baz\n' \
	"a NUL byte past a line that stops the parse: binary data, not the line"
binary nulend 'ffffffff81000000 T bar\nffffffff81000010 T baz\n\0\n' \
	"a NUL byte on a line of its own before the end"
printf 'ffffffff81000000 T bar\nffffffff81000010 T\n' >short.map
check short 2 --target short.map trail1.ko
has short 'line 2 is not "ADDRESS TYPE NAME"' "a line without a name"
check nofile 2 --target no-such.map trail1.ko
has nofile "no-such.map: error: unreadable" "a missing symbol file"
mkdir -p adir
check dir 2 --target adir trail1.ko
has dir "adir: error: unreadable" "a directory"
printf '\n\n' >empty.map
check empty 2 --target empty.map trail1.ko
has empty "no symbols in file" "a file without symbols"

tap_done
