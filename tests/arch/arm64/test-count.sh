#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module_frob_arch_sections() on arm64: the .plt size and section
# alignment it sets, against counts worked out by hand from 6.12's
# count_plts() (see count.S). klp relocation sections count too: turning
# the f1/f2 relocations into a .klp.rela.vmlinux.text section (mkklp)
# must keep their slots, counted per section with its own slack.
set -u
. "$TOPDIR/tests/lib/tap.sh"
. "$TOPDIR/tests/arch/arm64/lib.sh"
W=$KLP_TMP
PT=0x50000000
SYMS=(--sym=f1=0x10000000 --sym=f2=0x10001000 --sym=f3=0x50100000)

${X}gcc -c "$ARM64_DIR/count.S" -o "$W/count.o"
ok $? "assemble count.S"
[ "$(${X}readelf -rW "$W/count.o" | grep -c 'R_AARCH64_\(CALL\|JUMP\)26')" -eq 8 ]
ok $? "premise: 8 branch relocations"
"$KLP_TOOLS/mkklp" -q -k vmlinux:f1 -k vmlinux:f2 "$W/count.o" "$W/countk.o"
ok $? "mkklp: f1 and f2 relocations into .klp.rela.vmlinux.text"
${X}readelf -SW "$W/countk.o" | grep -q '\.klp\.rela\.vmlinux\.text'
ok $? "premise: countk.o has .klp.rela.vmlinux.text"

# layout OBJ ERRATUM: print ".plt size" and ".text.adrp address"
layout() {
	"$RELOCATE" --base text=$PT "${SYMS[@]}" --arch-opt arm64.erratum-843419="$2" \
		--layout "$1" >"$W/l" 2>"$W/e" || { sed 's/^/#   /' "$W/e"; return 1; }
	awk '$2 == ".plt" {p = $4} $2 == ".text.adrp" {a = $3}
	     END {print p, a}' "$W/l"
}

check() {	# check OBJ ERRATUM SLOTS ADRP_ADDR WHY
	local got
	got=$(layout "$1" "$2")
	[ "$got" = "$(printf '0x%x %s' $((($3 + 1) * 12)) "$4")" ]
	ok $? "$(basename "$1") erratum=$2: $3 slots, .text.adrp at $4 ($5) [got $got]"
}

# .text: f1 CALL26, f1 JUMP26, f2, f2+8, f2+8, f3 = 6; .text.adrp: 1 veneer
# erratum on: 6 + 1 slack; 1 + 1 slack; .text.adrp aligned to 128
check "$W/count.o" 1 9 0x50000080 "6+1 branch, 1+1 veneer"
check "$W/count.o" 0 6 0x50000024 "6 branch, no veneer, no alignment"
# klp: 5 (f1 x2 types, f2, f2+8 x2) + 1 slack; .rela.text: f3 + 1 slack
check "$W/countk.o" 1 10 0x50000080 "klp 5+1, rela 1+1, veneer 1+1"
check "$W/countk.o" 0 6 0x50000024 "klp 5, rela 1"

expect_exit 0 "relocate countk.o (klp sections left to livepatch)" \
	"$RELOCATE" --base text=$PT "${SYMS[@]}" "$W/countk.o"

# A PLT entry cannot reach a target more than 4 GiB away (adrp): the
# kernel would store a BRK (aarch64_insn_gen_adr() fails); we refuse
printf '\t.text\n\tbl far\n\tret\n\t.data\n\t.quad 0\n\t.section .plt,"ax",%%progbits\n\t.byte 0\n\t.section .init.plt,"ax",%%progbits\n\t.byte 0\n' \
	>"$W/far.S"
${X}gcc -c "$W/far.S" -o "$W/far.o"
ok $? "assemble a call 8 GiB away"
expect_exit 1 "relocate refuses a PLT entry out of adrp range" \
	"$RELOCATE" --base text=$PT --sym far=$((PT + (8 << 30))) "$W/far.o"
expect_grep "$KLP_TMP/err" "arm64-plt-range" "refused as out of PLT range"

# A linked module (it has .gnu.linkonce.this_module) without .plt: the
# kernel refuses it in module_frob_arch_sections()
printf '\t.text\n\tbl f1\n\tret\n\t.data\n\t.quad 0\n\t.section .gnu.linkonce.this_module,"aw",%%progbits\n\t.zero 64\n' \
	>"$W/noplt_mod.S"
${X}gcc -c "$W/noplt_mod.S" -o "$W/noplt_mod.o"
ok $? "assemble a linked-module look-alike without .plt"
expect_exit 1 "relocate refuses a module without .plt" \
	"$RELOCATE" --base text=$PT "${SYMS[@]}" "$W/noplt_mod.o"
expect_grep "$KLP_TMP/err" "Modules: noplt_mod: module PLT section(s) missing" \
	"the kernel's message for missing PLT sections"

# A RELA section whose sh_info is past the section table: 6.12's
# module_frob_arch_sections() indexes sechdrs with it unchecked and takes
# the 64 bytes after the table for the target's header (a 6.12 guest
# oopsed in strncmp() on what lay there). Past the file's end: an error,
# the section not counted. Zeros there (mkklp -b pad): flags 0, not
# counted. A copy of .text's header there: counted as .text's, but the
# alignment count_plts() raises is written to that copy, so .text.adrp
# keeps its place (klp 5+1, rela 1+1, veneer 1+1 as countk.o).
"$KLP_TOOLS/mkklp" -q -k vmlinux:f1 -k vmlinux:f2 -b info "$W/count.o" \
	"$W/info.o" &&
	"$KLP_TOOLS/mkklp" -q -k vmlinux:f1 -k vmlinux:f2 -b info -b pad \
		"$W/count.o" "$W/infopad.o"
ok $? "mkklp: klp sections with sh_info e_shnum, and 64 zero bytes after"
# past_table IN OUT [SH_NAME]: the 64 bytes after IN's table become a
# copy of .text's header (its sh_name replaced by SH_NAME if given)
past_table() {
	python3 - "$@" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', d, 0x28)
shnum, shstrndx = struct.unpack_from('<HH', d, 0x3c)
strs = struct.unpack_from('<Q', d, shoff + shstrndx * 64 + 24)[0]
assert len(d) == shoff + (shnum + 1) * 64, 'table not followed by 64 bytes'
for i in range(shnum):
    h = shoff + i * 64
    name, = struct.unpack_from('<I', d, h)
    if d[strs + name:strs + name + 6] == b'.text\0':
        d[-64:] = d[h:h + 64]
if len(sys.argv) > 3:
    struct.pack_into('<I', d, len(d) - 64, int(sys.argv[3], 0))
open(sys.argv[2], 'wb').write(d)
PY
}
past_table "$W/infopad.o" "$W/infotext.o" &&
	past_table "$W/infopad.o" "$W/infofar.o" 0x7fffffff
ok $? "premise: .text's header after the table, and one naming a string past the file"

# relocate_past OBJ ERRATUM: layout on stdout, diagnostics in $W/e
relocate_past() {
	"$RELOCATE" --base text=$PT "${SYMS[@]}" \
		--arch-opt arm64.erratum-843419="$2" --layout "$1" \
		>"$W/l" 2>"$W/e"
	awk '$2 == ".plt" {p = $4} $2 == ".text.adrp" {a = $3}
	     END {print p, a}' "$W/l"
}
past() {	# past OBJ ERRATUM SLOTS ADRP_ADDR SEVERITY WHY
	local got
	got=$(relocate_past "$1" "$2")
	[ "$got" = "$(printf '0x%x %s' $((($3 + 1) * 12)) "$4")" ] &&
		[ "$(grep -c ": $5: arm64-info-oob: sh_info 14 is past the section table" "$W/e")" = 2 ]
	ok $? "$(basename "$1") erratum=$2: $3 slots, .text.adrp at $4, two $5s ($6) [got $got]"
}
past "$W/info.o" 1 2 0x50000024 error "past the file: klp not counted"
expect_grep "$W/e" "bytes; what it reads is not in the file and the kernel may oops" \
	"the error says the kernel may oops"
past "$W/infopad.o" 1 2 0x50000024 warning "zeros: flags 0, klp not counted"
expect_grep "$W/e" "(flags 0x0: not executable, ignored)" "zeros read as flags 0"
past "$W/infotext.o" 1 10 0x50000024 warning ".text's copy: counted, alignment in the copy"
past "$W/infotext.o" 0 6 0x50000024 warning ".text's copy: klp 5, rela 1"
expect_grep "$W/e" "(flags 0x6: executable, its branches are counted for PLTs)" \
	"the copy read as executable"
relocate_past "$W/infofar.o" 1 >/dev/null
[ "$(grep -c ': error: arm64-info-oob: .*names a string at file offset [0-9]*, past the file' "$W/e")" = 2 ]
ok $? "a name past the file: an error for each section (the kernel's strncmp() may oops)"
[ "$(relocate_past "$W/infofar.o" 1)" = "$(printf '0x%x 0x50000024' $(((2 + 1) * 12)))" ]
ok $? "a name past the file: klp not counted"

tap_done
