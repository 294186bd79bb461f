// SPDX-License-Identifier: GPL-2.0
/*
 * Late klp relocations on s390x, driven through the core API: the module
 * object "tgt" of klp.S is applied while the patch is live, then applied
 * again as if tgt had been unloaded and loaded elsewhere. 6.12 has no
 * clear on s390 and fills a GOT slot only once (got_initialized survives
 * in the live patch module's syminfo), so the second apply rewrites the
 * direct branch but leaves the GOT slot with tgt's old address. The
 * kernel says nothing and accepts; we report an error (the patch reads
 * freed memory), and still write what it writes.
 * Also: writes after formation go through s390_kernel_write, never a
 * plain store (which would fault on read-only text).
 *
 * The oracle is the ISA: we decode the lgrl/brasl fields in the bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/bytes.h>
#include <klpreloc/core.h>

#include "tap.h"

static int lookup(void *ctx, const char *name, uint64_t *addr)
{
	(void)ctx;
	if (strcmp(name, "printk"))
		return -ENOENT;
	*addr = 0x3ffe0100000ULL;
	return 0;
}

static Elf64_Sym *sym(struct klp_module *me, const char *name)
{
	for (size_t i = 1; i < me->nsyms; i++)
		if (!strcmp(klp_symname(me, &me->syms[i]), name))
			return &me->syms[i];
	return NULL;
}

/* The address the RIL-b field of relocation type in relsec leads to. */
static uint64_t ril_target(struct klp_module *me, unsigned int relsec,
			   uint32_t type)
{
	size_t nr;
	Elf64_Rela *r = klp_relas(me, relsec, &nr);
	unsigned int t = me->sechdrs[relsec].sh_info;

	for (size_t i = 0; i < nr; i++) {
		uint64_t p = me->sechdrs[t].sh_addr + r[i].r_offset;
		unsigned char *b = klp_mem_ptr(me, p, 4);

		if (ELF64_R_TYPE(r[i].r_info) == type && b)
			return p - (uint64_t)r[i].r_addend +
			       2 * (uint64_t)(int64_t)(int32_t)get_be32(b);
	}
	return 0;
}

static uint64_t load64(struct klp_module *me, uint64_t addr)
{
	unsigned char *b = klp_mem_ptr(me, addr, 8);

	return b ? get_be64(b) : 0xdeadbeefdeadbeefULL;
}

static size_t count_rule(struct klp_diag *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nr; i++)
		n += !strcmp(d->v[i].rule, rule);
	return n;
}

static int apply(struct klp_module *me, unsigned int sec)
{
	int ret;

	me->cur_relsec = sec;
	ret = me->arch->apply_relocate_add(me->sechdrs, me->strtab,
					   me->symindex, sec, me);
	me->cur_relsec = 0;
	return ret;
}

int main(void)
{
	const char *top = getenv("TOPDIR"), *tmp = getenv("KLP_TMP");
	const char *tools = getenv("KLP_TOOLS");
	char cmd[4096], ko[1024];
	struct klp_resolver r = { lookup, NULL };
	struct klp_options o;
	struct klp_diag d;
	struct klp_module *me;
	Elf64_Sym *mfn, *mvar;
	unsigned int sec;
	uint64_t slot, a1 = 0x3ffa0000000ULL, b1 = 0x3ffa0001000ULL;
	uint64_t a2 = 0x3ffa0100000ULL, b2 = 0x3ffa0101000ULL;

	if (!top || !tmp || !tools) {
		ok(0, "TOPDIR, KLP_TMP and KLP_TOOLS are set");
		return done_testing();
	}
	snprintf(ko, sizeof(ko), "%s/klp.ko", tmp);
	snprintf(cmd, sizeof(cmd),
		 "s390x-linux-gnu-as -o %s/klp.o %s/tests/arch/s390/klp.S && "
		 "%s/mkklp -q -k vmlinux:vfn -k vmlinux:vvar -k vmlinux:vvar2 "
		 "-k tgt:mfn -k tgt:mvar %s/klp.o %s",
		 tmp, top, tools, tmp, ko);
	if (!ok(system(cmd) == 0, "klp.ko built (as, mkklp)"))
		return done_testing();

	klp_options_init(&o);
	klp_diag_init(&d);
	d.echo = stdout;
	if (!ok(klp_module_open(ko, &o, &d, &me) == 0, "klp.ko opened"))
		return done_testing();
	is_str(me->arch->name, "s390x", "s390x backend");
	ok(!klp_module_layout(me) && !klp_module_simplify_symbols(me, &r) &&
	   !klp_module_apply_relocations(me) && !klp_module_finalize(me),
	   "loaded: layout, symbols, ordinary relocations, finalize");
	me->state = KLP_MOD_LIVE;
	sec = klp_find_sec(me, ".klp.rela.tgt.text");
	mfn = sym(me, ".klp.sym.tgt.mfn,0");
	mvar = sym(me, ".klp.sym.tgt.mvar,0");
	if (!ok(sec && mfn && mvar, "premise: .klp.rela.tgt.text and its symbols"))
		goto out;
	ok(me->mem[KLP_MEM_TEXT].ro, "premise: text is read-only once live");

	/* tgt loads: klp_resolve_symbols() sets the values, then apply */
	mfn->st_value = a1;
	mvar->st_value = b1;
	ok(apply(me, sec) == 0 && d.errors == 0 && d.warnings == 0,
	   "late apply on live text: accepted, through s390_kernel_write");
	is_u64(ril_target(me, sec, R_390_PLT32DBL), a1,
	       "brasl reaches mfn directly (in reach)");
	slot = ril_target(me, sec, R_390_GOTENT);
	is_u64(load64(me, slot), b1, "lgrl's GOT slot holds mvar");
	ok(slot >= me->mem[KLP_MEM_TEXT].addr &&
	   slot + 8 <= me->sechdrs[klp_find_sec(me, ".text")].sh_addr,
	   "the slot is in the GOT reserved before .text");

	/* tgt goes (no clear on s390) and comes back 1 MiB higher */
	mfn->st_value = a2;
	mvar->st_value = b2;
	ok(apply(me, sec) == 0,
	   "apply again: the kernel accepts it (returns 0)");
	is_u64(ril_target(me, sec, R_390_PLT32DBL), a2,
	       "brasl now reaches the new mfn");
	is_u64(ril_target(me, sec, R_390_GOTENT), slot, "lgrl: the same slot");
	is_u64(load64(me, slot), b1,
	       "the slot still holds the old mvar, as in 6.12");
	ok(count_rule(&d, "s390-stale-slot") == 1 && d.errors == 1 &&
	   d.warnings == 0,
	   "one stale-slot error (the patch is broken), nothing else");
out:
	klp_module_free(me);
	klp_diag_free(&d);
	return done_testing();
}
