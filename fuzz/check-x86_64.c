// SPDX-License-Identifier: GPL-2.0
/* klpreloc check end to end on the x86_64 backend (fuzz/check.h). */
#define FUZZ_ARCH	"x86_64"
#include "check.h"
