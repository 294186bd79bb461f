/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics: every problem is one record naming the file, the section,
 * the relocation index and the rule, with the message the modelled kernel
 * would log when it would log one.
 */
#ifndef KLPRELOC_DIAG_H
#define KLPRELOC_DIAG_H

#include <stdarg.h>
#include <stdio.h>

struct klp_module;

enum klp_severity {
	KLP_NOTE,
	KLP_WARN,
	KLP_ERR,
};

struct klp_diag_entry {
	enum klp_severity sev;
	char *file;
	char *section;		/* NULL: not about one section */
	long rel;		/* relocation index, -1: none */
	char *rule;		/* short stable id, e.g. "sym-ambiguous" */
	char *msg;		/* our explanation, may be NULL */
	char *kmsg;		/* what the kernel would log, may be NULL */
};

struct klp_diag {
	struct klp_diag_entry *v;
	size_t nr, alloc;
	size_t errors, warnings;
	FILE *echo;		/* print each record as it comes, or NULL */
};

void klp_diag_init(struct klp_diag *d);
void klp_diag_free(struct klp_diag *d);

void klp_diag_add(struct klp_diag *d, enum klp_severity sev,
		  const char *file, const char *section, long rel,
		  const char *rule, const char *msg, const char *kmsg);
/* A copy of e in d; of every entry of from, in order, in to. */
void klp_diag_add_entry(struct klp_diag *d, const struct klp_diag_entry *e);
void klp_diag_append(struct klp_diag *to, const struct klp_diag *from);

/* One line: "FILE: SECTION: rela N: error: RULE: msg; kernel: kmsg" */
void klp_diag_print(FILE *f, const struct klp_diag_entry *e);

/*
 * Report against the relocation being applied (me->cur_relsec and
 * me->cur_rel). klp_kerr(): the kernel refuses and logs kfmt (the exact
 * text after the kernel's prefix; the prefix is given as the first word
 * of kfmt, e.g. "x86/modules: ..." or "livepatch: ...").
 * klp_rel_err(): an error the kernel would not catch or would catch
 * without a message of its own (malformed input); fmt is ours.
 * klp_rel_warn(): the kernel accepts, but something is wrong.
 */
__attribute__((format(printf, 3, 4)))
void klp_kerr(struct klp_module *me, const char *rule, const char *kfmt, ...);
__attribute__((format(printf, 3, 4)))
void klp_rel_err(struct klp_module *me, const char *rule, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void klp_rel_warn(struct klp_module *me, const char *rule, const char *fmt,
		  ...);

/*
 * For a function that only reports: kept out of line, so that the path
 * without an error (taken once per relocation) saves no registers for it.
 */
#define klp_cold	__attribute__((cold, noinline))

/* Full control: sec = section index or -1, rel = index or -1. */
void klp_report(struct klp_module *me, enum klp_severity sev, long sec,
		long rel, const char *rule, const char *kmsg, const char *fmt,
		...) __attribute__((format(printf, 7, 8)));

#endif /* KLPRELOC_DIAG_H */
