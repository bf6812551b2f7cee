/*
 * disputes.h - grid-stats disputes (disputes.c): dispute mediation per
 * unit, or --repeated the parties with repeated disputes.  argv[0] is
 * the command's name; returns the exit status.
 */
#ifndef GRID_STATS_DISPUTES_H
#define GRID_STATS_DISPUTES_H

int stats_disputes(int argc, char **argv);

#endif
