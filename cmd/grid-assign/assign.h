/*
 * assign.h - the subcommands of grid-assign, one file each, and what
 * they share.  See grid-assign(1).
 */
#ifndef ASSIGN_H
#define ASSIGN_H

#include <stdio.h>

#include "common/cli.h"
#include "grid/db.h"

/* Options every subcommand takes. */
struct assign_common {
	const char *db;		/* -d, --db */
	const char *format;	/* -f, --format */
	const char *output;	/* -o, --output */
	int quiet;		/* -q, --quiet */
	int reveal;		/* --reveal */
};

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

/*
 * Opens the database for a subcommand (read-write, never created: it
 * must have been made by grid-import).  Prints the error and returns
 * NULL on failure, with *status set.
 */
struct grid_db *assign_open_db(const struct assign_common *c, int readonly,
    int *status);

/*
 * Handles an option every subcommand shares (-d, -f, -o, -q, --reveal,
 * -h, --version): returns 1 when opt was one of them, else 0.  usage is
 * the subcommand's help text, printed for -h.
 */
int assign_common_option(struct assign_common *c, int opt, const char *arg,
    const char *usage);

/* The long options every subcommand shares, and their short letters. */
#define ASSIGN_COMMON_SHORT "d:f:o:qh"
#define ASSIGN_OPT_REVEAL 1000
#define ASSIGN_OPT_VERSION 1001
#define ASSIGN_COMMON_LONG \
	{ "db", required_argument, NULL, 'd' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "reveal", no_argument, NULL, ASSIGN_OPT_REVEAL }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, ASSIGN_OPT_VERSION }

#endif
