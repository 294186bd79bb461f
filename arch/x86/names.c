// SPDX-License-Identifier: GPL-2.0
/*
 * Names of every x86_64 psABI relocation type glibc knows, so that
 * `inspect` can name even the types the kernel refuses.
 */
#include <elf.h>

#include "x86.h"

#define N(t) [R_X86_64_##t] = "R_X86_64_" #t

static const char *const names[] = {
	N(NONE), N(64), N(PC32), N(GOT32), N(PLT32), N(COPY), N(GLOB_DAT),
	N(JUMP_SLOT), N(RELATIVE), N(GOTPCREL), N(32), N(32S), N(16),
	N(PC16), N(8), N(PC8), N(DTPMOD64), N(DTPOFF64), N(TPOFF64),
	N(TLSGD), N(TLSLD), N(DTPOFF32), N(GOTTPOFF), N(TPOFF32), N(PC64),
	N(GOTOFF64), N(GOTPC32), N(GOT64), N(GOTPCREL64), N(GOTPC64),
	N(GOTPLT64), N(PLTOFF64), N(SIZE32), N(SIZE64),
	N(GOTPC32_TLSDESC), N(TLSDESC_CALL), N(TLSDESC), N(IRELATIVE),
	N(RELATIVE64), N(GOTPCRELX), N(REX_GOTPCRELX),
};

const char *x86_reloc_name(uint32_t type)
{
	if (type >= sizeof(names) / sizeof(names[0]))
		return NULL;
	/* 39 and 40 are unassigned (were R_X86_64_PC32_BND/PLT32_BND) */
	return names[type];
}
