/*
 * reader.h - records from CSV or NDJSON files, plain or gzip, UTF-8,
 * GB18030 or UTF-16 (with a byte order mark), from a path or standard
 * input; and from the first (or a chosen) sheet of an .xlsx or .xls
 * workbook, detected by content, read from a path.
 *
 * A workbook's sheet is read as CSV is: its first row with a value is
 * the header, each later one a record whose line is the sheet's own row
 * number; cells come as the sheet shows them (numbers as their shortest
 * text, date cells YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, TRUE/FALSE), raw
 * and value alike, the value without blanks at its ends.  For a
 * workbook, or UTF-16 text, the reader reports UTF-8 with a BOM (and
 * for a workbook CRLF and a comma): what a reject file of it should be.
 *
 * The reader decodes everything to UTF-8.  Invalid bytes for the chosen
 * encoding are an error naming the line and byte offset, never replaced.
 * A record never exceeds max_record bytes as read (decoded to UTF-8, a
 * GB18030 record may take up to twice as many): a longer one is an error,
 * not an allocation.
 */
#ifndef GRID_READER_H
#define GRID_READER_H

#include <stddef.h>
#include <stdint.h>

#include "grid/error.h"

enum grid_input_format {
	GRID_INPUT_AUTO = 0,	/* '{' first -> NDJSON, else CSV */
	GRID_INPUT_CSV,
	GRID_INPUT_NDJSON
};

enum grid_encoding {
	GRID_ENC_AUTO = 0,	/* BOM, else UTF-8 when valid, else GB18030 */
	GRID_ENC_UTF8,
	GRID_ENC_GB18030
};

#define GRID_RECORD_MAX_DEFAULT ((size_t)4 << 20)	/* 4 MiB */

struct grid_reader_options {
	enum grid_input_format format;
	enum grid_encoding encoding;
	char delimiter;		/* 0: sniffed among , TAB ; | on the
				 * first line that is not blank and has
				 * one of them (a title line above the
				 * header has none); never a quote, CR
				 * or LF */
	size_t max_record;	/* 0: GRID_RECORD_MAX_DEFAULT */
};

/* Where the table is in the input: which sheet, which line. */
struct grid_reader_layout {
	const char *sheet;	/* workbook: a sheet's name, or its number
				 * from 1; NULL: the first */
	long header_line;	/* the header's line (sheet row); 0: the
				 * first with a value.  Lines before it are
				 * skipped, not records */
};

/*
 * One record.  All pointers are borrowed from the reader and valid until
 * the next grid_reader_next or grid_reader_close.
 *
 * raw[i] is the field as it was read ("" when absent), for output that
 * promises the cells as read (reject files, grid-assign locate): in CSV,
 * byte for byte the text between two delimiters, or inside the quotes
 * with each doubled quote made one, blanks and line ends (CR LF or LF)
 * kept.  values[i] is the value: in CSV, an unquoted field without the
 * blanks (spaces, tabs) at its ends, a quoted one as it is; NULL when
 * that is empty or the field is absent (NDJSON null, missing key, empty
 * string).
 *
 * line is the physical line the record starts on (1 is the first line
 * of the file), counting every line before it: empty ones, lines of
 * blanks and rows of empty fields, which are skipped, and each line of
 * a record that spans several.
 */
struct grid_record {
	long line;		/* first physical line of the record */
	size_t nfields;
	const char *const *names;
	const char *const *values;
	const char *const *raw;
	const char *text;	/* NDJSON: the whole line; CSV: NULL */
	int bad_width;		/* CSV: field count differs from the header */
	size_t width;		/* CSV: fields on the row as read (nfields
				 * is at least the header's width) */
	const char *source;	/* CSV: the record's text as read (decoded
				 * to UTF-8, each line with its own line
				 * end, but for the last); NDJSON: NULL */
};

struct grid_reader;

/* "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312", "auto" -> encoding; -1 unknown */
int grid_encoding_parse(const char *name);
/* "UTF-8" or "GB18030". */
const char *grid_encoding_name(enum grid_encoding encoding);

/*
 * Opens path ("-" for standard input; gzip detected by content) and reads
 * the header (CSV) or the first line.  opts may be NULL.  Returns a new
 * reader, or NULL with err filled: GRID_ENOINPUT when the file cannot be
 * opened, GRID_EIO on a read error, GRID_EDATA on bad content.
 */
struct grid_reader *grid_reader_open(const char *path,
    const struct grid_reader_options *opts, struct grid_error *err);
/*
 * The same, with the table where layout says (NULL: as grid_reader_open).
 * A header line past the end, or a sheet not in the workbook, is
 * GRID_EDATA.
 */
struct grid_reader *grid_reader_open_layout(const char *path,
    const struct grid_reader_options *opts,
    const struct grid_reader_layout *layout, struct grid_error *err);

/*
 * Reads the next record into *rec.  Returns 1, 0 at the end, -1 on an
 * error after which the reader cannot go on (bad bytes, unterminated
 * quote, record too long, truncated gzip, read error).  A malformed NDJSON
 * line is not fatal: it returns 1 with rec->nfields == 0 and the parse
 * error in err (code GRID_EDATA), so the caller can reject it and go on.
 */
int grid_reader_next(struct grid_reader *r, const struct grid_record **rec,
    struct grid_error *err);

/* What was detected or forced; valid after a successful open. */
enum grid_input_format grid_reader_format(const struct grid_reader *r);
enum grid_encoding grid_reader_encoding(const struct grid_reader *r);
char grid_reader_delimiter(const struct grid_reader *r);
int grid_reader_has_bom(const struct grid_reader *r);
int grid_reader_crlf(const struct grid_reader *r);
/* 1 when the input is a workbook (.xlsx, .xls), else 0. */
int grid_reader_workbook(const struct grid_reader *r);
/* The CSV header (borrowed), or NULL for NDJSON. */
const char *const *grid_reader_header(const struct grid_reader *r,
    size_t *n);
/* The line (sheet row) the CSV header was on; 0 for NDJSON. */
long grid_reader_header_line(const struct grid_reader *r);
/* The name given at open ("-" shown as "<stdin>"). */
const char *grid_reader_name(const struct grid_reader *r);

/*
 * Progress: bytes of the file consumed so far (compressed bytes for gzip)
 * and the file's size (0 when unknown, e.g. a pipe, or a workbook:
 * its sheet is a member of the file, inflated as it is read).
 */
void grid_reader_progress(const struct grid_reader *r, uint64_t *done,
    uint64_t *total);

/* Closes the file and frees the reader (NULL allowed). */
void grid_reader_close(struct grid_reader *r);

#endif
