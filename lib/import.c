/*
 * import.c - loading register files: one run, one transaction; per file,
 * columns mapped to fields; per row, values checked, table rules applied,
 * duplicates and references caught, then inserted, updated or left
 * unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "grid/import.h"
#include "grid/text.h"
#include "internal.h"

#define MAX_FIELDS 32
#define MAX_CACHED 24
#define MAX_TABLES 16
#define PROGRESS_EVERY 4096

enum { COL_ATTRS = -1, COL_IGNORE = -2 };

struct cached {
	const char *sql;	/* a string literal: compared by address */
	char table[32];		/* the table it reads or writes */
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
	int stopped;

	struct batch *batches;
	size_t nbatches;
	struct cached cache[MAX_CACHED];
	size_t ncached;
	struct table_start starts[MAX_TABLES];
	size_t nstarts;
	sqlite3_stmt *rows_get, *rows_put;

	/* the file being loaded */
	const struct grid_register *reg;
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
};

static int
sqlfail(struct grid_import *imp, int rc, const char *what,
    struct grid_error *err)
{
	return grid_db_error(imp->db, rc, what, err);
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
	imp->seq_width = (int)grid_db_setting_long(db, "grid_seq_width", 2);
	if (grid_now(&now, err) != 0 ||
	    grid_today(imp->today, sizeof(imp->today), err) != 0)
		goto bad;
	grid_time_format(now, imp->now, sizeof(imp->now));
	if (grid_db_begin(db, err) != 0)
		goto bad;
	if (grid_db_exec(db, "PRAGMA cache_size = -16384;"
	    "PRAGMA temp.cache_size = -8192;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_seen ("
	    "tbl TEXT, key TEXT, file INTEGER, line INTEGER, "
	    "PRIMARY KEY (tbl, key)) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_rows ("
	    "tbl TEXT, rid INTEGER, file INTEGER, line INTEGER, "
	    "PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"
	    "CREATE TEMP TABLE IF NOT EXISTS import_households ("
	    "id TEXT PRIMARY KEY) WITHOUT ROWID", err) != 0)
		goto bad;
	return imp;
bad:
	grid_db_rollback(db);
	grid_import_end(imp, 0, NULL);
	return NULL;
}

/*
 * The table a statement reads or writes: the word after FROM, UPDATE or
 * INTO, without a "temp." prefix.
 */
static void
sql_table(const char *sql, char *out, size_t n)
{
	static const char *const words[] = { " FROM ", "UPDATE ", " INTO " };
	const char *p = NULL;
	size_t i, len;

	for (i = 0; i < GRIDI_ARRAY_LEN(words) && p == NULL; i++)
		if ((p = strstr(sql, words[i])) != NULL)
			p += strlen(words[i]);
	out[0] = '\0';
	if (p == NULL)
		return;
	if (strncmp(p, "temp.", 5) == 0)
		p += 5;
	len = strcspn(p, " (");
	if (len < n) {
		memcpy(out, p, len);
		out[len] = '\0';
	}
}

/* Copies a C string into out of size n when it fits; 0 or -1. */
static int
copy_fits(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len >= n)
		return -1;
	memcpy(out, s, len + 1);
	return 0;
}

/* Cached one-parameter lookups (references, rules). */
static struct cached *
cached(struct grid_import *imp, const char *sql, struct grid_error *err)
{
	struct cached *c;
	size_t i;

	for (i = 0; i < imp->ncached; i++)
		if (imp->cache[i].sql == sql)
			return &imp->cache[i];
	if (imp->ncached == MAX_CACHED) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "too many cached statements");
		return NULL;
	}
	c = &imp->cache[imp->ncached];
	if (grid_db_prepare(imp->db, sql, &c->st, err) != 0)
		return NULL;
	c->sql = sql;
	c->found = -1;
	sql_table(sql, c->table, sizeof(c->table));
	imp->ncached++;
	return c;
}

/*
 * Forgets the cached answers about table (all of them when table is
 * NULL): the table has changed under them.  Answers about other tables
 * stay: a run loads one table at a time, so most references hit.
 */
static void
forget(struct grid_import *imp, const char *table)
{
	size_t i;

	for (i = 0; i < imp->ncached; i++)
		if (table == NULL || strcmp(imp->cache[i].table, table) == 0)
			imp->cache[i].found = -1;
}

int
gridi_import_lookup(struct grid_import *imp, const char *sql,
    const char *arg, char *out, size_t n, struct grid_error *err)
{
	struct cached *c = cached(imp, sql, err);
	const unsigned char *text;
	int rc;

	if (c == NULL)
		return -1;
	if (c->found >= 0 && strcmp(c->arg, arg) == 0 &&
	    copy_fits(out, n, c->answer) == 0)
		return c->found;
	sqlite3_bind_text(c->st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(c->st);
		return sqlfail(imp, rc, "lookup", err);
	}
	text = rc == SQLITE_ROW ? sqlite3_column_text(c->st, 0) : NULL;
	if (copy_fits(out, n, text != NULL ? (const char *)text : "") != 0)
		snprintf(out, n, "%s", (const char *)text);
	c->found = rc == SQLITE_ROW;
	if (copy_fits(c->arg, sizeof(c->arg), arg) != 0 ||
	    copy_fits(c->answer, sizeof(c->answer), out) != 0)
		c->found = -1;
	rc = rc == SQLITE_ROW;
	sqlite3_reset(c->st);
	return rc;
}

int
gridi_import_exec2(struct grid_import *imp, const char *sql, const char *a,
    const char *b, struct grid_error *err)
{
	struct cached *c = cached(imp, sql, err);
	int rc;

	if (c == NULL)
		return -1;
	sqlite3_bind_text(c->st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(c->st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->st);
	sqlite3_reset(c->st);
	forget(imp, c->table);
	return rc == SQLITE_DONE ? 0 : sqlfail(imp, rc, sql, err);
}

int
gridi_import_once(struct grid_import *imp, const char *sql, const char *a,
    struct grid_error *err)
{
	struct cached *c = cached(imp, sql, err);

	if (c == NULL)
		return -1;
	if (c->found == 1 && strcmp(c->arg, a) == 0)
		return 0;
	if (gridi_import_exec2(imp, sql, a, NULL, err) != 0)
		return -1;
	c->found = copy_fits(c->arg, sizeof(c->arg), a) == 0 ? 1 : -1;
	return 0;
}

struct grid_db *
gridi_import_db(struct grid_import *imp)
{
	return imp->db;
}

/* The line and file of a step of seen_get or rows_get; 0 when none. */
static long
first_line(struct grid_import *imp, sqlite3_stmt *st, const char **source)
{
	sqlite3_int64 file;
	long line = 0;

	if (sqlite3_step(st) == SQLITE_ROW) {
		file = sqlite3_column_int64(st, 0);
		line = (long)sqlite3_column_int64(st, 1);
		if (source != NULL && file >= 0 &&
		    (size_t)file < imp->nbatches)
			*source = imp->batches[file].source;
	}
	sqlite3_reset(st);
	return line;
}

/* The line where this run loaded the row of rowid rid; 0 when none. */
static long
row_line(struct grid_import *imp, const char *table, sqlite3_int64 rid,
    const char **source)
{
	sqlite3_bind_text(imp->rows_get, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(imp->rows_get, 2, rid);
	return first_line(imp, imp->rows_get, source);
}

/* The line where this run loaded the row of that key; 0 when none. */
static long
key_line(struct grid_import *imp, const char *table, const char *key,
    const char **source)
{
	sqlite3_bind_text(imp->seen_get, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(imp->seen_get, 2, key, -1, SQLITE_STATIC);
	return first_line(imp, imp->seen_get, source);
}

static struct table_start *
find_start(struct grid_import *imp, const char *table)
{
	size_t i;

	for (i = 0; i < imp->nstarts; i++)
		if (strcmp(imp->starts[i].table, table) == 0)
			return &imp->starts[i];
	return NULL;
}

long
gridi_import_seen(struct grid_import *imp, const char *table,
    const char *key, const char **source)
{
	struct table_start *ts = find_start(imp, table);
	long line = key_line(imp, table, key, source);

	if (line > 0 || ts == NULL || ts->rowid_of == NULL)
		return line;
	sqlite3_bind_text(ts->rowid_of, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(ts->rowid_of) == SQLITE_ROW &&
	    sqlite3_column_int64(ts->rowid_of, 0) > ts->start)
		line = row_line(imp, table, sqlite3_column_int64(ts->rowid_of,
		    0), source);
	sqlite3_reset(ts->rowid_of);
	return line;
}

/*
 * Notes where the run's rows of the file's table start, the first time
 * the run meets that table.
 */
static int
note_start(struct grid_import *imp, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct table_start *ts = find_start(imp, reg->table);
	char sql[256];
	sqlite3_stmt *st;
	size_t i;

	if (ts == NULL) {
		if (imp->nstarts == MAX_TABLES)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "too many tables in one run");
		ts = &imp->starts[imp->nstarts++];
		ts->table = reg->table;
		snprintf(sql, sizeof(sql), "SELECT coalesce(max(rowid), 0) "
		    "FROM \"%s\"", reg->table);
		ts->has_rowid = sqlite3_prepare_v2(imp->sql, sql, -1, &st,
		    NULL) == SQLITE_OK;
		if (ts->has_rowid) {
			if (sqlite3_step(st) == SQLITE_ROW)
				ts->start = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
		for (i = 0; ts->has_rowid && i < reg->nfields; i++)
			if (reg->fields[i].flags & GRID_F_KEY)
				break;
		snprintf(sql, sizeof(sql), "SELECT rowid FROM \"%s\" WHERE "
		    "\"%s\" = ?1", reg->table, reg->fields[i].name);
		if (ts->has_rowid && grid_db_prepare(imp->db, sql,
		    &ts->rowid_of, err) != 0)
			return -1;
	}
	imp->start = ts;
	return 0;
}

/* ---- the row as the rules see it ---- */

int
gridi_row_field(const struct gridi_row *row, const char *name)
{
	size_t i;

	for (i = 0; i < row->reg->nfields; i++)
		if (strcmp(row->reg->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
gridi_row_get(const struct gridi_row *row, const char *name)
{
	int i = gridi_row_field(row, name);

	return i >= 0 ? row->v[i] : NULL;
}

int
gridi_row_set(struct gridi_row *row, const char *name, const char *value)
{
	struct grid_import *imp = row->imp;
	int i = gridi_row_field(row, name);

	if (i < 0)
		return -1;
	if (value == NULL) {
		imp->v[i] = NULL;
		return 0;
	}
	if (value != imp->val[i].data) {
		grid_buf_reset(&imp->val[i]);
		if (grid_buf_adds(&imp->val[i], value) != 0)
			return -1;
	}
	imp->v[i] = imp->val[i].data;
	return 0;
}

/* ---- statements for one table ---- */

static int
add_where(struct grid_buf *sql, const struct grid_register *reg)
{
	size_t i;
	const char *sep = " WHERE ";

	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY) {
			grid_buf_addf(sql, "%s\"%s\" = ?%zu", sep,
			    reg->fields[i].name, i + 1);
			sep = " AND ";
		}
	return 0;
}

static int
prepare_table(struct grid_import *imp, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct grid_buf sql = GRID_BUF_INIT;
	size_t i, n = reg->nfields;
	int rc = -1;

	grid_buf_adds(&sql, "SELECT ");
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "\"%s\", ", reg->fields[i].name);
	grid_buf_addf(&sql, "attrs, %s FROM \"%s\"",
	    imp->start->has_rowid ? "rowid" : "NULL", reg->table);
	add_where(&sql, reg);
	if (grid_db_prepare(imp->db, sql.data, &imp->sel, err) != 0)
		goto out;

	grid_buf_reset(&sql);
	grid_buf_addf(&sql, "INSERT INTO \"%s\" (", reg->table);
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "\"%s\", ", reg->fields[i].name);
	grid_buf_adds(&sql, "attrs) VALUES (");
	for (i = 0; i < n; i++)
		grid_buf_addf(&sql, "?%zu, ", i + 1);
	grid_buf_addf(&sql, "?%zu)", n + 1);
	if (grid_db_prepare(imp->db, sql.data, &imp->ins, err) != 0)
		goto out;

	grid_buf_reset(&sql);
	grid_buf_addf(&sql, "UPDATE \"%s\" SET ", reg->table);
	for (i = 0; i < n; i++) {
		if (reg->fields[i].flags & GRID_F_KEY)
			continue;
		if (imp->opts.mode == GRID_IMPORT_REPLACE)
			grid_buf_addf(&sql, "\"%s\" = ?%zu, ",
			    reg->fields[i].name, i + 1);
		else
			grid_buf_addf(&sql, "\"%s\" = coalesce(?%zu, \"%s\"), ",
			    reg->fields[i].name, i + 1, reg->fields[i].name);
	}
	grid_buf_addf(&sql, "attrs = ?%zu", n + 1);
	add_where(&sql, reg);
	if (grid_db_prepare(imp->db, sql.data, &imp->upd, err) != 0)
		goto out;
	rc = 0;
out:
	grid_buf_release(&sql);
	return rc;
}

static void
finalize_table(struct grid_import *imp)
{
	sqlite3_finalize(imp->sel);
	sqlite3_finalize(imp->ins);
	sqlite3_finalize(imp->upd);
	imp->sel = imp->ins = imp->upd = NULL;
}

/* ---- columns to fields ---- */

/* The index of the field of that canonical name, -1 when none. */
static int
field_index(const struct grid_register *reg, const char *name)
{
	size_t i;

	for (i = 0; i < reg->nfields; i++)
		if (strcmp(reg->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * The field a column stands for: a --map pair naming the column first,
 * then the field's own names, unless a --map pair gives that field to
 * another column.
 */
static int
map_column(struct grid_import *imp, const char *column)
{
	const struct grid_register *reg = imp->reg;
	size_t i, flen;
	const char *eq;
	int f;

	for (i = 0; i < imp->opts.nmap; i++) {
		eq = strchr(imp->opts.map[i], '=');
		if (eq != NULL && strcmp(eq + 1, column) == 0) {
			flen = (size_t)(eq - imp->opts.map[i]);
			for (f = 0; f < (int)reg->nfields; f++)
				if (strlen(reg->fields[f].name) == flen &&
				    strncmp(reg->fields[f].name,
				    imp->opts.map[i], flen) == 0)
					return f;
		}
	}
	f = grid_register_field(reg, column);
	if (f < 0)
		return COL_ATTRS;
	for (i = 0; i < imp->opts.nmap; i++) {
		eq = strchr(imp->opts.map[i], '=');
		flen = (size_t)(eq - imp->opts.map[i]);
		if (strlen(reg->fields[f].name) == flen &&
		    strncmp(reg->fields[f].name, imp->opts.map[i], flen) == 0)
			return COL_ATTRS;
	}
	return f;
}

int
grid_import_check_map(const char *table, const char *const *map,
    size_t nmap, struct grid_error *err)
{
	const struct grid_register *reg = grid_register_find(table);
	char field[64];
	const char *eq;
	size_t i, n;

	if (reg == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "unknown table '%s'", table);
	for (i = 0; i < nmap; i++) {
		eq = strchr(map[i], '=');
		n = eq != NULL ? (size_t)(eq - map[i]) : 0;
		if (eq == NULL || n == 0 || n >= sizeof(field) || eq[1] == '\0')
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
			    "--map '%s': expected FIELD=COLUMN", map[i]);
		memcpy(field, map[i], n);
		field[n] = '\0';
		if (field_index(reg, field) < 0)
			return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
			    "--map '%s': table %s has no field '%s'", map[i],
			    table, field);
	}
	return 0;
}

/* Each --map column must be in the CSV header.  Returns 0 or -1. */
static int
check_map_columns(struct grid_import *imp, const char *const *header,
    size_t n, struct grid_error *err)
{
	const char *column;
	size_t i, j;

	for (i = 0; i < imp->opts.nmap; i++) {
		column = strchr(imp->opts.map[i], '=') + 1;
		for (j = 0; j < n; j++)
			if (strcmp(header[j], column) == 0)
				break;
		if (j == n)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, NULL,
			    "--map '%s': no column '%s' in the header",
			    imp->opts.map[i], column);
	}
	return 0;
}

/*
 * 3 when names start with the three columns a reject file adds (line,
 * error_code, error: a reject file imported again), else 0.
 */
static size_t
reject_columns(const char *const *names, size_t n)
{
	return n >= 3 && strcmp(names[0], "line") == 0 &&
	    strcmp(names[1], "error_code") == 0 &&
	    strcmp(names[2], "error") == 0 ? 3 : 0;
}

/* Maps the CSV header once; checks that every key field has a column. */
static int
map_header(struct grid_import *imp, struct grid_error *err)
{
	const char *const *header;
	const struct grid_register *reg = imp->reg;
	size_t n, i, j, skip = 0;
	int seen[MAX_FIELDS], f;

	header = grid_reader_header(imp->reader, &n);
	if (header == NULL)
		return 0;
	if (check_map_columns(imp, header, n, err) != 0)
		return -1;
	skip = reject_columns(header, n);
	imp->skip = skip;
	imp->colmap = calloc(n, sizeof(int));
	if (imp->colmap == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	imp->ncolmap = n;
	for (i = 0; i < MAX_FIELDS; i++)
		seen[i] = -1;
	for (i = 0; i < n; i++) {
		f = i < skip ? COL_IGNORE : map_column(imp, header[i]);
		imp->colmap[i] = f;
		if (f < 0)
			continue;
		if (seen[f] >= 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, header[i],
			    "column gives field '%s', as column '%s' does "
			    "(use --map to choose)", reg->fields[f].name,
			    header[seen[f]]);
		seen[f] = (int)i;
	}
	for (j = 0; j < reg->nfields; j++)
		if ((reg->fields[j].flags & GRID_F_KEY) && seen[j] < 0)
			return grid_error_set(err, GRID_EDATA,
			    grid_reader_name(imp->reader), 1, NULL,
			    "no column for the key field '%s' of %s (name it "
			    "'%s'%s%s, or use --map)", reg->fields[j].name,
			    reg->table, reg->fields[j].name,
			    reg->fields[j].aliases ? " or one of " : "",
			    reg->fields[j].aliases ? reg->fields[j].aliases
			    : "");
	return 0;
}

/* ---- one row ---- */

/* Hands a rejected row to the callback; returns 1, or -1 to stop. */
static int
reject(struct grid_import *imp, const struct grid_record *rec,
    const char *code, struct grid_error *why)
{
	struct grid_reject r;

	grid_error_locate(why, grid_reader_name(imp->reader), rec->line,
	    NULL);
	r.reader = imp->reader;
	r.record = rec;
	r.line = rec->line;
	r.code = code;
	r.error = why;
	imp->stats->rejected++;
	if (imp->opts.on_reject != NULL &&
	    imp->opts.on_reject(imp->opts.ctx, &r) != 0) {
		imp->stopped = 1;
		return -1;
	}
	return 1;
}

static int
reject_field(struct grid_import *imp, const struct grid_record *rec,
    const char *code, const char *field, struct grid_error *why)
{
	snprintf(why->field, sizeof(why->field), "%s", field);
	return reject(imp, rec, code, why);
}

/*
 * Copies, normalises and checks the record's values into imp->v.  Returns
 * 0, 1 (rejected) or -1.
 */
static int
take_values(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	struct grid_error why;
	size_t i, skip = 0;
	int f;

	memset(imp->v, 0, sizeof(imp->v));
	json_decref(imp->attrs);
	imp->attrs = NULL;
	if (rec->text != NULL)
		skip = reject_columns(rec->names, rec->nfields);
	for (i = 0; i < rec->nfields; i++) {
		if (rec->text != NULL)	/* NDJSON: map each record */
			f = i < skip ? COL_IGNORE
			    : map_column(imp, rec->names[i]);
		else
			f = i < imp->ncolmap ? imp->colmap[i] : COL_IGNORE;
		if (f == COL_IGNORE || rec->values[i] == NULL)
			continue;
		grid_buf_reset(&imp->tmp);
		if (grid_buf_adds(&imp->tmp, rec->values[i]) != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		imp->tmp.len = grid_text_normalize(imp->tmp.data);
		if (imp->tmp.len == 0)
			continue;
		if (f == COL_ATTRS) {
			if (imp->attrs == NULL)
				imp->attrs = json_object();
			json_object_set_new(imp->attrs, rec->names[i],
			    json_string(imp->tmp.data));
			continue;
		}
		if (imp->v[f] != NULL) {
			grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
			    "a second value for field '%s'",
			    reg->fields[f].name);
			return reject_field(imp, rec, "malformed_row",
			    rec->names[i], &why);
		}
		grid_error_clear(&why);
		if (grid_field_check(&reg->fields[f], imp->tmp.data,
		    imp->today, imp->seq_width, &imp->val[f], &why) != 0)
			return reject_field(imp, rec, "invalid_value",
			    reg->fields[f].name, &why);
		imp->v[f] = imp->val[f].data;
	}
	return 0;
}

/* Builds the run-wide key text of the row (fields joined by 0x1f). */
static int
make_key(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *why)
{
	const struct grid_register *reg = imp->reg;
	size_t i;

	grid_buf_reset(&imp->key);
	for (i = 0; i < reg->nfields; i++) {
		if (!(reg->fields[i].flags & GRID_F_KEY))
			continue;
		if (imp->v[i] == NULL) {
			grid_error_set(why, GRID_EDATA, NULL, 0, NULL,
			    "key field missing");
			return reject_field(imp, rec, "missing_field",
			    reg->fields[i].name, why);
		}
		if (imp->key.len > 0)
			grid_buf_addc(&imp->key, '\x1f');
		grid_buf_adds(&imp->key, imp->v[i]);
	}
	return 0;
}

/* Checks every value that names a row of another table. */
static int
check_references(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	static const char *const sql[] = {
		"SELECT 1 FROM departments WHERE code = ?1",
		"SELECT 1 FROM workers WHERE id = ?1",
		"SELECT 1 FROM grids WHERE code = ?1",
		"SELECT 1 FROM houses WHERE id = ?1",
		"SELECT 1 FROM households WHERE id = ?1",
		"SELECT 1 FROM people WHERE id_number = ?1",
		"SELECT 1 FROM categories WHERE code = ?1",
		"SELECT 1 FROM components WHERE code = ?1",
		"SELECT 1 FROM orgs WHERE uscc = ?1",
		"SELECT 1 FROM cases WHERE id = ?1",
	};
	static const char *const refs[] = {
		"departments.code", "workers.id", "grids.code", "houses.id",
		"households.id", "people.id_number", "categories.code",
		"components.code", "orgs.uscc", "cases.id",
	};
	const struct grid_field *f;
	struct grid_error why;
	char answer[8];
	size_t i, j;
	int rc;

	for (i = 0; i < imp->reg->nfields; i++) {
		f = &imp->reg->fields[i];
		if (f->ref == NULL || imp->v[i] == NULL)
			continue;
		for (j = 0; j < GRIDI_ARRAY_LEN(refs); j++)
			if (strcmp(refs[j], f->ref) == 0)
				break;
		if (j == GRIDI_ARRAY_LEN(refs))
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    f->name, "no lookup for %s", f->ref);
		rc = gridi_import_lookup(imp, sql[j], imp->v[i], answer,
		    sizeof(answer), err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
			    "no such row in %.*s: '%s'",
			    (int)strcspn(f->ref, "."), f->ref, imp->v[i]);
			return reject_field(imp, rec, "unknown_reference",
			    f->name, &why);
		}
	}
	return 0;
}

/* ---- writing ---- */

static void
bind_value(sqlite3_stmt *st, int idx, const struct grid_field *f,
    const char *value)
{
	if (value == NULL)
		sqlite3_bind_null(st, idx);
	else if (f->type == GRID_V_INT || f->type == GRID_V_BOOL)
		sqlite3_bind_int64(st, idx, strtoll(value, NULL, 10));
	else if (f->type == GRID_V_REAL)
		sqlite3_bind_double(st, idx, strtod(value, NULL));
	else
		sqlite3_bind_text(st, idx, value, -1, SQLITE_STATIC);
}

static int
same_value(const struct grid_field *f, sqlite3_stmt *sel, int col,
    const char *value)
{
	const char *old;

	if (sqlite3_column_type(sel, col) == SQLITE_NULL)
		return value == NULL;
	if (value == NULL)
		return 0;
	if (f->type == GRID_V_INT || f->type == GRID_V_BOOL ||
	    f->type == GRID_V_REAL)
		return sqlite3_column_double(sel, col) == strtod(value, NULL);
	old = (const char *)sqlite3_column_text(sel, col);
	return old != NULL && strcmp(old, value) == 0;
}

/*
 * The attrs to store: in upsert mode the old ones with the new keys laid
 * over them, else just the new.  Returns a new string or NULL (no attrs);
 * *same tells whether that equals what is stored.
 */
static char *
merge_attrs(struct grid_import *imp, const char *old, int *same)
{
	json_t *merged = NULL, *prev = NULL;
	char *text = NULL;

	if (old != NULL)
		prev = json_loads(old, 0, NULL);
	if (imp->opts.mode == GRID_IMPORT_UPSERT && prev != NULL &&
	    json_is_object(prev)) {
		merged = json_deep_copy(prev);
		if (imp->attrs != NULL)
			json_object_update(merged, imp->attrs);
	} else if (imp->attrs != NULL) {
		merged = json_incref(imp->attrs);
	}
	*same = (merged == NULL && prev == NULL) ||
	    (merged != NULL && prev != NULL && json_equal(merged, prev));
	if (merged != NULL && json_object_size(merged) > 0)
		text = json_dumps(merged, JSON_COMPACT);
	json_decref(merged);
	json_decref(prev);
	return text;
}

/* Fills defaults and checks required fields for a row written whole. */
static int
complete_row(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row)
{
	const struct grid_register *reg = imp->reg;
	struct grid_error why;
	size_t i;

	for (i = 0; i < reg->nfields; i++) {
		if (imp->v[i] != NULL)
			continue;
		if (reg->fields[i].def != NULL)
			gridi_row_set(row, reg->fields[i].name,
			    reg->fields[i].def);
		else if (reg->fields[i].flags & GRID_F_REQUIRED) {
			grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
			    "missing (required for a new row)");
			return reject_field(imp, rec, "missing_field",
			    reg->fields[i].name, &why);
		}
	}
	return 0;
}

/* Runs a prepared insert or update with the row's values. */
static int
write_row(struct grid_import *imp, sqlite3_stmt *st, const char *attrs,
    struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	size_t i;
	int rc;

	for (i = 0; i < reg->nfields; i++)
		bind_value(st, (int)i + 1, &reg->fields[i], imp->v[i]);
	if (attrs != NULL)
		sqlite3_bind_text(st, (int)reg->nfields + 1, attrs, -1,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, (int)reg->nfields + 1);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return sqlfail(imp, rc, "writing a row", err);
	return 0;
}

/*
 * Inserts, updates or leaves the row.  The select statement is stepped
 * onto the existing row (when row->exists).  Returns 0, 1 or -1.
 */
static int
store(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	int same = 1, attrs_same, rc, stamp = gridi_row_field(row,
	    "updated_at");
	const char *old_attrs = NULL;
	char *attrs;
	size_t i;

	if (!row->exists || imp->opts.mode == GRID_IMPORT_REPLACE) {
		rc = complete_row(imp, rec, row);
		if (rc != 0)
			return rc;
	}
	if (row->exists) {
		old_attrs = (const char *)sqlite3_column_text(imp->sel,
		    (int)reg->nfields);
		for (i = 0; i < reg->nfields && same; i++) {
			if ((int)i == stamp)
				continue;
			if (imp->v[i] == NULL &&
			    imp->opts.mode != GRID_IMPORT_REPLACE)
				continue;
			same = same_value(&reg->fields[i], imp->sel, (int)i,
			    imp->v[i]);
		}
	}
	attrs = merge_attrs(imp, old_attrs, &attrs_same);
	if (row->exists && same && attrs_same) {
		imp->stats->unchanged++;
		rc = 0;
		goto out;
	}
	if (stamp >= 0 && imp->v[stamp] == NULL)
		gridi_row_set(row, "updated_at", imp->now);
	rc = write_row(imp, row->exists ? imp->upd : imp->ins, attrs, err);
	if (rc == 0 && row->exists)
		imp->stats->updated++;
	else if (rc == 0)
		imp->stats->inserted++;
	forget(imp, imp->reg->table);
out:
	free(attrs);
	return rc;
}

/* Looks the key up; leaves imp->sel on the row when it exists. */
static int
find_existing(struct grid_import *imp, struct gridi_row *row,
    struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	size_t i;
	int rc;

	sqlite3_reset(imp->sel);
	for (i = 0; i < reg->nfields; i++)
		if (reg->fields[i].flags & GRID_F_KEY)
			bind_value(imp->sel, (int)i + 1, &reg->fields[i],
			    imp->v[i]);
	rc = sqlite3_step(imp->sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlfail(imp, rc, "reading a row", err);
	row->exists = rc == SQLITE_ROW;
	imp->rowid = row->exists ? sqlite3_column_int64(imp->sel,
	    (int)reg->nfields + 1) : 0;
	return 0;
}

/*
 * Notes that the run loaded this row at this line: by rowid when it was
 * inserted into a rowid table (cheap: rowids only grow), else by key.
 */
static int
remember(struct grid_import *imp, int inserted, long line,
    struct grid_error *err)
{
	sqlite3_stmt *st = imp->seen_put;
	int rc;

	sqlite3_bind_text(st, 1, imp->reg->table, -1, SQLITE_STATIC);
	if (inserted && imp->start->has_rowid) {
		st = imp->rows_put;
		sqlite3_bind_text(st, 1, imp->reg->table, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, sqlite3_last_insert_rowid(imp->sql));
	} else {
		sqlite3_bind_text(st, 2, imp->key.data, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 3, (sqlite3_int64)imp->nbatches - 1);
	sqlite3_bind_int64(st, 4, line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sqlfail(imp, rc, "import_seen", err);
}

/* Writes the names of the key fields, '+'-separated, into out. */
static void
key_fields(const struct grid_import *imp, char *out, size_t n)
{
	size_t i, len = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < imp->reg->nfields; i++) {
		if (!(imp->reg->fields[i].flags & GRID_F_KEY))
			continue;
		w = snprintf(out + len, n - len, "%s%s", len > 0 ? "+" : "",
		    imp->reg->fields[i].name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* Rejects a row whose key is taken: 1, or -1 to stop. */
static int
reject_key(struct grid_import *imp, const struct grid_record *rec,
    const char *code, struct grid_error *why)
{
	key_fields(imp, why->field, sizeof(why->field));
	return reject(imp, rec, code, why);
}

/*
 * A record that is not a row: an NDJSON line that did not parse (its
 * error in err), a CSV row of the wrong width.  Returns 0 (a row), 1
 * (rejected) or -1.
 */
static int
check_shape(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	struct grid_error why;
	size_t n;

	if (rec->nfields == 0 && rec->text != NULL && err->code != 0) {
		why = *err;	/* the reader's parse error */
		grid_error_clear(err);
		return reject(imp, rec, "malformed_row", &why);
	}
	if (!rec->bad_width)
		return 0;
	grid_reader_header(imp->reader, &n);
	grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
	    "%zu fields where the header has %zu",
	    rec->width > imp->skip ? rec->width - imp->skip : 0, n - imp->skip);
	return reject(imp, rec, "malformed_row", &why);
}

/*
 * The row's key: not seen earlier in the run, and (--mode insert) not in
 * the database.  Leaves imp->sel on the stored row when there is one.
 * Returns 0, 1 (rejected) or -1.
 */
static int
check_key(struct grid_import *imp, const struct grid_record *rec,
    struct gridi_row *row, struct grid_error *err)
{
	struct grid_error why;
	const char *first_src = NULL;
	long first;
	int rc, other;

	grid_error_clear(&why);
	if ((rc = make_key(imp, rec, &why)) != 0)
		return rc;
	if (find_existing(imp, row, err) != 0)
		return -1;
	first = !row->exists ? 0 : imp->start->has_rowid &&
	    imp->rowid > imp->start->start ? row_line(imp, imp->reg->table,
	    imp->rowid, &first_src) : key_line(imp, imp->reg->table,
	    imp->key.data, &first_src);
	if (first > 0) {
		other = first_src != NULL &&
		    strcmp(first_src, row->source) != 0;
		grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
		    "duplicate key, first seen on line %ld%s%s", first,
		    other ? " of " : "", other ? first_src : "");
		return reject_key(imp, rec, "duplicate_key", &why);
	}
	if (row->exists && imp->opts.mode == GRID_IMPORT_INSERT) {
		grid_error_set(&why, GRID_EDATA, NULL, 0, NULL,
		    "key already in the database (--mode insert)");
		return reject_key(imp, rec, "exists", &why);
	}
	return 0;
}

/* The whole pipeline for one record: 0 (stored), 1 (rejected), -1. */
static int
import_row(struct grid_import *imp, const struct grid_record *rec,
    struct grid_error *err)
{
	struct gridi_row row = {
		.imp = imp, .reg = imp->reg, .v = imp->v,
		.today = imp->today, .now = imp->now,
		.seq_width = imp->seq_width,
		.source = grid_reader_name(imp->reader), .line = rec->line,
	};
	struct grid_error why;
	const char *code = NULL;
	int rc;

	if ((rc = check_shape(imp, rec, err)) != 0 ||
	    (rc = take_values(imp, rec, err)) != 0)
		return rc;
	rc = gridi_rules_check(&row, &code, &why);
	if (rc == 1)
		return reject(imp, rec, code, &why);
	if (rc < 0) {
		*err = why;
		return -1;
	}
	if ((rc = check_key(imp, rec, &row, err)) != 0 ||
	    (rc = check_references(imp, rec, err)) != 0 ||
	    (rc = store(imp, rec, &row, err)) != 0)
		return rc;
	sqlite3_reset(imp->sel);
	if (gridi_rules_after(&row, err) != 0)
		return -1;
	return remember(imp, !row.exists, rec->line, err);
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

static int
open_file(struct grid_import *imp, const char *path, const char *table,
    struct grid_error *err)
{
	imp->reg = grid_register_find(table);
	if (imp->reg == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "unknown table '%s'", table);
	if (grid_import_check_map(table, imp->opts.map, imp->opts.nmap,
	    err) != 0)
		return -1;
	imp->reader = grid_reader_open(path, &imp->opts.reader, err);
	if (imp->reader == NULL)
		return -1;
	if (map_header(imp, err) != 0 || note_start(imp, err) != 0 ||
	    prepare_table(imp, err) != 0)
		return -1;
	if (imp->seen_get == NULL && (grid_db_prepare(imp->db,
	    "SELECT file, line FROM temp.import_seen WHERE tbl = ?1 AND "
	    "key = ?2", &imp->seen_get, err) != 0 || grid_db_prepare(imp->db,
	    "INSERT INTO temp.import_seen (tbl, key, file, line) VALUES "
	    "(?1, ?2, ?3, ?4)", &imp->seen_put, err) != 0 ||
	    grid_db_prepare(imp->db, "SELECT file, line FROM temp.import_rows "
	    "WHERE tbl = ?1 AND rid = ?2", &imp->rows_get, err) != 0 ||
	    grid_db_prepare(imp->db, "INSERT INTO temp.import_rows (tbl, rid, "
	    "file, line) VALUES (?1, ?2, ?3, ?4)", &imp->rows_put, err) != 0))
		return -1;
	if (imp->opts.on_file != NULL &&
	    imp->opts.on_file(imp->opts.ctx, imp->reader, table, err) != 0)
		return -1;
	return 0;
}

static void
close_file(struct grid_import *imp)
{
	finalize_table(imp);
	grid_reader_close(imp->reader);
	imp->reader = NULL;
	free(imp->colmap);
	imp->colmap = NULL;
	imp->ncolmap = 0;
	imp->skip = 0;
	json_decref(imp->attrs);
	imp->attrs = NULL;
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
	for (;;) {
		grid_error_clear(err);
		step = grid_reader_next(imp->reader, &rec, err);
		if (step < 0)
			goto out;
		if (step == 0)
			break;
		imp->stats->read++;
		if (import_row(imp, rec, err) < 0) {
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
	imp->stats->warnings = gridi_rules_file_end(imp, table,
	    imp->opts.on_warning, imp->opts.ctx, grid_reader_name(imp->reader),
	    err);
	if (imp->stats->warnings < 0)
		goto out;
	rc = 0;
out:
	close_file(imp);
	imp->stats->seconds = seconds_since(&t0);
	*stats = *imp->stats;
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
		rc = rc == SQLITE_DONE ? 0 : sqlfail(imp, rc, "import_batches",
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
			if (record_batches(imp, "rolled_back", NULL) == 0)
				grid_db_commit(db, NULL);
			else
				grid_db_rollback(db);
		}
	}
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
