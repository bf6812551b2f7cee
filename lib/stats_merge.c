/*
 * stats_merge.c - the columns of each statistic described once, and the
 * table that sums rows and derives their figures (statmerge.h).
 *
 * The description is a list of rules per statistic: a column's name (a
 * trailing '*' matches a prefix: tag_*), its role, and the names of the
 * columns its numerator and denominator are the sums of.  The library's
 * runs fill a row's counts and call gridi_stats_derive for the rest
 * (stats_population.c, stats_groups.c, stats_hazards.c, stats_visits.c,
 * visits_due.c); cases, whose shares, ranks and hotspots are the
 * table's, go through the table as the merge does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grid/casestats.h"
#include "grid/disputestats.h"
#include "grid/groupstats.h"
#include "grid/hazards.h"
#include "grid/petitionstats.h"
#include "grid/popstats.h"
#include "grid/statmerge.h"
#include "grid/visits.h"
#include "stats_internal.h"

/* ---- the rules ---- */

struct rule {
	const char *name;	/* a column, or a prefix ending in '*' */
	enum grid_stat_role role;
	const char *num, *den;	/* column names, space-separated */
	int factor;		/* SHARE: 0 or 1 for percent, 10 per 1,000 */
};

#define UNIT_RULES \
	{ "level", GRID_STAT_SAME, NULL, NULL, 0 }, \
	{ "unit", GRID_STAT_KEY, NULL, NULL, 0 }, \
	{ "unit_name", GRID_STAT_NAME, NULL, NULL, 0 }

#define DATED "age_0_14 age_15_59 age_60_64 age_65_79 age_80_plus"
#define WORKING "age_15_59 age_60_64"
#define OLD65 "age_65_79 age_80_plus"

static const struct rule population_rules[] = {
	UNIT_RULES,
	{ "people", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "male", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "female", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "households", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "age_*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "aged_60_share", GRID_STAT_SHARE, "age_60_64 " OLD65, DATED, 0 },
	{ "aged_65_share", GRID_STAT_SHARE, OLD65, DATED, 0 },
	{ "ageing_stage", GRID_STAT_STAGE, OLD65, DATED, 0 },
	{ "dependency_total", GRID_STAT_SHARE, "age_0_14 " OLD65, WORKING,
	    0 },
	{ "dependency_child", GRID_STAT_SHARE, "age_0_14", WORKING, 0 },
	{ "dependency_old", GRID_STAT_SHARE, OLD65, WORKING, 0 },
	{ "floating", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "overseas", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "tag_*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "floating_share", GRID_STAT_SHARE, "floating", "people", 0 },
	{ "overseas_share", GRID_STAT_SHARE, "overseas", "people", 0 },
	{ "floating_rented", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "floating_rented_share", GRID_STAT_SHARE, "floating_rented",
	    "floating", 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule groups_rules[] = {
	UNIT_RULES,
	{ "people", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "in_group", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "share", GRID_STAT_SHARE, "in_group", "people", 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule hazards_rules[] = {
	UNIT_RULES,
	{ "period", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "self_report_rate", GRID_STAT_SHARE, "reported", "due", 0 },
	{ "remediation_rate", GRID_STAT_SHARE, "remediated", "hazards", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule visits_rules[] = {
	UNIT_RULES,
	{ "month", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "low_income_share", GRID_STAT_SHARE, "low_income_visited",
	    "low_income", 0 },
	{ "elderly_alone_share", GRID_STAT_SHARE, "elderly_alone_visited",
	    "elderly_alone", 0 },
	{ "must_visit_share", GRID_STAT_SHARE, "must_visit_visited",
	    "must_visit", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule visits_due_rules[] = {
	UNIT_RULES,
	{ "at", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "on_time_share", GRID_STAT_SHARE, "visited_on_time", "people", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule disputes_rules[] = {
	UNIT_RULES,
	{ "period", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "success_rate", GRID_STAT_SHARE, "resolved", "mediated", 0 },
	{ "first_line_share", GRID_STAT_SHARE, "first_line", "resolved", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule petitions_rules[] = {
	UNIT_RULES,
	{ "period", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "on_time_rate", GRID_STAT_SHARE, "replied_on_time", "replied", 0 },
	{ "follow_through_rate", GRID_STAT_SHARE, "followed_through",
	    "replied", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct rule inspections_rules[] = {
	UNIT_RULES,
	{ "period", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "recurrence_rate", GRID_STAT_SHARE, "recurred", "passed", 0 },
	{ "*", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

/* unit and unit_name repeat the first place's key and name: the keys
 * are the dimensions', in their order */
static const struct rule cases_rules[] = {
	{ "level", GRID_STAT_SAME, NULL, NULL, 0 },
	{ "unit", GRID_STAT_NAME, NULL, NULL, 0 },
	{ "unit_name", GRID_STAT_NAME, NULL, NULL, 0 },
	{ "*_code", GRID_STAT_KEY, NULL, NULL, 0 },
	{ "*_name", GRID_STAT_NAME, NULL, NULL, 0 },
	{ "hour", GRID_STAT_KEY, NULL, NULL, 0 },
	{ "weekday", GRID_STAT_KEY, NULL, NULL, 0 },
	{ "month", GRID_STAT_KEY, NULL, NULL, 0 },
	{ "cases", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "share", GRID_STAT_TABLE_SHARE, "cases", NULL, 0 },
	{ "people", GRID_STAT_COUNT, NULL, NULL, 0 },
	{ "rate_per_1000", GRID_STAT_SHARE, "cases", "people", 10 },
	{ "rank_by_rate", GRID_STAT_RANK_RATE, "cases", "people", 0 },
	{ "rank", GRID_STAT_RANK, "cases", NULL, 0 },
	{ "hotspot", GRID_STAT_HOTSPOT, "cases", NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct {
	const char *statistic;
	const struct rule *rules;
} statistics[] = {
	{ "population", population_rules },
	{ "groups", groups_rules },
	{ "cases", cases_rules },
	{ "hazards", hazards_rules },
	{ "visits", visits_rules },
	{ "visits_due", visits_due_rules },
	{ "disputes", disputes_rules },
	{ "petitions", petitions_rules },
	{ "inspections", inspections_rules },
};

/* 1 when column name matches pattern (a trailing '*': a prefix, a
 * leading one: a suffix). */
static int
matches(const char *pattern, const char *name)
{
	size_t p = strlen(pattern), n = strlen(name);

	if (p > 0 && pattern[p - 1] == '*')
		return strncmp(pattern, name, p - 1) == 0;
	if (p > 0 && pattern[0] == '*')
		return n >= p - 1 && strcmp(name + n - (p - 1), pattern + 1) ==
		    0;
	return strcmp(pattern, name) == 0;
}

/* The set of the columns named in list (space-separated); -1 if one is
 * not a column of d. */
static int
column_set(const struct grid_stat_desc *d, const char *list, uint64_t *set)
{
	const char *p = list;
	size_t len, i;

	*set = 0;
	while (p != NULL && *p != '\0') {
		len = strcspn(p, " ");
		for (i = 0; i < d->n; i++)
			if (strlen(d->columns[i].name) == len &&
			    strncmp(d->columns[i].name, p, len) == 0)
				break;
		if (i == d->n)
			return -1;
		*set |= (uint64_t)1 << i;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

int
grid_stat_desc_init(struct grid_stat_desc *d, const char *statistic,
    const struct grid_column *columns, size_t n, struct grid_error *err)
{
	const struct rule *rules = NULL, *r;
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < GRIDI_ARRAY_LEN(statistics); i++)
		if (strcmp(statistics[i].statistic, statistic) == 0) {
			rules = statistics[i].rules;
			d->statistic = statistics[i].statistic;
		}
	if (rules == NULL || n > GRID_STAT_MAX_COLUMNS)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no description of the statistic '%s'", statistic);
	d->n = n;
	memcpy(d->columns, columns, n * sizeof(*columns));
	for (i = 0; i < n; i++) {
		for (r = rules; r->name != NULL; r++)
			if (matches(r->name, columns[i].name))
				break;
		if (r->name == NULL)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    columns[i].name, "no rule for the column of %s",
			    statistic);
		d->role[i] = r->role;
		d->factor[i] = r->factor > 0 ? r->factor : 1;
	}
	/* the operands, once every column is known */
	for (i = 0; i < n; i++) {
		for (r = rules; !matches(r->name, columns[i].name); r++)
			;
		if (column_set(d, r->num, &d->num[i]) != 0 ||
		    column_set(d, r->den, &d->den[i]) != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    columns[i].name, "an operand of %s is not a "
			    "column", statistic);
	}
	return 0;
}

/* 1 when the n names are exactly the columns. */
static int
same_columns(const struct grid_column *columns, size_t ncolumns,
    const char *const *names, size_t n)
{
	size_t i;

	if (n != ncolumns)
		return 0;
	for (i = 0; i < n; i++)
		if (names[i] == NULL || strcmp(names[i], columns[i].name) != 0)
			return 0;
	return 1;
}

/* The cases query whose key columns are among names, in their order. */
static void
cases_query(const char *const *names, size_t n,
    struct grid_casestats_query *q)
{
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	struct grid_casestats_query one;
	size_t i, key;
	int dim;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < n && names[i] != NULL; i++)
		for (dim = 0; dim <= GRID_CS_MONTH; dim++) {
			memset(&one, 0, sizeof(one));
			one.dims[0] = (enum grid_casestats_dim)dim;
			one.ndims = 1;
			grid_casestats_columns(&one, columns);
			key = strcmp(columns[0].name, "level") == 0 ? 3 : 0;
			if (strcmp(columns[key].name, names[i]) == 0 &&
			    q->ndims < GRID_CASESTATS_MAX_DIMS)
				q->dims[q->ndims++] =
				    (enum grid_casestats_dim)dim;
		}
}

/* The statistics of fixed columns, in the order their columns are told
 * apart. */
static const char *const fixed[] = {
	"population", "groups", "hazards", "visits", "visits_due",
	"disputes", "petitions", "inspections"
};

/* The columns of a statistic of fixed columns (fixed[]); NULL for
 * another. */
static const struct grid_column *
fixed_columns(const char *statistic, size_t *n)
{
	if (strcmp(statistic, "population") == 0)
		return grid_popstats_columns(n);
	if (strcmp(statistic, "groups") == 0)
		return grid_groupstats_columns(n);
	if (strcmp(statistic, "hazards") == 0)
		return grid_hazards_columns(n);
	if (strcmp(statistic, "visits") == 0)
		return grid_visits_columns(n);
	if (strcmp(statistic, "visits_due") == 0)
		return grid_visits_due_columns(0, n);
	if (strcmp(statistic, "disputes") == 0)
		return grid_disputestats_columns(n);
	if (strcmp(statistic, "petitions") == 0)
		return grid_petitionstats_columns(n);
	if (strcmp(statistic, "inspections") == 0)
		return grid_hazards_inspection_columns(n);
	return NULL;
}

int
grid_stat_desc_match(struct grid_stat_desc *d, const char *const *names,
    size_t n, struct grid_error *err)
{
	struct grid_column cases[GRID_CASESTATS_MAX_COLUMNS];
	struct grid_casestats_query q;
	const struct grid_column *columns;
	size_t ncolumns, i;

	for (i = 0; i < GRIDI_ARRAY_LEN(fixed); i++)
		if ((columns = fixed_columns(fixed[i], &ncolumns)) != NULL &&
		    same_columns(columns, ncolumns, names, n))
			return grid_stat_desc_init(d, fixed[i], columns,
			    ncolumns, err);
	cases_query(names, n, &q);
	if (q.ndims > 0) {
		ncolumns = grid_casestats_columns(&q, cases);
		if (same_columns(cases, ncolumns, names, n))
			return grid_stat_desc_init(d, "cases", cases,
			    ncolumns, err);
	}
	return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
	    "not the rows of a statistic that can be merged (population, "
	    "groups, cases, hazards, hazards --inspections, visits, visits "
	    "--due --by, disputes, petitions): columns %s%s%s%s...",
	    n > 0 && names[0] ? names[0] : "", n > 1 ? ", " : "",
	    n > 1 && names[1] ? names[1] : "", n > 2 ? ", " : "");
}

/* ---- one row's figures ---- */

/* The sum of the counts of set in r. */
static long long
operand(const long long *count, uint64_t set)
{
	long long sum = 0;
	size_t i;

	for (i = 0; set != 0; i++, set >>= 1)
		if (set & 1)
			sum += count[i];
	return sum;
}

/* 1 when every column of set has a count in r (has: NULL, all do). */
static int
operand_given(const unsigned char *has, uint64_t set)
{
	size_t i;

	for (i = 0; has != NULL && set != 0; i++, set >>= 1)
		if ((set & 1) && !has[i])
			return 0;
	return 1;
}

/*
 * The stage of a 65+ share old / dated (doc/domain.md section 6); NULL
 * for 0 / 0.
 */
static const char *
ageing_stage(long long old, long long dated)
{
	if (dated <= 0)
		return NULL;
	if (old * 100 >= dated * 20)
		return "super_aged";
	if (old * 100 >= dated * 14)
		return "aged";
	if (old * 100 >= dated * 7)
		return "ageing";
	return "none";
}

/* The row's SHARE and STAGE columns from its counts; has: which are
 * given (NULL: every one). */
static void
derive_row(const struct grid_stat_desc *d, struct gridi_stats_row *r,
    const unsigned char *has)
{
	long long num, den;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->role[i] != GRID_STAT_SHARE &&
		    d->role[i] != GRID_STAT_STAGE)
			continue;
		r->values[i] = NULL;
		if (!operand_given(has, d->num[i] | d->den[i]))
			continue;
		num = operand(r->count, d->num[i]);
		den = operand(r->count, d->den[i]);
		if (d->role[i] == GRID_STAT_STAGE)
			r->values[i] = ageing_stage(num, den);
		else
			gridi_stats_share(r, i, num * d->factor[i], den);
	}
}

void
gridi_stats_derive(const struct grid_stat_desc *d, struct gridi_stats_row *r)
{
	derive_row(d, r, NULL);
}

const struct grid_stat_desc *
gridi_stats_desc(const char *statistic)
{
	static struct grid_stat_desc descs[GRIDI_ARRAY_LEN(fixed)];
	const struct grid_column *columns;
	size_t n, i;

	for (i = 0; i < GRIDI_ARRAY_LEN(fixed); i++)
		if (strcmp(fixed[i], statistic) == 0)
			break;
	if (i == GRIDI_ARRAY_LEN(fixed) ||
	    (columns = fixed_columns(statistic, &n)) == NULL)
		return NULL;
	if (descs[i].n == 0 && grid_stat_desc_init(&descs[i], statistic,
	    columns, n, NULL) != 0)
		return NULL;
	return &descs[i];
}

/* ---- the table ---- */

struct trow {
	char **text;		/* KEY, NAME and SAME columns; owned */
	long long *count;	/* COUNT columns */
	unsigned char *has;	/* the count is given */
	const struct grid_stat_desc *d;	/* the table's, for sorting */
	size_t seq;		/* the order the row was added in */
	long rank, rank_by_rate;	/* 0: none */
	int unit;		/* every key given */
};

struct grid_stat_table {
	struct grid_stat_desc d;
	struct trow *rows;
	size_t n, cap;
	char **first_same;	/* the first row's SAME values */
	int merged;		/* rows sorted and summed */
};

struct grid_stat_table *
grid_stat_table_new(const struct grid_stat_desc *d)
{
	struct grid_stat_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->d = *d;
	return t;
}

size_t
grid_stat_table_count(const struct grid_stat_table *t)
{
	return t->n;
}

static void
free_row(const struct grid_stat_desc *d, struct trow *r)
{
	size_t i;

	for (i = 0; r->text != NULL && i < d->n; i++)
		free(r->text[i]);
	free(r->text);
	free(r->count);
	free(r->has);
}

void
grid_stat_table_free(struct grid_stat_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		free_row(&t->d, &t->rows[i]);
	free(t->rows);
	free(t);
}

/* A whole number (optionally signed) in text into *n; -1 otherwise. */
static int
parse_count(const char *text, long long *n)
{
	char *end;

	errno = 0;
	*n = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0)
		return -1;
	return 0;
}

static int
no_memory(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Checks and copies the values of row r from values.  0 or -1. */
static int
fill_trow(struct grid_stat_table *t, struct trow *r,
    const char *const *values, struct grid_error *err)
{
	const struct grid_stat_desc *d = &t->d;
	const char *first;
	size_t i;

	r->unit = 1;
	for (i = 0; i < d->n; i++) {
		switch (d->role[i]) {
		case GRID_STAT_SAME:
			first = t->n > 0 ? t->rows[0].text[i] : values[i];
			if ((first == NULL) != (values[i] == NULL) ||
			    (first != NULL && strcmp(first, values[i]) != 0))
				return grid_error_set(err, GRID_EDATA, NULL, 0,
				    d->columns[i].name, "'%s' differs from "
				    "the first row's '%s': rows of one %s "
				    "only", values[i] ? values[i] : "",
				    first ? first : "", d->columns[i].name);
			/* FALLTHROUGH */
		case GRID_STAT_KEY:
		case GRID_STAT_NAME:
			if (d->role[i] == GRID_STAT_KEY && values[i] == NULL)
				r->unit = 0;
			if (values[i] != NULL &&
			    (r->text[i] = strdup(values[i])) == NULL)
				return no_memory(err);
			break;
		case GRID_STAT_COUNT:
			if (values[i] == NULL)
				break;
			if (parse_count(values[i], &r->count[i]) != 0)
				return grid_error_set(err, GRID_EDATA, NULL, 0,
				    d->columns[i].name, "not a count '%s'",
				    values[i]);
			r->has[i] = 1;
			break;
		default:
			break;
		}
	}
	return 0;
}

int
grid_stat_table_add(struct grid_stat_table *t, const char *const *values,
    struct grid_error *err)
{
	struct trow *r, *more;
	size_t n = t->d.n;

	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;

		if ((more = realloc(t->rows, cap * sizeof(*more))) == NULL)
			return no_memory(err);
		t->rows = more;
		t->cap = cap;
	}
	r = &t->rows[t->n];
	memset(r, 0, sizeof(*r));
	r->seq = t->n;
	r->text = calloc(n > 0 ? n : 1, sizeof(*r->text));
	r->count = calloc(n > 0 ? n : 1, sizeof(*r->count));
	r->has = calloc(n > 0 ? n : 1, 1);
	if (r->text == NULL || r->count == NULL || r->has == NULL) {
		free_row(&t->d, r);
		return no_memory(err);
	}
	if (fill_trow(t, r, values, err) != 0) {
		free_row(&t->d, r);
		return -1;
	}
	t->n++;
	t->merged = 0;
	return 0;
}

/* Compares key i of a and b: empty last, integers by value. */
static int
key_cmp(const struct grid_stat_desc *d, size_t i, const char *a,
    const char *b)
{
	long long x, y;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	if (d->columns[i].type == GRID_COL_INT && parse_count(a, &x) == 0 &&
	    parse_count(b, &y) == 0)
		return (x > y) - (x < y);
	return strcmp(a, b);
}

static int
rows_cmp_keys(const struct grid_stat_desc *d, const struct trow *a,
    const struct trow *b)
{
	size_t i;
	int c;

	for (i = 0; i < d->n; i++)
		if (d->role[i] == GRID_STAT_KEY &&
		    (c = key_cmp(d, i, a->text[i], b->text[i])) != 0)
			return c;
	return 0;
}

static int
by_keys(const void *pa, const void *pb)
{
	const struct trow *a = pa, *b = pb;
	int c = rows_cmp_keys(a->d, a, b);

	if (c != 0)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Adds row b into a (b freed). */
static void
sum_into(const struct grid_stat_desc *d, struct trow *a, struct trow *b)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->role[i] == GRID_STAT_COUNT && b->has[i]) {
			a->count[i] += b->count[i];
			a->has[i] = 1;
		} else if (d->role[i] == GRID_STAT_NAME &&
		    a->text[i] == NULL) {
			a->text[i] = b->text[i];
			b->text[i] = NULL;
		}
	}
	free_row(d, b);
}

/* Sorts the rows by their keys and sums the rows of the same keys. */
static void
merge_rows(struct grid_stat_table *t)
{
	size_t i, out = 0;

	if (t->merged)
		return;
	for (i = 0; i < t->n; i++)
		t->rows[i].d = &t->d;
	if (t->n > 1)	/* no rows: rows may be NULL */
		qsort(t->rows, t->n, sizeof(*t->rows), by_keys);
	for (i = 0; i < t->n; i++) {
		if (out > 0 && rows_cmp_keys(&t->d, &t->rows[out - 1],
		    &t->rows[i]) == 0)
			sum_into(&t->d, &t->rows[out - 1], &t->rows[i]);
		else
			t->rows[out++] = t->rows[i];
	}
	for (i = 0; i < out; i++)
		t->rows[i].seq = i;
	t->n = out;
	t->merged = 1;
}

/* The first column of role, or d->n. */
static size_t
role_column(const struct grid_stat_desc *d, enum grid_stat_role role)
{
	size_t i;

	for (i = 0; i < d->n && d->role[i] != role; i++)
		;
	return i;
}

/* What the ranking sort compares: each row's operands. */
struct ranking {
	const long long *num, *den;
};

/* Row a before b: a larger num / den (cross-multiplied), else the
 * earlier row. */
static int
ranks_before(const struct ranking *rk, size_t a, size_t b)
{
	long long x = rk->num[a] * rk->den[b], y = rk->num[b] * rk->den[a];

	return x != y ? x > y : a < b;
}

/* Sorts idx[0..n) by ranks_before (a merge sort, through tmp). */
static void
sort_ranks(const struct ranking *rk, size_t *idx, size_t *tmp, size_t n)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n < 2)
		return;
	sort_ranks(rk, idx, tmp, half);
	sort_ranks(rk, idx + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = ranks_before(rk, idx[j], idx[i]) ? idx[j++] :
		    idx[i++];
	while (i < half)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

/*
 * Sets the ranks of the key rows by the column of role (RANK: by num,
 * RANK_RATE: by num / den among the rows with den > 0): 1 + the rows
 * ranking before each, ties by key order.  Returns 0 or -1 (memory).
 */
static int
rank(struct grid_stat_table *t, enum grid_stat_role role)
{
	const struct grid_stat_desc *d = &t->d;
	size_t c = role_column(d, role), i, m = 0;
	long long *num = NULL, *den = NULL;
	size_t *idx = NULL, *tmp = NULL;
	struct ranking rk;
	int ret = -1;

	if (c == d->n || t->n == 0)
		return 0;
	num = calloc(t->n, sizeof(*num));
	den = calloc(t->n, sizeof(*den));
	idx = calloc(t->n, sizeof(*idx));
	tmp = calloc(t->n, sizeof(*tmp));
	if (num == NULL || den == NULL || idx == NULL || tmp == NULL)
		goto out;
	for (i = 0; i < t->n; i++) {
		num[i] = operand(t->rows[i].count, d->num[c]);
		den[i] = role == GRID_STAT_RANK_RATE ?
		    operand(t->rows[i].count, d->den[c]) : 1;
		if (t->rows[i].unit && den[i] > 0)
			idx[m++] = i;
	}
	rk.num = num;
	rk.den = den;
	sort_ranks(&rk, idx, tmp, m);
	for (i = 0; i < m; i++) {
		if (role == GRID_STAT_RANK)
			t->rows[idx[i]].rank = (long)i + 1;
		else
			t->rows[idx[i]].rank_by_rate = (long)i + 1;
	}
	ret = 0;
out:
	free(num);
	free(den);
	free(idx);
	free(tmp);
	return ret;
}

/* The sums over the key rows of a column's num and its squares. */
struct spread {
	long double n, sum, squares;
	long long total;	/* over every row */
};

static void
spread(const struct grid_stat_table *t, uint64_t set, struct spread *sp)
{
	long long v;
	size_t i;

	memset(sp, 0, sizeof(*sp));
	for (i = 0; i < t->n; i++) {
		v = operand(t->rows[i].count, set);
		sp->total += v;
		if (t->rows[i].unit) {
			sp->n += 1;
			sp->sum += (long double)v;
			sp->squares += (long double)v * (long double)v;
		}
	}
}

/*
 * v > mean + 2 sd (population sd), in integers: with d = n v - S, d > 0
 * and d^2 > 4 (n SS - S^2), exact while the figures fit in a long
 * double's 64-bit mantissa.
 */
static int
hotspot(const struct spread *sp, long long v)
{
	long double d = sp->n * (long double)v - sp->sum;

	return d > 0 && d * d > 4 * (sp->n * sp->squares - sp->sum * sp->sum);
}

/* The values of row r into o. */
static void
fill_out(const struct grid_stat_table *t, const struct trow *r,
    const struct spread *sp, struct gridi_stats_row *o)
{
	const struct grid_stat_desc *d = &t->d;
	long long v;
	size_t i;

	for (i = 0; i < d->n; i++) {
		o->values[i] = NULL;
		o->count[i] = r->count[i];
		switch (d->role[i]) {
		case GRID_STAT_KEY:
		case GRID_STAT_NAME:
		case GRID_STAT_SAME:
			o->values[i] = r->text[i];
			break;
		case GRID_STAT_COUNT:
			if (r->has[i])
				gridi_stats_count(o, i, r->count[i]);
			break;
		case GRID_STAT_TABLE_SHARE:
			gridi_stats_share(o, i, operand(r->count, d->num[i]),
			    sp->total);
			break;
		case GRID_STAT_RANK:
		case GRID_STAT_RANK_RATE:
			v = d->role[i] == GRID_STAT_RANK ? r->rank :
			    r->rank_by_rate;
			if (v != 0)
				gridi_stats_count(o, i, v);
			break;
		case GRID_STAT_HOTSPOT:
			if (r->unit)
				o->values[i] = hotspot(sp, operand(r->count,
				    d->num[i])) ? "1" : "0";
			break;
		default:
			break;
		}
	}
	derive_row(d, o, r->has);
}

int
grid_stat_table_emit(struct grid_stat_table *t, long top,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err)
{
	const struct grid_stat_desc *d = &t->d;
	struct gridi_stats_row *o;
	struct spread sp;
	size_t i, h = role_column(d, GRID_STAT_HOTSPOT);
	long k, last;
	int ret = 0;

	if ((o = malloc(sizeof(*o))) == NULL)
		return no_memory(err);
	merge_rows(t);
	for (i = 0; i < t->n; i++)
		t->rows[i].rank = t->rows[i].rank_by_rate = 0;
	if (rank(t, GRID_STAT_RANK) != 0 ||
	    rank(t, GRID_STAT_RANK_RATE) != 0) {
		free(o);
		return no_memory(err);
	}
	if (h == d->n)
		h = role_column(d, GRID_STAT_TABLE_SHARE);
	spread(t, h < d->n ? d->num[h] : 0, &sp);
	last = top > 0 && role_column(d, GRID_STAT_RANK) < d->n ? top : 0;
	for (k = 1; ret == 0 && last > 0 && k <= last; k++)
		for (i = 0; ret == 0 && i < t->n; i++)
			if (t->rows[i].rank == k) {
				fill_out(t, &t->rows[i], &sp, o);
				ret = gridi_stats_emit(on_row, ctx, o->values,
				    err);
			}
	for (i = 0; ret == 0 && last == 0 && i < t->n; i++) {
		fill_out(t, &t->rows[i], &sp, o);
		ret = gridi_stats_emit(on_row, ctx, o->values, err);
	}
	free(o);
	return ret;
}
