// SPDX-License-Identifier: GPL-2.0
/*
 * klpreloc apply: run the load like check does and write what it produced
 * - every loaded section's relocated bytes, the regions, and the addresses
 * used - into a directory, all or nothing (a temporary directory renamed
 * into place).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <klpreloc/arch.h>
#include <klpreloc/flow.h>
#include <klpreloc/livepatch.h>

#include "klpreloc.h"

static const char usage[] =
	"usage: klpreloc apply [--json] [-q] --target SYMBOLS\n"
	"                      [--target-module NAME=FILE.ko]... [check's options]\n"
	"                      [--unload NAME | --reload NAME=FILE]... [--write-anyway]\n"
	"                      --out DIR MODULE.ko\n"
	"Load the module as 'check' does and write DIR/layout.txt (regions and\n"
	"sections with their addresses), DIR/symbols.txt (every symbol's final\n"
	"value), DIR/sections/NAME.bin (relocated bytes, target byte order) and\n"
	"DIR/mem/REGION.bin. Nothing is written if the kernel would refuse it; DIR\n"
	"is built next to itself and renamed into place, never left half written.\n"
	"\n"
	CHECK_OPTIONS
	"  --out DIR       where to write (replaced if it exists)\n"
	"  --unload NAME   after the load, the patched module object NAME\n"
	"                  unloads (its klp sections cleared where the kernel\n"
	"                  clears them)\n"
	"  --reload NAME=FILE  after the load, NAME unloads and comes back where\n"
	"                  FILE (a root kallsyms dump, or its [NAME] lines) puts\n"
	"                  it; --unload and --reload repeat, in order\n"
	"  --write-anyway  write DIR even when the kernel would refuse or break\n"
	"                  the module after its own load (an object's apply\n"
	"                  failed or went stale): the bytes where the model\n"
	"                  stopped; the exit status is still 1\n"
	"  --json          one JSON object on stdout (Documentation/cli.md)\n"
	"  -q, --quiet     errors only\n"
	"  --help          this text\n"
	"\n"
	"Exit status: 0 written, 1 the kernel would refuse it (nothing written\n"
	"unless --write-anyway),\n"
	"2 usage error or unreadable input, 3 the output (DIR, stdout) could not\n"
	"be written.\n";

static char *path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = xmalloc(a + b + 2);

	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static int write_file(const char *dir, const char *name, const void *p,
		      size_t len)
{
	char *path = path_join(dir, name);
	FILE *f;
	int ok;

	f = fopen(path, "wb");
	free(path);
	if (!f)
		return -errno;
	ok = fwrite(p, 1, len, f) == len;
	ok &= fclose(f) == 0;
	return ok ? 0 : -EIO;
}

/* Section names become file names: keep them readable and safe. */
static void file_name(char *dst, size_t len, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 5 < len; i++)
		dst[i] = name[i] == '/' ? '_' : name[i];
	strcpy(dst + i, ".bin");
}

static FILE *open_in(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	FILE *f;

	f = fopen(path, "w");
	free(path);
	return f;
}

static int write_text(const char *dir, struct klp_module *me)
{
	FILE *f = open_in(dir, "layout.txt");

	if (!f)
		return -errno;
	fprintf(f, "arch %s\nmodule %s\n", me->arch->name, me->name);
	for (int t = 0; t < KLP_MEM_NR; t++)
		if (me->mem[t].buf)
			fprintf(f, "mem %s 0x%" PRIx64 " 0x%" PRIx64 "\n",
				klp_mem_name(t), me->mem[t].addr,
				me->mem[t].size);
	for (unsigned int i = 1; i < me->shnum; i++)
		if (me->secs[i].mem >= 0)
			fprintf(f, "sec %s 0x%" PRIx64 " 0x%" PRIx64 "\n",
				klp_secname(me, i), me->sechdrs[i].sh_addr,
				me->sechdrs[i].sh_size);
	if (fclose(f))
		return -EIO;
	f = open_in(dir, "symbols.txt");
	if (!f)
		return -errno;
	for (size_t i = 1; i < me->nsyms; i++) {
		const char *n = klp_symname(me, &me->syms[i]);

		if (*n)
			fprintf(f, "%zu 0x%" PRIx64 " %s\n", i,
				me->syms[i].st_value, n);
	}
	return fclose(f) ? -EIO : 0;
}

static int write_out(const char *dir, struct klp_module *me)
{
	char sub[PATH_MAX + 16], name[PATH_MAX];
	int ret;

	snprintf(sub, sizeof(sub), "%.*s/sections", PATH_MAX - 1, dir);
	if (mkdir(sub, 0755))
		return -errno;
	for (unsigned int i = 1; i < me->shnum; i++) {
		if (me->secs[i].mem < 0 || me->sechdrs[i].sh_type == SHT_NOBITS)
			continue;
		file_name(name, sizeof(name), klp_secname(me, i));
		ret = write_file(sub, name,
				 klp_mem_ptr(me, me->sechdrs[i].sh_addr,
					     me->sechdrs[i].sh_size),
				 me->sechdrs[i].sh_size);
		if (ret)
			return ret;
	}
	snprintf(sub, sizeof(sub), "%.*s/mem", PATH_MAX - 1, dir);
	if (mkdir(sub, 0755))
		return -errno;
	for (int t = 0; t < KLP_MEM_NR; t++) {
		if (!me->mem[t].buf)
			continue;
		snprintf(name, sizeof(name), "%s.bin", klp_mem_name(t));
		ret = write_file(sub, name, me->mem[t].buf, me->mem[t].size);
		if (ret)
			return ret;
	}
	return write_text(dir, me);
}

static void remove_tree(const char *dir)
{
	char cmd[PATH_MAX + 32];
	char *q = strchr(dir, '\'');

	if (q)
		return;	/* never hand a quote to the shell */
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "klpreloc apply: could not remove %s\n", dir);
}

/* One diagnostic for a failed write: the run ends with EXIT_IO. */
static int io_error(struct klp_diag *d, const char *path, const char *what,
		    int err)
{
	char msg[PATH_MAX + 64];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	klp_diag_add(d, KLP_ERR, path, NULL, -1, "output", msg, NULL);
	return EXIT_IO;
}

/* Build in DIR.tmp.XXXXXX, then rename into place. */
static int publish(const char *out, struct klp_module *me, struct klp_diag *d)
{
	char tmp[PATH_MAX], old[PATH_MAX];
	struct stat st;
	int ret;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", out) >= (int)sizeof(tmp))
		return io_error(d, out, "cannot create the output directory",
				ENAMETOOLONG);
	if (!mkdtemp(tmp))
		return io_error(d, out, "cannot create the output directory",
				errno);
	chmod(tmp, 0755);
	ret = write_out(tmp, me);
	if (ret) {
		remove_tree(tmp);
		return io_error(d, out, "writing the output", -ret);
	}
	old[0] = '\0';
	if (!stat(out, &st)) {
		snprintf(old, sizeof(old), "%s.old.XXXXXX", out);
		if (!mkdtemp(old) || rmdir(old) || rename(out, old)) {
			ret = errno;
			remove_tree(tmp);
			return io_error(d, out, "cannot replace the old output",
					ret);
		}
	}
	if (rename(tmp, out)) {
		ret = errno;
		remove_tree(tmp);
		return io_error(d, out, "cannot rename the new output into place",
				ret);
	}
	if (old[0])
		remove_tree(old);
	return 0;
}

/* The patched object NAME of the load, or NULL (vmlinux is not one). */
static const struct klp_flow_obj *flow_obj(const struct klp_flow *f,
					   const char *name)
{
	for (size_t j = 0; j < f->nobj; j++)
		if (!strcmp(f->obj[j].name, name) && strcmp(name, "vmlinux"))
			return &f->obj[j];
	return NULL;
}

/*
 * Where a module object comes back: FILE's [NAME] lines (a root kallsyms
 * dump, or only those lines) with the --target-module .ko of NAME, if
 * given, for its order and init symbols, as --target and --target-module
 * describe it at the load. The object's symbols in ks are swapped with
 * those; back holds the old ones until it is freed.
 */
static int move_object(struct cli *c, struct klp_ksyms *ks,
		       struct klp_ksyms *back, const struct cli_event *e,
		       const struct klp_module *me, struct klp_diag *d)
{
	struct klp_kobj *now = klp_ksyms_obj(ks, e->name), *then, tmp;
	uint64_t start, end;
	char m[300];

	back->arch = me->arch;
	if (klp_ksyms_load(back, e->file, KLP_SYMSRC_AUTO, NULL, 0, d))
		return EXIT_USAGE;
	then = klp_ksyms_obj(back, e->name);
	if (!now || !then || !then->from_dump || back->zero_addrs) {
		snprintf(m, sizeof(m),
			 "--reload %s=%s: no [%s] lines with addresses in %s",
			 e->name, e->file, e->name, e->file);
		klp_diag_add(d, KLP_ERR, e->file, NULL, -1, "usage", m, NULL);
		return EXIT_USAGE;
	}
	klp_module_area(me, &start, &end);
	for (size_t i = 0; i < c->ntmods; i++)
		if (!strcmp(c->tmods[i].name, e->name) &&
		    klp_ksyms_load(back, c->tmods[i].path, KLP_SYMSRC_MODULE,
				   e->name, start + (end - start) / 2, d))
			return EXIT_USAGE;
	then = klp_ksyms_obj(back, e->name);
	tmp = *now;
	*now = *then;
	*then = tmp;
	return 0;
}

/*
 * --unload NAME and --reload NAME=FILE, in order, after the whole load:
 * klp_module_going() for NAME (its klp sections cleared where the kernel
 * clears them), and for --reload klp_module_coming() at FILE's
 * addresses. Only an object the load applied has anything to clear.
 */
static int run_events(struct cli *c, struct klp_module *me,
		      struct klp_ksyms *ks, struct klp_ksyms *back, size_t nback,
		      const struct klp_flow *f, struct klp_diag *d)
{
	struct klp_apply_ctx going = { me, ks, false, "target unloads", false };
	struct klp_apply_ctx coming = { me, ks, false, "target loads later",
					false };
	char m[400];
	/* per object of the load: unloaded by the last event */
	bool *gone = xmalloc((f->nobj + 1) * sizeof(*gone));
	int ret = 0;

	memset(gone, 0, (f->nobj + 1) * sizeof(*gone));
	for (size_t i = 0; i < c->nevents && i < nback && !ret; i++) {
		const struct cli_event *e = &c->events[i];
		const struct klp_flow_obj *o = flow_obj(f, e->name);
		size_t k = o ? (size_t)(o - f->obj) : 0;

		if (!o) {
			snprintf(m, sizeof(m),
				 "--%s %s: not a module object this patch has klp relocations for",
				 e->file ? "reload" : "unload", e->name);
			klp_diag_add(d, KLP_ERR, c->module, NULL, -1, "usage",
				     m, NULL);
			ret = EXIT_USAGE;
			break;
		}
		if (o->state != KLP_OBJ_APPLIED) {
			snprintf(m, sizeof(m),
				 "--%s %s: never applied (no symbols for it, or its apply failed): left as it is",
				 e->file ? "reload" : "unload", e->name);
			klp_diag_add(d, KLP_WARN, c->module, NULL, -1,
				     "event", m, NULL);
			continue;
		}
		if (!gone[k])
			klp_write_object_relocs(&going, o->name, false);
		gone[k] = !e->file;
		if (gone[k])
			continue;
		ret = move_object(c, ks, &back[i], e, me, d);
		if (!ret && klp_write_object_relocs(&coming, o->name, true)) {
			snprintf(m, sizeof(m),
				 "livepatch: patch '%s' failed for module '%s', refusing to load module '%s'",
				 me->name, o->name, o->name);
			klp_diag_add(d, KLP_ERR, c->module, NULL, -1,
				     "target-refused", "--reload: the kernel refuses the object where it comes back",
				     m);
		}
	}
	free(gone);
	return ret;
}

int cmd_apply(int argc, char **argv)
{
	struct cli c;
	struct klp_diag d;
	struct klp_ksyms ks;
	struct klp_module *me = NULL;
	struct klp_flow f = { 0 };
	struct klp_ksyms *back;
	char *out = NULL;
	bool wrote = false;
	int ret = cli_parse(&c, argc, argv, usage, true, true);

	if (ret)
		return ret < 0 ? 0 : ret;
	/* "DIR/" is DIR: the temporary must be its sibling, not its child */
	out = xstrdup(c.out);
	for (size_t n = strlen(out); n > 1 && out[n - 1] == '/'; n--)
		out[n - 1] = '\0';
	klp_diag_init(&d);
	klp_ksyms_init(&ks, &c.opts);
	ret = run_flow(&c, &d, &me, &ks, &f);
	if (ret == EXIT_ACCEPT && ks.zero_addrs) {
		/* the checks hold, but no byte can be predicted */
		klp_diag_add(&d, KLP_ERR, c.target, NULL, -1,
			     "hidden-addresses",
			     "apply needs real addresses: take the dump as root (or use System.map)",
			     NULL);
		ret = EXIT_USAGE;
	}
	/* the patch itself loaded: what the model holds can be written */
	back = xmalloc((c.nevents + 1) * sizeof(*back));
	for (size_t i = 0; i < c.nevents; i++)
		klp_ksyms_init(&back[i], &c.opts);
	if ((ret == EXIT_ACCEPT ||
	     (ret == EXIT_REFUSE && c.write_anyway && f.loaded)) &&
	    !ks.zero_addrs) {
		int r = run_events(&c, me, &ks, back, c.nevents, &f, &d);

		if (!r && d.errors)
			ret = EXIT_REFUSE;
		if (!r && klp_inputs_check(&d))
			r = EXIT_USAGE;
		if (!r && (ret == EXIT_ACCEPT || c.write_anyway))
			r = publish(out, me, &d);
		wrote = !r && (ret == EXIT_ACCEPT || c.write_anyway);
		if (r)
			ret = r;
	}
	if (ret >= EXIT_USAGE)
		cli_print_errors(&d);
	if (c.json) {
		json_head(&c, me, ret);
		json_flow_objects(me, &f);
		fputs(", \"out\": ", stdout);
		json_str(stdout, wrote ? out : NULL);
		json_tail(&d);
	} else {
		for (size_t i = 0; i < d.nr; i++) {
			const struct klp_diag_entry *e = &d.v[i];

			if ((ret >= EXIT_USAGE && e->sev == KLP_ERR) ||
			    (c.quiet && e->sev != KLP_ERR) ||
			    (!ret && e->sev == KLP_NOTE))
				continue;
			klp_diag_print(stdout, e);
		}
		if (wrote && ret == EXIT_REFUSE)
			printf("%s: refused or broken: wrote %s anyway\n",
			       c.module, out);
		else if (wrote)
			printf("%s: wrote %s\n", c.module, out);
		else if (ret == EXIT_REFUSE)
			printf("%s: refused: nothing written to %s\n",
			       c.module, out);
	}
	klp_flow_free(&f);
	klp_module_free(me);
	klp_ksyms_free(&ks);
	for (size_t i = 0; i < c.nevents; i++)
		klp_ksyms_free(&back[i]);
	free(back);
	klp_diag_free(&d);
	cli_free(&c);
	free(out);
	return ret;
}
