/*
 * fuzz_xls.c - the .xls reader (lib/xls.c, FreeXL) through the public
 * reader (grid_reader_open_layout, grid_reader_next) on any bytes that
 * begin as an OLE2 compound file does (others would be read as text,
 * which fuzz_csv covers), three ways: the first sheet and everything
 * detected; the second sheet with a tiny record limit; the sheet named
 * 实有人口 with its header on line 3.  FreeXL reads from a path: the
 * input is written to an in-memory file (fuzz_file).
 *
 * Besides not crashing, leaking or hanging, the reader keeps what
 * reader.h promises of a workbook, as in fuzz_xlsx.c: UTF-8 with a BOM,
 * CRLF and a comma; header names non-empty, trimmed, UTF-8, distinct;
 * records at least the header's width, raw cells UTF-8, values NULL
 * exactly when the cell is blank and otherwise the cell trimmed; rows
 * going forward after the header; errors are data errors with a message.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree, besides
 * tests/fuzz/regress/fuzz_xls/. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/workbooks/people.xls",
	NULL
};

struct run {
	struct grid_reader_options opts;
	struct grid_reader_layout layout;
};

static const struct run runs[] = {
	{ { GRID_INPUT_AUTO, GRID_ENC_AUTO, 0, 0 }, { NULL, 0 } },
	{ { GRID_INPUT_CSV, GRID_ENC_UTF8, 0, 64 }, { "2", 0 } },
	{ { GRID_INPUT_AUTO, GRID_ENC_GB18030, ';', 0 },
	  { "\xe5\xae\x9e\xe6\x9c\x89\xe4\xba\xba\xe5\x8f\xa3", 3 } },
};

/* The sanitizers' own, when they are linked in (libFuzzer, make sanitize). */
void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

/*
 * lib/xls.c reads a workbook in a child process first, so that a crash of
 * FreeXL is refused as a damaged workbook: in that child, a sanitizer's
 * report must not be taken for libFuzzer's crash (it would keep the input
 * and count it).  The parent's reports still are.
 */
static void
forget_death_callback(void)
{
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(NULL);
}

static const uint8_t ole2[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a,
	0xe1 };

static int
utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
check_error(const struct grid_error *err)
{
	CHECK(err->code == GRID_EDATA);
	CHECK(err->text[0] != '\0');
}

static void
check_opened(struct grid_reader *r, const struct run *run)
{
	const char *const *header;
	size_t n, i, j, len;

	CHECK(grid_reader_workbook(r));
	CHECK(grid_reader_format(r) == GRID_INPUT_CSV);
	CHECK(grid_reader_encoding(r) == GRID_ENC_UTF8);
	CHECK(grid_reader_has_bom(r) && grid_reader_crlf(r));
	CHECK(grid_reader_delimiter(r) == ',');
	CHECK(grid_reader_header_line(r) >= 1);
	if (run->layout.header_line > 0)
		CHECK(grid_reader_header_line(r) == run->layout.header_line);
	header = grid_reader_header(r, &n);
	CHECK(header != NULL && n >= 1);
	for (i = 0; i < n; i++) {
		len = strlen(header[i]);
		CHECK(len > 0 && utf8(header[i]));
		CHECK(!blank(header[i][0]) && !blank(header[i][len - 1]));
		for (j = 0; j < i; j++)
			CHECK(strcmp(header[i], header[j]) != 0);
	}
}

static void
check_record(const struct grid_record *rec, const char *const *header,
    size_t nheader)
{
	const char *raw, *value;
	size_t i, values = 0, lead, len;

	CHECK(rec->nfields == (rec->width > nheader ? rec->width : nheader));
	CHECK(rec->bad_width == (rec->width != nheader));
	CHECK(rec->text == NULL && rec->source != NULL);
	for (i = 0; i < rec->nfields; i++) {
		raw = rec->raw[i];
		value = rec->values[i];
		if (i < nheader)
			CHECK(rec->names[i] == header[i]);
		else
			CHECK(rec->names[i][0] == '\0');
		CHECK(raw != NULL && utf8(raw));
		CHECK(i < rec->width || raw[0] == '\0');
		for (lead = 0; blank(raw[lead]); lead++)
			;
		for (len = strlen(raw + lead); len > 0 &&
		    blank(raw[lead + len - 1]); len--)
			;
		if (value == NULL) {
			CHECK(len == 0);
			continue;
		}
		values++;
		CHECK(strlen(value) == len &&
		    memcmp(value, raw + lead, len) == 0);
	}
	CHECK(values > 0);
}

static void
read_all(const char *path, const struct run *run)
{
	const struct grid_record *rec;
	const char *const *header;
	struct grid_reader *r;
	struct grid_error err;
	size_t nheader;
	long last;
	int rc;

	grid_error_clear(&err);
	r = grid_reader_open_layout(path, &run->opts, &run->layout, &err);
	if (r == NULL) {
		check_error(&err);
		return;
	}
	check_opened(r, run);
	header = grid_reader_header(r, &nheader);
	last = grid_reader_header_line(r);
	while ((rc = grid_reader_next(r, &rec, &err)) == 1) {
		/* FreeXL numbers rows itself: they go forward */
		CHECK(rec->line > last);
		last = rec->line;
		check_record(rec, header, nheader);
	}
	if (rc < 0)
		check_error(&err);
	else
		CHECK(grid_reader_next(r, &rec, &err) == 0);
	grid_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int registered;
	const char *path;
	size_t i;

	if (!registered && pthread_atfork(NULL, NULL,
	    forget_death_callback) == 0)
		registered = 1;
	if (size < sizeof(ole2) || memcmp(data, ole2, sizeof(ole2)) != 0)
		return 0;
	path = fuzz_file(data, size);
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		read_all(path, &runs[i]);
	return 0;
}
