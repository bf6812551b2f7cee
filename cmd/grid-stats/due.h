/*
 * due.h - grid-stats visits --due (due.c): who is owed a visit on a day
 * by the visit rules of their tags, or the figures of it per unit.
 */
#ifndef GRID_STATS_DUE_H
#define GRID_STATS_DUE_H

#include "grid-stats/grid-stats.h"

/*
 * Runs visits --due for the options read into c: at the day (NULL:
 * today), by the rows' level as --by gave it (NULL: the list of people).
 * argc and argv are the command's, for the trace of a --reveal.  Returns
 * the exit status.
 */
int stats_visits_due(struct stats_common *c, const char *at, const char *by,
    int argc, char **argv);

#endif
