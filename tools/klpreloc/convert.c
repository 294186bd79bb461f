// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc convert: a livepatch module as Kbuild built it - its references
 * to symbols nobody exports left undefined - becomes one the kernel loads:
 * each such symbol a .klp.sym.OBJ.SYM,POS, each relocation that uses it
 * in .klp.rela.OBJ.SEC. The result is checked with check's own load
 * against the same symbols before it is renamed into place; nothing is
 * written when the kernel would refuse it. Documentation/convert.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <klpreloc/arch.h>
#include <klpreloc/flow.h>

#include "convert.h"

static const char usage[] =
	"usage: klpreloc convert [--json] [-q] --target SYMBOLS\n"
	"                        [--target-module NAME=FILE.ko]... [--symvers FILE]...\n"
	"                        [--sym NAME=OBJECT:SYMBOL[,POS]]... [check's options]\n"
	"                        -o OUT.ko IN.ko\n"
	"Turn IN.ko's references to symbols nobody exports into klp relocations:\n"
	"each undefined symbol that vmlinux or a target module defines but does not\n"
	"export becomes .klp.sym.OBJECT.SYMBOL,POS (POS counted as the kernel counts\n"
	"it), and every relocation that uses it moves into .klp.rela.OBJECT.SECTION.\n"
	"Exported symbols stay ordinary relocations. A name defined nowhere, or more\n"
	"than once, is an error that lists where it looked or each candidate.\n"
	"The result is checked as 'check' would, then renamed into place; IN.ko is\n"
	"never touched, and the same input always gives the same bytes.\n"
	"\n"
	"  -o, --out OUT.ko              where to write (required; not IN.ko)\n"
	"  --target SYMBOLS              the kernel's symbols: System.map, a\n"
	"                                /proc/kallsyms dump or a vmlinux\n"
	"  --target-module NAME=FILE.ko  a module the patch patches (repeatable)\n"
	"  --symvers FILE                a Module.symvers: more exported symbols\n"
	"                                (repeatable)\n"
	"  --sym NAME=OBJECT:SYMBOL[,POS]  the undefined NAME is OBJECT's SYMBOL,\n"
	"                                the POS-th in kallsyms order (0 or none:\n"
	"                                the only one); overrides the source's\n"
	"                                KLPRELOC_SYM/KLPRELOC_SYMPOS (<klpreloc/klp-sym.h>)\n"
	"  --kernel X.Y                  the modelled kernel (default 6.12)\n"
	"  --arch-opt, --kaslr-offset, --no-strict-rwx, --no-kallsyms-all,\n"
	"  --module-base, --layout, --reload-shift: as for check, for the check of\n"
	"                                the result ('klpreloc check --help')\n"
	"  --json          one JSON object on stdout (Documentation/cli.md)\n"
	"  -q, --quiet     errors and the last line only\n"
	"  --help          this text\n"
	"\n"
	"Exit status: 0 written, 1 refused (a symbol defined nowhere or ambiguous,\n"
	"something the kernel cannot do; nothing written), 2 usage error or\n"
	"unreadable input, 3 the output could not be written.\n";

/* -o names the input itself: it must never be touched. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static int io_error(struct cv *cv, const char *path, const char *what,
		    int err)
{
	char msg[PATH_MAX + 80];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	klp_diag_add(cv->d, KLP_ERR, path, NULL, -1, "output", msg, NULL);
	return EXIT_IO;
}

/* A file next to out, written by cv_write(). */
static int write_tmp(struct cv *cv, const char *out, bool placeholders,
		     char **path)
{
	struct stat st;
	mode_t mode = 0644;
	char why[200];
	int fd, err;

	if (asprintf(path, "%s.tmp.XXXXXX", out) < 0) {
		fputs("klpreloc: out of memory\n", stderr);
		exit(EXIT_USAGE);
	}
	fd = mkstemp(*path);
	if (fd < 0) {
		err = errno;
		free(*path);
		*path = NULL;
		return io_error(cv, out, "cannot create the output", err);
	}
	if (!stat(cv->in, &st))
		mode = st.st_mode & 0777;
	if (cv_write(cv, fd, placeholders, why, sizeof(why))) {
		close(fd);
		unlink(*path);
		klp_diag_add(cv->d, KLP_ERR, out, NULL, -1, "output", why,
			     NULL);
		return EXIT_IO;
	}
	if (fchmod(fd, mode) || fsync(fd)) {
		err = errno;
		close(fd);
		unlink(*path);
		return io_error(cv, out, "writing the output", err);
	}
	if (close(fd)) {
		err = errno;
		unlink(*path);
		return io_error(cv, out, "writing the output", err);
	}
	return 0;
}

/* check's records name the file checked: name out instead of tmp. */
static void merge_diag(struct klp_diag *to, const struct klp_diag *from,
		       const char *tmp, const char *out)
{
	for (size_t i = 0; i < from->nr; i++) {
		const struct klp_diag_entry *e = &from->v[i];

		klp_diag_add(to, e->sev,
			     e->file && !strcmp(e->file, tmp) ? out : e->file,
			     e->section, e->rel, e->rule, e->msg, e->kmsg);
	}
}

/*
 * check's load of the result, against the same symbols: what the kernel
 * would refuse is refused here. A kernel without livepatch on the arch
 * (arm64 before 6.17) is checked as the first one that has it.
 */
static int verify(struct cv *cv, const char *path, struct klp_options *vo,
		  struct klp_module **vme, struct klp_flow *f)
{
	struct klp_diag vd;
	int ret;

	*vo = cv->c->opts;
	if (!klp_arch_has_livepatch(cv->me)) {
		char kv[16], lv[16];

		vo->kver = cv->me->arch->livepatch_since;
		cv_report(cv, KLP_WARN, NULL, "convert-no-livepatch",
			  "the modelled %s kernel has no livepatch on %s: the result is checked as %s would load it",
			  kver_str(cv->c->opts.kver, kv, sizeof(kv)),
			  cv->me->arch->name,
			  kver_str(vo->kver, lv, sizeof(lv)));
	}
	klp_diag_init(&vd);
	if (klp_module_open(path, vo, &vd, vme)) {
		merge_diag(cv->d, &vd, path, cv->c->out);
		klp_diag_free(&vd);
		return EXIT_IO;
	}
	klp_flow_run(*vme, &cv->ks, f);
	ret = vd.errors ? EXIT_REFUSE : EXIT_ACCEPT;
	merge_diag(cv->d, &vd, path, cv->c->out);
	klp_diag_free(&vd);
	return ret;
}

static bool need_placeholders(const struct cv *cv)
{
	for (size_t i = 1; i < cv->me->nsyms; i++)
		if (cv->sym[i].act == CV_EXPORTED && cv->sym[i].placeholder)
			return true;
	return false;
}

/* Write, check, rename: EXIT_ACCEPT, EXIT_REFUSE or EXIT_IO. */
static int publish(struct cv *cv, struct klp_options *vo,
		   struct klp_module **vme, struct klp_flow *f)
{
	const char *out = cv->c->out;
	char *tmp = NULL, *vtmp = NULL;
	size_t nph = 0;
	int ret;

	ret = write_tmp(cv, out, false, &tmp);
	if (ret)
		return ret;
	if (need_placeholders(cv)) {
		/* exported by modules SYMBOLS does not have: a stand-in */
		for (size_t i = 1; i < cv->me->nsyms; i++)
			nph += cv->sym[i].act == CV_EXPORTED &&
			       cv->sym[i].placeholder;
		cv_report(cv, KLP_NOTE, NULL, "convert-placeholder",
			  "%zu exported symbol%s not in %s (from --symvers): checked at a stand-in address; the kernel resolves %s when the exporting module%s loaded",
			  nph, nph == 1 ? "" : "s", cv->c->target,
			  nph == 1 ? "it" : "them", nph == 1 ? " is" : "s are");
		ret = write_tmp(cv, out, true, &vtmp);
		if (ret)
			goto out;
	}
	ret = verify(cv, vtmp ? vtmp : tmp, vo, vme, f);
	if (vtmp && *vme) {
		/* the records name the check's copy: name the output */
		for (size_t i = 0; i < cv->d->nr; i++)
			if (cv->d->v[i].file && !strcmp(cv->d->v[i].file, vtmp)) {
				free(cv->d->v[i].file);
				cv->d->v[i].file = xstrdup(out);
			}
	}
	if (!ret && klp_inputs_check(cv->d))
		ret = EXIT_USAGE;
	if (ret)
		goto out;
	if (rename(tmp, out)) {
		ret = io_error(cv, out, "cannot rename the output into place",
			       errno);
		goto out;
	}
	free(tmp);
	tmp = NULL;
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (vtmp) {
		unlink(vtmp);
		free(vtmp);
	}
	return ret;
}

static void json_strs(char *const *v, size_t n)
{
	fputs("[", stdout);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", stdout);
		json_str(stdout, v[i]);
	}
	fputs("]", stdout);
}

static const char *kept_reason(enum cv_action a)
{
	switch (a) {
	case CV_EXPORTED:
		return "exported";
	case CV_ARCH:
		return "arch";
	default:
		return "weak";
	}
}

static void json_report(struct cv *cv, int ret, bool wrote,
			struct klp_module *vme, const struct klp_flow *f)
{
	struct klp_module *me = cv->me;
	bool first = true;

	if (!cv->sym)
		me = NULL;	/* nothing decided */
	json_head(cv->c, cv->me, ret);
	if (vme)
		json_flow_objects(vme, f);
	else
		fputs(", \"objects\": []", stdout);
	fputs(", \"conversions\": [", stdout);
	for (size_t i = 1; me && i < me->nsyms; i++) {
		const struct cv_sym *cs = &cv->sym[i];

		if (cs->act != CV_KLP)
			continue;
		fputs(first ? "{\"name\": " : ", {\"name\": ", stdout);
		json_str(stdout, klp_symname(me, &me->syms[i]));
		fputs(", \"object\": ", stdout);
		json_str(stdout, cs->obj);
		fputs(", \"symbol\": ", stdout);
		json_str(stdout, cs->sym);
		printf(", \"sympos\": %lu, \"klp_name\": ", cs->pos);
		json_str(stdout, cs->klpname);
		fputs(", \"how\": ", stdout);
		json_str(stdout, cs->how);
		printf(", \"relocations\": %zu, \"sections\": ", cs->moved);
		json_strs(cs->secs, cs->nsecs);
		fputs("}", stdout);
		first = false;
	}
	fputs("], \"kept\": [", stdout);
	first = true;
	for (size_t i = 1; me && i < me->nsyms; i++) {
		const struct cv_sym *cs = &cv->sym[i];

		if (cs->act != CV_EXPORTED && cs->act != CV_ARCH &&
		    cs->act != CV_WEAK)
			continue;
		fputs(first ? "{\"name\": " : ", {\"name\": ", stdout);
		json_str(stdout, klp_symname(me, &me->syms[i]));
		printf(", \"reason\": \"%s\", \"exporter\": ",
		       kept_reason(cs->act));
		json_str(stdout, cs->act == CV_EXPORTED ? cs->exporter : NULL);
		fputs("}", stdout);
		first = false;
	}
	fputs("], \"out\": ", stdout);
	json_str(stdout, wrote ? cv->c->out : NULL);
	json_tail(cv->d);
}

static void text_report(struct cv *cv, int ret, bool wrote)
{
	struct klp_module *me = cv->me;
	size_t nsym = 0, nrel = 0, nnew = 0;

	for (size_t i = 0; i < cv->d->nr; i++) {
		const struct klp_diag_entry *e = &cv->d->v[i];

		if ((ret >= EXIT_USAGE && e->sev == KLP_ERR) ||
		    (cv->c->quiet && e->sev != KLP_ERR))
			continue;
		klp_diag_print(stdout, e);
	}
	if (!wrote) {
		if (ret == EXIT_REFUSE)
			printf("%s: refused: nothing written to %s\n",
			       cv->in, cv->c->out);
		return;
	}
	for (size_t i = 1; i < me->nsyms; i++) {
		const struct cv_sym *cs = &cv->sym[i];

		if (cs->act != CV_KLP)
			continue;
		nsym++;
		nrel += cs->moved;
		if (cv->c->quiet)
			continue;
		printf("%s: %s -> %s: %zu relocation%s moved", cv->in,
		       klp_symname(me, &me->syms[i]), cs->klpname, cs->moved,
		       cs->moved == 1 ? "" : "s");
		for (size_t j = 0; j < cs->nsecs; j++)
			printf("%s%s", j ? ", " : " to ", cs->secs[j]);
		printf(" (%s)\n", cs->how);
	}
	for (size_t g = 0; g < cv->ng; g++)
		nnew += !cv->g[g].existing;
	printf("%s: wrote %s: %zu klp symbol%s, %zu relocation%s moved, %zu new klp section%s\n",
	       cv->in, cv->c->out, nsym, nsym == 1 ? "" : "s", nrel,
	       nrel == 1 ? "" : "s", nnew, nnew == 1 ? "" : "s");
}

int cmd_convert(int argc, char **argv)
{
	struct cli c;
	struct klp_diag d;
	struct cv cv;
	struct klp_options vo;
	struct klp_module *vme = NULL;
	struct klp_flow f = { 0 };
	bool wrote = false;
	int ret = cli_parse(&c, argc, argv, usage, true, true);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (same_file(c.module, c.out)) {
		fprintf(stderr, "klpreloc convert: -o %s is the input: convert never touches it\nTry 'klpreloc convert --help'.\n",
			c.out);
		cli_free(&c);
		return EXIT_USAGE;
	}
	memset(&cv, 0, sizeof(cv));
	klp_diag_init(&d);
	cv.c = &c;
	cv.d = &d;
	cv.in = c.module;
	klp_ksyms_init(&cv.ks, &c.opts);
	ret = cv_read_choices(&cv);
	if (ret) {
		/* a bad --sym: a usage error, no report */
		cv_free_sources(&cv);
		klp_diag_free(&d);
		cli_free(&c);
		return ret;
	}
	if (klp_module_open(c.module, &c.opts, &d, &cv.me) ||
	    cv_check_input(&cv) || cv_load_sources(&cv)) {
		ret = EXIT_USAGE;
		goto report;
	}
	cv_read_annotations(&cv);
	cv_decide(&cv);
	if (!cv_plan_drop(&cv))
		cv_plan_moves(&cv);
	if (d.errors) {
		ret = EXIT_REFUSE;
		goto report;
	}
	ret = publish(&cv, &vo, &vme, &f);
	wrote = !ret;
report:
	if (ret >= EXIT_USAGE)
		cli_print_errors(&d);
	if (c.json)
		json_report(&cv, ret, wrote, vme, &f);
	else if (cv.me || ret != EXIT_USAGE)
		text_report(&cv, ret, wrote);
	klp_flow_free(&f);
	klp_module_free(vme);
	if (cv.me)
		cv_free_plan(&cv);
	klp_module_free(cv.me);
	cv_free_sources(&cv);
	klp_diag_free(&d);
	cli_free(&c);
	return ret;
}
