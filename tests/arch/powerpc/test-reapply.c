// SPDX-License-Identifier: GPL-2.0
/*
 * ppc64le late relocation, through the core API: a section of calls
 * applied after the module went live (as livepatch applies its klp
 * sections) and applied again, as when the module it refers to is loaded
 * again. 6.3+ accepts the already restored ld r2,24(r1); 6.2 refuses
 * with "Expected nop after call", naming the spot the way %pS does once
 * the module is formed. A late plain store into text faults with
 * STRICT_MODULE_RWX and is warned about without it.
 *
 * The object is stubs.S built with -DCASE=4 by the cross compiler.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/core.h>
#include <klpreloc/reloc.h>

#include "tap.h"

#define TEXT	0xc008000000010000ull
#define DATA	0xc008000000100000ull
#define EXT	0xc000000001234560ull
#define KLPSYM	0xc000000000abcdefull

static int lookup(void *ctx, const char *name, uint64_t *addr)
{
	if (!strcmp(name, "ext"))
		*addr = EXT;
	else if (!strcmp(name, "klpsym"))
		*addr = KLPSYM & ~3ull;
	else
		return -ENOENT;
	return 0;
}

static char obj[4096];

/* Open, lay out, resolve and apply the object's own relocations. */
static struct klp_module *load(int kver, bool strict, struct klp_diag *d)
{
	struct klp_resolver r = { lookup, NULL };
	static struct klp_options o;
	struct klp_module *me;

	klp_options_init(&o);
	o.kver = kver;
	o.strict_rwx = strict;
	o.mem_base[KLP_MEM_TEXT] = TEXT;
	o.mem_base[KLP_MEM_DATA] = DATA;
	klp_diag_init(d);
	if (klp_module_open(obj, &o, d, &me))
		return NULL;
	if (klp_module_layout(me) || klp_module_simplify_symbols(me, &r)) {
		klp_module_free(me);
		return NULL;
	}
	/* klpsym as livepatch leaves it: resolved, but SHN_LIVEPATCH */
	for (size_t i = 1; i < me->nsyms; i++)
		if (!strcmp(klp_symname(me, &me->syms[i]), "klpsym"))
			me->syms[i].st_shndx = SHN_LIVEPATCH;
	/* .rela.text.klp waits, like a klp section, for after finalize */
	me->sechdrs[klp_find_sec(me, ".rela.text.klp")].sh_flags |=
		SHF_RELA_LIVEPATCH;
	if (klp_module_apply_relocations(me) || klp_module_finalize(me)) {
		klp_module_free(me);
		return NULL;
	}
	return me;
}

static int apply(struct klp_module *me, const char *sec)
{
	unsigned int relsec = klp_find_sec(me, sec);

	return me->arch->apply_relocate_add(me->sechdrs, me->strtab,
					    me->symindex, relsec, me);
}

static uint32_t word(struct klp_module *me, uint64_t addr)
{
	return get_le32(klp_mem_ptr(me, addr, 4));
}

static size_t symidx(const struct klp_module *me, const char *name)
{
	for (size_t i = 1; i < me->nsyms; i++)
		if (!strcmp(klp_symname(me, &me->syms[i]), name))
			return i;
	return 0;
}

static bool has(const struct klp_diag *d, const char *rule, const char *k)
{
	for (size_t i = 0; i < d->nr; i++)
		if (!strcmp(d->v[i].rule, rule) &&
		    (!k || (d->v[i].kmsg && strstr(d->v[i].kmsg, k))))
			return true;
	return false;
}

int main(void)
{
	const char *top = getenv("TOPDIR"), *tmp = getenv("KLP_TMP");
	unsigned char before[64], after[64];
	struct klp_module *me;
	struct klp_diag d;
	uint64_t g, stubs, textend;
	char cmd[8192], want[256];
	int ret;

	if (!top || !tmp) {
		ok(0, "TOPDIR and KLP_TMP are set");
		return done_testing();
	}
	snprintf(obj, sizeof(obj), "%s/stubs4.o", tmp);
	snprintf(cmd, sizeof(cmd),
		 "powerpc64le-linux-gnu-gcc -c -DCASE=4 -o %s %s/tests/arch/powerpc/stubs.S",
		 obj, top);
	if (!ok(system(cmd) == 0, "stubs.S case 4 assembled"))
		return done_testing();

	/* 6.12: apply late, then again */
	me = load(KLP_KVER(6, 12), true, &d);
	if (!ok(me != NULL, "stubs4.o loads and goes live"))
		return done_testing();
	ok(me->state != KLP_MOD_UNFORMED && me->mem[KLP_MEM_TEXT].ro,
	   "premise: the module is formed and its text read-only");
	g = me->sechdrs[klp_find_sec(me, ".text.klp")].sh_addr;
	stubs = me->sechdrs[klp_find_sec(me, ".stubs")].sh_addr;
	is_u64(word(me, g + 8), 0x60000000, "premise: a nop after bl klpsym");
	ret = apply(me, ".rela.text.klp");
	ok(ret == 0 && d.errors == 0,
	   "late apply of calls: patch_instruction() writes, no fault");
	is_u64(word(me, g + 8), 0xe8410018, "nop after bl klpsym became ld r2,24(r1)");
	is_u64(word(me, g + 16), 0xe8410018, "nop after bl ext became ld r2,24(r1)");
	{
		uint32_t bl = word(me, g + 4);
		uint64_t to = g + 4 + (uint64_t)klp_sext(bl & 0x03fffffc, 26);

		ok(to >= stubs && to < stubs + me->sechdrs[klp_find_sec(me, ".stubs")].sh_size,
		   "a SHN_LIVEPATCH call goes through a stub (0x%llx)",
		   (unsigned long long)to);
	}
	memcpy(before, klp_mem_ptr(me, g, 24), 24);
	memcpy(before + 24, klp_mem_ptr(me, stubs, 40), 40);
	ret = apply(me, ".rela.text.klp");
	ok(ret == 0 && d.errors == 0,
	   "6.12: applying again accepts the restored ld r2,24(r1)");
	memcpy(after, klp_mem_ptr(me, g, 24), 24);
	memcpy(after + 24, klp_mem_ptr(me, stubs, 40), 40);
	ok(!memcmp(before, after, sizeof(before)),
	   "apply and re-apply give identical bytes (text and stubs)");

	/* late plain store into read-only text: the fault */
	ret = apply(me, ".rela.text");
	ok(ret == -EFAULT && d.errors == 1 && has(&d, "late-write-ro", NULL),
	   "late REL16_HA into read-only text is a plain store: it faults (one error)");
	klp_module_free(me);
	klp_diag_free(&d);

	/* 6.2: the same re-apply is refused with the kernel's words */
	me = load(KLP_KVER(6, 2), true, &d);
	if (!ok(me != NULL, "6.2: stubs4.o loads"))
		return done_testing();
	g = me->sechdrs[klp_find_sec(me, ".text.klp")].sh_addr;
	/* the kernel page-aligns each region's size (64K pages) */
	textend = me->mem[KLP_MEM_TEXT].addr +
		  ((me->mem[KLP_MEM_TEXT].size + 0xffff) & ~0xffffull);
	ok(apply(me, ".rela.text.klp") == 0, "6.2: the first late apply works");
	ret = apply(me, ".rela.text.klp");
	/*
	 * The kernel meets the calls in relacmp() order, higher r_info
	 * (symbol index) first: bl klpsym is at g+4, bl ext at g+12. %pS
	 * once formed: the closest symbol before, up to the next symbol or
	 * the end of the region.
	 */
	snprintf(want, sizeof(want),
		 "module_64: stubs4: Expected nop after call, got e8410018 at g+0x%x/0x%llx [stubs4]",
		 symidx(me, "klpsym") > symidx(me, "ext") ? 8 : 16,
		 (unsigned long long)(textend - g));
	if (!ok(ret == -ENOEXEC && d.errors == 1 &&
		has(&d, "ppc64-expected-nop", want),
		"6.2: re-apply refused: %s", want))
		for (size_t i = 0; i < d.nr; i++)
			printf("#   got: %s\n", d.v[i].kmsg ? d.v[i].kmsg : "");
	klp_module_free(me);
	klp_diag_free(&d);

	/* without STRICT_MODULE_RWX a late plain store lands, with a warning */
	me = load(KLP_KVER(6, 12), false, &d);
	if (!ok(me != NULL, "no STRICT_MODULE_RWX: stubs4.o loads"))
		return done_testing();
	ret = apply(me, ".rela.text");
	ok(ret == 0 && d.errors == 0 &&
	   has(&d, "ppc64-late-plain-store", NULL),
	   "late plain store into writable text: applied, with a ppc64-late-plain-store warning");
	klp_module_free(me);
	klp_diag_free(&d);
	return done_testing();
}
