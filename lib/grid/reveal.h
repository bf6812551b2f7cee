/*
 * reveal.h - the trace left when a list of people is shown with its
 * personal data unmasked (gridkit(7), PERSONAL DATA): grid-stats
 * permits --list and groups --list with --reveal.  (A case's reveal is
 * a case_log row: cases.h, grid_case_log_reveal.)
 *
 * The trace is a file beside the database, its path with ".reveal.log"
 * added (grid.db.reveal.log), created with mode 0600 and only ever
 * appended to: one JSON object per line, {"at": the local time (ISO
 * 8601, the database's zone), "actor": who, "list": what was listed,
 * "query": the options that chose the rows}.  It is a file and not a
 * table so that a read-only command leaves the database untouched and
 * a reader of the database alone does not learn who looked at whom.
 */
#ifndef GRID_REVEAL_H
#define GRID_REVEAL_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"

/*
 * The path of db's trace into out (size n).  Returns out, or NULL when
 * it does not fit.
 */
char *grid_reveal_log_path(const struct grid_db *db, char *out, size_t n);

/*
 * Appends one line to db's trace: now (grid_now, so $GRID_NOW), actor,
 * list and query (borrowed; none NULL), and syncs it to the disk.  Call
 * it before the first unmasked row is shown, and show nothing when it
 * fails.  Returns 0, or -1 with err (GRID_ECANTCREAT with the path in
 * err->source when the file cannot be opened or written, GRID_EUSAGE for
 * an unreadable $GRID_NOW).
 */
int grid_reveal_log(struct grid_db *db, const char *actor, const char *list,
    const char *query, struct grid_error *err);

#endif
