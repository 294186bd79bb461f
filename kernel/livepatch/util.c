// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation that never returns NULL: running out of memory in a
 * command-line tool is not a condition worth threading through every path.
 */
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

static void oom(void)
{
	fputs("klpreloc: out of memory\n", stderr);
	exit(2);
}

/*
 * Fresh memory is what a run costs: on first touch, a fault per 4 KiB
 * page (on a guest whose host shadows its page tables, ten microseconds
 * or more each) and the zeroing; a transparent huge page takes one fault
 * for 2 MiB. So:
 * - the heap is grown HEAP_PAD at a time, never trimmed, starts its
 *   blocks at a 2 MiB boundary and asks for huge pages; every thread
 *   allocates from it (one arena);
 * - big blocks (a symbol file's lines, the index, the symbol table's
 *   copy) are packed in it while its top holds them, else 2 MiB-aligned
 *   mappings of their own that ask for huge pages;
 * - blocks sized for the worst case, of which a first part is used (a
 *   symbol file's lines), start on a 2 MiB boundary and are rounded up
 *   to one (posix_memalign(), from the heap's top like the rest when it
 *   holds them): unaligned, the used part spanned one huge page more
 *   (malloc's header after the block still faults one in, where the
 *   blocks allocated next go);
 * - zeroed big blocks (the modelled regions) are mostly never touched:
 *   fresh mappings, left to fault in 4 KiB at a time; so are blocks of
 *   64 KiB or more of which a few pages are written (a reload's saved
 *   pages), where each page touched would be a huge one.
 * Hints only: where THP is off (or malloc is not glibc's) nothing changes.
 */
#define BIG_BLOCK	(1UL << 20)
#define HUGE_PAGE	(1UL << 21)
#define HEAP_PAD	(256UL << 20)

static void *huge(void *p, size_t n)
{
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);

	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
	return p;
}

/* the end of the heap asked for huge pages; 0 when it is not glibc's brk */
static uintptr_t heap_end;

/* A heap grown since: its new part asks for huge pages too. */
static void heap_grown(void)
{
	uintptr_t was = __atomic_load_n(&heap_end, __ATOMIC_RELAXED);
	uintptr_t now;

	if (!was)
		return;
	now = (uintptr_t)sbrk(0);
	now &= ~(HUGE_PAGE - 1);
	if (now > was &&
	    __atomic_compare_exchange_n(&heap_end, &was, now, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		madvise((void *)was, now - was, MADV_HUGEPAGE);
}

/*
 * The heap's growth by HEAP_PAD, in one block that ends 32 bytes short of
 * a 2 MiB boundary (malloc writes the rest's header there): the heap past
 * it is untouched until asked for huge pages, so its pages can be huge.
 * The block is never freed; its pages are never touched.
 */
static void *heap_grow;

static void heap_huge(void)
{
	uintptr_t top, at, brk;
	struct mallinfo2 mi;
	char *grow;

	mallopt(M_TOP_PAD, HEAP_PAD);
	mallopt(M_TRIM_THRESHOLD, INT_MAX);
	mallopt(M_ARENA_MAX, 1);
	/* the block from the heap, not a mapping of its own */
	mallopt(M_MMAP_THRESHOLD, HEAP_PAD);
	mi = mallinfo2();
	brk = (uintptr_t)sbrk(0);
	if (brk == (uintptr_t)-1 || mi.keepcost >= brk)
		return;
	top = brk - mi.keepcost;
	at = (top + mi.keepcost + 64 + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	grow = malloc(at - 32 - top - 8);
	brk = (uintptr_t)sbrk(0);
	/*
	 * Not where the heap's top was (a sanitizer's malloc, or no room
	 * for the growth): malloc's own settings, as if never asked.
	 */
	if ((uintptr_t)grow != top + 16 || brk < at + HUGE_PAGE) {
		free(grow);
		mallopt(M_TOP_PAD, 128 << 10);
		mallopt(M_TRIM_THRESHOLD, 128 << 10);
		return;
	}
	heap_grow = grow;
	brk &= ~(HUGE_PAGE - 1);
	madvise((void *)at, brk - at, MADV_HUGEPAGE);
	heap_end = brk;
}

static void alloc_init(void)
{
	heap_huge();
	mallopt(M_MMAP_THRESHOLD, BIG_BLOCK);
}

void klp_alloc_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, alloc_init);
}

bool klp_threads_help(int jobs, size_t work, size_t min)
{
	static long cpus;

	if (jobs == 1)
		return false;
	if (jobs == KLP_JOBS_ALWAYS)
		return true;
	if (!cpus)
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus >= 2 && work >= min;
}

/* A block that may grow the heap: set up first, advised after. */
#define MID_BLOCK	(64UL << 10)

static void *mid(void *p, size_t n)
{
	if (!p)
		oom();
	if (n >= MID_BLOCK)
		heap_grown();
	return p;
}

static void *big_alloc(size_t n, bool sparse)
{
	void *p = NULL;

	klp_alloc_init();
	/* packed in the heap's huge pages while its top holds the block */
	if (!sparse && __atomic_load_n(&heap_end, __ATOMIC_RELAXED)) {
		size_t top = mallinfo2().keepcost;

		if (top > HUGE_PAGE && n < top - HUGE_PAGE)
			return mid(malloc(n), n);
	}
	/* rounded up, so that the last huge page is the block's own */
	if (n > SIZE_MAX - HUGE_PAGE ||
	    posix_memalign(&p, HUGE_PAGE,
			   (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)))
		oom();
	return huge(p, n);
}

void *xmalloc(size_t n)
{
	if (n >= BIG_BLOCK)
		return big_alloc(n, false);
	if (n >= MID_BLOCK)
		klp_alloc_init();
	return mid(malloc(n ? n : 1), n);
}

void *xmalloc_sparse(size_t n)
{
	if (n >= BIG_BLOCK)
		return big_alloc(n, true);
	return xmalloc(n);
}

void *xcalloc(size_t n, size_t size)
{
	size_t t;
	void *p;

	if (!n || !size)
		n = size = 1;
	if (__builtin_mul_overflow(n, size, &t))
		oom();
	if (t >= MID_BLOCK)
		klp_alloc_init();
	p = mid(calloc(1, t), t);
	/* a mapping of its own when the heap's top could not hold it */
	return t >= BIG_BLOCK ? huge(p, t) : p;
}

void *xrealloc(void *p, size_t n)
{
	if (n >= MID_BLOCK)
		klp_alloc_init();
	p = mid(realloc(p, n ? n : 1), n);
	return n >= BIG_BLOCK ? huge(p, n) : p;
}

/* n zero bytes: from the heap below min, else a fresh mapping of its own */
static void *zero_block(size_t n, size_t min)
{
	void *p;

	if (n < min)
		return xcalloc(1, n);
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		oom();
	return p;
}

static void zero_free(void *p, size_t n, size_t min)
{
	if (n < min)
		free(p);
	else if (p)
		munmap(p, n);
}

void *klp_zalloc(size_t n)
{
	return zero_block(n, BIG_BLOCK);
}

void klp_zfree(void *p, size_t n)
{
	zero_free(p, n, BIG_BLOCK);
}

void *klp_zalloc_pages(size_t n)
{
	return zero_block(n, MID_BLOCK);
}

void klp_zfree_pages(void *p, size_t n)
{
	zero_free(p, n, MID_BLOCK);
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}
