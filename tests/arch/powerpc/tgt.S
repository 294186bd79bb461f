/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ppc64le target module for test-reload.sh and test-init.sh: t1, t2,
 * t3 in .text and tinit in .init.text (which ppc64's
 * module_init_section() keeps in core memory).
 */
	.abiversion 2

	.section .text,"ax",@progbits
	.p2align 4
	.globl t1, t2, t3
	.type t1,@function
	.type t2,@function
	.type t3,@function
t1:	blr
	.p2align 4
t2:	blr
	.p2align 4
t3:	blr

	.section .init.text,"ax",@progbits
	.p2align 4
	.globl tinit
	.type tinit,@function
tinit:	li 3,0
	blr

	.section .modinfo,"a",@progbits
	.asciz "name=tgt"

	.section .stubs,"ax",@nobits
	.p2align 3
