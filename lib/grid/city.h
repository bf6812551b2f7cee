/*
 * city.h - a city database built and kept current from district
 * databases (gridkit-city(7), A CITY DATABASE): each district's registers
 * and cases loaded into the city's file, the first load copying
 * everything and later loads only what changed, keys local to a district
 * kept apart.
 *
 * Keys: the ids a district makes for itself are qualified with its
 * division code in the city, in every column that holds them: house,
 * household, worker and visit ids become "320508:H0001" (house_id,
 * household_id, worker_id, helper_id, mediator_id and cases.reporter when
 * it names a worker); a case id that does not carry the district's code
 * (a 12-digit id of a database without a jurisdiction, an imported
 * system's id) becomes "320508:202606080001" (case_id, cases.id,
 * cases.duplicate_of), one that carries it stays as it is; an Open311
 * cases.external_id, numbered by the district's feed, becomes
 * "320508:SR-1" (two districts fed by one hotline keep both); the per-file
 * integer ids of case_log, import_batches, attachments, case_parties,
 * dispute_attempts and person_tag_history become 320508 * 10^10 + id.
 * National codes (regions, grids, components, ID numbers, USCCs,
 * category codes) stay as they are.
 *
 * Who holds what: regions, grids and components belong to the district
 * their code begins with (a row of a district's file outside it is not
 * taken: counted as skipped); qualified rows to their district.  A person
 * (an organisation) is one row of the city, however many districts list
 * the ID number (USCC): it belongs to the district of its household, else
 * its house, else its grid; a district's load does not change a row that
 * another district holds (counted as skipped) and deletes only the rows
 * it holds.  Rows placed nowhere (no household, house nor grid) belong to
 * the district that loaded them, remembered in district_loads.attrs.
 * Categories, departments, tags, visit rules and calendar days a district
 * has and the city lacks are added; the city's own are kept.  Settings
 * are the city's.
 */
#ifndef GRID_CITY_H
#define GRID_CITY_H

#include "grid/db.h"
#include "grid/error.h"

/* What one load did to one table of the city. */
struct grid_city_table {
	const char *table;	/* static */
	long inserted, updated, deleted;
	long skipped;		/* held by another district, or outside */
	double seconds;
};

#define GRID_CITY_MAX_TABLES 32

struct grid_city_load {
	char division[8];	/* the district's division code */
	int full;		/* 1: its first load (or its log taken again) */
	long inserted, updated, deleted, skipped;	/* all tables */
	long case_log_id;	/* the district's last case_log id taken */
	double seconds;
	struct grid_city_table tables[GRID_CITY_MAX_TABLES];
	int ntables;
};

/*
 * Loads the district database at path into city (grid_db_open'd, its
 * schema current) in one transaction, committed unless dry_run (then
 * rolled back: st says what a load would do).  The district's file is
 * attached, only read, and detached.  Refused, nothing written: a path
 * that is not a file or not a gridkit database (GRID_ENOINPUT), the
 * city's own file (GRID_EUSAGE); a schema version other than the
 * city's, a time zone or grid_seq_width other than the city's, a
 * district whose division
 * code (the setting division_code, else its one region of level
 * district) cannot be told or is not inside the city's division_code
 * (grid_division_covers), or a load that leaves a broken reference
 * (GRID_EDATA, source path).  Returns 0 with st filled, or -1 with err.
 */
int grid_city_load(struct grid_db *city, const char *path, int dry_run,
    struct grid_city_load *st, struct grid_error *err);

#endif
