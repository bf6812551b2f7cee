/*
 * stats_repeats.c - the repeat lists of disputes and petitions over one
 * database or several (statmerge.h): each database's events (a key and
 * one of its cases) kept, then grouped by key, the keys of two events or
 * more given with the figures of their events.  One database's list
 * (grid_disputestats_repeated, grid_petitionstats_repeat) goes through
 * the same code, so a list of several databases is the list of one
 * holding all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/db.h"
#include "grid/disputestats.h"
#include "grid/petitionstats.h"
#include "grid/statmerge.h"
#include "stats_internal.h"

/* The text fields of an event, copied. */
enum { F_KEY_A, F_KEY_B, F_NAME_A, F_NAME_B, F_HOME, F_CASE, F_REPORTED,
	F_GRID, NFIELDS };

struct event {
	char *f[NFIELDS];
	long long rep;
	int open;
	size_t seq;		/* the order events were added in */
};

/* A key's events: [first, first + n) of the sorted events. */
struct group {
	size_t first, n;
	const struct event *ev;	/* the first */
	char *name[2], *home;	/* from the registers (names pass) */
};

struct grid_stat_repeats {
	enum grid_stat_repeat_list list;
	char *period;
	struct event *v;
	size_t n, cap;
	struct group *groups;	/* the keys of two events or more */
	size_t ngroups;
	int grouped;		/* groups made of the events */
	int named;		/* a names pass ran: names from groups */
};

struct grid_stat_repeats *
grid_stat_repeats_new(enum grid_stat_repeat_list list)
{
	struct grid_stat_repeats *r = calloc(1, sizeof(*r));

	if (r != NULL)
		r->list = list;
	return r;
}

static void
event_release(struct event *e)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		free(e->f[i]);
}

static void
groups_release(struct grid_stat_repeats *r)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++) {
		free(r->groups[i].name[0]);
		free(r->groups[i].name[1]);
		free(r->groups[i].home);
	}
	free(r->groups);
	r->groups = NULL;
	r->ngroups = 0;
	r->grouped = r->named = 0;
}

void
grid_stat_repeats_free(struct grid_stat_repeats *r)
{
	size_t i;

	if (r == NULL)
		return;
	groups_release(r);
	for (i = 0; i < r->n; i++)
		event_release(&r->v[i]);
	free(r->v);
	free(r->period);
	free(r);
}

static int
no_memory(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* A copy of text into *to (NULL stays NULL).  0 or -1. */
static int
copy(char **to, const char *text)
{
	*to = NULL;
	return text != NULL && (*to = strdup(text)) == NULL ? -1 : 0;
}

int
grid_stat_repeats_add(struct grid_stat_repeats *r, const char *period,
    const struct grid_stat_repeat_event *e, struct grid_error *err)
{
	const char *text[NFIELDS];
	struct event *ev, *more;
	size_t i;

	if (r->period == NULL && copy(&r->period, period) != 0)
		return no_memory(err);
	if (r->period != NULL && period != NULL &&
	    strcmp(r->period, period) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "period",
		    "'%s' differs from the list's '%s': one period only",
		    period, r->period);
	if (e->key[0] == NULL || e->case_id == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "an event without a key or a case");
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;

		if ((more = realloc(r->v, cap * sizeof(*more))) == NULL)
			return no_memory(err);
		r->v = more;
		r->cap = cap;
	}
	text[F_KEY_A] = e->key[0];
	text[F_KEY_B] = e->key[1];
	text[F_NAME_A] = e->name[0];
	text[F_NAME_B] = e->name[1];
	text[F_HOME] = e->home;
	text[F_CASE] = e->case_id;
	text[F_REPORTED] = e->reported_at;
	text[F_GRID] = e->grid_code;
	ev = &r->v[r->n];
	memset(ev, 0, sizeof(*ev));
	for (i = 0; i < NFIELDS; i++)
		if (copy(&ev->f[i], text[i]) != 0) {
			event_release(ev);
			return no_memory(err);
		}
	ev->rep = e->rep;
	ev->open = e->open;
	ev->seq = r->n++;
	groups_release(r);
	return 0;
}

/* Compares two keys' second parts: none first. */
static int
key_b_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int
key_cmp(const struct event *a, const struct event *b)
{
	int c = strcmp(a->f[F_KEY_A], b->f[F_KEY_A]);

	return c != 0 ? c : key_b_cmp(a->f[F_KEY_B], b->f[F_KEY_B]);
}

/* By key, then time, case id and the order added. */
static int
by_key_time(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;
	int c = key_cmp(a, b);

	if (c != 0)
		return c;
	if (a->rep != b->rep)
		return a->rep < b->rep ? -1 : 1;
	if ((c = strcmp(a->f[F_CASE], b->f[F_CASE])) != 0)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Most events first, then by key. */
static int
by_count(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return key_cmp(a->ev, b->ev);
}

/* The first of n events (by the order added) with field f; NULL. */
static const char *
first_known(const struct event *v, size_t n, int f)
{
	const char *best = NULL;
	size_t i, seq = 0;

	for (i = 0; i < n; i++)
		if (v[i].f[f] != NULL && (best == NULL || v[i].seq < seq)) {
			best = v[i].f[f];
			seq = v[i].seq;
		}
	return best;
}

/* One key's row of the list into values (the case ids into ids). */
static int
group_row(const struct grid_stat_repeats *r, const struct group *g,
    struct grid_buf *ids, char *count, char *open, size_t size,
    const char **values)
{
	const struct event *v = r->v + g->first;
	size_t i;
	long long nopen = 0;

	grid_buf_reset(ids);
	for (i = 0; i < g->n; i++) {
		if ((i > 0 && grid_buf_addc(ids, ',') != 0) ||
		    grid_buf_adds(ids, v[i].f[F_CASE]) != 0)
			return -1;
		nopen += v[i].open;
	}
	snprintf(count, size, "%zu", g->n);
	snprintf(open, size, "%lld", nopen);
	values[0] = r->period;
	if (r->list == GRID_REPEAT_PETITIONS) {
		values[1] = v[0].f[F_KEY_A];
		values[2] = r->named ? g->name[0] :
		    first_known(v, g->n, F_NAME_A);
		values[3] = r->named ? g->home : first_known(v, g->n, F_HOME);
		values[4] = count;
		values[5] = v[0].f[F_REPORTED];
		values[6] = v[g->n - 1].f[F_REPORTED];
		values[7] = ids->data;
		return 0;
	}
	values[1] = v[0].f[F_KEY_A];
	values[2] = r->named ? g->name[0] : first_known(v, g->n, F_NAME_A);
	values[3] = v[0].f[F_KEY_B];
	values[4] = r->named ? g->name[1] : first_known(v, g->n, F_NAME_B);
	values[5] = count;
	values[6] = ids->data;
	values[7] = v[0].f[F_REPORTED];
	values[8] = v[g->n - 1].f[F_REPORTED];
	values[9] = open;
	values[10] = v[g->n - 1].f[F_GRID];
	return 0;
}

/* Sorts the events and finds the keys of two or more.  0 or -1. */
static int
group_events(struct grid_stat_repeats *r, struct grid_error *err)
{
	struct group *g;
	size_t i, ng = 0;

	if (r->grouped)
		return 0;
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), by_key_time);
	if ((g = calloc(r->n + 1, sizeof(*g))) == NULL)
		return no_memory(err);
	for (i = 0; i < r->n; i++) {
		if (ng > 0 && key_cmp(&r->v[g[ng - 1].first], &r->v[i]) == 0) {
			g[ng - 1].n++;
			continue;
		}
		if (ng > 0 && g[ng - 1].n < 2)
			ng--;	/* one event: not repeated */
		g[ng].first = i;
		g[ng++].n = 1;
	}
	if (ng > 0 && g[ng - 1].n < 2)
		ng--;
	for (i = 0; i < ng; i++)
		g[i].ev = &r->v[g[i].first];
	if (ng > 1)
		qsort(g, ng, sizeof(*g), by_count);
	r->groups = g;
	r->ngroups = ng;
	r->grouped = 1;
	return 0;
}

/* A person's name and grid, an org's name; none: NULL. */
static const char names_sql[] =
"SELECT name, grid_code FROM people WHERE id_number = ?1\n"
"UNION ALL SELECT name, NULL FROM orgs WHERE uscc = ?1 LIMIT 1";

/* Looks key up in db (st): its name into *name, its grid into *home
 * (home NULL: not wanted) when not known yet.  0 or -1. */
static int
look_up(struct grid_db *db, sqlite3_stmt *st, const char *key, char **name,
    char **home, struct grid_error *err)
{
	const char *text;
	int rc;

	if (key == NULL || (*name != NULL && (home == NULL || *home != NULL)))
		return 0;
	sqlite3_reset(st);
	if ((rc = sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT)) !=
	    SQLITE_OK)
		return grid_db_error(db, rc, "the names of a list", err);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return grid_db_error(db, rc, "the names of a list", err);
	text = (const char *)sqlite3_column_text(st, 0);
	if (*name == NULL && copy(name, text) != 0)
		return no_memory(err);
	text = (const char *)sqlite3_column_text(st, 1);
	if (home != NULL && *home == NULL && copy(home, text) != 0)
		return no_memory(err);
	return 0;
}

int
grid_stat_repeats_names(struct grid_stat_repeats *r, struct grid_db *db,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	struct group *g;
	size_t i;
	int ret = -1;

	if (group_events(r, err) != 0 ||
	    grid_db_prepare(db, names_sql, &st, err) != 0)
		return -1;
	r->named = 1;
	for (i = 0; i < r->ngroups; i++) {
		g = &r->groups[i];
		if (look_up(db, st, g->ev->f[F_KEY_A], &g->name[0],
		    r->list == GRID_REPEAT_PETITIONS ? &g->home : NULL,
		    err) != 0 || look_up(db, st, g->ev->f[F_KEY_B],
		    &g->name[1], NULL, err) != 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int
grid_stat_repeats_emit(struct grid_stat_repeats *r,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err)
{
	const char *values[GRID_DISPUTESTATS_NREPEATED];
	char count[24], open[24];
	struct grid_buf ids = GRID_BUF_INIT;
	size_t i;
	int ret = 0;

	if (group_events(r, err) != 0)
		return -1;
	for (i = 0; ret == 0 && i < r->ngroups; i++) {
		if (group_row(r, &r->groups[i], &ids, count, open,
		    sizeof(count), values) != 0)
			ret = no_memory(err);
		else
			ret = gridi_stats_emit(on_row, ctx, values, err);
	}
	grid_buf_release(&ids);
	return ret;
}
