// SPDX-License-Identifier: GPL-2.0
/* Helpers of the libFuzzer harnesses: inputs as files, setup files. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define FUZZ_SLOTS	4

static int slot_fd[FUZZ_SLOTS] = { -1, -1, -1, -1 };
static char slot_path[FUZZ_SLOTS][40];

static void die(const char *what)
{
	perror(what);
	abort();
}

int fuzz_fd(int slot)
{
	int fd = slot_fd[slot];

	if (fd < 0) {
		fd = memfd_create("klpreloc-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			die("memfd_create");
		slot_fd[slot] = fd;
		snprintf(slot_path[slot], sizeof(slot_path[slot]),
			 "/proc/self/fd/%d", fd);
	}
	/* shrink first: a shorter input must not keep the old tail */
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET))
		die("ftruncate");
	return fd;
}

const char *fuzz_path(int slot)
{
	return slot_path[slot];
}

const char *fuzz_file(int slot, const uint8_t *data, size_t size)
{
	int fd = fuzz_fd(slot);

	for (size_t done = 0; done < size;) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);

		if (n <= 0)
			die("pwrite");
		done += (size_t)n;
	}
	return slot_path[slot];
}

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

FILE *fuzz_null(void)
{
	static FILE *f;

	if (!f) {
		f = fopen("/dev/null", "w");
		if (!f)
			die("/dev/null");
	}
	return f;
}

const char *fuzz_data(const char *rel)
{
	const char *dir = getenv("KLP_FUZZ_DATA");
	static char path[8][4096];
	static unsigned int next;
	char *p = path[next++ % 8];
	struct stat st;

	snprintf(p, sizeof(path[0]), "%s/%s", dir ? dir : "build/fuzz/data",
		 rel);
	if (stat(p, &st)) {
		fprintf(stderr,
			"fuzz: %s is missing: run 'make fuzz', or set KLP_FUZZ_DATA to the unpacked tests/fixtures/ARCH/fixtures.tar.xz (one directory per arch)\n",
			p);
		exit(1);
	}
	return p;
}

void fuzz_quiet_stdout(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
		die("/dev/null");
	close(fd);
}
