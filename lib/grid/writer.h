/*
 * writer.h - row output in the formats of SPEC.md: ndjson, csv, tsv,
 * table (aligned, CJK characters two columns wide), md.  The format html
 * is named here so tools can parse it, but a page is written with
 * grid/html.h, never by a writer.
 *
 * A writer is given its columns once, then rows of C strings.  A NULL
 * value is a missing value: empty in csv/tsv/table/md, null in ndjson.
 * Column types decide how ndjson writes a value: text is always a JSON
 * string (ID numbers keep their leading zeros); integer and real columns
 * are written as JSON numbers when the text is a number, else as strings.
 */
#ifndef GRID_WRITER_H
#define GRID_WRITER_H

#include <stdio.h>

#include "grid/buf.h"
#include "grid/error.h"

enum grid_format {
	GRID_FORMAT_NONE = 0,
	GRID_FORMAT_NDJSON,
	GRID_FORMAT_CSV,
	GRID_FORMAT_TSV,
	GRID_FORMAT_TABLE,
	GRID_FORMAT_MD,
	GRID_FORMAT_HTML	/* grid/html.h; grid_writer_new refuses it */
};

enum grid_coltype {
	GRID_COL_TEXT = 0,
	GRID_COL_INT,
	GRID_COL_REAL
};

struct grid_column {
	const char *name;	/* key in ndjson, header elsewhere */
	enum grid_coltype type;
};

struct grid_writer;

/* "ndjson", "csv", "tsv", "table", "md", "html" -> format; NONE when
 * unknown. */
enum grid_format grid_format_parse(const char *name);
/* The name of a format; "" for NONE. */
const char *grid_format_name(enum grid_format format);

/*
 * A new writer to out (borrowed: the caller keeps and closes it).  The
 * columns array is copied.  csv and tsv write the header row at once;
 * table and md keep rows in memory until grid_writer_finish to align
 * them.  Returns NULL with err filled on bad arguments or no memory.
 */
struct grid_writer *grid_writer_new(FILE *out, enum grid_format format,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err);

/*
 * Writes one row of ncolumns values (each NULL or a UTF-8 string).
 * Returns 0, or -1 on a write error (GRID_EIO) or no memory.
 */
int grid_writer_row(struct grid_writer *w, const char *const *values,
    struct grid_error *err);

/*
 * Ends the output: table and md write their rows now.  Does not close or
 * flush out beyond what is written.  Returns 0 or -1.
 */
int grid_writer_finish(struct grid_writer *w, struct grid_error *err);

/* Frees the writer (NULL allowed); does not finish it. */
void grid_writer_free(struct grid_writer *w);

/*
 * Appends s as one CSV field (RFC 4180: quoted when it holds the
 * delimiter, a quote, CR or LF, or leading/trailing space; quotes doubled)
 * to buf.  Returns 0 or -1 (buffer cap).
 */
int grid_csv_quote(struct grid_buf *buf, const char *s, char delimiter);

/*
 * Appends s as a JSON string, quotes included, to buf (UTF-8 kept as is,
 * control characters escaped).  Returns 0 or -1.
 */
int grid_json_quote(struct grid_buf *buf, const char *s);

#endif
