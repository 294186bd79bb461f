/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers private to the generic core. */
#ifndef KLPRELOC_INTERNAL_H
#define KLPRELOC_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <klpreloc/diag.h>
#include <klpreloc/kallsyms.h>

struct klp_module;
struct klp_snapshot;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Before a second thread allocates: the allocator's settings, once. */
void klp_alloc_init(void);
/*
 * Is work (of a kind where min is worth a thread) worth a second thread
 * under klp_options.jobs (two CPUs and enough work, unless 1 or always)?
 */
bool klp_threads_help(int jobs, size_t work, size_t min);

/* Symbol files (symfile.c): a name's hash, a symbol as a source lists it */
uint32_t klp_name_hash_len(const char *s, size_t len);
struct klp_ksym klp_ksym_make(const char *name, size_t len, uint64_t addr,
			      char type, bool core);

/*
 * A symbol file, read whole (NUL-terminated), and for a System.map or
 * kallsyms dump its lines as symbols (in kallsyms order, every one core,
 * names in place). klp_symfile_start() does both on a worker thread when
 * it is worth one (klp_options.jobs) and the file
 * looks like text; klp_symfile_wait() before anything is read.
 */
struct klp_symfile {
	const char *path;
	char *buf;
	size_t len;
	bool kept;		/* buf is the caller's now: not freed here */
	int err;		/* 0, or the read's -errno (its error in diag) */
	struct klp_diag diag;
	bool parsed;
	struct klp_ksym *v;
	const char **mod;	/* a line's [module]; NULL when none had one */
	size_t n, cap, nzero;
	size_t bad;		/* the first line not ADDRESS TYPE NAME, or 0 */
	/* of each type letter, the first symbol's index, or SIZE_MAX */
	size_t type_first[256];
	pthread_t thread;
	bool threaded;
};

int klp_symfile_read(struct klp_symfile *f, const char *path);
void klp_symfile_lines(struct klp_symfile *f);
bool klp_symfile_start(struct klp_symfile *f, const char *path, int jobs);
void klp_symfile_wait(struct klp_symfile *f);
void klp_symfile_free(struct klp_symfile *f);

/*
 * A reload's changes (snapshot.c): from klp_snap_begin() on, klp_write()
 * saves each page before its first write (klp_snap_save()); klp_snap_end()
 * gives the first address whose byte differs from before, 0 if none. One
 * snapshot (*sp, allocated on first use) serves every reload of a patch.
 */
void klp_snap_begin(struct klp_module *me, struct klp_snapshot **sp);
void klp_snap_save(struct klp_module *me, int t, uint64_t off, size_t len);
uint64_t klp_snap_end(struct klp_module *me);
void klp_snap_free(struct klp_snapshot *s);

#endif /* KLPRELOC_INTERNAL_H */
