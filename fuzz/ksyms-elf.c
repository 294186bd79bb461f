// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF symbol sources (fuzz/ksyms.h): a vmlinux, or a target module
 * .ko as --target-module NAME=FILE.ko gives it, alone or after a kallsyms
 * dump that already lists that module (the .ko then gives the symbol
 * table order and layout, the dump the addresses). The kind is found as
 * the library finds it: ET_REL is a module, any other ELF a vmlinux.
 */
#define FUZZ_KIND	KLP_SYMSRC_AUTO
#define FUZZ_OBJ	"klpreloc_target"
#define FUZZ_DUMP \
	"ffffffff81000000 T _text\n" \
	"ffffffff81000000 T _stext\n" \
	"ffffffff81001000 T saved_command_line\n" \
	"ffffffff81002000 D __per_cpu_end\n" \
	"ffffffffa0000000 t klpreloc_target_count\t[klpreloc_target]\n" \
	"ffffffffa00024c0 b klpreloc_target_reads\t[klpreloc_target]\n" \
	"ffffffffa0000017 t klpreloc_target_add\t[klpreloc_target]\n" \
	"ffffffffa0002000 d klpreloc_target_base\t[klpreloc_target]\n" \
	"ffffffffa0000055 t klpreloc_target_show\t[klpreloc_target]\n" \
	"ffffffffa0000028 t klpreloc_target_sum_show\t[klpreloc_target]\n" \
	"ffffffffa000007f t klpreloc_target_exit\t[klpreloc_target]\n" \
	"ffffffffa0002040 d __this_module\t[klpreloc_target]\n" \
	"ffffffffa000007f t cleanup_module\t[klpreloc_target]\n"
#include "ksyms.h"
