/*
 * writer.h - row output in the formats of gridkit(7) (THE TOOLS): ndjson, csv, tsv,
 * table (aligned, CJK characters two columns wide), md.  The format html
 * is named here so tools can parse it, but a page is written with
 * grid/html.h, never by a writer.
 *
 * A writer is given its columns once, then rows of C strings.  A NULL
 * value is a missing value: empty in csv/tsv/table/md, null in ndjson.
 * Column types decide how ndjson writes a value: text is always a JSON
 * string (ID numbers keep their leading zeros); integer and real columns
 * are written as JSON numbers when the text is a number, else as strings.
 *
 * csv and tsv can go back the way a sheet came (grid_text_form: GB18030,
 * a byte order mark, CR LF); grid_encoder does the same for other text.
 */
#ifndef GRID_WRITER_H
#define GRID_WRITER_H

#include <stdio.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/reader.h"

enum grid_format {
	GRID_FORMAT_NONE = 0,
	GRID_FORMAT_NDJSON,
	GRID_FORMAT_CSV,
	GRID_FORMAT_TSV,
	GRID_FORMAT_TABLE,
	GRID_FORMAT_MD,
	GRID_FORMAT_HTML,	/* grid/html.h; grid_writer_new refuses it */
	GRID_FORMAT_GEOJSON	/* grid/map.h, rows with a place; refused
				 * by grid_writer_new too */
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
 * The form text takes on its way out, so that a sheet goes back the way
 * it came: its encoding, a byte order mark, its line ends.
 */
struct grid_text_form {
	enum grid_encoding encoding;	/* GRID_ENC_GB18030; else UTF-8 */
	int bom;			/* UTF-8 with a byte order mark */
	int crlf;			/* lines end CR LF; else LF */
};

/*
 * The form of the input r reads, for a sheet written back: its encoding,
 * byte order mark and line ends as the reader reports them (UTF-16 text
 * and workbooks come back as UTF-8 with a BOM; a workbook with CR LF).
 */
void grid_text_form_of(const struct grid_reader *r,
    struct grid_text_form *form);

/*
 * grid_writer_new whose csv or tsv text takes form (copied; NULL: UTF-8
 * without a BOM, LF): the header and every row are converted as they are
 * written.  The other formats ignore form: ndjson is always UTF-8 with
 * LF.  Also NULL with err (GRID_EINTERNAL) when iconv cannot convert to
 * GB18030.
 */
struct grid_writer *grid_writer_new_form(FILE *out, enum grid_format format,
    const struct grid_column *columns, size_t ncolumns,
    const struct grid_text_form *form, struct grid_error *err);

/*
 * Writes n bytes of text the caller made, in the writer's form: whole
 * rows of its format (UTF-8, each ending with grid_writer_newline), for
 * a caller that copies rows as they were read.  Not for table or md.
 * Returns 0 or -1 as grid_writer_row does.
 */
int grid_writer_text(struct grid_writer *w, const char *text, size_t n,
    struct grid_error *err);

/* The writer's line end: "\r\n" or "\n" (static). */
const char *grid_writer_newline(const struct grid_writer *w);

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

/*
 * Called by a fitted table at grid_writer_finish with the names of the
 * n columns it left out (borrowed for the call), in their order, and the
 * width it fitted.
 */
typedef void (*grid_writer_left_out_fn)(void *ctx, const char *const *names,
    size_t n, size_t width);

/*
 * table: fits the table to a terminal width display columns wide (0: no
 * limit).  Only the main columns are shown: those named in main (NULL-
 * ended, in the order they are kept; names that are no column are
 * skipped; NULL: every column, in its order), as many as fit: the first
 * that does not fit ends the list, so a column never shows while one
 * before it in main is missing; the first is kept even when it alone is
 * wider.  The columns kept stay in their own order.  headers (ncolumns of
 * them, copied; NULL, or a NULL entry: the column's name) replace the
 * names in the header row.  left_out (NULL: none) is told at
 * grid_writer_finish what was left out, when anything was.  Before the
 * first row; the other formats ignore it.  Returns 0 or -1 (no memory).
 */
int grid_writer_fit(struct grid_writer *w, size_t width,
    const char *const *main, const char *const *headers,
    grid_writer_left_out_fn left_out, void *ctx, struct grid_error *err);

/* Frees the writer (NULL allowed); does not finish it. */
void grid_writer_free(struct grid_writer *w);

/*
 * An encoder: UTF-8 text out to a stream in a grid_text_form, for output
 * that is not rows of a writer (reject files).
 */
struct grid_encoder;

/*
 * A new encoder writing to out (borrowed: the caller keeps and closes
 * it) in form (copied; NULL: UTF-8 without a BOM, LF).  Returns NULL with
 * err (GRID_EINTERNAL) when out of memory or iconv cannot convert to
 * GB18030.
 */
struct grid_encoder *grid_encoder_new(FILE *out,
    const struct grid_text_form *form, struct grid_error *err);

/*
 * Writes n bytes of UTF-8 text converted to the form's encoding, the
 * byte order mark first on the first call.  Line ends are the caller's
 * (grid_encoder_newline gives the form's).  Returns 0, or -1 with err
 * (GRID_EIO: a write error; GRID_EDATA: text that is not UTF-8).
 */
int grid_encoder_write(struct grid_encoder *enc, const char *text,
    size_t n, struct grid_error *err);

/* The form's line end: "\r\n" or "\n" (static). */
const char *grid_encoder_newline(const struct grid_encoder *enc);

/* Frees the encoder (NULL allowed); its stream is left open. */
void grid_encoder_free(struct grid_encoder *enc);

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
