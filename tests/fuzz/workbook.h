/*
 * workbook.h - the checks fuzz_xlsx.c and fuzz_xls.c share: a workbook
 * read through the public reader (grid_reader_open_layout,
 * grid_reader_next) three ways, and what reader.h promises of one.
 * Included by one harness each (its functions are static).
 *
 * The three ways: the first sheet and everything detected; the second
 * sheet with a tiny record limit; the sheet named 实有人口 with its header
 * on line 3.  What is checked: the reader reports UTF-8 with a BOM, CRLF
 * and a comma; header names are non-empty, trimmed, UTF-8 and distinct;
 * a record has at least the header's width, each raw cell UTF-8, a value
 * NULL exactly when the cell is blank and otherwise the cell trimmed, at
 * least one value; errors are data errors with a message.  With
 * WORKBOOK_ROWS_FORWARD, also that the header is on a line and rows go
 * forward after it (FreeXL numbers rows itself; an .xlsx sheet's numbers
 * are taken as its XML writes them, so a damaged one's may repeat or go
 * back).
 */
#ifndef GRID_FUZZ_WORKBOOK_H
#define GRID_FUZZ_WORKBOOK_H

#include <string.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* workbook_read's flags */
#define WORKBOOK_ROWS_FORWARD 1

struct workbook_run {
	struct grid_reader_options opts;
	struct grid_reader_layout layout;
};

static const struct workbook_run workbook_runs[] = {
	{ { GRID_INPUT_AUTO, GRID_ENC_AUTO, 0, 0 }, { NULL, 0 } },
	{ { GRID_INPUT_CSV, GRID_ENC_UTF8, 0, 64 }, { "2", 0 } },
	{ { GRID_INPUT_AUTO, GRID_ENC_GB18030, ';', 0 },
	  { "\xe5\xae\x9e\xe6\x9c\x89\xe4\xba\xba\xe5\x8f\xa3", 3 } },
};

static int
workbook_utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

static int
workbook_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
workbook_check_error(const struct grid_error *err)
{
	CHECK(err->code == GRID_EDATA);
	CHECK(err->text[0] != '\0');
}

/* What a workbook reports, and its header. */
static void
workbook_check_opened(struct grid_reader *r, const struct workbook_run *run,
    int flags)
{
	const char *const *header;
	size_t n, i, j, len;

	CHECK(grid_reader_workbook(r));
	CHECK(grid_reader_format(r) == GRID_INPUT_CSV);
	CHECK(grid_reader_encoding(r) == GRID_ENC_UTF8);
	CHECK(grid_reader_has_bom(r) && grid_reader_crlf(r));
	CHECK(grid_reader_delimiter(r) == ',');
	if (flags & WORKBOOK_ROWS_FORWARD)
		CHECK(grid_reader_header_line(r) >= 1);
	if (run->layout.header_line > 0)
		CHECK(grid_reader_header_line(r) == run->layout.header_line);
	header = grid_reader_header(r, &n);
	CHECK(header != NULL && n >= 1);
	for (i = 0; i < n; i++) {
		len = strlen(header[i]);
		CHECK(len > 0 && workbook_utf8(header[i]));
		CHECK(!workbook_blank(header[i][0]) &&
		    !workbook_blank(header[i][len - 1]));
		for (j = 0; j < i; j++)
			CHECK(strcmp(header[i], header[j]) != 0);
	}
}

/* One record against the header (nheader names). */
static void
workbook_check_record(const struct grid_record *rec,
    const char *const *header, size_t nheader)
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
		CHECK(raw != NULL && workbook_utf8(raw));
		CHECK(i < rec->width || raw[0] == '\0');
		for (lead = 0; workbook_blank(raw[lead]); lead++)
			;
		for (len = strlen(raw + lead); len > 0 &&
		    workbook_blank(raw[lead + len - 1]); len--)
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

/* The workbook at path read one way to its end, every promise checked. */
static void
workbook_read_run(const char *path, const struct workbook_run *run,
    int flags)
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
		workbook_check_error(&err);
		return;
	}
	workbook_check_opened(r, run, flags);
	header = grid_reader_header(r, &nheader);
	last = grid_reader_header_line(r);
	while ((rc = grid_reader_next(r, &rec, &err)) == 1) {
		if (flags & WORKBOOK_ROWS_FORWARD)
			CHECK(rec->line > last);
		last = rec->line;
		workbook_check_record(rec, header, nheader);
	}
	if (rc < 0)
		workbook_check_error(&err);
	else
		CHECK(grid_reader_next(r, &rec, &err) == 0);
	grid_reader_close(r);
}

/* The workbook at path read each of the three ways. */
static void
workbook_read(const char *path, int flags)
{
	size_t i;

	for (i = 0; i < sizeof(workbook_runs) / sizeof(workbook_runs[0]); i++)
		workbook_read_run(path, &workbook_runs[i], flags);
}

#endif
