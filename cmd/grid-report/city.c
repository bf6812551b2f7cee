/*
 * city.c - a city's view: monthly and annual over several databases (-d
 * repeated, one district each), answered as for one database holding
 * all of them.  Each database is opened alone, its rows computed, and
 * summed into the rows so far (grid_metrics_union: counts and sums
 * added, every rate, score and grade recomputed, the medians from the
 * handling times of both); ranks are given over the union.  With -j, a
 * worker process per database (as many at once as -j says) computes its
 * rows and hands them back through a pipe, and they are summed in the
 * databases' order: the same report.  Memory holds the rows of the
 * union and one database's reading per worker, never every database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jobs.h"
#include "grid-report/grid-report.h"
#include "grid/area.h"
#include "grid/calendar.h"
#include "grid/db.h"

/* The first setting in which b differs from a ("" when none). */
static const char *
settings_differ(const struct grid_metrics_settings *a,
    const struct grid_metrics_settings *b)
{
	const struct grid_metrics_limit *la[4] = { &a->dispatch_limit,
		&a->ack_limit, &a->check_limit, &a->verify_limit };
	const struct grid_metrics_limit *lb[4] = { &b->dispatch_limit,
		&b->ack_limit, &b->check_limit, &b->verify_limit };
	static const char *const limits[4] = { "dispatch_limit", "ack_limit",
		"check_limit", "verify_limit" };
	int k;

	for (k = 0; k < 4; k++) {
		if (a->region[k] != b->region[k])
			return "weights_region";
		if (a->dept[k] != b->dept[k])
			return "weights_dept";
		if (a->worker[k] != b->worker[k])
			return "weights_worker";
		if (la[k]->value != lb[k]->value || la[k]->unit != lb[k]->unit)
			return limits[k];
	}
	if (a->ngrades != b->ngrades)
		return "grade_bounds";
	for (k = 0; k < a->ngrades; k++)
		if (a->grades[k].bound != b->grades[k].bound ||
		    strcmp(a->grades[k].grade, b->grades[k].grade) != 0)
			return "grade_bounds";
	if (a->quota != b->quota)
		return "worker_quota";
	return "";
}

/* A time zone's name as a setting reads ("" the default). */
static const char *
zone_of(const struct grid_db *db)
{
	const char *tz = grid_db_time_zone(db);

	return tz != NULL ? tz : "";
}

/* What a worker (-j) computes: one database's part. */
struct work {
	const char *path;
	const struct report_each *each;
};

/*
 * In the worker (cli_jobs_start), after fork: opens the database again
 * (a connection never crosses a fork), computes its part and sends it
 * (an error, or none then the part: report_part_send).
 */
static void
work(void *arg, int fd)
{
	const struct work *w = arg;
	struct grid_calendar *cal = NULL;
	struct grid_db *db = NULL;
	struct report_part part;
	struct grid_error err;

	memset(&part, 0, sizeof(part));
	grid_error_clear(&err);
	if (grid_db_open(w->path, GRID_DB_READONLY, 0, &db, &err) == 0) {
		if ((cal = grid_calendar_new()) == NULL)
			grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
		else if (grid_calendar_load(cal, db, &err) == 0)
			w->each->compute(w->each->ctx, db, cal, &part, &err);
	}
	grid_calendar_free(cal);
	grid_db_close(db);
	if (grid_pipe_write(fd, &err, sizeof(err), &err) == 0 &&
	    err.code == 0)
		report_part_send(fd, &part, &err);
	report_part_free(&part);
}

/*
 * A worker's part (cli_jobs_take), added (each->add), or its error.  0,
 * or -1 with err.
 */
static int
take(void *ctx, int fd, struct grid_error *err)
{
	const struct report_each *each = ctx;
	struct report_part part;
	int rc = -1;

	memset(&part, 0, sizeof(part));
	/* its error, else its part (err: the worker's, or the pipe's) */
	if (grid_pipe_read(fd, err, sizeof(*err), err) == 0 &&
	    err->code == 0 && report_part_receive(fd, &part, err) == 0)
		rc = each->add(each->ctx, &part, err);
	report_part_free(&part);
	return rc;
}

/* One database's part, here (-j 1, or one database).  0, or -1. */
static int
here(const struct report_each *each, struct grid_db *db,
    const struct grid_calendar *cal, struct grid_error *err)
{
	struct report_part part;
	int rc;

	memset(&part, 0, sizeof(part));
	rc = each->compute(each->ctx, db, cal, &part, err) == 0 &&
	    each->add(each->ctx, &part, err) == 0 ? 0 : -1;
	report_part_free(&part);
	return rc;
}

int
report_each_db(const struct cli_common *c, enum grid_metrics_level level,
    const char *in, struct grid_metrics_settings *set,
    const struct report_each *each)
{
	struct cli_common one = *c;
	struct grid_metrics_settings its;
	struct grid_error err, missing;
	struct work wk = { NULL, each };	/* a worker's copy is its own */
	struct cli_jobs jobs;
	char zone[128] = "";
	int i, n = c->ndbs > 0 ? c->ndbs : 1, status = 0, found = 0;
	enum grid_level place = grid_metrics_level_place(level);

	if (in != NULL && place == GRID_LEVEL_NONE)
		return report_area(NULL, in, level);
	cli_jobs_init(&jobs, cli_jobs_count(each->jobs, n), take,
	    (void *)each);
	memset(&missing, 0, sizeof(missing));
	for (i = 0; i < n && status == 0; i++) {
		struct grid_calendar *cal = NULL;
		struct grid_db *db;
		struct grid_area area;
		const char *what;

		one.db = c->ndbs > 0 ? c->dbs[i] : c->db;
		if ((db = cli_open_db(&one, 1, &status)) == NULL)
			break;
		if (grid_metrics_settings_load(db, i == 0 ? set : &its,
		    &err) != 0)
			goto fail;
		if (i == 0)
			snprintf(zone, sizeof(zone), "%s", zone_of(db));
		else if ((what = settings_differ(set, &its))[0] != '\0' ||
		    strcmp(zone, zone_of(db)) != 0) {
			what = what[0] != '\0' ? what : "time_zone";
			grid_error_set(&err, GRID_EDATA, one.db, 0, what,
			    "differs from %s's: a city's report needs one "
			    "rule for every database (grid-import -t "
			    "settings)", c->dbs[0]);
			goto fail;
		}
		if (in != NULL) {
			if (grid_area_resolve(db, in, place, &area, &err) == 0)
				found = 1;
			else if (n == 1 || err.code != GRID_EDATA)
				goto fail;
			else if (missing.code == 0)
				missing = err;
		}
		if (jobs.max > 1) {
			/* a worker reads it: in order, jobs.max at once */
			grid_db_close(db);
			wk.path = one.db;
			if (cli_jobs_start(&jobs, work, &wk, &err) != 0)
				goto fail_closed;
			continue;
		}
		if ((cal = grid_calendar_new()) == NULL) {
			grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
			goto fail;
		}
		if (grid_calendar_load(cal, db, &err) != 0 ||
		    here(each, db, cal, &err) != 0)
			goto fail;
		grid_calendar_free(cal);
		grid_db_close(db);
		continue;
fail:
		grid_calendar_free(cal);
		grid_db_close(db);
fail_closed:
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
	}
	/* the workers left, in order (after a failure, for nothing) */
	while (jobs.running > 0)
		if (cli_jobs_take(&jobs, &err) != 0 && status == 0) {
			cli_error(&err);
			status = err.code != 0 ? err.code : GRID_EINTERNAL;
		}
	if (status == 0 && in != NULL && !found) {
		cli_error(&missing);
		status = missing.code;
	}
	return status;
}

int
report_union(struct grid_metrics **acc, struct grid_metrics *m,
    const struct grid_metrics_settings *set, struct grid_error *err)
{
	struct grid_metrics *u;

	if (*acc == NULL) {
		*acc = m;
		return 0;
	}
	if (grid_metrics_union(*acc, m, set, &u, err) != 0) {
		*acc = NULL;
		return -1;
	}
	*acc = u;
	return 0;
}

void
report_part_free(struct report_part *p)
{
	size_t k;

	for (k = 0; k < p->n && k < 12; k++)
		grid_metrics_free(p->m[k]);
	memset(p, 0, sizeof(*p));
}

/* A part's head through the pipe: its months and its trend. */
struct part_head {
	size_t n;
	int has_trend;
	struct report_trend trend;
};

int
report_part_send(int fd, const struct report_part *p, struct grid_error *err)
{
	struct part_head h;
	size_t k;

	memset(&h, 0, sizeof(h));
	h.n = p->n;
	h.has_trend = p->has_trend;
	h.trend = p->trend;
	if (grid_pipe_write(fd, &h, sizeof(h), err) != 0)
		return -1;
	for (k = 0; k < p->n; k++)
		if (grid_metrics_send(fd, p->m[k], err) != 0)
			return -1;
	return 0;
}

int
report_part_receive(int fd, struct report_part *p, struct grid_error *err)
{
	struct part_head h;
	size_t k;

	memset(p, 0, sizeof(*p));
	if (grid_pipe_read(fd, &h, sizeof(h), err) != 0)
		return -1;
	if (h.n > 12)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "a worker (-j) sent %zu months", h.n);
	p->has_trend = h.has_trend;
	p->trend = h.trend;
	for (k = 0; k < h.n; k++) {
		if (grid_metrics_receive(fd, &p->m[k], err) != 0)
			return -1;
		p->n = k + 1;
	}
	return 0;
}
