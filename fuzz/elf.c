// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF model, as `klpreloc inspect` drives it: klp_module_open()'s
 * validation of every header, index, offset and size, the lint of the klp
 * format rules, the klp section and symbol walk, and the report. Odd-sized
 * inputs get the JSON report, even-sized ones the text one, so both
 * writers see every shape of module.
 */
#include "fuzz.h"

#include "../tools/klpreloc/klpreloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet_stdout();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = {
		"inspect", size & 1 ? "--json" : "--kernel=6.12",
		(char *)fuzz_file(0, data, size), NULL,
	};

	cmd_inspect(3, argv);
	fflush(stdout);
	return 0;
}
