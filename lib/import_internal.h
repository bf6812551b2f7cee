/*
 * import_internal.h - the state of a grid-import run, shared by the files
 * of the import module (import.c: runs and files; import_map.c: columns
 * and statements; import_row.c: one row; import_lookup.c: cached lookups
 * and what the run has loaded; import_rules.c: the rules of each
 * register; registers.c: the registers, with their references and
 * rules).  Private to lib/.
 */
#ifndef GRID_IMPORT_INTERNAL_H
#define GRID_IMPORT_INTERNAL_H

#include <sqlite3.h>
#include <jansson.h>

#include "grid/buf.h"
#include "grid/import.h"
#include "grid/registers.h"
#include "internal.h"

#define MAX_FIELDS 32
#define MAX_CACHED 24
#define MAX_TABLES 16
#define PROGRESS_EVERY 4096
#define HH_BATCH 1024

/* What a column that gives no field of the table is for. */
enum { COL_ATTRS = -1, COL_IGNORE = -2, COL_HH_SIZE = -3 /* --households:
	the household's size, 户人数 */ };

struct cached {
	const char *sql;	/* a string literal: compared by address */
	char table[32];		/* the table it reads or writes */
	char column[32];	/* of its "WHERE column = ?1", or "" */
	int existence;		/* a "SELECT 1 ...": answers only found */
	sqlite3_stmt *st;
	char arg[128];		/* last argument and its answer */
	char answer[128];
	int found;		/* -1: nothing cached */
};

/*
 * Where a table's rows stood when the run first touched it: rows with a
 * larger rowid were inserted by this run, and temp.import_rows has their
 * lines.  Rows of the run that were there before (updated, unchanged) and
 * rows of WITHOUT ROWID tables are kept by key in temp.import_seen.
 */
struct table_start {
	const char *table;	/* static, from the register */
	int has_rowid;
	sqlite3_int64 start;
	sqlite3_stmt *rowid_of;	/* SELECT rowid ... WHERE key = ?1 */
};

/*
 * Rows the run inserted into a rowid table at consecutive rowids from
 * consecutive lines of one file: temp.import_rows holds such runs, one
 * statement per run instead of one per row.  The run being extended is
 * kept here until a row breaks it.
 */
struct row_run {
	const char *table;	/* static, from the register; NULL: none */
	sqlite3_int64 first, last;	/* rowids */
	sqlite3_int64 file;	/* index in batches */
	long line;		/* of the first row */
};

struct batch {
	char table[32];
	char source[256];
	char started[32];
	char finished[32];
	struct grid_import_stats stats;
};

struct grid_import {
	struct grid_db *db;
	sqlite3 *sql;
	struct grid_import_options opts;
	char today[11];
	char now[32];
	int seq_width;
	int stopped;		/* a callback stopped the run */
	int failed;		/* a file could not be loaded to its end */
	int fk_off;		/* SQLite's foreign key checks off (the run) */
	char division[8];	/* the jurisdiction, "" for none
				 * (import_district.c) */
	int polygons;		/* the database has grid polygons, */
	double extent[4];	/* their extent (grid_db_grids_extent) */
	/* rows of the run found outside it (temp.import_outside), read
	 * and noted; statements of import_district.c */
	long noutside;
	int surveying;		/* grid_division_survey: rows only looked
				 * at, nothing rejected or written */
	sqlite3_stmt *outside_get, *outside_put;
	sqlite3_stmt *place[8];	/* where a referenced row lies, */
	unsigned place_known;	/* by bit: asked whether any does */

	struct batch *batches;
	size_t nbatches;
	struct cached cache[MAX_CACHED];
	size_t ncached;
	struct table_start starts[MAX_TABLES];
	size_t nstarts;
	sqlite3_stmt *rows_get, *rows_put;
	struct row_run run;
	/* The households the file's people name (checked at its end), on
	 * their way to temp.import_households: a JSON array of the latest
	 * ones (written HH_BATCH at a time), and the last one. */
	struct grid_buf hh_json, hh_last;
	size_t nhh;
	sqlite3_stmt *hh_put;

	/* --households: the households of the file's people, surveyed
	 * before its rows are loaded (import.c) and settled
	 * (import_rules.c) */
	int census;		/* this file makes its households */
	long census_refused;	/* households whose people are rejected */
	long census_made, census_changed;	/* inserted, updated */
	int census_col[5];	/* CSV: the column of each census field
				 * (import.c's C_FIELDS), or -1 */
	sqlite3_stmt *census_put;

	/* the file being loaded */
	const struct grid_register *reg;
	/* the lookup of the row each field references (registers.c's
	 * gridi_register_ref_sql), NULL for a field without a reference */
	const char *ref_sql[MAX_FIELDS];
	struct grid_reader *reader;
	struct grid_import_stats *stats;
	int *colmap;
	size_t ncolmap;
	size_t skip;		/* leading reject-file columns (0 or 3) */
	struct grid_buf val[MAX_FIELDS];
	const char *v[MAX_FIELDS];
	struct grid_buf tmp, key;
	json_t *attrs;
	struct table_start *start;	/* of the file's table */
	sqlite3_int64 rowid;		/* of the existing row */
	sqlite3_stmt *sel, *ins, *upd, *seen_get, *seen_put;
	sqlite3_stmt *ins_new;	/* INSERT ... ON CONFLICT DO NOTHING */
	int serial_dates;	/* Excel date serials read in date columns */
	long serials[MAX_FIELDS];	/* how many converted, by field */
};

/* Fills err from a failed SQLite call; returns -1. */
int gridi_import_sqlfail(struct grid_import *imp, int rc, const char *what,
    struct grid_error *err);

/* import_lookup.c */
void gridi_import_forget(struct grid_import *imp, const char *table);
long gridi_import_row_line(struct grid_import *imp, const char *table,
    sqlite3_int64 rid, const char **source);
long gridi_import_key_line(struct grid_import *imp, const char *table,
    const char *key, const char **source);
int gridi_import_note_start(struct grid_import *imp, struct grid_error *err);
/* Notes that the row of rowid rid was inserted from line.  0 or -1. */
int gridi_import_note_row(struct grid_import *imp, sqlite3_int64 rid,
    long line, struct grid_error *err);
/* Writes the run being extended to temp.import_rows.  0 or -1. */
int gridi_import_flush_rows(struct grid_import *imp, struct grid_error *err);

/*
 * Notes that a stored row of the file names household id (its census
 * checks run at the end of the file).  0 or -1 (memory).
 */
int gridi_import_note_household(struct grid_import *imp, const char *id,
    struct grid_error *err);
/* Writes the households noted to temp.import_households.  0 or -1. */
int gridi_import_flush_households(struct grid_import *imp,
    struct grid_error *err);

/* import_map.c */
int gridi_import_prepare_table(struct grid_import *imp,
    struct grid_error *err);
void gridi_import_finalize_table(struct grid_import *imp);
int gridi_import_map_column(struct grid_import *imp, const char *column);
int gridi_import_map_header(struct grid_import *imp, struct grid_error *err);
/* How many leading columns are a reject file's line,error_code,error. */
size_t gridi_import_reject_columns(const char *const *names, size_t n);

/*
 * import_rules.c, the one-sheet census (--households): once import.c has noted
 * each row of a people file in temp.import_census (household, line, ID
 * number, head or not, house, declared size), settles its households:
 * each is refused (no head, two heads, sizes that disagree: its people
 * are rejected when they are loaded) or inserted or updated.  After the
 * rows, gridi_census_end drops the new households left without people
 * and notes what was done.  Each returns 0 or -1.
 */
int gridi_census_settle(struct grid_import *imp, struct grid_error *err);
int gridi_census_end(struct grid_import *imp, struct grid_error *err);

/*
 * import_district.c: the run's jurisdiction (opts.division set first;
 * imp->division), at the run's start, 0 or -1; each row's codes, case
 * id and point checked against it before the table's rules (0, 1 to
 * reject with *code "outside" and err, or -1); after a regions row is
 * stored, the first district of a database whose regions hold no other
 * made its jurisdiction (0 or -1).
 */
int gridi_division_begin(struct grid_import *imp, struct grid_error *err);
int gridi_division_check_row(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_division_after_row(struct gridi_row *row, struct grid_error *err);
/*
 * import_district.c: a row rejected with code "outside" (its values in
 * imp->v) noted in temp.import_outside, with what it places outside too
 * (worker_grids: its worker), so that the run's rows naming it are
 * refused in turn.  0 or -1.
 */
int gridi_division_note(struct grid_import *imp, long line,
    const struct grid_error *why, struct grid_error *err);
/* import_district.c: its statements finalised (at the run's end). */
void gridi_division_end(struct grid_import *imp);
/*
 * import_row.c: one record of a file surveyed (grid_division_survey):
 * its values taken and checked against the jurisdiction, and noted
 * when they lie outside.  0 or -1.
 */
int gridi_import_survey_row(struct grid_import *imp,
    const struct grid_record *rec, struct grid_error *err);

/* import_row.c: 0 (stored), 1 (rejected), -1 (the run cannot go on). */
int gridi_import_row(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err);

/*
 * The line of the first of the first HEADER_SEARCH_LINES lines that
 * looks like the table's header, when the header the reader took does
 * not (a title line above it) and no header line was given: then it has
 * read records from imp->reader, which must be opened again at that line
 * (the reader's own header line when none looks better).  0 when the
 * reader's header stands and nothing was read; -1 with err when the
 * input cannot be read on.
 */
#define HEADER_SEARCH_LINES 20
long gridi_import_find_header(struct grid_import *imp,
    struct grid_error *err);

/*
 * A register as registers.c describes it: its public description
 * (grid/registers.h: its structs are part of libgrid's ABI, so what the
 * import alone needs is kept here, around it) with the lookup that a
 * reference to one of its rows makes, and its rules.  One entry of
 * registers.c's table holds all of it: a register, a reference or a rule
 * is added there, once.
 */
struct gridi_register {
	struct grid_register pub;	/* what grid_register_at gives */
	/* the key column a reference names ("table.column" in a field's
	 * ref), and "SELECT 1 FROM table WHERE column = ?1" (a string
	 * literal: gridi_import_lookup caches by address); NULL for a key
	 * of two columns, which no reference names */
	const char *key_column;
	const char *key_sql;
	/* the table rules of import_rules.c, NULL for none: before the
	 * row is written (0, 1 to reject with *code and err, or -1), after
	 * it is written (0 or -1), at the end of a file (the number of
	 * warnings given, or -1) */
	int (*check)(struct gridi_row *row, const char **code,
	    struct grid_error *err);
	int (*after)(struct gridi_row *row, struct grid_error *err);
	long (*file_end)(struct grid_import *imp,
	    void (*warn)(void *ctx, const struct grid_error *w), void *ctx,
	    const char *source, struct grid_error *err);
};

/*
 * registers.c: the description around reg, or NULL when reg is none of
 * registers.c's (grid-assign locate's coordinates).  Borrowed, static.
 */
const struct gridi_register *gridi_register_of(const struct grid_register *reg);
/*
 * registers.c: the lookup of the row that field f references (the
 * key_sql of the register its ref names), or NULL when f references
 * nothing or what it names is no register's single key.
 */
const char *gridi_register_ref_sql(const struct grid_field *f);

/*
 * import_rules.c: the rules of each register, named by registers.c's
 * table (see struct gridi_register).
 */
int gridi_rules_region(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_grid(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_person(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_person_after(struct gridi_row *row, struct grid_error *err);
long gridi_rules_people_end(struct grid_import *imp,
    void (*warn)(void *ctx, const struct grid_error *w), void *ctx,
    const char *source, struct grid_error *err);
int gridi_rules_category(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_component(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_case(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_visit(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_tag(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_visit_rule(struct gridi_row *row, const char **code,
    struct grid_error *err);
int gridi_rules_person_tag(struct gridi_row *row, const char **code,
    struct grid_error *err);

#endif
