/*
 * fuzz.h - what a fuzz harness defines and what it may use.  A harness
 * (tests/fuzz/fuzz_NAME.c) defines LLVMFuzzerTestOneInput and fuzz_seeds;
 * it is linked with input.c, and with libFuzzer (tests/fuzz/run.sh) or
 * with replay.c (make check).
 */
#ifndef GRID_FUZZ_H
#define GRID_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Defined by each harness: one input, and the fixture globs of seeds. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern const char *const fuzz_seeds[];

/* input.c: the input as a new C string (never NULL). */
char *fuzz_string(const uint8_t *data, size_t size);
/* input.c: the input as a file (a memfd); the path is borrowed. */
const char *fuzz_file(const uint8_t *data, size_t size);
/* input.c: test() on each comma-separated value of each line. */
void fuzz_values(const uint8_t *data, size_t size,
    void (*test)(const char *value));
/* input.c: a broken promise: prints where and what, then aborts. */
void fuzz_fail(const char *file, int line, const char *what)
    __attribute__((noreturn));

#define CHECK(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

#endif
