// SPDX-License-Identifier: GPL-2.0
/*
 * ppc64le (ELFv2) module setup, modelled on 6.12's
 * arch/powerpc/kernel/module_64.c for a kernel without
 * CONFIG_PPC_KERNEL_PCREL (the default: PCREL needs a POWER10-only build):
 * find .stubs and .toc, size the stubs, make .TOC. defined, and the ops
 * table.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/bytes.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "ppc64.h"

/*
 * module_finalize_ftrace() of a kernel with DYNAMIC_FTRACE_WITH_REGS (any
 * livepatch-capable ppc64le kernel) takes two stubs: ftrace_caller and
 * ftrace_regs_caller; get_stubs_size() counts them up front.
 */
#define PPC64_FTRACE_STUBS	2

uint64_t ppc64_stubs_addr(const struct klp_module *me)
{
	return me->sechdrs[ppc64_mod(me)->stubs_section].sh_addr;
}

/*
 * r2 points 0x8000 into the TOC; rounded down to 256 bytes for the case of
 * a module without .toc, where the stubs stand in for it.
 */
uint64_t ppc64_my_r2(const struct klp_module *me)
{
	const struct ppc64_mod *pm = ppc64_mod(me);
	uint64_t toc;

	if (pm->toc_section)
		toc = me->sechdrs[pm->toc_section].sh_addr;
	else
		toc = ppc64_stubs_addr(me);
	return (toc & ~(uint64_t)0xff) + 0x8000;
}

/*
 * patch_instruction() for REL24, stubs and the r2 restore came with
 * "powerpc/module_64: Fix livepatching for RO modules" (5.17); before it
 * they were plain stores like every other type.
 */
enum klp_write_kind ppc64_insn_write_kind(const struct klp_module *me)
{
	return me->opts->kver >= KLP_KVER(5, 17) ? KLP_WRITE_PATCH :
						   KLP_WRITE_PLAIN;
}

int ppc64_read32(struct klp_module *me, uint64_t addr, uint32_t *v)
{
	unsigned char b[4];
	int ret = klp_read(me, addr, b, sizeof(b));

	if (!ret)
		*v = get_le32(b);
	return ret;
}

/*
 * Every write of the backend. A plain store into module text after the
 * module is formed is what the kernel does for every type but REL24 (the
 * open upstream issue linuxppc/issues#375): when text is read-only it
 * faults, which klp_write() reports; when it is not, the store still
 * lands in live code without an icache flush, which we warn about.
 */
static void late_plain_store(struct klp_module *me, uint64_t addr,
			     size_t len, enum klp_write_kind kind)
{
	static const int text[] = { KLP_MEM_TEXT, KLP_MEM_INIT_TEXT };

	if (kind != KLP_WRITE_PLAIN || me->state == KLP_MOD_UNFORMED)
		return;
	for (size_t t = 0; t < 2; t++) {
		const struct klp_mem *m = &me->mem[text[t]];

		if (!m->size || addr < m->addr || addr >= m->addr + m->size)
			continue;
		if (!m->ro)
			klp_rel_warn(me, "ppc64-late-plain-store",
				     "plain store of %zu bytes into live module text at 0x%" PRIx64 " (no patch_instruction, no icache flush)",
				     len, addr);
		break;
	}
}

int ppc64_write(struct klp_module *me, uint64_t addr, const void *buf,
		size_t len, enum klp_write_kind kind)
{
	late_plain_store(me, addr, len, kind);
	return klp_write(me, addr, buf, len, kind);
}

/* ppc64_write() at a relocation's place (klp_target_place()) */
int ppc64_place_write(struct klp_module *me, const struct klp_place *pl,
		      const void *buf, size_t len, enum klp_write_kind kind)
{
	late_plain_store(me, pl->addr, len, kind);
	return klp_place_write(me, pl, buf, len, kind);
}

int ppc64_write32(struct klp_module *me, uint64_t addr, uint32_t v,
		  enum klp_write_kind kind)
{
	unsigned char b[4];

	put_le32(b, v);
	return ppc64_write(me, addr, b, sizeof(b), kind);
}

/*
 * relacmp(): descending by the whole r_info, then by r_addend, so that
 * equal (symbol, type, addend) keys end up next to each other.
 */
static int ppc64_relacmp(const Elf64_Rela *a, const Elf64_Rela *b)
{
	if (a->r_info != b->r_info)
		return a->r_info > b->r_info ? -1 : 1;
	if (a->r_addend != b->r_addend)
		return a->r_addend > b->r_addend ? -1 : 1;
	return 0;
}

/*
 * count_relocs(): neighbours with a new (symbol, addend) after the sort.
 * The kernel keeps both in unsigned int, so we truncate the same way.
 */
static unsigned int ppc64_count_relocs(const Elf64_Rela *rela, size_t num,
				       uint32_t r_type)
{
	unsigned int count = 0;
	uint32_t r_sym = 0, r_addend = 0;

	for (size_t i = 0; i < num; i++) {
		if (ELF64_R_TYPE(rela[i].r_info) != r_type)
			continue;
		if (r_sym != ELF64_R_SYM(rela[i].r_info) ||
		    r_addend != (uint32_t)rela[i].r_addend) {
			count++;
			r_sym = ELF64_R_SYM(rela[i].r_info);
			r_addend = (uint32_t)rela[i].r_addend;
		}
	}
	return count;
}

/*
 * get_stubs_size(): one stub per REL24 (symbol, addend) of every RELA
 * section - klp ones included, local targets included (the kernel does not
 * tell them apart here) - plus a zero terminator and the ftrace stubs.
 * Like the kernel, this sorts every RELA section in place: the order in
 * which relocations are applied, and so which stub goes where, follows.
 * (The kernel's heapsort is not stable; equal keys produce equal bytes.)
 */
static uint64_t ppc64_stubs_size(struct klp_module *me)
{
	uint64_t relocs = 1;

	for (unsigned int i = 1; i < me->shnum; i++) {
		Elf64_Rela *rela, *saved;
		size_t nr;

		if (me->sechdrs[i].sh_type != SHT_RELA)
			continue;
		rela = klp_relas(me, i, &nr);
		if (!nr)
			continue;
		saved = klp_relas_save(me, i);
		klp_relas_sort(rela, nr, ppc64_relacmp);
		klp_relas_reordered(me, i, saved);
		relocs += ppc64_count_relocs(rela, nr, R_PPC64_REL24);
	}
	relocs += PPC64_FTRACE_STUBS;
	return relocs * PPC64_STUB_SIZE;
}

/*
 * dedotify(): undefined ".name" (ELFv1 dot symbols) lose the dot, and
 * ".TOC." becomes an absolute "TOC." whose value apply sets to my_r2.
 */
static void ppc64_dedotify(struct klp_module *me)
{
	for (size_t i = 1; i < me->nsyms; i++) {
		Elf64_Sym *sym = &me->syms[i];
		const char *name;

		if (sym->st_shndx != SHN_UNDEF ||
		    sym->st_name >= me->strtab_size)
			continue;
		name = me->strtab + sym->st_name;
		if (name[0] != '.')
			continue;
		if (!strcmp(name + 1, "TOC."))
			sym->st_shndx = SHN_ABS;
		sym->st_name++;
	}
}

int ppc64_frob_arch_sections(struct klp_module *me)
{
	struct ppc64_mod *pm = calloc(1, sizeof(*pm));

	if (!pm) {
		klp_report(me, KLP_ERR, -1, -1, "oom", NULL, "out of memory");
		return -ENOMEM;
	}
	me->arch_priv = pm;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const char *name = klp_secname(me, i);

		if (!strcmp(name, ".stubs")) {
			pm->stubs_section = i;
		} else if (!strcmp(name, ".toc")) {
			pm->toc_section = i;
			if (me->sechdrs[i].sh_addralign < 8)
				me->sechdrs[i].sh_addralign = 8;
		}
		/*
		 * __versions is dedotified too; it only matters for the
		 * modversion check, which is not the relocation's business.
		 */
	}
	/* The kernel dedotifies the SHT_SYMTAB it meets in that loop. */
	if (me->syms)
		ppc64_dedotify(me);

	/*
	 * Every real module has .stubs: <asm/module.h> emits it into each
	 * object. Without it the kernel refuses the module before layout.
	 */
	if (!pm->stubs_section) {
		char kmsg[256];

		snprintf(kmsg, sizeof(kmsg),
			 PPC64_PFX "%s: doesn't contain .stubs.", me->name);
		klp_report(me, KLP_ERR, -1, -1, "ppc64-no-stubs", kmsg,
			   "no .stubs section: module_frob_arch_sections() fails with -ENOEXEC");
		return -ENOEXEC;
	}
	/*
	 * Override the NOBITS section's size, as the kernel does. Its
	 * alignment is the object's (.align 3 in <asm/module.h>); a stub
	 * that ends up misaligned is refused by create_stub().
	 */
	pm->stubs_size = ppc64_stubs_size(me);
	me->sechdrs[pm->stubs_section].sh_size = pm->stubs_size;
	/* Without .toc, r2 is derived from .stubs (toc_section == 0). */
	return 0;
}

/*
 * module_finalize() -> module_finalize_ftrace(): stubs for ftrace_caller
 * and ftrace_regs_caller, made like any other (stub_for_addr()) in the
 * next free slots. Without the kernel's symbols the two slots are only
 * marked taken, so later stubs (klp relocations) still land where they
 * would in the kernel. The feature-fixup sections involve no relocation.
 */
int ppc64_module_finalize(struct klp_module *me)
{
	static const char *const tramps[PPC64_FTRACE_STUBS] = {
		"ftrace_caller", "ftrace_regs_caller",
	};
	struct ppc64_mod *pm = ppc64_mod(me);
	uint64_t base, addr[PPC64_FTRACE_STUBS], stub;
	unsigned int i, num;
	bool known = true;

	if (!pm)
		return 0;
	for (i = 0; i < PPC64_FTRACE_STUBS; i++)
		known &= !klp_kernel_sym(me, tramps[i], &addr[i]);
	me->cur_relsec = pm->stubs_section;
	me->cur_rel = -1;
	if (known) {
		for (i = 0; i < PPC64_FTRACE_STUBS; i++)
			if (ppc64_stub_for_addr(me, addr[i], tramps[i], &stub))
				return -ENOENT;
		return 0;
	}
	base = ppc64_stubs_addr(me);
	num = (unsigned int)(pm->stubs_size / PPC64_STUB_SIZE);
	for (i = 0; i < num; i++) {
		const unsigned char *p;

		p = klp_mem_ptr(me, base + (uint64_t)i * PPC64_STUB_SIZE +
				PPC64_STUB_FUNCDATA_OFF, 8);
		if (!p || !get_le64(p))
			break;
	}
	pm->ftrace_first = i;
	pm->ftrace_nr = PPC64_FTRACE_STUBS;
	klp_report(me, KLP_NOTE, -1, -1, "ppc64-ftrace-stub", NULL,
		   "the symbols give no ftrace_caller/ftrace_regs_caller: their stubs (slots %u and %u) are left unwritten",
		   i, i + 1);
	return 0;
}

void ppc64_release(struct klp_module *me)
{
	free(me->arch_priv);
	me->arch_priv = NULL;
}

static const uint64_t ppc64_page_sizes[] = { 4096, 65536, 0 };

static const struct klp_arch_opt ppc64_opts[] = {
	[PPC64_OPT_PAGE_SIZE] = {
		.name = "page-size", .def = 65536, .values = ppc64_page_sizes,
		.help = "PAGE_SIZE: 65536 with CONFIG_PPC_64K_PAGES (distribution kernels), 4096 with CONFIG_PPC_4K_PAGES; regions are whole pages, so the zeroed tail after .stubs ends there",
	},
	{ NULL },
};

static uint64_t ppc64_page_size(const struct klp_module *me)
{
	return PPC64_PAGE_SIZE(me);
}

/* module_init_section(): ppc64 does not handle .init, it stays in core */
static bool ppc64_module_init_section(const char *name)
{
	return false;
}

/*
 * A pseries/powernv 6.12 kernel has no MODULES_VADDR on book3s64: modules
 * are vmalloc'ed, and VMALLOC_START..VMALLOC_END is 0xc008000000000000 +
 * 2^49 with both radix and hash (64K pages). vmlinux links at
 * 0xc000000000000000.
 */
/* what ppc64_module_finalize() and the ftrace stubs look up */
static const char *const ppc64_kernel_syms[] = {
	".TOC.", "ftrace_caller", "ftrace_regs_caller", NULL,
};

/* restore_r2()'s "Expected nop after call" (the ld r2 it wrote) */
static const char *const ppc64_reapply_refusals[] = {
	"ppc64-expected-nop", NULL,
};

const struct klp_arch klp_arch_ppc64le = {
	.name = "ppc64le",
	.machine = EM_PPC64,
	.elfdata = ELFDATA2LSB,
	.flags_mask = 0x3,
	.flags_value = 0x2,	/* module_elf_check_arch(): ELFv2 */
	.module_start = 0xc008000000000000ull,
	.module_end = 0xc00a000000000000ull,
	.kernel_text = 0xc000000000000000ull,
	.livepatch_since = KLP_KVER(4, 7),
	.opts = ppc64_opts,
	.page_size = ppc64_page_size,
	/* setup_per_cpu_areas(): pcpu_embed_first_chunk(0, ...) */
	.percpu_dynamic = true,
	.module_init_section = ppc64_module_init_section,
	.frob_arch_sections = ppc64_frob_arch_sections,
	.apply_relocate_add = ppc64_apply_relocate_add,
	.clear_relocate_add = NULL,	/* 6.12 has none on powerpc */
	.reapply_refusals = ppc64_reapply_refusals,
	.module_finalize = ppc64_module_finalize,
	.kernel_syms = ppc64_kernel_syms,
	.release = ppc64_release,
	.reloc_name = ppc64_reloc_name,
};
