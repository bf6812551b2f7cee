/*
 * import_district.c - the import's side of the jurisdiction (district.h):
 * the jurisdiction a run works under, set by the options or by the first
 * district a regions file brings to a database without one; and each
 * row's codes, case id and point checked against it, so that a
 * district's file never takes another district's rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/district.h"
#include "grid/registers.h"
#include "import_internal.h"

#define GET(name) gridi_row_get(row, name)

/* Says a note (its text in w) through the run's warning callback. */
static void
note(struct grid_import *imp, const struct grid_error *w)
{
	if (imp->opts.on_warning != NULL)
		imp->opts.on_warning(imp->opts.ctx, w);
}

int
gridi_division_begin(struct grid_import *imp, struct grid_error *err)
{
	if (imp->opts.division != NULL &&
	    grid_db_set_division(imp->db, imp->opts.division, 0, err) != 0) {
		grid_error_locate(err, NULL, 0, "--division");
		return -1;
	}
	grid_db_division(imp->db, imp->division, sizeof(imp->division));
	imp->polygons = grid_db_grids_extent(imp->db, imp->extent, err);
	if (imp->polygons < 0)
		return -1;
	imp->noutside = 0;
	return grid_db_exec(imp->db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "import_outside (tbl TEXT, key TEXT, file TEXT, line INTEGER, "
	    "field TEXT, value TEXT, PRIMARY KEY (tbl, key)) WITHOUT ROWID;"
	    "DELETE FROM temp.import_outside", err);
}

/* Fills err for a row outside; returns 1 (reject) with *code set. */
static int
outside(const char **code, struct grid_error *err, const char *field,
    const char *what, const char *value, const char *division)
{
	grid_error_set(err, GRID_EDATA, NULL, 0, field, "%s '%s' lies "
	    "outside the jurisdiction %s", what, value, division);
	*code = "outside";
	return 1;
}

/*
 * A row without a grid code but with a point, in a database that has
 * grid polygons: the point must lie inside their extent (district.h).
 * 0 or 1.
 */
static int
check_point(struct gridi_row *row, const char **code, struct grid_error *err)
{
	struct grid_import *imp = row->imp;
	const char *x = GET("x"), *y = GET("y");
	char point[96];

	if (!imp->polygons || x == NULL || y == NULL ||
	    gridi_row_field(row, "grid_code") < 0 ||
	    GET("grid_code") != NULL || grid_extent_covers(imp->extent,
	    strtod(x, NULL), strtod(y, NULL)))
		return 0;
	snprintf(point, sizeof(point), "%s %s", x, y);
	grid_error_set(err, GRID_EDATA, NULL, 0, "x", "the point '%s' lies "
	    "outside the grids of the jurisdiction %s", point, imp->division);
	*code = "outside";
	return 1;
}

/* ---- rows that another row of the run, or the database, places ---- */

/*
 * Fields that name a row of another register without a reference of
 * their own (registers.c): a household's head is a person.
 */
static const struct {
	const char *table, *field, *names;
} implicit[] = {
	{ "households", "head_id_number", "people" },
};

/*
 * Where a row of a register lies when the row itself carries no grid:
 * the first grid code, outside the jurisdiction (?2, its first ?3
 * digits), of the row keyed ?1 (a person or organisation without a
 * grid: its house's; a household: its house's; a worker: its grids).
 * Registers whose key is a code of a place (grids, components, regions)
 * are checked by the value itself.
 */
static const struct {
	const char *table;
	const char *sql;	/* one row: a grid code outside */
	const char *any;	/* whether any row lies outside (?1, ?2: the
				 * range of the codes inside) */
} places[] = {
	{ "houses", "SELECT grid_code FROM houses WHERE id = ?1 AND "
	    "substr(grid_code, 1, ?3) <> ?2",
	    "SELECT 1 FROM houses WHERE grid_code < ?1 OR grid_code >= ?2 "
	    "LIMIT 1" },
	{ "households", "SELECT h.grid_code FROM households x JOIN houses h "
	    "ON h.id = x.house_id WHERE x.id = ?1 AND substr(h.grid_code, 1, "
	    "?3) <> ?2",
	    "SELECT 1 FROM houses WHERE grid_code < ?1 OR grid_code >= ?2 "
	    "LIMIT 1" },
	{ "people", "SELECT coalesce(p.grid_code, h.grid_code) FROM people p "
	    "LEFT JOIN houses h ON h.id = p.house_id WHERE p.id_number = ?1 "
	    "AND substr(coalesce(p.grid_code, h.grid_code), 1, ?3) <> ?2",
	    "SELECT 1 FROM people WHERE grid_code < ?1 OR grid_code >= ?2 "
	    "UNION ALL SELECT 1 FROM houses WHERE grid_code < ?1 OR "
	    "grid_code >= ?2 LIMIT 1" },
	{ "orgs", "SELECT coalesce(o.grid_code, h.grid_code) FROM orgs o "
	    "LEFT JOIN houses h ON h.id = o.house_id WHERE o.uscc = ?1 AND "
	    "substr(coalesce(o.grid_code, h.grid_code), 1, ?3) <> ?2",
	    "SELECT 1 FROM orgs WHERE grid_code < ?1 OR grid_code >= ?2 "
	    "UNION ALL SELECT 1 FROM houses WHERE grid_code < ?1 OR "
	    "grid_code >= ?2 LIMIT 1" },
	{ "workers", "SELECT grid_code FROM worker_grids WHERE worker_id = ?1 "
	    "AND substr(grid_code, 1, ?3) <> ?2 LIMIT 1",
	    "SELECT 1 FROM worker_grids WHERE grid_code < ?1 OR "
	    "grid_code >= ?2 LIMIT 1" },
	{ "cases", "SELECT grid_code FROM cases WHERE id = ?1 AND "
	    "substr(grid_code, 1, ?3) <> ?2",
	    "SELECT 1 FROM cases WHERE grid_code < ?1 OR grid_code >= ?2 "
	    "LIMIT 1" },
};

_Static_assert(GRIDI_ARRAY_LEN(places) <=
    sizeof(((struct grid_import *)0)->place) / sizeof(sqlite3_stmt *) &&
    GRIDI_ARRAY_LEN(places) <= 8 * sizeof(unsigned), "a place each");

/*
 * imp->place[i]: the statement of places[i], prepared when the database
 * holds a row of that register outside the jurisdiction (asked once a
 * run: in a district's database none does, and no row is looked up).
 * Returns 1 (prepared), 0 (nothing outside) or -1.
 */
static int
place_statement(struct grid_import *imp, size_t i, struct grid_error *err)
{
	size_t n = grid_division_prefix_len(imp->division);
	sqlite3_stmt *st;
	char hi[8];
	int rc;

	if (imp->place[i] != NULL)
		return 1;
	if (imp->place_known & (1u << i))
		return 0;
	imp->place_known |= 1u << i;
	snprintf(hi, sizeof(hi), "%.*s:", (int)n, imp->division);
	if (grid_db_prepare(imp->db, places[i].any, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, imp->division, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(imp->db, rc, "reading the places", err);
	if (rc == SQLITE_DONE)
		return 0;
	return grid_db_prepare(imp->db, places[i].sql, &imp->place[i],
	    err) == 0 ? 1 : -1;
}

/*
 * The row of table keyed value lies outside the jurisdiction by what
 * the database holds: 1 with its grid code in grid (size n), 0, -1.
 */
static int
stored_outside(struct grid_import *imp, const char *table, const char *value,
    char *grid, size_t n, struct grid_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < GRIDI_ARRAY_LEN(places); i++)
		if (strcmp(places[i].table, table) == 0)
			break;
	if (i == GRIDI_ARRAY_LEN(places) ||
	    (rc = place_statement(imp, i, err)) <= 0)
		return i == GRIDI_ARRAY_LEN(places) ? 0 : rc;
	st = imp->place[i];
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imp->division,
	    (int)grid_division_prefix_len(imp->division), SQLITE_STATIC);
	sqlite3_bind_int(st, 3, (int)grid_division_prefix_len(imp->division));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(grid, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(imp->db, rc, "reading the places", err);
	return rc == SQLITE_ROW;
}

/* A row the run refused as outside: where, and the field and value. */
struct refused {
	char file[256];
	long line;
	char field[64];
	char value[128];
};

/*
 * Whether the run has refused the row of table keyed value as outside
 * (temp.import_outside): 1 with where and why in *r, 0, or -1.
 */
static int
refused_in_run(struct grid_import *imp, const char *table, const char *value,
    struct refused *r, struct grid_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (imp->noutside == 0)
		return 0;
	if (imp->outside_get == NULL && grid_db_prepare(imp->db, "SELECT "
	    "file, line, field, value FROM temp.import_outside WHERE "
	    "tbl = ?1 AND key = ?2", &imp->outside_get, err) != 0)
		return -1;
	st = imp->outside_get;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(r->file, sizeof(r->file), "%s",
		    sqlite3_column_text(st, 0));
		r->line = (long)sqlite3_column_int64(st, 1);
		snprintf(r->field, sizeof(r->field), "%s",
		    sqlite3_column_text(st, 2));
		snprintf(r->value, sizeof(r->value), "%s",
		    sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(imp->db, rc, "import_outside", err);
	return rc == SQLITE_ROW;
}

/* The table a field names rows of (its ref, or implicit[]), or NULL. */
static const char *
names_table(const struct grid_register *reg, const struct grid_field *f,
    char *out, size_t n)
{
	size_t i;

	for (i = 0; i < GRIDI_ARRAY_LEN(implicit); i++)
		if (strcmp(reg->table, implicit[i].table) == 0 &&
		    strcmp(f->name, implicit[i].field) == 0)
			return implicit[i].names;
	if (f->ref == NULL || gridi_register_ref_sql(f) == NULL)
		return NULL;
	snprintf(out, n, "%.*s", (int)strcspn(f->ref, "."), f->ref);
	return out;
}

/* The key column of a register of one key, or NULL. */
static const char *
key_column(const struct grid_register *reg)
{
	const struct gridi_register *r = gridi_register_of(reg);

	return r != NULL ? r->key_column : NULL;
}

/*
 * The row itself was placed outside by another row of the run (a
 * worker by its worker_grids, surveyed first).  0, 1 or -1.
 */
static int
check_own_key(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	struct grid_import *imp = row->imp;
	const char *key = key_column(row->reg);
	struct refused r;
	int rc;

	if (key == NULL || GET(key) == NULL)
		return 0;
	rc = refused_in_run(imp, row->reg->table, GET(key), &r, err);
	if (rc <= 0)
		return rc;
	grid_error_set(err, GRID_EDATA, NULL, 0, key, "%s '%s' lies outside "
	    "the jurisdiction %s: %s %s (%s:%ld)", row->reg->table,
	    GET(key), imp->division, r.field, r.value, r.file, r.line);
	*code = "outside";
	return 1;
}

/*
 * A grid column of a workers sheet (one worker_grids would take as its
 * grid_code, kept in attrs): every grid code in it inside.  0, 1.
 */
static int
check_worker_grids(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const struct grid_register *wg = grid_register_find("worker_grids");
	json_t *attrs = row->imp->attrs, *value;
	const char *column, *text, *p;
	char grid[GRID_CODE_MAX + 1];
	size_t len;

	if (attrs == NULL || wg == NULL ||
	    strcmp(row->reg->table, "workers") != 0)
		return 0;
	json_object_foreach(attrs, column, value) {
		if (grid_register_field(wg, column) < 0 || strcmp(wg->fields[
		    grid_register_field(wg, column)].name, "grid_code") != 0 ||
		    (text = json_string_value(value)) == NULL)
			continue;
		for (p = text; *p != '\0'; p += len) {
			p += strcspn(p, "0123456789");
			len = strspn(p, "0123456789");
			if (len == 0 || len >= sizeof(grid))
				continue;
			memcpy(grid, p, len);
			grid[len] = '\0';
			if (grid_code_level(grid, row->seq_width, NULL) ==
			    GRID_LEVEL_GRID &&
			    !grid_division_covers(row->imp->division, grid))
				return outside(code, err, column, "grid", grid,
				    row->imp->division);
		}
	}
	return 0;
}

/*
 * The rows the row names (its references, a household's head): none
 * refused as outside earlier in the run, none that the database places
 * outside.  Then the row itself (a worker a worker_grids row of the run
 * placed outside), and a workers sheet's grids.  0, 1 or -1.
 */
static int
check_references(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	struct grid_import *imp = row->imp;
	const struct grid_field *f;
	const char *table, *v;
	char buf[32], grid[128];
	struct refused r;
	size_t i;
	int rc;

	for (i = 0; i < row->reg->nfields; i++) {
		f = &row->reg->fields[i];
		v = row->v[i];
		if (v == NULL ||
		    (table = names_table(row->reg, f, buf, sizeof(buf))) ==
		    NULL)
			continue;
		rc = refused_in_run(imp, table, v, &r, err);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
			    "%s '%s' was refused in this run as outside the "
			    "jurisdiction %s (%s:%ld)", table, v,
			    imp->division, r.file, r.line);
			*code = "outside";
			return 1;
		}
		rc = stored_outside(imp, table, v, grid, sizeof(grid), err);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
			    "%s '%s' lies in grid %s, outside the "
			    "jurisdiction %s", table, v, grid, imp->division);
			*code = "outside";
			return 1;
		}
	}
	if ((rc = check_own_key(row, code, err)) != 0)
		return rc;
	return check_worker_grids(row, code, err);
}

int
gridi_division_note(struct grid_import *imp, long line,
    const struct grid_error *why, struct grid_error *err)
{
	const struct grid_register *reg = imp->reg;
	const char *key = key_column(reg), *table = reg->table;
	const char *field = why->field, *value;
	sqlite3_stmt *st;
	int f, rc;

	if (strcmp(table, "worker_grids") == 0) {
		table = "workers";	/* a worker in another's grid */
		key = "worker_id";
	}
	f = key != NULL ? grid_register_field(reg, key) : -1;
	if (f < 0 || imp->v[f] == NULL)
		return 0;
	/* the row of the register itself, once refused, is the one named
	 * (not the worker_grids row that refused it first) */
	if (imp->outside_put == NULL && grid_db_prepare(imp->db, "INSERT "
	    "INTO temp.import_outside (tbl, key, file, line, field, value) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tbl, key) DO "
	    "UPDATE SET file = excluded.file, line = excluded.line, field = "
	    "excluded.field, value = excluded.value WHERE ?7",
	    &imp->outside_put, err) != 0)
		return -1;
	value = grid_register_field(reg, field) >= 0 ?
	    imp->v[grid_register_field(reg, field)] : NULL;
	st = imp->outside_put;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imp->v[f], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, grid_reader_name(imp->reader), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, line);
	sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, value != NULL ? value : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 7, table == reg->table);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(imp->db, rc, "import_outside", err);
	imp->noutside++;
	return 0;
}

void
gridi_division_end(struct grid_import *imp)
{
	size_t i;

	sqlite3_finalize(imp->outside_get);
	sqlite3_finalize(imp->outside_put);
	imp->outside_get = imp->outside_put = NULL;
	for (i = 0; i < GRIDI_ARRAY_LEN(imp->place); i++) {
		sqlite3_finalize(imp->place[i]);
		imp->place[i] = NULL;
	}
}

int
gridi_division_check_row(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *division = row->imp->division, *v;
	const struct grid_field *f;
	char carried[16];
	size_t i;

	if (division[0] == '\0')
		return 0;
	for (i = 0; i < row->reg->nfields; i++) {
		f = &row->reg->fields[i];
		v = row->v[i];
		/* a parent code is the code's own (the region rules) */
		if (v == NULL || strcmp(f->name, "parent_code") == 0)
			continue;
		if ((f->type == GRID_V_REGION || f->type == GRID_V_GRID ||
		    f->type == GRID_V_COMPONENT) &&
		    !grid_division_covers(division, v))
			return outside(code, err, f->name,
			    f->type == GRID_V_GRID ? "grid" :
			    f->type == GRID_V_COMPONENT ? "component" :
			    "region",
			    v, division);
	}
	if (strcmp(row->reg->table, "cases") == 0 &&
	    grid_case_id_division(GET("id"), carried, sizeof(carried)) &&
	    !grid_division_covers(division, carried))
		return outside(code, err, "id", "the case id of district",
		    carried, division);
	if (check_point(row, code, err) != 0)
		return 1;
	return check_references(row, code, err);
}

int
gridi_division_after_row(struct gridi_row *row, struct grid_error *err)
{
	struct grid_import *imp = row->imp;
	const char *c = GET("code");
	struct grid_error w;
	sqlite3_stmt *st;
	int rc;

	if (imp->division[0] != '\0' || strcmp(row->reg->table,
	    "regions") != 0 || c == NULL ||
	    grid_code_level(c, row->seq_width, NULL) != GRID_LEVEL_DISTRICT)
		return 0;
	/* the first district of a database without a jurisdiction (one
	 * that holds another district, made before there was one, keeps
	 * none) */
	if (grid_db_prepare(imp->db, "SELECT 1 FROM regions WHERE level = "
	    "'district' AND code <> ?1 LIMIT 1", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, c, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(imp->db, rc, "reading regions", err);
	if (rc == SQLITE_ROW)
		return 0;
	if (grid_db_set_division(imp->db, c, 0, err) != 0)
		return -1;
	snprintf(imp->division, sizeof(imp->division), "%s", c);
	grid_error_set(&w, GRID_EDATA, row->source, row->line, "division_code",
	    "the jurisdiction is now %s (%s), the first district imported: "
	    "rows outside it are refused", c, GET("name"));
	note(imp, &w);
	return 0;
}
