// SPDX-License-Identifier: GPL-2.0
/*
 * insmod for the matrix guests: one finit_module() call and kmod's wording.
 * Busybox insmod retries a refused finit_module() with init_module(), so the
 * kernel would log each refusal twice, and the kselftests compare both the
 * kernel log and insmod's message with what kmod produces.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *why(int err)
{
	/* kmod words these three its own way; the rest is strerror() */
	switch (err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
	case ESRCH:
		return "Unknown symbol in module";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

int main(int argc, char **argv)
{
	size_t len = 1;
	char *params;
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: insmod FILE [PARAM=VALUE]...\n");
		return 1;
	}
	for (i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	params = calloc(1, len);
	if (!params)
		return 1;
	for (i = 2; i < argc; i++) {
		if (i > 2)
			strcat(params, " ");
		strcat(params, argv[i]);
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "insmod: ERROR: could not load module %s: %s\n",
			argv[1], strerror(errno));
		return 1;
	}
	if (syscall(SYS_finit_module, fd, params, 0) != 0) {
		fprintf(stderr,
			"insmod: ERROR: could not insert module %s: %s\n",
			argv[1], why(errno));
		return 1;
	}
	return 0;
}
