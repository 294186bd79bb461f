// SPDX-License-Identifier: GPL-2.0
/*
 * A harness without libFuzzer, for make check: run each file (or each
 * file of a directory) given once through LLVMFuzzerTestOneInput, under
 * the sanitizers the test build has. A crash, leak, sanitizer report or
 * an input slower than make fuzz allows fails the run; a clean exit means
 * every input was handled.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define REPLAY_TIMEOUT	10	/* seconds, as fuzz/run.sh's -timeout */

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return 1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* make fuzz's -timeout: a slower input is a hang (SIGALRM kills) */
	alarm(REPLAY_TIMEOUT);
	LLVMFuzzerTestOneInput(buf, len);
	alarm(0);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's files in name order: the same run every time. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;
	int ret = 0;

	if (!d) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!v || asprintf(&v[n], "%s/%s", dir, e->d_name) < 0)
			abort();
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp);
	for (size_t i = 0; i < n; i++) {
		ret |= run_file(v[i]);
		free(v[i]);
	}
	free(v);
	return ret;
}

int main(int argc, char **argv)
{
	int ret = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (!stat(argv[i], &st) && S_ISDIR(st.st_mode))
			ret |= run_dir(argv[i]);
		else
			ret |= run_file(argv[i]);
	}
	return ret;
}
