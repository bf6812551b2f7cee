/*
 * annual.c - grid-report annual: each unit's 12 monthly scores of a year
 * and their mean (doc/domain.md section 4: the annual score is the mean of the
 * monthly ones; here of the months that have one, a month with nothing
 * to assess having none), its grade and rank.  A year not begun is
 * refused; the year in progress is marked partial.  Read-only.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-report/grid-report.h"
#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/text.h"

static const char usage[] =
"usage: grid-report annual --year YYYY [--by LEVEL] [options]\n"
"The year's assessment: per unit of LEVEL (grid, community, street,\n"
"district, dept or worker; default community), the score of each month\n"
"(score_01 ... score_12, as grid-report monthly computes it), their mean\n"
"over the months that have a score (score_mean; how many: months_scored),\n"
"its grade and rank.  A month with nothing to assess has no score and\n"
"is not counted; a unit without any is listed last, unranked.  Months\n"
"after the current one are empty; the year in progress is marked\n"
"partial; a year not begun is refused (64).\n"
"\n"
"      --year YYYY        the year\n"
"      --by LEVEL         the units (default community)\n"
REPORT_IN_HELP
"      --map-by COLUMN    html, by grid, community, street or district:\n"
"                         the column the map is coloured by (default\n"
"                         score; grade: by grade)\n"
REPORT_COMMON_HELP
"\n"
"Exit status: 0; 64 usage or a year not begun; 65 a bad setting;\n"
"69 database missing; 70 internal error; 73 cannot create output;\n"
"74 I/O error; 75 busy.\n";

static const struct grid_column columns[] = {
	{ "level", GRID_COL_TEXT }, { "unit", GRID_COL_TEXT },
	{ "unit_name", GRID_COL_TEXT }, { "year", GRID_COL_INT },
	{ "score_01", GRID_COL_REAL }, { "score_02", GRID_COL_REAL },
	{ "score_03", GRID_COL_REAL }, { "score_04", GRID_COL_REAL },
	{ "score_05", GRID_COL_REAL }, { "score_06", GRID_COL_REAL },
	{ "score_07", GRID_COL_REAL }, { "score_08", GRID_COL_REAL },
	{ "score_09", GRID_COL_REAL }, { "score_10", GRID_COL_REAL },
	{ "score_11", GRID_COL_REAL }, { "score_12", GRID_COL_REAL },
	{ "score_mean", GRID_COL_REAL }, { "months_scored", GRID_COL_INT },
	{ "grade", GRID_COL_TEXT }, { "rank", GRID_COL_INT },
	{ "unit_grids", GRID_COL_INT }, { "partial", GRID_COL_INT },
};
#define NCOL (sizeof(columns) / sizeof(columns[0]))
static const char *const labels[] = {
	"层级", "单元代码", "单元名称", "年度", "1月", "2月", "3月", "4月",
	"5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", "年均",
	"计分月数", "等级", "排名", "计分网格数", "年度进行中",
};
_Static_assert(sizeof(labels) / sizeof(labels[0]) == NCOL,
    "a label for each column");
static const int compact[] = { 19, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
	14, 15, 16, 17, 18 };

/*
 * One unit's year; mean in row.score so grid_metrics_rank ranks it.
 * row.unit_name points to name (the months' reports are freed as they
 * are added).
 */
struct unit_year {
	struct grid_metrics_row row;
	char *name;			/* owned, whole */
	double score[12];
	int scored;
};

struct annual {
	struct grid_db *db;
	struct grid_calendar *cal;
	struct grid_metrics_settings set;
	enum grid_metrics_level level;
	const char *in;			/* --in, NULL: everywhere */
	int year;
	struct unit_year *units;
	size_t n, cap;
	char last_month[8];		/* the last month computed */
	int partial;			/* it is in progress */
	char today[16];			/* YYYY-MM-DD */
	char store[NCOL][32];
};

/* Keeps a copy of name as u's (when it has none yet); 0 or -1. */
static int
keep_name(struct unit_year *u, const char *name)
{
	char *copy;

	if (u->name != NULL && (u->name[0] != '\0' || name == NULL ||
	    name[0] == '\0'))
		return 0;
	if ((copy = strdup(name != NULL ? name : "")) == NULL)
		return -1;
	free(u->name);
	u->name = copy;
	u->row.unit_name = copy;
	return 0;
}

/* The unit's year, added in order when new; NULL when out of memory. */
static struct unit_year *
unit_of(struct annual *a, const struct grid_metrics_row *row)
{
	struct unit_year *u, *more;
	size_t lo = 0, hi = a->n, k;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(row->unit, a->units[mid].row.unit);

		if (d == 0)
			return &a->units[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap == 0 ? 64 : a->cap * 2;

		if ((more = realloc(a->units, cap * sizeof(*more))) == NULL)
			return NULL;
		a->units = more;
		a->cap = cap;
	}
	memmove(&a->units[lo + 1], &a->units[lo], (a->n - lo) *
	    sizeof(*a->units));
	a->n++;
	u = &a->units[lo];
	memset(u, 0, sizeof(*u));
	u->row = *row;
	u->row.unit_name = "";
	for (k = 0; k < 12; k++)
		u->score[k] = NAN;
	return u;
}

/* Adds month mon's rows (m, taken over) to the units' years. */
static int
add_month(struct annual *a, int mon, struct grid_metrics *m,
    struct grid_error *err)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct unit_year *u;

		if (!report_in(m->rows[i].unit, a->in))
			continue;
		if ((u = unit_of(a, &m->rows[i])) == NULL ||
		    keep_name(u, m->rows[i].unit_name) != 0) {
			grid_metrics_free(m);
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		}
		u->score[mon] = m->rows[i].score;
		u->row.unit_grids = m->rows[i].unit_grids;
	}
	grid_metrics_free(m);
	return 0;
}

/*
 * The mean of the scored months, two decimals; then ranks, and puts the
 * units in report order (ranked first); 0 or -1 when out of memory.
 */
static int
finish(struct annual *a, struct grid_error *err)
{
	struct grid_metrics_row *rows;
	struct unit_year *sorted;
	size_t i, *order;
	int k;

	for (i = 0; i < a->n; i++) {
		struct unit_year *u = &a->units[i];
		double sum = 0;

		for (k = 0, u->scored = 0; k < 12; k++)
			if (!isnan(u->score[k])) {
				sum += u->score[k];
				u->scored++;
			}
		u->row.score = u->scored > 0 ?
		    round(sum / u->scored * 100) / 100 : NAN;
	}
	rows = calloc(a->n + 1, sizeof(*rows));
	order = calloc(a->n + 1, sizeof(*order));
	sorted = calloc(a->n + 1, sizeof(*sorted));
	if (rows == NULL || order == NULL || sorted == NULL) {
		free(rows);
		free(order);
		free(sorted);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	for (i = 0; i < a->n; i++)
		rows[i] = a->units[i].row;
	grid_metrics_rank(rows, a->n);
	grid_metrics_order(rows, a->n, order);
	for (i = 0; i < a->n; i++) {
		sorted[i] = a->units[order[i]];
		sorted[i].row.rank = rows[order[i]].rank;
	}
	free(a->units);
	a->units = sorted;
	a->cap = a->n + 1;
	free(rows);
	free(order);
	return 0;
}

static int
compute(struct annual *a, struct grid_error *err)
{
	char this_month[8], months[12][8];
	const char *names[12];
	struct grid_metrics *m[12];
	int mon, last = -1;

	if (grid_metrics_settings_load(a->db, &a->set, err) != 0)
		return -1;
	/* The year's months up to this one ("YYYY-MM" compare as text). */
	snprintf(this_month, sizeof(this_month), "%.7s", a->today);
	for (mon = 0; mon < 12; mon++) {
		snprintf(months[mon], sizeof(months[mon]), "%04u-%02u",
		    (unsigned)a->year % 10000, (unsigned)(mon + 1) % 100);
		names[mon] = months[mon];
		if (strcmp(months[mon], this_month) <= 0)
			last = mon;
	}
	if ((a->cal = grid_calendar_new()) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_calendar_load(a->cal, a->db, err) != 0)
		return -1;
	if (last < 0)
		return 0;
	memcpy(a->last_month, months[last], sizeof(a->last_month));
	if (grid_metrics_compute_months(a->db, a->cal, &a->set, a->level,
	    names, (size_t)last + 1, m, err) != 0)
		return -1;
	a->partial = m[last]->partial;
	for (mon = 0; mon <= last; mon++)
		if (add_month(a, mon, m[mon], err) != 0) {
			while (++mon <= last)
				grid_metrics_free(m[mon]);
			return -1;
		}
	return finish(a, err);
}

static void
put(struct annual *a, const char **values, int col, double v)
{
	if (isnan(v))
		return;
	snprintf(a->store[col], sizeof(a->store[col]), "%.2f", v);
	values[col] = a->store[col];
}

static void
annual_row(void *ctx, size_t i, const char **values)
{
	struct annual *a = ctx;
	const struct unit_year *u = &a->units[i];
	int k;

	memset(values, 0, NCOL * sizeof(*values));
	values[0] = grid_metrics_level_name(a->level);
	values[1] = u->row.unit;
	values[2] = u->row.unit_name[0] ? u->row.unit_name : NULL;
	snprintf(a->store[3], sizeof(a->store[3]), "%d", a->year);
	values[3] = a->store[3];
	for (k = 0; k < 12; k++)
		put(a, values, 4 + k, u->score[k]);
	put(a, values, 16, u->row.score);
	snprintf(a->store[17], sizeof(a->store[17]), "%d", u->scored);
	values[17] = a->store[17];
	if (!isnan(u->row.score)) {
		values[18] = grid_metrics_grade(&a->set, u->row.score);
		snprintf(a->store[19], sizeof(a->store[19]), "%d",
		    u->row.rank);
		values[19] = a->store[19];
	}
	snprintf(a->store[20], sizeof(a->store[20]), "%lld",
	    u->row.unit_grids);
	values[20] = a->store[20];
	values[21] = a->partial ? "1" : "0";
}

static int
annual_page(void *ctx, struct grid_html *h, struct grid_error *err)
{
	struct annual *a = ctx;
	struct grid_metrics_row *rows;
	size_t i;
	int rc;

	if ((rows = calloc(a->n + 1, sizeof(*rows))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	for (i = 0; i < a->n; i++)
		rows[i] = a->units[i].row;
	rc = report_ranking(rows, a->n, &a->set, h, err);
	free(rows);
	if (rc != 0 || a->last_month[0] == '\0')
		return rc;
	return report_trend(a->db, a->cal, &a->set, a->level, a->last_month,
	    a->in, h, err);
}

static int
print(const struct cli_common *c, int wide, struct annual *a,
    struct grid_error *err)
{
	struct report_rows rows;
	struct report_notes notes;
	struct report_facts facts;
	char title[160], year[16];
	size_t i, unscored = 0;

	snprintf(title, sizeof(title), "年度考核 Annual assessment %d · %s %s",
	    a->year, grid_metrics_level_label(a->level),
	    grid_metrics_level_name(a->level));
	snprintf(year, sizeof(year), "%d", a->year);
	report_facts(&facts, a->level, year, a->partial ? a->today : NULL,
	    &a->set);
	memset(&notes, 0, sizeof(notes));
	if (a->partial)
		report_note(&notes, "本年度尚未结束，%s 数据截至 %s，其后各月"
		    "为空 (partial: year in progress, %s to %s; later months "
		    "empty)", a->last_month, a->today, a->last_month,
		    a->today);
	for (i = 0; i < a->n; i++)
		unscored += a->units[i].scored == 0;
	if (unscored > 0 && unscored == a->n)
		report_note(&notes, "本年度无考核数据：没有单元在任何月份得分 "
		    "(nothing to assess in %d: no unit has a score in any "
		    "month; no score, grade or rank)", a->year);
	else if (unscored > 0)
		report_note(&notes, "无考核数据：%zu 个单元本年度各月均无可考核"
		    "的案件，无年均分、等级和排名，列在最后 (%zu of %zu units "
		    "had nothing to assess in any month of %d: no score, grade "
		    "or rank; listed after the ranked ones)", unscored,
		    unscored, a->n, a->year);
	rows = (struct report_rows){
		.columns = columns,
		.labels = labels,
		.ncolumns = NCOL,
		.compact = compact,
		.ncompact = sizeof(compact) / sizeof(compact[0]),
		.nrows = a->n,
		.row = annual_row,
		.page = annual_page,
		.ctx = a,
		.title = title,
		.notes = notes.list,
		.nnotes = notes.n,
		.facts = facts.list,
		.nfacts = facts.n,
	};
	return report_print(c, wide, &rows, err);
}

int
report_annual(int argc, char **argv)
{
	enum { OPT_YEAR = 256, OPT_BY, OPT_IN, OPT_MAP_BY };
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "by", required_argument, NULL, OPT_BY },
		{ "in", required_argument, NULL, OPT_IN },
		CLI_WIDE_LONG,
		{ "map-by", required_argument, NULL, OPT_MAP_BY },
		CLI_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	struct annual a;
	struct cli_common c;
	struct grid_error err;
	char year_text[16];
	size_t i;
	int opt, status = 0;

	memset(&a, 0, sizeof(a));
	memset(&c, 0, sizeof(c));
	a.level = GRID_BY_COMMUNITY;
	c.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES;
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg, usage))
			continue;
		if (opt == OPT_YEAR)
			a.year = (int)cli_number("--year", optarg, 1970, 9999);
		else if (opt == OPT_BY)
			a.level = report_level(optarg);
		else if (opt == OPT_MAP_BY)
			cli_out_map_by(optarg);
		else if (opt == OPT_IN)
			a.in = optarg;
		else
			cli_bad_option();
	}
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (a.year == 0)
		cli_usage_error("--year is required");
	report_today(a.today, sizeof(a.today));
	/* "YYYY" of today against the year, as text: no atoi. */
	snprintf(year_text, sizeof(year_text), "%04d", a.year);
	if (strncmp(year_text, a.today, 4) > 0)
		cli_die(GRID_EUSAGE, "--year %d has not begun (today is %s)",
		    a.year, a.today);
	report_format(&c);
	if ((a.db = cli_open_db(&c, 1, &status)) == NULL)
		return status;
	if ((status = report_area(a.db, a.in, a.level)) != 0) {
		grid_db_close(a.db);
		return status;
	}
	if (compute(&a, &err) != 0 || print(&c, c.wide, &a, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	for (i = 0; i < a.n; i++)
		free(a.units[i].name);
	free(a.units);
	grid_calendar_free(a.cal);
	grid_db_close(a.db);
	return status;
}
