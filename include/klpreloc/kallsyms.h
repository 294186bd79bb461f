/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the target kernel knows about symbols: vmlinux and the modules
 * that may be loaded, each in its kallsyms order, indexed once by name.
 */
#ifndef KLPRELOC_KALLSYMS_H
#define KLPRELOC_KALLSYMS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <klpreloc/diag.h>
#include <klpreloc/module.h>

/*
 * A symbol's name is len bytes at name_at, not NUL-terminated: a symbol
 * file's lines name their symbols where they lie in the mapped file (a
 * copy of a quarter million names was a third of a run's fresh memory).
 * A name of KLP_KSYM_LONG bytes or more is a NUL-terminated copy.
 */
#define KLP_KSYM_LONG	0xffff

struct klp_ksym {
	const char *name_at;
	uint64_t addr;
	/* klp_ksyms_hash(name): made where the name is read, used to index */
	uint32_t hash;
	uint16_t len;		/* of the name, or KLP_KSYM_LONG */
	char type;		/* nm-style type letter */
	bool core : 1;		/* kept in a module's core kallsyms */
	bool ksymtab : 1;	/* the name starts with __ksymtab_ */
	/* a function known to have no ftrace call site (a module's .ko) */
	bool notrace : 1;
};

/* What klp_ksym.len holds for a name of len bytes. */
static inline uint16_t klp_ksym_len16(size_t len)
{
	return len < KLP_KSYM_LONG ? (uint16_t)len : KLP_KSYM_LONG;
}

static inline size_t klp_ksym_len(const struct klp_ksym *s)
{
	return s->len < KLP_KSYM_LONG ? s->len : strlen(s->name_at);
}

/* Is s named by the len bytes at name (no NUL among them)? */
static inline bool klp_ksym_is_len(const struct klp_ksym *s, const char *name,
				   size_t len)
{
	return klp_ksym_len(s) == len && !memcmp(s->name_at, name, len);
}

static inline bool klp_ksym_is(const struct klp_ksym *s, const char *name)
{
	return klp_ksym_is_len(s, name, strlen(name));
}

/*
 * The name index of an object (kernel/livepatch/kallsyms.c): built when
 * the object is loaded and again, in full, the first time a lookup asks
 * for a name that a partial index left out. A lookup may do that through
 * a const object: the index is a cache of the symbols, not part of them.
 */
struct klp_kindex;
struct klp_symfile;

struct klp_kobj {
	char *name;		/* "vmlinux" or the module name */
	struct klp_ksym *v;	/* in kallsyms order */
	size_t nr, alloc;
	struct klp_kindex *ix;	/* by name */
	bool all_core;		/* every symbol is core: core_only is moot */
	bool is_module;
	bool exports;		/* has __ksymtab_ entries */
	/* every address is 0 (kptr_restrict): names and order only */
	bool hidden;
	bool from_dump;		/* [mod] lines of a kallsyms dump */
	/* v is a run of a dump's parsed lines, which klp_ksyms owns */
	bool borrowed;
	const char *source;	/* file it came from */
};

enum klp_symsrc_kind {
	KLP_SYMSRC_AUTO,
	KLP_SYMSRC_SYSTEM_MAP,
	KLP_SYMSRC_KALLSYMS,
	KLP_SYMSRC_VMLINUX,
	KLP_SYMSRC_MODULE,
};

struct klp_ksyms {
	struct klp_kobj **obj;
	size_t nr;
	void **bufs;		/* blocks names and symbols lie in (free()) */
	size_t nbufs;
	/* symbol files whose lines' names point into them */
	struct klp_symfile **files;
	size_t nfiles;
	bool zero_addrs;	/* a kallsyms dump with hidden addresses */
	/* a root kallsyms dump showed where the kernel runs: its offset */
	bool kaslr_seen;
	uint64_t kaslr_offset;
	/* bytes of the modules' per-cpu reserve target modules took */
	uint64_t percpu_used;
	const struct klp_options *opts;
	/* the arch of the patch: how a System.map maps to run time */
	const struct klp_arch *arch;
	/* klp_ksyms_want(): hashes of the names lookups will ask for */
	uint32_t *want;
	size_t nwant;
	uint64_t *want_bits;	/* built at the first index, then fixed */
	uint32_t want_mask;
	struct klp_symfile *pre;	/* klp_ksyms_preload()'s file */
};

void klp_ksyms_init(struct klp_ksyms *ks, const struct klp_options *opts);

/*
 * Before the first klp_ksyms_load(): a name lookups will ask for, by its
 * klp_ksyms_hash(). Once some are given, an object's index holds only
 * the names whose hash is among them (a kernel has a quarter million
 * symbols, a patch asks for a few thousand); a lookup of any other name
 * first indexes every name of that object. A hint that changes what a
 * lookup costs, never what it finds.
 */
void klp_ksyms_want(struct klp_ksyms *ks, uint32_t hash);

/*
 * klp_ksyms_want() what loading the module me will look up: the symbol
 * part of every .klp.sym name, each undefined symbol both as itself and
 * as its __ksymtab_ entry, and the arch's kernel_syms.
 */
void klp_ksyms_want_module(struct klp_ksyms *ks, const struct klp_module *me);

/* How many of obj's symbols its index holds now (all, or the wanted). */
size_t klp_ksyms_indexed(const struct klp_kobj *obj);
void klp_ksyms_free(struct klp_ksyms *ks);

/*
 * Start reading (and, for text, parsing) the symbol file at path on a
 * worker thread, when ks->opts->jobs and the file say it is worth one;
 * the klp_ksyms_load() of the same path takes what it did. Nothing is
 * reported until then, so that errors come in the same order.
 */
void klp_ksyms_preload(struct klp_ksyms *ks, const char *path);

/*
 * Load a symbol source, autodetecting System.map, /proc/kallsyms (modules
 * as [name]), a vmlinux ELF or a module .ko (objname overrides the .ko's
 * own name when not NULL). System.map and vmlinux addresses are moved to
 * run time (ks->arch's map_offset plus a stated KASLR offset); a dump is
 * taken as it is. A .ko for a module the dump already lists gives that
 * module's symbol table order and layout; the dump keeps its addresses.
 * Returns 0 or -errno with one diagnostic.
 */
int klp_ksyms_load(struct klp_ksyms *ks, const char *path,
		   enum klp_symsrc_kind kind, const char *objname,
		   uint64_t ko_base, struct klp_diag *d);

struct klp_kobj *klp_ksyms_obj(const struct klp_ksyms *ks, const char *name);

/* Result of klp_find_object_symbol(), with the kernel's count semantics */
enum klp_find_result {
	KLP_FIND_OK,
	KLP_FIND_NOT_FOUND,
	KLP_FIND_AMBIGUOUS,
	KLP_FIND_BAD_POS,
};

/*
 * Walk obj's symbols named name in kallsyms order as the kernel does
 * (stop at count == pos, or at the second match when pos == 0).
 * core_only: a module that was already loaded (core kallsyms only).
 * *count is the number of matches seen, *total all of them. For a
 * hidden object (addresses 0) a match is found with *addr 0.
 */
enum klp_find_result klp_ksyms_find(const struct klp_kobj *obj,
				    const char *name, unsigned long pos,
				    bool core_only, uint64_t *addr,
				    unsigned long *count, unsigned long *total);

/*
 * Resolving a patch's symbols one by one is a chain of cache misses (the
 * index slot, the symbol or group it leads to, the name compared). The
 * resolver takes its lookups in steps: klp_ksyms_seek() some lookups
 * ahead finds the slot of klp_ksyms_hash(name) and asks for what it
 * leads to, klp_ksyms_prefetch_name() a few later for the name there;
 * the lookup, given the seek, starts at that slot (a seek made before
 * the index changed is ignored). Asking for the slot earlier still
 * measured no faster; asking for the name, 7-9 % faster (100k/200k).
 */
struct klp_kseek {
	const void *ix;		/* the index sought in; NULL: none */
	uint32_t gen;		/* and its build */
	uint32_t at;		/* the first slot that may hold the name */
};

uint32_t klp_ksyms_hash(const char *name);
void klp_ksyms_seek(const struct klp_kobj *obj, uint32_t hash,
		    struct klp_kseek *seek);
void klp_ksyms_prefetch_name(const struct klp_kobj *obj,
			     const struct klp_kseek *seek);

/*
 * A lookup of hash in obj changes nothing (the index holds the name, or
 * obj has none): threads may make it at once.
 */
bool klp_ksyms_find_ready(const struct klp_kobj *obj, uint32_t hash);

/*
 * klp_ksyms_find() for the len bytes at name (no NUL among them, none
 * needed after), whose klp_ksyms_hash() is known, from where seek (or
 * NULL) stopped.
 */
enum klp_find_result klp_ksyms_find_hashed(const struct klp_kobj *obj,
					   const char *name, size_t len,
					   uint32_t hash,
					   const struct klp_kseek *seek,
					   unsigned long pos, bool core_only,
					   uint64_t *addr, unsigned long *count,
					   unsigned long *total);

/*
 * The common lookup, in a few instructions: true, with *addr, when the
 * seek found the slot of the name's only symbol and klp_ksyms_find_hashed()
 * would return KLP_FIND_OK with that address. False says nothing: ask
 * klp_ksyms_find_hashed() (a repeated name, a hash shared with another
 * name, hidden addresses, a position, a non-core symbol). Changes nothing.
 */
bool klp_ksyms_find_one(const struct klp_kobj *obj, const char *name,
			size_t len, uint32_t hash, const struct klp_kseek *seek,
			unsigned long pos, bool core_only, uint64_t *addr);

/*
 * klp_ksyms_find_hashed(), also giving the symbol the lookup settles on
 * (klp_match_callback()'s last) in *sym, NULL when none.
 */
enum klp_find_result klp_ksyms_find_last(const struct klp_kobj *obj,
					 const char *name, size_t len,
					 uint32_t hash,
					 const struct klp_kseek *seek,
					 unsigned long pos, bool core_only,
					 uint64_t *addr, unsigned long *count,
					 unsigned long *total,
					 const struct klp_ksym **sym);

/*
 * Resolve an undefined symbol of a module the way resolve_symbol() does:
 * only exported symbols (a __ksymtab_<name> entry exists in vmlinux or a
 * loaded module). When a source carries no __ksymtab_ entries at all,
 * fall back to a unique global definition.
 */
int klp_ksyms_exported(const struct klp_ksyms *ks, const char *name,
		       uint64_t *addr);

#endif /* KLPRELOC_KALLSYMS_H */
