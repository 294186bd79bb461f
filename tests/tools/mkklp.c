// SPDX-License-Identifier: GPL-2.0
/*
 * mkklp: turn chosen undefined symbols of a kernel module into livepatch
 * symbols, and the relocations that use them into klp relocation sections,
 * as Documentation/livepatch/module-elf-format.rst describes - or, on
 * request, break that format in one of the ways the kernel notices (or
 * does not). A test helper: it builds the fixtures under tests/fixtures/.
 *
 * Symbols: SYM becomes ".klp.sym.OBJ.SYM,POS" with st_shndx SHN_LIVEPATCH.
 * Relocations: each one using SYM moves from ".rela<sec>" into
 * ".klp.rela.OBJ<sec>" (SHT_RELA, SHF_ALLOC | SHF_INFO_LINK |
 * SHF_RELA_LIVEPATCH, sh_link = symtab, sh_info = <sec>). Symbol and
 * section indices never change: new sections are appended. Both byte
 * orders: every header, symbol and relocation goes through gelf_*.
 * The output is written to a temporary file and renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SHF_RELA_LIVEPATCH
#define SHF_RELA_LIVEPATCH	0x00100000
#endif
#ifndef SHN_LIVEPATCH
#define SHN_LIVEPATCH		0xff20
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_CONV	64
#define MAX_GROUPS	256

static const char usage_text[] =
"usage: mkklp [-k OBJ:SYM[,POS]]... [-b BREAK]... [-V SYM] [-q] IN.ko OUT.ko\n"
"  -k OBJ:SYM[,POS]  make undefined SYM a klp symbol of object OBJ\n"
"                    (vmlinux or a module name), sympos POS (default 0)\n"
"  -V SYM            the symbol the breaks apply to (default: first -k)\n"
"  -q                quiet: no summary on stdout\n"
"  -b BREAK          produce a broken variant (repeatable):\n"
"     sympos=N        the victim's sympos becomes N\n"
"     ambiguous=NAME  the victim refers to NAME, sympos 0\n"
"     missing[=NAME]  the victim refers to a name that does not exist\n"
"     longobj[=N]     the victim's objname is N chars (default 56)\n"
"     longsym[=N]     the victim's symbol name is N chars (default 512)\n"
"     malformed       the victim's name has no \",POS\"\n"
"     notlp           the victim gets st_shndx SHN_ABS, not SHN_LIVEPATCH\n"
"     undef           the victim is renamed but stays SHN_UNDEF\n"
"     modsec=OBJ      the victim's relocations go to .klp.rela.OBJ<sec>\n"
"     noflag          the victim's klp sections lack SHF_RELA_LIVEPATCH\n"
"     plainflag       the plain .rela sections that held the victim's\n"
"                     relocations get SHF_RELA_LIVEPATCH\n"
"     info[=N]        the victim's klp sections get sh_info N\n"
"                     (default: e_shnum, out of range)\n"
"     link[=N]        the victim's klp sections get sh_link N (default 0)\n"
"     pad[=N]         N zero bytes after the file's end (default 64: the\n"
"                     section header arm64 reads for sh_info e_shnum)\n";

enum brk_kind {
	BRK_SYMPOS, BRK_AMBIGUOUS, BRK_MISSING, BRK_LONGOBJ, BRK_LONGSYM,
	BRK_MALFORMED, BRK_NOTLP, BRK_UNDEF, BRK_MODSEC, BRK_NOFLAG,
	BRK_PLAINFLAG, BRK_INFO, BRK_LINK, BRK_PAD, BRK_NR,
};

/* arg: 0 none, 1 optional, 2 required */
static const struct {
	const char *name;
	int arg;
} brk_table[BRK_NR] = {
	[BRK_SYMPOS] = { "sympos", 2 },
	[BRK_AMBIGUOUS] = { "ambiguous", 2 },
	[BRK_MISSING] = { "missing", 1 },
	[BRK_LONGOBJ] = { "longobj", 1 },
	[BRK_LONGSYM] = { "longsym", 1 },
	[BRK_MALFORMED] = { "malformed", 0 },
	[BRK_NOTLP] = { "notlp", 0 },
	[BRK_UNDEF] = { "undef", 0 },
	[BRK_MODSEC] = { "modsec", 2 },
	[BRK_NOFLAG] = { "noflag", 0 },
	[BRK_PLAINFLAG] = { "plainflag", 0 },
	[BRK_INFO] = { "info", 1 },
	[BRK_LINK] = { "link", 1 },
	[BRK_PAD] = { "pad", 1 },
};

/* One symbol to convert. */
struct conv {
	char *obj;		/* object the symbol belongs to */
	char *sym;		/* its (undefined) name in the module */
	unsigned long pos;
	size_t index;		/* symtab index */
	char *klpname;		/* the name it gets */
	const char *secobj;	/* object of the klp sections for its relocs */
	unsigned int shndx;	/* SHN_LIVEPATCH unless broken */
	size_t nrel;		/* relocations moved */
	bool victim;
};

/* The relocations of one (object, target section) pair. */
struct group {
	const char *obj;
	size_t target;		/* relocated section */
	size_t from;		/* the .rela section they came from */
	GElf_Rela *v;
	size_t n, alloc;
	bool victim;		/* holds a relocation of the victim */
	size_t scn;		/* index of the new section */
};

struct mkklp {
	const char *in, *out;
	char *tmp;
	int fd;
	Elf *elf;
	bool quiet;

	struct conv conv[MAX_CONV];
	size_t nconv;
	const char *victim_name;

	bool brk[BRK_NR];
	const char *brk_arg[BRK_NR];

	size_t symtab, strtab, shstrtab;
	struct group groups[MAX_GROUPS];
	size_t ngroups;
	/* plain .rela sections the victim's relocations left */
	bool *victim_from;
	size_t shnum;

	/* buffers libelf points to: freed after elf_end() */
	void *owned[MAX_GROUPS + 8];
	size_t nowned;
};

static struct mkklp *cleanup_ctx;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkklp: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (cleanup_ctx && cleanup_ctx->tmp)
		unlink(cleanup_ctx->tmp);
	exit(1);
}

static void __attribute__((noreturn)) die_elf(const char *what)
{
	die("%s: %s", what, elf_errmsg(-1));
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (r < 0)
		die("out of memory");
	return p;
}

static void own(struct mkklp *m, void *p)
{
	if (m->nowned == ARRAY_SIZE(m->owned))
		die("too many buffers");
	m->owned[m->nowned++] = p;
}

static unsigned long parse_ulong(const char *s, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		die("bad %s '%s'", what, s);
	return v;
}

/* -k OBJ:SYM[,POS] */
static void parse_conv(struct mkklp *m, const char *spec)
{
	struct conv *c;
	char *s, *colon, *comma;

	if (m->nconv == MAX_CONV)
		die("too many -k (at most %d)", MAX_CONV);
	s = xstrdup(spec);
	colon = strchr(s, ':');
	if (!colon || colon == s || !colon[1])
		die("bad -k '%s': want OBJ:SYM[,POS]", spec);
	*colon = '\0';
	c = &m->conv[m->nconv++];
	c->obj = s;
	c->sym = colon + 1;
	comma = strchr(c->sym, ',');
	if (comma) {
		*comma = '\0';
		c->pos = parse_ulong(comma + 1, "sympos");
	}
	if (strchr(c->obj, '.'))
		die("bad -k '%s': an objname has no dot", spec);
}

static void parse_break(struct mkklp *m, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t len = eq ? (size_t)(eq - spec) : strlen(spec);
	int k;

	for (k = 0; k < BRK_NR; k++) {
		if (strlen(brk_table[k].name) != len ||
		    strncmp(brk_table[k].name, spec, len))
			continue;
		if (eq && brk_table[k].arg == 0)
			die("-b %s takes no argument", brk_table[k].name);
		if (!eq && brk_table[k].arg == 2)
			die("-b %s needs =ARG", brk_table[k].name);
		m->brk[k] = true;
		m->brk_arg[k] = eq ? eq + 1 : NULL;
		return;
	}
	die("unknown break '%s' (see -h)", spec);
}

static void parse_args(struct mkklp *m, int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "k:b:V:qh")) != -1) {
		switch (opt) {
		case 'k':
			parse_conv(m, optarg);
			break;
		case 'b':
			parse_break(m, optarg);
			break;
		case 'V':
			m->victim_name = optarg;
			break;
		case 'q':
			m->quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			fputs(usage_text, stderr);
			exit(2);
		}
	}
	if (argc - optind != 2 || !m->nconv) {
		fputs(usage_text, stderr);
		exit(2);
	}
	m->in = argv[optind];
	m->out = argv[optind + 1];
}

/* Copy IN next to OUT, so that the final rename stays in one filesystem. */
static void copy_to_tmp(struct mkklp *m)
{
	char buf[65536];
	struct stat st;
	ssize_t n;
	int in;

	in = open(m->in, O_RDONLY);
	if (in < 0 || fstat(in, &st))
		die("%s: %s", m->in, strerror(errno));
	m->tmp = xasprintf("%s.tmpXXXXXX", m->out);
	m->fd = mkstemp(m->tmp);
	if (m->fd < 0) {
		free(m->tmp);
		m->tmp = NULL;
		die("%s: %s", m->out, strerror(errno));
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(m->fd, buf, n) != n)
			die("%s: %s", m->tmp, strerror(errno));
	if (n < 0)
		die("%s: %s", m->in, strerror(errno));
	close(in);
	if (fchmod(m->fd, st.st_mode & 0777))
		die("%s: %s", m->tmp, strerror(errno));
}

static Elf_Scn *get_scn(struct mkklp *m, size_t i, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);

	if (!scn || !gelf_getshdr(scn, sh))
		die_elf("section header");
	return scn;
}

/* The one data buffer of a section as libelf read it. */
static Elf_Data *only_data(struct mkklp *m, size_t i)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);
	Elf_Data *d;

	if (!scn)
		die_elf("section");
	d = elf_getdata(scn, NULL);
	if (!d)
		die_elf("section data");
	if (elf_getdata(scn, d))
		die("section %zu: more than one data buffer", i);
	return d;
}

static void open_elf(struct mkklp *m)
{
	GElf_Ehdr eh;
	GElf_Shdr sh;
	size_t i;

	if (elf_version(EV_CURRENT) == EV_NONE)
		die_elf("libelf");
	m->elf = elf_begin(m->fd, ELF_C_RDWR, NULL);
	if (!m->elf || elf_kind(m->elf) != ELF_K_ELF)
		die("%s: not an ELF file", m->in);
	if (!gelf_getehdr(m->elf, &eh))
		die_elf("ELF header");
	if (gelf_getclass(m->elf) != ELFCLASS64 || eh.e_type != ET_REL)
		die("%s: not an ELF64 relocatable object", m->in);
	if (elf_getshdrnum(m->elf, &m->shnum) ||
	    elf_getshdrstrndx(m->elf, &m->shstrtab))
		die_elf("section count");
	for (i = 1; i < m->shnum; i++) {
		get_scn(m, i, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		if (m->symtab)
			die("%s: more than one symbol table", m->in);
		m->symtab = i;
		m->strtab = sh.sh_link;
	}
	if (!m->symtab || !m->strtab || m->strtab >= m->shnum)
		die("%s: no symbol table", m->in);
}

static const char *sym_name(struct mkklp *m, const GElf_Sym *s)
{
	const char *n = elf_strptr(m->elf, m->strtab, s->st_name);

	return n ? n : "";
}

static void find_symbols(struct mkklp *m)
{
	Elf_Data *d = only_data(m, m->symtab);
	size_t n = d->d_size / sizeof(Elf64_Sym), i, c;
	GElf_Sym s;

	for (c = 0; c < m->nconv; c++) {
		for (i = 1; i < n; i++) {
			if (!gelf_getsym(d, (int)i, &s))
				die_elf("symbol");
			if (strcmp(sym_name(m, &s), m->conv[c].sym))
				continue;
			if (s.st_shndx != SHN_UNDEF)
				die("%s: symbol '%s' is defined in the module",
				    m->in, m->conv[c].sym);
			if (m->conv[c].index)
				die("%s: symbol '%s' appears twice", m->in,
				    m->conv[c].sym);
			m->conv[c].index = i;
		}
		if (!m->conv[c].index)
			die("%s: no undefined symbol '%s'", m->in,
			    m->conv[c].sym);
	}
}

/* "<base>_xxx...": a name of exactly len chars that starts like base */
static char *padded(const char *base, size_t len)
{
	size_t b = strlen(base);
	char *p = xcalloc(len + 1, 1);

	memset(p, 'x', len);
	memcpy(p, base, b < len ? b : len);
	if (b < len)
		p[b] = '_';
	return p;
}

static void pick_victim(struct mkklp *m)
{
	size_t c;

	if (!m->victim_name) {
		m->conv[0].victim = true;
		return;
	}
	for (c = 0; c < m->nconv; c++)
		if (!strcmp(m->conv[c].sym, m->victim_name))
			m->conv[c].victim = true;
	for (c = 0; c < m->nconv && !m->conv[c].victim; c++)
		;
	if (c == m->nconv)
		die("-V %s: not one of the -k symbols", m->victim_name);
}

/* The victim's name, st_shndx and section object under the breaks. */
static void name_victim(struct mkklp *m, struct conv *c)
{
	const char *obj = c->obj, *sym = c->sym, *a;
	unsigned long pos = c->pos;
	char *o = NULL, *s = NULL;

	if (m->brk[BRK_SYMPOS])
		pos = parse_ulong(m->brk_arg[BRK_SYMPOS], "sympos");
	if (m->brk[BRK_AMBIGUOUS]) {
		sym = m->brk_arg[BRK_AMBIGUOUS];
		pos = 0;
	}
	if (m->brk[BRK_MISSING]) {
		a = m->brk_arg[BRK_MISSING];
		sym = a ? a : "klpreloc_no_such_symbol";
	}
	if (m->brk[BRK_LONGOBJ]) {
		a = m->brk_arg[BRK_LONGOBJ];
		obj = o = padded(obj, a ? parse_ulong(a, "length") : 56);
	}
	if (m->brk[BRK_LONGSYM]) {
		a = m->brk_arg[BRK_LONGSYM];
		sym = s = padded(sym, a ? parse_ulong(a, "length") : 512);
	}
	if (m->brk[BRK_MALFORMED])
		c->klpname = xasprintf(".klp.sym.%s.%s", obj, sym);
	else
		c->klpname = xasprintf(".klp.sym.%s.%s,%lu", obj, sym, pos);
	if (m->brk[BRK_NOTLP])
		c->shndx = SHN_ABS;
	if (m->brk[BRK_UNDEF])
		c->shndx = SHN_UNDEF;
	if (m->brk[BRK_MODSEC])
		c->secobj = m->brk_arg[BRK_MODSEC];
	free(o);
	free(s);
}

static void name_symbols(struct mkklp *m)
{
	size_t c;

	pick_victim(m);
	for (c = 0; c < m->nconv; c++) {
		struct conv *cv = &m->conv[c];

		cv->shndx = SHN_LIVEPATCH;
		cv->secobj = cv->obj;
		if (cv->victim)
			name_victim(m, cv);
		else
			cv->klpname = xasprintf(".klp.sym.%s.%s,%lu", cv->obj,
						cv->sym, cv->pos);
	}
}

/*
 * Append strings to a string table section; offs[i] receives the offset
 * of strs[i]. The new buffer stays alive until exit (libelf points to it).
 */
static void strtab_append(struct mkklp *m, size_t sec, char **strs,
			  size_t n, size_t *offs)
{
	Elf_Data *d = only_data(m, sec);
	size_t size = d->d_size, i;
	char *buf;

	for (i = 0; i < n; i++)
		size += strlen(strs[i]) + 1;
	buf = xcalloc(size, 1);
	memcpy(buf, d->d_buf, d->d_size);
	size = d->d_size;
	for (i = 0; i < n; i++) {
		size_t len = strlen(strs[i]) + 1;

		offs[i] = size;
		memcpy(buf + size, strs[i], len);
		size += len;
	}
	own(m, buf);
	d->d_buf = buf;
	d->d_size = size;
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
}

static void rename_symbols(struct mkklp *m)
{
	Elf_Data *d;
	char *names[MAX_CONV];
	size_t offs[MAX_CONV], c;
	GElf_Sym s;

	for (c = 0; c < m->nconv; c++)
		names[c] = m->conv[c].klpname;
	strtab_append(m, m->strtab, names, m->nconv, offs);
	d = only_data(m, m->symtab);
	for (c = 0; c < m->nconv; c++) {
		int i = (int)m->conv[c].index;

		if (!gelf_getsym(d, i, &s))
			die_elf("symbol");
		s.st_name = (Elf64_Word)offs[c];
		s.st_shndx = (Elf64_Section)m->conv[c].shndx;
		s.st_value = 0;
		if (!gelf_update_sym(d, i, &s))
			die_elf("symbol update");
	}
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
}

static struct conv *conv_of(struct mkklp *m, size_t symidx)
{
	size_t c;

	for (c = 0; c < m->nconv; c++)
		if (m->conv[c].index == symidx)
			return &m->conv[c];
	return NULL;
}

static struct group *group_of(struct mkklp *m, const char *obj,
			      size_t target, size_t from)
{
	struct group *g;
	size_t i;

	for (i = 0; i < m->ngroups; i++) {
		g = &m->groups[i];
		if (g->target == target && !strcmp(g->obj, obj))
			return g;
	}
	if (m->ngroups == MAX_GROUPS)
		die("too many klp sections");
	g = &m->groups[m->ngroups++];
	g->obj = obj;
	g->target = target;
	g->from = from;
	return g;
}

static void group_add(struct group *g, const GElf_Rela *r)
{
	if (g->n == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 16;
		g->v = realloc(g->v, g->alloc * sizeof(*g->v));
		if (!g->v)
			die("out of memory");
	}
	g->v[g->n++] = *r;
}

/* Move the relocations of converted symbols out of one .rela section. */
static void split_rela(struct mkklp *m, size_t sec, const GElf_Shdr *sh)
{
	Elf_Data *d = only_data(m, sec);
	size_t n = d->d_size / sizeof(Elf64_Rela), i, kept = 0;
	struct conv *c;
	struct group *g;
	GElf_Rela r;

	for (i = 0; i < n; i++) {
		if (!gelf_getrela(d, (int)i, &r))
			die_elf("relocation");
		c = conv_of(m, GELF_R_SYM(r.r_info));
		if (!c) {
			if (kept != i && !gelf_update_rela(d, (int)kept, &r))
				die_elf("relocation update");
			kept++;
			continue;
		}
		g = group_of(m, c->secobj, sh->sh_info, sec);
		group_add(g, &r);
		c->nrel++;
		if (c->victim) {
			g->victim = true;
			m->victim_from[sec] = true;
		}
	}
	if (kept == n)
		return;
	d->d_size = kept * sizeof(Elf64_Rela);
	elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
}

static void split_relocations(struct mkklp *m)
{
	GElf_Shdr sh, tsh;
	size_t i, c;

	m->victim_from = xcalloc(m->shnum, sizeof(bool));
	for (i = 1; i < m->shnum; i++) {
		get_scn(m, i, &sh);
		if (sh.sh_type != SHT_RELA || sh.sh_link != m->symtab ||
		    (sh.sh_flags & SHF_RELA_LIVEPATCH))
			continue;
		if (sh.sh_info == 0 || sh.sh_info >= m->shnum)
			die("%s: section %zu: bad sh_info %u", m->in, i,
			    (unsigned int)sh.sh_info);
		/* the kernel relocates only allocated sections */
		get_scn(m, sh.sh_info, &tsh);
		if (tsh.sh_flags & SHF_ALLOC)
			split_rela(m, i, &sh);
	}
	for (c = 0; c < m->nconv; c++)
		if (!m->conv[c].nrel)
			die("%s: no relocation uses '%s'", m->in,
			    m->conv[c].sym);
}

static const char *scn_name(struct mkklp *m, size_t i)
{
	GElf_Shdr sh;
	const char *n;

	get_scn(m, i, &sh);
	n = elf_strptr(m->elf, m->shstrtab, sh.sh_name);
	return n ? n : "";
}

static void make_klp_section(struct mkklp *m, struct group *g, size_t name)
{
	Elf_Scn *scn = elf_newscn(m->elf);
	Elf_Data *d;
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh))
		die_elf("new section");
	g->scn = elf_ndxscn(scn);
	own(m, g->v);
	d = elf_newdata(scn);
	if (!d)
		die_elf("new section data");
	/* memory representation: host-order Elf64_Rela, libelf converts */
	d->d_type = ELF_T_RELA;
	d->d_buf = g->v;
	d->d_size = g->n * sizeof(Elf64_Rela);
	d->d_align = 8;
	d->d_version = EV_CURRENT;

	memset(&sh, 0, sizeof(sh));
	sh.sh_name = (Elf64_Word)name;
	sh.sh_type = SHT_RELA;
	sh.sh_flags = SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH;
	sh.sh_link = (Elf64_Word)m->symtab;
	sh.sh_info = (Elf64_Word)g->target;
	sh.sh_addralign = 8;
	sh.sh_entsize = sizeof(Elf64_Rela);
	sh.sh_size = d->d_size;
	if (!gelf_update_shdr(scn, &sh))
		die_elf("new section header");
}

static void make_klp_sections(struct mkklp *m)
{
	char *names[MAX_GROUPS];
	size_t offs[MAX_GROUPS], i;

	/* names first: the .shstrtab buffer is replaced once */
	for (i = 0; i < m->ngroups; i++)
		names[i] = xasprintf(".klp.rela.%s%s", m->groups[i].obj,
				     scn_name(m, m->groups[i].target));
	strtab_append(m, m->shstrtab, names, m->ngroups, offs);
	for (i = 0; i < m->ngroups; i++) {
		make_klp_section(m, &m->groups[i], offs[i]);
		if (!m->quiet)
			printf("mkklp: %s: %zu relocations (from %s)%s\n",
			       names[i], m->groups[i].n,
			       scn_name(m, m->groups[i].from),
			       m->groups[i].victim ? " [victim]" : "");
		free(names[i]);
	}
}

static void set_shdr(struct mkklp *m, size_t i, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(m->elf, i);

	if (!scn || !gelf_update_shdr(scn, sh))
		die_elf("section header update");
}

/* The breaks that change section headers, after everything else. */
static void break_sections(struct mkklp *m)
{
	size_t shnum, i;
	GElf_Shdr sh;

	if (elf_getshdrnum(m->elf, &shnum))
		die_elf("section count");
	for (i = 0; i < m->ngroups; i++) {
		if (!m->groups[i].victim)
			continue;
		get_scn(m, m->groups[i].scn, &sh);
		if (m->brk[BRK_NOFLAG])
			sh.sh_flags &= ~(GElf_Xword)SHF_RELA_LIVEPATCH;
		if (m->brk[BRK_INFO])
			sh.sh_info = m->brk_arg[BRK_INFO] ?
				(Elf64_Word)parse_ulong(m->brk_arg[BRK_INFO],
							"sh_info") :
				(Elf64_Word)shnum;
		if (m->brk[BRK_LINK])
			sh.sh_link = m->brk_arg[BRK_LINK] ?
				(Elf64_Word)parse_ulong(m->brk_arg[BRK_LINK],
							"sh_link") : 0;
		set_shdr(m, m->groups[i].scn, &sh);
	}
	for (i = 1; m->brk[BRK_PLAINFLAG] && i < m->shnum; i++) {
		if (!m->victim_from[i])
			continue;
		get_scn(m, i, &sh);
		sh.sh_flags |= SHF_RELA_LIVEPATCH;
		set_shdr(m, i, &sh);
		if (!m->quiet)
			printf("mkklp: flagged %s\n", scn_name(m, i));
	}
}

static void summary(struct mkklp *m)
{
	size_t c;

	if (m->quiet)
		return;
	for (c = 0; c < m->nconv; c++)
		printf("mkklp: symbol %zu %s -> %s%s\n", m->conv[c].index,
		       m->conv[c].sym, m->conv[c].klpname,
		       m->conv[c].victim ? " (victim)" : "");
}

/* bytes after what libelf wrote: what a loader reading past its end sees */
static void pad_out(struct mkklp *m)
{
	static const char zero[256];
	unsigned long n = m->brk_arg[BRK_PAD] ?
		parse_ulong(m->brk_arg[BRK_PAD], "pad") : 64;

	if (lseek(m->fd, 0, SEEK_END) < 0)
		die("%s: %s", m->tmp, strerror(errno));
	while (n) {
		size_t k = n < sizeof(zero) ? n : sizeof(zero);
		ssize_t w = write(m->fd, zero, k);

		if (w <= 0)
			die("%s: %s", m->tmp, w ? strerror(errno) : "short write");
		n -= (unsigned long)w;
	}
}

static void write_out(struct mkklp *m)
{
	if (elf_update(m->elf, ELF_C_WRITE) < 0)
		die_elf("write");
	elf_end(m->elf);
	m->elf = NULL;
	if (m->brk[BRK_PAD])
		pad_out(m);
	if (fsync(m->fd) || close(m->fd))
		die("%s: %s", m->tmp, strerror(errno));
	if (rename(m->tmp, m->out))
		die("%s: %s", m->out, strerror(errno));
	free(m->tmp);
	m->tmp = NULL;
}

static void release(struct mkklp *m)
{
	size_t i;

	for (i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	for (i = 0; i < m->nconv; i++) {
		free(m->conv[i].obj);
		free(m->conv[i].klpname);
	}
	free(m->victim_from);
}

int main(int argc, char **argv)
{
	static struct mkklp m;

	cleanup_ctx = &m;
	parse_args(&m, argc, argv);
	copy_to_tmp(&m);
	open_elf(&m);
	find_symbols(&m);
	name_symbols(&m);
	split_relocations(&m);
	rename_symbols(&m);
	make_klp_sections(&m);
	break_sections(&m);
	summary(&m);
	write_out(&m);
	release(&m);
	return 0;
}
