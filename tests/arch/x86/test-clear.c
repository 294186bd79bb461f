// SPDX-License-Identifier: GPL-2.0
/*
 * apply -> clear -> apply on the x86_64 backend, driven through the core
 * API the way livepatch does for a module object that loads, unloads and
 * loads again (klp_module_coming / klp_module_going, kernel >= 6.3).
 *
 * Oracles: the image as the loader laid it out before any relocation (what
 * clear must restore), the first apply's bytes (what the reapply must
 * reproduce; test-ld-oracle.sh checks those against GNU ld), and the
 * kernel's messages rebuilt here from the ELF inputs (S, A, P).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>

#include "tap.h"
#include "x86test.h"

#define EXT_FUNC	0xffffffff81234560ULL
#define EXT_VAR		0xffffffff82345678ULL
#define EXT_ABS32	0x07654321ULL

static const struct x86_symval syms[] = {
	{ "ext_func", EXT_FUNC },
	{ "ext_var", EXT_VAR },
	{ "ext_abs32", EXT_ABS32 },
	{ NULL, 0 },
};

static const char *const relsecs[] = { ".rela.text", ".rela.data",
				       ".rela.rodata" };
#define NR_RELSECS (sizeof(relsecs) / sizeof(relsecs[0]))

/* All regions' bytes, concatenated. */
struct image {
	unsigned char *b;
	size_t n;
};

static void snap(struct klp_module *me, struct image *im)
{
	im->n = 0;
	for (int t = 0; t < KLP_MEM_NR; t++)
		im->n += me->mem[t].size;
	im->b = malloc(im->n ? im->n : 1);
	im->n = 0;
	for (int t = 0; t < KLP_MEM_NR; t++) {
		if (!me->mem[t].size)
			continue;
		memcpy(im->b + im->n, me->mem[t].buf, me->mem[t].size);
		im->n += me->mem[t].size;
	}
}

static bool same(const struct image *a, const struct image *b)
{
	return a->n == b->n && !memcmp(a->b, b->b, a->n);
}

/* Apply (or clear) every RELA section; returns the first error. */
static int walk(struct klp_module *me, bool apply)
{
	for (size_t i = 0; i < NR_RELSECS; i++) {
		unsigned int s = klp_find_sec(me, relsecs[i]);
		int ret = 0;

		if (!s)
			return -ENOENT;
		me->cur_relsec = s;
		if (apply)
			ret = me->arch->apply_relocate_add(me->sechdrs,
							   me->strtab,
							   me->symindex, s, me);
		else
			me->arch->clear_relocate_add(me->sechdrs, me->strtab,
						     me->symindex, s, me);
		me->cur_relsec = 0;
		if (ret)
			return ret;
	}
	return 0;
}

/* Index of the first relocation of type in section s, or -1. */
static long first_of(struct klp_module *me, unsigned int s, uint32_t type)
{
	size_t nr;
	Elf64_Rela *r = klp_relas(me, s, &nr);

	for (size_t i = 0; i < nr; i++)
		if (ELF64_R_TYPE(r[i].r_info) == type)
			return (long)i;
	return -1;
}

static void print_diag(const struct klp_diag *d, size_t from)
{
	for (size_t i = from; i < d->nr; i++) {
		printf("# ");
		klp_diag_print(stdout, &d->v[i]);
	}
}

int main(void)
{
	struct klp_resolver r = { .lookup = x86_lookup, .ctx = (void *)syms };
	struct image orig = { 0 }, a1 = { 0 }, c1 = { 0 }, a2 = { 0 };
	struct klp_options opts;
	struct klp_diag diag;
	struct klp_module *me = NULL;
	unsigned int text_rela;
	char *obj, want[256];
	size_t nd;
	long k;

	obj = x86_assemble("relocs.S", "relocs.o");
	if (!ok(obj != NULL, "relocs.S assembled"))
		return done_testing();
	klp_options_init(&opts);
	klp_diag_init(&diag);
	if (!ok(klp_module_open(obj, &opts, &diag, &me) == 0 &&
		klp_module_layout(me) == 0 &&
		klp_module_simplify_symbols(me, &r) == 0, "loaded relocs.o")) {
		print_diag(&diag, 0);
		goto out;
	}
	ok(!strcmp(me->arch->name, "x86_64"), "x86_64 backend chosen");
	snap(me, &orig);

	/* early apply: the patch module itself is still UNFORMED */
	me->state = KLP_MOD_UNFORMED;
	ok(walk(me, true) == 0 && diag.nr == 0, "apply (early)");
	snap(me, &a1);
	ok(!same(&orig, &a1), "premise: apply changed the image");

	/* the target module goes: late clear into read-only text */
	me->state = KLP_MOD_LIVE;
	walk(me, false);
	ok(diag.nr == 0, "clear (late) reports nothing");
	print_diag(&diag, 0);
	snap(me, &c1);
	ok(same(&orig, &c1), "clear restores the unrelocated image");

	/* the target module comes back: late apply, through text_poke */
	ok(walk(me, true) == 0 && diag.nr == 0,
	   "reapply (late) accepted: written with KLP_WRITE_PATCH");
	print_diag(&diag, 0);
	snap(me, &a2);
	ok(same(&a1, &a2), "reapply gives identical bytes");

	/* a second apply without clear: the kernel's pre-6.3 reload bug */
	nd = diag.nr;
	ok(walk(me, true) == -ENOEXEC, "apply over applied refused");
	ok(diag.nr == nd + 1 && diag.errors == 1, "one diagnostic");
	if (diag.nr > nd)
		is_str(diag.v[nd].rule, "x86-nonzero-target",
		       "rule x86-nonzero-target");

	/* someone changed a relocated PC32: clear reports, then stops */
	text_rela = klp_find_sec(me, ".rela.text");
	k = first_of(me, text_rela, R_X86_64_PC32);
	if (ok(k >= 1, "premise: a PC32 after other relocations")) {
		size_t nr;
		Elf64_Rela *rel = klp_relas(me, text_rela, &nr);
		unsigned int tsec = me->sechdrs[text_rela].sh_info;
		Elf64_Sym *sym = &me->syms[ELF64_R_SYM(rel[k].r_info)];
		uint64_t p = me->sechdrs[tsec].sh_addr + rel[k].r_offset;
		uint64_t val = sym->st_value + rel[k].r_addend - p;
		uint64_t p0 = me->sechdrs[tsec].sh_addr + rel[0].r_offset;
		uint64_t pl;
		unsigned char *loc = klp_mem_ptr(me, p, 4), zero[4] = { 0 };
		unsigned char last[4];
		const struct klp_diag_entry *e;

		while (nr > 1 &&
		       ELF64_R_TYPE(rel[nr - 1].r_info) == R_X86_64_NONE)
			nr--;
		pl = me->sechdrs[tsec].sh_addr + rel[nr - 1].r_offset;
		loc[1] ^= 0x40;
		nd = diag.nr;
		me->arch->clear_relocate_add(me->sechdrs, me->strtab,
					     me->symindex, text_rela, me);
		ok(diag.nr == nd + 1, "clear with a wrong value: one report");
		e = diag.nr > nd ? &diag.v[nd] : NULL;
		snprintf(want, sizeof(want),
			 "module: x86/modules: Invalid relocation target, existing value does not match expected value for type %d, loc %016" PRIx64 ", val %" PRIx64,
			 R_X86_64_PC32, p, val);
		if (e) {
			print_diag(&diag, nd);
			is_str(e->kmsg, want, "the kernel's message");
			ok(e->sev == KLP_WARN, "a warning, as pr_warn");
			is_str(e->rule, "x86-clear-mismatch",
			       "rule x86-clear-mismatch");
			ok(e->rel == k, "names relocation %ld", k);
		}
		ok(!memcmp(klp_mem_ptr(me, p0, 4), zero, 4),
		   "relocations before it were cleared");
		memcpy(last, klp_mem_ptr(me, pl, 4), 4);
		ok((long)nr - 1 > k && memcmp(last, zero, 4) != 0,
		   "relocations after it stay applied");

		/* so the next load of the target module is refused */
		nd = diag.nr;
		ok(me->arch->apply_relocate_add(me->sechdrs, me->strtab,
						me->symindex, text_rela,
						me) == -ENOEXEC,
		   "next apply refused");
		snprintf(want, sizeof(want),
			 "module: x86/modules: Invalid relocation target, existing value is nonzero for type %d, loc %016" PRIx64 ", val %" PRIx64,
			 R_X86_64_PC32, p, val);
		e = diag.nr > nd ? &diag.v[nd] : NULL;
		if (e) {
			print_diag(&diag, nd);
			is_str(e->kmsg, want, "nonzero: the kernel's message");
			ok(e->rel == k, "at the same relocation");
		}
	}
out:
	free(orig.b);
	free(a1.b);
	free(c1.b);
	free(a2.b);
	klp_module_free(me);
	klp_diag_free(&diag);
	free(obj);
	return done_testing();
}
