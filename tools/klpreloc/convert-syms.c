// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc convert: what the target kernel defines and exports, and the
 * choices the author made.
 *
 * Definitions and positions come from the project's symbol-source loader
 * (klp_ksyms_load(): kallsyms order, System.map filtering, module symbol
 * tables, core symbols), the one `check` uses, so that convert and check
 * never count a position differently. Exports are read from the sources
 * as they are, before any kallsyms filter: a __ksymtab_NAME entry (in
 * SYMBOLS or a target .ko) or a Module.symvers line. The source file of a
 * static symbol comes from the STT_FILE entries of a vmlinux or .ko.
 */
#include <ctype.h>
#include <errno.h>
#include <gelf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/core.h>
#include <klpreloc/elfsym.h>

#include "convert.h"

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void map_grow(struct cv_map *m)
{
	struct cv_map_ent *old = m->v;
	size_t oldcap = m->cap;

	m->cap = m->cap ? m->cap * 2 : 1024;
	m->v = xmalloc(m->cap * sizeof(*m->v));
	memset(m->v, 0, m->cap * sizeof(*m->v));
	m->nr = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			cv_map_put(m, old[i].key, old[i].val);
	free(old);
}

/* The first value put for a key stays. */
void cv_map_put(struct cv_map *m, const char *key, const char *val)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->cap)
		map_grow(m);
	for (i = hash(key) & (m->cap - 1); m->v[i].key;
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->v[i].key, key))
			return;
	m->v[i].key = key;
	m->v[i].val = val;
	m->nr++;
}

const char *cv_map_get(const struct cv_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(key) & (m->cap - 1); m->v[i].key;
	     i = (i + 1) & (m->cap - 1))
		if (!strcmp(m->v[i].key, key))
			return m->v[i].val;
	return NULL;
}

void cv_map_free(struct cv_map *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

void cv_report(struct cv *cv, enum klp_severity sev, const char *section,
	       const char *rule, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg) {
		fputs("klpreloc: out of memory\n", stderr);
		exit(EXIT_USAGE);
	}
	klp_diag_add(cv->d, sev, cv->in, section, -1, rule, msg, NULL);
	free(msg);
}

static char *keep(struct cv *cv, char *buf)
{
	cv->bufs = xrealloc(cv->bufs, (cv->nbufs + 1) * sizeof(*cv->bufs));
	cv->bufs[cv->nbufs++] = buf;
	return buf;
}

/* A whole file, NUL-terminated; one diagnostic when it cannot be read. */
static char *slurp(struct cv *cv, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, r;
	char *buf;

	if (!f) {
		klp_diag_add(cv->d, KLP_ERR, path, NULL, -1, "unreadable",
			     strerror(errno), NULL);
		return NULL;
	}
	buf = xmalloc(cap + 1);
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	if (ferror(f)) {
		klp_diag_add(cv->d, KLP_ERR, path, NULL, -1, "unreadable",
			     "read error", NULL);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

struct cv_target *cv_target(const struct cv *cv, const char *name)
{
	for (size_t i = 0; i < cv->ntg; i++)
		if (!strcmp(cv->tg[i].name, name))
			return &cv->tg[i];
	return NULL;
}

static struct cv_target *add_target(struct cv *cv, const char *name)
{
	struct cv_target *t = cv_target(cv, name);

	if (t)
		return t;
	cv->tg = xrealloc(cv->tg, (cv->ntg + 1) * sizeof(*cv->tg));
	t = &cv->tg[cv->ntg++];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(name);
	return t;
}

/*
 * SYMBOLS as text (System.map or a kallsyms dump): "ADDR TYPE NAME" and
 * "ADDR TYPE NAME [MOD]". Every __ksymtab_NAME is an export of vmlinux or
 * MOD; vmlinux's lines are kept for hints. Lines the loader took already
 * are well formed; anything else is skipped here.
 */
static void text_exports(struct cv *cv, char *buf, uint64_t *text_addr,
			 bool *have_text)
{
	char *p = buf;
	size_t cap = 0;

	while (*p) {
		char *eol = strchr(p, '\n'), *name, *e, *mod = NULL;
		unsigned long long addr;
		char type;

		if (eol)
			*eol = '\0';
		while (*p == ' ')
			p++;
		addr = strtoull(p, &e, 16);
		if (e == p || *e != ' ' || !e[1] || e[2] != ' ' || !e[3])
			goto next;
		type = e[1];
		name = e + 3;
		for (e = name; *e && *e != '\t' && *e != ' '; e++)
			;
		if (*e) {
			*e++ = '\0';
			while (*e == '\t' || *e == ' ')
				e++;
			if (*e == '[') {
				mod = e + 1;
				e = strchr(mod, ']');
				if (e)
					*e = '\0';
			}
		}
		if (!strncmp(name, "__ksymtab_", 10) && name[10])
			cv_map_put(&cv->exports, name + 10, mod ? mod : "vmlinux");
		if (!mod) {
			if (!*have_text && !strcmp(name, "_text")) {
				*text_addr = addr;
				*have_text = true;
			}
			if (cv->nraw == cap) {
				cap = cap ? cap * 2 : 4096;
				cv->raw = xrealloc(cv->raw,
						   cap * sizeof(*cv->raw));
			}
			cv->raw[cv->nraw++] = (struct cv_raw){ name, type };
		}
next:
		if (!eol)
			break;
		p = eol + 1;
	}
}

struct exports_walk {
	struct cv *cv;
	uint64_t *text_addr;
	bool *have_text;
};

static int export_sym(void *ctx, size_t idx, const GElf_Sym *s,
		      const char *name)
{
	struct exports_walk *w = ctx;

	if (s->st_shndx == SHN_UNDEF)
		return 0;
	if (!strncmp(name, "__ksymtab_", 10) && name[10])
		cv_map_put(&w->cv->exports, name + 10, "vmlinux");
	if (!*w->have_text && !strcmp(name, "_text")) {
		*w->text_addr = s->st_value;
		*w->have_text = true;
	}
	return 0;
}

/* SYMBOLS as a vmlinux ELF: its __ksymtab_ symbols, and _text. */
static int elf_exports(struct cv *cv, char *buf, size_t len,
		       uint64_t *text_addr, bool *have_text)
{
	struct exports_walk w = { cv, text_addr, have_text };
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_memory(buf, len);
	if (!elf)
		return -ENOEXEC;
	cv->vmlinux_elf = elf;
	cv->vmlinux_buf = buf;
	klp_elf_for_each_sym(elf, export_sym, &w);
	return 0;
}

/* Module.symvers: "CRC\tSYMBOL\tMODULE\tEXPORT_TYPE[\tNAMESPACE]" */
static int read_symvers(struct cv *cv, const char *path)
{
	size_t len, line = 0;
	char *buf = slurp(cv, path, &len), *p;

	if (!buf)
		return -ENOENT;
	keep(cv, buf);
	for (p = buf; *p;) {
		char *eol = strchr(p, '\n'), *f[4];
		int n = 0;

		line++;
		if (eol)
			*eol = '\0';
		if (*p) {
			f[n++] = p;
			for (char *q = p; *q && n < 4; q++)
				if (*q == '\t') {
					*q = '\0';
					f[n++] = q + 1;
				}
			if (n < 4 || !*f[1] || !*f[2]) {
				char m[120];

				snprintf(m, sizeof(m),
					 "line %zu is not \"CRC<tab>SYMBOL<tab>MODULE<tab>TYPE\"",
					 line);
				klp_diag_add(cv->d, KLP_ERR, path, NULL, -1,
					     "symvers", m, NULL);
				return -ENOEXEC;
			}
			cv_map_put(&cv->exports, f[1], f[2]);
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return 0;
}

/* The kernel's spelling of a module name: what KBUILD_MODNAME gives. */
static bool modname_ok(const char *n)
{
	size_t len = strlen(n);

	if (!len || len >= KLP_MODULE_NAME_LEN || !strcmp(n, "vmlinux"))
		return false;
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && *n != '_')
			return false;
	return true;
}

/* A --target-module's .ko, read again for sections, files and exports. */
static int open_target_ko(struct cv *cv, struct cv_target *t,
			  const char *path)
{
	const struct klp_kobj *o = klp_ksyms_obj(&cv->ks, t->name);
	struct klp_module *ko;
	size_t j = 0;

	/*
	 * As the loader's copy: laid out (the arch's hook may define a
	 * symbol, ppc64's .TOC.), so that its symbols line up with ks's.
	 */
	t->opts = xmalloc(sizeof(*t->opts));
	*t->opts = cv->c->opts;
	memset(t->opts->mem_base, 0, sizeof(t->opts->mem_base));
	t->opts->module_base = 0;
	if (klp_module_open(path, t->opts, cv->d, &ko))
		return -ENOEXEC;
	t->ko = ko;
	if (klp_module_layout(ko))
		return -ENOEXEC;
	t->path = path;
	if (strcmp(ko->name, t->name)) {
		char m[400];

		snprintf(m, sizeof(m),
			 "--target-module %s=FILE: FILE is module '%s', the name the kernel gives its klp object; klp relocations for '%s' would never be applied to it",
			 t->name, ko->name, t->name);
		klp_diag_add(cv->d, KLP_ERR, path, NULL, -1, "convert-modname",
			     m, NULL);
	}
	t->defidx = xmalloc((ko->nsyms ? ko->nsyms : 1) * sizeof(*t->defidx));
	for (size_t i = 1; i < ko->nsyms; i++) {
		const Elf64_Sym *s = &ko->syms[i];
		const char *n = klp_symname(ko, s);

		if (s->st_shndx == SHN_UNDEF)
			continue;
		t->defidx[j++] = (uint32_t)i;
		if (!strncmp(n, "__ksymtab_", 10) && n[10])
			cv_map_put(&cv->exports, n + 10, t->name);
	}
	t->ndef = j;
	/* the loader's object lists the same symbols in the same order */
	if (!o || o->nr != j) {
		klp_diag_add(cv->d, KLP_ERR, path, NULL, -1, "convert-source",
			     "the symbol table read twice differs", NULL);
		return -ENOEXEC;
	}
	return 0;
}

/* Where vmlinux's __init memory is, at run time: [start, end). */
static void init_range(struct cv *cv)
{
	static const char *const pairs[][2] = {
		{ "__init_begin", "__init_end" },
		{ "_sinittext", "_einittext" },
	};
	const struct klp_kobj *vm = klp_ksyms_obj(&cv->ks, "vmlinux");

	if (!vm || vm->hidden)
		return;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		unsigned long c, t;
		uint64_t a = 0, b = 0;

		if (klp_ksyms_find(vm, pairs[i][0], 1, false, &a, &c, &t) ||
		    klp_ksyms_find(vm, pairs[i][1], 1, false, &b, &c, &t) ||
		    a >= b)
			continue;
		cv->init_start = a;
		cv->init_end = b;
		cv->have_init_range = true;
		return;
	}
}

int cv_load_sources(struct cv *cv)
{
	struct cli *c = cv->c;
	const struct klp_module *me = cv->me;
	const struct klp_kobj *vm;
	uint64_t base, start, end, text_file = 0, text_run;
	bool have_text = false;
	size_t len;
	char *buf;

	cv->ks.arch = me->arch;
	if (klp_ksyms_load(&cv->ks, c->target, KLP_SYMSRC_AUTO, NULL, 0,
			   cv->d))
		return -ENOEXEC;
	if (cv->ks.kaslr_seen && !c->opts.kaslr_known) {
		c->opts.kaslr_offset = cv->ks.kaslr_offset;
		c->opts.kaslr_known = true;
	}
	/* modules a kallsyms dump lists: loaded now */
	for (size_t i = 0; i < cv->ks.nr; i++)
		if (cv->ks.obj[i]->from_dump)
			add_target(cv, cv->ks.obj[i]->name)->loaded = true;
	/* as check places them: in the upper half of the module area */
	klp_module_area(me, &start, &end);
	base = start + (end - start) / 2;
	for (size_t i = 0; i < c->ntmods; i++) {
		const struct klp_kobj *o;
		struct cv_target *t;

		if (!modname_ok(c->tmods[i].name)) {
			klp_diag_add(cv->d, KLP_ERR, c->tmods[i].path, NULL, -1,
				     "convert-modname",
				     "--target-module NAME: a module name as the kernel spells it (letters, digits, '_'; no '.ko', '-' as '_'; at most 55 characters)",
				     NULL);
			return -EINVAL;
		}
		if (klp_ksyms_load(&cv->ks, c->tmods[i].path,
				   KLP_SYMSRC_MODULE, c->tmods[i].name, base,
				   cv->d))
			return -ENOEXEC;
		o = klp_ksyms_obj(&cv->ks, c->tmods[i].name);
		for (size_t j = 0; o && j < o->nr; j++)
			if (o->v[j].addr + 0x10000 > base)
				base = (o->v[j].addr + 0x10000 + 0xfff) &
				       ~0xfffULL;
		t = add_target(cv, c->tmods[i].name);
		if (open_target_ko(cv, t, c->tmods[i].path))
			return -ENOEXEC;
	}
	/* SYMBOLS again, as it is: exports, _text, what kallsyms dropped */
	buf = slurp(cv, c->target, &len);
	if (!buf)
		return -ENOENT;
	if (len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG)) {
		if (elf_exports(cv, buf, len, &text_file, &have_text)) {
			free(buf);
			return -ENOEXEC;
		}
	} else {
		keep(cv, buf);
		text_exports(cv, buf, &text_file, &have_text);
	}
	vm = klp_ksyms_obj(&cv->ks, "vmlinux");
	if (have_text && vm && !vm->hidden) {
		unsigned long cnt, tot;

		if (klp_ksyms_find(vm, "_text", 1, false, &text_run, &cnt,
				   &tot) == KLP_FIND_OK)
			cv->vmlinux_delta = text_run - text_file;
	}
	init_range(cv);
	for (size_t i = 0; i < c->nsymvers; i++)
		if (read_symvers(cv, c->symvers[i]))
			return -ENOENT;
	return 0;
}

void cv_free_sources(struct cv *cv)
{
	for (size_t i = 0; i < cv->ntg; i++) {
		free(cv->tg[i].name);
		free(cv->tg[i].defidx);
		klp_module_free(cv->tg[i].ko);
		free(cv->tg[i].opts);
	}
	free(cv->tg);
	if (cv->vmlinux_elf)
		elf_end(cv->vmlinux_elf);
	free(cv->vmlinux_buf);
	for (size_t i = 0; i < cv->nbufs; i++)
		free(cv->bufs[i]);
	free(cv->bufs);
	free(cv->raw);
	cv_map_free(&cv->exports);
	for (size_t i = 0; i < cv->nch; i++) {
		free(cv->ch[i].name);
		free(cv->ch[i].obj);
		free(cv->ch[i].sym);
		free(cv->ch[i].spec);
	}
	free(cv->ch);
	klp_ksyms_free(&cv->ks);
}

const char *cv_exporter(const struct cv *cv, const char *name)
{
	return cv_map_get(&cv->exports, name);
}

/* Does SYMBOLS list name for vmlinux at all (before kallsyms' filter)? */
bool cv_raw_defines(const struct cv *cv, const char *name, char *type)
{
	for (size_t i = 0; i < cv->nraw; i++)
		if (!strcmp(cv->raw[i].name, name)) {
			*type = cv->raw[i].type;
			return true;
		}
	return false;
}

struct file_walk {
	const char *name;
	uint64_t want;
	const char *file;	/* the last STT_FILE seen */
	const char *found;
};

static int file_sym(void *ctx, size_t idx, const GElf_Sym *s,
		    const char *sn)
{
	struct file_walk *w = ctx;

	if (GELF_ST_TYPE(s->st_info) == STT_FILE) {
		w->file = sn;
		return 0;
	}
	if (GELF_ST_BIND(s->st_info) != STB_LOCAL || s->st_value != w->want ||
	    strcmp(sn, w->name))
		return 0;
	w->found = w->file && *w->file ? w->file : NULL;
	return 1;
}

/* The STT_FILE before a local symbol of a vmlinux ELF: its source file. */
const char *cv_vmlinux_file(const struct cv *cv, const char *name,
			    uint64_t addr)
{
	struct file_walk w = { name, addr - cv->vmlinux_delta, NULL, NULL };

	if (!cv->vmlinux_elf ||
	    klp_elf_for_each_sym(cv->vmlinux_elf, file_sym, &w) != 1)
		return NULL;
	return w.found;
}

/* The same in a target .ko, for its symbol symidx. */
const char *cv_ko_file(const struct cv_target *t, uint32_t symidx)
{
	const char *file = NULL;
	const struct klp_module *ko = t->ko;

	if (!ko || symidx >= ko->nsyms ||
	    ELF64_ST_BIND(ko->syms[symidx].st_info) != STB_LOCAL)
		return NULL;
	for (uint32_t i = 1; i < symidx; i++)
		if (ELF64_ST_TYPE(ko->syms[i].st_info) == STT_FILE)
			file = klp_symname(ko, &ko->syms[i]);
	return file && *file ? file : NULL;
}

/* "[NAME=]OBJECT:SYMBOL[,POS]" */
int cv_parse_choice(const char *spec, const char *origin, int kver,
		    struct cv_choice *out, char *err, size_t len)
{
	const char *colon = strchr(spec, ':'), *eq, *comma, *obj;
	size_t olen, slen;

	memset(out, 0, sizeof(*out));
	if (!colon) {
		snprintf(err, len, "'%s' is not NAME=OBJECT:SYMBOL[,POS]",
			 spec);
		return -1;
	}
	eq = memchr(spec, '=', (size_t)(colon - spec));
	obj = eq ? eq + 1 : spec;
	olen = (size_t)(colon - obj);
	comma = strchr(colon + 1, ',');
	slen = comma ? (size_t)(comma - colon - 1) : strlen(colon + 1);
	if ((eq && eq == spec) || !olen || !slen) {
		snprintf(err, len, "'%s' is not NAME=OBJECT:SYMBOL[,POS]",
			 spec);
		return -1;
	}
	if (olen >= KLP_MODULE_NAME_LEN || memchr(obj, '.', olen)) {
		snprintf(err, len,
			 "'%s': OBJECT is vmlinux or a module name (no '.', at most %d characters)",
			 spec, KLP_MODULE_NAME_LEN - 1);
		return -1;
	}
	if (slen >= (size_t)klp_ksym_name_len(kver)) {
		snprintf(err, len,
			 "'%s': SYMBOL is longer than the kernel's %d characters",
			 spec, klp_ksym_name_len(kver) - 1);
		return -1;
	}
	if (comma) {
		const char *p = comma + 1;
		unsigned long v = 0;

		if (!*p) {
			snprintf(err, len, "'%s': POS is a number", spec);
			return -1;
		}
		for (; *p; p++) {
			if (!isdigit((unsigned char)*p) ||
			    v > (ULONG_MAX - (unsigned long)(*p - '0')) / 10) {
				snprintf(err, len,
					 "'%s': POS is a decimal number (0: the symbol is unique)",
					 spec);
				return -1;
			}
			v = v * 10 + (unsigned long)(*p - '0');
		}
		out->pos = v;
		out->has_pos = true;
	}
	out->obj = strndup(obj, olen);
	out->sym = strndup(colon + 1, slen);
	out->name = eq ? strndup(spec, (size_t)(eq - spec)) :
		strndup(colon + 1, slen);
	out->spec = xstrdup(spec);
	if (!out->obj || !out->sym || !out->name) {
		fputs("klpreloc: out of memory\n", stderr);
		exit(EXIT_USAGE);
	}
	out->origin = origin;
	return 0;
}

static struct cv_choice *find_choice(struct cv *cv, const char *name)
{
	for (size_t i = 0; i < cv->nch; i++)
		if (!strcmp(cv->ch[i].name, name))
			return &cv->ch[i];
	return NULL;
}

static bool same_choice(const struct cv_choice *a, const struct cv_choice *b)
{
	return !strcmp(a->obj, b->obj) && !strcmp(a->sym, b->sym) &&
	       a->has_pos == b->has_pos && a->pos == b->pos;
}

static void free_choice(struct cv_choice *ch)
{
	free(ch->name);
	free(ch->obj);
	free(ch->sym);
	free(ch->spec);
}

static void add_choice(struct cv *cv, struct cv_choice *ch)
{
	cv->ch = xrealloc(cv->ch, (cv->nch + 1) * sizeof(*cv->ch));
	cv->ch[cv->nch++] = *ch;
}

/* --sym: a usage error each (exit 2), before any file is read. */
int cv_read_choices(struct cv *cv)
{
	struct cli *c = cv->c;
	char err[700];

	for (size_t i = 0; i < c->nsyms; i++) {
		struct cv_choice ch, *old;

		if (cv_parse_choice(c->syms[i], "--sym", c->opts.kver, &ch, err,
				    sizeof(err))) {
			fprintf(stderr, "klpreloc convert: --sym %s\nTry 'klpreloc convert --help'.\n",
				err);
			return EXIT_USAGE;
		}
		old = find_choice(cv, ch.name);
		if (old && !same_choice(old, &ch)) {
			fprintf(stderr, "klpreloc convert: --sym %s and --sym %s choose twice for %s\nTry 'klpreloc convert --help'.\n",
				old->spec, ch.spec, ch.name);
			free_choice(&ch);
			return EXIT_USAGE;
		}
		if (old)
			free_choice(&ch);
		else
			add_choice(cv, &ch);
	}
	return 0;
}

/*
 * The annotation section: its records are part of the module (an error
 * each: the module is refused). A --sym for the same NAME wins.
 */
void cv_read_annotations(struct cv *cv)
{
	struct klp_module *me = cv->me;
	int kver = cv->c->opts.kver;
	char err[700];
	unsigned int sec;

	sec = klp_find_sec(me, CV_SYMS_SECTION);
	cv->syms_sec = sec;
	if (!sec)
		return;
	if (me->sechdrs[sec].sh_type != SHT_PROGBITS ||
	    (me->sechdrs[sec].sh_flags & SHF_ALLOC)) {
		cv_report(cv, KLP_ERR, CV_SYMS_SECTION, "convert-annotation",
			  "not the non-allocated PROGBITS section <klpreloc/klp-sym.h> makes");
		return;
	}
	for (size_t off = 0; off < me->secs[sec].size;) {
		const char *rec = (const char *)me->secs[sec].data + off;
		size_t n = strnlen(rec, me->secs[sec].size - off);
		struct cv_choice ch, *old;
		char *s;

		if (!n) {
			off++;
			continue;
		}
		s = strndup(rec, n);
		if (!s) {
			fputs("klpreloc: out of memory\n", stderr);
			exit(EXIT_USAGE);
		}
		off += n + 1;
		if (cv_parse_choice(s, "annotation", kver, &ch, err,
				    sizeof(err))) {
			cv_report(cv, KLP_ERR, CV_SYMS_SECTION,
				  "convert-annotation", "%s", err);
			free(s);
			continue;
		}
		free(s);
		old = find_choice(cv, ch.name);
		if (old && !same_choice(old, &ch)) {
			if (!strcmp(old->origin, "--sym"))
				cv_report(cv, KLP_NOTE, CV_SYMS_SECTION,
					  "convert-annotation",
					  "%s: --sym %s takes precedence over the annotation %s",
					  ch.name, old->spec, ch.spec);
			else
				cv_report(cv, KLP_ERR, CV_SYMS_SECTION,
					  "convert-annotation",
					  "%s: two annotations choose differently: %s and %s",
					  ch.name, old->spec, ch.spec);
		}
		if (old)
			free_choice(&ch);
		else
			add_choice(cv, &ch);
	}
}
