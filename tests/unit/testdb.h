/*
 * testdb.h - a database for the C unit tests of libgrid: the test's time
 * zone and clock, a new database in the test directory, SQL that must
 * work, and the rows a statistics callback gives.  Include it in one file
 * of a test program, after testfs.h (it needs `dir` and unlink_db).  It
 * defines `db`, the database every helper here works on.
 *
 * To keep rows, define KEEP_ROWS (the most rows one run may give) before
 * including it, and KEEP_COLS when a row may have more than 64 values:
 * you get cells, nrows, ncols, forget(), keep_row() and row().
 */
#ifndef GRID_TESTDB_H
#define GRID_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"

static struct grid_db *db;
static char db_path[160];	/* the file of db */
static int db_count;		/* the databases made so far */

/* Ends the test program: its fixture or setup is wrong, not the library. */
static inline void
die(const char *what, const char *detail)
{
	printf("# test setup failed: %s: %s\n", what, detail);
	exit(2);
}

/*
 * Pins TZ to Asia/Shanghai and GRID_NOW to now (NULL: left as it is),
 * and makes the test directory.
 */
static inline void
test_begin(const char *now)
{
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	if (now != NULL)
		setenv("GRID_NOW", now, 1);
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", dir);
}

/* Runs SQL that must work in db. */
static inline void
sql(const char *text)
{
	struct grid_error e;

	if (grid_db_exec(db, text, &e) != 0)
		die(text, e.text);
}

/*
 * The first column of the first row of query on db: "" when there is no
 * row, "-" for NULL.  A static buffer, valid until the next call.
 */
static inline const char *
sql_one(const char *query)
{
	static char text[256];
	sqlite3_stmt *st;

	text[0] = '\0';
	if (sqlite3_prepare_v2(grid_db_sqlite(db), query, -1, &st, NULL) !=
	    SQLITE_OK)
		die(query, sqlite3_errmsg(grid_db_sqlite(db)));
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(text, sizeof(text), "%s",
		    sqlite3_column_type(st, 0) == SQLITE_NULL ? "-" :
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return text;
}

/*
 * Creates a new database in the test directory (its file in db_path) as
 * db, and runs fixture in it (NULL: nothing).
 */
static inline void
db_create(const char *fixture)
{
	struct grid_error e;

	snprintf(db_path, sizeof(db_path), "%s/db%d.db", dir, ++db_count);
	if (grid_db_open(db_path, GRID_DB_CREATE, 0, &db, &e) != 0)
		die("grid_db_open", e.text);
	if (fixture != NULL)
		sql(fixture);
}

/* Closes db (NULL allowed) and removes its files. */
static inline void
db_remove(void)
{
	grid_db_close(db);
	db = NULL;
	unlink_db(db_path);
}

#ifdef KEEP_ROWS
#ifndef KEEP_COLS
#define KEEP_COLS 64
#endif

/*
 * The rows of the last run: cells[r][c] is a copy of value c of row r
 * (NULL for NULL), for nrows rows of ncols values.  Set ncols before a
 * run.
 */
static char *cells[KEEP_ROWS][KEEP_COLS];
static size_t nrows, ncols;

/* Frees the kept rows; nrows is 0 after. */
static inline void
forget(void)
{
	size_t r, c;

	for (r = 0; r < nrows; r++)
		for (c = 0; c < KEEP_COLS; c++) {
			free(cells[r][c]);
			cells[r][c] = NULL;
		}
	nrows = 0;
}

/* A row callback (ctx unused): keeps the ncols values of the row. */
static inline int
keep_row(void *ctx, const char *const *values)
{
	size_t c;

	if (nrows == KEEP_ROWS)
		die("keep_row", "too many rows");
	if (ncols > KEEP_COLS)
		die("keep_row", "too many columns");
	for (c = 0; c < ncols; c++)
		if (values[c] != NULL &&
		    (cells[nrows][c] = strdup(values[c])) == NULL)
			die("keep_row", "out of memory");
	nrows++;
	return 0;
}

/*
 * Row r as its values joined by '|', "-" for NULL, "(no row)" past the
 * last.  Each row has a buffer of its own, valid until the next call for
 * the same row.
 */
static inline const char *
row(size_t r)
{
	static char text[KEEP_ROWS][512];
	size_t c, len = 0;

	if (r >= nrows)
		return "(no row)";
	text[r][0] = '\0';
	for (c = 0; c < ncols && len < sizeof(text[r]); c++)
		len += (size_t)snprintf(text[r] + len, sizeof(text[r]) - len,
		    "%s%s", c ? "|" : "",
		    cells[r][c] != NULL ? cells[r][c] : "-");
	return text[r];
}
#endif

/* Frees what the helpers hold, closes db and removes the test directory. */
static inline void
test_end(void)
{
#ifdef KEEP_ROWS
	forget();
#endif
	if (db != NULL)
		db_remove();
	rmdir(dir);
}

#endif
