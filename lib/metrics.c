/*
 * metrics.c - rates, scores, grades, ranks and merges of the monthly
 * assessment (metrics.h); the SQL that counts is in metrics_query.c.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/db.h"
#include "grid/metrics.h"
#include "internal.h"

/* The report's own units, after the places (levels.h). */
static const struct {
	const char *name, *label;
} own_units[] = {
	[GRID_BY_DEPT - GRID_BY_DEPT] = { "dept", "部门" },
	[GRID_BY_WORKER - GRID_BY_DEPT] = { "worker", "网格员" },
};

_Static_assert(GRIDI_ARRAY_LEN(own_units) == GRID_BY_NLEVEL - GRID_BY_DEPT,
    "a name for each of the report's own units");

/* Numerator and denominator of each rate. */
static const enum grid_metrics_count rate_parts[GRID_R_NRATE][2] = {
	[GRID_R_CLOSURE] = { GRID_C_CLOSED, GRID_C_DUE_TO_CLOSE },
	[GRID_R_ON_TIME_CLOSURE] = { GRID_C_CLOSED_ON_TIME,
	    GRID_C_DUE_TO_CLOSE },
	[GRID_R_REWORK] = { GRID_C_REWORKED, GRID_C_HANDLED },
	[GRID_R_SATISFACTION] = { GRID_C_SATISFIED, GRID_C_RATED },
	[GRID_R_PUBLIC_VERIFIED] = { GRID_C_PUBLIC_VERIFIED,
	    GRID_C_REGISTERED },
	[GRID_R_HANDLING] = { GRID_C_HANDLED_DUE, GRID_C_DUE_TO_CLOSE },
	[GRID_R_ON_TIME_HANDLING] = { GRID_C_HANDLED_DUE_ON_TIME,
	    GRID_C_DUE_TO_CLOSE },
	[GRID_R_VALID_REPORT] = { GRID_C_FILED, GRID_C_REPORTED },
	[GRID_R_ON_TIME_DISPATCH] = { GRID_C_DISPATCHED_ON_TIME,
	    GRID_C_DISPATCH_DUE },
	[GRID_R_DISPATCH_ACCURACY] = { GRID_C_ACCURATE_DISPATCHES,
	    GRID_C_DISPATCHES },
	[GRID_R_ON_TIME_ACK] = { GRID_C_ACKED_ON_TIME, GRID_C_DISPATCHES },
	[GRID_R_REPLY] = { GRID_C_REPLIED, GRID_C_REPLY_DUE },
	[GRID_R_ON_TIME_REPLY] = { GRID_C_REPLIED_ON_TIME, GRID_C_REPLY_DUE },
	[GRID_R_MISSED_REPORT] = { GRID_C_MISSED, GRID_C_GRID_REGISTERED },
	[GRID_R_ON_TIME_CHECK] = { GRID_C_CHECKED_ON_TIME, GRID_C_CHECK_DUE },
	[GRID_R_ON_TIME_VERIFY] = { GRID_C_VERIFIED_ON_TIME,
	    GRID_C_VERIFIED },
};

static const char *const region_keys[4] = {
	"public_verified", "registered", "closure", "on_time_closure"
};
static const char *const dept_keys[4] = {
	"on_time_handling", "handling", "rework", "satisfaction"
};
static const char *const worker_keys[4] = {
	"valid_report", "missed_report", "on_time_check", "on_time_verify"
};

enum grid_level
grid_metrics_level_place(enum grid_metrics_level level)
{
	enum grid_level place = (enum grid_level)level;

	return level < GRID_BY_DEPT && grid_level_has_units(place) ? place :
	    GRID_LEVEL_NONE;
}

/* The name of level, or its Chinese label when label is 1; "": none. */
static const char *
level_text(enum grid_metrics_level level, int label)
{
	enum grid_level place = grid_metrics_level_place(level);

	if (place != GRID_LEVEL_NONE)
		return label ? grid_level_label(place) : grid_level_name(place);
	if (level < GRID_BY_DEPT || level >= GRID_BY_NLEVEL)
		return "";
	return label ? own_units[level - GRID_BY_DEPT].label :
	    own_units[level - GRID_BY_DEPT].name;
}

const char *
grid_metrics_level_name(enum grid_metrics_level level)
{
	return level_text(level, 0);
}

const char *
grid_metrics_level_label(enum grid_metrics_level level)
{
	return level_text(level, 1);
}

int
grid_metrics_level_parse(const char *name, enum grid_metrics_level *level)
{
	enum grid_level place = grid_level_parse(name);
	size_t i;

	if (grid_level_has_units(place)) {
		*level = (enum grid_metrics_level)place;
		return 0;
	}
	if (name != NULL && strcmp(name, "department") == 0)
		name = own_units[0].name;	/* dept's long spelling */
	for (i = 0; name != NULL && i < GRIDI_ARRAY_LEN(own_units); i++)
		if (strcmp(name, own_units[i].name) == 0) {
			*level = (enum grid_metrics_level)(GRID_BY_DEPT + i);
			return 0;
		}
	return -1;
}

void
grid_metrics_rate(struct grid_rate *r, long long num, long long den)
{
	r->num = num;
	r->den = den;
	if (den <= 0 || num < 0) {
		r->value = NAN;
		return;
	}
	/* Integer arithmetic: half up exactly, 96.1575... -> 96.16. */
	r->value = (double)((num * 20000 / den + 1) / 2) / 100.0;
}

void
grid_metrics_rate_parts(enum grid_metrics_rate r,
    enum grid_metrics_count *num, enum grid_metrics_count *den)
{
	*num = rate_parts[r][0];
	*den = rate_parts[r][1];
}

double
grid_metrics_registered_score(long long n)
{
	if (n <= 0)
		return 100;
	if (n <= 2)
		return 90;
	if (n <= 4)
		return 75;
	if (n <= 6)
		return 60;
	if (n <= 8)
		return 40;
	return 0;
}

static int
month_parse(const char *month, int *year, int *mon)
{
	if (month == NULL || strlen(month) != 7 || month[4] != '-' ||
	    strspn(month, "0123456789") != 4 ||
	    strspn(month + 5, "0123456789") != 2)
		return -1;
	*year = (int)strtol(month, NULL, 10);
	*mon = (int)strtol(month + 5, NULL, 10);
	return *year >= 1970 && *mon >= 1 && *mon <= 12 ? 0 : -1;
}

static time_t
local_first(int year, int mon)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = 1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
grid_metrics_month_bounds(const char *month, time_t *start, time_t *end,
    struct grid_error *err)
{
	int year, mon;

	if (month_parse(month, &year, &mon) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "month",
		    "bad month '%s' (YYYY-MM)", month != NULL ? month : "");
	*start = local_first(year, mon);
	*end = mon == 12 ? local_first(year + 1, 1) :
	    local_first(year, mon + 1);
	if (*start == (time_t)-1 || *end == (time_t)-1)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "month",
		    "impossible month '%s'", month);
	return 0;
}

int
grid_metrics_month_when(const char *month, time_t now,
    enum grid_metrics_when *when, struct grid_error *err)
{
	time_t start, end;

	if (grid_metrics_month_bounds(month, &start, &end, err) != 0)
		return -1;
	*when = now < start ? GRID_MONTH_FUTURE : now < end ?
	    GRID_MONTH_CURRENT : GRID_MONTH_PAST;
	return 0;
}

int
grid_metrics_month_prev(const char *month, char *out, size_t n)
{
	int year, mon;

	if (month_parse(month, &year, &mon) != 0 ||
	    (year <= 1970 && mon == 1))
		return -1;
	if (--mon == 0) {
		mon = 12;
		year--;
	}
	snprintf(out, n, "%04d-%02d", year, mon);
	return 0;
}

/* Reads one "key:number" item of a list; 0 or -1. */
static int
parse_item(const char *item, size_t len, char *key, size_t keysize,
    double *value)
{
	const char *colon = memchr(item, ':', len);
	char num[32], *end;

	if (colon == NULL || (size_t)(colon - item) >= keysize ||
	    colon == item || len - (size_t)(colon - item) - 1 >= sizeof(num) ||
	    len - (size_t)(colon - item) - 1 == 0)
		return -1;
	memcpy(key, item, (size_t)(colon - item));
	key[colon - item] = '\0';
	memcpy(num, colon + 1, len - (size_t)(colon - item) - 1);
	num[len - (size_t)(colon - item) - 1] = '\0';
	errno = 0;
	*value = strtod(num, &end);
	if (errno != 0 || *end != '\0' || !(*value >= 0) || *value > 1000)
		return -1;
	return 0;
}

int
grid_metrics_weights_parse(const char *text, enum grid_metrics_level level,
    double w[4], struct grid_error *err)
{
	const char *const *keys = level == GRID_BY_DEPT ? dept_keys :
	    level == GRID_BY_WORKER ? worker_keys : region_keys;
	const char *p = text, *comma;
	int seen[4] = { 0, 0, 0, 0 }, i;
	char key[32];
	double value;

	for (i = 0; i < 4; i++)
		w[i] = 0;
	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		if (parse_item(p, comma != NULL ? (size_t)(comma - p) :
		    strlen(p), key, sizeof(key), &value) != 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "weights", "bad weights '%s' (key:number,...)",
			    text);
		for (i = 0; i < 4 && strcmp(key, keys[i]) != 0; i++)
			;
		if (i == 4 || seen[i]++)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "weights", "%s weight '%s' in '%s' (keys: %s, "
			    "%s, %s, %s)", i == 4 ? "unknown" : "repeated",
			    key, text, keys[0], keys[1], keys[2], keys[3]);
		w[i] = value;
		p = comma != NULL ? comma + 1 : NULL;
	}
	return 0;
}

int
grid_metrics_grades_parse(const char *text,
    struct grid_metrics_settings *set, struct grid_error *err)
{
	const char *p = text, *comma;
	int n = 0;
	char grade[8];
	double bound;

	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		if (n == 7 || parse_item(p, comma != NULL ?
		    (size_t)(comma - p) : strlen(p), grade, sizeof(grade),
		    &bound) != 0 || bound > 100 ||
		    (n > 0 && bound >= set->grades[n - 1].bound))
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "grade_bounds", "bad grade bounds '%s' "
			    "(grade:bound,..., bounds falling)", text);
		snprintf(set->grades[n].grade, sizeof(set->grades[n].grade),
		    "%s", grade);
		set->grades[n++].bound = bound;
		p = comma != NULL ? comma + 1 : NULL;
	}
	set->ngrades = n;
	return 0;
}

/* The time limits of the case desk and their defaults (settings). */
static const struct {
	const char *key, *fallback;
	size_t offset;
} limits[] = {
	{ "dispatch_limit", "2 work_hours",
	    offsetof(struct grid_metrics_settings, dispatch_limit) },
	{ "ack_limit", "2 work_hours",
	    offsetof(struct grid_metrics_settings, ack_limit) },
	{ "check_limit", "2 work_hours",
	    offsetof(struct grid_metrics_settings, check_limit) },
	{ "verify_limit", "1 work_days",
	    offsetof(struct grid_metrics_settings, verify_limit) },
};

/*
 * The setting key (def when absent) in out (size n).  grid_db_setting
 * cuts a value that does not fit: one that fills out is refused
 * (GRID_EDATA, NULL), never read cut.  n is larger than any valid value
 * (weights: 4 items of at most 48 bytes; grade bounds: 7 of 40; limits:
 * a number and a unit).
 */
static const char *
setting(struct grid_db *db, const char *key, const char *def, char *out,
    size_t n, struct grid_error *err)
{
	const char *value = grid_db_setting(db, key, def, out, n);

	if (value == out && strlen(out) >= n - 1) {
		grid_error_set(err, GRID_EDATA, "settings", 0, key,
		    "too long (%zu bytes or more)", n - 1);
		return NULL;
	}
	return value;
}

static int
limits_load(struct grid_db *db, struct grid_metrics_settings *set,
    struct grid_error *err)
{
	struct grid_metrics_limit *limit;
	const char *text;
	char value[64];
	size_t i;

	for (i = 0; i < GRIDI_ARRAY_LEN(limits); i++) {
		limit = (struct grid_metrics_limit *)(void *)((char *)set +
		    limits[i].offset);
		if ((text = setting(db, limits[i].key, limits[i].fallback,
		    value, sizeof(value), err)) == NULL ||
		    grid_limit_parse(text, &limit->value, &limit->unit,
		    err) != 0) {
			grid_error_locate(err, "settings", 0, limits[i].key);
			return -1;
		}
	}
	return 0;
}

/* The weights of the scores, their settings and defaults. */
static const struct {
	const char *key, *fallback;
	enum grid_metrics_level level;
	size_t offset;
} weights[] = {
	{ "weights_region",
	    "public_verified:10,registered:20,closure:30,on_time_closure:40",
	    GRID_BY_DISTRICT, offsetof(struct grid_metrics_settings, region) },
	{ "weights_dept",
	    "on_time_handling:40,handling:30,rework:20,satisfaction:10",
	    GRID_BY_DEPT, offsetof(struct grid_metrics_settings, dept) },
	{ "weights_worker",
	    "valid_report:40,missed_report:20,on_time_check:20,"
	    "on_time_verify:20",
	    GRID_BY_WORKER, offsetof(struct grid_metrics_settings, worker) },
};

int
grid_metrics_settings_load(struct grid_db *db,
    struct grid_metrics_settings *set, struct grid_error *err)
{
	const char *text;
	char value[512];
	size_t i;

	memset(set, 0, sizeof(*set));
	for (i = 0; i < GRIDI_ARRAY_LEN(weights); i++)
		if ((text = setting(db, weights[i].key, weights[i].fallback,
		    value, sizeof(value), err)) == NULL ||
		    grid_metrics_weights_parse(text, weights[i].level,
		    (double *)(void *)((char *)set + weights[i].offset),
		    err) != 0) {
			grid_error_locate(err, "settings", 0, weights[i].key);
			return -1;
		}
	if ((text = setting(db, "grade_bounds", "A:90,B:75,C:60,D:40", value,
	    sizeof(value), err)) == NULL ||
	    grid_metrics_grades_parse(text, set, err) != 0) {
		grid_error_locate(err, "settings", 0, "grade_bounds");
		return -1;
	}
	set->quota = grid_db_setting_long(db, "worker_quota", 4);
	return limits_load(db, set, err);
}

static double
round2(double x)
{
	return round(x * 100) / 100;
}

/* The weighted mean of the indicators that are not NAN; NAN when none. */
static double
weighted(const double s[4], const double w[4])
{
	double sum = 0, wsum = 0;
	int i;

	for (i = 0; i < 4; i++)
		if (!isnan(s[i]) && w[i] > 0) {
			sum += s[i] * w[i];
			wsum += w[i];
		}
	return wsum > 0 ? round2(sum / wsum) : NAN;
}

static double
score_of(const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set)
{
	const struct grid_rate *r = row->rate;
	double s[4];

	switch (row->level) {
	case GRID_BY_DEPT:
		s[0] = r[GRID_R_ON_TIME_HANDLING].value;
		s[1] = r[GRID_R_HANDLING].value;
		s[2] = 100 - r[GRID_R_REWORK].value;
		s[3] = r[GRID_R_SATISFACTION].value;
		return weighted(s, set->dept);
	case GRID_BY_WORKER:
		s[0] = r[GRID_R_VALID_REPORT].value;
		s[1] = 100 - r[GRID_R_MISSED_REPORT].value;
		s[2] = r[GRID_R_ON_TIME_CHECK].value;
		s[3] = r[GRID_R_ON_TIME_VERIFY].value;
		return weighted(s, set->worker);
	default:
		s[0] = 100 - r[GRID_R_PUBLIC_VERIFIED].value;
		s[1] = row->registered_score;
		s[2] = r[GRID_R_CLOSURE].value;
		s[3] = r[GRID_R_ON_TIME_CLOSURE].value;
		return weighted(s, set->region);
	}
}

int
grid_metrics_assessed(const struct grid_metrics_row *row)
{
	const long long *n = row->count;

	switch (row->level) {
	case GRID_BY_DEPT:
		return n[GRID_C_DUE_TO_CLOSE] + n[GRID_C_HANDLED] +
		    n[GRID_C_RATED] > 0;
	case GRID_BY_WORKER:
		return n[GRID_C_REPORTED] + n[GRID_C_GRID_REGISTERED] +
		    n[GRID_C_CHECK_DUE] + n[GRID_C_VERIFIED] > 0;
	default:
		return n[GRID_C_REPORTED] + n[GRID_C_REGISTERED] +
		    n[GRID_C_DUE_TO_CLOSE] > 0;
	}
}

const char *
grid_metrics_grade(const struct grid_metrics_settings *set, double score)
{
	int i;

	for (i = 0; i < set->ngrades; i++)
		if (score >= set->grades[i].bound)
			return set->grades[i].grade;
	return "E";
}

void
grid_metrics_finish(struct grid_metrics_row *row,
    const struct grid_metrics_settings *set)
{
	int i;

	for (i = 0; i < GRID_R_NRATE; i++)
		grid_metrics_rate(&row->rate[i], row->count[rate_parts[i][0]],
		    row->count[rate_parts[i][1]]);
	row->registered_score = row->unit_grids > 0 ? round2(
	    row->registered_score_sum / (double)row->unit_grids) : NAN;
	row->handling_hours_mean = row->handling_n > 0 ? round2(
	    (double)row->handling_seconds / 3600.0 /
	    (double)row->handling_n) : NAN;
	row->score = grid_metrics_assessed(row) ? score_of(row, set) : NAN;
	row->grade[0] = '\0';
	if (!isnan(row->score))
		snprintf(row->grade, sizeof(row->grade), "%s",
		    grid_metrics_grade(set, row->score));
	row->under_quota = row->level == GRID_BY_WORKER &&
	    strcmp(row->worker_kind, "part_time") == 0 &&
	    row->count[GRID_C_REPORTED] < set->quota;
}

static int
by_score(const void *a, const void *b)
{
	const struct grid_metrics_row *x = *(const struct grid_metrics_row
	    *const *)a, *y = *(const struct grid_metrics_row *const *)b;

	return (x->score < y->score) - (x->score > y->score);
}

void
grid_metrics_rank(struct grid_metrics_row *rows, size_t n)
{
	struct grid_metrics_row **order;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		rows[i].rank = 0;
	if (n == 0 || (order = calloc(n, sizeof(*order))) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (!isnan(rows[i].score))
			order[k++] = &rows[i];
	qsort(order, k, sizeof(*order), by_score);
	for (i = 0; i < k; i++)
		order[i]->rank = i > 0 && order[i]->score ==
		    order[i - 1]->score ? order[i - 1]->rank : (int)i + 1;
	free(order);
}

/* Report order: by rank, unranked last; then by unit. */
static int
by_report_order(const void *a, const void *b)
{
	const struct grid_metrics_row *x = *(const struct grid_metrics_row
	    *const *)a, *y = *(const struct grid_metrics_row *const *)b;

	if (x->rank != y->rank)
		return x->rank == 0 ? 1 : y->rank == 0 ? -1 :
		    x->rank < y->rank ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

void
grid_metrics_order(const struct grid_metrics_row *rows, size_t n,
    size_t *order)
{
	const struct grid_metrics_row **p;
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = i;
	/* Out of memory: the rows' own order, still a whole report. */
	if (n == 0 || (p = calloc(n, sizeof(*p))) == NULL)
		return;
	for (i = 0; i < n; i++)
		p[i] = &rows[i];
	qsort(p, n, sizeof(*p), by_report_order);
	for (i = 0; i < n; i++)
		order[i] = (size_t)(p[i] - rows);
	free(p);
}

static int
by_unit(const void *key, const void *elem)
{
	return strcmp(key, ((const struct grid_metrics_row *)elem)->unit);
}

void
grid_metrics_change(struct grid_metrics *cur, const struct grid_metrics *prev)
{
	const struct grid_metrics_row *p;
	size_t i;

	for (i = 0; i < cur->n; i++) {
		struct grid_metrics_row *row = &cur->rows[i];

		p = prev == NULL || prev->n == 0 ? NULL : bsearch(row->unit,
		    prev->rows, prev->n, sizeof(*prev->rows), by_unit);
		row->score_change = p == NULL || isnan(p->score) ||
		    isnan(row->score) ? NAN : round2(row->score - p->score);
	}
}

int
grid_metrics_merge(const struct grid_metrics_row *rows, size_t n,
    const struct grid_metrics_settings *set, struct grid_metrics_row *out,
    struct grid_error *err)
{
	struct grid_metrics_row sum;
	size_t i;
	int c;

	if (n == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "nothing to merge");
	sum = rows[0];
	for (i = 1; i < n; i++) {
		if (rows[i].level != sum.level ||
		    strcmp(rows[i].unit, sum.unit) != 0 ||
		    strcmp(rows[i].month, sum.month) != 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0, "unit",
			    "cannot merge %s %s %s with %s %s %s",
			    grid_metrics_level_name(sum.level), sum.unit,
			    sum.month, grid_metrics_level_name(rows[i].level),
			    rows[i].unit, rows[i].month);
		for (c = 0; c < GRID_C_NCOUNT; c++)
			sum.count[c] += rows[i].count[c];
		sum.unit_grids += rows[i].unit_grids;
		sum.registered_score_sum += rows[i].registered_score_sum;
		sum.handling_n += rows[i].handling_n;
		sum.handling_seconds += rows[i].handling_seconds;
		sum.partial |= rows[i].partial;
		if (sum.unit_name == NULL || sum.unit_name[0] == '\0')
			sum.unit_name = rows[i].unit_name;
	}
	if (sum.unit_name == NULL)
		sum.unit_name = "";
	if (n > 1) {
		sum.handling_hours_median = NAN;
		sum.handling_secs = NULL;
	}
	sum.rank = 0;
	sum.score_change = NAN;
	grid_metrics_finish(&sum, set);
	*out = sum;
	return 0;
}

void
grid_metrics_drop_times(struct grid_metrics *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nsecs; i++)
		free(m->secs[i]);
	free(m->secs);
	m->secs = NULL;
	m->nsecs = 0;
	for (i = 0; i < m->n; i++)
		m->rows[i].handling_secs = NULL;
}

void
grid_metrics_free(struct grid_metrics *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nsecs; i++)
		free(m->secs[i]);
	free(m->secs);
	free(m->rows);
	free(m->names);
	free(m);
}
