/*
 * replay.c - runs a fuzz harness over files, without libFuzzer, so that
 * `make check` replays the inputs that once crashed (tests/fuzz/regress/
 * NAME/) and the harness's seed files from tests/fixtures under any
 * compiler, sanitizer or valgrind.
 *
 *	fuzz_NAME [FILE | DIR]...
 *
 * With no argument it replays the files of $GRID_TOP/tests/fuzz/regress/
 * NAME and those matching the harness's fuzz_seeds patterns (relative
 * to $GRID_TOP, default "."), NAME being the program's own name.  A
 * directory stands for the files in it.  Prints "ok N - NAME: FILE" for
 * each file that ran to the end; a broken check aborts the program, so
 * tests/run.sh counts the failure by the exit status.
 */
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Glob patterns of the harness's seed files, relative to the top. */

static const char *name;
static int count, failed;

static void
result(int pass, const char *path, const char *why)
{
	count++;
	if (!pass)
		failed++;
	printf("%s %d - %s: %s%s%s\n", pass ? "ok" : "not ok", count, name,
	    path, why != NULL ? ": " : "", why != NULL ? why : "");
	fflush(stdout);
}

/* Reads path into a new buffer of *size bytes; NULL on failure. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	uint8_t *data = NULL, *bigger;
	size_t cap = 0, n;
	FILE *f = fopen(path, "rb");

	*size = 0;
	if (f == NULL)
		return NULL;
	do {
		if (*size == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((bigger = realloc(data, cap)) == NULL)
				goto bad;
			data = bigger;
		}
		n = fread(data + *size, 1, cap - *size, f);
		*size += n;
	} while (n > 0);
	if (ferror(f))
		goto bad;
	fclose(f);
	return data;
bad:
	free(data);
	fclose(f);
	return NULL;
}

/* Replays one file; shown is its name as printed. */
static void
replay_file(const char *path, const char *shown)
{
	uint8_t *data;
	size_t size;

	if ((data = slurp(path, &size)) == NULL) {
		result(0, shown, "cannot read");
		return;
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	result(1, shown, NULL);
}

/*
 * Replays the files matching top/pattern, shown without "top/".  When
 * nothing matches: a failure if required, else nothing.
 */
static void
replay_glob(const char *top, const char *pattern, int required)
{
	char full[4096];
	size_t skip = top != NULL ? strlen(top) + 1 : 0, i;
	glob_t g;
	int rc;

	if (top != NULL)
		snprintf(full, sizeof(full), "%s/%s", top, pattern);
	else
		snprintf(full, sizeof(full), "%s", pattern);
	rc = glob(full, 0, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		if (required)
			result(0, pattern, "no file matches");
		return;
	}
	if (rc != 0) {
		result(0, pattern, "glob failed");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++)
		replay_file(g.gl_pathv[i], g.gl_pathv[i] + skip);
	globfree(&g);
}

/* Replays a file, or every file of a directory. */
static void
replay_arg(const char *path)
{
	char pattern[4096];
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(pattern, sizeof(pattern), "%s/*", path);
		replay_glob(NULL, pattern, 0);
	} else
		replay_file(path, path);
}

int
main(int argc, char **argv)
{
	const char *top = getenv("GRID_TOP");
	char regress[512];
	int i;

	name = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 :
	    argv[0];
	if (top == NULL || top[0] == '\0')
		top = ".";
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay_arg(argv[i]);
	} else {
		snprintf(regress, sizeof(regress), "tests/fuzz/regress/%s/*",
		    name);
		replay_glob(top, regress, 0);
		for (i = 0; fuzz_seeds[i] != NULL; i++)
			replay_glob(top, fuzz_seeds[i], 1);
	}
	printf("# %d files, %d failed\n", count, failed);
	return failed != 0;
}
