/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the x86_64 C tests: build a target object, query it. */
#ifndef KLP_X86TEST_H
#define KLP_X86TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <klpreloc/core.h>

#define X86_AS		"x86_64-linux-gnu-as"
#define X86_READELF	"x86_64-linux-gnu-readelf"

/* Assemble tests/arch/x86/SRC into $KLP_TMP/OBJ; returns the path. */
static inline char *x86_assemble(const char *src, const char *obj)
{
	const char *top = getenv("TOPDIR"), *tmp = getenv("KLP_TMP");
	char *out, *cmd;
	int rc;

	if (!top || !tmp) {
		fprintf(stderr, "TOPDIR and KLP_TMP must be set\n");
		exit(2);
	}
	if (asprintf(&out, "%s/%s", tmp, obj) < 0 ||
	    asprintf(&cmd, X86_AS " --64 -o '%s' '%s/tests/arch/x86/%s'",
		     out, top, src) < 0)
		exit(2);
	rc = system(cmd);
	free(cmd);
	if (rc) {
		fprintf(stderr, "%s failed\n", X86_AS);
		free(out);
		return NULL;
	}
	return out;
}

/* Does readelf -rW OBJ list relocation type NAME (e.g. R_X86_64_PLT32)? */
static inline int x86_has_reloc(const char *obj, const char *name)
{
	char *cmd;
	int rc;

	if (asprintf(&cmd, X86_READELF " -rW '%s' | grep -qw '%s'",
		     obj, name) < 0)
		exit(2);
	rc = system(cmd);
	free(cmd);
	return rc == 0;
}

/* The symbol table entry called name, or NULL. */
static inline Elf64_Sym *x86_sym(struct klp_module *me, const char *name)
{
	for (size_t i = 1; i < me->nsyms; i++)
		if (!strcmp(klp_symname(me, &me->syms[i]), name))
			return &me->syms[i];
	return NULL;
}

/* A fixed name -> address table as the module's symbol resolver. */
struct x86_symval {
	const char *name;
	uint64_t addr;
};

static inline int x86_lookup(void *ctx, const char *name, uint64_t *addr)
{
	for (const struct x86_symval *s = ctx; s->name; s++) {
		if (!strcmp(s->name, name)) {
			*addr = s->addr;
			return 0;
		}
	}
	return -2;	/* -ENOENT */
}

#endif /* KLP_X86TEST_H */
