// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF model of a module: read an ELF64 relocatable object of either
 * byte order with libelf, check every index, offset and size the way
 * kernel/module/main.c's elf_validity_*() do (with its messages), and hold
 * headers, symbols and relocations in host order.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <klpreloc/core.h>

#include "internal.h"

/* One load error: the kernel's wording when it has one, else ours. */
static int open_err(struct klp_diag *d, const char *path, const char *rule,
		    const char *kmsg, const char *msg)
{
	klp_diag_add(d, KLP_ERR, path, NULL, -1, rule, msg, kmsg);
	return -ENOEXEC;
}

static bool strtab_ok(const struct klp_section *s)
{
	return s->size && s->data[s->size - 1] == '\0';
}

/* Bytes in the file: what may not overlap. */
static bool has_contents(const Elf64_Shdr *a)
{
	return a->sh_type != SHT_NOBITS && a->sh_size;
}

/* a lies over the ELF header or the section header table */
static bool over_headers(const struct klp_module *me, const Elf64_Shdr *a)
{
	return a->sh_offset < sizeof(Elf64_Ehdr) ||
	       (a->sh_offset < me->hdr.e_shoff + me->shnum *
		sizeof(Elf64_Shdr) &&
		me->hdr.e_shoff < a->sh_offset + a->sh_size);
}

/* By file offset: the sections with file contents, for overlaps(). */
static int cmp_offset(const void *a, const void *b, void *arg)
{
	const Elf64_Shdr *sh = arg;
	const Elf64_Shdr *x = &sh[*(const unsigned int *)a];
	const Elf64_Shdr *y = &sh[*(const unsigned int *)b];

	return x->sh_offset < y->sh_offset ? -1 :
	       x->sh_offset > y->sh_offset;
}

/*
 * Whether any section with file contents overlaps another or the
 * headers: sorted by offset, each must start past every one before it
 * ends. n log n, where checking each pair was the open's largest cost
 * on a patch of two thousand sections.
 */
static bool overlaps(const struct klp_module *me)
{
	unsigned int *v = xmalloc(me->shnum * sizeof(*v)), n = 0;
	uint64_t end = 0;
	bool bad = false;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *a = &me->sechdrs[i];

		if (!has_contents(a))
			continue;
		/* (an end past 2^64 wraps: the pair check sees it so) */
		if (a->sh_offset + a->sh_size < a->sh_offset ||
		    over_headers(me, a))
			bad = true;
		v[n++] = i;
	}
	if (!bad)
		qsort_r(v, n, sizeof(*v), cmp_offset, me->sechdrs);
	for (unsigned int k = 0; !bad && k < n; k++) {
		const Elf64_Shdr *a = &me->sechdrs[v[k]];

		bad = k && a->sh_offset < end;
		if (a->sh_offset + a->sh_size > end)
			end = a->sh_offset + a->sh_size;
	}
	free(v);
	return bad;
}

/*
 * Sections with file contents must not overlap each other or the headers.
 * The first overlap, in section order, is named: looked for pair by pair
 * only when there is one.
 */
static int check_overlap(struct klp_module *me, struct klp_diag *d)
{
	if (!overlaps(me))
		return 0;
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *a = &me->sechdrs[i];

		if (!has_contents(a))
			continue;
		if (over_headers(me, a)) {
			char m[160];

			snprintf(m, sizeof(m),
				 "section %u (%s) overlaps the ELF headers", i,
				 klp_secname(me, i));
			return open_err(d, me->path, "elf-overlap", NULL, m);
		}
		for (unsigned int j = i + 1; j < me->shnum; j++) {
			const Elf64_Shdr *b = &me->sechdrs[j];

			if (!has_contents(b))
				continue;
			if (a->sh_offset < b->sh_offset + b->sh_size &&
			    b->sh_offset < a->sh_offset + a->sh_size) {
				char m[200];

				snprintf(m, sizeof(m),
					 "sections %u (%s) and %u (%s) overlap in the file",
					 i, klp_secname(me, i), j,
					 klp_secname(me, j));
				return open_err(d, me->path, "elf-overlap",
						NULL, m);
			}
		}
	}
	return 0;
}

static int check_ehdr(struct klp_module *me, struct klp_diag *d)
{
	const unsigned char *id = me->file_buf;
	char k[160];

	if (me->file_size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG)) {
		if (me->file_size < sizeof(Elf64_Ehdr)) {
			snprintf(k, sizeof(k), "Invalid ELF header len %zu",
				 me->file_size);
			return open_err(d, me->path, "elf-header", k,
					"not an ELF file");
		}
		return open_err(d, me->path, "elf-header",
				"Invalid ELF header magic: != \\177ELF",
				"not an ELF file");
	}
	if (id[EI_CLASS] != ELFCLASS64)
		return open_err(d, me->path, "elf-class", NULL,
				"not an ELF64 object (32-bit ELF is not a module of a supported arch)");
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return open_err(d, me->path, "elf-header", NULL,
				"unknown ELF byte order");
	if (me->file_size < sizeof(Elf64_Ehdr)) {
		snprintf(k, sizeof(k), "Invalid ELF header len %zu",
			 me->file_size);
		return open_err(d, me->path, "elf-header", k, "truncated");
	}
	return 0;
}

static int check_arch(struct klp_module *me, struct klp_diag *d)
{
	char k[160], m[160];

	if (me->hdr.e_type != ET_REL) {
		snprintf(k, sizeof(k), "Invalid ELF header type: %u != %u",
			 me->hdr.e_type, ET_REL);
		return open_err(d, me->path, "elf-type", k,
				"not a relocatable object (.ko/.o)");
	}
	me->arch = klp_arch_by_machine(me->hdr.e_machine);
	if (!me->arch) {
		snprintf(k, sizeof(k),
			 "Invalid architecture in ELF header: %u",
			 me->hdr.e_machine);
		snprintf(m, sizeof(m), "e_machine %u is not a supported arch",
			 me->hdr.e_machine);
		return open_err(d, me->path, "elf-machine", k, m);
	}
	if (me->hdr.e_ident[EI_DATA] != me->arch->elfdata ||
	    (me->hdr.e_flags & me->arch->flags_mask) !=
	    me->arch->flags_value) {
		snprintf(k, sizeof(k),
			 "Invalid module architecture in ELF header: %u",
			 me->hdr.e_machine);
		snprintf(m, sizeof(m),
			 "byte order or e_flags 0x%x do not match %s",
			 me->hdr.e_flags, me->arch->name);
		return open_err(d, me->path, "elf-machine", k, m);
	}
	return 0;
}

static int check_shdrs(struct klp_module *me, struct klp_diag *d)
{
	const Elf64_Ehdr *h = &me->hdr;

	if (h->e_shentsize != sizeof(Elf64_Shdr))
		return open_err(d, me->path, "elf-shdr",
				"Invalid ELF section header size", NULL);
	if (h->e_shoff >= me->file_size ||
	    h->e_shnum * sizeof(Elf64_Shdr) > me->file_size - h->e_shoff ||
	    h->e_shnum == 0)
		return open_err(d, me->path, "elf-shdr",
				"Invalid ELF section header overflow", NULL);
	return 0;
}

static int check_sections(struct klp_module *me, struct klp_diag *d)
{
	char k[200];
	const Elf64_Shdr *s0 = &me->sechdrs[0];

	if (s0->sh_type != SHT_NULL || s0->sh_size || s0->sh_addr) {
		snprintf(k, sizeof(k),
			 "ELF Spec violation: section 0 type(%d)!=SH_NULL or non-zero len or addr",
			 s0->sh_type);
		return open_err(d, me->path, "elf-shdr", k, NULL);
	}
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *s = &me->sechdrs[i];

		if (s->sh_type == SHT_NULL || s->sh_type == SHT_NOBITS)
			continue;
		if (s->sh_offset > me->file_size ||
		    s->sh_size > me->file_size - s->sh_offset) {
			snprintf(k, sizeof(k),
				 "Invalid ELF section in module (section %u type %u)",
				 i, s->sh_type);
			return open_err(d, me->path, "elf-section-bounds", k,
					"section contents lie outside the file");
		}
	}
	return 0;
}

static int check_secstrings(struct klp_module *me, struct klp_diag *d)
{
	unsigned int ndx = me->hdr.e_shstrndx;
	const struct klp_section *s;
	char k[200];

	if (ndx == SHN_UNDEF || ndx >= me->shnum) {
		snprintf(k, sizeof(k),
			 "Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)",
			 ndx, ndx, me->shnum);
		return open_err(d, me->path, "elf-shstrtab", k, NULL);
	}
	if (me->sechdrs[ndx].sh_type != SHT_STRTAB) {
		snprintf(k, sizeof(k),
			 "Invalid ELF section name table type: %u",
			 me->sechdrs[ndx].sh_type);
		return open_err(d, me->path, "elf-shstrtab", k, NULL);
	}
	s = &me->secs[ndx];
	if (!s->size)
		return open_err(d, me->path, "elf-shstrtab",
				"empty section name table", NULL);
	if (!strtab_ok(s))
		return open_err(d, me->path, "elf-shstrtab",
				"ELF Spec violation: section name table isn't null terminated",
				NULL);
	for (unsigned int i = 0; i < me->shnum; i++) {
		if (me->sechdrs[i].sh_type == SHT_NULL)
			continue;
		if (me->sechdrs[i].sh_name >= s->size) {
			snprintf(k, sizeof(k),
				 "Invalid ELF section name in module (section %u type %u)",
				 i, me->sechdrs[i].sh_type);
			return open_err(d, me->path, "elf-shstrtab", k, NULL);
		}
	}
	me->secstrings = (const char *)s->data;
	return 0;
}

/*
 * find_any_unique_sec(): how many sections are named name, whatever their
 * flags, and (*idx) the last of them.
 */
static unsigned int count_secs(const struct klp_module *me, const char *name,
			       unsigned int *idx)
{
	unsigned int n = 0;

	for (unsigned int i = 1; i < me->shnum; i++)
		if (!strcmp(klp_secname(me, i), name)) {
			n++;
			*idx = i;
		}
	return n;
}

/* elf_validity_cache_index_info(): at most one .modinfo */
static int check_modinfo(struct klp_module *me, struct klp_diag *d)
{
	unsigned int idx, n = count_secs(me, ".modinfo", &idx);
	char m[80];

	if (n < 2)
		return 0;
	snprintf(m, sizeof(m), "%u sections are named .modinfo", n);
	return open_err(d, me->path, "elf-modinfo",
			"Only one .modinfo section must exist.", m);
}

static int check_symtab(struct klp_module *me, struct klp_diag *d)
{
	unsigned int nsym = 0, str;
	char k[200];

	for (unsigned int i = 1; i < me->shnum; i++)
		if (me->sechdrs[i].sh_type == SHT_SYMTAB) {
			nsym++;
			me->symindex = i;
		}
	if (nsym != 1) {
		snprintf(k, sizeof(k), "%s: module has no symbols (stripped?)",
			 me->name);
		return open_err(d, me->path, "elf-symtab", k,
				nsym ? "more than one symbol table" :
				"no symbol table");
	}
	str = me->sechdrs[me->symindex].sh_link;
	if (str == SHN_UNDEF || str >= me->shnum) {
		snprintf(k, sizeof(k),
			 "Invalid ELF sh_link!=SHN_UNDEF(%d) or (sh_link(%d) >= hdr->e_shnum(%d)",
			 str, str, me->shnum);
		return open_err(d, me->path, "elf-symtab", k, NULL);
	}
	if (me->sechdrs[str].sh_type != SHT_STRTAB) {
		snprintf(k, sizeof(k),
			 "Invalid ELF symbol string table type: %u",
			 me->sechdrs[str].sh_type);
		return open_err(d, me->path, "elf-symtab", k, NULL);
	}
	if (me->sechdrs[me->symindex].sh_entsize != sizeof(Elf64_Sym) ||
	    me->secs[me->symindex].size % sizeof(Elf64_Sym))
		return open_err(d, me->path, "elf-symtab", NULL,
				"symbol table entry size is not sizeof(Elf64_Sym)");
	if (!strtab_ok(&me->secs[str]))
		return open_err(d, me->path, "elf-symtab", NULL,
				"symbol string table is empty or not NUL-terminated");
	me->strindex = str;
	me->syms = (Elf64_Sym *)me->secs[me->symindex].data;
	me->nsyms = me->secs[me->symindex].size / sizeof(Elf64_Sym);
	me->strtab = (const char *)me->secs[str].data;
	me->strtab_size = me->secs[str].size;
	for (size_t i = 0; i < me->nsyms; i++) {
		if (me->syms[i].st_name >= me->strtab_size) {
			char m[120];

			snprintf(m, sizeof(m),
				 "symbol %zu has a name offset past its string table",
				 i);
			return open_err(d, me->path, "elf-symtab", NULL, m);
		}
	}
	return 0;
}

/* Every relocation section: entry size, sh_link, sh_info, symbol indices. */
static int check_relas(struct klp_module *me, struct klp_diag *d)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *s = &me->sechdrs[i];
		size_t nr;
		Elf64_Rela *r;
		long j;

		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Rela) ||
		    me->secs[i].size % sizeof(Elf64_Rela)) {
			klp_report(me, KLP_ERR, i, -1, "elf-rela", NULL,
				   "entry size %llu is not sizeof(Elf64_Rela)",
				   (unsigned long long)s->sh_entsize);
			return -ENOEXEC;
		}
		/* the kernel skips a RELA whose sh_info is out of range */
		if (s->sh_info >= me->shnum)
			continue;
		/* sh_link: the kernel uses its one symtab regardless */
		j = klp_relas_sym_past(me, i);
		if (j < 0)
			continue;
		r = klp_relas(me, i, &nr);
		klp_report(me, KLP_ERR, i, j, "elf-rela-sym", NULL,
			   "symbol index %llu is past the symbol table (%zu symbols)",
			   (unsigned long long)ELF64_R_SYM(r[j].r_info),
			   me->nsyms);
		return -ENOEXEC;
	}
	(void)d;
	return 0;
}

long klp_relas_sym_past(const struct klp_module *me, unsigned int relsec)
{
	size_t nr;
	const Elf64_Rela *r = klp_relas(me, relsec, &nr);

	for (size_t j = 0; j < nr; j++)
		if (ELF64_R_SYM(r[j].r_info) >= me->nsyms)
			return (long)j;
	return -1;
}

static const char *modinfo_get(const struct klp_module *me, const char *key)
{
	size_t klen = strlen(key);
	const char *p = me->modinfo, *end;

	/* no .modinfo: NULL + 0 is undefined, never compute it */
	if (!p)
		return NULL;
	end = p + me->modinfo_size;
	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));

		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=' &&
		    p + n < end)
			return p + klen + 1;
		p += n + 1;
	}
	return NULL;
}

static void read_modinfo(struct klp_module *me)
{
	unsigned int i = klp_find_sec(me, ".modinfo");
	const char *v;

	if (i && me->secs[i].data) {
		me->modinfo = (const char *)me->secs[i].data;
		me->modinfo_size = me->secs[i].size;
	}
	v = modinfo_get(me, "livepatch");
	me->livepatch = v && !strcmp(v, "Y");
	v = modinfo_get(me, "name");
	if (v) {
		me->name = xstrdup(v);
	} else {
		/* the file stem, as kbuild derives KBUILD_MODNAME */
		const char *b = strrchr(me->path, '/');
		char *n = xstrdup(b ? b + 1 : me->path), *dot;

		dot = strchr(n, '.');
		if (dot)
			*dot = '\0';
		for (char *c = n; *c; c++)
			if (*c == '-')
				*c = '_';
		me->name = n;
	}
}

/*
 * elf_validity_cache_index_mod(): struct module's section, one and with
 * contents in memory. Its size is config's sizeof(struct module), which
 * the model cannot know; and a bare object (no such section at all, which
 * the kernel refuses too) is taken as if linked, for tests and tools.
 */
static int check_this_module(struct klp_module *me, struct klp_diag *d)
{
	const char *name = modinfo_get(me, "name"), *why = NULL;
	unsigned int idx = 0;
	unsigned int n = count_secs(me, ".gnu.linkonce.this_module", &idx);
	char k[300];

	if (n > 1)
		why = "Exactly one .gnu.linkonce.this_module section must exist.";
	else if (n && me->sechdrs[idx].sh_type == SHT_NOBITS)
		why = ".gnu.linkonce.this_module section must have a size set";
	else if (n && !(me->sechdrs[idx].sh_flags & SHF_ALLOC))
		why = ".gnu.linkonce.this_module must occupy memory during process execution";
	if (!why)
		return 0;
	snprintf(k, sizeof(k), "module %s: %s",
		 name ? name : "(missing .modinfo section or name field)", why);
	return open_err(d, me->path, "elf-this-module", k,
			"struct module's section is not one allocated section with contents");
}

const char *klp_modinfo(const struct klp_module *me, const char *key)
{
	return modinfo_get(me, key);
}

/* Sections apart by less than this are mapped in as one range. */
#define POPULATE_GAP	(64UL << 10)
/* Past this many ranges (sections out of file order), faults do the rest. */
#define POPULATE_MAX	64

/*
 * The bytes a load reads, mapped in a few calls (klp_input_populate()):
 * every section's but those nothing reads (debug information, comments),
 * which can be most of a module built with it. The sections' headers were
 * checked to lie in the file.
 */
static void populate_sections(struct klp_module *me)
{
	size_t from = 0, to = 0;
	int calls = 0;

	for (unsigned int i = 1; i < me->shnum && calls < POPULATE_MAX; i++) {
		const Elf64_Shdr *s = &me->sechdrs[i];

		if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL ||
		    !s->sh_size ||
		    (!(s->sh_flags & SHF_ALLOC) && s->sh_type != SHT_RELA &&
		     s->sh_type != SHT_SYMTAB && s->sh_type != SHT_STRTAB))
			continue;
		if (to && s->sh_offset >= from &&
		    s->sh_offset <= to + POPULATE_GAP) {
			if (s->sh_offset + s->sh_size > to)
				to = s->sh_offset + s->sh_size;
			continue;
		}
		if (to) {
			klp_input_populate(me->file_in, from, to);
			calls++;
		}
		from = s->sh_offset;
		to = s->sh_offset + s->sh_size;
	}
	if (to && calls < POPULATE_MAX)
		klp_input_populate(me->file_in, from, to);
}

/* Copy section contents in host order where libelf converts them. */
static int load_sections(struct klp_module *me, Elf *elf, struct klp_diag *d)
{
	for (unsigned int i = 1; i < me->shnum; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);
		Elf64_Shdr *s = &me->sechdrs[i];
		Elf_Data *data;
		char m[200];

		if (s->sh_type == SHT_NOBITS || s->sh_type == SHT_NULL ||
		    !s->sh_size)
			continue;
		if (s->sh_type == SHT_RELA || s->sh_type == SHT_SYMTAB)
			data = scn ? elf_getdata(scn, NULL) : NULL;
		else
			data = scn ? elf_rawdata(scn, NULL) : NULL;
		if (!data || data->d_size != s->sh_size) {
			snprintf(m, sizeof(m),
				 "section %u: cannot read contents: %s", i,
				 elf_errmsg(-1));
			return open_err(d, me->path, "elf-section-bounds",
					NULL, m);
		}
		me->secs[i].size = data->d_size;
		/*
		 * Host-order contents libelf leaves in the (private) image
		 * stay there: a large patch is tens of MB of symbols, names
		 * and relocations, read once. Not SHF_ALLOC ones when the
		 * arch has a pass before layout (module_frob_arch_sections():
		 * arm64 and ppc64 sort relocations in place): layout copies
		 * those from the file's bytes, which must not see what that
		 * pass writes. Anything libelf converted into a buffer of
		 * its own is copied before elf_end(). So is what a run
		 * rewrites whole (the symbol table, relocations a frob pass
		 * sorts): one copy costs less than a fault per page of the
		 * mapping copied on write.
		 */
		if ((!(s->sh_flags & SHF_ALLOC) ||
		     !me->arch->frob_arch_sections) &&
		    s->sh_type != SHT_SYMTAB &&
		    (s->sh_type != SHT_RELA || !me->arch->frob_arch_sections) &&
		    (unsigned char *)data->d_buf >=
		    (unsigned char *)me->file_buf &&
		    (unsigned char *)data->d_buf + data->d_size <=
		    (unsigned char *)me->file_buf + me->file_size) {
			me->secs[i].data = data->d_buf;
			me->secs[i].in_file = true;
			continue;
		}
		me->secs[i].data = xmalloc(data->d_size);
		memcpy(me->secs[i].data, data->d_buf, data->d_size);
	}
	return 0;
}

static int parse(struct klp_module *me, struct klp_diag *d)
{
	Elf *elf;
	GElf_Ehdr eh;
	int ret = -ENOEXEC;

	ret = check_ehdr(me, d);
	if (ret)
		return ret;
	elf = elf_memory(me->file_buf, me->file_size);
	if (!elf || !gelf_getehdr(elf, &eh)) {
		ret = open_err(d, me->path, "elf-header", NULL, elf_errmsg(-1));
		goto out;
	}
	memcpy(&me->hdr, &eh, sizeof(me->hdr));
	ret = check_arch(me, d);
	if (!ret)
		ret = check_shdrs(me, d);
	if (ret)
		goto out;
	me->shnum = me->hdr.e_shnum;
	me->sechdrs = xcalloc(me->shnum, sizeof(*me->sechdrs));
	me->secs = xcalloc(me->shnum, sizeof(*me->secs));
	for (unsigned int i = 0; i < me->shnum; i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = elf_getscn(elf, i);

		if (!scn || !gelf_getshdr(scn, &sh)) {
			ret = open_err(d, me->path, "elf-shdr", NULL,
				       elf_errmsg(-1));
			goto out;
		}
		memcpy(&me->sechdrs[i], &sh, sizeof(sh));
		me->secs[i].mem = -1;
	}
	ret = check_sections(me, d);
	if (!ret) {
		populate_sections(me);
		ret = load_sections(me, elf, d);
	}
	if (!ret)
		ret = check_secstrings(me, d);
	if (ret)
		goto out;
	for (unsigned int i = 0; i < me->shnum; i++)
		me->secs[i].name = klp_secname(me, i);
	ret = check_overlap(me, d);
	if (!ret)
		ret = check_modinfo(me, d);
	if (ret)
		goto out;
	read_modinfo(me);
	ret = check_this_module(me, d);
	if (!ret)
		ret = check_symtab(me, d);
	if (!ret)
		ret = check_relas(me, d);
out:
	if (elf)
		elf_end(elf);
	return ret;
}

int klp_module_open(const char *path, const struct klp_options *opts,
		    struct klp_diag *diag, struct klp_module **out)
{
	struct klp_module *me = xcalloc(1, sizeof(*me));
	int ret;

	*out = NULL;
	elf_version(EV_CURRENT);
	me->path = xstrdup(path);
	me->opts = opts;
	me->diag = diag;
	me->cur_rel = -1;
	me->state = KLP_MOD_UNFORMED;
	me->name = NULL;
	me->file_in = xmalloc(sizeof(*me->file_in));
	ret = klp_input_read(me->file_in, me->path, true, diag);
	me->file_buf = me->file_in->buf;
	me->file_size = me->file_in->len;
	if (!ret)
		ret = parse(me, diag);
	if (!ret)
		ret = klp_arch_opts_apply(me);
	if (ret) {
		klp_module_free(me);
		return ret;
	}
	*out = me;
	return 0;
}

void klp_module_free(struct klp_module *me)
{
	if (!me)
		return;
	if (me->arch && me->arch->release)
		me->arch->release(me);
	for (unsigned int i = 0; me->secs && i < me->shnum; i++) {
		if (!me->secs[i].in_mem && !me->secs[i].in_file)
			free(me->secs[i].data);
		free(me->secs[i].file_relas);
		free(me->secs[i].order);
	}
	for (int i = 0; i < KLP_MEM_NR; i++)
		klp_zfree(me->mem[i].buf, me->mem[i].size);
	free(me->resolved);
	klp_symparse_free(me);
	free(me->secs);
	free(me->sechdrs);
	free((char *)me->name);
	free((char *)me->path);
	if (me->file_in)
		klp_input_free(me->file_in);
	free(me->file_in);
	free(me);
}

const char *klp_secname(const struct klp_module *me, unsigned int i)
{
	/*
	 * Like the kernel, the open checks sh_name of every section but
	 * SHT_NULL ones: those may point anywhere, and name nothing.
	 */
	if (!me->secstrings || i >= me->shnum ||
	    me->sechdrs[i].sh_name >= me->secs[me->hdr.e_shstrndx].size)
		return "";
	return me->secstrings + me->sechdrs[i].sh_name;
}

const char *klp_symname(const struct klp_module *me, const Elf64_Sym *sym)
{
	if (!me->strtab || sym->st_name >= me->strtab_size)
		return "";
	return me->strtab + sym->st_name;
}

unsigned int klp_find_sec(const struct klp_module *me, const char *name)
{
	for (unsigned int i = 1; i < me->shnum; i++)
		if (!strcmp(klp_secname(me, i), name))
			return i;
	return 0;
}
