/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A symbol source parser (sysmap.c: System.map, kallsyms.c: a
 * /proc/kallsyms dump, with [module] lines or without, addresses shown or
 * hidden; ksyms-elf.c: a vmlinux or a target .ko, alone or merged into a
 * dump): load the input as FUZZ_KIND, then ask the index what check and
 * convert ask of it - each of the first symbols of every object by name
 * and position, as a patch module and as a target already loaded, and as
 * an export, with some names wanted first or every name indexed. The
 * input's size picks the arch (its System.map offset and kernel text
 * address) and CONFIG_KALLSYMS_ALL, so every arch's view of the same
 * lines is reached.
 */
#include <stdlib.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>
#include <klpreloc/kallsyms.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void probe(const struct klp_ksyms *ks)
{
	for (size_t i = 0; i < ks->nr && i < 8; i++) {
		const struct klp_kobj *o = ks->obj[i];

		if (klp_ksyms_obj(ks, o->name) != o)
			abort();	/* the first object of its name */
		for (size_t j = 0; j < o->nr && j < 16; j++) {
			const char *name = o->v[j].name;
			unsigned long count, total;
			uint64_t addr;

			for (unsigned long pos = 0; pos < 3; pos++) {
				klp_ksyms_find(o, name, pos, pos == 2, &addr,
					       &count, &total);
				/* the name is there: counted, core or not */
				if (pos != 2 && !total)
					abort();
			}
			klp_ksyms_exported(ks, name, &addr);
		}
	}
}

#ifndef FUZZ_OBJ
#define FUZZ_OBJ	NULL	/* a .ko's own name */
#endif

#ifdef FUZZ_DUMP
/*
 * Half of the inputs load after this dump: a .ko named as one of its
 * [mod] objects merges into it (the .ko's order, the dump's addresses).
 */
static int load_dump(struct klp_ksyms *ks, size_t size, struct klp_diag *d)
{
	if (!(size & 8))
		return 0;
	if (klp_ksyms_load(ks, fuzz_file(1, (const uint8_t *)FUZZ_DUMP,
					 sizeof(FUZZ_DUMP) - 1),
			   KLP_SYMSRC_KALLSYMS, NULL, 0, d))
		abort();	/* the dump is well formed */
	return 0;
}
#else
static int load_dump(struct klp_ksyms *ks, size_t size, struct klp_diag *d)
{
	return 0;
}
#endif

/*
 * Half of the inputs say first which names will be looked up (check does,
 * from the patch): the words of the input's start. The index then holds
 * those only until probe() asks for another.
 */
static void want_words(struct klp_ksyms *ks, const uint8_t *data, size_t size)
{
	char w[64];
	size_t n = 0;

	if (!(size & 16))
		return;
	for (size_t i = 0; i < size && i < 256; i++) {
		if (data[i] > ' ' && n < sizeof(w) - 1) {
			w[n++] = (char)data[i];
			continue;
		}
		w[n] = '\0';
		if (n)
			klp_ksyms_want(ks, klp_ksyms_hash(w));
		n = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct klp_arch *arch = klp_arch_nth(size % 4);
	struct klp_options o;
	struct klp_ksyms ks;
	struct klp_diag d;

	klp_options_init(&o);
	o.kallsyms_all = !(size & 4);
	klp_diag_init(&d);
	klp_ksyms_init(&ks, &o);
	ks.arch = arch;
	want_words(&ks, data, size);
	load_dump(&ks, size, &d);
	if (!klp_ksyms_load(&ks, fuzz_file(0, data, size), FUZZ_KIND,
			    FUZZ_OBJ, 0, &d))
		probe(&ks);
	else if (!d.errors)
		abort();	/* a refusal is one diagnostic */
	for (size_t i = 0; i < d.nr; i++)
		klp_diag_print(fuzz_null(), &d.v[i]);
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
	return 0;
}
