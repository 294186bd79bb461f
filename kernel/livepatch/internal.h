/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers private to the generic core. */
#ifndef KLPRELOC_INTERNAL_H
#define KLPRELOC_INTERNAL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif /* KLPRELOC_INTERNAL_H */
