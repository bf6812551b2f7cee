/*
 * assign_workers_internal.h - what assign_workers.c and assign_workers_balance.c share:
 * growable arrays of strings.  Private to lib/.
 */
#ifndef GRID_WORKERS_INTERNAL_H
#define GRID_WORKERS_INTERNAL_H

#include <stddef.h>

/* strcmp on two char * elements, for qsort and bsearch. */
int gridi_strings_compare(const void *a, const void *b);
/* Frees s[0..n-1] and s (NULL allowed). */
void gridi_strings_free(char **s, size_t n);
/*
 * Appends a copy of s (NULL: "") to *array of *n strings, growing it.
 * Returns 0, or -1 when out of memory (the array is left as it was).
 */
int gridi_strings_push(char ***array, size_t *n, const char *s);
/*
 * Steps stmt (prepared and bound) to its end, appending the first column
 * of each row to *array, then finalizes it.  what names the table in a
 * database error.  Returns 0 or -1 with err.
 */
struct sqlite3_stmt;
struct grid_db;
struct grid_error;
int gridi_strings_collect(struct grid_db *db, struct sqlite3_stmt *stmt,
    const char *what, char ***array, size_t *n, struct grid_error *err);

#endif
