/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One object per CASE (powerpc64le-linux-gnu-gcc -c -DCASE=N): the range,
 * alignment and type checks of 6.12's apply_relocate_add(). The first
 * instruction of .text is the one relocated, so P is the text base.
 * test-ld.sh links each with GNU ld at the same addresses.
 */
	.abiversion 2
	.machine power10

	.section .text,"ax",@progbits
	.p2align 2
	.globl f
	.type f,@function
f:
#if CASE == 1		/* TOC16 beyond -32 KiB of r2 */
	addi 3,2,d@toc
#elif CASE == 2		/* TOC16_DS not a multiple of 4 */
	ld 3,v1+2@toc(2)
#elif CASE == 3		/* TOC16_DS beyond -32 KiB */
	ld 3,d@toc(2)
#elif CASE == 4		/* TOC16_LO_DS not a multiple of 4 */
	ld 3,v1+2@toc@l(3)
#elif CASE == 5		/* REL32 beyond 2 GiB */
	.long ext-.
#elif CASE == 6		/* REL24 to a misaligned target */
	bl d+2
	nop
#elif CASE >= 7 && CASE <= 10	/* REL24 at the +-32 MiB limits */
	bl d
	nop
#elif CASE == 11	/* ENTRY with the TOC beyond 2 GiB: left alone */
	.reloc ., R_PPC64_ENTRY
	ld 2,-8(12)
	add 2,2,12
	ld 3,v1@toc(2)
#elif CASE == 12	/* ADDR32 of a 64-bit value: truncated, no check */
	.long ext
#elif CASE == 13	/* ADDR16_HA: not a type the kernel knows */
	lis 3,ext@ha
#elif CASE == 14	/* REL24_NOTOC: only with CONFIG_PPC_KERNEL_PCREL */
	bl ext@notoc
#elif CASE == 15	/* PCREL34: only with CONFIG_PPC_KERNEL_PCREL */
	pla 3,ext@pcrel
#elif CASE == 16	/* GOT_PCREL34: only with CONFIG_PPC_KERNEL_PCREL */
	pld 3,ext@got@pcrel
#endif
	blr
	.size f,.-f
	.type g,@function
g:	blr
	.size g,.-g

	.section .rodata,"a",@progbits
	.p2align 2
d:	.long 0

	.section .toc,"aw",@progbits
	.p2align 3
v1:	.quad 1

	.section .stubs,"ax",@nobits
	.p2align 3
