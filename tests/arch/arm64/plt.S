/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module text for test-plt.sh: calls and a tail call far beyond BL range
 * (through PLT entries, one shared by two calls), and two ADRPs at the
 * erratum 843419 offsets 0xff8 of a page: one whose page is out of ADR
 * range (veneer), one within it (becomes ADR). Built with -DNO_PLT_SECS
 * it lacks the .plt sections a linked .ko has.
 */
	.text
	.globl	entry
entry:					// x0 = a
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	bl	far_func1		// CALL26 -> PLT: r1 = 3a + 1
	mov	x19, x0
	bl	far_func1		// the same target: the same PLT entry
	add	x0, x0, x19		// r2 + r1
	bl	far_func2		// + 100
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	b	far_tail		// JUMP26 -> PLT: ^ 0x5a5a

	.org	0xff0
	.globl	get_far
get_far:
	nop
	nop
	adrp	x0, far_data		// at 0xff8: veneer
	ldr	x0, [x0, :lo12:far_data]
	ret

	.org	0x1ff0
	.globl	get_near
get_near:
	nop
	nop
	adrp	x0, near_data		// at 0x1ff8: ADR
	ldr	x0, [x0, :lo12:near_data]
	ret
	.balign	8
near_data:
	.quad	0x0123456789abcdef

	/* a module has data; an empty data region trips the core (report) */
	.data
	.quad	0

#ifndef NO_PLT_SECS
	.section .plt, "ax", %progbits
	.byte	0
	.section .init.plt, "ax", %progbits
	.byte	0
#endif
