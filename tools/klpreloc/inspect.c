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
	"module breaks. --kernel picks the modelled kernel's limits (default 6.12).\n";

struct type_count {
	uint32_t type;
	unsigned int n;
};

/* Relocation types of one section with their counts, in first-seen order. */
static size_t count_types(struct klp_module *me, unsigned int sec,
			  struct type_count **out)
{
	struct type_count *v = NULL;
	size_t n = 0, nr;
	Elf64_Rela *r = me->sechdrs[sec].sh_type == SHT_RELA ?
		klp_relas(me, sec, &nr) : NULL;

	if (!r)
		nr = 0;
	for (size_t i = 0; i < nr; i++) {
		uint32_t t = (uint32_t)ELF64_R_TYPE(r[i].r_info);
		size_t j;

		for (j = 0; j < n && v[j].type != t; j++)
			;
		if (j == n) {
			v = realloc(v, (n + 1) * sizeof(*v));
			if (!v)
				exit(2);
			v[n++] = (struct type_count){ t, 0 };
		}
		v[j].n++;
	}
	*out = v;
	return n;
}

static void print_section(struct cli *c, struct klp_module *me,
			  unsigned int i, bool first)
{
	struct type_count *tc;
	size_t nt = count_types(me, i, &tc), nr = me->secs[i].size /
		sizeof(Elf64_Rela);
	unsigned int info = me->sechdrs[i].sh_info;
	const char *target = info < me->shnum ? klp_secname(me, info) : "?";
	char buf[32];

	if (c->json) {
		fprintf(stdout, "%s{\"section\": ", first ? "" : ", ");
		json_str(stdout, klp_secname(me, i));
		fputs(", \"target\": ", stdout);
		json_str(stdout, target);
		fprintf(stdout, ", \"relocations\": %zu, \"types\": {", nr);
		for (size_t j = 0; j < nt; j++) {
			fputs(j ? ", " : "", stdout);
			json_str(stdout, klp_reloc_type_name(me, tc[j].type, buf,
							     sizeof(buf)));
			fprintf(stdout, ": %u", tc[j].n);
		}
		fputs("}}", stdout);
	} else {
		printf("    %s -> %s: %zu relocation%s:", klp_secname(me, i),
		       target, nr, nr == 1 ? "" : "s");
		for (size_t j = 0; j < nt; j++)
			printf(" %s x%u", klp_reloc_type_name(me, tc[j].type,
							      buf, sizeof(buf)),
			       tc[j].n);
		putchar('\n');
	}
	free(tc);
}

static void print_objects(struct cli *c, struct klp_module *me)
{
	char **names;
	size_t n = klp_patched_objects(me, &names);

	if (c->json)
		fputs(", \"objects\": [", stdout);
	else
		printf("patched objects: %zu\n", n);
	for (size_t o = 0; o < n; o++) {
		bool first = true;

		if (c->json) {
			fprintf(stdout, "%s{\"name\": ", o ? ", " : "");
			json_str(stdout, names[o]);
			fputs(", \"sections\": [", stdout);
		} else {
			printf("  %s\n", names[o]);
		}
		for (unsigned int i = 1; i < me->shnum; i++) {
			char obj[KLP_MODULE_NAME_LEN];
			bool trunc;

			if (!(me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) ||
			    klp_parse_rela_name(klp_secname(me, i), obj,
						&trunc) != 1 ||
			    strcmp(obj, names[o]))
				continue;
			print_section(c, me, i, first);
			first = false;
		}
		if (c->json)
			fputs("]}", stdout);
		free(names[o]);
	}
	free(names);
	if (c->json)
		fputs("]", stdout);
}

static void print_symbols(struct cli *c, struct klp_module *me)
{
	bool first = true;

	if (c->json)
		fputs(", \"symbols\": [", stdout);
	else
		printf("klp symbols:\n");
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];
		const char *n = klp_symname(me, s);
		char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
		unsigned long pos = 0;
		bool trailing;
		int cnt;

		if (s->st_shndx != SHN_LIVEPATCH &&
		    strncmp(n, ".klp.sym.", 9))
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
				fprintf(stdout, ", \"sympos\": %lu", pos);
			}
			fputs("}", stdout);
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

int cmd_inspect(int argc, char **argv)
{
	struct cli c;
	struct klp_diag d;
	struct klp_module *me;
	int ret = cli_parse(&c, argc, argv, usage, false, false);
	char kv[16];

	if (ret)
		return ret < 0 ? 0 : ret;
	klp_diag_init(&d);
	if (klp_module_open(c.module, &c.opts, &d, &me)) {
		for (size_t i = 0; i < d.nr; i++)
			klp_diag_print(stderr, &d.v[i]);
		ret = EXIT_USAGE;
		goto out;
	}
	klp_lint(me);
	if (c.json) {
		fputs("{\"file\": ", stdout);
		json_str(stdout, c.module);
		fputs(", \"arch\": ", stdout);
		json_str(stdout, me->arch->name);
		fputs(", \"module\": ", stdout);
		json_str(stdout, me->name);
		fprintf(stdout, ", \"livepatch\": %s, \"kernel\": \"%s\"",
			me->livepatch ? "true" : "false",
			kver_str(me->opts->kver, kv, sizeof(kv)));
	} else {
		printf("%s: %s module %s (%s-endian), livepatch: %s\n",
		       c.module, me->arch->name, me->name,
		       me->arch->elfdata == ELFDATA2MSB ? "big" : "little",
		       me->livepatch ? "yes" : "no (no MODULE_INFO(livepatch, \"Y\"))");
	}
	print_objects(&c, me);
	print_symbols(&c, me);
	if (c.json) {
		fputs(", \"problems\": ", stdout);
		json_diag(stdout, &d);
		fputs("}\n", stdout);
	} else {
		printf("problems: %zu error%s, %zu warning%s\n", d.errors,
		       d.errors == 1 ? "" : "s", d.warnings,
		       d.warnings == 1 ? "" : "s");
		for (size_t i = 0; i < d.nr; i++)
			klp_diag_print(stdout, &d.v[i]);
	}
	ret = d.errors ? EXIT_REFUSE : 0;
	klp_module_free(me);
out:
	klp_diag_free(&d);
	cli_free(&c);
	return ret;
}
