// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation that never returns NULL: running out of memory in a
 * command-line tool is not a condition worth threading through every path.
 */
#include <malloc.h>
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
 * Big blocks are what a run costs: on first touch, a fault and a memcg
 * charge per 4 KiB page, and the zeroing. Those filled from end to end
 * (a module, a symbol file, the index) are aligned to 2 MiB and ask for
 * transparent huge pages, 512 times fewer faults; a hint only, nothing
 * changes where THP is off. Zeroed ones (the modelled regions) are
 * mostly never touched: fresh mappings, left to fault in 4 KiB at a
 * time. A fixed mmap threshold gives every big block its own mapping
 * (glibc would otherwise move them into the heap after the first free).
 */
#define BIG_BLOCK	(1UL << 20)
#define HUGE_PAGE	(1UL << 21)

void klp_alloc_init(void)
{
	static int set;

	if (!set) {
		mallopt(M_MMAP_THRESHOLD, BIG_BLOCK);
		set = 1;
	}
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

static void *huge(void *p, size_t n)
{
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);

	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
	return p;
}

static void *big_alloc(size_t n)
{
	void *p = NULL;

	klp_alloc_init();
	/* rounded up, so that the last huge page is the block's own */
	if (n > SIZE_MAX - HUGE_PAGE ||
	    posix_memalign(&p, HUGE_PAGE,
			   (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)))
		oom();
	return huge(p, n);
}

void *xmalloc(size_t n)
{
	void *p;

	if (n >= BIG_BLOCK)
		return big_alloc(n);
	p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	size_t t;
	void *p;

	if (!n || !size)
		n = size = 1;
	if (__builtin_mul_overflow(n, size, &t))
		oom();
	if (t >= BIG_BLOCK)
		klp_alloc_init();
	p = calloc(1, t);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return n >= BIG_BLOCK ? huge(p, n) : p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}
