// SPDX-License-Identifier: GPL-2.0
/*
 * A gcc-compiled "module" for test-exec.sh and test-stubs.sh, built with
 * the kernel's ppc64le flags: -mcmodel=large as modules are (R_PPC64_ENTRY,
 * a .toc) or -mcmodel=medium (no .toc, so r2 comes from .stubs); globals
 * through the TOC, calls to the harness through stubs, a local call to a
 * local entry point.
 */
long far_add(long x);
extern long ext_var;
static long counter = 7;
long table[4] = { 1, 2, 3, 4 };
static long (*fp)(long) = far_add;

__attribute__((noinline)) static long local_helper(long x)
{
	return x + table[x & 3] + counter++;
}

long mod_entry(long x, unsigned long *out)
{
	long r;

	__asm__ volatile("mr %0,2" : "=r"(out[0]));
	r = far_add(x);
	__asm__ volatile("mr %0,2" : "=r"(out[1]));
	r += local_helper(x);
	r += fp(1);
	return r;
}
/* what <asm/module.h> adds to every module object */
asm(".section .stubs,\"ax\",@nobits; .align 3; .previous");
