/* SPDX-License-Identifier: GPL-2.0 */
/* s390x families gcc emits only for assembly */
	.text
	.globl fam_asm
fam_asm:
	brasl	%r14, version_proc_show@PLT	/* PLT32DBL */
	lgrl	%r1, pause_on_oops@GOTENT	/* GOTENT */
	lg	%r1, pause_on_oops@GOT(%r12)	/* GOT20 */
	l	%r1, saved_command_line@GOT(%r12) /* GOT12 */
	larl	%r1, klpreloc_target_show	/* PC32DBL, module */
	lgrl	%r1, klpreloc_target_reads@GOTENT
	jg	loadavg_proc_show@PLT		/* PLT32DBL, a jump */
	.data
	.balign 8
	.quad	loadavg_proc_show		/* R_390_64 */
	.quad	loadavg_proc_show - .		/* PC64 */
	.quad	klpreloc_target_show - .
	.section .note.GNU-stack,"",@progbits
