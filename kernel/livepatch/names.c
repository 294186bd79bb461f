// SPDX-License-Identifier: GPL-2.0
/*
 * klp section and symbol names, parsed exactly as the kernel's sscanf()
 * formats do - including what they let through (a sign or spaces before
 * the position, trailing garbage) and what they cut short.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/livepatch.h>

#define RELA_PREFIX	".klp.rela."
#define SYM_PREFIX	".klp.sym."

int klp_ksym_name_len(int kver)
{
	return kver >= KLP_KVER(6, 1) ? KLP_KSYM_NAME_LEN : 128;
}

/* %W[^stop]: 1..width characters other than stop; 0 if none. */
static size_t scan_set(const char *s, char stop, size_t width, char *out)
{
	size_t n = 0;

	while (s[n] && s[n] != stop && n < width) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return n;
}

int klp_parse_rela_name(const char *name, char obj[KLP_MODULE_NAME_LEN],
			bool *truncated)
{
	size_t n;

	*truncated = false;
	obj[0] = '\0';
	if (strncmp(name, RELA_PREFIX, strlen(RELA_PREFIX)))
		return 0;
	name += strlen(RELA_PREFIX);
	n = scan_set(name, '.', KLP_MODULE_NAME_LEN - 1, obj);
	if (!n)
		return 0;
	*truncated = name[n] && name[n] != '.';
	return 1;
}

/* %lu: optional space, optional sign, decimal digits (strtoul rules). */
static bool scan_ulong(const char *s, unsigned long *v, const char **end)
{
	const char *p = s;
	char *e;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	*v = strtoul(s, &e, 10);
	*end = e;
	return true;
}

int klp_parse_sym_name(const char *name, int kver,
		       char obj[KLP_MODULE_NAME_LEN],
		       char sym[KLP_KSYM_NAME_LEN], unsigned long *pos,
		       bool *trailing)
{
	size_t n;
	const char *end;

	*trailing = false;
	obj[0] = sym[0] = '\0';
	if (strncmp(name, SYM_PREFIX, strlen(SYM_PREFIX)))
		return 0;
	name += strlen(SYM_PREFIX);
	n = scan_set(name, '.', KLP_MODULE_NAME_LEN - 1, obj);
	if (!n)
		return 0;
	name += n;
	if (*name != '.')
		return 1;
	name++;
	n = scan_set(name, ',', (size_t)klp_ksym_name_len(kver) - 1, sym);
	if (!n)
		return 1;
	name += n;
	if (*name != ',')
		return 2;
	name++;
	if (!scan_ulong(name, pos, &end))
		return 2;
	*trailing = *end != '\0';
	return 3;
}
