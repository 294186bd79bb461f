/* SPDX-License-Identifier: GPL-2.0 */
/* ppc64le (ELFv2) families beyond gcc's, and what <asm/module.h> adds */
	.abiversion 2
	.text
	.globl fam_asm
fam_asm:
	mflr	0
	std	0, 16(1)
	stdu	1, -32(1)
	bl	version_proc_show		/* REL24 + nop: ld r2,24(r1) */
	nop
	bl	klpreloc_target_count
	nop
	addi	1, 1, 32
	ld	0, 16(1)
	mtlr	0
	blr
	.data
	.balign 8
	.quad	loadavg_proc_show		/* ADDR64 */
	.quad	loadavg_proc_show - .		/* REL64 */
	.quad	klpreloc_target_show - .
	.section .stubs, "ax", @nobits
	.balign 8
	.section .note.GNU-stack,"",@progbits
