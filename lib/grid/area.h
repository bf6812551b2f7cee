/*
 * area.h - an area of the space hierarchy named by its code, as the
 * statistics are restricted to one (grid-stats --in): a district (6
 * digits), a street (9), a community (12) or a unit grid (12 + the
 * grid_seq_width setting, 14 or 15).
 *
 * Codes nest by prefix (doc/domain.md section 1: a grid's code begins with its
 * community's, which begins with its street's, ...), so what lies in an
 * area is what is placed by a grid_code that begins with the area's code,
 * and the units of a level inside it are the codes of that level that
 * begin with it.  A row without a grid_code lies in no area.
 */
#ifndef GRID_AREA_H
#define GRID_AREA_H

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/error.h"

struct grid_area {
	char code[16];		/* the code, as given (digits) */
	enum grid_level level;	/* GRID_LEVEL_DISTRICT to _GRID */
	char name[192];		/* regions.name or grids.name; "" if none */
};

/*
 * Finds the area of code in db: its level from its shape
 * (grid_code_level with the database's grid_seq_width), its name from
 * regions (a district, street or community) or grids.  The code must be
 * one of regions, or of grids, or some grid must lie in it.  Fills *area
 * (caller-allocated).  Returns 0, or -1 with err, field "in": GRID_EUSAGE
 * for a malformed code ("bad code length '3205'", the reasons of
 * grid_code_level), GRID_EDATA for one the database does not hold
 * ("unknown area '320508099': no region or grid has this code"),
 * database errors.
 */
int grid_area_find(struct grid_db *db, const char *code,
    struct grid_area *area, struct grid_error *err);

/*
 * Checks that units of level lie inside area: level is the area's own
 * level or one below it (a district holds streets, communities, grids).
 * Returns 0, or -1 with err (GRID_EUSAGE, field "level": "district is
 * above the area '320508001001', a community").
 */
int grid_area_check_level(const struct grid_area *area,
    enum grid_level level, struct grid_error *err);

/*
 * For a query restricted to the area of code (NULL: everywhere): finds
 * it into *area (grid_area_find) and, unless level is GRID_LEVEL_NONE,
 * checks that units of level lie inside it (grid_area_check_level).
 * With code NULL, *area is cleared (code "") and 0 returned.  Returns 0
 * or -1 with err as those.
 */
int grid_area_resolve(struct grid_db *db, const char *code,
    enum grid_level level, struct grid_area *area, struct grid_error *err);

/*
 * libgrid's queries take the area as parameter ?50, past any other they
 * have, and test that the code expression x lies in it with
 * GRID_AREA_SQL(x): a range, so that an index on x is used (codes are
 * digits, and ':' comes after '9').  grid_area_bind binds the area's code
 * when st has that parameter (a statement written without the area is
 * left as it is).  Returns 0 or -1 with err.
 */
#define GRID_AREA_PARAM 50
#define GRID_AREA_SQL(x) "(" x " >= ?50 AND " x " < ?50 || ':')"
int grid_area_bind(struct grid_db *db, sqlite3_stmt *st,
    const struct grid_area *area, struct grid_error *err);

#endif
