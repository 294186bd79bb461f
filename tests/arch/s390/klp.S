/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A livepatch module for test-klp.sh: after mkklp, vfn/vvar/vvar2 are
 * klp symbols of vmlinux (applied early) and mfn/mvar of the module
 * "tgt" (applied late, when tgt loads); printk stays an ordinary
 * undefined symbol. Every GOT slot and PLT entry the klp relocations need
 * must be reserved at load time, as the kernel's
 * module_frob_arch_sections() does.
 */
	.section .modinfo,"a"
	.asciz	"livepatch=Y"
	.asciz	"name=klps390"
	.asciz	"license=GPL"

	.text
	.globl	lp_fn
lp_fn:
	brasl	%r14,vfn@PLT		/* klp vmlinux: R_390_PLT32DBL */
	lgrl	%r1,vvar@GOTENT		/* klp vmlinux: R_390_GOTENT */
	larl	%r1,vvar2		/* klp vmlinux: R_390_PC32DBL */
	brasl	%r14,mfn@PLT		/* klp tgt: R_390_PLT32DBL */
	lgrl	%r1,mvar@GOTENT		/* klp tgt: R_390_GOTENT */
	brasl	%r14,printk@PLT		/* ordinary: R_390_PLT32DBL */
	br	%r14

	.data
	.quad	0
