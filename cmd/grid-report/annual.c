/*
 * annual.c - grid-report annual: each unit's 12 monthly scores of a year
 * and their mean (doc/domain.md section 4: the annual score is the mean of the
 * monthly ones; here of the months that have one, a month with nothing
 * to assess having none), its grade and rank.  A year not begun is
 * refused; the year in progress is marked partial.  Read-only.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jobs.h"
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
"partial; a year not begun is refused (64).  Several -d: each month as\n"
"grid-report monthly gives it for them all (summed, never averaged),\n"
"then the year.\n"
"\n"
"      --year YYYY        the year\n"
"      --by LEVEL         the units (default community)\n"
REPORT_IN_HELP
"      --map-by COLUMN    html, by grid, community, street or district:\n"
"                         the column the map is coloured by (default\n"
"                         score; grade: by grade)\n"
REPORT_MANY_HELP
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
	struct grid_metrics_settings set;
	enum grid_metrics_level level;
	const char *in;			/* --in, NULL: everywhere */
	int year;
	struct unit_year *units;
	size_t n, cap;
	char last_month[8];		/* the last month computed */
	int partial;			/* it is in progress */
	char today[16];			/* YYYY-MM-DD */
	char months[12][8];
	int last;			/* the last month computed; -1 none */
	struct grid_metrics *month[12];	/* of every database, summed */
	int html;			/* the page: the trend too */
	struct report_trend trend;
	int jobs;			/* -j: 0, the processors online */
	int merged;			/* by merge: from reports, no database */
	int nmerged;			/* merge: the rows read */
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

/*
 * One database's months of the year (their medians not needed:
 * dropped); its trend for html.
 */
static int
compute_part(void *ctx, struct grid_db *db, const struct grid_calendar *cal,
    struct report_part *part, struct grid_error *err)
{
	struct annual *a = ctx;
	const char *names[12];
	int mon;

	if (a->last < 0)
		return 0;
	for (mon = 0; mon <= a->last; mon++)
		names[mon] = a->months[mon];
	if (grid_metrics_compute_months(db, cal, &a->set, a->level, names,
	    (size_t)a->last + 1, part->m, err) != 0)
		return -1;
	part->n = (size_t)a->last + 1;
	for (mon = 0; mon <= a->last; mon++)
		grid_metrics_drop_times(part->m[mon]);
	return a->html ? report_part_trend(part, db, cal, &a->set, a->level,
	    a->in, a->last_month, err) : 0;
}

/* A database's months added to those of the databases before it. */
static int
add_part(void *ctx, struct report_part *part, struct grid_error *err)
{
	struct annual *a = ctx;
	size_t mon, n = part->n;

	if (n != (size_t)(a->last + 1))
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "a part of %zu months", n);
	part->n = 0;		/* taken over */
	for (mon = 0; mon < n; mon++)
		if (report_union(&a->month[mon], part->m[mon], &a->set,
		    err) != 0) {
			while (++mon < n)
				grid_metrics_free(part->m[mon]);
			return -1;
		}
	if (part->has_trend)
		report_trend_sum(&a->trend, &part->trend);
	return 0;
}

static int
compute(const struct cli_common *c, struct annual *a)
{
	const struct report_each each = { compute_part, add_part, a,
	    a->jobs };
	struct grid_error err;
	char this_month[8];
	int mon, status;

	/* The year's months up to this one ("YYYY-MM" compare as text). */
	snprintf(this_month, sizeof(this_month), "%.7s", a->today);
	a->last = -1;
	for (mon = 0; mon < 12; mon++) {
		snprintf(a->months[mon], sizeof(a->months[mon]), "%04u-%02u",
		    (unsigned)a->year % 10000, (unsigned)(mon + 1) % 100);
		if (strcmp(a->months[mon], this_month) <= 0)
			a->last = mon;
	}
	if (a->last >= 0) {
		memcpy(a->last_month, a->months[a->last],
		    sizeof(a->last_month));
		report_trend_init(&a->trend, a->last_month);
	}
	if ((status = report_each_db(c, a->level, a->in, &a->set,
	    &each)) != 0)
		return status;
	if (a->last < 0)
		return 0;
	a->partial = a->month[a->last]->partial;
	for (mon = 0; mon <= a->last; mon++) {
		struct grid_metrics *m = a->month[mon];

		a->month[mon] = NULL;
		if (add_month(a, mon, m, &err) != 0)
			goto fail;
	}
	if (finish(a, &err) == 0)
		return 0;
fail:
	cli_error(&err);
	return err.code != 0 ? err.code : GRID_EINTERNAL;
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
	return report_trend(&a->trend, a->level, h, err);
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

	snprintf(title, sizeof(title), "%s %d · %s %s", a->merged ?
	    "合并年度考核 Merged annual assessment" :
	    "年度考核 Annual assessment", a->year,
	    grid_metrics_level_label(a->level),
	    grid_metrics_level_name(a->level));
	snprintf(year, sizeof(year), "%d", a->year);
	report_facts(&facts, a->level, year, !a->partial ? NULL : a->merged ?
	    "本年度进行中 (partial)" : a->today, &a->set);
	memset(&notes, 0, sizeof(notes));
	if (a->partial && a->merged)
		report_note(&notes, "本年度尚未结束 (partial: year in "
		    "progress)");
	else if (a->partial)
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
		REPORT_JOBS_LONG,
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
	c.writes = CLI_WRITES_ROWS | CLI_WRITES_PAGE | CLI_WRITES_PLACES |
	    CLI_READS_MANY;
	while ((opt = cli_getopt_long(argc, argv, REPORT_MANY_SHORT, longopts,
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
		else if (opt == 'j')
			a.jobs = cli_jobs_option(optarg);
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
	a.html = cli_format_asked(&c) == GRID_FORMAT_HTML;
	if ((status = compute(&c, &a)) == 0 &&
	    print(&c, c.wide, &a, &err) != 0) {
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	for (i = 0; i < a.n; i++)
		free(a.units[i].name);
	free(a.units);
	for (i = 0; i < 12; i++)
		grid_metrics_free(a.month[i]);
	return status;
}

/* ---- grid-report merge of annual reports (merge.c) ---- */

struct annual *
report_annual_new(const struct grid_metrics_settings *set)
{
	struct annual *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->set = *set;
	a->merged = 1;
	a->last = -1;
	return a;
}

/* The value of key among n names, NULL when absent or empty. */
static const char *
value_of(const char *const *names, const char *const *values, size_t n,
    const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], key) == 0)
			return values[i] != NULL && values[i][0] != '\0' ?
			    values[i] : NULL;
	return NULL;
}

/* A score (0 to 100) of key, NAN when empty.  0, or -1 with err. */
static int
read_score(const char *const *names, const char *const *values, size_t n,
    const char *key, double *out, struct grid_error *err)
{
	const char *s = value_of(names, values, n, key);
	char *end;

	*out = NAN;
	if (s == NULL)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(*out >= 0 && *out <= 100))
		return grid_error_set(err, GRID_EDATA, NULL, 0, key,
		    "not a score from 0 to 100: '%s'", s);
	return 0;
}

int
report_annual_is_annual(const char *const *names, size_t n)
{
	size_t i;
	int year = 0, month = 0;

	for (i = 0; i < n; i++) {
		year |= strcmp(names[i], "year") == 0;
		month |= strcmp(names[i], "month") == 0;
	}
	return year && !month;
}

int
report_annual_add(struct annual *a, const char *const *names,
    const char *const *values, size_t n, struct grid_error *err)
{
	enum grid_metrics_level level;
	struct grid_metrics_row row;
	struct unit_year *u;
	const char *text;
	double score[12];
	long year, grids = 0;
	char key[32], *end;
	int k;

	memset(&row, 0, sizeof(row));
	if ((text = value_of(names, values, n, "level")) == NULL ||
	    grid_metrics_level_parse(text, &level) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "level",
		    "%s", text == NULL ? "missing" : "not a level");
	if ((text = value_of(names, values, n, "year")) == NULL ||
	    (year = strtol(text, &end, 10)) < 1970 || year > 9999 ||
	    *end != '\0')
		return grid_error_set(err, GRID_EDATA, NULL, 0, "year",
		    "%s", text == NULL ? "missing" : "not a year");
	if ((text = value_of(names, values, n, "unit")) == NULL ||
	    grid_text_copy(row.unit, sizeof(row.unit), text) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "unit",
		    "%s", text == NULL ? "missing" : "too long");
	if ((text = value_of(names, values, n, "unit_grids")) != NULL &&
	    ((grids = strtol(text, &end, 10)) < 0 || *end != '\0'))
		return grid_error_set(err, GRID_EDATA, NULL, 0, "unit_grids",
		    "not a count: '%s'", text);
	for (k = 0; k < 12; k++) {
		snprintf(key, sizeof(key), "score_%02d", k + 1);
		if (read_score(names, values, n, key, &score[k], err) != 0)
			return -1;
	}
	if (a->nmerged > 0 && (level != a->level || year != a->year))
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    level != a->level ? "level" : "year",
		    "%s %ld differs from the first report's %s %d",
		    grid_metrics_level_name(level), year,
		    grid_metrics_level_name(a->level), a->year);
	a->level = level;
	a->year = (int)year;
	row.level = level;
	text = value_of(names, values, n, "partial");
	a->partial |= text != NULL && (strcmp(text, "1") == 0 ||
	    strcmp(text, "true") == 0);
	if ((u = unit_of(a, &row)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	/* a unit added before has its name (keep_name), a new one none */
	if (u->name != NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "unit",
		    "%s %s is in two annual reports: annual rows carry "
		    "scores, not the counts a sum needs (merge the monthly "
		    "reports, or give the databases with -d)",
		    grid_metrics_level_name(level), row.unit);
	if (keep_name(u, value_of(names, values, n, "unit_name")) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	memcpy(u->score, score, sizeof(score));
	u->row.unit_grids = grids;
	a->nmerged++;
	return 0;
}

int
report_annual_print_merged(const struct cli_common *c, int wide,
    struct annual *a, struct grid_error *err)
{
	if (finish(a, err) != 0)
		return -1;
	return print(c, wide, a, err);
}

void
report_annual_free(struct annual *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		free(a->units[i].name);
	free(a->units);
	for (i = 0; i < 12; i++)
		grid_metrics_free(a->month[i]);
	free(a);
}
