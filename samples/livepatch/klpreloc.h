/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the sample livepatches use and nobody exports: defined static (or
 * global but unexported) in vmlinux or klpreloc_target. modpost lets the
 * references through with KBUILD_MODPOST_WARN=1; tests/tools/mkklp turns
 * them into klp relocations (build.sh).
 */
#ifndef _KLPRELOC_H
#define _KLPRELOC_H

#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/types.h>

/*
 * Hidden: what a reference compiled inside the patched object itself (to
 * a static of its own) looks like. s390 modules are built -fPIC: a hidden
 * symbol is reached PC-relative (lgrl, stgrl: PC32DBL), any other through
 * the GOT (GOTENT). The other arches reach both the same way here.
 *
 * Only for klpreloc_target: s390 modules sit about 2 GiB below vmlinux,
 * and QEMU 7.2 (Debian 12) computes the address of a relative-long data
 * access (seen with lrl) wrongly once the offset reaches 2 GiB, although
 * the kernel wrote it right: Documentation/conformance.md.
 */
#define KLPRELOC_LOCAL	__attribute__((visibility("hidden")))

/* vmlinux (saved_command_line comes from <linux/init.h>) */
int version_proc_show(struct seq_file *m, void *v);	/* fs/proc/version.c */
int loadavg_proc_show(struct seq_file *m, void *v);	/* fs/proc/loadavg.c */
extern int pause_on_oops;				/* kernel/panic.c */

/*
 * <linux/list.h> defines list_del_init() static inline, and vmlinux has
 * several out-of-line copies of it: reach them under an assembler name, so
 * the C name does not clash. The patch must not emit a copy of its own
 * (mkklp refuses a defined symbol).
 */
void klpreloc_cover_list_del_init(struct list_head *entry)
	__asm__("list_del_init");

/* klpreloc_target */
unsigned long klpreloc_target_count(void);
extern unsigned long klpreloc_target_reads;
unsigned long klpreloc_target_add(unsigned long x);
extern unsigned long klpreloc_target_base KLPRELOC_LOCAL;

/* place-relative references that klpreloc_cover.c defines in assembly */
extern const s64 klpreloc_cover_rel_show_64, klpreloc_cover_rel_add_64;
extern const s32 klpreloc_cover_rel_show_32, klpreloc_cover_rel_add_32;

#endif /* _KLPRELOC_H */
