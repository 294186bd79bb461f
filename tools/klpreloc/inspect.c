// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc inspect: what a livepatch module carries - arch, modinfo, each
 * patched object with its klp rela sections and relocation types, each
 * klp symbol decoded - and every format rule it breaks.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/flow.h>
#include <klpreloc/livepatch.h>

#include "klpreloc.h"

static const char usage[] =
	"usage: klpreloc inspect [--json] [--kernel X.Y] MODULE.ko\n"
	"Show the arch, livepatch modinfo, each patched object with its klp\n"
	"relocation sections (target section, relocation count, types) and each\n"
	"klp symbol decoded (object, name, position), then every format rule the\n"
	"module breaks.\n"
	"\n"
	"  --json          one JSON object on stdout (Documentation/cli.md)\n"
	"  --kernel X.Y    the modelled kernel's limits (default 6.12)\n"
	"  --help          this text\n"
	"\n"
	"Exit status: 0 no format rule broken, 1 a rule broken, 2 usage error or\n"
	"unreadable input, 3 the output could not be written.\n";

static void print_objects(struct cli *c, struct klp_module *me)
{
	char **names;
	size_t n = klp_patched_objects(me, &names);

	if (c->json)
		fputs(", \"objects\": [", stdout);
	else
		printf("patched objects: %zu\n", n);
	for (size_t o = 0; o < n; o++) {
		if (c->json) {
			json_object(me, names[o], !o);
			fputs("}", stdout);
		} else {
			printf("  %s\n", names[o]);
			for (unsigned int i = 1; i < me->shnum; i++)
				if (cli_klp_section_of(me, i, names[o]))
					cli_section_summary(stdout, me, i);
		}
		free(names[o]);
	}
	free(names);
	if (c->json)
		fputs("]", stdout);
}

/* A symbol the list shows: SHN_LIVEPATCH, or named like a klp symbol. */
static bool listed(const struct klp_module *me, const Elf64_Sym *s)
{
	return s->st_shndx == SHN_LIVEPATCH ||
	       !strncmp(klp_symname(me, s), ".klp.sym.", 9);
}

static void print_symbols(struct cli *c, struct klp_module *me)
{
	bool first = true;
	size_t nr = 0;

	for (size_t i = 1; i < me->nsyms; i++)
		nr += listed(me, &me->syms[i]);
	if (c->json)
		fputs(", \"symbols\": [", stdout);
	else
		printf("klp symbols: %zu\n", nr);
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];
		const char *n = klp_symname(me, s);
		char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
		unsigned long pos = 0;
		bool trailing;
		int cnt;

		if (!listed(me, s))
			continue;
		cnt = klp_parse_sym_name(n, me->opts->kver, obj, sym, &pos,
					 &trailing);
		if (c->json) {
			fprintf(stdout, "%s{\"index\": %zu, \"name\": ",
				first ? "" : ", ", i);
			json_str(stdout, n);
			fprintf(stdout, ", \"livepatch\": %s, \"valid\": %s",
				s->st_shndx == SHN_LIVEPATCH ? "true" : "false",
				cnt == 3 ? "true" : "false");
			if (cnt == 3) {
				fputs(", \"object\": ", stdout);
				json_str(stdout, obj);
				fputs(", \"symbol\": ", stdout);
				json_str(stdout, sym);
				fprintf(stdout, ", \"sympos\": %lu}", pos);
			} else {
				fputs(", \"object\": null, \"symbol\": null, \"sympos\": null}",
				      stdout);
			}
		} else if (cnt == 3) {
			printf("  [%zu] object %s symbol %s sympos %lu%s\n", i,
			       obj, sym, pos,
			       s->st_shndx == SHN_LIVEPATCH ? "" :
			       " (not SHN_LIVEPATCH)");
		} else {
			printf("  [%zu] %s: malformed name\n", i, n);
		}
		first = false;
	}
	if (c->json)
		fputs("]", stdout);
}

/*
 * The rules the kernel applies to a klp section's names while it applies
 * it, whatever the symbols: the section's name, then each relocation's
 * symbol (SHN_LIVEPATCH, a name it can parse, no vmlinux symbol in a
 * module's section), each section on its own (the kernel stops at the
 * first; a list of them is what an author fixes). Nothing is resolved or
 * written.
 */
static void format_rules(struct klp_module *me)
{
	struct klp_apply_ctx fc = { me, NULL, true, NULL, true };

	for (unsigned int i = 1; i < me->shnum; i++) {
		char obj[KLP_MODULE_NAME_LEN];
		bool trunc;

		if (!(me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		klp_write_section_relocs(&fc, i,
					 klp_parse_rela_name(klp_secname(me, i),
							     obj, &trunc) == 1 ?
					 obj : NULL, true);
	}
}

int cmd_inspect(int argc, char **argv)
{
	struct cli c;
	struct klp_diag d;
	struct klp_module *me;
	int ret = cli_parse(&c, argc, argv, usage, false, false);

	if (ret)
		return ret < 0 ? 0 : ret;
	klp_diag_init(&d);
	if (klp_module_open(c.module, &c.opts, &d, &me)) {
		ret = EXIT_USAGE;
		cli_print_errors(&d);
		if (c.json) {
			json_head(&c, NULL, ret);
			fputs(", \"objects\": [], \"symbols\": []", stdout);
			json_tail(&d);
		}
		goto out;
	}
	klp_lint(me);
	format_rules(me);
	klp_flow_marked(me);
	ret = klp_inputs_check(&d) ? EXIT_USAGE :
		d.errors ? EXIT_REFUSE : EXIT_ACCEPT;
	if (c.json)
		json_head(&c, me, ret);
	else
		printf("%s: %s module %s (%s-endian), livepatch: %s\n",
		       c.module, me->arch->name, me->name,
		       me->arch->elfdata == ELFDATA2MSB ? "big" : "little",
		       me->livepatch ? "yes" : "no (no MODULE_INFO(livepatch, \"Y\"))");
	print_objects(&c, me);
	print_symbols(&c, me);
	if (c.json) {
		json_tail(&d);
	} else {
		printf("problems: %zu error%s, %zu warning%s\n", d.errors,
		       d.errors == 1 ? "" : "s", d.warnings,
		       d.warnings == 1 ? "" : "s");
		for (size_t i = 0; i < d.nr; i++)
			klp_diag_print(stdout, &d.v[i]);
	}
	klp_module_free(me);
out:
	klp_diag_free(&d);
	cli_free(&c);
	return ret;
}
