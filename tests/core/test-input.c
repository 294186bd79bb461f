// SPDX-License-Identifier: GPL-2.0
/*
 * Inputs are mapped (kernel/livepatch/input.c): a file truncated under a
 * run must not kill it (the kernel sends SIGBUS for a page past the new
 * end), and a truncated or rewritten input must come back as one
 * "input-changed" error from klp_inputs_check(), while the input is held
 * and after it was let go. The oracle is the file system: the test
 * truncates or rewrites the file itself, then reads the whole mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <klpreloc/core.h>
#include <klpreloc/diag.h>
#include <klpreloc/module.h>

#include "tap.h"

static char dir[4096], ko[4200];

/* a small x86_64 livepatch module, from genklp */
static int make_module(void)
{
	char cmd[9000];
	const char *tools = getenv("KLP_TOOLS");

	snprintf(ko, sizeof(ko), "%s/input.ko", dir);
	snprintf(cmd, sizeof(cmd),
		 "%s/genklp -a x86_64 -o '%s' -r .klp.sym.vmlinux.foo,0",
		 tools ? tools : "build/san/tests/tools", ko);
	return system(cmd);
}

static struct klp_module *open_ko(struct klp_options *o, struct klp_diag *d)
{
	struct klp_module *me = NULL;

	klp_options_init(o);
	klp_diag_init(d);
	if (make_module() || klp_module_open(ko, o, d, &me))
		return NULL;
	return me;
}

/* one error, rule input-changed, naming the file */
static void changed_once(struct klp_diag *d, int n, const char *what)
{
	ok(n == 1 && d->nr == 1 && d->v[0].sev == KLP_ERR,
	   "%s: one error (got %d, %zu records)", what, n, d->nr);
	if (d->nr >= 1) {
		is_str(d->v[0].rule, "input-changed", "%s: its rule", what);
		is_str(d->v[0].file, ko, "%s: it names the file", what);
	}
}

static void test_unchanged(void)
{
	struct klp_options o;
	struct klp_diag d, c;
	struct klp_module *me = open_ko(&o, &d);

	ok(me != NULL, "unchanged: the module opens");
	if (!me)
		return;
	klp_diag_init(&c);
	ok(klp_inputs_check(&c) == 0 && c.nr == 0,
	   "unchanged: no input-changed error while held");
	klp_module_free(me);
	ok(klp_inputs_check(&c) == 0 && c.nr == 0,
	   "unchanged: none after it is freed");
	klp_diag_free(&c);
	klp_diag_free(&d);
}

static void test_truncated(bool free_first)
{
	const char *what = free_first ? "truncated, then freed" : "truncated";
	struct klp_options o;
	struct klp_diag d, c;
	struct klp_module *me = open_ko(&o, &d);
	size_t nonzero = 0, size;
	const unsigned char *p;

	ok(me != NULL, "%s: the module opens", what);
	if (!me)
		return;
	size = me->file_size;
	p = me->file_buf;
	ok(!truncate(ko, 0), "%s: truncate: %s", what, strerror(errno));
	/* every page now past the end: the first read faults (SIGBUS) */
	for (size_t i = 0; i < size; i++)
		nonzero += p[i] != 0;
	ok(nonzero == 0, "%s: the run survives reading it, and reads zeros (%zu non-zero bytes)",
	   what, nonzero);
	klp_diag_init(&c);
	if (free_first) {
		klp_module_free(me);
		me = NULL;
	}
	changed_once(&c, klp_inputs_check(&c), what);
	klp_module_free(me);
	klp_diag_free(&c);
	klp_diag_init(&c);
	ok(klp_inputs_check(&c) == 0,
	   "%s: said once; nothing once the file is let go", what);
	klp_diag_free(&c);
	klp_diag_free(&d);
}

/* the same size, new bytes: what a rewrite in place leaves */
static void test_rewritten(void)
{
	struct klp_options o;
	struct klp_diag d, c;
	struct klp_module *me = open_ko(&o, &d);
	struct timespec t[2] = { { 0, 0 }, { 12345, 0 } };
	int fd;

	ok(me != NULL, "rewritten: the module opens");
	if (!me)
		return;
	fd = open(ko, O_WRONLY);
	ok(fd >= 0 && pwrite(fd, "x", 1, 100) == 1 && !futimens(fd, t),
	   "rewritten: one byte written, mtime set");
	if (fd >= 0)
		close(fd);
	klp_diag_init(&c);
	changed_once(&c, klp_inputs_check(&c), "rewritten");
	klp_module_free(me);
	klp_diag_free(&c);
	klp_diag_free(&d);
}

int main(void)
{
	const char *t = getenv("KLP_TMP");

	if (t && *t) {
		snprintf(dir, sizeof(dir), "%s", t);
	} else {
		snprintf(dir, sizeof(dir), "/tmp/test-input.XXXXXX");
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			return 1;
		}
	}
	test_unchanged();
	test_truncated(false);
	test_truncated(true);
	test_rewritten();
	return done_testing();
}
