# SPDX-License-Identifier: GPL-2.0
# Shared by the arm64 oracle tests: cross tools and fixed addresses.
X=aarch64-linux-gnu-
RELOCATE=$KLP_TOOLS/relocate
ARM64_DIR=$TOPDIR/tests/arch/arm64

# Region bases: realistic 6.12 module addresses, 80 MiB below _text.
T=0xffff80007b000000
D=0xffff80007b100000
# .init.plt's region gets a base too: packed regions start at the module
# area's bottom, which is T (see the report: the core may overlap them)
IT=0xffff80007a000000

declare -A SYM=(
	[kfunc]=0xffff800080123450	# vmlinux text, within 128 MiB
	[kdata]=0xffff800081234560	# 16-byte aligned lo12 (0x560)
	[sym_u16]=0xbeef
	[sym_u32]=0xdeadbeef
	[sym_u48]=0x123456789abc
	[sym_big]=0xffff800080123456
	[sym_neg16]=0xffffffffffffedcc		# -0x1234
	[sym_neg32]=0xffffffffedcba988		# -0x12345678
	[sym_neg48]=0xffffedcba9876544		# -0x123456789abc
	[near_sym]=0xffff80007b040000		# T + 256 KiB
	[near_lit]=0xffff80007b080000		# T + 512 KiB
	[near_back]=0xffff80007afff000		# T - 4 KiB
	[near_br]=0xffff80007b004000		# T + 16 KiB
	[near_data]=0xffff80007b100100		# D + 0x100
	[near_data_back]=0xffff80007b0ffe00	# D - 0x200
)

# ld_syms / rel_syms: the same symbol table for both sides
ld_syms() {
	local k
	for k in "${!SYM[@]}"; do printf -- '--defsym=%s=%s\n' "$k" "${SYM[$k]}"; done
}
rel_syms() {
	local k
	for k in "${!SYM[@]}"; do printf -- '--sym=%s=%s\n' "$k" "${SYM[$k]}"; done
}

# mklds TEXT DATA OUT
mklds() {
	sed -e "s/@TEXT@/$1/" -e "s/@DATA@/$2/" "$ARM64_DIR/oracle.lds.in" >"$3"
}

# has_reloc OBJ TYPE: the assembler really emitted R_AARCH64_TYPE
has_reloc() {
	${X}readelf -rW "$1" | awk '{print $3}' | grep -qx "R_AARCH64_$2"
}
