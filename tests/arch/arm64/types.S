/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One instance of every relocation type 6.12's arm64 module loader
 * handles, at in-range values (including the sign flips of the MOVW
 * SABS/PREL forms). test-ld.sh links this with aarch64-linux-gnu-ld at the
 * region bases it gives relocate and compares the bytes.
 */
	.text
	.globl	_start
_start:
	movz	x0, #:abs_g0:sym_u16		// MOVW_UABS_G0
	movk	x0, #:abs_g0_nc:sym_big		// MOVW_UABS_G0_NC
	movz	x0, #:abs_g1:sym_u32		// MOVW_UABS_G1
	movk	x0, #:abs_g1_nc:sym_big		// MOVW_UABS_G1_NC
	movz	x0, #:abs_g2:sym_u48		// MOVW_UABS_G2
	movk	x0, #:abs_g2_nc:sym_big		// MOVW_UABS_G2_NC
	movk	x0, #:abs_g3:sym_big		// MOVW_UABS_G3
	movz	x1, #:abs_g0_s:sym_neg16	// MOVW_SABS_G0, X < 0: MOVN
	movn	x1, #:abs_g0_s:sym_u16		// MOVW_SABS_G0, X >= 0: MOVZ
	movz	x1, #:abs_g1_s:sym_neg32	// MOVW_SABS_G1
	movz	x1, #:abs_g2_s:sym_neg48	// MOVW_SABS_G2
	movz	x2, #:prel_g0:near_back		// MOVW_PREL_G0, X < 0
	movk	x2, #:prel_g0_nc:kfunc		// MOVW_PREL_G0_NC
	movz	x2, #:prel_g1:kfunc		// MOVW_PREL_G1
	movk	x2, #:prel_g1_nc:kfunc		// MOVW_PREL_G1_NC
	movz	x2, #:prel_g2:kfunc		// MOVW_PREL_G2
	movk	x2, #:prel_g2_nc:kfunc		// MOVW_PREL_G2_NC
	movz	x2, #:prel_g3:kfunc		// MOVW_PREL_G3
	ldr	x3, near_lit			// LD_PREL_LO19
	ldr	w3, near_back			// LD_PREL_LO19, backwards
	adr	x4, near_sym			// ADR_PREL_LO21
	adr	x4, near_back			// ADR_PREL_LO21, backwards
	adrp	x5, kfunc			// ADR_PREL_PG_HI21
	add	x5, x5, :lo12:kfunc		// ADD_ABS_LO12_NC
	adrp	x6, :pg_hi21_nc:kdata		// ADR_PREL_PG_HI21_NC
	ldrb	w7, [x6, :lo12:kdata]		// LDST8_ABS_LO12_NC
	ldrh	w7, [x6, :lo12:kdata]		// LDST16_ABS_LO12_NC
	ldr	w7, [x6, :lo12:kdata]		// LDST32_ABS_LO12_NC
	ldr	x7, [x6, :lo12:kdata]		// LDST64_ABS_LO12_NC
	ldr	q7, [x6, :lo12:kdata]		// LDST128_ABS_LO12_NC
	tbz	x0, #3, near_br			// TSTBR14
	tbnz	w0, #31, near_back		// TSTBR14, backwards
	cbz	x0, near_br			// CONDBR19
	b.ne	near_back			// CONDBR19, backwards
	bl	kfunc				// CALL26, in range
	b	kfunc				// JUMP26, in range
	bl	near_back			// CALL26, backwards
	ret

	.data
	.quad	kfunc + 8			// ABS64
	.word	sym_u32				// ABS32
	.hword	sym_u16				// ABS16
	.hword	0
	.quad	kfunc - .			// PREL64
	.word	kfunc - .			// PREL32
	.hword	near_data - .			// PREL16
	.hword	near_data_back - .		// PREL16, backwards

	/* what scripts/module.lds gives every .ko; frob sizes them */
	.section .plt, "ax", %progbits
	.byte	0
	.section .init.plt, "ax", %progbits
	.byte	0
