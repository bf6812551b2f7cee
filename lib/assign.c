/* assign.c - grid_code of the registers, from points or from houses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/assign.h"
#include "grid/locate.h"
#include "grid/text.h"
#include "internal.h"

/* What each table is keyed by and where its grid comes from. */
static const struct {
	const char *table, *key;
	int has_point, has_house;
} tables[] = {
	{ "houses", "id", 1, 0 },
	{ "orgs", "uscc", 1, 1 },
	{ "components", "code", 1, 0 },
	{ "cases", "id", 1, 0 },
	{ "people", "id_number", 0, 1 },
};

struct fill {
	struct grid_db *db;
	const struct grid_assign_options *opts;
	struct grid_assign_stats *stats;
	const char *table;
	sqlite3_stmt *update;
	char now[32];		/* people.updated_at of changed rows */
};

int
grid_assign_known(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].table, table) == 0)
			return 1;
	return 0;
}

/*
 * The point of the row st holds into c: its own (columns 2 and 3), else
 * its house's (5 and 6).
 */
static void
change_point(struct grid_assign_change *c, sqlite3_stmt *st)
{
	int at = sqlite3_column_type(st, 2) != SQLITE_NULL &&
	    sqlite3_column_type(st, 3) != SQLITE_NULL ? 2 :
	    sqlite3_column_type(st, 5) != SQLITE_NULL &&
	    sqlite3_column_type(st, 6) != SQLITE_NULL ? 5 : -1;

	c->has_point = at >= 0;
	if (at >= 0) {
		c->x = sqlite3_column_double(st, at);
		c->y = sqlite3_column_double(st, at + 1);
	}
}

/* Writes (unless a dry run) and reports one row's new grid. */
static int
change(struct fill *f, sqlite3_stmt *st, const char *key, const char *old,
    const char *grid, const char *source, struct grid_error *err)
{
	struct grid_assign_change c = { f->table, key, old, grid, source, 0,
		0, 0 };
	int rc;

	if (old != NULL && strcmp(old, grid) == 0) {
		f->stats->unchanged++;
		return 0;
	}
	f->stats->changed++;
	change_point(&c, st);
	if (f->opts->on_change != NULL)
		f->opts->on_change(f->opts->ctx, &c);
	if (f->opts->dry_run)
		return 0;
	sqlite3_bind_text(f->update, 1, grid, -1, SQLITE_STATIC);
	sqlite3_bind_text(f->update, 2, key, -1, SQLITE_STATIC);
	if (strcmp(f->table, "people") == 0)
		sqlite3_bind_text(f->update, 3, f->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(f->update);
	sqlite3_reset(f->update);
	return rc == SQLITE_DONE ? 0 : grid_db_error(f->db, rc,
	    "writing grid_code", err);
}

/*
 * Every row of the table: key, grid_code, x, y (NULL without a point),
 * and the grid and point of its house (NULL without one).
 */
static int
select_rows(struct fill *f, int has_point, int has_house, const char *key,
    sqlite3_stmt **st, struct grid_error *err)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "SELECT t.\"%s\", t.grid_code, %s, %s "
	    "FROM \"%s\" t %s ORDER BY t.rowid", key,
	    has_point ? "t.x, t.y" : "NULL, NULL",
	    has_house ? "h.grid_code, h.x, h.y" : "NULL, NULL, NULL",
	    f->table,
	    has_house ? "LEFT JOIN houses h ON h.id = t.house_id" : "");
	return grid_db_prepare(f->db, sql, st, err);
}

static int
fill_rows(struct fill *f, const struct grid_locator *loc, sqlite3_stmt *st,
    struct grid_error *err)
{
	const char *key, *old, *grid, *house;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key = (const char *)sqlite3_column_text(st, 0);
		old = (const char *)sqlite3_column_text(st, 1);
		house = (const char *)sqlite3_column_text(st, 4);
		f->stats->rows++;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
		    sqlite3_column_type(st, 3) != SQLITE_NULL) {
			if (!grid_locator_find(loc, sqlite3_column_double(st,
			    2), sqlite3_column_double(st, 3), &grid)) {
				f->stats->outside++;
				continue;
			}
			rc = change(f, st, key, old, grid, "point", err);
		} else if (house != NULL) {
			rc = change(f, st, key, old, house, "house", err);
		} else {
			f->stats->unplaced++;
			continue;
		}
		if (rc != 0)
			return -1;
	}
	return rc == SQLITE_DONE ? 0 : grid_db_error(f->db, rc, f->table, err);
}

int
grid_assign_table(struct grid_db *db, const char *table,
    const struct grid_assign_options *opts, struct grid_assign_stats *stats,
    struct grid_error *err)
{
	struct fill f = { db, opts, stats, table, NULL, "" };
	struct grid_locator *loc = NULL;
	sqlite3_stmt *st = NULL;
	char sql[256];
	time_t now;
	size_t i;
	int rc = -1;

	memset(stats, 0, sizeof(*stats));
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (strcmp(tables[i].table, table) == 0)
			break;
	if (i == sizeof(tables) / sizeof(tables[0]))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, NULL,
		    "cannot assign grids to '%s'", table);
	if (grid_now(&now, err) != 0)
		return -1;
	grid_time_format(now, f.now, sizeof(f.now));
	if (tables[i].has_point && (loc = grid_locator_new(db, err)) == NULL)
		return -1;
	if (grid_db_begin(db, err) != 0)
		goto out;
	snprintf(sql, sizeof(sql), "UPDATE \"%s\" SET grid_code = ?1%s WHERE "
	    "\"%s\" = ?2", table, strcmp(table, "people") == 0 ?
	    ", updated_at = ?3" : "", tables[i].key);
	if (grid_db_prepare(db, sql, &f.update, err) != 0 ||
	    select_rows(&f, tables[i].has_point, tables[i].has_house,
	    tables[i].key, &st, err) != 0 ||
	    fill_rows(&f, loc, st, err) != 0) {
		grid_db_rollback(db);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	rc = opts->dry_run ? grid_db_rollback(db) : grid_db_commit(db, err);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(f.update);
	grid_locator_free(loc);
	return rc;
}
