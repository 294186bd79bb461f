// SPDX-License-Identifier: GPL-2.0
/*
 * apply_relocate_add() of 6.12's arch/powerpc/kernel/module_64.c, ELFv2
 * without CONFIG_PPC_KERNEL_PCREL. S is the symbol value, A the addend,
 * P the location, .TOC. = my_r2 (the module's r2). The kernel computes
 * in unsigned long; so do we (uint64_t), range checks included.
 * There is no clear_relocate_add() on powerpc in 6.12.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "ppc64.h"

/* PPC64_LOCAL_ENTRY_OFFSET(): st_other bits 5-7 encode the distance */
static uint64_t ppc64_local_entry_offset(const Elf64_Sym *sym)
{
	unsigned int e = (sym->st_other & 0xe0) >> 5;

	return (uint64_t)(((1u << e) >> 2) << 2);
}

/* The first apply of the module gives .TOC. (now "TOC.", SHN_ABS) r2. */
static void ppc64_fix_dot_toc(struct klp_module *me)
{
	struct ppc64_mod *pm = ppc64_mod(me);

	if (pm->toc_fixed)
		return;
	for (size_t i = 1; i < me->nsyms; i++) {
		Elf64_Sym *sym = &me->syms[i];

		if (sym->st_shndx == SHN_ABS &&
		    !strcmp(klp_symname(me, sym), "TOC.")) {
			sym->st_value = ppc64_my_r2(me);
			break;
		}
	}
	pm->toc_fixed = true;
}

/* A 16-bit field: keep the bits outside mask, as the kernel's RMW does. */
static int ppc64_put16(struct klp_module *me, const struct klp_place *pl,
		       uint16_t v, uint16_t mask)
{
	unsigned char b[2];

	put_le16(b, (uint16_t)((get_le16(pl->p) & ~mask) | (v & mask)));
	return ppc64_place_write(me, pl, b, 2, KLP_WRITE_PLAIN);
}

static int ppc64_put32(struct klp_module *me, const struct klp_place *pl,
		       uint32_t v, enum klp_write_kind kind)
{
	unsigned char b[4];

	put_le32(b, v);
	return ppc64_place_write(me, pl, b, 4, kind);
}

static int ppc64_put64(struct klp_module *me, const struct klp_place *pl,
		       uint64_t v)
{
	unsigned char b[8];

	put_le64(b, v);
	return ppc64_place_write(me, pl, b, 8, KLP_WRITE_PLAIN);
}

/*
 * R_PPC64_REL24 (S + A - P, bits 6-29 of a b/bl): calls leaving the
 * module (SHN_UNDEF, or SHN_LIVEPATCH once klp resolved it) go through a
 * stub, and the nop after the call becomes the r2 restore; calls inside
 * go to the local entry point.
 */
static int ppc64_rel24(struct klp_module *me, const Elf64_Sym *sym,
		       uint64_t value, const struct klp_place *pl)
{
	const char *name = klp_symname(me, sym);
	uint64_t loc = pl->addr;
	uint32_t insn;
	int ret;

	if (sym->st_shndx == SHN_UNDEF ||
	    (sym->st_shndx == SHN_LIVEPATCH &&
	     me->opts->kver >= KLP_KVER(4, 16))) {
		ret = ppc64_stub_for_addr(me, value, name, &value);
		if (ret)
			return -ENOENT;
		if (ppc64_restore_r2(me, name, loc + 4))
			return -ENOEXEC;
	} else {
		value += ppc64_local_entry_offset(sym);
	}

	value -= loc;
	if (value + 0x2000000 > 0x3ffffff || (value & 3) != 0) {
		klp_kerr(me, "ppc64-rel24-range",
			 PPC64_PFX "%s: REL24 %" PRId64 " out of range!",
			 me->name, (int64_t)value);
		return -ENOEXEC;
	}
	insn = (get_le32(pl->p) & ~PPC64_LI_MASK) |
	       ((uint32_t)value & PPC64_LI_MASK);
	if (ppc64_put32(me, pl, insn, ppc64_insn_write_kind(me)))
		return -EFAULT;
	return 0;
}

/*
 * R_PPC64_ENTRY: a large-code-model global entry
 *	ld r2,x(r12); add r2,r2,r12
 * becomes addis r2,r12,(.TOC.-P)@ha; addi r2,r2,(.TOC.-P)@l when the
 * TOC is within +-2 GiB. Anything else is left alone.
 */
static int ppc64_entry(struct klp_module *me, const struct klp_target *tgt,
		       const Elf64_Rela *rel, const struct klp_place *pl)
{
	uint64_t value = ppc64_my_r2(me) - pl->addr;
	struct klp_place p0, p1;
	uint32_t i0, i1;

	if (value + 0x80008000 > 0xffffffff)
		return 0;
	/* both words of the sequence, in the one region that holds them */
	if (klp_target_place(me, tgt, rel, 8, &p0))
		return -ENOEXEC;
	p1 = p0;
	p1.addr += 4;
	p1.p += 4;
	i0 = get_le32(p0.p);
	i1 = get_le32(p1.p);
	if ((i0 & ~0xfffcu) != PPC64_INSN_LD_R2_0_R12 ||
	    i1 != PPC64_INSN_ADD_R2_R2_R12)
		return 0;
	if (ppc64_put32(me, &p0, PPC64_INSN_ADDIS_R2_R12 | PPC64_HA(value),
			KLP_WRITE_PLAIN) ||
	    ppc64_put32(me, &p1, PPC64_INSN_ADDI_R2_R2 | PPC64_LO(value),
			KLP_WRITE_PLAIN))
		return -EFAULT;
	return 0;
}

/* Bytes each type touches at r_offset (0: none, -1: not handled). */
static int ppc64_reloc_len(uint32_t type)
{
	switch (type) {
	case R_PPC64_ADDR64:
	case R_PPC64_TOC:
	case R_PPC64_REL64:
		return 8;
	case R_PPC64_ADDR32:
	case R_PPC64_REL24:
	case R_PPC64_REL32:
	case R_PPC64_ENTRY:	/* 8 once the TOC is known to be near */
		return 4;
	case R_PPC64_TOC16:
	case R_PPC64_TOC16_LO:
	case R_PPC64_TOC16_DS:
	case R_PPC64_TOC16_LO_DS:
	case R_PPC64_TOC16_HA:
	case R_PPC64_REL16_HA:
	case R_PPC64_REL16_LO:
		return 2;
	case R_PPC64_TOCSAVE:
		return 0;
	default:
		return -1;
	}
}

static int ppc64_apply_one(struct klp_module *me, const struct klp_target *tgt,
			   const Elf64_Rela *rel)
{
	uint32_t type = (uint32_t)ELF64_R_TYPE(rel->r_info);
	const Elf64_Sym *sym = &me->syms[ELF64_R_SYM(rel->r_info)];
	uint64_t value = sym->st_value + (uint64_t)rel->r_addend;
	uint64_t r2 = ppc64_my_r2(me);
	int len = ppc64_reloc_len(type);
	struct klp_place pl = { 0, -1, NULL };
	uint64_t loc;

	if (len < 0) {
		klp_kerr(me, "unknown-reloc",
			 PPC64_PFX "%s: Unknown ADD relocation: %lu", me->name,
			 (unsigned long)type);
		return -ENOEXEC;
	}
	if (len && klp_target_place(me, tgt, rel, (size_t)len, &pl))
		return -ENOEXEC;
	loc = pl.addr;

	switch (type) {
	case R_PPC64_ADDR32:
		/* S + A, truncated: the kernel does not check the range */
		return ppc64_put32(me, &pl, (uint32_t)value, KLP_WRITE_PLAIN) ?
		       -EFAULT : 0;
	case R_PPC64_ADDR64:
		/* S + A */
		return ppc64_put64(me, &pl, value) ? -EFAULT : 0;
	case R_PPC64_TOC:
		/* .TOC. */
		return ppc64_put64(me, &pl, r2) ? -EFAULT : 0;
	case R_PPC64_TOC16:
		/* S + A - .TOC., signed 16 bits */
		value -= r2;
		if (value + 0x8000 > 0xffff) {
			klp_kerr(me, "ppc64-toc16-range",
				 PPC64_PFX "%s: bad TOC16 relocation (0x%" PRIx64 ")",
				 me->name, value);
			return -ENOEXEC;
		}
		return ppc64_put16(me, &pl, (uint16_t)value, 0xffff) ?
		       -EFAULT : 0;
	case R_PPC64_TOC16_LO:
		/* #lo(S + A - .TOC.) */
		value -= r2;
		return ppc64_put16(me, &pl, (uint16_t)value, 0xffff) ?
		       -EFAULT : 0;
	case R_PPC64_TOC16_DS:
		/* (S + A - .TOC.) >> 2, signed, in a DS field */
		value -= r2;
		if ((value & 3) != 0 || value + 0x8000 > 0xffff) {
			klp_kerr(me, "ppc64-toc16-ds",
				 PPC64_PFX "%s: bad TOC16_DS relocation (0x%" PRIx64 ")",
				 me->name, value);
			return -ENOEXEC;
		}
		return ppc64_put16(me, &pl, (uint16_t)value, 0xfffc) ?
		       -EFAULT : 0;
	case R_PPC64_TOC16_LO_DS:
		/* #lo(S + A - .TOC.) >> 2, must be a multiple of 4 */
		value -= r2;
		if ((value & 3) != 0) {
			klp_kerr(me, "ppc64-toc16-lo-ds",
				 PPC64_PFX "%s: bad TOC16_LO_DS relocation (0x%" PRIx64 ")",
				 me->name, value);
			return -ENOEXEC;
		}
		return ppc64_put16(me, &pl, (uint16_t)value, 0xfffc) ?
		       -EFAULT : 0;
	case R_PPC64_TOC16_HA:
		/* #ha(S + A - .TOC.) */
		value -= r2;
		value = (value + 0x8000) >> 16;
		return ppc64_put16(me, &pl, (uint16_t)value, 0xffff) ?
		       -EFAULT : 0;
	case R_PPC64_REL24:
		return ppc64_rel24(me, sym, value, &pl);
	case R_PPC64_REL64:
		/* S + A - P */
		return ppc64_put64(me, &pl, value - loc) ? -EFAULT : 0;
	case R_PPC64_REL32:
		/* S + A - P, signed 32 bits */
		value -= loc;
		if (value + 0x80000000 > 0xffffffff) {
			klp_kerr(me, "ppc64-rel32-range",
				 PPC64_PFX "%s: REL32 %" PRId64 " out of range!",
				 me->name, (int64_t)value);
			return -ENOEXEC;
		}
		return ppc64_put32(me, &pl, (uint32_t)value, KLP_WRITE_PLAIN) ?
		       -EFAULT : 0;
	case R_PPC64_TOCSAVE:
		/* a hint that r2 need not be saved: ignored */
		return 0;
	case R_PPC64_ENTRY:
		return ppc64_entry(me, tgt, rel, &pl);
	case R_PPC64_REL16_HA:
		/* #ha(S + A - P) */
		value -= loc;
		value = (value + 0x8000) >> 16;
		return ppc64_put16(me, &pl, (uint16_t)value, 0xffff) ?
		       -EFAULT : 0;
	case R_PPC64_REL16_LO:
		/* #lo(S + A - P) */
		value -= loc;
		return ppc64_put16(me, &pl, (uint16_t)value, 0xffff) ?
		       -EFAULT : 0;
	}
	return 0;
}

int ppc64_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			     unsigned int symindex, unsigned int relsec,
			     struct klp_module *me)
{
	struct klp_target tgt;
	Elf64_Rela *rela;
	size_t nr;
	int ret = 0;

	if (!ppc64_mod(me)) {
		klp_rel_err(me, "ppc64-no-frob",
			    "relocation before module_frob_arch_sections()");
		return -EINVAL;
	}
	ppc64_fix_dot_toc(me);
	me->cur_relsec = relsec;
	rela = klp_relas(me, relsec, &nr);
	/* each target's address, and its bytes, are found once */
	klp_target_begin(me, relsec, &tgt);
	for (size_t i = 0; i < nr; i++) {
		me->cur_rel = (long)i;
		ret = ppc64_apply_one(me, &tgt, &rela[i]);
		if (ret)
			break;
	}
	me->cur_rel = -1;
	return ret;
}
