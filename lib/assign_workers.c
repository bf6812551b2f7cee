/*
 * assign_workers.c - workers' responsibility grids: the listing with each
 * worker's load, and editing a worker's grids.  Balancing is in
 * assign_workers_balance.c; the strings helpers shared with it are here.
 */
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/codes.h"
#include "grid/workers.h"
#include "assign_workers_internal.h"
#include "internal.h"

/* Unknown grids named in one error message; the rest are counted. */
#define UNKNOWN_NAMED 5

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Column i as text, NULL when NULL. */
static const char *
column(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

/* ---- lists of strings (assign_workers_internal.h) ---- */

int
gridi_strings_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
gridi_strings_free(char **s, size_t n)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

int
gridi_strings_push(char ***array, size_t *n, const char *s)
{
	char **grown = realloc(*array, (*n + 1) * sizeof(**array));

	if (grown == NULL)
		return -1;
	*array = grown;
	if ((grown[*n] = strdup(s != NULL ? s : "")) == NULL)
		return -1;
	(*n)++;
	return 0;
}

int
gridi_strings_collect(struct grid_db *db, sqlite3_stmt *stmt,
    const char *what, char ***array, size_t *n, struct grid_error *err)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (gridi_strings_push(array, n, column(stmt, 0)) != 0) {
			sqlite3_finalize(stmt);
			return oom(err);
		}
	if (rc != SQLITE_DONE)
		grid_db_error(db, rc, what, err);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
grid_workers_by_parse(const char *name)
{
	if (strcmp(name, "people") == 0)
		return GRID_WORKERS_BY_PEOPLE;
	if (strcmp(name, "houses") == 0)
		return GRID_WORKERS_BY_HOUSES;
	return -1;
}

const char *
grid_workers_by_name(enum grid_workers_by by)
{
	return by == GRID_WORKERS_BY_HOUSES ? "houses" : "people";
}

/*
 * Runs sql with one text parameter; returns 1 when it gives a row whose
 * first column is non-zero, 0 when not, -1 with err.
 */
static int
query_true(struct grid_db *db, const char *sql, const char *arg,
    struct grid_error *err)
{
	sqlite3_stmt *stmt = NULL;
	int rc, answer = -1;

	if (grid_db_prepare(db, sql, &stmt, err) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		answer = sqlite3_column_int(stmt, 0) != 0;
	else if (rc == SQLITE_DONE)
		answer = 0;
	else
		grid_db_error(db, rc, "reading", err);
	sqlite3_finalize(stmt);
	return answer;
}

int
grid_workers_area_check(struct grid_db *db, const char *area,
    struct grid_error *err)
{
	int width = (int)grid_db_setting_long(db, "grid_seq_width", 2);
	int found;

	if (grid_code_level(area, width, NULL) == GRID_LEVEL_NONE)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad area code '%s'", area);
	found = query_true(db, "SELECT EXISTS (SELECT 1 FROM regions "
	    "WHERE code = ?1) OR EXISTS (SELECT 1 FROM grids "
	    "WHERE code >= ?1 AND code < ?1 || ':')", area, err);
	if (found == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "unknown area '%s'", area);
	return found < 0 ? -1 : 0;
}

/* ---- listing ---- */

struct grid_workers_list {
	struct grid_db *db;
	sqlite3_stmt *stmt;
	int pending;		/* stmt is on a row of the next worker */
	int done;
	struct grid_buf id, name, phone, kind, communities, grids, last;
	struct grid_workers_row row;
};

/* Every worker (with or without grids), or those with grids in ?1. */
static const char list_all_sql[] =
"SELECT w.id, w.name, w.phone, w.kind, g.code, g.community_code,\n"
"  (SELECT count(*) FROM people p WHERE p.grid_code = g.code),\n"
"  (SELECT count(*) FROM houses h WHERE h.grid_code = g.code)\n"
"FROM workers w\n"
"LEFT JOIN worker_grids wg ON wg.worker_id = w.id\n"
"LEFT JOIN grids g ON g.code = wg.grid_code\n"
"ORDER BY w.id, g.code";
static const char list_area_sql[] =
"SELECT w.id, w.name, w.phone, w.kind, g.code, g.community_code,\n"
"  (SELECT count(*) FROM people p WHERE p.grid_code = g.code),\n"
"  (SELECT count(*) FROM houses h WHERE h.grid_code = g.code)\n"
"FROM workers w\n"
"JOIN worker_grids wg ON wg.worker_id = w.id\n"
"JOIN grids g ON g.code = wg.grid_code\n"
"WHERE wg.grid_code >= ?1 AND wg.grid_code < ?1 || ':'\n"
"ORDER BY w.id, g.code";

int
grid_workers_list_open(struct grid_db *db, const char *area,
    struct grid_workers_list **list, struct grid_error *err)
{
	struct grid_workers_list *l;

	*list = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return oom(err);
	l->db = db;
	if (grid_db_prepare(db, area != NULL ? list_area_sql : list_all_sql,
	    &l->stmt, err) != 0) {
		free(l);
		return -1;
	}
	if (area != NULL)
		sqlite3_bind_text(l->stmt, 1, area, -1, SQLITE_TRANSIENT);
	*list = l;
	return 0;
}

/* Replaces buf's content with s ("" for NULL).  Returns 0 or -1. */
static int
buf_set(struct grid_buf *buf, const char *s)
{
	grid_buf_reset(buf);
	return grid_buf_adds(buf, s != NULL ? s : "");
}

/* Adds the grid of the current row to the worker being read. */
static int
add_grid(struct grid_workers_list *l)
{
	const char *code = column(l->stmt, 4);
	const char *community = column(l->stmt, 5);

	if (code == NULL)
		return 0;
	if ((l->grids.len > 0 && grid_buf_addc(&l->grids, ',') != 0) ||
	    grid_buf_adds(&l->grids, code) != 0)
		return -1;
	if (community != NULL && (l->last.data == NULL ||
	    strcmp(l->last.data, community) != 0)) {
		if ((l->communities.len > 0 &&
		    grid_buf_addc(&l->communities, ',') != 0) ||
		    grid_buf_adds(&l->communities, community) != 0 ||
		    buf_set(&l->last, community) != 0)
			return -1;
	}
	l->row.grid_count++;
	l->row.people += sqlite3_column_int64(l->stmt, 6);
	l->row.houses += sqlite3_column_int64(l->stmt, 7);
	return 0;
}

/* Starts a worker from the current row. */
static int
start_worker(struct grid_workers_list *l)
{
	memset(&l->row, 0, sizeof(l->row));
	grid_buf_reset(&l->communities);
	grid_buf_reset(&l->grids);
	grid_buf_reset(&l->last);
	if (buf_set(&l->id, column(l->stmt, 0)) != 0 ||
	    buf_set(&l->name, column(l->stmt, 1)) != 0 ||
	    buf_set(&l->phone, column(l->stmt, 2)) != 0 ||
	    buf_set(&l->kind, column(l->stmt, 3)) != 0 ||
	    buf_set(&l->communities, "") != 0 || buf_set(&l->grids, "") != 0)
		return -1;
	l->row.phone = column(l->stmt, 2) != NULL ? l->phone.data : NULL;
	return 0;
}

int
grid_workers_list_next(struct grid_workers_list *l,
    const struct grid_workers_row **row, struct grid_error *err)
{
	int rc = SQLITE_ROW;
	const char *id;

	if (l->done)
		return 0;
	if (!l->pending && (rc = sqlite3_step(l->stmt)) == SQLITE_DONE) {
		l->done = 1;
		return 0;
	}
	if (rc != SQLITE_ROW)
		return grid_db_error(l->db, rc, "reading workers", err);
	if (start_worker(l) != 0)
		return oom(err);
	for (;;) {
		if (add_grid(l) != 0)
			return oom(err);
		rc = sqlite3_step(l->stmt);
		if (rc == SQLITE_DONE) {
			l->done = 1;
			break;
		}
		if (rc != SQLITE_ROW)
			return grid_db_error(l->db, rc, "reading workers", err);
		id = column(l->stmt, 0);
		if (id == NULL || strcmp(id, l->id.data) != 0) {
			l->pending = 1;
			break;
		}
	}
	l->row.id = l->id.data;
	l->row.name = l->name.data;
	l->row.kind = l->kind.data;
	l->row.communities = l->communities.data;
	l->row.grids = l->grids.data;
	if (l->row.phone != NULL)
		l->row.phone = l->phone.data;
	*row = &l->row;
	return 1;
}

void
grid_workers_list_close(struct grid_workers_list *l)
{
	if (l == NULL)
		return;
	sqlite3_finalize(l->stmt);
	grid_buf_release(&l->id);
	grid_buf_release(&l->name);
	grid_buf_release(&l->phone);
	grid_buf_release(&l->kind);
	grid_buf_release(&l->communities);
	grid_buf_release(&l->grids);
	grid_buf_release(&l->last);
	free(l);
}

/* ---- setting ---- */

void
grid_workers_changes_release(struct grid_workers_changes *c)
{
	if (c == NULL)
		return;
	gridi_strings_free(c->added, c->nadded);
	gridi_strings_free(c->removed, c->nremoved);
	memset(c, 0, sizeof(*c));
}

/* The error for unknown grids (sorted, n > 0). */
static int
unknown_grids(char **codes, size_t n, struct grid_error *err)
{
	struct grid_buf text = GRID_BUF_INIT;
	size_t i;

	int rc;

	rc = grid_buf_adds(&text, n == 1 ? "unknown grid " : "unknown grids ");
	for (i = 0; rc == 0 && i < n && i < UNKNOWN_NAMED; i++)
		rc = grid_buf_addf(&text, "%s'%s'", i > 0 ? ", " : "",
		    codes[i]);
	if (rc == 0 && n > UNKNOWN_NAMED)
		rc = grid_buf_addf(&text, " and %zu more", n - UNKNOWN_NAMED);
	if (rc == 0)
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL, "%s",
		    text.data);
	else
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	grid_buf_release(&text);
	return -1;
}

/* Sorted unique copies of grids; checks each exists.  0 or -1. */
static int
wanted_grids(struct grid_db *db, const char *const *grids, size_t ngrids,
    char ***wanted, size_t *nwanted, struct grid_error *err)
{
	char **unknown = NULL;
	size_t i, nunknown = 0, n = 0;
	int found, rc = -1;

	for (i = 0; i < ngrids; i++)
		if (gridi_strings_push(wanted, nwanted, grids[i]) != 0)
			goto nomem;
	if (*nwanted > 0)
		qsort(*wanted, *nwanted, sizeof(**wanted),
		    gridi_strings_compare);
	for (i = 0; i < *nwanted; i++) {
		if (n > 0 && strcmp((*wanted)[n - 1], (*wanted)[i]) == 0) {
			free((*wanted)[i]);
			continue;
		}
		(*wanted)[n++] = (*wanted)[i];
	}
	*nwanted = n;
	for (i = 0; i < n; i++) {
		found = query_true(db, "SELECT EXISTS (SELECT 1 FROM grids "
		    "WHERE code = ?1)", (*wanted)[i], err);
		if (found < 0)
			goto out;
		if (!found && gridi_strings_push(&unknown, &nunknown,
		    (*wanted)[i]) != 0)
			goto nomem;
	}
	rc = nunknown > 0 ? unknown_grids(unknown, nunknown, err) : 0;
	goto out;
nomem:
	oom(err);
out:
	gridi_strings_free(unknown, nunknown);
	return rc;
}

/* The worker's grids now, sorted.  0 or -1. */
static int
held_grids(struct grid_db *db, const char *worker_id, char ***held,
    size_t *nheld, struct grid_error *err)
{
	sqlite3_stmt *stmt = NULL;

	if (grid_db_prepare(db, "SELECT grid_code FROM worker_grids "
	    "WHERE worker_id = ?1 ORDER BY grid_code", &stmt, err) != 0)
		return -1;
	sqlite3_bind_text(stmt, 1, worker_id, -1, SQLITE_STATIC);
	return gridi_strings_collect(db, stmt, "worker_grids", held, nheld,
	    err);
}

/* Whether sorted[0..n-1] holds s. */
static int
contains(char **sorted, size_t n, const char *s)
{
	return n > 0 && bsearch(&s, sorted, n, sizeof(*sorted),
	    gridi_strings_compare) != NULL;
}

/* Runs sql (worker ?1, grid ?2) for each code.  0 or -1. */
static int
write_rows(struct grid_db *db, const char *sql, const char *worker_id,
    char **codes, size_t n, struct grid_error *err)
{
	sqlite3_stmt *stmt = NULL;
	size_t i;
	int rc = SQLITE_DONE;

	if (n == 0)
		return 0;
	if (grid_db_prepare(db, sql, &stmt, err) != 0)
		return -1;
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_text(stmt, 1, worker_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, codes[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
	}
	if (rc != SQLITE_DONE)
		grid_db_error(db, rc, "writing worker_grids", err);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Works out what op changes, into c.  0 or -1 (memory). */
static int
plan_edit(enum grid_workers_edit op, char **wanted, size_t nwanted,
    char **held, size_t nheld, struct grid_workers_changes *c)
{
	size_t i;

	for (i = 0; i < nwanted; i++) {
		if (op == GRID_WORKERS_REMOVE) {
			if (contains(held, nheld, wanted[i]) &&
			    gridi_strings_push(&c->removed, &c->nremoved,
			    wanted[i]) != 0)
				return -1;
		} else if (!contains(held, nheld, wanted[i]) &&
		    gridi_strings_push(&c->added, &c->nadded, wanted[i]) != 0)
			return -1;
	}
	if (op == GRID_WORKERS_SET)
		for (i = 0; i < nheld; i++)
			if (!contains(wanted, nwanted, held[i]) &&
			    gridi_strings_push(&c->removed, &c->nremoved,
			    held[i]) != 0)
				return -1;
	return 0;
}

int
grid_workers_edit(struct grid_db *db, const char *worker_id,
    enum grid_workers_edit op, const char *const *grids, size_t ngrids,
    struct grid_workers_changes *changes, struct grid_error *err)
{
	struct grid_workers_changes c = { NULL, 0, NULL, 0 };
	char **wanted = NULL, **held = NULL;
	size_t nwanted = 0, nheld = 0;
	int found, rc = -1;

	if (grid_db_begin(db, err) != 0)
		return -1;
	found = query_true(db, "SELECT EXISTS (SELECT 1 FROM workers "
	    "WHERE id = ?1)", worker_id, err);
	if (found == 0)
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "unknown worker '%s'", worker_id);
	if (found != 1 ||
	    wanted_grids(db, grids, ngrids, &wanted, &nwanted, err) != 0 ||
	    held_grids(db, worker_id, &held, &nheld, err) != 0)
		goto out;
	if (plan_edit(op, wanted, nwanted, held, nheld, &c) != 0) {
		oom(err);
		goto out;
	}
	if (write_rows(db, "DELETE FROM worker_grids WHERE worker_id = ?1 "
	    "AND grid_code = ?2", worker_id, c.removed, c.nremoved,
	    err) != 0 ||
	    write_rows(db, "INSERT INTO worker_grids (worker_id, grid_code) "
	    "VALUES (?1, ?2)", worker_id, c.added, c.nadded, err) != 0 ||
	    grid_db_commit(db, err) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		grid_db_rollback(db);
	if (rc == 0 && changes != NULL)
		*changes = c;
	else
		grid_workers_changes_release(&c);
	gridi_strings_free(wanted, nwanted);
	gridi_strings_free(held, nheld);
	return rc;
}
