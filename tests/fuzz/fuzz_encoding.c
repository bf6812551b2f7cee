/*
 * fuzz_encoding.c - what decides how bytes are read: the reader's
 * detection of BOM, encoding, format and line ends (grid_reader_open
 * with everything automatic), the UTF-8 validator against a reference
 * written from the Unicode table of well-formed sequences, display
 * width, and normalisation of values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/people*.csv",
	"tests/fixtures/district/grids.geojson",
	NULL
};

/*
 * The length of the well-formed UTF-8 sequence at s (n bytes left), or 0
 * (Unicode 15, table 3-7): the second byte's range depends on the first.
 */
static size_t
reference_sequence(const uint8_t *s, size_t n)
{
	uint8_t lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return len;
}

/* 1 when valid, else 0 with the offset of the bad sequence in *bad. */
static int
reference_valid(const uint8_t *s, size_t n, size_t *bad)
{
	size_t i = 0, len;

	while (i < n) {
		if ((len = reference_sequence(s + i, n - i)) == 0) {
			*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

static void
check_utf8(const uint8_t *data, size_t size)
{
	size_t bad = 0, ref_bad = 0;
	int valid = grid_utf8_valid((const char *)data, size, &bad);

	CHECK(valid == reference_valid(data, size, &ref_bad));
	CHECK(valid || bad == ref_bad);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/*
 * Whether valid UTF-8 s holds what normalising folds: U+FF01-U+FF5E
 * (EF BC 81 - EF BD 9E), U+3000 (E3 80 80) or U+00A0 (C2 A0).
 */
static int
has_foldable(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (; *u != '\0'; u++) {
		if (u[0] == 0xEF && ((u[1] == 0xBC && u[2] >= 0x81) ||
		    (u[1] == 0xBD && u[2] >= 0x80 && u[2] <= 0x9E)))
			return 1;
		if ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) ||
		    (u[0] == 0xC2 && u[1] == 0xA0))
			return 1;
	}
	return 0;
}

/* Width and normalisation of the input as a C string. */
static void
check_text(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *again;
	size_t len = strlen(s), width = grid_utf8_width(s), n, i;
	int valid = grid_utf8_valid(s, len, NULL), ascii = 1;

	for (i = 0; i < len; i++)
		ascii &= (unsigned char)s[i] < 0x80;
	CHECK(width <= len);
	CHECK(!ascii || width == len);
	n = grid_text_normalize(s);
	CHECK(n == strlen(s) && n <= len);
	CHECK(n == 0 || (!is_space(s[0]) && !is_space(s[n - 1])));
	CHECK(!valid || grid_utf8_valid(s, n, NULL));
	/* nothing full-width, no U+3000 or NBSP is left in valid text */
	CHECK(!valid || !has_foldable(s));
	again = fuzz_string((const uint8_t *)s, n);
	CHECK(grid_text_normalize(again) == n && strcmp(again, s) == 0);
	if (grid_encoding_parse(s) > 0)
		CHECK(grid_encoding_parse(grid_encoding_name(
		    (enum grid_encoding)grid_encoding_parse(s))) ==
		    grid_encoding_parse(s));
	free(again);
	free(s);
}

/* What the reader detected, against the bytes (not gzip). */
static void
check_detected(struct grid_reader *r, const uint8_t *data, size_t size)
{
	int bom = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0;
	int wide = size >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
	    (data[0] == 0xfe && data[1] == 0xff));
	const uint8_t *nl = memchr(data, '\n', size);
	size_t start = bom ? 3 : 0;

	/* UTF-16 with a BOM is read converted to UTF-8; a workbook as rows */
	if (wide) {
		CHECK(grid_reader_has_bom(r));
		CHECK(grid_reader_encoding(r) == GRID_ENC_UTF8);
		return;
	}
	if (grid_reader_workbook(r))
		return;
	CHECK(grid_reader_has_bom(r) == bom);
	if (bom)
		CHECK(grid_reader_encoding(r) == GRID_ENC_UTF8);
	else
		CHECK(grid_reader_encoding(r) == (grid_utf8_valid(
		    (const char *)data, size, NULL) ? GRID_ENC_UTF8 :
		    GRID_ENC_GB18030));
	while (start < size && data[start] != '\0' &&
	    strchr(" \t\r\n", data[start]) != NULL)
		start++;
	CHECK(grid_reader_format(r) == (start < size && data[start] == '{' ?
	    GRID_INPUT_NDJSON : GRID_INPUT_CSV));
	if (nl != NULL)
		CHECK(grid_reader_crlf(r) == (nl > data && nl[-1] == '\r'));
}

static void
check_reader(const uint8_t *data, size_t size)
{
	const struct grid_record *rec;
	struct grid_reader *r;
	struct grid_error err;
	int rc;

	grid_error_clear(&err);
	r = grid_reader_open(fuzz_file(data, size), NULL, &err);
	if (r == NULL) {
		CHECK(err.code == GRID_EDATA && err.text[0] != '\0');
		return;
	}
	/* sniffed from the first 64 KiB of the bytes as read */
	if (size < 65536 && (size < 2 || data[0] != 0x1f || data[1] != 0x8b))
		check_detected(r, data, size);
	while ((rc = grid_reader_next(r, &rec, &err)) == 1)
		;
	CHECK(rc == 0 || err.code == GRID_EDATA);
	grid_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_utf8(data, size);
	check_text(data, size);
	check_reader(data, size);
	return 0;
}
