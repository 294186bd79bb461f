/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module side of test-exec.sh: mod_call(x, out) calls far_add(x), a
 * function of the harness more than 32 MiB away, so the bl can only reach
 * it through the kernel-style stub; the nop after the call must have
 * become ld r2,24(r1). out[0] is r2 before the call, out[1] after it;
 * the result adds a constant loaded through the TOC.
 */
	.abiversion 2

	.section .text,"ax",@progbits
	.p2align 2
	.globl mod_call
	.type mod_call,@function
mod_call:
0:	addis 2,12,.TOC.-0b@ha
	addi 2,2,.TOC.-0b@l
	.localentry mod_call,.-mod_call
	mflr 0
	std 0,16(1)
	std 31,-8(1)
	std 30,-16(1)
	stdu 1,-64(1)
	mr 31,2
	mr 30,4
	bl far_add
	nop
	std 31,0(30)
	std 2,8(30)
	ld 4,bias@toc(2)
	add 3,3,4
	addi 1,1,64
	ld 0,16(1)
	ld 31,-8(1)
	ld 30,-16(1)
	mtlr 0
	blr
	.size mod_call,.-mod_call

	.section .toc,"aw",@progbits
	.p2align 3
bias:	.quad 1000

	.section .stubs,"ax",@nobits
	.p2align 3
