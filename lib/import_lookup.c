/*
 * import_lookup.c - what a grid-import run asks of the database again and
 * again: cached one-parameter lookups (references, table rules), and where
 * the run has loaded each row (for duplicate keys and their first line).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/text.h"
#include "import_internal.h"

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

/* The column of a statement's "WHERE column = ?1", or "". */
static void
sql_column(const char *sql, char *out, size_t n)
{
	const char *p = strstr(sql, " WHERE ");
	size_t len;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(" WHERE ");
	len = strcspn(p, " =");
	if (len < n && strncmp(p + len, " = ?1", 5) == 0 &&
	    strchr(p + len + 5, '?') == NULL) {
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
	c->column[0] = '\0';	/* only a SELECT says what it found */
	if (strncmp(sql, "SELECT ", 7) == 0)
		sql_column(sql, c->column, sizeof(c->column));
	c->existence = strncmp(sql, "SELECT 1 FROM ", 14) == 0;
	imp->ncached++;
	return c;
}

/*
 * Forgets the cached answers about table (all of them when table is
 * NULL): the table has changed under them.  Answers about other tables
 * stay: a run loads one table at a time, so most references hit.
 */
void
gridi_import_forget(struct grid_import *imp, const char *table)
{
	size_t i;

	for (i = 0; i < imp->ncached; i++)
		if (table == NULL || (imp->cache[i].table[0] == table[0] &&
		    strcmp(imp->cache[i].table, table) == 0))
			imp->cache[i].found = -1;
}

/*
 * Whether a row of c's table has arg in c's column, as another cached
 * lookup by the same column has just found: 1, 0, or -1 (none knows).
 * Every cached lookup reads the row of its one argument, so a row it
 * found (or not) is one an existence check finds (or not).
 */
static int
known_row(const struct grid_import *imp, const struct cached *c,
    const char *arg)
{
	const struct cached *o;
	size_t i;

	if (c->column[0] == '\0')
		return -1;
	for (i = 0; i < imp->ncached; i++) {
		o = &imp->cache[i];
		if (o != c && o->found >= 0 && strcmp(o->arg, arg) == 0 &&
		    strcmp(o->table, c->table) == 0 &&
		    strcmp(o->column, c->column) == 0)
			return o->found;
	}
	return -1;
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
	if (c->existence && n >= 2 && strlen(arg) < sizeof(c->arg) &&
	    (rc = known_row(imp, c, arg)) >= 0) {
		copy_fits(c->arg, sizeof(c->arg), arg);
		copy_fits(c->answer, sizeof(c->answer), rc ? "1" : "");
		copy_fits(out, n, c->answer);
		c->found = rc;
		return rc;
	}
	sqlite3_bind_text(c->st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(c->st);
		return gridi_import_sqlfail(imp, rc, "lookup", err);
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
	gridi_import_forget(imp, c->table);
	return rc == SQLITE_DONE ? 0 : gridi_import_sqlfail(imp, rc, sql, err);
}

struct grid_db *
gridi_import_db(struct grid_import *imp)
{
	return imp->db;
}

/* The line and file of a step of seen_get; 0 when none. */
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
long
gridi_import_row_line(struct grid_import *imp, const char *table,
    sqlite3_int64 rid, const char **source)
{
	const struct row_run *run = &imp->run;
	sqlite3_stmt *st = imp->rows_get;
	sqlite3_int64 file, first;
	long line = 0;

	if (run->table != NULL && strcmp(run->table, table) == 0 &&
	    rid >= run->first && rid <= run->last) {
		if (source != NULL)
			*source = imp->batches[run->file].source;
		return run->line + (long)(rid - run->first);
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rid);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 3) >= rid) {
		file = sqlite3_column_int64(st, 0);
		first = sqlite3_column_int64(st, 2);
		line = (long)(sqlite3_column_int64(st, 1) + (rid - first));
		if (source != NULL && file >= 0 &&
		    (size_t)file < imp->nbatches)
			*source = imp->batches[file].source;
	}
	sqlite3_reset(st);
	return line;
}

int
gridi_import_flush_rows(struct grid_import *imp, struct grid_error *err)
{
	struct row_run *run = &imp->run;
	sqlite3_stmt *st = imp->rows_put;
	int rc;

	if (run->table == NULL)
		return 0;
	sqlite3_bind_text(st, 1, run->table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, run->first);
	sqlite3_bind_int64(st, 3, run->last);
	sqlite3_bind_int64(st, 4, run->file);
	sqlite3_bind_int64(st, 5, run->line);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return gridi_import_sqlfail(imp, rc, "import_rows", err);
	run->table = NULL;
	return 0;
}

int
gridi_import_note_row(struct grid_import *imp, sqlite3_int64 rid, long line,
    struct grid_error *err)
{
	struct row_run *run = &imp->run;
	sqlite3_int64 file = (sqlite3_int64)imp->nbatches - 1;

	if (run->table == imp->reg->table && run->file == file &&
	    rid == run->last + 1 && line == run->line + (long)(rid -
	    run->first)) {
		run->last = rid;
		return 0;
	}
	if (gridi_import_flush_rows(imp, err) != 0)
		return -1;
	run->table = imp->reg->table;
	run->first = run->last = rid;
	run->file = file;
	run->line = line;
	return 0;
}

/* The line where this run loaded the row of that key; 0 when none. */
long
gridi_import_key_line(struct grid_import *imp, const char *table,
    const char *key,
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
	long line = gridi_import_key_line(imp, table, key, source);

	if (line > 0 || ts == NULL || ts->rowid_of == NULL)
		return line;
	sqlite3_bind_text(ts->rowid_of, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(ts->rowid_of) == SQLITE_ROW &&
	    sqlite3_column_int64(ts->rowid_of, 0) > ts->start)
		line = gridi_import_row_line(imp, table,
		    sqlite3_column_int64(ts->rowid_of,
		    0), source);
	sqlite3_reset(ts->rowid_of);
	return line;
}

/*
 * Notes where the run's rows of the file's table start, the first time
 * the run meets that table.
 */
int
gridi_import_note_start(struct grid_import *imp, struct grid_error *err)
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

/* ---- the households of a file ---- */

/* Appends s as a JSON string. */
static int
add_json_string(struct grid_buf *buf, const char *s)
{
	const unsigned char *p;
	int rc = grid_buf_addc(buf, '"');

	for (p = (const unsigned char *)s; *p != '\0' && rc == 0; p++)
		if (*p == '"' || *p == '\\')
			rc = grid_buf_addf(buf, "\\%c", *p);
		else if (*p < 0x20)
			rc = grid_buf_addf(buf, "\\u%04x", *p);
		else
			rc = grid_buf_addc(buf, (char)*p);
	return rc == 0 ? grid_buf_addc(buf, '"') : -1;
}

int
gridi_import_flush_households(struct grid_import *imp,
    struct grid_error *err)
{
	int rc;

	if (imp->nhh == 0)
		return 0;
	if (grid_buf_addc(&imp->hh_json, ']') != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (imp->hh_put == NULL && grid_db_prepare(imp->db, "INSERT OR IGNORE "
	    "INTO temp.import_households (id) SELECT value FROM json_each(?1)",
	    &imp->hh_put, err) != 0)
		return -1;
	sqlite3_bind_text(imp->hh_put, 1, imp->hh_json.data, -1,
	    SQLITE_STATIC);
	rc = sqlite3_step(imp->hh_put);
	sqlite3_reset(imp->hh_put);
	grid_buf_reset(&imp->hh_json);
	imp->nhh = 0;
	return rc == SQLITE_DONE ? 0 : gridi_import_sqlfail(imp, rc,
	    "import_households", err);
}

int
gridi_import_note_household(struct grid_import *imp, const char *id,
    struct grid_error *err)
{
	/* The people of a household usually come one after the other. */
	if (imp->hh_last.len > 0 && strcmp(imp->hh_last.data, id) == 0)
		return 0;
	grid_buf_reset(&imp->hh_last);
	if (grid_buf_adds(&imp->hh_last, id) != 0 ||
	    grid_buf_addc(&imp->hh_json, imp->nhh == 0 ? '[' : ',') != 0 ||
	    add_json_string(&imp->hh_json, id) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (++imp->nhh == HH_BATCH)
		return gridi_import_flush_households(imp, err);
	return 0;
}

/* ---- the row as the rules see it ---- */

int
gridi_row_field(const struct gridi_row *row, const char *name)
{
	const struct grid_field *f = row->reg->fields;
	size_t i;

	/* The rules ask by name many times a row: the first byte first. */
	for (i = 0; i < row->reg->nfields; i++)
		if (f[i].name[0] == name[0] && strcmp(f[i].name, name) == 0)
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
