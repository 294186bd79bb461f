// SPDX-License-Identifier: GPL-2.0
/*
 * Input files in memory. A regular file is mapped, not read: read()
 * copies every byte into fresh memory the kernel must first zero (a
 * 354 MB vmlinux target took 199 ms and 367 MB read, 72 ms and 26 MB
 * mapped; Documentation/bench.md). The mapping is private and writable:
 * the few pages a run writes are copied on first write, and the file
 * never changes. Anything else (/proc/kallsyms says size
 * 0, pipes, empty files) is read into a buffer as before.
 *
 * A mapped file is the file as it is now, not as it was: one that is
 * truncated under us would fault (SIGBUS), one rewritten would show its
 * new bytes. The SIGBUS handler puts zeros where the file was, so the
 * run goes on over bytes that parse as nonsense and never crashes, and
 * klp_inputs_check() turns either change into one error line before
 * anything is said or written from what was read.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Mapped inputs, for the handler: a run maps two or three at a time. */
#define MAX_MAPS	16

struct map_slot {
	_Atomic(uintptr_t) start;	/* 0: free */
	size_t len;
	atomic_int faulted;	/* the handler put zeros in its place */
	bool reported;		/* by klp_inputs_check(): said once */
	/* what the file was when mapped, to see whether it still is */
	int fd;
	struct stat st;
	char *path;
};

static struct map_slot slots[MAX_MAPS];
/* whoever handled SIGBUS before (a fuzzer, a sanitizer): theirs stay */
static struct sigaction old_sigbus;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
/* a file that changed and was let go before klp_inputs_check() ran */
static char *changed_freed;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;

	for (int i = 0; i < MAX_MAPS; i++) {
		uintptr_t s = atomic_load(&slots[i].start);

		if (s && a >= s && a - s < slots[i].len) {
			/*
			 * zeros where the file was; the access is retried
			 * (mmap is one system call, safe in a handler)
			 */
			if (mmap((void *)s, slots[i].len,
				 PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				 0) != MAP_FAILED) {
				atomic_store(&slots[i].faulted, 1);
				return;
			}
		}
	}
	/* not one of ours: the handler before, or the default action */
	if (old_sigbus.sa_flags & SA_SIGINFO) {
		old_sigbus.sa_sigaction(sig, si, uc);
	} else if (old_sigbus.sa_handler != SIG_DFL &&
		   old_sigbus.sa_handler != SIG_IGN) {
		old_sigbus.sa_handler(sig);
	} else {
		/* on the retried access */
		signal(sig, SIG_DFL);
	}
}

static void handler_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_sigbus);
}

static int slot_take(const struct klp_input *in, void *start, size_t len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int got = -1;

	pthread_once(&once, handler_init);
	pthread_mutex_lock(&slots_lock);
	for (int i = 0; i < MAX_MAPS && got < 0; i++) {
		struct map_slot *sl = &slots[i];

		if (atomic_load(&sl->start))
			continue;
		sl->len = len;
		atomic_store(&sl->faulted, 0);
		sl->reported = false;
		sl->fd = in->fd;
		sl->st = in->st;
		sl->path = xstrdup(in->path);
		/* published last: the handler reads len after start */
		atomic_store(&sl->start, (uintptr_t)start);
		got = i;
	}
	pthread_mutex_unlock(&slots_lock);
	return got;
}

/* Whether a slot's file is no longer what was mapped (slots_lock held). */
static bool changed(const struct map_slot *sl)
{
	struct stat now;

	if (atomic_load(&sl->faulted))
		return true;
	return fstat(sl->fd, &now) || now.st_size != sl->st.st_size ||
	       now.st_mtim.tv_sec != sl->st.st_mtim.tv_sec ||
	       now.st_mtim.tv_nsec != sl->st.st_mtim.tv_nsec;
}

/*
 * The file's bytes, then at least one zero byte: the pages past the end
 * of the file are the zero page of an anonymous reservation, so that a
 * text parse may stop at a NUL even when the file fills its last page.
 */
static int map_file(struct klp_input *in, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t flen, mlen;
	void *p;

	if (len > SIZE_MAX - 2 * page)
		return -1;
	flen = (len + page - 1) & ~(page - 1);
	mlen = flen + page;
	p = mmap(NULL, mlen, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mmap(p, flen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
		 in->fd, 0) == MAP_FAILED) {
		munmap(p, mlen);
		return -1;
	}
	in->slot = slot_take(in, p, mlen);
	if (in->slot < 0) {
		munmap(p, mlen);
		return -1;
	}
	in->buf = p;
	in->maplen = mlen;
	return 0;
}

static int fail(struct klp_input *in, struct klp_diag *d, const char *msg,
		int err)
{
	klp_diag_add(d, KLP_ERR, in->path, NULL, -1, "unreadable", msg, NULL);
	klp_input_free(in);
	return err;
}

/* Read to the end: what a size of 0 or a pipe gives. */
static int read_all(struct klp_input *in, struct klp_diag *d, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	in->buf = xmalloc(cap + 1);
	while ((r = read(in->fd, in->buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap) {
			cap *= 2;
			in->buf = xrealloc(in->buf, cap + 1);
		}
	}
	if (r < 0)
		return fail(in, d, "read error", -EIO);
	in->buf[n] = '\0';
	in->len = n;
	return 0;
}

int klp_input_read(struct klp_input *in, const char *path, bool regular,
		   struct klp_diag *d)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->slot = -1;
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0)
		return fail(in, d, strerror(errno), -ENOENT);
	if (fstat(in->fd, &in->st))
		return fail(in, d, strerror(errno), -EIO);
	if (!S_ISREG(in->st.st_mode)) {
		if (regular)
			return fail(in, d, "not a regular file", -ENOENT);
		return read_all(in, d, 1 << 16);
	}
	if (in->st.st_size <= 0 || map_file(in, (size_t)in->st.st_size))
		return read_all(in, d, in->st.st_size > 0 ?
				(size_t)in->st.st_size + 1 : 1 << 16);
	in->len = (size_t)in->st.st_size;
	return 0;
}

/*
 * Bytes [from, to) of a mapped input, which the caller is about to read
 * whole, mapped in one call: a fault maps 64 KiB of the file, and each
 * fault costs the guest a trip through the host. A hint: a kernel
 * before 5.14 has no MADV_POPULATE_READ and says so, a file cut short
 * says so too (the read that follows meets the SIGBUS handler).
 */
void klp_input_populate(const struct klp_input *in, size_t from, size_t to)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (in->slot < 0 || to > in->len || from >= to)
		return;
	from &= ~(page - 1);
	madvise(in->buf + from, to - from, MADV_POPULATE_READ);
}

void klp_input_free(struct klp_input *in)
{
	if (in->slot >= 0) {
		struct map_slot *sl = &slots[in->slot];

		pthread_mutex_lock(&slots_lock);
		if (!changed_freed && !sl->reported && changed(sl))
			changed_freed = xstrdup(sl->path);
		munmap(in->buf, in->maplen);
		free(sl->path);
		sl->path = NULL;
		atomic_store(&sl->start, 0);
		pthread_mutex_unlock(&slots_lock);
	} else {
		free(in->buf);
	}
	if (in->fd >= 0)
		close(in->fd);
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->slot = -1;
}

static void changed_error(struct klp_diag *d, const char *path)
{
	klp_diag_add(d, KLP_ERR, path, NULL, -1, "input-changed",
		     "the file changed while it was being read (truncated or rewritten), or a page of it could not be read: nothing read from it holds; run again once it is complete",
		     NULL);
}

int klp_inputs_check(struct klp_diag *d)
{
	int bad = 0;

	pthread_mutex_lock(&slots_lock);
	if (changed_freed) {
		changed_error(d, changed_freed);
		free(changed_freed);
		changed_freed = NULL;
		bad++;
	}
	for (int i = 0; i < MAX_MAPS; i++) {
		if (atomic_load(&slots[i].start) && !slots[i].reported &&
		    changed(&slots[i])) {
			slots[i].reported = true;
			changed_error(d, slots[i].path);
			bad++;
		}
	}
	pthread_mutex_unlock(&slots_lock);
	return bad;
}
