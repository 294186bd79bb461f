// SPDX-License-Identifier: GPL-2.0
/*
 * klp name parsing: the .klp.rela.OBJ.SEC and .klp.sym.OBJ.SYM,POS
 * scanners that model the kernel's sscanf() formats, and convert's
 * NAME=OBJECT:SYMBOL[,POS] grammar (--sym and .klpreloc.syms records).
 * The first byte picks the modelled kernel (KSYM_NAME_LEN 128 before
 * 6.1, 512 since); the rest is the name. What the scanners hand back is
 * checked against the limits they promise, and the parse that reads
 * eight bytes at a time against the one that reads bytes; the symbol
 * part's hash, made in the words the scan reads, against the name's.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "../kernel/livepatch/internal.h"

#include "../tools/klpreloc/convert.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void parse_rela(const char *name)
{
	char obj[KLP_MODULE_NAME_LEN];
	bool trunc;
	int n = klp_parse_rela_name(name, obj, &trunc);

	if (strlen(obj) >= KLP_MODULE_NAME_LEN || (n && !obj[0]) ||
	    (!n && trunc) ||
	    (n && strncmp(name, ".klp.rela.", 10)))
		abort();
}

static void parse_sym(const char *name, int kver)
{
	char obj[KLP_MODULE_NAME_LEN], sym[KLP_KSYM_NAME_LEN];
	unsigned long pos = 0;
	bool trailing;
	int n = klp_parse_sym_name(name, kver, obj, sym, &pos, &trailing);
	struct klp_sym_parts a, b;
	size_t len = strlen(name);
	int na, nb;

	if (n < 0 || n > 3 || strlen(obj) >= KLP_MODULE_NAME_LEN ||
	    strlen(sym) >= (size_t)klp_ksym_name_len(kver) ||
	    (n >= 1 && !obj[0]) || (n >= 2 && !sym[0]) ||
	    (n < 3 && trailing) || strchr(obj, '.') || strchr(sym, ','))
		abort();
	/* eight bytes at a time where the string's bytes allow: the same */
	na = klp_parse_sym_parts(name, kver, &a);
	nb = klp_parse_sym_parts_in(name, len + 1, kver, &b);
	if (na != n || nb != n || a.obj != b.obj ||
	    a.obj_len != b.obj_len || a.sym != b.sym ||
	    a.sym_len != b.sym_len || a.trailing != b.trailing ||
	    (n == 3 && a.pos != b.pos) || a.obj_len != strlen(obj) ||
	    a.sym_len != strlen(sym))
		abort();
	if (n >= 2 && (a.hash != b.hash ||
		       a.hash != klp_name_hash_len(name + a.sym, a.sym_len)))
		abort();
	/* the second half alone, as a run of names with one object reads it */
	if (n >= 2) {
		size_t at = a.obj + a.obj_len + 1;

		b.obj = a.obj;
		b.obj_len = a.obj_len;
		if (klp_parse_sym_tail(name, at, len + 1 - at, kver, &b) != n ||
		    b.sym != a.sym || b.sym_len != a.sym_len ||
		    b.trailing != a.trailing || (n == 3 && b.pos != a.pos) ||
		    b.hash != a.hash)
			abort();
	}
}

static void parse_choice(const char *spec, int kver)
{
	struct cv_choice ch;
	char err[700];

	if (cv_parse_choice(spec, "--sym", kver, &ch, err, sizeof(err))) {
		if (!err[0])
			abort();	/* a refusal always says why */
		return;
	}
	if (!ch.name[0] || !ch.obj[0] || !ch.sym[0] ||
	    strlen(ch.obj) >= KLP_MODULE_NAME_LEN || strchr(ch.obj, '.'))
		abort();
	free(ch.name);
	free(ch.obj);
	free(ch.sym);
	free(ch.spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int kver;
	char *s;

	if (!size)
		return 0;
	kver = data[0] & 1 ? KLP_KVER(6, 0) : KLP_KVER(6, 12);
	s = fuzz_str(data + 1, size - 1);
	parse_rela(s);
	parse_sym(s, kver);
	parse_choice(s, kver);
	free(s);
	return 0;
}
