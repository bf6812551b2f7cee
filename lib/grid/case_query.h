/*
 * case_query.h - reading cases: those a filter keeps, closed cases like
 * one, one case's fields, one case's log.  Nothing is written.
 *
 * Rows come to a callback.  Every text of a row is borrowed from the
 * query and valid during the callback only (copy what must outlive
 * it): the column as SQLite gives it (numbers as SQLite writes them),
 * NULL for SQL NULL.  A callback returning non-zero stops the query,
 * which then fails with err->code 0.
 */
#ifndef GRID_CASE_QUERY_H
#define GRID_CASE_QUERY_H

#include <stddef.h>
#include <time.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/*
 * The fields of a case, in the order of table cases (attrs left out);
 * the columns added by later schema versions come last, so that the
 * positions of the others stay.
 */
enum grid_case_field {
	GRID_CASE_ID, GRID_CASE_SOURCE, GRID_CASE_CATEGORY_CODE,
	GRID_CASE_DESCRIPTION, GRID_CASE_X, GRID_CASE_Y, GRID_CASE_ADDRESS,
	GRID_CASE_GRID_CODE, GRID_CASE_COMPONENT_CODE, GRID_CASE_ORG_USCC,
	GRID_CASE_GRADE, GRID_CASE_REPORTER, GRID_CASE_PRIORITY,
	GRID_CASE_LEVEL, GRID_CASE_STATUS, GRID_CASE_DEPT_CODE,
	GRID_CASE_REPORTED_AT, GRID_CASE_REGISTERED_AT,
	GRID_CASE_DISPATCHED_AT, GRID_CASE_HANDLED_AT, GRID_CASE_VERIFIED_AT,
	GRID_CASE_CLOSED_AT, GRID_CASE_DEADLINE, GRID_CASE_OVERDUE,
	GRID_CASE_RATING, GRID_CASE_REWORK_COUNT, GRID_CASE_DUPLICATE_OF,
	GRID_CASE_REPLY_DUE,		/* schema version 2 */
	GRID_CASE_NFIELDS
};

/* The fields' columns (names of table cases, types), in order.  Static. */
const struct grid_column *grid_case_columns(void);

/* A case: field[f] is the text of field f. */
struct grid_case_row {
	const char *field[GRID_CASE_NFIELDS];
};
typedef int (*grid_case_row_fn)(void *ctx, const struct grid_case_row *row);

/* The filters that keep a case having any of their values. */
enum grid_case_key {
	GRID_CASE_BY_STATUS,	/* vocabulary case_status (vocab.h) */
	GRID_CASE_BY_LEVEL,	/* vocabulary level */
	GRID_CASE_BY_DEPT,	/* dept_code */
	GRID_CASE_BY_SOURCE,	/* vocabulary case_source */
	GRID_CASE_BY_CATEGORY,	/* category_code */
	GRID_CASE_BY_GRID,	/* 1 to 14 digits: a grid, or the grids of */
				/* a community, street or district */
	GRID_CASE_NKEYS
};
#define GRID_CASE_FILTER_MAX 1000	/* values of one key, at most */

/* Values (borrowed): canonical, or labels for a vocabulary. */
struct grid_case_values {
	const char *const *values;
	size_t n;		/* 0: this filter is not used */
};

/* The orders of grid_case_list; ties go by id. */
enum grid_case_sort {
	GRID_CASE_SORT_REPORTED = 0,	/* reported_at, oldest first */
	GRID_CASE_SORT_DEADLINE,	/* soonest first, none last; then */
					/* reported_at */
	GRID_CASE_SORT_ID
};

/* "reported", "deadline" or "id" -> the sort; -1 when unknown. */
int grid_case_sort_parse(const char *name);

/*
 * The cases grid_case_list keeps: every filter given must match.
 * Zeroed, it keeps every case.  Pointers borrowed for the call.
 * Running means dispatched or handled.  Times in any form
 * grid_time_parse takes; a time limit as grid_limit_parse takes it.
 */
struct grid_case_filter {
	struct grid_case_values any[GRID_CASE_NKEYS];
	int open;		/* not closed, voided or merged */
	int unacked;		/* dispatched, not signed for (ack) since */
				/* the last dispatch */
	int overdue;		/* running, marked overdue or past the */
				/* deadline at now */
	const char *due_within;	/* running, the deadline at or before */
				/* now plus this limit, past ones too */
				/* ("4 work_hours": on the working */
				/* calendar); NULL: none */
	const char *from;	/* reported at or after; NULL: none */
	const char *to;		/* reported at or before (a date alone: */
				/* that whole day); NULL: none */
	enum grid_case_sort sort;
	long limit;		/* > 0: the first limit cases only */
	time_t now;		/* 0: grid_now */
};

/*
 * Calls on_row for every case f keeps, in f->sort's order.  Returns 0,
 * or -1 with err: GRID_EUSAGE for a bad value, field the key's name
 * (status, level, dept, source, category, grid: not in the vocabulary,
 * not digits, more than GRID_CASE_FILTER_MAX values) or due_within,
 * from, to, sort; database errors; code 0 when on_row stopped it.
 */
int grid_case_list(struct grid_db *db, const struct grid_case_filter *f,
    grid_case_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * 1 when case id exists; 0 when not, with err GRID_EDATA "case ID: no
 * such case"; -1 with err for a database error.
 */
int grid_case_exists(struct grid_db *db, const char *id,
    struct grid_error *err);

/*
 * Calls on_row once, with case id's fields.  Returns 0, or -1 with err:
 * "no such case" as grid_case_exists; database errors; code 0 when
 * on_row stopped it.
 */
int grid_case_show(struct grid_db *db, const char *id,
    grid_case_row_fn on_row, void *ctx, struct grid_error *err);

/* A row of case_log; worker_id: the grid worker on site, or NULL. */
struct grid_case_log_row {
	const char *case_id, *at, *actor, *action;
	const char *from_status, *to_status, *note;
	const char *worker_id;
};
typedef int (*grid_case_log_fn)(void *ctx,
    const struct grid_case_log_row *row);

/*
 * Reads case id's log: calls on_row for each of its case_log rows, in
 * the order they were written (a case imported without any: none).
 * Returns 0, or -1 with err as grid_case_show.
 */
int grid_case_log(struct grid_db *db, const char *id,
    grid_case_log_fn on_row, void *ctx, struct grid_error *err);

/* A closed case like another. */
struct grid_case_similar_row {
	const char *id, *closed_at, *grid_code;
	int has_distance;	/* 1: both cases have a point, */
	double distance;	/* this many metres apart */
	const char *description, *rating;
	const char *handling;	/* its handle notes, joined by "; " */
};
typedef int (*grid_case_similar_fn)(void *ctx,
    const struct grid_case_similar_row *row);

#define GRID_CASE_SIMILAR_LIMIT 10	/* cases, when limit is not > 0 */

/*
 * Calls on_row for the closed cases of case id's category but id, in
 * its grid or, when distance >= 0, within distance metres of its point
 * (great-circle when both points are within +-180 and +-90, taken as
 * longitude and latitude in degrees; else plane, the coordinates taken
 * as metres of a projected system), newest closed first, at most limit
 * (not > 0: GRID_CASE_SIMILAR_LIMIT).  Returns 0, or -1 with err as
 * grid_case_show.
 */
int grid_case_similar(struct grid_db *db, const char *id, double distance,
    long limit, grid_case_similar_fn on_row, void *ctx,
    struct grid_error *err);

/*
 * What the requester may see of case id (grid-case status): a row per
 * public step, in order: when, the step (report, register, void,
 * dispatch, handle, verify, close, merge, reply, rate), the status
 * after it, and for reply the text; no actor, worker, department or
 * note.  Returns 0, or -1 with err as grid_case_show.
 */
struct grid_case_status_row {
	const char *at, *step, *status, *reply;
};
typedef int (*grid_case_status_fn)(void *ctx,
    const struct grid_case_status_row *row);
int grid_case_status(struct grid_db *db, const char *id,
    grid_case_status_fn on_row, void *ctx, struct grid_error *err);

/*
 * The categories a dispatcher chooses from, by code: code, kind, name,
 * dept_code and its department's name, limit_value, limit_unit (the
 * setting default_limit's when the category has none), and the urgent
 * tier (limit_value times urgent_share).  Texts borrowed during the
 * callback.  0, or -1 with err.
 */
struct grid_case_category_row {
	const char *code, *kind, *name, *dept_code, *dept_name;
	const char *limit_value, *limit_unit, *urgent_value;
};
typedef int (*grid_case_category_fn)(void *ctx,
    const struct grid_case_category_row *row);
int grid_case_categories(struct grid_db *db, grid_case_category_fn on_row,
    void *ctx, struct grid_error *err);

/*
 * The departments, by code: code, name, and the number of categories
 * dispatched to each by default and of components it owns.  0, or -1.
 */
struct grid_case_department_row {
	const char *code, *name, *categories, *components;
};
typedef int (*grid_case_department_fn)(void *ctx,
    const struct grid_case_department_row *row);
int grid_case_departments(struct grid_db *db,
    grid_case_department_fn on_row, void *ctx, struct grid_error *err);

#endif
