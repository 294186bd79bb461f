// SPDX-License-Identifier: GPL-2.0
/* klpreloc check end to end on the arm64 backend (fuzz/check.h). */
#define FUZZ_ARCH	"arm64"
#include "check.h"
