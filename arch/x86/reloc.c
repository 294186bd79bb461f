// SPDX-License-Identifier: GPL-2.0
/*
 * x86_64 relocations: __write_relocate_add() of Linux 6.12
 * (arch/x86/kernel/module.c). Apply and clear are one walk with an apply
 * flag, so the value clear expects is by construction the value apply
 * wrote.
 *
 * Types (x86_64 psABI; S symbol, A addend, P place):
 *	R_X86_64_NONE	nothing
 *	R_X86_64_64	S + A		64 bits
 *	R_X86_64_32	S + A		32 bits, must zero-extend
 *	R_X86_64_32S	S + A		32 bits, must sign-extend
 *	R_X86_64_PC32	S + A - P	32 bits
 *	R_X86_64_PLT32	S + A - P	32 bits (a module has no PLT)
 *	R_X86_64_PC64	S + A - P	64 bits
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/reloc.h>

#include "x86.h"

/*
 * The kernel's pr_fmt in arch/x86/kernel/module.c is KBUILD_MODNAME ": ",
 * and KBUILD_MODNAME of that built-in object is "module": every line it
 * logs starts with "module: ". Its %p is hashed in dmesg; we print the
 * address we laid the module out at, in the same 16-digit form.
 */
#define KPFX "module: "

/*
 * The kernel's wording, for both directions of the target check; before
 * 6.3 (no clear_relocate_add()) the apply's said "Skipping".
 */
static const char *const target_kfmt[2] = {
	KPFX "x86/modules: Invalid relocation target, existing value does not match expected value for type %d, loc %016llx, val %llx",
	KPFX "x86/modules: Invalid relocation target, existing value is nonzero for type %d, loc %016llx, val %llx",
};
static const char target_kfmt_old[] =
	KPFX "x86/modules: Skipping invalid relocation target, existing value is nonzero for type %d, loc %016llx, val %llx";

/* Bytes written and whether P is subtracted; 0 for a type we refuse. */
static size_t type_size(uint32_t type, bool *pcrel)
{
	*pcrel = type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
		 type == R_X86_64_PC64;
	switch (type) {
	case R_X86_64_64:
	case R_X86_64_PC64:
		return 8;
	case R_X86_64_32:
	case R_X86_64_32S:
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		return 4;
	default:
		return 0;
	}
}

static klp_cold void
report_unknown(struct klp_module *me, long i, uint32_t type)
{
	char kmsg[160], tn[32];

	snprintf(kmsg, sizeof(kmsg), KPFX "%s: Unknown rela relocation: %llu",
		 me->name, (unsigned long long)type);
	klp_report(me, KLP_ERR, me->cur_relsec, i, "x86-unknown-type", kmsg,
		   "%s is not handled by the x86_64 module loader",
		   klp_reloc_type_name(me, type, tn, sizeof(tn)));
}

static klp_cold void
report_overflow(struct klp_module *me, long i, uint32_t type, uint64_t val)
{
	char kmsg[128], tn[32];

	/* pr_err logs two lines; the first is the kernel's verdict. */
	snprintf(kmsg, sizeof(kmsg),
		 KPFX "overflow in relocation type %d val %llx",
		 (int)type, (unsigned long long)val);
	klp_report(me, KLP_ERR, me->cur_relsec, i, "x86-overflow", kmsg,
		   "%s: S + A = 0x%llx does not fit in 32 bits %s; the kernel also logs \""
		   KPFX "`%s' likely not compiled with -mcmodel=kernel\"",
		   klp_reloc_type_name(me, type, tn, sizeof(tn)),
		   (unsigned long long)val,
		   type == R_X86_64_32 ? "zero-extended" : "sign-extended",
		   me->name);
}

/*
 * No kernel checks PC32/PLT32 range (the check sits under "#if 0"): 6.12
 * would store the truncated displacement and the code would branch or
 * load from the wrong address. A module has no PLT to fall back on, so we
 * refuse, in our own words.
 */
static klp_cold void
report_pc32_range(struct klp_module *me, long i, uint32_t type,
		  const Elf64_Rela *rel, uint64_t s, uint64_t p, uint64_t val)
{
	char tn[32];

	klp_report(me, KLP_ERR, me->cur_relsec, i, "x86-pc32-range", NULL,
		   "%s at 0x%016llx: S + A - P = 0x%llx (S 0x%016llx, A %lld) is out of +-2 GiB; x86_64 modules have no PLT, and the 6.12 kernel does not check this range: it would silently store the truncated displacement 0x%08x",
		   klp_reloc_type_name(me, type, tn, sizeof(tn)),
		   (unsigned long long)p, (unsigned long long)val,
		   (unsigned long long)s, (long long)rel->r_addend,
		   (unsigned int)(uint32_t)val);
}

static klp_cold void
report_target(struct klp_module *me, long i, bool apply, uint32_t type,
	      uint64_t loc, uint64_t val)
{
	char kmsg[200];

	snprintf(kmsg, sizeof(kmsg),
		 apply && me->opts && me->opts->kver < KLP_KVER(6, 3) ?
		 target_kfmt_old :
		 target_kfmt[apply], (int)type,
		 (unsigned long long)loc, (unsigned long long)val);
	if (apply) {
		klp_report(me, KLP_ERR, me->cur_relsec, i,
			   "x86-nonzero-target", kmsg, NULL);
		return;
	}
	/*
	 * pr_warn, and clear_relocate_add() is void: unloading goes on, but
	 * the rest of the section stays relocated, so the next apply meets
	 * a nonzero target.
	 */
	klp_report(me, KLP_WARN, me->cur_relsec, i, "x86-clear-mismatch", kmsg,
		   "clearing stops here: relocations %ld.. of this section stay applied",
		   i);
}

/* One relocation; 0 or -errno after exactly one report. */
static int write_one(struct klp_module *me, const struct klp_target *tgt,
		     long i, const Elf64_Rela *rel, bool apply,
		     enum klp_write_kind kind)
{
	static const unsigned char zero[8];
	uint32_t type = ELF64_R_TYPE(rel->r_info);
	uint64_t s = me->syms[ELF64_R_SYM(rel->r_info)].st_value;
	/* S + A; the unsigned sum wraps as the kernel's u64 does */
	uint64_t val = s + (uint64_t)rel->r_addend;
	unsigned char want[8];
	struct klp_place pl;
	bool pcrel;
	size_t size;
	int ret;

	if (type == R_X86_64_NONE)
		return 0;	/* nothing to write */
	size = type_size(type, &pcrel);
	if (!size) {
		report_unknown(me, i, type);
		return -ENOEXEC;
	}
	/* the kernel checks these before it touches the target */
	if ((type == R_X86_64_32 && !klp_fits_unsigned(val, 32)) ||
	    (type == R_X86_64_32S && !klp_fits_signed((int64_t)val, 32))) {
		report_overflow(me, i, type, val);
		return -ENOEXEC;
	}

	/* the target's address, and its bytes, are found once */
	ret = klp_target_place(me, tgt, rel, size, &pl);
	if (ret)
		return ret;
	if (pcrel)
		val -= pl.addr;	/* S + A - P */

	put_le64(want, val);	/* the low size bytes, little-endian */
	/* apply: the target must be zero; clear: it must hold val */
	if (size == 8 ? memcmp(pl.p, apply ? zero : want, 8) :
	    memcmp(pl.p, apply ? zero : want, 4)) {
		report_target(me, i, apply, type, pl.addr, val);
		return -ENOEXEC;
	}
	/*
	 * Ours, so only where the kernel itself has no objection; clear
	 * compares truncated values just as the kernel does.
	 */
	if (apply && pcrel && size == 4 &&
	    !klp_fits_signed((int64_t)val, 32)) {
		report_pc32_range(me, i, type, rel, s, pl.addr, val);
		return -ENOEXEC;
	}
	return klp_place_write(me, &pl, apply ? want : zero, size, kind);
}

static int write_relocate_add(unsigned int relsec, struct klp_module *me,
			      bool apply)
{
	/* memcpy while UNFORMED, else text_poke() under text_mutex */
	enum klp_write_kind kind = me->state == KLP_MOD_UNFORMED ?
				   KLP_WRITE_PLAIN : KLP_WRITE_PATCH;
	size_t nr;
	const Elf64_Rela *rel = klp_relas(me, relsec, &nr);
	struct klp_target tgt;
	int ret = 0;

	me->cur_relsec = relsec;
	/* (sh_info is looked at only when a relocation needs it, as before) */
	if (nr)
		klp_target_begin(me, relsec, &tgt);
	for (size_t i = 0; i < nr && !ret; i++) {
		me->cur_rel = (long)i;
		ret = write_one(me, &tgt, (long)i, &rel[i], apply, kind);
	}
	me->cur_rel = -1;
	return ret;
}

int x86_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			   unsigned int symindex, unsigned int relsec,
			   struct klp_module *me)
{
	return write_relocate_add(relsec, me, true);
}

void x86_clear_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			    unsigned int symindex, unsigned int relsec,
			    struct klp_module *me)
{
	write_relocate_add(relsec, me, false);
}
