/*
 * case_feed.h - what changed since the last poll: every case with a
 * case_log row after a cursor (new, stepped, escalated, closed, ...),
 * one row per case with its current state, for a city centre or a
 * hotline that polls for increments (as NDJSON rows or as Open311
 * service requests, grid/open311.h).  Nothing is written.
 *
 * The cursor is case_log.id, not a time.  Times cannot be a cursor: a
 * step may be back-filled (grid-case --at) with a time earlier than a
 * step already polled, and two steps may share a second, so "after the
 * last time seen" misses or repeats changes.  case_log.id is an INTEGER
 * PRIMARY KEY (lib/schema.c: a rowid table, not WITHOUT ROWID): SQLite
 * gives a new row the largest id plus one, and keeps ids through
 * VACUUM.  Writers take the database's one write lock in turn, so a
 * transaction committed after a poll's snapshot was taken only adds ids
 * greater than every id in that snapshot.  A poll reads the largest id
 * and the changed cases in one read transaction, so the cursor it
 * returns is exactly what it saw: nothing is missed or sent twice.  This
 * holds while no case_log row is ever deleted (libgrid deletes none; a
 * deleted last row would let its id be given again).  Changes that
 * write no case_log row are not in the feed: grid-assign cases filling
 * grid_code, grid-import loading cases.
 */
#ifndef GRID_CASE_FEED_H
#define GRID_CASE_FEED_H

#include <stddef.h>

#include "grid/case_query.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/*
 * One changed case, borrowed from the query: valid during the callback
 * only.  Texts are NULL when absent.
 */
struct grid_case_feed_row {
	struct grid_case_row c;		/* the case as it is now */
	long long log_id;		/* its latest case_log row (the */
					/* poll's; 0: none) */
	const char *action;		/* that row's action and time */
	const char *at;
	long changes;			/* its rows in the poll */
	const char *status_note;	/* the note of the latest step that */
					/* changed its status, or of a later */
					/* reply (答复), whichever is */
					/* latest */
	const char *category_name;	/* categories.name */
	const char *dept_name;		/* departments.name of dept_code */
	const char *limit;		/* its category's time limit */
					/* ("4 work_hours"), else the */
					/* setting default_limit */
	const char *updated_at;		/* the last change: for a closed, */
					/* voided or merged case the step */
					/* that ended it; else its latest */
					/* row; else reported_at */
	const char *external_id;	/* cases.external_id and */
	const char *external_source;	/* external_source: a case taken */
					/* from another platform */
					/* (grid/open311_import.h) */
	const char *media_url;		/* its first attachment with an */
					/* address: of the stage 'after' */
					/* first once closed, else of */
					/* 'before' first, then by id; */
					/* an http(s) uri as it is, a kept */
					/* file (stored 1) as the setting */
					/* media_base_url, '/', the case */
					/* id, '/', its sha256 (only when */
					/* media_base_url is set) */
};
typedef int (*grid_case_feed_fn)(void *ctx,
    const struct grid_case_feed_row *row);

/*
 * The changes that do not count: "reveal" (a read) and "warn" (a
 * reminder); they change nothing in cases.  Every other action does
 * (NULL and "" are none).  1 when action counts, 0 when not.
 */
int grid_case_feed_counts(const char *action);

/*
 * Calls on_row for every case with a counting case_log row whose id is
 * greater than since (0: from the start), in the order of its latest
 * such row (newest change last), at most limit cases (<= 0: all), and
 * sets *next to the cursor of the next poll: the largest id seen when
 * every case was given, else the last given row's log_id.  One read
 * transaction (unless the caller has one open).  Returns 0, or -1 with
 * err: GRID_EUSAGE for since < 0 (field "since"); database errors; code
 * 0 when on_row stopped it (*next is then not set).
 */
int grid_case_feed(struct grid_db *db, long long since, long limit,
    grid_case_feed_fn on_row, void *ctx, long long *next,
    struct grid_error *err);

/*
 * Calls on_row once with case id as the feed gives it (log_id its
 * latest counting row, changes all of them), for an export of chosen
 * cases.  Returns 0, or -1 with err: GRID_EDATA "case ID: no such
 * case"; database errors; code 0 when on_row stopped it.
 */
int grid_case_feed_case(struct grid_db *db, const char *id,
    grid_case_feed_fn on_row, void *ctx, struct grid_error *err);

/*
 * The columns of a feed row in NDJSON or CSV: the case's
 * (grid_case_columns), then log_id, action, at, changes, status_note,
 * category_name, dept_name, updated_at.  Static; *n receives their
 * number.
 */
#define GRID_CASE_FEED_EXTRA 8
const struct grid_column *grid_case_feed_columns(size_t *n);

/*
 * The values of row in the order of grid_case_feed_columns into values
 * (GRID_CASE_NFIELDS + GRID_CASE_FEED_EXTRA entries, borrowed from row
 * but log_id and changes, written into the caller's id_text and
 * changes_text, 24 bytes each).
 */
void grid_case_feed_values(const struct grid_case_feed_row *row,
    const char **values, char *id_text, char *changes_text);

#endif
