/* SPDX-License-Identifier: GPL-2.0 */
/*
 * klpreloc convert, shared by its files: convert.c (the command and its
 * report), convert-syms.c (what the target exports and defines, and the
 * choices the author made), convert-plan.c (which symbol becomes which
 * klp symbol, and where each relocation goes) and convert-elf.c (writing
 * the module).
 */
#ifndef KLPRELOC_CONVERT_H
#define KLPRELOC_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <klpreloc/kallsyms.h>
#include <klpreloc/livepatch.h>
#include <klpreloc/module.h>

#include "klpreloc.h"

/* The library's (kernel/livepatch/util.c), next to klpreloc.h's. */
void *xcalloc(size_t n, size_t size);

/* The section the annotation header (<klpreloc/klp-sym.h>) fills. */
#define CV_SYMS_SECTION		".klpreloc.syms"

/* A name -> value map (names and values owned elsewhere). */
struct cv_map {
	struct cv_map_ent {
		const char *key;
		const char *val;
	} *v;
	size_t cap, nr;
};

void cv_map_put(struct cv_map *m, const char *key, const char *val);
const char *cv_map_get(const struct cv_map *m, const char *key);
void cv_map_free(struct cv_map *m);

/* "NAME=OBJECT:SYMBOL[,POS]": a --sym or an annotation record. */
struct cv_choice {
	char *name, *obj, *sym;
	unsigned long pos;
	bool has_pos;
	const char *origin;	/* "--sym" or "annotation" */
	char *spec;		/* as written */
	bool used;
};

/* A --target-module, or a module a kallsyms dump lists. */
struct cv_target {
	char *name;
	const char *path;	/* the .ko, NULL: only in the dump */
	struct klp_module *ko;	/* the .ko, read again for its sections */
	struct klp_options *opts;	/* ko's: laid out as the loader's copy */
	uint32_t *defidx;	/* kallsyms entry j -> .ko symbol index */
	size_t ndef;
	bool loaded;		/* a kallsyms dump lists it: loaded now */
};

/* What becomes of one symbol of the input. */
enum cv_action {
	CV_NONE,	/* defined, or nothing to do */
	CV_KLP,		/* becomes a klp symbol */
	CV_PRESENT,	/* is one already (SHN_LIVEPATCH) */
	CV_EXPORTED,	/* stays: someone exports it */
	CV_ARCH,	/* stays: the module loader resolves it itself */
	CV_WEAK,	/* stays: weak and defined nowhere (0) */
};

struct cv_sym {
	enum cv_action act;
	char *obj, *sym;	/* CV_KLP, CV_PRESENT: object and symbol */
	unsigned long pos;
	char *klpname;		/* CV_KLP: the new name */
	const char *how;	/* "auto", "--sym", "annotation", "klp name" */
	const char *exporter;	/* CV_EXPORTED: who exports it */
	bool placeholder;	/* CV_EXPORTED, but not in SYMBOLS */
	size_t moved;		/* relocations moved */
	char **secs;		/* klp sections its relocations went to */
	size_t nsecs;
};

/* One klp relocation section: relocations of one object for one section. */
struct cv_group {
	char *obj;
	unsigned int target;	/* the relocated section */
	unsigned int existing;	/* an input klp section it extends, or 0 */
	char *name;
	Elf64_Rela *v;		/* input symbol indices */
	size_t n, alloc;
	unsigned int index;	/* in the output */
};

struct cv {
	struct cli *c;
	struct klp_diag *d;
	struct klp_module *me;	/* the input */
	struct klp_ksyms ks;
	const char *in;		/* the input's path, for diagnostics */

	/* the symbol sources */
	struct cv_target *tg;
	size_t ntg;
	struct cv_map exports;	/* name -> exporter */
	/* vmlinux as the --target text lists it, before any filter */
	struct cv_raw {
		const char *name;
		char type;
	} *raw;
	size_t nraw;
	char **bufs;		/* buffers the maps point into */
	size_t nbufs;
	void *vmlinux_elf;	/* --target is a vmlinux ELF: its Elf * */
	void *vmlinux_buf;
	/* run-time minus file address of vmlinux symbols in ks */
	uint64_t vmlinux_delta;
	bool have_init_range;
	uint64_t init_start, init_end;	/* vmlinux __init, run time */

	struct cv_choice *ch;
	size_t nch;

	struct cv_sym *sym;	/* per input symbol */
	unsigned int syms_sec;	/* CV_SYMS_SECTION in the input, or 0 */
	bool *drop_sec;		/* per input section */
	bool *drop_sym;		/* per input symbol */
	/* per input RELA section: which relocations leave it */
	bool **moved;

	struct cv_group *g;
	size_t ng;
};

/* convert-syms.c */
int cv_load_sources(struct cv *cv);
int cv_parse_choice(const char *spec, const char *origin, int kver,
		    struct cv_choice *out, char *err, size_t len);
int cv_read_choices(struct cv *cv);
void cv_read_annotations(struct cv *cv);
const char *cv_exporter(const struct cv *cv, const char *name);
const char *cv_vmlinux_file(const struct cv *cv, const char *name,
			    uint64_t addr);
const char *cv_ko_file(const struct cv_target *t, uint32_t symidx);
bool cv_raw_defines(const struct cv *cv, const char *name, char *type);
struct cv_target *cv_target(const struct cv *cv, const char *name);
void cv_free_sources(struct cv *cv);

/* convert-plan.c */
int cv_decide(struct cv *cv);
int cv_plan_moves(struct cv *cv);
void cv_free_plan(struct cv *cv);

/* convert-elf.c: what goes, and the output (placeholders: check's copy) */
int cv_check_input(struct cv *cv);
int cv_plan_drop(struct cv *cv);
int cv_write(struct cv *cv, int fd, bool placeholders, char *err,
	     size_t errlen);

/* Report against the input: one diagnostic. */
__attribute__((format(printf, 5, 6)))
void cv_report(struct cv *cv, enum klp_severity sev, const char *section,
	       const char *rule, const char *fmt, ...);

#endif /* KLPRELOC_CONVERT_H */
