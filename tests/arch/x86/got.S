/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A livepatch module for test-undef.sh with an undefined, unreferenced
 * _GLOBAL_OFFSET_TABLE_, as GNU as before 2.37 left in x86_64 objects
 * (here declared by hand: 2.37+ no longer emits it). -DNAME=SYM declares
 * another name instead. vfn becomes a klp symbol of vmlinux (mkklp).
 */
#ifndef NAME
#define NAME _GLOBAL_OFFSET_TABLE_
#endif
	.globl	NAME

	.section .modinfo,"a"
	.asciz	"livepatch=Y"
	.asciz	"name=klp_got"

	.data
	.quad	vfn
