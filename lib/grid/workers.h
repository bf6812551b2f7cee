/*
 * workers.h - grid workers and their responsibility grids (table
 * worker_grids): each worker's grids and load, giving a worker exactly
 * some grids, and balancing each community's unit grids between its
 * workers (the partition itself is balance.h).
 *
 * A grid's load is the number of people, or of houses, whose grid_code
 * is that grid.  A grid held by two workers counts fully for each.
 * An area is a district, street, community or grid code: it selects the
 * grids whose code starts with it.
 */
#ifndef GRID_WORKERS_H
#define GRID_WORKERS_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"

/* What the load is counted in. */
enum grid_workers_by {
	GRID_WORKERS_BY_PEOPLE = 0,
	GRID_WORKERS_BY_HOUSES
};

/* "people", "houses" -> by; -1 when unknown. */
int grid_workers_by_parse(const char *name);
/* "people" or "houses". */
const char *grid_workers_by_name(enum grid_workers_by by);

/*
 * Checks an area code: its shape (a division or grid code), and that it
 * is in regions or some grid lies in it.  Returns 0, or -1 with err
 * (GRID_EDATA: "bad area code 'X'", "unknown area 'X'").
 */
int grid_workers_area_check(struct grid_db *db, const char *area,
    struct grid_error *err);

/* ---- listing ---- */

/* One worker; every pointer borrowed from the list (see _next). */
struct grid_workers_row {
	const char *id, *name, *kind;
	const char *phone;		/* as stored; NULL when none */
	const char *communities;	/* of its grids, comma-separated */
	const char *grids;		/* comma-separated, "" if none */
	long grid_count, people, houses;
};

struct grid_workers_list;

/*
 * Starts listing workers by id with their grids and load.  With area
 * NULL every worker is listed, those without grids too; else only
 * workers with grids in area, and only those grids.  Returns 0 and a
 * new list in *list, or -1 with err.
 */
int grid_workers_list_open(struct grid_db *db, const char *area,
    struct grid_workers_list **list, struct grid_error *err);
/*
 * Points *row at the next worker, valid until the next call or _close.
 * Returns 1, 0 at the end, or -1 with err.
 */
int grid_workers_list_next(struct grid_workers_list *list,
    const struct grid_workers_row **row, struct grid_error *err);
/* Ends the listing (NULL allowed). */
void grid_workers_list_close(struct grid_workers_list *list);

/* ---- setting ---- */

enum grid_workers_edit {
	GRID_WORKERS_SET = 0,	/* exactly these grids */
	GRID_WORKERS_ADD,	/* these grids too */
	GRID_WORKERS_REMOVE	/* not these grids */
};

/* What an edit changed: grid codes, sorted; owned by the struct. */
struct grid_workers_changes {
	char **added;
	size_t nadded;
	char **removed;
	size_t nremoved;
};

/*
 * Changes worker_id's grids in one transaction (BEGIN IMMEDIATE).  grids
 * (borrowed) may repeat a code.  Every grid must exist and the worker
 * too; otherwise nothing is changed and -1 is returned with err
 * (GRID_EDATA: "unknown worker 'W9'", "unknown grid 'X'", "unknown grids
 * 'X', 'Y' and 3 more").  On success changes (caller-allocated, may be
 * NULL) receives what changed; release it with
 * grid_workers_changes_release.  Returns 0 or -1.
 */
int grid_workers_edit(struct grid_db *db, const char *worker_id,
    enum grid_workers_edit op, const char *const *grids, size_t ngrids,
    struct grid_workers_changes *changes, struct grid_error *err);
/* Frees what changes holds and empties it (NULL allowed). */
void grid_workers_changes_release(struct grid_workers_changes *changes);

/* ---- balancing ---- */

/* One worker of one community, before and after. */
struct grid_workers_share {
	char *community_code;
	char *worker_id, *name, *kind;
	char *grids_before, *grids_after;	/* comma-separated codes */
	size_t count_before, count_after;	/* grids */
	long load_before, load_after;
	size_t pieces;		/* connected pieces after (0: no grids) */
};

/* One community: its workers' loads before and after. */
struct grid_workers_community {
	char *code;
	size_t ngrids;		/* unit grids */
	size_t nworkers;	/* 0: not balanced, nobody to share with */
	size_t with_polygon;	/* grids whose polygon gave neighbours */
	size_t moved;		/* grids whose workers change */
	long max_before, max_after, min_before, min_after;
	double cv_before, cv_after;	/* stddev / mean; 0 when mean 0 */
};

/* A proposal; everything in it is owned by it. */
struct grid_workers_plan {
	enum grid_workers_by by;
	struct grid_workers_share *shares;	/* by community, worker */
	size_t nshares;
	struct grid_workers_community *communities;	/* by code */
	size_t ncommunities;
	int applied;		/* written to worker_grids */
	long rows_removed, rows_added;	/* when applied */
};

/*
 * Proposes, for each community in area (NULL: every community), an
 * assignment of its unit grids to its workers: those holding a grid in
 * it now, specialists excepted.  Each grid goes to one worker; loads
 * are made even (grid_balance_solve) with each worker's grids
 * contiguous where possible.  Two grids are neighbours when their
 * polygons share an edge, or, when either has no polygon, when their
 * sequence numbers follow each other (grids are numbered west to east,
 * north to south).  With apply, the proposal is written to worker_grids
 * in the same transaction as the reading (rows of other grids and of
 * specialists are kept).  Returns 0 and a new plan in *plan, or -1 with
 * err (GRID_EDATA: a polygon that cannot be read).
 */
int grid_workers_balance(struct grid_db *db, const char *area,
    enum grid_workers_by by, int apply, struct grid_workers_plan **plan,
    struct grid_error *err);
/* Frees plan (NULL allowed). */
void grid_workers_plan_free(struct grid_workers_plan *plan);

#endif
