// SPDX-License-Identifier: GPL-2.0
/*
 * genklp: write a synthetic livepatch module for any of the four arches,
 * with exactly the klp sections and symbols a test asks for - including
 * every way of getting them wrong - and, for benchmarks, a System.map.
 *
 *   genklp -a ARCH -o OUT.ko [-n NAME] [--no-livepatch] [--text-size N]
 *          [-s SECNAME[:flags=X][:info=N][:link=N][:type=N]]
 *          [-r SYMNAME[:shndx=N][:rtype=N][:off=N]]...
 *   genklp -a ARCH -o OUT.ko --bench NRELA,NSYM --map OUT.map
 *   genklp -a ARCH -o OUT.ko --distro NRELA,NSYM --map OUT.kallsyms
 *   genklp -a ARCH -o OUT.ko -n NAME -d SYM [-d SYM]...   (a target module)
 *
 * Each -r adds one relocation to the section opened by the last -s (by
 * default .klp.rela.vmlinux.text) against SYMNAME, a symbol created once
 * per name with st_shndx SHN_LIVEPATCH unless shndx= says otherwise. The
 * relocation is the arch's absolute 64-bit type at the next 8 bytes of
 * .text unless rtype=/off= say otherwise. -d defines a local function
 * symbol in .text (16 bytes each; a name may repeat), --fill sets every
 * byte of .text.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <klpreloc/module.h>

struct arch_desc {
	const char *name;
	uint16_t machine;
	unsigned char data;
	uint32_t flags;
	uint32_t abs64;
};

static const struct arch_desc arches[] = {
	{ "x86_64", EM_X86_64, ELFDATA2LSB, 0, R_X86_64_64 },
	{ "s390x", EM_S390, ELFDATA2MSB, 0, R_390_64 },
	{ "arm64", EM_AARCH64, ELFDATA2LSB, 0, R_AARCH64_ABS64 },
	{ "ppc64le", EM_PPC64, ELFDATA2LSB, 2, R_PPC64_ADDR64 },
};

struct rsec {
	char *name;
	uint64_t flags;
	long info, link;	/* -1: default */
	uint32_t type;
	Elf64_Rela *r;
	size_t nr;
};

static struct rsec *secs;
static size_t nsecs;
static char **symnames;
static uint16_t *symshndx;
static size_t nsym;
/* name -> index + 1 in symnames (0: empty), open addressing */
static uint32_t *symhash;
static size_t nsymhash;
static uint64_t next_off;
static char **defs;
static size_t ndefs;
static int fill;

static void die(const char *m)
{
	fprintf(stderr, "genklp: %s\n", m);
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

/* "name:key=val:key=val" -> value of key, or def */
static long long opt_val(const char *spec, const char *key, long long def)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), ":%s=", key);
	p = strstr(spec, pat);
	return p ? strtoll(p + strlen(pat), NULL, 0) : def;
}

static char *opt_name(const char *spec)
{
	const char *c = strstr(spec, ":");

	/* symbol names may contain ':' only through the documented keys */
	while (c && !strchr("fiItlsro", c[1]))
		c = strstr(c + 1, ":");
	return strndup(spec, c ? (size_t)(c - spec) : strlen(spec));
}

static void open_sec(const char *spec)
{
	struct rsec *s;

	/* grows in steps: the distro case opens a thousand sections */
	if (!(nsecs & 63))
		secs = xrealloc(secs, (nsecs + 64) * sizeof(*secs));
	s = &secs[nsecs++];
	memset(s, 0, sizeof(*s));
	s->name = opt_name(spec);
	s->flags = (uint64_t)opt_val(spec, "flags", SHF_ALLOC | SHF_INFO_LINK |
				     SHF_RELA_LIVEPATCH);
	s->info = (long)opt_val(spec, "info", -1);
	s->link = (long)opt_val(spec, "link", -1);
	s->type = (uint32_t)opt_val(spec, "type", SHT_RELA);
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Benchmarks make a million symbols: a hash, not a scan per name. */
static void symhash_grow(void)
{
	size_t n = nsymhash ? nsymhash * 2 : 1024;
	uint32_t *t = calloc(n, sizeof(*t));

	if (!t)
		die("out of memory");
	for (size_t i = 0; i < nsym; i++) {
		size_t at = str_hash(symnames[i]) & (n - 1);

		while (t[at])
			at = (at + 1) & (n - 1);
		t[at] = (uint32_t)i + 1;
	}
	free(symhash);
	symhash = t;
	nsymhash = n;
}

static size_t sym_index(const char *name, uint16_t shndx)
{
	size_t at;

	if (nsym * 2 >= nsymhash)
		symhash_grow();
	at = str_hash(name) & (nsymhash - 1);
	for (; symhash[at]; at = (at + 1) & (nsymhash - 1))
		if (!strcmp(symnames[symhash[at] - 1], name))
			return symhash[at] - 1;
	symhash[at] = (uint32_t)nsym + 1;
	if (!(nsym & (nsym - 1))) {	/* doubles at each power of two */
		symnames = xrealloc(symnames, (nsym ? nsym * 2 : 1) *
				    sizeof(*symnames));
		symshndx = xrealloc(symshndx, (nsym ? nsym * 2 : 1) *
				    sizeof(*symshndx));
	}
	symnames[nsym] = strdup(name);
	symshndx[nsym] = shndx;
	return nsym++;
}

/* symbol table: [0] null, [1] .text section symbol, -d ones, then klp */
#define FIRST_SYM	(2 + ndefs)

static void add_rel(const struct arch_desc *a, const char *spec)
{
	struct rsec *s;
	char *name = opt_name(spec);
	size_t si = sym_index(name, (uint16_t)opt_val(spec, "shndx",
						       SHN_LIVEPATCH));
	uint64_t off = (uint64_t)opt_val(spec, "off", (long long)next_off);

	if (!nsecs)
		open_sec(".klp.rela.vmlinux.text");
	s = &secs[nsecs - 1];
	if (!(s->nr & (s->nr - 1)))
		s->r = xrealloc(s->r, (s->nr ? s->nr * 2 : 1) * sizeof(*s->r));
	s->r[s->nr].r_offset = off;
	s->r[s->nr].r_info = ELF64_R_INFO(si + FIRST_SYM,
					  (uint32_t)opt_val(spec, "rtype",
							    a->abs64));
	s->r[s->nr].r_addend = 0;
	s->nr++;
	if (off + 8 > next_off)
		next_off = off + 8;
	free(name);
}

static size_t strtab_add(char **tab, size_t *len, const char *s)
{
	size_t at = *len, n = strlen(s) + 1;

	*tab = xrealloc(*tab, *len + n);
	memcpy(*tab + at, s, n);
	*len += n;
	return at;
}

static Elf_Scn *new_sec(Elf *e, size_t name, uint32_t type, uint64_t flags,
			void *buf, size_t size, Elf_Type dtype, size_t align)
{
	Elf_Scn *scn = elf_newscn(e);
	Elf_Data *d = elf_newdata(scn);
	GElf_Shdr sh;

	d->d_buf = buf;
	d->d_size = size;
	d->d_type = dtype;
	d->d_align = align;
	gelf_getshdr(scn, &sh);
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addralign = align;
	gelf_update_shdr(scn, &sh);
	return scn;
}

static void set_shdr(Elf_Scn *scn, uint32_t link, uint32_t info,
		     uint64_t entsize)
{
	GElf_Shdr sh;

	gelf_getshdr(scn, &sh);
	sh.sh_link = link;
	sh.sh_info = info;
	sh.sh_entsize = entsize;
	gelf_update_shdr(scn, &sh);
}

static void write_elf(const struct arch_desc *a, const char *out,
		      const char *modname, bool livepatch, uint64_t text_size)
{
	char tmp[4096], *shstr = NULL, *str = NULL, modinfo[256];
	size_t shlen = 0, strl = 0, mlen;
	int fd;
	Elf *e;
	Elf64_Ehdr *eh;
	Elf64_Sym *syms;
	Elf_Scn *text, *symtab, *strscn, *shscn;
	unsigned char *textbuf;
	size_t n_text, n_sym, n_str, n_mod, n_shstr, n_stubs;

	snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", out);
	fd = mkstemp(tmp);
	if (fd < 0)
		die("cannot create output");
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_WRITE, NULL);
	eh = elf64_newehdr(e);
	eh->e_ident[EI_DATA] = a->data;
	eh->e_type = ET_REL;
	eh->e_machine = a->machine;
	eh->e_version = EV_CURRENT;
	eh->e_flags = a->flags;

	strtab_add(&shstr, &shlen, "");
	n_text = strtab_add(&shstr, &shlen, ".text");
	n_mod = strtab_add(&shstr, &shlen, ".modinfo");
	n_sym = strtab_add(&shstr, &shlen, ".symtab");
	n_str = strtab_add(&shstr, &shlen, ".strtab");

	if (text_size < next_off)
		text_size = next_off;
	if (text_size < ndefs * 16)
		text_size = ndefs * 16;
	textbuf = calloc(1, text_size ? text_size : 1);
	memset(textbuf, fill, text_size);
	text = new_sec(e, n_text, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
		       textbuf, text_size, ELF_T_BYTE, 16);
	/* NUL-separated key=value strings, as modpost writes them */
	mlen = (size_t)snprintf(modinfo, sizeof(modinfo), "%s#name=%s",
				livepatch ? "livepatch=Y" : "license=GPL",
				modname) + 1;
	*strchr(modinfo, '#') = '\0';
	new_sec(e, n_mod, SHT_PROGBITS, SHF_ALLOC, modinfo, mlen, ELF_T_BYTE,
		1);

	strtab_add(&str, &strl, "");
	syms = calloc(nsym + FIRST_SYM, sizeof(*syms));
	syms[1].st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
	syms[1].st_shndx = (uint16_t)elf_ndxscn(text);
	for (size_t i = 0; i < ndefs; i++) {
		Elf64_Sym *s = &syms[2 + i];

		s->st_name = (uint32_t)strtab_add(&str, &strl, defs[i]);
		s->st_info = ELF64_ST_INFO(STB_LOCAL, STT_FUNC);
		s->st_shndx = syms[1].st_shndx;
		s->st_value = 16 * i;
		s->st_size = 16;
	}
	for (size_t i = 0; i < nsym; i++) {
		Elf64_Sym *s = &syms[i + FIRST_SYM];

		s->st_name = (uint32_t)strtab_add(&str, &strl, symnames[i]);
		s->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE);
		s->st_shndx = symshndx[i];
	}
	symtab = new_sec(e, n_sym, SHT_SYMTAB, 0, syms,
			 (nsym + FIRST_SYM) * sizeof(*syms), ELF_T_SYM, 8);
	for (size_t i = 0; i < nsecs; i++) {
		struct rsec *s = &secs[i];
		size_t nm = strtab_add(&shstr, &shlen, s->name);
		Elf_Scn *scn = new_sec(e, nm, s->type, s->flags, s->r,
				       s->nr * sizeof(Elf64_Rela),
				       s->type == SHT_RELA ? ELF_T_RELA :
				       ELF_T_BYTE, 8);

		set_shdr(scn, s->link >= 0 ? (uint32_t)s->link :
			 (uint32_t)elf_ndxscn(symtab),
			 s->info >= 0 ? (uint32_t)s->info :
			 (uint32_t)elf_ndxscn(text), sizeof(Elf64_Rela));
	}
	n_shstr = strtab_add(&shstr, &shlen, ".shstrtab");
	n_stubs = strtab_add(&shstr, &shlen, ".stubs");
	strscn = new_sec(e, n_str, SHT_STRTAB, 0, str, strl, ELF_T_BYTE, 1);
	set_shdr(symtab, (uint32_t)elf_ndxscn(strscn), FIRST_SYM,
		 sizeof(Elf64_Sym));
	shscn = new_sec(e, n_shstr, SHT_STRTAB, 0, shstr, shlen, ELF_T_BYTE,
			1);
	eh->e_shstrndx = (uint16_t)elf_ndxscn(shscn);
	/*
	 * ppc64's <asm/module.h> gives every module object an empty NOBITS
	 * .stubs (the loader refuses a module without one). Last, so that
	 * the other sections keep their indices on every arch.
	 */
	if (a->machine == EM_PPC64)
		new_sec(e, n_stubs, SHT_NOBITS, SHF_ALLOC | SHF_EXECINSTR, NULL,
			0, ELF_T_BYTE, 8);
	if (elf_update(e, ELF_C_WRITE) < 0) {
		fprintf(stderr, "genklp: %s\n", elf_errmsg(-1));
		unlink(tmp);
		exit(2);
	}
	elf_end(e);
	if (close(fd) || rename(tmp, out))
		die("cannot write output");
	free(textbuf);
	free(syms);
	free(str);
	free(shstr);
}

/* A System.map of nsym text symbols; sym_%06zu, odd ones twice. */
static void write_map(const char *path, size_t n)
{
	FILE *f = fopen(path, "w");
	uint64_t addr = 0xffffffff81000000ULL;

	if (!f)
		die("cannot write map");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%016llx T sym_%06zu\n", (unsigned long long)addr, i);
		addr += 0x40;
	}
	fclose(f);
}

/*
 * --distro NRELA,NSYM: shaped like a distribution kernel and a cumulative
 * patch. A /proc/kallsyms dump (--map) of NSYM lines: vmlinux with a
 * __pfx_ twin before each function and __ksymtab_ entries for exports,
 * then six modules as [mod] lines; about one line in ten carries a static
 * name that repeats (__key.N, show, __already_done.N, ...), some hundreds
 * of times. The patch: NRELA relocations in one .klp.rela.<obj>..text.<fn>
 * section per hundred, across vmlinux and the modules, against a set of
 * symbols a quarter that size, some far more often than others, each
 * repeated name with the position that makes it unique.
 */
struct dline {
	char *name;
	unsigned int obj, pos;	/* pos: 1-based among equal names */
	unsigned int total;	/* lines of this object with this name */
};

static const char *const dobjs[] = {
	"vmlinux", "ext4", "xfs", "kvm", "kvm_intel", "nf_tables", "i915",
};
#define NDOBJ	(sizeof(dobjs) / sizeof(dobjs[0]))
/* lines per object, per mille, and share of the relocations */
static const unsigned int dshare[NDOBJ] = { 880, 30, 30, 20, 10, 10, 20 };
static const unsigned int drshare[NDOBJ] = { 600, 80, 80, 80, 40, 40, 80 };

static const char *const dsub[] = {
	"tcp", "udp", "ip6", "sched", "mm", "vfs", "ext4", "blk", "scsi",
	"nvme", "pci", "acpi", "drm", "usb", "net", "sock", "cgroup", "bpf",
	"rcu", "irq", "kvm", "xfs", "nfs", "crypto", "tty", "audit",
	"security", "perf", "trace", "page", "folio", "dev", "sysfs",
	"proc", "kernfs", "timer", "hrtimer", "workqueue", "mutex", "dma",
};
static const char *const dverb[] = {
	"get", "put", "alloc", "free", "init", "exit", "start", "stop",
	"read", "write", "open", "release", "map", "unmap", "lock",
	"unlock", "queue", "flush", "update", "lookup", "insert", "remove",
	"register", "unregister", "enable", "disable", "show", "store",
	"set", "clear", "handle", "process", "create", "destroy", "attach",
	"detach", "find", "check", "prepare", "commit",
};
static const char *const dnoun[] = {
	"page", "inode", "dentry", "buffer", "request", "queue", "entry",
	"node", "table", "state", "context", "device", "driver", "bus",
	"range", "region", "chunk", "slot", "cache", "pool", "list",
	"tree", "map", "ring", "work", "event", "stats", "config", "ops",
	"info", "desc", "hdr", "msg", "skb", "sk", "task", "vma", "mapping",
	"extent", "block",
};
static const char *const ddup[] = {
	"__key.%u", "__already_done.%u", "__warned.%u", "__func__.%u",
	"_rs.%u", "descriptor.%u", "__print_once.%u", "show", "store",
	"init_once", "cleanup", "probe", "remove", "__UNIQUE_ID_ddebug%u",
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* xorshift64*: the same case on every run */
static uint64_t rnd(void)
{
	static uint64_t x = 88172645463325252ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return x * 2685821657736338717ULL;
}

/* 0..n-1, small values far more likely (a product of two uniforms) */
static size_t skewed(size_t n)
{
	return (size_t)((rnd() % n) * (rnd() % n) / n);
}

/* How many times each name was seen in the current object. */
static uint32_t *dcount_key, *dcount_val;
static char **dcount_name;
static size_t dcount_n;

static unsigned int dcount_bump(char *name)
{
	size_t at = str_hash(name) & (dcount_n - 1);

	for (; dcount_key[at]; at = (at + 1) & (dcount_n - 1))
		if (!strcmp(dcount_name[at], name))
			return ++dcount_val[at];
	dcount_key[at] = 1;
	dcount_name[at] = name;
	dcount_val[at] = 1;
	return 1;
}

static unsigned int dcount_get(const char *name)
{
	size_t at = str_hash(name) & (dcount_n - 1);

	for (; dcount_key[at]; at = (at + 1) & (dcount_n - 1))
		if (!strcmp(dcount_name[at], name))
			return dcount_val[at];
	return 0;
}

static char *dname(size_t *uniq)
{
	char b[128];
	size_t k = (*uniq)++, n = NELEM(dsub) * NELEM(dverb) * NELEM(dnoun);
	size_t c = k % n;

	if (rnd() % 10 == 0) {
		const char *f = ddup[skewed(NELEM(ddup))];

		snprintf(b, sizeof(b), f, (unsigned int)skewed(60));
		(*uniq)--;
	} else if (k / n) {
		snprintf(b, sizeof(b), "%s_%s_%s_%zu", dsub[c % NELEM(dsub)],
			 dverb[c / NELEM(dsub) % NELEM(dverb)],
			 dnoun[c / NELEM(dsub) / NELEM(dverb)], k / n);
	} else {
		snprintf(b, sizeof(b), "%s_%s_%s", dsub[c % NELEM(dsub)],
			 dverb[c / NELEM(dsub) % NELEM(dverb)],
			 dnoun[c / NELEM(dsub) / NELEM(dverb)]);
	}
	return strdup(b);
}

static void dline_add(FILE *f, struct dline **v, size_t *n, unsigned int obj,
		      uint64_t addr, char type, char *name)
{
	if (!(*n & (*n - 1)))
		*v = xrealloc(*v, (*n ? *n * 2 : 1) * sizeof(**v));
	(*v)[*n] = (struct dline){ name, obj, dcount_bump(name), 0 };
	(*n)++;
	if (obj)
		fprintf(f, "%016llx %c %s\t[%s]\n", (unsigned long long)addr,
			type, name, dobjs[obj]);
	else
		fprintf(f, "%016llx %c %s\n", (unsigned long long)addr, type,
			name);
}

/* Writes the dump, returns its lines (with positions) in *out. */
static size_t write_distro_map(const char *path, size_t nsyms,
			       struct dline **out)
{
	static const char types[] = "TTTTttttttttDdddRrrrBbb";
	FILE *f = fopen(path, "w");
	struct dline *v = NULL;
	size_t n = 0, uniq = 0;

	if (!f)
		die("cannot write map");
	for (dcount_n = 1; dcount_n < nsyms * 2; dcount_n <<= 1)
		;
	dcount_key = calloc(dcount_n, sizeof(*dcount_key));
	dcount_val = calloc(dcount_n, sizeof(*dcount_val));
	dcount_name = calloc(dcount_n, sizeof(*dcount_name));
	for (unsigned int o = 0; o < NDOBJ; o++) {
		size_t want = nsyms * dshare[o] / 1000, first = n;
		uint64_t addr = o ? 0xffffffffc0000000ULL + o * 0x1000000ULL :
			0xffffffff81000000ULL;

		memset(dcount_key, 0, dcount_n * sizeof(*dcount_key));
		if (!o)
			dline_add(f, &v, &n, 0, addr, 'T', strdup("_text"));
		while (n - first < want) {
			char type = types[rnd() % (sizeof(types) - 1)];
			char *name = dname(&uniq), b[160];

			addr += 0x10 + (rnd() % 64) * 0x10;
			if (type == 'T' || type == 't') {
				snprintf(b, sizeof(b), "__pfx_%s", name);
				dline_add(f, &v, &n, o, addr - 0x10, type,
					  strdup(b));
			}
			dline_add(f, &v, &n, o, addr, type, name);
			if (!o && type == 'T' && rnd() % 5 == 0) {
				snprintf(b, sizeof(b), "__ksymtab_%s", name);
				dline_add(f, &v, &n, o,
					  0xffffffff82000000ULL + n * 12, 'r',
					  strdup(b));
			}
		}
		for (size_t i = first; i < n; i++)
			v[i].total = dcount_get(v[i].name);
	}
	fclose(f);
	*out = v;
	return n;
}

/* Patch relocations against the lines of the dump. */
static void distro_relocs(const struct arch_desc *a, size_t nrela,
			  const struct dline *v, size_t n)
{
	for (unsigned int o = 0; o < NDOBJ; o++) {
		size_t want = nrela * drshare[o] / 1000, first = 0, last, nref;

		while (first < n && v[first].obj != o)
			first++;
		for (last = first; last < n && v[last].obj == o; last++)
			;
		if (last == first)
			continue;
		nref = want / 4 ? want / 4 : 1;
		for (size_t i = 0; i < want; i++) {
			/* the k-th referenced symbol is a fixed line */
			size_t k = skewed(nref);
			const struct dline *l = &v[first + (k * 2654435761u) %
						   (last - first)];
			char s[256];

			if (i % 100 == 0) {
				snprintf(s, sizeof(s),
					 ".klp.rela.%s..text.patched_fn_%zu",
					 dobjs[o], i / 100);
				open_sec(s);
			}
			snprintf(s, sizeof(s), ".klp.sym.%s.%s,%u", dobjs[o],
				 l->name, l->total > 1 ? l->pos : 0);
			add_rel(a, s);
		}
	}
}

int main(int argc, char **argv)
{
	const struct arch_desc *a = NULL;
	const char *out = NULL, *name = "klp_test", *map = NULL;
	bool livepatch = true;
	uint64_t text_size = 0;
	size_t bench_rela = 0, bench_sym = 0;
	bool distro = false;

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(o, "--no-livepatch")) {
			livepatch = false;
			continue;
		}
		if (!v)
			die("option needs a value");
		i++;
		if (!strcmp(o, "-a")) {
			for (size_t j = 0; j < sizeof(arches) / sizeof(*arches); j++)
				if (!strcmp(arches[j].name, v))
					a = &arches[j];
			if (!a)
				die("unknown arch");
		} else if (!strcmp(o, "-o")) {
			out = v;
		} else if (!strcmp(o, "-n")) {
			name = v;
		} else if (!strcmp(o, "--text-size")) {
			text_size = strtoull(v, NULL, 0);
		} else if (!strcmp(o, "-s")) {
			open_sec(v);
		} else if (!strcmp(o, "-r")) {
			if (!a)
				die("-a must come first");
			add_rel(a, v);
		} else if (!strcmp(o, "--bench")) {
			if (sscanf(v, "%zu,%zu", &bench_rela, &bench_sym) != 2)
				die("--bench NRELA,NSYM");
		} else if (!strcmp(o, "--distro")) {
			if (sscanf(v, "%zu,%zu", &bench_rela, &bench_sym) != 2)
				die("--distro NRELA,NSYM");
			distro = true;
		} else if (!strcmp(o, "-d")) {
			if (nsym)
				die("-d must come before -r");
			defs = xrealloc(defs, (ndefs + 1) * sizeof(*defs));
			defs[ndefs++] = strdup(v);
		} else if (!strcmp(o, "--fill")) {
			fill = (int)strtol(v, NULL, 0);
		} else if (!strcmp(o, "--map")) {
			map = v;
		} else {
			die("unknown option");
		}
	}
	if (!a || !out)
		die("usage: genklp -a ARCH -o OUT.ko [options]");
	if (distro) {
		struct dline *v;
		size_t n;

		if (!map)
			die("--distro needs --map");
		n = write_distro_map(map, bench_sym, &v);
		distro_relocs(a, bench_rela, v, n);
		free(v);
		write_elf(a, out, name, livepatch, text_size);
		return 0;
	}
	for (size_t i = 0; i < bench_rela; i++) {
		char s[64];

		snprintf(s, sizeof(s), ".klp.sym.vmlinux.sym_%06zu,0",
			 (i * 7919) % bench_sym);
		add_rel(a, s);
	}
	write_elf(a, out, name, livepatch, text_size);
	if (map)
		write_map(map, bench_sym);
	return 0;
}
