// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch "module" whose references to symbols nobody exports are
 * the ones compilers emit for kernel code: calls, tail calls, loads and
 * stores, addresses taken in code and held in data - against statics of
 * vmlinux (the fixtures' System.map) and of klpreloc_target.ko. Built per
 * arch with the kernel's code model by test-families.sh; fam-ARCH.S adds
 * what compilers emit only for assembly.
 */
struct seq_file;

/* vmlinux */
int version_proc_show(struct seq_file *m, void *v);
int loadavg_proc_show(struct seq_file *m, void *v);
extern int pause_on_oops;
extern char *saved_command_line;
/* out of line more than once in vmlinux: --sym vmlinux:list_del_init,2 */
void fam_list_del_init(void *entry) __asm__("list_del_init");
/* exported: stays an ordinary relocation */
void seq_printf(struct seq_file *m, const char *fmt, ...);

/* klpreloc_target */
unsigned long klpreloc_target_count(void);
extern unsigned long klpreloc_target_reads;
int klpreloc_target_show(struct seq_file *m, void *v);

/* function pointers in writable data: absolute 64-bit relocations */
int (*fam_show)(struct seq_file *m, void *v) = loadavg_proc_show;
unsigned long (*fam_count)(void) = klpreloc_target_count;

__attribute__((noinline)) int fam_vmlinux(struct seq_file *m, void *v)
{
	int old = *(volatile int *)&pause_on_oops;

	*(volatile int *)&pause_on_oops = old + 1;
	seq_printf(m, "%s %d\n", saved_command_line, pause_on_oops);
	fam_list_del_init(v);
	if (*(int (*volatile *)(struct seq_file *, void *))&fam_show !=
	    loadavg_proc_show)
		return -1;
	version_proc_show(m, v);
	return loadavg_proc_show(m, v);	/* a tail call where the arch has one */
}

__attribute__((noinline)) unsigned long fam_target(struct seq_file *m)
{
	unsigned long n = klpreloc_target_count();

	n += *(volatile unsigned long *)&klpreloc_target_reads;
	if ((void *)klpreloc_target_show == (void *)m)
		n++;
	return n;
}

static const char fam_modinfo[] __attribute__((section(".modinfo"), used,
					       aligned(1))) =
	"livepatch=Y\0name=cvfam";
