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
	return imp->polygons < 0 ? -1 : 0;
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
	return check_point(row, code, err);
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
