// SPDX-License-Identifier: GPL-2.0
/*
 * Target side of test-cc.sh: C as a module has it, compiled by the cross
 * gcc with the arm64 kernel's code-generation flags, so that the mix of
 * relocations is the compiler's (ADRP/ADD/LDST pairs, CALL26/JUMP26,
 * ABS64 in data, PREL32 in .eh_frame), not hand-picked.
 */
extern int kfunc(int);
extern int kvar;
extern const char kstr[];
extern long kbig[];

static int counter;
int table[4] = { 1, 2, 3, 4 };
int *ptrs[] = { &counter, &kvar, table + 2 };
const char *msg = "hello";
static const long ktab[] = { 11, 22, 33, 44, 55, 66, 77, 88 };
static short shorts[8];
static unsigned char bytes[16];

int f(int x)
{
	counter += x;
	shorts[x & 7] += (short)x;
	bytes[x & 15] ^= (unsigned char)x;
	return kfunc(x) + kvar + table[x & 3] + kstr[x] + (int)ktab[x & 7] +
	       (int)kbig[x & 1];
}

int g(int x)
{
	return f(x) * 2 + *ptrs[x & 1] + msg[x & 3] + shorts[x & 7];
}

__attribute__((cold, noinline)) int h(int x)
{
	return kfunc(x + 1) + bytes[x & 15];
}

int k(int x)
{
	if (__builtin_expect(x > 1000, 0))
		return h(x);
	return g(x);
}

int tail(int x)
{
	return kfunc(x * 3);
}
