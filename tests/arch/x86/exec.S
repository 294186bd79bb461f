/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Relocated by test-exec at addresses mapped in the test process and
 * called there. ext_func, ext_var and ext_var2 live in the test program.
 *
 * int klp_exec_entry(int x) { return ext_func(x + ext_var) + *var_ptr; }
 * with var_ptr = &ext_var2.
 */
	.text
	.globl	klp_exec_entry
	.type	klp_exec_entry, @function
klp_exec_entry:
	push	%rbx			/* keeps the stack 16-byte aligned */
	add	ext_var(%rip), %edi	/* R_X86_64_PC32 */
	call	ext_func		/* R_X86_64_PLT32 */
	mov	var_ptr(%rip), %rcx	/* R_X86_64_PC32 to .data */
	add	(%rcx), %eax
	pop	%rbx
	ret
	.size	klp_exec_entry, . - klp_exec_entry

	.data
	.p2align 3
var_ptr:
	.quad	ext_var2		/* R_X86_64_64 */
