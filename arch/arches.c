// SPDX-License-Identifier: GPL-2.0
/*
 * The table of backends. Adding an arch: one directory under arch/ that
 * defines a struct klp_arch, and one line here.
 */
#include <string.h>

#include <klpreloc/arch.h>

extern const struct klp_arch klp_arch_x86_64 __attribute__((weak));
extern const struct klp_arch klp_arch_s390x __attribute__((weak));
extern const struct klp_arch klp_arch_arm64 __attribute__((weak));
extern const struct klp_arch klp_arch_ppc64le __attribute__((weak));

/* Weak while backends land one by one: a missing one is a NULL entry. */
static const struct klp_arch *const arch_table[] = {
	&klp_arch_x86_64,
	&klp_arch_s390x,
	&klp_arch_arm64,
	&klp_arch_ppc64le,
};

const struct klp_arch *klp_arch_by_machine(uint16_t machine)
{
	for (size_t i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++)
		if (arch_table[i] && arch_table[i]->machine == machine)
			return arch_table[i];
	return NULL;
}

const struct klp_arch *klp_arch_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(arch_table) / sizeof(arch_table[0]); i++)
		if (arch_table[i] && !strcmp(arch_table[i]->name, name))
			return arch_table[i];
	return NULL;
}
