// SPDX-License-Identifier: GPL-2.0
/*
 * Lay a module out at addresses, as layout_and_allocate() and
 * move_module() do, and give backends bounds-checked access to the image.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>

#include "internal.h"

#define SHF_RO_AFTER_INIT	0x00200000	/* the kernel's private flag */
#define KLP_REGION_MAX		(256ULL << 20)	/* place_regions() */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) & ~(a - 1) : v;
}

void klp_options_init(struct klp_options *o)
{
	memset(o, 0, sizeof(*o));
	o->kver = KLP_KVER(6, 12);
	o->strict_rwx = true;
	o->kallsyms_all = true;
}

static const char *const mem_names[KLP_MEM_NR] = {
	[KLP_MEM_TEXT] = "text",
	[KLP_MEM_DATA] = "data",
	[KLP_MEM_RODATA] = "rodata",
	[KLP_MEM_RO_AFTER_INIT] = "ro_after_init",
	[KLP_MEM_INIT_TEXT] = "init_text",
	[KLP_MEM_INIT_DATA] = "init_data",
	[KLP_MEM_INIT_RODATA] = "init_rodata",
};

const char *klp_mem_name(int type)
{
	return type >= 0 && type < KLP_MEM_NR ? mem_names[type] : "?";
}

int klp_mem_by_name(const char *name)
{
	for (int i = 0; i < KLP_MEM_NR; i++)
		if (!strcmp(mem_names[i], name))
			return i;
	return -1;
}

uint64_t klp_mem_reserve(struct klp_module *me, enum klp_mem_type type,
			 uint64_t len, uint64_t align)
{
	uint64_t size = me->mem[type].size;
	uint64_t off = align_up(size, align ? align : 1);

	/*
	 * Sizes come from the file: one that wraps leaves the region at
	 * UINT64_MAX, which no module area holds (place_regions()).
	 */
	if (off < size || len > UINT64_MAX - off) {
		me->mem[type].size = UINT64_MAX;
		return 0;
	}
	me->mem[type].size = off + len;
	return off;
}

/*
 * Sections rewrite_section_headers() (.modinfo, __versions) and
 * layout_and_allocate() (the per-cpu section) take SHF_ALLOC from: the
 * loader neither copies nor relocates them.
 */
static bool loader_unallocates(const char *name)
{
	return !strcmp(name, ".modinfo") || !strcmp(name, "__versions") ||
	       !strcmp(name, ".data..percpu");
}

/* layout_symtab() runs: there are a symbol and a string table. */
static bool symtab_laid_out(const struct klp_module *me)
{
	return me->symindex && me->strindex && me->symindex != me->strindex;
}

bool klp_alloc_when_applied(const struct klp_module *me, unsigned int i)
{
	if (!i || i >= me->shnum || loader_unallocates(klp_secname(me, i)))
		return false;
	if (symtab_laid_out(me) && (i == me->symindex || i == me->strindex))
		return true;
	return me->sechdrs[i].sh_flags & SHF_ALLOC;
}

/* Kernel section flags tweaks done before layout_sections(). */
static void rewrite_flags(struct klp_module *me)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		const char *n = klp_secname(me, i);
		Elf64_Shdr *s = &me->sechdrs[i];

		if (loader_unallocates(n))
			s->sh_flags &= ~(uint64_t)SHF_ALLOC;
		if (!strcmp(n, ".data..ro_after_init") ||
		    !strcmp(n, "__jump_table"))
			s->sh_flags |= SHF_RO_AFTER_INIT;
	}
}

/* The kernel's module_init_layout_section(), with MODULE_UNLOAD. */
static bool init_section(const struct klp_module *me, const char *name)
{
	if (me->arch->module_init_section)
		return me->arch->module_init_section(name);
	return !strncmp(name, ".init", 5);
}

static void assign_sections(struct klp_module *me, uint64_t *off, bool init)
{
	static const uint64_t masks[][2] = {
		{ SHF_EXECINSTR | SHF_ALLOC, 0 },
		{ SHF_ALLOC, SHF_WRITE },
		{ SHF_RO_AFTER_INIT | SHF_ALLOC, 0 },
		{ SHF_WRITE | SHF_ALLOC, 0 },
		{ SHF_ALLOC, 0 },
	};
	static const int core_type[] = { KLP_MEM_TEXT, KLP_MEM_RODATA,
		KLP_MEM_RO_AFTER_INIT, KLP_MEM_DATA, KLP_MEM_DATA };
	static const int init_type[] = { KLP_MEM_INIT_TEXT,
		KLP_MEM_INIT_RODATA, -1, KLP_MEM_INIT_DATA, KLP_MEM_INIT_DATA };

	for (unsigned int m = 0; m < 5; m++) {
		int type = init ? init_type[m] : core_type[m];

		for (unsigned int i = 1; i < me->shnum; i++) {
			Elf64_Shdr *s = &me->sechdrs[i];

			if ((s->sh_flags & masks[m][0]) != masks[m][0] ||
			    (s->sh_flags & masks[m][1]) ||
			    me->secs[i].mem >= 0 || type < 0 ||
			    init != init_section(me, klp_secname(me, i)))
				continue;
			off[i] = klp_mem_reserve(me, type, s->sh_size,
						 s->sh_addralign);
			me->secs[i].mem = type;
		}
	}
}

/*
 * The kernel's is_core_symbol(): what kallsyms keeps of a module after
 * init. Its sections must be assigned to regions already.
 */
bool klp_core_symbol(const struct klp_module *me, const Elf64_Sym *s)
{
	bool all = me->opts->kallsyms_all;
	const Elf64_Shdr *sh;

	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= me->shnum ||
	    !s->st_name)
		return false;
	if (all && !strcmp(klp_secname(me, s->st_shndx), ".data..percpu"))
		return true;
	sh = &me->sechdrs[s->st_shndx];
	if (!(sh->sh_flags & SHF_ALLOC) ||
	    (!all && !(sh->sh_flags & SHF_EXECINSTR)) ||
	    me->secs[s->st_shndx].mem >= KLP_MEM_INIT_TEXT)
		return false;
	return true;
}

/* the kernel's struct mod_kallsyms on a 64-bit target: 4 words */
#define MOD_KALLSYMS_SIZE	32
#define MOD_KALLSYMS_ALIGN	8

/*
 * layout_symtab(): the full .symtab and .strtab go to the end of init
 * data (freed after init); room for the symbols kallsyms keeps, their
 * names and types is appended to core data. A livepatch module keeps
 * every symbol. Returns the core copy's offset in data.
 */
static uint64_t layout_symtab(struct klp_module *me, uint64_t *off)
{
	Elf64_Shdr *sym = &me->sechdrs[me->symindex];
	Elf64_Shdr *str = &me->sechdrs[me->strindex];
	uint64_t ndst = 0, names = 0, core;

	sym->sh_flags |= SHF_ALLOC;
	off[me->symindex] = klp_mem_reserve(me, KLP_MEM_INIT_DATA,
					    sym->sh_size, sym->sh_addralign);
	me->secs[me->symindex].mem = KLP_MEM_INIT_DATA;

	for (size_t i = 0; i < me->nsyms; i++) {
		if (i && !me->livepatch && !klp_core_symbol(me, &me->syms[i]))
			continue;
		names += strlen(klp_symname(me, &me->syms[i])) + 1;
		ndst++;
	}
	/* symbols, then their names, then one type char each */
	core = klp_mem_reserve(me, KLP_MEM_DATA,
			       ndst * sizeof(Elf64_Sym) + names + ndst,
			       sym->sh_addralign);

	str->sh_flags |= SHF_ALLOC;
	off[me->strindex] = klp_mem_reserve(me, KLP_MEM_INIT_DATA,
					    str->sh_size, str->sh_addralign);
	me->secs[me->strindex].mem = KLP_MEM_INIT_DATA;
	/* the temporary mod_kallsyms and the full symbol types */
	klp_mem_reserve(me, KLP_MEM_INIT_DATA, MOD_KALLSYMS_SIZE,
			MOD_KALLSYMS_ALIGN);
	klp_mem_reserve(me, KLP_MEM_INIT_DATA, me->nsyms, 1);
	return core;
}

/*
 * No room in the module area. Where the area follows the kernel and the
 * symbols' _text moved it past the end of the address space, the kernel
 * runs where this version's layout never puts it: the symbols are most
 * likely of another version than --kernel says.
 */
static int no_room(struct klp_module *me, uint64_t start, uint64_t end)
{
	const struct klp_options *o = me->opts;
	struct klp_vm_layout l;

	klp_report(me, KLP_ERR, -1, -1, "layout", NULL,
		   "module does not fit in the %s module area", me->arch->name);
	klp_arch_vm_layout(me->arch, o, &l);
	if (l.modules_follow_kernel && o->kaslr_known && start >= end)
		klp_report(me, KLP_NOTE, -1, -1, "layout", NULL,
			   "the symbols put the kernel's _text at 0x%llx: a %s %d.%d kernel running there would have its module area at [0x%llx, 0x%llx); are they of another kernel version (--kernel X.Y)?",
			   (unsigned long long)(l.kernel_text +
						o->kaslr_offset),
			   me->arch->name, o->kver / 1000, o->kver % 1000,
			   (unsigned long long)start, (unsigned long long)end);
	return -ENOMEM;
}

/*
 * No two regions share an address: placed ones never do, but a layout
 * file may put two bases anywhere.
 */
static bool regions_apart(const struct klp_module *me)
{
	for (int a = 0; a < KLP_MEM_NR; a++)
		for (int b = a + 1; b < KLP_MEM_NR; b++) {
			const struct klp_mem *x = &me->mem[a], *y = &me->mem[b];

			/* (differences, not ends: a base may sit near 2^64) */
			if (x->buf && y->buf &&
			    (x->addr <= y->addr ? y->addr - x->addr < x->size :
						  x->addr - y->addr < y->size))
				return false;
		}
	return true;
}

static int place_regions(struct klp_module *me)
{
	const struct klp_options *o = me->opts;
	uint64_t start, end, next, page = klp_page_size(me);

	klp_module_area(me, &start, &end);
	next = o->module_base ? o->module_base : start;
	/* regions given a base: the others go after them, never across */
	for (int t = 0; t < KLP_MEM_NR; t++)
		if (o->mem_base[t] && me->mem[t].size &&
		    o->mem_base[t] + me->mem[t].size > next)
			next = align_up(o->mem_base[t] + me->mem[t].size,
					page);

	for (int t = 0; t < KLP_MEM_NR; t++) {
		struct klp_mem *m = &me->mem[t];

		if (!m->size)
			continue;
		/*
		 * What the module area cannot hold, the kernel cannot
		 * allocate either: refused before asking the host for it,
		 * without letting the end wrap around.
		 */
		if (m->size > end - start)
			return no_room(me, start, end);
		/*
		 * The model holds each region in host memory (twice, to
		 * compare clear and re-apply), and ppc64's area is the
		 * whole vmalloc space: a bound of its own, far above any
		 * module built.
		 */
		if (m->size > KLP_REGION_MAX) {
			klp_report(me, KLP_ERR, -1, -1, "layout", NULL,
				   "%s region of %llu bytes: klpreloc models regions of at most %llu MiB",
				   klp_mem_name(t),
				   (unsigned long long)m->size,
				   KLP_REGION_MAX >> 20);
			return -ENOMEM;
		}
		if (o->mem_base[t]) {
			m->addr = o->mem_base[t];
		} else {
			m->addr = align_up(next, page);
			if (!o->module_base &&
			    (m->addr > end || m->size > end - m->addr))
				return no_room(me, start, end);
			next = align_up(m->addr + m->size, page);
		}
		m->buf = klp_zalloc(m->size);
		m->ro = o->strict_rwx && t != KLP_MEM_DATA &&
			t != KLP_MEM_INIT_DATA;
	}
	me->mem_apart = regions_apart(me);
	return 0;
}

/*
 * A table (RELA, SYMTAB, STRTAB) whose copy in a region nobody reads:
 * verdict only, and no relocation section applies to it. Untouched, its
 * pages cost nothing; a large patch is mostly such tables.
 */
static bool unread_table(const struct klp_module *me, unsigned int i,
			 const bool *target)
{
	unsigned int t = me->sechdrs[i].sh_type;

	return me->opts->verdict_only && !target[i] &&
	       (t == SHT_RELA || t == SHT_SYMTAB || t == SHT_STRTAB);
}

/*
 * Before 6.4 a module's core and its init part were one allocation each,
 * its regions parts of it, and layout_sections() ended each with
 * strict_align(): with STRICT_MODULE_RWX the data part (core or init)
 * ends on a page, and layout_symtab() appends the symbol tables after
 * that, not right after the last data section.
 */
static void pad_parts(struct klp_module *me)
{
	uint64_t page = klp_page_size(me);

	if (me->opts->kver >= KLP_KVER(6, 4) || !me->opts->strict_rwx)
		return;
	/* reserved as nothing, page-aligned: a size near the top saturates */
	klp_mem_reserve(me, KLP_MEM_DATA, 0, page);
	klp_mem_reserve(me, KLP_MEM_INIT_DATA, 0, page);
}

int klp_module_layout(struct klp_module *me)
{
	uint64_t *off = xcalloc(me->shnum, sizeof(*off));
	bool *target = xcalloc(me->shnum, sizeof(*target));
	uint64_t core_syms = 0;
	bool syms_laid = false;
	int ret = 0;

	/* find_pcpusec(), while .data..percpu is still SHF_ALLOC */
	me->pcpu = 0;
	for (unsigned int i = 1; i < me->shnum && !me->pcpu; i++)
		if ((me->sechdrs[i].sh_flags & SHF_ALLOC) &&
		    !strcmp(klp_secname(me, i), ".data..percpu"))
			me->pcpu = i;
	rewrite_flags(me);
	if (me->arch->frob_arch_sections) {
		ret = me->arch->frob_arch_sections(me);
		if (ret)
			goto out;
	}
	assign_sections(me, off, false);
	assign_sections(me, off, true);
	pad_parts(me);
	if (symtab_laid_out(me)) {
		core_syms = layout_symtab(me, off);
		syms_laid = true;
	}
	ret = place_regions(me);
	if (ret)
		goto out;
	for (unsigned int i = 1; i < me->shnum; i++)
		if ((me->sechdrs[i].sh_type == SHT_RELA ||
		     me->sechdrs[i].sh_type == SHT_REL) &&
		    me->sechdrs[i].sh_info < me->shnum)
			target[me->sechdrs[i].sh_info] = true;
	for (unsigned int i = 1; i < me->shnum; i++) {
		struct klp_section *sec = &me->secs[i];
		Elf64_Shdr *s = &me->sechdrs[i];
		unsigned char *dst;

		if (sec->mem < 0)
			continue;
		/* a region of nothing but empty sections has no buffer */
		dst = me->mem[sec->mem].buf ? me->mem[sec->mem].buf + off[i] :
			NULL;
		s->sh_addr = me->mem[sec->mem].addr + off[i];
		/*
		 * SHT_NULL contents are never checked against the file (nor
		 * by the kernel, which copies them anyway): left zero here
		 */
		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    s->sh_size && !unread_table(me, i, target))
			memcpy(dst, (unsigned char *)me->file_buf + s->sh_offset,
			       s->sh_size);
		/*
		 * RELA and SYMTAB stay host-order copies for the backends;
		 * the section and symbol names point into their tables'
		 * copies, which stay too even when a module allocates them
		 */
		if (s->sh_type == SHT_RELA || s->sh_type == SHT_SYMTAB ||
		    i == me->hdr.e_shstrndx || i == me->strindex)
			continue;
		if (!sec->in_file)
			free(sec->data);
		sec->data = dst;
		sec->size = s->sh_size;
		sec->in_mem = true;
		sec->in_file = false;
	}
	/*
	 * copy_module_elf() points a livepatch module's .symtab at the core
	 * copy: the init one is freed. .strtab keeps its init address.
	 */
	if (syms_laid && me->livepatch)
		me->sechdrs[me->symindex].sh_addr =
			me->mem[KLP_MEM_DATA].addr + core_syms;
out:
	free(target);
	free(off);
	return ret;
}

static bool mem_holds(const struct klp_mem *m, uint64_t addr, size_t len)
{
	return m->buf && addr >= m->addr && addr - m->addr <= m->size &&
	       len <= m->size - (addr - m->addr);
}

/*
 * The first region, in the kernel's order, holding [addr, addr + len);
 * -1 when none does. The one found last is asked first, when no other
 * can hold the range too: a section's relocations stay in one region.
 * (Not for an empty range: one may lie where a region ends and the next
 * begins.)
 */
static int mem_find(struct klp_module *me, uint64_t addr, size_t len)
{
	if (len && me->mem_apart &&
	    mem_holds(&me->mem[me->mem_last], addr, len))
		return me->mem_last;
	for (int t = 0; t < KLP_MEM_NR; t++)
		if (mem_holds(&me->mem[t], addr, len)) {
			me->mem_last = t;
			return t;
		}
	return -1;
}

unsigned char *klp_mem_ptr(struct klp_module *me, uint64_t addr, size_t len)
{
	int t = mem_find(me, addr, len);

	return t < 0 ? NULL : me->mem[t].buf + (addr - me->mem[t].addr);
}

/* memcpy(), the sizes a field has spelled out: no call for those */
static void copy_field(void *dst, const void *src, size_t len)
{
	if (len == 4)
		memcpy(dst, src, 4);
	else if (len == 8)
		memcpy(dst, src, 8);
	else
		memcpy(dst, src, len);
}

/*
 * The reports of the three below, out of line: a call in their common
 * path would make each save registers for every relocation.
 */
static klp_cold int
offset_err(struct klp_module *me, unsigned int t, const Elf64_Rela *rel,
	   size_t len)
{
	klp_rel_err(me, "rela-offset",
		    "r_offset 0x%llx (+%zu bytes) is outside %s (size 0x%llx)",
		    (unsigned long long)rel->r_offset, len, klp_secname(me, t),
		    (unsigned long long)me->sechdrs[t].sh_size);
	return -ENOEXEC;
}

static klp_cold int
address_err(struct klp_module *me, const char *what, uint64_t addr,
	    size_t len)
{
	klp_rel_err(me, "bad-address",
		    "%s of %zu bytes at 0x%llx is outside the module", what,
		    len, (unsigned long long)addr);
	return -EFAULT;
}

static klp_cold int
late_ro_err(struct klp_module *me, int t, uint64_t addr)
{
	klp_rel_err(me, "late-write-ro",
		    "plain store to read-only %s at 0x%llx after the module went live: the kernel faults here (write through the text-patching API instead)",
		    klp_mem_name(t), (unsigned long long)addr);
	return -EFAULT;
}

int klp_reloc_loc(struct klp_module *me, unsigned int relsec,
		  const Elf64_Rela *rel, size_t len, uint64_t *addr)
{
	unsigned int t = me->sechdrs[relsec].sh_info;
	uint64_t size = me->sechdrs[t].sh_size;

	if (me->secs[t].mem < 0 || !klp_rel_fits(size, rel, len))
		return offset_err(me, t, rel, len);
	*addr = me->sechdrs[t].sh_addr + rel->r_offset;
	return 0;
}

void klp_target_begin(struct klp_module *me, unsigned int relsec,
		      struct klp_target *t)
{
	const Elf64_Shdr *s;

	t->sec = me->sechdrs[relsec].sh_info;
	s = &me->sechdrs[t->sec];
	t->placed = me->secs[t->sec].mem >= 0;
	t->addr = s->sh_addr;
	t->size = s->sh_size;
	t->mem = me->secs[t->sec].mem;
	t->buf = NULL;
	/* then every range inside it is that region's, and no other's */
	if (t->placed && me->mem_apart &&
	    mem_holds(&me->mem[t->mem], t->addr, t->size))
		t->buf = me->mem[t->mem].buf + (t->addr - me->mem[t->mem].addr);
}

int klp_target_place_slow(struct klp_module *me, const struct klp_target *t,
			  const Elf64_Rela *rel, size_t len,
			  struct klp_place *pl)
{
	if (!t->placed || !klp_rel_fits(t->size, rel, len))
		return offset_err(me, t->sec, rel, len);
	/* (a section one region holds did not come here) */
	pl->addr = t->addr + rel->r_offset;
	pl->mem = mem_find(me, pl->addr, len);
	if (pl->mem < 0)
		return address_err(me, "read", pl->addr, len);
	pl->p = me->mem[pl->mem].buf + (pl->addr - me->mem[pl->mem].addr);
	return 0;
}

int klp_place_write(struct klp_module *me, const struct klp_place *pl,
		    const void *src, size_t len, enum klp_write_kind kind)
{
	const struct klp_mem *m = &me->mem[pl->mem];

	if (kind == KLP_WRITE_PLAIN && me->state != KLP_MOD_UNFORMED && m->ro)
		return late_ro_err(me, pl->mem, pl->addr);
	if (me->snap)
		klp_snap_save(me, pl->mem, pl->addr - m->addr, len);
	copy_field(pl->p, src, len);
	return 0;
}

int klp_read(struct klp_module *me, uint64_t addr, void *dst, size_t len)
{
	unsigned char *p = klp_mem_ptr(me, addr, len);

	if (!p)
		return address_err(me, "read", addr, len);
	copy_field(dst, p, len);
	return 0;
}

int klp_write(struct klp_module *me, uint64_t addr, const void *src,
	      size_t len, enum klp_write_kind kind)
{
	struct klp_place pl = { addr, mem_find(me, addr, len), NULL };

	if (pl.mem < 0)
		return address_err(me, "write", addr, len);
	pl.p = me->mem[pl.mem].buf + (addr - me->mem[pl.mem].addr);
	return klp_place_write(me, &pl, src, len, kind);
}

int klp_layout_read(const char *path, struct klp_options *o,
		    struct klp_diag *d)
{
	FILE *f = fopen(path, "r");
	char line[512], name[64], m[160];
	unsigned long long addr;
	unsigned int n = 0, nr = 0;

	if (!f) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "unreadable",
			     strerror(errno), NULL);
		return -ENOENT;
	}
	while (fgets(line, sizeof(line), f)) {
		int t;

		n++;
		/* "mem REGION ADDR [SIZE]"; other lines are apply's own */
		if (strncmp(line, "mem ", 4))
			continue;
		t = sscanf(line, "mem %63s %llx", name, &addr) == 2 ?
			klp_mem_by_name(name) : -1;
		if (t < 0 || !addr) {
			snprintf(m, sizeof(m),
				 "line %u is not \"mem REGION ADDRESS\" with a known region and a non-zero address",
				 n);
			klp_diag_add(d, KLP_ERR, path, NULL, -1, "layout-file",
				     m, NULL);
			fclose(f);
			return -EINVAL;
		}
		o->mem_base[t] = addr;
		nr++;
	}
	fclose(f);
	if (!nr) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "layout-file",
			     "no \"mem REGION ADDRESS\" line", NULL);
		return -EINVAL;
	}
	return 0;
}
