// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc_target: an ordinary module for klpreloc_lp to patch. Its show
 * function, helper and counter are static and exported nowhere, so the
 * patch can only reach them through klp relocations against this module,
 * applied late: when this module loads after the patch, or when the patch
 * loads after this module.
 *
 *   cat /proc/klpreloc_target  ->  "klpreloc_target: original N"
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
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

static int __init klpreloc_target_init(void)
{
	if (!proc_create_single("klpreloc_target", 0444, NULL,
				klpreloc_target_show))
		return -ENOMEM;
	return 0;
}

static void __exit klpreloc_target_exit(void)
{
	remove_proc_entry("klpreloc_target", NULL);
}

module_init(klpreloc_target_init);
module_exit(klpreloc_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpreloc: target module with static symbols to patch");
