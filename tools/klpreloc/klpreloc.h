/* SPDX-License-Identifier: GPL-2.0 */
/* The klpreloc command line: shared option handling and output. */
#ifndef KLPRELOC_CLI_H
#define KLPRELOC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <klpreloc/core.h>
#include <klpreloc/flow.h>
#include <klpreloc/kallsyms.h>

/*
 * Exit statuses (Documentation/cli.md, klpreloc.1). Out of memory is the
 * library's one handler (xmalloc() and friends): a message and
 * EXIT_USAGE, from anywhere.
 */
#define EXIT_ACCEPT	0	/* accepted; inspect: no rule broken */
#define EXIT_REFUSE	1	/* refused; inspect: a rule broken */
#define EXIT_USAGE	2	/* usage, unreadable or malformed input */
#define EXIT_IO		3	/* output could not be written */

/* The version, from the top-level VERSION file (Makefile). */
#ifndef KLPRELOC_VERSION
#define KLPRELOC_VERSION "unknown"
#endif

/* JSON schema version: Documentation/klpreloc-json.schema.json */
#define KLPRELOC_JSON_SCHEMA	1

struct cli_target_mod {
	char *name;
	char *path;
};

/* apply's events after the load: a module object unloads or comes back */
struct cli_event {
	char *name;
	const char *file;	/* --reload: where it comes back; NULL: --unload */
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
	const char **syms;	/* convert: --sym, as given */
	size_t nsyms;
	const char **symvers;	/* convert: --symvers FILE */
	size_t nsymvers;
	/* apply: --unload NAME and --reload NAME=FILE, in command-line order */
	struct cli_event *events;
	size_t nevents;
	bool write_anyway;	/* apply: --write-anyway */
};

/*
 * Parse a subcommand's options (argv[0] is its name): each subcommand
 * takes only its own, and says so naming itself. Returns 0, or EXIT_USAGE
 * after printing the problem; -1 when --help was printed.
 */
int cli_parse(struct cli *c, int argc, char **argv, const char *usage,
	      bool want_target, bool want_out);
void cli_free(struct cli *c);

/* The options of a load, for check's and apply's --help. */
#define CHECK_OPTIONS \
	"  --target SYMBOLS              the kernel's symbols: System.map, a\n" \
	"                                /proc/kallsyms dump or a vmlinux\n" \
	"  --target-module NAME=FILE.ko  a patched module's .ko: its layout and\n" \
	"                                symbol order (repeatable)\n" \
	"  --kernel X.Y                  the modelled kernel (default 6.12)\n" \
	"  --arch-opt ARCH.NAME=VALUE    an arch's knob, repeatable ('klpreloc\n" \
	"                                --help' lists them with their defaults)\n" \
	"  --kaslr-offset N              the running kernel's KASLR offset from\n" \
	"                                its System.map\n" \
	"  --no-strict-rwx               CONFIG_STRICT_MODULE_RWX off\n" \
	"  --no-kallsyms-all             CONFIG_KALLSYMS_ALL off (no data symbols)\n" \
	"  --module-base ADDR            lay the module out from ADDR\n" \
	"  --layout FILE                 region addresses a kernel chose: 'mem\n" \
	"                                REGION ADDR' lines (apply's layout.txt)\n" \
	"  --reload-shift BYTES          each target module's last reload lands\n" \
	"                                BYTES away (what an arch kept shows)\n" \
	"  --jobs N                      1: the main thread only; otherwise\n" \
	"                                (default) a second one on two CPUs for\n" \
	"                                big inputs; the output is the same\n"

/* Load --target and each --target-module into ks; EXIT_USAGE on error. */
int cli_load_targets(struct cli *c, struct klp_ksyms *ks,
		     struct klp_diag *d, const struct klp_module *me);

/* Open, lay out and run the whole flow: EXIT_ACCEPT/REFUSE/USAGE. */
int run_flow(struct cli *c, struct klp_diag *d, struct klp_module **mep,
	     struct klp_ksyms *ks, struct klp_flow *f);

const char *kver_str(int kver, char *buf, size_t len);

/* Print every error of d to stderr: the run stopped without a verdict. */
void cli_print_errors(const struct klp_diag *d);

/* Is section i a klp relocation section of object name? */
bool cli_klp_section_of(struct klp_module *me, unsigned int i,
			const char *name);
/* "    SEC -> TARGET: N relocations: TYPE xN..." */
void cli_section_summary(FILE *f, struct klp_module *me, unsigned int i);

/*
 * The JSON report (report.c), one object on stdout in the same schema for
 * every subcommand: json_head() opens it up to "verdict" (status: an
 * exit status), json_object() opens one patched object with its klp
 * sections (the caller adds fields and closes it), json_tail() adds the
 * diagnostics and closes the report.
 */
void json_str(FILE *f, const char *s);
void json_head(const struct cli *c, const struct klp_module *me, int status);
void json_object(struct klp_module *me, const char *name, bool first);
void json_tail(const struct klp_diag *d);
/* check's and apply's "objects": the load's outcome per object (check.c) */
void json_flow_objects(struct klp_module *me, const struct klp_flow *f);

/* The library's allocators (kernel/livepatch/util.c): never NULL. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

int cmd_inspect(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_convert(int argc, char **argv);

#endif /* KLPRELOC_CLI_H */
