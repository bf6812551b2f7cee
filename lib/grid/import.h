/*
 * import.h - loading register files into the database (grid-import).
 *
 * One run is one transaction: grid_import_begin starts it, each
 * grid_import_file loads one file into it, grid_import_end commits or
 * rolls back and records the run in import_batches.  Bad rows are not
 * errors of the run: each is handed to the on_reject callback, which may
 * stop the run.
 */
#ifndef GRID_IMPORT_H
#define GRID_IMPORT_H

#include "grid/db.h"
#include "grid/error.h"
#include "grid/reader.h"
#include "grid/registers.h"

enum grid_import_mode {
	GRID_IMPORT_UPSERT = 0,	/* new keys inserted, given fields updated */
	GRID_IMPORT_INSERT,	/* an existing key is a rejected row */
	GRID_IMPORT_REPLACE	/* existing rows get exactly the new values */
};

struct grid_import_stats {
	long read, inserted, updated, unchanged, rejected;
	long warnings;
	double seconds;
};

/* A rejected row, borrowed for the duration of the callback. */
struct grid_reject {
	const struct grid_reader *reader;	/* the file it came from */
	const struct grid_record *record;	/* NULL for whole-file errors */
	long line;
	const char *code;	/* short machine-readable reason */
	const struct grid_error *error;		/* located: file, line, field */
};

struct grid_import_options {
	enum grid_import_mode mode;
	/* --map: pairs "field=column", each naming a field of the table
	 * and the input column that holds it. */
	const char *const *map;
	size_t nmap;
	struct grid_reader_options reader;
	struct grid_reader_layout layout;	/* sheet, header line: the
						 * same for every file */
	const char *actor;	/* recorded in import_batches */
	int dry_run;		/* a run never committed: its batches are
				 * recorded with status dry_run */
	int strict_columns;	/* a column matching no field stops the
				 * run (GRID_EDATA), instead of a warning
				 * and its values kept in attrs */
	const char *division;	/* --division: the jurisdiction to set
				 * at the start of the run, in its
				 * transaction, when the database has
				 * none (grid_db_set_division: one set to
				 * another code is an error), or NULL */
	int households;		/* people files: their households made
				 * from the household number and the
				 * relation to the head (a one-sheet
				 * census); each file is read twice, so
				 * not from standard input */
	/* Called for each rejected row; return non-zero to stop the run. */
	int (*on_reject)(void *ctx, const struct grid_reject *reject);
	/* Called for each warning (the run goes on). */
	void (*on_warning)(void *ctx, const struct grid_error *warning);
	/* Called every few thousand rows and at the end of each file. */
	void (*on_progress)(void *ctx, const struct grid_reader *reader,
	    long rows, int done);
	/* Called when a file is open, before its first row (may be NULL);
	 * return non-zero to stop (e.g. the reject file cannot be made). */
	int (*on_file)(void *ctx, const struct grid_reader *reader,
	    const char *table, struct grid_error *err);
	void *ctx;
};

struct grid_import;

/*
 * Starts a run on db (borrowed; it must outlive the run): begins an
 * immediate transaction.  opts is copied (the strings it points to are
 * borrowed).  Returns a new run, or NULL with err (GRID_EBUSY when the
 * database is locked past the timeout).
 */
struct grid_import *grid_import_begin(struct grid_db *db,
    const struct grid_import_options *opts, struct grid_error *err);

/*
 * Loads one file (path, "-" for standard input) into table.  Fills stats
 * (zeroed first).  Returns 0 when the file was read to its end (rows may
 * have been rejected: stats->rejected), or -1 with err when the run cannot
 * go on: the file is missing or unreadable (GRID_ENOINPUT, GRID_EIO), its
 * content cannot be read on (GRID_EDATA: bad bytes, unterminated quote, no
 * key column, a --map column not in the header; with opts.households, no
 * household number or relation column), the callback stopped the run
 * (GRID_EDATA, "stopped at this row"), opts.households for standard
 * input (GRID_EUSAGE), or a database error.  After -1 the run must be
 * ended without commit.
 *
 * With opts.households, a people file is read twice: first for its
 * households, which are made or refused (a household without one head,
 * or whose rows declare sizes that disagree: each of its people is then
 * a rejected row), then for its people.  In CSV and workbooks, a date
 * column's Excel serials (grid_date_serial) are read as dates; on_warning
 * then hears once per column how many.
 */
int grid_import_file(struct grid_import *imp, const char *path,
    const char *table, struct grid_import_stats *stats,
    struct grid_error *err);

/*
 * Ends the run: commits when commit is non-zero, else rolls back.  Either
 * way each file is recorded in import_batches: status committed, dry_run
 * (opts.dry_run and every file read to its end) or rolled_back.  Frees
 * imp.  Returns 0 or -1 with err (the commit failed: nothing was
 * written).
 */
int grid_import_end(struct grid_import *imp, int commit,
    struct grid_error *err);

/*
 * Checks --map pairs ("field=column") against table before anything is
 * opened.  Returns 0, or -1 with err (GRID_EUSAGE: unknown table, a pair
 * without '=', a field the table does not have).
 */
int grid_import_check_map(const char *table, const char *const *map,
    size_t nmap, struct grid_error *err);

/*
 * The table a file name stands for when no table is given: the base name
 * up to its first '.', with a leading "NN-" or "NN_" order prefix dropped
 * ("03-people.csv.gz" -> "people").  Writes it to out (size n); returns
 * 0, or -1 when it names no register table.
 */
int grid_import_table_for_path(const char *path, char *out, size_t n);

#endif
