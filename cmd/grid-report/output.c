/*
 * output.c - what the commands of grid-report share: the report on the
 * tools' one output path (struct cli_out, cli.h) in rows (ndjson, csv,
 * tsv: every column; table, md: the main ones) or as one html page (the
 * charts through its hook, then the table), --by, and the two charts of
 * the page.
 */
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
	c->writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE;
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

size_t
report_main_columns(enum grid_metrics_level level, int *index)
{
	const char *const *names = level == GRID_BY_DEPT ? dept_main :
	    level == GRID_BY_WORKER ? worker_main : region_main;
	size_t n;

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
	const int *index;	/* NULL: all, in order */
};

static int
shown_init(struct shown *s, const struct report_rows *rows, int all)
{
	size_t i;

	s->index = all ? NULL : rows->compact;
	s->n = all ? rows->ncolumns : rows->ncompact;
	s->columns = calloc(s->n, sizeof(*s->columns));
	s->labels = calloc(s->n, sizeof(*s->labels));
	if (s->columns == NULL || s->labels == NULL)
		return -1;
	for (i = 0; i < s->n; i++) {
		size_t col = s->index != NULL ? (size_t)s->index[i] : i;

		s->columns[i] = rows->columns[col];
		s->labels[i] = rows->labels[col];
	}
	return 0;
}

static void
shown_release(struct shown *s)
{
	free(s->columns);
	free(s->labels);
}

/* Row i's shown values into out[s->n], through all[rows->ncolumns]. */
static void
shown_row(const struct shown *s, const struct report_rows *rows, size_t i,
    const char **all, const char **out)
{
	size_t k;

	rows->row(rows->ctx, i, all);
	for (k = 0; k < s->n; k++)
		out[k] = all[s->index != NULL ? (size_t)s->index[k] : k];
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

/* Every row, its shown columns, then the notes. */
static int
print_rows(struct cli_out *o, const struct shown *s,
    const struct report_rows *rows, const char **all, const char **vals,
    struct grid_error *err)
{
	size_t i;

	cli_out_columns(o, s->columns, s->labels, s->n);
	cli_out_page(o, rows->title, rows->subtitle, page_hook,
	    (void *)rows);
	for (i = 0; i < rows->nnotes; i++)
		if (cli_out_note(o, rows->notes[i], err) != 0)
			return -1;
	for (i = 0; i < rows->nrows; i++) {
		shown_row(s, rows, i, all, vals);
		if (cli_out_row(o, vals, err) != 0)
			return -1;
	}
	return 0;
}

int
report_print(const struct cli_common *c, int wide,
    const struct report_rows *rows, struct grid_error *err)
{
	enum grid_format format;
	struct cli_out o;
	struct shown s;
	const char **all = NULL, **vals = NULL;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	if (cli_out_open(&o, c, err) != 0)
		return -1;
	format = cli_out_format(&o);
	if (shown_init(&s, rows, wide || (format != GRID_FORMAT_TABLE &&
	    format != GRID_FORMAT_MD && format != GRID_FORMAT_HTML)) != 0 ||
	    (all = calloc(rows->ncolumns, sizeof(*all))) == NULL ||
	    (vals = calloc(s.n, sizeof(*vals))) == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		goto out;
	}
	rc = print_rows(&o, &s, rows, all, vals, err);
out:
	if (cli_out_close(&o, rc == 0, rc == 0 ? err : NULL) != 0)
		rc = -1;
	shown_release(&s);
	free(all);
	free(vals);
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

int
report_trend(struct grid_db *db, const struct grid_calendar *cal,
    const struct grid_metrics_settings *set, enum grid_metrics_level level,
    const char *month, const char *in, struct grid_html *h,
    struct grid_error *err)
{
	char months[12][8];
	const char *xlabels[12];
	double closure[12], on_time[12];
	struct grid_html_series series[2] = {
		{ "结案率 closure_rate", closure },
		{ "按期结案率 on_time_closure_rate", on_time },
	};
	struct grid_metrics *m[12];
	struct grid_rate r;
	int k;

	snprintf(months[11], sizeof(months[11]), "%s", month);
	for (k = 10; k >= 0; k--)
		grid_metrics_month_prev(months[k + 1], months[k],
		    sizeof(months[k]));
	for (k = 0; k < 12; k++)
		xlabels[k] = months[k];
	if (grid_metrics_compute_months(db, cal, set, level, xlabels, 12, m,
	    err) != 0)
		return -1;
	for (k = 0; k < 12; k++) {
		long long due = 0, closed = 0, closed_on_time = 0;
		size_t i;

		for (i = 0; i < m[k]->n; i++) {
			if (!report_in(m[k]->rows[i].unit, in))
				continue;
			due += m[k]->rows[i].count[GRID_C_DUE_TO_CLOSE];
			closed += m[k]->rows[i].count[GRID_C_CLOSED];
			closed_on_time +=
			    m[k]->rows[i].count[GRID_C_CLOSED_ON_TIME];
		}
		grid_metrics_free(m[k]);
		grid_metrics_rate(&r, closed, due);
		closure[k] = r.value;
		grid_metrics_rate(&r, closed_on_time, due);
		on_time[k] = r.value;
	}
	/* A month with nothing due anywhere has no rate to draw. */
	return grid_html_heading(h, "近 12 个月趋势 Trend", err) != 0 ||
	    grid_html_lines_gap(h, "结案率与按期结案率 (%)", xlabels, 12,
	    series, 2, 0, 100, NO_DATA, err) != 0 ? -1 : 0;
}

#define MAX_BARS 60

/* The bars: scored rows by rank, then the unscored. */
static int
ranking_bars(const struct grid_metrics_row **order, size_t k,
    struct grid_html *h, size_t total, struct grid_error *err)
{
	const char *labels[MAX_BARS];
	double values[MAX_BARS];
	char note[160];
	size_t i, n = k < MAX_BARS ? k : MAX_BARS;

	for (i = 0; i < n; i++) {
		labels[i] = order[i]->unit_name != NULL &&
		    order[i]->unit_name[0] != '\0' ? order[i]->unit_name :
		    order[i]->unit;
		values[i] = order[i]->score;
	}
	if (grid_html_heading(h, "综合指标值排名 Ranking", err) != 0 ||
	    grid_html_bars_gap(h, "综合指标值 score", labels, values, n, 100,
	    "", NO_DATA, err) != 0)
		return -1;
	if (n == total)
		return 0;
	snprintf(note, sizeof(note), "图中为前 %zu 个单元，共 %zu 个 (the "
	    "first %zu of %zu units; every unit is in the table).", n, total,
	    n, total);
	return grid_html_paragraph(h, note, err);
}

int
report_ranking(const struct grid_metrics_row *rows, size_t n,
    struct grid_html *h, struct grid_error *err)
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
	rc = ranking_bars(order, n, h, n, err);
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
