/*
 * quality_across.c - dup_id_districts: the same person (ID number, made
 * canonical) in the people of two databases or more (grid-stats(1)
 * quality with several -d).  Every database's people, with its path and
 * their grids, and the names of its places, go into a temporary SQLite
 * file (the union of a city's people does not fit in memory); the rows
 * of the numbers found in two databases or more are then listed or
 * counted per unit from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/codes.h"
#include "grid/levels.h"
#include "grid/quality.h"
#include "grid/text.h"
#include "stats_internal.h"

static const struct grid_quality_check across = {
	"dup_id_districts", "身份证号码在多个区重复登记", "people", 1, 1
};

struct grid_quality_ids {
	sqlite3 *t;
	sqlite3_stmt *add, *name;
	int ndb;		/* databases read so far */
	int indexed;
};

/* The rows of the ID numbers in two databases or more, in ?1 (NULL:
 * everywhere): db, key, grid, canonical number. */
static const char list_sql[] =
"SELECT db, k, g, canon FROM ids WHERE canon IN (SELECT canon "
"FROM ids GROUP BY canon HAVING count(DISTINCT n) > 1) AND "
"(?1 IS NULL OR (g >= ?1 AND g < ?1 || ':')) "
"ORDER BY g IS NULL, g, k, n";

/* Their count per unit, the first ?2 characters of the grid (all of it
 * above 12), in ?1: unit, its name, count. */
static const char unit_sql[] =
"SELECT u.unit, (SELECT name FROM names WHERE code = u.unit), "
"u.c FROM (SELECT CASE WHEN length(g) >= ?2 THEN CASE WHEN ?2 > "
"12 THEN g ELSE substr(g, 1, ?2) END END AS unit, count(*) AS c "
"FROM ids WHERE canon IN (SELECT canon FROM ids GROUP BY canon "
"HAVING count(DISTINCT n) > 1) AND (?1 IS NULL OR (g >= ?1 AND "
"g < ?1 || ':')) GROUP BY 1) u ORDER BY u.unit IS NULL, u.unit";

const struct grid_quality_check *
grid_quality_across(void)
{
	return &across;
}

static int
tmp_error(sqlite3 *t, struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "temporary file of ID numbers: %s", t != NULL ?
	    sqlite3_errmsg(t) : "out of memory");
}

struct grid_quality_ids *
grid_quality_ids_new(struct grid_error *err)
{
	struct grid_quality_ids *ids = calloc(1, sizeof(*ids));

	if (ids == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	if (sqlite3_open("", &ids->t) != SQLITE_OK ||
	    sqlite3_exec(ids->t, "PRAGMA journal_mode = OFF; "
	    "PRAGMA synchronous = OFF; "
	    "CREATE TABLE ids (canon TEXT, n INTEGER, db TEXT, g TEXT, "
	    "k TEXT); CREATE TABLE names (code TEXT PRIMARY KEY, name TEXT); "
	    "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ids->t, "INSERT INTO ids VALUES (?1, ?2, ?3, "
	    "?4, ?5)", -1, &ids->add, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(ids->t, "INSERT OR IGNORE INTO names VALUES "
	    "(?1, ?2)", -1, &ids->name, NULL) != SQLITE_OK) {
		tmp_error(ids->t, err);
		grid_quality_ids_free(ids);
		return NULL;
	}
	return ids;
}

void
grid_quality_ids_free(struct grid_quality_ids *ids)
{
	if (ids == NULL)
		return;
	sqlite3_finalize(ids->add);
	sqlite3_finalize(ids->name);
	sqlite3_close(ids->t);
	free(ids);
}

/* The names of db's places (regions, grids): the first database's that
 * has each. */
static int
add_names(struct grid_quality_ids *ids, struct grid_db *db,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, "SELECT code, name FROM regions UNION ALL "
	    "SELECT code, name FROM grids", &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_reset(ids->name);
		if (sqlite3_bind_value(ids->name, 1,
		    sqlite3_column_value(st, 0)) != SQLITE_OK ||
		    sqlite3_bind_value(ids->name, 2,
		    sqlite3_column_value(st, 1)) != SQLITE_OK ||
		    sqlite3_step(ids->name) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return tmp_error(ids->t, err);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading the places", err);
	return 0;
}

int
grid_quality_ids_add(struct grid_quality_ids *ids, struct grid_db *db,
    int names, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *k;
	char canon[64];
	int rc;

	ids->ndb++;
	if (grid_db_prepare(db, "SELECT id_number, grid_code FROM people "
	    "ORDER BY id_number", &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = (const char *)sqlite3_column_text(st, 0);
		if (k == NULL)
			continue;
		sqlite3_reset(ids->add);
		if (sqlite3_bind_text(ids->add, 1, gridi_idno_canon(k, canon,
		    sizeof(canon)), -1, SQLITE_TRANSIENT) != SQLITE_OK ||
		    sqlite3_bind_int(ids->add, 2, ids->ndb) != SQLITE_OK ||
		    sqlite3_bind_text(ids->add, 3, grid_db_path(db), -1,
		    SQLITE_TRANSIENT) != SQLITE_OK ||
		    sqlite3_bind_value(ids->add, 4,
		    sqlite3_column_value(st, 1)) != SQLITE_OK ||
		    sqlite3_bind_text(ids->add, 5, k, -1, SQLITE_TRANSIENT) !=
		    SQLITE_OK || sqlite3_step(ids->add) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return tmp_error(ids->t, err);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading the people", err);
	return names ? add_names(ids, db, err) : 0;
}

/* The query sql over ids, area bound as ?1 (NULL or "": everywhere). */
static sqlite3_stmt *
prepare(struct grid_quality_ids *ids, const char *sql, const char *area,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;

	if ((!ids->indexed && sqlite3_exec(ids->t, "CREATE INDEX ids_canon "
	    "ON ids (canon, n)", NULL, NULL, NULL) != SQLITE_OK) ||
	    sqlite3_prepare_v2(ids->t, sql, -1, &st, NULL) != SQLITE_OK ||
	    (area != NULL && area[0] != '\0' ? sqlite3_bind_text(st, 1,
	    area, -1, SQLITE_STATIC) : sqlite3_bind_null(st, 1)) !=
	    SQLITE_OK) {
		tmp_error(ids->t, err);
		sqlite3_finalize(st);
		return NULL;
	}
	ids->indexed = 1;
	return st;
}

/* The end of a query's steps: 0, or -1 with err. */
static int
done(struct grid_quality_ids *ids, sqlite3_stmt *st, int step, int stopped,
    struct grid_error *err)
{
	sqlite3_finalize(st);
	if (stopped)
		return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
	if (step != SQLITE_DONE)
		return tmp_error(ids->t, err);
	return 0;
}

int
grid_quality_ids_list(struct grid_quality_ids *ids, const char *area,
    grid_quality_item_fn on_item, void *ctx, struct grid_error *err)
{
	struct grid_quality_item item;
	sqlite3_stmt *st;
	int step, stopped = 0;

	if ((st = prepare(ids, list_sql, area, err)) == NULL)
		return -1;
	item.check = &across;
	while (!stopped && (step = sqlite3_step(st)) == SQLITE_ROW) {
		item.db = (const char *)sqlite3_column_text(st, 0);
		item.key = (const char *)sqlite3_column_text(st, 1);
		item.grid_code = (const char *)sqlite3_column_text(st, 2);
		item.value = (const char *)sqlite3_column_text(st, 3);
		stopped = on_item(ctx, &item) != 0;
	}
	return done(ids, st, step, stopped, err);
}

int
grid_quality_ids_run(struct grid_quality_ids *ids, enum grid_level level,
    const char *area, grid_quality_count_fn on_count, void *ctx,
    struct grid_error *err)
{
	struct grid_quality_count count;
	sqlite3_stmt *st;
	int step, stopped = 0;

	if ((st = prepare(ids, unit_sql, area, err)) == NULL)
		return -1;
	/* a grid: its whole code, however long (13: any above 12) */
	if (sqlite3_bind_int(st, 2, (int)grid_level_code_len(level, 1)) !=
	    SQLITE_OK) {
		sqlite3_finalize(st);
		return tmp_error(ids->t, err);
	}
	memset(&count, 0, sizeof(count));
	count.check = &across;
	count.level = level != GRID_LEVEL_NONE ? grid_level_name(level) : NULL;
	while (!stopped && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (level == GRID_LEVEL_NONE) {	/* one count, the sum */
			count.count += sqlite3_column_int64(st, 2);
			continue;
		}
		count.count = sqlite3_column_int64(st, 2);
		count.unit = (const char *)sqlite3_column_text(st, 0);
		count.unit_name = (const char *)sqlite3_column_text(st, 1);
		stopped = on_count(ctx, &count) != 0;
	}
	if (level == GRID_LEVEL_NONE && step == SQLITE_DONE)
		stopped = on_count(ctx, &count) != 0;
	return done(ids, st, step, stopped, err);
}
