// SPDX-License-Identifier: GPL-2.0
/*
 * The module loader's own passes: simplify_symbols(), apply_relocations()
 * and the formation that makes text read-only (kernel/module/main.c).
 */
#include <errno.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>

int klp_module_simplify_symbols(struct klp_module *me,
				const struct klp_resolver *r)
{
	int ret = 0;

	for (size_t i = 1; i < me->nsyms; i++) {
		Elf64_Sym *sym = &me->syms[i];
		const char *name = klp_symname(me, sym);
		uint64_t addr;
		char k[600];

		switch (sym->st_shndx) {
		case SHN_COMMON:
			if (!strncmp(name, "__gnu_lto", 9))
				break;
			snprintf(k, sizeof(k),
				 "%s: please compile with -fno-common",
				 me->name);
			klp_report(me, KLP_ERR, me->symindex, -1,
				   "common-symbol", k, "symbol %s is COMMON",
				   name);
			ret = -ENOEXEC;
			break;
		case SHN_ABS:
		case SHN_LIVEPATCH:
			break;
		case SHN_UNDEF:
			if (!*name)
				break;
			if (r && r->lookup && !r->lookup(r->ctx, name, &addr)) {
				sym->st_value = addr;
				break;
			}
			if (ELF64_ST_BIND(sym->st_info) == STB_WEAK ||
			    (me->arch->ignore_undef_symbol &&
			     me->arch->ignore_undef_symbol(name)))
				break;
			snprintf(k, sizeof(k), "%s: Unknown symbol %s (err %d)",
				 me->name, name, -ENOENT);
			klp_report(me, KLP_ERR, me->symindex, -1,
				   "unknown-symbol", k, NULL);
			ret = -ENOENT;
			break;
		default:
			if (sym->st_shndx >= me->shnum) {
				snprintf(k, sizeof(k),
					 "%s: Symbol %s has an invalid section index %u (max %u)",
					 me->name, name, sym->st_shndx,
					 me->shnum - 1);
				klp_report(me, KLP_ERR, me->symindex, -1,
					   "symbol-section", k, NULL);
				ret = -ENOEXEC;
				break;
			}
			/* a per-cpu variable: where the per-cpu chunk put it */
			sym->st_value += me->pcpu && sym->st_shndx == me->pcpu ?
					 me->percpu :
					 me->sechdrs[sym->st_shndx].sh_addr;
			break;
		}
	}
	return ret;
}

int klp_module_apply_relocations_cb(struct klp_module *me,
				    int (*klp)(void *ctx, unsigned int relsec),
				    void *ctx)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *s = &me->sechdrs[i];
		unsigned int info = s->sh_info;
		int ret;

		if (info >= me->shnum ||
		    !(me->sechdrs[info].sh_flags & SHF_ALLOC))
			continue;
		/* livepatch applies these itself, per object */
		if (s->sh_flags & SHF_RELA_LIVEPATCH) {
			ret = klp ? klp(ctx, i) : 0;
			if (ret)
				return ret;
			continue;
		}
		if (s->sh_type == SHT_REL) {
			char k[200];

			snprintf(k, sizeof(k),
				 "module %s: REL relocation unsupported",
				 me->name);
			klp_report(me, KLP_ERR, i, -1, "rel-unsupported", k,
				   NULL);
			return -ENOEXEC;
		}
		if (s->sh_type != SHT_RELA)
			continue;
		me->cur_relsec = i;
		me->cur_rel = -1;
		ret = me->arch->apply_relocate_add(me->sechdrs, me->strtab,
						   me->symindex, i, me);
		me->cur_relsec = 0;
		me->cur_rel = -1;
		if (ret)
			return ret;
	}
	return 0;
}

int klp_module_apply_relocations(struct klp_module *me)
{
	return klp_module_apply_relocations_cb(me, NULL, NULL);
}

int klp_module_finalize(struct klp_module *me)
{
	int ret = 0;

	if (me->arch->module_finalize)
		ret = me->arch->module_finalize(me);
	/* complete_formation(): text and rodata become read-only */
	if (!ret)
		me->state = KLP_MOD_COMING;
	return ret;
}

int klp_kernel_sym(const struct klp_module *me, const char *name,
		   uint64_t *addr)
{
	if (!me->kernel.lookup || me->kernel.lookup(me->kernel.ctx, name, addr))
		return -ENOENT;
	return *addr ? 0 : -ENOENT;
}
