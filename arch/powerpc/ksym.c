// SPDX-License-Identifier: GPL-2.0
/*
 * What printk's %pS shows for an address inside the module, so that the
 * "Expected nop" message reads as it would in dmesg. While the module is
 * UNFORMED, kallsyms skips it and %pS prints the bare address; later it
 * is "sym+0xoff/0xsize [module]" (find_kallsyms_symbol()).
 */
#include <inttypes.h>
#include <stdio.h>

#include <klpreloc/module.h>

#include "ppc64.h"

/* is_mapping_symbol() */
static bool ppc64_mapping_symbol(const char *s)
{
	if (s[0] == '.' && s[1] == 'L')
		return true;
	if (s[0] == 'L' && s[1] == '0')
		return true;
	return s[0] == '$';
}

void ppc64_sprint_symbol(const struct klp_module *me, uint64_t addr,
			 char *buf, size_t len)
{
	const struct klp_mem *mem = NULL;
	uint64_t bestval, nextval;
	size_t best = 0;

	for (int t = 0; t < KLP_MEM_NR && me->state != KLP_MOD_UNFORMED;
	     t++) {
		const struct klp_mem *m = &me->mem[t];

		/* without KALLSYMS_ALL only the text regions count */
		if (!me->opts->kallsyms_all && t != KLP_MEM_TEXT &&
		    t != KLP_MEM_INIT_TEXT)
			continue;
		if (m->size && addr >= m->addr && addr < m->addr + m->size) {
			mem = m;
			break;
		}
	}
	if (!mem) {
		snprintf(buf, len, "0x%" PRIx64, addr);
		return;
	}
	/* module_memory_alloc() page-aligned the region's size */
	nextval = mem->addr + ((mem->size + PPC64_PAGE_SIZE(me) - 1) &
			       ~(uint64_t)(PPC64_PAGE_SIZE(me) - 1));
	bestval = mem->addr - 1;
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *sym = &me->syms[i];
		const char *name = klp_symname(me, sym);
		uint64_t v = sym->st_value;

		if (sym->st_shndx == SHN_UNDEF || !name[0] ||
		    ppc64_mapping_symbol(name))
			continue;
		if (v <= addr && v > bestval) {
			best = i;
			bestval = v;
		}
		if (v > addr && v < nextval)
			nextval = v;
	}
	if (!best) {
		snprintf(buf, len, "0x%" PRIx64, addr);
		return;
	}
	/* the kernel's %#lx prints 0x even for zero */
	snprintf(buf, len, "%s+0x%" PRIx64 "/0x%" PRIx64 " [%s]",
		 klp_symname(me, &me->syms[best]), addr - bestval,
		 nextval - bestval, me->name);
}
