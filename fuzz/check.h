/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `klpreloc check` end to end on one arch's backend (check-ARCH.c sets
 * FUZZ_ARCH): the input is the patch module. The target is loaded once,
 * as check loads it - the arch's fixture System.map (tests/fixtures) and
 * its klpreloc_target.ko as --target-module - and every input then runs
 * the whole flow against it: open, layout, simplify_symbols, the early
 * klp apply of vmlinux sections, each module object's late apply, clear
 * and re-apply, and the JSON report of the outcome, as the kernel version
 * the input's size picks (input_kver()).
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>

#include "fuzz.h"

#include "../tools/klpreloc/klpreloc.h"

static struct cli c;
static struct klp_ksyms ks;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct cli_target_mod tm;
	struct klp_module *me;
	struct klp_diag d;

	fuzz_quiet_stdout();
	c.cmd = "check";
	c.json = true;
	c.target = xstrdup(fuzz_data(FUZZ_ARCH "/System.map"));
	tm.name = xstrdup("klpreloc_target");
	tm.path = xstrdup(fuzz_data(FUZZ_ARCH "/klpreloc_target.ko"));
	c.tmods = &tm;
	c.ntmods = 1;
	klp_options_init(&c.opts);
	klp_diag_init(&d);
	klp_ksyms_init(&ks, &c.opts);
	/* cli_load_targets() takes the arch from a patch: the fixture's */
	if (klp_module_open(fuzz_data(FUZZ_ARCH "/klpreloc_lp.ko"), &c.opts,
			    &d, &me) ||
	    strcmp(me->arch->name, FUZZ_ARCH) ||
	    cli_load_targets(&c, &ks, &d, me)) {
		cli_print_errors(&d);
		fprintf(stderr, "fuzz: cannot load the %s target\n", FUZZ_ARCH);
		exit(1);
	}
	klp_module_free(me);
	klp_diag_free(&d);
	return 0;
}

/*
 * A module may legally ask for most of the module area (a large .bss);
 * the model then holds that much host memory, twice over while it
 * compares clear and re-apply. Past 64 MiB a layout that fits is left
 * unrun: it is a resource limit of the fuzzer, not an input the library
 * should refuse. What does not fit is run: the library must refuse it.
 */
static bool too_big_to_run(const struct klp_module *me)
{
	uint64_t start, end, sum = 0;

	klp_module_area(me, &start, &end);
	for (unsigned int i = 1; i < me->shnum; i++) {
		uint64_t n = me->sechdrs[i].sh_size;

		if (!(me->sechdrs[i].sh_flags & SHF_ALLOC))
			continue;
		sum = n > UINT64_MAX - sum ? UINT64_MAX : sum + n;
	}
	/* the library refuses regions over 256 MiB itself */
	return sum > (64ULL << 20) && sum <= (256ULL << 20) &&
	       sum <= end - start;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The flow again with a second thread wherever one can be used: what it
 * reports and decides must be what the main thread alone did.
 */
static void same_threaded(const char *path, const struct klp_diag *d0,
			  const struct klp_flow *f0)
{
	struct klp_module *me = NULL;
	struct klp_flow f = { 0 };
	struct klp_diag d;
	struct cli t = c;

	t.opts.jobs = KLP_JOBS_ALWAYS;
	klp_diag_init(&d);
	if (!klp_module_open(path, &t.opts, &d, &me))
		klp_flow_run(me, &ks, &f);
	if (d.nr != d0->nr || f.nobj != f0->nobj || f.loaded != f0->loaded)
		abort();
	for (size_t i = 0; i < d.nr; i++) {
		const struct klp_diag_entry *a = &d.v[i], *b = &d0->v[i];

		if (a->sev != b->sev || a->rel != b->rel ||
		    !same_str(a->section, b->section) ||
		    !same_str(a->rule, b->rule) || !same_str(a->msg, b->msg) ||
		    !same_str(a->kmsg, b->kmsg))
			abort();
	}
	for (size_t i = 0; i < f.nobj; i++)
		if (f.obj[i].state != f0->obj[i].state ||
		    f.obj[i].first != f0->obj[i].first ||
		    f.obj[i].later != f0->obj[i].later)
			abort();
	klp_flow_free(&f);
	klp_module_free(me);
	klp_diag_free(&d);
}

/*
 * The modelled kernel, from bits 1 and 2 of the input's size, so that the
 * version rules run too: 6.12, 6.1 (no clear before 6.3, the pre-6.4
 * padding, s390's kernel at its physical address), 5.7 (before the 5.8
 * series) or 6.17 (arm64's livepatch). The target was loaded as 6.12:
 * what does not go together must be refused, never crash.
 */
static int input_kver(size_t size)
{
	static const int kv[] = {
		KLP_KVER(6, 12), KLP_KVER(6, 1), KLP_KVER(5, 7),
		KLP_KVER(6, 17),
	};

	return kv[size >> 1 & 3];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct klp_module *me = NULL;
	struct klp_flow f = { 0 };
	struct klp_diag d;
	int ret = EXIT_USAGE;

	klp_diag_init(&d);
	c.module = fuzz_file(0, data, size);
	c.opts.jobs = 1;
	c.opts.kver = input_kver(size);
	if (!klp_module_open(c.module, &c.opts, &d, &me)) {
		if (too_big_to_run(me))
			goto out;
		klp_flow_run(me, &ks, &f);
		ret = d.errors ? EXIT_REFUSE : EXIT_ACCEPT;
	} else if (!d.errors) {
		abort();	/* refused without saying why */
	}
	/* one input in two: the same with threads (the cost of a second) */
	if (size & 1)
		same_threaded(c.module, &d, &f);
	json_head(&c, me, ret);
	json_flow_objects(me, &f);
	json_tail(&d);
	fflush(stdout);
out:
	klp_flow_free(&f);
	klp_module_free(me);
	klp_diag_free(&d);
	return 0;
}
