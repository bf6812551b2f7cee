/*
 * tap.h - the few macros the C unit tests use.  Each check prints
 * "ok N - what" or "not ok N - what"; tests/run.sh counts them.
 * Include it in exactly one file per test program.
 */
#ifndef GRID_TAP_H
#define GRID_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static void
tap_result(int pass, const char *file, int line, const char *what)
{
	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%s %d - %s\n", pass ? "ok" : "not ok", tap_count, what);
	if (!pass)
		printf("# failed at %s:%d\n", file, line);
}

/* ok(condition, description) */
#define ok(cond, what) tap_result(!!(cond), __FILE__, __LINE__, (what))

/* is_str(got, expected, description): both C strings, NULL allowed. */
#define is_str(got, want, what) do { \
	const char *g_ = (got), *w_ = (want); \
	int p_ = (g_ == NULL && w_ == NULL) || \
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0); \
	tap_result(p_, __FILE__, __LINE__, (what)); \
	if (!p_) \
		printf("#   got '%s', expected '%s'\n", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)"); \
} while (0)

/* is_int(got, expected, description) */
#define is_int(got, want, what) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	tap_result(g_ == w_, __FILE__, __LINE__, (what)); \
	if (g_ != w_) \
		printf("#   got %lld, expected %lld\n", g_, w_); \
} while (0)

/* Call at the end of main: returns the exit status. */
#define tap_done() (printf("# %d checks, %d failed\n", tap_count, \
	tap_failed), tap_failed != 0)

#endif
