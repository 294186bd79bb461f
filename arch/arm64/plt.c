// SPDX-License-Identifier: GPL-2.0
/*
 * Module PLTs and erratum 843419 veneers: arch/arm64/kernel/module-plts.c
 * of Linux 6.12.
 *
 * module_frob_arch_sections() counts, before layout, the PLT slots every
 * RELA section against executable code may need (klp sections included:
 * livepatch applies them later, into the same .plt), sorting the branch
 * relocations so that duplicates are adjacent. A slot is 12 bytes:
 *	adrp x16, dst ; add x16, x16, :lo12:dst ; br x16
 * 6.12 has no BTI landing pad in the entry (no "bti c" in struct
 * plt_entry), and x16 is IP0, which AAPCS64 lets a veneer clobber.
 */
#include <errno.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/core.h>
#include <klpreloc/diag.h>

#include "arm64.h"

#define L1_CACHE_BYTES		64	/* asm/cache.h */
#define NR_FTRACE_PLTS		1	/* asm/ftrace.h */
#define PLTS_PER_PAGE		(4096 / ARM64_PLT_SIZE)

bool arm64_erratum_843419(const struct klp_module *me)
{
	/*
	 * cpus_have_final_cap(ARM64_WORKAROUND_843419): the config option
	 * and an affected Cortex-A53; the option stands for both.
	 */
	return me->arch_opt[ARM64_OPT_ERRATUM_843419] != 0;
}

/* is_forbidden_offset_for_adrp(): the last two words of a 4 KiB page */
bool arm64_forbidden_adrp(const struct klp_module *me, uint64_t place)
{
	return arm64_erratum_843419(me) && (place & 0xfff) >= 0xff8;
}

/* A linked .ko (not a bare object) carries struct module's section. */
static bool is_linked_module(const struct klp_module *me)
{
	return klp_find_sec(me, ".gnu.linkonce.this_module") != 0;
}

static int cmp3(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* cmp_rela(): by type, symbol index and addend */
static int cmp_rela(const Elf64_Rela *x, const Elf64_Rela *y)
{
	int i = cmp3(ELF64_R_TYPE(x->r_info), ELF64_R_TYPE(y->r_info));

	if (!i)
		i = cmp3(ELF64_R_SYM(x->r_info), ELF64_R_SYM(y->r_info));
	if (!i)
		i = x->r_addend < y->r_addend ? -1 :
		    x->r_addend > y->r_addend;
	return i;
}

static bool is_branch(const Elf64_Rela *r)
{
	uint32_t t = ELF64_R_TYPE(r->r_info);

	return t == R_AARCH64_JUMP26 || t == R_AARCH64_CALL26;
}

/* A branch against a symbol of another section may need a PLT slot. */
static bool branch_needs_plt(const struct klp_module *me,
			     const Elf64_Rela *r, unsigned int dstidx)
{
	return me->syms[ELF64_R_SYM(r->r_info)].st_shndx != dstidx &&
	       is_branch(r);
}

/*
 * partition_branch_plt_relas(): the same swaps as the kernel, so that
 * the order the relocations are applied in (and so which slot each PLT
 * entry or veneer lands in) is the kernel's.
 */
static size_t partition(const struct klp_module *me, Elf64_Rela *rela,
			size_t n, unsigned int dstidx)
{
	size_t i = 0, j = n ? n - 1 : 0;

	while (i < j) {
		if (branch_needs_plt(me, &rela[i], dstidx)) {
			i++;
		} else if (branch_needs_plt(me, &rela[j], dstidx)) {
			Elf64_Rela t = rela[i];

			rela[i] = rela[j];
			rela[j] = t;
		} else {
			j--;
		}
	}
	return i;
}

/* first zero bit; 64 for all ones (the kernel's ffz(~0UL) is undefined) */
static unsigned int ffz64(uint64_t v)
{
	return ~v ? (unsigned int)__builtin_ctzll(~v) : 64;
}

/* count_plts(); may raise the target section's alignment (843419) */
static uint64_t count_plts(const struct klp_module *me, const Elf64_Rela *rela,
			   size_t n, unsigned int dstidx, Elf64_Shdr *dstsec)
{
	bool erratum = arm64_erratum_843419(me);
	uint64_t ret = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t min_align;
		unsigned int z;

		switch (ELF64_R_TYPE(rela[i].r_info)) {
		case R_AARCH64_JUMP26:
		case R_AARCH64_CALL26:
			if (me->syms[ELF64_R_SYM(rela[i].r_info)].st_shndx ==
			    dstidx)
				break;
			/* sorted: a duplicate follows its twin */
			if (rela[i].r_addend != 0 || i == 0 ||
			    cmp_rela(&rela[i], &rela[i - 1]))
				ret++;
			break;
		case R_AARCH64_ADR_PREL_PG_HI21_NC:
		case R_AARCH64_ADR_PREL_PG_HI21:
			if (!erratum)
				break;
			/*
			 * The alignment that keeps this ADRP off offsets
			 * 0xff8/0xffc of a page; past 4 KiB no alignment
			 * can, and a veneer slot is set aside instead.
			 */
			z = ffz64(rela[i].r_offset | 0x7);
			/*
			 * no bit clear: an offset no section has, refused as
			 * out of its section when applied; no alignment
			 */
			if (z >= 63)
				break;
			min_align = 2ULL << z;
			if (min_align > 4096)
				ret++;
			else if (dstsec->sh_addralign < min_align)
				dstsec->sh_addralign = min_align;
			break;
		}
	}
	/* slack for the slots skipped at forbidden offsets */
	if (erratum)
		ret += (ret + PLTS_PER_PAGE - 1) / PLTS_PER_PAGE;
	return ret;
}

static bool init_section(const char *name)
{
	return !strncmp(name, ".init", 5);
}

/*
 * module_frob_arch_sections() takes sechdrs + sh_info with no bounds
 * check, so for a RELA section whose sh_info is past the table it reads a
 * section header from the bytes after the table in the loader's copy of
 * the file (which is the file: compressed modules are not modelled, a
 * signature is still in the buffer). Where those bytes are in the file
 * the read is replayed; where they are not, the kernel reads memory no
 * file decides (the slack of the last vmalloc page or the guard page
 * after it): it may oops, as a 6.12 guest did in strncmp(). Earlier
 * sections' sorts are not replayed in the bytes read.
 */
static bool image_bytes(const struct klp_module *me, uint64_t off,
			uint64_t len)
{
	return off <= me->file_size && len <= me->file_size - off;
}

static bool header_past_table(struct klp_module *me, unsigned int relsec,
			      Elf64_Shdr *dst)
{
	Elf_Data from = {
		.d_type = ELF_T_SHDR, .d_size = sizeof(*dst),
		.d_version = EV_CURRENT,
	};
	Elf_Data to = {
		.d_buf = dst, .d_size = sizeof(*dst), .d_version = EV_CURRENT,
	};
	uint64_t off = me->hdr.e_shoff +
		       (uint64_t)me->sechdrs[relsec].sh_info * sizeof(*dst);

	if (!image_bytes(me, off, sizeof(*dst))) {
		klp_report(me, KLP_ERR, relsec, -1, "arm64-info-oob", NULL,
			   "sh_info %u is past the section table: arm64's module_frob_arch_sections() reads section header %u at file offset %llu with no bounds check, past the file's %zu bytes; what it reads is not in the file and the kernel may oops",
			   me->sechdrs[relsec].sh_info,
			   me->sechdrs[relsec].sh_info,
			   (unsigned long long)off, me->file_size);
		return false;
	}
	from.d_buf = (unsigned char *)me->file_buf + off;
	if (!elf64_xlatetom(&to, &from, me->hdr.e_ident[EI_DATA])) {
		klp_report(me, KLP_ERR, relsec, -1, "arm64-info-oob", NULL,
			   "the section header past the table: libelf: %s",
			   elf_errmsg(-1));
		return false;
	}
	klp_report(me, KLP_WARN, relsec, -1, "arm64-info-oob", NULL,
		   "sh_info %u is past the section table: arm64's module_frob_arch_sections() reads the file's bytes at offset %llu as its section header (flags 0x%llx: %s)",
		   me->sechdrs[relsec].sh_info, (unsigned long long)off,
		   (unsigned long long)dst->sh_flags,
		   dst->sh_flags & SHF_EXECINSTR ?
		   "executable, its branches are counted for PLTs" :
		   "not executable, ignored");
	return true;
}

/* partition_branch_plt_relas() reads every relocation's symbol */
static bool syms_in_table(struct klp_module *me, unsigned int relsec)
{
	size_t n;
	const Elf64_Rela *r = klp_relas(me, relsec, &n);
	long j = klp_relas_sym_past(me, relsec);

	if (j < 0)
		return true;
	klp_report(me, KLP_ERR, relsec, j, "arm64-info-oob", NULL,
		   "symbol index %llu is past the symbol table (%zu symbols): arm64's module_frob_arch_sections() reads it anyway, for a section whose sh_info %u is past the section table",
		   (unsigned long long)ELF64_R_SYM(r[j].r_info), me->nsyms,
		   me->sechdrs[relsec].sh_info);
	return false;
}

/*
 * module_init_layout_section() on that header's name: strncmp() with
 * ".init" reads until the first difference, at most five bytes.
 */
static int init_name_past_table(struct klp_module *me, unsigned int relsec,
				const Elf64_Shdr *dst)
{
	uint64_t off = me->sechdrs[me->hdr.e_shstrndx].sh_offset +
		       dst->sh_name;
	const char *want = ".init";

	for (unsigned int k = 0; k < 5; k++) {
		if (!image_bytes(me, off + k, 1)) {
			klp_report(me, KLP_ERR, relsec, -1, "arm64-info-oob",
				   NULL,
				   "sh_info %u is past the section table: the header arm64's module_frob_arch_sections() reads there names a string at file offset %llu, past the file's %zu bytes; the kernel's strncmp() reads memory no file decides and may oops",
				   me->sechdrs[relsec].sh_info,
				   (unsigned long long)off, me->file_size);
			return -1;
		}
		if (((const char *)me->file_buf)[off + k] != want[k])
			return 0;
	}
	return 1;
}

/* Turn one of the module's PLT sections into sized NOBITS text. */
static void size_plt_section(struct klp_module *me, unsigned int i,
			     uint64_t count)
{
	Elf64_Shdr *s = &me->sechdrs[i];

	s->sh_type = SHT_NOBITS;
	s->sh_flags = SHF_EXECINSTR | SHF_ALLOC;
	s->sh_addralign = L1_CACHE_BYTES;
	s->sh_size = (count + 1) * ARM64_PLT_SIZE;
}

static void setup_plt(struct klp_module *me, struct arm64_plt_sec *ps,
		      uint64_t count, enum klp_mem_type mem)
{
	ps->num_entries = 0;
	ps->max_entries = (int)count;
	ps->mem = -1;
	ps->size = (count + 1) * ARM64_PLT_SIZE;
	if (ps->shndx) {
		size_plt_section(me, ps->shndx, count);
		return;
	}
	/*
	 * A bare object has no .plt: scripts/module.lds adds it when a .ko
	 * is linked. Reserve the same space at the start of the region
	 * instead, and only when some slot may be used, so that objects
	 * without far branches keep the layout they would have anyway.
	 */
	if (!count) {
		ps->size = 0;
		return;
	}
	ps->mem = mem;
	ps->off = klp_mem_reserve(me, mem, ps->size, L1_CACHE_BYTES);
	klp_report(me, KLP_NOTE, -1, -1, "arm64-plt-reserved", NULL,
		   "no %s section (a .ko linked with scripts/module.lds has one): reserved %llu PLT slots at the start of %s",
		   mem == KLP_MEM_TEXT ? ".plt" : ".init.plt",
		   (unsigned long long)count, klp_mem_name(mem));
}

int arm64_frob_arch_sections(struct klp_module *me)
{
	struct arm64_mod *am;
	uint64_t core_plts = 0, init_plts = 0;
	unsigned int tramp = 0, init_tramp = 0;
	Elf64_Shdr oob;
	char k[300];

	/* a second layout of the same module starts from scratch */
	free(me->arch_priv);
	me->arch_priv = NULL;
	am = calloc(1, sizeof(*am));
	if (!am) {
		klp_report(me, KLP_ERR, -1, -1, "oom", NULL, "out of memory");
		return -ENOMEM;
	}
	me->arch_priv = am;
	am->core.mem = am->init.mem = -1;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const char *n = klp_secname(me, i);

		if (!strcmp(n, ".plt"))
			am->core.shndx = i;
		else if (!strcmp(n, ".init.plt"))
			am->init.shndx = i;
		else if (!strcmp(n, ".text.ftrace_trampoline"))
			tramp = i;
		else if (!strcmp(n, ".init.text.ftrace_trampoline"))
			init_tramp = i;
	}
	if ((!am->core.shndx || !am->init.shndx) && is_linked_module(me)) {
		snprintf(k, sizeof(k),
			 "Modules: %s: module PLT section(s) missing",
			 me->name);
		klp_report(me, KLP_ERR, -1, -1, "arm64-plt-missing", k,
			   "a .ko linked with the kernel's scripts/module.lds has .plt and .init.plt");
		return -ENOEXEC;
	}
	if (!me->syms) {
		snprintf(k, sizeof(k),
			 "Modules: %s: module symtab section missing",
			 me->name);
		klp_report(me, KLP_ERR, -1, -1, "arm64-no-symtab", k, NULL);
		return -ENOEXEC;
	}

	for (unsigned int i = 1; i < me->shnum; i++) {
		Elf64_Shdr *s = &me->sechdrs[i];
		Elf64_Rela *rela, *saved;
		Elf64_Shdr *dst;
		size_t n, nents;
		uint64_t c;
		int init;

		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_info < me->shnum)
			dst = &me->sechdrs[s->sh_info];
		else if (header_past_table(me, i, &oob))
			dst = &oob;
		else
			continue;	/* modelled as the read that does not oops */
		if (!(dst->sh_flags & SHF_EXECINSTR))
			continue;
		if (dst == &oob) {
			/* the open checks symbol indices only below shnum */
			if (!syms_in_table(me, i))
				continue;
			init = init_name_past_table(me, i, dst);
			if (init < 0)
				continue;
		} else {
			init = init_section(klp_secname(me, s->sh_info));
		}
		saved = klp_relas_save(me, i);
		rela = klp_relas(me, i, &n);
		nents = partition(me, rela, n, s->sh_info);
		if (nents)
			klp_relas_sort(rela, nents, cmp_rela);
		klp_relas_reordered(me, i, saved);
		c = count_plts(me, rela, n, s->sh_info, dst);
		if (init)
			init_plts += c;
		else
			core_plts += c;
	}

	setup_plt(me, &am->core, core_plts, KLP_MEM_TEXT);
	setup_plt(me, &am->init, init_plts, KLP_MEM_INIT_TEXT);

	/* CONFIG_DYNAMIC_FTRACE (defconfig): one slot for ftrace_caller */
	for (int t = 0; t < 2; t++) {
		unsigned int i = t ? init_tramp : tramp;

		if (!i)
			continue;
		me->sechdrs[i].sh_type = SHT_NOBITS;
		me->sechdrs[i].sh_flags = SHF_EXECINSTR | SHF_ALLOC;
		me->sechdrs[i].sh_addralign = 4;
		me->sechdrs[i].sh_size = NR_FTRACE_PLTS * ARM64_PLT_SIZE;
	}
	return 0;
}

void arm64_release(struct klp_module *me)
{
	free(me->arch_priv);
	me->arch_priv = NULL;
}

uint64_t arm64_plt_base(struct klp_module *me,
			const struct arm64_plt_sec *ps)
{
	if (ps->shndx)
		return me->sechdrs[ps->shndx].sh_addr;
	if (ps->mem >= 0)
		return me->mem[ps->mem].addr + ps->off;
	return 0;
}

/* within_module_init() */
static bool in_init(const struct klp_module *me, uint64_t loc)
{
	static const int types[] = { KLP_MEM_INIT_TEXT, KLP_MEM_INIT_DATA,
				     KLP_MEM_INIT_RODATA };

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		const struct klp_mem *m = &me->mem[types[t]];

		if (m->size && loc >= m->addr && loc - m->addr < m->size)
			return true;
	}
	return false;
}

static struct arm64_plt_sec *plt_sec_for(struct klp_module *me, uint64_t loc)
{
	struct arm64_mod *am = me->arch_priv;

	return in_init(me, loc) ? &am->init : &am->core;
}

/*
 * Store a slot. The kernel would store it even past the end of .plt
 * (corrupting whatever follows); we refuse that instead.
 */
static int write_slot(struct klp_module *me, const struct arm64_plt_sec *ps,
		      int i, const uint32_t w[3])
{
	unsigned char buf[ARM64_PLT_SIZE];
	uint64_t addr = arm64_plt_base(me, ps) + (uint64_t)i * ARM64_PLT_SIZE;

	if ((uint64_t)(i + 1) * ARM64_PLT_SIZE > ps->size) {
		klp_rel_err(me, "arm64-plt-overrun",
			    "PLT slot %d at 0x%llx lies past the %llu-byte PLT area: the kernel would store it over whatever follows",
			    i, (unsigned long long)addr,
			    (unsigned long long)ps->size);
		return -ENOEXEC;
	}
	put_le32(buf, w[0]);
	put_le32(buf + 4, w[1]);
	put_le32(buf + 8, w[2]);
	return klp_write(me, addr, buf, sizeof(buf), arm64_plt_write_kind(me));
}

/* The kernel's WARN_ON() splat when the slots counted run out. */
static int plt_full(struct klp_module *me, const struct arm64_plt_sec *ps,
		    int line, const char *fn)
{
	char k[200];

	snprintf(k, sizeof(k),
		 "WARNING: CPU: 0 PID: 0 at arch/arm64/kernel/module-plts.c:%d %s",
		 line, fn);
	klp_report(me, KLP_ERR, me->cur_relsec ? (long)me->cur_relsec : -1,
		   me->cur_rel, "arm64-plt-full", k,
		   "all %d PLT slots counted at load time are used (applying a section again consumes new slots: 6.12 has no clear_relocate_add to give them back); apply_relocate_add() returns -ENOEXEC",
		   ps->max_entries);
	return -ENOEXEC;
}

/* plt_entries_equal(): same add and br, and adrp to the same page */
static bool entries_equal(struct klp_module *me, uint64_t a, uint64_t b)
{
	unsigned char *pa = klp_mem_ptr(me, a, ARM64_PLT_SIZE);
	unsigned char *pb = klp_mem_ptr(me, b, ARM64_PLT_SIZE);
	uint32_t adrp_a, adrp_b;
	uint64_t p, q;

	if (!pa || !pb)
		return false;
	if (get_le32(pa + 4) != get_le32(pb + 4) ||
	    get_le32(pa + 8) != get_le32(pb + 8))
		return false;
	adrp_a = get_le32(pa);
	adrp_b = get_le32(pb);
	p = a & ~0xfffULL;
	q = b & ~0xfffULL;
	if (adrp_a == adrp_b && p == q)
		return true;
	/* add and br equal: both are PLT entries, whose first word is adrp */
	return p + (uint64_t)(int64_t)arm64_adrp_offset(adrp_a) ==
	       q + (uint64_t)(int64_t)arm64_adrp_offset(adrp_b);
}

int arm64_emit_plt_entry(struct klp_module *me, uint64_t loc, uint64_t val,
			 uint64_t *out)
{
	struct arm64_plt_sec *ps = plt_sec_for(me, loc);
	uint64_t base = arm64_plt_base(me, ps);
	int i = ps->num_entries, j = i - 1, ret;
	uint32_t w[3];
	uint64_t slot;

	if (arm64_forbidden_adrp(me, base + (uint64_t)i * ARM64_PLT_SIZE))
		i++;
	slot = base + (uint64_t)i * ARM64_PLT_SIZE;
	w[0] = arm64_gen_adrp(slot, val, ARM64_REG_IP0);
	w[1] = arm64_gen_add_imm64(ARM64_REG_IP0, ARM64_REG_IP0, val % 4096);
	w[2] = ARM64_INSN_BR | ARM64_REG_IP0 << 5;
	if (w[0] == ARM64_BREAK_FAULT) {
		klp_rel_err(me, "arm64-plt-range",
			    "target 0x%016llx is more than 4 GiB from the PLT slot at 0x%016llx: adrp cannot reach it, and the 6.12 kernel would silently put a BRK in the slot",
			    (unsigned long long)val,
			    (unsigned long long)slot);
		return -ENOEXEC;
	}
	/* written before the duplicate check, as the kernel does */
	ret = write_slot(me, ps, i, w);
	if (ret)
		return ret;
	if (j >= 0 &&
	    entries_equal(me, slot, base + (uint64_t)j * ARM64_PLT_SIZE)) {
		*out = base + (uint64_t)j * ARM64_PLT_SIZE;
		return 0;
	}
	ps->num_entries += i - j;
	if (ps->num_entries > ps->max_entries)
		return plt_full(me, ps, 94, "module_emit_plt_entry");
	*out = slot;
	return 0;
}

/*
 * The veneer for an ADRP at a forbidden offset whose page is out of ADR
 * range: adrp xN, page ; add xN, xN, #0 ; b back-to-the-next-insn.
 */
int arm64_emit_veneer_for_adrp(struct klp_module *me, uint64_t loc,
			       uint64_t val, uint64_t *out)
{
	struct arm64_plt_sec *ps = plt_sec_for(me, loc);
	uint64_t base = arm64_plt_base(me, ps), slot;
	int i = ps->num_entries++, ret;
	unsigned char cur[4];
	unsigned int rd;
	uint32_t w[3];

	if (ps->num_entries > ps->max_entries)
		return plt_full(me, ps, 111, "module_emit_veneer_for_adrp");
	if (arm64_forbidden_adrp(me, base + (uint64_t)i * ARM64_PLT_SIZE))
		i = ps->num_entries++;
	slot = base + (uint64_t)i * ARM64_PLT_SIZE;

	ret = klp_read(me, loc, cur, sizeof(cur));
	if (ret)
		return ret;
	/* Rd of what is at the place: an ADRP the first time round */
	rd = get_le32(cur) & 0x1f;
	w[0] = arm64_gen_adrp(slot, val, rd);
	w[1] = arm64_gen_add_imm64(rd, rd, val % 4096);
	w[2] = arm64_gen_b(slot + 8, loc + 4);
	if (w[0] == ARM64_BREAK_FAULT || w[2] == ARM64_BREAK_FAULT) {
		klp_rel_err(me, "arm64-veneer-range",
			    "erratum 843419 veneer at 0x%016llx cannot reach %s 0x%016llx: the 6.12 kernel would silently put a BRK in it",
			    (unsigned long long)slot,
			    w[0] == ARM64_BREAK_FAULT ? "page" : "the return to",
			    (unsigned long long)(w[0] == ARM64_BREAK_FAULT ?
						 val : loc + 4));
		return -ENOEXEC;
	}
	ret = write_slot(me, ps, i, w);
	if (ret)
		return ret;
	*out = slot;
	return 0;
}
