/*
 * city.c - a city's view: monthly and annual over several databases (-d
 * repeated, one district each), answered as for one database holding
 * all of them.  Each database is opened alone, its rows computed, and
 * summed into the rows so far (grid_metrics_union: counts and sums
 * added, every rate, score and grade recomputed, the medians from the
 * handling times of both); ranks are given over the union.  Memory holds
 * the rows of the union, never two databases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
report_each_db(const struct cli_common *c, enum grid_metrics_level level,
    const char *in, struct grid_metrics_settings *set,
    int (*fn)(void *ctx, struct grid_db *db, const struct grid_calendar *cal,
    struct grid_error *err), void *ctx)
{
	struct cli_common one = *c;
	struct grid_metrics_settings its;
	struct grid_error err, missing;
	char zone[128] = "";
	int i, n = c->ndbs > 0 ? c->ndbs : 1, status = 0, found = 0;
	enum grid_level place = grid_metrics_level_place(level);

	if (in != NULL && place == GRID_LEVEL_NONE)
		return report_area(NULL, in, level);
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
		if ((cal = grid_calendar_new()) == NULL) {
			grid_error_set(&err, GRID_EINTERNAL, NULL, 0, NULL,
			    "out of memory");
			goto fail;
		}
		if (grid_calendar_load(cal, db, &err) != 0 ||
		    fn(ctx, db, cal, &err) != 0)
			goto fail;
		grid_calendar_free(cal);
		grid_db_close(db);
		continue;
fail:
		cli_error(&err);
		status = err.code != 0 ? err.code : GRID_EINTERNAL;
		grid_calendar_free(cal);
		grid_db_close(db);
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
