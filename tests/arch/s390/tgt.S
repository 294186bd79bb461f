/* SPDX-License-Identifier: GPL-2.0 */
/* The target module "tgt" of klp.S: defines mfn and mvar. */
	.section .modinfo,"a"
	.asciz	"name=tgt"
	.asciz	"license=GPL"

	.text
	.globl	mfn
mfn:
	br	%r14

	.data
	.globl	mvar
mvar:
	.quad	42
