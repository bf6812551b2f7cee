/*
 * out.c - the one output path of the tools (struct cli_out, cli.h): the
 * format of -f or -o, the file of -o written atomically, standard output
 * held for the writers of the database, rows through a grid_writer, or
 * kept for one html page whose charts the command draws through a hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
#include "grid/html.h"

/* The first failure is kept: every later call fails with it again. */
static int
fail(struct cli_out *o, const struct grid_error *e, struct grid_error *err)
{
	if (!o->failed) {
		o->failed = 1;
		o->error = *e;
		if (o->error.code == 0)
			o->error.code = GRID_EINTERNAL;
	}
	if (err != NULL)
		*err = o->error;
	return -1;
}

static int
no_memory(struct cli_out *o, struct grid_error *err)
{
	struct grid_error e;

	grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL, "out of memory");
	return fail(o, &e, err);
}

int
cli_out_open(struct cli_out *o, const struct cli_common *c,
    struct grid_error *err)
{
	int rc;

	memset(o, 0, sizeof(*o));
	/* -f and the extension of -o are checked before a file is made */
	cli_format_check(c);
	if ((c->writes & CLI_WRITES_HELD) != 0)
		rc = cli_output_open_held(&o->file, c->output, err);
	else
		rc = cli_output_open(&o->file, c->output, err);
	if (rc != 0)
		return -1;
	o->open = 1;
	/* a file is no terminal: ndjson unless -f or its extension says;
	 * held standard output is standard output's */
	o->format = cli_format_for(c, o->file.held ? stdout : o->file.fp);
	return 0;
}

enum grid_format
cli_out_format(const struct cli_out *o)
{
	return o->format;
}

void
cli_out_set_format(struct cli_out *o, enum grid_format format)
{
	o->format = format;
}

FILE *
cli_out_stream(const struct cli_out *o)
{
	return o->file.fp;
}

void
cli_out_columns(struct cli_out *o, const struct grid_column *columns,
    const char *const *labels, size_t ncolumns)
{
	o->columns = columns;
	o->labels = labels;
	o->ncolumns = ncolumns;
}

void
cli_out_form(struct cli_out *o, const struct grid_text_form *form)
{
	o->form = *form;
	o->has_form = 1;
}

void
cli_out_page(struct cli_out *o, const char *title, const char *subtitle,
    cli_out_hook hook, void *ctx)
{
	o->title = title;
	o->subtitle = subtitle;
	o->hook = hook;
	o->ctx = ctx;
}

/* Keeps a copy of text in the notes, for people or for the page only. */
static int
add_note(struct cli_out *o, const char *text, int page_only,
    struct grid_error *err)
{
	struct cli_out_note *notes;

	if (o->failed)
		return fail(o, &o->error, err);
	notes = realloc(o->notes, (o->nnotes + 1) * sizeof(*notes));
	if (notes == NULL)
		return no_memory(o, err);
	o->notes = notes;
	if ((notes[o->nnotes].text = strdup(text)) == NULL)
		return no_memory(o, err);
	notes[o->nnotes++].page_only = page_only;
	return 0;
}

int
cli_out_note(struct cli_out *o, const char *text, struct grid_error *err)
{
	return add_note(o, text, 0, err);
}

int
cli_out_paragraph(struct cli_out *o, const char *text,
    struct grid_error *err)
{
	if (o->format != GRID_FORMAT_HTML)
		return 0;
	return add_note(o, text, 1, err);
}

struct grid_writer *
cli_out_writer(struct cli_out *o, struct grid_error *err)
{
	struct grid_error e;

	if (o->failed) {
		fail(o, &o->error, err);
		return NULL;
	}
	if (o->w != NULL)
		return o->w;
	if (o->format == GRID_FORMAT_HTML || o->columns == NULL) {
		grid_error_set(&e, GRID_EINTERNAL, NULL, 0, NULL,
		    "output: no writer for %s", o->columns == NULL ?
		    "rows without columns" : "a page");
		fail(o, &e, err);
		return NULL;
	}
	o->w = grid_writer_new_form(o->file.fp, o->format, o->columns,
	    o->ncolumns, o->has_form ? &o->form : NULL, &e);
	if (o->w == NULL)
		fail(o, &e, err);
	return o->w;
}

/* html: a copy of the row in o->cells.  Returns 0 or -1. */
static int
keep_row(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	char **cells;
	size_t i, base;

	if (o->nrows == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;

		cells = realloc(o->cells, cap * o->ncolumns * sizeof(*cells));
		if (cells == NULL)
			return no_memory(o, err);
		o->cells = cells;
		o->cap = cap;
	}
	base = o->nrows++ * o->ncolumns;	/* freed with the others */
	for (i = 0; i < o->ncolumns; i++)
		o->cells[base + i] = NULL;
	for (i = 0; i < o->ncolumns; i++)
		if (values[i] != NULL &&
		    (o->cells[base + i] = strdup(values[i])) == NULL)
			return no_memory(o, err);
	return 0;
}

int
cli_out_row(struct cli_out *o, const char *const *values,
    struct grid_error *err)
{
	struct grid_error e;

	if (o->failed)
		return fail(o, &o->error, err);
	if (o->format == GRID_FORMAT_HTML)
		return keep_row(o, values, err);
	if (cli_out_writer(o, err) == NULL)
		return -1;
	if (grid_writer_row(o->w, values, &e) != 0)
		return fail(o, &e, err);
	return 0;
}

int
cli_out_row_cb(void *ctx, const char *const *values)
{
	return cli_out_row(ctx, values, NULL) != 0;
}

const struct grid_error *
cli_out_error(const struct cli_out *o)
{
	return o->failed ? &o->error : NULL;
}

size_t
cli_out_nrows(const struct cli_out *o)
{
	return o->nrows;
}

const char *
cli_out_cell(const struct cli_out *o, size_t row, size_t column)
{
	if (row >= o->nrows || column >= o->ncolumns)
		return NULL;
	return o->cells[row * o->ncolumns + column];
}

/* html: title, paragraphs, the command's charts (hook), the table. */
static int
write_page(struct cli_out *o, struct grid_error *err)
{
	struct grid_html *page;
	size_t i;

	page = grid_html_begin(o->file.fp, o->title != NULL ? o->title : "",
	    o->subtitle, err);
	if (page == NULL)
		return -1;
	for (i = 0; i < o->nnotes; i++)
		if (grid_html_paragraph(page, o->notes[i].text, err) != 0)
			goto fail;
	if (o->hook != NULL && o->hook(o->ctx, page, o, err) != 0)
		goto fail;
	if (grid_html_table(page, o->columns, o->labels, o->ncolumns,
	    (const char *const *)o->cells, o->nrows, err) != 0)
		goto fail;
	return grid_html_end(page, err);
fail:
	grid_html_free(page);
	return -1;
}

/* Rows: the writer finished (a csv header even without rows), then the
 * notes for people under a table or md. */
static int
finish_rows(struct cli_out *o, struct grid_error *err)
{
	size_t i;

	if (o->w == NULL && o->columns == NULL)
		return 0;	/* the command wrote its text itself */
	if (cli_out_writer(o, err) == NULL ||
	    grid_writer_finish(o->w, err) != 0)
		return -1;
	if (o->format != GRID_FORMAT_TABLE && o->format != GRID_FORMAT_MD)
		return 0;
	for (i = 0; i < o->nnotes; i++)
		if (!o->notes[i].page_only &&
		    fprintf(o->file.fp, "\n%s\n", o->notes[i].text) < 0)
			return grid_error_set(err, GRID_EIO, o->file.path, 0,
			    NULL, "write error");
	return 0;
}

int
cli_out_close(struct cli_out *o, int ok, struct grid_error *err)
{
	struct grid_error e;
	size_t i;
	int rc = 0;

	if (!o->open)
		return 0;
	if (ok && o->failed)
		rc = fail(o, &o->error, &e);
	else if (ok && (o->format == GRID_FORMAT_HTML ? write_page(o, &e) :
	    finish_rows(o, &e)) != 0)
		rc = fail(o, &e, &e);
	if (cli_output_close(&o->file, ok && rc == 0, &e) != 0 && ok &&
	    rc == 0)
		rc = fail(o, &e, &e);
	if (rc != 0 && err != NULL)
		*err = e;
	grid_writer_free(o->w);
	for (i = 0; i < o->nrows * o->ncolumns; i++)
		free(o->cells[i]);
	free(o->cells);
	for (i = 0; i < o->nnotes; i++)
		free(o->notes[i].text);
	free(o->notes);
	o->w = NULL;
	o->cells = NULL;
	o->notes = NULL;
	o->nrows = o->nnotes = 0;
	o->open = 0;
	return rc;
}
