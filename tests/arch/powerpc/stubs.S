/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calls out of the module for test-stubs.sh (gcc -c -DCASE=N):
 * 0: calls to ext (twice: one stub), ext+16 and ext2, a sibling jump
 * 1: a call not followed by a nop
 * 2: like 0, but without the .stubs section <asm/module.h> provides
 * 3: a call to _mcount (the ftrace stub)
 * 4: .text.klp has nothing but calls, for a section applied again late
 *    (test-reapply.c); klpsym plays a SHN_LIVEPATCH symbol
 */
	.abiversion 2

	.section .text,"ax",@progbits
	.p2align 2
	.globl f
	.type f,@function
f:
0:	addis 2,12,.TOC.-0b@ha
	addi 2,2,.TOC.-0b@l
	.localentry f,.-f
#if CASE == 0 || CASE == 2
	bl ext
	nop
	bl ext
	nop
	bl ext+16
	nop
	bl ext2
	nop
	b ext
	li 3,1
#elif CASE == 1
	bl ext
	li 3,1
#elif CASE == 3
	bl _mcount
	nop
#endif
	blr
	.size f,.-f

#if CASE == 4
	.section .text.klp,"ax",@progbits
	.p2align 2
	.globl g
	.type g,@function
g:	mflr 0
	bl klpsym
	nop
	bl ext
	nop
	blr
	.size g,.-g
#endif

	.section .toc,"aw",@progbits
	.p2align 3
	.quad 0

#if CASE != 2
	.section .stubs,"ax",@nobits
	.p2align 3
#endif
