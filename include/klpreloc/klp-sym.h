/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For livepatch module sources: record, next to the code that uses it,
 * which symbol of which object an undefined name stands for, so that
 * `klpreloc convert` makes it the right klp symbol without a --sym on its
 * command line. Self-contained: no other header, kernel or userspace.
 *
 *	#include <klpreloc/klp-sym.h>
 *
 *	// the patch calls klp_list_del_init(); vmlinux has list_del_init
 *	// out of line more than once: take the second in kallsyms order
 *	void klp_list_del_init(struct list_head *entry);
 *	KLPRELOC_SYMPOS(klp_list_del_init, vmlinux, list_del_init, 2);
 *
 *	// a static of module ext4, found by name (must be unique there)
 *	extern int klp_ext4_state;
 *	KLPRELOC_SYM(klp_ext4_state, ext4, ext4_state);
 *
 * NAME is the undefined name in the module, OBJECT "vmlinux" or a module
 * name (as the kernel spells it: no ".ko", '_' for '-'), SYMBOL the name in
 * that object's kallsyms (dots allowed: foo.isra.0), POS its position
 * among the object's symbols of that name (1 the first; 0 the one and
 * only). Each use adds the string "NAME=OBJECT:SYMBOL[,POS]" - the grammar
 * of `klpreloc convert --sym` - to the non-allocated section
 * .klpreloc.syms; convert reads the section, and removes it from the
 * module it writes. A --sym for the same NAME takes precedence.
 *
 * Use at file scope (it is a top-level asm statement); the arguments are
 * tokens, not strings. Documentation/convert.md has the whole workflow.
 */
#ifndef KLPRELOC_KLP_SYM_H
#define KLPRELOC_KLP_SYM_H

#define KLPRELOC_SYMS_SECTION	".klpreloc.syms"

#define __KLPRELOC_RECORD(rec)						\
	__asm__(".pushsection " KLPRELOC_SYMS_SECTION ",\"\"\n\t"	\
		".asciz \"" rec "\"\n\t"				\
		".popsection")

/* NAME is OBJECT's SYMBOL, which must be unique there. */
#define KLPRELOC_SYM(name, object, symbol)				\
	__KLPRELOC_RECORD(#name "=" #object ":" #symbol)

/* NAME is the POS-th SYMBOL of OBJECT in kallsyms order (0: unique). */
#define KLPRELOC_SYMPOS(name, object, symbol, pos)			\
	__KLPRELOC_RECORD(#name "=" #object ":" #symbol "," #pos)

#endif /* KLPRELOC_KLP_SYM_H */
