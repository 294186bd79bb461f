// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 relocations: apply_relocate_add() of Linux 6.12
 * (arch/arm64/kernel/module.c), with its overflow classes.
 *
 * AArch64 ELF ABI notation: S symbol, A addend, P place, X the result,
 * Page(x) = x & ~0xfff.
 *   ABS64/32/16            X = S + A          data
 *   PREL64/32/16           X = S + A - P      data
 *   MOVW_UABS_G0..G3(_NC)  X = S + A          imm16 = X >> 16n
 *   MOVW_SABS_G0..G2       X = S + A          MOVZ, or MOVN of ~X
 *   MOVW_PREL_G0..G3(_NC)  X = S + A - P      as SABS, _NC as UABS
 *   LD_PREL_LO19           X = S + A - P      imm19 = X >> 2
 *   ADR_PREL_LO21          X = S + A - P      imm21 = X
 *   ADR_PREL_PG_HI21(_NC)  X = Page(S + A) - Page(P), imm21 = X >> 12
 *   ADD_ABS_LO12_NC        X = S + A          imm12 = X & 0xfff
 *   LDSTn_ABS_LO12_NC      X = S + A          imm12 = (X & 0xfff) / (n/8)
 *   TSTBR14 / CONDBR19     X = S + A - P      imm14/imm19 = X >> 2
 *   JUMP26 / CALL26        X = S + A - P      imm26 = X >> 2, else a PLT
 *
 * The kernel's overflow rules, which are not quite the ABI's:
 *  - ABS16/32 are unsigned only ([0, 2^n)), PREL16/32 signed only; the ABI
 *    allows [-2^(n-1), 2^n) for both. ABS64/PREL64 never overflow.
 *  - MOVW "MOVKZ" forms (UABS, PREL _NC) keep the opcode and take
 *    X >> lsb as an unsigned 16-bit value; "MOVNZ" forms (SABS, checked
 *    PREL) rewrite the opcode: MOVZ for X >= 0, MOVN with ~(X >> lsb) for
 *    X < 0. _NC and G3 forms skip the check.
 *  - Immediates: (X >> lsb) must fit a signed field of len bits, where
 *    len counts the bits the field keeps; the _NC forms and all LO12
 *    forms skip it.
 * Every field is stored first and checked after, like the kernel: a
 * refused module has the truncated value in place.
 *
 * There is no clear_relocate_add() on arm64 in any kernel: relocating a
 * place again overwrites the field, so re-applying gives the same bytes
 * as long as no PLT slot or veneer is needed (those consume new slots).
 */
#include <errno.h>
#include <stdio.h>

#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/reloc.h>

#include "arm64.h"

/* pr_fmt of arch/arm64/kernel/module.c */
#define KPFX "Modules: "

enum op { OP_NONE, OP_ABS, OP_PREL, OP_PAGE };
enum kind { K_NONE, K_DATA, K_MOVW, K_IMM, K_ADRP, K_BRANCH };
enum movw { MOVKZ, MOVNZ };

struct rinfo {
	uint32_t type;
	enum kind kind;
	enum op op;
	unsigned char lsb, len;	/* data: len in bits */
	enum arm64_imm imm;
	enum movw movw;
	bool check;		/* overflow_check */
	unsigned char align;	/* ours: alignment GNU ld demands of X */
};

#define DATA(t, o, l, c) \
	{ R_AARCH64_##t, K_DATA, o, 0, l, 0, 0, c, 0 }
#define MOVW(t, o, l, m, c) \
	{ R_AARCH64_##t, K_MOVW, o, l, 16, ARM64_IMM_16, m, c, 0 }
#define IMM(t, o, l, n, i, c, a) \
	{ R_AARCH64_##t, K_IMM, o, l, n, ARM64_IMM_##i, 0, c, a }

static const struct rinfo rtab[] = {
	{ R_AARCH64_NONE, K_NONE, OP_NONE, 0, 0, 0, 0, false, 0 },
	{ ARM64_R_NONE_ALT, K_NONE, OP_NONE, 0, 0, 0, 0, false, 0 },
	DATA(ABS64, OP_ABS, 64, false),
	DATA(ABS32, OP_ABS, 32, true),
	DATA(ABS16, OP_ABS, 16, true),
	DATA(PREL64, OP_PREL, 64, false),
	DATA(PREL32, OP_PREL, 32, true),
	DATA(PREL16, OP_PREL, 16, true),
	MOVW(MOVW_UABS_G0_NC, OP_ABS, 0, MOVKZ, false),
	MOVW(MOVW_UABS_G0, OP_ABS, 0, MOVKZ, true),
	MOVW(MOVW_UABS_G1_NC, OP_ABS, 16, MOVKZ, false),
	MOVW(MOVW_UABS_G1, OP_ABS, 16, MOVKZ, true),
	MOVW(MOVW_UABS_G2_NC, OP_ABS, 32, MOVKZ, false),
	MOVW(MOVW_UABS_G2, OP_ABS, 32, MOVKZ, true),
	/* the top 16 bits cannot overflow */
	MOVW(MOVW_UABS_G3, OP_ABS, 48, MOVKZ, false),
	MOVW(MOVW_SABS_G0, OP_ABS, 0, MOVNZ, true),
	MOVW(MOVW_SABS_G1, OP_ABS, 16, MOVNZ, true),
	MOVW(MOVW_SABS_G2, OP_ABS, 32, MOVNZ, true),
	MOVW(MOVW_PREL_G0_NC, OP_PREL, 0, MOVKZ, false),
	MOVW(MOVW_PREL_G0, OP_PREL, 0, MOVNZ, true),
	MOVW(MOVW_PREL_G1_NC, OP_PREL, 16, MOVKZ, false),
	MOVW(MOVW_PREL_G1, OP_PREL, 16, MOVNZ, true),
	MOVW(MOVW_PREL_G2_NC, OP_PREL, 32, MOVKZ, false),
	MOVW(MOVW_PREL_G2, OP_PREL, 32, MOVNZ, true),
	MOVW(MOVW_PREL_G3, OP_PREL, 48, MOVNZ, false),
	IMM(LD_PREL_LO19, OP_PREL, 2, 19, 19, true, 4),
	IMM(ADR_PREL_LO21, OP_PREL, 0, 21, ADR, true, 0),
	{ R_AARCH64_ADR_PREL_PG_HI21_NC, K_ADRP, OP_PAGE, 12, 21,
	  ARM64_IMM_ADR, 0, false, 0 },
	{ R_AARCH64_ADR_PREL_PG_HI21, K_ADRP, OP_PAGE, 12, 21,
	  ARM64_IMM_ADR, 0, true, 0 },
	IMM(ADD_ABS_LO12_NC, OP_ABS, 0, 12, 12, false, 0),
	IMM(LDST8_ABS_LO12_NC, OP_ABS, 0, 12, 12, false, 0),
	IMM(LDST16_ABS_LO12_NC, OP_ABS, 1, 11, 12, false, 2),
	IMM(LDST32_ABS_LO12_NC, OP_ABS, 2, 10, 12, false, 4),
	IMM(LDST64_ABS_LO12_NC, OP_ABS, 3, 9, 12, false, 8),
	IMM(LDST128_ABS_LO12_NC, OP_ABS, 4, 8, 12, false, 16),
	IMM(TSTBR14, OP_PREL, 2, 14, 14, true, 0),
	IMM(CONDBR19, OP_PREL, 2, 19, 19, true, 0),
	{ R_AARCH64_JUMP26, K_BRANCH, OP_PREL, 2, 26, ARM64_IMM_26, 0,
	  true, 0 },
	{ R_AARCH64_CALL26, K_BRANCH, OP_PREL, 2, 26, ARM64_IMM_26, 0,
	  true, 0 },
};

static const struct rinfo *lookup(uint32_t type)
{
	for (size_t i = 0; i < sizeof(rtab) / sizeof(rtab[0]); i++)
		if (rtab[i].type == type)
			return &rtab[i];
	return NULL;
}

enum klp_write_kind arm64_write_kind(const struct klp_module *me)
{
	/*
	 * 6.12 stores with plain assignments in every state: a late
	 * (livepatch) relocation into text that is already read-only
	 * faults. 6.17 ("arm64/module: Use text-poke API for late
	 * relocations") goes through aarch64_insn_copy() once the module
	 * is formed, as does 6.12 with the project's series.
	 */
	if (arm64_late_text_poke(me) && me->state != KLP_MOD_UNFORMED)
		return KLP_WRITE_PATCH;
	return KLP_WRITE_PLAIN;
}

enum klp_write_kind arm64_plt_write_kind(const struct klp_module *me)
{
	/*
	 * The 6.17 fix changed module.c only: module-plts.c still fills
	 * PLT slots and veneers with plain stores, so a late relocation
	 * that needs a new slot faults in every version.
	 */
	return KLP_WRITE_PLAIN;
}

/* do_reloc() */
static uint64_t do_reloc(enum op op, uint64_t place, uint64_t val)
{
	switch (op) {
	case OP_ABS:
		return val;
	case OP_PREL:
		return val - place;
	case OP_PAGE:
		return (val & ~0xfffULL) - (place & ~0xfffULL);
	default:
		return 0;
	}
}

static uint32_t get_insn(const struct klp_place *pl)
{
	return get_le32(pl->p);
}

static int put_insn(struct klp_module *me, const struct klp_place *pl,
		    uint32_t insn)
{
	unsigned char b[4];

	put_le32(b, insn);
	return klp_place_write(me, pl, b, sizeof(b), arm64_write_kind(me));
}

/* reloc_data(): 0, -ERANGE, or a write error */
static int reloc_data(struct klp_module *me, const struct rinfo *ri,
		      const struct klp_place *pl, uint64_t val)
{
	int64_t sval = (int64_t)do_reloc(ri->op, pl->addr, val);
	unsigned char b[8];
	int ret;

	put_le64(b, (uint64_t)sval);	/* the low len/8 bytes */
	ret = klp_place_write(me, pl, b, ri->len / 8, arm64_write_kind(me));
	if (ret || ri->len == 64)
		return ret;
	if (ri->op == OP_ABS)
		return klp_fits_unsigned((uint64_t)sval, ri->len) &&
		       sval >= 0 ? 0 : -ERANGE;
	return klp_fits_signed(sval, ri->len) ? 0 : -ERANGE;
}

/* reloc_insn_movw() */
static int reloc_insn_movw(struct klp_module *me, const struct rinfo *ri,
			   const struct klp_place *pl, uint64_t val)
{
	int64_t sval = (int64_t)do_reloc(ri->op, pl->addr, val);
	uint64_t imm = (uint64_t)(sval >> ri->lsb);
	uint32_t insn = get_insn(pl);
	int ret;

	if (ri->movw == MOVNZ) {
		/* opc [30:29]: 10 MOVZ for X >= 0, 00 MOVN of ~imm below */
		insn &= ~(3u << 29);
		if (sval >= 0)
			insn |= 2u << 29;
		else
			imm = ~imm;
	}
	ret = put_insn(me, pl, arm64_encode_imm(ARM64_IMM_16, insn, imm));
	if (ret)
		return ret;
	return imm > 0xffff ? -ERANGE : 0;
}

/* reloc_insn_imm() */
static int reloc_insn_imm(struct klp_module *me, enum op op,
			  unsigned int lsb, unsigned int len,
			  enum arm64_imm type, const struct klp_place *pl,
			  uint64_t val)
{
	int64_t sval = (int64_t)do_reloc(op, pl->addr, val) >> lsb;
	uint64_t mask = (1ULL << len) - 1;
	int ret;

	ret = put_insn(me, pl, arm64_encode_imm(type, get_insn(pl),
						(uint64_t)sval & mask));
	if (ret)
		return ret;
	/* the bits above the field, sign bit included, must all agree */
	sval = (int64_t)((uint64_t)sval & ~(mask >> 1)) >> (len - 1);
	return (uint64_t)(sval + 1) >= 2 ? -ERANGE : 0;
}

/*
 * reloc_insn_adrp(): with the 843419 workaround, an ADRP in the last two
 * words of a page becomes ADR of the same page when that is within
 * +-1 MiB, else a branch to a veneer that does the ADRP from a safe place.
 */
static int reloc_insn_adrp(struct klp_module *me, const struct rinfo *ri,
			   const struct klp_place *pl, uint64_t val)
{
	uint64_t loc = pl->addr, veneer;
	uint32_t insn;
	int ret;

	if (!arm64_forbidden_adrp(me, loc))
		return reloc_insn_imm(me, OP_PAGE, 12, 21, ARM64_IMM_ADR, pl,
				      val);
	ret = reloc_insn_imm(me, OP_PREL, 0, 21, ARM64_IMM_ADR, pl,
			     val & ~0xfffULL);
	if (ret && ret != -ERANGE)
		return ret;
	if (!ret) {
		insn = get_insn(pl) & ~(1u << 31);	/* ADRP -> ADR */
	} else {
		ret = arm64_emit_veneer_for_adrp(me, loc, val & ~0xfffULL,
						 &veneer);
		if (ret)
			return ret;
		insn = arm64_gen_b(loc, veneer);
		if (insn == ARM64_BREAK_FAULT) {
			klp_rel_err(me, "arm64-veneer-range",
				    "erratum 843419 veneer at 0x%016llx is out of B range of the ADRP at 0x%016llx: the 6.12 kernel would silently put a BRK there",
				    (unsigned long long)veneer,
				    (unsigned long long)loc);
			return -ENOEXEC;
		}
	}
	(void)ri;
	return put_insn(me, pl, insn);
}

static void describe_range(const struct rinfo *ri, char *buf, size_t len)
{
	const char *x = ri->op == OP_ABS ? "S + A" :
			ri->op == OP_PREL ? "S + A - P" :
			"Page(S + A) - Page(P)";

	switch (ri->kind) {
	case K_DATA:
		if (ri->op == OP_ABS)
			snprintf(buf, len, "%s must be in [0, 2^%u)", x,
				 ri->len);
		else
			snprintf(buf, len, "%s must be in [-2^%u, 2^%u)", x,
				 ri->len - 1, ri->len - 1);
		break;
	case K_MOVW:
		snprintf(buf, len, ri->movw == MOVKZ ?
			 "(%s) >> %u must fit 16 unsigned bits" :
			 "(%s) >> %u must fit 16 bits (MOVZ, or MOVN when negative)",
			 x, ri->lsb);
		break;
	default:
		snprintf(buf, len, "(%s) >> %u must fit %u signed bits", x,
			 ri->lsb, ri->len);
		break;
	}
}

static void report_overflow(struct klp_module *me, unsigned int relsec,
			    long i, const struct rinfo *ri, uint32_t type,
			    uint64_t loc, uint64_t val)
{
	char kmsg[200], tn[40], range[100];

	snprintf(kmsg, sizeof(kmsg),
		 KPFX "module %s: overflow in relocation type %d val %llx",
		 me->name, (int)type, (unsigned long long)val);
	describe_range(ri, range, sizeof(range));
	klp_report(me, KLP_ERR, relsec, i, "arm64-overflow", kmsg,
		   "%s at 0x%016llx: %s",
		   klp_reloc_type_name(me, type, tn, sizeof(tn)),
		   (unsigned long long)loc, range);
}

/*
 * GNU ld refuses a misaligned LDSTn_ABS_LO12_NC or LD_PREL_LO19 target;
 * the kernel drops the low bits and would access the aligned-down
 * address. We refuse, in our own words.
 */
static int check_align(struct klp_module *me, const struct rinfo *ri,
		       uint32_t type, uint64_t loc, uint64_t val)
{
	uint64_t x = do_reloc(ri->op, loc, val);
	char tn[40];

	if (!ri->align || klp_aligned(x, ri->align))
		return 0;
	klp_rel_err(me, "arm64-misaligned",
		    "%s at 0x%016llx: %s = 0x%llx is not a multiple of %u; the 6.12 kernel does not check and would silently access 0x%llx instead",
		    klp_reloc_type_name(me, type, tn, sizeof(tn)),
		    (unsigned long long)loc,
		    ri->op == OP_ABS ? "S + A" : "S + A - P",
		    (unsigned long long)x, ri->align,
		    (unsigned long long)((ri->op == OP_ABS ? 0 : loc) +
					 (x & ~(uint64_t)(ri->align - 1))));
	return -ENOEXEC;
}

int arm64_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			     unsigned int symindex, unsigned int relsec,
			     struct klp_module *me)
{
	size_t nr;
	Elf64_Rela *rel = klp_relas(me, relsec, &nr);
	struct klp_target tgt;
	int ret = 0;

	(void)symindex;	/* me->syms is the symbol table */
	me->cur_relsec = relsec;
	/* each target's address, and its bytes, are found once */
	klp_target_begin(me, relsec, &tgt);
	for (size_t i = 0; i < nr; i++) {
		uint32_t type = ELF64_R_TYPE(rel[i].r_info);
		const Elf64_Sym *sym = &me->syms[ELF64_R_SYM(rel[i].r_info)];
		const struct rinfo *ri = lookup(type);
		/* S + A; wraps like the kernel's u64 */
		uint64_t val = sym->st_value + (uint64_t)rel[i].r_addend;
		struct klp_place pl;
		uint64_t loc, plt;
		int ovf;

		me->cur_rel = (long)i;
		if (!ri) {
			char kmsg[160], tn[40];

			snprintf(kmsg, sizeof(kmsg),
				 KPFX "module %s: unsupported RELA relocation: %llu",
				 me->name, (unsigned long long)type);
			klp_report(me, KLP_ERR, relsec, (long)i,
				   "arm64-unknown-type", kmsg,
				   "%s is not handled by the arm64 module loader",
				   klp_reloc_type_name(me, type, tn,
						       sizeof(tn)));
			ret = -ENOEXEC;
			goto out;
		}
		if (ri->kind == K_NONE)
			continue;
		ret = klp_target_place(me, &tgt, &rel[i],
				       ri->kind == K_DATA ? ri->len / 8u : 4u,
				       &pl);
		if (ret)
			goto out;
		loc = pl.addr;
		ret = check_align(me, ri, type, loc, val);
		if (ret)
			goto out;

		switch (ri->kind) {
		case K_DATA:
			ovf = reloc_data(me, ri, &pl, val);
			break;
		case K_MOVW:
			ovf = reloc_insn_movw(me, ri, &pl, val);
			break;
		case K_ADRP:
			ovf = reloc_insn_adrp(me, ri, &pl, val);
			break;
		case K_BRANCH:
			ovf = reloc_insn_imm(me, ri->op, ri->lsb, ri->len,
					     ri->imm, &pl, val);
			if (ovf != -ERANGE)
				break;
			/* out of +-128 MiB: branch to a PLT slot instead */
			ret = arm64_emit_plt_entry(me, loc, val, &plt);
			if (ret)
				goto out;
			val = plt;
			ovf = reloc_insn_imm(me, ri->op, ri->lsb, ri->len,
					     ri->imm, &pl, val);
			break;
		default:
			ovf = reloc_insn_imm(me, ri->op, ri->lsb, ri->len,
					     ri->imm, &pl, val);
			break;
		}
		if (ovf && ovf != -ERANGE) {
			ret = ovf;	/* reported where it happened */
			goto out;
		}
		if (ri->check && ovf == -ERANGE) {
			report_overflow(me, relsec, (long)i, ri, type, loc,
					val);
			ret = -ENOEXEC;
			goto out;
		}
	}
out:
	me->cur_rel = -1;
	return ret;
}
