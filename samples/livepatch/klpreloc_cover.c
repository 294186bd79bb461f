// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc_cover: a livepatch whose replacement functions reach static
 * symbols of vmlinux and of klpreloc_target in every way a compiler
 * reaches a symbol, so that its klp relocations (made by tests/tools/mkklp,
 * see build.sh) cover every relocation family of the arch:
 *
 *   vmlinux
 *     loadavg_proc_show()  static, fs/proc/loadavg.c: called directly, as
 *                          a tail call, and through a pointer in .data;
 *                          its address compared in code and held as
 *                          place-relative references in .data
 *     pause_on_oops        static, kernel/panic.c: read, written, put back
 *     list_del_init()      a static inline that vmlinux has more than once
 *                          out of line: needs sympos >= 1 (build.sh)
 *   klpreloc_target
 *     klpreloc_target_add()  static: called, pointer in .data, relative
 *     klpreloc_target_base   static: read, written, put back
 *
 * and has per-cpu data of its own (klpreloc_cover_reads, aligned to 64):
 * percpu_modalloc() places it, and klpreloc_dump reports where, for the
 * byte comparison (where a UP kernel has no per-cpu area it is .data).
 *
 * Effect, visible from userspace:
 *   /proc/version              "klpreloc_cover: static 0 1, data ok,
 *                              rel ok, sympos ok" then two /proc/loadavg
 *                              lines (direct call, then the tail call)
 *   /proc/klpreloc_target_sum  "klpreloc_target_sum: covered 40 43, data
 *                              ok, rel ok"
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

#include "klpreloc.h"

/*
 * Function pointers in writable data: absolute 64-bit relocations. Read
 * with READ_ONCE(), or the compiler folds them into their initialisers;
 * __read_mostly, or it moves them to .rodata (where ppc64 6.12 could not
 * apply a late relocation: a plain store).
 */
static int (*klpreloc_cover_show)(struct seq_file *m, void *v) __read_mostly =
	loadavg_proc_show;
static unsigned long (*klpreloc_cover_add)(unsigned long x) __read_mostly =
	klpreloc_target_add;

/*
 * Place-relative references in .data, as the kernel writes them in
 * assembly (exception and jump tables, PREL32 ksymtab): 64-bit on every
 * arch; 32-bit only where modules sit within 2 GiB of both objects.
 */
#if defined(CONFIG_X86_64) || defined(CONFIG_ARM64)
#define KLPRELOC_COVER_REL32	1
#define KLPRELOC_REL_REFS(name, sym)				\
	asm(".pushsection .data, \"aw\"\n"			\
	    "\t.balign 8\n"					\
	    #name "_64:\n\t.quad " #sym " - .\n"		\
	    #name "_32:\n\t.long " #sym " - .\n"		\
	    "\t.popsection\n")
#else
#define KLPRELOC_COVER_REL32	0
#define KLPRELOC_REL_REFS(name, sym)				\
	asm(".pushsection .data, \"aw\"\n"			\
	    "\t.balign 8\n"					\
	    #name "_64:\n\t.quad " #sym " - .\n"		\
	    "\t.popsection\n")
#endif

KLPRELOC_REL_REFS(klpreloc_cover_rel_show, loadavg_proc_show);
KLPRELOC_REL_REFS(klpreloc_cover_rel_add, klpreloc_target_add);

/* Does each place-relative reference of name resolve to addr? */
#define KLPRELOC_REL_OK(name, addr)					\
	((unsigned long)&name##_64 + name##_64 == (unsigned long)(addr) && \
	 (!KLPRELOC_COVER_REL32 ||					\
	  (unsigned long)&name##_32 + name##_32 == (unsigned long)(addr)))

static const char *klpreloc_cover_ok(bool ok)
{
	return ok ? "ok" : "BAD";
}

/* counted in version_show: the patch's own per-cpu variable */
static DEFINE_PER_CPU(unsigned long, klpreloc_cover_reads) __aligned(64);

/* list_del_init() on a node of a two-element list: both end up empty */
static bool klpreloc_cover_sympos(void)
{
	LIST_HEAD(head);
	struct list_head node;

	list_add(&node, &head);
	klpreloc_cover_list_del_init(&node);
	return list_empty(&head) && list_empty(&node);
}

/* replaces version_proc_show() */
static __used int klpreloc_cover_version_show(struct seq_file *m, void *v)
{
	int old = READ_ONCE(pause_on_oops);
	int now;

	this_cpu_inc(klpreloc_cover_reads);
	WRITE_ONCE(pause_on_oops, old + 1);
	now = READ_ONCE(pause_on_oops);
	WRITE_ONCE(pause_on_oops, old);

	seq_printf(m, "klpreloc_cover: static %d %d, data %s, rel %s, sympos %s\n",
		   old, now,
		   klpreloc_cover_ok(READ_ONCE(klpreloc_cover_show) ==
				     loadavg_proc_show),
		   klpreloc_cover_ok(KLPRELOC_REL_OK(klpreloc_cover_rel_show,
						     loadavg_proc_show)),
		   klpreloc_cover_ok(klpreloc_cover_sympos()));
	READ_ONCE(klpreloc_cover_show)(m, v);
	/* a tail call where the arch makes one (build.sh, Kbuild) */
	return loadavg_proc_show(m, v);
}

/* replaces klpreloc_target_sum_show() */
static __used int klpreloc_cover_sum_show(struct seq_file *m, void *v)
{
	unsigned long old = READ_ONCE(klpreloc_target_base);
	unsigned long sum;

	WRITE_ONCE(klpreloc_target_base, old + 1);
	sum = klpreloc_target_add(2);
	WRITE_ONCE(klpreloc_target_base, old);

	seq_printf(m, "klpreloc_target_sum: covered %lu %lu, data %s, rel %s\n",
		   old, sum,
		   klpreloc_cover_ok(READ_ONCE(klpreloc_cover_add) ==
				     klpreloc_target_add),
		   klpreloc_cover_ok(KLPRELOC_REL_OK(klpreloc_cover_rel_add,
						     klpreloc_target_add)));
	return 0;
}

#if IS_ENABLED(CONFIG_LIVEPATCH)
static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = klpreloc_cover_version_show,
	}, { }
};

static struct klp_func target_funcs[] = {
	{
		.old_name = "klpreloc_target_sum_show",
		.new_func = klpreloc_cover_sum_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
	}, {
		.name = "klpreloc_target",
		.funcs = target_funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klpreloc_cover_init(void)
{
	return klp_enable_patch(&patch);
}
#else
/* No CONFIG_LIVEPATCH (arm64 before 6.17): see klpreloc_lp.c. */
static int klpreloc_cover_init(void)
{
	return -EOPNOTSUPP;
}
#endif

static void klpreloc_cover_exit(void)
{
}

module_init(klpreloc_cover_init);
module_exit(klpreloc_cover_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpreloc: livepatch covering every relocation family");
MODULE_INFO(livepatch, "Y");
