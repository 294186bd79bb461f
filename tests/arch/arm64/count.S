/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PLT counting for test-count.sh. The expected slot counts are worked out
 * by hand from 6.12's count_plts() in the comments.
 */
	.text
	.globl	fn
fn:
	bl	f1		// CALL26 f1: 1
	bl	f1		//   duplicate: shares it
	b	f1		// JUMP26 f1: another type, 1
	bl	f2		// CALL26 f2: 1
	bl	f2 + 8		// nonzero addend: counted every time, 1
	bl	f2 + 8		//   1
	bl	fn		// same section: never a PLT, 0
	bl	f3		// 1
	ret

	/* ADRPs: alignment raised, or a veneer slot when it cannot help */
	.section .text.adrp, "ax", %progbits
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	adrp	x0, f1		// at 0x38: 2 << ffz(0x3f) = 128-byte alignment
	.org	0xff8
	adrp	x0, f1		// at 0xff8: 2 << 12 > 4 KiB: a veneer slot

	.data
	.quad	0
	.section .plt, "ax", %progbits
	.byte	0
	.section .init.plt, "ax", %progbits
	.byte	0
