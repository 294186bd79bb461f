// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc convert: write the converted module.
 *
 * The output is the input with: each converted symbol renamed to its klp
 * name, st_shndx SHN_LIVEPATCH and st_value 0 (its index, binding and type
 * kept); the relocations that use a klp symbol gone from their .rela
 * section and, in the same order, in .klp.rela.OBJ.SEC (SHT_RELA,
 * SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH, sh_link the symbol table,
 * sh_info SEC), appended after the input's sections or to a klp section
 * the input already has for that object and section; and the annotation
 * section (.klpreloc.syms) removed with its section symbol. Every other
 * index (sections, symbols, groups) is remapped only as far as that
 * removal needs. Written through libelf in the module's byte order: the
 * same input and choices always give the same bytes.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/bytes.h>

#include "convert.h"

/*
 * Largest section alignment written: the largest page of the four arches
 * (ppc64's 64 KiB). The kernel lays a module out in pages and cannot
 * honour more, and libelf pads the output file to every alignment: one of
 * 4 GiB made a 4 GiB module.
 */
#define CV_ALIGN_MAX	(64ULL << 10)

/*
 * What libelf cannot write (and no linker makes): a section alignment
 * that is not a power of two, or one that would pad the output beyond
 * any module's; and a relocation section whose target is past the table,
 * which the output would give a target. One diagnostic; -ENOEXEC.
 */
int cv_check_input(struct cv *cv)
{
	const struct klp_module *me = cv->me;

	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *sh = &me->sechdrs[i];
		uint64_t a = sh->sh_addralign;
		char m[200];

		/*
		 * The kernel skips a relocation section for a section that
		 * is not there; in the output, that number would be one of
		 * the sections convert adds.
		 */
		if ((sh->sh_type == SHT_RELA || sh->sh_type == SHT_REL) &&
		    sh->sh_info >= me->shnum) {
			snprintf(m, sizeof(m),
				 "section %u (%s): sh_info %u is past the section table (%u sections): the sections convert adds would give it a target",
				 i, klp_secname(me, i), sh->sh_info, me->shnum);
			klp_diag_add(cv->d, KLP_ERR, cv->in, NULL, -1,
				     "elf-section", m, NULL);
			return -ENOEXEC;
		}
		if (!(a & (a - 1)) && a <= CV_ALIGN_MAX)
			continue;
		snprintf(m, sizeof(m),
			 a & (a - 1) ?
			 "section %u (%s): sh_addralign %llu is not a power of two" :
			 "section %u (%s): sh_addralign %llu is more than a page (64 KiB): no module needs it, and the output would be padded to it",
			 i, klp_secname(me, i), (unsigned long long)a);
		klp_diag_add(cv->d, KLP_ERR, cv->in, NULL, -1, "elf-section",
			     m, NULL);
		return -ENOEXEC;
	}
	return 0;
}

/*
 * Mark the annotation section, a RELA for it, and its section symbol for
 * removal. Anything else that refers to them is refused.
 */
int cv_plan_drop(struct cv *cv)
{
	struct klp_module *me = cv->me;
	unsigned int a = cv->syms_sec;

	cv->drop_sec = xcalloc(me->shnum, sizeof(bool));
	cv->drop_sym = xcalloc(me->nsyms ? me->nsyms : 1, sizeof(bool));
	if (!a)
		return 0;
	cv->drop_sec[a] = true;
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *sh = &me->sechdrs[i];

		if ((sh->sh_type == SHT_RELA || sh->sh_type == SHT_REL) &&
		    sh->sh_info == a)
			cv->drop_sec[i] = true;
		else if (i != a && sh->sh_link == a)
			goto refuse;
	}
	for (size_t i = 1; i < me->nsyms; i++) {
		const Elf64_Sym *s = &me->syms[i];

		if (s->st_shndx != a)
			continue;
		if (ELF64_ST_TYPE(s->st_info) != STT_SECTION)
			goto refuse;
		cv->drop_sym[i] = true;
	}
	/* nothing else may use that symbol */
	for (unsigned int i = 1; i < me->shnum; i++) {
		const Elf64_Shdr *sh = &me->sechdrs[i];
		size_t nr;
		Elf64_Rela *r;

		if (cv->drop_sec[i] || sh->sh_type != SHT_RELA ||
		    sh->sh_info >= me->shnum)
			continue;
		r = klp_relas(me, i, &nr);
		for (size_t j = 0; j < nr; j++)
			if (ELF64_R_SYM(r[j].r_info) < me->nsyms &&
			    cv->drop_sym[ELF64_R_SYM(r[j].r_info)])
				goto refuse;
	}
	return 0;
refuse:
	cv_report(cv, KLP_ERR, CV_SYMS_SECTION, "convert-annotation",
		  "something else in the module refers to it: it cannot be removed");
	return -1;
}

struct out {
	Elf *e;
	void **bufs;	/* freed after elf_end() */
	size_t nbufs;
};

static void *own(struct out *o, void *p)
{
	o->bufs = xrealloc(o->bufs, (o->nbufs + 1) * sizeof(*o->bufs));
	o->bufs[o->nbufs++] = p;
	return p;
}

static int add_section(struct out *o, const Elf64_Shdr *sh, void *buf,
		       size_t size, Elf_Type type)
{
	Elf_Scn *scn = elf_newscn(o->e);
	Elf64_Shdr *osh = scn ? elf64_getshdr(scn) : NULL;
	Elf_Data *d;

	if (!osh)
		return -EIO;
	*osh = *sh;
	osh->sh_offset = 0;
	osh->sh_size = size;
	if (!size)
		return 0;
	d = elf_newdata(scn);
	if (!d)
		return -EIO;
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = type;
	d->d_align = sh->sh_addralign ? sh->sh_addralign : 1;
	d->d_off = 0;
	d->d_version = EV_CURRENT;
	return 0;
}

/* A string table with more strings at its end. */
struct strtab {
	char *buf;
	size_t len, cap;
};

static size_t str_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1, at = t->len;

	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2;
		t->buf = xrealloc(t->buf, t->cap);
	}
	memcpy(t->buf + at, s, n);
	t->len += n;
	return at;
}

/* SHT_GROUP: target-order words, flags then member sections. */
static void *remap_group(const struct klp_module *me, unsigned int i,
			 const unsigned int *smap, size_t *size)
{
	const unsigned char *in = me->secs[i].data;
	size_t n = me->secs[i].size / 4, k = 0;
	bool be = me->hdr.e_ident[EI_DATA] == ELFDATA2MSB;
	unsigned char *out = xmalloc(n ? n * 4 : 1);

	for (size_t j = 0; j < n; j++) {
		uint32_t w = be ? get_be32(in + 4 * j) : get_le32(in + 4 * j);

		if (j) {
			if (w < me->shnum && !smap[w] && w)
				continue;	/* a removed member */
			if (w < me->shnum)
				w = smap[w];
		}
		if (be)
			put_be32(out + 4 * k++, w);
		else
			put_le32(out + 4 * k++, w);
	}
	*size = k * 4;
	return out;
}

int cv_write(struct cv *cv, int fd, bool placeholders, char *err,
	     size_t errlen)
{
	const struct klp_module *me = cv->me;
	unsigned int shnum = me->shnum, nout = 1, text = 0;
	unsigned int *smap = xcalloc(shnum, sizeof(*smap));
	size_t *ymap = xcalloc(me->nsyms ? me->nsyms : 1, sizeof(*ymap));
	size_t nsym = 0, nlocal = 0, *klpoff;
	struct strtab str = { 0 }, shstr = { 0 };
	bool shared = me->strindex == me->hdr.e_shstrndx;
	size_t *shname;
	Elf64_Sym *syms;
	struct out o = { 0 };
	Elf64_Ehdr *eh;
	int ret = -EIO;

	for (unsigned int i = 1; i < shnum; i++)
		if (!cv->drop_sec[i])
			smap[i] = nout++;
	for (size_t k = 0; k < cv->ng; k++)
		cv->g[k].index = cv->g[k].existing ? smap[cv->g[k].existing] :
			nout++;
	for (size_t i = 0; i < me->nsyms; i++) {
		ymap[i] = nsym;
		if (cv->drop_sym[i])
			continue;
		nsym++;
		if (i < me->sechdrs[me->symindex].sh_info)
			nlocal++;
	}
	/* a text section of the output, for the check's placeholders */
	for (unsigned int i = 1; i < shnum && !text; i++)
		if ((me->sechdrs[i].sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) ==
		    (SHF_ALLOC | SHF_EXECINSTR) && smap[i])
			text = i;

	/* the symbol names: the old table, the klp names after it */
	str.buf = xmalloc(me->strtab_size);
	memcpy(str.buf, me->strtab, me->strtab_size);
	str.len = str.cap = me->strtab_size;
	klpoff = xcalloc(me->nsyms ? me->nsyms : 1, sizeof(*klpoff));
	for (size_t i = 1; i < me->nsyms; i++)
		if (cv->sym[i].act == CV_KLP)
			klpoff[i] = str_add(&str, cv->sym[i].klpname);

	/* section names: a new table, or the shared one with more at its end */
	shname = xcalloc(shnum + cv->ng, sizeof(*shname));
	if (shared) {
		shstr = str;
		for (unsigned int i = 1; i < shnum; i++)
			shname[i] = me->sechdrs[i].sh_name;
	} else {
		str_add(&shstr, "");
		for (unsigned int i = 1; i < shnum; i++)
			if (smap[i])
				shname[i] = str_add(&shstr, klp_secname(me, i));
	}
	for (size_t k = 0; k < cv->ng; k++)
		if (!cv->g[k].existing)
			shname[shnum + k] = str_add(&shstr, cv->g[k].name);
	if (shared)
		str = shstr;

	syms = xcalloc(nsym ? nsym : 1, sizeof(*syms));
	for (size_t i = 0; i < me->nsyms; i++) {
		Elf64_Sym s = me->syms[i];
		const struct cv_sym *cs = &cv->sym[i];

		if (cv->drop_sym[i])
			continue;
		if (cs->act == CV_KLP) {
			s.st_name = (Elf64_Word)klpoff[i];
			s.st_shndx = SHN_LIVEPATCH;
			s.st_value = 0;
		} else if (placeholders && cs->act == CV_EXPORTED &&
			   cs->placeholder && text) {
			s.st_shndx = (Elf64_Section)text;
			s.st_value = 0;
		}
		if (s.st_shndx != SHN_UNDEF && s.st_shndx < SHN_LORESERVE &&
		    s.st_shndx < shnum)
			s.st_shndx = (Elf64_Section)smap[s.st_shndx];
		syms[ymap[i]] = s;
	}

	elf_version(EV_CURRENT);
	o.e = elf_begin(fd, ELF_C_WRITE, NULL);
	eh = o.e ? elf64_newehdr(o.e) : NULL;
	if (!eh)
		goto out;
	/* what the input has, as far as libelf writes it at all */
	elf_flagelf(o.e, ELF_C_SET, ELF_F_PERMISSIVE);
	memcpy(eh->e_ident, me->hdr.e_ident, EI_NIDENT);
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = me->hdr.e_type;
	eh->e_machine = me->hdr.e_machine;
	eh->e_version = EV_CURRENT;
	eh->e_flags = me->hdr.e_flags;
	eh->e_shstrndx = (Elf64_Half)smap[me->hdr.e_shstrndx];

	for (unsigned int i = 1; i < shnum; i++) {
		Elf64_Shdr sh = me->sechdrs[i];
		void *buf = me->secs[i].data;
		size_t size = me->secs[i].size;
		Elf_Type type = ELF_T_BYTE;
		bool info_is_sec = sh.sh_type == SHT_RELA ||
			sh.sh_type == SHT_REL || (sh.sh_flags & SHF_INFO_LINK);

		if (!smap[i])
			continue;
		sh.sh_name = (Elf64_Word)shname[i];
		if (sh.sh_link && sh.sh_link < shnum)
			sh.sh_link = smap[sh.sh_link];
		if (sh.sh_type == SHT_GROUP)
			sh.sh_info = sh.sh_info < me->nsyms ?
				(Elf64_Word)ymap[sh.sh_info] : sh.sh_info;
		else if (info_is_sec && sh.sh_info && sh.sh_info < shnum)
			sh.sh_info = smap[sh.sh_info];
		if (sh.sh_type == SHT_NOBITS) {
			buf = NULL;
			size = sh.sh_size;
		} else if (i == me->symindex) {
			buf = syms;
			size = nsym * sizeof(*syms);
			type = ELF_T_SYM;
			sh.sh_info = (Elf64_Word)nlocal;
		} else if (i == me->strindex) {
			buf = str.buf;
			size = str.len;
		} else if (i == me->hdr.e_shstrndx) {
			buf = shstr.buf;
			size = shstr.len;
		} else if (sh.sh_type == SHT_GROUP) {
			buf = own(&o, remap_group(me, i, smap, &size));
		} else if (sh.sh_type == SHT_RELA) {
			size_t nr, k = 0, extra = 0;
			Elf64_Rela *r = size ? klp_relas(me, i, &nr) : NULL;
			Elf64_Rela *v;

			if (!r)
				nr = 0;
			for (size_t g = 0; g < cv->ng; g++)
				if (cv->g[g].existing == i)
					extra = cv->g[g].n;
			v = own(&o, xmalloc((nr + extra) * sizeof(*v) + 1));
			for (size_t j = 0; j < nr; j++)
				if (!cv->moved[i] || !cv->moved[i][j])
					v[k++] = r[j];
			for (size_t g = 0; g < cv->ng; g++)
				if (cv->g[g].existing == i)
					for (size_t j = 0; j < cv->g[g].n; j++)
						v[k++] = cv->g[g].v[j];
			for (size_t j = 0; j < k; j++) {
				uint64_t y = ELF64_R_SYM(v[j].r_info);

				if (y < me->nsyms)
					v[j].r_info = ELF64_R_INFO(ymap[y],
						ELF64_R_TYPE(v[j].r_info));
			}
			buf = v;
			size = k * sizeof(*v);
			type = ELF_T_RELA;
		}
		if (add_section(&o, &sh, buf, size, type))
			goto out;
	}
	for (size_t g = 0; g < cv->ng; g++) {
		const struct cv_group *gr = &cv->g[g];
		Elf64_Shdr sh = {
			.sh_name = (Elf64_Word)shname[shnum + g],
			.sh_type = SHT_RELA,
			.sh_flags = SHF_ALLOC | SHF_INFO_LINK |
				    SHF_RELA_LIVEPATCH,
			.sh_link = smap[me->symindex],
			.sh_info = smap[gr->target],
			.sh_addralign = 8,
			.sh_entsize = sizeof(Elf64_Rela),
		};
		Elf64_Rela *v;

		if (gr->existing)
			continue;
		v = own(&o, xmalloc(gr->n * sizeof(*v) + 1));
		for (size_t j = 0; j < gr->n; j++) {
			v[j] = gr->v[j];
			v[j].r_info = ELF64_R_INFO(ymap[ELF64_R_SYM(v[j].r_info)],
						   ELF64_R_TYPE(v[j].r_info));
		}
		if (add_section(&o, &sh, v, gr->n * sizeof(*v), ELF_T_RELA))
			goto out;
	}
	if (elf_update(o.e, ELF_C_WRITE) < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		snprintf(err, errlen, "libelf: %s", elf_errmsg(-1));
	if (o.e)
		elf_end(o.e);
	for (size_t i = 0; i < o.nbufs; i++)
		free(o.bufs[i]);
	free(o.bufs);
	free(syms);
	free(shname);
	free(klpoff);
	free(str.buf);
	if (!shared)
		free(shstr.buf);
	free(smap);
	free(ymap);
	return ret;
}
