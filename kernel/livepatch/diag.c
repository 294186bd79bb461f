// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics: collect problems as records and print each as one line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "internal.h"

void klp_diag_init(struct klp_diag *d)
{
	memset(d, 0, sizeof(*d));
}

void klp_diag_free(struct klp_diag *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		free(d->v[i].file);
		free(d->v[i].section);
		free(d->v[i].rule);
		free(d->v[i].msg);
		free(d->v[i].kmsg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static const char *const sev_name[] = {
	[KLP_NOTE] = "note",
	[KLP_WARN] = "warning",
	[KLP_ERR] = "error",
};

void klp_diag_print(FILE *f, const struct klp_diag_entry *e)
{
	fprintf(f, "%s: ", e->file ? e->file : "klpreloc");
	if (e->section)
		fprintf(f, "%s: ", e->section);
	if (e->rel >= 0)
		fprintf(f, "rela %ld: ", e->rel);
	fprintf(f, "%s: %s:", sev_name[e->sev], e->rule);
	if (e->msg)
		fprintf(f, " %s", e->msg);
	if (e->kmsg)
		fprintf(f, "%skernel: %s", e->msg ? "; " : " ", e->kmsg);
	fputc('\n', f);
}

void klp_diag_add(struct klp_diag *d, enum klp_severity sev,
		  const char *file, const char *section, long rel,
		  const char *rule, const char *msg, const char *kmsg)
{
	struct klp_diag_entry *e;

	if (d->nr == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->v = xrealloc(d->v, d->alloc * sizeof(*d->v));
	}
	e = &d->v[d->nr++];
	e->sev = sev;
	e->file = dup_or_null(file);
	e->section = dup_or_null(section);
	e->rel = rel;
	e->rule = xstrdup(rule);
	e->msg = dup_or_null(msg);
	e->kmsg = dup_or_null(kmsg);
	if (sev == KLP_ERR)
		d->errors++;
	else if (sev == KLP_WARN)
		d->warnings++;
	if (d->echo)
		klp_diag_print(d->echo, e);
}

void klp_diag_add_entry(struct klp_diag *d, const struct klp_diag_entry *e)
{
	klp_diag_add(d, e->sev, e->file, e->section, e->rel, e->rule, e->msg,
		     e->kmsg);
}

void klp_diag_append(struct klp_diag *to, const struct klp_diag *from)
{
	for (size_t i = 0; i < from->nr; i++)
		klp_diag_add_entry(to, &from->v[i]);
}

static void vreport(struct klp_module *me, enum klp_severity sev, long sec,
		    long rel, const char *rule, const char *kmsg,
		    const char *fmt, va_list ap)
{
	char *msg = NULL;
	const char *secname = NULL;

	if (fmt && vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (sec >= 0 && (unsigned long)sec < me->shnum)
		secname = klp_secname(me, (unsigned int)sec);
	rel = klp_rel_file_index(me, sec, rel);
	if (me->diag)
		klp_diag_add(me->diag, sev, me->path, secname, rel, rule,
			     msg, kmsg);
	free(msg);
}

void klp_report(struct klp_module *me, enum klp_severity sev, long sec,
		long rel, const char *rule, const char *kmsg, const char *fmt,
		...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(me, sev, sec, rel, rule, kmsg, fmt, ap);
	va_end(ap);
}

void klp_kerr(struct klp_module *me, const char *rule, const char *kfmt, ...)
{
	va_list ap;
	char *k = NULL;

	va_start(ap, kfmt);
	if (vasprintf(&k, kfmt, ap) < 0)
		k = NULL;
	va_end(ap);
	klp_report(me, KLP_ERR, me->cur_relsec ? (long)me->cur_relsec : -1,
		   me->cur_rel, rule, k, NULL);
	free(k);
}

void klp_rel_err(struct klp_module *me, const char *rule, const char *fmt,
		 ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(me, KLP_ERR, me->cur_relsec ? (long)me->cur_relsec : -1,
		me->cur_rel, rule, NULL, fmt, ap);
	va_end(ap);
}

void klp_rel_warn(struct klp_module *me, const char *rule, const char *fmt,
		  ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(me, KLP_WARN, me->cur_relsec ? (long)me->cur_relsec : -1,
		me->cur_rel, rule, NULL, fmt, ap);
	va_end(ap);
}
