/*
 * district.h - a database's jurisdiction: the setting division_code, the
 * 6-digit division code of the district it serves (320508), or of the
 * city (320500) or province (320000) for a database that holds several
 * districts ('' until it is set).  Every region, grid and component code
 * a database holds lies inside it, and the case ids it makes carry it
 * (gridkit(7), SETTINGS; gridkit-city(7), DISTRICT IDENTITY).
 */
#ifndef GRID_DISTRICT_H
#define GRID_DISTRICT_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"

/* The length of a jurisdiction: a 6-digit division code. */
#define GRID_DIVISION_LEN 6

/*
 * Checks a jurisdiction: 6 digits, a division code of GB/T 2260 as
 * grid_code_level takes it (a district, or a city or province code
 * ending in 00).  Returns 0, or -1 with the reason in err (GRID_EDATA,
 * not located).
 */
int grid_division_check(const char *code, struct grid_error *err);

/*
 * How many leading digits the codes inside a jurisdiction share with it:
 * 6 for a district (320508 covers 320508xxx...), 4 for a city (320500
 * covers 3205xx...), 2 for a province (320000 covers 32xxxx...); 0 for
 * "" or anything grid_division_check refuses.
 */
size_t grid_division_prefix_len(const char *division);

/*
 * 1 when code (a division, grid or component code, or a case id that
 * carries a division, grid_case_id_division) begins with the prefix of
 * division, or division is "" (no jurisdiction: every code is inside);
 * else 0 (NULL code: 0).
 */
int grid_division_covers(const char *division, const char *code);

/*
 * The division code a case id made under a jurisdiction carries: an id
 * of 18 digits, a division code (grid_division_check), a date YYYYMMDD
 * that exists, and a sequence number 0001-9999.  Writes its first 6
 * digits to out (size n >= 7) and returns 1; returns 0 for any other id
 * (the 12-digit ids of a database without one, an imported system's
 * ids).
 */
int grid_case_id_division(const char *id, char *out, size_t n);

/*
 * The database's jurisdiction, written to out (size n >= 7): "" when it
 * has none.  Returns out.
 */
const char *grid_db_division(struct grid_db *db, char *out, size_t n);

/*
 * The extent of the database's grid polygons (the grid_rtree index):
 * box[0] min x, box[1] max x, box[2] min y, box[3] max y.  Under a
 * jurisdiction, a point outside it lies in no grid of the district: the
 * import and grid-case report refuse it (a point inside it but in no
 * grid, a gap or a grid not drawn yet, is taken).  Returns 1, 0 when
 * there is no polygon, or -1 with err.
 */
int grid_db_grids_extent(struct grid_db *db, double box[4],
    struct grid_error *err);

/* 1 when the point (x, y) lies inside box (grid_db_grids_extent). */
int grid_extent_covers(const double box[4], double x, double y);

/*
 * Sets the jurisdiction to code inside the caller's transaction (one is
 * open).  code "" takes it away.  Refused: a bad code (GRID_EUSAGE); a
 * jurisdiction already set to another code unless force (GRID_EDATA,
 * "already set"); a region, grid or component of the database outside
 * code (GRID_EDATA, the first named) unless force.  The same code again
 * changes nothing.  Returns 0, or -1 with err.
 */
int grid_db_set_division(struct grid_db *db, const char *code, int force,
    struct grid_error *err);

/*
 * Looks at a file of an import run before the run's files are loaded
 * (path and table as grid_import_file takes them): each row that lies
 * outside the run's jurisdiction is noted, and so is what it places
 * outside with it (a worker_grids row: its worker), so that a row of
 * the run that it places outside is refused (outside) wherever it comes,
 * also in a file loaded before it.  Nothing is rejected, counted or
 * written; the file is read again when it is loaded.  A run without a
 * jurisdiction, or standard input ("-"), is not surveyed; a file that
 * cannot be read is left to grid_import_file to say so (both return 0).
 * Returns 0, or -1 with err (the database failed: the run cannot go
 * on).
 */
struct grid_import;
int grid_division_survey(struct grid_import *imp, const char *path,
    const char *table, struct grid_error *err);

#endif
