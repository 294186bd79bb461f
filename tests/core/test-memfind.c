// SPDX-License-Identifier: GPL-2.0
/*
 * klp_mem_ptr() (kernel/livepatch/layout.c) asks the region it found
 * last first. That must never change which region an address is in: the
 * first one in the kernel's order. Laid out by klpreloc, regions never
 * overlap; a layout file (apply --layout) may put two at one base, and
 * then the regions are searched in order whatever was found last. The
 * oracle is the regions' own bounds, read from the laid-out module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "tap.h"

static char ko[4200];

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
	return done_testing();
}
