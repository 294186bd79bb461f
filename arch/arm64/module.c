// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 backend: arch/arm64/kernel/module.c and module-plts.c of
 * Linux 6.12.
 *
 * Where modules live. VA_BITS_MIN is 48 for the default 52-bit and for
 * 48-bit kernels, so MODULES_VADDR = _PAGE_END(48) = 0xffff800000000000
 * and the kernel image starts at KIMAGE_VADDR = MODULES_END =
 * MODULES_VADDR + 2 GiB. Without KASLR, module_init_limits() puts the
 * direct-branch window at [_end - 128 MiB, _end) and execmem allocates
 * from its bottom; only when that is full do modules spill into the
 * 2 GiB PLT window [_end - 2 GiB, _end). We assume a 48 MiB image (an
 * arm64 defconfig Image with its bss), so modules start 80 MiB below
 * _text and every module-to-kernel call is a direct BL. With KASLR
 * (defconfig) the 128 MiB window is placed at random around the image;
 * --base/--module-base model that.
 */
#include <elf.h>

#include "arm64.h"

#define ARM64_KIMAGE_VADDR	0xffff800080000000ULL
#define ARM64_IMAGE_SIZE	(48ULL << 20)
#define ARM64_KERNEL_END	(ARM64_KIMAGE_VADDR + ARM64_IMAGE_SIZE)
#define ARM64_MODULES_DIRECT	(ARM64_KERNEL_END - (128ULL << 20))

static int arm64_module_finalize(struct klp_module *me)
{
	/*
	 * module_init_ftrace_plt() (CONFIG_DYNAMIC_FTRACE) fills slot 0 of
	 * .text.ftrace_trampoline with a PLT to ftrace_caller; we do not
	 * know that address and leave the slot zero. The sections only
	 * exist in a linked .ko; the kernel refuses one without them, but
	 * silently (-ENOEXEC, no message).
	 */
	return 0;
}

static const struct klp_arch_opt arm64_opts[] = {
	[ARM64_OPT_ERRATUM_843419] = {
		.name = "erratum-843419", .is_bool = true, .def = 1,
		.help = "CONFIG_ARM64_ERRATUM_843419 on an affected core: ADRP veneers (defconfig: on)",
	},
	[ARM64_OPT_LIVEPATCH_SERIES] = {
		.name = "livepatch-series", .is_bool = true, .def = 0,
		.help = "a kernel before 6.17 carrying klpreloc's arm64 livepatch series (arch/arm64/linux-6.12): HAVE_LIVEPATCH, late relocations through aarch64_insn_copy()",
	},
	{ NULL },
};

bool arm64_late_text_poke(const struct klp_module *me)
{
	return me->opts->kver >= KLP_KVER(6, 17) ||
	       me->arch_opt[ARM64_OPT_LIVEPATCH_SERIES];
}

static bool arm64_has_livepatch(const struct klp_module *me)
{
	return arm64_late_text_poke(me);
}

const struct klp_arch klp_arch_arm64 = {
	.name = "arm64",
	.machine = EM_AARCH64,
	.elfdata = ELFDATA2LSB,
	.module_start = ARM64_MODULES_DIRECT,
	/* the rest of the window is the kernel image itself */
	.module_end = ARM64_KIMAGE_VADDR,
	.kernel_text = ARM64_KIMAGE_VADDR,
	/*
	 * HAVE_LIVEPATCH on arm64 came with 6.17 (it needed the late
	 * relocation fix above and reliable stack traces).
	 */
	.livepatch_since = KLP_KVER(6, 17),
	.has_livepatch = arm64_has_livepatch,
	/* the 128 MiB direct window is placed next to the image: KASLR moves both */
	.modules_follow_kernel = true,
	/*
	 * DYNAMIC_FTRACE_WITH_ARGS (which livepatch needs) records the
	 * -fpatchable-function-entry NOPs; with CALL_OPS two of them precede
	 * the function
	 */
	.ftrace_callsites = "__patchable_function_entries",
	.ftrace_site_before = 8,
	.opts = arm64_opts,
	.frob_arch_sections = arm64_frob_arch_sections,
	.apply_relocate_add = arm64_apply_relocate_add,
	/* 6.12 has no clear_relocate_add: the empty weak default */
	.clear_relocate_add = NULL,
	.module_finalize = arm64_module_finalize,
	.release = arm64_release,
	.reloc_name = arm64_reloc_name,
};
