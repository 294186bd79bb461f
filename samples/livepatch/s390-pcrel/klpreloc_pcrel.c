// SPDX-License-Identifier: GPL-2.0
/*
 * An s390 livepatch whose replacement takes saved_command_line's address
 * PC-relative (larl: R_390_PC32DBL, +-4 GiB), as code built without -fPIC
 * would; `klpreloc convert` makes it a klp relocation against vmlinux.
 * Before 6.10 vmlinux runs some 4 TiB from the module area and the loader
 * refuses it; from 6.10 the modules lie right below the kernel and it
 * loads (/proc/cmdline then starts with "klpreloc_pcrel: "). build.sh
 * makes the `make matrix EXTRA=` set that shows both.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

extern char *saved_command_line;

static int klpreloc_pcrel_show(struct seq_file *m, void *v)
{
	char **p;

	asm("larl %0,saved_command_line" : "=a" (p));	/* R_390_PC32DBL */
	seq_printf(m, "klpreloc_pcrel: %s\n", *p);
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = klpreloc_pcrel_show },
	{ }
};

static struct klp_object objs[] = {
	{ .funcs = funcs },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klpreloc_pcrel_init(void)
{
	return klp_enable_patch(&patch);
}

static void klpreloc_pcrel_exit(void)
{
}

module_init(klpreloc_pcrel_init);
module_exit(klpreloc_pcrel_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
