/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A livepatch module for test-arch-opt.sh: an ADRP to vmlinux's vdata at
 * .text+0xff8, an offset erratum 843419 makes unsafe; mkklp makes vdata a
 * klp symbol of vmlinux.
 */
	.section .modinfo,"a"
	.asciz	"livepatch=Y"
	.asciz	"name=lparm"

	.text
	.globl	f
f:
	.org	0xff8
	adrp	x0, vdata
	add	x0, x0, :lo12:vdata
	ret

	.data
	.quad	0
	.section .plt, "ax", %progbits
	.byte	0
	.section .init.plt, "ax", %progbits
	.byte	0
