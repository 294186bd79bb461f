// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include <klpreloc/arch.h>

const char *klp_reloc_type_name(const struct klp_module *me, uint32_t type,
				char *buf, size_t len)
{
	const char *n = me->arch->reloc_name ? me->arch->reloc_name(type) :
		NULL;

	if (n)
		return n;
	snprintf(buf, len, "type %u", type);
	return buf;
}
