// SPDX-License-Identifier: GPL-2.0
/*
 * Target side of test-plt.sh, built static for aarch64 and run under
 * qemu-aarch64-static: map relocated module text at the address it was
 * relocated for, call a function in it and print what it returns.
 *
 *	harness ENTRY ARG FILE@ADDR...
 *
 * The far_* functions and far_data are the "kernel" the module calls:
 * they sit in this binary, around 0x400000, far beyond the +-128 MiB of
 * a BL from the module text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NOINLINE __attribute__((noinline, used))

NOINLINE uint64_t far_func1(uint64_t x)
{
	return x * 3 + 1;
}

NOINLINE uint64_t far_func2(uint64_t x)
{
	return x + 100;
}

NOINLINE uint64_t far_tail(uint64_t x)
{
	return x ^ 0x5a5a;
}

__attribute__((used, aligned(16))) uint64_t far_data[2] = {
	0x1122334455667788ULL, 0,
};

static int map_blob(const char *arg)
{
	const char *at = strchr(arg, '@');
	char path[4096];
	unsigned long addr;
	size_t len, pg = 4096, off;
	FILE *f;
	void *p;
	long n;

	if (!at || (size_t)(at - arg) >= sizeof(path))
		return -1;
	memcpy(path, arg, at - arg);
	path[at - arg] = '\0';
	addr = strtoul(at + 1, NULL, 0);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0)
		return -1;
	rewind(f);
	off = addr & (pg - 1);
	len = (off + (size_t)n + pg - 1) & ~(pg - 1);
	p = mmap((void *)(addr - off), len, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED || p != (void *)(addr - off))
		return -1;
	if (fread((char *)p + off, 1, (size_t)n, f) != (size_t)n)
		return -1;
	fclose(f);
	__builtin___clear_cache((char *)p, (char *)p + len);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t (*entry)(uint64_t);
	uint64_t arg;

	if (argc < 4) {
		fprintf(stderr, "usage: harness ENTRY ARG FILE@ADDR...\n");
		return 2;
	}
	for (int i = 3; i < argc; i++)
		if (map_blob(argv[i])) {
			fprintf(stderr, "harness: cannot map %s\n", argv[i]);
			return 2;
		}
	entry = (uint64_t (*)(uint64_t))strtoul(argv[1], NULL, 0);
	arg = strtoull(argv[2], NULL, 0);
	printf("0x%llx\n", (unsigned long long)entry(arg));
	return 0;
}
