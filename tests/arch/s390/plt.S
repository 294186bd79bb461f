/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PLT types to far targets, which only the module's own PLT entries
 * reach (a static GNU ld link cannot resolve them). Checked by
 * test-plt.sh by decoding the fields and the entries they reach.
 */
	.text
	.globl	g
g:
	brasl	%r14,fn1@PLT		/* R_390_PLT32DBL */
	brc	15,fn1@PLT		/* R_390_PLT16DBL: the entry is near */
	lgrl	%r1,v@GOTENT		/* one GOT slot: the PLT follows it */
	br	%r14

	.data
	.quad	fn1@PLT			/* R_390_PLT64 */
	.quad	fn1@PLT+8		/* R_390_PLT64, addend */
	.long	fn2@PLTOFF		/* R_390_PLTOFF32 */
	.short	fn2@PLTOFF		/* R_390_PLTOFF16 */
	.quad	fn1@PLTOFF		/* R_390_PLTOFF64 */
