// SPDX-License-Identifier: GPL-2.0
/*
 * Format rules of Documentation/livepatch/module-elf-format.rst that the
 * kernel does not refuse at load time but that break a patch later:
 * a section the kernel silently skips, a relocation table freed before a
 * late apply reads it, a name cut short.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>
#include <klpreloc/diag.h>
#include <klpreloc/flow.h>
#include <klpreloc/livepatch.h>

#include "internal.h"

#define KLP_RELA_FLAGS	(SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH)

static void lint_section(struct klp_module *me, unsigned int i)
{
	const Elf64_Shdr *s = &me->sechdrs[i];
	const char *name = klp_secname(me, i);
	char obj[KLP_MODULE_NAME_LEN];
	bool trunc, vmlinux;

	if (klp_parse_rela_name(name, obj, &trunc) != 1)
		return;	/* the kernel refuses it; reported on apply */
	vmlinux = !strcmp(obj, "vmlinux");
	if (trunc)
		klp_report(me, KLP_ERR, i, -1, "rela-objname-long", NULL,
			   "object name longer than %d characters: the kernel reads '%s' and never applies this section to the intended object",
			   KLP_MODULE_NAME_LEN - 1, obj);
	if (s->sh_type != SHT_RELA)
		klp_report(me, KLP_ERR, i, -1, "rela-type", NULL,
			   "sh_type %u is not SHT_RELA: the kernel reads it as Elf64_Rela anyway",
			   s->sh_type);
	if ((s->sh_flags & KLP_RELA_FLAGS) != KLP_RELA_FLAGS) {
		bool fatal = !(s->sh_flags & SHF_ALLOC) && !vmlinux;

		klp_report(me, fatal ? KLP_ERR : KLP_WARN, i, -1, "rela-flags",
			   NULL,
			   "flags 0x%llx lack%s%s%s (SHF_ALLOC|SHF_INFO_LINK|SHF_RELA_LIVEPATCH required)%s",
			   (unsigned long long)s->sh_flags,
			   s->sh_flags & SHF_ALLOC ? "" : " SHF_ALLOC",
			   s->sh_flags & SHF_INFO_LINK ? "" : " SHF_INFO_LINK",
			   s->sh_flags & SHF_RELA_LIVEPATCH ? "" :
			   " SHF_RELA_LIVEPATCH",
			   fatal ? ": the late apply reads relocations the loader already freed" :
			   "");
	}
	if (!klp_alloc_when_applied(me, s->sh_info))
		klp_report(me, KLP_ERR, i, -1, "rela-info", NULL,
			   "sh_info %u is not an allocated section when the loader relocates (%s): %s",
			   s->sh_info,
			   s->sh_info >= me->shnum ? "past the section table" :
			   !s->sh_info ? "the null section" :
			   klp_secname(me, s->sh_info),
			   vmlinux ? "the module loader silently skips this section" :
			   "the late apply relocates outside the module");
	else if (s->sh_info == me->symindex || s->sh_info == me->strindex)
		klp_report(me, KLP_ERR, i, -1, "rela-info", NULL,
			   "sh_info %u is the module's %s table: layout_symtab() makes it SHF_ALLOC, so this section relocates the table's init copy (which kallsyms reads and which is freed after init), never code",
			   s->sh_info,
			   s->sh_info == me->symindex ? "symbol" : "string");
	if (s->sh_link != me->symindex)
		klp_report(me, KLP_WARN, i, -1, "rela-link", NULL,
			   "sh_link %u is not the symbol table (%u): the kernel ignores it, other tools do not",
			   s->sh_link, me->symindex);
}

/* Names the kernel accepts but that are not what the author meant. */
static void lint_symbols(struct klp_module *me)
{
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *sym = &me->syms[i];
		const struct klp_symparse *sp;
		struct klp_sym_parts pt;
		unsigned long pos;
		bool trailing;
		int cnt;

		if (sym->st_shndx != SHN_LIVEPATCH)
			continue;
		sp = klp_symparse_of(me, sym);
		if (sp) {
			cnt = sp->cnt;
			pos = sp->pos;
			trailing = sp->trailing;
		} else {
			cnt = klp_parse_sym_parts(klp_symname(me, sym),
						  me->opts->kver, &pt);
			pos = pt.pos;
			trailing = pt.trailing;
		}
		if (cnt == 3 && trailing)
			klp_report(me, KLP_WARN, me->symindex, -1,
				   "sym-name-trailing", NULL,
				   "symbol %s: the kernel ignores what follows position %lu",
				   klp_symname(me, sym), pos);
	}
}

/*
 * The first .klp.rela.vmlinux section (by index) that uses each symbol:
 * apply_relocations() walks sections in index order and the early klp
 * pass sets st_value for good, so a later ordinary RELA sees the value.
 */
static unsigned int *vmlinux_resolved_at(struct klp_module *me)
{
	unsigned int *at = xcalloc(me->nsyms ? me->nsyms : 1, sizeof(*at));

	for (unsigned int i = 1; i < me->shnum; i++) {
		size_t nr;
		Elf64_Rela *r;

		if (me->sechdrs[i].sh_type != SHT_RELA ||
		    !(me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH) ||
		    strncmp(klp_secname(me, i), ".klp.rela.vmlinux.", 18))
			continue;
		r = klp_relas(me, i, &nr);
		for (size_t j = 0; j < nr; j++) {
			uint64_t sym = ELF64_R_SYM(r[j].r_info);

			if (sym < me->nsyms && !at[sym])
				at[sym] = i;
		}
	}
	return at;
}

/*
 * A SHN_LIVEPATCH symbol used by an ordinary relocation gets value 0,
 * unless the early pass resolved it before; relocations of a section
 * that is not loaded are skipped by the loader. Where the early pass
 * resolves each symbol is worked out at the first such use (a walk of
 * every klp relocation, for what is rarely there).
 */
static void lint_plain_relas(struct klp_module *me)
{
	unsigned int *at = NULL;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *sh = &me->sechdrs[i];
		size_t nr;
		Elf64_Rela *r;

		if (sh->sh_type != SHT_RELA ||
		    (sh->sh_flags & SHF_RELA_LIVEPATCH) ||
		    !klp_alloc_when_applied(me, sh->sh_info))
			continue;
		r = klp_relas(me, i, &nr);
		for (size_t j = 0; j < nr; j++) {
			uint64_t sym = ELF64_R_SYM(r[j].r_info);
			const Elf64_Sym *s = &me->syms[sym];

			if (s->st_shndx != SHN_LIVEPATCH)
				continue;
			if (!at)
				at = vmlinux_resolved_at(me);
			if (at[sym] && at[sym] < i)
				continue;
			klp_report(me, KLP_ERR, i, (long)j, "sym-in-plain-rela",
				   NULL,
				   "ordinary relocation against livepatch symbol %s: the module loader leaves its value 0",
				   klp_symname(me, s));
			break;
		}
	}
	free(at);
}

void klp_lint(struct klp_module *me)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		const char *name = klp_secname(me, i);

		if (me->sechdrs[i].sh_flags & SHF_RELA_LIVEPATCH)
			lint_section(me, i);
		else if (!strncmp(name, KLP_RELA_PREFIX, strlen(KLP_RELA_PREFIX)))
			klp_report(me, KLP_ERR, i, -1, "rela-flags", NULL,
				   "named like a klp section but without SHF_RELA_LIVEPATCH: the module loader applies it as an ordinary RELA section");
	}
	lint_symbols(me);
	lint_plain_relas(me);
}
