/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal ppc64le livepatch module for test-check.sh: lp_func calls t1
 * of module tgt; mkklp turns that call into a klp relocation. With
 * -DLATE_STORE, .text also holds the address of tgt's t2 (an ADDR64 into
 * text), which livepatch applies with a plain store when tgt loads.
 */
	.abiversion 2

	.section .text,"ax",@progbits
	.p2align 2
	.globl lp_func
	.type lp_func,@function
lp_func:
0:	addis 2,12,.TOC.-0b@ha
	addi 2,2,.TOC.-0b@l
	.localentry lp_func,.-lp_func
	mflr 0
	bl t1
	nop
	blr
#ifdef LATE_STORE
	.p2align 3
	.quad t2
#endif
	.size lp_func,.-lp_func

	.data
	.quad 0

	.section .modinfo,"a",@progbits
	.asciz "livepatch=Y"
	.asciz "name=lp"

	.section .stubs,"ax",@nobits
	.p2align 3
