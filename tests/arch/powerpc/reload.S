/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ppc64le livepatch module for test-reload.sh: lp_func calls NCALLS
 * functions of module tgt (t1, t2, t3), each a bl followed by the nop
 * that restore_r2() turns into ld r2,24(r1); with -DINIT it also calls
 * tgt's init function tinit. mkklp turns the calls into klp relocations.
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
#if NCALLS > 1
	bl t2
	nop
#endif
#if NCALLS > 2
	bl t3
	nop
#endif
#ifdef INIT
	bl tinit
	nop
#endif
	blr
	.size lp_func,.-lp_func

	.data
	.quad 0

	.section .modinfo,"a",@progbits
	.asciz "livepatch=Y"
	.asciz "name=lp"

	.section .stubs,"ax",@nobits
	.p2align 3
