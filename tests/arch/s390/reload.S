/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A livepatch module for test-reload.sh: after mkklp, mfn and mvar are klp
 * symbols of the module "tgt" (tgt.S). lp_fn calls mfn directly (brasl
 * @PLT, in reach) and reads mvar through its GOT slot; .data holds mfn's
 * PLT entry as an offset (R_390_PLT64), which always goes through the PLT.
 */
	.section .modinfo,"a"
	.asciz	"livepatch=Y"
	.asciz	"name=lps390"
	.asciz	"license=GPL"

	.text
	.globl	lp_fn
lp_fn:
	brasl	%r14,mfn@PLT		/* R_390_PLT32DBL */
	lgrl	%r1,mvar@GOTENT		/* R_390_GOTENT */
	br	%r14

	.data
	.quad	mfn@PLT			/* R_390_PLT64 */
