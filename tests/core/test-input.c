// SPDX-License-Identifier: GPL-2.0
/*
 * Inputs are mapped (kernel/livepatch/input.c): a file truncated under a
 * run must not kill it (the kernel sends SIGBUS for a page past the new
 * end), and a truncated or rewritten input must come back as one
 * "input-changed" error from klp_inputs_check(), while the input is held
 * and after it was let go. The oracle is the file system: the test
 * truncates or rewrites the file itself, then reads the whole mapping.
 * A module up to klp_input_copy_max bytes is read whole instead: its
 * copy is the run's, whatever happens to the file after the read.
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

#include "../../kernel/livepatch/internal.h"
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

/* read whole: the file truncated after the open changes nothing read */
static void test_copied(void)
{
	struct klp_options o;
	struct klp_diag d, c;
	struct klp_module *me;
	unsigned char *before = NULL;
	size_t size = 0;
	struct stat st;

	klp_input_copy_max = 1UL << 20;
	me = open_ko(&o, &d);
	ok(me != NULL, "copied: the module opens");
	if (!me)
		goto out;
	size = me->file_size;
	ok(!stat(ko, &st) && (size_t)st.st_size == size && me->file_in->slot < 0,
	   "copied: all %zu bytes, not a mapping (slot %d)", size,
	   me->file_in->slot);
	before = malloc(size);
	if (before)
		memcpy(before, me->file_buf, size);
	ok(!truncate(ko, 0), "copied: truncate: %s", strerror(errno));
	ok(before && !memcmp(before, me->file_buf, size),
	   "copied: its bytes are the same after the truncate");
	klp_diag_init(&c);
	ok(klp_inputs_check(&c) == 0 && c.nr == 0,
	   "copied: no input-changed error for a file read before it changed");
	klp_module_free(me);
	klp_diag_free(&c);
	klp_diag_free(&d);
out:
	free(before);
	klp_input_copy_max = 0;
}

/*
 * A file that reads shorter than its size said: the copy is not the file
 * (a sysfs attribute says 4096 bytes and holds a few).
 */
static void test_short_read(void)
{
	const char *path = "/sys/kernel/uevent_seqnum";
	struct klp_options o;
	struct klp_diag d;
	struct klp_module *me = NULL;
	struct stat st;
	int ret;

	klp_options_init(&o);
	klp_diag_init(&d);
	klp_input_copy_max = 1UL << 20;
	ok(!stat(path, &st) && S_ISREG(st.st_mode) && st.st_size == 4096,
	   "short read: %s is a regular file of 4096 bytes", path);
	ret = klp_module_open(path, &o, &d, &me);
	ok(ret && !me && d.nr == 1 && d.v[0].sev == KLP_ERR,
	   "short read: one error, no module (ret %d, %zu records)", ret,
	   d.nr);
	if (d.nr >= 1) {
		is_str(d.v[0].rule, "input-changed", "short read: its rule");
		is_str(d.v[0].file, path, "short read: it names the file");
	}
	klp_module_free(me);
	klp_diag_free(&d);
	klp_input_copy_max = 0;
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
	test_copied();
	test_short_read();
	/* the rest are about mappings */
	klp_input_copy_max = 0;
	test_unchanged();
	test_truncated(false);
	test_truncated(true);
	test_rewritten();
	return done_testing();
}
