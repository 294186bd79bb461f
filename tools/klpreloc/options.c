// SPDX-License-Identifier: GPL-2.0
/* The subcommands' options: each takes only its own. */
#include <getopt.h>
#include <stdarg.h>
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

/* Which subcommands take an option. */
#define CMD_INSPECT	1u
#define CMD_CHECK	2u
#define CMD_APPLY	4u
#define CMD_CONVERT	8u

static unsigned int cmd_bit(const char *cmd)
{
	if (!strcmp(cmd, "inspect"))
		return CMD_INSPECT;
	if (!strcmp(cmd, "convert"))
		return CMD_CONVERT;
	return !strcmp(cmd, "check") ? CMD_CHECK : CMD_APPLY;
}

/*
 * inspect reads the module alone; everything a load needs is check's and
 * apply's (an option added here for the load is too), and convert's, which
 * checks its result with that load; -o/--out is apply's and convert's;
 * --sym and --symvers are convert's.
 */
static unsigned int opt_cmds(int val)
{
	switch (val) {
	case 'j':
	case 'k':
	case 'h':
		return CMD_INSPECT | CMD_CHECK | CMD_APPLY | CMD_CONVERT;
	case 'o':
		return CMD_APPLY | CMD_CONVERT;
	case 's':
	case 'y':
		return CMD_CONVERT;
	case 'U':
	case 'r':
	case 'W':
		return CMD_APPLY;
	default:
		return CMD_CHECK | CMD_APPLY | CMD_CONVERT;
	}
}

static const char *cmd_takers(unsigned int m)
{
	switch (m) {
	case CMD_APPLY | CMD_CONVERT:
		return "only apply and convert take it";
	case CMD_CHECK | CMD_APPLY | CMD_CONVERT:
		return "only check, apply and convert take it";
	case CMD_CONVERT:
		return "only convert takes it";
	case CMD_APPLY:
		return "only apply takes it";
	default:
		return "another command takes it";
	}
}

__attribute__((format(printf, 2, 3)))
static int usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "klpreloc %s: ", c->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'klpreloc %s --help'.\n", c->cmd);
	return EXIT_USAGE;
}

static int parse_args(struct cli *c, int argc, char **argv,
		      const char *usage, bool want_target, bool want_out)
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
		{ "jobs", required_argument, NULL, 'J' },
		{ "layout", required_argument, NULL, 'L' },
		{ "sym", required_argument, NULL, 's' },
		{ "symvers", required_argument, NULL, 'y' },
		{ "unload", required_argument, NULL, 'U' },
		{ "reload", required_argument, NULL, 'r' },
		{ "write-anyway", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, li;
	char *eq, *end, err[300];
	unsigned int mine;

	memset(c, 0, sizeof(*c));
	c->cmd = argv[0];
	mine = cmd_bit(c->cmd);
	klp_options_init(&c->opts);
	optind = 1;
	opterr = 0;
	while ((li = -1, opt = getopt_long(argc, argv, ":hqo:", lo, &li)) != -1) {
		if (opt == '?') {
			if (optopt)
				return usage_error(c, "unknown option '-%c'",
						   optopt);
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
		if (opt == ':')
			return usage_error(c, "'%s' needs a value",
					   argv[optind - 1]);
		if (!(opt_cmds(opt) & mine)) {
			char name[64];

			if (li >= 0)
				snprintf(name, sizeof(name), "--%s",
					 lo[li].name);
			else
				snprintf(name, sizeof(name), "-%c", opt);
			return usage_error(c, "%s is not an option of %s (%s)",
					   name, c->cmd,
					   cmd_takers(opt_cmds(opt)));
		}
		switch (opt) {
		case 't':
			c->target = optarg;
			break;
		case 'm':
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg || !eq[1])
				return usage_error(c, "--target-module wants NAME=FILE.ko, got '%s'",
						   optarg);
			c->tmods = xrealloc(c->tmods,
					    (c->ntmods + 1) * sizeof(*c->tmods));
			c->tmods[c->ntmods].name = xstrdup(optarg);
			c->tmods[c->ntmods].name[eq - optarg] = '\0';
			c->tmods[c->ntmods++].path = xstrdup(eq + 1);
			break;
		case 'k':
			if (parse_kver(optarg, &c->opts.kver))
				return usage_error(c, "--kernel wants a version like 6.12, got '%s'",
						   optarg);
			break;
		case 'o':
			c->out = optarg;
			break;
		case 's':
			c->syms = xrealloc(c->syms, (c->nsyms + 1) *
					   sizeof(*c->syms));
			c->syms[c->nsyms++] = optarg;
			break;
		case 'y':
			c->symvers = xrealloc(c->symvers, (c->nsymvers + 1) *
					      sizeof(*c->symvers));
			c->symvers[c->nsymvers++] = optarg;
			break;
		case 'U':
		case 'r':
			eq = opt == 'r' ? strchr(optarg, '=') : NULL;
			if (opt == 'r' && (!eq || eq == optarg || !eq[1]))
				return usage_error(c, "--reload wants NAME=FILE, got '%s'",
						   optarg);
			if (!*optarg)
				return usage_error(c, "--unload wants a module name");
			c->events = xrealloc(c->events, (c->nevents + 1) *
					     sizeof(*c->events));
			c->events[c->nevents].name = xstrdup(optarg);
			c->events[c->nevents].file = NULL;
			if (eq) {
				c->events[c->nevents].name[eq - optarg] = '\0';
				c->events[c->nevents].file = eq + 1;
			}
			c->nevents++;
			break;
		case 'W':
			c->write_anyway = true;
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
			if (klp_arch_opt_check(optarg, err, sizeof(err)))
				return usage_error(c, "--arch-opt %s", err);
			c->arch_opts = xrealloc(c->arch_opts,
						(c->opts.narch_opts + 1) *
						sizeof(*c->arch_opts));
			c->arch_opts[c->opts.narch_opts++] = optarg;
			c->opts.arch_opts = c->arch_opts;
			break;
		case 'K':
			c->opts.kaslr_offset = strtoull(optarg, &end, 0);
			if (!*optarg || *end || *optarg == '-')
				return usage_error(c, "bad --kaslr-offset '%s'",
						   optarg);
			c->opts.kaslr_known = true;
			break;
		case 'b':
			c->opts.module_base = strtoull(optarg, &end, 0);
			if (!*optarg || *end)
				return usage_error(c, "bad --module-base '%s'",
						   optarg);
			break;
		case 'S':
			/* each target module's last reload, BYTES away */
			c->opts.reload_shift = strtoll(optarg, &end, 0);
			if (!*optarg || *end)
				return usage_error(c, "bad --reload-shift '%s'",
						   optarg);
			break;
		case 'J': {
			long n = strtol(optarg, &end, 10);

			if (!*optarg || *end || n < 0 || n > 1024)
				return usage_error(c, "bad --jobs '%s'",
						   optarg);
			c->opts.jobs = (int)n;
			break;
		}
		case 'L': {
			struct klp_diag ld;
			int r;

			klp_diag_init(&ld);
			r = klp_layout_read(optarg, &c->opts, &ld);
			for (size_t i = 0; i < ld.nr; i++)
				klp_diag_print(stderr, &ld.v[i]);
			klp_diag_free(&ld);
			if (r)
				return EXIT_USAGE;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return -1;
		}
	}
	if (optind != argc - 1)
		return usage_error(c, "expected one MODULE.ko, got %d arguments",
				   argc - optind);
	c->module = argv[optind];
	/* the tests' way to thread every path, whatever its size */
	if (c->opts.jobs != 1 && getenv("KLPRELOC_TEST_THREADS"))
		c->opts.jobs = KLP_JOBS_ALWAYS;
	if (want_target && !c->target)
		return usage_error(c, "--target SYMBOLS is required (System.map, a /proc/kallsyms dump or vmlinux)");
	if (want_out && !c->out)
		return usage_error(c, mine == CMD_CONVERT ?
				   "-o OUT.ko is required" :
				   "--out DIR is required");
	return 0;
}

int cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	      bool want_target, bool want_out)
{
	int ret = parse_args(c, argc, argv, usage, want_target, want_out);

	/* --help or a usage error: nothing allocated may outlive it */
	if (ret)
		cli_free(c);
	return ret;
}

void cli_free(struct cli *c)
{
	for (size_t i = 0; i < c->ntmods; i++) {
		free(c->tmods[i].name);
		free(c->tmods[i].path);
	}
	free(c->tmods);
	free(c->arch_opts);
	free(c->syms);
	free(c->symvers);
	for (size_t i = 0; i < c->nevents; i++)
		free(c->events[i].name);
	free(c->events);
	c->tmods = NULL;
	c->ntmods = 0;
	c->arch_opts = NULL;
	c->syms = NULL;
	c->symvers = NULL;
	c->events = NULL;
	c->nevents = 0;
}

int cli_load_targets(struct cli *c, struct klp_ksyms *ks,
		     struct klp_diag *d, const struct klp_module *me)
{
	uint64_t base, start, end;

	ks->arch = me->arch;
	/* index only what the module will ask for (others cost a full one) */
	klp_ksyms_want_module(ks, me);
	if (klp_ksyms_load(ks, c->target, KLP_SYMSRC_AUTO, NULL, 0, d))
		return EXIT_USAGE;
	/* a root dump shows where the kernel runs: modules may follow it */
	if (ks->kaslr_seen && !c->opts.kaslr_known) {
		c->opts.kaslr_offset = ks->kaslr_offset;
		c->opts.kaslr_known = true;
	}
	/* target modules sit in the upper half of the module area */
	klp_module_area(me, &start, &end);
	base = start + (end - start) / 2;
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
