/* SPDX-License-Identifier: GPL-2.0 */
/* arm64 families gcc emits only for assembly or other code models */
	.text
	.globl fam_asm
fam_asm:
	adrp	x0, pause_on_oops		/* ADR_PREL_PG_HI21 */
	add	x1, x0, :lo12:pause_on_oops	/* ADD_ABS_LO12_NC */
	ldrb	w2, [x0, :lo12:pause_on_oops]	/* LDST8_ABS_LO12_NC */
	ldrh	w2, [x0, :lo12:pause_on_oops]	/* LDST16_ABS_LO12_NC */
	ldr	w2, [x0, :lo12:pause_on_oops]	/* LDST32_ABS_LO12_NC */
	adrp	x0, saved_command_line
	ldr	x2, [x0, :lo12:saved_command_line] /* LDST64_ABS_LO12_NC */
	adrp	x0, klpreloc_target_reads	/* module object */
	ldr	x2, [x0, :lo12:klpreloc_target_reads]
	movz	x3, #:abs_g3:pause_on_oops	/* MOVW_UABS_G3 */
	movk	x3, #:abs_g2_nc:pause_on_oops	/* MOVW_UABS_G2_NC */
	movk	x3, #:abs_g1_nc:pause_on_oops	/* MOVW_UABS_G1_NC */
	movk	x3, #:abs_g0_nc:pause_on_oops	/* MOVW_UABS_G0_NC */
	bl	version_proc_show		/* CALL26 */
	bl	klpreloc_target_count
	b	loadavg_proc_show		/* JUMP26 */
	.data
	.balign 8
	.quad	loadavg_proc_show		/* ABS64 */
	.quad	loadavg_proc_show - .		/* PREL64 */
	.long	loadavg_proc_show - .		/* PREL32 */
	.long	klpreloc_target_show - .
	.section .note.GNU-stack,"",%progbits
