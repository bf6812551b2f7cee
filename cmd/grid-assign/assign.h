/*
 * assign.h - the subcommands of grid-assign, one file each, and what
 * they share.  See grid-assign(1).
 */
#ifndef ASSIGN_H
#define ASSIGN_H

#include <stdio.h>

#include "common/cli.h"
#include "grid/db.h"

/*
 * Each subcommand: argv[0] is its name; returns the exit status.
 * boundaries.c, locate.c, fill.c (houses, orgs, components, cases,
 * people), check.c, workers.c.
 */
int assign_boundaries(int argc, char **argv);
int assign_locate(int argc, char **argv);
int assign_fill(int argc, char **argv);
int assign_check(int argc, char **argv);
int assign_workers(int argc, char **argv);

#endif
