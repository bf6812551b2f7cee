/*
 * workers_internal.h - what workers.c and workers_balance.c share:
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

#endif
