/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP for C tests: each check prints "ok N - what" or
 * "not ok N - what"; done_testing() prints the plan and returns the exit
 * status. tests/run.sh counts the lines.
 */
#ifndef KLP_TAP_H
#define KLP_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline __attribute__((format(printf, 2, 3))) int
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define is_u64(got, want, ...)						\
	({								\
		uint64_t _g = (got), _w = (want);			\
		int _r = ok(_g == _w, __VA_ARGS__);			\
		if (!_r)						\
			printf("#   got 0x%" PRIx64 ", want 0x%" PRIx64 "\n", \
			       _g, _w);					\
		_r;							\
	})

#define is_str(got, want, ...)						\
	({								\
		const char *_g = (got), *_w = (want);			\
		int _r = ok(_g && _w && !strcmp(_g, _w), __VA_ARGS__);	\
		if (!_r)						\
			printf("#   got '%s', want '%s'\n",		\
			       _g ? _g : "(null)", _w ? _w : "(null)");	\
		_r;							\
	})

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* KLP_TAP_H */
