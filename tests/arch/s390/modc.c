// SPDX-License-Identifier: GPL-2.0
/*
 * Module code as gcc compiles it for an s390 kernel module (-fPIC, like
 * KBUILD_CFLAGS_MODULE): calls to other objects through @PLT, their data
 * through @GOTENT, our own globals through the GOT too, statics with larl.
 * Run by test-qemu-exec.sh in harness.c:
 *	modc(x) = far_fn(x) + far_fn(100) + fp(x) + far_var + local
 */
extern long far_var;
long far_fn(long x);
long far_fn2(long x);

static volatile long local = 5;
long (*volatile fp)(long) = far_fn2;

long modc(long x)
{
	return far_fn(x) + far_fn(100) + fp(x) + far_var + local;
}
