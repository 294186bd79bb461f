/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every s390x relocation type that needs no GOT or PLT, as the compiler
 * and hand-written kernel assembly produce them, with addends and with
 * references between the module's own text and data. Linked by
 * test-ld-direct.sh with GNU ld and with our loader at the same addresses.
 */
	.text
	.globl	f
f:
	l	%r1,a12(%r2)		/* R_390_12 */
	la	%r3,a12+1(%r4)		/* R_390_12, addend */
	lg	%r1,a20(%r2)		/* R_390_20, negative */
	lay	%r5,a20p+3(%r6)		/* R_390_20, positive */
	j	near			/* R_390_PC16DBL */
	brc	4,near_back+4		/* R_390_PC16DBL, backwards */
	larl	%r1,ext32		/* R_390_PC32DBL, vmlinux */
	brasl	%r14,ext32+0x40		/* R_390_PC32DBL, addend */
	larl	%r2,dvar		/* R_390_PC32DBL, into data */
	larl	%r3,.Lhere+8		/* same section: as resolves it */
	lrl	%r4,dvar+4		/* R_390_PC32DBL */
	larl	%r5,.Ldlocal+8		/* R_390_PC32DBL, section symbol */
.Lhere:
	br	%r14
	.long	a32			/* R_390_32 in text */
	.quad	f			/* R_390_64 against a global */

	.data
	.globl	dvar
dvar:
	.quad	0x1122334455667788
.Ldlocal:
	.byte	a8			/* R_390_8 */
	.byte	a8-0x10			/* R_390_8, addend */
	.short	a16			/* R_390_16 */
	.long	a32			/* R_390_32 */
	.long	a32-0x7fff0000		/* R_390_32, addend */
	.quad	a64			/* R_390_64 */
	.quad	.Lhere			/* R_390_64, section symbol */
	.quad	dvar+8			/* R_390_64, global in data */
	.reloc	., R_390_PC16, dnear	/* R_390_PC16 (no as syntax) */
	.short	0
	.reloc	., R_390_PC16, dvar+0x20
	.short	0
	.long	pc32t-.			/* R_390_PC32 */
	.long	f-.			/* R_390_PC32, data to text */
	.quad	ext64-.			/* R_390_PC64, far */
	.quad	f+6-.			/* R_390_PC64 */
	.reloc	., R_390_NONE, ext64	/* R_390_NONE: nothing is written */
	.long	0x5a5a5a5a
