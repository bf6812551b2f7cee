/*
 * case_feed.c - the changed-since feed (grid/case_feed.h): the cases
 * with case_log rows after a cursor, each once with its current state,
 * read in one snapshot with the cursor of the next poll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/case_feed.h"
#include "cases_internal.h"
#include "internal.h"

/* The actions that change nothing in cases (grid_case_feed_counts). */
#define NOT_COUNTED GRIDI_CASE_QUIET_SQL

/*
 * The address of the case's first attachment (by id) that has one, of
 * the stage cond names (or any): an http(s) uri as it is, a kept file as
 * media_base_url/CASE_ID/SHA256.  (SQLite resolves no outer column in
 * a subquery's ORDER BY, so the preferred stage is a WHERE.)
 */
#define MEDIA_SQL(cond) \
"(SELECT CASE WHEN a.uri LIKE 'http://%' OR a.uri LIKE 'https://%' " \
"THEN a.uri ELSE rtrim(m.value, '/') || '/' || c.id || '/' || a.sha256 END " \
"FROM attachments a LEFT JOIN settings m ON m.key = 'media_base_url' " \
"WHERE a.case_id = c.id AND (a.uri LIKE 'http://%' OR a.uri LIKE " \
"'https://%' OR (a.stored = 1 AND a.sha256 IS NOT NULL AND " \
"coalesce(m.value, '') <> '')) " cond "ORDER BY a.id LIMIT 1)"

/*
 * What every feed row has besides the case's columns, in the order of
 * struct grid_case_feed_row; the case is c, its latest counting row l
 * (NULL columns when none), their count ch.changes.
 */
static const char extras_sql[] =
", l.id, l.action, l.at, ch.changes, "
"(SELECT s.note FROM case_log s WHERE s.case_id = c.id "
"AND s.action NOT IN " NOT_COUNTED " AND (s.action = 'reply' "
"OR s.from_status IS NOT s.to_status) ORDER BY s.id DESC LIMIT 1), "
"(SELECT k.name FROM categories k WHERE k.code = c.category_code), "
"(SELECT d.name FROM departments d WHERE d.code = c.dept_code), "
"coalesce((SELECT printf('%g %s', k.limit_value, k.limit_unit) "
"FROM categories k WHERE k.code = c.category_code "
"AND k.limit_value IS NOT NULL AND k.limit_unit IS NOT NULL), "
"(SELECT v.value FROM settings v WHERE v.key = 'default_limit')), "
"coalesce(CASE WHEN c.status IN ('closed', 'voided', 'merged') THEN "
"coalesce((SELECT e.at FROM case_log e WHERE e.case_id = c.id "
"AND e.to_status = c.status AND e.from_status IS NOT e.to_status "
"ORDER BY e.id DESC LIMIT 1), c.closed_at) END, "
"(SELECT u.at FROM case_log u WHERE u.case_id = c.id "
"AND u.action NOT IN " NOT_COUNTED " ORDER BY u.id DESC LIMIT 1), "
"c.reported_at), c.external_id, c.external_source, "
"coalesce(" MEDIA_SQL("AND a.stage = CASE WHEN c.status = 'closed' "
"THEN 'after' ELSE 'before' END ") ", " MEDIA_SQL("") ") ";

/* The feed: ?1 since, ?2 the largest id of the snapshot, ?3 limit. */
static const char feed_from_sql[] =
"FROM (SELECT case_id, max(id) AS log_id, count(*) AS changes "
"FROM case_log WHERE id > ?1 AND id <= ?2 AND action NOT IN "
NOT_COUNTED " GROUP BY case_id) ch JOIN cases c ON c.id = ch.case_id "
"JOIN case_log l ON l.id = ch.log_id ORDER BY ch.log_id LIMIT ?3";

/* One case: ?1 its id. */
static const char case_from_sql[] =
"FROM cases c LEFT JOIN (SELECT case_id, max(id) AS log_id, "
"count(*) AS changes FROM case_log WHERE case_id = ?1 AND action NOT IN "
NOT_COUNTED ") ch ON ch.case_id = c.id LEFT JOIN case_log l "
"ON l.id = ch.log_id WHERE c.id = ?1";

static const struct grid_column extra_columns[GRID_CASE_FEED_EXTRA] = {
	{ "log_id", GRID_COL_INT }, { "action", GRID_COL_TEXT },
	{ "at", GRID_COL_TEXT }, { "changes", GRID_COL_INT },
	{ "status_note", GRID_COL_TEXT }, { "category_name", GRID_COL_TEXT },
	{ "dept_name", GRID_COL_TEXT }, { "updated_at", GRID_COL_TEXT },
};

int
grid_case_feed_counts(const char *action)
{
#define QUIET_NAME(action, told, quiet) GRIDI_WHEN_##quiet(action,)
	static const char *const quiet[] = {
		GRIDI_CASE_STEP_ACTIONS(QUIET_NAME)
		GRIDI_CASE_RECORD_ACTIONS(QUIET_NAME)
	};
#undef QUIET_NAME
	size_t i;

	if (action == NULL || action[0] == '\0')	/* '' ends the SQL list */
		return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(quiet); i++)
		if (strcmp(quiet[i], action) == 0)
			return 0;
	return 1;
}

const struct grid_column *
grid_case_feed_columns(size_t *n)
{
	static struct grid_column all[GRID_CASE_NFIELDS +
	    GRID_CASE_FEED_EXTRA];
	const struct grid_column *cases = grid_case_columns();
	size_t i;

	for (i = 0; i < GRID_CASE_NFIELDS; i++)
		all[i] = cases[i];
	for (i = 0; i < GRID_CASE_FEED_EXTRA; i++)
		all[GRID_CASE_NFIELDS + i] = extra_columns[i];
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(all);
	return all;
}

void
grid_case_feed_values(const struct grid_case_feed_row *row,
    const char **values, char *id_text, char *changes_text)
{
	size_t i;

	for (i = 0; i < GRID_CASE_NFIELDS; i++)
		values[i] = row->c.field[i];
	snprintf(id_text, 24, "%lld", row->log_id);
	snprintf(changes_text, 24, "%ld", row->changes);
	values[i++] = row->log_id > 0 ? id_text : NULL;
	values[i++] = row->action;
	values[i++] = row->at;
	values[i++] = changes_text;
	values[i++] = row->status_note;
	values[i++] = row->category_name;
	values[i++] = row->dept_name;
	values[i] = row->updated_at;
}

static const char *
text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/*
 * Prepares SELECT c.<every case column> <extras> <from> into *st.
 * 0 or -1 with err.
 */
static int
prepare(struct grid_db *db, const char *from, sqlite3_stmt **st,
    struct grid_error *err)
{
	const struct grid_column *cols = grid_case_columns();
	struct grid_buf sql = GRID_BUF_INIT;
	int rc = 0;
	size_t i;

	for (i = 0; i < GRID_CASE_NFIELDS && rc == 0; i++)
		rc = grid_buf_addf(&sql, "%sc.%s", i == 0 ? "SELECT " : ", ",
		    cols[i].name);
	if (rc != 0 || grid_buf_adds(&sql, extras_sql) != 0 ||
	    grid_buf_adds(&sql, from) != 0) {
		grid_buf_release(&sql);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	rc = grid_db_prepare(db, sql.data, st, err);
	grid_buf_release(&sql);
	return rc;
}

/* The row st is on, as a feed row. */
static void
fill(sqlite3_stmt *st, struct grid_case_feed_row *r)
{
	int i = 0, k;

	memset(r, 0, sizeof(*r));
	for (k = 0; k < GRID_CASE_NFIELDS; k++)
		r->c.field[k] = text(st, i++);
	r->log_id = sqlite3_column_int64(st, i++);
	r->action = text(st, i++);
	r->at = text(st, i++);
	r->changes = (long)sqlite3_column_int64(st, i++);
	r->status_note = text(st, i++);
	r->category_name = text(st, i++);
	r->dept_name = text(st, i++);
	r->limit = text(st, i++);
	r->updated_at = text(st, i++);
	r->external_id = text(st, i++);
	r->external_source = text(st, i++);
	r->media_url = text(st, i);
}

/*
 * Steps st, a callback per row; *given counts them, *last is the last
 * one's log_id.  0, or -1 with err (code 0: stopped).
 */
static int
each_row(struct grid_db *db, sqlite3_stmt *st, grid_case_feed_fn on_row,
    void *ctx, long *given, long long *last, struct grid_error *err)
{
	struct grid_case_feed_row r;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, &r);
		if (given != NULL)
			(*given)++;
		if (last != NULL)
			*last = r.log_id;
		if (on_row(ctx, &r) != 0)
			return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
	}
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading the feed", err);
	return 0;
}

/* The largest case_log id of the snapshot (0: none) into *top. */
static int
largest_id(struct grid_db *db, long long *top, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, "SELECT coalesce(max(id), 0) FROM case_log",
	    &st, err) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*top = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return grid_db_error(db, rc, "reading case_log", err);
	return 0;
}

static int
feed_read(struct grid_db *db, long long since, long limit,
    grid_case_feed_fn on_row, void *ctx, long long *next,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	long long top = 0, last = since;
	long given = 0;
	int rc;

	if (largest_id(db, &top, err) != 0 ||
	    prepare(db, feed_from_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, top);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	rc = each_row(db, st, on_row, ctx, &given, &last, err);
	sqlite3_finalize(st);
	if (rc != 0)
		return -1;
	if (next != NULL)
		*next = limit > 0 && given == limit ? last :
		    top > since ? top : since;
	return 0;
}

int
grid_case_feed(struct grid_db *db, long long since, long limit,
    grid_case_feed_fn on_row, void *ctx, long long *next,
    struct grid_error *err)
{
	int own, rc;

	if (since < 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "since",
		    "a cursor is 0 or more, not %lld", since);
	/* One snapshot for the largest id and the rows (a read, deferred). */
	own = sqlite3_get_autocommit(grid_db_sqlite(db));
	if (own && grid_db_exec(db, "BEGIN", err) != 0)
		return -1;
	rc = feed_read(db, since, limit, on_row, ctx, next, err);
	if (own) {
		if (rc == 0)
			rc = grid_db_exec(db, "COMMIT", err);
		else
			grid_db_exec(db, "ROLLBACK", NULL);
	}
	return rc;
}

int
grid_case_feed_case(struct grid_db *db, const char *id,
    grid_case_feed_fn on_row, void *ctx, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	long given = 0;
	int rc;

	if (id == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "id",
		    "no case id");
	if (prepare(db, case_from_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = each_row(db, st, on_row, ctx, &given, NULL, err);
	sqlite3_finalize(st);
	if (rc == 0 && given == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "id",
		    "case %s: no such case", id);
	return rc;
}
