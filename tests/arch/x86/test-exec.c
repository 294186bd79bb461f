// SPDX-License-Identifier: GPL-2.0
/*
 * Execution oracle for the x86_64 backend: relocate exec.S at addresses
 * mapped in this process, copy the relocated regions there and call the
 * code. A wrong PLT32, PC32 or 64-bit value jumps or loads from the wrong
 * place, so the return value checks every one of them. The test runs only
 * on an x86_64 host (the expected values come from executing, not from
 * our own arithmetic).
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tap.h"
#include "x86test.h"

#define RESERVE		(1UL << 20)

int ext_func(int y);
int ext_var = 100;
int ext_var2 = 7000;

__attribute__((noinline)) int ext_func(int y)
{
	return y * 3 + 1;
}

/* Independent of the relocated code: what exec.S computes, in C. */
static int expected(int x)
{
	return ext_func(x + ext_var) + ext_var2;
}

/* A free 1 MiB near ext_func, so every PC32 from it reaches this binary. */
static void *reserve_near(void)
{
	uintptr_t near = (uintptr_t)&ext_func & ~(RESERVE - 1);

	for (long step = 1; step < 64; step++) {
		for (int sign = 1; sign >= -1; sign -= 2) {
			uintptr_t a = near + sign * step * (64UL << 20);
			void *p = mmap((void *)a, RESERVE, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS |
				       MAP_FIXED_NOREPLACE, -1, 0);

			if (p == (void *)a)
				return p;
			if (p != MAP_FAILED)
				munmap(p, RESERVE);
		}
	}
	return NULL;
}

static int load(const char *obj, uint64_t base, const struct x86_symval *syms,
		struct klp_options *opts, struct klp_diag *diag,
		struct klp_module **me)
{
	struct klp_resolver r = { .lookup = x86_lookup, .ctx = (void *)syms };
	int ret;

	klp_options_init(opts);
	opts->module_base = base;
	klp_diag_init(diag);
	ret = klp_module_open(obj, opts, diag, me);
	if (ret)
		return ret;
	ret = klp_module_layout(*me);
	if (!ret)
		ret = klp_module_simplify_symbols(*me, &r);
	if (!ret)
		ret = klp_module_apply_relocations(*me);
	if (!ret)
		ret = klp_module_finalize(*me);
	return ret;
}

static void test_call(const char *obj, unsigned char *area)
{
	const struct x86_symval syms[] = {
		{ "ext_func", (uintptr_t)&ext_func },
		{ "ext_var", (uintptr_t)&ext_var },
		{ "ext_var2", (uintptr_t)&ext_var2 },
		{ NULL, 0 },
	};
	struct klp_options opts;
	struct klp_diag diag;
	struct klp_module *me = NULL;
	Elf64_Sym *entry;
	int (*fn)(int);
	bool inside = true;
	int ret;

	ret = load(obj, (uintptr_t)area, syms, &opts, &diag, &me);
	if (!ok(ret == 0 && diag.errors == 0, "relocated at %p (ret %d)",
		(void *)area, ret)) {
		for (size_t i = 0; i < diag.nr; i++)
			klp_diag_print(stdout, &diag.v[i]);
		goto out;
	}
	for (int t = 0; t < KLP_MEM_NR; t++) {
		struct klp_mem *m = &me->mem[t];

		if (!m->size)
			continue;
		if (m->addr < (uintptr_t)area ||
		    m->addr + m->size > (uintptr_t)area + RESERVE)
			inside = false;
	}
	if (!ok(inside, "every region inside the mapping"))
		goto out;

	/* copy the image in, then make text executable and read-only */
	mprotect(area, RESERVE, PROT_READ | PROT_WRITE);
	for (int t = 0; t < KLP_MEM_NR; t++)
		if (me->mem[t].size)
			memcpy((void *)(uintptr_t)me->mem[t].addr,
			       me->mem[t].buf, me->mem[t].size);
	ok(mprotect((void *)(uintptr_t)me->mem[KLP_MEM_TEXT].addr,
		    (me->mem[KLP_MEM_TEXT].size + 4095) & ~4095UL,
		    PROT_READ | PROT_EXEC) == 0, "text mapped PROT_EXEC");

	entry = x86_sym(me, "klp_exec_entry");
	if (!ok(entry && entry->st_value >= me->mem[KLP_MEM_TEXT].addr,
		"klp_exec_entry is in text"))
		goto out;
	fn = (int (*)(int))(uintptr_t)entry->st_value;
	for (int x = -3; x <= 5; x += 4) {
		int got = fn(x), want = expected(x);

		ok(got == want, "klp_exec_entry(%d) = %d, want %d", x, got,
		   want);
	}
	/* the 64-bit pointer really points at this process' variable */
	ext_var2 = 11;
	ok(fn(0) == expected(0), "follows ext_var2 through the pointer");
	ext_var2 = 7000;
out:
	klp_module_free(me);
	klp_diag_free(&diag);
}

/* ext_func 3 GiB away: x86_64 modules have no PLT to reach it. */
static void test_far(const char *obj, unsigned char *area)
{
	uint64_t far = (uintptr_t)&ext_func + (3ULL << 30);
	const struct x86_symval syms[] = {
		{ "ext_func", far },
		{ "ext_var", (uintptr_t)&ext_var },
		{ "ext_var2", (uintptr_t)&ext_var2 },
		{ NULL, 0 },
	};
	struct klp_options opts;
	struct klp_diag diag;
	struct klp_module *me = NULL;
	const struct klp_diag_entry *e;
	int ret;

	ret = load(obj, (uintptr_t)area, syms, &opts, &diag, &me);
	ok(ret == -ENOEXEC, "call target 3 GiB away refused (ret %d)", ret);
	ok(diag.errors == 1 && diag.nr == 1, "exactly one diagnostic (%zu)",
	   diag.nr);
	if (diag.nr) {
		e = &diag.v[0];
		klp_diag_print(stdout, e);
		is_str(e->rule, "x86-pc32-range", "rule x86-pc32-range");
		is_str(e->section, ".rela.text", "names .rela.text");
		ok(e->msg && strstr(e->msg, "R_X86_64_PLT32"),
		   "names R_X86_64_PLT32");
	}
	klp_module_free(me);
	klp_diag_free(&diag);
}

int main(void)
{
	unsigned char *area;
	char *obj;

#ifndef __x86_64__
	/* the relocated code runs on this CPU */
	printf("ok 1 # SKIP not an x86_64 host\n");
	return done_testing();
#endif

	obj = x86_assemble("exec.S", "exec.o");
	if (!ok(obj != NULL, "exec.S assembled"))
		return done_testing();
	ok(x86_has_reloc(obj, "R_X86_64_PLT32"), "premise: PLT32 call");
	ok(x86_has_reloc(obj, "R_X86_64_PC32"), "premise: PC32 loads");
	ok(x86_has_reloc(obj, "R_X86_64_64"), "premise: 64-bit pointer");

	area = reserve_near();
	if (ok(area != NULL, "reserved 1 MiB near the test binary")) {
		test_call(obj, area);
		test_far(obj, area);
		munmap(area, RESERVE);
	}
	free(obj);
	return done_testing();
}
