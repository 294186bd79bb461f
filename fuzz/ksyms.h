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
#include <string.h>

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
			/* names are not NUL-ended: a copy to look up */
			char *name = strndup(o->v[j].name_at,
					     klp_ksym_len(&o->v[j]));
			unsigned long count, total;
			uint64_t addr;

			if (!name)
				abort();
			for (unsigned long pos = 0; pos < 3; pos++) {
				klp_ksyms_find(o, name, pos, pos == 2, &addr,
					       &count, &total);
				/* the name is there: counted, core or not */
				if (pos != 2 && !total)
					abort();
			}
			klp_ksyms_exported(ks, name, &addr);
			free(name);
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

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * Inputs with bit 5 of their size set load a second time as check loads
 * its --target: read and parsed by a worker (forced). The objects, their
 * symbols and what was reported must be the same.
 */
static void same_threaded(const struct klp_ksyms *ks, const struct klp_diag *d,
			  const struct klp_options *o, const char *path,
			  const uint8_t *data, size_t size)
{
	struct klp_options o2 = *o;
	struct klp_ksyms k2;
	struct klp_diag d2;

	if (!(size & 32))
		return;
	o2.jobs = KLP_JOBS_ALWAYS;
	klp_diag_init(&d2);
	klp_ksyms_init(&k2, &o2);
	k2.arch = ks->arch;
	want_words(&k2, data, size);
	load_dump(&k2, size, &d2);
	klp_ksyms_preload(&k2, path);
	klp_ksyms_load(&k2, path, FUZZ_KIND, FUZZ_OBJ, 0, &d2);
	if (k2.nr != ks->nr || d2.nr != d->nr)
		abort();
	for (size_t i = 0; i < ks->nr; i++) {
		const struct klp_kobj *a = ks->obj[i], *b = k2.obj[i];

		if (strcmp(a->name, b->name) || a->nr != b->nr ||
		    a->hidden != b->hidden)
			abort();
		for (size_t j = 0; j < a->nr; j++)
			if (!klp_ksym_is_len(&a->v[j], b->v[j].name_at,
					     klp_ksym_len(&b->v[j])) ||
			    a->v[j].addr != b->v[j].addr ||
			    a->v[j].type != b->v[j].type ||
			    a->v[j].core != b->v[j].core)
				abort();
	}
	for (size_t i = 0; i < d->nr; i++)
		if (d->v[i].sev != d2.v[i].sev ||
		    !same_str(d->v[i].msg, d2.v[i].msg) ||
		    !same_str(d->v[i].kmsg, d2.v[i].kmsg) ||
		    !same_str(d->v[i].rule, d2.v[i].rule))
			abort();
	klp_ksyms_free(&k2);
	klp_diag_free(&d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;

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
	path = fuzz_file(0, data, size);
	if (!klp_ksyms_load(&ks, path, FUZZ_KIND, FUZZ_OBJ, 0, &d))
		probe(&ks);
	else if (!d.errors)
		abort();	/* a refusal is one diagnostic */
	same_threaded(&ks, &d, &o, path, data, size);
	for (size_t i = 0; i < d.nr; i++)
		klp_diag_print(fuzz_null(), &d.v[i]);
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
	return 0;
}
