// SPDX-License-Identifier: GPL-2.0
/*
 * Target side of test-exec.sh, built static for ppc64le and run under
 * qemu-ppc64le-static: map the regions relocate produced at their bases,
 * call the module's mod_call through its global entry (r12 = address, as
 * an indirect ELFv2 call does) and print what came back.
 *
 * usage: harness ENTRY ADDR FILE [ADDR FILE]...
 * Built with -DDIRECT and linked with cmod.o by GNU ld instead, it calls
 * mod_entry directly: the oracle for what cmod's code computes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static long counter;

/* Reached only through the module's stub; uses its own TOC (counter). */
__attribute__((noinline, used)) long far_add(long x)
{
	return x * 3 + counter++;
}

static void map_file(unsigned long addr, const char *path)
{
	struct stat st;
	size_t len;
	void *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		exit(2);
	}
	len = (st.st_size + 0xffff) & ~0xffffUL;
	p = mmap((void *)addr, len, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p != (void *)addr || read(fd, p, st.st_size) != st.st_size) {
		fprintf(stderr, "cannot map %s at 0x%lx\n", path, addr);
		exit(2);
	}
	close(fd);
}

#ifdef DIRECT
long mod_entry(long x, unsigned long *out);
#endif

int main(int argc, char **argv)
{
	long (*mod_call)(long, unsigned long *);
	unsigned long out[2] = { 0, 0 }, toc;
	long ret;

#ifdef DIRECT
	mod_call = mod_entry;
#else
	if (argc < 4 || argc % 2) {
		fprintf(stderr, "usage: harness ENTRY ADDR FILE...\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2)
		map_file(strtoul(argv[i], NULL, 0), argv[i + 1]);
	mod_call = (void *)strtoul(argv[1], NULL, 0);
#endif
	__asm__ volatile("mr %0,2" : "=r"(toc));
	ret = mod_call(5, out);
	printf("ret %ld\nr2_before 0x%lx\nr2_after 0x%lx\nharness_toc 0x%lx\n",
	       ret, out[0], out[1], toc);
	return 0;
}
