// SPDX-License-Identifier: GPL-2.0
/* klpreloc check end to end on the s390x backend (fuzz/check.h). */
#define FUZZ_ARCH	"s390x"
#include "check.h"
