/* grid-import.h - the parts of grid-import, shared by its files. */
#ifndef GRID_IMPORT_TOOL_H
#define GRID_IMPORT_TOOL_H

#include <stddef.h>

#include "grid/db.h"

/*
 * --settings: the settings as key, value rows in the format of c's -f
 * or -o (else table on a terminal, else ndjson), to -o or standard
 * output (struct cli_out).  Returns the exit status.
 */
struct cli_common;
int settings_show(struct grid_db *db, const struct cli_common *c);

/*
 * --set KEY=VALUE...: all changed in one transaction, or none (a bad
 * value is 64; division_code set to another code, or one that rows lie
 * outside, is 65 unless force).  Returns the exit status.
 */
int settings_set(struct grid_db *db, const char *const *pairs, size_t npairs,
    int force);

/*
 * --division CODE without a file: the jurisdiction set when the database
 * has none (65 when it has another).  Returns the exit status.
 */
int settings_division(struct grid_db *db, const char *code);


/*
 * --districts: each file a district's database, loaded into db (a city
 * database) in a transaction of its own (grid_city_load; rolled back
 * with dry_run); a summary per district and table, to -f/-o or as lines
 * on standard error.  A refused district is named and the others are
 * loaded.  Returns the exit status (the worst).
 */
int city_load_all(struct grid_db *db, const struct cli_common *c,
    char *const *files, int nfiles, int dry_run);

#endif
