/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Walking the symbol table of an ELF file libelf has open (a vmlinux, a
 * .ko read as a symbol source): one loop for every reader.
 */
#ifndef KLPRELOC_ELFSYM_H
#define KLPRELOC_ELFSYM_H

#include <gelf.h>

/*
 * Called for each symbol after the null one, in table order, with its
 * name (never NULL; symbols whose name libelf cannot read are skipped).
 * A non-zero return stops the walk and is returned by the walk.
 */
typedef int (*klp_elf_sym_fn)(void *ctx, size_t idx, const GElf_Sym *sym,
			      const char *name);

/*
 * Walk the first SHT_SYMTAB of elf. Returns fn's non-zero value, 0 at the
 * end, or -ENOENT when there is no readable symbol table.
 */
int klp_elf_for_each_sym(Elf *elf, klp_elf_sym_fn fn, void *ctx);

#endif /* KLPRELOC_ELFSYM_H */
