// SPDX-License-Identifier: GPL-2.0
/*
 * A module's per-cpu section, as 6.12's percpu_modalloc()
 * (kernel/module/main.c) asks __alloc_reserved_percpu() (mm/percpu.c)
 * for it: the section's alignment capped at PAGE_SIZE (with a warning),
 * then pcpu_alloc()'s rules - at least PCPU_MIN_ALLOC_SIZE (4) for both
 * alignment and size, a power-of-two alignment, a size up to
 * PCPU_MIN_UNIT_SIZE - and the first fit in the reserved chunk, which
 * setup_per_cpu_areas() puts right after vmlinux's static per-cpu area
 * (__per_cpu_end) with PERCPU_MODULE_RESERVE (8 KiB) of room. Where an
 * arch reserves no chunk (ppc64), the allocation comes from the dynamic
 * area, whose use at boot is unknown here: there is no room to run out
 * of, and the address is a stand-in after __per_cpu_end.
 */
#include <errno.h>
#include <stdio.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>

#include "internal.h"

#define PCPU_MIN_ALLOC		4
#define PCPU_MIN_UNIT		(32 << 10)	/* before PFN_ALIGN() */
#define MODULE_RESERVE		(8 << 10)	/* PERCPU_MODULE_RESERVE */

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Where vmlinux's static per-cpu area ends, 0 if the symbols do not say. */
static uint64_t static_end(const struct klp_ksyms *ks)
{
	const struct klp_kobj *vm = klp_ksyms_obj(ks, "vmlinux");
	unsigned long c, t;
	uint64_t at = 0;

	if (vm && !vm->hidden)
		klp_ksyms_find(vm, "__per_cpu_end", 1, false, &at, &c, &t);
	return at;
}

int klp_percpu_place(const struct klp_ksyms *ks, const struct klp_module *m,
		     struct klp_percpu *p)
{
	const Elf64_Shdr *s = &m->sechdrs[m->pcpu];
	uint64_t page = klp_page_size(m), base = static_end(ks);

	p->size = s->sh_size;
	p->align = s->sh_addralign;
	p->capped = p->align > page;
	if (p->capped)
		p->align = page;
	if (p->align < PCPU_MIN_ALLOC)
		p->align = PCPU_MIN_ALLOC;
	/* without the kernel's end, offsets into the reserve stand in */
	p->known = base != 0;
	p->at = round_up(base + ks->percpu_used, p->align & -p->align);
	p->used = p->at + round_up(p->size, PCPU_MIN_ALLOC) - base;
	p->reserve = m->arch->percpu_dynamic ? 0 : MODULE_RESERVE;
	/* pcpu_alloc(): "illegal size or align" */
	if (p->size > round_up(PCPU_MIN_UNIT, page) ||
	    (p->align & (p->align - 1)))
		return -EINVAL;
	if (p->reserve && p->used > p->reserve)
		return -ENOMEM;
	return 0;
}

void klp_percpu_kmsg(const struct klp_module *m, const struct klp_percpu *p,
		     char *buf, size_t len)
{
	snprintf(buf, len, "%s: Could not allocate %llu bytes percpu data",
		 m->name, (unsigned long long)p->size);
}
