// SPDX-License-Identifier: GPL-2.0
/* klpreloc check end to end on the ppc64le backend (fuzz/check.h). */
#define FUZZ_ARCH	"ppc64le"
#include "check.h"
