/*
 * city.c - grid-import --districts: district databases loaded into a
 * city database (grid/city.h; gridkit-city(7), A CITY DATABASE), one
 * transaction per district, with a summary per district and table.
 */
#include <stdio.h>
#include <string.h>

#include "common/cli.h"
#include "grid/city.h"
#include "grid/db.h"
#include "grid-import.h"

static const struct grid_column city_columns[] = {
	{ "file", GRID_COL_TEXT }, { "district", GRID_COL_TEXT },
	{ "table", GRID_COL_TEXT }, { "inserted", GRID_COL_INT },
	{ "updated", GRID_COL_INT }, { "deleted", GRID_COL_INT },
	{ "skipped", GRID_COL_INT }, { "seconds", GRID_COL_REAL },
};

/* One row of the summary (table "" for the district's total). */
static int
city_row(struct cli_out *o, const char *file, const char *district,
    const char *table, long ins, long upd, long del, long skip,
    double seconds)
{
	char num[4][32], secs[32];
	const char *row[8];
	struct grid_error err;

	snprintf(num[0], 32, "%ld", ins);
	snprintf(num[1], 32, "%ld", upd);
	snprintf(num[2], 32, "%ld", del);
	snprintf(num[3], 32, "%ld", skip);
	snprintf(secs, sizeof(secs), "%.3f", seconds);
	row[0] = file;
	row[1] = district;
	row[2] = table;
	row[3] = num[0];
	row[4] = num[1];
	row[5] = num[2];
	row[6] = num[3];
	row[7] = secs;
	if (cli_out_row(o, row, &err) != 0) {
		cli_error(&err);
		return -1;
	}
	return 0;
}

/* The summary of one load: lines on standard error, or rows of o. */
static int
city_summary(const struct cli_common *c, struct cli_out *o, const char *file,
    const struct grid_city_load *st, int dry_run)
{
	const struct grid_city_table *t;
	int i;

	for (i = 0; i < st->ntables; i++) {
		t = &st->tables[i];
		if (o != NULL) {
			if (city_row(o, file, st->division, t->table,
			    t->inserted, t->updated, t->deleted, t->skipped,
			    t->seconds) != 0)
				return -1;
			continue;
		}
		if (c->quiet || t->inserted + t->updated + t->deleted +
		    t->skipped == 0)
			continue;
		fprintf(stderr, _("%s: %s: district %s: %s: %ld inserted, %ld "
		    "updated, %ld deleted, %ld skipped\n"), cli_progname(),
		    file, st->division, t->table, t->inserted, t->updated,
		    t->deleted, t->skipped);
	}
	if (o != NULL)
		return city_row(o, file, st->division, "", st->inserted,
		    st->updated, st->deleted, st->skipped, st->seconds);
	if (!c->quiet)
		fprintf(stderr, _("%s: %s: district %s: %ld inserted, %ld "
		    "updated, %ld deleted, %ld skipped, %.2f s%s%s\n"),
		    cli_progname(), file, st->division, st->inserted,
		    st->updated, st->deleted, st->skipped, st->seconds,
		    st->full ? _(" (first load)") : "",
		    dry_run ? _(" (dry run: nothing written)") : "");
	if (st->skipped > 0)
		cli_warn("%s: district %s: %ld rows not taken: held by another "
		    "district (the same ID number or USCC) or outside the "
		    "district (gridkit-city(7), A CITY DATABASE)", file,
		    st->division, st->skipped);
	return 0;
}

int
city_load_all(struct grid_db *db, const struct cli_common *c,
    char *const *files, int nfiles, int dry_run)
{
	struct grid_city_load st;
	struct grid_error err;
	struct cli_out out, *o = NULL;
	int i, status = 0;

	if (c->format != NULL || c->output != NULL) {
		if (cli_out_open(&out, c, &err) != 0) {
			cli_error(&err);
			return err.code;
		}
		cli_out_columns(&out, city_columns, NULL, 8);
		o = &out;
	}
	for (i = 0; i < nfiles; i++) {
		if (grid_city_load(db, files[i], dry_run, &st, &err) != 0) {
			cli_error(&err);
			cli_warn("%s: nothing of this district was written",
			    files[i]);
			/* the worst: a refused district (65) under a
			 * database that cannot be written */
			if (status == 0 || err.code > status)
				status = err.code;
			continue;
		}
		if (city_summary(c, o, files[i], &st, dry_run) != 0 &&
		    status == 0)
			status = GRID_EIO;
	}
	if (o != NULL && cli_out_close(o, 1, &err) != 0) {
		cli_error(&err);
		if (status == 0)
			status = err.code;
	}
	return status;
}
