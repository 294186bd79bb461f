// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc/kallsyms dump parser (fuzz/ksyms.h): vmlinux alone, with
 * [module] lines, and with every address hidden (kptr_restrict).
 */
#define FUZZ_KIND	KLP_SYMSRC_KALLSYMS
#include "ksyms.h"
