/*
 * output.c - the output of a grid-stats command (grid-stats.h): rows to a
 * writer, or collected for one html page written at the end, with its
 * charts above the table; the end of a command's run.  Nothing is
 * written before the first row (the writer, and with it a csv header,
 * is made then) or before a successful end: a command that fails at the
 * start leaves standard output empty.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-stats/grid-stats.h"
#include "grid/db.h"
#include "grid/html.h"

#define MAX_CHARTS 4

/* A bar chart asked for, drawn from the rows at close. */
struct chart {
	const char *title, *unit;
	size_t label, name, value;
};

/* A pyramid asked for, drawn at close. */
struct pyramid {
	const char *title;
	const char **bands;		/* copied; the labels borrowed */
	long long *male, *female;
	size_t n;
};

struct stats_out {
	struct cli_output out;
	enum grid_format format;
	struct grid_writer *w;		/* not html: from the first row on */
	struct pyramid pyramid;		/* html: n 0 when none */
	char *note;			/* html: NULL when none */
	const char *title;		/* html: borrowed until close */
	const struct grid_column *columns;
	const char *const *labels;
	size_t ncolumns;
	char **cells;			/* html: the rows, row-major, copied */
	size_t nrows, cap;
	struct chart charts[MAX_CHARTS];
	size_t ncharts;
	int status;			/* the first error's exit status */
};

/* Prints err and keeps its status as the output's; returns -1. */
static int
fail(struct stats_out *o, const struct grid_error *err)
{
	cli_error(err);
	if (o->status == 0)
		o->status = err->code != 0 ? err->code : GRID_EINTERNAL;
	return -1;
}

static int
no_memory(struct stats_out *o)
{
	struct grid_error err;

	grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL, "out of memory");
	return fail(o, &err);
}

static const char *const formats[] = { "ndjson", "csv", "tsv", "table",
	"md", "html", NULL };

struct stats_out *
stats_out_open(const struct stats_common *c, const char *title,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, int *status)
{
	struct stats_out *o;
	struct grid_error err;
	char note[320];

	/* -f and the extension of -o checked before a file is made */
	cli_format(c->cli.format, formats, stdout);
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		cli_warn("out of memory");
		*status = GRID_EINTERNAL;
		return NULL;
	}
	o->columns = columns;
	o->labels = labels;
	o->ncolumns = ncolumns;
	o->title = title;
	if (cli_output_open(&o->out, c->cli.output, &err) != 0) {
		fail(o, &err);
		*status = o->status;
		free(o);
		return NULL;
	}
	/* a file is no terminal: ndjson unless -f or its extension says */
	o->format = cli_format(c->cli.format, formats, o->out.fp);
	snprintf(note, sizeof(note), "范围: %s%s%s", c->area.code,
	    c->area.name[0] != '\0' ? " " : "", c->area.name);
	if (c->in != NULL && stats_out_note(o, note) != 0) {
		*status = stats_out_close(o, 0);
		return NULL;
	}
	return o;
}

/* Makes the writer of a format other than html.  Returns 0 or -1. */
static int
start_writer(struct stats_out *o)
{
	struct grid_error err;

	if (o->w != NULL || o->format == GRID_FORMAT_HTML)
		return 0;
	o->w = grid_writer_new(o->out.fp, o->format, o->columns, o->ncolumns,
	    &err);
	return o->w != NULL ? 0 : fail(o, &err);
}

/* Copies a row of values into o->cells.  Returns 0 or -1. */
static int
keep_row(struct stats_out *o, const char *const *values)
{
	char **cells;
	size_t i, base;

	if (o->nrows == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		cells = realloc(o->cells, o->cap * o->ncolumns *
		    sizeof(*cells));
		if (cells == NULL)
			return no_memory(o);
		o->cells = cells;
	}
	base = o->nrows++ * o->ncolumns;	/* freed with the others */
	for (i = 0; i < o->ncolumns; i++)
		o->cells[base + i] = NULL;
	for (i = 0; i < o->ncolumns; i++)
		if (values[i] != NULL &&
		    (o->cells[base + i] = strdup(values[i])) == NULL)
			return no_memory(o);
	return 0;
}

int
stats_out_row(struct stats_out *o, const char *const *values)
{
	struct grid_error err;

	if (o->status != 0)
		return -1;
	if (o->format == GRID_FORMAT_HTML)
		return keep_row(o, values);
	if (start_writer(o) != 0)
		return -1;
	if (grid_writer_row(o->w, values, &err) != 0)
		return fail(o, &err);
	return 0;
}

int
stats_out_html(const struct stats_out *o)
{
	return o->format == GRID_FORMAT_HTML;
}

int
stats_out_bars(struct stats_out *o, const char *title, size_t label_column,
    size_t name_column, size_t value_column, const char *unit)
{
	struct chart *ch;

	if (o->format != GRID_FORMAT_HTML)
		return 0;
	if (o->ncharts == MAX_CHARTS || label_column >= o->ncolumns ||
	    value_column >= o->ncolumns) {
		struct grid_error err;

		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "bad chart '%s'", title);
		return fail(o, &err);
	}
	ch = &o->charts[o->ncharts++];
	ch->title = title;
	ch->unit = unit;
	ch->label = label_column;
	ch->name = name_column;
	ch->value = value_column;
	return 0;
}

int
stats_out_pyramid(struct stats_out *o, const char *title,
    const char *const *bands, const long long *male,
    const long long *female, size_t n)
{
	struct pyramid *p = &o->pyramid;

	if (o->format != GRID_FORMAT_HTML || o->status != 0)
		return o->status != 0 ? -1 : 0;
	free(p->bands);
	free(p->male);
	free(p->female);
	memset(p, 0, sizeof(*p));
	if ((p->bands = malloc(n * sizeof(*bands))) == NULL ||
	    (p->male = malloc(n * sizeof(*male))) == NULL ||
	    (p->female = malloc(n * sizeof(*female))) == NULL)
		return no_memory(o);
	memcpy(p->bands, bands, n * sizeof(*bands));
	memcpy(p->male, male, n * sizeof(*male));
	memcpy(p->female, female, n * sizeof(*female));
	p->title = title;
	p->n = n;
	return 0;
}

int
stats_out_note(struct stats_out *o, const char *text)
{
	if (o->format != GRID_FORMAT_HTML || o->status != 0)
		return o->status != 0 ? -1 : 0;
	free(o->note);
	if ((o->note = strdup(text)) == NULL)
		return no_memory(o);
	return 0;
}

/* Draws one chart from the kept rows.  Returns 0 or -1 with err. */
static int
draw_chart(struct stats_out *o, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	const char *labels[STATS_MAX_BARS], *value, *name;
	double values[STATS_MAX_BARS];
	char *end;
	size_t r, n = 0;

	for (r = 0; r < o->nrows && n < STATS_MAX_BARS; r++) {
		value = o->cells[r * o->ncolumns + ch->value];
		if (value == NULL || value[0] == '\0')
			continue;
		values[n] = strtod(value, &end);
		if (*end != '\0' || !isfinite(values[n]))
			continue;
		name = ch->name < o->ncolumns ?
		    o->cells[r * o->ncolumns + ch->name] : NULL;
		if (name == NULL || name[0] == '\0')
			name = o->cells[r * o->ncolumns + ch->label];
		labels[n++] = name != NULL ? name : "-";
	}
	return grid_html_bars(page, ch->title, labels, values, n, 0,
	    ch->unit, err);
}

/*
 * Writes the html page: the title, the note, the pyramid, the charts,
 * the table, the closing tags.  0 or -1.
 */
static int
write_page(struct stats_out *o, struct grid_error *err)
{
	const struct pyramid *p = &o->pyramid;
	struct grid_html *page;
	size_t i;

	if ((page = grid_html_begin(o->out.fp, o->title, NULL, err)) == NULL)
		return -1;
	if (o->note != NULL && grid_html_paragraph(page, o->note, err) != 0)
		goto fail;
	if (p->n > 0 && grid_html_pyramid(page, p->title, p->bands, p->male,
	    p->female, p->n, err) != 0)
		goto fail;
	for (i = 0; i < o->ncharts; i++)
		if (draw_chart(o, page, &o->charts[i], err) != 0)
			goto fail;
	if (grid_html_table(page, o->columns, o->labels, o->ncolumns,
	    (const char *const *)o->cells, o->nrows, err) != 0)
		goto fail;
	return grid_html_end(page, err);
fail:
	grid_html_free(page);
	return -1;
}

int
stats_out_close(struct stats_out *o, int ok)
{
	struct grid_error err;
	size_t i;
	int status;

	if (o == NULL)
		return 0;
	ok = ok && o->status == 0;
	if (ok && o->format == GRID_FORMAT_HTML && write_page(o, &err) != 0)
		ok = fail(o, &err) == 0;
	if (ok && o->format != GRID_FORMAT_HTML) {
		if (start_writer(o) != 0)
			ok = 0;
		else if (grid_writer_finish(o->w, &err) != 0)
			ok = fail(o, &err) == 0;
	}
	if (cli_output_close(&o->out, ok, &err) != 0)
		fail(o, &err);
	grid_writer_free(o->w);
	for (i = 0; i < o->nrows * o->ncolumns; i++)
		free(o->cells[i]);
	free(o->cells);
	free(o->pyramid.bands);
	free(o->pyramid.male);
	free(o->pyramid.female);
	free(o->note);
	status = o->status;
	free(o);
	return status;
}

int
stats_out_status(struct stats_out *o, int rc, int status)
{
	int closed = stats_out_close(o, rc == 0);

	if (status == 0)
		status = closed;
	if (rc != 0 && status == 0)
		status = GRID_EINTERNAL;
	return status;
}

int
stats_write_row(void *ctx, const char *const *values)
{
	return stats_out_row(ctx, values) != 0;
}

int
stats_end(struct stats_out *o, struct grid_db *db, int rc,
    const struct grid_error *err, int status)
{
	if (rc != 0 && err->code != 0) {
		cli_error(err);
		if (status == 0)
			status = err->code;
	}
	status = stats_out_status(o, rc, status);
	grid_db_close(db);
	return status;
}
