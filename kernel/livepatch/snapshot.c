// SPDX-License-Identifier: GPL-2.0
/*
 * What a reload changed. A reload (clear, then apply again) must leave the
 * module's bytes as the apply before it did; comparing whole images cost
 * a copy and a compare of every region per reload, a sixth of a check of
 * a cumulative patch. Every write to a region goes through klp_write(),
 * which, while a snapshot is on, saves each page before its first write:
 * the comparison then reads only the pages the reload wrote.
 */
#include <stdlib.h>
#include <string.h>

#include <klpreloc/module.h>

#include "internal.h"

#define SNAP_PAGE	4096u

struct klp_snapshot {
	unsigned char *buf[KLP_MEM_NR];	/* saved pages, at their offsets */
	uint64_t *saved[KLP_MEM_NR];	/* a bit per page: saved */
	uint64_t size[KLP_MEM_NR];	/* the region's size when allocated */
};

static size_t npages(uint64_t size)
{
	return (size_t)((size + SNAP_PAGE - 1) / SNAP_PAGE);
}

void klp_snap_begin(struct klp_module *me, struct klp_snapshot **sp)
{
	struct klp_snapshot *s = *sp;

	if (!s)
		s = *sp = xcalloc(1, sizeof(*s));
	for (int t = 0; t < KLP_MEM_NR; t++) {
		size_t words = (npages(me->mem[t].size) + 63) / 64;

		if (!me->mem[t].buf)
			continue;
		if (s->size[t] != me->mem[t].size || !s->buf[t]) {
			klp_zfree_pages(s->buf[t], s->size[t]);
			free(s->saved[t]);
			/* fresh memory faults in only where pages are saved */
			s->buf[t] = klp_zalloc_pages(me->mem[t].size);
			s->saved[t] = xcalloc(words + 1, sizeof(uint64_t));
			s->size[t] = me->mem[t].size;
		} else {
			memset(s->saved[t], 0, (words + 1) * sizeof(uint64_t));
		}
	}
	me->snap = s;
}

static bool page_saved(const struct klp_snapshot *s, int t, size_t pg)
{
	return s->saved[t][pg / 64] >> (pg % 64) & 1;
}

void klp_snap_save(struct klp_module *me, int t, uint64_t off, size_t len)
{
	struct klp_snapshot *s = me->snap;
	uint64_t size = me->mem[t].size;
	size_t first = off / SNAP_PAGE;

	if (!s || !s->buf[t] || !len)
		return;
	/* most writes are a field in a page saved already */
	if (page_saved(s, t, first) && (off + len - 1) / SNAP_PAGE == first)
		return;
	for (size_t pg = first; pg <= (off + len - 1) / SNAP_PAGE; pg++) {
		uint64_t at = (uint64_t)pg * SNAP_PAGE;

		if (page_saved(s, t, pg))
			continue;
		s->saved[t][pg / 64] |= 1ull << (pg % 64);
		memcpy(s->buf[t] + at, me->mem[t].buf + at,
		       size - at < SNAP_PAGE ? size - at : SNAP_PAGE);
	}
}

/*
 * The end of a reload: the first address (regions in order, then bytes)
 * whose byte differs from before it, 0 when none does.
 */
uint64_t klp_snap_end(struct klp_module *me)
{
	struct klp_snapshot *s = me->snap;

	me->snap = NULL;
	for (int t = 0; s && t < KLP_MEM_NR; t++) {
		uint64_t size = me->mem[t].size;

		if (!s->buf[t] || !me->mem[t].buf)
			continue;
		for (size_t pg = 0; pg < npages(size); pg++) {
			uint64_t at = (uint64_t)pg * SNAP_PAGE, n;

			if (!(s->saved[t][pg / 64] >> (pg % 64) & 1))
				continue;
			n = size - at < SNAP_PAGE ? size - at : SNAP_PAGE;
			if (!memcmp(s->buf[t] + at, me->mem[t].buf + at, n))
				continue;
			for (uint64_t i = at; i < at + n; i++)
				if (s->buf[t][i] != me->mem[t].buf[i])
					return me->mem[t].addr + i;
		}
	}
	return 0;
}

void klp_snap_free(struct klp_snapshot *s)
{
	if (!s)
		return;
	for (int t = 0; t < KLP_MEM_NR; t++) {
		klp_zfree_pages(s->buf[t], s->size[t]);
		free(s->saved[t]);
	}
	free(s);
}
