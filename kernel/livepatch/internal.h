/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers private to the generic core. */
#ifndef KLPRELOC_INTERNAL_H
#define KLPRELOC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct klp_module;
struct klp_snapshot;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/*
 * A reload's changes (snapshot.c): from klp_snap_begin() on, klp_write()
 * saves each page before its first write (klp_snap_save()); klp_snap_end()
 * gives the first address whose byte differs from before, 0 if none. One
 * snapshot (*sp, allocated on first use) serves every reload of a patch.
 */
void klp_snap_begin(struct klp_module *me, struct klp_snapshot **sp);
void klp_snap_save(struct klp_module *me, int t, uint64_t off, size_t len);
uint64_t klp_snap_end(struct klp_module *me);
void klp_snap_free(struct klp_snapshot *s);

#endif /* KLPRELOC_INTERNAL_H */
