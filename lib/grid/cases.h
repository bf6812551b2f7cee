/*
 * cases.h - the case life cycle (grid-case(1), doc/domain.md section 3): one
 * step at a time through the state table below, every change logged in
 * case_log in the same transaction; and the sweep that marks overdue
 * cases and escalates them.
 *
 *   from                  verb and its fields           to
 *   (new)                 report [resolved]             reported (closed)
 *   reported              register                      registered
 *   reported, registered  void reason                   voided
 *   registered, returned  dispatch [dept] [deadline]    dispatched
 *   dispatched            return reason                 returned
 *   dispatched            ack                           dispatched
 *   dispatched            extend until|hours approver   dispatched
 *   dispatched            park reason                   parked
 *   parked                unpark                        dispatched
 *   dispatched            handle note                   handled
 *   handled               verify pass                   verified
 *   handled               verify fail note              dispatched
 *   verified              close                         closed
 *   closed                rate rating [correct]         closed
 *   all but reported, voided  reply text                the same
 *   any open status       escalate [level] reason       the same
 *   any open status       merge into                    merged
 *
 * (transitions[] in cases.c is this table; keep the two the same.)
 * ack (签收): once per dispatch.  rate: once, then only with correct (the
 * latest rate row is the rating).  reply (答复): the text to the
 * requester, logged as the note.  report and verify take the grid worker
 * who did them on site (case_log.worker_id).
 * Open statuses: all but voided, closed and merged.  Levels, from the
 * bottom: grid, community, street, district, city; they never go down.
 * Times are stored as ISO 8601 in the local zone (grid_time_format).
 */
#ifndef GRID_CASES_H
#define GRID_CASES_H

#include <time.h>

#include "grid/codes.h"	/* GRID_CODE_MAX */
#include "grid/db.h"
#include "grid/error.h"

/*
 * The fields of a new case; every pointer borrowed, NULL when absent.
 * A place is needed: x and y, an address or a grid.
 */
struct grid_case_report {
	const char *source;		/* required: vocabulary case_source */
	const char *category_code;	/* required: in categories */
	const char *description;
	const char *x, *y;		/* a point: both or neither */
	const char *address;
	const char *grid_code;		/* in grids; else found from x, y */
	const char *component_code;	/* in components */
	const char *org_uscc;		/* in orgs */
	const char *grade;		/* vocabulary grade */
	const char *reporter;
	const char *priority;		/* vocabulary priority; "normal" */
};

/*
 * The verbs of the state table: grid_case_verb_name gives their names,
 * which are case_log's actions.  A new verb is one entry here and in
 * cases.c's tables (static assertions count them), and one in the
 * tool's help table.
 */
enum grid_case_verb {
	GRID_VERB_REPORT, GRID_VERB_REGISTER, GRID_VERB_VOID,
	GRID_VERB_DISPATCH, GRID_VERB_ACK, GRID_VERB_RETURN,
	GRID_VERB_EXTEND, GRID_VERB_PARK, GRID_VERB_UNPARK,
	GRID_VERB_HANDLE, GRID_VERB_VERIFY, GRID_VERB_CLOSE, GRID_VERB_RATE,
	GRID_VERB_REPLY, GRID_VERB_ESCALATE, GRID_VERB_MERGE,
	GRID_NVERBS
};

/* The name of verb ("report", ...), static; "" when out of range. */
const char *grid_case_verb_name(enum grid_case_verb verb);
/* The verb named name, or -1 when there is none. */
int grid_case_verb_parse(const char *name);

enum grid_case_verdict {
	GRID_VERDICT_NONE = 0,
	GRID_VERDICT_PASS,
	GRID_VERDICT_FAIL
};

/*
 * One step.  Every pointer is borrowed; NULL means not given.  Texts
 * are as a user typed them: times in any form grid_time_parse accepts,
 * vocabulary values canonical or Chinese.
 */
struct grid_case_step {
	const char *verb;	/* "report", "register", ... (table above) */
	const char *id;		/* the case; for report NULL: generated */
	const char *actor;	/* required: who */
	const char *at;		/* when; NULL: now (grid_now) */
	const char *reason;	/* void, return, park, escalate, extend, */
				/* merge */
	const char *note;	/* any verb; required by handle, verify fail */
	const char *dept;	/* dispatch: else the category's */
	const char *deadline;	/* dispatch: else at + the category's limit */
	const char *until;	/* extend: the new deadline (a date alone: */
				/* the end of that working day), or */
	const char *hours;	/* extend: working hours added */
	const char *approver;	/* extend */
	enum grid_case_verdict verdict;	/* verify */
	const char *level;	/* escalate: to this level, else one up */
	const char *into;	/* merge: the open case this duplicates */
	const char *rating;	/* rate: A, B, C or D */
	const struct grid_case_report *report;	/* report */
	int resolved;		/* report: resolved on the spot, closed; */
				/* note goes to handle, dept and deadline */
				/* to dispatch (department optional) */
	const char *worker;	/* report, verify: the grid worker on */
				/* site (workers.id) */
	const char *text;	/* reply: what the requester is told */
	int correct;		/* rate: corrects the earlier rating */
};

/* What a step did. */
struct grid_case_result {
	char id[GRID_CODE_MAX + 1];
	char from[16];		/* status before; "" for a new case */
	char to[16];		/* status after */
	char level[16];
	char at[32];		/* the step's time, as logged */
	char deadline[32];	/* "" when none */
	int logged;		/* rows appended to case_log */
	char notice[160];	/* what the caller should tell ("" none): */
				/* extend --until a day off */
};

/* A change made by the sweep; pointers valid during the callback. */
struct grid_case_change {
	const char *id;
	const char *action;	/* "warn", "overdue" or "escalate" */
	const char *status;
	const char *from_level, *to_level;	/* the same for overdue */
	const char *deadline;
	const char *at;
	double overdue_hours;	/* working hours past the deadline */
};

struct grid_cases;

/*
 * Opens the case desk on db: loads the working calendar and the settings
 * default_limit, reply_limit and urgent_share (later changes to them are
 * not seen), and keeps prepared statements.  Close it before db.
 * Returns 0 and a new handle in *cases, or -1 with err (GRID_EDATA,
 * source "settings" or "calendar", for a bad setting or date).
 */
int grid_cases_open(struct grid_db *db, struct grid_cases **cases,
    struct grid_error *err);

/* Closes the handle (NULL allowed). */
void grid_cases_close(struct grid_cases *cases);

/*
 * 1 when the table above lets verb (with verdict, for verify) move a
 * case in status, 0 when not, -1 when verb or status is unknown.
 */
int grid_case_allowed(const char *status, const char *verb,
    enum grid_case_verdict verdict);

/* 1 for an open status, 0 for voided, closed, merged or unknown. */
int grid_case_status_open(const char *status);

/*
 * Applies one step: checks it against the table and the case, updates
 * cases and appends to case_log (one row; report with resolved: one per
 * step of the chain), all or nothing (a savepoint), inside the caller's
 * transaction when one is open.  at may not be in the future, nor
 * before the case's last step in case_log (its records, a party, a
 * petition's details, an attachment, a reveal, ..., aside: gridkit(7))
 * or stamped time.  Deadlines are counted on the working calendar
 * from the step's time: dispatch and verify fail use the category's
 * limit, else the setting default_limit; extend adds working hours to
 * the deadline (to at when already past); unpark moves the deadline by
 * the working time spent parked.  A deadline moved past the step's
 * time clears the overdue mark.  A new case's id
 * is its local report date and the next free number of that date
 * (YYYYMMDDNNNN), and its reply_due is the report time plus
 * reply_limit.  An urgent case's limits are urgent_share percent of its
 * category's.  A case with a component is dispatched, without a
 * department given, to the component's department, else to the
 * category's; reported with a component and without a place, it takes
 * the component's point and grid.  The log row's note says what the
 * step did ("to D01, deadline ...", "grid -> community"), then the
 * reason and the note, joined by "; ".  ack refuses a second sign-for of
 * the same dispatch; rate refuses a second rating without correct;
 * report and verify refuse a worker not in workers; extend until a date
 * alone ends with that working day (a day off: the working day before,
 * said in out->notice).  out (may be NULL) receives what was done.
 * Returns 0, or -1 with err: GRID_EDATA with a message naming the case
 * ("case 202406150001: cannot dispatch a case that is closed") and the
 * field, and nothing changed; GRID_EUSAGE for an unknown verb or a
 * missing actor; database errors as grid_db_error.
 */
int grid_case_apply(struct grid_cases *cases,
    const struct grid_case_step *step, struct grid_case_result *out,
    struct grid_error *err);

/*
 * Checks, without the database, that step gives what its verb cannot do
 * without (the table above): a reason (void, return, park, escalate),
 * an approver and exactly one of until and hours (extend), a note
 * (handle, verify fail), pass or fail (verify), a rating (rate), the
 * case to merge into (merge); for report, a source, a category and a
 * place (x and y, both or neither; an address; a grid).  For a command
 * line, where a missing option is a usage error; grid_case_apply checks
 * the same and more.  Returns 0, or -1 with err (GRID_EUSAGE, the field,
 * "return needs a reason").
 */
int grid_case_step_complete(const struct grid_case_step *step,
    struct grid_error *err);

/*
 * The sweep, inside the caller's transaction: every case dispatched or
 * handled not yet past its deadline whose limit is used up to the
 * setting warn_share (percent, default 80) is warned (log action "warn",
 * note "deadline D", once per deadline; the limit runs from the last
 * dispatch or failed verification (else dispatched_at: an imported case)
 * to the deadline, in working time, in
 * clock time when it holds none); every one whose deadline is before now
 * and not yet marked is marked
 * overdue (log action "overdue", once; a case found past its deadline
 * gets no late warning); a case overdue for N times the
 * setting escalate_after (working time; default "1 work_days") is
 * raised to N levels above grid, at most escalate_max_level (default
 * district) and never down, logging one "escalate" per level.  Only
 * cases past their deadline, or due within a day, are read (the partial
 * index cases_open_deadline), a batch at a time: memory does not
 * grow with their number.
 * Calls changed (may be NULL) once per change, in deadline order, and
 * adds their number to *count (may be NULL); warnings first, then the
 * overdue cases in the order of their stored deadlines.  actor NULL:
 * "sweep".  Returns 0, or -1 with err (GRID_EDATA, source "settings",
 * for a bad setting).
 */
int grid_case_sweep(struct grid_cases *cases, time_t now, const char *actor,
    void (*changed)(void *ctx, const struct grid_case_change *change),
    void *ctx, long *count, struct grid_error *err);

/*
 * Records in case_log that actor was shown case id's personal data
 * unmasked (--reveal): a row with action "reveal", now as at, the case's
 * status as from and to, and note (may be NULL).  Nothing else changes,
 * and the steps' time order ignores these rows.  Inside the caller's
 * transaction when one is open.  Returns 0, or -1 with err (GRID_EDATA
 * "case ID: no such case"; GRID_EUSAGE without an actor).
 */
int grid_case_log_reveal(struct grid_cases *cs, const char *id,
    const char *actor, const char *note, struct grid_error *err);

#endif
