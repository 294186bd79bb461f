// SPDX-License-Identifier: GPL-2.0
/*
 * Apply, "clear", re-apply on arm64, driving the core API directly.
 *
 * 6.12's arm64 has no clear_relocate_add() (the weak empty default): the
 * backend must say so (NULL), and re-applying onto relocated bytes must
 * give the same bytes, because every arm64 relocation overwrites its
 * field rather than adding to it. The first apply is checked against GNU
 * ld by test-ld.sh; here the oracle is that first apply. Around it, what
 * the kernel versions do to a late re-apply: 6.12 stores plainly into
 * read-only text (the fault fixed in 6.17), 6.17 goes through
 * aarch64_insn_copy() - except for PLT slots, which module-plts.c still
 * fills with plain stores - and each re-apply that needs a PLT entry
 * takes a new slot until the WARN_ON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>

#include "tap.h"

#define T 0xffff80007b000000ULL
#define D 0xffff80007b100000ULL
#define IT 0xffff80007a000000ULL

static const struct {
	const char *name;
	uint64_t addr;
} symtab[] = {
	{ "kfunc", 0xffff800080123450ULL },
	{ "kdata", 0xffff800081234560ULL },
	{ "sym_u16", 0xbeef },
	{ "sym_u32", 0xdeadbeef },
	{ "sym_u48", 0x123456789abcULL },
	{ "sym_big", 0xffff800080123456ULL },
	{ "sym_neg16", 0xffffffffffffedccULL },
	{ "sym_neg32", 0xffffffffedcba988ULL },
	{ "sym_neg48", 0xffffedcba9876544ULL },
	{ "near_sym", 0xffff80007b040000ULL },
	{ "near_lit", 0xffff80007b080000ULL },
	{ "near_back", 0xffff80007afff000ULL },
	{ "near_br", 0xffff80007b004000ULL },
	{ "near_data", 0xffff80007b100100ULL },
	{ "near_data_back", 0xffff80007b0ffe00ULL },
	/* 1.7 GiB below the module: out of BL range, in ADRP range */
	{ "far_func1", 0xffff800010000000ULL },
	{ "far_func2", 0xffff800010000100ULL },
};

static int lookup(void *ctx, const char *name, uint64_t *addr)
{
	for (size_t i = 0; i < sizeof(symtab) / sizeof(symtab[0]); i++)
		if (!strcmp(symtab[i].name, name)) {
			*addr = symtab[i].addr;
			return 0;
		}
	return -ENOENT;
}

static const struct klp_resolver resolver = { lookup, NULL };

struct loaded {
	struct klp_options o;
	struct klp_diag d;
	struct klp_module *me;
};

/* open, lay out at T/D, resolve, apply every section: 0 or -errno */
static int load(struct loaded *l, const char *obj, int kver)
{
	int ret;

	klp_options_init(&l->o);
	l->o.kver = kver;
	l->o.mem_base[KLP_MEM_TEXT] = T;
	l->o.mem_base[KLP_MEM_DATA] = D;
	/* packed regions would start at T, the module area's bottom */
	l->o.mem_base[KLP_MEM_INIT_TEXT] = IT;
	klp_diag_init(&l->d);
	l->me = NULL;
	ret = klp_module_open(obj, &l->o, &l->d, &l->me);
	if (!ret)
		ret = klp_module_layout(l->me);
	if (!ret)
		ret = klp_module_simplify_symbols(l->me, &resolver);
	if (!ret)
		ret = klp_module_apply_relocations(l->me);
	return ret;
}

static void unload(struct loaded *l)
{
	if (l->me)
		klp_module_free(l->me);
	klp_diag_free(&l->d);
}

/* apply every RELA section again, as livepatch would per object */
static int reapply(struct klp_module *me)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		int ret;

		if (me->sechdrs[i].sh_type != SHT_RELA ||
		    !(me->sechdrs[me->sechdrs[i].sh_info].sh_flags & SHF_ALLOC))
			continue;
		me->cur_relsec = i;
		ret = me->arch->apply_relocate_add(me->sechdrs, me->strtab,
						   me->symindex, i, me);
		me->cur_relsec = 0;
		if (ret)
			return ret;
	}
	return 0;
}

static unsigned char *section_copy(struct klp_module *me, const char *name,
				   size_t *len)
{
	unsigned int s = klp_find_sec(me, name);
	unsigned char *p, *c;

	if (!s)
		return NULL;
	*len = me->sechdrs[s].sh_size;
	p = klp_mem_ptr(me, me->sechdrs[s].sh_addr, *len);
	c = p ? malloc(*len ? *len : 1) : NULL;
	if (c)
		memcpy(c, p, *len);
	return c;
}

static int same_section(struct klp_module *me, const char *name,
			const unsigned char *before, size_t len)
{
	size_t n;
	unsigned char *now = section_copy(me, name, &n);
	int r = now && before && n == len && !memcmp(now, before, len);

	free(now);
	return r;
}

static int has_rule(const struct klp_diag *d, const char *rule)
{
	for (size_t i = 0; i < d->nr; i++)
		if (!strcmp(d->v[i].rule, rule))
			return 1;
	return 0;
}

static int assemble(const char *src, const char *obj)
{
	char cmd[9000];

	snprintf(cmd, sizeof(cmd), "aarch64-linux-gnu-gcc -c -o '%s' '%s'",
		 obj, src);
	return system(cmd);
}

int main(void)
{
	const char *tmp = getenv("KLP_TMP"), *top = getenv("TOPDIR");
	char types_o[4096], src[4096], one_s[4096], one_o[4096];
	unsigned char *text, *data;
	size_t tlen = 0, dlen = 0;
	struct loaded l;
	FILE *f;

	if (!tmp || !top) {
		ok(0, "KLP_TMP and TOPDIR set (run from tests/run.sh)");
		return done_testing();
	}
	snprintf(src, sizeof(src), "%s/tests/arch/arm64/types.S", top);
	snprintf(types_o, sizeof(types_o), "%s/types.o", tmp);
	ok(assemble(src, types_o) == 0, "assemble types.S");

	/* 1. 6.12, while the module is being loaded */
	ok(load(&l, types_o, KLP_KVER(6, 12)) == 0, "6.12: apply types.o");
	ok(l.me && l.me->arch->clear_relocate_add == NULL,
	   "arm64 has no clear_relocate_add (the kernel's empty default)");
	text = section_copy(l.me, ".text", &tlen);
	data = section_copy(l.me, ".data", &dlen);
	ok(reapply(l.me) == 0, "6.12: re-apply before the module is formed");
	ok(same_section(l.me, ".text", text, tlen) &&
	   same_section(l.me, ".data", data, dlen),
	   "re-apply gives the same .text and .data bytes");

	/* 2. 6.12 after formation: plain stores into read-only text */
	ok(klp_module_finalize(l.me) == 0, "6.12: finalize (text read-only)");
	ok(reapply(l.me) == -EFAULT && has_rule(&l.d, "late-write-ro"),
	   "6.12: a late re-apply faults on read-only text (plain stores)");
	unload(&l);

	/* 3. 6.17 after formation: aarch64_insn_copy(), same bytes */
	ok(load(&l, types_o, KLP_KVER(6, 17)) == 0, "6.17: apply types.o");
	ok(klp_module_finalize(l.me) == 0, "6.17: finalize");
	ok(reapply(l.me) == 0 && !l.d.errors,
	   "6.17: a late re-apply goes through the text-patching API");
	ok(same_section(l.me, ".text", text, tlen) &&
	   same_section(l.me, ".data", data, dlen),
	   "6.17: the late re-apply gives the same bytes as the first apply");
	unload(&l);
	free(text);
	free(data);

	/* 4. far calls: PLT slots */
	snprintf(one_s, sizeof(one_s), "%s/far.S", tmp);
	snprintf(one_o, sizeof(one_o), "%s/far.o", tmp);
	f = fopen(one_s, "w");
	if (f) {
		fputs("\t.text\n\tbl far_func1\n\tbl far_func1\n\tb far_func2\n"
		      "\t.data\n\t.quad 0\n"
		      "\t.section .plt,\"ax\",%progbits\n\t.byte 0\n"
		      "\t.section .init.plt,\"ax\",%progbits\n\t.byte 0\n", f);
		fclose(f);
	}
	ok(f && assemble(one_s, one_o) == 0, "assemble far calls");
	ok(load(&l, one_o, KLP_KVER(6, 17)) == 0, "6.17: apply far calls");
	text = section_copy(l.me, ".text", &tlen);
	ok(reapply(l.me) == -ENOEXEC && has_rule(&l.d, "arm64-plt-full"),
	   "re-apply with two PLT targets runs out of slots (kernel WARN_ON)");
	unload(&l);
	ok(load(&l, one_o, KLP_KVER(6, 17)) == 0 &&
	   klp_module_finalize(l.me) == 0, "6.17: apply and finalize again");
	ok(reapply(l.me) == -EFAULT && has_rule(&l.d, "late-write-ro"),
	   "6.17: a late PLT slot is still a plain store: it faults");
	unload(&l);
	free(text);
	return done_testing();
}
