// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc: inspect, check and apply Linux livepatch relocations for
 * x86_64, arm64, ppc64le and s390x, on any host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <klpreloc/arch.h>

#include "klpreloc.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "inspect", cmd_inspect, "show what a livepatch module carries and which format rules it breaks" },
	{ "check", cmd_check, "dry-run the kernel's load of a livepatch module against a target kernel" },
	{ "apply", cmd_apply, "write the relocated sections and the addresses used" },
	{ "convert", cmd_convert, "turn a module's references to unexported symbols into klp relocations" },
};

/* Every arch's knobs, from the backends' own tables. */
static void arch_opts(FILE *f)
{
	const struct klp_arch *a;

	fputs("\narch options (check, apply and convert: --arch-opt ARCH.NAME=VALUE):\n",
	      f);
	for (size_t i = 0; (a = klp_arch_nth(i)); i++) {
		if (!a->opts || !a->opts[0].name) {
			fprintf(f, "  %s: none\n", a->name);
			continue;
		}
		for (const struct klp_arch_opt *o = a->opts; o->name; o++) {
			if (o->is_bool)
				fprintf(f, "  %s.%s=on|off (default %s)\n",
					a->name, o->name, o->def ? "on" : "off");
			else
				fprintf(f, "  %s.%s=N (default %#" PRIx64 ")\n",
					a->name, o->name, o->def);
			fprintf(f, "      %s\n", o->help);
		}
	}
}

static void usage(FILE *f)
{
	fputs("usage: klpreloc COMMAND [OPTIONS] MODULE.ko\n"
	      "       klpreloc --help | --version\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fputs("\n'klpreloc COMMAND --help' for a command's options.\n", f);
	arch_opts(f);
	fputs("\nExit status: 0 the kernel would accept the module (inspect: no format\n"
	      "rule broken), 1 it would refuse it (inspect: a rule broken), 2 usage\n"
	      "error, unreadable or malformed input, or out of memory, 3 the output\n"
	      "could not be written.\n", f);
}

/* Output that did not reach stdout is not a result: EXIT_IO. */
static int finish(int ret)
{
	errno = 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "klpreloc: writing standard output: %s\n",
			errno ? strerror(errno) : "I/O error");
		return EXIT_IO;
	}
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return finish(0);
	}
	if (!strcmp(argv[1], "--version")) {
		printf("klpreloc %s\n", KLPRELOC_VERSION);
		return finish(0);
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return finish(cmds[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "klpreloc: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
