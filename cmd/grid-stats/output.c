/*
 * output.c - the output of a grid-stats command (grid-stats.h) on the
 * tools' one output path (struct cli_out, cli.h): the errors printed as
 * they come, the charts asked for (bars from the rows, the pyramid)
 * drawn by its page hook above the table; the end of a command's run.
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

/* The common output (cli.h), and the charts its page hook draws. */
struct stats_out {
	struct cli_out out;
	struct pyramid pyramid;		/* html: n 0 when none */
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

static int draw(void *ctx, struct grid_html *page, const struct cli_out *out,
    struct grid_error *err);

struct stats_out *
stats_out_open(const struct stats_common *c, const char *title,
    const struct grid_column *columns, const char *const *labels,
    size_t ncolumns, int *status)
{
	struct stats_out *o;
	struct grid_error err;
	char note[320];

	/* -f and the extension of -o checked before a file is made */
	cli_format_check(&c->cli);
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		cli_warn("out of memory");
		*status = GRID_EINTERNAL;
		return NULL;
	}
	if (cli_out_open(&o->out, &c->cli, &err) != 0) {
		fail(o, &err);
		*status = o->status;
		free(o);
		return NULL;
	}
	cli_out_columns(&o->out, columns, labels, ncolumns);
	cli_out_page(&o->out, title, NULL, draw, o);
	snprintf(note, sizeof(note), "范围: %s%s%s", c->area.code,
	    c->area.name[0] != '\0' ? " " : "", c->area.name);
	if (c->in != NULL && stats_out_note(o, note) != 0) {
		*status = stats_out_close(o, 0);
		return NULL;
	}
	return o;
}

int
stats_out_row(struct stats_out *o, const char *const *values)
{
	struct grid_error err;

	if (o->status != 0)
		return -1;
	if (cli_out_row(&o->out, values, &err) != 0)
		return fail(o, &err);
	return 0;
}

int
stats_out_html(const struct stats_out *o)
{
	return cli_out_format(&o->out) == GRID_FORMAT_HTML;
}

int
stats_out_bars(struct stats_out *o, const char *title, size_t label_column,
    size_t name_column, size_t value_column, const char *unit)
{
	struct chart *ch;

	if (!stats_out_html(o))
		return 0;
	if (o->ncharts == MAX_CHARTS || label_column >= o->out.ncolumns ||
	    value_column >= o->out.ncolumns) {
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

	if (!stats_out_html(o) || o->status != 0)
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
	struct grid_error err;

	if (o->status != 0)
		return -1;
	/* one note: a second replaces it */
	if (o->out.nnotes > 0) {
		free(o->out.notes[0].text);
		o->out.nnotes = 0;
	}
	if (cli_out_paragraph(&o->out, text, &err) != 0)
		return fail(o, &err);
	return 0;
}

/* Draws one chart from the kept rows.  Returns 0 or -1 with err. */
static int
draw_chart(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	const char *labels[STATS_MAX_BARS], *value, *name;
	double values[STATS_MAX_BARS];
	char *end;
	size_t r, n = 0;

	for (r = 0; r < cli_out_nrows(out) && n < STATS_MAX_BARS; r++) {
		value = cli_out_cell(out, r, ch->value);
		if (value == NULL || value[0] == '\0')
			continue;
		values[n] = strtod(value, &end);
		if (*end != '\0' || !isfinite(values[n]))
			continue;
		name = cli_out_cell(out, r, ch->name);
		if (name == NULL || name[0] == '\0')
			name = cli_out_cell(out, r, ch->label);
		labels[n++] = name != NULL ? name : "-";
	}
	return grid_html_bars(page, ch->title, labels, values, n, 0,
	    ch->unit, err);
}

/* The page hook: the pyramid, then the charts, above the table. */
static int
draw(void *ctx, struct grid_html *page, const struct cli_out *out,
    struct grid_error *err)
{
	const struct stats_out *o = ctx;
	const struct pyramid *p = &o->pyramid;
	size_t i;

	if (p->n > 0 && grid_html_pyramid(page, p->title, p->bands, p->male,
	    p->female, p->n, err) != 0)
		return -1;
	for (i = 0; i < o->ncharts; i++)
		if (draw_chart(out, page, &o->charts[i], err) != 0)
			return -1;
	return 0;
}

int
stats_out_close(struct stats_out *o, int ok)
{
	struct grid_error err;
	int status;

	if (o == NULL)
		return 0;
	/* a row's failure is printed already */
	if (cli_out_close(&o->out, ok && o->status == 0, &err) != 0)
		fail(o, &err);
	free(o->pyramid.bands);
	free(o->pyramid.male);
	free(o->pyramid.female);
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
