/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One of every relocation type the x86_64 module loader handles, against
 * undefined symbols (given by --defsym / --sym) and across sections, with
 * zero, positive and negative addends. Linked by GNU ld with relocs.lds and
 * relocated by klpreloc at the same addresses: the bytes must match.
 */
	.text
	.globl	func
	.type	func, @function
func:
	call	ext_func		/* R_X86_64_PLT32 */
	jmp	ext_func + 16		/* R_X86_64_PLT32, addend */
	call	ext_func@PLT		/* R_X86_64_PLT32 */
	lea	ext_var(%rip), %rax	/* R_X86_64_PC32 */
	mov	ext_var - 8(%rip), %eax	/* R_X86_64_PC32, negative addend */
	mov	local_data + 4(%rip), %rdx	/* R_X86_64_PC32 to .data */
	lea	local_ro(%rip), %rsi	/* R_X86_64_PC32 to .rodata */
	movabs	$ext_var, %rax		/* R_X86_64_64 */
	movabs	$local_data - 3, %rcx	/* R_X86_64_64 to .data */
	movl	$ext_abs32, %eax	/* R_X86_64_32 */
	movl	$ext_abs32 + 0x100, %ecx	/* R_X86_64_32 */
	movq	$ext_var, %rax		/* R_X86_64_32S */
	mov	ext_var + 24(,%rax,8), %rdx	/* R_X86_64_32S */
	movq	$local_data, %rdi	/* R_X86_64_32S to .data */
	/* R_X86_64_NONE must leave nonzero bytes alone */
none_here:
	.reloc	none_here, R_X86_64_NONE, ext_var
	.byte	0xaa, 0xbb, 0xcc, 0xdd
	ret
	.size	func, . - func

	.data
	.p2align 4
local_data:
	.quad	ext_var			/* R_X86_64_64 */
	.quad	ext_func - 0x40		/* R_X86_64_64, negative addend */
	.quad	func			/* R_X86_64_64 to .text */
	.quad	ext_var - .		/* R_X86_64_PC64 */
	.quad	func + 2 - .		/* R_X86_64_PC64 to .text */
	.long	ext_var - .		/* R_X86_64_PC32 */
	.long	ext_abs32		/* R_X86_64_32 */
	.reloc	., R_X86_64_32S, ext_var	/* gas emits only _32 for .long */
	.long	0
	.long	0x12345678		/* untouched */

	.section .rodata, "a"
	.p2align 3
local_ro:
	.quad	ext_func + 1		/* R_X86_64_64 */
	.quad	local_data + 8 - .	/* R_X86_64_PC64 to .data */
	.long	func - .		/* R_X86_64_PC32 to .text */
	.long	0
