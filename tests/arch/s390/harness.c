// SPDX-License-Identifier: GPL-2.0
/*
 * Runs relocated s390x module code under qemu-s390x-static: maps the text
 * and data regions our loader produced at the addresses they were
 * relocated for, calls the module's function and prints its result. The
 * module calls back into far_fn/far_fn2 and reads far_var, which live
 * here, terabytes away from the module area: only a PLT entry or a GOT
 * slot (absolute 64-bit addresses) can reach them.
 *
 * usage: harness TEXT_ADDR TEXT_FILE DATA_ADDR DATA_FILE ENTRY ARG
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

long far_var = 1000;

__attribute__((noinline)) long far_fn(long x)
{
	return 3 * x + 1;
}

__attribute__((noinline)) long far_fn2(long x)
{
	return x + 7;
}

static int map_file(const char *addr, const char *file)
{
	unsigned long a = strtoul(addr, NULL, 0);
	FILE *f = fopen(file, "rb");
	struct stat st;
	void *p;

	if (!f || fstat(fileno(f), &st)) {
		perror(file);
		return -1;
	}
	p = mmap((void *)a, st.st_size ? st.st_size : 1,
		 PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (void *)a) {
		fprintf(stderr, "cannot map %s at %#lx\n", file, a);
		return -1;
	}
	if (fread(p, 1, st.st_size, f) != (size_t)st.st_size) {
		perror(file);
		return -1;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	long (*fn)(long);

	if (argc != 7) {
		fprintf(stderr, "usage: harness TEXT_ADDR TEXT_FILE DATA_ADDR DATA_FILE ENTRY ARG\n");
		return 2;
	}
	if (map_file(argv[1], argv[2]) || map_file(argv[3], argv[4]))
		return 2;
	fn = (long (*)(long))strtoul(argv[5], NULL, 0);
	printf("result %ld\n", fn(strtol(argv[6], NULL, 0)));
	return 0;
}
