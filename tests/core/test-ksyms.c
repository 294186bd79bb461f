// SPDX-License-Identifier: GPL-2.0
/*
 * The core's symbol rules, through the public API, with expected values
 * taken from the 6.12 kernel's rules rather than from our code:
 *
 * - klp_find_object_symbol() / klp_match_callback() (kernel/livepatch/
 *   core.c): walk the object's symbols of that name in kallsyms order,
 *   count each, stop when the count reaches sympos (sympos > 0) or at the
 *   second match (sympos 0). Then: no address seen -> "not found"; more
 *   than one with sympos 0 -> ambiguous; count != sympos -> "position not
 *   found"; else the last address seen. So ",N" is the Nth occurrence.
 * - module_kallsyms_on_each_symbol() (kernel/module/kallsyms.c) walks
 *   mod->kallsyms in symbol table order, skipping SHN_UNDEF. While a
 *   module loads (klp_module_coming(), before do_init_module()) that is
 *   the whole symbol table; once it is live, do_init_module() has
 *   switched it to core_kallsyms: only is_core_symbol() ones - allocated,
 *   not in an init section (module_init_layout_section()), executable
 *   unless CONFIG_KALLSYMS_ALL. ppc64's module_init_section() returns
 *   false, so there .init* sections and their symbols are core.
 * - KSYM_NAME_LEN is 512 since 6.1 (128 before): klp_resolve_symbols()'s
 *   sscanf() reads at most KSYM_NAME_LEN - 1 characters of a name.
 *
 * The target and patch modules are written here with libelf, for each
 * arch, so the test controls every symbol's section and order.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <klpreloc/bytes.h>
#include <klpreloc/core.h>
#include <klpreloc/diag.h>
#include <klpreloc/flow.h>
#include <klpreloc/kallsyms.h>
#include <klpreloc/livepatch.h>
#include <klpreloc/module.h>

#include "../../kernel/livepatch/internal.h"
#include "../../kernel/livepatch/namehash.h"
#include "tap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static char tmpdir[4096];

/* The two symbols' names are the same bytes (names are not NUL-ended). */
static bool same_name(const struct klp_ksym *a, const struct klp_ksym *b)
{
	return klp_ksym_is_len(a, b->name_at, klp_ksym_len(b));
}

struct arch_desc {
	const char *name;
	uint16_t machine;
	unsigned char data;
	uint32_t flags;
	uint32_t abs64;		/* the arch's absolute 64-bit relocation */
	int kver;		/* a kernel with livepatch on this arch */
	bool init_is_core;	/* module_init_section() is always false */
	bool stubs;		/* the loader wants a .stubs section */
};

static const struct arch_desc arches[] = {
	{ "x86_64", EM_X86_64, ELFDATA2LSB, 0, R_X86_64_64, KLP_KVER(6, 12),
	  false, false },
	{ "s390x", EM_S390, ELFDATA2MSB, 0, R_390_64, KLP_KVER(6, 12),
	  false, false },
	/* arm64 has livepatch since 6.17 */
	{ "arm64", EM_AARCH64, ELFDATA2LSB, 0, R_AARCH64_ABS64,
	  KLP_KVER(6, 17), false, false },
	{ "ppc64le", EM_PPC64, ELFDATA2LSB, 2, R_PPC64_ADDR64,
	  KLP_KVER(6, 12), true, true },
};

/* ---- a tiny ELF writer ------------------------------------------------ */

struct wsec {
	const char *name;
	uint32_t type;
	uint64_t flags;
	const void *buf;
	size_t size;
	Elf_Type dtype;
	size_t align;
	uint32_t link, info;	/* section numbers (1-based) */
	uint64_t entsize;
};

static int write_elf(const char *path, const struct arch_desc *a,
		     const struct wsec *s, size_t n)
{
	char shstr[1024];
	size_t shlen = 1, names[32];
	Elf_Scn *scn;
	Elf64_Ehdr *eh;
	Elf *e;
	int fd;

	if (n + 1 > 32)
		return -1;
	shstr[0] = '\0';
	for (size_t i = 0; i <= n; i++) {
		const char *nm = i < n ? s[i].name : ".shstrtab";
		size_t l = strlen(nm) + 1;

		if (shlen + l > sizeof(shstr))
			return -1;
		memcpy(shstr + shlen, nm, l);
		names[i] = shlen;
		shlen += l;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	eh = e ? elf64_newehdr(e) : NULL;
	if (!eh) {
		close(fd);
		return -1;
	}
	eh->e_ident[EI_DATA] = a->data;
	eh->e_type = ET_REL;
	eh->e_machine = a->machine;
	eh->e_version = EV_CURRENT;
	eh->e_flags = a->flags;
	for (size_t i = 0; i <= n; i++) {
		Elf_Data *d;
		GElf_Shdr sh;

		scn = elf_newscn(e);
		d = elf_newdata(scn);
		gelf_getshdr(scn, &sh);
		sh.sh_name = names[i];
		if (i < n) {
			d->d_buf = (void *)s[i].buf;
			d->d_size = s[i].size;
			d->d_type = s[i].dtype;
			d->d_align = s[i].align;
			sh.sh_type = s[i].type;
			sh.sh_flags = s[i].flags;
			sh.sh_addralign = s[i].align;
			sh.sh_link = s[i].link;
			sh.sh_info = s[i].info;
			sh.sh_entsize = s[i].entsize;
			if (s[i].type == SHT_NOBITS)
				sh.sh_size = s[i].size;
		} else {
			d->d_buf = shstr;
			d->d_size = shlen;
			d->d_type = ELF_T_BYTE;
			d->d_align = 1;
			sh.sh_type = SHT_STRTAB;
		}
		gelf_update_shdr(scn, &sh);
	}
	eh->e_shstrndx = (uint16_t)(n + 1);
	if (elf_update(e, ELF_C_WRITE) < 0) {
		fprintf(stderr, "# %s: %s\n", path, elf_errmsg(-1));
		elf_end(e);
		close(fd);
		return -1;
	}
	elf_end(e);
	return close(fd);
}

struct wsym {
	const char *name;
	unsigned int sec;	/* section number, or SHN_LIVEPATCH */
	uint64_t value;
	unsigned char type;	/* STT_* */
};

/* symtab and strtab contents: all local, after the null symbol */
static size_t build_symtab(const struct wsym *v, size_t n, Elf64_Sym *syms,
			   char *str, size_t strmax)
{
	size_t sl = 1;

	memset(syms, 0, (n + 1) * sizeof(*syms));
	str[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i].name) + 1;

		if (sl + l > strmax)
			return 0;
		memcpy(str + sl, v[i].name, l);
		syms[i + 1].st_name = (uint32_t)sl;
		syms[i + 1].st_info = ELF64_ST_INFO(v[i].sec == SHN_LIVEPATCH ?
						    STB_GLOBAL : STB_LOCAL,
						    v[i].type);
		syms[i + 1].st_shndx = (uint16_t)v[i].sec;
		syms[i + 1].st_value = v[i].value;
		syms[i + 1].st_size = v[i].sec == SHN_LIVEPATCH ? 0 : 8;
		sl += l;
	}
	return sl;
}

/* ---- the target module ----------------------------------------------- */

/* section numbers of the target module */
enum { T_TEXT = 1, T_INIT, T_DATA, T_MODINFO, T_SYMTAB, T_STRTAB, T_STUBS };

/*
 * In symbol table order, which is the module's kallsyms order. dup: once
 * in .init.text, then twice in .text. dup2: once in .text, then in
 * .init.text. dpick: in .data, then in .text.
 */
static const struct wsym tsyms[] = {
	{ "t_anchor", T_TEXT, 0, STT_FUNC },
	{ "i_anchor", T_INIT, 0, STT_FUNC },
	{ "d_anchor", T_DATA, 0, STT_OBJECT },
	{ "dup", T_INIT, 16, STT_FUNC },
	{ "dup", T_TEXT, 16, STT_FUNC },
	{ "dup", T_TEXT, 32, STT_FUNC },
	{ "dup2", T_TEXT, 48, STT_FUNC },
	{ "dup2", T_INIT, 32, STT_FUNC },
	{ "dpick", T_DATA, 16, STT_OBJECT },
	{ "dpick", T_TEXT, 56, STT_FUNC },
};
#define NTSYMS	(sizeof(tsyms) / sizeof(*tsyms))

static int write_target(const char *path, const struct arch_desc *a)
{
	static unsigned char text[64], init[64], data[64];
	static const char modinfo[] = "license=GPL\0name=tgt";
	Elf64_Sym syms[NTSYMS + 1];
	char str[512];
	size_t sl = build_symtab(tsyms, NTSYMS, syms, str, sizeof(str));
	struct wsec s[] = {
		{ ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text,
		  sizeof(text), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".init.text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, init,
		  sizeof(init), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data,
		  sizeof(data), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".modinfo", SHT_PROGBITS, SHF_ALLOC, modinfo,
		  sizeof(modinfo), ELF_T_BYTE, 1, 0, 0, 0 },
		{ ".symtab", SHT_SYMTAB, 0, syms, sizeof(syms), ELF_T_SYM, 8,
		  T_STRTAB, NTSYMS + 1, sizeof(Elf64_Sym) },
		{ ".strtab", SHT_STRTAB, 0, str, sl, ELF_T_BYTE, 1, 0, 0, 0 },
		/* <asm/module.h> of ppc64 gives every module one */
		{ ".stubs", SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, NULL, 0,
		  ELF_T_BYTE, 8, 0, 0, 0 },
	};

	return write_elf(path, a, s, a->stubs ? T_STUBS : T_STUBS - 1);
}

/* the kernel's is_core_symbol() for one of tsyms */
static bool t_core(const struct arch_desc *a, const struct wsym *w,
		   bool kallsyms_all)
{
	if (w->sec == T_INIT)
		return a->init_is_core;
	if (w->sec == T_DATA)
		return kallsyms_all;
	return true;
}

/* ---- the patch module ------------------------------------------------- */

enum { P_TEXT = 1, P_DATA, P_MODINFO, P_SYMTAB, P_STRTAB, P_KLP, P_STUBS };

/* one klp relocation: the 64-bit value of sym at .data+0 */
static int write_patch(const char *path, const struct arch_desc *a,
		       const char *sym)
{
	static unsigned char text[16], data[16];
	static const char modinfo[] = "livepatch=Y\0license=GPL\0name=klp_m";
	struct wsym w = { sym, SHN_LIVEPATCH, 0, STT_NOTYPE };
	Elf64_Sym syms[2];
	Elf64_Rela rela = { 0, ELF64_R_INFO(1, a->abs64), 0 };
	char str[700];
	size_t sl = build_symtab(&w, 1, syms, str, sizeof(str));
	struct wsec s[] = {
		{ ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text,
		  sizeof(text), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data,
		  sizeof(data), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".modinfo", SHT_PROGBITS, SHF_ALLOC, modinfo,
		  sizeof(modinfo), ELF_T_BYTE, 1, 0, 0, 0 },
		/* the klp symbol is global: sh_info 1 */
		{ ".symtab", SHT_SYMTAB, 0, syms, sizeof(syms), ELF_T_SYM, 8,
		  P_STRTAB, 1, sizeof(Elf64_Sym) },
		{ ".strtab", SHT_STRTAB, 0, str, sl, ELF_T_BYTE, 1, 0, 0, 0 },
		{ ".klp.rela.tgt.data", SHT_RELA,
		  SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH, &rela,
		  sizeof(rela), ELF_T_RELA, 8, P_SYMTAB, P_DATA,
		  sizeof(Elf64_Rela) },
		{ ".stubs", SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, NULL, 0,
		  ELF_T_BYTE, 8, 0, 0, 0 },
	};

	return write_elf(path, a, s, a->stubs ? P_STUBS : P_STUBS - 1);
}

/* ---- helpers ------------------------------------------------------------ */

static const char *res_name(enum klp_find_result r)
{
	switch (r) {
	case KLP_FIND_OK:
		return "found";
	case KLP_FIND_NOT_FOUND:
		return "not found";
	case KLP_FIND_AMBIGUOUS:
		return "ambiguous";
	case KLP_FIND_BAD_POS:
		return "position not found";
	}
	return "?";
}

static void print_diag(const struct klp_diag *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		printf("# ");
		klp_diag_print(stdout, &d->v[i]);
	}
}

/* find: result and, when found, the address */
/*
 * klp_ksyms_find_one(), the resolver's short way, beside every lookup of
 * check_find(): when it answers, the answer must be the model's.
 */
static size_t one_found, one_wrong;

static void check_one(const struct klp_kobj *o, const char *name,
		      unsigned long pos, bool core_only,
		      enum klp_find_result want, uint64_t want_addr)
{
	uint32_t h = klp_ksyms_hash(name);
	struct klp_kseek seek;
	uint64_t addr = 0;

	if (!o)
		return;
	klp_ksyms_seek(o, h, &seek);
	if (!klp_ksyms_find_one(o, name, strlen(name), h, &seek, pos,
				core_only, &addr))
		return;
	one_found++;
	if (want == KLP_FIND_OK && addr == want_addr)
		return;
	if (!one_wrong++)
		printf("#   find_one %s,%lu%s: 0x%llx, want %s at 0x%llx\n",
		       name, pos, core_only ? " (core)" : "",
		       (unsigned long long)addr, res_name(want),
		       (unsigned long long)want_addr);
}

static void check_find(const struct klp_kobj *o, const char *name,
		       unsigned long pos, bool core_only,
		       enum klp_find_result want, uint64_t want_addr,
		       const char *what)
{
	unsigned long count, total;
	uint64_t addr = 0xdead;
	enum klp_find_result r;

	/* first: a lookup of an unwanted name rebuilds the index */
	check_one(o, name, pos, core_only, want, want_addr);
	r = klp_ksyms_find(o, name, pos, core_only, &addr, &count, &total);
	if (!ok(r == want && (want != KLP_FIND_OK || addr == want_addr),
		"%s: %s,%lu%s: %s", what, name, pos,
		core_only ? " (core kallsyms)" : "", res_name(want)))
		printf("#   got %s at 0x%llx, want %s at 0x%llx\n",
		       res_name(r), (unsigned long long)addr, res_name(want),
		       (unsigned long long)want_addr);
}

/* a unique symbol's address, from the full symbol table */
static uint64_t addr_of(const struct klp_kobj *o, const char *name)
{
	unsigned long count, total;
	uint64_t addr = 0;

	if (klp_ksyms_find(o, name, 0, false, &addr, &count, &total) !=
	    KLP_FIND_OK)
		return 0;
	return addr;
}

/* klp_find_object_symbol()'s verdict from its walk's count and last match */
static enum klp_find_result model_verdict(unsigned long count,
					  unsigned long pos, uint64_t last)
{
	if (!last)
		return KLP_FIND_NOT_FOUND;
	if (count > 1 && !pos)
		return KLP_FIND_AMBIGUOUS;
	if (pos && count != pos)
		return KLP_FIND_BAD_POS;
	return KLP_FIND_OK;
}

/*
 * The kernel's walk, written from the rules above over tsyms: the Nth
 * (pos) occurrence among the symbols the walk sees.
 */
static enum klp_find_result model_find(const struct arch_desc *a,
				       const char *name, unsigned long pos,
				       bool core_only, bool kallsyms_all,
				       const uint64_t base[], uint64_t *addr)
{
	unsigned long count = 0;
	uint64_t last = 0;

	for (size_t i = 0; i < NTSYMS; i++) {
		const struct wsym *w = &tsyms[i];

		if (strcmp(w->name, name) ||
		    (core_only && !t_core(a, w, kallsyms_all)))
			continue;
		last = base[w->sec] + w->value;
		count++;
		if ((pos && count == pos) || (!pos && count > 1))
			break;
	}
	*addr = last;
	return model_verdict(count, pos, last);
}

/*
 * Write text as tmpdir/file and load it as kind into ks, which the
 * caller has initialised (and may have told what it wants); false on any
 * failure.
 */
static bool load_text(struct klp_ksyms *ks, const char *file,
		      const char *text, enum klp_symsrc_kind kind,
		      struct klp_diag *d)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, file);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		return false;
	return !klp_ksyms_load(ks, path, kind, NULL, 0, d);
}

/*
 * Write text as a System.map and load it into ks (initialised here, so
 * the caller frees ks and d whatever happened); false on any failure.
 */
static bool load_map_text(const char *text, struct klp_ksyms *ks,
			  struct klp_options *opts, struct klp_diag *d)
{
	klp_options_init(opts);
	klp_ksyms_init(ks, opts);
	klp_diag_init(d);
	return load_text(ks, "System.map", text, KLP_SYMSRC_SYSTEM_MAP, d);
}

/* ---- a partial index: lookups as with every name indexed --------------- */

#define WANT_NAMES	40
#define WANT_LINES	400

/*
 * A kallsyms dump of WANT_LINES symbols over WANT_NAMES names (some once,
 * some many times), in an order from a fixed generator: vmlinux then
 * module m1, or (mixed) every fifth line m1's; the oracle is a scan of
 * the same lines.
 */
struct wline {
	char name[16];
	bool mod;
	uint64_t addr;
};

static void want_lines(struct wline *l, char *text, size_t len, bool mixed)
{
	uint32_t x = 12345;
	size_t off = 0;

	for (size_t i = 0; i < WANT_LINES; i++) {
		unsigned int n;

		x = x * 1103515245u + 12345u;
		/* names below 10 repeat often, the rest rarely or never */
		n = (x >> 16) % 4 ? (x >> 20) % 10 : (x >> 18) % WANT_NAMES;
		snprintf(l[i].name, sizeof(l[i].name), "w%u", n);
		l[i].mod = mixed ? i % 5 == 1 : i >= WANT_LINES * 3 / 4;
		l[i].addr = (l[i].mod ? 0xffffffffc0000000ull :
			     0xffffffff81000000ull) + i * 0x10;
		off += (size_t)snprintf(text + off, len - off,
					"%016llx t %s%s\n",
					(unsigned long long)l[i].addr,
					l[i].name, l[i].mod ? "\t[m1]" : "");
	}
}

static enum klp_find_result want_model(const struct wline *l, bool mod,
				       const char *name, unsigned long pos,
				       uint64_t *addr, unsigned long *total)
{
	unsigned long count = 0, all = 0;
	uint64_t last = 0;

	for (size_t i = 0; i < WANT_LINES; i++) {
		if (l[i].mod != mod || strcmp(l[i].name, name))
			continue;
		all++;
		if ((pos && count == pos) || (!pos && count > 1))
			continue;
		count++;
		last = l[i].addr;
	}
	*total = all;
	*addr = last;
	return model_verdict(count, pos, last);
}

static void test_want(bool mixed, bool want)
{
	const char *how = mixed ? "mixed dump" : "dump";
	static struct wline l[WANT_LINES];
	static char text[WANT_LINES * 48];
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	size_t bad = 0, checked = 0;

	want_lines(l, text, sizeof(text), mixed);
	klp_options_init(&opts);
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	/* every third name is wanted: a few in the dump, one never in it */
	for (unsigned int n = 0; want && n < WANT_NAMES + 2; n += 3) {
		char name[16];

		snprintf(name, sizeof(name), "w%u", n);
		klp_ksyms_want(&ks, klp_ksyms_hash(name));
	}
	if (!ok(load_text(&ks, "kallsyms.want", text, KLP_SYMSRC_KALLSYMS, &d),
		"want: %s written and loaded%s", how,
		want ? " with wanted names" : "")) {
		print_diag(&d);
		goto out;
	}
	/* partial: every line of a wanted name, not every line */
	{
		const struct klp_kobj *vm = klp_ksyms_obj(&ks, "vmlinux");
		size_t nwl = 0, ix = klp_ksyms_indexed(vm);

		for (size_t i = 0; vm && i < WANT_LINES; i++)
			nwl += !l[i].mod && atoi(l[i].name + 1) % 3 == 0;
		ok(vm && (want ? ix >= nwl && ix < vm->nr : ix == vm->nr),
		   "want: %s: vmlinux's index holds %zu of %zu symbols (%zu of wanted names)",
		   how, ix, vm ? vm->nr : 0, nwl);
	}
	/*
	 * Wanted and unwanted names interleaved, each object: the first
	 * unwanted lookup makes that object's index whole, the answers
	 * before and after it are the scan's.
	 */
	for (int round = 0; round < 2; round++) {
		for (unsigned int n = 0; n < WANT_NAMES + 2; n++) {
			for (int m = 0; m < 2; m++) {
				const struct klp_kobj *o =
					klp_ksyms_obj(&ks, m ? "m1" : "vmlinux");
				char name[16];

				snprintf(name, sizeof(name), "w%u", n);
				for (unsigned long pos = 0; pos < 5; pos++) {
					unsigned long count, total, mtotal;
					uint64_t addr = 0, maddr;
					enum klp_find_result r, mr;

					mr = want_model(l, m, name, pos, &maddr,
							&mtotal);
					check_one(o, name, pos, false, mr,
						  maddr);
					r = klp_ksyms_find(o, name, pos, false,
							   &addr, &count,
							   &total);
					checked++;
					if (r == mr && total == mtotal &&
					    (r != KLP_FIND_OK || addr == maddr))
						continue;
					if (!bad++)
						printf("# %s %s,%lu: got %s 0x%llx (%lu of %lu), want %s 0x%llx (of %lu)\n",
						       m ? "m1" : "vmlinux",
						       name, pos, res_name(r),
						       (unsigned long long)addr,
						       count, total,
						       res_name(mr),
						       (unsigned long long)maddr,
						       mtotal);
				}
			}
		}
	}
	ok(!bad && checked == 2 * (WANT_NAMES + 2) * 2 * 5,
	   "want: %s%s: %zu lookups as a scan finds them (%zu differ)",
	   how, want ? ", wanted and unwanted names" : "", checked, bad);
	{
		const struct klp_kobj *vm = klp_ksyms_obj(&ks, "vmlinux");

		ok(vm && klp_ksyms_indexed(vm) == vm->nr,
		   "want: %s: after an unwanted lookup the index holds all %zu",
		   how, vm ? vm->nr : 0);
	}
out:
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
}

/*
 * A dump whose module lines name "[vmlinux]": they are vmlinux's, after
 * the lines before them (the object is the same by name).
 */
static void test_dump_vmlinux_module(void)
{
	static const char text[] =
		"ffffffff81000000 t a\n"
		"ffffffff81000010 t b\n"
		"ffffffffc0000000 t a\t[vmlinux]\n"
		"ffffffffc0000010 t c\t[m1]\n"
		"ffffffffc0000020 t b\t[vmlinux]\n";
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm, *m1;

	klp_options_init(&opts);
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	if (!ok(load_text(&ks, "kallsyms.vmmod", text, KLP_SYMSRC_KALLSYMS,
			  &d),
		"[vmlinux] lines: dump loaded")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	m1 = klp_ksyms_obj(&ks, "m1");
	if (!ok(vm && m1 && vm->nr == 4 && m1->nr == 1,
		"[vmlinux] lines: vmlinux has 4 symbols, m1 1"))
		goto out;
	check_find(vm, "a", 1, false, KLP_FIND_OK, 0xffffffff81000000ull,
		   "[vmlinux] lines");
	check_find(vm, "a", 2, false, KLP_FIND_OK, 0xffffffffc0000000ull,
		   "[vmlinux] lines");
	check_find(vm, "b", 2, false, KLP_FIND_OK, 0xffffffffc0000020ull,
		   "[vmlinux] lines");
	check_find(vm, "b", 0, false, KLP_FIND_AMBIGUOUS, 0,
		   "[vmlinux] lines");
	check_find(m1, "c", 0, false, KLP_FIND_OK, 0xffffffffc0000010ull,
		   "[vmlinux] lines");
out:
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
}

/*
 * A dump's lines as runs of one module (symfile.c): a first line that
 * has a [mod], vmlinux lines after module lines, a module listed in two
 * runs, and a module's own "_text", which says nothing about where
 * vmlinux runs (learn_kaslr() takes vmlinux's, the line after it).
 */
static void test_dump_runs(void)
{
	static const char text[] =
		"ffffffffc0000000 t x\t[m1]\n"
		"ffffffffc0000010 t _text\t[m1]\n"
		"ffffffff81200000 T _text\n"
		"ffffffff81200010 t y\n"
		"ffffffffc0001000 t x\t[m2]\n"
		"ffffffffc0000020 t z\t[m1]\n";
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm, *m1, *m2;

	klp_options_init(&opts);
	klp_ksyms_init(&ks, &opts);
	ks.arch = klp_arch_by_name("x86_64");
	klp_diag_init(&d);
	if (!ok(load_text(&ks, "kallsyms.runs", text, KLP_SYMSRC_KALLSYMS,
			  &d),
		"runs: dump loaded")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	m1 = klp_ksyms_obj(&ks, "m1");
	m2 = klp_ksyms_obj(&ks, "m2");
	if (!ok(vm && m1 && m2 && vm->nr == 2 && m1->nr == 3 && m2->nr == 1,
		"runs: vmlinux has 2 symbols, m1 3, m2 1 (%zu, %zu, %zu)",
		vm ? vm->nr : 0, m1 ? m1->nr : 0, m2 ? m2->nr : 0))
		goto out;
	ok(ks.kaslr_seen && ks.kaslr_offset == 0x200000,
	   "runs: KASLR from vmlinux's _text, not m1's (seen %d, 0x%llx)",
	   ks.kaslr_seen, (unsigned long long)ks.kaslr_offset);
	check_find(vm, "y", 0, false, KLP_FIND_OK, 0xffffffff81200010ull,
		   "runs");
	check_find(m1, "z", 0, false, KLP_FIND_OK, 0xffffffffc0000020ull,
		   "runs");
	check_find(m1, "_text", 0, false, KLP_FIND_OK,
		   0xffffffffc0000010ull, "runs");
	check_find(m2, "x", 0, false, KLP_FIND_OK, 0xffffffffc0001000ull,
		   "runs");
	check_find(m1, "x", 0, false, KLP_FIND_OK, 0xffffffffc0000000ull,
		   "runs");
out:
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
}

/*
 * A vmlinux ELF as the symbol source: symbols sorted by address, ties in
 * symbol table order, each found by name and position.
 */
static void test_vmlinux_elf(void)
{
	static unsigned char text[64];
	static const struct wsym vs[] = {
		{ "dup", 1, 0x20, STT_FUNC },
		{ "b", 1, 0x10, STT_FUNC },
		{ "a", 1, 0x10, STT_FUNC },
		{ "dup", 1, 0x08, STT_FUNC },
		{ "a_name_too_long_for_a_slot", 1, 0x30, STT_FUNC },
	};
	static const char *const order[] = {
		"dup", "b", "a", "dup", "a_name_too_long_for_a_slot",
	};
	Elf64_Sym syms[6];
	char str[256], path[4200];
	size_t sl = build_symtab(vs, 5, syms, str, sizeof(str));
	struct wsec sec[] = {
		{ ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text,
		  sizeof(text), ELF_T_BYTE, 16, 0, 0, 0 },
		{ ".symtab", SHT_SYMTAB, 0, syms, sizeof(syms), ELF_T_SYM, 8,
		  3, 6, sizeof(Elf64_Sym) },
		{ ".strtab", SHT_STRTAB, 0, str, sl, ELF_T_BYTE, 1, 0, 0, 0 },
	};
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm;
	size_t bad = 0;

	klp_options_init(&opts);
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	snprintf(path, sizeof(path), "%s/vmlinux", tmpdir);
	if (!ok(!write_elf(path, &arches[0], sec, 3) &&
		!klp_ksyms_load(&ks, path, KLP_SYMSRC_VMLINUX, NULL, 0, &d),
		"vmlinux ELF: loaded")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	if (!ok(vm && vm->nr == 5, "vmlinux ELF: five symbols"))
		goto out;
	for (size_t i = 0; i < 5; i++)
		bad += !klp_ksym_is(&vm->v[i], order[i]);
	ok(!bad, "vmlinux ELF: by address, ties in symbol table order");
	check_find(vm, "dup", 1, false, KLP_FIND_OK, 0x08, "vmlinux ELF");
	check_find(vm, "dup", 2, false, KLP_FIND_OK, 0x20, "vmlinux ELF");
	check_find(vm, "dup", 0, false, KLP_FIND_AMBIGUOUS, 0, "vmlinux ELF");
	check_find(vm, "a", 0, false, KLP_FIND_OK, 0x10, "vmlinux ELF");
	check_find(vm, "b", 0, false, KLP_FIND_OK, 0x10, "vmlinux ELF");
	check_find(vm, "a_name_too_long_for_a_slot", 0, false, KLP_FIND_OK,
		   0x30, "vmlinux ELF");
out:
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
}

/*
 * The names an arch's backend asks the kernel for are wanted with the
 * patch's: ppc64's are indexed from the start and found without making
 * the index whole; an arch without any indexes everything.
 */
static void test_kernel_syms(void)
{
	static const char *const archs[] = { "ppc64le", "x86_64" };

	for (size_t a = 0; a < 2; a++) {
		struct klp_module me = { 0 };
		char text[8192];
		size_t off = 0, before;
		struct klp_options opts;
		struct klp_ksyms ks;
		struct klp_diag d;
		const struct klp_kobj *vm;
		unsigned long count, total;
		uint64_t addr = 0;
		bool ppc = !a;

		me.arch = klp_arch_by_name(archs[a]);
		off += (size_t)snprintf(text, sizeof(text),
			"c000000001000000 T _stext\n"
			"c000000001000100 T ftrace_caller\n"
			"c000000001000200 T ftrace_regs_caller\n"
			"c000000002000000 D .TOC.\n");
		for (int i = 0; i < 100; i++)
			off += (size_t)snprintf(text + off, sizeof(text) - off,
						"c000000001%06x t f%d\n",
						0x1000 + i * 16, i);
		klp_options_init(&opts);
		klp_ksyms_init(&ks, &opts);
		klp_diag_init(&d);
		if (me.arch)
			klp_ksyms_want_module(&ks, &me);
		if (!ok(me.arch && load_text(&ks, "kallsyms.ksyms", text,
					     KLP_SYMSRC_KALLSYMS, &d),
			"kernel_syms: %s: loaded", archs[a])) {
			print_diag(&d);
			goto next;
		}
		vm = klp_ksyms_obj(&ks, "vmlinux");
		before = klp_ksyms_indexed(vm);
		ok(vm && (ppc ? before >= 3 && before < vm->nr :
			  before == vm->nr),
		   "kernel_syms: %s: the index holds %zu of %zu", archs[a],
		   before, vm ? vm->nr : 0);
		ok(vm && klp_ksyms_find(vm, ".TOC.", 0, false, &addr, &count,
					&total) == KLP_FIND_OK &&
		   addr == 0xc000000002000000ull &&
		   klp_ksyms_find(vm, "ftrace_regs_caller", 0, false, &addr,
				  &count, &total) == KLP_FIND_OK &&
		   klp_ksyms_indexed(vm) == before,
		   "kernel_syms: %s: .TOC. and ftrace_regs_caller found, the index as it was",
		   archs[a]);
next:
		klp_ksyms_free(&ks);
		klp_diag_free(&d);
	}
}

/* ---- vmlinux: positions over a System.map ------------------------------ */

static void test_vmlinux(void)
{
	static const char map[] =
		"ffffffff81000000 T _stext\n"
		"ffffffff81000100 t one\n"
		"ffffffff81000200 t two\n"
		"ffffffff81000300 T anchor\n"
		"ffffffff81000400 t two\n"
		"ffffffff81000500 t three\n"
		"ffffffff81000600 t three\n"
		"ffffffff81000700 t three\n";
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm;
	uint64_t delta;

	if (!ok(load_map_text(map, &ks, &opts, &d),
		"vmlinux: load System.map")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	if (!ok(vm != NULL, "vmlinux: object present"))
		goto out;
	/* a System.map may be moved to run time: distances are kept */
	delta = addr_of(vm, "_stext") - 0xffffffff81000000ULL;
#define V(a)	((a) + delta)
	for (int core = 0; core <= 1; core++) {
		check_find(vm, "one", 0, core, KLP_FIND_OK,
			   V(0xffffffff81000100ULL), "vmlinux");
		check_find(vm, "one", 1, core, KLP_FIND_OK,
			   V(0xffffffff81000100ULL), "vmlinux");
		check_find(vm, "one", 2, core, KLP_FIND_BAD_POS, 0,
			   "vmlinux");
		check_find(vm, "two", 0, core, KLP_FIND_AMBIGUOUS, 0,
			   "vmlinux");
		/* ,1 of a name listed twice is the first, not refused */
		check_find(vm, "two", 1, core, KLP_FIND_OK,
			   V(0xffffffff81000200ULL), "vmlinux");
		check_find(vm, "two", 2, core, KLP_FIND_OK,
			   V(0xffffffff81000400ULL), "vmlinux");
		check_find(vm, "two", 3, core, KLP_FIND_BAD_POS, 0,
			   "vmlinux");
		check_find(vm, "three", 0, core, KLP_FIND_AMBIGUOUS, 0,
			   "vmlinux");
		check_find(vm, "three", 1, core, KLP_FIND_OK,
			   V(0xffffffff81000500ULL), "vmlinux");
		check_find(vm, "three", 2, core, KLP_FIND_OK,
			   V(0xffffffff81000600ULL), "vmlinux");
		check_find(vm, "three", 3, core, KLP_FIND_OK,
			   V(0xffffffff81000700ULL), "vmlinux");
		check_find(vm, "three", 4, core, KLP_FIND_BAD_POS, 0,
			   "vmlinux");
		check_find(vm, "nosuch", 0, core, KLP_FIND_NOT_FOUND, 0,
			   "vmlinux");
		check_find(vm, "nosuch", 1, core, KLP_FIND_NOT_FOUND, 0,
			   "vmlinux");
	}
#undef V
	{
		unsigned long count, total;
		uint64_t addr;

		klp_ksyms_find(vm, "three", 0, false, &addr, &count, &total);
		is_u64(total, 3, "vmlinux: three occurs 3 times in all");
	}
out:
	klp_diag_free(&d);
	klp_ksyms_free(&ks);
}

/* ---- System.map spellings: addresses and names the index keeps ------- */

/*
 * Every line's address as strtoull() reads its first field (the oracle),
 * against what the index finds for its name: sixteen digits in each case
 * (read eight at a time), fewer, more, and names either side of what a
 * slot holds in itself (14 characters) and far longer.
 */
static void test_map_spellings(void)
{
	static const char *const lines[] = {
		"ffffffff81000000 T _stext",
		"ffffffff8100a5f0 t abcdefghijklm",
		"FFFFFFFF8100B6C0 t abcdefghijklmn",
		"fFfFfFfF8100c7d0 t abcdefghijklmno",
		"ffffffff8100d8e0 t abcdefghijklmnop",
		"ffffffff8100e9f0 t abcdefghijklmn_",
		"0000000000001000 t low_sixteen",
		"1234 t four_digits",
		"0ffffffff8100f000 t seventeen_digits",
		"ffffffff81010000 t a_very_long_name_that_no_slot_could_ever_hold_in_itself_0123456789",
		"ffffffff81011000 t x",
		"ffffffff81012000 t abcdefghijklmn",
		"ffffffff81013000 t last_no_newline",
	};
	size_t n = sizeof(lines) / sizeof(lines[0]);
	char text[4096] = "";
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm;
	uint64_t delta;

	for (size_t i = 0; i < n; i++) {
		strcat(text, lines[i]);
		if (i + 1 < n)
			strcat(text, "\n");
	}
	if (!ok(load_map_text(text, &ks, &opts, &d), "spellings: load")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	if (!ok(vm != NULL, "spellings: vmlinux present"))
		goto out;
	delta = addr_of(vm, "_stext") - 0xffffffff81000000ULL;
	for (size_t i = 0; i < n; i++) {
		const char *name = strrchr(lines[i], ' ') + 1;
		uint64_t want = strtoull(lines[i], NULL, 16) + delta;

		/* "abcdefghijklmn" is listed twice */
		if (!strcmp(name, "abcdefghijklmn"))
			continue;
		check_find(vm, name, 0, false, KLP_FIND_OK, want, "spellings");
	}
	check_find(vm, "abcdefghijklmn", 1, false, KLP_FIND_OK,
		   0xffffffff8100b6c0ULL + delta, "spellings");
	check_find(vm, "abcdefghijklmn", 2, false, KLP_FIND_OK,
		   0xffffffff81012000ULL + delta, "spellings");
	check_find(vm, "abcdefghijklmn", 0, false, KLP_FIND_AMBIGUOUS, 0,
		   "spellings");
	/* a prefix or an extension of a kept name is another name */
	check_find(vm, "abcdefghijkl", 0, false, KLP_FIND_NOT_FOUND, 0,
		   "spellings");
	check_find(vm, "abcdefghijklmnopq", 0, false, KLP_FIND_NOT_FOUND, 0,
		   "spellings");
	check_find(vm, "a_very_long_name_that_no_slot_could_ever_hold_in_itself_012345678",
		   0, false, KLP_FIND_NOT_FOUND, 0, "spellings");
out:
	klp_diag_free(&d);
	klp_ksyms_free(&ks);
}

/*
 * Where each name ends: names of every length from 1 to 24 ended by a
 * newline, a tab or a space (what follows on the line is not the name),
 * and a last line with no newline whose name ends 1 to 17 bytes before
 * the end of the file. The oracle is the text each line was made from.
 */
static void test_map_name_ends(void)
{
	static const char letters[] = "nabcdefghijklmnopqrstuvwxyz";
	static const char last_name[] = "zyxwvutsrqponmlkjih";
	static const char *const ends[] = { "\n", "\tjunk\n", " junk\n" };
	size_t bad = 0, checked = 0, loads = 0;

	for (int last = 1; last <= 17; last++) {
		char text[4096], name[32];
		size_t off = 0;
		struct klp_options opts;
		struct klp_ksyms ks;
		struct klp_diag d;
		const struct klp_kobj *vm;

		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"ffffffff81000000 T _stext\n");
		for (int len = 1; len <= 24; len++)
			off += (size_t)snprintf(text + off, sizeof(text) - off,
						"ffffffff8100%04x t %.*s%s",
						len * 16, len, letters,
						ends[len % 3]);
		snprintf(text + off, sizeof(text) - off,
			 "ffffffff81010000 t %.*s", last, last_name);
		if (!load_map_text(text, &ks, &opts, &d)) {
			print_diag(&d);
			bad++;
			goto next;
		}
		loads++;
		vm = klp_ksyms_obj(&ks, "vmlinux");
		for (int len = 1; len <= 25; len++) {
			unsigned long count, total;
			uint64_t addr = 0, want = len <= 24 ?
				0xffffffff81000000ull + (uint64_t)len * 16 :
				0xffffffff81010000ull;

			if (len <= 24)
				snprintf(name, sizeof(name), "%.*s", len,
					 letters);
			else
				snprintf(name, sizeof(name), "%.*s", last,
					 last_name);
			checked++;
			if (vm && klp_ksyms_find(vm, name, 0, false, &addr,
						 &count, &total) ==
				  KLP_FIND_OK &&
			    addr == want)
				continue;
			if (!bad++)
				printf("# last %d: %s: not at 0x%llx (0x%llx)\n",
				       last, name, (unsigned long long)want,
				       (unsigned long long)addr);
		}
next:
		klp_diag_free(&d);
		klp_ksyms_free(&ks);
	}
	ok(!bad && loads == 17 && checked == 17 * 25,
	   "name ends: %zu names of 1-24 characters and last lines of 1-17, each found where its line says (%zu wrong)",
	   checked, bad);
}

/*
 * Names of KLP_KSYM_LONG bytes and more are copies of their own, shorter
 * ones lie in the file: names on either side of that length, each the
 * others' prefix, each found at its own line's address (as a System.map
 * and as a dump's vmlinux and module lines) and of its own length.
 */
static bool long_name_at(const struct klp_kobj *o, size_t i, const char *name,
			 size_t len, uint64_t want)
{
	unsigned long count, total;
	uint64_t addr = 0;

	if (i < o->nr && klp_ksym_len(&o->v[i]) == len &&
	    klp_ksyms_find(o, name, 0, false, &addr, &count, &total) ==
		    KLP_FIND_OK && addr == want)
		return true;
	printf("# %s: a name of %zu bytes not at 0x%llx (0x%llx)\n", o->name,
	       len, (unsigned long long)want, (unsigned long long)addr);
	return false;
}

static void test_map_long_names(void)
{
	static const size_t lens[] = {
		KLP_KSYM_LONG + 1, KLP_KSYM_LONG - 2, KLP_KSYM_LONG,
		KLP_KSYM_LONG - 1, 70000, 1,
	};
	const size_t n = ARRAY_SIZE(lens);
	size_t cap = 2 * n * (70000 + 64), bad = 0, checked = 0;
	char *text = malloc(cap), *name = malloc(70001);

	if (!text || !name) {
		ok(0, "long names: memory for the text");
		goto out;
	}
	memset(name, 'q', 70000);
	for (int dump = 0; dump < 2; dump++) {
		struct klp_options opts;
		struct klp_ksyms ks;
		struct klp_diag d;
		size_t off = 0;

		/* vmlinux's lines, then (a dump) the same names in mlong */
		for (int m = 0; m <= dump; m++)
			for (size_t i = 0; i < n; i++)
				off += (size_t)snprintf(text + off, cap - off,
					"ffffffff%02x%06zx T %.*s%s\n",
					0x81 + m, i * 16, (int)lens[i], name,
					m ? "\t[mlong]" : "");
		klp_options_init(&opts);
		klp_ksyms_init(&ks, &opts);
		klp_diag_init(&d);
		if (!load_text(&ks, "long.syms", text,
			       dump ? KLP_SYMSRC_KALLSYMS :
				      KLP_SYMSRC_SYSTEM_MAP, &d)) {
			print_diag(&d);
			bad++;
		}
		for (int m = 0; m <= dump; m++) {
			const struct klp_kobj *o =
				klp_ksyms_obj(&ks, m ? "mlong" : "vmlinux");

			for (size_t i = 0; o && i < n; i++) {
				name[lens[i]] = '\0';
				checked++;
				bad += !long_name_at(o, i, name, lens[i],
						     (0xffffffff81ull + m) << 24 |
						     i * 16);
				name[lens[i]] = 'q';
			}
		}
		klp_diag_free(&d);
		klp_ksyms_free(&ks);
	}
	ok(!bad && checked == 3 * n,
	   "long names: %zu names of 1 to 70000 bytes, each the others' prefix, found where their lines say (%zu wrong)",
	   checked, bad);
out:
	free(text);
	free(name);
}

/* A non-digit among sixteen is a bad line, wherever it stands. */
/*
 * klp_find_object_symbol(): a symbol found at address 0 is not found
 * (x86_64's per-cpu symbols start there), alone or as the pos-th.
 */
static void test_map_zero_addr(void)
{
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *vm;

	if (!ok(load_map_text("0000000000000000 T zsym\n"
			      "0000000000000000 T ztwo\n"
			      "ffffffff81000000 T _stext\n"
			      "ffffffff81000010 T ztwo\n", &ks, &opts, &d),
		"zero address: the map loads")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	check_find(vm, "zsym", 0, false, KLP_FIND_NOT_FOUND, 0, "zero");
	check_find(vm, "zsym", 1, false, KLP_FIND_NOT_FOUND, 0, "zero");
	check_find(vm, "ztwo", 1, false, KLP_FIND_NOT_FOUND, 0, "zero");
	check_find(vm, "ztwo", 2, false, KLP_FIND_OK, 0xffffffff81000010ull,
		   "zero");
	check_find(vm, "_stext", 0, false, KLP_FIND_OK, 0xffffffff81000000ull,
		   "zero");
out:
	klp_diag_free(&d);
	klp_ksyms_free(&ks);
}

static void test_map_bad_digits(void)
{
	static const char *const bad[] = {
		"ffffffff8100g000 T broken\n",
		"gfffffff81000000 T broken\n",
		"ffffffff8100000g T broken\n",
		"ffffffff\xe8" "1000000 T broken\n",
		"ffffffff 81000000 T broken\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[200];
		struct klp_options opts;
		struct klp_ksyms ks;
		struct klp_diag d;
		bool loaded;

		snprintf(text, sizeof(text),
			 "ffffffff80ffffff T _stext\n%s", bad[i]);
		loaded = load_map_text(text, &ks, &opts, &d);
		ok(!loaded && d.errors == 1 && d.nr &&
		   !strcmp(d.v[d.nr - 1].rule, "symbol-source") &&
		   strstr(d.v[d.nr - 1].msg, "line 2 "),
		   "bad digits: line 2 of case %zu refused", i);
		klp_diag_free(&d);
		klp_ksyms_free(&ks);
	}
}

/* ---- a target module: core kallsyms vs the whole symbol table --------- */

static void test_module(const struct arch_desc *a, bool kallsyms_all)
{
	static const char *const names[] = { "t_anchor", "i_anchor",
		"d_anchor", "dup", "dup2", "dpick", "nosuch" };
	char path[4200], what[96];
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	const struct klp_kobj *o;
	uint64_t base[T_DATA + 1] = { 0 };

	snprintf(what, sizeof(what), "%s%s: tgt", a->name,
		 kallsyms_all ? "" : " !KALLSYMS_ALL");
	snprintf(path, sizeof(path), "%s/tgt-%s.ko", tmpdir, a->name);
	if (!ok(!write_target(path, a), "%s: write the target module", what))
		return;
	klp_options_init(&opts);
	opts.kver = a->kver;
	opts.kallsyms_all = kallsyms_all;
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	if (!ok(!klp_ksyms_load(&ks, path, KLP_SYMSRC_MODULE, "tgt", 0, &d),
		"%s: load", what)) {
		print_diag(&d);
		goto out;
	}
	o = klp_ksyms_obj(&ks, "tgt");
	if (!ok(o != NULL, "%s: object present", what))
		goto out;
	/* where the loader put each section, from its unique symbols */
	base[T_TEXT] = addr_of(o, "t_anchor");
	base[T_INIT] = addr_of(o, "i_anchor");
	base[T_DATA] = addr_of(o, "d_anchor");
	ok(base[T_TEXT] && base[T_INIT] && base[T_DATA] &&
	   base[T_TEXT] != base[T_INIT],
	   "%s: sections have distinct addresses", what);

	/* the cases that matter, spelt out */
	check_find(o, "dup", 1, false, KLP_FIND_OK, base[T_INIT] + 16, what);
	check_find(o, "dup", 2, false, KLP_FIND_OK, base[T_TEXT] + 16, what);
	check_find(o, "dup", 3, false, KLP_FIND_OK, base[T_TEXT] + 32, what);
	check_find(o, "dup2", 0, false, KLP_FIND_AMBIGUOUS, 0, what);
	check_find(o, "i_anchor", 0, false, KLP_FIND_OK, base[T_INIT], what);
	if (a->init_is_core) {
		/* ppc64: .init.text is core, nothing changes */
		check_find(o, "dup", 1, true, KLP_FIND_OK, base[T_INIT] + 16,
			   what);
		check_find(o, "dup2", 0, true, KLP_FIND_AMBIGUOUS, 0, what);
		check_find(o, "i_anchor", 0, true, KLP_FIND_OK, base[T_INIT],
			   what);
	} else {
		/* loaded before the patch: init symbols are gone */
		check_find(o, "dup", 1, true, KLP_FIND_OK, base[T_TEXT] + 16,
			   what);
		check_find(o, "dup", 2, true, KLP_FIND_OK, base[T_TEXT] + 32,
			   what);
		check_find(o, "dup", 3, true, KLP_FIND_BAD_POS, 0, what);
		check_find(o, "dup2", 0, true, KLP_FIND_OK, base[T_TEXT] + 48,
			   what);
		check_find(o, "i_anchor", 0, true, KLP_FIND_NOT_FOUND, 0,
			   what);
	}
	if (!kallsyms_all) {
		/* without KALLSYMS_ALL, core kallsyms has no data */
		check_find(o, "d_anchor", 0, true, KLP_FIND_NOT_FOUND, 0, what);
		check_find(o, "dpick", 0, true, KLP_FIND_OK, base[T_TEXT] + 56,
			   what);
	} else {
		check_find(o, "dpick", 1, true, KLP_FIND_OK, base[T_DATA] + 16,
			   what);
	}
	check_find(o, "dpick", 0, false, KLP_FIND_AMBIGUOUS, 0, what);

	/* and every name and position against the model of the kernel */
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		for (unsigned long pos = 0; pos <= 4; pos++) {
			for (int core = 0; core <= 1; core++) {
				enum klp_find_result want;
				uint64_t wa;

				want = model_find(a, names[i], pos, core,
						  kallsyms_all, base, &wa);
				check_find(o, names[i], pos, core, want, wa,
					   what);
			}
		}
	}
out:
	klp_diag_free(&d);
	klp_ksyms_free(&ks);
}

/* ---- the flow: which load order refuses what ------------------------- */

static const char *out_name(enum klp_obj_outcome o)
{
	switch (o) {
	case KLP_OUT_NONE:
		return "not run";
	case KLP_OUT_OK:
		return "applied";
	case KLP_OUT_PATCH_REFUSED:
		return "patch refused";
	case KLP_OUT_TARGET_REFUSED:
		return "target refused";
	}
	return "?";
}

/*
 * Patch with one klp relocation to sym in object tgt; want_first: the
 * target loaded before the patch; want_later: the target loads after it.
 * want_val: the value the last apply (target loading after the patch)
 * leaves at the relocation, 0 to not check.
 */
static void flow_case_kver(const struct arch_desc *a, int kver,
			   const char *sym, enum klp_obj_outcome want_first,
			   enum klp_obj_outcome want_later, uint64_t want_val)
{
	char tpath[4200], ppath[4200];
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	struct klp_module *me = NULL;
	struct klp_flow f;
	const struct klp_flow_obj *fo = NULL;

	snprintf(tpath, sizeof(tpath), "%s/tgt-%s.ko", tmpdir, a->name);
	snprintf(ppath, sizeof(ppath), "%s/klp-%s.ko", tmpdir, a->name);
	if (write_target(tpath, a) || write_patch(ppath, a, sym)) {
		ok(0, "%s: %s: write the modules", a->name, sym);
		return;
	}
	klp_options_init(&opts);
	opts.kver = kver;
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	memset(&f, 0, sizeof(f));
	if (klp_ksyms_load(&ks, tpath, KLP_SYMSRC_MODULE, "tgt", 0, &d) ||
	    klp_module_open(ppath, &opts, &d, &me)) {
		ok(0, "%s: %s: open the modules", a->name, sym);
		print_diag(&d);
		goto out;
	}
	klp_flow_run(me, &ks, &f);
	for (size_t i = 0; i < f.nobj; i++)
		if (!strcmp(f.obj[i].name, "tgt"))
			fo = &f.obj[i];
	if (!ok(f.loaded && fo, "%s: %s: the patch loads, object tgt is run",
		a->name, sym)) {
		print_diag(&d);
		goto out;
	}
	if (!ok(fo->first == want_first,
		"%s %d.%d: %s: target loaded first: %s", a->name,
		kver / 1000, kver % 1000, sym, out_name(want_first))) {
		printf("#   got %s\n", out_name(fo->first));
		print_diag(&d);
	}
	if (!ok(fo->later == want_later,
		"%s %d.%d: %s: target loads later: %s", a->name,
		kver / 1000, kver % 1000, sym, out_name(want_later))) {
		printf("#   got %s\n", out_name(fo->later));
		print_diag(&d);
	}
	/* before 6.3 a reload the arch refuses is the kernel's: a warning */
	if (kver < KLP_KVER(6, 3) && a->machine == EM_X86_64) {
		bool warned = false;

		for (size_t i = 0; i < d.nr; i++)
			warned |= d.v[i].sev == KLP_WARN &&
				  !strcmp(d.v[i].rule, "target-reload-refused");
		if (!ok(warned, "%s %d.%d: %s: warns that the target cannot reload",
			a->name, kver / 1000, kver % 1000, sym))
			print_diag(&d);
	}
	if (want_val && want_first == KLP_OUT_OK) {
		unsigned int ds = klp_find_sec(me, ".data");
		unsigned char *p = ds ? klp_mem_ptr(me,
				me->sechdrs[ds].sh_addr, 8) : NULL;
		uint64_t v = 0;

		if (p)
			v = a->data == ELFDATA2MSB ? get_be64(p) :
				get_le64(p);
		is_u64(v, want_val, "%s: %s: relocated value", a->name, sym);
	}
out:
	klp_flow_free(&f);
	if (me)
		klp_module_free(me);
	klp_diag_free(&d);
	klp_ksyms_free(&ks);
}

static void flow_case(const struct arch_desc *a, const char *sym,
		      enum klp_obj_outcome want_first,
		      enum klp_obj_outcome want_later, uint64_t want_val)
{
	flow_case_kver(a, a->kver, sym, want_first, want_later, want_val);
}

static void test_flow(const struct arch_desc *a)
{
	char tpath[4200];
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	uint64_t init_dup = 0;
	enum klp_obj_outcome first_if_init_gone;

	/* the address of the first dup (in .init.text) once laid out */
	snprintf(tpath, sizeof(tpath), "%s/tgt-%s.ko", tmpdir, a->name);
	klp_options_init(&opts);
	opts.kver = a->kver;
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	if (!write_target(tpath, a) &&
	    !klp_ksyms_load(&ks, tpath, KLP_SYMSRC_MODULE, "tgt", 0, &d))
		init_dup = addr_of(klp_ksyms_obj(&ks, "tgt"), "i_anchor") + 16;
	klp_diag_free(&d);
	klp_ksyms_free(&ks);

	first_if_init_gone = a->init_is_core ? KLP_OUT_OK :
			     KLP_OUT_PATCH_REFUSED;
	/*
	 * dup2: unique among core symbols, twice in the whole table. The
	 * kernel takes the patch when the target was there first, and
	 * refuses the target when it comes later.
	 */
	flow_case(a, ".klp.sym.tgt.dup2,0",
		  a->init_is_core ? KLP_OUT_PATCH_REFUSED : KLP_OUT_OK,
		  KLP_OUT_TARGET_REFUSED, 0);
	/* ,1 of a name that occurs more than once: found either way */
	flow_case(a, ".klp.sym.tgt.dup,1", KLP_OUT_OK, KLP_OUT_OK, init_dup);
	/* an init symbol does not exist for a target that was there */
	flow_case(a, ".klp.sym.tgt.i_anchor,0", first_if_init_gone,
		  KLP_OUT_OK, 0);
	/* dup,3: two core occurrences, three in the whole table */
	flow_case(a, ".klp.sym.tgt.dup,3", first_if_init_gone, KLP_OUT_OK,
		  0);
	flow_case(a, ".klp.sym.tgt.dup,4", KLP_OUT_PATCH_REFUSED,
		  KLP_OUT_TARGET_REFUSED, 0);

	/*
	 * klp_clear_object_relocs() came in 6.3, and only x86_64 has a
	 * clear_relocate_add(). Before it, a target module that goes and
	 * comes back meets its klp relocations still applied, and x86_64's
	 * apply refuses a nonzero target: the returning target is refused
	 * (a warning; the 6.1 kernel in QEMU does so). Its first coming
	 * after the patch is fine. Other arches overwrite the value (an
	 * absolute one here).
	 */
	if (a->machine == EM_X86_64) {
		flow_case_kver(a, KLP_KVER(6, 2), ".klp.sym.tgt.t_anchor,0",
			       KLP_OUT_OK, KLP_OUT_OK, 0);
		flow_case_kver(a, KLP_KVER(6, 3), ".klp.sym.tgt.t_anchor,0",
			       KLP_OUT_OK, KLP_OUT_OK, 0);
	}
}

/* ---- KSYM_NAME_LEN ------------------------------------------------------ */

/*
 * The parse against the C library's sscanf() with the kernel's format
 * (the same rules for names with no sign before the position), in both
 * its forms: the copies and the parts.
 */
static void test_name_parse(void)
{
	static const char *const names[] = {
		".klp.sym.vmlinux.foo,0", ".klp.sym.vmlinux.foo,12",
		".klp.sym.vmlinux.foo,1x", ".klp.sym.vmlinux.foo,0,1",
		".klp.sym.vmlinux.foo, 1", ".klp.sym.vmlinux.foo,1 ",
		".klp.sym.vmlinux.foo,", ".klp.sym.vmlinux.foo",
		".klp.sym.a,b.foo,1", ".klp.sym.a,1.foo,2",
		".klp.sym.vmlinux.f.o.o,3", ".klp.sym.vmlinux.,1",
		".klp.sym..foo,1", ".klp.sym.", ".klp.sym.vmlinux",
		"foo,1", ".klp.rela.vmlinux.foo,1", ".klp.sym.m.foo,x1",
		".klp.sym.oooooooooooooooooooooooooooooooooooooooooooooooooooooooo.foo,1",
		".klp.sym.ooooooooooooooooooooooooooooooooooooooooooooooooooooooo.foo,1",
		".klp.sym.vmlinux.foo,007", ".klp.sym.vmlinux.foo,\t4",
	};
	size_t bad = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
		char lobj[KLP_MODULE_NAME_LEN] = "", lsym[KLP_KSYM_NAME_LEN] = "";
		unsigned long pos = 0, lpos = 0;
		bool trailing;
		int cnt = klp_parse_sym_name(names[i], KLP_KVER(6, 12), obj,
					     sym, &pos, &trailing);
		int lcnt = sscanf(names[i], ".klp.sym.%55[^.].%511[^,],%lu",
				  lobj, lsym, &lpos);
		struct klp_sym_parts pt;
		int pcnt = klp_parse_sym_parts(names[i], KLP_KVER(6, 12), &pt);

		if (lcnt < 0)	/* the input ended before the first field */
			lcnt = 0;
		if (cnt != lcnt || strcmp(obj, lobj) || strcmp(sym, lsym) ||
		    (cnt == 3 && pos != lpos)) {
			bad++;
			printf("# %s: parsed %d '%s' '%s' %lu, sscanf %d '%s' '%s' %lu\n",
			       names[i], cnt, obj, sym, pos, lcnt, lobj, lsym,
			       lpos);
		}
		if (pcnt != cnt || pt.obj_len != strlen(obj) ||
		    strncmp(names[i] + pt.obj, obj, pt.obj_len) ||
		    pt.sym_len != strlen(sym) ||
		    strncmp(names[i] + pt.sym, sym, pt.sym_len) ||
		    (cnt == 3 && (pt.pos != pos || pt.trailing != trailing))) {
			bad++;
			printf("# %s: the parts are not the parse's\n",
			       names[i]);
		}
	}
	ok(!bad, "name parse: %zu names, each as sscanf() and its parts say (%zu not)",
	   sizeof(names) / sizeof(*names), bad);
}

static void test_name_len(void)
{
	static const struct {
		int kver, len;
	} v[] = {
		{ KLP_KVER(5, 15), 128 }, { KLP_KVER(6, 0), 128 },
		{ KLP_KVER(6, 1), 512 }, { KLP_KVER(6, 2), 512 },
		{ KLP_KVER(6, 12), 512 }, { KLP_KVER(6, 17), 512 },
	};
	char name[700], obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
	char body[600];

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		ok(klp_ksym_name_len(v[i].kver) == v[i].len,
		   "KSYM_NAME_LEN of %d.%d is %d", v[i].kver / 1000,
		   v[i].kver % 1000, v[i].len);

	/*
	 * sscanf's %(KSYM_NAME_LEN - 1)[^,] then ",": a longer name stops
	 * short of the comma, so the third field is never read.
	 */
	memset(body, 'x', sizeof(body));
	body[0] = 's';
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		int max = v[i].len - 1;

		for (int len = max; len <= max + 1; len++) {
			unsigned long pos = 9;
			bool trailing;
			int cnt;

			snprintf(name, sizeof(name), ".klp.sym.vmlinux.%.*s,1",
				 len, body);
			cnt = klp_parse_sym_name(name, v[i].kver, obj, sym,
						 &pos, &trailing);
			if (len <= max)
				ok(cnt == 3 && pos == 1 &&
				   strlen(sym) == (size_t)len,
				   "%d.%d: a %d-character symbol name parses",
				   v[i].kver / 1000, v[i].kver % 1000, len);
			else
				ok(cnt != 3,
				   "%d.%d: a %d-character symbol name is an incorrectly formatted name",
				   v[i].kver / 1000, v[i].kver % 1000, len);
		}
	}
}

/*
 * Sixteen characters read as an address at once, both ways (vectors where
 * the host has them, 64-bit words), against strtoull() on the same
 * characters: random strings of hex digits in both cases, each position
 * also tried with the characters just outside each range.
 */
static void test_hex16(void)
{
	static const char digits[] = "0123456789abcdefABCDEF";
	static const char near[] = "/:@G`g \x80\xff\x10p";
	size_t bad = 0, n = 0;
	unsigned int seed = 1;

	for (int round = 0; round < 4000; round++) {
		char s[17], *e;
		uint64_t fast = 0, swar = 0;
		unsigned long long want;
		bool hex = true, f, w;

		for (int i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = digits[(seed >> 16) % (sizeof(digits) - 1)];
		}
		s[16] = '\0';
		if (round % 2) {	/* one character outside the ranges */
			seed = seed * 1103515245u + 12345u;
			s[(seed >> 16) % 16] = near[(seed >> 8) % (sizeof(near) - 1)];
			hex = false;
		}
		want = strtoull(s, &e, 16);
		f = klp_hex16(s, &fast);
		w = klp_hex16_swar(s, &swar);
		n++;
		if (f != hex || w != hex || (hex && (*e || fast != want ||
						     swar != want))) {
			if (!bad++)
				printf("# '%s': vectors %d 0x%llx, words %d 0x%llx, strtoull 0x%llx\n",
				       s, f, (unsigned long long)fast, w,
				       (unsigned long long)swar, want);
		}
	}
	ok(!bad, "hex16: %zu strings of sixteen, each read as strtoull() reads it (%zu not)",
	   n, bad);
}

/*
 * The name hash as namehash.h defines it, a byte at a time: the oracle for
 * klp_name_hash_len() and for the map parser, which hashes each name in
 * the blocks of sixteen bytes it scans for the name's end.
 */
static uint32_t hash_by_bytes(const unsigned char *s, size_t len)
{
	uint64_t h = KLP_HASH_SEED, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		w = 0;
		for (size_t b = 8; b > 0; b--)
			w = w << 8 | s[i + b - 1];
		h = (h ^ w) * KLP_HASH_K1;
		h ^= h >> 32;
	}
	w = 0;
	for (size_t b = len; b > i; b--)
		w = w << 8 | s[b - 1];
	h = (h ^ w) * KLP_HASH_K2;
	h ^= h >> 29;
	h = (h ^ len) * KLP_HASH_K1;
	return (uint32_t)(h >> 32);
}

/*
 * A name of len bytes that a map line's name field holds whole: no NUL,
 * tab, space or newline; bytes past 0x7f too.
 */
static void random_name(char *s, size_t len, unsigned int *seed)
{
	for (size_t i = 0; i < len; i++) {
		*seed = *seed * 1103515245u + 12345u;
		s[i] = (char)(0x21 + (*seed >> 16) % (0x100 - 0x21));
	}
	s[len] = '\0';
}

/*
 * Every map line's hash as the byte-wise oracle has it: names of 1 to 80
 * bytes (every place of the end in a block of sixteen), ended by a
 * newline, by a tab and a [module], or by the file's end (the parser's
 * last bytes go one at a time).
 */
static void check_map_hashes(const char *path, size_t first, size_t nlen,
			     const char *after, bool last_unended,
			     size_t *n, size_t *bad)
{
	unsigned int seed = (unsigned int)(first * 131 + nlen);
	char names[100][96];
	struct klp_symfile f;
	size_t lines = 0;
	FILE *fp = fopen(path, "w");

	if (!fp) {
		printf("# %s: %s\n", path, strerror(errno));
		(*bad)++;
		return;
	}
	for (size_t len = first; len < first + nlen; len++, lines++) {
		random_name(names[lines], len, &seed);
		fprintf(fp, "ffffffff81000000 T %s%s", names[lines],
			last_unended && len + 1 == first + nlen ? "" : after);
	}
	fclose(fp);
	if (klp_symfile_read(&f, path)) {
		printf("# %s: cannot read it back\n", path);
		(*bad)++;
		klp_symfile_free(&f);
		return;
	}
	klp_symfile_lines(&f);
	if (f.n != lines || f.bad) {
		printf("# %s: %zu of %zu lines parsed (bad line %zu)\n", path,
		       f.n, lines, f.bad);
		(*bad)++;
		klp_symfile_free(&f);
		return;
	}
	for (size_t i = 0; i < lines; i++) {
		size_t len = strlen(names[i]);
		uint32_t want = hash_by_bytes((const unsigned char *)names[i],
					      len);

		(*n)++;
		if (f.v[i].hash != want || !klp_ksym_is(&f.v[i], names[i])) {
			if (!(*bad)++)
				printf("# %s line %zu: a name of %zu bytes hashed 0x%08x, not 0x%08x\n",
				       path, i + 1, len, f.v[i].hash, want);
		}
	}
	klp_symfile_free(&f);
}

/*
 * Lines near the common shape (sixteen digits, a space, a type, a space,
 * a name), which the map parser takes in one look. The oracle is the
 * parser's general rules: the same text with a space before every line
 * never takes the look, and must give the same symbols (name, address,
 * type) and stop at the same line.
 */
static bool parse_text(const char *path, const char *text,
		       struct klp_symfile *f)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fputs(text, fp) == EOF || fclose(fp)) {
		printf("# %s: cannot write it\n", path);
		return false;
	}
	if (klp_symfile_read(f, path)) {
		printf("# %s: cannot read it back\n", path);
		klp_symfile_free(f);
		return false;
	}
	klp_symfile_lines(f);
	return true;
}

static void test_map_line_shapes(void)
{
	static const char *const text[] = {
		"ffffffff81000000 T a\nffffffff81000001 \n T b\n",
		"ffffffff81000000 T \nffffffff81000001 T b\n",
		"ffffffff81000000 T a\nffffffff81000001 T\n b\n",
		"ffffffff81000000 TT a\n",
		"fffffffff81000000 T a\n",
		"ffffffff8100000g T a\n",
		"ffffffff81000000 T a\n\nffffffff81000001 t b",
		"ffffffff81000000  T a\n",
		"ffffffff81000000 T  a\n",
		"ffffffff81000000 T a",
		"ffffffff81000000 T ab\n",
		"ffffffff81000000 T a\tb\nffffffff81000001 T c\n",
		"ffffffff81000000 T\tx\n",
		"ffffffff81000000\tT x\n",
	};
	char path[4200], path2[4200], spaced[256];
	size_t bad = 0, nsym = 0;

	/* two files: each parse's names lie in its own */
	snprintf(path, sizeof(path), "%s/shapes.map", tmpdir);
	snprintf(path2, sizeof(path2), "%s/shapes-spaced.map", tmpdir);
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		struct klp_symfile f, g;
		size_t at = 0;

		/* a space at the start of every line */
		for (const char *t = text[i]; *t; t++) {
			if (t == text[i] || t[-1] == '\n')
				spaced[at++] = ' ';
			spaced[at++] = *t;
		}
		spaced[at] = '\0';
		if (!parse_text(path, text[i], &f)) {
			bad++;
			continue;
		}
		if (!parse_text(path2, spaced, &g)) {
			klp_symfile_free(&f);
			bad++;
			continue;
		}
		nsym += f.n;
		if (f.n != g.n || f.bad != g.bad) {
			printf("# case %zu: %zu symbols, stopped at line %zu; the general rules: %zu, %zu\n",
			       i, f.n, f.bad, g.n, g.bad);
			bad++;
		}
		for (size_t k = 0; k < f.n && k < g.n; k++)
			if (!same_name(&f.v[k], &g.v[k]) ||
			    f.v[k].addr != g.v[k].addr ||
			    f.v[k].type != g.v[k].type ||
			    f.v[k].hash != g.v[k].hash) {
				printf("# case %zu: symbol %zu differs\n", i, k);
				bad++;
			}
		klp_symfile_free(&f);
		klp_symfile_free(&g);
	}
	ok(!bad && nsym >= 8, "map line shapes: %zu texts near the common line parse as the general rules do (%zu symbols; %zu differ)",
	   sizeof(text) / sizeof(text[0]), nsym, bad);
}

/*
 * A big symbol file is parsed in two halves at once (symfile.c): the
 * second half's lines follow the first's as if one pass had read them.
 * The oracle is the one pass (klp_symfile_lines()): each text below is
 * parsed both ways, with a growing run of lines before it so that the
 * split lands before, inside and after each of its features (a module
 * whose lines cross it, blank lines, a bad line, a NUL, a type or the
 * per-cpu line seen only after it), and must give the same symbols,
 * runs, first lines of each type, line of the stop and binary verdict.
 */
static const char *split_diff(const struct klp_symfile *a,
			      const struct klp_symfile *b)
{
	if (a->n != b->n || a->bad != b->bad || a->binary != b->binary ||
	    a->nzero != b->nzero || a->abs_percpu != b->abs_percpu)
		return "count, stop, binary, zero or per-cpu";
	if ((a->rest1 ? a->rest1 - a->in.buf : -1) !=
	    (b->rest1 ? b->rest1 - b->in.buf : -1))
		return "first line's rest";
	if (memcmp(a->type_first, b->type_first, sizeof(a->type_first)))
		return "first line of a type";
	if (a->nruns != b->nruns)
		return "number of runs";
	for (size_t k = 0; k < a->nruns; k++)
		if (a->runs[k].from != b->runs[k].from ||
		    !a->runs[k].mod != !b->runs[k].mod ||
		    (a->runs[k].mod && strcmp(a->runs[k].mod, b->runs[k].mod)))
			return "a run";
	for (size_t i = 0; i < a->n; i++)
		if (!same_name(&a->v[i], &b->v[i]) ||
		    a->v[i].addr != b->v[i].addr ||
		    a->v[i].type != b->v[i].type ||
		    a->v[i].core != b->v[i].core ||
		    a->v[i].ksymtab != b->v[i].ksymtab ||
		    a->v[i].notrace != b->v[i].notrace ||
		    a->v[i].hash != b->v[i].hash)
			return "a symbol";
	return NULL;
}

static void test_split_parse(void)
{
	/* a NUL in a line: binary data from there on */
	static const char bin_line[] =
		"ffffffff81001000 T ok\nffffffff81001010 T bin\0ary\n";
	static const char *const feature[] = {
		/* a System.map */
		"ffffffff81001000 T f1\nffffffff81001010 t f2\n",
		/* modules, one of them long enough to cross the split */
		"ffffffffc0001000 t m1\t[ma]\nffffffffc0001010 t m2\t[ma]\n"
		"ffffffffc0001020 t m3\t[ma]\nffffffffc0001030 t m4\t[ma]\n"
		"ffffffffc0002000 T n1\t[mb]\n",
		/* vmlinux lines after module lines */
		"ffffffffc0001000 t m1\t[ma]\nffffffff81002000 T v1\n"
		"ffffffff81002010 D v2\n",
		/* blank and space-only lines: fewer symbols than lines */
		"\n\n\040\040\040\n\n\n\n\n\n\040\040\n\n\n\n\n\n\n\n\n\n\n\n",
		"ffffffff81001000 T ok\nnot a symbol line\n",
		bin_line,
		"0000000000000000 A __per_cpu_start\n0000000000000000 r z\n",
		"ffffffff81001000 W weak\t  trailing words\n",
		"ffffffff81001000 T __ksymtab_f1\n",
	};
	const size_t nfeature = sizeof(feature) / sizeof(*feature);
	char path[4200];
	size_t bad = 0, runs = 0, joined = 0;

	snprintf(path, sizeof(path), "%s/split.map", tmpdir);
	for (size_t c = 0; c < nfeature; c++) {
		size_t flen = feature[c] == bin_line ? sizeof(bin_line) - 1 :
			      strlen(feature[c]);

		for (size_t before = 0; before <= 12; before++) {
			struct klp_symfile one, two;
			const char *why;
			FILE *fp = fopen(path, "w");

			if (!fp) {
				bad++;
				continue;
			}
			/* the feature with plain lines before and after */
			for (size_t i = 0; i < before; i++)
				fprintf(fp, "ffffffff8100%04zx T pre%zu\n",
					i, i);
			fwrite(feature[c], 1, flen, fp);
			for (size_t i = 0; i < 4; i++)
				fprintf(fp, "ffffffff8200%04zx t post%zu%s\n",
					i, i, c == 1 && i < 2 ? "\t[mb]" : "");
			if (before % 3 == 2)
				fputs("ffffffff82100000 T unended", fp);
			if (fclose(fp) || klp_symfile_read(&one, path)) {
				bad++;
				continue;
			}
			klp_symfile_lines(&one);
			if (!klp_symfile_start(&two, path, KLP_JOBS_ALWAYS)) {
				printf("# no worker for %s\n", path);
				klp_symfile_free(&one);
				bad++;
				continue;
			}
			klp_symfile_wait(&two);
			runs++;
			joined += two.joined;
			why = split_diff(&one, &two);
			if (why) {
				printf("# feature %zu after %zu lines: %s differs\n",
				       c, before, why);
				bad++;
			}
			klp_symfile_free(&one);
			klp_symfile_free(&two);
		}
	}
	ok(!bad && joined * 2 > runs,
	   "split parse: %zu files parsed in two halves (%zu joined) give what one pass gives (%zu differ)",
	   runs, joined, bad);
}

/*
 * klp_ksyms_want_module(): the symbol part of a patch's .klp.sym name is
 * among the wanted, so a System.map's index holds it and its lookup
 * takes the partial index as it is (a name left out would make it whole
 * first: the same answer, at the cost the want set is there to save).
 */
static void test_want_module(void)
{
	const struct arch_desc *a = &arches[0];
	static char text[8192];
	char ppath[4200];
	struct klp_module *me = NULL;
	const struct klp_kobj *vm;
	struct klp_options opts;
	struct klp_ksyms ks;
	struct klp_diag d;
	enum klp_find_result r;
	unsigned long count, total;
	uint64_t addr = 0;
	size_t off, before = 0;

	off = (size_t)snprintf(text, sizeof(text),
			       "ffffffff81000000 T _stext\n");
	for (int i = 0; i < 100; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"ffffffff81%06x t w%d\n",
					0x1000 + i * 16, i);
	snprintf(ppath, sizeof(ppath), "%s/want-%s.ko", tmpdir, a->name);
	klp_options_init(&opts);
	opts.kver = a->kver;
	klp_ksyms_init(&ks, &opts);
	klp_diag_init(&d);
	if (!ok(!write_patch(ppath, a, ".klp.sym.vmlinux.w37,0") &&
		!klp_module_open(ppath, &opts, &d, &me),
		"want_module: the patch written and opened")) {
		print_diag(&d);
		goto out;
	}
	ks.arch = me->arch;
	klp_ksyms_want_module(&ks, me);
	if (!ok(load_text(&ks, "want-module.map", text,
			  KLP_SYMSRC_SYSTEM_MAP, &d),
		"want_module: the map loaded")) {
		print_diag(&d);
		goto out;
	}
	vm = klp_ksyms_obj(&ks, "vmlinux");
	if (vm)
		before = klp_ksyms_indexed(vm);
	ok(vm && before < vm->nr &&
	   klp_ksyms_find_ready(vm, klp_ksyms_hash("w37")),
	   "want_module: the index holds %zu of %zu symbols, w37 among them",
	   before, vm ? vm->nr : 0);
	r = vm ? klp_ksyms_find(vm, "w37", 0, false, &addr, &count, &total) :
		 KLP_FIND_NOT_FOUND;
	ok(r == KLP_FIND_OK && addr == 0xffffffff81001250ull &&
	   klp_ksyms_indexed(vm) == before,
	   "want_module: w37 found at 0x%llx, the index as it was",
	   (unsigned long long)addr);
out:
	klp_module_free(me);
	klp_ksyms_free(&ks);
	klp_diag_free(&d);
}

static void test_name_hash(void)
{
	unsigned int seed = 7;
	size_t n = 0, bad = 0;
	char path[4200], name[200];

	for (size_t len = 0; len <= 160; len++) {
		for (int round = 0; round < 20; round++) {
			uint32_t got, want;

			random_name(name, len, &seed);
			got = klp_name_hash_len(name, len);
			want = hash_by_bytes((const unsigned char *)name, len);
			n++;
			if (got != want && !bad++)
				printf("# a name of %zu bytes: 0x%08x, not 0x%08x\n",
				       len, got, want);
		}
	}
	ok(!bad, "name hash: %zu names of 0 to 160 bytes, each as the byte-wise definition has it (%zu not)",
	   n, bad);

	n = bad = 0;
	snprintf(path, sizeof(path), "%s/hash.map", tmpdir);
	check_map_hashes(path, 1, 80, "\n", false, &n, &bad);
	check_map_hashes(path, 1, 80, "\t[mod]\n", false, &n, &bad);
	/* the last line's name near the file's end, with and without '\n' */
	for (size_t len = 1; len <= 40; len++) {
		check_map_hashes(path, len, 1, "\n", false, &n, &bad);
		check_map_hashes(path, len, 1, "\n", true, &n, &bad);
		check_map_hashes(path, len, 1, "\t[m]\n", false, &n, &bad);
	}
	ok(!bad && n == 280, "map parser: %zu names of 1 to 80 bytes hashed as the byte-wise definition has it, at every end in a block and at the file's end (%zu not)",
	   n, bad);
}

int main(void)
{
	const char *t = getenv("KLP_TMP");

	if (t && *t) {
		snprintf(tmpdir, sizeof(tmpdir), "%s", t);
	} else {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-ksyms.XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			return 1;
		}
	}
	elf_version(EV_CURRENT);

	test_vmlinux();
	test_map_spellings();
	test_map_name_ends();
	test_map_bad_digits();
	test_map_zero_addr();
	test_want(false, true);
	test_want(true, true);
	test_want(false, false);
	test_dump_vmlinux_module();
	test_dump_runs();
	test_vmlinux_elf();
	test_kernel_syms();
	for (size_t i = 0; i < sizeof(arches) / sizeof(*arches); i++) {
		test_module(&arches[i], true);
		test_module(&arches[i], false);
		test_flow(&arches[i]);
	}
	/* the short way answered often, and never otherwise than the model */
	ok(one_found >= 100 && !one_wrong,
	   "find_one: %zu lookups answered the short way, as the model does (%zu differ)",
	   one_found, one_wrong);
	test_name_len();
	test_name_parse();
	test_hex16();
	test_name_hash();
	test_map_line_shapes();
	test_map_long_names();
	test_split_parse();
	test_want_module();
	return done_testing();
}
