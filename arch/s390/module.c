// SPDX-License-Identifier: GPL-2.0
/*
 * The s390x backend: arch/s390/kernel/module.c of Linux 6.12.
 *
 * The module area is placed by the decompressor at boot
 * (setup_kernel_memory_layout()): without KASLR the kernel image starts
 * at CONFIG_KERNEL_IMAGE_BASE (default 0x3ffe0000000), MODULES_END is
 * that rounded down to a segment (1 MiB) and MODULES_VADDR lies
 * MODULES_LEN (2 GiB) below it. That is what a QEMU guest with a few GiB
 * of memory gets; with KASLR the whole block moves together, so the
 * module area is always within 2 GiB below the kernel and PC32DBL
 * reaches vmlinux.
 */
#include <elf.h>

#include "s390.h"

#define S390_KERNEL_IMAGE_BASE	0x3ffe0000000ULL
#define S390_MODULES_LEN	(1ULL << 31)
#define S390_TEXT_OFFSET	0x100000ULL	/* vmlinux.lds: . = TEXT_OFFSET */

static const struct klp_arch_opt s390_opts[] = {
	[S390_OPT_EXPOLINE] = {
		.name = "expoline", .is_bool = true, .def = 1,
		.help = "CONFIG_EXPOLINE and not disabled at boot: PLTs branch through the thunk (defconfig on QEMU: on; z15+ or nospectre_v2: off)",
	},
	{ NULL },
};

const struct klp_arch klp_arch_s390x = {
	.name = "s390x",
	.machine = EM_S390,
	.elfdata = ELFDATA2MSB,
	.module_start = S390_KERNEL_IMAGE_BASE - S390_MODULES_LEN,
	.module_end = S390_KERNEL_IMAGE_BASE,
	/*
	 * _text at run time. vmlinux itself is linked at TEXT_OFFSET and
	 * relocated by the decompressor: System.map shows 0x100000-based
	 * addresses, /proc/kallsyms these.
	 */
	.kernel_text = S390_KERNEL_IMAGE_BASE + S390_TEXT_OFFSET,
	/* HAVE_LIVEPATCH on s390 since 4.12 */
	.livepatch_since = KLP_KVER(4, 12),
	/* System.map is linked at 0, run time at the image base */
	.map_offset = S390_KERNEL_IMAGE_BASE,
	/* MODULES_END is kernel_start rounded down: KASLR moves both */
	.modules_follow_kernel = true,
	.opts = s390_opts,
	.frob_arch_sections = s390_frob_arch_sections,
	.apply_relocate_add = s390_apply_relocate_add,
	/* 6.12 has none: klp sections stay applied when the target goes */
	.clear_relocate_add = NULL,
	.module_finalize = s390_module_finalize,
	.release = s390_release,
	.reloc_name = s390_reloc_name,
};
