/*
 * fuzz_xlsx.c - the .xlsx reader (lib/xlsx.c) through the public reader
 * (grid_reader_open, grid_reader_open_layout, grid_reader_next) on any
 * workbook bytes, three ways: the first sheet and everything detected;
 * the second sheet with a tiny record limit; the sheet named 实有人口
 * with its header on line 3.
 *
 * An input that begins as a zip does ("PK\3\4") is the workbook's file
 * as it is, so the zip reader and inflating are fuzzed with the XML.
 * Any other input is the workbook's members as text, each after a line
 * "--- NAME" (text before the first is ignored): the harness stores them
 * in a zip, uncompressed and with their CRCs, so that mutations reach
 * the XML of the sheet, shared strings, styles and relationships instead
 * of breaking a deflate stream or a checksum.
 *
 * Besides not crashing, leaking or hanging, the reader keeps what
 * reader.h promises of a workbook: it reports UTF-8 with a BOM, CRLF
 * and a comma; header names are non-empty, trimmed, UTF-8 and distinct;
 * a record has at least the header's width, each raw cell UTF-8, a value
 * NULL exactly when the cell is blank and otherwise the cell trimmed,
 * at least one value; errors are data errors with a message.  Lines
 * are the sheet's row numbers as its XML writes them, so a damaged
 * sheet's may repeat or go back: not checked (tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "grid/reader.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree, besides
 * tests/fuzz/regress/fuzz_xlsx/ (the seeds: real workbooks written by
 * tests/tools/mkxlsx, and the same as members): zips that are not
 * .xlsx workbooks. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/workbooks/people.ods",
	"tests/fixtures/workbooks/people.xlsb",
	NULL
};

#define MEMBERS_MAX 32	/* members of an input given as text */
#define ZIP_MAX ((size_t)1 << 20)

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

/* A zip being written: the bytes, and the central directory apart. */
struct zip_out {
	uint8_t *data, *dir;
	size_t len, dir_len;
	unsigned entries;
};

static void
put(uint8_t **buf, size_t *len, const void *bytes, size_t n)
{
	if (*len + n > ZIP_MAX)
		return;	/* the members are cut short: still a test */
	if (*buf == NULL && (*buf = malloc(ZIP_MAX)) == NULL)
		abort();
	memcpy(*buf + *len, bytes, n);
	*len += n;
}

static void
put16(uint8_t **buf, size_t *len, unsigned v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	put(buf, len, b, 2);
}

static void
put32(uint8_t **buf, size_t *len, unsigned long v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
		(uint8_t)(v >> 24) };

	put(buf, len, b, 4);
}

/* Headers of a member stored uncompressed (version 2.0, UTF-8 names). */
static void
put_header(uint8_t **buf, size_t *len, int central, unsigned long crc,
    size_t size, size_t name_len, size_t offset)
{
	put32(buf, len, central ? 0x02014b50UL : 0x04034b50UL);
	if (central)
		put16(buf, len, 20);		/* made by */
	put16(buf, len, 20);			/* needed */
	put16(buf, len, 0x0800);		/* UTF-8 name */
	put16(buf, len, 0);			/* stored */
	put16(buf, len, 0);			/* time */
	put16(buf, len, 0x21);			/* date: 1980-01-01 */
	put32(buf, len, crc);
	put32(buf, len, (unsigned long)size);
	put32(buf, len, (unsigned long)size);
	put16(buf, len, (unsigned)name_len);
	put16(buf, len, 0);			/* extra */
	if (!central)
		return;
	put16(buf, len, 0);			/* comment */
	put16(buf, len, 0);			/* disk */
	put16(buf, len, 0);			/* internal attributes */
	put32(buf, len, 0);			/* external attributes */
	put32(buf, len, (unsigned long)offset);
}

static void
add_member(struct zip_out *z, const uint8_t *name, size_t name_len,
    const uint8_t *data, size_t size)
{
	unsigned long crc = crc32(0L, data, (uInt)size);
	size_t offset = z->len;

	put_header(&z->data, &z->len, 0, crc, size, name_len, 0);
	put(&z->data, &z->len, name, name_len);
	put(&z->data, &z->len, data, size);
	put_header(&z->dir, &z->dir_len, 1, crc, size, name_len, offset);
	put(&z->dir, &z->dir_len, name, name_len);
	z->entries++;
}

/* The end of the central directory, after the directory itself. */
static void
finish_zip(struct zip_out *z)
{
	size_t dir_offset = z->len;

	put(&z->data, &z->len, z->dir, z->dir_len);
	put32(&z->data, &z->len, 0x06054b50UL);
	put16(&z->data, &z->len, 0);
	put16(&z->data, &z->len, 0);
	put16(&z->data, &z->len, z->entries);
	put16(&z->data, &z->len, z->entries);
	put32(&z->data, &z->len, (unsigned long)z->dir_len);
	put32(&z->data, &z->len, (unsigned long)dir_offset);
	put16(&z->data, &z->len, 0);
}

/* Where the next "--- " line begins at or after data[from], or size. */
static size_t
next_marker(const uint8_t *data, size_t size, size_t from)
{
	size_t i;

	for (i = from; i + 4 <= size; i++)
		if ((i == 0 || data[i - 1] == '\n') &&
		    memcmp(data + i, "--- ", 4) == 0)
			return i;
	return size;
}

/* The members given as text, stored in a zip: a path to it, or NULL
 * when there is no member. */
static const char *
members_file(const uint8_t *data, size_t size)
{
	struct zip_out z = { NULL, NULL, 0, 0, 0 };
	const uint8_t *nl;
	const char *path;
	size_t at = next_marker(data, size, 0), name, name_end, end;

	while (at < size && z.entries < MEMBERS_MAX) {
		name = at + 4;
		nl = memchr(data + name, '\n', size - name);
		name_end = nl != NULL ? (size_t)(nl - data) : size;
		at = name_end < size ? name_end + 1 : size;
		end = next_marker(data, size, at);
		/* the line end before the next marker is not the member's */
		add_member(&z, data + name, name_end - name, data + at,
		    (end > at && end < size ? end - 1 : end) - at);
		at = end;
	}
	if (z.entries == 0)
		return NULL;
	finish_zip(&z);
	path = fuzz_file(z.data, z.len);
	free(z.data);
	free(z.dir);
	return path;
}

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

/* What a workbook reports, and its header. */
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

/* One record against the header (nheader names). */
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
	int rc;

	grid_error_clear(&err);
	r = grid_reader_open_layout(path, &run->opts, &run->layout, &err);
	if (r == NULL) {
		check_error(&err);
		return;
	}
	check_opened(r, run);
	header = grid_reader_header(r, &nheader);
	while ((rc = grid_reader_next(r, &rec, &err)) == 1)
		check_record(rec, header, nheader);
	if (rc < 0)
		check_error(&err);
	else
		CHECK(grid_reader_next(r, &rec, &err) == 0);
	grid_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	size_t i;

	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		path = fuzz_file(data, size);
	else if ((path = members_file(data, size)) == NULL)
		return 0;
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		read_all(path, &runs[i]);
	return 0;
}
