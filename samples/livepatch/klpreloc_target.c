// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc_target: an ordinary module for klpreloc_lp and klpreloc_cover
 * to patch. Its show functions, helpers and variables are static and
 * exported nowhere, so a patch can only reach them through klp relocations
 * against this module, applied late: when this module loads after the
 * patch, or when the patch loads after this module.
 *
 *   cat /proc/klpreloc_target      ->  "klpreloc_target: original N"
 *                                      (klpreloc_lp patches it)
 *   cat /proc/klpreloc_target_sum  ->  "klpreloc_target_sum: original 42"
 *                                      (klpreloc_cover patches it)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

/* Written on every read, so it stays a real data symbol. */
static unsigned long klpreloc_target_reads;

/*
 * Kept out of line and unspecialised: the patch calls it by this exact
 * name, which an inlined or .isra/.constprop clone would not have.
 */
static noinline __noclone unsigned long klpreloc_target_count(void)
{
	return ++klpreloc_target_reads;
}

static int klpreloc_target_show(struct seq_file *m, void *v)
{
	seq_printf(m, "klpreloc_target: original %lu\n",
		   klpreloc_target_count());
	return 0;
}

/*
 * Initialised, so it lives in .data; a parameter, so the compiler cannot
 * fold it into a constant. klpreloc_cover reads and writes it.
 */
static unsigned long klpreloc_target_base = 40;
module_param_named(base, klpreloc_target_base, ulong, 0644);
MODULE_PARM_DESC(base, "what /proc/klpreloc_target_sum adds 2 to");

static noinline __noclone unsigned long klpreloc_target_add(unsigned long x)
{
	return READ_ONCE(klpreloc_target_base) + x;
}

/*
 * notrace: no ftrace call site, so livepatch cannot redirect it (the
 * lp_notrace variant tries). Nothing calls it; __used keeps it.
 */
static __used noinline __noclone notrace unsigned long
klpreloc_target_quiet(void)
{
	return READ_ONCE(klpreloc_target_base);
}

static int klpreloc_target_sum_show(struct seq_file *m, void *v)
{
	seq_printf(m, "klpreloc_target_sum: original %lu\n",
		   klpreloc_target_add(2));
	return 0;
}

static int __init klpreloc_target_init(void)
{
	if (!proc_create_single("klpreloc_target", 0444, NULL,
				klpreloc_target_show))
		return -ENOMEM;
	if (!proc_create_single("klpreloc_target_sum", 0444, NULL,
				klpreloc_target_sum_show)) {
		remove_proc_entry("klpreloc_target", NULL);
		return -ENOMEM;
	}
	return 0;
}

static void __exit klpreloc_target_exit(void)
{
	remove_proc_entry("klpreloc_target_sum", NULL);
	remove_proc_entry("klpreloc_target", NULL);
}

module_init(klpreloc_target_init);
module_exit(klpreloc_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpreloc: target module with static symbols to patch");
