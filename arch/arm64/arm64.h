/* SPDX-License-Identifier: GPL-2.0 */
/* Private to the arm64 backend: what its files share. */
#ifndef KLPRELOC_ARCH_ARM64_H
#define KLPRELOC_ARCH_ARM64_H

#include <klpreloc/arch.h>

/* The kernel's R_AARCH64_NONE (asm/elf.h); glibc's 0 is R_ARM_NONE there */
#define ARM64_R_NONE_ALT	256

/* Instruction words and fields (arch/arm64/include/asm/insn.h) */
#define ARM64_INSN_ADR		0x10000000u
#define ARM64_INSN_ADRP		0x90000000u
#define ARM64_INSN_ADRP_MASK	0x9f000000u
#define ARM64_INSN_ADD_IMM64	0x91000000u	/* add Xd, Xn, #imm */
#define ARM64_INSN_B		0x14000000u
#define ARM64_INSN_BR		0xd61f0000u
#define ARM64_BREAK_FAULT	0xd4202000u	/* brk #0x100 */
#define ARM64_REG_IP0		16	/* x16, free in a veneer */

/* Immediate fields, as enum aarch64_insn_imm_type */
enum arm64_imm {
	ARM64_IMM_26,
	ARM64_IMM_19,
	ARM64_IMM_16,
	ARM64_IMM_14,
	ARM64_IMM_12,
	ARM64_IMM_ADR,
};

uint32_t arm64_encode_imm(enum arm64_imm type, uint32_t insn, uint64_t imm);
uint64_t arm64_decode_imm(enum arm64_imm type, uint32_t insn);
uint32_t arm64_gen_adrp(uint64_t pc, uint64_t addr, unsigned int reg);
uint32_t arm64_gen_add_imm64(unsigned int rd, unsigned int rn, uint64_t imm);
uint32_t arm64_gen_b(uint64_t pc, uint64_t addr);
int32_t arm64_adrp_offset(uint32_t insn);

/* struct plt_entry: adrp x16 / add x16 / br x16, or an ADRP veneer */
#define ARM64_PLT_SIZE		12

/* One of mod->arch.core / mod->arch.init (struct mod_plt_sec) */
struct arm64_plt_sec {
	unsigned int shndx;	/* the module's .plt / .init.plt, or 0 */
	int mem;		/* region when reserved (no section) */
	uint64_t off;		/* offset of the reservation in it */
	uint64_t size;		/* bytes of PLT space */
	int num_entries, max_entries;
};

struct arm64_mod {
	struct arm64_plt_sec core, init;
};

/* Runtime address of the first slot of a PLT area. */
uint64_t arm64_plt_base(struct klp_module *me,
			const struct arm64_plt_sec *ps);

/* Late writes: plain stores before 6.17, aarch64_insn_copy() after. */
enum klp_write_kind arm64_write_kind(const struct klp_module *me);
/* Slots of the PLT area are written with plain stores in every version */
enum klp_write_kind arm64_plt_write_kind(const struct klp_module *me);

/* Indices into klp_arch_arm64.opts and me->arch_opt[] */
enum { ARM64_OPT_ERRATUM_843419, ARM64_OPT_LIVEPATCH_SERIES };

/* 6.17, or 6.12 with the project's series (arch/arm64/linux-6.12) */
bool arm64_late_text_poke(const struct klp_module *me);

bool arm64_erratum_843419(const struct klp_module *me);
bool arm64_forbidden_adrp(const struct klp_module *me, uint64_t place);

int arm64_frob_arch_sections(struct klp_module *me);
void arm64_release(struct klp_module *me);
/* 0 and the slot's address in *out, or -errno after one diagnostic */
int arm64_emit_plt_entry(struct klp_module *me, uint64_t loc, uint64_t val,
			 uint64_t *out);
int arm64_emit_veneer_for_adrp(struct klp_module *me, uint64_t loc,
			       uint64_t val, uint64_t *out);

int arm64_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			     unsigned int symindex, unsigned int relsec,
			     struct klp_module *me);
const char *arm64_reloc_name(uint32_t type);

#endif /* KLPRELOC_ARCH_ARM64_H */
