// SPDX-License-Identifier: GPL-2.0
/*
 * GOT and PLT of an s390x module: module_frob_arch_sections() and the
 * PLT half of module_finalize() of Linux 6.12 (arch/s390/kernel/module.c).
 *
 * The kernel cannot add sections, so it counts one 8-byte GOT slot per
 * symbol used by a GOT-type relocation and one 22-byte PLT entry per
 * symbol used by a PLT-type relocation, over every SHT_RELA section
 * (SHF_RELA_LIVEPATCH ones included: late klp relocations need their
 * slots too), and grows MOD_TEXT by that much before the sections are
 * laid out: the GOT sits at the start of the text region, then the PLT,
 * then the text sections.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>

#include "s390.h"

/*
 * CONFIG_EXPOLINE && !nospec_disable. s390 defconfig has EXPOLINE=y and
 * EXPOLINE_AUTO, which keeps expolines on any machine without the etoken
 * facility (156), QEMU included: that is the default of the knob. A
 * kernel without EXPOLINE (tinyconfig, the QEMU matrix) or booted with
 * nospectre_v2 on a z15 has no thunk: s390x.expoline=off.
 */
static bool expoline_enabled(const struct klp_module *me)
{
	/* expolines, and the thunk in the PLT, came in 4.16 */
	if (me->opts && me->opts->kver < KLP_KVER(4, 16))
		return false;
	return me->arch_opt[S390_OPT_EXPOLINE] != 0;
}

/* The kernel's check_rela(): one slot per symbol, not per relocation. */
static void count_rela(struct s390_mod_arch *a, const Elf64_Rela *r)
{
	const struct s390_howto *h = s390_howto(ELF64_R_TYPE(r->r_info));
	uint64_t sym = ELF64_R_SYM(r->r_info);
	struct s390_syminfo *info;

	/* the core checked r_sym; a bad one cannot take a slot anyway */
	if (sym >= a->nsyms)
		return;
	info = &a->syminfo[sym];
	switch (h->cls) {
	case S390_GOT:
	case S390_GOTENT:
		if (info->got_offset == S390_NO_SLOT) {
			info->got_offset = a->got_size;
			a->got_size += 8;
		}
		break;
	case S390_PLT:
	case S390_PLTOFF:
		if (info->plt_offset == S390_NO_SLOT) {
			info->plt_offset = a->plt_size;
			a->plt_size += S390_PLT_ENTRY_SIZE;
		}
		break;
	}
}

int s390_frob_arch_sections(struct klp_module *me)
{
	struct s390_mod_arch *a;

	if (!me->symindex) {
		char k[300];

		snprintf(k, sizeof(k), "module %s: no symbol table", me->name);
		klp_report(me, KLP_ERR, -1, -1, "s390-no-symtab", k, NULL);
		return -ENOEXEC;
	}
	a = calloc(1, sizeof(*a));
	if (a)
		a->syminfo = calloc(me->nsyms ? me->nsyms : 1,
				    sizeof(*a->syminfo));
	if (!a || !a->syminfo) {
		free(a);
		klp_report(me, KLP_ERR, -1, -1, "s390-nomem", NULL,
			   "cannot allocate the GOT/PLT bookkeeping of %zu symbols",
			   me->nsyms);
		return -ENOMEM;
	}
	s390_release(me);	/* a second layout starts afresh */
	me->arch_priv = a;
	a->nsyms = me->nsyms;
	a->expoline = expoline_enabled(me);
	for (size_t i = 0; i < me->nsyms; i++) {
		Elf64_Sym *s = &me->syms[i];

		/* "Define" it as absolute, as the kernel does. */
		if (s->st_shndx == SHN_UNDEF &&
		    !strcmp(klp_symname(me, s), "_GLOBAL_OFFSET_TABLE_"))
			s->st_shndx = SHN_ABS;
		a->syminfo[i].got_offset = S390_NO_SLOT;
		a->syminfo[i].plt_offset = S390_NO_SLOT;
	}

	for (unsigned int i = 0; i < me->shnum; i++) {
		const Elf64_Rela *r;
		size_t nr;

		if (me->sechdrs[i].sh_type != SHT_RELA)
			continue;
		r = klp_relas(me, i, &nr);
		for (size_t j = 0; j < nr; j++)
			count_rela(a, &r[j]);
	}

	/* ALIGN(size, 4), GOT, then PLT (+ the thunk entry), unaligned */
	a->got_offset = klp_mem_reserve(me, KLP_MEM_TEXT, a->got_size, 4);
	if (a->plt_size && a->expoline)
		a->plt_size += S390_PLT_ENTRY_SIZE;
	a->plt_offset = klp_mem_reserve(me, KLP_MEM_TEXT, a->plt_size, 1);
	return 0;
}

/*
 * One PLT entry at address ip for target (big-endian instruction bytes):
 *	basr	%r1,0		r1 = ip + 2
 *	lg	%r1,12(%r1)	r1 = *(ip + 14)
 *	br	%r1		or: brcl 15,jump_r1 (the expoline thunk)
 *	.quad	target		at ip + 14
 * Without expolines the kernel never sets bytes 12-13 (stack garbage in
 * its insn[] buffer); they are never executed, we write zeros.
 */
void s390_plt_entry(unsigned char *insn, uint64_t ip, uint64_t jump_r1,
		    uint64_t target, bool expoline)
{
	memset(insn, 0, S390_PLT_ENTRY_SIZE);
	put_be32(insn, 0x0d10e310);
	put_be32(insn + 4, 0x100c0004);
	if (expoline) {
		/* brcl 15 at ip + 8: a signed halfword count */
		put_be16(insn + 8, 0xc0f4);
		put_be32(insn + 10,
			 (uint32_t)(int32_t)((int64_t)(jump_r1 - (ip + 8)) / 2));
	} else {
		put_be32(insn + 8, 0x07f10000);
	}
	put_be64(insn + 14, target);
}

/*
 * module_finalize(): with expolines, the last PLT entry becomes the
 * __jump_r1 thunk every entry branches to:
 *	exrl	%r0,.+10	execute "br %r1" without predicting it
 *	j	.
 *	br	%r1
 * The module is still UNFORMED: a plain store, as the kernel's.
 */
int s390_module_finalize(struct klp_module *me)
{
	struct s390_mod_arch *a = me->arch_priv;
	unsigned char ij[12];

	if (!a || !a->expoline || !a->plt_size)
		return 0;
	put_be32(ij, 0xc6000000);
	put_be32(ij + 4, 0x0005a7f4);
	put_be32(ij + 8, 0x000007f1);
	return klp_write(me, me->mem[KLP_MEM_TEXT].addr + a->plt_offset +
			 a->plt_size - S390_PLT_ENTRY_SIZE, ij, sizeof(ij),
			 KLP_WRITE_PLAIN);
}

void s390_release(struct klp_module *me)
{
	struct s390_mod_arch *a = me->arch_priv;

	if (!a)
		return;
	free(a->syminfo);
	free(a);
	me->arch_priv = NULL;
}
