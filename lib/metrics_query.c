/*
 * metrics_query.c - the counts of one or more months per unit
 * (metrics.h) in one pass over the cases: every case is read once, its
 * times parsed once, and counted into each month asked for.  SQLite
 * only hands the rows over; the rules of metrics.h are applied here, in
 * C, which is several times faster than the same rules as SQL
 * expressions (bench/report.sh).  Then the 立案数 scores per unit grid
 * and the working hours from dispatch to handled.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/calendar.h"
#include "grid/db.h"
#include "grid/metrics.h"
#include "grid/text.h"
#include "internal.h"

#define NO_TIME LLONG_MIN

/*
 * The characters of cases.grid_code naming a unit of a place (levels.h)
 * in a database whose grid sequences have seq_width digits, 0 for the
 * other units.
 */
static size_t
unit_len(enum grid_metrics_level level, int seq_width)
{
	return grid_level_code_len(grid_metrics_level_place(level),
	    seq_width);
}

/*
 * The units every report lists, with or without cases: code, name and
 * kind.  Places: the units of their level (gridi_units), in u.
 */
static const char place_units[] =
    "WITH u (unit) AS (%s) SELECT u.unit, %s, '' FROM u";
static const char dept_units[] = "SELECT code, name, '' FROM departments";
static const char worker_units[] = "SELECT id, name, kind FROM workers";

/* The closure counts by level, from the grid's up, as levels.h's. */
_Static_assert(GRID_C_CLOSED_CITY - GRID_C_CLOSED_GRID ==
    GRID_LEVEL_GRID - GRID_LEVEL_CITY, "a closed_<level> for each level");

static const char cases_sql[] =
"SELECT id, grid_code, dept_code, reporter, status, level, source, rating,\n"
"  rework_count, reported_at, registered_at, dispatched_at, handled_at,\n"
"  closed_at, deadline FROM cases";
enum {
	K_ID, K_GRID, K_DEPT, K_REPORTER, K_STATUS, K_LEVEL, K_SOURCE,
	K_RATING, K_REWORK, K_REP, K_REG, K_DIS, K_HAN, K_CLO, K_DL
};

static const char steps_sql[] =
"SELECT case_id, action, at FROM case_log\n"
"WHERE action IN ('return', 'escalate', 'void') ORDER BY case_id, id";

/* A set of strings with stable indices (append only), hashed. */
struct keys {
	char **key;
	size_t n, cap;		/* keys */
	size_t *slot;		/* index + 1, 0 empty; nslot a power of 2 */
	size_t nslot;
};

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The index of s, or -1 when absent. */
static long
keys_find(const struct keys *k, const char *s)
{
	size_t i;

	if (k->nslot == 0)
		return -1;
	for (i = hash(s) & (k->nslot - 1); k->slot[i] != 0;
	    i = (i + 1) & (k->nslot - 1))
		if (strcmp(k->key[k->slot[i] - 1], s) == 0)
			return (long)(k->slot[i] - 1);
	return -1;
}

static int
keys_rehash(struct keys *k)
{
	size_t nslot = k->nslot != 0 ? k->nslot * 2 : 256, i, j;
	size_t *slot = calloc(nslot, sizeof(*slot));

	if (slot == NULL)
		return -1;
	for (i = 0; i < k->n; i++) {
		for (j = hash(k->key[i]) & (nslot - 1); slot[j] != 0;
		    j = (j + 1) & (nslot - 1))
			;
		slot[j] = i + 1;
	}
	free(k->slot);
	k->slot = slot;
	k->nslot = nslot;
	return 0;
}

/* The index of s, added when new; -1 when out of memory. */
static long
keys_add(struct keys *k, const char *s)
{
	long found = keys_find(k, s);
	size_t j;

	if (found >= 0)
		return found;
	if ((k->n + 1) * 2 > k->nslot && keys_rehash(k) != 0)
		return -1;
	if (k->n == k->cap) {
		size_t cap = k->cap != 0 ? k->cap * 2 : 128;
		char **more = realloc(k->key, cap * sizeof(*more));

		if (more == NULL)
			return -1;
		k->key = more;
		k->cap = cap;
	}
	if ((k->key[k->n] = strdup(s)) == NULL)
		return -1;
	for (j = hash(s) & (k->nslot - 1); k->slot[j] != 0;
	    j = (j + 1) & (k->nslot - 1))
		;
	k->slot[j] = k->n + 1;
	return (long)k->n++;
}

static void
keys_release(struct keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->key[i]);
	free(k->key);
	free(k->slot);
	memset(k, 0, sizeof(*k));
}

/* One unit's month while counting. */
struct acc {
	long long count[GRID_C_NCOUNT];
	long long *secs;	/* working seconds of the cases handled */
	size_t nsecs, capsecs;
	int seen;		/* a case reported before the month's end */
};

/* A unit as its reference table gives it. */
struct unit_ref {
	char name[128];
	char kind[16];		/* workers' kind */
	int listed;		/* in the reference table */
};

/* A return, escalate or void step of the log. */
struct step {
	char *case_id;
	char action;		/* 'r', 'e', 'v' */
	long long at;
};

struct run {
	struct grid_db *db;
	int seq_width;		/* grid_seq_width: 2 or 3 */
	const struct grid_calendar *cal;
	enum grid_metrics_level level;
	size_t nmonths;
	long long start[12], end[12];
	long long now;		/* grid_now: the month holding it is partial */
	struct keys units;	/* unit codes */
	struct unit_ref *refs;	/* per unit */
	size_t capunits;
	struct acc *acc[12];	/* per month, per unit */
	struct keys grids;	/* grid codes */
	int *professional;	/* per grid */
	long long *registered[12];	/* per month, per grid */
	size_t capgrids;
	size_t table_grids;	/* grids.key[0 .. table_grids) are table's */
	struct step *steps;
	size_t nsteps;
};

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

static long long
epoch(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	time_t v;

	if (t == NULL || grid_time_to_epoch((const char *)t, &v) != 0)
		return NO_TIME;
	return (long long)v;
}

static const char *
text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/*
 * array, of old elements of size bytes, grown to cap elements, the new
 * ones zeroed.  Returns the new array, or NULL when out of memory (array
 * kept).
 */
static void *
grow(void *array, size_t size, size_t old, size_t cap)
{
	char *more = realloc(array, cap * size);

	if (more != NULL)
		memset(more + old * size, 0, (cap - old) * size);
	return more;
}

/* The index of unit, added (with room in every per-unit array). */
static long
unit_index(struct run *r, const char *unit, struct grid_error *err)
{
	long u = keys_add(&r->units, unit);
	size_t k, old = r->capunits, cap;
	void *more;

	if (u < 0)
		return oom(err);
	if (r->units.n <= old)
		return u;
	cap = old != 0 ? old * 2 : 256;
	if ((more = grow(r->refs, sizeof(*r->refs), old, cap)) == NULL)
		return oom(err);
	r->refs = more;
	for (k = 0; k < r->nmonths; k++) {
		if ((more = grow(r->acc[k], sizeof(*r->acc[k]), old, cap)) ==
		    NULL)
			return oom(err);
		r->acc[k] = more;
	}
	r->capunits = cap;
	return u;
}

/* The index of grid code g, added (with room per grid). */
static long
grid_index(struct run *r, const char *g, struct grid_error *err)
{
	long i = keys_add(&r->grids, g);
	size_t k, old = r->capgrids, cap;
	void *more;

	if (i < 0)
		return oom(err);
	if (r->grids.n <= old)
		return i;
	cap = old != 0 ? old * 2 : 1024;
	if ((more = grow(r->professional, sizeof(*r->professional), old,
	    cap)) == NULL)
		return oom(err);
	r->professional = more;
	for (k = 0; k < r->nmonths; k++) {
		if ((more = grow(r->registered[k], sizeof(*r->registered[k]),
		    old, cap)) == NULL)
			return oom(err);
		r->registered[k] = more;
	}
	r->capgrids = cap;
	return i;
}

/* Prepares the query of the units r's report lists. */
static int
prepare_refs(struct run *r, sqlite3_stmt **st, struct grid_error *err)
{
	struct gridi_units units;
	char sql[sizeof(place_units) + sizeof(units.select) +
	    sizeof(units.name)];

	if (r->level == GRID_BY_DEPT || r->level == GRID_BY_WORKER)
		return grid_db_prepare(r->db, r->level == GRID_BY_DEPT ?
		    dept_units : worker_units, st, err);
	gridi_units_init(r->db, grid_metrics_level_place(r->level), &units);
	snprintf(sql, sizeof(sql), place_units, units.select, units.name);
	return grid_db_prepare(r->db, sql, st, err);
}

static int
read_refs(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int step, rc = -1;
	long u;

	if (prepare_refs(r, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (text(st, 0) == NULL)
			continue;
		if ((u = unit_index(r, text(st, 0), err)) < 0)
			goto out;
		r->refs[u].listed = 1;
		grid_text_copy(r->refs[u].name, sizeof(r->refs[u].name),
		    text(st, 1) != NULL ? text(st, 1) : "");
		snprintf(r->refs[u].kind, sizeof(r->refs[u].kind), "%s",
		    text(st, 2) != NULL ? text(st, 2) : "");
	}
	if (step != SQLITE_DONE) {
		grid_db_error(r->db, step, "reading the units", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Every grid with its kind: unit grids are scored, professional not. */
static int
read_grids(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int step, rc = -1;
	long g;

	if (grid_db_prepare(r->db, "SELECT code, kind FROM grids", &st,
	    err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (text(st, 0) == NULL)
			continue;
		if ((g = grid_index(r, text(st, 0), err)) < 0)
			goto out;
		r->professional[g] = text(st, 1) == NULL ||
		    strcmp(text(st, 1), "unit") != 0 ? 1 : 0;
	}
	if (step != SQLITE_DONE) {
		grid_db_error(r->db, step, "reading the grids", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
read_steps(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int step, rc = -1;

	if (grid_db_prepare(r->db, steps_sql, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct step *s;

		if (text(st, 0) == NULL || text(st, 1) == NULL ||
		    epoch(st, 2) == NO_TIME)
			continue;
		if (r->nsteps == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			if ((s = realloc(r->steps, cap * sizeof(*s))) ==
			    NULL) {
				oom(err);
				goto out;
			}
			r->steps = s;
		}
		s = &r->steps[r->nsteps];
		if ((s->case_id = strdup(text(st, 0))) == NULL) {
			oom(err);
			goto out;
		}
		s->action = text(st, 1)[0];
		s->at = epoch(st, 2);
		r->nsteps++;
	}
	if (step != SQLITE_DONE) {
		grid_db_error(r->db, step, "reading the case log", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
by_case_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct step *)elem)->case_id);
}

/* A case as the rules see it: its times and properties. */
struct kase {
	long long rep, reg, dis, han, clo, dl;
	int open_kind;		/* not voided, merged nor parked */
	int voided, public, rated, satisfied, rework;
	int level;		/* GRID_C_CLOSED_GRID + n, or -1 */
	const struct step *steps;	/* its log steps, sorted */
	size_t nsteps;
};

#define IN(t, k) ((t) != NO_TIME && (t) >= r->start[k] && (t) < r->end[k])

/* Whether the case has a step of action in month k; void: last one. */
static int
has_step(const struct run *r, const struct kase *c, char action, size_t k)
{
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].action == action && IN(c->steps[i].at, k))
			return 1;
	return 0;
}

static long long
void_at(const struct kase *c)
{
	long long at = NO_TIME;
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].action == 'v' && c->steps[i].at > at)
			at = c->steps[i].at;
	return at != NO_TIME ? at : c->rep;
}

/* Adds case c to a's counts for month k (c reported before its end). */
static void
count_case(const struct run *r, const struct kase *c, size_t k,
    struct acc *a)
{
	long long *n = a->count, end = r->end[k];
	int due = c->open_kind && c->dl != NO_TIME && (IN(c->dl, k) ||
	    (IN(c->clo, k) && c->dl < r->start[k]));
	int closed = due && c->clo != NO_TIME && c->clo < end;
	int handled = IN(c->han, k), registered = IN(c->reg, k);
	int handled_due = due && c->han != NO_TIME && c->han < end;

	a->seen = 1;
	n[GRID_C_REPORTED] += c->rep >= r->start[k];
	n[GRID_C_REGISTERED] += registered;
	n[GRID_C_VOIDED] += c->voided && IN(void_at(c), k);
	n[GRID_C_DISPATCHED] += IN(c->dis, k);
	n[GRID_C_RETURNED] += has_step(r, c, 'r', k);
	n[GRID_C_HANDLED] += handled;
	n[GRID_C_HANDLED_ON_TIME] += handled && c->dl != NO_TIME &&
	    c->han <= c->dl;
	n[GRID_C_DUE_TO_CLOSE] += due;
	n[GRID_C_CLOSED] += closed;
	n[GRID_C_CLOSED_ON_TIME] += closed && c->clo <= c->dl;
	n[GRID_C_REWORKED] += handled && c->rework;
	n[GRID_C_PUBLIC_VERIFIED] += registered && c->public;
	n[GRID_C_OVERDUE_OPEN] += c->open_kind && c->dl != NO_TIME &&
	    c->dl < end && (c->clo == NO_TIME || c->clo >= end);
	n[GRID_C_ESCALATED] += has_step(r, c, 'e', k);
	n[GRID_C_RATED] += IN(c->clo, k) && c->rated;
	n[GRID_C_SATISFIED] += IN(c->clo, k) && c->satisfied;
	n[GRID_C_HANDLED_DUE] += handled_due;
	n[GRID_C_HANDLED_DUE_ON_TIME] += handled_due && c->han <= c->dl;
	n[GRID_C_FILED] += c->rep >= r->start[k] && c->reg != NO_TIME;
	if (closed && c->level >= 0)
		n[c->level]++;
}

static int
add_seconds(struct acc *a, long long secs, struct grid_error *err)
{
	if (a->nsecs == a->capsecs) {
		size_t cap = a->capsecs != 0 ? a->capsecs * 2 : 16;
		long long *more = realloc(a->secs, cap * sizeof(*more));

		if (more == NULL)
			return oom(err);
		a->secs = more;
		a->capsecs = cap;
	}
	a->secs[a->nsecs++] = secs;
	return 0;
}

/* The unit of the case at the level, in buf; NULL when it has none. */
static const char *
case_unit(const struct run *r, sqlite3_stmt *st, char *buf, size_t n)
{
	const char *s;
	size_t len = unit_len(r->level, r->seq_width);

	switch (r->level) {
	case GRID_BY_DEPT:
		return text(st, K_DEPT);
	case GRID_BY_WORKER:
		/* Only a reporter who is a worker (every worker is a ref). */
		s = text(st, K_REPORTER);
		return s != NULL && keys_find(&r->units, s) >= 0 ? s : NULL;
	default:
		s = text(st, K_GRID);
		if (s == NULL || strlen(s) < len || len >= n)
			return NULL;
		memcpy(buf, s, len);
		buf[len] = '\0';
		return buf;
	}
}

static void
read_case(const struct run *r, sqlite3_stmt *st, struct kase *c)
{
	const char *status = text(st, K_STATUS), *s;
	const struct step *hit;
	enum grid_level level = grid_level_parse(text(st, K_LEVEL));
	size_t i;

	memset(c, 0, sizeof(*c));
	c->rep = epoch(st, K_REP);
	c->reg = epoch(st, K_REG);
	c->dis = epoch(st, K_DIS);
	c->han = epoch(st, K_HAN);
	c->clo = epoch(st, K_CLO);
	c->dl = epoch(st, K_DL);
	c->voided = status != NULL && strcmp(status, "voided") == 0;
	c->open_kind = status != NULL && !c->voided &&
	    strcmp(status, "merged") != 0 && strcmp(status, "parked") != 0;
	s = text(st, K_SOURCE);
	c->public = s != NULL && (strcmp(s, "hotline") == 0 ||
	    strcmp(s, "public_app") == 0);
	s = text(st, K_RATING);
	c->rated = s != NULL;
	c->satisfied = s != NULL && (strcmp(s, "A") == 0 ||
	    strcmp(s, "B") == 0);
	c->rework = sqlite3_column_int64(st, K_REWORK) > 0;
	c->level = level != GRID_LEVEL_NONE ? GRID_C_CLOSED_GRID +
	    ((int)GRID_LEVEL_GRID - (int)level) : -1;
	if (r->nsteps == 0 || text(st, K_ID) == NULL)
		return;
	hit = bsearch(text(st, K_ID), r->steps, r->nsteps, sizeof(*r->steps),
	    by_case_id);
	if (hit == NULL)
		return;
	while (hit > r->steps && strcmp(hit[-1].case_id, hit->case_id) == 0)
		hit--;
	for (i = 0; hit + i < r->steps + r->nsteps &&
	    strcmp(hit[i].case_id, hit->case_id) == 0; i++)
		;
	c->steps = hit;
	c->nsteps = i;
}

/* Month k's share of one case: its grid's 立案数, its unit's counts. */
static int
add_case(struct run *r, sqlite3_stmt *st, const struct kase *c, long u,
    size_t k, struct grid_error *err)
{
	const char *grid = text(st, K_GRID);
	long g;

	if (IN(c->reg, k) && grid != NULL) {
		if ((g = grid_index(r, grid, err)) < 0)
			return -1;
		r->registered[k][g]++;
	}
	if (u < 0)
		return 0;
	if (c->rep != NO_TIME && c->rep < r->end[k])
		count_case(r, c, k, &r->acc[k][u]);
	if (IN(c->han, k) && c->dis != NO_TIME && c->han >= c->dis)
		return add_seconds(&r->acc[k][u], grid_calendar_work_seconds(
		    r->cal, (time_t)c->dis, (time_t)c->han), err);
	return 0;
}

static int
read_cases(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	struct kase c;
	char buf[64];
	const char *unit;
	int step, rc = -1;
	size_t k;
	long u;

	if (grid_db_prepare(r->db, cases_sql, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		read_case(r, st, &c);
		u = -1;
		if ((unit = case_unit(r, st, buf, sizeof(buf))) != NULL &&
		    (u = unit_index(r, unit, err)) < 0)
			goto out;
		for (k = 0; k < r->nmonths; k++)
			if (add_case(r, st, &c, u, k, err) != 0)
				goto out;
	}
	if (step != SQLITE_DONE) {
		grid_db_error(r->db, step, "reading the cases", err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
by_seconds(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The handling sums and median of row from a's times. */
static void
set_hours(struct grid_metrics_row *row, struct acc *a)
{
	size_t i, n = a->nsecs;
	long long *secs = a->secs;

	row->handling_hours_median = NAN;
	if (n == 0)
		return;
	qsort(secs, n, sizeof(*secs), by_seconds);
	for (i = 0; i < n; i++)
		row->handling_seconds += secs[i];
	row->handling_n = (long long)n;
	row->handling_hours_median = round((n % 2 != 0 ? (double)secs[n / 2] :
	    ((double)secs[n / 2 - 1] + (double)secs[n / 2]) / 2) / 36.0) /
	    100.0;
}

static int
by_unit(const void *key, const void *elem)
{
	return strcmp(key, ((const struct grid_metrics_row *)elem)->unit);
}

/* Adds each unit grid's 立案数 score of month k to its unit's row. */
static void
add_grid_scores(const struct run *r, size_t k, struct grid_metrics *m)
{
	size_t g, len = unit_len(r->level, r->seq_width);
	struct grid_metrics_row *row;
	char unit[GRID_CODE_MAX + 1];

	if (len == 0)
		return;
	for (g = 0; g < r->grids.n; g++) {
		const char *code = r->grids.key[g];

		if (r->professional[g] || strlen(code) < len ||
		    len >= sizeof(unit))
			continue;
		/* A code outside table grids counts once it registered. */
		if (g >= r->table_grids && r->registered[k][g] == 0)
			continue;
		memcpy(unit, code, len);
		unit[len] = '\0';
		row = bsearch(unit, m->rows, m->n, sizeof(*m->rows), by_unit);
		if (row == NULL)
			continue;
		row->unit_grids++;
		row->registered_score_sum += grid_metrics_registered_score(
		    r->registered[k][g]);
	}
}

static int
by_row_unit(const void *a, const void *b)
{
	return strcmp(((const struct grid_metrics_row *)a)->unit,
	    ((const struct grid_metrics_row *)b)->unit);
}

/* Month k's report: the rows of units in the reference or with a case. */
static int
make_report(struct run *r, size_t k, const char *month,
    const struct grid_metrics_settings *set, struct grid_metrics **out,
    struct grid_error *err)
{
	struct grid_metrics *m = calloc(1, sizeof(*m));
	size_t u;

	if (m == NULL || (m->rows = calloc(r->units.n + 1,
	    sizeof(*m->rows))) == NULL) {
		free(m);
		return oom(err);
	}
	m->level = r->level;
	snprintf(m->month, sizeof(m->month), "%s", month);
	m->partial = r->start[k] <= r->now && r->now < r->end[k];
	for (u = 0; u < r->units.n; u++) {
		struct grid_metrics_row *row;

		if (!r->refs[u].listed && !r->acc[k][u].seen)
			continue;
		row = &m->rows[m->n++];
		row->level = r->level;
		memcpy(row->month, m->month, sizeof(row->month));
		snprintf(row->unit, sizeof(row->unit), "%s", r->units.key[u]);
		memcpy(row->unit_name, r->refs[u].name,
		    sizeof(row->unit_name));
		memcpy(row->worker_kind, r->refs[u].kind,
		    sizeof(row->worker_kind));
		memcpy(row->count, r->acc[k][u].count, sizeof(row->count));
		row->score_change = NAN;
		row->partial = m->partial;
		set_hours(row, &r->acc[k][u]);
	}
	qsort(m->rows, m->n, sizeof(*m->rows), by_row_unit);
	add_grid_scores(r, k, m);
	for (u = 0; u < m->n; u++)
		grid_metrics_finish(&m->rows[u], set);
	grid_metrics_rank(m->rows, m->n);
	*out = m;
	return 0;
}

static void
run_release(struct run *r)
{
	size_t k, u;

	for (k = 0; k < r->nmonths; k++) {
		/* units.n passes capunits when growing failed */
		for (u = 0; u < r->units.n && u < r->capunits; u++)
			free(r->acc[k][u].secs);
		free(r->acc[k]);
		free(r->registered[k]);
	}
	for (u = 0; u < r->nsteps; u++)
		free(r->steps[u].case_id);
	free(r->steps);
	free(r->refs);
	free(r->professional);
	keys_release(&r->units);
	keys_release(&r->grids);
}

static int
compute(struct run *r, const struct grid_metrics_settings *set,
    const char *const *months, struct grid_metrics **out,
    struct grid_error *err)
{
	size_t k;

	if (read_refs(r, err) != 0 || read_grids(r, err) != 0 ||
	    read_steps(r, err) != 0)
		return -1;
	/* Table grids first: the codes cases add come after them. */
	r->table_grids = r->grids.n;
	if (read_cases(r, err) != 0)
		return -1;
	for (k = 0; k < r->nmonths; k++)
		if (make_report(r, k, months[k], set, &out[k], err) != 0)
			return -1;
	return 0;
}

int
grid_metrics_compute_months(struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *const *months, size_t n,
    struct grid_metrics **out, struct grid_error *err)
{
	struct grid_calendar *own = NULL;
	struct run r;
	time_t start, end, now;
	size_t k;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	for (k = 0; k < n && k < 12; k++)
		out[k] = NULL;
	if (grid_metrics_level_name(level)[0] == '\0' || n == 0 || n > 12)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "by",
		    "bad level %d or %zu months", (int)level, n);
	if (grid_now(&now, err) != 0)
		return -1;
	r.now = (long long)now;
	for (k = 0; k < n; k++) {
		if (grid_metrics_month_bounds(months[k], &start, &end,
		    err) != 0)
			return -1;
		r.start[k] = (long long)start;
		r.end[k] = (long long)end;
	}
	if (cal == NULL) {
		if ((own = grid_calendar_new()) == NULL)
			return oom(err);
		if (grid_calendar_load(own, db, err) != 0)
			goto out;
		cal = own;
	}
	r.db = db;
	r.seq_width = (int)grid_db_setting_long(db, "grid_seq_width", 2);
	r.cal = cal;
	r.level = level;
	r.nmonths = n;
	rc = compute(&r, set, months, out, err);
out:
	if (rc != 0)
		for (k = 0; k < n; k++) {
			grid_metrics_free(out[k]);
			out[k] = NULL;
		}
	run_release(&r);
	grid_calendar_free(own);
	return rc;
}

int
grid_metrics_compute(struct grid_db *db, const struct grid_calendar *cal,
    const struct grid_metrics_settings *set, enum grid_metrics_level level,
    const char *month, struct grid_metrics **out, struct grid_error *err)
{
	return grid_metrics_compute_months(db, cal, set, level, &month, 1, out,
	    err);
}
