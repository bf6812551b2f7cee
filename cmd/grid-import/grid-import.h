/* grid-import.h - the parts of grid-import, shared by its files. */
#ifndef GRID_IMPORT_TOOL_H
#define GRID_IMPORT_TOOL_H

#include <stddef.h>

#include "grid/db.h"

/*
 * --settings: the settings as key, value rows in format (NULL: table on
 * a terminal, else ndjson), to output or standard output.  Returns the
 * exit status.
 */
int settings_show(struct grid_db *db, const char *format, const char *output,
    const char *const *formats);

/*
 * --set KEY=VALUE...: all changed in one transaction, or none (a bad
 * value is 64).  Returns the exit status.
 */
int settings_set(struct grid_db *db, const char *const *pairs, size_t npairs);

#endif
