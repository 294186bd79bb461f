// SPDX-License-Identifier: GPL-2.0
/*
 * What the subcommands report. The JSON report: one object per run, the
 * same keys for the same things in inspect, check and apply. Documentation/klpreloc-json.schema.json
 * is the contract; bump KLPRELOC_JSON_SCHEMA when a key changes meaning
 * or goes away.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/livepatch.h>

#include "klpreloc.h"

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static const char *verdict(int status)
{
	switch (status) {
	case EXIT_ACCEPT:
		return "accept";
	case EXIT_REFUSE:
		return "refuse";
	default:
		return "error";
	}
}

void json_head(const struct cli *c, const struct klp_module *me, int status)
{
	char kv[16];

	printf("{\"schema\": %d, \"command\": ", KLPRELOC_JSON_SCHEMA);
	json_str(stdout, c->cmd);
	fputs(", \"file\": ", stdout);
	json_str(stdout, c->module);
	fputs(", \"arch\": ", stdout);
	json_str(stdout, me ? me->arch->name : NULL);
	fputs(", \"module\": ", stdout);
	json_str(stdout, me ? me->name : NULL);
	printf(", \"livepatch\": %s, \"kernel\": \"%s\", \"verdict\": \"%s\"",
	       !me ? "null" : me->livepatch ? "true" : "false",
	       kver_str(c->opts.kver, kv, sizeof(kv)), verdict(status));
}

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
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = (struct type_count){ t, 0 };
		}
		v[j].n++;
	}
	*out = v;
	return n;
}

bool cli_klp_section_of(struct klp_module *me, unsigned int i,
			const char *name)
{
	char obj[KLP_MODULE_NAME_LEN];
	bool trunc;

	return (me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) &&
	       klp_parse_rela_name(klp_secname(me, i), obj, &trunc) == 1 &&
	       !strcmp(obj, name);
}

void cli_section_summary(FILE *f, struct klp_module *me, unsigned int i)
{
	struct type_count *tc;
	size_t nt = count_types(me, i, &tc);
	size_t nr = me->secs[i].size / sizeof(Elf64_Rela);
	unsigned int info = me->sechdrs[i].sh_info;
	const char *target = info < me->shnum ? klp_secname(me, info) : "?";
	char buf[32];

	fprintf(f, "    %s -> %s: %zu relocation%s:", klp_secname(me, i),
		target, nr, nr == 1 ? "" : "s");
	for (size_t j = 0; j < nt; j++)
		fprintf(f, " %s x%u",
			klp_reloc_type_name(me, tc[j].type, buf, sizeof(buf)),
			tc[j].n);
	fputc('\n', f);
	free(tc);
}

static size_t json_section(struct klp_module *me, unsigned int i, bool first)
{
	struct type_count *tc;
	size_t nt = count_types(me, i, &tc);
	size_t nr = me->secs[i].size / sizeof(Elf64_Rela);
	unsigned int info = me->sechdrs[i].sh_info;
	char buf[32];

	fputs(first ? "{\"section\": " : ", {\"section\": ", stdout);
	json_str(stdout, klp_secname(me, i));
	fputs(", \"target\": ", stdout);
	json_str(stdout, info < me->shnum ? klp_secname(me, info) : NULL);
	printf(", \"relocations\": %zu, \"types\": {", nr);
	for (size_t j = 0; j < nt; j++) {
		fputs(j ? ", " : "", stdout);
		json_str(stdout, klp_reloc_type_name(me, tc[j].type, buf,
						     sizeof(buf)));
		printf(": %u", tc[j].n);
	}
	fputs("}}", stdout);
	free(tc);
	return nr;
}

void json_object(struct klp_module *me, const char *name, bool first)
{
	size_t total = 0;
	bool none = true;

	fputs(first ? "{\"name\": " : ", {\"name\": ", stdout);
	json_str(stdout, name);
	fputs(", \"sections\": [", stdout);
	for (unsigned int i = 1; i < me->shnum; i++) {
		if (!cli_klp_section_of(me, i, name))
			continue;
		total += json_section(me, i, none);
		none = false;
	}
	printf("], \"relocations\": %zu", total);
}

void json_tail(const struct klp_diag *d)
{
	static const char *const sev[] = {
		[KLP_NOTE] = "note",
		[KLP_WARN] = "warning",
		[KLP_ERR] = "error",
	};

	fputs(", \"diagnostics\": [", stdout);
	for (size_t i = 0; i < d->nr; i++) {
		const struct klp_diag_entry *e = &d->v[i];

		printf("%s{\"severity\": \"%s\", \"file\": ", i ? ", " : "",
		       sev[e->sev]);
		json_str(stdout, e->file);
		fputs(", \"section\": ", stdout);
		json_str(stdout, e->section);
		if (e->rel >= 0)
			printf(", \"rela\": %ld", e->rel);
		else
			fputs(", \"rela\": null", stdout);
		fputs(", \"rule\": ", stdout);
		json_str(stdout, e->rule);
		fputs(", \"message\": ", stdout);
		json_str(stdout, e->msg);
		fputs(", \"kernel_message\": ", stdout);
		json_str(stdout, e->kmsg);
		fputs("}", stdout);
	}
	fputs("]}\n", stdout);
}

void cli_print_errors(const struct klp_diag *d)
{
	for (size_t i = 0; i < d->nr; i++)
		if (d->v[i].sev == KLP_ERR)
			klp_diag_print(stderr, &d->v[i]);
}
