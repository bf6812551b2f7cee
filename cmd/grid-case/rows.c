/*
 * rows.c - the rows grid-case prints: to standard output or -o FILE
 * (written atomically), through the one output path of the tools
 * (struct cli_out) in the format of -f or -o, or with -f id the ids
 * alone, one a line, for $(...) and xargs.  Nothing is written before
 * the first row: a command that fails first prints nothing at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"

/* -f id: not a format of the table (cmd/common/format.c), grid-case's. */
static int
ids_only(const char *format)
{
	return format != NULL && strcmp(format, "id") == 0;
}

void
case_rows_check(const struct cli_common *c)
{
	if (!ids_only(c->format))
		cli_format_check(c);
}

int
case_rows_open(struct case_rows *r, const struct cli_common *c,
    const struct grid_column *columns, size_t ncolumns,
    struct grid_error *err)
{
	struct cli_common plain = *c;

	memset(r, 0, sizeof(*r));
	r->ids = ids_only(c->format);
	/* -f id writes its own lines: cli_out sees no -f (-o still
	 * checked against the formats of the rows) */
	if (r->ids)
		plain.format = NULL;
	if (cli_out_open(&r->o, &plain, err) != 0)
		return -1;
	r->open = 1;
	/* for the errors of the rows, also after the close freed o's */
	r->path = r->o.file.path != NULL ? c->output : NULL;
	r->columns = columns;
	r->ncolumns = ncolumns;
	r->header_if_empty = 1;
	return 0;
}

void
case_rows_columns(struct case_rows *r, const struct grid_column *columns,
    size_t ncolumns)
{
	r->columns = columns;
	r->ncolumns = ncolumns;
}

enum grid_format
case_rows_format(const struct case_rows *r)
{
	return r->ids ? GRID_FORMAT_NONE : cli_out_format(&r->o);
}

const char *
case_rows_path(const struct case_rows *r)
{
	return r->path;
}

/* The columns, given to the output at the first row (a CSV header is
 * written then) or at a close that writes a header without rows. */
static void
start(struct case_rows *r)
{
	if (r->started || r->ids)
		return;
	cli_out_columns(&r->o, r->columns, NULL, r->ncolumns);
	r->started = 1;
}

/* An error without a place: the output's (-o FILE). */
static int
located(const struct case_rows *r, struct grid_error *err)
{
	if (err != NULL && err->source[0] == '\0' && r->path != NULL)
		grid_error_locate(err, r->path, 0, NULL);
	return -1;
}

/* -f id: the first column, unless the row before had the same. */
static int
write_id(struct case_rows *r, const char *id, struct grid_error *err)
{
	FILE *fp = cli_out_stream(&r->o);

	if (id == NULL || strcmp(id, r->last_id) == 0)
		return 0;
	snprintf(r->last_id, sizeof(r->last_id), "%s", id);
	if (fputs(id, fp) == EOF || fputc('\n', fp) == EOF)
		return grid_error_set(err, GRID_EIO, r->path, 0, NULL,
		    "write error");
	return 0;
}

int
case_rows_write(struct case_rows *r, const char *const *row,
    struct grid_error *err)
{
	r->written++;
	if (r->ids)
		return write_id(r, row[0], err);
	start(r);
	if (cli_out_row(&r->o, row, err) != 0)
		return located(r, err);
	return 0;
}

int
case_rows_close(struct case_rows *r, int ok, struct grid_error *err)
{
	int rc;

	if (!r->open)
		return 0;
	/* no columns, no header: cli_out writes nothing of its own */
	if (ok && (r->written > 0 || r->header_if_empty))
		start(r);
	r->open = 0;
	rc = cli_out_close(&r->o, ok, err);
	return rc != 0 ? located(r, err) : 0;
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
