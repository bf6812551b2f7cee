/*
 * open311_import.h - service requests from another platform (a city
 * command centre, the 12345 hotline) taken into cases: Open311
 * GeoReport v2 JSON, an array as GET requests.json answers (and as
 * grid-case requests writes) or one request per line, read and checked
 * by grid/open311.h.
 *
 * A request is known by (system, service_request_id): cases.external_
 * source and external_id (unique, index cases_external).
 *   - Unknown: a new case, reported as grid_case_apply reports one (the
 *     same id scheme, grid from the point, reply_due), by the actor, at
 *     requested_datetime, with source opts->source, category
 *     service_code, description, the point (lat, long) and address;
 *     address_id is its component when it is one of components' codes
 *     (else left out).  The report row's note names the system and its
 *     id ("Open311 SYSTEM request ID"), then status_notes.  A request
 *     that is closed already is reported resolved (report --resolved:
 *     closed at once, status_notes the handle note, agency_responsible
 *     its department when it is a department's name or code).
 *   - Known: what changed since the last import from that system (kept
 *     in cases.attrs under "open311") among status, status_notes,
 *     agency_responsible, service_notice, expected_datetime, description,
 *     address and media_url, each one case_log row (action "external",
 *     the case's status as from and to, now as at, the note naming the
 *     system, its id, the field and the new value); a new description
 *     or address replaces the case's.  Nothing else of the case moves:
 *     the other side's department and deadline are its own.
 *   - closed there: a case our state table lets close (verified) is
 *     closed (the step close, its note naming the system); one already
 *     closed, voided or merged stays; any other is held: the external
 *     status is logged as above and the case stays where our state
 *     table has it, never forced out.  open there but closed here:
 *     held the same way (no step reopens a case).
 * A request that changes nothing writes nothing: importing the same
 * document twice adds no row.
 *
 * Refused (the whole document, nothing written): whatever the reader
 * refuses (grid/open311.h: an unknown service_code, no place, a bad
 * time, a wrong type, ...); a service_request_id twice in the document;
 * requested_datetime or updated_datetime in the future, or updated
 * before requested; lat and long with a database whose x and y are not
 * WGS84 degrees (grid_o311_coords) and no address (with an address the
 * point is dropped: no transform is guessed); a step the case refuses.
 */
#ifndef GRID_OPEN311_IMPORT_H
#define GRID_OPEN311_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "grid/cases.h"
#include "grid/error.h"

struct grid_o311_import_options {
	const char *system;	/* required: the other platform's name */
				/* (external_source), at most */
				/* GRID_CODE_MAX bytes */
	const char *actor;	/* required: who imports (case_log.actor) */
	const char *source;	/* case_source of new cases; NULL: hotline */
	int dry_run;		/* everything checked and done, then */
				/* rolled back */
	size_t max_record;	/* bytes of one request; 0: the default */
};

/* What an import did with a request. */
enum grid_o311_outcome {
	GRID_O311_NEW,		/* a new case */
	GRID_O311_UPDATED,	/* case_log rows written */
	GRID_O311_UNCHANGED,	/* nothing new */
	GRID_O311_HELD		/* its status there is not ours, and our */
				/* state table does not let it follow */
};

/* "new", "updated", "unchanged", "held" (static). */
const char *grid_o311_outcome_name(enum grid_o311_outcome outcome);

/* One request's outcome; texts borrowed during the callback. */
struct grid_o311_import_row {
	long index;			/* in the document, from 1 */
	const char *external_id;	/* its service_request_id */
	const char *case_id;		/* our case */
	enum grid_o311_outcome outcome;
	const char *status;		/* the case's status after */
	long logged;			/* case_log rows written */
};
typedef int (*grid_o311_import_fn)(void *ctx,
    const struct grid_o311_import_row *row);

/* The counts of an import. */
struct grid_o311_import_stats {
	long requests, created, updated, unchanged, held, logged;
	long points_dropped;	/* lat/long not used (not WGS84) */
};

/*
 * Imports the document in (borrowed; name for messages) into the
 * database of cs in one transaction (BEGIN IMMEDIATE; none may be
 * open).  Every request is checked; on_error (may be NULL) is called
 * once per refused request with its error (source name, line, field,
 * "request N 'ID': ..."), and then nothing is written.  After the
 * commit (or the dry run's rollback) on_row (may be NULL) is called
 * once per request, in order.  stats (may be NULL) receives the counts.
 * Returns 0, or -1 with err: GRID_EDATA "N of M requests refused" when
 * on_error was called (or the first refusal's error when on_error is
 * NULL), GRID_EUSAGE for a missing system or actor or an unknown
 * source, GRID_EIO, database errors (GRID_EBUSY, ...); code 0 when
 * on_row stopped it (after the commit).
 */
int grid_o311_import(struct grid_cases *cs, FILE *in, const char *name,
    const struct grid_o311_import_options *opts,
    void (*on_error)(void *ctx, const struct grid_error *e),
    grid_o311_import_fn on_row, void *ctx,
    struct grid_o311_import_stats *stats, struct grid_error *err);

#endif
