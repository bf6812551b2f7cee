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
void
gridi_import_forget(struct grid_import *imp, const char *table)
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
long
gridi_import_row_line(struct grid_import *imp, const char *table,
    sqlite3_int64 rid,
    const char **source)
{
	sqlite3_bind_text(imp->rows_get, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(imp->rows_get, 2, rid);
	return first_line(imp, imp->rows_get, source);
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
