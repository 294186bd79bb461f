/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64 families gcc emits only for assembly (-mcmodel=kernel) */
	.text
	.globl fam_asm
fam_asm:
	movq $pause_on_oops, %rax		/* R_X86_64_32S */
	addq $klpreloc_target_reads, %rax	/* R_X86_64_32S, module */
	ret
	.data
	.balign 8
	.quad loadavg_proc_show - .		/* R_X86_64_PC64 */
	.long loadavg_proc_show - .		/* R_X86_64_PC32 in data */
	.long klpreloc_target_show - .
	.quad klpreloc_target_show		/* R_X86_64_64, module */
	.section .note.GNU-stack,"",@progbits
