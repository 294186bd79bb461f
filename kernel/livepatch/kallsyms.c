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
			/*
			 * klp_match_callback(): the last address seen;
			 * hidden addresses are taken as found
			 */
			found = obj->hidden ? 1 : s->addr;
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
	*addr = obj->hidden ? 0 : found;
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

/*
 * scripts/kallsyms' is_ignored_symbol(): what it drops from the
 * System.map-shaped list it is fed (u and n, and absolute symbols but
 * four). Positions in a System.map count over what is left.
 */
static bool kallsyms_ignores(const char *name, char type)
{
	static const char *const abs_kept[] = {
		"__kernel_syscall_via_break", "__kernel_syscall_via_epc",
		"__kernel_sigtramp", "__gp",
	};

	if (type == 'u' || type == 'n')
		return true;
	if (type != 'A' && type != 'a')
		return false;
	for (size_t i = 0; i < sizeof(abs_kept) / sizeof(abs_kept[0]); i++)
		if (!strcmp(name, abs_kept[i]))
			return false;
	return true;
}

/* scripts/mksysmap: what never reaches System.map (for a vmlinux ELF). */
static bool mksysmap_drops(const char *name, char type)
{
	return type == 'a' || type == 'N' || type == 'U' || type == 'w' ||
	       name[0] == '$' || !strncmp(name, ".L", 2) ||
	       !strncmp(name, "__crc_", 6) ||
	       !strncmp(name, "__kstrtab_", 10) ||
	       !strncmp(name, "__kstrtabns_", 12);
}

/* Without KALLSYMS_ALL only text symbols make it into kallsyms. */
static bool text_type(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

/* Link-time address to run time: the arch's offset and a stated KASLR. */
static uint64_t map_shift(const struct klp_ksyms *ks)
{
	uint64_t off = ks->arch ? ks->arch->map_offset : 0;

	if (ks->opts && ks->opts->kaslr_known)
		off += ks->opts->kaslr_offset;
	return off;
}

struct map_line {
	const char *name, *mod;
	uint64_t addr;
	char type;
};

/*
 * Is a file without [mod] lines a System.map (link-time addresses) or a
 * /proc/kallsyms dump (run time)? Only an arch whose System.map is not
 * at run-time addresses can tell, and needs to: _text at its link-time
 * address (s390: TEXT_OFFSET) is a System.map; KASLR may put the running
 * kernel above or below the default.
 */
static bool looks_link_time(const struct klp_ksyms *ks,
			    const struct map_line *v, size_t n)
{
	if (!ks->arch || !ks->arch->map_offset)
		return true;
	for (size_t i = 0; i < n; i++)
		if (!v[i].mod && (!strcmp(v[i].name, "_text") ||
				  !strcmp(v[i].name, "_stext")))
			return v[i].addr == ks->arch->kernel_text -
					    ks->arch->map_offset;
	/* no _text (an excerpt): run time only if every address is */
	for (size_t i = 0; i < n; i++)
		if (v[i].addr && v[i].addr < ks->arch->map_offset)
			return true;
	return false;
}

/* What a root dump says about KASLR: where _text runs against default. */
static void learn_kaslr(struct klp_ksyms *ks, const struct map_line *v,
			size_t n)
{
	if (!ks->arch)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i].mod || strcmp(v[i].name, "_text"))
			continue;
		ks->kaslr_seen = true;
		ks->kaslr_offset = v[i].addr - ks->arch->kernel_text;
		return;
	}
}

static int bad_line(const char *path, size_t line, struct klp_diag *d)
{
	char m[120];

	snprintf(m, sizeof(m), "line %zu is not \"ADDRESS TYPE NAME\"", line);
	klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source", m, NULL);
	return -ENOEXEC;
}

/*
 * "ADDR TYPE NAME" (System.map) or "ADDR TYPE NAME\t[MOD]" (kallsyms).
 * Parsed in place: names point into buf.
 */
static int parse_map(struct klp_ksyms *ks, const char *path, char *buf,
		     enum klp_symsrc_kind kind, struct klp_diag *d)
{
	struct klp_kobj *vm = NULL, *cur = NULL;
	struct map_line *v = NULL;
	char *p = buf;
	const char *curname = NULL;
	size_t line = 0, nzero = 0, n = 0, alloc = 0;
	bool all = ks->opts ? ks->opts->kallsyms_all : true, mods = false;
	uint64_t shift = 0;
	int ret = 0;

	while (*p) {
		char *eol = strchr(p, '\n'), *name, *mod = NULL, *e;
		unsigned long long addr;

		line++;
		if (eol)
			*eol = '\0';
		while (*p == ' ')
			p++;
		if (!*p)
			goto next;
		addr = strtoull(p, &e, 16);
		if (e == p || *e != ' ' || !e[1] || e[2] != ' ' || !e[3]) {
			ret = bad_line(path, line, d);
			goto out;
		}
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
				mods = true;
			}
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 4096;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		v[n++] = (struct map_line){ name, mod, addr, name[-2] };
		if (!addr)
			nzero++;
next:
		if (!eol)
			break;
		p = eol + 1;
	}
	if (!n) {
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source",
			     "no symbols in file", NULL);
		ret = -ENOEXEC;
		goto out;
	}
	if (nzero == n) {
		kind = KLP_SYMSRC_KALLSYMS;
		ks->zero_addrs = true;
	} else if (kind == KLP_SYMSRC_SYSTEM_MAP &&
		   (mods || !looks_link_time(ks, v, n))) {
		kind = KLP_SYMSRC_KALLSYMS;
	}
	if (kind == KLP_SYMSRC_KALLSYMS && !ks->zero_addrs)
		learn_kaslr(ks, v, n);
	if (kind == KLP_SYMSRC_SYSTEM_MAP)
		shift = map_shift(ks);
	for (size_t i = 0; i < n; i++) {
		const struct map_line *l = &v[i];

		if (!l->mod) {
			if (!vm)
				vm = kobj_get(ks, "vmlinux", path);
			/*
			 * A dump is kallsyms itself; a System.map still goes
			 * through scripts/kallsyms (and, without
			 * KALLSYMS_ALL, keeps text symbols only).
			 */
			if (kind == KLP_SYMSRC_SYSTEM_MAP &&
			    (kallsyms_ignores(l->name, l->type) ||
			     (!all && !text_type(l->type))))
				continue;
			kobj_add(vm, l->name, l->addr + shift, l->type, true);
			continue;
		}
		if (!curname || strcmp(curname, l->mod)) {
			cur = kobj_get(ks, l->mod, path);
			cur->from_dump = true;
			curname = l->mod;
		}
		kobj_add(cur, l->name, l->addr, l->type, true);
	}
	if (ks->zero_addrs) {
		for (size_t i = 0; i < ks->nr; i++)
			ks->obj[i]->hidden = true;
		klp_diag_add(d, KLP_WARN, path, NULL, -1, "hidden-addresses",
			     "every address is 0 (kptr_restrict, not root): names, positions, ambiguity, sections and object rules are checked; the value, range and alignment checks that need its addresses are skipped",
			     NULL);
	} else if (shift && ks->arch) {
		char m[200];

		snprintf(m, sizeof(m),
			 "System.map addresses are link-time: +0x%llx to run time (%s)",
			 (unsigned long long)shift, ks->arch->name);
		klp_diag_add(d, KLP_NOTE, path, NULL, -1, "map-offset", m,
			     NULL);
	}
	for (size_t i = 0; i < ks->nr; i++)
		kobj_index(ks->obj[i]);
out:
	free(v);
	return ret;
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
	uint64_t shift = map_shift(ks);
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
			if (mksysmap_drops(name, type) ||
			    kallsyms_ignores(name, type) ||
			    (!all && !text_type(type)))
				continue;
			kobj_add(vm, xstrdup(name), s.st_value + shift, type,
				 true);
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

/* The kernel's elf_type() for a module symbol (kernel/module/kallsyms.c) */
static char module_sym_type(const struct klp_module *m, const Elf64_Sym *s,
			    unsigned int pcpu)
{
	const Elf64_Shdr *sh;

	if (ELF64_ST_BIND(s->st_info) == STB_WEAK)
		return ELF64_ST_TYPE(s->st_info) == STT_OBJECT ? 'v' : 'w';
	if (s->st_shndx == SHN_UNDEF)
		return 'U';
	if (s->st_shndx == SHN_ABS || (pcpu && s->st_shndx == pcpu))
		return 'a';
	if (s->st_shndx >= SHN_LORESERVE || s->st_shndx >= m->shnum)
		return '?';
	sh = &m->sechdrs[s->st_shndx];
	if (sh->sh_flags & SHF_EXECINSTR)
		return 't';
	if ((sh->sh_flags & SHF_ALLOC) && sh->sh_type != SHT_NOBITS)
		return sh->sh_flags & SHF_WRITE ? 'd' : 'r';
	if (sh->sh_type == SHT_NOBITS)
		return 'b';
	return '?';
}

/*
 * Where the module's per-cpu section goes: percpu_modalloc() takes it from
 * the reserved chunk, which follows the static per-cpu area of vmlinux
 * (__per_cpu_end). Symbols in it read as that address plus their offset.
 */
static uint64_t percpu_alloc(struct klp_ksyms *ks, const Elf64_Shdr *sh)
{
	uint64_t align = sh->sh_addralign ? sh->sh_addralign : 1, at;

	if (!ks->percpu_next) {
		const struct klp_kobj *vm = klp_ksyms_obj(ks, "vmlinux");
		unsigned long c, t;
		uint64_t end = 0;

		if (vm && !vm->hidden)
			klp_ksyms_find(vm, "__per_cpu_end", 1, false, &end,
				       &c, &t);
		/* made up, but never 0: 0 is "not found" to livepatch */
		ks->percpu_next = end ? end : 0x100000;
	}
	at = (ks->percpu_next + align - 1) & ~(align - 1);
	ks->percpu_next = at + sh->sh_size;
	return at;
}

/*
 * Give the .ko's symbols the addresses a kallsyms dump lists for the same
 * module: the dump is what the running kernel has. Each name takes the
 * dump's entries of that name in order (both are in symbol table order).
 * Returns how many kallsyms symbols of the .ko the dump did not have.
 */
static size_t take_dump_addrs(struct klp_kobj *obj, const struct klp_kobj *dump)
{
	bool *used = xcalloc(dump->nr ? dump->nr : 1, sizeof(*used));
	size_t missing = 0;

	for (size_t i = 0; i < obj->nr; i++) {
		struct klp_ksym *k = &obj->v[i];
		uint32_t j;

		if (!k->core || !*k->name)
			continue;
		j = dump->bucket[name_hash(k->name) &
				 (uint32_t)(dump->nbucket - 1)];
		for (; j != UINT32_MAX; j = dump->chain[j])
			if (!used[j] && !strcmp(dump->v[j].name, k->name))
				break;
		if (j == UINT32_MAX) {
			missing++;
			continue;
		}
		used[j] = true;
		if (!dump->hidden)
			k->addr = dump->v[j].addr;
		k->type = dump->v[j].type;
	}
	free(used);
	return missing;
}

/* A target module: laid out by our loader, symbols in symtab order. */
static int load_ko(struct klp_ksyms *ks, const char *path,
		   const char *objname, uint64_t base, struct klp_diag *d)
{
	struct klp_options o;
	struct klp_module *m;
	struct klp_kobj *obj, *dump = NULL;
	char *names;
	size_t nlen = 0;
	unsigned int pcpu;
	uint64_t pcpu_base = 0;
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
	if (!objname)
		objname = m->name;
	obj = klp_ksyms_obj(ks, objname);
	if (obj && obj->from_dump) {
		/* a fresh object in its place; the dump's stays for lookup */
		dump = obj;
		obj = xcalloc(1, sizeof(*obj));
		for (size_t i = 0; i < ks->nr; i++)
			if (ks->obj[i] == dump)
				ks->obj[i] = obj;
		obj->name = xstrdup(objname);
		obj->is_module = true;
		obj->hidden = dump->hidden;
	} else if (obj) {
		char msg[200];

		snprintf(msg, sizeof(msg),
			 "module %s is given twice (%s and %s)", objname,
			 obj->source, path);
		klp_diag_add(d, KLP_ERR, path, NULL, -1, "symbol-source", msg,
			     NULL);
		klp_module_free(m);
		return -EINVAL;
	} else {
		obj = kobj_get(ks, objname, path);
	}
	obj->source = path;
	pcpu = klp_find_sec(m, ".data..percpu");
	if (pcpu && m->sechdrs[pcpu].sh_size)
		pcpu_base = percpu_alloc(ks, &m->sechdrs[pcpu]);
	for (size_t i = 1; i < m->nsyms; i++)
		nlen += strlen(klp_symname(m, &m->syms[i])) + 1;
	names = xmalloc(nlen + 1);
	add_buf(ks, names);
	for (size_t i = 1; i < m->nsyms; i++) {
		const Elf64_Sym *s = &m->syms[i];
		const char *n = klp_symname(m, s);
		uint64_t addr = s->st_value;

		/* module_kallsyms_on_each_symbol() skips undefined ones */
		if (s->st_shndx == SHN_UNDEF)
			continue;
		if (pcpu && s->st_shndx == pcpu)
			addr += pcpu_base;
		else if (s->st_shndx < m->shnum)
			addr += m->sechdrs[s->st_shndx].sh_addr;
		strcpy(names, n);
		kobj_add(obj, names, addr, module_sym_type(m, s, pcpu),
			 is_core_symbol(m, s, o.kallsyms_all));
		names += strlen(n) + 1;
	}
	kobj_index(obj);
	if (dump) {
		size_t missing = take_dump_addrs(obj, dump);

		if (missing) {
			char msg[300];

			snprintf(msg, sizeof(msg),
				 "%zu symbols of module %s are not in the kallsyms dump %s: is the dump of this build of %s?",
				 missing, objname, dump->source, path);
			klp_diag_add(d, KLP_WARN, path, NULL, -1,
				     "symbol-source", msg, NULL);
		}
		kobj_free(dump);
	}
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

		/* a module's types come from its ELF: any defined will do */
		if (strcmp(s->name, name) ||
		    (!o->is_module && !isupper((unsigned char)s->type)))
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
