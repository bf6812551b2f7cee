/*
 * cases.c - the case desk: its handle and statements, the state table,
 * and applying one step (checks, savepoint, handler, log row, write).
 * What each verb does is in case_steps.c, new cases in case_report.c,
 * the sweep in case_sweep.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases_internal.h"
#include "grid/levels.h"
#include "grid/text.h"
#include "internal.h"

#define ANY_OPEN (~(1u << GRIDI_VOIDED | 1u << GRIDI_CLOSED | \
	1u << GRIDI_MERGED) & ((1u << GRIDI_NSTATUS) - 1))
#define FROM(s) (1u << (s))
#define SAME (-1)

/* The verbs' names, which are case_log's actions (cases.h). */
static const char *const verb_names[] = {
	[GRID_VERB_REPORT] = "report", [GRID_VERB_REGISTER] = "register",
	[GRID_VERB_VOID] = "void", [GRID_VERB_DISPATCH] = "dispatch",
	[GRID_VERB_ACK] = "ack", [GRID_VERB_RETURN] = "return",
	[GRID_VERB_EXTEND] = "extend", [GRID_VERB_PARK] = "park",
	[GRID_VERB_UNPARK] = "unpark", [GRID_VERB_HANDLE] = "handle",
	[GRID_VERB_VERIFY] = "verify", [GRID_VERB_CLOSE] = "close",
	[GRID_VERB_RATE] = "rate", [GRID_VERB_REPLY] = "reply",
	[GRID_VERB_ESCALATE] = "escalate", [GRID_VERB_MERGE] = "merge",
};
_Static_assert(GRIDI_ARRAY_LEN(verb_names) == GRID_NVERBS,
    "a name for every verb");

/* reply: once registered, and not voided. */
#define REPLIABLE (((1u << GRIDI_NSTATUS) - 1) & ~(FROM(GRIDI_REPORTED) | \
	FROM(GRIDI_VOIDED)))

/*
 * The state table (cases.h, man grid-case).  A verb may have several
 * rows; the one whose verdict matches is used (verify).
 */
static const struct transition {
	enum grid_case_verb verb;
	enum grid_case_verdict verdict;	/* NONE: any */
	unsigned from;			/* bit per status; 0: a new case */
	int to;				/* a status, or SAME */
	gridi_step_fn fn;
} transitions[] = {
	{ GRID_VERB_REPORT, 0, 0, GRIDI_REPORTED, NULL },
	{ GRID_VERB_REGISTER, 0, FROM(GRIDI_REPORTED), GRIDI_REGISTERED,
	    gridi_step_register },
	{ GRID_VERB_VOID, 0, FROM(GRIDI_REPORTED) | FROM(GRIDI_REGISTERED),
	    GRIDI_VOIDED, gridi_step_with_reason },
	{ GRID_VERB_DISPATCH, 0, FROM(GRIDI_REGISTERED) | FROM(GRIDI_RETURNED),
	    GRIDI_DISPATCHED, gridi_step_dispatch },
	{ GRID_VERB_ACK, 0, FROM(GRIDI_DISPATCHED), GRIDI_DISPATCHED,
	    gridi_step_ack },
	{ GRID_VERB_RETURN, 0, FROM(GRIDI_DISPATCHED), GRIDI_RETURNED,
	    gridi_step_with_reason },
	{ GRID_VERB_EXTEND, 0, FROM(GRIDI_DISPATCHED), GRIDI_DISPATCHED,
	    gridi_step_extend },
	{ GRID_VERB_PARK, 0, FROM(GRIDI_DISPATCHED), GRIDI_PARKED,
	    gridi_step_with_reason },
	{ GRID_VERB_UNPARK, 0, FROM(GRIDI_PARKED), GRIDI_DISPATCHED,
	    gridi_step_unpark },
	{ GRID_VERB_HANDLE, 0, FROM(GRIDI_DISPATCHED), GRIDI_HANDLED,
	    gridi_step_handle },
	{ GRID_VERB_VERIFY, GRID_VERDICT_PASS, FROM(GRIDI_HANDLED),
	    GRIDI_VERIFIED, gridi_step_verify },
	{ GRID_VERB_VERIFY, GRID_VERDICT_FAIL, FROM(GRIDI_HANDLED),
	    GRIDI_DISPATCHED, gridi_step_verify },
	{ GRID_VERB_CLOSE, 0, FROM(GRIDI_VERIFIED), GRIDI_CLOSED,
	    gridi_step_close },
	{ GRID_VERB_RATE, 0, FROM(GRIDI_CLOSED), GRIDI_CLOSED,
	    gridi_step_rate },
	{ GRID_VERB_REPLY, 0, REPLIABLE, SAME, gridi_step_reply },
	{ GRID_VERB_ESCALATE, 0, ANY_OPEN, SAME, gridi_step_escalate },
	{ GRID_VERB_MERGE, 0, ANY_OPEN, GRIDI_MERGED, gridi_step_merge },
};
/* Every verb has a row; verify has two. */
_Static_assert(GRIDI_ARRAY_LEN(transitions) == GRID_NVERBS + 1,
    "a row of the state table for every verb");

static const char *const status_names[GRIDI_NSTATUS] = {
	"reported", "registered", "voided", "dispatched", "returned",
	"handled", "verified", "closed", "parked", "merged"
};

static const char *const queries[GRIDI_NQUERY] = {
	[GRIDI_Q_SAVEPOINT] = "SAVEPOINT grid_case_step",
	[GRIDI_Q_RELEASE] = "RELEASE grid_case_step",
	[GRIDI_Q_ROLLBACK] = "ROLLBACK TO grid_case_step",
	[GRIDI_Q_LOAD] = "SELECT id, status, level, category_code, "
	    "dept_code, deadline, rating, duplicate_of, overdue, rework_count, "
	    "reported_at, registered_at, dispatched_at, handled_at, "
	    "verified_at, closed_at, component_code, priority FROM cases "
	    "WHERE id = ?1",
	/* the last step of the case: records (a party, ...) are none */
	[GRIDI_Q_LAST_STEP] = GRIDI_CASE_LAST_STEP_SQL,
	[GRIDI_Q_UPDATE] = "UPDATE cases SET status = ?2, level = ?3, "
	    "dept_code = ?4, deadline = ?5, rating = ?6, duplicate_of = ?7, "
	    "overdue = ?8, rework_count = ?9, registered_at = ?10, "
	    "dispatched_at = ?11, handled_at = ?12, verified_at = ?13, "
	    "closed_at = ?14 WHERE id = ?1",
	[GRIDI_Q_LOG] = "INSERT INTO case_log (case_id, at, actor, action, "
	    "from_status, to_status, note, worker_id) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8)",
	[GRIDI_Q_CATEGORY] = "SELECT code, dept_code, limit_value, "
	    "limit_unit FROM categories WHERE code = ?1",
	[GRIDI_Q_DEPT] = "SELECT code FROM departments WHERE code = ?1",
	[GRIDI_Q_GRID] = "SELECT code FROM grids WHERE code = ?1",
	[GRIDI_Q_COMPONENT] = "SELECT code FROM components WHERE code = ?1",
	[GRIDI_Q_ORG] = "SELECT uscc FROM orgs WHERE uscc = ?1",
	[GRIDI_Q_STATUS] = "SELECT status FROM cases WHERE id = ?1",
	[GRIDI_Q_PARKED_AT] = "SELECT at FROM case_log WHERE case_id = ?1 "
	    "AND action = 'park' ORDER BY id DESC LIMIT 1",
	[GRIDI_Q_LAST_ID] = "SELECT max(id) FROM cases WHERE id >= ?1 || "
	    "'0000' AND id <= ?1 || '9999' AND id GLOB ?1 || "
	    "'[0-9][0-9][0-9][0-9]'",
	[GRIDI_Q_INSERT] = "INSERT INTO cases (id, source, category_code, "
	    "description, x, y, address, grid_code, component_code, org_uscc, "
	    "grade, reporter, priority, reported_at, reply_due, status, level) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, 'reported', 'grid')",
	/*
	 * The WHERE of the partial index cases_open_deadline, verbatim; a
	 * batch after the last (deadline, id) seen.
	 */
	[GRIDI_Q_DUE] = "SELECT id, status, level, deadline, overdue "
	    "FROM cases WHERE status IN ('dispatched','handled') "
	    "AND deadline < ?1 AND (deadline > ?2 OR (deadline = ?2 AND "
	    "id > ?3)) ORDER BY deadline, id LIMIT ?4",
	[GRIDI_Q_RUNNING] = "SELECT id, status, deadline FROM cases "
	    "WHERE status IN ('dispatched','handled') AND deadline >= ?1 "
	    "AND overdue = 0 AND (deadline > ?2 OR (deadline = ?2 AND "
	    "id > ?3)) ORDER BY deadline, id LIMIT ?4",
	[GRIDI_Q_WARNED] = "SELECT 1 FROM case_log WHERE case_id = ?1 AND "
	    "action = 'warn' AND note = 'deadline ' || ?2",
	[GRIDI_Q_CLOCK_START] = "SELECT coalesce((SELECT at FROM case_log "
	    "WHERE case_id = ?1 AND (action = 'dispatch' OR (action = "
	    "'verify' AND to_status = 'dispatched')) ORDER BY id DESC "
	    "LIMIT 1), (SELECT dispatched_at FROM cases WHERE id = ?1))",
	[GRIDI_Q_MARK] = "UPDATE cases SET overdue = 1 WHERE id = ?1",
	[GRIDI_Q_LEVEL] = "UPDATE cases SET level = ?2 WHERE id = ?1",
	[GRIDI_Q_WORKER] = "SELECT id FROM workers WHERE id = ?1",
	[GRIDI_Q_ACKED] = "SELECT 1 FROM case_log WHERE case_id = ?1 AND "
	    "action = 'ack' AND id > (SELECT coalesce(max(id), 0) FROM "
	    "case_log WHERE case_id = ?1 AND action = 'dispatch')",
	[GRIDI_Q_COMPONENT_PLACE] = "SELECT x, y, grid_code FROM components "
	    "WHERE code = ?1",
	[GRIDI_Q_COMPONENT_DEPT] = "SELECT dept_code FROM components "
	    "WHERE code = ?1",
};

/* ---- names ---- */

#define AS_NAME(action, told, quiet) action,
static const char *const step_actions[] = {
	GRIDI_CASE_STEP_ACTIONS(AS_NAME)
};
static const char *const record_actions[] = {
	GRIDI_CASE_RECORD_ACTIONS(AS_NAME)
};
#undef AS_NAME

int
gridi_case_action_is_step(const char *action)
{
	size_t i;

	for (i = 0; action != NULL && i < GRIDI_ARRAY_LEN(step_actions); i++)
		if (strcmp(step_actions[i], action) == 0)
			return 1;
	for (i = 0; action != NULL && i < GRIDI_ARRAY_LEN(record_actions);
	    i++)
		if (strcmp(record_actions[i], action) == 0)
			return 0;
	return -1;
}

const char *
grid_case_verb_name(enum grid_case_verb verb)
{
	return verb >= 0 && verb < GRID_NVERBS ? verb_names[verb] : "";
}

int
grid_case_verb_parse(const char *name)
{
	int v;

	for (v = 0; name != NULL && v < GRID_NVERBS; v++)
		if (strcmp(verb_names[v], name) == 0)
			return v;
	return -1;
}

static int
find_name(const char *const *names, int n, const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *
gridi_status_name(int status)
{
	return status >= 0 && status < GRIDI_NSTATUS ? status_names[status]
	    : "";
}

const char *
gridi_level_name(int level)
{
	return level >= 0 && level < GRIDI_NLEVEL ?
	    grid_level_name((enum grid_level)(GRID_LEVEL_GRID - level)) : "";
}

int
gridi_status_parse(const char *name)
{
	return find_name(status_names, GRIDI_NSTATUS, name);
}

_Static_assert(GRIDI_NLEVEL == GRID_LEVEL_GRID - GRID_LEVEL_CITY + 1,
    "a case's levels are the levels of grid/levels.h");

int
gridi_level_parse(const char *name)
{
	enum grid_level level = name != NULL ? grid_level_parse(name) :
	    GRID_LEVEL_NONE;

	return level == GRID_LEVEL_NONE ? -1 : (int)(GRID_LEVEL_GRID - level);
}

int
grid_case_status_open(const char *status)
{
	int s = gridi_status_parse(status);

	return s >= 0 && (ANY_OPEN & FROM(s)) != 0;
}

/* The row of verb that applies from status with verdict, or NULL. */
static const struct transition *
find_transition(int verb, int status, enum grid_case_verdict verdict)
{
	size_t i;

	for (i = 0; status >= 0 && i < GRIDI_ARRAY_LEN(transitions); i++) {
		const struct transition *t = &transitions[i];

		if ((int)t->verb == verb && (t->from & FROM(status)) &&
		    (t->verdict == GRID_VERDICT_NONE || t->verdict == verdict))
			return t;
	}
	return NULL;
}

static int
verb_known(const char *verb)
{
	return grid_case_verb_parse(verb) >= 0;
}

int
grid_case_allowed(const char *status, const char *verb,
    enum grid_case_verdict verdict)
{
	int s = gridi_status_parse(status), v = grid_case_verb_parse(verb);

	if (s < 0 || v < 0)
		return -1;
	return find_transition(v, s, verdict) != NULL;
}

/* ---- the handle and its statements ---- */

int
grid_cases_open(struct grid_db *db, struct grid_cases **out,
    struct grid_error *err)
{
	struct grid_cases *cs;
	char limit[64], *end;
	long share;

	*out = NULL;
	if ((cs = calloc(1, sizeof(*cs))) == NULL ||
	    (cs->cal = grid_calendar_new()) == NULL) {
		free(cs);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	cs->db = db;
	if (grid_calendar_load(cs->cal, db, err) != 0)
		goto fail;
	if (gridi_cases_limit_setting(db, "default_limit", "1 work_days",
	    &cs->default_value, &cs->default_unit, err) != 0 ||
	    gridi_cases_limit_setting(db, "reply_limit", "5 work_days",
	    &cs->reply_value, &cs->reply_unit, err) != 0)
		goto fail;
	grid_db_setting(db, "urgent_share", "50", limit, sizeof(limit));
	share = strtol(limit, &end, 10);
	if (end == limit || *end != '\0' || share < 1 || share > 100) {
		grid_error_set(err, GRID_EDATA, "settings", 0, "urgent_share",
		    "not a percent from 1 to 100: '%s'", limit);
		goto fail;
	}
	cs->urgent_share = (double)share / 100;
	*out = cs;
	return 0;
fail:
	grid_cases_close(cs);
	return -1;
}

int
gridi_cases_limit_setting(struct grid_db *db, const char *key,
    const char *def, double *value, enum grid_limit_unit *unit,
    struct grid_error *err)
{
	char text[64];

	grid_db_setting(db, key, def, text, sizeof(text));
	if (grid_limit_parse(text, value, unit, err) != 0) {
		grid_error_locate(err, "settings", 0, key);
		return -1;
	}
	return 0;
}

void
grid_cases_close(struct grid_cases *cs)
{
	int i;

	if (cs == NULL)
		return;
	for (i = 0; i < GRIDI_NQUERY; i++)
		sqlite3_finalize(cs->stmt[i]);
	grid_calendar_free(cs->cal);
	free(cs);
}

sqlite3_stmt *
gridi_cases_stmt(struct grid_cases *cs, enum gridi_case_query q,
    struct grid_error *err)
{
	sqlite3 *sql = grid_db_sqlite(cs->db);
	int rc;

	if (cs->stmt[q] != NULL) {
		sqlite3_reset(cs->stmt[q]);
		sqlite3_clear_bindings(cs->stmt[q]);
		return cs->stmt[q];
	}
	rc = sqlite3_prepare_v3(sql, queries[q], -1, SQLITE_PREPARE_PERSISTENT,
	    &cs->stmt[q], NULL);
	if (rc != SQLITE_OK) {
		grid_db_error(cs->db, rc, "preparing a case statement", err);
		return NULL;
	}
	return cs->stmt[q];
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

int
gridi_set_str(char **dst, const char *src)
{
	char *copy = NULL;

	if (src != NULL && (copy = strdup(src)) == NULL)
		return -1;
	free(*dst);
	*dst = copy;
	return 0;
}

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

int
gridi_cases_query(struct grid_cases *cs, enum gridi_case_query q,
    const char *a, const char *b, char **out, struct grid_error *err)
{
	sqlite3_stmt *st = gridi_cases_stmt(cs, q, err);
	int rc, found = -1;

	if (st == NULL)
		return -1;
	bind_text(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		bind_text(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		if (out != NULL && gridi_set_str(out,
		    (const char *)sqlite3_column_text(st, 0)) != 0)
			found = oom(err);
	} else if (rc == SQLITE_DONE)
		found = 0;
	else
		grid_db_error(cs->db, rc, "reading cases", err);
	sqlite3_reset(st);
	return found;
}

int
gridi_cases_exec(struct grid_cases *cs, enum gridi_case_query q,
    const char *a, const char *b, struct grid_error *err)
{
	sqlite3_stmt *st = gridi_cases_stmt(cs, q, err);
	int rc;

	if (st == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(st) > 0)
		bind_text(st, 1, a);
	if (sqlite3_bind_parameter_count(st) > 1)
		bind_text(st, 2, b);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(cs->db, rc, "writing cases", err);
	return 0;
}

/* ---- reading and writing a case ---- */

void
gridi_case_release(struct gridi_case *c)
{
	int i;

	if (c == NULL)
		return;
	free(c->id);
	free(c->category);
	free(c->dept);
	free(c->deadline);
	free(c->rating);
	free(c->duplicate_of);
	free(c->component);
	for (i = 0; i < GRIDI_NSTAMP; i++)
		free(c->stamp[i]);
	free(c->last_at);
	memset(c, 0, sizeof(*c));
}

/* Makes text the case's last time when it is later.  0 or -1 (memory). */
static int
note_time(struct gridi_case *c, const char *text)
{
	time_t t;

	if (text == NULL || grid_time_to_epoch(text, &t) != 0)
		return 0;
	if (c->last_at != NULL && t <= c->last)
		return 0;
	c->last = t;
	return gridi_set_str(&c->last_at, text);
}

static const char *
column(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Copies the columns of GRIDI_Q_LOAD into c.  0 or -1 (memory). */
static int
copy_row(sqlite3_stmt *st, struct gridi_case *c)
{
	int i, fails = 0;

	fails |= gridi_set_str(&c->id, column(st, 0));
	c->status = gridi_status_parse(column(st, 1));
	c->level = gridi_level_parse(column(st, 2));
	fails |= gridi_set_str(&c->category, column(st, 3));
	fails |= gridi_set_str(&c->dept, column(st, 4));
	fails |= gridi_set_str(&c->deadline, column(st, 5));
	fails |= gridi_set_str(&c->rating, column(st, 6));
	fails |= gridi_set_str(&c->duplicate_of, column(st, 7));
	c->overdue = sqlite3_column_int(st, 8);
	c->rework = sqlite3_column_int(st, 9);
	fails |= note_time(c, column(st, 10));
	for (i = 0; i < GRIDI_NSTAMP; i++) {
		fails |= gridi_set_str(&c->stamp[i], column(st, 11 + i));
		fails |= note_time(c, column(st, 11 + i));
	}
	fails |= gridi_set_str(&c->component, column(st, 16));
	c->urgent = column(st, 17) != NULL &&
	    strcmp(column(st, 17), "urgent") == 0;
	return fails ? -1 : 0;
}

/*
 * Reads case id into c, with its last time: its last step in case_log
 * (GRIDI_CASE_LAST_STEP_SQL) or its stamps, an imported case's times.
 * Returns 1, 0 when there is no such case, or -1 with err.
 */
static int
load_case(struct grid_cases *cs, const char *id, struct gridi_case *c,
    struct grid_error *err)
{
	sqlite3_stmt *st = gridi_cases_stmt(cs, GRIDI_Q_LOAD, err);
	char *logged = NULL;
	int rc, found;

	if (st == NULL)
		return -1;
	bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		found = copy_row(st, c) == 0 ? 1 : oom(err);
	else if (rc == SQLITE_DONE)
		found = 0;
	else
		found = grid_db_error(cs->db, rc, "reading cases", err);
	sqlite3_reset(st);
	if (found != 1)
		return found;
	if (gridi_cases_query(cs, GRIDI_Q_LAST_STEP, id, NULL, &logged,
	    err) < 0)
		return -1;
	if (note_time(c, logged) != 0)
		found = oom(err);
	free(logged);
	return found;
}

int
gridi_case_write(struct grid_cases *cs, const struct gridi_case *c,
    struct grid_error *err)
{
	sqlite3_stmt *st = gridi_cases_stmt(cs, GRIDI_Q_UPDATE, err);
	int i, rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, c->id);
	bind_text(st, 2, gridi_status_name(c->status));
	bind_text(st, 3, gridi_level_name(c->level));
	bind_text(st, 4, c->dept);
	bind_text(st, 5, c->deadline);
	bind_text(st, 6, c->rating);
	bind_text(st, 7, c->duplicate_of);
	sqlite3_bind_int(st, 8, c->overdue);
	sqlite3_bind_int(st, 9, c->rework);
	for (i = 0; i < GRIDI_NSTAMP; i++)
		bind_text(st, 10 + i, c->stamp[i]);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(cs->db, rc, "updating the case", err);
	return 0;
}

int
gridi_case_log(struct grid_cases *cs, const char *id, const char *at,
    const char *actor, const char *action, int from, int to,
    const char *note, const char *worker, struct grid_error *err)
{
	sqlite3_stmt *st = gridi_cases_stmt(cs, GRIDI_Q_LOG, err);
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, id);
	bind_text(st, 2, at);
	bind_text(st, 3, actor);
	bind_text(st, 4, action);
	bind_text(st, 5, from >= 0 ? gridi_status_name(from) : NULL);
	bind_text(st, 6, to >= 0 ? gridi_status_name(to) : NULL);
	bind_text(st, 7, note != NULL && note[0] != '\0' ? note : NULL);
	bind_text(st, 8, worker);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(cs->db, rc, "writing case_log", err);
	return 0;
}

/* ---- steps ---- */

int
gridi_step_fail(struct gridi_step *s, int code, const char *field,
    const char *fmt, ...)
{
	char text[sizeof(s->err->text)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), _(fmt), ap);
	va_end(ap);
	return grid_error_set(s->err, code, NULL, 0, field, "%s: %s",
	    s->subject, text);
}

int
gridi_step_time(struct gridi_step *s, const char *field, const char *text,
    char *out, time_t *t)
{
	char parsed[64];
	struct grid_error bad;

	if (grid_time_parse(text, parsed, sizeof(parsed), &bad) != 0 ||
	    grid_time_to_epoch(parsed, t) != 0)
		return gridi_step_fail(s, GRID_EDATA, field, "%s", bad.text);
	grid_time_format(*t, out, 32);
	if (out[0] == '\0')
		return gridi_step_fail(s, GRID_EDATA, field,
		    "time out of range '%s'", text);
	return 0;
}

int
gridi_step_at(struct gridi_step *s, time_t now)
{
	char now_text[32];

	if (s->in->at == NULL) {
		s->at = now;
		grid_time_format(now, s->at_text, sizeof(s->at_text));
	} else if (gridi_step_time(s, "at", s->in->at, s->at_text,
	    &s->at) != 0)
		return -1;
	if (s->at > now)
		return gridi_step_fail(s, GRID_EDATA, "at",
		    "--at %s is in the future (now is %s)", s->at_text,
		    grid_time_format(now, now_text, sizeof(now_text)));
	if (s->c->last_at != NULL && s->at < s->c->last)
		return gridi_step_fail(s, GRID_EDATA, "at",
		    "--at %s is before its last step at %s", s->at_text,
		    s->c->last_at);
	return 0;
}

int
gridi_step_worker(struct gridi_step *s)
{
	int found;

	if (s->in->worker == NULL)
		return 0;
	found = gridi_cases_query(s->cs, GRIDI_Q_WORKER, s->in->worker, NULL,
	    NULL, s->err);
	if (found == 0)
		return gridi_step_fail(s, GRID_EDATA, "worker",
		    "unknown worker '%s'", s->in->worker);
	return found < 0 ? -1 : 0;
}

int
gridi_case_run(struct gridi_step *s, enum grid_case_verb verb,
    enum grid_case_verdict verdict)
{
	const struct transition *t = find_transition(verb, s->c->status,
	    verdict);
	int from = s->c->status;

	if (t == NULL || t->fn == NULL)
		return grid_error_set(s->err, GRID_EINTERNAL, NULL, 0, NULL,
		    "%s: no step %s from %s", s->subject,
		    grid_case_verb_name(verb), gridi_status_name(from));
	s->to = t->to == SAME ? from : t->to;
	grid_buf_reset(&s->note);
	if (t->fn(s) != 0)
		return -1;
	s->c->status = s->to;
	s->logged++;
	return gridi_case_log(s->cs, s->c->id, s->at_text, s->in->actor,
	    grid_case_verb_name(verb), from, s->to, s->note.data,
	    verb == GRID_VERB_VERIFY ? s->in->worker : NULL, s->err);
}

static void
fill_result(const struct gridi_step *s, int from, int logged,
    struct grid_case_result *out)
{
	if (out == NULL)
		return;
	snprintf(out->id, sizeof(out->id), "%s", s->c->id);
	snprintf(out->from, sizeof(out->from), "%s",
	    from >= 0 ? gridi_status_name(from) : "");
	snprintf(out->to, sizeof(out->to), "%s",
	    gridi_status_name(s->c->status));
	snprintf(out->level, sizeof(out->level), "%s",
	    gridi_level_name(s->c->level));
	snprintf(out->at, sizeof(out->at), "%s", s->at_text);
	snprintf(out->deadline, sizeof(out->deadline), "%s",
	    s->c->deadline != NULL ? s->c->deadline : "");
	out->logged = logged;
	snprintf(out->notice, sizeof(out->notice), "%s", s->notice);
}

int
gridi_step_atomic(struct gridi_step *s,
    int (*fn)(struct gridi_step *s, void *ctx), void *ctx)
{
	struct grid_cases *cs = s->cs;

	if (gridi_cases_exec(cs, GRIDI_Q_SAVEPOINT, NULL, NULL, s->err) != 0)
		return -1;
	if (fn(s, ctx) == 0)
		return gridi_cases_exec(cs, GRIDI_Q_RELEASE, NULL, NULL,
		    s->err);
	gridi_cases_exec(cs, GRIDI_Q_ROLLBACK, NULL, NULL, NULL);
	gridi_cases_exec(cs, GRIDI_Q_RELEASE, NULL, NULL, NULL);
	return -1;
}

/* The one row of the step's verb, then the case written back. */
static int
run_and_write(struct gridi_step *s, void *ctx)
{
	if (gridi_case_run(s, grid_case_verb_parse(s->in->verb),
	    s->in->verdict) != 0)
		return -1;
	return gridi_case_write(s->cs, s->c, s->err);
}

/* A step on an existing case: the table, the time, then the work. */
static int
apply_existing(struct gridi_step *s, time_t now, struct grid_case_result *out)
{
	const struct grid_case_step *in = s->in;
	int from, found, verb = grid_case_verb_parse(in->verb);

	if (in->id == NULL || in->id[0] == '\0')
		return grid_error_set(s->err, GRID_EDATA, NULL, 0, "id",
		    "%s: which case? no id given", in->verb);
	if ((found = load_case(s->cs, in->id, s->c, s->err)) <= 0)
		return found < 0 ? -1 : gridi_step_fail(s, GRID_EDATA, "id",
		    "no such case");
	from = s->c->status;
	if (from < 0)
		return gridi_step_fail(s, GRID_EDATA, "status",
		    "unknown status in the database");
	if (find_transition(verb, from, GRID_VERDICT_NONE) == NULL &&
	    find_transition(verb, from, GRID_VERDICT_PASS) == NULL)
		return gridi_step_fail(s, GRID_EDATA, NULL,
		    "cannot %s a case that is %s", in->verb,
		    gridi_status_name(from));
	if (find_transition(verb, from, in->verdict) == NULL)
		return gridi_step_fail(s, GRID_EDATA, "verdict",
		    "%s needs pass or fail", in->verb);
	if (s->c->level < 0)
		s->c->level = GRIDI_GRID;
	if (gridi_step_at(s, now) != 0 ||
	    gridi_step_atomic(s, run_and_write, NULL) != 0)
		return -1;
	fill_result(s, from, s->logged, out);
	return 0;
}

/*
 * The fields a verb cannot do without, as the handlers of case_steps.c
 * require them: the member of struct grid_case_step, its name, and what
 * the message calls it.
 */
static const struct required {
	enum grid_case_verb verb;
	size_t member;
	const char *field, *what;
} required[] = {
	{ GRID_VERB_VOID, offsetof(struct grid_case_step, reason), "reason",
	    "a reason" },
	{ GRID_VERB_RETURN, offsetof(struct grid_case_step, reason), "reason",
	    "a reason" },
	{ GRID_VERB_PARK, offsetof(struct grid_case_step, reason), "reason",
	    "a reason" },
	{ GRID_VERB_ESCALATE, offsetof(struct grid_case_step, reason), "reason",
	    "a reason" },
	{ GRID_VERB_EXTEND, offsetof(struct grid_case_step, approver), "approver",
	    "an approver" },
	{ GRID_VERB_HANDLE, offsetof(struct grid_case_step, note), "note", "a note" },
	{ GRID_VERB_RATE, offsetof(struct grid_case_step, rating), "rating",
	    "a rating" },
	{ GRID_VERB_MERGE, offsetof(struct grid_case_step, into), "into",
	    "the case to merge into" },
	{ GRID_VERB_REPLY, offsetof(struct grid_case_step, text), "text",
	    "a text" },
};

static int
given(const char *text)
{
	return text != NULL && text[0] != '\0';
}

/* report: a source, a category, a place; a point has both x and y. */
static int
report_complete(const struct grid_case_report *r, struct grid_error *err)
{
	if (r == NULL || !given(r->source))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "source",
		    "report needs a source");
	if (!given(r->category_code))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0,
		    "category_code", "report needs a category");
	if (given(r->x) != given(r->y))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0,
		    given(r->x) ? "y" : "x", "a point needs both x and y");
	if (!given(r->x) && !given(r->address) && !given(r->grid_code) &&
	    !given(r->component_code))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "grid_code",
		    "report needs a place: x and y, an address, a grid or a "
		    "component");
	return 0;
}

int
grid_case_step_complete(const struct grid_case_step *in,
    struct grid_error *err)
{
	const char *value;
	size_t i;
	int verb = grid_case_verb_parse(in->verb);

	grid_error_clear(err);
	if (verb < 0)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "verb",
		    "unknown verb '%s'", in->verb != NULL ? in->verb : "");
	if (verb == GRID_VERB_REPORT)
		return report_complete(in->report, err);
	for (i = 0; i < GRIDI_ARRAY_LEN(required); i++) {
		if ((int)required[i].verb != verb)
			continue;
		memcpy(&value, (const char *)in + required[i].member,
		    sizeof(value));
		if (!given(value))
			return grid_error_set(err, GRID_EUSAGE, NULL, 0,
			    required[i].field, "%s needs %s", in->verb,
			    required[i].what);
	}
	if (strcmp(in->verb, "extend") == 0 &&
	    given(in->until) == given(in->hours))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "until",
		    "extend needs either until or hours");
	if (strcmp(in->verb, "verify") == 0 &&
	    in->verdict == GRID_VERDICT_NONE)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "verdict",
		    "verify needs pass or fail");
	if (strcmp(in->verb, "verify") == 0 &&
	    in->verdict == GRID_VERDICT_FAIL && !given(in->note))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "note",
		    "verify needs a note");
	return 0;
}

int
grid_case_apply(struct grid_cases *cs, const struct grid_case_step *in,
    struct grid_case_result *out, struct grid_error *err)
{
	struct gridi_case c;
	struct gridi_step s;
	time_t now;
	int rc = -1;

	grid_error_clear(err);
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (!verb_known(in->verb))
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "verb",
		    "unknown verb '%s'", in->verb != NULL ? in->verb : "");
	if (in->actor == NULL || in->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "%s: no actor given", in->verb);
	if (grid_now(&now, err) != 0)
		return -1;
	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	s.cs = cs;
	s.in = in;
	s.c = &c;
	s.err = err;
	if (in->id != NULL)
		snprintf(s.subject, sizeof(s.subject), "case %s", in->id);
	else
		snprintf(s.subject, sizeof(s.subject), "new case");
	grid_buf_init(&s.note, 64 * 1024);
	if (strcmp(in->verb, "report") == 0) {
		if ((rc = gridi_case_report(&s, now)) == 0)
			fill_result(&s, -1, s.logged, out);
	} else
		rc = apply_existing(&s, now, out);
	grid_buf_release(&s.note);
	gridi_case_release(&c);
	return rc;
}

int
grid_case_log_reveal(struct grid_cases *cs, const char *id,
    const char *actor, const char *note, struct grid_error *err)
{
	char *status = NULL, at[32];
	time_t now;
	int found, st, rc = -1;

	if (actor == NULL || actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "reveal: no actor given");
	if (grid_now(&now, err) != 0)
		return -1;
	grid_time_format(now, at, sizeof(at));
	found = gridi_cases_query(cs, GRIDI_Q_STATUS, id, NULL, &status, err);
	if (found == 0)
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "case %s: no such case", id);
	if (found == 1) {
		st = status != NULL ? gridi_status_parse(status) : -1;
		rc = gridi_case_log(cs, id, at, actor, "reveal", st, st, note,
		    NULL, err);
	}
	free(status);
	return rc;
}
