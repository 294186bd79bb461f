/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace model of a module being loaded: the loader's view of a
 * relocatable ELF object, shaped like the kernel's struct module and
 * struct load_info so an arch maintainer recognises it.
 *
 * All ELF headers, section headers, symbols and relocations are held in
 * host byte order (libelf converts them). Section contents are raw target
 * bytes: backends use the explicit-endian helpers in <klpreloc/bytes.h>.
 */
#ifndef KLPRELOC_MODULE_H
#define KLPRELOC_MODULE_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHF_RELA_LIVEPATCH	0x00100000
#define SHN_LIVEPATCH		0xff20

/* Kernel versions are compared as KLP_KVER(major, minor). */
#define KLP_KVER(a, b)		((a) * 1000 + (b))

struct klp_arch;
struct klp_diag;
struct klp_input;

/* The kernel's enum mod_mem_type, in its order. */
enum klp_mem_type {
	KLP_MEM_TEXT,
	KLP_MEM_DATA,
	KLP_MEM_RODATA,
	KLP_MEM_RO_AFTER_INIT,
	KLP_MEM_INIT_TEXT,
	KLP_MEM_INIT_DATA,
	KLP_MEM_INIT_RODATA,
	KLP_MEM_NR,
};

/* One contiguous memory region of the laid-out module. */
struct klp_mem {
	uint64_t addr;		/* runtime (target) address */
	uint64_t size;		/* bytes, including arch reservations */
	unsigned char *buf;	/* host copy of the region's bytes */
	bool ro;		/* read-only once the module is live */
};

/* The kernel's enum module_state, as far as relocation cares. */
enum klp_mod_state {
	KLP_MOD_UNFORMED,	/* being loaded: plain stores are fine */
	KLP_MOD_COMING,		/* init running: text already read-only */
	KLP_MOD_LIVE,
	KLP_MOD_GOING,
};

/* How a backend writes a relocated value. */
enum klp_write_kind {
	/* memcpy into the image; faults on read-only text once formed */
	KLP_WRITE_PLAIN,
	/* text_poke / patch_instruction / s390_kernel_write / aarch64_insn_copy */
	KLP_WRITE_PATCH,
};

/* Knobs a backend may declare (struct klp_arch_opt). */
#define KLP_ARCH_OPTS_MAX	8

/* Options that change what the modelled kernel does. */
struct klp_options {
	int kver;		/* modelled kernel version, KLP_KVER(6, 12) */
	bool strict_rwx;	/* CONFIG_STRICT_MODULE_RWX */
	bool kallsyms_all;	/* CONFIG_KALLSYMS_ALL: data symbols too */
	/* --arch-opt ARCH.NAME=VALUE strings, checked per module's arch */
	const char *const *arch_opts;
	size_t narch_opts;
	/*
	 * KASLR offset of the running kernel against System.map: stated by
	 * the user, or learnt from a kallsyms dump (_text).
	 */
	uint64_t kaslr_offset;
	bool kaslr_known;	/* kaslr_offset was stated */
	uint64_t module_base;	/* 0: the arch's default module area */
	uint64_t mem_base[KLP_MEM_NR];	/* fixed region bases, 0: packed */
	/*
	 * A patched module object's last reload puts it this many bytes
	 * away (a fresh vmalloc area): what an arch keeps from the first
	 * apply (ppc64 stubs, s390 GOT/PLT slots) then shows. 0: same place.
	 */
	int64_t reload_shift;
	/*
	 * Only the verdict is wanted (check): the regions' copies of the
	 * relocation, symbol and string tables are left zero, since the
	 * backends read their host-order copies and nothing else reads them
	 * unless a relocation targets them. apply writes the whole image.
	 */
	bool verdict_only;
	/*
	 * Threads a run may use: 1 the main one only, 0 (or more) a second
	 * where it helps (two CPUs, inputs big enough); KLP_JOBS_ALWAYS a
	 * second one whatever the size (for tests: every path threaded).
	 */
	int jobs;
};

#define KLP_JOBS_ALWAYS	(-1)

/* Loader-private per-section state, next to the ELF section header. */
struct klp_section {
	const char *name;
	unsigned char *data;	/* contents: in a region once laid out */
	uint64_t size;		/* bytes in data (0 for NOBITS before layout) */
	int mem;		/* enum klp_mem_type, or -1 when not loaded */
	bool in_mem;		/* data points into mem[mem].buf */
	bool in_file;		/* data points into file_buf, not owned */
	/*
	 * A klp section's object, as its name gives it, once parsed: that
	 * many bytes after KLP_RELA_PREFIX; -1 when the name does not parse,
	 * 0 before the first parse
	 */
	int8_t rela_obj;
	/*
	 * A backend reordered these relocations: what the file had, and
	 * (made at the first diagnostic that needs it) entry i's index there
	 */
	Elf64_Rela *file_relas;
	uint32_t *order;
};

/*
 * What a backend sees. sechdrs[i].sh_addr is the runtime address of
 * section i once laid out (0 for sections that are not loaded); for
 * SHT_RELA sections secs[i].data holds host-order Elf64_Rela entries and
 * for the symbol table host-order Elf64_Sym entries.
 */
struct klp_module {
	const char *path;	/* the file, for diagnostics */
	const char *name;	/* modinfo name= (or file stem) */
	const struct klp_arch *arch;
	const struct klp_options *opts;
	struct klp_diag *diag;

	Elf64_Ehdr hdr;
	Elf64_Shdr *sechdrs;
	struct klp_section *secs;
	unsigned int shnum;
	const char *secstrings;

	unsigned int symindex;	/* SHT_SYMTAB section */
	unsigned int strindex;	/* its string table */
	Elf64_Sym *syms;	/* == secs[symindex].data */
	size_t nsyms;
	const char *strtab;
	size_t strtab_size;

	struct klp_mem mem[KLP_MEM_NR];
	int mem_last;		/* the region klp_mem_ptr() found last */
	bool mem_apart;		/* no two regions overlap (layout.c) */
	/*
	 * The loader's info->index.pcpu (the first SHF_ALLOC .data..percpu,
	 * found before it loses SHF_ALLOC; 0: none) and mod_percpu(): where
	 * the reserved per-cpu chunk put it, what its symbols are based on.
	 */
	unsigned int pcpu;
	uint64_t percpu;
	enum klp_mod_state state;
	/* a reload is being watched: klp_write() saves pages first */
	struct klp_snapshot *snap;

	/* modinfo */
	bool livepatch;		/* MODULE_INFO(livepatch, "Y") */
	const char *modinfo;	/* raw .modinfo (NUL-separated) */
	size_t modinfo_size;

	/* the relocation being applied, for diagnostics */
	unsigned int cur_relsec;
	long cur_rel;

	/*
	 * The running kernel's own symbols by name, for what a backend needs
	 * that no relocation of the module names (ppc64: the kernel's TOC
	 * and ftrace entry points); lookup is NULL when nobody gave any.
	 * Use klp_kernel_sym().
	 */
	struct klp_kernel_syms {
		int (*lookup)(const void *ctx, const char *name,
			      uint64_t *addr);
		const void *ctx;
	} kernel;

	/*
	 * klp symbols already resolved in the current pass (resolved[i] ==
	 * pass): st_value holds the address, no second lookup
	 */
	uint32_t *resolved;
	uint32_t pass;
	/* its .klp.sym names, parsed once (kernel/livepatch/symparse.c) */
	struct klp_symparse_set *symparse;

	void *arch_priv;	/* the backend's mod->arch */
	/* the backend's knobs, by index in its klp_arch.opts table */
	uint64_t arch_opt[KLP_ARCH_OPTS_MAX];

	void *file_buf;		/* the file, mapped or read (file_in) */
	size_t file_size;
	struct klp_input *file_in;
};

/* Name of section i, never NULL. */
const char *klp_secname(const struct klp_module *me, unsigned int i);
/* Name of a symbol, never NULL ("" when out of range). */
const char *klp_symname(const struct klp_module *me, const Elf64_Sym *sym);

/*
 * The relocations of RELA section relsec (host order) and their count.
 * The core has already checked that every r_sym is inside the symbol table.
 */
/*
 * A backend that reorders RELA section relsec in place, as the kernel's
 * own module_frob_arch_sections() does, saves it first and says so after:
 * diagnostics then name each relocation by its index in the file (what
 * readelf shows), not by where the kernel's reordering put it.
 */
Elf64_Rela *klp_relas_save(const struct klp_module *me, unsigned int relsec);
void klp_relas_reordered(struct klp_module *me, unsigned int relsec,
			 Elf64_Rela *saved);
/*
 * Sort n relocations in place by cmp, stably: equal ones keep their
 * order, as with the merge sort of glibc's qsort() that the backends used
 * (the kernel's heapsort is not stable; equal keys write equal bytes).
 */
typedef int (*klp_rela_cmp)(const Elf64_Rela *a, const Elf64_Rela *b);
void klp_relas_sort(Elf64_Rela *r, size_t n, klp_rela_cmp cmp);
/*
 * The first relocation of RELA section relsec whose symbol index is past
 * the symbol table, or -1. The open checks only sections whose sh_info is
 * in range (the others the kernel's relocation skips); whoever reads the
 * rest asks this first.
 */
long klp_relas_sym_past(const struct klp_module *me, unsigned int relsec);
/* The file's index of relocation rel of section sec as the model holds it */
long klp_rel_file_index(struct klp_module *me, long sec, long rel);

static inline Elf64_Rela *klp_relas(const struct klp_module *me,
				    unsigned int relsec, size_t *nr)
{
	*nr = me->secs[relsec].size / sizeof(Elf64_Rela);
	return (Elf64_Rela *)me->secs[relsec].data;
}

/*
 * Host pointer for [addr, addr + len) of the laid-out module, or NULL when
 * the range is not entirely inside one region.
 */
unsigned char *klp_mem_ptr(struct klp_module *me, uint64_t addr, size_t len);

/*
 * Check that relocation rel of RELA section relsec may touch len bytes at
 * its r_offset in the target section; report "offset out of section"
 * otherwise. Returns the runtime address in *addr.
 */
int klp_reloc_loc(struct klp_module *me, unsigned int relsec,
		  const Elf64_Rela *rel, size_t len, uint64_t *addr);

/* Do len bytes at rel's r_offset lie inside a section of size bytes? */
static inline bool klp_rel_fits(uint64_t size, const Elf64_Rela *rel,
				size_t len)
{
	return rel->r_offset <= size && len <= size - rel->r_offset;
}

/*
 * A RELA section's target section as placed, for klp_target_place(): a
 * section's relocations, found one by one with klp_reloc_loc() and
 * klp_read(), looked for their section and their region each time.
 */
struct klp_target {
	unsigned int sec;	/* sh_info */
	bool placed;		/* in a region (klp_reloc_loc() else refuses) */
	uint64_t addr, size;	/* sh_addr, sh_size */
	/* its host bytes when one region, and no other, holds all of it */
	unsigned char *buf;
	int mem;		/* that region */
};

/* Where a relocation reads and writes: address, region, host bytes. */
struct klp_place {
	uint64_t addr;
	int mem;
	unsigned char *p;
};

void klp_target_begin(struct klp_module *me, unsigned int relsec,
		      struct klp_target *t);
int klp_target_place_slow(struct klp_module *me, const struct klp_target *t,
			  const Elf64_Rela *rel, size_t len,
			  struct klp_place *pl);

/*
 * klp_reloc_loc() and then klp_read()'s look for the region, with the
 * same reports, for the len bytes relocation rel of t's section touches:
 * 0 with *pl filled, or -errno. Inline for a section one region holds.
 */
static inline int klp_target_place(struct klp_module *me,
				   const struct klp_target *t,
				   const Elf64_Rela *rel, size_t len,
				   struct klp_place *pl)
{
	if (!t->buf || !klp_rel_fits(t->size, rel, len))
		return klp_target_place_slow(me, t, rel, len, pl);
	pl->addr = t->addr + rel->r_offset;
	pl->mem = t->mem;
	pl->p = t->buf + rel->r_offset;
	return 0;
}

/* klp_write() at a place klp_target_place() found, len bytes as there. */
int klp_place_write(struct klp_module *me, const struct klp_place *pl,
		    const void *src, size_t len, enum klp_write_kind kind);

/*
 * Read len bytes at runtime address addr (inside the module). Returns 0,
 * or -EFAULT with a diagnostic.
 */
int klp_read(struct klp_module *me, uint64_t addr, void *dst, size_t len);

/*
 * Write len bytes at runtime address addr the way the kernel would. A
 * KLP_WRITE_PLAIN store into a read-only region after the module is formed
 * is what faults in the kernel: it is reported (rule "late-write-ro") and
 * returns -EFAULT, so a check can say which kernels would oops. Every
 * write to a region must come here: a reload's check sees only these.
 */
int klp_write(struct klp_module *me, uint64_t addr, const void *src,
	      size_t len, enum klp_write_kind kind);

/*
 * Reserve len bytes (aligned to align) at the current end of region type.
 * Called from the layout hook, which the kernel runs before
 * layout_sections(): like s390's GOT and PLT in 6.12, the reservation
 * lands before the region's sections. Returns the offset inside the
 * region; after layout the runtime address is me->mem[type].addr + offset
 * and the bytes are zero.
 */
uint64_t klp_mem_reserve(struct klp_module *me, enum klp_mem_type type,
			 uint64_t len, uint64_t align);

/*
 * Whether kallsyms keeps symbol s of the module after init (the kernel's
 * is_core_symbol()); valid once the sections are assigned to regions.
 */
bool klp_core_symbol(const struct klp_module *me, const Elf64_Sym *s);

/*
 * The address of the kernel's (vmlinux's) symbol name: 0, or -ENOENT when
 * no symbol source was given, it has no such unique symbol or hides its
 * addresses.
 */
int klp_kernel_sym(const struct klp_module *me, const char *name,
		   uint64_t *addr);

/* Find a section by name; 0 when absent. */
unsigned int klp_find_sec(const struct klp_module *me, const char *name);

#endif /* KLPRELOC_MODULE_H */
