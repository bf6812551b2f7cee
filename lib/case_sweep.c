/*
 * case_sweep.c - the sweep cron runs: cases past their deadline marked
 * overdue, once, and raised a level for every escalate_after of working
 * time they have been overdue, up to escalate_max_level.
 *
 * Only cases in the partial index cases_open_deadline (dispatched or
 * handled) with a deadline before now plus a day are read: the cost
 * grows with the cases near or past their deadline, not with all cases.
 * The day of margin covers deadlines stored with another offset (summer
 * time, a zone changed); the exact comparison is made on instants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases_internal.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "internal.h"

#define MARGIN (24 * 3600)

/* A case past its deadline, as read before any change. */
struct due {
	char *id, *deadline;
	time_t t;
	int status, level, overdue;
};

/* The sweep's policy, from settings. */
struct policy {
	long long after;	/* seconds of overdue time per level */
	int clock;		/* escalate_after in clock hours */
	int max_level;
};

struct sweep {
	struct grid_cases *cs;
	struct policy policy;
	time_t now;
	char now_text[32];
	const char *actor;
	void (*changed)(void *ctx, const struct grid_case_change *change);
	void *ctx;
	long count;
	struct grid_error *err;
};

static int
read_policy(struct grid_cases *cs, struct policy *p, struct grid_error *err)
{
	const struct grid_vocab *vocab = grid_vocab_find("level");
	enum grid_limit_unit unit;
	char text[64];
	const char *level;
	double value;

	grid_db_setting(cs->db, "escalate_after", "1 work_days", text,
	    sizeof(text));
	if (grid_limit_parse(text, &value, &unit, err) != 0) {
		grid_error_locate(err, "settings", 0, "escalate_after");
		return -1;
	}
	p->clock = unit == GRID_LIMIT_HOURS;
	p->after = (long long)(unit == GRID_LIMIT_WORK_DAYS ? value *
	    (double)grid_calendar_day_seconds(cs->cal) : value * 3600);
	if (p->after < 1)
		p->after = 1;
	grid_db_setting(cs->db, "escalate_max_level", "district", text,
	    sizeof(text));
	if ((level = grid_vocab_lookup(vocab, text)) == NULL)
		return grid_error_set(err, GRID_EDATA, "settings", 0,
		    "escalate_max_level", "unknown level '%s' (one of: %s)",
		    text, grid_vocab_values(vocab));
	p->max_level = gridi_level_parse(level);
	return 0;
}

static void
free_due(struct due *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++) {
		free(d[i].id);
		free(d[i].deadline);
	}
	free(d);
}

static int
by_deadline(const void *a, const void *b)
{
	const struct due *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Adds the current row of st when its deadline has passed.  0 or -1. */
static int
keep_row(struct sweep *w, sqlite3_stmt *st, struct due **d, size_t *n,
    size_t *cap)
{
	const char *deadline = (const char *)sqlite3_column_text(st, 3);
	struct due *grown, *x;
	time_t t;

	if (deadline == NULL || grid_time_to_epoch(deadline, &t) != 0 ||
	    t >= w->now)
		return 0;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		if ((grown = realloc(*d, *cap * sizeof(**d))) == NULL)
			return -1;
		*d = grown;
	}
	x = &(*d)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->t = t;
	x->status = gridi_status_parse((const char *)
	    sqlite3_column_text(st, 1));
	x->level = gridi_level_parse((const char *)sqlite3_column_text(st, 2));
	x->overdue = sqlite3_column_int(st, 4);
	if ((x->id = strdup((const char *)sqlite3_column_text(st, 0))) ==
	    NULL || (x->deadline = strdup(deadline)) == NULL)
		return -1;
	return 0;
}

/* Reads the cases past their deadline, by deadline.  0 or -1. */
static int
read_due(struct sweep *w, struct due **d, size_t *n)
{
	sqlite3_stmt *st = gridi_cases_stmt(w->cs, GRIDI_Q_DUE, w->err);
	char bound[32];
	size_t cap = 0;
	int rc;

	*d = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	grid_time_format(w->now + MARGIN, bound, sizeof(bound));
	sqlite3_bind_text(st, 1, bound, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (keep_row(w, st, d, n, &cap) != 0) {
			sqlite3_reset(st);
			return grid_error_set(w->err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(w->cs->db, rc, "reading cases", w->err);
	if (*n > 1)
		qsort(*d, *n, sizeof(**d), by_deadline);
	return 0;
}

/* Logs one change and tells the caller.  0 or -1. */
static int
record(struct sweep *w, const struct due *d, const char *action, int from,
    int to, double hours)
{
	struct grid_case_change ch;
	char note[160];

	if (strcmp(action, "overdue") == 0)
		snprintf(note, sizeof(note), "deadline %s", d->deadline);
	else
		snprintf(note, sizeof(note), "%s -> %s; overdue %.2f working "
		    "hours", gridi_level_name(from), gridi_level_name(to),
		    hours);
	if (gridi_case_log(w->cs, d->id, w->now_text, w->actor, action,
	    d->status, d->status, note, w->err) != 0)
		return -1;
	w->count++;
	if (w->changed == NULL)
		return 0;
	memset(&ch, 0, sizeof(ch));
	ch.id = d->id;
	ch.action = action;
	ch.status = gridi_status_name(d->status);
	ch.from_level = gridi_level_name(from);
	ch.to_level = gridi_level_name(to);
	ch.deadline = d->deadline;
	ch.at = w->now_text;
	ch.overdue_hours = hours;
	w->changed(w->ctx, &ch);
	return 0;
}

/* Marks one case and raises its level as the policy says.  0 or -1. */
static int
sweep_one(struct sweep *w, const struct due *d)
{
	const struct policy *p = &w->policy;
	long long work, over;
	double hours;
	int level = d->level, target;

	if (d->status < 0 || level < 0 || (d->overdue && level >= p->max_level))
		return 0;
	work = grid_calendar_work_seconds(w->cs->cal, d->t, w->now);
	hours = (double)work / 3600;
	if (!d->overdue && (gridi_cases_exec(w->cs, GRIDI_Q_MARK, d->id, NULL,
	    w->err) != 0 || record(w, d, "overdue", level, level, hours) != 0))
		return -1;
	over = p->clock ? (long long)(w->now - d->t) : work;
	target = over / p->after < p->max_level ? (int)(over / p->after)
	    : p->max_level;
	for (; level < target; level++)
		if (gridi_cases_exec(w->cs, GRIDI_Q_LEVEL, d->id,
		    gridi_level_name(level + 1), w->err) != 0 ||
		    record(w, d, "escalate", level, level + 1, hours) != 0)
			return -1;
	return 0;
}

int
grid_case_sweep(struct grid_cases *cs, time_t now, const char *actor,
    void (*changed)(void *ctx, const struct grid_case_change *change),
    void *ctx, long *count, struct grid_error *err)
{
	struct sweep w;
	struct due *due = NULL;
	size_t n = 0, i;
	int rc = -1;

	grid_error_clear(err);
	memset(&w, 0, sizeof(w));
	w.cs = cs;
	w.now = now;
	w.actor = actor != NULL ? actor : "sweep";
	w.changed = changed;
	w.ctx = ctx;
	w.err = err;
	grid_time_format(now, w.now_text, sizeof(w.now_text));
	if (w.now_text[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "time out of range");
	if (read_policy(cs, &w.policy, err) != 0 ||
	    read_due(&w, &due, &n) != 0)
		goto out;
	for (i = 0; i < n; i++)
		if (sweep_one(&w, &due[i]) != 0)
			goto out;
	rc = 0;
out:
	if (rc == 0 && count != NULL)
		*count += w.count;
	free_due(due, n);
	return rc;
}
