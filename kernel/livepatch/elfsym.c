// SPDX-License-Identifier: GPL-2.0
/*
 * The symbol table walk shared by the symbol-source readers and convert.
 */
#include <errno.h>
#include <stddef.h>

#include <klpreloc/elfsym.h>

int klp_elf_for_each_sym(Elf *elf,
			 int (*fn)(void *ctx, size_t idx, const GElf_Sym *sym,
				   const char *name),
			 void *ctx)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !sh.sh_entsize)
			return -ENOENT;
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; i < n; i++) {
			GElf_Sym s;
			const char *name;
			int ret;

			if (!gelf_getsym(data, (int)i, &s))
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name)
				continue;
			ret = fn(ctx, i, &s, name);
			if (ret)
				return ret;
		}
		return 0;
	}
	return -ENOENT;
}
