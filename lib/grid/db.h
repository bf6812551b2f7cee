/*
 * db.h - the shared SQLite database: open or create it, keep its schema
 * current, run transactions, read settings.
 */
#ifndef GRID_DB_H
#define GRID_DB_H

#include <sqlite3.h>

#include "grid/error.h"
#include "grid/tz.h"

/* The schema version this build writes (PRAGMA user_version). */
#define GRID_SCHEMA_VERSION 8

enum grid_db_flags {
	GRID_DB_CREATE = 1,	/* create the file (mode 0600) when missing */
	GRID_DB_READONLY = 2	/* open read-only; never migrates */
};

struct grid_db;

/*
 * The path to use: path when not NULL, else $GRID_DB, else "./grid.db".
 * Borrowed (path itself, the environment, or a static string).
 */
const char *grid_db_default_path(const char *path);

/*
 * Opens the database at path (see grid_db_default_path), creating it with
 * mode 0600 and the whole schema when flags has GRID_DB_CREATE.  Sets WAL,
 * foreign keys and the busy timeout ($GRID_BUSY_MS, default 5000 ms), and
 * applies forward migrations.  seq_width (2 or 3, 0 for the default 2) is
 * the grid sequence width written into a new database; for an existing one
 * a different non-zero value is an error.  A database newer than
 * GRID_SCHEMA_VERSION is refused, never modified.  Returns 0 and a new
 * handle in *db, or -1 with err (GRID_ENODB when missing or unusable,
 * GRID_EBUSY when locked past the timeout).
 */
int grid_db_open(const char *path, int flags, int seq_width,
    struct grid_db **db, struct grid_error *err);

/* What a new database is made with. */
struct grid_db_new {
	int seq_width;		/* 2 or 3; 0 for 2 */
	const char *time_zone;	/* an IANA name; NULL for GRID_TZ_DEFAULT */
};

/*
 * grid_db_open with the settings of a new database (fresh may be NULL).
 * Every open puts the database's time_zone setting in force for the
 * process (grid/tz.h); a zone whose file is missing is GRID_ENODB.  For an
 * existing database a fresh->time_zone other than its own is GRID_EUSAGE.
 * A database without the setting (made before it existed) gets, when
 * opened for writing, fresh->time_zone, else the zone the process's TZ
 * named, else GRID_TZ_DEFAULT, and its times written at other offsets are
 * rewritten at the zone's (grid_db_relocalize); grid_db_notice then says
 * so.  Opened read-only, it is computed in that zone without writing it.
 */
int grid_db_open_with(const char *path, int flags,
    const struct grid_db_new *fresh, struct grid_db **db,
    struct grid_error *err);

/*
 * A message the tool should print once on standard error about this
 * open (a time zone recorded or assumed), or NULL.  Borrowed.
 */
const char *grid_db_notice(const struct grid_db *db);

/* The database's time zone (the one in force), borrowed. */
const char *grid_db_time_zone(const struct grid_db *db);

/*
 * Changes the database's time zone to name, in one transaction (the
 * caller's when one is open): the setting, and every time in the database
 * rewritten at the new zone's offsets (the same instants).  Returns 0, or
 * -1 with err, nothing changed and the old zone in force again.
 */
int grid_db_set_time_zone(struct grid_db *db, const char *name,
    struct grid_error *err);

/*
 * Rewrites every time in the database that carries an offset other than
 * the local zone's at that instant (grid_time_localize): the columns
 * named at, *_at and deadline of every table.  Inside the caller's
 * transaction.  Returns the number of values changed, or -1 with err.
 */
long grid_db_relocalize(struct grid_db *db, struct grid_error *err);

/* Closes the handle (NULL allowed); rolls back an open transaction. */
void grid_db_close(struct grid_db *db);

/* The SQLite handle, borrowed. */
sqlite3 *grid_db_sqlite(struct grid_db *db);
/* The path the handle was opened with, borrowed. */
const char *grid_db_path(const struct grid_db *db);
/* 1 when this open created the file. */
int grid_db_created(const struct grid_db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  Return 0 or -1. */
int grid_db_begin(struct grid_db *db, struct grid_error *err);
int grid_db_commit(struct grid_db *db, struct grid_error *err);
int grid_db_rollback(struct grid_db *db);

/* Runs SQL without parameters (schema, pragmas).  Returns 0 or -1. */
int grid_db_exec(struct grid_db *db, const char *sql, struct grid_error *err);

/*
 * Prepares sql on the handle; returns 0 and a statement the caller
 * finalises, or -1 with err.
 */
int grid_db_prepare(struct grid_db *db, const char *sql, sqlite3_stmt **stmt,
    struct grid_error *err);

/*
 * Fills err from the handle's last SQLite error (rc is the failing result
 * code): busy -> GRID_EBUSY, full/ioerr -> GRID_EIO, others
 * GRID_EINTERNAL; what is a short description of what was being done.
 * Returns -1.
 */
int grid_db_error(struct grid_db *db, int rc, const char *what,
    struct grid_error *err);

/*
 * The value of a setting (table settings), or def when absent or db is
 * NULL (no database: the defaults).  Returned pointer: a copy in out
 * (size n), or def.
 */
const char *grid_db_setting(struct grid_db *db, const char *key,
    const char *def, char *out, size_t n);
/* The setting as an integer, def when absent or not a number. */
long grid_db_setting_long(struct grid_db *db, const char *key, long def);

#endif
