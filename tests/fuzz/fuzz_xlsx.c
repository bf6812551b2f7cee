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
 * reader.h promises of a workbook (workbook.h, shared with fuzz_xls.c).
 * Lines are the sheet's row numbers as its XML writes them, so a damaged
 * sheet's may repeat or go back: not checked (tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "workbook.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;

	if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		path = fuzz_file(data, size);
	else if ((path = members_file(data, size)) == NULL)
		return 0;
	workbook_read(path, 0);
	return 0;
}
