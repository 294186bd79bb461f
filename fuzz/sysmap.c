// SPDX-License-Identifier: GPL-2.0
/* The System.map parser (fuzz/ksyms.h). */
#define FUZZ_KIND	KLP_SYMSRC_SYSTEM_MAP
#include "ksyms.h"
