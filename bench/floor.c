// SPDX-License-Identifier: GPL-2.0
/*
 * floor: read each file once, start to end, with read() into one reused
 * 128 KiB buffer, and do nothing with the bytes. What any tool that looks
 * at every byte of its inputs must pay at least (process start included);
 * klpreloc check's time is given as a multiple of it.
 *
 * floor -m: read each file into a fresh buffer of its size instead, and
 * keep it: what a tool that holds its inputs in memory pays at least (on
 * first touch, every page is faulted in and zeroed). For reference only.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char small[128 << 10];
	unsigned long long total = 0;
	int hold = argc > 1 && !strcmp(argv[1], "-m");

	for (int i = 1 + hold; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		size_t cap = sizeof(small), at = 0;
		char *buf = small;
		struct stat st;
		ssize_t n;

		if (fd < 0 || fstat(fd, &st)) {
			perror(argv[i]);
			return 2;
		}
		if (hold) {
			cap = (size_t)st.st_size + 1;
			buf = malloc(cap);
			if (!buf)
				return 2;
		}
		while ((n = read(fd, buf + at, cap - at)) > 0) {
			total += (unsigned long long)n;
			if (hold)
				at += (size_t)n;
			if (at == cap)
				break;
		}
		close(fd);
	}
	printf("%llu\n", total);
	return 0;
}
