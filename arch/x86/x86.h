/* SPDX-License-Identifier: GPL-2.0 */
/* Private to the x86_64 backend: what its files share. */
#ifndef KLPRELOC_ARCH_X86_H
#define KLPRELOC_ARCH_X86_H

#include <klpreloc/arch.h>

int x86_apply_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			   unsigned int symindex, unsigned int relsec,
			   struct klp_module *me);
void x86_clear_relocate_add(Elf64_Shdr *sechdrs, const char *strtab,
			    unsigned int symindex, unsigned int relsec,
			    struct klp_module *me);
const char *x86_reloc_name(uint32_t type);

#endif /* KLPRELOC_ARCH_X86_H */
