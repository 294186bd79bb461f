// SPDX-License-Identifier: GPL-2.0
/*
 * relocate: load a relocatable object the way the kernel's module loader
 * does, at fixed region bases, and dump the relocated bytes - the half of
 * the oracle tests that runs our code (the other half is GNU ld).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>

struct symdef {
	char *name;
	uint64_t addr;
};

static struct symdef *syms;
static size_t nsyms;

static int lookup(void *ctx, const char *name, uint64_t *addr)
{
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name)) {
			*addr = syms[i].addr;
			return 0;
		}
	return -ENOENT;
}

/* --sym values are the kernel's symbols too (ppc64's .TOC., ftrace) */
static int kernel_lookup(const void *ctx, const char *name, uint64_t *addr)
{
	return lookup(NULL, name, addr);
}

static void usage(FILE *f)
{
	fputs("usage: relocate [--arch NAME] [--base REGION=ADDR]... [--sym NAME=ADDR]...\n"
	      "                [--kver X.Y] [--arch-opt ARCH.NAME=V] [--dump-sec NAME=FILE]...\n"
	      "                [--dump-mem REGION=FILE]... [--layout] OBJ.o\n", f);
}

/* "KEY=VALUE" -> key (modified in place), value */
static char *split(char *arg, const char *opt)
{
	char *eq = strchr(arg, '=');

	if (!eq) {
		fprintf(stderr, "relocate: %s wants KEY=VALUE, got '%s'\n",
			opt, arg);
		exit(2);
	}
	*eq = '\0';
	return eq + 1;
}

static uint64_t number(const char *s)
{
	char *e;
	uint64_t v = strtoull(s, &e, 0);

	if (!*s || *e) {
		fprintf(stderr, "relocate: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static int dump(const char *file, const void *p, uint64_t len)
{
	FILE *f = fopen(file, "wb");

	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "relocate: cannot write %s\n", file);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "base", required_argument, NULL, 'b' },
		{ "sym", required_argument, NULL, 's' },
		{ "kver", required_argument, NULL, 'k' },
		{ "arch-opt", required_argument, NULL, 'e' },
		{ "dump-sec", required_argument, NULL, 'd' },
		{ "dump-mem", required_argument, NULL, 'm' },
		{ "layout", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *dsec[64], *dsecf[64], *dmem[16], *dmemf[16];
	int ndsec = 0, ndmem = 0, c, ret;
	bool layout = false;
	const char *archopt[8];
	size_t narchopt = 0;
	const char *arch = NULL;
	struct klp_options o;
	struct klp_diag d;
	struct klp_module *me;
	struct klp_resolver r = { lookup, NULL };

	klp_options_init(&o);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		char *v;
		int t, maj, min;

		switch (c) {
		case 'a':
			arch = optarg;
			break;
		case 'b':
			v = split(optarg, "--base");
			t = klp_mem_by_name(optarg);
			if (t < 0) {
				fprintf(stderr, "relocate: unknown region '%s'\n",
					optarg);
				return 2;
			}
			o.mem_base[t] = number(v);
			break;
		case 's':
			v = split(optarg, "--sym");
			syms = realloc(syms, (nsyms + 1) * sizeof(*syms));
			if (!syms)
				return 2;
			syms[nsyms].name = optarg;
			syms[nsyms++].addr = number(v);
			break;
		case 'k':
			if (sscanf(optarg, "%d.%d", &maj, &min) != 2) {
				fprintf(stderr, "relocate: bad --kver\n");
				return 2;
			}
			o.kver = KLP_KVER(maj, min);
			break;
		case 'e':
			if (narchopt == 8)
				return 2;
			archopt[narchopt++] = optarg;
			o.arch_opts = archopt;
			o.narch_opts = narchopt;
			break;
		case 'd':
		case 'm':
			v = split(optarg, c == 'd' ? "--dump-sec" : "--dump-mem");
			if (c == 'd' && ndsec < 64) {
				dsec[ndsec] = optarg;
				dsecf[ndsec++] = v;
			} else if (c == 'm' && ndmem < 16) {
				dmem[ndmem] = optarg;
				dmemf[ndmem++] = v;
			}
			break;
		case 'l':
			layout = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	klp_diag_init(&d);
	d.echo = stderr;
	ret = klp_module_open(argv[optind], &o, &d, &me);
	if (ret) {
		klp_diag_free(&d);
		return 2;
	}
	if (arch && strcmp(arch, me->arch->name)) {
		fprintf(stderr, "relocate: %s is %s, not %s\n", argv[optind],
			me->arch->name, arch);
		ret = 2;
		goto out;
	}
	me->kernel.lookup = kernel_lookup;
	ret = klp_module_layout(me);
	if (!ret)
		ret = klp_module_simplify_symbols(me, &r);
	if (!ret)
		ret = klp_module_apply_relocations(me);
	if (!ret)
		ret = klp_module_finalize(me);
	if (ret) {
		ret = 1;
		goto out;
	}
	if (layout) {
		for (unsigned int i = 1; i < me->shnum; i++)
			if (me->secs[i].mem >= 0)
				printf("sec %s 0x%" PRIx64 " 0x%" PRIx64 "\n",
				       klp_secname(me, i), me->sechdrs[i].sh_addr,
				       me->sechdrs[i].sh_size);
		for (int t = 0; t < KLP_MEM_NR; t++)
			if (me->mem[t].buf)
				printf("mem %s 0x%" PRIx64 " 0x%" PRIx64 "\n",
				       klp_mem_name(t), me->mem[t].addr,
				       me->mem[t].size);
	}
	for (int i = 0; i < ndsec && !ret; i++) {
		unsigned int s = klp_find_sec(me, dsec[i]);

		if (!s || me->secs[s].mem < 0) {
			fprintf(stderr, "relocate: no loaded section %s\n",
				dsec[i]);
			ret = 2;
			break;
		}
		ret = dump(dsecf[i], klp_mem_ptr(me, me->sechdrs[s].sh_addr,
						 me->sechdrs[s].sh_size),
			   me->sechdrs[s].sh_size);
	}
	for (int i = 0; i < ndmem && !ret; i++) {
		int t = klp_mem_by_name(dmem[i]);

		if (t < 0 || !me->mem[t].buf) {
			fprintf(stderr, "relocate: no region %s\n", dmem[i]);
			ret = 2;
			break;
		}
		ret = dump(dmemf[i], me->mem[t].buf, me->mem[t].size);
	}
out:
	klp_module_free(me);
	klp_diag_free(&d);
	free(syms);
	return ret;
}
