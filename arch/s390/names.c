// SPDX-License-Identifier: GPL-2.0
/*
 * Names of every s390x ELF ABI relocation type, so that `inspect` can name
 * even the types the kernel refuses (TLS, dynamic, the newer 12/24DBL).
 */
#include <elf.h>

#include "s390.h"

#define N(t) [R_390_##t] = "R_390_" #t

static const char *const names[] = {
	N(NONE), N(8), N(12), N(16), N(32), N(PC32), N(GOT12), N(GOT32),
	N(PLT32), N(COPY), N(GLOB_DAT), N(JMP_SLOT), N(RELATIVE),
	N(GOTOFF32), N(GOTPC), N(GOT16), N(PC16), N(PC16DBL), N(PLT16DBL),
	N(PC32DBL), N(PLT32DBL), N(GOTPCDBL), N(64), N(PC64), N(GOT64),
	N(PLT64), N(GOTENT), N(GOTOFF16), N(GOTOFF64), N(GOTPLT12),
	N(GOTPLT16), N(GOTPLT32), N(GOTPLT64), N(GOTPLTENT), N(PLTOFF16),
	N(PLTOFF32), N(PLTOFF64), N(TLS_LOAD), N(TLS_GDCALL), N(TLS_LDCALL),
	N(TLS_GD32), N(TLS_GD64), N(TLS_GOTIE12), N(TLS_GOTIE32),
	N(TLS_GOTIE64), N(TLS_LDM32), N(TLS_LDM64), N(TLS_IE32),
	N(TLS_IE64), N(TLS_IEENT), N(TLS_LE32), N(TLS_LE64), N(TLS_LDO32),
	N(TLS_LDO64), N(TLS_DTPMOD), N(TLS_DTPOFF), N(TLS_TPOFF), N(20),
	N(GOT20), N(GOTPLT20), N(TLS_GOTIE20), N(IRELATIVE), N(PC12DBL),
	N(PLT12DBL), N(PC24DBL), N(PLT24DBL),
};

const char *s390_reloc_name(uint32_t type)
{
	if (type >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[type];
}
