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

/*
 * Before 6.10 the kernel ran at its physical address (TEXT_OFFSET plus a
 * physical KASLR offset; System.map is run time) and the module area lay
 * under the top of the address space, apart from the kernel, where KASLR
 * does not move it: MODULES_END is the absolute lowcore's address rounded
 * down to a segment, below vmax (4 TiB on a machine with less than about
 * 3.5 TiB of memory and no KASAN). With NR_CPUS up to 127 that is 4 TiB
 * less 1 MiB; more CPUs' lowcores move it down a few MiB, which changes no
 * verdict: vmlinux is some 4 TiB away either way.
 */
#define S390_VIRT_KERNEL	KLP_KVER(6, 10)
#define S390_OLD_MODULES_END	((1ULL << 42) - (1ULL << 20))

static void s390_vm_layout(const struct klp_options *o,
			   struct klp_vm_layout *l)
{
	if (o->kver >= S390_VIRT_KERNEL)
		return;
	l->module_end = S390_OLD_MODULES_END;
	l->module_start = S390_OLD_MODULES_END - S390_MODULES_LEN;
	l->kernel_text = S390_TEXT_OFFSET;
	l->map_offset = 0;
	l->modules_follow_kernel = false;
}

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
	.vm_layout = s390_vm_layout,
	.frob_arch_sections = s390_frob_arch_sections,
	.apply_relocate_add = s390_apply_relocate_add,
	/* 6.12 has none: klp sections stay applied when the target goes */
	.clear_relocate_add = NULL,
	.module_finalize = s390_module_finalize,
	.release = s390_release,
	.reloc_name = s390_reloc_name,
};
