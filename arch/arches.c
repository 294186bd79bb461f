// SPDX-License-Identifier: GPL-2.0
/*
 * The table of backends. Adding an arch: one directory under arch/ that
 * defines a struct klp_arch, and one line here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/arch.h>
#include <klpreloc/diag.h>

extern const struct klp_arch klp_arch_x86_64;
extern const struct klp_arch klp_arch_s390x;
extern const struct klp_arch klp_arch_arm64;
extern const struct klp_arch klp_arch_ppc64le;

static const struct klp_arch *const arch_table[] = {
	&klp_arch_x86_64,
	&klp_arch_s390x,
	&klp_arch_arm64,
	&klp_arch_ppc64le,
};

#define NR_ARCHES	(sizeof(arch_table) / sizeof(arch_table[0]))

const struct klp_arch *klp_arch_nth(size_t i)
{
	return i < NR_ARCHES ? arch_table[i] : NULL;
}

const struct klp_arch *klp_arch_by_machine(uint16_t machine)
{
	for (size_t i = 0; i < NR_ARCHES; i++)
		if (arch_table[i]->machine == machine)
			return arch_table[i];
	return NULL;
}

const struct klp_arch *klp_arch_by_name(const char *name)
{
	for (size_t i = 0; i < NR_ARCHES; i++)
		if (!strcmp(arch_table[i]->name, name))
			return arch_table[i];
	return NULL;
}

static int parse_value(const struct klp_arch_opt *o, const char *v,
		       uint64_t *out)
{
	static const char *const on[] = { "on", "y", "yes", "1", "true" };
	static const char *const off[] = { "off", "n", "no", "0", "false" };
	char *end;

	if (o->is_bool) {
		for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
			if (!strcmp(v, on[i])) {
				*out = 1;
				return 0;
			}
			if (!strcmp(v, off[i])) {
				*out = 0;
				return 0;
			}
		}
		return -1;
	}
	if (!*v || *v == '-')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 0);
	if (*end || errno)
		return -1;
	for (size_t i = 0; o->values && o->values[i]; i++)
		if (o->values[i] == *out)
			return 0;
	return o->values ? -1 : 0;
}

/* "4096 or 65536" for a knob with a list of values */
static void values_text(const struct klp_arch_opt *o, char *buf, size_t len)
{
	size_t n = 0;

	snprintf(buf, len, "a number");
	for (size_t i = 0; o->values && o->values[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%llu",
				      i ? (o->values[i + 1] ? ", " : " or ") : "",
				      (unsigned long long)o->values[i]);
}

/*
 * Split "ARCH.NAME=VALUE": the arch, the knob's index and its value.
 * Returns 0, or -1 with the reason in err.
 */
static int split_spec(const char *spec, const struct klp_arch **ap,
		      int *idx, uint64_t *val, char *err, size_t len)
{
	const char *dot = strchr(spec, '.'), *eq = strchr(spec, '=');
	const struct klp_arch *a;
	char an[32];

	if (!dot || !eq || eq < dot || dot == spec ||
	    (size_t)(dot - spec) >= sizeof(an)) {
		snprintf(err, len, "'%s' is not ARCH.NAME=VALUE", spec);
		return -1;
	}
	memcpy(an, spec, (size_t)(dot - spec));
	an[dot - spec] = '\0';
	a = klp_arch_by_name(an);
	if (!a) {
		snprintf(err, len, "'%s': no arch '%s'", spec, an);
		return -1;
	}
	for (int i = 0; a->opts && a->opts[i].name; i++) {
		const struct klp_arch_opt *o = &a->opts[i];

		if (strlen(o->name) != (size_t)(eq - dot - 1) ||
		    strncmp(o->name, dot + 1, (size_t)(eq - dot - 1)))
			continue;
		if (parse_value(o, eq + 1, val)) {
			char want[80];

			values_text(o, want, sizeof(want));
			snprintf(err, len, "'%s': %s.%s wants %s", spec,
				 a->name, o->name,
				 o->is_bool ? "on or off" : want);
			return -1;
		}
		*ap = a;
		*idx = i;
		return 0;
	}
	snprintf(err, len, "'%s': %s has no option '%.*s' (klpreloc --help lists them)",
		 spec, a->name, (int)(eq - dot - 1), dot + 1);
	return -1;
}

int klp_arch_opt_check(const char *spec, char *err, size_t len)
{
	const struct klp_arch *a;
	uint64_t v;
	int i;

	return split_spec(spec, &a, &i, &v, err, len);
}

int klp_arch_opts_apply(struct klp_module *me)
{
	const struct klp_arch *arch = me->arch;
	const struct klp_options *o = me->opts;

	for (int i = 0; arch->opts && arch->opts[i].name; i++)
		me->arch_opt[i] = arch->opts[i].def;
	for (size_t j = 0; o && j < o->narch_opts; j++) {
		const struct klp_arch *a;
		char err[200];
		uint64_t v;
		int i;

		if (split_spec(o->arch_opts[j], &a, &i, &v, err,
			       sizeof(err))) {
			klp_report(me, KLP_ERR, -1, -1, "arch-opt", NULL, "%s",
				   err);
			return -EINVAL;
		}
		if (a == arch)
			me->arch_opt[i] = v;
	}
	return 0;
}

bool klp_arch_has_livepatch(const struct klp_module *me)
{
	if (me->arch->has_livepatch)
		return me->arch->has_livepatch(me);
	return me->opts->kver >= me->arch->livepatch_since;
}

uint64_t klp_page_size(const struct klp_module *me)
{
	return me->arch->page_size ? me->arch->page_size(me) : 4096;
}

void klp_arch_vm_layout(const struct klp_arch *a,
			const struct klp_options *o, struct klp_vm_layout *l)
{
	*l = (struct klp_vm_layout){
		.module_start = a->module_start,
		.module_end = a->module_end,
		.kernel_text = a->kernel_text,
		.map_offset = a->map_offset,
		.modules_follow_kernel = a->modules_follow_kernel,
	};
	if (a->vm_layout && o)
		a->vm_layout(o, l);
}

void klp_module_area(const struct klp_module *me, uint64_t *start,
		     uint64_t *end)
{
	struct klp_vm_layout l;

	klp_arch_vm_layout(me->arch, me->opts, &l);
	*start = l.module_start;
	*end = l.module_end;
	if (me->arch->module_area)
		me->arch->module_area(me, start, end);
	if (l.modules_follow_kernel && me->opts && me->opts->kaslr_known) {
		*start += me->opts->kaslr_offset;
		*end += me->opts->kaslr_offset;
	}
}
