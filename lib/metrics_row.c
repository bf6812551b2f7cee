/*
 * metrics_row.c - a monthly assessment row as text and back
 * (metrics_row.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/metrics_row.h"

/* Columns after the counts of SPEC.md and before the extra counts. */
enum {
	COL_LEVEL, COL_UNIT, COL_UNIT_NAME, COL_MONTH,
	COL_COUNT0,				/* 16 SPEC counts */
	COL_RATE0 = COL_COUNT0 + GRID_C_HANDLED_DUE,	/* 4 SPEC rates */
	COL_HOURS_MEAN = COL_RATE0 + 4, COL_HOURS_MEDIAN, COL_SCORE,
	COL_GRADE, COL_RANK, COL_CHANGE,
	COL_RATE4,				/* 4 more rates */
	COL_COUNT16 = COL_RATE4 + 4,		/* 8 more counts */
	COL_SHARE0 = COL_COUNT16 + GRID_C_NCOUNT - GRID_C_HANDLED_DUE,
	COL_REGISTERED_SCORE = COL_SHARE0 + 3, COL_UNIT_GRIDS,
	COL_SCORE_SUM, COL_HANDLING_N, COL_HANDLING_SECONDS,
	COL_WORKER_KIND, COL_QUOTA, COL_UNDER_QUOTA, COL_PARTIAL,
	NCOL
};

_Static_assert(NCOL == GRID_METRICS_NCOLUMN, "column count");

#define T GRID_COL_TEXT
#define I GRID_COL_INT
#define R GRID_COL_REAL
static const struct grid_column columns[NCOL] = {
	{ "level", T }, { "unit", T }, { "unit_name", T }, { "month", T },
	{ "reported", I }, { "registered", I }, { "voided", I },
	{ "dispatched", I }, { "returned", I }, { "handled", I },
	{ "handled_on_time", I }, { "due_to_close", I }, { "closed", I },
	{ "closed_on_time", I }, { "reworked", I }, { "public_verified", I },
	{ "overdue_open", I }, { "escalated", I }, { "rated", I },
	{ "satisfied", I },
	{ "closure_rate", R }, { "on_time_closure_rate", R },
	{ "rework_rate", R }, { "satisfaction_rate", R },
	{ "handling_hours_mean", R }, { "handling_hours_median", R },
	{ "score", R }, { "grade", T }, { "rank", I }, { "score_change", R },
	{ "public_verified_rate", R }, { "handling_rate", R },
	{ "on_time_handling_rate", R }, { "valid_report_rate", R },
	{ "handled_due", I }, { "handled_due_on_time", I }, { "filed", I },
	{ "closed_grid", I }, { "closed_community", I },
	{ "closed_street", I }, { "closed_district", I },
	{ "closed_city", I },
	{ "resolved_grid_share", R }, { "resolved_community_share", R },
	{ "resolved_street_share", R },
	{ "registered_score", R }, { "unit_grids", I },
	{ "registered_score_sum", R }, { "handling_n", I },
	{ "handling_seconds", I },
	{ "worker_kind", T }, { "quota", I }, { "under_quota", I },
	{ "partial", I },
};
#undef T
#undef I
#undef R

static const char *const labels[NCOL] = {
	"层级", "单元代码", "单元名称", "月份",
	"上报数", "立案数", "作废数", "派遣数", "回退数", "处置数",
	"按期处置数", "应结案数", "结案数", "按期结案数", "返工数",
	"监督举报数", "超期未结数", "升级数", "评价数", "满意数",
	"结案率", "按期结案率", "返工率", "满意率",
	"平均处置工时", "处置工时中位数", "综合指标值", "等级", "排名",
	"较上月",
	"监督举报率", "处置率", "按期处置率", "有效上报率",
	"应结案中已处置", "应结案中按期处置", "有效上报数",
	"网格结案数", "社区结案数", "街道结案数", "区级结案数", "市级结案数",
	"网格解决率", "社区解决率", "街道解决率",
	"立案数得分", "计分网格数", "立案数得分合计", "计时案件数",
	"处置工作秒数",
	"网格员类别", "上报定额", "未达定额",
	"月份进行中",
};

const struct grid_column *
grid_metrics_columns(void)
{
	return columns;
}

const char *const *
grid_metrics_labels(void)
{
	return labels;
}

int
grid_metrics_column(const char *name)
{
	int i;

	for (i = 0; i < NCOL; i++)
		if (name != NULL && strcmp(name, columns[i].name) == 0)
			return i;
	return -1;
}

/* The column of count c. */
static int
count_column(int c)
{
	return c < GRID_C_HANDLED_DUE ? COL_COUNT0 + c :
	    COL_COUNT16 + c - GRID_C_HANDLED_DUE;
}

static void
put_real(struct grid_metrics_text *t, int col, double v)
{
	if (isnan(v))
		return;
	snprintf(t->store[col], sizeof(t->store[col]), "%.2f", v);
	t->values[col] = t->store[col];
}

static void
put_int(struct grid_metrics_text *t, int col, long long v)
{
	snprintf(t->store[col], sizeof(t->store[col]), "%lld", v);
	t->values[col] = t->store[col];
}

void
grid_metrics_row_text(const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, struct grid_metrics_text *out)
{
	struct grid_rate share;
	int i;

	memset(out->values, 0, sizeof(out->values));
	out->values[COL_LEVEL] = grid_metrics_level_name(row->level);
	out->values[COL_UNIT] = row->unit;
	out->values[COL_UNIT_NAME] = row->unit_name[0] ? row->unit_name : NULL;
	out->values[COL_MONTH] = row->month;
	for (i = 0; i < GRID_C_NCOUNT; i++)
		put_int(out, count_column(i), row->count[i]);
	for (i = 0; i < GRID_R_NRATE; i++)
		put_real(out, i < 4 ? COL_RATE0 + i : COL_RATE4 + i - 4,
		    row->rate[i].value);
	put_real(out, COL_HOURS_MEAN, row->handling_hours_mean);
	put_real(out, COL_HOURS_MEDIAN, row->handling_hours_median);
	put_real(out, COL_SCORE, row->score);
	out->values[COL_GRADE] = row->grade[0] ? row->grade : NULL;
	if (row->rank > 0)
		put_int(out, COL_RANK, row->rank);
	put_real(out, COL_CHANGE, row->score_change);
	for (i = 0; i < 3; i++) {
		grid_metrics_rate(&share, row->count[GRID_C_CLOSED_GRID + i],
		    row->count[GRID_C_CLOSED]);
		put_real(out, COL_SHARE0 + i, share.value);
	}
	put_real(out, COL_REGISTERED_SCORE, row->registered_score);
	put_int(out, COL_UNIT_GRIDS, row->unit_grids);
	snprintf(out->store[COL_SCORE_SUM], sizeof(out->store[0]), "%.15g",
	    row->registered_score_sum);
	out->values[COL_SCORE_SUM] = out->store[COL_SCORE_SUM];
	put_int(out, COL_HANDLING_N, row->handling_n);
	put_int(out, COL_HANDLING_SECONDS, row->handling_seconds);
	put_int(out, COL_PARTIAL, row->partial != 0);
	if (row->level != GRID_BY_WORKER)
		return;
	out->values[COL_WORKER_KIND] = row->worker_kind[0] ?
	    row->worker_kind : NULL;
	put_int(out, COL_QUOTA, set->quota);
	put_int(out, COL_UNDER_QUOTA, row->under_quota);
}

/* The value of column col among the named values; NULL when absent. */
static const char *
lookup(const char *const *names, const char *const *values, size_t n,
    int col)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], columns[col].name) == 0)
			return values[i] != NULL && values[i][0] != '\0' ?
			    values[i] : NULL;
	return NULL;
}

static int
need(const char *const *names, const char *const *values, size_t n,
    int col, const char **out, struct grid_error *err)
{
	if ((*out = lookup(names, values, n, col)) == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    columns[col].name, "missing: a report row needs it");
	return 0;
}

/* A count or sum: a whole number from 0 up. */
static int
read_count(const char *const *names, const char *const *values, size_t n,
    int col, long long *out, struct grid_error *err)
{
	const char *s;
	char *end;

	if (need(names, values, n, col, &s, err) != 0)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out < 0 || s[0] == '-' ||
	    s[0] == '+' || s[0] == ' ')
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    columns[col].name, "not a count: '%s'", s);
	return 0;
}

/* An optional real; NAN when absent. */
static int
read_real(const char *const *names, const char *const *values, size_t n,
    int col, double *out, struct grid_error *err)
{
	const char *s = lookup(names, values, n, col);
	char *end;

	*out = NAN;
	if (s == NULL)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*out))
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    columns[col].name, "not a number: '%s'", s);
	return 0;
}

static int
read_text(const char *const *names, const char *const *values, size_t n,
    int col, char *out, size_t size, int needed, struct grid_error *err)
{
	const char *s = lookup(names, values, n, col);

	out[0] = '\0';
	if (s == NULL)
		return needed ? need(names, values, n, col, &s, err) : 0;
	if (strlen(s) >= size)
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    columns[col].name, "too long (%zu bytes)", strlen(s));
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* An optional flag: "1" or "true", "0" or "false"; 0 when absent. */
static int
read_flag(const char *const *names, const char *const *values, size_t n,
    int col, int *out, struct grid_error *err)
{
	const char *s = lookup(names, values, n, col);

	*out = 0;
	if (s == NULL || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
		*out = 1;
		return 0;
	}
	return grid_error_set(err, GRID_EDATA, NULL, 0, columns[col].name,
	    "not 0 or 1: '%s'", s);
}

static int
read_sums(const char *const *names, const char *const *values, size_t n,
    struct grid_metrics_row *row, struct grid_error *err)
{
	double sum;
	int c;

	for (c = 0; c < GRID_C_NCOUNT; c++)
		if (read_count(names, values, n, count_column(c),
		    &row->count[c], err) != 0)
			return -1;
	if (read_count(names, values, n, COL_UNIT_GRIDS, &row->unit_grids,
	    err) != 0 || read_count(names, values, n, COL_HANDLING_N,
	    &row->handling_n, err) != 0 || read_count(names, values, n,
	    COL_HANDLING_SECONDS, &row->handling_seconds, err) != 0 ||
	    read_real(names, values, n, COL_SCORE_SUM, &sum, err) != 0)
		return -1;
	if (isnan(sum) || sum < 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    columns[COL_SCORE_SUM].name, isnan(sum) ?
		    "missing: a report row needs it" : "negative");
	row->registered_score_sum = sum;
	return 0;
}

int
grid_metrics_row_parse(const char *const *names, const char *const *values,
    size_t n, const struct grid_metrics_settings *set,
    struct grid_metrics_row *row, struct grid_error *err)
{
	char level[16];
	time_t start, end;

	memset(row, 0, sizeof(*row));
	if (read_text(names, values, n, COL_LEVEL, level, sizeof(level), 1,
	    err) != 0)
		return -1;
	if (grid_metrics_level_parse(level, &row->level) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "level",
		    "unknown level '%s'", level);
	if (read_text(names, values, n, COL_UNIT, row->unit,
	    sizeof(row->unit), 1, err) != 0 || read_text(names, values, n,
	    COL_MONTH, row->month, sizeof(row->month), 1, err) != 0 ||
	    grid_metrics_month_bounds(row->month, &start, &end, err) != 0 ||
	    read_text(names, values, n, COL_UNIT_NAME, row->unit_name,
	    sizeof(row->unit_name), 0, err) != 0 || read_text(names, values,
	    n, COL_WORKER_KIND, row->worker_kind, sizeof(row->worker_kind), 0,
	    err) != 0 || read_sums(names, values, n, row, err) != 0 ||
	    read_real(names, values, n, COL_HOURS_MEDIAN,
	    &row->handling_hours_median, err) != 0 || read_real(names,
	    values, n, COL_CHANGE, &row->score_change, err) != 0 ||
	    read_flag(names, values, n, COL_PARTIAL, &row->partial, err) != 0)
		return -1;
	grid_metrics_finish(row, set);
	return 0;
}
