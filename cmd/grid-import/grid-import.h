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
 * value is 64).  Returns the exit status.
 */
int settings_set(struct grid_db *db, const char *const *pairs, size_t npairs);

#endif
