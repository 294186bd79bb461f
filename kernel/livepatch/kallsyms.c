// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol sources and the name index. Each object keeps its symbols in the
 * order the kernel walks them when it resolves a .klp.sym: address order
 * for vmlinux (kallsyms_on_each_match_symbol() visits equal names in
 * kallsyms sequence, which is address order), symbol table order for a
 * module (module_kallsyms_on_each_symbol()). The index is built once per
 * object, so a lookup is a hash probe, never a scan.
 */
#include <ctype.h>
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>
#include <klpreloc/kallsyms.h>

#include "internal.h"

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

void klp_ksyms_init(struct klp_ksyms *ks, const struct klp_options *opts)
{
	memset(ks, 0, sizeof(*ks));
	ks->opts = opts;
}

static void kobj_free(struct klp_kobj *o)
{
	free(o->name);
	free(o->v);
	free(o->bucket);
	free(o->chain);
	free(o);
}

void klp_ksyms_free(struct klp_ksyms *ks)
{
	for (size_t i = 0; i < ks->nr; i++)
		kobj_free(ks->obj[i]);
	for (size_t i = 0; i < ks->nbufs; i++)
		free(ks->bufs[i]);
	free(ks->obj);
	free(ks->bufs);
	memset(ks, 0, sizeof(*ks));
}

struct klp_kobj *klp_ksyms_obj(const struct klp_ksyms *ks, const char *name)
{
	for (size_t i = 0; i < ks->nr; i++)
		if (!strcmp(ks->obj[i]->name, name))
			return ks->obj[i];
	return NULL;
}

static struct klp_kobj *kobj_get(struct klp_ksyms *ks, const char *name,
				 const char *source)
{
	struct klp_kobj *o = klp_ksyms_obj(ks, name);

	if (o)
		return o;
	o = xcalloc(1, sizeof(*o));
	o->name = xstrdup(name);
	o->is_module = strcmp(name, "vmlinux") != 0;
	o->source = source;
	ks->obj = xrealloc(ks->obj, (ks->nr + 1) * sizeof(*ks->obj));
	ks->obj[ks->nr++] = o;
	return o;
}

static void kobj_add(struct klp_kobj *o, const char *name, uint64_t addr,
		     char type, bool core)
{
	if (o->nr == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 1024;
		o->v = xrealloc(o->v, o->alloc * sizeof(*o->v));
	}
	o->v[o->nr] = (struct klp_ksym){ name, addr, type, core,
					 (uint32_t)o->nr };
	o->nr++;
}

/* Chains keep kallsyms order: fill from the back, push to the front. */
static void kobj_index(struct klp_kobj *o)
{
	size_t nb = 1;

	while (nb < o->nr * 2)
		nb <<= 1;
	free(o->bucket);
	free(o->chain);
	o->nbucket = nb;
	o->bucket = xmalloc(nb * sizeof(*o->bucket));
	o->chain = xmalloc((o->nr ? o->nr : 1) * sizeof(*o->chain));
	memset(o->bucket, 0xff, nb * sizeof(*o->bucket));
	o->exports = false;
	for (size_t i = o->nr; i-- > 0;) {
		uint32_t b = name_hash(o->v[i].name) & (uint32_t)(nb - 1);

		if (!strncmp(o->v[i].name, "__ksymtab_", 10))
			o->exports = true;
		o->chain[i] = o->bucket[b];
		o->bucket[b] = (uint32_t)i;
	}
}

enum klp_find_result klp_ksyms_find(const struct klp_kobj *obj,
				    const char *name, unsigned long pos,
				    bool core_only, uint64_t *addr,
				    unsigned long *count, unsigned long *total)
{
	unsigned long n = 0, all = 0;
	uint64_t found = 0;
	bool stopped = false;

	if (obj && obj->nbucket) {
		uint32_t i = obj->bucket[name_hash(name) &
					 (uint32_t)(obj->nbucket - 1)];

		for (; i != UINT32_MAX; i = obj->chain[i]) {
			const struct klp_ksym *s = &obj->v[i];

			if (strcmp(s->name, name) || (core_only && !s->core))
				continue;
			all++;
			if (stopped)
				continue;
			/* klp_match_callback() */
			found = s->addr;
			n++;
			if ((pos && n == pos) || (!pos && n > 1))
				stopped = true;
		}
	}
	*count = n;
	*total = all;
	*addr = 0;
	if (!found)
		return KLP_FIND_NOT_FOUND;
	if (n > 1 && pos == 0)
		return KLP_FIND_AMBIGUOUS;
	if (pos && pos != n)
		return KLP_FIND_BAD_POS;
	*addr = found;
	return KLP_FIND_OK;
}

static int add_buf(struct klp_ksyms *ks, void *buf)
{
	ks->bufs = xrealloc(ks->bufs, (ks->nbufs + 1) * sizeof(*ks->bufs));
	ks->bufs[ks->nbufs++] = buf;
	return 0;
}

static int slurp(const char *path, char **buf, size_t *len,
		 struct klp_diag *d)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, r;

	if (!f) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "unreadable",
			     strerror(errno), NULL);
		return -ENOENT;
	}
	*buf = xmalloc(cap + 1);
	while ((r = fread(*buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			*buf = xrealloc(*buf, cap + 1);
		}
	}
	if (ferror(f)) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "unreadable",
			     "read error", NULL);
		fclose(f);
		free(*buf);
		return -EIO;
	}
	fclose(f);
	(*buf)[n] = '\0';
	*len = n;
	return 0;
}

/* Is this symbol one scripts/kallsyms would keep? */
static bool kallsyms_keeps(const char *name, char type)
{
	if (type == 'U' || type == 'u' || type == 'w' || type == 'v' ||
	    type == 'N' || type == 'n')
		return false;
	return strncmp(name, "__crc_", 6) && strncmp(name, ".L", 2) &&
	       name[0] != '$' && strncmp(name, "__kstrtab", 9);
}

/*
 * "ADDR TYPE NAME" (System.map) or "ADDR TYPE NAME\t[MOD]" (kallsyms).
 * Parsed in place: names point into buf.
 */
static int parse_map(struct klp_ksyms *ks, const char *path, char *buf,
		     enum klp_symsrc_kind kind, struct klp_diag *d)
{
	struct klp_kobj *vm = NULL, *cur = NULL;
	char *p = buf, *curname = NULL;
	size_t line = 0, nzero = 0, total = 0;
	bool all = ks->opts ? ks->opts->kallsyms_all : true;

	while (*p) {
		char *eol = strchr(p, '\n'), *name, *mod = NULL, *e;
		unsigned long long addr;
		char type;

		line++;
		if (eol)
			*eol = '\0';
		while (*p == ' ')
			p++;
		if (!*p)
			goto next;
		addr = strtoull(p, &e, 16);
		if (e == p || *e != ' ' || !e[1] || e[2] != ' ' || !e[3]) {
			char m[120];

			snprintf(m, sizeof(m),
				 "line %zu is not \"ADDRESS TYPE NAME\"", line);
			klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
				     m, NULL);
			return -ENOEXEC;
		}
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
		if (mod && kind == KLP_SYMSRC_SYSTEM_MAP)
			kind = KLP_SYMSRC_KALLSYMS;
		total++;
		if (!addr)
			nzero++;
		if (!mod) {
			if (!vm)
				vm = kobj_get(ks, "vmlinux", path);
			/* vmlinux kallsyms has data symbols only with _ALL */
			if (kallsyms_keeps(name, type) &&
			    (all || kind == KLP_SYMSRC_KALLSYMS ||
			     strchr("tTwW", type)))
				kobj_add(vm, name, addr, type, true);
		} else {
			if (!curname || strcmp(curname, mod)) {
				cur = kobj_get(ks, mod, path);
				curname = mod;
			}
			kobj_add(cur, name, addr, type, true);
		}
next:
		if (!eol)
			break;
		p = eol + 1;
	}
	if (!total) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "no symbols in file", NULL);
		return -ENOEXEC;
	}
	if (nzero == total) {
		/*
		 * kptr_restrict hides addresses; keep the order (which
		 * decides sympos) and make up distinct addresses.
		 */
		ks->zero_addrs = true;
		for (size_t i = 0; i < ks->nr; i++)
			for (size_t j = 0; j < ks->obj[i]->nr; j++)
				if (!ks->obj[i]->v[j].addr)
					ks->obj[i]->v[j].addr =
						0xffff000000000000ULL +
						16 * (j + 1);
		klp_diag_add(d, KLP_WARN, path, NULL, -1, "hidden-addresses",
			     "all addresses are zero (kptr_restrict?): symbol positions are checked, relocated values are not meaningful",
			     NULL);
	}
	for (size_t i = 0; i < ks->nr; i++)
		kobj_index(ks->obj[i]);
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct klp_ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static char elf_type_char(const GElf_Sym *s, const GElf_Shdr *sh)
{
	char c = 'd';

	if (s->st_shndx == SHN_ABS)
		c = 'a';
	else if (sh && (sh->sh_flags & SHF_EXECINSTR))
		c = 't';
	else if (sh && sh->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh && !(sh->sh_flags & SHF_WRITE))
		c = 'r';
	if (GELF_ST_BIND(s->st_info) == STB_WEAK)
		return c == 't' ? 'W' : 'V';
	if (GELF_ST_BIND(s->st_info) != STB_LOCAL)
		c = (char)toupper(c);
	return c;
}

/* A vmlinux ELF: its symbol table, in address order. */
static int load_vmlinux(struct klp_ksyms *ks, const char *path, char *buf,
			size_t len, struct klp_diag *d)
{
	Elf *elf = elf_memory(buf, len);
	Elf_Scn *scn = NULL;
	struct klp_kobj *vm;
	bool all = ks->opts ? ks->opts->kallsyms_all : true;
	int ret = -ENOEXEC;

	if (!elf) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     elf_errmsg(-1), NULL);
		return -ENOEXEC;
	}
	vm = kobj_get(ks, "vmlinux", path);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh, tsh;
		Elf_Data *data;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || !sh.sh_entsize)
			break;
		n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; i < n; i++) {
			GElf_Sym s;
			const char *name;
			Elf_Scn *ts;
			char type;

			if (!gelf_getsym(data, (int)i, &s))
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name || !*name || s.st_shndx == SHN_UNDEF ||
			    GELF_ST_TYPE(s.st_info) == STT_SECTION ||
			    GELF_ST_TYPE(s.st_info) == STT_FILE)
				continue;
			ts = s.st_shndx < SHN_LORESERVE ?
				elf_getscn(elf, s.st_shndx) : NULL;
			type = elf_type_char(&s, ts && gelf_getshdr(ts, &tsh) ?
					     &tsh : NULL);
			if (!kallsyms_keeps(name, type) ||
			    (!all && type != 't' && type != 'T' && type != 'W'))
				continue;
			kobj_add(vm, xstrdup(name), s.st_value, type, true);
		}
		ret = 0;
		break;
	}
	elf_end(elf);
	if (ret) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "vmlinux has no symbol table", NULL);
		return ret;
	}
	/* names were strdup'ed: keep them alive with the ksyms */
	for (size_t i = 0; i < vm->nr; i++)
		add_buf(ks, (void *)vm->v[i].name);
	/* kallsyms order: by address, ties in symbol table order */
	qsort(vm->v, vm->nr, sizeof(*vm->v), cmp_addr);
	kobj_index(vm);
	return 0;
}

/* The kernel's is_core_symbol() for a module's kallsyms after init. */
static bool is_core_symbol(const struct klp_module *m, const Elf64_Sym *s,
			   bool all)
{
	const Elf64_Shdr *sh;

	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= m->shnum ||
	    !s->st_name)
		return false;
	if (all && !strcmp(klp_secname(m, s->st_shndx), ".data..percpu"))
		return true;
	sh = &m->sechdrs[s->st_shndx];
	if (!(sh->sh_flags & SHF_ALLOC) ||
	    (!all && !(sh->sh_flags & SHF_EXECINSTR)) ||
	    m->secs[s->st_shndx].mem >= KLP_MEM_INIT_TEXT)
		return false;
	return true;
}

/* A target module: laid out by our loader, symbols in symtab order. */
static int load_ko(struct klp_ksyms *ks, const char *path,
		   const char *objname, uint64_t base, struct klp_diag *d)
{
	struct klp_options o;
	struct klp_module *m;
	struct klp_kobj *obj;
	char *names;
	size_t nlen = 0;
	int ret;

	if (ks->opts)
		o = *ks->opts;
	else
		klp_options_init(&o);
	memset(o.mem_base, 0, sizeof(o.mem_base));
	o.module_base = base;
	ret = klp_module_open(path, &o, d, &m);
	if (ret)
		return ret;
	ret = klp_module_layout(m);
	if (ret) {
		klp_module_free(m);
		return ret;
	}
	obj = kobj_get(ks, objname ? objname : m->name, path);
	for (size_t i = 1; i < m->nsyms; i++)
		nlen += strlen(klp_symname(m, &m->syms[i])) + 1;
	names = xmalloc(nlen + 1);
	add_buf(ks, names);
	for (size_t i = 1; i < m->nsyms; i++) {
		const Elf64_Sym *s = &m->syms[i];
		const char *n = klp_symname(m, s);
		uint64_t addr = s->st_value;

		if (s->st_shndx == SHN_UNDEF)
			continue;
		if (s->st_shndx < m->shnum)
			addr += m->sechdrs[s->st_shndx].sh_addr;
		strcpy(names, n);
		kobj_add(obj, names, addr,
			 ELF64_ST_TYPE(s->st_info) == STT_FUNC ? 't' : 'd',
			 is_core_symbol(m, s, o.kallsyms_all));
		names += strlen(n) + 1;
	}
	kobj_index(obj);
	klp_module_free(m);
	return 0;
}

int klp_ksyms_load(struct klp_ksyms *ks, const char *path,
		   enum klp_symsrc_kind kind, const char *objname,
		   uint64_t ko_base, struct klp_diag *d)
{
	char *buf;
	size_t len;
	int ret;

	ret = slurp(path, &buf, &len, d);
	if (ret)
		return ret;
	if (kind == KLP_SYMSRC_AUTO) {
		if (len >= 18 && !memcmp(buf, ELFMAG, SELFMAG)) {
			/* e_type sits at offset 16 in either class */
			unsigned int t = buf[EI_DATA] == ELFDATA2MSB ?
				(unsigned char)buf[16] << 8 |
				(unsigned char)buf[17] :
				(unsigned char)buf[17] << 8 |
				(unsigned char)buf[16];

			kind = t == ET_REL ? KLP_SYMSRC_MODULE :
				KLP_SYMSRC_VMLINUX;
		} else {
			kind = KLP_SYMSRC_SYSTEM_MAP;
		}
	}
	if (kind == KLP_SYMSRC_MODULE) {
		free(buf);
		return load_ko(ks, path, objname, ko_base, d);
	}
	add_buf(ks, buf);
	if (kind == KLP_SYMSRC_VMLINUX) {
		elf_version(EV_CURRENT);
		return load_vmlinux(ks, path, buf, len, d);
	}
	if (memchr(buf, '\0', len)) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "binary data: not a System.map, kallsyms dump, vmlinux or .ko",
			     NULL);
		return -ENOEXEC;
	}
	return parse_map(ks, path, buf, kind, d);
}

static bool global_def(const struct klp_kobj *o, const char *name,
		       uint64_t *addr, unsigned int *nglobal)
{
	uint32_t i;

	*nglobal = 0;
	if (!o->nbucket)
		return false;
	i = o->bucket[name_hash(name) & (uint32_t)(o->nbucket - 1)];
	for (; i != UINT32_MAX; i = o->chain[i]) {
		const struct klp_ksym *s = &o->v[i];

		if (strcmp(s->name, name) || !isupper((unsigned char)s->type))
			continue;
		if (!*nglobal)
			*addr = s->addr;
		(*nglobal)++;
	}
	return *nglobal > 0;
}

int klp_ksyms_exported(const struct klp_ksyms *ks, const char *name,
		       uint64_t *addr)
{
	char key[600];

	snprintf(key, sizeof(key), "__ksymtab_%s", name);
	for (size_t i = 0; i < ks->nr; i++) {
		const struct klp_kobj *o = ks->obj[i];
		unsigned long count, total;
		unsigned int ng;
		uint64_t a;

		if (klp_ksyms_find(o, key, 1, true, &a, &count, &total) ==
		    KLP_FIND_OK && global_def(o, name, addr, &ng))
			return 0;
		/* a source without export tables: a unique global will do */
		if (!o->exports && global_def(o, name, addr, &ng) &&
		    ng == 1)
			return 0;
	}
	return -ENOENT;
}
