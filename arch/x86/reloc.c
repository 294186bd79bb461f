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
 *	R_X86_64_32	S + A		32 bits, must zero-extend back
 *	R_X86_64_32S	S + A		32 bits, must sign-extend back
 *	R_X86_64_PC32	S + A - P	32 bits
 *	R_X86_64_PLT32	S + A - P	32 bits (no PLT in a module)
 *	R_X86_64_PC64	S + A - P	64 bits
 */
#include <errno.h>
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

static const char *type_name(struct klp_module *me, uint32_t type,
			     char *buf, size_t len)
{
	return klp_reloc_type_name(me, type, buf, len);
}

static void report_overflow(struct klp_module *me, unsigned int relsec,
			    long i, uint32_t type, uint64_t val)
{
	char kmsg[128], tn[32];

	/* pr_err logs two lines; the first is the kernel's verdict. */
	snprintf(kmsg, sizeof(kmsg),
		 KPFX "overflow in relocation type %d val %llx",
		 (int)type, (unsigned long long)val);
	klp_report(me, KLP_ERR, relsec, i, "x86-overflow", kmsg,
		   "%s: S + A = 0x%llx does not fit in 32 bits %s; the kernel also logs \""
		   KPFX "`%s' likely not compiled with -mcmodel=kernel\"",
		   type_name(me, type, tn, sizeof(tn)),
		   (unsigned long long)val,
		   type == R_X86_64_32 ? "zero-extended" : "sign-extended",
		   me->name);
}

/*
 * Neither 6.12 nor any earlier kernel checks PC32/PLT32 range (the check
 * sits under "#if 0"): it would store the truncated displacement and the
 * code would branch or load from the wrong address. An x86_64 module has
 * no PLT to fall back on, so we refuse, with our own words.
 */
static void report_pc32_range(struct klp_module *me, unsigned int relsec,
			      long i, uint32_t type, uint64_t s, int64_t a,
			      uint64_t p, uint64_t val)
{
	char tn[32];

	klp_report(me, KLP_ERR, relsec, i, "x86-pc32-range", NULL,
		   "%s at 0x%016llx: S + A - P = 0x%llx (S 0x%016llx, A %lld) is out of +-2 GiB; x86_64 modules have no PLT, and the 6.12 kernel does not check this range: it would silently store the truncated displacement 0x%08x",
		   type_name(me, type, tn, sizeof(tn)),
		   (unsigned long long)p, (unsigned long long)val,
		   (unsigned long long)s, (long long)a,
		   (unsigned int)(uint32_t)val);
}

static int write_relocate_add(unsigned int symindex, unsigned int relsec,
			      struct klp_module *me, bool apply)
{
	/* memcpy while UNFORMED, else text_poke() under text_mutex */
	enum klp_write_kind kind = me->state == KLP_MOD_UNFORMED ?
				   KLP_WRITE_PLAIN : KLP_WRITE_PATCH;
	static const unsigned char zero[8];
	unsigned char cur[8], want[8];
	size_t nr;
	Elf64_Rela *rel = klp_relas(me, relsec, &nr);
	int ret = 0;

	(void)symindex;	/* me->syms is the symbol table */
	me->cur_relsec = relsec;
	for (size_t i = 0; i < nr; i++) {
		uint32_t type = ELF64_R_TYPE(rel[i].r_info);
		const Elf64_Sym *sym = &me->syms[ELF64_R_SYM(rel[i].r_info)];
		uint64_t val, loc;
		bool pcrel = false;
		size_t size;

		me->cur_rel = (long)i;
		/* S + A; the unsigned sum wraps as the kernel's u64 does */
		val = sym->st_value + (uint64_t)rel[i].r_addend;

		switch (type) {
		case R_X86_64_NONE:
			continue;
		case R_X86_64_64:
			size = 8;
			break;
		case R_X86_64_32:
			if (!klp_fits_unsigned(val, 32)) {
				report_overflow(me, relsec, (long)i, type, val);
				ret = -ENOEXEC;
				goto out;
			}
			size = 4;
			break;
		case R_X86_64_32S:
			if (!klp_fits_signed((int64_t)val, 32)) {
				report_overflow(me, relsec, (long)i, type, val);
				ret = -ENOEXEC;
				goto out;
			}
			size = 4;
			break;
		case R_X86_64_PC32:
		case R_X86_64_PLT32:
			pcrel = true;
			size = 4;
			break;
		case R_X86_64_PC64:
			pcrel = true;
			size = 8;
			break;
		default: {
			char kmsg[160], tn[32];

			snprintf(kmsg, sizeof(kmsg),
				 KPFX "%s: Unknown rela relocation: %llu",
				 me->name, (unsigned long long)type);
			klp_report(me, KLP_ERR, relsec, (long)i,
				   "x86-unknown-type", kmsg,
				   "%s is not handled by the x86_64 module loader",
				   type_name(me, type, tn, sizeof(tn)));
			ret = -ENOEXEC;
			goto out;
		}
		}

		ret = klp_reloc_loc(me, relsec, &rel[i], size, &loc);
		if (ret)
			goto out;
		if (pcrel) {
			/* S + A - P */
			val -= loc;
			if (size == 4 && !klp_fits_signed((int64_t)val, 32)) {
				report_pc32_range(me, relsec, (long)i, type,
						  sym->st_value,
						  rel[i].r_addend, loc, val);
				ret = -ENOEXEC;
				goto out;
			}
		}

		ret = klp_read(me, loc, cur, size);
		if (ret)
			goto out;
		put_le64(want, val);	/* the low size bytes, little-endian */
		if (apply) {
			if (memcmp(cur, zero, size)) {
				char kmsg[200];

				snprintf(kmsg, sizeof(kmsg),
					 KPFX "x86/modules: Invalid relocation target, existing value is nonzero for type %d, loc %016llx, val %llx",
					 (int)type, (unsigned long long)loc,
					 (unsigned long long)val);
				klp_report(me, KLP_ERR, relsec, (long)i,
					   "x86-nonzero-target", kmsg, NULL);
				ret = -ENOEXEC;
				goto out;
			}
			ret = klp_write(me, loc, want, size, kind);
		} else {
			if (memcmp(cur, want, size)) {
				char kmsg[200];

				/*
				 * pr_warn, and clear_relocate_add() is void:
				 * unloading goes on, but the rest of this
				 * section stays relocated, so the next apply
				 * will meet a nonzero target.
				 */
				snprintf(kmsg, sizeof(kmsg),
					 KPFX "x86/modules: Invalid relocation target, existing value does not match expected value for type %d, loc %016llx, val %llx",
					 (int)type, (unsigned long long)loc,
					 (unsigned long long)val);
				klp_report(me, KLP_WARN, relsec, (long)i,
					   "x86-clear-mismatch", kmsg,
					   "clearing stops here: relocations %zu.. of this section stay applied",
					   i);
				ret = -ENOEXEC;
				goto out;
			}
			ret = klp_write(me, loc, zero, size, kind);
		}
		if (ret)
			goto out;
	}
out:
	me->cur_rel = -1;
	return ret;
}

int x86_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			   unsigned int symindex, unsigned int relsec,
			   struct klp_module *me)
{
	return write_relocate_add(symindex, relsec, me, true);
}

void x86_clear_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			    unsigned int symindex, unsigned int relsec,
			    struct klp_module *me)
{
	write_relocate_add(symindex, relsec, me, false);
}
