/*
 * import.c - loading register files: one run is one transaction; each
 * file is opened, mapped to its table and read row by row (import_row.c);
 * the run is recorded in import_batches and committed or rolled back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/district.h"
#include "grid/text.h"
#include "import_internal.h"

int
gridi_import_sqlfail(struct grid_import *imp, int rc, const char *what,
    struct grid_error *err)
{
	return grid_db_error(imp->db, rc, what, err);
}

/*
 * Whether every foreign key of every register's table is a reference the
 * run checks itself (a field whose ref names the same parent column):
 * then SQLite's own enforcement only looks the same rows up again.
 */
static int
references_all_checked(struct grid_import *imp)
{
	const struct grid_register *reg;
	const struct grid_field *f;
	sqlite3_stmt *st;
	char ref[128];
	size_t i, j;
	int covered = 1, rc;

	if (sqlite3_prepare_v2(imp->sql, "SELECT \"from\", \"table\", \"to\" "
	    "FROM pragma_foreign_key_list(?1)", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	for (i = 0; covered && (reg = grid_register_at(i)) != NULL; i++) {
		sqlite3_bind_text(st, 1, reg->table, -1, SQLITE_STATIC);
		while (covered && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(ref, sizeof(ref), "%s.%s",
			    (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2));
			covered = 0;
			for (j = 0; j < reg->nfields && !covered; j++) {
				f = &reg->fields[j];
				covered = f->ref != NULL &&
				    strcmp(f->ref, ref) == 0 &&
				    strcmp(f->name, (const char *)
				    sqlite3_column_text(st, 0)) == 0;
			}
		}
		if (covered && rc != SQLITE_DONE)
			covered = 0;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return covered;
}

/*
 * Turns SQLite's foreign key enforcement off for the run when the run
 * checks every reference itself (a lookup per row that the run's cache
 * mostly answers, and whose failure names the field), so that each
 * reference is not looked up twice.  Must be called outside a
 * transaction; grid_import_end turns it back on.
 */
static void
skip_sqlite_fk_checks(struct grid_import *imp)
{
	sqlite3_stmt *st;
	int on = 0;

	if (sqlite3_prepare_v2(imp->sql, "PRAGMA foreign_keys", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (on && references_all_checked(imp) &&
	    grid_db_exec(imp->db, "PRAGMA foreign_keys = OFF", NULL) == 0)
		imp->fk_off = 1;
}

static void
restore_fk_checks(struct grid_import *imp)
{
	if (imp->fk_off &&
	    grid_db_exec(imp->db, "PRAGMA foreign_keys = ON", NULL) == 0)
		imp->fk_off = 0;
}

struct grid_import *
grid_import_begin(struct grid_db *db, const struct grid_import_options *opts,
    struct grid_error *err)
{
	struct grid_import *imp = calloc(1, sizeof(*imp));
	time_t now;
	size_t i;

	if (imp == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	imp->db = db;
	imp->sql = grid_db_sqlite(db);
	imp->opts = *opts;
	for (i = 0; i < MAX_FIELDS; i++)
		grid_buf_init(&imp->val[i], 0);
	grid_buf_init(&imp->tmp, 0);
	grid_buf_init(&imp->key, 0);
	grid_buf_init(&imp->hh_json, 0);
	grid_buf_init(&imp->hh_last, 0);
	imp->seq_width = (int)grid_db_setting_long(db, "grid_seq_width", 2);
	if (grid_now(&now, err) != 0 ||
	    grid_today(imp->today, sizeof(imp->today), err) != 0)
		goto bad;
	grid_time_format(now, imp->now, sizeof(imp->now));
	skip_sqlite_fk_checks(imp);
	if (grid_db_begin(db, err) != 0)
		goto bad;
	if (grid_db_exec(db, "PRAGMA cache_size = -32768;"
	    "PRAGMA temp.cache_size = -8192;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_seen ("
	    "tbl TEXT, key TEXT, file INTEGER, line INTEGER, "
	    "PRIMARY KEY (tbl, key)) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_rows ("
	    "tbl TEXT, rid INTEGER, last INTEGER, file INTEGER, "
	    "line INTEGER, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_households ("
	    "id TEXT PRIMARY KEY) WITHOUT ROWID", err) != 0 ||
	    gridi_division_begin(imp, err) != 0)
		goto bad;
	return imp;
bad:
	grid_db_rollback(db);
	grid_import_end(imp, 0, NULL);
	return NULL;
}

/* ---- files and runs ---- */

static struct batch *
new_batch(struct grid_import *imp, const char *path, const char *table,
    struct grid_error *err)
{
	struct batch *b = realloc(imp->batches,
	    (imp->nbatches + 1) * sizeof(*b));
	time_t now;

	if (b == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	imp->batches = b;
	b = &imp->batches[imp->nbatches++];
	memset(b, 0, sizeof(*b));
	snprintf(b->table, sizeof(b->table), "%s", table);
	snprintf(b->source, sizeof(b->source), "%s",
	    strcmp(path, "-") == 0 ? "<stdin>" : path);
	if (grid_now(&now, NULL) != 0)
		now = time(NULL);
	grid_time_format(now, b->started, sizeof(b->started));
	return b;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * Opens the file again with its header on line (0: where the options
 * say), to read its rows from the first.  Returns 0 or -1.
 */
static int
reopen(struct grid_import *imp, const char *path, long line,
    struct grid_error *err)
{
	struct grid_reader_layout layout = imp->opts.layout;

	if (line > 0)
		layout.header_line = line;
	grid_reader_close(imp->reader);
	imp->reader = grid_reader_open_layout(path, &imp->opts.reader,
	    &layout, err);
	return imp->reader != NULL ? 0 : -1;
}

/*
 * A file whose first line is a title, not the header: opened again at the
 * line that looks like the header (a file, not standard input), with a
 * note saying so.  A file searched in vain is opened again as it was, its
 * first rows not lost.  Returns 0 or -1.
 */
static int
reopen_at_header(struct grid_import *imp, const char *path,
    struct grid_error *err)
{
	struct grid_error note;
	long line, first;

	if (strcmp(path, "-") == 0)
		return 0;
	first = grid_reader_header_line(imp->reader);
	if ((line = gridi_import_find_header(imp, err)) == 0)
		return 0;
	if (line < 0 || reopen(imp, path, line, err) != 0)
		return -1;
	if (line == first)
		return 0;	/* no better header: the first line stands */
	if (imp->opts.on_warning != NULL) {
		grid_error_set(&note, GRID_EDATA, grid_reader_name(imp->reader),
		    line, NULL, "header on line %ld; line%s 1%s%.0ld skipped "
		    "(--header-line chooses another)", line, line > 2 ? "s" :
		    "", line > 2 ? "-" : "", line > 2 ? line - 1 : 0);
		imp->opts.on_warning(imp->opts.ctx, &note);
	}
	return 0;
}

/*
 * The file's register: imp->reg, and how each of its references is
 * looked up.  0, or -1 with err (GRID_EUSAGE: no such table).
 */
static int
take_register(struct grid_import *imp, const char *table,
    struct grid_error *err)
{
	size_t i;

	imp->reg = grid_register_find(table);
	if (imp->reg == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "unknown table '%s'", table);
	for (i = 0; i < imp->reg->nfields && i < MAX_FIELDS; i++)
		imp->ref_sql[i] = gridi_register_ref_sql(&imp->reg->fields[i]);
	return 0;
}

static int
open_file(struct grid_import *imp, const char *path, const char *table,
    struct grid_error *err)
{
	if (take_register(imp, table, err) != 0)
		return -1;
	if (grid_import_check_map(table, imp->opts.map, imp->opts.nmap,
	    err) != 0)
		return -1;
	imp->reader = grid_reader_open_layout(path, &imp->opts.reader,
	    &imp->opts.layout, err);
	if (imp->reader == NULL || reopen_at_header(imp, path, err) != 0)
		return -1;
	if (gridi_import_map_header(imp, err) != 0 ||
	    gridi_import_note_start(imp, err) != 0 ||
	    gridi_import_prepare_table(imp, err) != 0)
		return -1;
	if (imp->seen_get == NULL && (grid_db_prepare(imp->db,
	    "SELECT file, line FROM temp.import_seen WHERE tbl = ?1 AND "
	    "key = ?2", &imp->seen_get, err) != 0 || grid_db_prepare(imp->db,
	    "INSERT INTO temp.import_seen (tbl, key, file, line) VALUES "
	    "(?1, ?2, ?3, ?4)", &imp->seen_put, err) != 0 ||
	    grid_db_prepare(imp->db, "SELECT file, line, rid, last FROM "
	    "temp.import_rows WHERE tbl = ?1 AND rid <= ?2 ORDER BY rid DESC "
	    "LIMIT 1", &imp->rows_get, err) != 0 ||
	    grid_db_prepare(imp->db, "INSERT INTO temp.import_rows (tbl, rid, "
	    "last, file, line) VALUES (?1, ?2, ?3, ?4, ?5)", &imp->rows_put,
	    err) != 0))
		return -1;
	if (imp->opts.on_file != NULL &&
	    imp->opts.on_file(imp->opts.ctx, imp->reader, table, err) != 0)
		return -1;
	return 0;
}

/* ---- --households: the survey of a people file ---- */

/*
 * The census fields of a people row, in imp->census_col order: the
 * household number, the relation, the ID number and the house of
 * people, and the household's declared size (a column of households).
 */
enum { C_HOUSEHOLD, C_RELATION, C_ID, C_HOUSE, C_SIZE, C_FIELDS };
static const char *const census_fields[] = { "household_id", "relation",
	"id_number", "house_id" };

/*
 * Begins the survey: the run's census tables emptied, the census columns
 * of a CSV header found.  0, or -1 with err (GRID_EDATA: no household
 * number or no relation column).
 */
static int
census_begin(struct grid_import *imp, struct grid_error *err)
{
	const char *const *header;
	size_t n, i, k;
	int f;

	if (grid_db_exec(imp->db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "import_census (hh TEXT NOT NULL, line INTEGER, id_number TEXT, "
	    "head INTEGER, house TEXT, size TEXT);"
	    "CREATE INDEX IF NOT EXISTS temp.import_census_hh_line ON "
	    "import_census (hh, line);"
	    "CREATE TEMP TABLE IF NOT EXISTS import_census_hh (id TEXT "
	    "PRIMARY KEY, problem INTEGER, heads INTEGER, sizes INTEGER, "
	    "people INTEGER, stored INTEGER, kept INTEGER, house TEXT, "
	    "size TEXT) WITHOUT ROWID;"
	    "DELETE FROM temp.import_census;"
	    "DELETE FROM temp.import_census_hh", err) != 0)
		return -1;
	if (imp->census_put == NULL && grid_db_prepare(imp->db, "INSERT INTO "
	    "temp.import_census (hh, line, id_number, head, house, size) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &imp->census_put, err) != 0)
		return -1;
	imp->census = 1;
	for (k = 0; k < C_FIELDS; k++)
		imp->census_col[k] = -1;
	header = grid_reader_header(imp->reader, &n);
	if (header == NULL)
		return 0;	/* NDJSON: each record names its keys */
	for (i = 0; i < n && i < imp->ncolmap; i++) {
		f = imp->colmap[i];
		if (f == COL_HH_SIZE && imp->census_col[C_SIZE] < 0)
			imp->census_col[C_SIZE] = (int)i;
		for (k = 0; f >= 0 && k < C_SIZE; k++)
			if (strcmp(imp->reg->fields[f].name,
			    census_fields[k]) == 0)
				imp->census_col[k] = (int)i;
	}
	for (k = 0; k < 2; k++)
		if (imp->census_col[k] < 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader),
			    grid_reader_header_line(imp->reader), NULL,
			    "--households: no column for %s (%s)",
			    census_fields[k], k == C_HOUSEHOLD ? "户号" :
			    "与户主关系");
	return 0;
}

/* The record's census cells, as read (NULL: none). */
static void
census_cells(struct grid_import *imp, const struct grid_record *rec,
    const char **cell)
{
	size_t i, k, skip;
	int f;

	for (k = 0; k < C_FIELDS; k++)
		cell[k] = imp->census_col[k] >= 0 &&
		    (size_t)imp->census_col[k] < rec->nfields ?
		    rec->values[imp->census_col[k]] : NULL;
	if (rec->text == NULL)
		return;
	skip = gridi_import_reject_columns(rec->names, rec->nfields);
	for (i = skip; i < rec->nfields; i++) {
		f = gridi_import_map_column(imp, rec->names[i]);
		if (f == COL_HH_SIZE)
			cell[C_SIZE] = rec->values[i];
		for (k = 0; f >= 0 && k < C_SIZE; k++)
			if (strcmp(imp->reg->fields[f].name,
			    census_fields[k]) == 0)
				cell[k] = rec->values[i];
	}
}

/*
 * The canonical value of a cell for the people field named: written to
 * out (size n) and returned, or NULL when it has none or a bad one (its
 * row is rejected when it is loaded).
 */
static const char *
census_value(struct grid_import *imp, const char *field, const char *cell,
    char *out, size_t n)
{
	int f = grid_register_field(imp->reg, field);
	struct grid_idno idno;
	char text[256];

	if (cell == NULL || f < 0 || strlen(cell) >= sizeof(text))
		return NULL;
	memcpy(text, cell, strlen(cell) + 1);
	if (grid_text_normalize(text) == 0 ||
	    grid_field_check(&imp->reg->fields[f], text, imp->today,
	    imp->seq_width, &imp->tmp, NULL) != 0 || imp->tmp.len >= n)
		return NULL;
	memcpy(out, imp->tmp.data, imp->tmp.len + 1);
	/* an ID number as the people rules store it (15 digits made 18) */
	if (strcmp(field, "id_number") == 0 &&
	    grid_idno_parse(out, NULL, &idno, NULL) == 0)
		snprintf(out, n, "%s", idno.number);
	return out;
}

static void
bind_or_null(sqlite3_stmt *st, int i, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Notes a record in temp.import_census: its household, line, ID number,
 * whether it is the head, its house and declared size.  A record without
 * a household number is none of the census's.  0 or -1.
 */
static int
census_note(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	const char *cell[C_FIELDS], *rel;
	char hh[128], relation[32], id[64], house[128], size[64];
	sqlite3_stmt *st = imp->census_put;
	int rc;

	census_cells(imp, rec, cell);
	if (census_value(imp, "household_id", cell[C_HOUSEHOLD], hh,
	    sizeof(hh)) == NULL)
		return 0;
	rel = census_value(imp, "relation", cell[C_RELATION], relation,
	    sizeof(relation));
	sqlite3_bind_text(st, 1, hh, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, rec->line);
	bind_or_null(st, 3, census_value(imp, "id_number", cell[C_ID], id,
	    sizeof(id)));
	sqlite3_bind_int(st, 4, rel != NULL && strcmp(rel, "head") == 0);
	bind_or_null(st, 5, census_value(imp, "house_id", cell[C_HOUSE], house,
	    sizeof(house)));
	size[0] = '\0';
	if (cell[C_SIZE] != NULL) {
		snprintf(size, sizeof(size), "%s", cell[C_SIZE]);
		grid_text_normalize(size);
	}
	bind_or_null(st, 6, size[0] != '\0' ? size : NULL);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : gridi_import_sqlfail(imp, rc,
	    "import_census", err);
}

/*
 * --households: reads the whole file once for its households, settles
 * them, then opens it again for its rows.  Returns 0 or -1.
 */
static int
survey_households(struct grid_import *imp, const char *path,
    struct grid_error *err)
{
	const struct grid_record *rec;
	long rows = 0;
	int rc;

	if (strcmp(path, "-") == 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "--households reads a sheet twice, and standard input "
		    "only once: give the sheet's file");
	if (census_begin(imp, err) != 0)
		return -1;
	while ((rc = grid_reader_next(imp->reader, &rec, err)) == 1) {
		/* an NDJSON line that did not parse is rejected later */
		grid_error_clear(err);
		if (census_note(imp, rec, err) != 0)
			return -1;
		if (++rows % PROGRESS_EVERY == 0 &&
		    imp->opts.on_progress != NULL)
			imp->opts.on_progress(imp->opts.ctx, imp->reader,
			    rows, 0);
	}
	if (rc < 0 || gridi_census_settle(imp, err) != 0)
		return -1;
	return reopen(imp, path, grid_reader_header_line(imp->reader), err);
}

/*
 * Says once per file how many Excel date serials each date column held
 * (converted as they were read, import_row.c).
 */
static void
note_serials(struct grid_import *imp)
{
	const char *const *header;
	const char *column;
	struct grid_error note;
	size_t i, j, n;

	header = grid_reader_header(imp->reader, &n);
	for (i = 0; i < imp->reg->nfields && imp->opts.on_warning != NULL;
	    i++) {
		if (imp->serials[i] == 0)
			continue;
		column = imp->reg->fields[i].name;
		for (j = 0; header != NULL && j < n && j < imp->ncolmap; j++)
			if (imp->colmap[j] == (int)i)
				column = header[j];
		if (imp->serials[i] == 1)
			grid_error_set(&note, GRID_EDATA,
			    grid_reader_name(imp->reader), 0, NULL,
			    "1 date serial converted in column '%s' (Excel's "
			    "1900 date system)", column);
		else
			grid_error_set(&note, GRID_EDATA,
			    grid_reader_name(imp->reader), 0, NULL,
			    "%ld date serials converted in column '%s' "
			    "(Excel's 1900 date system)", imp->serials[i],
			    column);
		imp->opts.on_warning(imp->opts.ctx, &note);
	}
}

static void
close_file(struct grid_import *imp)
{
	gridi_import_finalize_table(imp);
	grid_reader_close(imp->reader);
	imp->reader = NULL;
	free(imp->colmap);
	imp->colmap = NULL;
	imp->ncolmap = 0;
	imp->skip = 0;
	json_decref(imp->attrs);
	imp->attrs = NULL;
	grid_buf_reset(&imp->hh_json);
	grid_buf_reset(&imp->hh_last);
	imp->nhh = 0;
	imp->census = 0;
	imp->census_refused = imp->census_made = imp->census_changed = 0;
	imp->serial_dates = 0;
	memset(imp->serials, 0, sizeof(imp->serials));
}

int
grid_import_file(struct grid_import *imp, const char *path,
    const char *table, struct grid_import_stats *stats,
    struct grid_error *err)
{
	const struct grid_record *rec;
	struct timespec t0;
	struct batch *b;
	int rc = -1, step;

	memset(stats, 0, sizeof(*stats));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	b = new_batch(imp, path, table, err);
	if (b == NULL)
		return -1;
	imp->stats = &b->stats;
	if (open_file(imp, path, table, err) != 0)
		goto out;
	if (imp->opts.households && strcmp(table, "people") == 0 &&
	    survey_households(imp, path, err) != 0)
		goto out;
	/* NDJSON is written by programs: a number there is no serial */
	imp->serial_dates = grid_reader_format(imp->reader) == GRID_INPUT_CSV;
	for (;;) {
		grid_error_clear(err);
		step = grid_reader_next(imp->reader, &rec, err);
		if (step < 0)
			goto out;
		if (step == 0)
			break;
		imp->stats->read++;
		if (gridi_import_row(imp, rec, err) < 0) {
			if (imp->stopped)
				grid_error_set(err, GRID_EDATA,
				    grid_reader_name(imp->reader), rec->line,
				    NULL, "stopped at this row");
			goto out;
		}
		if (imp->stats->read % PROGRESS_EVERY == 0 &&
		    imp->opts.on_progress != NULL)
			imp->opts.on_progress(imp->opts.ctx, imp->reader,
			    imp->stats->read, 0);
	}
	if (imp->opts.on_progress != NULL)
		imp->opts.on_progress(imp->opts.ctx, imp->reader,
		    imp->stats->read, 1);
	if (gridi_import_flush_rows(imp, err) != 0 ||
	    (imp->census && gridi_census_end(imp, err) != 0))
		goto out;
	note_serials(imp);
	imp->stats->warnings = gridi_rules_file_end(imp, table,
	    imp->opts.on_warning, imp->opts.ctx, grid_reader_name(imp->reader),
	    err);
	if (imp->stats->warnings < 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		imp->failed = 1;
	close_file(imp);
	imp->stats->seconds = seconds_since(&t0);
	*stats = *imp->stats;
	return rc;
}

int
grid_division_survey(struct grid_import *imp, const char *path,
    const char *table, struct grid_error *err)
{
	void (*warn)(void *, const struct grid_error *) =
	    imp->opts.on_warning;
	const struct grid_record *rec;
	int rc = -1, step;

	if (imp->division[0] == '\0' || strcmp(path, "-") == 0)
		return 0;
	if (take_register(imp, table, err) != 0 ||
	    grid_import_check_map(table, imp->opts.map, imp->opts.nmap,
	    err) != 0)
		return -1;
	imp->opts.on_warning = NULL;	/* said when the file is loaded */
	imp->surveying = 1;
	imp->reader = grid_reader_open_layout(path, &imp->opts.reader,
	    &imp->opts.layout, err);
	/* a file that cannot be read is said when it is loaded */
	rc = 0;
	if (imp->reader == NULL || reopen_at_header(imp, path, err) != 0 ||
	    gridi_import_map_header(imp, err) != 0)
		goto out;
	imp->serial_dates = grid_reader_format(imp->reader) == GRID_INPUT_CSV;
	do {
		grid_error_clear(err);
		step = grid_reader_next(imp->reader, &rec, err);
	} while (step == 1 &&
	    (rc = gridi_import_survey_row(imp, rec, err)) == 0);
out:
	if (rc == 0)
		grid_error_clear(err);
	imp->surveying = 0;
	imp->opts.on_warning = warn;
	close_file(imp);
	return rc;
}

/* Records the run's files in import_batches, in the current transaction. */
static int
record_batches(struct grid_import *imp, const char *status,
    struct grid_error *err)
{
	sqlite3_stmt *st;
	struct batch *b;
	size_t i;
	int rc = 0;
	time_t now;
	char finished[32];

	if (grid_now(&now, NULL) != 0)
		now = time(NULL);
	grid_time_format(now, finished, sizeof(finished));
	if (grid_db_prepare(imp->db, "INSERT INTO import_batches (table_name, "
	    "source, mode, status, actor, started_at, finished_at, rows_read, "
	    "inserted, updated, unchanged, rejected) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &st, err) != 0)
		return -1;
	for (i = 0; i < imp->nbatches && rc == 0; i++) {
		b = &imp->batches[i];
		sqlite3_bind_text(st, 1, b->table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, b->source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, imp->opts.mode == GRID_IMPORT_INSERT ?
		    "insert" : imp->opts.mode == GRID_IMPORT_REPLACE ?
		    "replace" : "upsert", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
		if (imp->opts.actor != NULL)
			sqlite3_bind_text(st, 5, imp->opts.actor, -1,
			    SQLITE_STATIC);
		sqlite3_bind_text(st, 6, b->started, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, finished, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, b->stats.read);
		sqlite3_bind_int64(st, 9, b->stats.inserted);
		sqlite3_bind_int64(st, 10, b->stats.updated);
		sqlite3_bind_int64(st, 11, b->stats.unchanged);
		sqlite3_bind_int64(st, 12, b->stats.rejected);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? 0 : gridi_import_sqlfail(imp, rc,
		    "import_batches",
		    err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static void
free_run(struct grid_import *imp)
{
	size_t i;

	close_file(imp);
	for (i = 0; i < imp->ncached; i++)
		sqlite3_finalize(imp->cache[i].st);
	sqlite3_finalize(imp->seen_get);
	sqlite3_finalize(imp->seen_put);
	sqlite3_finalize(imp->rows_get);
	sqlite3_finalize(imp->rows_put);
	for (i = 0; i < imp->nstarts; i++)
		sqlite3_finalize(imp->starts[i].rowid_of);
	for (i = 0; i < MAX_FIELDS; i++)
		grid_buf_release(&imp->val[i]);
	grid_buf_release(&imp->tmp);
	grid_buf_release(&imp->key);
	grid_buf_release(&imp->hh_json);
	grid_buf_release(&imp->hh_last);
	sqlite3_finalize(imp->hh_put);
	sqlite3_finalize(imp->census_put);
	gridi_division_end(imp);
	free(imp->batches);
	free(imp);
}

int
grid_import_end(struct grid_import *imp, int commit, struct grid_error *err)
{
	struct grid_db *db;
	int rc = 0;

	if (imp == NULL)
		return 0;
	db = imp->db;
	close_file(imp);
	if (commit) {
		if (record_batches(imp, "committed", err) != 0 ||
		    grid_db_exec(db, "DELETE FROM temp.import_seen;"
		    "DELETE FROM temp.import_rows;"
		    "DELETE FROM temp.import_households", err) != 0 ||
		    grid_db_commit(db, err) != 0)
			rc = -1;
	}
	if (!commit || rc != 0) {
		grid_db_rollback(db);
		/* Say that the run happened, outside its transaction. */
		if (imp->nbatches > 0 && grid_db_begin(db, NULL) == 0) {
			if (record_batches(imp, imp->opts.dry_run &&
			    !imp->failed ? "dry_run" : "rolled_back",
			    NULL) == 0)
				grid_db_commit(db, NULL);
			else
				grid_db_rollback(db);
		}
	}
	restore_fk_checks(imp);
	free_run(imp);
	return rc;
}

int
grid_import_table_for_path(const char *path, char *out, size_t n)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base != NULL ? base + 1 : path;
	if (base[0] >= '0' && base[0] <= '9') {
		while (*base >= '0' && *base <= '9')
			base++;
		if (*base == '-' || *base == '_')
			base++;
	}
	len = strcspn(base, ".");
	if (len == 0 || len >= n)
		return -1;
	memcpy(out, base, len);
	out[len] = '\0';
	return grid_register_find(out) != NULL ? 0 : -1;
}
