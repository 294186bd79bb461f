// SPDX-License-Identifier: GPL-2.0
/*
 * The ppc64le type-name table against binutils: every name we know is
 * emitted with .reloc by powerpc64le-linux-gnu-as, and readelf must show
 * that name with the number our table files it under.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>

#include "tap.h"

int main(void)
{
	const char *tmp = getenv("KLP_TMP");
	const struct klp_arch *a = klp_arch_by_name("ppc64le");
	char path[4096], cmd[16384], line[512];
	unsigned int named = 0, seen = 0, bad = 0;
	FILE *f;

	if (!ok(a && a->reloc_name && tmp, "the ppc64le backend is linked in"))
		return done_testing();
	snprintf(path, sizeof(path), "%s/names.S", tmp);
	f = fopen(path, "w");
	if (!f)
		return 1;
	fprintf(f, "\t.abiversion 2\n\t.text\n");
	for (uint32_t t = 0; t < 256; t++) {
		const char *n = a->reloc_name(t);

		/* gas has no BFD reloc for ADDR30 on ppc64 */
		if (!n || !strcmp(n, "R_PPC64_ADDR30"))
			continue;
		fprintf(f, "\t.reloc ., %s, x\n\t.long 0\n", n);
		named++;
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "powerpc64le-linux-gnu-as -o %s/names.o %s && powerpc64le-linux-gnu-readelf -rW %s/names.o",
		 tmp, path, tmp);
	f = popen(cmd, "r");
	if (!ok(f != NULL, "as and readelf run"))
		return done_testing();
	while (fgets(line, sizeof(line), f)) {
		char off[32], info[32], name[128];
		const char *ours;
		uint32_t type;

		if (sscanf(line, "%31s %31s %127s", off, info, name) != 3 ||
		    strncmp(name, "R_PPC64_", 8) || strlen(info) != 16)
			continue;
		type = (uint32_t)strtoul(info + 8, NULL, 16);
		ours = a->reloc_name(type);
		seen++;
		if (!ours || strcmp(ours, name)) {
			bad++;
			printf("#   type %u: readelf %s, ours %s\n", type, name,
			       ours ? ours : "(none)");
		}
	}
	pclose(f);
	ok(seen == named, "readelf shows all %u relocations (saw %u)", named,
	   seen);
	ok(bad == 0, "every number maps to readelf's name");
	/* the ones the 6.12 loader handles are all named */
	is_str(a->reloc_name(118), "R_PPC64_ENTRY", "R_PPC64_ENTRY is 118");
	is_str(a->reloc_name(109), "R_PPC64_TOCSAVE", "R_PPC64_TOCSAVE is 109");
	is_str(a->reloc_name(10), "R_PPC64_REL24", "R_PPC64_REL24 is 10");
	ok(a->reloc_name(255) == NULL && a->reloc_name(1000) == NULL,
	   "unknown numbers have no name");
	return done_testing();
}
