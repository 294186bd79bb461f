// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc check: a dry-run load. Resolve every klp symbol and apply every
 * relocation, early and late, at realistic addresses, and say whether the
 * modelled kernel would accept the module - and if not, why, in its words.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/flow.h>

#include "klpreloc.h"

static const char usage[] =
	"usage: klpreloc check [--json] [-q] --target SYMBOLS\n"
	"                      [--target-module NAME=FILE.ko]... [--kernel X.Y]\n"
	"                      [--arch-opt ARCH.NAME=VALUE]... [--kaslr-offset N]\n"
	"                      [--no-strict-rwx] [--no-kallsyms-all]\n"
	"                      [--module-base ADDR] [--reload-shift BYTES] MODULE.ko\n"
	"Dry-run the kernel's load of a livepatch module: lay it out in the arch's\n"
	"module area, resolve every .klp.sym symbol against SYMBOLS (a System.map, a\n"
	"/proc/kallsyms dump with modules as [name], or a vmlinux) and the target\n"
	"modules, apply the vmlinux klp sections early and each module object's late\n"
	"(loaded first, then unloaded, cleared and loaded again).\n"
	"Each problem is one line: FILE: SECTION: rela N: error: RULE: ...; kernel: MSG\n"
	"\n"
	CHECK_OPTIONS
	"  --json          one JSON object on stdout (Documentation/cli.md)\n"
	"  -q, --quiet     errors and the verdict only\n"
	"  --help          this text\n"
	"\n"
	"Exit status: 0 the kernel would accept it, 1 it would refuse it (or accept\n"
	"it broken), 2 usage error or unreadable input, 3 the output could not be\n"
	"written.\n";

/* Scratch state shared with apply: load, run, report. */
int run_flow(struct cli *c, struct klp_diag *d, struct klp_module **mep,
	     struct klp_ksyms *ks, struct klp_flow *f)
{
	struct klp_module *me;

	/* the symbols are read and parsed while the module is */
	klp_ksyms_preload(ks, c->target);
	if (klp_module_open(c->module, &c->opts, d, &me))
		return EXIT_USAGE;
	*mep = me;
	if (cli_load_targets(c, ks, d, me))
		return EXIT_USAGE;
	klp_flow_run(me, ks, f);
	/* a file that changed under the run: no verdict from it */
	if (klp_inputs_check(d))
		return EXIT_USAGE;
	return d->errors ? EXIT_REFUSE : EXIT_ACCEPT;
}

static void print_text(struct cli *c, struct klp_module *me,
		       struct klp_diag *d, struct klp_flow *f, int ret)
{
	char kv[16];

	for (size_t i = 0; i < d->nr; i++)
		if (!c->quiet || d->v[i].sev == KLP_ERR)
			klp_diag_print(stdout, &d->v[i]);
	if (!me)
		return;
	for (size_t i = 0; i < f->nobj && !c->quiet; i++) {
		char skipped[64] = "", funcs[32] = "";

		if (f->obj[i].nskipped)
			snprintf(skipped, sizeof(skipped),
				 " (%u skipped by the module loader)",
				 f->obj[i].nskipped);
		if (f->funcs_known)
			snprintf(funcs, sizeof(funcs), ", %u function%s",
				 f->obj[i].nfuncs,
				 f->obj[i].nfuncs == 1 ? "" : "s");
		printf("%s: object %s: %u section%s%s, %u relocation%s%s: %s\n",
		       c->module, f->obj[i].name, f->obj[i].nsecs,
		       f->obj[i].nsecs == 1 ? "" : "s", skipped,
		       f->obj[i].nrelas, f->obj[i].nrelas == 1 ? "" : "s",
		       funcs,
		       f->obj[i].state == KLP_OBJ_APPLIED ? "applied" :
		       f->obj[i].state == KLP_OBJ_FAILED ? "failed" :
		       "not checked (no symbols)");
	}
	printf("%s: %s: the %s %s kernel would %s it\n", c->module,
	       ret ? "refused" : "accepted", me->arch->name,
	       kver_str(c->opts.kver, kv, sizeof(kv)),
	       ret ? "refuse (or break)" : "accept");
}

static const char *outcome(enum klp_obj_outcome o)
{
	switch (o) {
	case KLP_OUT_OK:
		return "ok";
	case KLP_OUT_PATCH_REFUSED:
		return "patch-refused";
	case KLP_OUT_TARGET_REFUSED:
		return "target-refused";
	default:
		return "none";
	}
}

/* The objects of check and apply's JSON report: inspect's and the load's. */
void json_flow_objects(struct klp_module *me, const struct klp_flow *f)
{
	fputs(", \"objects\": [", stdout);
	for (size_t i = 0; me && i < f->nobj; i++) {
		const struct klp_flow_obj *o = &f->obj[i];

		json_object(me, o->name, !i);
		printf(", \"funcs\": %u, \"state\": \"%s\", \"first\": \"%s\", \"later\": \"%s\"}",
		       o->nfuncs,
		       o->state == KLP_OBJ_APPLIED ? "applied" :
		       o->state == KLP_OBJ_FAILED ? "failed" : "not-given",
		       outcome(o->first), outcome(o->later));
	}
	fputs("]", stdout);
}

int cmd_check(int argc, char **argv)
{
	struct cli c;
	struct klp_diag d;
	struct klp_ksyms ks;
	struct klp_module *me = NULL;
	struct klp_flow f = { 0 };
	int ret = cli_parse(&c, argc, argv, usage, true, false);

	if (ret)
		return ret < 0 ? 0 : ret;
	klp_diag_init(&d);
	c.opts.verdict_only = true;
	klp_ksyms_init(&ks, &c.opts);
	ret = run_flow(&c, &d, &me, &ks, &f);
	if (ret == EXIT_USAGE && !c.json) {
		for (size_t i = 0; i < d.nr; i++)
			klp_diag_print(stderr, &d.v[i]);
	} else if (c.json) {
		if (ret == EXIT_USAGE)
			cli_print_errors(&d);
		json_head(&c, me, ret);
		json_flow_objects(me, &f);
		json_tail(&d);
	} else {
		print_text(&c, me, &d, &f, ret);
	}
	klp_flow_free(&f);
	klp_module_free(me);
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
	cli_free(&c);
	return ret;
}
