// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc: inspect, check and apply Linux livepatch relocations for
 * x86_64, arm64, ppc64le and s390x, on any host.
 */
#include <stdio.h>
#include <string.h>

#include "klpreloc.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "inspect", cmd_inspect, "show what a livepatch module carries and which format rules it breaks" },
	{ "check", cmd_check, "dry-run the kernel's load of a livepatch module against a target kernel" },
	{ "apply", cmd_apply, "write the relocated sections and the addresses used" },
};

static void usage(FILE *f)
{
	fputs("usage: klpreloc COMMAND [OPTIONS] MODULE.ko\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
	fputs("\n'klpreloc COMMAND --help' for a command's options.\n"
	      "Exit status: 0 the kernel would accept the module, 1 it would refuse it,\n"
	      "2 usage error or unreadable input.\n", f);
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
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "klpreloc: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
