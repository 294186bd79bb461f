/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module code run by test-qemu-exec.sh in harness.c:
 *	modfn(x) = far_fn(x) + far_fn(100) + far_fn2(x) + far_var + mod_var
 * far_fn is called twice through one PLT entry (brasl, R_390_PLT32DBL),
 * far_fn2 through a GOT slot (R_390_GOTENT, then basr), far_var is read
 * through a GOT slot, mod_var with larl (R_390_PC32DBL) into module data.
 */
	.text
	.globl	modfn
modfn:
	stmg	%r11,%r15,88(%r15)
	lgr	%r1,%r15
	aghi	%r15,-160
	stg	%r1,0(%r15)		/* back chain */
	lgr	%r11,%r2		/* x */
	brasl	%r14,far_fn@PLT		/* far_fn(x) */
	lgr	%r12,%r2
	lghi	%r2,100
	brasl	%r14,far_fn@PLT		/* far_fn(100): the same entry */
	agr	%r12,%r2
	lgr	%r2,%r11
	lgrl	%r1,far_fn2@GOTENT	/* &far_fn2 from its GOT slot */
	basr	%r14,%r1
	agr	%r2,%r12
	lgrl	%r1,far_var@GOTENT	/* &far_var from its GOT slot */
	ag	%r2,0(%r1)
	larl	%r1,mod_var
	ag	%r2,0(%r1)
	lmg	%r11,%r15,248(%r15)
	br	%r14

	.data
mod_var:
	.quad	5
