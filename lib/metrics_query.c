/*
 * metrics_query.c - the counts of one or more months per unit
 * (metrics.h) in one pass over the cases that can count in them: each
 * is read once, its times parsed once, and counted into each month asked
 * for.  SQLite only hands the rows over; the rules of metrics.h are
 * applied here, in C, which is several times faster than the same rules
 * as SQL expressions (bench/report.sh).  Then the 立案数 scores per unit
 * grid and the working hours from dispatch to handled.
 *
 * Which cases can count: those open, or with a time or a step of the log
 * from the first month's start on (relevant_sql).  A case closed before
 * it, with nothing after, counts in no month.  The log is read from the
 * first month's start on only, from case_log_action_at alone (schema 8):
 * a year of history costs a scan of the cases, not of a year's log
 * (bench/city.sh).  Of a case's earlier steps the rules need at most a
 * few facts (a return, the first reply, the handle before a
 * verification), read by case for the cases where they can change a
 * count (needs_old).  A case's steps are taken in time order (of equal
 * times, in log order).  All is read in one transaction, so that the
 * cases and the log agree.
 */
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/buf.h"
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

/*
 * The cases that can count in the months, a superset the rules sort out:
 * open (status closed without its time counts as open), or with a time
 * from ?1 on, or registered from ?2 on (its dispatch limit may fall in a
 * month: dispatch_floor).  Times are text in the database's zone, so ?1
 * and ?2 are dates two days before the instants (past any zone's
 * offset): what the text compares is the date.  The cases with only a
 * step of the log from then on are found in the log (read_window).
 */
static const char relevant_sql[] =
"(closed_at IS NULL AND status NOT IN ('voided', 'merged'))\n"
"  OR reported_at >= ?1 OR registered_at >= ?2 OR dispatched_at >= ?1\n"
"  OR handled_at >= ?1 OR closed_at >= ?1 OR deadline >= ?1\n"
"  OR reply_due >= ?1";

/* %s: the condition (relevant_sql or by id). */
static const char cases_sql[] =
"SELECT id, grid_code, dept_code, reporter, status, level, source, rating,\n"
"  rework_count, reported_at, registered_at, dispatched_at, handled_at,\n"
"  closed_at, deadline, reply_due FROM cases WHERE %s";
enum {
	K_ID, K_GRID, K_DEPT, K_REPORTER, K_STATUS, K_LEVEL, K_SOURCE,
	K_RATING, K_REWORK, K_REP, K_REG, K_DIS, K_HAN, K_CLO, K_DL,
	K_REPLY_DUE
};

/*
 * The steps kept: their enum step_action, action name, and 1 when an
 * earlier one can still count (needs_old): a return, a void, a reply or
 * a handle.
 */
#define STEP_ACTIONS(X) \
	X(A_RETURN, "return", 1) X(A_ESCALATE, "escalate", 0) \
	X(A_VOID, "void", 1) X(A_DISPATCH, "dispatch", 0) \
	X(A_ACK, "ack", 0) X(A_HANDLE, "handle", 1) \
	X(A_VERIFY, "verify", 0) X(A_REPLY, "reply", 1)
#define STEP_ENUM(e, name, old) e,
#define STEP_NAME(e, name, old) name,
#define STEP_SQL(e, name, old) "'" name "', "
#define OLD_STEP_SQL(e, name, old) GRIDI_WHEN_##old("'" name "', ")

enum step_action { STEP_ACTIONS(STEP_ENUM) A_NACTION };
static const char *const action_names[A_NACTION] = {
	STEP_ACTIONS(STEP_NAME)
};

/*
 * The steps the rules read from ?1 (a date before the first month, as
 * relevant_sql's) on, from case_log_action_at alone (it holds every
 * column read).
 */
static const char window_sql[] =
"SELECT case_id, action, at, worker_id, id FROM case_log\n"
"WHERE action IN (" STEP_ACTIONS(STEP_SQL) "'') AND at >= ?1";

/*
 * One case's earlier rows that can still count (needs_old) before ?2,
 * through case_log_case (the + keep the planner off case_log_action_at).
 */
static const char old_sql[] =
"SELECT action, at, id FROM case_log WHERE case_id = ?1 AND +at < ?2\n"
"  AND +action IN (" STEP_ACTIONS(OLD_STEP_SQL) "'')";

static const char worker_grids_sql[] =
"SELECT worker_id, grid_code FROM worker_grids";

/*
 * A set of strings with stable indices (append only), hashed.  A slot
 * holds the key's index + 1 (0: empty) in its low 32 bits and the high
 * 32 bits of the key's hash above, compared before the key is: a miss
 * costs one read of the slots, not of the keys.
 */
struct keys {
	char **key;		/* each in a block of blocks */
	size_t n, cap;		/* keys */
	uint64_t *slot;		/* nslot, a power of 2 */
	size_t nslot;
	char **blocks;		/* the keys' text, added in order: a key */
	size_t nblocks, capblocks;	/* and those added near it in */
	size_t used;		/* time are near in memory too */
};

#define KEYS_BLOCK 65536

#define SLOT_INDEX(v) ((size_t)((v) & 0xffffffffu))
#define SLOT_TAG(h) ((uint64_t)(h) & 0xffffffff00000000u)

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	/* the low bits pick the slot: mix the high ones in (fmix64) */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

/* The slot of s (hashed h): its key's, or the empty one it would take. */
static size_t
keys_slot(const struct keys *k, const char *s, uint64_t h)
{
	size_t i;
	uint64_t v;

	for (i = (size_t)h & (k->nslot - 1); (v = k->slot[i]) != 0;
	    i = (i + 1) & (k->nslot - 1))
		if ((v & 0xffffffff00000000u) == SLOT_TAG(h) &&
		    strcmp(k->key[SLOT_INDEX(v) - 1], s) == 0)
			break;
	return i;
}

/* The index of s, or -1 when absent. */
static long
keys_find(const struct keys *k, const char *s)
{
	uint64_t v;

	if (k->nslot == 0)
		return -1;
	v = k->slot[keys_slot(k, s, hash(s))];
	return v != 0 ? (long)SLOT_INDEX(v) - 1 : -1;
}

static int
keys_rehash(struct keys *k)
{
	size_t nslot = k->nslot != 0 ? k->nslot * 2 : 256, i, j;
	uint64_t *slot = calloc(nslot, sizeof(*slot)), h;

	if (slot == NULL)
		return -1;
	for (i = 0; i < k->n; i++) {
		h = hash(k->key[i]);
		for (j = (size_t)h & (nslot - 1); slot[j] != 0;
		    j = (j + 1) & (nslot - 1))
			;
		slot[j] = SLOT_TAG(h) | (uint64_t)(i + 1);
	}
	free(k->slot);
	k->slot = slot;
	k->nslot = nslot;
	return 0;
}

/* A copy of s in k's blocks (a new block when it has no room). */
static char *
keys_text(struct keys *k, const char *s)
{
	size_t len = strlen(s) + 1, size = len > KEYS_BLOCK ? len : KEYS_BLOCK;
	char *at;

	if (k->nblocks == 0 || k->used + len > KEYS_BLOCK || len >
	    KEYS_BLOCK) {
		if (k->nblocks == k->capblocks) {
			size_t cap = k->capblocks != 0 ? k->capblocks * 2 : 16;
			char **more = realloc(k->blocks, cap * sizeof(*more));

			if (more == NULL)
				return NULL;
			k->blocks = more;
			k->capblocks = cap;
		}
		if ((k->blocks[k->nblocks] = malloc(size)) == NULL)
			return NULL;
		k->nblocks++;
		k->used = 0;
	}
	at = k->blocks[k->nblocks - 1] + k->used;
	memcpy(at, s, len);
	k->used += len;
	return at;
}

/* The index of s, added when new; -1 when out of memory (or full). */
static long
keys_add(struct keys *k, const char *s)
{
	uint64_t h = hash(s);
	size_t j;

	if (k->nslot != 0 && k->slot[j = keys_slot(k, s, h)] != 0)
		return (long)SLOT_INDEX(k->slot[j]) - 1;
	if (k->n >= 0xfffffffeu ||
	    ((k->n + 1) * 2 > k->nslot && keys_rehash(k) != 0))
		return -1;
	if (k->n == k->cap) {
		size_t cap = k->cap != 0 ? k->cap * 2 : 128;
		char **more = realloc(k->key, cap * sizeof(*more));

		if (more == NULL)
			return -1;
		k->key = more;
		k->cap = cap;
	}
	if ((k->key[k->n] = keys_text(k, s)) == NULL)
		return -1;
	j = keys_slot(k, s, h);
	k->slot[j] = SLOT_TAG(h) | (uint64_t)(k->n + 1);
	return (long)k->n++;
}

static void
keys_release(struct keys *k)
{
	size_t i;

	for (i = 0; i < k->nblocks; i++)
		free(k->blocks[i]);
	free(k->blocks);
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
	char *name;		/* owned, whole; NULL: none */
	char kind[16];		/* workers' kind (the schema's CHECK) */
	int listed;		/* in the reference table */
};

/*
 * A row of the log the rules read: as read (run.steps, old), then as kept
 * (keep_steps): every return, escalate and void; the dispatch, ack and
 * verify steps from the first month's start on; the first reply of each
 * case.
 */
struct step {
	long long at;
	union {
		long long id;	/* as read: case_log.id, the order of */
				/* equal times */
		long long handled;	/* verify kept: the handle step */
	} u;				/* before it */
	uint32_t kase;		/* its case's index in run.cases */
	int32_t worker;		/* verify, worker reports: its worker's unit */
	unsigned char action;	/* enum step_action */
};
_Static_assert(sizeof(struct step) <= 32, "a million steps in 32 MB");

/* A worker's grid (worker_grids), by grid index. */
struct grid_worker {
	long grid, unit;
};

/* A date and offset read (epoch): the instant of its day's start. */
#define NDAYS 10
struct day_memo {
	char date[10], offset[6];	/* YYYY-MM-DD, +HH:MM */
	long long start;
	int known;
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
	struct step *steps;	/* the window's, by case (first_step), */
	size_t nsteps;		/* in time order */
	struct keys cases;	/* the ids of the cases with steps there */
	size_t *first_step;	/* its steps: [first_step[i], [i + 1]) */
	unsigned char *seen;	/* per case: counted */
	struct step *old;	/* one case's earlier rows (read_old) */
	size_t nold, capold;
	struct step *kept;	/* one case's steps as kept (keep_steps) */
	size_t capkept;
	sqlite3_stmt *old_st;	/* old_sql, prepared when first needed */
	char from[16], reg_from[16];	/* relevant_sql's ?1 and ?2 */
	const struct grid_metrics_settings *set;
	struct day_memo days[NDAYS];	/* by the date's last digit */
	long long first, last;	/* the first month's start, the last end */
	long long dis_floor;	/* a registration at or before it has its */
	long long dis_floor_dl;	/* dispatch limit, at most this, before */
				/* first (NO_TIME: none) */
	struct grid_worker *gw;	/* worker level: sorted by grid */
	size_t ngw;
};

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* The value of two digits at s, or -1. */
static int
two_digits(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' ?
	    (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

/*
 * The instant of column col (NO_TIME: none, or not a time).  A time as
 * the tools write it (YYYY-MM-DDTHH:MM:SS+HH:MM) whose date and offset
 * were read before is its day's start, remembered, plus its clock: the
 * log and the cases come in runs of a few dates, and a whole reading
 * (grid_time_to_epoch) costs several times more.
 */
static long long
epoch(struct run *r, sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	struct day_memo *m;
	int h, mi, se;
	time_t v;

	if (t == NULL)
		return NO_TIME;
	if (sqlite3_column_bytes(st, col) == 25 && t[10] == 'T' &&
	    t[13] == ':' && t[16] == ':' && (t[19] == '+' || t[19] == '-') &&
	    (h = two_digits(t + 11)) >= 0 && h < 24 &&
	    (mi = two_digits(t + 14)) >= 0 && mi < 60 &&
	    (se = two_digits(t + 17)) >= 0 && se < 60) {
		m = &r->days[(unsigned char)t[9] % NDAYS];
		if (m->known && memcmp(m->date, t, 10) == 0 &&
		    memcmp(m->offset, t + 19, 6) == 0)
			return m->start + h * 3600LL + mi * 60LL + se;
		if (grid_time_to_epoch(t, &v) != 0)
			return NO_TIME;
		memcpy(m->date, t, 10);
		memcpy(m->offset, t + 19, 6);
		m->start = (long long)v - (h * 3600LL + mi * 60LL + se);
		m->known = 1;
		return (long long)v;
	}
	return grid_time_to_epoch(t, &v) == 0 ? (long long)v : NO_TIME;
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

/*
 * The index of unit, added (with room in every per-unit array).  A code
 * longer than a row holds is an error (GRID_EDATA), not cut: the
 * validators refuse it, so only SQL written by hand can store one.
 */
static long
unit_index(struct run *r, const char *unit, struct grid_error *err)
{
	long u;
	size_t k, old = r->capunits, cap;
	void *more;

	if (strlen(unit) > GRID_CODE_MAX)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "unit",
		    "%s code longer than %d bytes: '%s'",
		    grid_metrics_level_name(r->level), GRID_CODE_MAX, unit);
	if ((u = keys_add(&r->units, unit)) < 0)
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
		free(r->refs[u].name);
		r->refs[u].name = NULL;
		if (text(st, 1) != NULL &&
		    (r->refs[u].name = strdup(text(st, 1))) == NULL) {
			oom(err);
			goto out;
		}
		/* workers.kind: the schema allows none longer than 10 */
		grid_text_copy(r->refs[u].kind, sizeof(r->refs[u].kind),
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

static enum step_action
action_of(const char *name)
{
	int a;

	for (a = 0; a < A_NACTION; a++)
		if (strcmp(name, action_names[a]) == 0)
			break;
	return (enum step_action)a;
}

/* relevant_sql's dates: two days before t, as the UTC calendar has it. */
static void
date_before(long long t, char *out, size_t n)
{
	time_t at = (time_t)(t - 2 * 86400LL);
	struct tm tm;

	if (gmtime_r(&at, &tm) == NULL ||
	    strftime(out, n, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';		/* every time compares after "" */
}

/* Binds relevant_sql's ?1 and ?2 (static: st lives shorter than r). */
static int
bind_dates(struct run *r, sqlite3_stmt *st, struct grid_error *err)
{
	int rc = sqlite3_bind_text(st, 1, r->from, -1, SQLITE_STATIC);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, r->reg_from, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? 0 : grid_db_error(r->db, rc, "bind", err);
}

/* Appends step to *array (*n of *cap); -1 when out of memory. */
static int
push_step(struct step **array, size_t *n, size_t *cap, const struct step *step,
    struct grid_error *err)
{
	struct step *more;

	if (*n == *cap) {
		size_t c = *cap != 0 ? *cap * 2 : 64;

		if ((more = realloc(*array, c * sizeof(*more))) == NULL)
			return oom(err);
		*array = more;
		*cap = c;
	}
	(*array)[(*n)++] = *step;
	return 0;
}

/* Whether a comes before b: by time, then in the log's order. */
static int
step_before(const struct step *a, const struct step *b)
{
	return a->at < b->at || (a->at == b->at && a->u.id < b->u.id);
}

/* Sorts a few steps by step_before (insertion: a case has a few). */
static void
sort_few(struct step *s, size_t n)
{
	size_t i, j;
	struct step t;

	for (i = 1; i < n; i++) {
		t = s[i];
		for (j = i; j > 0 && step_before(&t, &s[j - 1]); j--)
			s[j] = s[j - 1];
		s[j] = t;
	}
}

/*
 * The window's steps by case (a counting sort, in place: each step is
 * swapped to its place, so that the steps are never held twice), then
 * each case's by time: r->steps and r->first_step.
 */
static int
sort_steps(struct run *r, struct grid_error *err)
{
	struct step t;
	uint32_t *dest, d;
	size_t i, *at, n = r->cases.n;

	if ((r->first_step = calloc(n + 1, sizeof(*r->first_step))) == NULL ||
	    (r->seen = calloc(n + 1, 1)) == NULL)
		return oom(err);
	if (r->nsteps == 0)
		return 0;
	if (r->nsteps > UINT32_MAX ||
	    (dest = malloc(r->nsteps * sizeof(*dest))) == NULL)
		return oom(err);
	for (i = 0; i < r->nsteps; i++)
		r->first_step[r->steps[i].kase + 1]++;
	for (i = 0; i < n; i++)
		r->first_step[i + 1] += r->first_step[i];
	/* first_step[k] is where case k's next step goes, then shifted */
	at = r->first_step;
	for (i = 0; i < r->nsteps; i++)
		dest[i] = (uint32_t)at[r->steps[i].kase]++;
	for (i = 0; i < r->nsteps; i++)
		while ((d = dest[i]) != i) {
			t = r->steps[d];
			r->steps[d] = r->steps[i];
			r->steps[i] = t;
			dest[i] = dest[d];
			dest[d] = d;
		}
	free(dest);
	memmove(at + 1, at, n * sizeof(*at));
	at[0] = 0;
	for (i = 0; i < n; i++)
		sort_few(r->steps + at[i], at[i + 1] - at[i]);
	return 0;
}

/*
 * The log from r->from on (window_sql): the steps of every case with
 * one there, the cases that can count or not (a reply after the close,
 * say: read_cases reads those by id).
 */
static int
read_window(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	struct step step;
	size_t cap = 0;
	int rc = -1, row;
	long k;

	if (grid_db_prepare(r->db, window_sql, &st, err) != 0)
		return -1;
	if ((rc = sqlite3_bind_text(st, 1, r->from, -1, SQLITE_STATIC)) !=
	    SQLITE_OK) {
		grid_db_error(r->db, rc, "bind", err);
		rc = -1;
		goto out;
	}
	rc = -1;
	while ((row = sqlite3_step(st)) == SQLITE_ROW) {
		if (text(st, 0) == NULL || text(st, 1) == NULL)
			continue;
		memset(&step, 0, sizeof(step));
		step.action = action_of(text(st, 1));
		step.at = epoch(r, st, 2);
		step.u.id = sqlite3_column_int64(st, 4);
		step.worker = -1;
		if (step.action == A_NACTION || step.at == NO_TIME)
			continue;
		if (step.action == A_VERIFY && r->level == GRID_BY_WORKER &&
		    text(st, 3) != NULL)
			step.worker = (int32_t)keys_find(&r->units,
			    text(st, 3));
		if ((k = keys_add(&r->cases, text(st, 0))) < 0) {
			oom(err);
			goto out;
		}
		step.kase = (uint32_t)k;
		if (push_step(&r->steps, &r->nsteps, &cap, &step, err) != 0)
			goto out;
	}
	if (row != SQLITE_DONE) {
		grid_db_error(r->db, row, "reading the case log", err);
		goto out;
	}
	rc = sort_steps(r, err);
out:
	sqlite3_finalize(st);
	return rc;
}

static int
by_grid(const void *a, const void *b)
{
	const struct grid_worker *x = a, *y = b;

	return (x->grid > y->grid) - (x->grid < y->grid);
}

/* Worker level: the workers of each grid (worker_grids), by grid. */
static int
read_worker_grids(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	struct grid_worker *more;
	size_t cap = 0;
	int step, rc = -1;
	long u, g;

	if (r->level != GRID_BY_WORKER)
		return 0;
	if (grid_db_prepare(r->db, worker_grids_sql, &st, err) != 0)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (text(st, 0) == NULL || text(st, 1) == NULL ||
		    (u = keys_find(&r->units, text(st, 0))) < 0)
			continue;
		if ((g = grid_index(r, text(st, 1), err)) < 0)
			goto out;
		if (r->ngw == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			if ((more = realloc(r->gw, cap * sizeof(*more))) ==
			    NULL) {
				oom(err);
				goto out;
			}
			r->gw = more;
		}
		r->gw[r->ngw].grid = g;
		r->gw[r->ngw++].unit = u;
	}
	if (step != SQLITE_DONE) {
		grid_db_error(r->db, step, "reading worker_grids", err);
		goto out;
	}
	if (r->ngw > 0)
		qsort(r->gw, r->ngw, sizeof(*r->gw), by_grid);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* A case as the rules see it: its times and properties. */
struct kase {
	long long rep, reg, dis, han, clo, dl;
	long long first_dis;	/* its first dispatch; NO_TIME: none */
	long long dis_limit;	/* registered + dispatch_limit; NO_TIME */
	long long reply_due, first_reply;
	int open_kind;		/* not voided, merged nor parked */
	int voided, merged, public, rated, satisfied, rework;
	int by_worker;		/* source "worker" */
	int level;		/* GRID_C_CLOSED_GRID + n, or -1 */
	const struct step *steps;	/* its steps (keep_steps), in time */
					/* order */
	size_t nsteps;
};

#define IN(t, k) ((t) != NO_TIME && (t) >= r->start[k] && (t) < r->end[k])

/* Whether the case has a step of action in month k. */
static int
has_step(const struct run *r, const struct kase *c, enum step_action action,
    size_t k)
{
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].action == action && IN(c->steps[i].at, k))
			return 1;
	return 0;
}

/* The last void step's time, else the report's. */
static long long
void_at(const struct kase *c)
{
	long long at = NO_TIME;
	size_t i;

	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].action == A_VOID && c->steps[i].at > at)
			at = c->steps[i].at;
	return at != NO_TIME ? at : c->rep;
}

/* start + limit on the calendar; NO_TIME when it cannot be found. */
static long long
limit_end(const struct run *r, long long start,
    const struct grid_metrics_limit *limit)
{
	time_t deadline;

	if (start == NO_TIME || grid_calendar_add(r->cal, (time_t)start,
	    limit->value, limit->unit, &deadline, NULL) != 0)
		return NO_TIME;
	return (long long)deadline;
}

/*
 * The dispatch limit of every registration up to r->dis_floor is before
 * the first month (the limit grows with the registration time): found by
 * halving, once, so that a year of cases does not count a limit each.
 */
static void
dispatch_floor(struct run *r)
{
	long long lo = r->first - 400LL * 86400, hi = r->first, mid, dl;

	r->dis_floor = NO_TIME;
	dl = limit_end(r, lo, &r->set->dispatch_limit);
	if (dl == NO_TIME || dl >= r->first)
		return;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		dl = limit_end(r, mid, &r->set->dispatch_limit);
		if (dl != NO_TIME && dl < r->first)
			lo = mid;
		else
			hi = mid;
	}
	r->dis_floor = lo;
	r->dis_floor_dl = limit_end(r, lo, &r->set->dispatch_limit);
}

/*
 * The dispatch limit of a case registered at reg.  One registered at or
 * before the floor gets the floor's limit, which stands for its own:
 * both are before every month.
 */
static long long
dispatch_limit(const struct run *r, long long reg)
{
	if (reg == NO_TIME || reg >= r->last)
		return NO_TIME;
	if (r->dis_floor != NO_TIME && reg <= r->dis_floor)
		return r->dis_floor_dl;
	return limit_end(r, reg, &r->set->dispatch_limit);
}

/*
 * The case's first dispatch: its first dispatch step kept, unless a
 * return came before it (an earlier dispatch, before the first month:
 * stood for by the month's start less a second); no step kept: its
 * dispatched_at (a case imported without its log, or dispatched before
 * the first month).
 */
static long long
first_dispatch(const struct run *r, const struct kase *c)
{
	size_t i;

	for (i = 0; i < c->nsteps; i++) {
		if (c->steps[i].action == A_RETURN)
			return r->first - 1;
		if (c->steps[i].action == A_DISPATCH)
			return c->steps[i].at;
	}
	return c->dis;
}

/* The case desk's dispatch counts of month k: dispatches and acks. */
static void
count_dispatches(const struct run *r, const struct kase *c, size_t k,
    long long *n)
{
	size_t i, j, logged = 0;
	int returned, acked, on_time;

	for (i = 0; i < c->nsteps; i++) {
		if (c->steps[i].action != A_DISPATCH)
			continue;
		logged++;
		if (!IN(c->steps[i].at, k))
			continue;
		returned = acked = on_time = 0;
		for (j = i + 1; j < c->nsteps &&
		    c->steps[j].action != A_DISPATCH; j++) {
			returned |= c->steps[j].action == A_RETURN;
			if (c->steps[j].action == A_ACK && !acked) {
				acked = 1;
				on_time = c->steps[j].at <= limit_end(r,
				    c->steps[i].at, &r->set->ack_limit);
			}
		}
		n[GRID_C_DISPATCHES]++;
		n[GRID_C_ACCURATE_DISPATCHES] += !returned;
		n[GRID_C_ACKED] += acked;
		n[GRID_C_ACKED_ON_TIME] += acked && on_time;
	}
	/*
	 * Imported without its dispatch steps: each return in M stands for
	 * a dispatch returned, and dispatched_at for the last dispatch.
	 */
	if (logged > 0)
		return;
	for (j = 0; j < c->nsteps; j++)
		if (c->steps[j].action == A_RETURN && IN(c->steps[j].at, k) &&
		    (c->dis == NO_TIME || c->steps[j].at < c->dis))
			n[GRID_C_DISPATCHES]++;
	if (!IN(c->dis, k))
		return;
	returned = acked = on_time = 0;
	for (j = 0; j < c->nsteps; j++)
		if (c->steps[j].at >= c->dis) {
			returned |= c->steps[j].action == A_RETURN;
			if (c->steps[j].action == A_ACK && !acked) {
				acked = 1;
				on_time = c->steps[j].at <= limit_end(r, c->dis,
				    &r->set->ack_limit);
			}
		}
	n[GRID_C_DISPATCHES]++;
	n[GRID_C_ACCURATE_DISPATCHES] += !returned;
	n[GRID_C_ACKED] += acked;
	n[GRID_C_ACKED_ON_TIME] += acked && on_time;
}

/* The case desk's counts of month k (metrics.h). */
static void
count_desk(const struct run *r, const struct kase *c, size_t k,
    long long *n)
{
	long long end = r->end[k];
	int due;

	due = c->reg != NO_TIME && c->dis_limit != NO_TIME &&
	    ((!c->voided && !c->merged) || c->first_dis != NO_TIME) &&
	    (IN(c->dis_limit, k) || (IN(c->first_dis, k) &&
	    c->dis_limit < r->start[k]));
	n[GRID_C_DISPATCH_DUE] += due;
	n[GRID_C_DISPATCHED_ON_TIME] += due && c->first_dis != NO_TIME &&
	    c->first_dis < end && c->first_dis <= c->dis_limit;
	count_dispatches(r, c, k, n);
	due = !c->voided && !c->merged && c->reply_due != NO_TIME &&
	    (IN(c->reply_due, k) || (IN(c->first_reply, k) &&
	    c->reply_due < r->start[k]));
	n[GRID_C_REPLY_DUE] += due;
	n[GRID_C_REPLIED] += due && c->first_reply != NO_TIME &&
	    c->first_reply < end;
	n[GRID_C_REPLIED_ON_TIME] += due && c->first_reply != NO_TIME &&
	    c->first_reply < end && c->first_reply <= c->reply_due;
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
	n[GRID_C_RETURNED] += has_step(r, c, A_RETURN, k);
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
	n[GRID_C_ESCALATED] += has_step(r, c, A_ESCALATE, k);
	n[GRID_C_RATED] += IN(c->clo, k) && c->rated;
	n[GRID_C_SATISFIED] += IN(c->clo, k) && c->satisfied;
	n[GRID_C_HANDLED_DUE] += handled_due;
	n[GRID_C_HANDLED_DUE_ON_TIME] += handled_due && c->han <= c->dl;
	n[GRID_C_FILED] += c->rep >= r->start[k] && c->reg != NO_TIME;
	if (closed && c->level >= 0)
		n[c->level]++;
	count_desk(r, c, k, n);
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

/*
 * Whether the earlier rows of case c (before r->from: old_sql) can
 * change a count, c reported at rep (its text) with its window's steps
 * w.  Every earlier row comes before the window's, so of its earlier
 * rows the rules read only: a return (the first dispatch was before the
 * first month: first_dispatch), when a first dispatch or a dispatch
 * limit can fall in a month; a reply (the first), when a reply is due in
 * a month or came in one; a handle, when a verification in a month has
 * none of the window's before it.  An earlier void or escalate counts
 * in no month.  A case reported from r->from on has no earlier rows.
 */
static int
needs_old(const struct run *r, const struct kase *c, const char *rep,
    const struct step *w, size_t nw)
{
	size_t i;
	int handled = 0;

	if (rep != NULL && strcmp(rep, r->from) >= 0)
		return 0;
	if ((c->dis != NO_TIME && c->dis >= r->first) ||
	    (c->dis_limit != NO_TIME && c->dis_limit >= r->first) ||
	    (c->reply_due != NO_TIME && c->reply_due >= r->first))
		return 1;
	for (i = 0; i < nw; i++)
		switch (w[i].action) {
		case A_DISPATCH:
			if (w[i].at >= r->first)
				return 1;
			break;
		case A_REPLY:
			if (c->reply_due != NO_TIME)
				return 1;
			break;
		case A_HANDLE:
			handled = 1;
			break;
		case A_VERIFY:
			if (w[i].at >= r->first && !handled)
				return 1;
			break;
		default:
			break;
		}
	return 0;
}

/* Case id's rows before r->from (old_sql), by time, into r->old. */
static int
read_old(struct run *r, const char *id, struct grid_error *err)
{
	struct step step;
	int rc;

	r->nold = 0;
	if (r->old_st == NULL && grid_db_prepare(r->db, old_sql, &r->old_st,
	    err) != 0)
		return -1;
	sqlite3_reset(r->old_st);
	if ((rc = sqlite3_bind_text(r->old_st, 1, id, -1, SQLITE_TRANSIENT)) !=
	    SQLITE_OK || (rc = sqlite3_bind_text(r->old_st, 2, r->from, -1,
	    SQLITE_STATIC)) != SQLITE_OK)
		return grid_db_error(r->db, rc, "bind", err);
	while ((rc = sqlite3_step(r->old_st)) == SQLITE_ROW) {
		if (text(r->old_st, 0) == NULL)
			continue;
		memset(&step, 0, sizeof(step));
		step.action = action_of(text(r->old_st, 0));
		step.at = epoch(r, r->old_st, 1);
		step.u.id = sqlite3_column_int64(r->old_st, 2);
		step.worker = -1;
		if (step.action != A_NACTION && step.at != NO_TIME &&
		    push_step(&r->old, &r->nold, &r->capold, &step, err) != 0)
			return -1;
	}
	if (rc != SQLITE_DONE)
		return grid_db_error(r->db, rc, "reading the case log", err);
	sort_few(r->old, r->nold);
	return 0;
}

/*
 * The steps of case c the rules read, from its earlier rows (r->old)
 * and its window's (w), in time order: every return, escalate and void;
 * dispatch, ack and verify from the first month's start on (a verify
 * with the handle before it); the first reply.  Into r->kept.
 */
static int
keep_steps(struct run *r, struct kase *c, const struct step *w, size_t nw,
    struct grid_error *err)
{
	long long handled = NO_TIME;
	size_t i = 0, j = 0, n = 0;
	int replied = 0;
	struct step step;

	while (i < r->nold || j < nw) {
		step = j >= nw || (i < r->nold && step_before(&r->old[i],
		    &w[j])) ? r->old[i++] : w[j++];
		if (step.action == A_HANDLE) {
			handled = step.at;
			continue;
		}
		if (step.action == A_REPLY && replied++)
			continue;
		if ((step.action == A_DISPATCH || step.action == A_ACK ||
		    step.action == A_VERIFY) && step.at < r->first)
			continue;
		if (step.action == A_VERIFY)
			step.u.handled = handled;
		if (push_step(&r->kept, &n, &r->capkept, &step, err) != 0)
			return -1;
	}
	c->steps = r->kept;
	c->nsteps = n;
	return 0;
}

/*
 * The steps of case id (c read, its reporting time's text rep): the
 * window's, and its earlier rows where they can count.
 */
static int
case_steps(struct run *r, const char *id, const char *rep, struct kase *c,
    struct grid_error *err)
{
	const struct step *w = NULL;
	size_t nw = 0;
	long k;

	r->nold = 0;
	if (id == NULL)
		return keep_steps(r, c, w, nw, err);
	if ((k = keys_find(&r->cases, id)) >= 0) {
		w = r->steps + r->first_step[k];
		nw = r->first_step[k + 1] - r->first_step[k];
		r->seen[k] = 1;
	}
	if (needs_old(r, c, rep, w, nw) && read_old(r, id, err) != 0)
		return -1;
	return keep_steps(r, c, w, nw, err);
}

static int
read_case(struct run *r, sqlite3_stmt *st, struct kase *c,
    struct grid_error *err)
{
	const char *status = text(st, K_STATUS), *s;
	enum grid_level level = grid_level_parse(text(st, K_LEVEL));
	size_t i;

	memset(c, 0, sizeof(*c));
	c->rep = epoch(r, st, K_REP);
	c->reg = epoch(r, st, K_REG);
	c->dis = epoch(r, st, K_DIS);
	c->han = epoch(r, st, K_HAN);
	c->clo = epoch(r, st, K_CLO);
	c->dl = epoch(r, st, K_DL);
	c->reply_due = epoch(r, st, K_REPLY_DUE);
	c->voided = status != NULL && strcmp(status, "voided") == 0;
	c->merged = status != NULL && strcmp(status, "merged") == 0;
	c->open_kind = status != NULL && !c->voided && !c->merged &&
	    strcmp(status, "parked") != 0;
	s = text(st, K_SOURCE);
	c->public = s != NULL && (strcmp(s, "hotline") == 0 ||
	    strcmp(s, "public_app") == 0);
	c->by_worker = s != NULL && strcmp(s, "worker") == 0;
	s = text(st, K_RATING);
	c->rated = s != NULL;
	c->satisfied = s != NULL && (strcmp(s, "A") == 0 ||
	    strcmp(s, "B") == 0);
	c->rework = sqlite3_column_int64(st, K_REWORK) > 0;
	c->level = level != GRID_LEVEL_NONE ? GRID_C_CLOSED_GRID +
	    ((int)GRID_LEVEL_GRID - (int)level) : -1;
	c->dis_limit = dispatch_limit(r, c->reg);
	if (case_steps(r, text(st, K_ID), text(st, K_REP), c, err) != 0)
		return -1;
	c->first_dis = first_dispatch(r, c);
	c->first_reply = NO_TIME;
	for (i = 0; i < c->nsteps; i++)
		if (c->steps[i].action == A_REPLY) {
			c->first_reply = c->steps[i].at;
			break;
		}
	return 0;
}

/* The first of the workers of grid g in r->gw; *n of them. */
static const struct grid_worker *
grid_workers(const struct run *r, long g, size_t *n)
{
	struct grid_worker key = { g, 0 };
	const struct grid_worker *hit, *end = r->gw + r->ngw;

	*n = 0;
	if (g < 0 || r->ngw == 0 || (hit = bsearch(&key, r->gw, r->ngw,
	    sizeof(*r->gw), by_grid)) == NULL)
		return NULL;
	while (hit > r->gw && hit[-1].grid == g)
		hit--;
	while (hit + *n < end && hit[*n].grid == g)
		(*n)++;
	return hit;
}

/*
 * Whether verification v came at most verify_limit after the handle step
 * before it (else the case's handled_at, when not after v).
 */
static int
verified_on_time(const struct run *r, const struct kase *c,
    const struct step *v)
{
	long long handled = v->u.handled != NO_TIME ? v->u.handled :
	    c->han != NO_TIME && c->han <= v->at ? c->han : NO_TIME;
	long long limit = limit_end(r, handled, &r->set->verify_limit);

	return limit != NO_TIME && v->at <= limit;
}

/*
 * Worker level, month k: the case's share in the rows of its grid's
 * workers (registered, missed, to check) and of the workers who
 * verified it.
 */
static void
count_workers(struct run *r, sqlite3_stmt *st, const struct kase *c,
    size_t k)
{
	const char *grid = text(st, K_GRID), *reporter = text(st, K_REPORTER);
	const struct grid_worker *gw;
	long by = reporter != NULL ? keys_find(&r->units, reporter) : -1;
	long long checked, *n;
	size_t i, nw = 0;
	int own = 0, check;

	gw = grid != NULL ? grid_workers(r, keys_find(&r->grids, grid),
	    &nw) : NULL;
	for (i = 0; i < nw; i++)
		own |= by >= 0 && gw[i].unit == by;
	check = IN(c->rep, k) && !c->by_worker && !c->merged;
	checked = c->reg != NO_TIME ? c->reg : c->voided ? void_at(c) :
	    NO_TIME;
	for (i = 0; i < nw; i++) {
		n = r->acc[k][gw[i].unit].count;
		n[GRID_C_GRID_REGISTERED] += IN(c->reg, k);
		n[GRID_C_MISSED] += IN(c->reg, k) && !own;
		n[GRID_C_CHECK_DUE] += check;
		n[GRID_C_CHECKED_ON_TIME] += check && checked != NO_TIME &&
		    checked <= limit_end(r, c->rep, &r->set->check_limit);
	}
	for (i = 0; i < c->nsteps; i++) {
		const struct step *v = &c->steps[i];

		if (v->action != A_VERIFY || v->worker < 0 || !IN(v->at, k))
			continue;
		n = r->acc[k][v->worker].count;
		n[GRID_C_VERIFIED]++;
		n[GRID_C_VERIFIED_ON_TIME] += verified_on_time(r, c, v);
	}
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
	if (r->level == GRID_BY_WORKER)
		count_workers(r, st, c, k);
	if (u < 0)
		return 0;
	if (c->rep != NO_TIME && c->rep < r->end[k])
		count_case(r, c, k, &r->acc[k][u]);
	if (IN(c->han, k) && c->dis != NO_TIME && c->han >= c->dis)
		return add_seconds(&r->acc[k][u], grid_calendar_work_seconds(
		    r->cal, (time_t)c->dis, (time_t)c->han), err);
	return 0;
}

/* Counts every case st yields into the months. */
static int
count_cases(struct run *r, sqlite3_stmt *st, struct grid_error *err)
{
	struct kase c;
	char buf[64];
	const char *unit;
	int step;
	size_t k;
	long u;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (read_case(r, st, &c, err) != 0)
			return -1;
		u = -1;
		if ((unit = case_unit(r, st, buf, sizeof(buf))) != NULL &&
		    (u = unit_index(r, unit, err)) < 0)
			return -1;
		for (k = 0; k < r->nmonths; k++)
			if (add_case(r, st, &c, u, k, err) != 0)
				return -1;
	}
	if (step != SQLITE_DONE)
		return grid_db_error(r->db, step, "reading the cases", err);
	return 0;
}

/*
 * The cases that can count: those relevant_sql finds, then those only
 * a step of the window brought in (not seen), by id.
 */
static int
read_cases(struct run *r, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char sql[sizeof(cases_sql) + sizeof(relevant_sql)];
	int rc = -1, bound;
	size_t i;

	snprintf(sql, sizeof(sql), cases_sql, relevant_sql);
	if (grid_db_prepare(r->db, sql, &st, err) != 0)
		return -1;
	if (bind_dates(r, st, err) != 0 || count_cases(r, st, err) != 0)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	snprintf(sql, sizeof(sql), cases_sql, "id = ?1");
	for (i = 0; i < r->cases.n; i++) {
		if (r->seen[i])
			continue;
		if (st == NULL && grid_db_prepare(r->db, sql, &st, err) != 0)
			return -1;
		sqlite3_reset(st);
		if ((bound = sqlite3_bind_text(st, 1, r->cases.key[i], -1,
		    SQLITE_STATIC)) != SQLITE_OK) {
			grid_db_error(r->db, bound, "bind", err);
			goto out;
		}
		if (count_cases(r, st, err) != 0)
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

/* The median of n (> 0) ascending seconds, in hours, two decimals. */
static double
median_hours(const long long *secs, size_t n)
{
	return round((n % 2 != 0 ? (double)secs[n / 2] :
	    ((double)secs[n / 2 - 1] + (double)secs[n / 2]) / 2) / 36.0) /
	    100.0;
}

/*
 * The handling sums and median of row from a's times, which m takes
 * over (row->handling_secs, kept in m->secs).
 */
static void
set_hours(struct grid_metrics_row *row, struct acc *a, struct grid_metrics *m)
{
	size_t i, n = a->nsecs;
	long long *secs = a->secs;

	row->handling_hours_median = NAN;
	row->handling_secs = NULL;
	if (n == 0)
		return;
	qsort(secs, n, sizeof(*secs), by_seconds);
	for (i = 0; i < n; i++)
		row->handling_seconds += secs[i];
	row->handling_n = (long long)n;
	row->handling_hours_median = median_hours(secs, n);
	row->handling_secs = secs;
	m->secs[m->nsecs++] = secs;
	a->secs = NULL;
	a->nsecs = a->capsecs = 0;
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
		row = m->n == 0 ? NULL : bsearch(unit, m->rows, m->n,
		    sizeof(*m->rows), by_unit);
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

/* Whether unit u has a row in month k's report. */
static int
has_row(const struct run *r, size_t k, size_t u)
{
	return r->refs[u].listed || r->acc[k][u].seen;
}

/*
 * The names of month k's rows, whole, into m->names (one block, so that
 * the rows can point into it: it never moves).  Returns 0 or -1.
 */
static int
copy_names(const struct run *r, size_t k, struct grid_metrics *m)
{
	size_t u, size = 1, at = 1;

	for (u = 0; u < r->units.n; u++)
		if (has_row(r, k, u) && r->refs[u].name != NULL)
			size += strlen(r->refs[u].name) + 1;
	if ((m->names = malloc(size)) == NULL)
		return -1;
	m->names[0] = '\0';		/* "": no name */
	for (u = 0; u < r->units.n; u++) {
		struct grid_metrics_row *row;
		size_t len;

		if (!has_row(r, k, u))
			continue;
		row = &m->rows[m->n++];
		row->unit_name = m->names;
		if (r->refs[u].name == NULL)
			continue;
		len = strlen(r->refs[u].name) + 1;
		memcpy(m->names + at, r->refs[u].name, len);
		row->unit_name = m->names + at;
		at += len;
	}
	return 0;
}

/* Month k's report: the rows of units in the reference or with a case. */
static int
make_report(struct run *r, size_t k, const char *month,
    const struct grid_metrics_settings *set, struct grid_metrics **out,
    struct grid_error *err)
{
	struct grid_metrics *m = calloc(1, sizeof(*m));
	size_t u, i;

	if (m == NULL || (m->rows = calloc(r->units.n + 1,
	    sizeof(*m->rows))) == NULL || (m->secs = calloc(r->units.n + 1,
	    sizeof(*m->secs))) == NULL || copy_names(r, k, m) != 0) {
		grid_metrics_free(m);
		return oom(err);
	}
	m->level = r->level;
	snprintf(m->month, sizeof(m->month), "%s", month);
	m->partial = r->start[k] <= r->now && r->now < r->end[k];
	for (u = 0, i = 0; u < r->units.n; u++) {
		struct grid_metrics_row *row;

		if (!has_row(r, k, u))
			continue;
		row = &m->rows[i++];	/* its name set by copy_names */
		row->level = r->level;
		memcpy(row->month, m->month, sizeof(row->month));
		/* unit_index refused a key longer than the row holds */
		grid_text_copy(row->unit, sizeof(row->unit), r->units.key[u]);
		memcpy(row->worker_kind, r->refs[u].kind,
		    sizeof(row->worker_kind));
		memcpy(row->count, r->acc[k][u].count, sizeof(row->count));
		row->score_change = NAN;
		row->partial = m->partial;
		set_hours(row, &r->acc[k][u], m);
	}
	if (m->n > 0)
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
	free(r->steps);
	free(r->first_step);
	free(r->seen);
	free(r->old);
	free(r->kept);
	sqlite3_finalize(r->old_st);
	keys_release(&r->cases);
	free(r->gw);
	for (u = 0; u < r->units.n && u < r->capunits; u++)
		free(r->refs[u].name);
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
	    read_worker_grids(r, err) != 0)
		return -1;
	dispatch_floor(r);
	date_before(r->first, r->from, sizeof(r->from));
	if (r->dis_floor != NO_TIME)
		date_before(r->dis_floor, r->reg_from, sizeof(r->reg_from));
	if (read_window(r, err) != 0)
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

/*
 * compute in one read transaction (unless the caller holds one), so that
 * the cases, the log and the references are of one moment.
 */
static int
read_compute(struct run *r, const struct grid_metrics_settings *set,
    const char *const *months, struct grid_metrics **out,
    struct grid_error *err)
{
	sqlite3 *h = grid_db_sqlite(r->db);
	int own = sqlite3_get_autocommit(h), rc;

	if (own && (rc = sqlite3_exec(h, "BEGIN", NULL, NULL, NULL)) !=
	    SQLITE_OK)
		return grid_db_error(r->db, rc, "starting a transaction", err);
	rc = compute(r, set, months, out, err);
	if (own)
		sqlite3_exec(h, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL,
		    NULL);
	return rc;
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
		if (k == 0 || r.start[k] < r.first)
			r.first = r.start[k];
		if (k == 0 || r.end[k] > r.last)
			r.last = r.end[k];
	}
	r.set = set;
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
	rc = read_compute(&r, set, months, out, err);
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

/* ---- the union of two databases' reports ---- */

static int
by_pointer(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(long long *const *)a;
	uintptr_t y = (uintptr_t)*(long long *const *)b;

	return (x > y) - (x < y);
}

/*
 * The handling times of x and y together, ascending, into a new array
 * (*out; NULL with 0 when neither has any).  0, or -1 out of memory.
 */
static int
merge_secs(const struct grid_metrics_row *x, const struct grid_metrics_row *y,
    long long **out)
{
	size_t nx = (size_t)x->handling_n, ny = (size_t)y->handling_n;
	size_t i = 0, j = 0, k = 0;
	long long *secs;

	*out = NULL;
	if (nx + ny == 0)
		return 0;
	if ((secs = malloc((nx + ny) * sizeof(*secs))) == NULL)
		return -1;
	while (i < nx || j < ny)
		secs[k++] = j >= ny || (i < nx && x->handling_secs[i] <=
		    y->handling_secs[j]) ? x->handling_secs[i++] :
		    y->handling_secs[j++];
	*out = secs;
	return 0;
}

/* Names' bytes of m's rows, each with its '\0'. */
static size_t
names_size(const struct grid_metrics *m)
{
	size_t i, size = 0;

	for (i = 0; i < m->n; i++)
		size += strlen(m->rows[i].unit_name) + 1;
	return size;
}

/*
 * Frees the times m owns that no row of out uses (out->secs sorted by
 * address), and forgets all of m's.
 */
static void
drop_unused(struct grid_metrics *m, const struct grid_metrics *out)
{
	size_t i;

	for (i = 0; i < m->nsecs; i++)
		if (out->nsecs == 0 || bsearch(&m->secs[i], out->secs,
		    out->nsecs, sizeof(*out->secs), by_pointer) == NULL)
			free(m->secs[i]);
	m->nsecs = 0;
}

/* Row x and y of the same unit summed into *sum, their times merged. */
static int
union_row(const struct grid_metrics_row *x, const struct grid_metrics_row *y,
    const struct grid_metrics_settings *set, struct grid_metrics_row *sum,
    long long **secs, struct grid_error *err)
{
	struct grid_metrics_row pair[2];

	pair[0] = *x;
	pair[1] = *y;
	*secs = NULL;
	if (grid_metrics_merge(pair, 2, set, sum, err) != 0)
		return -1;
	if ((x->handling_n > 0 && x->handling_secs == NULL) ||
	    (y->handling_n > 0 && y->handling_secs == NULL))
		return 0;		/* a side without its times: no median */
	if (merge_secs(x, y, secs) != 0)
		return oom(err);
	sum->handling_secs = *secs;
	if (*secs != NULL)
		sum->handling_hours_median = median_hours(*secs,
		    (size_t)sum->handling_n);
	return 0;
}

/* The rows of a and b into out, by unit.  0, or -1 with err. */
static int
union_rows(const struct grid_metrics *a, const struct grid_metrics *b,
    const struct grid_metrics_settings *set, struct grid_metrics *out,
    struct grid_error *err)
{
	size_t i = 0, j = 0, at = 1;

	while (i < a->n || j < b->n) {
		struct grid_metrics_row *row = &out->rows[out->n];
		long long *merged = NULL;
		int d = i >= a->n ? 1 : j >= b->n ? -1 :
		    strcmp(a->rows[i].unit, b->rows[j].unit);
		size_t len;

		if (d < 0)
			*row = a->rows[i++];
		else if (d > 0)
			*row = b->rows[j++];
		else if (union_row(&a->rows[i++], &b->rows[j++], set, row,
		    &merged, err) != 0)
			return -1;
		if (row->handling_secs != NULL)
			out->secs[out->nsecs++] = merged != NULL ? merged :
			    (long long *)row->handling_secs;
		len = strlen(row->unit_name) + 1;
		memcpy(out->names + at, row->unit_name, len);
		row->unit_name = out->names + at;
		at += len;
		out->n++;
	}
	return 0;
}

int
grid_metrics_union(struct grid_metrics *a, struct grid_metrics *b,
    const struct grid_metrics_settings *set, struct grid_metrics **out,
    struct grid_error *err)
{
	struct grid_metrics *u;
	int rc = -1;

	*out = NULL;
	if (a->level != b->level || strcmp(a->month, b->month) != 0) {
		rc = grid_error_set(err, GRID_EDATA, NULL, 0,
		    a->level != b->level ? "level" : "month",
		    "%s %s differs from %s %s",
		    grid_metrics_level_name(b->level), b->month,
		    grid_metrics_level_name(a->level), a->month);
		goto done;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL ||
	    (u->rows = calloc(a->n + b->n + 1, sizeof(*u->rows))) == NULL ||
	    (u->secs = calloc(a->n + b->n + 1, sizeof(*u->secs))) == NULL ||
	    (u->names = malloc(names_size(a) + names_size(b) + 1)) == NULL) {
		grid_metrics_free(u);
		rc = oom(err);
		goto done;
	}
	u->names[0] = '\0';
	u->level = a->level;
	memcpy(u->month, a->month, sizeof(u->month));
	u->partial = a->partial | b->partial;
	if (union_rows(a, b, set, u, err) != 0) {
		/* free only the merged times u made; a and b own the rest */
		size_t k;

		if (a->nsecs > 0)
			qsort(a->secs, a->nsecs, sizeof(*a->secs), by_pointer);
		if (b->nsecs > 0)
			qsort(b->secs, b->nsecs, sizeof(*b->secs), by_pointer);
		for (k = 0; k < u->nsecs; k++)
			if ((a->nsecs == 0 || bsearch(&u->secs[k], a->secs,
			    a->nsecs, sizeof(*a->secs), by_pointer) == NULL) &&
			    (b->nsecs == 0 || bsearch(&u->secs[k], b->secs,
			    b->nsecs, sizeof(*b->secs), by_pointer) == NULL))
				free(u->secs[k]);
		u->nsecs = 0;
		grid_metrics_free(u);
		goto done;
	}
	if (u->nsecs > 0)
		qsort(u->secs, u->nsecs, sizeof(*u->secs), by_pointer);
	drop_unused(a, u);
	drop_unused(b, u);
	grid_metrics_rank(u->rows, u->n);
	*out = u;
	rc = 0;
done:
	grid_metrics_free(a);
	grid_metrics_free(b);
	return rc;
}
