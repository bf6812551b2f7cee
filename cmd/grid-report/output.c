/*
 * output.c - what the commands of grid-report share: the report on the
 * tools' one output path (struct cli_out, cli.h) in rows (ndjson, csv,
 * tsv: every column; table, md: the main ones) or as one html page (the
 * charts through its hook, then the table), --by, and the two charts of
 * the page.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/area.h"
#include "grid-report/grid-report.h"
#include "grid/metrics_row.h"
#include "grid/text.h"

/* What stands for a score a unit does not have, in charts and notes. */
#define NO_DATA "无考核数据"

void
report_format(struct cli_common *c)
{
	c->writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES;
	cli_format_check(c);
}

/*
 * The columns table, md and html show without --wide, per kind of unit:
 * who, what happened, the rates of the score, the case desk's main
 * rates, the score.
 */
static const char *const region_main[] = {
	"rank", "unit", "unit_name", "reported", "registered", "due_to_close",
	"closed", "closure_rate", "closed_on_time", "on_time_closure_rate",
	"public_verified_rate", "rework_rate", "satisfaction_rate",
	"on_time_dispatch_rate", "dispatch_accuracy_rate", "on_time_ack_rate",
	"reply_rate", "overdue_open", "handling_hours_mean", "score", "grade",
	"score_change", NULL
};
static const char *const dept_main[] = {
	"rank", "unit", "unit_name", "dispatched", "returned", "handled",
	"due_to_close", "handled_due", "handling_rate", "handled_due_on_time",
	"on_time_handling_rate", "rework_rate", "satisfaction_rate",
	"on_time_dispatch_rate", "dispatch_accuracy_rate", "on_time_ack_rate",
	"reply_rate", "overdue_open", "handling_hours_mean", "score", "grade",
	"score_change", NULL
};
static const char *const worker_main[] = {
	"rank", "unit", "unit_name", "worker_kind", "reported", "filed",
	"valid_report_rate", "missed_report_rate", "on_time_check_rate",
	"on_time_verify_rate", "quota", "under_quota", "score", "grade",
	"score_change", NULL
};

/*
 * The same, in the order a table on a narrow terminal keeps them
 * (cli_table_main): who, the score, grade and rank, the rates scored,
 * then what they are made of.
 */
static const char *const region_fit[] = {
	"unit_name", "score", "grade", "rank", "closure_rate",
	"on_time_closure_rate", "registered", "public_verified_rate",
	"due_to_close", "closed", "closed_on_time", "reported",
	"score_change", "overdue_open", "satisfaction_rate", "rework_rate",
	"handling_hours_mean", "on_time_dispatch_rate",
	"dispatch_accuracy_rate", "on_time_ack_rate", "reply_rate", "unit",
	NULL
};
static const char *const dept_fit[] = {
	"unit_name", "score", "grade", "rank", "on_time_handling_rate",
	"handling_rate", "rework_rate", "satisfaction_rate", "handled_due",
	"handled_due_on_time", "due_to_close", "handled", "dispatched",
	"returned", "score_change", "overdue_open", "handling_hours_mean",
	"on_time_dispatch_rate", "dispatch_accuracy_rate", "on_time_ack_rate",
	"reply_rate", "unit", NULL
};
static const char *const worker_fit[] = {
	"unit_name", "score", "grade", "rank", "valid_report_rate",
	"missed_report_rate", "on_time_check_rate", "on_time_verify_rate",
	"reported", "filed", "quota", "under_quota", "worker_kind",
	"score_change", "unit", NULL
};

size_t
report_main_columns(enum grid_metrics_level level, int *index)
{
	const char *const *names = level == GRID_BY_DEPT ? dept_main :
	    level == GRID_BY_WORKER ? worker_main : region_main;
	size_t n;

	cli_table_main(level == GRID_BY_DEPT ? dept_fit :
	    level == GRID_BY_WORKER ? worker_fit : region_fit);

	for (n = 0; names[n] != NULL; n++)
		index[n] = grid_metrics_column(names[n]);
	return n;
}

enum grid_metrics_level
report_level(const char *name)
{
	enum grid_metrics_level level;

	if (grid_metrics_level_parse(name, &level) != 0)
		cli_usage_error("--by: unknown level '%s' (grid, community, "
		    "street, district, dept or department, worker)", name);
	return level;
}

/* The columns shown: all, or the compact ones. */
struct shown {
	struct grid_column *columns;
	const char **labels;
	size_t n;
	const int *index;	/* the report's column of each shown one */
	int *order;		/* index, owned */
};

/* Whether column col of rows is the score (annual: its mean) or the
 * grade. */
static int
score_or_grade(const struct report_rows *rows, size_t col)
{
	return strcmp(rows->columns[col].name, "score") == 0 ||
	    strcmp(rows->columns[col].name, "score_mean") == 0 ||
	    strcmp(rows->columns[col].name, "grade") == 0;
}

/*
 * The columns shown.  On a page, score and grade come last, where they
 * stay in view while the table scrolls (grid_html_table).
 */
static int
shown_init(struct shown *s, const struct report_rows *rows, int all,
    int page)
{
	size_t i, k = 0, pass;
	int *index;

	s->n = all ? rows->ncolumns : rows->ncompact;
	s->columns = calloc(s->n, sizeof(*s->columns));
	s->labels = calloc(s->n, sizeof(*s->labels));
	s->order = index = calloc(s->n + 1, sizeof(*index));
	s->index = index;
	if (s->columns == NULL || s->labels == NULL || index == NULL)
		return -1;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < s->n; i++) {
			size_t col = all ? i : (size_t)rows->compact[i];

			if (page && score_or_grade(rows, col) != (int)pass)
				continue;
			if (!page && pass == 1)
				continue;
			index[k++] = (int)col;
		}
	for (i = 0; i < s->n; i++) {
		s->columns[i] = rows->columns[index[i]];
		s->labels[i] = rows->labels[index[i]];
	}
	return 0;
}

static void
shown_release(struct shown *s)
{
	free(s->columns);
	free(s->labels);
	free(s->order);
}

/*
 * How the report's figures add up in the totals row of table, md and
 * html (cli_out_totals): the counts summed, every rate recomputed from
 * its summed counts (grid_metrics_rate_parts), the shares of closure by
 * level from closed, the mean handling hours from the summed seconds;
 * scores, grades, ranks, medians and flags left empty.
 */
static const struct cli_total *
report_totals(size_t *n)
{
	static struct cli_total t[GRID_C_NCOUNT + GRID_R_NRATE + 8];
	static const char *const shares[][2] = {
		{ "resolved_grid_share", "closed_grid" },
		{ "resolved_community_share", "closed_community" },
		{ "resolved_street_share", "closed_street" },
	};
	static const char *const sums[] = { "unit_grids", "handling_n",
		"handling_seconds" };
	static size_t k;
	enum grid_metrics_count num, den;
	size_t i;

	if (k > 0) {
		*n = k;
		return t;
	}
	for (i = 0; i < GRID_C_NCOUNT; i++)
		t[k++].column = grid_metrics_count_name(i);
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		t[k++].column = sums[i];
	for (i = 0; i < GRID_R_NRATE; i++) {
		grid_metrics_rate_parts(i, &num, &den);
		t[k].column = grid_metrics_rate_name(i);
		t[k].num = grid_metrics_count_name(num);
		t[k].den = grid_metrics_count_name(den);
		t[k].mul = 100;
		t[k++].div = 1;
	}
	for (i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
		t[k].column = shares[i][0];
		t[k].num = shares[i][1];
		t[k].den = "closed";
		t[k].mul = 100;
		t[k++].div = 1;
	}
	t[k].column = "handling_hours_mean";
	t[k].num = "handling_seconds";
	t[k].den = "handling_n";
	t[k].mul = 1;
	t[k++].div = 3600;
	*n = k;
	return t;
}

/*
 * The report's columns to o: every one, those of s shown in table, md
 * and html, and the totals row.  0 or -1 with err.
 */
static int
out_columns(struct cli_out *o, const struct shown *s,
    const struct report_rows *rows, struct grid_error *err)
{
	const struct cli_total *totals;
	size_t *index, i, n = 0;
	int rc;

	if ((index = calloc(s->n + 1, sizeof(*index))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < s->n; i++)
		index[i] = (size_t)s->index[i];
	cli_out_columns(o, rows->columns, rows->labels, rows->ncolumns);
	rc = cli_out_shown(o, index, s->n, err);
	free(index);
	totals = report_totals(&n);
	cli_out_totals(o, totals, n);
	return rc;
}

/* The html page's hook: the command's charts, then the table's heading. */
static int
page_hook(void *ctx, struct grid_html *h, const struct cli_out *o,
    struct grid_error *err)
{
	const struct report_rows *rows = ctx;

	(void)o;
	if (rows->page != NULL && rows->page(rows->ctx, h, err) != 0)
		return -1;
	return grid_html_heading(h, "明细 Details", err);
}

/* A row's place in rank order: its rank, the unranked after all. */
struct ranked {
	long rank;
	size_t row;
};

static int
by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * The rows of a page in rank order (ties and the unranked in the
 * report's order), into order[rows->nrows]; through all.
 */
static void
rank_order(const struct report_rows *rows, const char **all, size_t *order)
{
	struct ranked *r;
	size_t i, col;
	char *end;

	for (i = 0; i < rows->nrows; i++)
		order[i] = i;
	for (col = 0; col < rows->ncolumns; col++)
		if (strcmp(rows->columns[col].name, "rank") == 0)
			break;
	if (col == rows->ncolumns || rows->nrows < 2 ||
	    (r = calloc(rows->nrows, sizeof(*r))) == NULL)
		return;
	for (i = 0; i < rows->nrows; i++) {
		rows->row(rows->ctx, i, all);
		r[i].row = i;
		r[i].rank = all[col] != NULL ? strtol(all[col], &end, 10) : 0;
		if (all[col] == NULL || *end != '\0' || r[i].rank <= 0)
			r[i].rank = LONG_MAX;
	}
	qsort(r, rows->nrows, sizeof(*r), by_rank);
	for (i = 0; i < rows->nrows; i++)
		order[i] = r[i].row;
	free(r);
}

/* Every row, its shown columns (a page: in rank order), then the notes. */
static int
print_rows(struct cli_out *o, const struct shown *s,
    const struct report_rows *rows, const char **all,
    struct grid_error *err)
{
	size_t i, *order;
	int page = cli_out_format(o) == GRID_FORMAT_HTML, rc = -1;

	if ((order = calloc(rows->nrows + 1, sizeof(*order))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < rows->nrows; i++)
		order[i] = i;
	if (page)
		rank_order(rows, all, order);
	if (out_columns(o, s, rows, err) != 0)
		goto out;
	cli_out_page(o, rows->title, rows->subtitle, page_hook,
	    (void *)rows);
	for (i = 0; page && i < rows->nfacts; i++)
		if (cli_out_paragraph(o, rows->facts[i], err) != 0)
			goto out;
	for (i = 0; i < rows->nnotes; i++)
		if (cli_out_note(o, rows->notes[i], err) != 0)
			goto out;
	for (i = 0; i < rows->nrows; i++) {
		rows->row(rows->ctx, order[i], all);
		if (cli_out_row(o, all, err) != 0)
			goto out;
	}
	rc = 0;
out:
	free(order);
	return rc;
}

int
report_print(const struct cli_common *c, int wide,
    const struct report_rows *rows, struct grid_error *err)
{
	enum grid_format format;
	struct cli_out o;
	struct shown s;
	const char **all = NULL;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	if (cli_out_open(&o, c, err) != 0)
		return -1;
	format = cli_out_format(&o);
	if (shown_init(&s, rows, wide || (format != GRID_FORMAT_TABLE &&
	    format != GRID_FORMAT_MD && format != GRID_FORMAT_HTML),
	    format == GRID_FORMAT_HTML) != 0 ||
	    (all = calloc(rows->ncolumns, sizeof(*all))) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	rc = print_rows(&o, &s, rows, all, err);
out:
	if (cli_out_close(&o, rc == 0, rc == 0 ? err : NULL) != 0)
		rc = -1;
	shown_release(&s);
	free(all);
	return rc;
}

void
report_note(struct report_notes *notes, const char *fmt, ...)
{
	va_list ap;

	if (notes->n == REPORT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(notes->text[notes->n], sizeof(notes->text[0]), fmt, ap);
	va_end(ap);
	notes->list[notes->n] = notes->text[notes->n];
	notes->n++;
}

void
report_month_notes(struct report_notes *notes,
    const struct grid_metrics_row *rows, size_t n,
    enum grid_metrics_level level, const char *month, int partial,
    const char *today)
{
	size_t i, unscored = 0;

	if (partial && today != NULL)
		report_note(notes, "本月尚未结束，数据截至 %s (partial: month "
		    "in progress, to %s)", today, today);
	else if (partial)
		report_note(notes, "本月尚未结束时生成的报告 (partial: the "
		    "month was in progress when reported)");
	for (i = 0; i < n; i++)
		unscored += isnan(rows[i].score);
	if (unscored == 0)
		return;
	if (unscored == n)
		report_note(notes, "本月无考核数据：没有%s (nothing to assess "
		    "in %s: no %s; no score, grade or rank)", level ==
		    GRID_BY_DEPT ? "部门有应结案、已处置或已评价的案件" :
		    level == GRID_BY_WORKER ? "网格员有上报、网格立案、应核实或"
		    "核查的案件" : "单元有上报、立案或应结案的案件", month,
		    level == GRID_BY_DEPT ? "department had a case due, "
		    "handled or rated" : level == GRID_BY_WORKER ? "worker had "
		    "a case reported, registered or to check in their grids, "
		    "or a verification" : "unit had a case reported, "
		    "registered or due");
	else
		report_note(notes, NO_DATA "：%zu 个单元本月没有可考核的案件，"
		    "无得分、等级和排名，列在最后 (%zu of %zu units had "
		    "nothing to assess in %s: no score, grade or rank; listed "
		    "after the ranked ones)", unscored, unscored, n, month);
}

void
report_today(char *today, size_t size)
{
	struct grid_error err;

	if (grid_today(today, size, &err) != 0) {
		cli_error(&err);
		exit(err.code != 0 ? err.code : GRID_EINTERNAL);
	}
}

/* The keys of a level's four weights (grid_metrics_settings order). */
static const char *const weight_keys[3][4] = {
	{ "public_verified_rate", "registered", "closure_rate",
	    "on_time_closure_rate" },
	{ "on_time_handling_rate", "handling_rate", "rework_rate",
	    "satisfaction_rate" },
	{ "valid_report_rate", "missed_report_rate", "on_time_check_rate",
	    "on_time_verify_rate" },
};

/* The last day of period (YYYY-MM or YYYY) as YYYY-MM-DD into out. */
static const char *
period_end(const char *period, char *out, size_t size)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int year = 0, month = 12, d;

	if (sscanf(period, "%4d-%2d", &year, &month) < 1 || month < 1 ||
	    month > 12) {
		snprintf(out, size, "%s", period);
		return out;
	}
	d = days[month - 1];
	if (month == 2 && year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0))
		d = 29;
	snprintf(out, size, "%04d-%02d-%02d", year, month, d);
	return out;
}

void
report_facts(struct report_facts *f, enum grid_metrics_level level,
    const char *period, const char *data_to,
    const struct grid_metrics_settings *set)
{
	struct grid_column columns[GRID_METRICS_NCOLUMN];
	const char *labels[GRID_METRICS_NCOLUMN];
	const double *weights = level == GRID_BY_DEPT ? set->dept :
	    level == GRID_BY_WORKER ? set->worker : set->region;
	const char *const *keys = weight_keys[level == GRID_BY_DEPT ? 1 :
	    level == GRID_BY_WORKER ? 2 : 0];
	char made[40] = "", end[16], *p;
	size_t k, left;
	time_t now;
	int col, n;

	memset(f, 0, sizeof(*f));
	if (data_to == NULL)
		data_to = period_end(period, end, sizeof(end));
	grid_metrics_columns(columns, labels);
	if (grid_now(&now, NULL) == 0)
		grid_time_format(now, made, sizeof(made));
	snprintf(f->text[0], sizeof(f->text[0]), "层级 level: %s %s · 期间 "
	    "period: %s · 数据截至 data to: %s · 生成于 generated: %s",
	    grid_metrics_level_label(level), grid_metrics_level_name(level),
	    period, data_to, made);
	p = f->text[1];
	left = sizeof(f->text[1]);
	n = snprintf(p, left, "权重 weights:");
	for (k = 0; k < 4 && n >= 0 && (size_t)n < left; k++) {
		p += n;
		left -= (size_t)n;
		col = grid_metrics_column(keys[k]);
		n = snprintf(p, left, "%s %s %g", k > 0 ? "," : "",
		    col >= 0 && labels[col] != NULL ? labels[col] : keys[k],
		    weights[k]);
	}
	p = f->text[2];
	left = sizeof(f->text[2]);
	n = snprintf(p, left, "等级 grades:");
	for (k = 0; k < (size_t)set->ngrades && n >= 0 && (size_t)n < left;
	    k++) {
		p += n;
		left -= (size_t)n;
		n = snprintf(p, left, "%s %s ≥ %g", k > 0 ? "," : "",
		    set->grades[k].grade, set->grades[k].bound);
	}
	if (n >= 0 && (size_t)n < left)
		snprintf(p + n, left - (size_t)n, "，其余 E (below: E)");
	for (k = 0; k < REPORT_MAX_FACTS; k++)
		f->list[k] = f->text[k];
	f->n = REPORT_MAX_FACTS;
}

/* The two rates a level's trend shows: names and their counts. */
static const struct trend_rates {
	const char *title;
	const char *name[2];
	int num[2], den;
} trend_rates[3] = {
	{ "结案率与按期结案率 (%)", { "结案率 closure_rate",
	    "按期结案率 on_time_closure_rate" }, { GRID_C_CLOSED,
	    GRID_C_CLOSED_ON_TIME }, GRID_C_DUE_TO_CLOSE },
	{ "处置率与按期处置率 (%)", { "处置率 handling_rate",
	    "按期处置率 on_time_handling_rate" }, { GRID_C_HANDLED_DUE,
	    GRID_C_HANDLED_DUE_ON_TIME }, GRID_C_DUE_TO_CLOSE },
	{ "有效上报率与按时核实率 (%)", { "有效上报率 valid_report_rate",
	    "按时核实率 on_time_check_rate" }, { GRID_C_FILED,
	    GRID_C_CHECKED_ON_TIME }, GRID_C_REPORTED },
};

void
report_trend_init(struct report_trend *t, const char *month)
{
	int k;

	memset(t, 0, sizeof(*t));
	snprintf(t->months[11], sizeof(t->months[11]), "%s", month);
	for (k = 10; k >= 0; k--)
		grid_metrics_month_prev(t->months[k + 1], t->months[k],
		    sizeof(t->months[k]));
}

int
report_trend_add(struct report_trend *tr, struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *in, struct grid_error *err)
{
	const struct trend_rates *t = &trend_rates[level == GRID_BY_DEPT ? 1 :
	    level == GRID_BY_WORKER ? 2 : 0];
	const char *months[12];
	struct grid_metrics *m[12];
	int k;

	for (k = 0; k < 12; k++)
		months[k] = tr->months[k];
	if (grid_metrics_compute_months(db, cal, set, level, months, 12, m,
	    err) != 0)
		return -1;
	for (k = 0; k < 12; k++) {
		size_t i;

		for (i = 0; i < m[k]->n; i++) {
			const struct grid_metrics_row *row = &m[k]->rows[i];

			if (!report_in(row->unit, in))
				continue;
			tr->den[k] += row->count[t->den];
			tr->num0[k] += row->count[t->num[0]];
			tr->num1[k] += row->count[t->num[1]];
			/* the second rate of workers has its own denominator */
			tr->den1[k] += row->count[level == GRID_BY_WORKER ?
			    GRID_C_CHECK_DUE : t->den];
		}
		grid_metrics_free(m[k]);
	}
	return 0;
}

int
report_part_trend(struct report_part *part, struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *in, const char *month,
    struct grid_error *err)
{
	part->has_trend = 1;
	report_trend_init(&part->trend, month);
	return report_trend_add(&part->trend, db, cal, set, level, in, err);
}

void
report_trend_sum(struct report_trend *t, const struct report_trend *part)
{
	int k;

	for (k = 0; k < 12; k++) {
		t->den[k] += part->den[k];
		t->num0[k] += part->num0[k];
		t->num1[k] += part->num1[k];
		t->den1[k] += part->den1[k];
	}
}

int
report_trend(const struct report_trend *tr, enum grid_metrics_level level,
    struct grid_html *h, struct grid_error *err)
{
	const struct trend_rates *t = &trend_rates[level == GRID_BY_DEPT ? 1 :
	    level == GRID_BY_WORKER ? 2 : 0];
	const char *xlabels[12];
	double first[12], second[12];
	struct grid_html_series series[2] = {
		{ t->name[0], first },
		{ t->name[1], second },
	};
	struct grid_rate r;
	int k;

	for (k = 0; k < 12; k++) {
		xlabels[k] = tr->months[k];
		grid_metrics_rate(&r, tr->num0[k], tr->den[k]);
		first[k] = r.value;
		grid_metrics_rate(&r, tr->num1[k], tr->den1[k]);
		second[k] = r.value;
	}
	/* A month with nothing due anywhere has no rate to draw. */
	return grid_html_heading(h, "近 12 个月趋势 Trend", err) != 0 ||
	    grid_html_lines_gap(h, t->title, xlabels, 12, series, 2, 0, 100,
	    NO_DATA, err) != 0 ? -1 : 0;
}

#define MAX_BARS 40

/* The grade bounds of set, as marks across a ranking chart. */
static size_t
grade_marks(const struct grid_metrics_settings *set,
    struct grid_html_mark *marks)
{
	int k;

	if (set == NULL)
		return 0;
	for (k = 0; k < set->ngrades && k < 8; k++) {
		marks[k].value = set->grades[k].bound;
		marks[k].label = set->grades[k].grade;
	}
	return (size_t)k;
}

/* The bars of order[from..to): one chart. */
static int
ranking_chart(const struct grid_metrics_row **order, size_t from,
    size_t to, const char *title, const struct grid_html_mark *marks,
    size_t nmarks, const char *note, struct grid_html *h,
    struct grid_error *err)
{
	const char *labels[MAX_BARS];
	double values[MAX_BARS];
	size_t i, n = 0;

	for (i = from; i < to && n < MAX_BARS; i++, n++) {
		labels[n] = order[i]->unit_name != NULL &&
		    order[i]->unit_name[0] != '\0' ? order[i]->unit_name :
		    order[i]->unit;
		values[n] = order[i]->score;
	}
	return grid_html_bars_marks(h, title, labels, values, n, 100, "",
	    NO_DATA, marks, nmarks, note, err);
}

/*
 * The bars: all when they fit, scored rows by rank, then the unscored;
 * else the best and the worst scored.
 */
static int
ranking_bars(const struct grid_metrics_row **order, size_t total,
    size_t ranked, const struct grid_metrics_settings *set,
    struct grid_html *h, struct grid_error *err)
{
	struct grid_html_mark marks[8];
	size_t nmarks = grade_marks(set, marks), half = MAX_BARS / 2;
	size_t best = ranked < half ? ranked : half, worst_from;
	char note[320];

	if (grid_html_heading(h, "综合指标值排名 Ranking", err) != 0)
		return -1;
	if (total <= MAX_BARS)
		return ranking_chart(order, 0, total, "综合指标值 score", marks,
		    nmarks, NULL, h, err);
	worst_from = ranked - best > half ? ranked - half : best;
	snprintf(note, sizeof(note), "图中为前 %zu 名和后 %zu 名，共 %zu 个"
	    "单元，其中 %zu 个有得分 (%zu best and %zu worst of %zu units "
	    "shown, %zu scored; every unit is in the table)", best,
	    ranked - worst_from, total, ranked, best, ranked - worst_from,
	    total, ranked);
	if (ranking_chart(order, 0, best, "综合指标值 score: 前列 best",
	    marks, nmarks, worst_from < ranked ? NULL : note, h, err) != 0)
		return -1;
	if (worst_from == ranked)
		return 0;
	return ranking_chart(order, worst_from, ranked,
	    "综合指标值 score: 末位 worst", marks, nmarks, note, h, err);
}

int
report_ranking(const struct grid_metrics_row *rows, size_t n,
    const struct grid_metrics_settings *set, struct grid_html *h,
    struct grid_error *err)
{
	const struct grid_metrics_row **order;
	size_t i, ranked = 0, *index;
	int rc;

	for (i = 0; i < n; i++)
		ranked += rows[i].rank > 0;
	if (ranked == 0)
		return grid_html_heading(h, "综合指标值排名 Ranking", err) !=
		    0 || grid_html_paragraph(h, NO_DATA "：没有单元得分，没有"
		    "排名 (no unit has a score: no ranking).", err) != 0 ?
		    -1 : 0;
	order = calloc(n + 1, sizeof(*order));
	index = calloc(n + 1, sizeof(*index));
	if (order == NULL || index == NULL) {
		free(order);
		free(index);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	grid_metrics_order(rows, n, index);
	for (i = 0; i < n; i++)
		order[i] = &rows[index[i]];
	rc = ranking_bars(order, n, ranked, set, h, err);
	free(order);
	free(index);
	return rc;
}

int
report_area(struct grid_db *db, const char *code,
    enum grid_metrics_level level)
{
	enum grid_level place = grid_metrics_level_place(level);
	struct grid_area area;
	struct grid_error err;

	if (code == NULL)
		return 0;
	if (place == GRID_LEVEL_NONE) {
		cli_warn("--in: --by %s: departments and workers are not "
		    "places; --in goes with grid, community, street or "
		    "district", grid_metrics_level_name(level));
		return GRID_EUSAGE;
	}
	if (grid_area_resolve(db, code, place, &area, &err) != 0) {
		cli_error(&err);
		return err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	return 0;
}

int
report_in(const char *unit, const char *in)
{
	return in == NULL || strncmp(unit, in, strlen(in)) == 0;
}

void
report_keep_in(struct grid_metrics *m, const char *in)
{
	size_t i, kept = 0;

	if (in == NULL)
		return;
	for (i = 0; i < m->n; i++)
		if (report_in(m->rows[i].unit, in))
			m->rows[kept++] = m->rows[i];
	m->n = kept;
	grid_metrics_rank(m->rows, m->n);
}
