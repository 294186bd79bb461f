# SPDX-License-Identifier: GPL-2.0
# Shared by the ppc64le tests: tools, addresses, helpers. Source after tap.sh.
D=$TOPDIR/tests/arch/powerpc
T=$KLP_TMP
X=powerpc64le-linux-gnu-
RELOCATE=$KLP_TOOLS/relocate

# reltype OBJ OFFSET: the type readelf shows at r_offset OFFSET (hex, 16 digits)
reltype() {
	${X}readelf -rW "$1" | awk -v o="$2" '$1 == o && $3 ~ /^R_PPC64_/ { print $3; exit }'
}

# reltypes OBJ: every relocation type in OBJ, one a line
reltypes() { ${X}readelf -rW "$1" | awk '$3 ~ /^R_PPC64_/ { print $3 }'; }

# symval ELF NAME: a symbol's value in a linked file, as 0x...
symval() {
	${X}readelf -sW "$1" | awk -v n="$2" '$8 == n { print "0x" $2; exit }'
}

# word FILE OFFSET: the little-endian 32-bit word at OFFSET, as 0x%08x
word() {
	od -An -tx4 -j "$(($2))" -N4 --endian=little "$1" | tr -d ' ' |
		sed 's/^/0x/'
}

# asm_words 'INSN; INSN...': the words GNU as encodes, one 0x%08x a line
asm_words() {
	printf '\t.abiversion 2\n%s\n' "$1" | tr ';' '\n' >"$T/w.S"
	${X}as -o "$T/w.o" "$T/w.S" &&
	${X}objcopy -O binary -j .text "$T/w.o" "$T/w.bin" &&
	od -An -tx4 -v --endian=little "$T/w.bin" | tr -s ' ' '\n' |
		sed '/^$/d; s/^/0x/'
}
