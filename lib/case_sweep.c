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
#define BATCH 512		/* cases read at a time */

/* A case near or past its deadline, as read before any change. */
struct due {
	char id[128], deadline[32];
	time_t t;
	int status, level, overdue;
};

/* The sweep's policy, from settings. */
struct policy {
	long long after;	/* seconds of overdue time per level */
	int clock;		/* escalate_after in clock hours */
	int max_level;
	int warn_share;		/* percent of the limit */
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
	struct due batch[BATCH];
	size_t n;
	struct grid_error *err;
};

static int
read_policy(struct grid_cases *cs, struct policy *p, struct grid_error *err)
{
	const struct grid_vocab *vocab = grid_vocab_find("level");
	enum grid_limit_unit unit;
	char text[64], *end;
	const char *level;
	double value;
	long share;

	if (gridi_cases_limit_setting(cs->db, "escalate_after", "1 work_days",
	    &value, &unit, err) != 0)
		return -1;
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
	grid_db_setting(cs->db, "warn_share", "80", text, sizeof(text));
	share = strtol(text, &end, 10);
	if (end == text || *end != '\0' || share < 1 || share > 100)
		return grid_error_set(err, GRID_EDATA, "settings", 0,
		    "warn_share", "not a percent from 1 to 100: '%s'", text);
	p->warn_share = (int)share;
	return 0;
}

/*
 * Reads the next batch of q (GRIDI_Q_DUE or GRIDI_Q_RUNNING), after the
 * last case of the batch before, into w->batch.  0 or -1.
 */
static int
read_batch(struct sweep *w, enum gridi_case_query q, const char *bound)
{
	sqlite3_stmt *st = gridi_cases_stmt(w->cs, q, w->err);
	char after_deadline[32] = "", after_id[128] = "";
	const char *deadline, *id;
	struct due *x;
	int rc;

	if (st == NULL)
		return -1;
	if (w->n > 0) {
		snprintf(after_deadline, sizeof(after_deadline), "%s",
		    w->batch[w->n - 1].deadline);
		snprintf(after_id, sizeof(after_id), "%s",
		    w->batch[w->n - 1].id);
	}
	w->n = 0;
	sqlite3_bind_text(st, 1, bound, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, after_deadline, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, after_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 4, BATCH);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		x = &w->batch[w->n++];
		memset(x, 0, sizeof(*x));
		id = (const char *)sqlite3_column_text(st, 0);
		deadline = (const char *)sqlite3_column_text(st,
		    q == GRIDI_Q_DUE ? 3 : 2);
		snprintf(x->id, sizeof(x->id), "%s", id != NULL ? id : "");
		snprintf(x->deadline, sizeof(x->deadline), "%s",
		    deadline != NULL ? deadline : "");
		x->status = gridi_status_parse((const char *)
		    sqlite3_column_text(st, 1));
		if (q == GRIDI_Q_DUE) {
			x->level = gridi_level_parse((const char *)
			    sqlite3_column_text(st, 2));
			x->overdue = sqlite3_column_int(st, 4);
		}
		if (grid_time_to_epoch(x->deadline, &x->t) != 0)
			x->status = -1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(w->cs->db, rc, "reading cases", w->err);
	return 0;
}

/* Logs one change and tells the caller.  0 or -1. */
static int
record(struct sweep *w, const struct due *d, const char *action, int from,
    int to, double hours)
{
	struct grid_case_change ch;
	char note[160];

	if (strcmp(action, "overdue") == 0 || strcmp(action, "warn") == 0)
		snprintf(note, sizeof(note), "deadline %s", d->deadline);
	else
		snprintf(note, sizeof(note), "%s -> %s; overdue %.2f working "
		    "hours", gridi_level_name(from), gridi_level_name(to),
		    hours);
	if (gridi_case_log(w->cs, d->id, w->now_text, w->actor, action,
	    d->status, d->status, note, NULL, w->err) != 0)
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

	if (d->status < 0 || level < 0 || d->t >= w->now ||
	    (d->overdue && level >= p->max_level))
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

/*
 * Warns a case not yet due when warn_share of its limit has passed and
 * it has no warning for this deadline.  0 or -1.
 */
static int
warn_one(struct sweep *w, const struct due *d)
{
	char *started = NULL;
	long long used, limit;
	time_t start;
	int found;

	if (d->status < 0 || d->t < w->now)
		return 0;
	found = gridi_cases_query(w->cs, GRIDI_Q_CLOCK_START, d->id, NULL,
	    &started, w->err);
	if (found < 0)
		return -1;
	found = started != NULL && grid_time_to_epoch(started, &start) == 0;
	free(started);
	if (!found || start >= d->t)
		return 0;
	limit = grid_calendar_work_seconds(w->cs->cal, start, d->t);
	used = grid_calendar_work_seconds(w->cs->cal, start, w->now);
	if (limit <= 0) {
		limit = (long long)(d->t - start);
		used = (long long)(w->now - start);
	}
	if (used * 100 < limit * w->policy.warn_share)
		return 0;
	found = gridi_cases_query(w->cs, GRIDI_Q_WARNED, d->id, d->deadline,
	    NULL, w->err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	return record(w, d, "warn", d->level, d->level,
	    -(double)(limit - used) / 3600);
}

/* Runs fn on every case of q, a batch at a time.  0 or -1. */
static int
each_case(struct sweep *w, enum gridi_case_query q, const char *bound,
    int (*fn)(struct sweep *w, const struct due *d))
{
	size_t i;

	w->n = 0;
	do {
		if (read_batch(w, q, bound) != 0)
			return -1;
		for (i = 0; i < w->n; i++)
			if (fn(w, &w->batch[i]) != 0)
				return -1;
	} while (w->n == BATCH);
	return 0;
}

int
grid_case_sweep(struct grid_cases *cs, time_t now, const char *actor,
    void (*changed)(void *ctx, const struct grid_case_change *change),
    void *ctx, long *count, struct grid_error *err)
{
	struct sweep *w;
	char bound[32];
	int rc = -1;

	grid_error_clear(err);
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	w->cs = cs;
	w->now = now;
	w->actor = actor != NULL ? actor : "sweep";
	w->changed = changed;
	w->ctx = ctx;
	w->err = err;
	grid_time_format(now, w->now_text, sizeof(w->now_text));
	if (w->now_text[0] == '\0') {
		grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "time out of range");
		goto out;
	}
	if (read_policy(cs, &w->policy, err) != 0)
		goto out;
	/* Not yet due (with a day's margin for other offsets): warnings. */
	grid_time_format(now - MARGIN, bound, sizeof(bound));
	if (each_case(w, GRIDI_Q_RUNNING, bound, warn_one) != 0)
		goto out;
	grid_time_format(now + MARGIN, bound, sizeof(bound));
	if (each_case(w, GRIDI_Q_DUE, bound, sweep_one) != 0)
		goto out;
	rc = 0;
out:
	if (rc == 0 && count != NULL)
		*count += w->count;
	free(w);
	return rc;
}
