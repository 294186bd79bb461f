// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc_lp: a livepatch whose replacement functions use symbols that
 * nobody exports, so the module only works once their references are
 * turned into klp relocations (tests/tools/mkklp does that, see build.sh):
 *
 *   vmlinux:          version_proc_show()      static, fs/proc/version.c
 *                     saved_command_line       global, not exported
 *   klpreloc_target:  klpreloc_target_count()  static
 *                     klpreloc_target_reads    static
 *
 * Effect, visible from userspace:
 *   /proc/cmdline          "klpreloc: live patched, cmdline: <cmdline>"
 *                          followed by the /proc/version line
 *   /proc/klpreloc_target  "klpreloc_target: patched N N"
 *
 * Built under other names, the same source gives the broken variants that
 * build.sh makes with mkklp: each needs a module name of its own, or the
 * kernel refuses it as a duplicate before livepatch looks at it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

#include "klpreloc.h"

#ifdef KLPRELOC_LP_PERCPU
/*
 * The lp_percpu variant (Kbuild): more per-cpu data than the modules'
 * reserve holds (PERCPU_MODULE_RESERVE, 8 KiB), where the arch has one
 */
static __used DEFINE_PER_CPU(char [KLPRELOC_LP_PERCPU], klpreloc_lp_percpu);
#endif

/* __used: arm64 6.12 has no livepatch API to reference them through. */
static __used int klpreloc_lp_cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "klpreloc: live patched, cmdline: %s\n",
		   saved_command_line);
	return version_proc_show(m, v);
}

static __used int klpreloc_lp_target_show(struct seq_file *m, void *v)
{
	unsigned long n = klpreloc_target_count();

	seq_printf(m, "klpreloc_target: patched %lu %lu\n", n,
		   klpreloc_target_reads);
	return 0;
}

/*
 * The lp_oldname and lp_oldmod variants (Kbuild): a function that vmlinux,
 * or the target module, does not have
 */
#ifdef KLPRELOC_LP_OLDNAME
#define KLPRELOC_LP_VMLINUX_FUNC "klpreloc_no_such_function"
#else
#define KLPRELOC_LP_VMLINUX_FUNC "cmdline_proc_show"
#endif
#ifdef KLPRELOC_LP_OLDMOD
#define KLPRELOC_LP_TARGET_FUNC "klpreloc_target_no_such_function"
#elif defined(KLPRELOC_LP_NOTRACE)
/* lp_notrace: a function of the target that has no ftrace call site */
#define KLPRELOC_LP_TARGET_FUNC "klpreloc_target_quiet"
#else
#define KLPRELOC_LP_TARGET_FUNC "klpreloc_target_show"
#endif

#if IS_ENABLED(CONFIG_LIVEPATCH)
static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = KLPRELOC_LP_VMLINUX_FUNC,
		.new_func = klpreloc_lp_cmdline_show,
	},
#ifdef KLPRELOC_LP_DUPFUNC
	/*
	 * lp_dupfunc: the same function again at position 1, which is also
	 * what position 0 is named in sysfs ("cmdline_proc_show,1")
	 */
	{
		.old_name = KLPRELOC_LP_VMLINUX_FUNC,
		.new_func = klpreloc_lp_cmdline_show,
		.old_sympos = 1,
	},
#endif
	{ }
};

static struct klp_func target_funcs[] = {
	{
		.old_name = KLPRELOC_LP_TARGET_FUNC,
		.new_func = klpreloc_lp_target_show,
	}, { }
};

#ifdef KLPRELOC_LP_DUPOBJ
/* lp_dupobj: a second object for the target (its own klp_funcs) */
static struct klp_func target_funcs_again[] = {
	{
		.old_name = KLPRELOC_LP_TARGET_FUNC,
		.new_func = klpreloc_lp_target_show,
	}, { }
};
#endif

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = vmlinux_funcs,
	}, {
		.name = "klpreloc_target",
		.funcs = target_funcs,
	},
#ifdef KLPRELOC_LP_DUPOBJ
	{
		.name = "klpreloc_target",
		.funcs = target_funcs_again,
	},
#endif
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klpreloc_lp_init(void)
{
	return klp_enable_patch(&patch);
}
#else
/*
 * No CONFIG_LIVEPATCH (arm64 before 6.17): the module still carries its
 * klp relocations for userspace checks; the kernel refuses it at load
 * because of MODULE_INFO(livepatch) below.
 */
static int klpreloc_lp_init(void)
{
	return -EOPNOTSUPP;
}
#endif

static void klpreloc_lp_exit(void)
{
}

module_init(klpreloc_lp_init);
module_exit(klpreloc_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpreloc: livepatch sample with klp relocations");
MODULE_INFO(livepatch, "Y");
