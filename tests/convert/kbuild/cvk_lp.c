// SPDX-License-Identifier: GPL-2.0
/*
 * cvk_lp: a livepatch written as the kernel's samples are, using what
 * nobody exports, turned into a loadable livepatch by `klpreloc convert`
 * alone (tests/convert/kbuild.sh):
 *
 *   vmlinux     saved_command_line   global, not exported
 *               version_proc_show()  static (fs/proc/version.c)
 *               list_del_init()      out of line several times: the 2nd,
 *                                    chosen with <klpreloc/klp-sym.h>
 *   cvk_target  cvk_target_value()   static
 *               cvk_target_hits      static
 *
 * Once loaded: /proc/cmdline reads "cvk_lp: <cmdline> list ok" then the
 * /proc/version line; /proc/cvk_target reads "cvk_target: patched N N".
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

#include <klpreloc/klp-sym.h>

int version_proc_show(struct seq_file *m, void *v);
void cvk_list_del_init(struct list_head *entry);
KLPRELOC_SYMPOS(cvk_list_del_init, vmlinux, list_del_init, 2);
unsigned long cvk_target_value(void);
extern unsigned long cvk_target_hits;

static __used int cvk_lp_cmdline_show(struct seq_file *m, void *v)
{
	LIST_HEAD(head);
	struct list_head node;

	list_add(&node, &head);
	cvk_list_del_init(&node);
	seq_printf(m, "cvk_lp: %s list %s\n", saved_command_line,
		   list_empty(&head) && list_empty(&node) ? "ok" : "BAD");
	return version_proc_show(m, v);
}

static __used int cvk_lp_target_show(struct seq_file *m, void *v)
{
	unsigned long n = cvk_target_value();

	seq_printf(m, "cvk_target: patched %lu %lu\n", n, cvk_target_hits);
	return 0;
}

#if IS_ENABLED(CONFIG_LIVEPATCH)
static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = cvk_lp_cmdline_show },
	{ }
};

static struct klp_func target_funcs[] = {
	{ .old_name = "cvk_target_show", .new_func = cvk_lp_target_show },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = vmlinux_funcs },
	{ .name = "cvk_target", .funcs = target_funcs },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int cvk_lp_init(void)
{
	return klp_enable_patch(&patch);
}
#else
static int cvk_lp_init(void)
{
	return -ENOSYS;
}
#endif

static void cvk_lp_exit(void)
{
}

module_init(cvk_lp_init);
module_exit(cvk_lp_exit);
MODULE_DESCRIPTION("klpreloc convert: a livepatch from a plain Kbuild build");
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
