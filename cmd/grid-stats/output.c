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
#include "grid/statmerge.h"
#include "grid/text.h"
#include "grid/vocab.h"

#define MAX_CHARTS 4
#define MAX_GROUPS 6		/* small multiples drawn */
#define GROUP_BARS 20		/* bars in one of them */

/* A chart asked for, drawn from the rows at close. */
struct chart {
	const char *title, *unit;
	size_t label, name, value;	/* bars */
	int count;			/* a count by keys: */
	size_t keys[STATS_MAX_KEYS], nkeys;
	enum stats_time time[STATS_MAX_KEYS];
};

/*
 * Columns whose values are words of a vocabulary (grid/vocab.h): a page
 * shows their Chinese label.
 */
static const char *const labelled[] = {
	"ageing_stage", "weekday", "worker_kind", "visit_kind"
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
	const struct grid_vocab **vocab; /* html: per column, NULL: none */
	const char **shown;		/* html: a row as shown */
	long note;			/* the note's paragraph, -1: none */
	int status;			/* the first error's exit status */
	struct cli_total *totals;	/* the totals row's rules */
	struct grid_buf totals_names;	/* their num and den, '\0'-ended */
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
static int labels_init(struct stats_out *o, const struct grid_column *columns,
    size_t ncolumns);

/* The names of the columns of set (bit i: column i of d) into o's. */
static int
set_names(struct stats_out *o, const struct grid_stat_desc *d,
    uint64_t set, size_t *at)
{
	size_t i;

	*at = o->totals_names.len;
	for (i = 0; i < d->n && i < 64; i++)
		if ((set >> i & 1) != 0 && ((o->totals_names.len > *at &&
		    grid_buf_addc(&o->totals_names, ' ') != 0) ||
		    grid_buf_adds(&o->totals_names, d->columns[i].name) != 0))
			return -1;
	return grid_buf_add(&o->totals_names, "", 1);
}

/*
 * The totals row of a unit report (cli_out_totals), from the one
 * description of its statistic (grid/statmerge.h): its counts summed,
 * its shares and rates recomputed from the summed counts; shares of the
 * whole table, stages, ranks and hotspots empty.  Rows of no such
 * statistic (quality, lists) have none.  0, or -1 out of memory.
 */
static int
totals_init(struct stats_out *o, const struct grid_column *columns,
    size_t ncolumns)
{
	struct grid_stat_desc *d;
	struct grid_error err;
	const char **names;
	size_t i, k = 0, *num, *den;
	int rc = -1;

	grid_buf_init(&o->totals_names, 0);
	d = malloc(sizeof(*d));
	names = calloc(ncolumns + 1, sizeof(*names));
	num = calloc(2 * (ncolumns + 1), sizeof(*num));
	o->totals = calloc(ncolumns + 1, sizeof(*o->totals));
	if (d == NULL || names == NULL || num == NULL || o->totals == NULL)
		goto out;
	den = num + ncolumns + 1;
	for (i = 0; i < ncolumns; i++)
		names[i] = columns[i].name;
	if (grid_stat_desc_match(d, names, ncolumns, &err) != 0) {
		rc = 0;		/* no statistic of unit rows: no totals */
		goto out;
	}
	for (i = 0; i < d->n && i < ncolumns; i++) {
		if (d->role[i] != GRID_STAT_COUNT &&
		    d->role[i] != GRID_STAT_SHARE)
			continue;
		o->totals[k].column = columns[i].name;
		if (d->role[i] == GRID_STAT_SHARE) {
			if (set_names(o, d, d->num[i], &num[k]) != 0 ||
			    set_names(o, d, d->den[i], &den[k]) != 0)
				goto out;
			o->totals[k].mul = 100L * d->factor[i];
			o->totals[k].div = 1;
		}
		k++;
	}
	/* the names are in place now that the buffer no longer moves */
	for (i = 0; i < k; i++)
		if (o->totals[i].mul > 0) {
			o->totals[i].num = o->totals_names.data + num[i];
			o->totals[i].den = o->totals_names.data + den[i];
		}
	cli_out_totals(&o->out, o->totals, k);
	rc = 0;
out:
	free(d);
	free(names);
	free(num);
	return rc;
}

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
	o->note = -1;
	cli_out_columns(&o->out, columns, labels, ncolumns);
	if (totals_init(o, columns, ncolumns) != 0) {
		no_memory(o);
		*status = stats_out_close(o, 0);
		return NULL;
	}
	cli_out_page(&o->out, title, NULL, draw, o);
	if (stats_out_html(o) && labels_init(o, columns, ncolumns) != 0) {
		no_memory(o);
		*status = stats_out_close(o, 0);
		return NULL;
	}
	snprintf(note, sizeof(note), "范围: %s%s%s", c->area.code,
	    c->area.name[0] != '\0' ? " " : "", c->area.name);
	if (c->in != NULL && stats_out_note(o, note) != 0) {
		*status = stats_out_close(o, 0);
		return NULL;
	}
	return o;
}

/* html: the vocabulary of each labelled column. */
static int
labels_init(struct stats_out *o, const struct grid_column *columns,
    size_t ncolumns)
{
	size_t c, k;

	o->vocab = calloc(ncolumns + 1, sizeof(*o->vocab));
	o->shown = calloc(ncolumns + 1, sizeof(*o->shown));
	if (o->vocab == NULL || o->shown == NULL)
		return -1;
	for (c = 0; c < ncolumns; c++)
		for (k = 0; k < STATS_LEN(labelled); k++)
			if (strcmp(columns[c].name, labelled[k]) == 0)
				o->vocab[c] = grid_vocab_find(labelled[k]);
	return 0;
}

int
stats_out_row(struct stats_out *o, const char *const *values)
{
	struct grid_error err;

	const char *label;
	size_t c;

	if (o->status != 0)
		return -1;
	if (o->shown != NULL) {
		/* a page: the Chinese label of a vocabulary's word */
		for (c = 0; c < o->out.ncolumns; c++) {
			label = o->vocab[c] != NULL ? grid_vocab_label(
			    o->vocab[c], values[c]) : NULL;
			o->shown[c] = label != NULL ? label : values[c];
		}
		values = o->shown;
	}
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
	memset(ch, 0, sizeof(*ch));
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

	char *copy;

	if (o->status != 0)
		return -1;
	/* one note: a second replaces it */
	if (o->note >= 0) {
		if ((copy = strdup(text)) == NULL)
			return no_memory(o);
		free(o->out.notes[o->note].text);
		o->out.notes[o->note].text = copy;
		return 0;
	}
	if (cli_out_paragraph(&o->out, text, &err) != 0)
		return fail(o, &err);
	o->note = (long)o->out.nnotes - 1;
	return 0;
}

int
stats_out_fact(struct stats_out *o, const char *text)
{
	struct grid_error err;

	if (o->status != 0)
		return -1;
	if (stats_out_html(o) && cli_out_paragraph(&o->out, text, &err) != 0)
		return fail(o, &err);
	return 0;
}

int
stats_out_when_fact(struct stats_out *o, const char *label,
    const char *given, size_t today_len, const char *extra)
{
	char now_text[40] = "", text[512];
	time_t now;

	if (given == NULL && grid_now(&now, NULL) == 0) {
		grid_time_format(now, now_text, sizeof(now_text));
		if (strlen(now_text) > today_len)
			now_text[today_len] = '\0';
	}
	snprintf(text, sizeof(text), "%s: %s%s%s", label,
	    given != NULL ? given : now_text, extra != NULL ? " · " : "",
	    extra != NULL ? extra : "");
	return stats_out_fact(o, text);
}

int
stats_out_count_chart(struct stats_out *o, const char *title,
    const size_t *keys, const enum stats_time *time, size_t nkeys,
    size_t count)
{
	struct chart *ch;
	size_t k;

	if (!stats_out_html(o))
		return 0;
	if (o->ncharts == MAX_CHARTS || nkeys == 0 ||
	    nkeys > STATS_MAX_KEYS || count >= o->out.ncolumns) {
		struct grid_error err;

		grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
		    "bad chart '%s'", title);
		return fail(o, &err);
	}
	ch = &o->charts[o->ncharts++];
	memset(ch, 0, sizeof(*ch));
	ch->title = title;
	ch->unit = "";
	ch->count = 1;
	ch->value = count;
	ch->nkeys = nkeys;
	for (k = 0; k < nkeys; k++) {
		ch->keys[k] = keys[k];
		ch->time[k] = time[k];
	}
	return 0;
}

/* A number of a cell: 0 with *v, or -1 (empty, not a number). */
static int
cell_number(const char *text, double *v)
{
	char *end;

	if (text == NULL || text[0] == '\0')
		return -1;
	*v = strtod(text, &end);
	return *end == '\0' && isfinite(*v) ? 0 : -1;
}

/* A bar: its label, value and row. */
struct bar {
	const char *label;
	double value;
	size_t row;
};

/* Largest first; equal ones in row order. */
static int
by_value(const void *a, const void *b)
{
	const struct bar *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * bars[n] sorted, at most max of them drawn, with "N of M shown" when
 * cut.
 */
static int
draw_sorted(struct grid_html *page, const char *title, struct bar *bars,
    size_t n, size_t max, const char *unit, struct grid_error *err)
{
	const char **labels;
	double *values;
	char note[160];
	size_t i, shown = n < max ? n : max;
	int rc;

	if (n > 1)
		qsort(bars, n, sizeof(*bars), by_value);
	labels = calloc(shown + 1, sizeof(*labels));
	values = calloc(shown + 1, sizeof(*values));
	if (labels == NULL || values == NULL) {
		free(labels);
		free(values);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	for (i = 0; i < shown; i++) {
		labels[i] = bars[i].label;
		values[i] = bars[i].value;
	}
	snprintf(note, sizeof(note), "图中为最大的 %zu 项，共 %zu 项 (%zu of "
	    "%zu shown, the largest; every row is in the table)", shown, n,
	    shown, n);
	rc = grid_html_bars_marks(page, title, labels, values, shown, 0,
	    unit, NULL, NULL, 0, shown < n ? note : NULL, err);
	free(labels);
	free(values);
	return rc;
}

/* Draws one bar chart from the kept rows.  Returns 0 or -1 with err. */
static int
draw_chart(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	struct bar *bars;
	const char *name;
	size_t r, n = 0;
	int rc;

	if ((bars = calloc(cli_out_nrows(out) + 1, sizeof(*bars))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (r = 0; r < cli_out_nrows(out); r++) {
		if (cell_number(cli_out_cell(out, r, ch->value),
		    &bars[n].value) != 0)
			continue;
		name = cli_out_cell(out, r, ch->name);
		if (name == NULL || name[0] == '\0')
			name = cli_out_cell(out, r, ch->label);
		bars[n].label = name != NULL ? name : "-";
		bars[n].row = r;
		n++;
	}
	rc = draw_sorted(page, ch->title, bars, n, STATS_MAX_BARS, ch->unit,
	    err);
	free(bars);
	return rc;
}

/* ---- counts by time ---- */

#define MAX_SLOTS 240		/* months of 20 years */

/* A key's slots in time: their labels. */
struct slots {
	char label[MAX_SLOTS][16];
	size_t n;
	int first_year, first_month;	/* months */
};

/* The slot of a value of time (its label as shown), or -1. */
static long
slot_of(const struct slots *s, enum stats_time time, const char *text)
{
	const char *value;
	long v;
	int y, m;
	char *end;

	if (text == NULL)
		return -1;
	if (time == STATS_TIME_WEEKDAY) {
		value = grid_vocab_lookup(grid_vocab_find("weekday"), text);
		v = value != NULL ? value[0] - '1' : -1;
		return v >= 0 && v < 7 ? v : -1;
	}
	if (time == STATS_TIME_HOUR) {
		v = strtol(text, &end, 10);
		return *end == '\0' && v >= 0 && v < 24 ? v : -1;
	}
	if (sscanf(text, "%4d-%2d", &y, &m) != 2)
		return -1;
	v = (long)(y - s->first_year) * 12 + (m - s->first_month);
	return v >= 0 && (size_t)v < s->n ? v : -1;
}

/* The slots of a time key: every hour, weekday, or month in the rows. */
static void
slots_make(struct slots *s, enum stats_time time, const struct cli_out *out,
    size_t column)
{
	static const char *const days[] = { "周一", "周二", "周三", "周四",
	    "周五", "周六", "周日" };
	int y, m, lo = -1, hi = -1, k;
	size_t r, i;

	memset(s, 0, sizeof(*s));
	if (time == STATS_TIME_HOUR || time == STATS_TIME_WEEKDAY) {
		s->n = time == STATS_TIME_HOUR ? 24 : 7;
		for (i = 0; i < s->n; i++)
			snprintf(s->label[i], sizeof(s->label[i]), "%s",
			    time == STATS_TIME_HOUR ? "" : days[i]);
		for (i = 0; time == STATS_TIME_HOUR && i < 24; i++)
			snprintf(s->label[i], sizeof(s->label[i]), "%zu", i);
		return;
	}
	for (r = 0; r < cli_out_nrows(out); r++) {
		const char *text = cli_out_cell(out, r, column);

		if (text == NULL || sscanf(text, "%4d-%2d", &y, &m) != 2)
			continue;
		k = y * 12 + m - 1;
		if (lo < 0 || k < lo)
			lo = k;
		if (k > hi)
			hi = k;
	}
	if (lo < 0)
		return;
	if (hi - lo >= MAX_SLOTS)
		lo = hi - MAX_SLOTS + 1;
	s->first_year = lo / 12;
	s->first_month = lo % 12 + 1;
	for (k = lo; k <= hi; k++, s->n++)
		snprintf(s->label[s->n], sizeof(s->label[s->n]), "%04d-%02d",
		    k / 12, k % 12 + 1);
}

/* The rows' count per slot of one time key (rows of one group). */
static int
draw_time(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, const char *title, size_t key,
    const size_t *rows, size_t nrows, struct grid_error *err)
{
	struct slots *s;
	const char *labels[MAX_SLOTS];
	double values[MAX_SLOTS], v;
	size_t i;
	long slot;
	int rc;

	if ((s = malloc(sizeof(*s))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	slots_make(s, ch->time[key], out, ch->keys[key]);
	for (i = 0; i < s->n; i++) {
		labels[i] = s->label[i];
		values[i] = 0;		/* a slot without a row: none */
	}
	for (i = 0; i < nrows; i++) {
		slot = slot_of(s, ch->time[key], cli_out_cell(out, rows[i],
		    ch->keys[key]));
		if (slot >= 0 && cell_number(cli_out_cell(out, rows[i],
		    ch->value), &v) == 0)
			values[slot] += v;
	}
	rc = s->n == 0 ? grid_html_paragraph(page, "无案件 (no cases)", err) :
	    grid_html_columns(page, title, labels, values, s->n, "", NULL,
	    err);
	free(s);
	return rc;
}

/* Two time keys: a heat map of the first by the second. */
static int
draw_heatmap(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	struct slots *a, *b;
	const char *rl[MAX_SLOTS], *cl[MAX_SLOTS];
	double *values, v;
	size_t r, i;
	long x, y;
	int rc;

	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	slots_make(a, ch->time[0], out, ch->keys[0]);
	slots_make(b, ch->time[1], out, ch->keys[1]);
	if (a->n == 0 || b->n == 0 ||
	    (values = calloc(a->n * b->n, sizeof(*values))) == NULL) {
		rc = a->n == 0 || b->n == 0 ? grid_html_paragraph(page,
		    "无案件 (no cases)", err) : grid_error_set(err,
		    GRID_EINTERNAL, NULL, 0, NULL, "out of memory");
		free(a);
		free(b);
		return rc;
	}
	for (i = 0; i < a->n; i++)
		rl[i] = a->label[i];
	for (i = 0; i < b->n; i++)
		cl[i] = b->label[i];
	for (r = 0; r < cli_out_nrows(out); r++) {
		y = slot_of(a, ch->time[0], cli_out_cell(out, r, ch->keys[0]));
		x = slot_of(b, ch->time[1], cli_out_cell(out, r, ch->keys[1]));
		if (x >= 0 && y >= 0 && cell_number(cli_out_cell(out, r,
		    ch->value), &v) == 0)
			values[(size_t)y * b->n + (size_t)x] += v;
	}
	rc = grid_html_heatmap(page, ch->title, rl, a->n, cl, b->n, values,
	    "", NULL, err);
	free(values);
	free(a);
	free(b);
	return rc;
}

/* A group of rows with one value of the first key. */
struct group {
	const char *name;
	double total;
	size_t *rows, n;
};

static int
by_total(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->rows[0] < y->rows[0] ? -1 : x->rows[0] > y->rows[0];
}

/* One small multiple: the group's rows by the other keys. */
static int
draw_group(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, const struct group *g, struct grid_error *err)
{
	char title[256], (*names)[160];
	struct bar *bars;
	size_t i, k, n = 0, len;
	int rc;

	snprintf(title, sizeof(title), "%s: %s", ch->title, g->name);
	if (ch->time[1] != STATS_TIME_NONE && ch->nkeys == 2)
		return draw_time(out, page, ch, title, 1, g->rows, g->n, err);
	bars = calloc(g->n + 1, sizeof(*bars));
	names = calloc(g->n + 1, sizeof(*names));
	if (bars == NULL || names == NULL) {
		free(bars);
		free(names);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	for (i = 0; i < g->n; i++) {
		if (cell_number(cli_out_cell(out, g->rows[i], ch->value),
		    &bars[n].value) != 0)
			continue;
		names[n][0] = '\0';
		for (k = 1, len = 0; k < ch->nkeys; k++) {
			const char *v = cli_out_cell(out, g->rows[i],
			    ch->keys[k]);

			snprintf(names[n] + len, sizeof(names[n]) - len,
			    "%s%s", k > 1 ? " · " : "", v != NULL ? v : "-");
			len = strlen(names[n]);
		}
		bars[n].label = names[n];
		bars[n].row = g->rows[i];
		n++;
	}
	rc = draw_sorted(page, title, bars, n, GROUP_BARS, "", err);
	free(bars);
	free(names);
	return rc;
}

/* Small multiples: one chart per value of the first key, largest first. */
static int
draw_groups(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	struct group *groups;
	size_t *rows, r, i, n = 0, nrows = cli_out_nrows(out);
	const char *name;
	char note[200];
	double v;
	int rc = 0;

	groups = calloc(nrows + 1, sizeof(*groups));
	rows = calloc(nrows + 1, sizeof(*rows));
	if (groups == NULL || rows == NULL) {
		free(groups);
		free(rows);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	/* the rows of a group lie together: sorted by the first key */
	for (r = 0; r < nrows; r++) {
		name = cli_out_cell(out, r, ch->keys[0]);
		name = name != NULL ? name : "-";
		for (i = 0; i < n; i++)
			if (strcmp(groups[i].name, name) == 0)
				break;
		if (i == n) {
			groups[n].name = name;
			groups[n].rows = rows + r;	/* placed below */
			n++;
		}
		groups[i].n++;
		if (cell_number(cli_out_cell(out, r, ch->value), &v) == 0)
			groups[i].total += v;
	}
	/* each group's rows, in order, one after the other */
	for (i = 0, r = 0; i < n; i++) {
		groups[i].rows = rows + r;
		r += groups[i].n;
		groups[i].n = 0;
	}
	for (r = 0; r < nrows; r++) {
		name = cli_out_cell(out, r, ch->keys[0]);
		name = name != NULL ? name : "-";
		for (i = 0; i < n; i++)
			if (strcmp(groups[i].name, name) == 0)
				break;
		groups[i].rows[groups[i].n++] = r;
	}
	if (n > 1)
		qsort(groups, n, sizeof(*groups), by_total);
	for (i = 0; i < n && i < MAX_GROUPS && rc == 0; i++)
		rc = draw_group(out, page, ch, &groups[i], err);
	if (rc == 0 && n > MAX_GROUPS) {
		snprintf(note, sizeof(note), "图中为案件最多的 %d 组，共 %zu "
		    "组 (%d of %zu groups shown, the largest; every row is in "
		    "the table)", MAX_GROUPS, n, MAX_GROUPS, n);
		rc = grid_html_paragraph(page, note, err);
	}
	free(groups);
	free(rows);
	return rc;
}

/* A count by keys: the chart that fits them. */
static int
draw_counts(const struct cli_out *out, struct grid_html *page,
    const struct chart *ch, struct grid_error *err)
{
	struct chart bars = *ch;
	size_t *rows, r, nrows = cli_out_nrows(out);
	int rc;

	if (ch->nkeys == 1 && ch->time[0] != STATS_TIME_NONE) {
		if ((rows = calloc(nrows + 1, sizeof(*rows))) == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		for (r = 0; r < nrows; r++)
			rows[r] = r;
		rc = draw_time(out, page, ch, ch->title, 0, rows, nrows, err);
		free(rows);
		return rc;
	}
	if (ch->nkeys == 2 && ch->time[0] != STATS_TIME_NONE &&
	    ch->time[1] != STATS_TIME_NONE)
		return draw_heatmap(out, page, ch, err);
	if (ch->nkeys >= 2)
		return draw_groups(out, page, ch, err);
	bars.label = bars.name = ch->keys[0];
	return draw_chart(out, page, &bars, err);
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
		if ((o->charts[i].count ? draw_counts(out, page,
		    &o->charts[i], err) : draw_chart(out, page,
		    &o->charts[i], err)) != 0)
			return -1;
	return 0;
}

/*
 * A page's fact of the level of its rows (their column level) and when
 * it was made.
 */
static void
level_fact(struct stats_out *o)
{
	const struct grid_level_info *l = NULL;
	const char *level = NULL;
	char made[40] = "", text[200];
	time_t now;
	size_t c;

	for (c = 0; c < o->out.ncolumns; c++)
		if (strcmp(o->out.columns[c].name, "level") == 0 &&
		    cli_out_nrows(&o->out) > 0)
			level = cli_out_cell(&o->out, 0, c);
	if (level != NULL)
		l = grid_level_info(grid_level_parse(level));
	if (grid_now(&now, NULL) == 0)
		grid_time_format(now, made, sizeof(made));
	snprintf(text, sizeof(text), "%s%s%s%s%s生成于 generated: %s",
	    level != NULL ? "层级 level: " : "", l != NULL ? l->label : "",
	    l != NULL ? " " : "", level != NULL ? level : "",
	    level != NULL ? " · " : "", made);
	stats_out_fact(o, text);
}

int
stats_out_close(struct stats_out *o, int ok)
{
	struct grid_error err;
	int status;

	if (o == NULL)
		return 0;
	if (ok && o->status == 0 && stats_out_html(o))
		level_fact(o);
	/* a row's failure is printed already */
	if (cli_out_close(&o->out, ok && o->status == 0, &err) != 0)
		fail(o, &err);
	free(o->pyramid.bands);
	free(o->pyramid.male);
	free(o->pyramid.female);
	free(o->vocab);
	free(o->shown);
	free(o->totals);
	grid_buf_release(&o->totals_names);
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
