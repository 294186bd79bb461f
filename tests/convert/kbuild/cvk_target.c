// SPDX-License-Identifier: GPL-2.0
/*
 * cvk_target: the module cvk_lp patches. /proc/cvk_target reads
 * "cvk_target: original N" through a static function and a static
 * counter, neither exported.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static unsigned long cvk_target_hits;

static noinline unsigned long cvk_target_value(void)
{
	return ++cvk_target_hits;
}

static noinline int cvk_target_show(struct seq_file *m, void *v)
{
	seq_printf(m, "cvk_target: original %lu\n", cvk_target_value());
	return 0;
}

static int __init cvk_target_init(void)
{
	return proc_create_single("cvk_target", 0444, NULL, cvk_target_show) ?
		0 : -ENOMEM;
}

static void __exit cvk_target_exit(void)
{
	remove_proc_entry("cvk_target", NULL);
}

module_init(cvk_target_init);
module_exit(cvk_target_exit);
MODULE_DESCRIPTION("klpreloc convert: a module to patch");
MODULE_LICENSE("GPL");
