// SPDX-License-Identifier: GPL-2.0
/*
 * runner: time commands interleaved, round-robin, so that whatever else
 * the machine does hits each of them alike.
 *
 *   runner ROUNDS -- CMD [ARG]... [-- CMD [ARG]...]...
 *
 * Each round runs every command once, in order, with stdout and stderr
 * on /dev/null. Wall time is taken around fork() .. wait4(), so process
 * start and exit count; max RSS is wait4()'s ru_maxrss of the child (the
 * peak of that process alone, not of the runner), and so are its page
 * faults (ru_minflt + ru_majflt). Prints one line per command:
 * "MEDIAN_MS MAX_RSS_KB EXIT FAULTS" (max RSS the largest of the rounds,
 * EXIT the status of the last round, FAULTS the median).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* One run: wall ms, *rss_kb, *faults and *status of the child. */
static double run(char **argv, long *rss_kb, double *faults, int *status)
{
	struct rusage ru;
	double t0 = now_ms(), t1;
	pid_t pid = fork();

	if (pid < 0) {
		perror("runner: fork");
		exit(2);
	}
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, status, 0, &ru) < 0) {
		perror("runner: wait4");
		exit(2);
	}
	t1 = now_ms();
	*rss_kb = ru.ru_maxrss;
	*faults = (double)(ru.ru_minflt + ru.ru_majflt);
	return t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* of n sorted values */
static double median(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[1]) : 0, ncmd = 0;
	char ***cmd;
	double *ms, *flt;
	long *rss;
	int *st;

	if (rounds < 1 || strcmp(argv[2], "--")) {
		fprintf(stderr,
			"usage: runner ROUNDS -- CMD [ARG]... [-- CMD...]...\n");
		return 2;
	}
	cmd = calloc((size_t)argc, sizeof(*cmd));
	/* split argv at each "--" in place: each command ends in NULL */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--"))
			continue;
		argv[i] = NULL;
		if (i + 1 < argc)
			cmd[ncmd++] = &argv[i + 1];
	}
	ms = calloc((size_t)(ncmd * rounds), sizeof(*ms));
	flt = calloc((size_t)(ncmd * rounds), sizeof(*flt));
	rss = calloc((size_t)ncmd, sizeof(*rss));
	st = calloc((size_t)ncmd, sizeof(*st));
	if (!cmd || !ms || !flt || !rss || !st)
		return 2;
	for (int r = 0; r < rounds; r++) {
		for (int c = 0; c < ncmd; c++) {
			long kb;

			ms[c * rounds + r] = run(cmd[c], &kb,
						 &flt[c * rounds + r], &st[c]);
			if (kb > rss[c])
				rss[c] = kb;
		}
	}
	for (int c = 0; c < ncmd; c++) {
		double *v = &ms[c * rounds], *f = &flt[c * rounds];

		qsort(v, (size_t)rounds, sizeof(*v), cmp_double);
		qsort(f, (size_t)rounds, sizeof(*f), cmp_double);
		printf("%.2f %ld %d %.0f\n", median(v, rounds), rss[c],
		       WIFEXITED(st[c]) ? WEXITSTATUS(st[c]) : 128,
		       median(f, rounds));
	}
	return 0;
}
