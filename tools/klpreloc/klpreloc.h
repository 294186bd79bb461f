/* SPDX-License-Identifier: GPL-2.0 */
/* The klpreloc command line: shared option handling and output. */
#ifndef KLPRELOC_CLI_H
#define KLPRELOC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <klpreloc/core.h>
#include <klpreloc/flow.h>
#include <klpreloc/kallsyms.h>

/* exit statuses */
#define EXIT_ACCEPT	0
#define EXIT_REFUSE	1
#define EXIT_USAGE	2

struct cli_target_mod {
	char *name;
	char *path;
};

struct cli {
	const char *cmd;
	const char *module;
	const char *target;
	struct cli_target_mod *tmods;
	size_t ntmods;
	const char *out;
	bool json;
	bool quiet;
	struct klp_options opts;
	const char **arch_opts;	/* --arch-opt, as given */
};

/*
 * Parse the options every subcommand shares. Returns 0, or EXIT_USAGE
 * after printing the problem; -1 when --help was printed.
 */
int cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	      bool want_target, bool want_out);
void cli_free(struct cli *c);

/* Load --target and each --target-module into ks; EXIT_USAGE on error. */
int cli_load_targets(struct cli *c, struct klp_ksyms *ks,
		     struct klp_diag *d, uint64_t after);

/* Open, lay out and run the whole flow: EXIT_ACCEPT/REFUSE/USAGE. */
int run_flow(struct cli *c, struct klp_diag *d, struct klp_module **mep,
	     struct klp_ksyms *ks, struct klp_flow *f);

void json_str(FILE *f, const char *s);
void json_diag(FILE *f, const struct klp_diag *d);
const char *kver_str(int kver, char *buf, size_t len);

int cmd_inspect(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_apply(int argc, char **argv);

#endif /* KLPRELOC_CLI_H */
