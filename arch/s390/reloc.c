// SPDX-License-Identifier: GPL-2.0
/*
 * s390x relocations: apply_rela() and apply_rela_bits() of Linux 6.12
 * (arch/s390/kernel/module.c). 6.12 has no clear_relocate_add() on s390:
 * a klp section, once applied, stays applied.
 *
 * Notation (s390x ELF ABI): S symbol, A addend, P place, G the module's
 * GOT (start of the text region), O offset of the symbol's GOT slot in
 * it, L the symbol's PLT entry. Every write goes through one writer:
 * memcpy while the module is UNFORMED, s390_kernel_write() after.
 */
#include <errno.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/reloc.h>

#include "s390.h"

#define H(t, c, s, b, sh) [R_390_##t] = { S390_##c, s, b, sh }

static const struct s390_howto howtos[] = {
	H(NONE, NONE, 0, 0, 0),
	/* S + A; only R_390_20 (a long displacement) is signed */
	H(8, ABS, 0, 8, 0), H(12, ABS, 0, 12, 0), H(16, ABS, 0, 16, 0),
	H(20, ABS, 1, 20, 0), H(32, ABS, 0, 32, 0), H(64, ABS, 0, 64, 0),
	/* S + A - P */
	H(PC16, PC, 1, 16, 0), H(PC16DBL, PC, 1, 16, 1),
	H(PC32DBL, PC, 1, 32, 1), H(PC32, PC, 1, 32, 0),
	H(PC64, PC, 1, 64, 0),
	/* O + A; GOTPLT* is a plain GOT slot in a module */
	H(GOT12, GOT, 0, 12, 0), H(GOTPLT12, GOT, 0, 12, 0),
	H(GOT16, GOT, 0, 16, 0), H(GOTPLT16, GOT, 0, 16, 0),
	H(GOT20, GOT, 1, 20, 0), H(GOTPLT20, GOT, 1, 20, 0),
	H(GOT32, GOT, 0, 32, 0), H(GOTPLT32, GOT, 0, 32, 0),
	H(GOT64, GOT, 0, 64, 0), H(GOTPLT64, GOT, 0, 64, 0),
	/* G + O + A - P */
	H(GOTENT, GOTENT, 1, 32, 1), H(GOTPLTENT, GOTENT, 1, 32, 1),
	/*
	 * L + A - P. PLT32 and PLT64 are range-checked as unsigned, as in
	 * the kernel: a PLT32 whose PLT entry lies below P is refused.
	 */
	H(PLT16DBL, PLT, 1, 16, 1), H(PLT32DBL, PLT, 1, 32, 1),
	H(PLT32, PLT, 0, 32, 0), H(PLT64, PLT, 0, 64, 0),
	/* L + A - G */
	H(PLTOFF16, PLTOFF, 0, 16, 0), H(PLTOFF32, PLTOFF, 0, 32, 0),
	H(PLTOFF64, PLTOFF, 0, 64, 0),
	/* S + A - G */
	H(GOTOFF16, GOTOFF, 0, 16, 0), H(GOTOFF32, GOTOFF, 0, 32, 0),
	H(GOTOFF64, GOTOFF, 0, 64, 0),
	/* G + A - P */
	H(GOTPC, GOTPC, 1, 32, 0), H(GOTPCDBL, GOTPC, 1, 32, 1),
	/* only meaningful for a module linked with -shared */
	H(COPY, DYNAMIC, 0, 0, 0), H(GLOB_DAT, DYNAMIC, 0, 0, 0),
	H(JMP_SLOT, DYNAMIC, 0, 0, 0), H(RELATIVE, DYNAMIC, 0, 0, 0),
	/* TLS, IRELATIVE, PC12DBL/PC24DBL/PLT12DBL/PLT24DBL: unknown */
};

const struct s390_howto *s390_howto(uint32_t type)
{
	static const struct s390_howto unknown = { S390_UNKNOWN, 0, 0, 0 };

	if (type >= sizeof(howtos) / sizeof(howtos[0]))
		return &unknown;
	return &howtos[type];
}

/* Bytes a field of this width occupies at P. */
static size_t field_len(unsigned int bits)
{
	switch (bits) {
	case 8:
		return 1;
	case 12:
	case 16:
		return 2;
	case 20:
	case 32:
		return 4;
	default:
		return 8;
	}
}

/*
 * apply_rela_bits(): check alignment and range of val, then store it
 * into the field at pl. Returns 1 when the value is odd for a halfword
 * count, 2 when it does not fit (the caller reports either with the
 * kernel's message), 0, or -errno already reported by the writer.
 */
static int apply_bits(struct klp_module *me, const struct klp_place *pl,
		      uint64_t val, const struct s390_howto *h,
		      enum klp_write_kind kind)
{
	unsigned char buf[8];
	size_t len = field_len(h->bits);

	if (val & ((1ULL << h->shift) - 1))
		return 1;
	if (h->sign) {
		val = (uint64_t)((int64_t)val >> h->shift);
		if (!klp_fits_signed((int64_t)val, h->bits))
			return 2;
	} else {
		val >>= h->shift;
		if (!klp_fits_unsigned(val, h->bits))
			return 2;
	}

	switch (h->bits) {
	case 8:
		buf[0] = (unsigned char)val;
		break;
	case 12:
		/* the low 12 bits of a halfword: base register kept */
		put_be16(buf, (uint16_t)((val & 0xfff) |
					 (get_be16(pl->p) & 0xf000)));
		break;
	case 16:
		put_be16(buf, (uint16_t)val);
		break;
	case 20:
		/* DL (12 bits) then DH (8 bits): B2 and the opcode kept */
		put_be32(buf, (uint32_t)((val & 0xfff) << 16 |
					 (val & 0xff000) >> 4 |
					 (get_be32(pl->p) & 0xf00000ff)));
		break;
	case 32:
		put_be32(buf, (uint32_t)val);
		break;
	default:
		put_be64(buf, val);
		break;
	}
	return klp_place_write(me, pl, buf, len, kind);
}

/*
 * A GOT slot or PLT entry is filled by the first relocation that needs
 * it and never again: module_arch_freeing_init() keeps a live livepatch
 * module's syminfo, got_initialized and plt_initialized included, and
 * 6.12 has no clear_relocate_add() on s390. So a klp section applied
 * again after its target module came back at another address rewrites
 * the direct fields but leaves the slot with the old address. The
 * kernel accepts that without a word; the patch then reads or calls
 * through freed memory. That is an error: check must not call it good.
 */
static void check_stale(struct klp_module *me, uint64_t slot, uint64_t val,
			bool got, const char *name)
{
	unsigned char cur[8];

	if (klp_read(me, slot, cur, 8) || get_be64(cur) == val)
		return;
	klp_rel_err(me, "s390-stale-slot",
		    "the kernel accepts this apply, but the %s of %s at 0x%llx keeps 0x%llx from the first apply (%s stays set in the live patch's syminfo): %s go to the old address, not to 0x%llx",
		    got ? "GOT slot" : "PLT entry", name,
		    (unsigned long long)slot,
		    (unsigned long long)get_be64(cur),
		    got ? "got_initialized" : "plt_initialized",
		    got ? "reads through it" : "calls through it",
		    (unsigned long long)val);
}

static int fill_got(struct klp_module *me, struct s390_syminfo *info,
		    uint64_t val, const char *name, enum klp_write_kind kind)
{
	struct s390_mod_arch *a = me->arch_priv;
	uint64_t slot = me->mem[KLP_MEM_TEXT].addr + a->got_offset +
			info->got_offset;
	unsigned char buf[8];
	int ret;

	if (info->got_initialized) {
		check_stale(me, slot, val, true, name);
		return 0;
	}
	put_be64(buf, val);
	ret = klp_write(me, slot, buf, 8, kind);
	if (!ret)
		info->got_initialized = true;
	return ret;
}

static int fill_plt(struct klp_module *me, struct s390_syminfo *info,
		    uint64_t val, const char *name, enum klp_write_kind kind,
		    bool used)
{
	struct s390_mod_arch *a = me->arch_priv;
	uint64_t base = me->mem[KLP_MEM_TEXT].addr + a->plt_offset;
	uint64_t ip = base + info->plt_offset;
	unsigned char insn[S390_PLT_ENTRY_SIZE];
	int ret;

	if (info->plt_initialized) {
		/* a stale entry only matters when this branch uses it */
		if (used)
			check_stale(me, ip + 14, val, false, name);
		return 0;
	}
	s390_plt_entry(insn, ip, base + a->plt_size - S390_PLT_ENTRY_SIZE,
		       val, a->expoline);
	ret = klp_write(me, ip, insn, sizeof(insn), kind);
	if (!ret)
		info->plt_initialized = true;
	return ret;
}

static void report_unknown(struct klp_module *me, uint32_t type)
{
	char k[300], tn[32];

	snprintf(k, sizeof(k), "module %s: unknown relocation: %u",
		 me->name, type);
	klp_report(me, KLP_ERR, me->cur_relsec, me->cur_rel,
		   "s390-unknown-type", k,
		   "%s is not handled by the s390 module loader",
		   klp_reloc_type_name(me, type, tn, sizeof(tn)));
}

static int apply_rela(struct klp_module *me, const struct klp_target *tgt,
		      const Elf64_Rela *rel, enum klp_write_kind kind)
{
	struct s390_mod_arch *a = me->arch_priv;
	uint32_t type = ELF64_R_TYPE(rel->r_info);
	const struct s390_howto *h = s390_howto(type);
	const Elf64_Sym *sym = &me->syms[ELF64_R_SYM(rel->r_info)];
	const char *name = klp_symname(me, sym);
	struct s390_syminfo *info = &a->syminfo[ELF64_R_SYM(rel->r_info)];
	uint64_t text = me->mem[KLP_MEM_TEXT].addr;
	uint64_t got = text + a->got_offset;
	uint64_t val = sym->st_value, loc, add = (uint64_t)rel->r_addend;
	struct klp_place pl;
	bool direct;
	int ret;

	switch (h->cls) {
	case S390_NONE:
		return 0;
	case S390_UNKNOWN:
		report_unknown(me, type);
		return -ENOEXEC;
	case S390_DYNAMIC: {
		char tn[32];

		klp_rel_err(me, "s390-dynamic-type",
			    "%s only exists in modules linked with -shared: the s390 loader refuses it (-ENOEXEC) without a message",
			    klp_reloc_type_name(me, type, tn, sizeof(tn)));
		return -ENOEXEC;
	}
	}

	/* the target's address, and its bytes, are found once */
	ret = klp_target_place(me, tgt, rel, field_len(h->bits), &pl);
	if (ret)
		return ret;
	loc = pl.addr;

	switch (h->cls) {
	case S390_ABS:
		val += add;
		break;
	case S390_PC:
		val += add - loc;
		break;
	case S390_GOT:
	case S390_GOTENT:
		ret = fill_got(me, info, val, name, kind);
		if (ret)
			return ret;
		val = info->got_offset + add;
		if (h->cls == S390_GOTENT)
			val += got - loc;
		break;
	case S390_PLT:
	case S390_PLTOFF:
		/*
		 * The *DBL forms branch straight to a target in reach
		 * (ignoring A, as the kernel does); everything else goes
		 * through the PLT entry, which is written either way.
		 */
		direct = (type == R_390_PLT16DBL &&
			  val - loc + 0xffffULL < 0x1ffffeULL) ||
			 (type == R_390_PLT32DBL &&
			  val - loc + 0xffffffffULL < 0x1fffffffeULL);
		ret = fill_plt(me, info, val, name, kind, !direct);
		if (ret)
			return ret;
		if (h->cls == S390_PLTOFF) {
			val = a->plt_offset - a->got_offset +
			      info->plt_offset + add;
			break;
		}
		if (!direct)
			val = text + a->plt_offset + info->plt_offset;
		val += add - loc;
		break;
	case S390_GOTOFF:
		val = val + add - got;
		break;
	case S390_GOTPC:
		val = got + add - loc;
		break;
	}

	ret = apply_bits(me, &pl, val, h, kind);
	if (ret > 0) {
		char k[700], tn[32];

		snprintf(k, sizeof(k),
			 "module %s: relocation error for symbol %s (r_type %i, value 0x%llx)",
			 me->name, name, (int)type, (unsigned long long)val);
		if (ret == 1)
			klp_report(me, KLP_ERR, me->cur_relsec, me->cur_rel,
				   "s390-reloc-align", k,
				   "%s: 0x%llx is odd: the field counts halfwords",
				   klp_reloc_type_name(me, type, tn, sizeof(tn)),
				   (unsigned long long)val);
		else
			klp_report(me, KLP_ERR, me->cur_relsec, me->cur_rel,
				   "s390-reloc-range", k,
				   "%s: 0x%llx does not fit the %u-bit %s field%s",
				   klp_reloc_type_name(me, type, tn, sizeof(tn)),
				   (unsigned long long)val, h->bits,
				   h->sign ? "signed" : "unsigned",
				   h->shift ? " as a halfword count" : "");
		return -ENOEXEC;
	}
	return ret;
}

int s390_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			    unsigned int symindex, unsigned int relsec,
			    struct klp_module *me)
{
	/*
	 * memcpy while UNFORMED, else s390_kernel_write() (since 5.8;
	 * before, livepatch made module text writable around the plain
	 * store with module_disable_ro(): no fault either way, so we do
	 * not model the difference).
	 */
	enum klp_write_kind kind = me->state == KLP_MOD_UNFORMED ?
				   KLP_WRITE_PLAIN : KLP_WRITE_PATCH;
	size_t nr;
	const Elf64_Rela *rel = klp_relas(me, relsec, &nr);
	struct klp_target tgt;
	int ret = 0;

	(void)sechdrs;
	(void)strtab;
	(void)symindex;	/* me->syms is the symbol table */
	if (!me->arch_priv) {
		klp_rel_err(me, "s390-no-layout",
			    "relocations applied before the GOT/PLT layout hook ran");
		return -EINVAL;
	}
	me->cur_relsec = relsec;
	klp_target_begin(me, relsec, &tgt);
	for (size_t i = 0; i < nr; i++) {
		me->cur_rel = (long)i;
		ret = apply_rela(me, &tgt, &rel[i], kind);
		if (ret)
			break;
	}
	me->cur_rel = -1;
	return ret;
}
