/* SPDX-License-Identifier: GPL-2.0 */
/* Private to the s390x backend: what its files share. */
#ifndef KLPRELOC_ARCH_S390_H
#define KLPRELOC_ARCH_S390_H

#include <stdbool.h>

#include <klpreloc/arch.h>

/* s390x ELF ABI types newer than glibc's <elf.h> (binutils knows them) */
#ifndef R_390_PC12DBL
#define R_390_PC12DBL		62
#define R_390_PLT12DBL		63
#define R_390_PC24DBL		64
#define R_390_PLT24DBL		65
#endif

/* Indices into klp_arch_s390x.opts and me->arch_opt[] */
enum { S390_OPT_EXPOLINE };

/* basr, lg, br (or brcl to the expoline thunk), then the 8-byte target */
#define S390_PLT_ENTRY_SIZE	22
#define S390_NO_SLOT		UINT64_MAX

/* The kernel's struct mod_arch_syminfo: one per symbol table entry. */
struct s390_syminfo {
	uint64_t got_offset;	/* in the GOT, or S390_NO_SLOT */
	uint64_t plt_offset;	/* in the PLT, or S390_NO_SLOT */
	bool got_initialized;
	bool plt_initialized;
};

/* The kernel's struct mod_arch_specific (me->arch_priv). */
struct s390_mod_arch {
	uint64_t got_offset;	/* GOT start, offset in the text region */
	uint64_t plt_offset;	/* PLT start, offset in the text region */
	uint64_t got_size;
	uint64_t plt_size;	/* includes the expoline thunk entry */
	size_t nsyms;
	struct s390_syminfo *syminfo;
	bool expoline;		/* CONFIG_EXPOLINE && !nospec_disable */
};

/* Relocation classes: the loader asks what kind a type is, not its bits. */
enum s390_class {
	S390_UNKNOWN,	/* the default: case of the kernel's switch */
	S390_NONE,
	S390_ABS,	/* S + A */
	S390_PC,	/* S + A - P */
	S390_GOT,	/* O + A: offset of the symbol's GOT slot */
	S390_GOTENT,	/* G + O + A - P */
	S390_PLT,	/* L + A - P (or S + A - P when in direct reach) */
	S390_PLTOFF,	/* L + A - G */
	S390_GOTOFF,	/* S + A - G */
	S390_GOTPC,	/* G + A - P */
	S390_DYNAMIC,	/* COPY, GLOB_DAT, JMP_SLOT, RELATIVE: refused */
};

struct s390_howto {
	unsigned char cls;	/* enum s390_class */
	bool sign;		/* range checked as signed */
	unsigned char bits;	/* field width: 8, 12, 16, 20, 32, 64 */
	unsigned char shift;	/* 1 for the *DBL halfword-scaled types */
};

const struct s390_howto *s390_howto(uint32_t type);

int s390_frob_arch_sections(struct klp_module *me);
int s390_module_finalize(struct klp_module *me);
void s390_release(struct klp_module *me);
void s390_plt_entry(unsigned char *insn, uint64_t ip, uint64_t jump_r1,
		    uint64_t target, bool expoline);
int s390_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			    unsigned int symindex, unsigned int relsec,
			    struct klp_module *me);
const char *s390_reloc_name(uint32_t type);

#endif /* KLPRELOC_ARCH_S390_H */
