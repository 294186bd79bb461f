// SPDX-License-Identifier: GPL-2.0
/* Options shared by the subcommands. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/diag.h>

#include "klpreloc.h"

const char *kver_str(int kver, char *buf, size_t len)
{
	snprintf(buf, len, "%d.%d", kver / 1000, kver % 1000);
	return buf;
}

static int parse_kver(const char *s, int *kver)
{
	int a, b, n = 0;

	if (sscanf(s, "%d.%d%n", &a, &b, &n) != 2 || s[n] || a < 2 || b < 0 ||
	    b > 999)
		return -1;
	*kver = KLP_KVER(a, b);
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	      bool want_target, bool want_out)
{
	static const struct option lo[] = {
		{ "target", required_argument, NULL, 't' },
		{ "target-module", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-strict-rwx", no_argument, NULL, 'R' },
		{ "no-kallsyms-all", no_argument, NULL, 'A' },
		{ "arch-opt", required_argument, NULL, 'e' },
		{ "kaslr-offset", required_argument, NULL, 'K' },
		{ "module-base", required_argument, NULL, 'b' },
		{ "reload-shift", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	char *eq, *end, err[300];

	memset(c, 0, sizeof(*c));
	c->cmd = argv[0];
	klp_options_init(&c->opts);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "q", lo, NULL)) != -1) {
		switch (opt) {
		case 't':
			c->target = optarg;
			break;
		case 'm':
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg || !eq[1]) {
				fprintf(stderr, "klpreloc %s: --target-module wants NAME=FILE.ko, got '%s'\n",
					c->cmd, optarg);
				return EXIT_USAGE;
			}
			c->tmods = realloc(c->tmods,
					   (c->ntmods + 1) * sizeof(*c->tmods));
			if (!c->tmods)
				return EXIT_USAGE;
			c->tmods[c->ntmods].name = strndup(optarg,
							   (size_t)(eq - optarg));
			c->tmods[c->ntmods++].path = strdup(eq + 1);
			break;
		case 'k':
			if (parse_kver(optarg, &c->opts.kver)) {
				fprintf(stderr, "klpreloc %s: --kernel wants a version like 6.12, got '%s'\n",
					c->cmd, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			c->out = optarg;
			break;
		case 'j':
			c->json = true;
			break;
		case 'q':
			c->quiet = true;
			break;
		case 'R':
			c->opts.strict_rwx = false;
			break;
		case 'A':
			c->opts.kallsyms_all = false;
			break;
		case 'e':
			if (klp_arch_opt_check(optarg, err, sizeof(err))) {
				fprintf(stderr, "klpreloc %s: --arch-opt %s\n",
					c->cmd, err);
				return EXIT_USAGE;
			}
			c->arch_opts = realloc(c->arch_opts,
					       (c->opts.narch_opts + 1) *
					       sizeof(*c->arch_opts));
			if (!c->arch_opts)
				return EXIT_USAGE;
			c->arch_opts[c->opts.narch_opts++] = optarg;
			c->opts.arch_opts = c->arch_opts;
			break;
		case 'K':
			c->opts.kaslr_offset = strtoull(optarg, &end, 0);
			if (!*optarg || *end || *optarg == '-') {
				fprintf(stderr, "klpreloc %s: bad --kaslr-offset '%s'\n",
					c->cmd, optarg);
				return EXIT_USAGE;
			}
			c->opts.kaslr_known = true;
			break;
		case 'b':
			c->opts.module_base = strtoull(optarg, &end, 0);
			if (!*optarg || *end) {
				fprintf(stderr, "klpreloc %s: bad --module-base '%s'\n",
					c->cmd, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			/* each target module's last reload, BYTES away */
			c->opts.reload_shift = strtoll(optarg, &end, 0);
			if (!*optarg || *end) {
				fprintf(stderr, "klpreloc %s: bad --reload-shift '%s'\n",
					c->cmd, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "klpreloc %s: expected one MODULE.ko\n", c->cmd);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	c->module = argv[optind];
	if (want_target && !c->target) {
		fprintf(stderr, "klpreloc %s: --target SYMBOLS is required (System.map, a /proc/kallsyms dump or vmlinux)\n",
			c->cmd);
		return EXIT_USAGE;
	}
	if (want_out && !c->out) {
		fprintf(stderr, "klpreloc %s: --out DIR is required\n", c->cmd);
		return EXIT_USAGE;
	}
	if (!want_target && (c->target || c->ntmods)) {
		fprintf(stderr, "klpreloc %s: takes no --target\n", c->cmd);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_free(struct cli *c)
{
	for (size_t i = 0; i < c->ntmods; i++) {
		free(c->tmods[i].name);
		free(c->tmods[i].path);
	}
	free(c->tmods);
	free(c->arch_opts);
}

int cli_load_targets(struct cli *c, struct klp_ksyms *ks,
		     struct klp_diag *d, uint64_t after)
{
	uint64_t base = after;

	if (klp_ksyms_load(ks, c->target, KLP_SYMSRC_AUTO, NULL, 0, d))
		return EXIT_USAGE;
	for (size_t i = 0; i < c->ntmods; i++) {
		const struct klp_kobj *o;

		if (klp_ksyms_load(ks, c->tmods[i].path, KLP_SYMSRC_MODULE,
				   c->tmods[i].name, base, d))
			return EXIT_USAGE;
		/* the next target module goes after this one */
		o = klp_ksyms_obj(ks, c->tmods[i].name);
		for (size_t j = 0; o && j < o->nr; j++)
			if (o->v[j].addr + 0x10000 > base)
				base = (o->v[j].addr + 0x10000 + 0xfff) & ~0xfffULL;
	}
	return 0;
}

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

void json_diag(FILE *f, const struct klp_diag *d)
{
	static const char *const sev[] = { "note", "warning", "error" };

	fputs("[", f);
	for (size_t i = 0; i < d->nr; i++) {
		const struct klp_diag_entry *e = &d->v[i];

		fprintf(f, "%s{\"severity\": \"%s\", \"file\": ", i ? ", " : "",
			sev[e->sev]);
		json_str(f, e->file);
		fputs(", \"section\": ", f);
		json_str(f, e->section);
		fprintf(f, ", \"rela\": %ld, \"rule\": ", e->rel);
		json_str(f, e->rule);
		fputs(", \"message\": ", f);
		json_str(f, e->msg);
		fputs(", \"kernel\": ", f);
		json_str(f, e->kmsg);
		fputs("}", f);
	}
	fputs("]", f);
}
