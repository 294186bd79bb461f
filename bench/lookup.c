// SPDX-License-Identifier: GPL-2.0
/*
 * lookup: symbol resolution through klpreloc's name index against the
 * kernel's per-symbol scan, on the distinct klp symbols of a module.
 *
 *   lookup SYMBOLS MODULE.ko
 *
 * The scan is what module_kallsyms_on_each_symbol() (and vmlinux's
 * kallsyms_on_each_symbol() before 6.2) does for each .klp.sym: visit
 * every symbol of the object, compare its name, count the matches
 * (klp_match_callback()). It is run on a sample of the symbols, the index
 * on all of them several times over; both give ns per lookup, and the
 * sampled answers must agree. Prints
 * "DISTINCT INDEX_NS SCAN_NS SPEEDUP".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <klpreloc/core.h>
#include <klpreloc/kallsyms.h>
#include <klpreloc/livepatch.h>

struct want {
	const struct klp_kobj *o;
	char name[KLP_KSYM_NAME_LEN];
	unsigned long pos;
};

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* klp_find_object_symbol() over kallsyms_on_each_symbol(): a full walk */
static uint64_t scan(const struct want *w)
{
	unsigned long n = 0;
	uint64_t addr = 0;
	size_t len = strlen(w->name);

	/* each symbol in turn, as the kernel strcmp()s each name */
	for (size_t i = 0; i < w->o->nr; i++) {
		if (!klp_ksym_is_len(&w->o->v[i], w->name, len))
			continue;
		addr = w->o->v[i].addr;
		n++;
		if ((w->pos && n == w->pos) || (!w->pos && n > 1))
			break;
	}
	if ((!w->pos && n > 1) || (w->pos && n != w->pos))
		return 0;
	return addr;
}

static uint64_t indexed(const struct want *w)
{
	unsigned long count, total;
	uint64_t addr;

	if (klp_ksyms_find(w->o, w->name, w->pos, false, &addr, &count,
			   &total) != KLP_FIND_OK)
		return 0;
	return addr;
}

/* The distinct .klp.sym symbols whose object has symbols. */
static size_t wanted(const struct klp_module *me, const struct klp_ksyms *ks,
		     struct want **out)
{
	struct want *w = calloc(me->nsyms ? me->nsyms : 1, sizeof(*w));
	size_t n = 0;

	for (size_t i = 1; w && i < me->nsyms; i++) {
		char obj[KLP_MODULE_NAME_LEN];
		bool trailing;

		if (me->syms[i].st_shndx != SHN_LIVEPATCH ||
		    klp_parse_sym_name(klp_symname(me, &me->syms[i]),
				       me->opts->kver, obj, w[n].name,
				       &w[n].pos, &trailing) != 3)
			continue;
		w[n].o = klp_ksyms_obj(ks, obj);
		if (w[n].o)
			n++;
	}
	*out = w;
	return n;
}

int main(int argc, char **argv)
{
	struct klp_options opts;
	struct klp_diag d;
	struct klp_ksyms ks;
	struct klp_module *me;
	struct want *w;
	size_t n, sample, step, reps = 0;
	double t0, t_index, t_scan;
	uint64_t sum = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: lookup SYMBOLS MODULE.ko\n");
		return 2;
	}
	klp_options_init(&opts);
	klp_diag_init(&d);
	klp_ksyms_init(&ks, &opts);
	if (klp_module_open(argv[2], &opts, &d, &me))
		return 2;
	ks.arch = me->arch;
	if (klp_ksyms_load(&ks, argv[1], KLP_SYMSRC_AUTO, NULL, 0, &d))
		return 2;
	n = wanted(me, &ks, &w);
	if (!n) {
		fprintf(stderr, "lookup: no klp symbol has its object\n");
		return 2;
	}
	/* the index: every symbol, repeated until 0.2 s have passed */
	t0 = now_ns();
	do {
		for (size_t i = 0; i < n; i++)
			sum += indexed(&w[i]);
		reps++;
	} while (now_ns() - t0 < 2e8);
	t_index = (now_ns() - t0) / (double)(n * reps);
	/* the scan: an evenly spread sample worth about 0.5 s */
	sample = n < 64 ? n : 64;
	step = n / sample;
	t0 = now_ns();
	for (size_t i = 0; i < sample; i++) {
		const struct want *x = &w[i * step];

		if (scan(x) != indexed(x)) {
			fprintf(stderr, "lookup: scan and index disagree on %s\n",
				x->name);
			return 1;
		}
	}
	t_scan = (now_ns() - t0) / (double)sample - t_index;
	printf("%zu %.1f %.0f %.0f\n", n, t_index, t_scan, t_scan / t_index);
	klp_module_free(me);
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
	return sum == 1;	/* keeps the index loop from being elided */
}
