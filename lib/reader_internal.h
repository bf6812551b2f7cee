/*
 * reader_internal.h - the state of a grid_reader, shared by the files
 * of the reader (reader.c: input, bytes, lines, encodings, opening;
 * reader_csv.c: CSV records and workbook rows, the header;
 * reader_ndjson.c: NDJSON records).  Private to lib/.
 */
#ifndef GRID_READER_INTERNAL_H
#define GRID_READER_INTERNAL_H

#include <iconv.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <zlib.h>

#include "grid/buf.h"
#include "grid/reader.h"
#include "internal.h"

struct gridi_workbook;

/*
 * A field of the record being read: its text as read at fields.data +
 * off, and its value (vlen bytes at fields.data + val), both NUL-ended.
 */
struct reader_field {
	size_t off;
	size_t val;
	size_t vlen;
};

struct grid_reader {
	char name[256];
	struct grid_reader_options opts;
	int fd;
	gzFile gz;
	uint64_t total;

	enum grid_input_format format;
	enum grid_encoding encoding;
	char delimiter;
	int guessed;		/* the delimiter is ',' only for want of
				 * any: the lines so far had none */
	int bom;
	int crlf;
	iconv_t cd;
	struct gridi_workbook *book;	/* .xlsx, .xls: rows from a sheet */
	const char *sheet;	/* the sheet wanted, only during open */
	long header_line;	/* 0: the first line with a value */
	iconv_t wide_cd;	/* UTF-16 to UTF-8, when the BOM says so */
	char *wide;		/* raw UTF-16 bytes not yet converted */
	size_t wide_len;
	int wide_eof;

	char *chunk;		/* raw bytes from gzread */
	size_t chunk_len, chunk_pos;
	int eof;
	uint64_t offset;	/* decoded-stream offset of the next raw byte */

	long line_no;		/* physical lines read so far */
	uint64_t line_offset;	/* stream offset of the current line */
	struct grid_buf raw_line;	/* bytes as read, without the LF */
	struct grid_buf line;		/* decoded UTF-8, without CR LF */

	int line_cr;		/* the line ended in CR LF */
	int in_record;		/* a record has begun */
	int in_quotes;		/* in a quoted field open at a line end */
	int record_done;
	long record_line;
	long quote_line;	/* where the open quoted field began */
	size_t record_bytes;
	struct grid_buf fields;	/* NUL-ended field texts and values */
	struct grid_buf source;	/* a CSV record's lines, when several */
	struct reader_field *field;
	size_t nfields, field_cap;

	char **header;
	size_t nheader;

	const char **names, **values, **raw;
	size_t slots;
	struct grid_record rec;
	json_t *obj;
};

/*
 * Fills err with the message text (translated) at line of the reader's
 * input; returns -1.
 */
int gridi_reader_fail(struct grid_reader *r, struct grid_error *err,
    int code, long line, const char *text);
/* How the reader's files call it: tools/pot.sh extracts the text of
 * every fail() as a message (-kfail:5). */
#define fail(r, err, code, line, text) \
	gridi_reader_fail(r, err, code, line, text)
/*
 * Reads the next physical line and decodes it into r->line (without its
 * line end; r->line_cr says whether it was CR LF).  Returns 1, 0 at the
 * end of input, -1 on error (read error, line too long, bad bytes).
 */
int gridi_reader_next_line(struct grid_reader *r, struct grid_error *err);
/* Makes room for n fields (r->field).  Returns 0 or -1 (memory). */
int gridi_reader_field_room(struct grid_reader *r, size_t n);
/* Makes room for n record slots (names, values, raw).  0 or -1. */
int gridi_reader_slots(struct grid_reader *r, size_t n);

/*
 * reader_csv.c: reads the header (CSV, or a workbook's sheet) at
 * r->header_line (0: the first line with a value) into r->header.
 * Returns 0 or -1.
 */
int gridi_csv_read_header(struct grid_reader *r, struct grid_error *err);
/*
 * reader_csv.c, reader_ndjson.c: the next record into *rec, as
 * grid_reader_next says.  Returns 1, 0 at the end, -1.
 */
int gridi_csv_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err);
int gridi_ndjson_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err);

#endif
