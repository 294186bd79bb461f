/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GOT types, and PLT32DBL/PLT16DBL to targets in direct reach (the
 * kernel branches straight to them, but still writes their PLT entries).
 * v1 is used by several GOT types: one slot. Linked by test-ld-gotplt.sh
 * with GNU ld and with our loader. The far PLT types, which a static ld
 * link cannot resolve, are in plt.S.
 */
	.text
	.globl	f
f:
	larl	%r12,_GLOBAL_OFFSET_TABLE_	/* R_390_GOTPCDBL */
	lgrl	%r1,v1@GOTENT			/* R_390_GOTENT */
	lg	%r1,v2@GOT(%r12)		/* R_390_GOT20 */
	lg	%r1,v1@GOT(%r12)		/* R_390_GOT20, same slot */
	la	%r1,v3@GOT(%r12)		/* R_390_GOT12 */
	brasl	%r14,fn2@PLT			/* R_390_PLT32DBL, near */
	brc	15,fn3@PLT			/* R_390_PLT16DBL, near */
	br	%r14

	.data
	.short	v4@GOT				/* R_390_GOT16 */
	.long	v5@GOT				/* R_390_GOT32 */
	.quad	v1@GOT				/* R_390_GOT64 */
	.reloc	., R_390_GOTPLT12, v6
	.short	0
	.reloc	., R_390_GOTPLT16, v6
	.short	0
	.reloc	., R_390_GOTPLT20, v7
	.long	0
	.long	v6@GOTPLT			/* R_390_GOTPLT32 */
	.quad	v7@GOTPLT			/* R_390_GOTPLT64 */
	.reloc	., R_390_GOTPLTENT, v8
	.long	0
	.reloc	., R_390_GOTPC, _GLOBAL_OFFSET_TABLE_
	.long	0
	.short	g16@GOTOFF			/* R_390_GOTOFF16 */
	.long	g32@GOTOFF			/* R_390_GOTOFF32 */
	.quad	v1@GOTOFF			/* R_390_GOTOFF64 */
