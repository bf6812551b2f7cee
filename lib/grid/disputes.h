/*
 * disputes.h - disputes (矛盾纠纷, doc/domain.md): a case whose category
 * has case_type 'dispute' (E0701-E0704 by default) with its parties
 * (case_parties: people of the people register or organisations of
 * orgs), its mediator and kind of mediation (disputes), its mediation
 * attempts (dispute_attempts) and its outcome (grid-case(1) dispute,
 * mediate, parties).
 *
 * Every change writes a case_log row in the same savepoint, inside the
 * caller's transaction when one is open: action "party" per party
 * added, "dispute" when the mediator or the kind of mediation changes,
 * "mediate" per attempt; from and to status the case's own, which no
 * dispute step changes.  Refused (GRID_EDATA, the field named, nothing
 * written): a case that is not of a dispute category (category_code), a
 * case that is voided, closed or merged (status), a party in neither
 * register or given twice (party), a worker not in workers
 * (mediator_id), a value out of its vocabulary (role, mediation, result,
 * level: canonical or Chinese), an attempt before the case was reported
 * or in the future (at), an attempt once the outcome is final (result).
 * An attempt whose result is not "continued" is final: it sets
 * disputes.outcome, outcome_at (its time) and outcome_level (its
 * level).
 */
#ifndef GRID_DISPUTES_H
#define GRID_DISPUTES_H

#include <stddef.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

/* The details of a dispute to record; pointers borrowed, NULL: none. */
struct grid_dispute_details {
	const char *case_id;		/* required */
	const char *const *parties;	/* ID numbers or USCCs, nparties */
	size_t nparties;
	const char *role;		/* vocabulary party_role; "party" */
	const char *mediator;		/* a name */
	const char *mediator_id;	/* workers.id; its name is the */
					/* mediator when none is given */
	const char *mediation;		/* vocabulary mediation */
	const char *actor;		/* required: who */
	const char *at;			/* the log rows' time; NULL: now */
	const char *note;		/* kept in the log rows */
};

/*
 * Adds the parties and sets the mediator and the kind of mediation of
 * case d->case_id (its disputes row made when missing); with none of
 * them, checks the case and writes nothing.  A party's ID number may end
 * in x (kept as X).  at may not be in the future nor before the case was
 * reported.  *logged (may be
 * NULL) gets the case_log rows written.  Returns 0, or -1 with err (the
 * refusals above; GRID_EUSAGE without an actor).
 */
int grid_dispute_record(struct grid_db *db,
    const struct grid_dispute_details *d, int *logged,
    struct grid_error *err);

/* One mediation attempt; pointers borrowed, NULL: none. */
struct grid_dispute_attempt {
	const char *case_id;		/* required */
	const char *result;		/* required: vocabulary */
					/* dispute_result */
	const char *level;		/* vocabulary level; NULL: the */
					/* case's level */
	const char *agreement;		/* the agreement's text; not with */
					/* result continued */
	const char *mediator;		/* NULL: the dispute's */
	const char *actor;		/* required */
	const char *at;			/* when; NULL: now */
	const char *note;
};

/*
 * Records attempt a (its disputes row made when missing) and, when its
 * result is final, the dispute's outcome; agreement is kept in
 * disputes.agreement.  *id (may be NULL) gets the attempt's row id.
 * Returns 0, or -1 with err as grid_dispute_record.
 */
int grid_dispute_mediate(struct grid_db *db,
    const struct grid_dispute_attempt *a, long long *id,
    struct grid_error *err);

/*
 * A row: values[i] is column i, NULL when empty; borrowed, valid during
 * the callback.  Returning non-zero stops the run, which then fails
 * with err->code 0.
 */
typedef int (*grid_dispute_row_fn)(void *ctx, const char *const *values);

/*
 * The columns of a dispute: case_id, category_code, status, level,
 * reported_at, parties (their number), mediator, mediator_id, mediation,
 * attempts (their number), last_attempt_at, last_result, outcome,
 * outcome_at, outcome_level, agreement.  Static.
 */
const struct grid_column *grid_dispute_columns(size_t *n);
#define GRID_DISPUTE_NCOLUMN 16

/*
 * 1 when case id is of a dispute category, 0 when it is not, -1 with
 * err when there is no such case (GRID_EDATA) or the database fails.
 */
int grid_dispute_is(struct grid_db *db, const char *id,
    struct grid_error *err);

/*
 * Calls on_row once with case id's dispute (a dispute without details
 * has NULL mediator, ... and 0 parties and attempts).  Returns 0, or -1
 * with err: "no such case", a case not of a dispute category (GRID_EDATA,
 * field category_code), database errors, code 0 when stopped.
 */
int grid_dispute_show(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * The columns of a party: case_id, role, kind (person or org), party
 * (the ID number or the USCC), name, phone (a person's, else the org's
 * contact phone).  Static.  The party and the phone are personal data.
 */
const struct grid_column *grid_dispute_party_columns(size_t *n);
#define GRID_DISPUTE_PARTY_NCOLUMN 6

/* Calls on_row per party of case id, in the order added.  0 or -1. */
int grid_dispute_parties(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err);

/*
 * The columns of an attempt: id, case_id, at, level, result, mediator,
 * actor, note.  Static.
 */
const struct grid_column *grid_dispute_attempt_columns(size_t *n);
#define GRID_DISPUTE_ATTEMPT_NCOLUMN 8

/* Calls on_row per attempt of case id, by time.  0 or -1. */
int grid_dispute_attempts(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err);

#endif
