/*
 * cases_internal.h - shared by the files of the case module: cases.c
 * (the handle, the state table, applying a step), case_steps.c (what
 * each verb does), case_report.c (new cases) and case_sweep.c.
 */
#ifndef GRID_CASES_INTERNAL_H
#define GRID_CASES_INTERNAL_H

#include <time.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/calendar.h"
#include "grid/cases.h"

/* Statuses, in the order of the case_status vocabulary. */
enum gridi_status {
	GRIDI_REPORTED, GRIDI_REGISTERED, GRIDI_VOIDED, GRIDI_DISPATCHED,
	GRIDI_RETURNED, GRIDI_HANDLED, GRIDI_VERIFIED, GRIDI_CLOSED,
	GRIDI_PARKED, GRIDI_MERGED, GRIDI_NSTATUS
};

/*
 * Levels, from the bottom (escalating adds one): enum grid_level
 * (grid/levels.h) upside down, GRIDI_GRID is GRID_LEVEL_GRID.
 */
enum gridi_case_level {
	GRIDI_GRID, GRIDI_COMMUNITY, GRIDI_STREET, GRIDI_DISTRICT, GRIDI_CITY,
	GRIDI_NLEVEL
};

/* The step times kept in cases, in this order. */
enum gridi_stamp {
	GRIDI_REGISTERED_AT, GRIDI_DISPATCHED_AT, GRIDI_HANDLED_AT,
	GRIDI_VERIFIED_AT, GRIDI_CLOSED_AT, GRIDI_NSTAMP
};

/*
 * case_log's actions are of two kinds (man gridkit.7, case_log).  A step
 * is something that happened to the case, at the time it says: the verbs
 * of the state table, the sweep's overdue (and escalate), a dispute's
 * mediation attempt, a petition's acceptance, answer, review and
 * follow-through.  Steps make the case's timeline: a step may not be
 * dated before the last one.  A record says who entered, saw or was told
 * what (a party, a dispute's mediator, a petition's details, an
 * attachment, a reveal, another platform's change, the sweep's warning),
 * at the time it was entered: it orders nothing, so a step back-dated
 * after the last step is taken whatever was recorded since.  The two
 * lists are X-macros of the action names; a new action goes in one of
 * them (test_cases.c checks that every action the library writes is in
 * one), with two flags: told, 1 when the requester's view of the case
 * shows it (grid_case_status, Open311's status), and quiet, 1 when it
 * changes nothing a feed's reader keeps (grid_case_feed_counts).  The
 * SQL lists below are made from them (with internal.h's GRIDI_WHEN_).
 */
#define GRIDI_CASE_STEP_ACTIONS(X) \
	X("report", 1, 0) X("register", 1, 0) X("void", 1, 0) \
	X("dispatch", 1, 0) X("ack", 0, 0) X("return", 0, 0) \
	X("extend", 0, 0) X("park", 0, 0) X("unpark", 0, 0) \
	X("handle", 1, 0) X("verify", 1, 0) X("close", 1, 0) \
	X("rate", 1, 0) X("reply", 1, 0) X("escalate", 0, 0) \
	X("merge", 1, 0) X("overdue", 0, 0) X("mediate", 0, 0) \
	X("accept", 0, 0) X("answer", 0, 0) X("review", 0, 0) \
	X("follow-through", 0, 0)
#define GRIDI_CASE_RECORD_ACTIONS(X) \
	X("reveal", 0, 1) X("attach", 0, 0) X("external", 0, 0) \
	X("warn", 0, 1) X("party", 0, 0) X("dispute", 0, 0) \
	X("petition", 0, 0)

#define GRIDI_SQL_STEP(action, told, quiet) "'" action "', "
#define GRIDI_SQL_TOLD(action, told, quiet) GRIDI_WHEN_##told("'" action "', ")
#define GRIDI_SQL_QUIET(action, told, quiet) \
	GRIDI_WHEN_##quiet("'" action "', ")

/* SQL lists, for action IN only ('' is no action): the steps; what the
 * requester is told; what changes nothing for a feed. */
#define GRIDI_CASE_STEPS_SQL \
	"(" GRIDI_CASE_STEP_ACTIONS(GRIDI_SQL_STEP) "'')"
#define GRIDI_CASE_TOLD_SQL \
	"(" GRIDI_CASE_STEP_ACTIONS(GRIDI_SQL_TOLD) \
	GRIDI_CASE_RECORD_ACTIONS(GRIDI_SQL_TOLD) "'')"
#define GRIDI_CASE_QUIET_SQL \
	"(" GRIDI_CASE_STEP_ACTIONS(GRIDI_SQL_QUIET) \
	GRIDI_CASE_RECORD_ACTIONS(GRIDI_SQL_QUIET) "'')"

/*
 * The time of the latest step of case ?1 in case_log (no row: none), as
 * every check of a step's time asks it: by time, not by id, since a
 * mediation attempt is checked against the report only.
 */
#define GRIDI_CASE_LAST_STEP_SQL \
	"SELECT at FROM case_log WHERE case_id = ?1 AND action IN " \
	GRIDI_CASE_STEPS_SQL " ORDER BY unixepoch(at) DESC, id DESC LIMIT 1"

/*
 * 1 when action is a step of a case, 0 when it is a record, -1 when it
 * is neither (not an action of case_log; NULL).
 */
int gridi_case_action_is_step(const char *action);

/* The statements of the module, prepared once per handle. */
enum gridi_case_query {
	GRIDI_Q_SAVEPOINT, GRIDI_Q_RELEASE, GRIDI_Q_ROLLBACK,
	GRIDI_Q_LOAD, GRIDI_Q_LAST_STEP, GRIDI_Q_UPDATE, GRIDI_Q_LOG,
	GRIDI_Q_CATEGORY, GRIDI_Q_DEPT, GRIDI_Q_GRID, GRIDI_Q_COMPONENT,
	GRIDI_Q_ORG, GRIDI_Q_STATUS, GRIDI_Q_PARKED_AT, GRIDI_Q_LAST_ID,
	GRIDI_Q_INSERT, GRIDI_Q_DUE, GRIDI_Q_MARK, GRIDI_Q_LEVEL,
	GRIDI_Q_WORKER, GRIDI_Q_ACKED, GRIDI_Q_COMPONENT_PLACE,
	GRIDI_Q_COMPONENT_DEPT, GRIDI_Q_RUNNING, GRIDI_Q_WARNED,
	GRIDI_Q_CLOCK_START, GRIDI_NQUERY
};

struct grid_cases {
	struct grid_db *db;
	struct grid_calendar *cal;
	double default_value;		/* setting default_limit */
	enum grid_limit_unit default_unit;
	double reply_value;		/* setting reply_limit */
	enum grid_limit_unit reply_unit;
	double urgent_share;		/* setting urgent_share, 0 to 1 */
	sqlite3_stmt *stmt[GRIDI_NQUERY];
};

/* A case as read, changed by the steps, then written back.  Owned. */
struct gridi_case {
	char *id, *category, *dept, *deadline, *rating, *duplicate_of;
	char *component;	/* component_code */
	int urgent;		/* priority urgent */
	char *stamp[GRIDI_NSTAMP];
	int status, level, overdue, rework;
	time_t last;		/* latest logged or stamped time */
	char *last_at;		/* its text; NULL for a new case */
};

/* A step under way. */
struct gridi_step {
	struct grid_cases *cs;
	const struct grid_case_step *in;
	struct gridi_case *c;
	char subject[96];	/* "case ID", or "new case" */
	int to;			/* the status the table moves it to */
	int logged;		/* case_log rows written */
	int resolved;		/* inside report --resolved */
	time_t at;
	char at_text[32];
	struct grid_buf note;	/* the log row's note */
	char notice[160];	/* grid_case_result.notice */
	struct grid_error *err;
};

/* A verb's work: checks the step, changes s->c, writes s->note. */
typedef int (*gridi_step_fn)(struct gridi_step *s);

/* The handlers of case_steps.c, one per row of the state table. */
int gridi_step_with_reason(struct gridi_step *s);	/* void return park */
int gridi_step_register(struct gridi_step *s);
int gridi_step_dispatch(struct gridi_step *s);
int gridi_step_extend(struct gridi_step *s);
int gridi_step_unpark(struct gridi_step *s);
int gridi_step_handle(struct gridi_step *s);
int gridi_step_verify(struct gridi_step *s);
int gridi_step_close(struct gridi_step *s);
int gridi_step_rate(struct gridi_step *s);
int gridi_step_escalate(struct gridi_step *s);
int gridi_step_merge(struct gridi_step *s);
int gridi_step_ack(struct gridi_step *s);
int gridi_step_reply(struct gridi_step *s);

/* report (case_report.c): validates, inserts, logs; resolved: closes. */
int gridi_case_report(struct gridi_step *s, time_t now);

/*
 * Runs the table's row for verb on s->c, as with grid_case_apply but
 * without the status check: the handler, then the log row.  0 or -1.
 */
int gridi_case_run(struct gridi_step *s, enum grid_case_verb verb,
    enum grid_case_verdict verdict);

/* "reported", ... ; "grid", ... (static). */
const char *gridi_status_name(int status);
const char *gridi_level_name(int level);
/* The index of a status or level name, -1 when unknown. */
int gridi_status_parse(const char *name);
int gridi_level_parse(const char *name);

/*
 * The statement q, reset with its bindings cleared (borrowed from the
 * handle), or NULL with err.
 */
sqlite3_stmt *gridi_cases_stmt(struct grid_cases *cs,
    enum gridi_case_query q, struct grid_error *err);
/*
 * Runs q with text parameters a and b (either may be NULL) and copies
 * the first column of the first row into *out (a new string, NULL for
 * SQL NULL; out may be NULL).  Returns 1 (a row), 0 (none) or -1.
 */
int gridi_cases_query(struct grid_cases *cs, enum gridi_case_query q,
    const char *a, const char *b, char **out, struct grid_error *err);
/* Runs q, which returns no row, with parameters a and b.  0 or -1. */
int gridi_cases_exec(struct grid_cases *cs, enum gridi_case_query q,
    const char *a, const char *b, struct grid_error *err);

/*
 * Appends a case_log row: action by actor at at, from -> to (-1: NULL),
 * worker the grid worker on site (NULL: none).
 */
int gridi_case_log(struct grid_cases *cs, const char *id, const char *at,
    const char *actor, const char *action, int from, int to,
    const char *note, const char *worker, struct grid_error *err);
/* Writes c's changeable columns back to cases.  0 or -1. */
int gridi_case_write(struct grid_cases *cs, const struct gridi_case *c,
    struct grid_error *err);
/* Frees what c holds (NULL allowed). */
void gridi_case_release(struct gridi_case *c);

/*
 * Fills s->err: code, field, and "case ID: " + the formatted text.
 * Returns -1.
 */
int gridi_step_fail(struct gridi_step *s, int code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Replaces *dst by a copy of src (NULL allowed).  0, or -1: memory. */
int gridi_set_str(char **dst, const char *src);

/*
 * Parses a time text into its local ISO form (out, size >= 32) and
 * instant.  On failure fills s->err naming field.  0 or -1.
 */
int gridi_step_time(struct gridi_step *s, const char *field,
    const char *text, char *out, time_t *t);

/*
 * Sets s->at and s->at_text from the step's at (else now): not in the
 * future, not before the case's last time.  0 or -1.
 */
int gridi_step_at(struct gridi_step *s, time_t now);

/* Runs fn(s, ctx) in a savepoint: all of its writes, or none.  0 or -1. */
int gridi_step_atomic(struct gridi_step *s,
    int (*fn)(struct gridi_step *s, void *ctx), void *ctx);

/*
 * Checks the step's worker (when given) is in workers: 0, or -1 with
 * err (GRID_EDATA, field worker).
 */
int gridi_step_worker(struct gridi_step *s);

/*
 * Parses a time limit setting key (default def) into *value and *unit:
 * 0, or -1 with err located at settings/key.
 */
int gridi_cases_limit_setting(struct grid_db *db, const char *key,
    const char *def, double *value, enum grid_limit_unit *unit,
    struct grid_error *err);

/*
 * The deadline of the category's time limit (else default_limit) from
 * s->at: *t, and its text in out (size >= 32); urgent_share of it for
 * an urgent case.  0 or -1.
 */
int gridi_case_limit_deadline(struct gridi_step *s, const char *category,
    char *out, time_t *t);

#endif
