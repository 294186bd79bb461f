/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the ppc64le backend: the module's arch state (the kernel's
 * struct mod_arch_specific for ELFv2 without PCREL) and the instruction
 * words that 6.12's arch/powerpc/kernel/module_64.c writes.
 */
#ifndef KLPRELOC_ARCH_POWERPC_PPC64_H
#define KLPRELOC_ARCH_POWERPC_PPC64_H

#include <stdbool.h>
#include <stdint.h>

#include <klpreloc/module.h>

/* ELFv2 ABI types glibc's <elf.h> does not define (yet). */
#ifndef R_PPC64_REL24_NOTOC
#define R_PPC64_REL24_NOTOC		116
#endif
#ifndef R_PPC64_ADDR64_LOCAL
#define R_PPC64_ADDR64_LOCAL		117
#endif
#ifndef R_PPC64_ENTRY
#define R_PPC64_ENTRY			118
#endif
#ifndef R_PPC64_PCREL34
#define R_PPC64_PCREL34			132
#endif
#ifndef R_PPC64_GOT_PCREL34
#define R_PPC64_GOT_PCREL34		133
#endif

/*
 * struct ppc64_stub_entry: jump[7], magic, funcdata (ELFv2: one address).
 * 40 bytes, 8-aligned.
 */
#define PPC64_STUB_SIZE			40
#define PPC64_STUB_MAGIC_OFF		28
#define PPC64_STUB_FUNCDATA_OFF		32
#define PPC64_STUB_MAGIC		0x73747562u	/* "stub" */

/* Book3S-64 kernels default to 64K pages (PPC_64K_PAGES). */
/* the knobs: arch_opt[] indices */
enum { PPC64_OPT_PAGE_SIZE };
/* PAGE_SIZE of the modelled kernel (ppc64le.page-size) */
#define PPC64_PAGE_SIZE(me)		((me)->arch_opt[PPC64_OPT_PAGE_SIZE])

/* Instruction words (PPC_RAW_* in the kernel's ppc-opcode.h) */
#define PPC64_INSN_NOP		0x60000000u	/* ori r0,r0,0 */
#define PPC64_INSN_LD_TOC	0xe8410018u	/* ld r2,24(r1) */
#define PPC64_INSN_ADDIS_R11_R2	0x3d620000u	/* addis r11,r2,0 */
#define PPC64_INSN_ADDI_R11_R11	0x396b0000u	/* addi r11,r11,0 */
#define PPC64_INSN_STD_R2_24_R1	0xf8410018u	/* std r2,24(r1) */
#define PPC64_INSN_LD_R12_32_R11 0xe98b0020u	/* ld r12,32(r11) */
#define PPC64_INSN_MTCTR_R12	0x7d8903a6u	/* mtctr r12 */
#define PPC64_INSN_BCTR		0x4e800420u	/* bctr */
#define PPC64_INSN_LD_R2_0_R12	0xe84c0000u	/* ld r2,0(r12) */
#define PPC64_INSN_ADD_R2_R2_R12 0x7c426214u	/* add r2,r2,r12 */
#define PPC64_INSN_ADDIS_R2_R12	0x3c4c0000u	/* addis r2,r12,0 */
#define PPC64_INSN_ADDI_R2_R2	0x38420000u	/* addi r2,r2,0 */
#define PPC64_INSN_ADDIS_R12_R12 0x3d8c0000u	/* addis r12,r12,0 */
#define PPC64_INSN_ADDI_R12_R12	0x398c0000u	/* addi r12,r12,0 */
/*
 * ld r12,16(r13): paca->kernel_toc, at offset 16 with PPC_PSERIES (the
 * lppaca pointer comes first; 8 on a powernv-only kernel)
 */
#define PPC64_INSN_LD_R12_PACATOC 0xe98d0010u
#define PPC64_LI_MASK		0x03fffffcu

#define PPC64_LO(v)		((uint32_t)(v) & 0xffff)
#define PPC64_HA(v)		((uint32_t)(((v) + 0x8000) >> 16) & 0xffff)

/* The kernel's printk prefix for this file (pr_fmt: KBUILD_MODNAME). */
#define PPC64_PFX		"module_64: "

/* mod->arch for a 64-bit ELFv2, non-PCREL kernel */
struct ppc64_mod {
	unsigned int stubs_section;	/* .stubs (the kernel requires it) */
	unsigned int toc_section;	/* 0: r2 derived from the stubs */
	uint64_t stubs_size;		/* entries * PPC64_STUB_SIZE */
	bool toc_fixed;			/* .TOC. has been given my_r2 */
	/* slots module_finalize_ftrace() takes (ppc64_module_finalize) */
	unsigned int ftrace_first, ftrace_nr;
	/*
	 * funcdata of the one stub stub_for_addr() can put just past the end
	 * of .stubs when that slot lies in the zeroed tail of the text
	 * region's last page, which we hold no bytes for; 0: none there.
	 */
	uint64_t past_end;
};

static inline struct ppc64_mod *ppc64_mod(const struct klp_module *me)
{
	return me->arch_priv;
}

/* Every write: klp_write() plus the late-plain-store warning. */
int ppc64_write(struct klp_module *me, uint64_t addr, const void *buf,
		size_t len, enum klp_write_kind kind);
/* The same at a relocation's place, found once per section. */
int ppc64_place_write(struct klp_module *me, const struct klp_place *pl,
		      const void *buf, size_t len, enum klp_write_kind kind);
/* Writes a target-endian (LE) word through ppc64_write(). */
int ppc64_write32(struct klp_module *me, uint64_t addr, uint32_t v,
		  enum klp_write_kind kind);
/* Reads a word of the module; -EFAULT with a diagnostic outside it. */
int ppc64_read32(struct klp_module *me, uint64_t addr, uint32_t *v);

uint64_t ppc64_stubs_addr(const struct klp_module *me);
uint64_t ppc64_my_r2(const struct klp_module *me);

/* Kind of write for REL24, stubs and the r2 restore in kernel kver. */
enum klp_write_kind ppc64_insn_write_kind(const struct klp_module *me);

/* stubs.c */
int ppc64_stub_for_addr(struct klp_module *me, uint64_t addr,
			const char *name, uint64_t *stub);
int ppc64_restore_r2(struct klp_module *me, const char *name, uint64_t insn);
bool ppc64_is_mprofile_ftrace_call(const char *name);

/* ksym.c: what printk's %pS prints for addr */
void ppc64_sprint_symbol(const struct klp_module *me, uint64_t addr,
			 char *buf, size_t len);

/* reloc.c, names.c, module.c */
int ppc64_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			     unsigned int symindex, unsigned int relsec,
			     struct klp_module *me);
const char *ppc64_reloc_name(uint32_t type);
int ppc64_frob_arch_sections(struct klp_module *me);
int ppc64_module_finalize(struct klp_module *me);
void ppc64_release(struct klp_module *me);

#endif /* KLPRELOC_ARCH_POWERPC_PPC64_H */
