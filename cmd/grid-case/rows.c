/*
 * rows.c - the rows grid-case prints: to standard output or -o FILE
 * (written atomically), in the format of -f, or with -f id the ids
 * alone, one a line, for $(...) and xargs.  Nothing is written before
 * the first row: a command that fails first prints nothing at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"

static const char *const formats[] = { "ndjson", "csv", "tsv", "table",
	"md", NULL };

static int
ids_only(const char *format)
{
	return format != NULL && strcmp(format, "id") == 0;
}

void
case_rows_check(const struct cli_common *c)
{
	if (!ids_only(c->format))
		cli_format(c->format, formats, stdout);
}

int
case_rows_open(struct case_rows *r, const struct cli_common *c,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err)
{
	memset(r, 0, sizeof(*r));
	if (cli_output_open(&r->out, c->output, err) != 0)
		return -1;
	r->open = 1;
	r->columns = columns;
	r->ncolumns = ncolumns;
	r->format = c->format;
	r->ids = ids_only(c->format);
	r->header_if_empty = 1;
	return 0;
}

/* The writer, made at the first row (a CSV header is written then). */
static int
start(struct case_rows *r, struct grid_error *err)
{
	if (r->w != NULL || r->ids)
		return 0;
	r->w = grid_writer_new(r->out.fp, cli_format(r->format, formats,
	    r->out.fp), r->columns, r->ncolumns, err);
	return r->w != NULL ? 0 : -1;
}

/* -f id: the first column, unless the row before had the same. */
static int
write_id(struct case_rows *r, const char *id, struct grid_error *err)
{
	if (id == NULL || strcmp(id, r->last_id) == 0)
		return 0;
	snprintf(r->last_id, sizeof(r->last_id), "%s", id);
	if (fputs(id, r->out.fp) == EOF || fputc('\n', r->out.fp) == EOF)
		return grid_error_set(err, GRID_EIO, r->out.path, 0, NULL,
		    "write error");
	return 0;
}

int
case_rows_write(struct case_rows *r, const char *const *row,
    struct grid_error *err)
{
	if (start(r, err) != 0)
		return -1;
	r->written++;
	if (r->ids)
		return write_id(r, row[0], err);
	return grid_writer_row(r->w, row, err);
}

int
case_rows_close(struct case_rows *r, int ok, struct grid_error *err)
{
	int rc = 0;

	if (!r->open)
		return 0;
	if (ok && (r->written > 0 || r->header_if_empty) &&
	    (start(r, err) != 0 ||
	    (r->w != NULL && grid_writer_finish(r->w, err) != 0))) {
		ok = 0;
		rc = -1;
		if (err != NULL && err->source[0] == '\0' &&
		    r->out.path != NULL)
			grid_error_locate(err, r->out.path, 0, NULL);
	}
	grid_writer_free(r->w);
	r->w = NULL;
	r->open = 0;
	if (cli_output_close(&r->out, ok, rc == 0 ? err : NULL) != 0)
		rc = -1;
	return rc;
}

void
case_sink_init(struct case_sink *s, struct case_rows *rows,
    const struct cli_common *c)
{
	memset(s, 0, sizeof(*s));
	s->rows = rows;
	s->c = c;
}

int
case_sink_fail(const struct case_sink *s, struct grid_error *err)
{
	if (err->code == 0 && s->err.code != 0)
		*err = s->err;
	cli_error(err);
	return err->code != 0 ? err->code : GRID_EINTERNAL;
}
