/*
 * disputes.c - the details of a dispute (disputes.h): its parties,
 * mediator and kind of mediation, its mediation attempts and outcome,
 * each change with its case_log row in one savepoint; and the rows that
 * show them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/disputes.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "internal.h"

/* A case as the dispute steps need it. */
struct target {
	const char *id;
	char status[16];
	char level[16];
	char reported_at[40];
	time_t reported;
};

static const char case_sql[] =
"SELECT c.status, c.level, c.reported_at, c.category_code, k.case_type\n"
"FROM cases c LEFT JOIN categories k ON k.code = c.category_code\n"
"WHERE c.id = ?1";

/* Copies column i of st into out (size n); "" for NULL. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	grid_text_copy(out, n, t != NULL ? t : "");
}

/*
 * Reads case id into t and checks it is a dispute: 0, or -1 with err
 * (no such case; not of a dispute category).
 */
static int
load_dispute(struct grid_db *db, const char *id, struct target *t,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char category[32], type[16];
	int rc;

	memset(t, 0, sizeof(*t));
	t->id = id;
	if (id == NULL || id[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "case_id",
		    "no case given");
	if (grid_db_prepare(db, case_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		column_copy(st, 0, t->status, sizeof(t->status));
		column_copy(st, 1, t->level, sizeof(t->level));
		column_copy(st, 2, t->reported_at, sizeof(t->reported_at));
		column_copy(st, 3, category, sizeof(category));
		column_copy(st, 4, type, sizeof(type));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "case %s: no such case", id);
	if (rc != SQLITE_ROW)
		return grid_db_error(db, rc, "reading cases", err);
	if (strcmp(type, "dispute") != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0,
		    "category_code", "case %s: category %s is not a dispute "
		    "category (case_type dispute)", id, category[0] != '\0' ?
		    category : "(none)");
	if (grid_time_to_epoch(t->reported_at, &t->reported) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "reported_at",
		    "case %s: bad reported_at '%s'", id, t->reported_at);
	return 0;
}

/* The case may change: not voided, closed or merged.  0 or -1. */
static int
check_open(const struct target *t, struct grid_error *err)
{
	if (strcmp(t->status, "voided") == 0 ||
	    strcmp(t->status, "closed") == 0 ||
	    strcmp(t->status, "merged") == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "status",
		    "case %s: cannot record a dispute step on a case that is "
		    "%s", t->id, t->status);
	return 0;
}

/*
 * The step's time from text (NULL: now) into out (size >= 32): not in
 * the future, not before the case was reported.  0 or -1 with err.
 */
static int
step_time(const struct target *t, const char *text, char *out, time_t *at,
    struct grid_error *err)
{
	char now_text[32];
	time_t now;

	if (grid_now(&now, err) != 0)
		return -1;
	if (text == NULL) {
		*at = now;
		grid_time_format(now, out, 32);
		return 0;
	}
	if (grid_time_parse(text, out, 32, err) != 0 ||
	    grid_time_to_epoch(out, at) != 0) {
		grid_error_locate(err, NULL, 0, "at");
		return -1;
	}
	if (*at > now)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "at",
		    "case %s: --at %s is in the future (now is %s)", t->id,
		    out, grid_time_format(now, now_text, sizeof(now_text)));
	if (*at < t->reported)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "at",
		    "case %s: --at %s is before the case was reported, %s",
		    t->id, out, t->reported_at);
	return 0;
}

/*
 * The canonical value of text in vocabulary name (field), or NULL with
 * err naming the choices.
 */
static const char *
vocab_value(const char *name, const char *field, const char *id,
    const char *text, struct grid_error *err)
{
	const struct grid_vocab *v = grid_vocab_find(name);
	const char *value = grid_vocab_lookup(v, text);

	if (value == NULL)
		grid_error_set(err, GRID_EDATA, NULL, 0, field,
		    "case %s: bad %s '%s' (one of: %s)", id, field, text,
		    grid_vocab_values(v));
	return value;
}

/*
 * Runs sql with text parameters a and b (either NULL) and copies the
 * first column of its first row into out (size n; may be NULL).
 * Returns 1 (a row), 0 (none) or -1 with err.
 */
static int
query_text(struct grid_db *db, const char *sql, const char *a,
    const char *b, char *out, size_t n, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out != NULL)
			column_copy(st, 0, out, n);
		rc = 1;
	} else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = grid_db_error(db, rc, "reading disputes", err);
	sqlite3_finalize(st);
	return rc;
}

/* Runs sql, which returns no row, with up to four text parameters. */
static int
exec4(struct grid_db *db, const char *sql, const char *const *p,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int i, rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	for (i = 0; i < 4 && p[i] != NULL; i++)
		sqlite3_bind_text(st, i + 1, p[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "writing disputes", err);
	return 0;
}

/* Appends a case_log row of action, the case's status before and after. */
static int
log_row(struct grid_db *db, const struct target *t, const char *at,
    const char *actor, const char *action, const char *note,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, "INSERT INTO case_log (case_id, at, actor, "
	    "action, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?5, ?6)", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "writing case_log", err);
	return 0;
}

/* The note of a log row: what was done, then the user's note. */
static int
note_text(struct grid_buf *b, const char *user, struct grid_error *err)
{
	if (user != NULL && user[0] != '\0' &&
	    grid_buf_addf(b, "; %s", user) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "note",
		    "note too long");
	return 0;
}

static int
ensure_row(struct grid_db *db, const char *id, struct grid_error *err)
{
	const char *p[] = { id, NULL };

	return exec4(db, "INSERT OR IGNORE INTO disputes (case_id) "
	    "VALUES (?1)", p, err);
}

/*
 * Adds party text with role: a person of people or an org of orgs,
 * not a party of the case yet.  0 or -1 with err.
 */
static int
add_party(struct grid_db *db, const struct target *t, size_t i,
    const char *given, const char *role, const char *at, const char *actor,
    const char *note, struct grid_error *err)
{
	char kind[16], text[64];
	const char *p[4];
	struct grid_buf b;
	size_t len;
	int found, rc = -1;

	/* an ID number's check character as registers keep it: X */
	grid_text_copy(text, sizeof(text), given);
	if ((len = strlen(text)) == 18 && text[17] == 'x')
		text[17] = 'X';
	found = query_text(db, "SELECT 'person' FROM people WHERE "
	    "id_number = ?1 UNION ALL SELECT 'org' FROM orgs WHERE "
	    "uscc = ?1 LIMIT 1", text, NULL, kind, sizeof(kind), err);
	if (found == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "party",
		    "case %s: party %zu '%s' is neither a person in people "
		    "nor an organisation in orgs", t->id, i + 1, text);
	if (found < 0)
		return -1;
	found = query_text(db, "SELECT 1 FROM case_parties WHERE "
	    "case_id = ?1 AND (id_number = ?2 OR org_uscc = ?2)", t->id,
	    text, NULL, 0, err);
	if (found > 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "party",
		    "case %s: party %zu '%s' is a party of it already", t->id,
		    i + 1, text);
	if (found < 0)
		return -1;
	p[0] = t->id;
	p[1] = role;
	p[2] = text;
	p[3] = NULL;
	if (exec4(db, strcmp(kind, "person") == 0 ?
	    "INSERT INTO case_parties (case_id, role, id_number) "
	    "VALUES (?1, ?2, ?3)" : "INSERT INTO case_parties (case_id, "
	    "role, org_uscc) VALUES (?1, ?2, ?3)", p, err) != 0)
		return -1;
	/* the log names the row, not the person: case_log is not masked */
	grid_buf_init(&b, 4096);
	if (grid_buf_addf(&b, "party %lld: %s, %s", (long long)
	    sqlite3_last_insert_rowid(grid_db_sqlite(db)), kind, role) != 0)
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else if (note_text(&b, note, err) == 0)
		rc = log_row(db, t, at, actor, "party", b.data, err);
	grid_buf_release(&b);
	return rc;
}

/* The mediator and kind of mediation of d, with their log row. */
static int
set_mediator(struct grid_db *db, const struct target *t,
    const struct grid_dispute_details *d, const char *at,
    struct grid_error *err)
{
	const char *mediation = NULL, *mediator = d->mediator, *p[4];
	char worker_name[256];
	struct grid_buf b;
	int found, rc = -1;

	if (d->mediation != NULL && (mediation = vocab_value("mediation",
	    "mediation", t->id, d->mediation, err)) == NULL)
		return -1;
	if (d->mediator_id != NULL) {
		found = query_text(db, "SELECT name FROM workers WHERE "
		    "id = ?1", d->mediator_id, NULL, worker_name,
		    sizeof(worker_name), err);
		if (found == 0)
			return grid_error_set(err, GRID_EDATA, NULL, 0,
			    "mediator_id", "case %s: worker '%s' is not in "
			    "workers", t->id, d->mediator_id);
		if (found < 0)
			return -1;
		if (mediator == NULL)
			mediator = worker_name;
	}
	p[0] = t->id;
	p[1] = mediator;
	p[2] = NULL;
	if (mediator != NULL && (exec4(db, "UPDATE disputes SET mediator = ?2,"
	    " mediator_id = NULL WHERE case_id = ?1", p, err) != 0))
		return -1;
	p[1] = d->mediator_id;
	if (d->mediator_id != NULL && exec4(db, "UPDATE disputes SET "
	    "mediator_id = ?2 WHERE case_id = ?1", p, err) != 0)
		return -1;
	p[1] = mediation;
	if (mediation != NULL && exec4(db, "UPDATE disputes SET mediation = "
	    "?2 WHERE case_id = ?1", p, err) != 0)
		return -1;
	grid_buf_init(&b, 4096);
	if ((mediator != NULL && grid_buf_addf(&b, "mediator %.200s%s%.64s%s",
	    mediator, d->mediator_id != NULL ? " (worker " : "",
	    d->mediator_id != NULL ? d->mediator_id : "",
	    d->mediator_id != NULL ? ")" : "") != 0) ||
	    (mediation != NULL && grid_buf_addf(&b, "%smediation %s",
	    b.len > 0 ? ", " : "", mediation) != 0))
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else if (note_text(&b, d->note, err) == 0)
		rc = log_row(db, t, at, d->actor, "dispute", b.data, err);
	grid_buf_release(&b);
	return rc;
}

/* The writes of grid_dispute_record, in its savepoint. */
static int
record(struct grid_db *db, const struct target *t,
    const struct grid_dispute_details *d, const char *role,
    const char *at, int *logged, struct grid_error *err)
{
	size_t i;

	if (ensure_row(db, t->id, err) != 0)
		return -1;
	for (i = 0; i < d->nparties; i++) {
		if (add_party(db, t, i, d->parties[i], role, at, d->actor,
		    d->note, err) != 0)
			return -1;
		(*logged)++;
	}
	if (d->mediator == NULL && d->mediator_id == NULL &&
	    d->mediation == NULL)
		return 0;
	if (set_mediator(db, t, d, at, err) != 0)
		return -1;
	(*logged)++;
	return 0;
}

/* Runs the writes between SAVEPOINT and RELEASE, or rolls them back. */
static int
savepoint_end(struct grid_db *db, int ok, struct grid_error *err)
{
	if (ok)
		return grid_db_exec(db, "RELEASE grid_dispute", err);
	grid_db_exec(db, "ROLLBACK TO grid_dispute", NULL);
	grid_db_exec(db, "RELEASE grid_dispute", NULL);
	return -1;
}

int
grid_dispute_record(struct grid_db *db,
    const struct grid_dispute_details *d, int *logged,
    struct grid_error *err)
{
	struct target t;
	const char *role = "party";
	char at[32];
	time_t when;
	int n = 0, rc;

	if (d->actor == NULL || d->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "dispute: no actor given");
	if (load_dispute(db, d->case_id, &t, err) != 0 ||
	    check_open(&t, err) != 0 ||
	    step_time(&t, d->at, at, &when, err) != 0)
		return -1;
	if (d->role != NULL && (role = vocab_value("party_role", "role",
	    t.id, d->role, err)) == NULL)
		return -1;
	if (d->nparties == 0 && d->mediator == NULL &&
	    d->mediator_id == NULL && d->mediation == NULL) {
		if (logged != NULL)
			*logged = 0;
		return 0;	/* nothing to record */
	}
	if (grid_db_exec(db, "SAVEPOINT grid_dispute", err) != 0)
		return -1;
	rc = savepoint_end(db, record(db, &t, d, role, at, &n, err) == 0,
	    err);
	if (rc == 0 && logged != NULL)
		*logged = n;
	return rc;
}

/* The attempt's row, the outcome when final, the log row. */
static int
attempt(struct grid_db *db, const struct target *t,
    const struct grid_dispute_attempt *a, const char *result,
    const char *level, const char *at, long long *id,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *p[4];
	struct grid_buf b;
	int rc, final = strcmp(result, "continued") != 0;

	if (ensure_row(db, t->id, err) != 0 ||
	    grid_db_prepare(db, "INSERT INTO dispute_attempts (case_id, at, "
	    "mediator, level, result, actor, note) VALUES (?1, ?2, "
	    "coalesce(?3, (SELECT mediator FROM disputes WHERE case_id = "
	    "?1)), ?4, ?5, ?6, ?7)", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->mediator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, result, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "writing dispute_attempts", err);
	*id = sqlite3_last_insert_rowid(grid_db_sqlite(db));
	p[0] = t->id;
	p[1] = result;
	p[2] = at;
	p[3] = level;
	if (final && exec4(db, "UPDATE disputes SET outcome = ?2, outcome_at "
	    "= ?3, outcome_level = ?4 WHERE case_id = ?1", p, err) != 0)
		return -1;
	p[1] = a->agreement;
	p[2] = NULL;
	if (a->agreement != NULL && exec4(db, "UPDATE disputes SET agreement "
	    "= ?2 WHERE case_id = ?1", p, err) != 0)
		return -1;
	grid_buf_init(&b, 8192);
	rc = -1;
	if (grid_buf_addf(&b, "attempt %lld: %s, %s%s%s", *id, level, result,
	    final ? ", outcome " : "", final ? result : "") != 0 ||
	    (a->agreement != NULL && grid_buf_addf(&b, "; agreement: %.2000s",
	    a->agreement) != 0))
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	else if (note_text(&b, a->note, err) == 0)
		rc = log_row(db, t, at, a->actor, "mediate", b.data, err);
	grid_buf_release(&b);
	return rc;
}

/* The outcome must not be final yet.  0 or -1 with err. */
static int
check_not_final(struct grid_db *db, const struct target *t,
    struct grid_error *err)
{
	char outcome[64];
	int found;

	found = query_text(db, "SELECT outcome || ' at ' || outcome_at FROM "
	    "disputes WHERE case_id = ?1 AND outcome IS NOT NULL", t->id,
	    NULL, outcome, sizeof(outcome), err);
	if (found > 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "result",
		    "case %s: the dispute has ended already (%s): no attempt "
		    "after its outcome", t->id, outcome);
	return found < 0 ? -1 : 0;
}

int
grid_dispute_mediate(struct grid_db *db,
    const struct grid_dispute_attempt *a, long long *id,
    struct grid_error *err)
{
	struct target t;
	const char *result, *level;
	char at[32];
	long long row = 0;
	time_t when;

	if (a->actor == NULL || a->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "mediate: no actor given");
	if (load_dispute(db, a->case_id, &t, err) != 0 ||
	    check_open(&t, err) != 0 || check_not_final(db, &t, err) != 0)
		return -1;
	if (a->result == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "result",
		    "case %s: mediate needs a result", t.id);
	if ((result = vocab_value("dispute_result", "result", t.id,
	    a->result, err)) == NULL)
		return -1;
	level = t.level;
	if (a->level != NULL && (level = vocab_value("level", "level", t.id,
	    a->level, err)) == NULL)
		return -1;
	if (a->agreement != NULL && strcmp(result, "continued") == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "agreement",
		    "case %s: an agreement ends the dispute: not with result "
		    "continued", t.id);
	if (step_time(&t, a->at, at, &when, err) != 0 ||
	    grid_db_exec(db, "SAVEPOINT grid_dispute", err) != 0)
		return -1;
	if (savepoint_end(db, attempt(db, &t, a, result, level, at, &row,
	    err) == 0, err) != 0)
		return -1;
	if (id != NULL)
		*id = row;
	return 0;
}

/* ---- the rows ---- */

static const struct grid_column dispute_columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "category_code", GRID_COL_TEXT },
	{ "status", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "reported_at", GRID_COL_TEXT }, { "parties", GRID_COL_INT },
	{ "mediator", GRID_COL_TEXT }, { "mediator_id", GRID_COL_TEXT },
	{ "mediation", GRID_COL_TEXT }, { "attempts", GRID_COL_INT },
	{ "last_attempt_at", GRID_COL_TEXT }, { "last_result", GRID_COL_TEXT },
	{ "outcome", GRID_COL_TEXT }, { "outcome_at", GRID_COL_TEXT },
	{ "outcome_level", GRID_COL_TEXT }, { "agreement", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(dispute_columns) == GRID_DISPUTE_NCOLUMN,
    "GRID_DISPUTE_NCOLUMN counts the columns");

static const struct grid_column party_columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "role", GRID_COL_TEXT },
	{ "kind", GRID_COL_TEXT }, { "party", GRID_COL_TEXT },
	{ "name", GRID_COL_TEXT }, { "phone", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(party_columns) ==
    GRID_DISPUTE_PARTY_NCOLUMN, "GRID_DISPUTE_PARTY_NCOLUMN counts them");

static const struct grid_column attempt_columns[] = {
	{ "id", GRID_COL_INT }, { "case_id", GRID_COL_TEXT },
	{ "at", GRID_COL_TEXT }, { "level", GRID_COL_TEXT },
	{ "result", GRID_COL_TEXT }, { "mediator", GRID_COL_TEXT },
	{ "actor", GRID_COL_TEXT }, { "note", GRID_COL_TEXT },
};
_Static_assert(GRIDI_ARRAY_LEN(attempt_columns) ==
    GRID_DISPUTE_ATTEMPT_NCOLUMN, "GRID_DISPUTE_ATTEMPT_NCOLUMN counts them");

const struct grid_column *
grid_dispute_columns(size_t *n)
{
	if (n != NULL)
		*n = GRID_DISPUTE_NCOLUMN;
	return dispute_columns;
}

const struct grid_column *
grid_dispute_party_columns(size_t *n)
{
	if (n != NULL)
		*n = GRID_DISPUTE_PARTY_NCOLUMN;
	return party_columns;
}

const struct grid_column *
grid_dispute_attempt_columns(size_t *n)
{
	if (n != NULL)
		*n = GRID_DISPUTE_ATTEMPT_NCOLUMN;
	return attempt_columns;
}

static const char show_sql[] =
"SELECT c.id, c.category_code, c.status, c.level, c.reported_at,\n"
"  (SELECT count(*) FROM case_parties p WHERE p.case_id = c.id),\n"
"  d.mediator, d.mediator_id, d.mediation,\n"
"  (SELECT count(*) FROM dispute_attempts a WHERE a.case_id = c.id),\n"
"  (SELECT max(a.at) FROM dispute_attempts a WHERE a.case_id = c.id),\n"
"  (SELECT a.result FROM dispute_attempts a WHERE a.case_id = c.id\n"
"    ORDER BY unixepoch(a.at) DESC, a.id DESC LIMIT 1),\n"
"  d.outcome, d.outcome_at, d.outcome_level, d.agreement\n"
"FROM cases c LEFT JOIN disputes d ON d.case_id = c.id\n"
"WHERE c.id = ?1";

static const char parties_sql[] =
"SELECT p.case_id, p.role,\n"
"  CASE WHEN p.id_number IS NOT NULL THEN 'person' ELSE 'org' END,\n"
"  coalesce(p.id_number, p.org_uscc), coalesce(pe.name, o.name),\n"
"  coalesce(pe.phone, o.phone)\n"
"FROM case_parties p LEFT JOIN people pe ON pe.id_number = p.id_number\n"
"  LEFT JOIN orgs o ON o.uscc = p.org_uscc\n"
"WHERE p.case_id = ?1 ORDER BY p.id";

static const char attempts_sql[] =
"SELECT id, case_id, at, level, result, mediator, actor, note\n"
"FROM dispute_attempts WHERE case_id = ?1\n"
"ORDER BY unixepoch(at), id";

/* Steps sql (one text parameter, id) handing each row of n columns. */
static int
each_row(struct grid_db *db, const char *sql, const char *id, size_t n,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err)
{
	const char *values[GRID_DISPUTE_NCOLUMN];
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	if (grid_db_prepare(db, sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n && i < GRID_DISPUTE_NCOLUMN; i++)
			values[i] = (const char *)sqlite3_column_text(st,
			    (int)i);
		if (on_row(ctx, values) != 0) {
			sqlite3_finalize(st);
			return grid_error_set(err, 0, NULL, 0, NULL,
			    "stopped");
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading disputes", err);
	return 0;
}

int
grid_dispute_is(struct grid_db *db, const char *id, struct grid_error *err)
{
	char type[16];
	int found;

	found = query_text(db, "SELECT ifnull(k.case_type, '') FROM cases c "
	    "LEFT JOIN categories k ON k.code = c.category_code "
	    "WHERE c.id = ?1", id, NULL, type, sizeof(type), err);
	if (found == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "case_id",
		    "case %s: no such case", id);
	if (found < 0)
		return -1;
	return strcmp(type, "dispute") == 0;
}

int
grid_dispute_show(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct target t;

	if (load_dispute(db, id, &t, err) != 0)
		return -1;
	return each_row(db, show_sql, id, GRID_DISPUTE_NCOLUMN, on_row, ctx,
	    err);
}

int
grid_dispute_parties(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct target t;

	if (load_dispute(db, id, &t, err) != 0)
		return -1;
	return each_row(db, parties_sql, id, GRID_DISPUTE_PARTY_NCOLUMN,
	    on_row, ctx, err);
}

int
grid_dispute_attempts(struct grid_db *db, const char *id,
    grid_dispute_row_fn on_row, void *ctx, struct grid_error *err)
{
	struct target t;

	if (load_dispute(db, id, &t, err) != 0)
		return -1;
	return each_row(db, attempts_sql, id, GRID_DISPUTE_ATTEMPT_NCOLUMN,
	    on_row, ctx, err);
}
