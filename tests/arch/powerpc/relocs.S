/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every relocation type 6.12's module_64.c applies for ELFv2 (no PCREL),
 * in range, for test-ld.sh to compare against GNU ld. ext, ext32 and
 * extfn are left undefined (--defsym / --sym). No REL24 to an undefined
 * symbol here: that goes through a kernel stub, which ld does not build
 * (see test-stubs.sh and test-exec.sh).
 */
	.abiversion 2

	.section .text,"ax",@progbits
	.p2align 2
	.globl f
	.type f,@function
f:	/* global entry: REL16_HA/LO against .TOC. (dedotified to TOC.) */
0:	addis 2,12,.TOC.-0b@ha
	addi 2,2,.TOC.-0b@l
	.localentry f,.-f
	addi 3,2,v1@toc			/* TOC16, negative */
	addi 3,2,v2@toc			/* TOC16, positive */
	addis 3,2,v3@toc@ha		/* TOC16_HA, nonzero high part */
	addi 3,3,v3@toc@l		/* TOC16_LO */
	ld 3,v1@toc(2)			/* TOC16_DS */
	ld 4,v2+8@toc(2)		/* TOC16_DS with an addend */
	addis 3,2,v3@toc@ha
	ld 3,v3@toc@l(3)		/* TOC16_LO_DS */
	bl g				/* REL24 to g's local entry */
	nop
	bl h				/* REL24, no local entry */
	b g				/* REL24, sibling jump */
	addis 3,12,g-.@ha		/* REL16_HA, not .TOC. */
	addi 3,3,g+4-.@l		/* REL16_LO with an addend */
	blr
	.size f,.-f

	.globl e
	.type e,@function
e:	/* large code model entry: R_PPC64_ENTRY rewrites it */
	.reloc ., R_PPC64_ENTRY
	ld 2,-8(12)
	add 2,2,12
	.localentry e,.-e
	.reloc ., R_PPC64_TOCSAVE, 1f	/* a hint the kernel ignores */
1:	std 2,24(1)
	blr
	.size e,.-e

	.section .text.b,"ax",@progbits
	.p2align 2
	.globl g
	.type g,@function
g:
0:	addis 2,12,.TOC.-0b@ha
	addi 2,2,.TOC.-0b@l
	.localentry g,.-g
	bl f				/* backwards REL24 */
	nop
	blr
	.size g,.-g
	.type h,@function
h:	blr
	.size h,.-h

	.section .toc,"aw",@progbits
	.p2align 3
v1:	.quad 1
	.space 0x8100
v2:	.quad 2
	.quad 3
	.space 0x7ed8
v3:	.quad 4

	.section .data,"aw",@progbits
	.p2align 3
	.quad ext+8			/* ADDR64 */
	.long ext32			/* ADDR32 */
	.long ext32+0x100
	.quad g-.			/* REL64 */
	.quad ext-.			/* REL64 far */
	.long g-.			/* REL32 */
	.long f+12-.			/* REL32 with an addend */
	.quad .TOC.@tocbase		/* TOC */
	.quad e				/* ADDR64 to a module function */

	/* what every module object has, from <asm/module.h> */
	.section .stubs,"ax",@nobits
	.p2align 3
