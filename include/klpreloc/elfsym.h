/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking the symbol table of an ELF file libelf has open (a vmlinux, a
 * .ko read as a symbol source): one loop for every reader.
 */
#ifndef KLPRELOC_ELFSYM_H
#define KLPRELOC_ELFSYM_H

#include <gelf.h>

/*
 * Walk the first SHT_SYMTAB of elf: fn(ctx, index, symbol, name) for each
 * symbol after the null one, in table order (symbols whose name libelf
 * cannot read are skipped). A non-zero return of fn stops the walk and is
 * returned; 0 at the end; -ENOENT when there is no readable symbol table.
 */
int klp_elf_for_each_sym(Elf *elf,
			 int (*fn)(void *ctx, size_t idx, const GElf_Sym *sym,
				   const char *name),
			 void *ctx);

#endif /* KLPRELOC_ELFSYM_H */
