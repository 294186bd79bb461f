// SPDX-License-Identifier: GPL-2.0
/*
 * The few A64 encoders the module loader uses (arch/arm64/lib/insn.c of
 * Linux 6.12): immediate fields, and the adrp/add/b/br words of PLT
 * entries and erratum 843419 veneers. Like the kernel's, an encoder that
 * cannot express its operands returns the BRK "fault" word instead.
 */
#include "arm64.h"

/* ADR/ADRP split their 21-bit immediate: immlo [30:29], immhi [23:5] */
#define ADR_LO_BITS	2
#define ADR_LO_SHIFT	29
#define ADR_HI_SHIFT	5
#define ADR_LO_MASK	0x3u
#define ADR_HI_MASK	0x7ffffu

static void field(enum arm64_imm type, uint32_t *mask, int *shift)
{
	switch (type) {
	case ARM64_IMM_26:
		*mask = (1u << 26) - 1;
		*shift = 0;
		break;
	case ARM64_IMM_19:
		*mask = (1u << 19) - 1;
		*shift = 5;
		break;
	case ARM64_IMM_16:
		*mask = (1u << 16) - 1;
		*shift = 5;
		break;
	case ARM64_IMM_14:
		*mask = (1u << 14) - 1;
		*shift = 5;
		break;
	case ARM64_IMM_12:
	default:
		*mask = (1u << 12) - 1;
		*shift = 10;
		break;
	}
}

uint32_t arm64_encode_imm(enum arm64_imm type, uint32_t insn, uint64_t imm)
{
	uint32_t mask, v;
	int shift;

	if (insn == ARM64_BREAK_FAULT)
		return insn;
	if (type == ARM64_IMM_ADR) {
		v = (uint32_t)(imm & ADR_LO_MASK) << ADR_LO_SHIFT |
		    (uint32_t)((imm >> ADR_LO_BITS) & ADR_HI_MASK) <<
			    ADR_HI_SHIFT;
		mask = ADR_LO_MASK << ADR_LO_SHIFT |
		       ADR_HI_MASK << ADR_HI_SHIFT;
		return (insn & ~mask) | v;
	}
	field(type, &mask, &shift);
	insn &= ~(mask << shift);
	return insn | ((uint32_t)imm & mask) << shift;
}

/* The raw field, not sign-extended (aarch64_insn_decode_immediate) */
uint64_t arm64_decode_imm(enum arm64_imm type, uint32_t insn)
{
	uint32_t mask;
	int shift;

	if (type == ARM64_IMM_ADR)
		return ((insn >> ADR_HI_SHIFT) & ADR_HI_MASK) << ADR_LO_BITS |
		       ((insn >> ADR_LO_SHIFT) & ADR_LO_MASK);
	field(type, &mask, &shift);
	return (insn >> shift) & mask;
}

/*
 * adrp Xreg, addr. The kernel computes the page delta in unsigned long
 * and keeps it in an s32: only +-4 GiB is representable.
 */
uint32_t arm64_gen_adrp(uint64_t pc, uint64_t addr, unsigned int reg)
{
	int32_t off = (int32_t)(uint32_t)((addr - (pc & ~0xfffULL)) >> 12);

	if (off < -(1 << 20) || off >= (1 << 20))
		return ARM64_BREAK_FAULT;
	return arm64_encode_imm(ARM64_IMM_ADR, ARM64_INSN_ADRP | (reg & 0x1f),
				(uint64_t)(int64_t)off);
}

/* add Xrd, Xrn, #imm (optionally "lsl #12") */
uint32_t arm64_gen_add_imm64(unsigned int rd, unsigned int rn, uint64_t imm)
{
	uint32_t insn = ARM64_INSN_ADD_IMM64;

	if (imm & ~((1ULL << 24) - 1))
		return ARM64_BREAK_FAULT;
	if (imm & ~0xfffULL) {
		if (imm & 0xfff)
			return ARM64_BREAK_FAULT;
		imm >>= 12;
		insn |= 1u << 22;
	}
	insn |= (rd & 0x1f) | (rn & 0x1f) << 5;
	return arm64_encode_imm(ARM64_IMM_12, insn, imm);
}

/* b addr: both ends word aligned and within [-128 MiB, 128 MiB) */
uint32_t arm64_gen_b(uint64_t pc, uint64_t addr)
{
	int64_t off = (int64_t)(addr - pc);

	if ((pc | addr) & 3 || off < -(1LL << 27) || off >= (1LL << 27))
		return ARM64_BREAK_FAULT;
	return arm64_encode_imm(ARM64_IMM_26, ARM64_INSN_B,
				(uint64_t)(off >> 2));
}

/* aarch64_insn_adrp_get_offset(): field << 12, truncated to s32 */
int32_t arm64_adrp_offset(uint32_t insn)
{
	return (int32_t)(uint32_t)(arm64_decode_imm(ARM64_IMM_ADR, insn) << 12);
}
