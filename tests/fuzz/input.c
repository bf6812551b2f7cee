/*
 * input.c - what the fuzz harnesses share: the input as a C string, as
 * a file or as values, and how a broken promise ends the run.  Linked
 * into every harness, under libFuzzer and under replay.c alike; fuzz.h
 * declares them.
 */
#define _GNU_SOURCE		/* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "grid/text.h"
#include "fuzz.h"

/*
 * Returns a new copy of data[0..size-1] with a NUL after it (a NUL
 * inside ends the string early, as it would for a caller).  Never NULL:
 * out of memory aborts, which libFuzzer reports as such.
 */
char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Writes data[0..size-1] to an in-memory file (one for the whole run,
 * emptied each time) and returns a path that opens it from its start:
 * /proc/self/fd/N.  The path is valid until the next call.
 */
const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	size_t done = 0;
	ssize_t n;

	if (fd < 0) {
		fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fd < 0) {
			perror("fuzz: memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0) {
		perror("fuzz: ftruncate");
		abort();
	}
	while (done < size) {
		n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n <= 0) {
			perror("fuzz: pwrite");
			abort();
		}
		done += (size_t)n;
	}
	return path;
}

/* Calls test on value and, when normalising changes it, on that too. */
static void
test_both(char *value, void (*test)(const char *value))
{
	char *normal;

	test(value);
	normal = fuzz_string((const uint8_t *)value, strlen(value));
	grid_text_normalize(normal);
	if (strcmp(normal, value) != 0)
		test(normal);
	free(normal);
}

/*
 * Calls test on each value of the input read as lines of comma-separated
 * values (a fixture CSV is a list of values, as a reader would give
 * them; a short input is one value): each line, and each of its fields
 * when it has several, as given and normalised as the tools do.
 */
void
fuzz_values(const uint8_t *data, size_t size,
    void (*test)(const char *value))
{
	char *text = fuzz_string(data, size), *line, *next, *comma;

	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		test_both(line, test);
		if (strchr(line, ',') == NULL)
			continue;
		for (; line != NULL; line = comma) {
			if ((comma = strchr(line, ',')) != NULL)
				*comma++ = '\0';
			test_both(line, test);
		}
	}
	free(text);
}

/* Says which check failed, then aborts: libFuzzer keeps the input. */
void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	fflush(stderr);
	abort();
}
