/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers private to the generic core. */
#ifndef KLPRELOC_INTERNAL_H
#define KLPRELOC_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <klpreloc/diag.h>
#include <klpreloc/kallsyms.h>
#include <klpreloc/module.h>

struct klp_module;
struct klp_snapshot;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/*
 * A block sized for the worst case, of which a first part will be used:
 * the rest never costs memory (untouched, and no header written past it).
 */
void *xmalloc_sparse(size_t n);
/*
 * n zero bytes that stay untouched until written: a big block is a
 * mapping of its own (not the heap's huge pages, which calloc would
 * zero whole). klp_zfree() takes the same n.
 */
void *klp_zalloc(size_t n);
void klp_zfree(void *p, size_t n);
/*
 * The same for a block of which only a few pages are written: from
 * 64 KiB on a mapping of its own in 4 KiB pages. klp_zfree_pages().
 */
void *klp_zalloc_pages(size_t n);
void klp_zfree_pages(void *p, size_t n);
char *xstrdup(const char *s);
/* Before a second thread allocates: the allocator's settings, once. */
void klp_alloc_init(void);
/*
 * Is work (of a kind where min is worth a thread) worth a second thread
 * under klp_options.jobs (two CPUs and enough work, unless 1 or always)?
 */
bool klp_threads_help(int jobs, size_t work, size_t min);

/*
 * An input file in memory (input.c): mapped when it is a regular file,
 * read otherwise; buf[len] is '\0' either way. Pages written are the
 * run's own. regular: refuse anything but a regular file.
 */
struct klp_input {
	const char *path;	/* the caller's, kept as long as the input */
	char *buf;
	size_t len;
	size_t maplen;		/* of the mapping */
	int fd;
	int slot;		/* input.c's slot when mapped, else -1 */
	struct stat st;
};

int klp_input_read(struct klp_input *in, const char *path, bool regular,
		   struct klp_diag *d);
void klp_input_free(struct klp_input *in);
void klp_input_populate(const struct klp_input *in, size_t from, size_t to);

/*
 * A module's per-cpu section placed as percpu_modalloc() would (percpu.c):
 * at (an address when known, else an offset into the reserve), the
 * reserve used up to its end and its size (0: the arch has none), the
 * alignment the allocator took (capped: the section's was past PAGE_SIZE,
 * which the kernel warns about).
 * klp_percpu_place() returns 0, or -EINVAL (size or alignment the
 * allocator refuses) or -ENOMEM (no room left): the module is refused
 * with klp_percpu_kmsg()'s message.
 */
struct klp_percpu {
	uint64_t size, align, at, used, reserve;
	bool known, capped;
};

int klp_percpu_place(const struct klp_ksyms *ks, const struct klp_module *m,
		     struct klp_percpu *p);
void klp_percpu_kmsg(const struct klp_module *m, const struct klp_percpu *p,
		     char *buf, size_t len);

/*
 * The patch's static struct klp_patch (funcs.c): each klp_func in the
 * order klp_enable_patch() walks them, with its object's name (NULL:
 * vmlinux; none of an object named "vmlinux", which is never loaded) and
 * old_name pointing into the module's regions. at: the
 * struct's address. klp_patch_funcs() returns 0, -ENODATA (the module
 * never calls klp_enable_patch()), -ENOENT (no struct: built at run time,
 * or a layout this model does not know) or -EEXIST (more than one struct
 * fits: which one init passes is not known).
 */
struct klp_pfunc {
	const char *obj;
	const char *name;
	uint64_t sympos, new_func;
};

struct klp_pfuncs {
	struct klp_pfunc *v;
	size_t nr;
	uint64_t at;
	/*
	 * klp_init_patch()'s first sysfs directory whose name its object's
	 * (or the patch's) directory already has, NULL when none: "vmlinux"
	 * or a module for an object, "old_name,sympos" for a function (its
	 * sympos 0 is 1). dup_obj: the index of the object in objs[] at
	 * which it stops; vml_obj: the index of vmlinux's (SIZE_MAX: none).
	 */
	char *dup;
	const char *dup_parent;	/* a function's: its object's name */
	bool dup_func;
	size_t dup_obj, vml_obj;
};

int klp_patch_funcs(struct klp_module *me, struct klp_pfuncs *pf);

/*
 * A module's functions that have no ftrace call site (ftrace.c), by
 * symbol index: a function with a size and none of the module's call
 * sites within it. NULL when the module has no call site section (built
 * without ftrace: nothing known). Free it.
 */
bool *klp_ftrace_untraced(const struct klp_module *m);
void klp_pfuncs_free(struct klp_pfuncs *pf);

/* Symbol files (symfile.c): a name's hash, a symbol as a source lists it */
uint32_t klp_name_hash_len(const char *s, size_t len);
/*
 * Sixteen ASCII hex digits at p to *v, as strtoull() reads them; false
 * when any is not one. klp_hex16() is the map parser's (vectors where
 * the host has them), klp_hex16_swar() the portable one.
 */
bool klp_hex16(const char *p, uint64_t *v);
bool klp_hex16_swar(const char *p, uint64_t *v);
/*
 * A .klp.sym name as klp_parse_sym_parts() parses it at the module's
 * version, once per module for every SHN_LIVEPATCH symbol (symparse.c).
 * The symbol's part is len bytes at off in the symbol's name, not
 * NUL-terminated there.
 */
struct klp_symparse {
	uint32_t hash;		/* klp_name_hash_len() of the symbol's part */
	uint32_t st_name;	/* the name it was parsed from */
	uint32_t pos;
	uint16_t len;
	uint16_t objid;		/* the object, for klp_symparse_obj() */
	uint8_t off;
	int8_t cnt;		/* the parse's count (1-3); -1: not kept */
	bool trailing;
};

struct klp_symparse_set {
	struct klp_symparse *v;	/* by symbol index */
	char **objs;		/* the distinct object names */
	size_t nobjs;
	uint16_t last;		/* the object found last */
	uint16_t vmlinux;	/* vmlinux's number, or UINT16_MAX */
};

/* Every symbol's, made at the first call (on one thread). */
const struct klp_symparse *klp_symparse(const struct klp_module *me);
void klp_symparse_free(struct klp_module *me);

/*
 * sym's, or NULL when it must be parsed afresh: not kept (no object, a
 * position past 32 bits, ...), or not the klp symbol it was. Inline: the
 * resolver asks for each relocation's.
 */
static inline const struct klp_symparse *
klp_symparse_of(const struct klp_module *me, const Elf64_Sym *sym)
{
	const struct klp_symparse *v = me->symparse ? me->symparse->v :
				       klp_symparse(me);
	const struct klp_symparse *p = &v[sym - me->syms];

	/* a backend renamed it, or marked it since: parse it afresh */
	if (p->cnt < 0 || p->st_name != sym->st_name ||
	    sym->st_shndx != SHN_LIVEPATCH)
		return NULL;
	return p;
}

static inline const char *klp_symparse_obj(const struct klp_module *me,
					   const struct klp_symparse *p)
{
	return me->symparse->objs[p->objid];
}

static inline bool klp_symparse_vmlinux(const struct klp_module *me,
					const struct klp_symparse *p)
{
	return p->objid == me->symparse->vmlinux;
}

/* klp_symname() for a symbol the module's table holds: no checks. */
static inline const char *klp_symname_fast(const struct klp_module *me,
					   const Elf64_Sym *sym)
{
	return me->strtab + sym->st_name;
}

void klp_ksym_set(struct klp_ksym *s, const char *name, size_t len,
		  uint64_t addr, char type, bool core);

/*
 * A symbol file in memory (klp_input), and for a System.map or kallsyms
 * dump its lines as symbols (in kallsyms order, every one core, named
 * where they lie in the file: whoever takes the symbols keeps the file).
 * klp_symfile_start() does both on a worker thread when it is
 * worth one (klp_options.jobs) and the file looks like text;
 * klp_symfile_wait() before anything is read.
 */
/* lines from .from on, up to the next run's, are .mod's (NULL: none) */
struct klp_mod_run {
	size_t from;
	const char *mod;
};

struct klp_symfile {
	const char *path;
	struct klp_input in;
	/*
	 * copies of the lines' [MOD]s and of names too long for a klp_ksym
	 * (klp_zalloc_pages() blocks of names_cap bytes, NULL until used);
	 * every other name is where its line lies in the file
	 */
	char *names;
	size_t names_cap, names_used;
	char *names2;		/* the second half's, when parsed apart */
	size_t names2_cap;
	const char *rest1;	/* in buf: the first line's text after its name */
	int err;		/* 0, or the read's -errno (its error in diag) */
	struct klp_diag diag;
	bool parsed;
	bool binary;		/* a NUL byte before the end: not text */
	struct klp_ksym *v;
	/* runs of lines of one [module] (or none), in order; 0 when no line had one */
	struct klp_mod_run *runs;
	size_t nruns, runs_cap;
	size_t n, cap, nzero;
	size_t bad;		/* the first line not ADDRESS TYPE NAME, or 0 */
	/* of each type letter, the first symbol's index, or SIZE_MAX */
	size_t type_first[256];
	bool abs_percpu;	/* a vmlinux line "ADDR A __per_cpu_start" */
	size_t lines;		/* passed by the parse */
	bool reached;		/* the parse of a part got to its end */
	bool joined;		/* parsed in two halves, joined */
	int jobs;		/* klp_options.jobs of the load */
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
