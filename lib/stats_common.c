/*
 * stats_common.c - what the statistics modules share (stats_internal.h;
 * the report's counts, metrics_query.c, use the units too): the units of
 * a level and their names, shares, the reference date and its birth
 * cutoffs, a row's text and how rows are stepped and handed over.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "grid/levels.h"
#include "grid/text.h"
#include "stats_internal.h"

/* ---- the units of a level (internal.h) ---- */

void
gridi_units_init(struct grid_db *db, enum grid_level level,
    struct gridi_units *u)
{
	const struct grid_level_info *l = grid_level_info(level);

	memset(u, 0, sizeof(*u));
	if (l == NULL || l->table == NULL)
		return;
	u->level = l->name;
	u->prefix = (int)grid_level_code_len(level, l->sequenced ?
	    (int)grid_db_setting_long(db, "grid_seq_width", 2) : 0);
	/* a table of several levels: its rows of this one; of the grids,
	 * the unit grids (professional grids overlay them) */
	if (l->level_column != NULL)
		snprintf(u->select, sizeof(u->select),
		    "SELECT %s FROM %s WHERE %s = '%s'", l->code_column,
		    l->table, l->level_column, l->name);
	else
		snprintf(u->select, sizeof(u->select),
		    "SELECT %s FROM %s WHERE kind = 'unit'", l->code_column,
		    l->table);
	gridi_units_name(level, "u.unit", u->name, sizeof(u->name));
}

void
gridi_units_name(enum grid_level level, const char *key, char *out,
    size_t n)
{
	const struct grid_level_info *l = grid_level_info(level);

	if (l == NULL || l->table == NULL)
		snprintf(out, n, "NULL");
	else if (l->level_column != NULL)
		snprintf(out, n, "(SELECT %s FROM %s WHERE %s = %s AND %s = "
		    "'%s')", l->name_column, l->table, l->code_column, key,
		    l->level_column, l->name);
	else
		snprintf(out, n, "(SELECT %s FROM %s WHERE %s = %s)",
		    l->name_column, l->table, l->code_column, key);
}

/* ---- the reference date (internal.h) ---- */

int
gridi_stats_args(enum grid_level level, const char *at, char *day,
    struct grid_error *err)
{
	struct grid_error date_err;

	if (!grid_level_has_units(level))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "level",
		    "not a level for statistics '%s' (grid, community, "
		    "street, district)", grid_level_name(level) != NULL ?
		    grid_level_name(level) : "none");
	if (at == NULL)
		return grid_today(day, GRIDI_DAY_SIZE, err);
	if (grid_date_parse(at, day, GRIDI_DAY_SIZE, &date_err) != 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "at", "%s",
		    date_err.text);
	return 0;
}

void
gridi_birth_cutoff(const char *at, int age, char *out, size_t n)
{
	int year = 0;

	sscanf(at, "%4d", &year);
	if (year < age)		/* before year 0 everyone is younger */
		snprintf(out, n, "0000-00-00");
	else
		snprintf(out, n, "%04d%s", year - age, at + 4);
}

int
gridi_stats_bind_day(struct grid_db *db, sqlite3_stmt *st, int prefix,
    const char *day, const char *what, struct grid_error *err)
{
	int rc = sqlite3_bind_int(st, 1, prefix);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	if (rc != SQLITE_OK)
		return grid_db_error(db, rc, what, err);
	return 0;
}

/* ---- a row's values ---- */

char *
gridi_percent(char *out, size_t n, long long num, long long den)
{
	long long hundredths;

	if (den <= 0)
		return NULL;
	hundredths = (num * 20000 + den) / (2 * den);
	snprintf(out, n, "%lld.%02lld", hundredths / 100, hundredths % 100);
	return out;
}

void
gridi_stats_count(struct gridi_stats_row *r, size_t i, long long n)
{
	snprintf(r->text[i], sizeof(r->text[i]), "%lld", n);
	r->values[i] = r->text[i];
	r->count[i] = n;
}

void
gridi_stats_share(struct gridi_stats_row *r, size_t i, long long num,
    long long den)
{
	r->values[i] = gridi_percent(r->text[i], sizeof(r->text[i]), num, den);
}

void
gridi_stats_unit(struct gridi_stats_row *r, const char *level,
    sqlite3_stmt *st)
{
	r->values[0] = level;
	r->values[1] = (const char *)sqlite3_column_text(st, 0);
	r->values[2] = (const char *)sqlite3_column_text(st, 1);
}

/* ---- handing rows over ---- */

int
gridi_stats_stopped(struct grid_error *err)
{
	return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
}

int
gridi_stats_emit(gridi_stats_row_fn on_row, void *ctx,
    const char *const *values, struct grid_error *err)
{
	return on_row(ctx, values) != 0 ? gridi_stats_stopped(err) : 0;
}

int
gridi_stats_step(struct grid_db *db, sqlite3_stmt *st, const char *what,
    int (*row)(void *arg, sqlite3_stmt *st, struct grid_error *err),
    void *arg, struct grid_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(arg, st, err) != 0)
			return -1;
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, what, err);
	return 0;
}
