/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the libFuzzer harnesses (Documentation/fuzzing.md). The
 * library reads its inputs from paths, so an input is handed to it as a
 * memfd's /proc/self/fd path: the bytes never touch a disk and the library
 * runs exactly as it does on a file.
 */
#ifndef KLPRELOC_FUZZ_H
#define KLPRELOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A path whose contents are data[0..size): slot picks one of a few
 * memfds, so that an input and what is made of it can coexist.
 */
const char *fuzz_file(int slot, const uint8_t *data, size_t size);

/* The empty memfd of a slot, at offset 0: for the library to write. */
int fuzz_fd(int slot);

/* The path of a slot's memfd (what was written through fuzz_fd()). */
const char *fuzz_path(int slot);

/* The same bytes as a NUL-terminated heap string (caller frees). */
char *fuzz_str(const uint8_t *data, size_t size);

/* A FILE that discards what is written to it: reports are still built. */
FILE *fuzz_null(void);

/*
 * A file of the unpacked fixtures: $KLP_FUZZ_DATA/REL (make fuzz and
 * tests/fuzz/test-regress.sh unpack tests/fixtures/ARCH/fixtures.tar.xz
 * there). Exits when it is missing: a harness without its setup is
 * useless.
 */
const char *fuzz_data(const char *rel);

/* stdout to /dev/null: the CLI's reports are written, not shown. */
void fuzz_quiet_stdout(void);

#endif /* KLPRELOC_FUZZ_H */
