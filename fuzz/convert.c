// SPDX-License-Identifier: GPL-2.0
/*
 * `klpreloc convert`: the input is the module as Kbuild built it. Each
 * arch's target is loaded once, as convert loads it (the fixture's
 * System.map and klpreloc_target.ko, exports and raw lines included); the
 * input then goes the command's way against its arch's: the annotations
 * it carries (.klpreloc.syms), the decision for each undefined symbol, the
 * plan of which relocation moves where, the output written through libelf
 * (to a memfd), and check's load of that output - the module convert
 * would publish must open, and its flow must run, cleanly.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/flow.h>

#include "fuzz.h"

#include "../tools/klpreloc/convert.h"

static const char *const arches[] = { "x86_64", "arm64", "ppc64le", "s390x" };
#define NARCH	(sizeof(arches) / sizeof(arches[0]))

static struct cli clis[NARCH];
static struct cv cvs[NARCH];
static size_t base_nch[NARCH];	/* choices before any input's annotations */
static const char *seed[NARCH];	/* the fixture module setup() opened */

static void setup(size_t a)
{
	static struct cli_target_mod tms[NARCH];
	struct cli *c = &clis[a];
	struct cv *cv = &cvs[a];
	static struct klp_diag d;
	char rel[64];

	c->cmd = "convert";
	snprintf(rel, sizeof(rel), "%s/System.map", arches[a]);
	c->target = xstrdup(fuzz_data(rel));
	snprintf(rel, sizeof(rel), "%s/klpreloc_target.ko", arches[a]);
	tms[a].name = xstrdup("klpreloc_target");
	tms[a].path = xstrdup(fuzz_data(rel));
	c->tmods = &tms[a];
	c->ntmods = 1;
	c->out = "out.ko";
	klp_options_init(&c->opts);
	klp_diag_init(&d);
	cv->c = c;
	cv->d = &d;
	klp_ksyms_init(&cv->ks, &c->opts);
	/* the sources take their arch from a module: the fixture's input */
	snprintf(rel, sizeof(rel), "%s/pre/klpreloc_lp.ko", arches[a]);
	seed[a] = xstrdup(fuzz_data(rel));
	cv->in = seed[a];
	if (klp_module_open(cv->in, &c->opts, &d, &cv->me) ||
	    cv_read_choices(cv) || cv_load_sources(cv)) {
		cli_print_errors(&d);
		fprintf(stderr, "fuzz: cannot load the %s target\n", arches[a]);
		exit(1);
	}
	klp_module_free(cv->me);
	cv->me = NULL;
	base_nch[a] = cv->nch;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	for (size_t a = 0; a < NARCH; a++)
		setup(a);
	return 0;
}

static bool need_placeholders(const struct cv *cv)
{
	for (size_t i = 1; i < cv->me->nsyms; i++)
		if (cv->sym[i].act == CV_EXPORTED && cv->sym[i].placeholder)
			return true;
	return false;
}

/* check's load of what convert wrote: it must open and run cleanly */
static void verify(struct cv *cv, int slot)
{
	struct klp_options vo = cv->c->opts;
	struct klp_module *vme;
	struct klp_flow f = { 0 };
	struct klp_diag vd;

	if (!klp_arch_has_livepatch(cv->me))
		vo.kver = cv->me->arch->livepatch_since;
	klp_diag_init(&vd);
	if (klp_module_open(fuzz_path(slot), &vo, &vd, &vme)) {
		/* convert wrote a module that does not open: its bug */
		for (size_t i = 0; i < vd.nr; i++)
			klp_diag_print(stderr, &vd.v[i]);
		abort();
	}
	klp_flow_run(vme, &cv->ks, &f);
	for (size_t i = 0; i < vd.nr; i++)
		klp_diag_print(fuzz_null(), &vd.v[i]);
	klp_flow_free(&f);
	klp_module_free(vme);
	klp_diag_free(&vd);
}

static void convert(struct cv *cv)
{
	char err[200];

	if (cv_check_input(cv))
		return;
	cv_read_annotations(cv);
	cv_decide(cv);
	if (!cv_plan_drop(cv))
		cv_plan_moves(cv);
	if (cv->d->errors)
		return;		/* refused: convert writes nothing */
	if (cv_write(cv, fuzz_fd(1), false, err, sizeof(err)))
		return;
	if (!need_placeholders(cv)) {
		verify(cv, 1);
		return;
	}
	if (!cv_write(cv, fuzz_fd(2), true, err, sizeof(err)))
		verify(cv, 2);
}

/* What one input left in its arch's state goes: the next starts afresh. */
static void reset(struct cv *cv, size_t a)
{
	if (cv->me)
		cv_free_plan(cv);
	klp_module_free(cv->me);
	cv->me = NULL;
	cv->sym = NULL;
	cv->moved = NULL;
	cv->g = NULL;
	cv->ng = 0;
	cv->drop_sec = NULL;
	cv->drop_sym = NULL;
	cv->syms_sec = 0;
	cv->in = seed[a];
	for (size_t i = base_nch[a]; i < cv->nch; i++) {
		free(cv->ch[i].name);
		free(cv->ch[i].obj);
		free(cv->ch[i].sym);
		free(cv->ch[i].spec);
	}
	cv->nch = base_nch[a];
	for (size_t i = 0; i < cv->nch; i++)
		cv->ch[i].used = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct klp_module *me;
	struct klp_diag d;
	size_t a;

	klp_diag_init(&d);
	if (klp_module_open(fuzz_file(0, data, size), &clis[0].opts, &d,
			    &me)) {
		klp_diag_free(&d);
		return 0;	/* the ELF model's harness covers this */
	}
	for (a = 0; a < NARCH; a++)
		if (!strcmp(me->arch->name, arches[a]))
			break;
	if (a == NARCH) {
		klp_module_free(me);
		klp_diag_free(&d);
		return 0;
	}
	cvs[a].me = me;
	cvs[a].d = &d;
	cvs[a].in = me->path;
	convert(&cvs[a]);
	for (size_t i = 0; i < d.nr; i++)
		klp_diag_print(fuzz_null(), &d.v[i]);
	reset(&cvs[a], a);
	klp_diag_free(&d);
	return 0;
}
