// SPDX-License-Identifier: GPL-2.0
/*
 * klp_mem_ptr() (kernel/livepatch/layout.c) asks the region it found
 * last first. That must never change which region an address is in: the
 * first one in the kernel's order. Laid out by klpreloc, regions never
 * overlap; a layout file (apply --layout) may put two at one base, and
 * then the regions are searched in order whatever was found last. The
 * oracle is the regions' own bounds, read from the laid-out module.
 *
 * klp_target_place() finds a relocation's place once per section; its
 * oracle is klp_reloc_loc() then klp_mem_ptr(), relocation by relocation:
 * the same address, region bytes and reports, for every section as the
 * target, every offset in it and a few past it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "tap.h"

static char ko[4200];

/* what the place of one relocation came to, and what it reported */
struct seen {
	int ret;
	uint64_t addr;
	unsigned char *p;
	size_t nd;
	const char *rule;
};

static void seen_of(struct seen *s, struct klp_diag *d, size_t nd0, int ret,
		    uint64_t addr, unsigned char *p)
{
	s->ret = ret;
	s->addr = ret ? 0 : addr;
	s->p = ret ? NULL : p;
	s->nd = d->nr - nd0;
	s->rule = d->nr > nd0 ? d->v[d->nr - 1].rule : "";
}

static bool same_seen(const struct seen *a, const struct seen *b)
{
	return !a->ret == !b->ret && a->addr == b->addr && a->p == b->p &&
	       a->nd == b->nd && !strcmp(a->rule, b->rule);
}

/*
 * One relocation at off, len bytes: the place against the oracle (said
 * when they differ and say).
 */
static bool place_one(struct klp_module *me, unsigned int relsec,
		      const struct klp_target *tgt, struct klp_diag *d,
		      uint64_t off, size_t len, bool say)
{
	Elf64_Rela rel = { off, 0, 0 };
	struct klp_place pl = { 0, -1, NULL };
	struct seen a, b;
	uint64_t addr = 0;
	unsigned char *p = NULL;
	size_t nd0 = d->nr;
	int ret;

	ret = klp_target_place(me, tgt, &rel, len, &pl);
	seen_of(&a, d, nd0, ret, pl.addr, pl.p);
	nd0 = d->nr;
	ret = klp_reloc_loc(me, relsec, &rel, len, &addr);
	if (!ret) {
		p = klp_mem_ptr(me, addr, len);
		if (!p)		/* klp_read()'s report when none */
			ret = klp_read(me, addr, NULL, len);
	}
	seen_of(&b, d, nd0, ret, addr, p);
	if (same_seen(&a, &b))
		return true;
	if (say)
		printf("#   section %u offset %llu len %zu: place %d %s %p, oracle %d %s %p\n",
		       tgt->sec, (unsigned long long)off, len, a.ret, a.rule,
		       (void *)a.p, b.ret, b.rule, (void *)b.p);
	return false;
}

/*
 * Every section of me as the target of its first RELA section, every
 * offset up to two past its end, 1, 4 and 8 bytes: the place and the
 * oracle agree. Returns the disagreements; *n the relocations tried,
 * *fast the sections whose bytes hold their relocations without a look
 * for the region.
 */
static int place_vs_loc(struct klp_module *me, struct klp_diag *d,
			size_t *n, size_t *fast)
{
	static const size_t lens[] = { 1, 4, 8 };
	unsigned int relsec = 0, info;
	int bad = 0;

	for (unsigned int i = 1; i < me->shnum && !relsec; i++)
		if (me->sechdrs[i].sh_type == SHT_RELA)
			relsec = i;
	if (!relsec)
		return 1;
	info = me->sechdrs[relsec].sh_info;
	me->cur_relsec = relsec;
	for (unsigned int t = 1; t < me->shnum; t++) {
		uint64_t end = me->sechdrs[t].sh_size + 2;
		struct klp_target tgt;

		me->sechdrs[relsec].sh_info = t;
		klp_target_begin(me, relsec, &tgt);
		*fast += tgt.buf != NULL;
		for (uint64_t off = 0; off <= end; off++)
			for (size_t k = 0; k < 3; k++, (*n)++)
				bad += !place_one(me, relsec, &tgt, d, off,
						  lens[k], bad < 3);
	}
	me->sechdrs[relsec].sh_info = info;
	return bad;
}

static void test_place(const char *what, struct klp_options *o)
{
	struct klp_module *me = NULL;
	struct klp_diag d;
	size_t n = 0, fast = 0;
	int bad;

	klp_diag_init(&d);
	if (!ok(!klp_module_open(ko, o, &d, &me) && !klp_module_layout(me),
		"place, %s: the module is laid out", what)) {
		if (me)
			klp_module_free(me);
		klp_diag_free(&d);
		return;
	}
	bad = place_vs_loc(me, &d, &n, &fast);
	ok(!bad && n > 100,
	   "place, %s: %zu relocations as klp_reloc_loc() and klp_mem_ptr() place them (%d differ)",
	   what, n, bad);
	/* the premise: apart, sections skip the search; overlapping, never */
	if (me->mem_apart)
		ok(fast > 0, "place, %s: %zu sections found whole", what,
		   fast);
	else
		ok(fast == 0, "place, %s: no section found whole (%zu)", what,
		   fast);
	klp_module_free(me);
	klp_diag_free(&d);
}

static struct klp_module *laid_out(struct klp_options *o)
{
	struct klp_module *me = NULL;
	struct klp_diag d;

	klp_diag_init(&d);
	if (klp_module_open(ko, o, &d, &me) || klp_module_layout(me)) {
		for (size_t i = 0; i < d.nr; i++)
			printf("#   %s\n", d.v[i].msg ? d.v[i].msg : "");
		if (me)
			klp_module_free(me);
		me = NULL;
	}
	klp_diag_free(&d);
	return me;
}

/* every region's first and last byte found in it, in any order */
static void test_apart(void)
{
	struct klp_options o;
	struct klp_module *me;
	int bad = 0, n = 0;

	klp_options_init(&o);
	me = laid_out(&o);
	ok(me != NULL, "apart: the module is laid out");
	if (!me)
		return;
	for (int round = 0; round < 2; round++)
		for (int t = 0; t < KLP_MEM_NR; t++) {
			/* the second round visits the regions backwards */
			int k = round ? KLP_MEM_NR - 1 - t : t;
			struct klp_mem *m = &me->mem[k];

			if (!m->buf)
				continue;
			n++;
			bad += klp_mem_ptr(me, m->addr, 1) != m->buf;
			bad += klp_mem_ptr(me, m->addr + m->size - 1, 1) !=
			       m->buf + m->size - 1;
		}
	ok(n >= 4 && !bad, "apart: %d regions visited, %d addresses elsewhere",
	   n, bad);
	klp_module_free(me);
}

/* text and data at one base: the shared bytes are text's, always */
static void test_overlap(void)
{
	struct klp_options o;
	struct klp_module *me;
	struct klp_mem *text, *data;
	uint64_t base = 0xffffffffa0000000ull;

	klp_options_init(&o);
	o.mem_base[KLP_MEM_TEXT] = base;
	o.mem_base[KLP_MEM_DATA] = base;
	me = laid_out(&o);
	ok(me != NULL, "overlap: the module is laid out");
	if (!me)
		return;
	text = &me->mem[KLP_MEM_TEXT];
	data = &me->mem[KLP_MEM_DATA];
	if (!ok(text->buf && data->buf && data->size > text->size,
		"overlap premise: data (%llu bytes) outgrows text (%llu)",
		(unsigned long long)data->size,
		(unsigned long long)text->size)) {
		klp_module_free(me);
		return;
	}
	ok(klp_mem_ptr(me, base, 8) == text->buf,
	   "overlap: the base is text's");
	ok(klp_mem_ptr(me, base + text->size, 8) ==
	   data->buf + text->size, "overlap: past text, data's");
	/* data was found last: the shared bytes are still text's */
	ok(klp_mem_ptr(me, base, 8) == text->buf,
	   "overlap: the base is text's after a find in data");
	klp_module_free(me);
}

int main(void)
{
	const char *t = getenv("KLP_TMP"), *tools = getenv("KLP_TOOLS");
	char cmd[9000];

	snprintf(ko, sizeof(ko), "%s/memfind.ko", t && *t ? t : "/tmp");
	snprintf(cmd, sizeof(cmd),
		 "%s/genklp -a x86_64 -o '%s' --text-size 16 -r .klp.sym.vmlinux.foo,0",
		 tools ? tools : "build/san/tests/tools", ko);
	if (!ok(system(cmd) == 0, "genklp writes the module"))
		return done_testing();
	test_apart();
	test_overlap();
	{
		struct klp_options o;

		klp_options_init(&o);
		test_place("apart", &o);
		/* .rodata's first bytes are text's, its last its own */
		o.mem_base[KLP_MEM_TEXT] = 0xffffffffa0000000ull;
		o.mem_base[KLP_MEM_RODATA] = 0xffffffffa0000000ull;
		test_place("text and rodata at one base", &o);
	}
	return done_testing();
}
