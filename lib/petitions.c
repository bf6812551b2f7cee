/*
 * petitions.c - the petition's own record (petitions.h): its details and
 * petitioners, acceptance, answer, review and follow-through, each with
 * its case_log row under one savepoint.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/calendar.h"
#include "grid/cases.h"
#include "grid/codes.h"
#include "grid/petitions.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "cases_internal.h"
#include "petitions_internal.h"
#include "internal.h"

static const char *const action_names[] = {
	"petition", "accept", "answer", "review", "follow-through"
};

const char *
grid_petition_action_name(enum grid_petition_action a)
{
	return (size_t)a < GRIDI_ARRAY_LEN(action_names) ? action_names[a] :
	    "";
}

/* The case and its petition row as an action finds them. */
struct petition {
	const struct grid_petition_step *in;
	struct grid_db *db;
	struct grid_error *err;
	char subject[GRID_CODE_MAX + 16];	/* "case ID" */
	char status[16], source[32], category[32], case_type[16];
	char last_at[40];
	int has_row;		/* a petitions row exists */
	char accepted_at[40], reply_due[40], replied_at[40], reviewed_at[40];
	char reached[16], competent[16];	/* the row's, after an update */
	char at_text[32];
	time_t at;
	struct grid_buf note;
};

/* "case ID: ..." in err, code and field; returns -1. */
static int
fail(struct petition *p, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct petition *p, int code, const char *field, const char *fmt, ...)
{
	char text[sizeof(p->err->text)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), _(fmt), ap);
	va_end(ap);
	return grid_error_set(p->err, code, NULL, 0, field, "%s: %s",
	    p->subject, text);
}

/* Copies column i of st into out (size n): "" for NULL. */
static void
column_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	grid_text_copy(out, n, v != NULL ? v : "");
}

/*
 * Runs sql with text parameters (NULL-ended), calling row for each row.
 * Returns the number of rows, or -1 with err.
 */
static int
query(struct petition *p, const char *sql, const char *what,
    void (*row)(struct petition *, sqlite3_stmt *), ...)
{
	sqlite3_stmt *st = NULL;
	const char *arg;
	va_list ap;
	int rc, i = 1, rows = 0;

	if (grid_db_prepare(p->db, sql, &st, p->err) != 0)
		return -1;
	va_start(ap, row);
	while ((arg = va_arg(ap, const char *)) != NULL)
		sqlite3_bind_text(st, i++, arg, -1, SQLITE_STATIC);
	va_end(ap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (row != NULL)
			row(p, st);
		rows++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(p->db, rc, what, p->err);
	return rows;
}

static void
case_row(struct petition *p, sqlite3_stmt *st)
{
	column_copy(st, 0, p->status, sizeof(p->status));
	column_copy(st, 1, p->source, sizeof(p->source));
	column_copy(st, 2, p->category, sizeof(p->category));
	column_copy(st, 3, p->case_type, sizeof(p->case_type));
}

static void
last_row(struct petition *p, sqlite3_stmt *st)
{
	column_copy(st, 0, p->last_at, sizeof(p->last_at));
}

static void
petition_row(struct petition *p, sqlite3_stmt *st)
{
	p->has_row = 1;
	column_copy(st, 0, p->accepted_at, sizeof(p->accepted_at));
	column_copy(st, 1, p->reply_due, sizeof(p->reply_due));
	column_copy(st, 2, p->replied_at, sizeof(p->replied_at));
	column_copy(st, 3, p->reviewed_at, sizeof(p->reviewed_at));
}

/* Reads the case, its petition row and its last step.  0 or -1. */
static int
load(struct petition *p)
{
	int found;

	found = query(p, "SELECT c.status, c.source, c.category_code, "
	    "k.case_type FROM cases c LEFT JOIN categories k "
	    "ON k.code = c.category_code WHERE c.id = ?1", "reading cases",
	    case_row, p->in->case_id, (const char *)NULL);
	if (found < 0)
		return -1;
	if (found == 0)
		return fail(p, GRID_EDATA, "case_id", "no such case");
	if (strcmp(p->case_type, "petition") != 0)
		return fail(p, GRID_EDATA, "category_code", "category %s is "
		    "not a petition category (case_type petition: E0901-"
		    "E0904)", p->category[0] != '\0' ? p->category :
		    "(none)");
	if (strcmp(p->source, "petition") != 0)
		return fail(p, GRID_EDATA, "source", "source %s is not "
		    "petition", p->source);
	if (query(p, "SELECT accepted_at, reply_due, replied_at, "
	    "reviewed_at FROM petitions WHERE case_id = ?1",
	    "reading petitions", petition_row, p->in->case_id,
	    (const char *)NULL) < 0)
		return -1;
	return query(p, GRIDI_CASE_LAST_STEP_SQL, "reading case_log",
	    last_row, p->in->case_id, (const char *)NULL) < 0 ? -1 : 0;
}

/* The action's time: given or now; not future, not before the last. */
static int
action_time(struct petition *p)
{
	char parsed[64], now_text[32];
	struct grid_error bad;
	time_t now, last;

	if (grid_now(&now, p->err) != 0)
		return -1;
	if (p->in->at == NULL)
		p->at = now;
	else if (grid_time_parse(p->in->at, parsed, sizeof(parsed),
	    &bad) != 0 || grid_time_to_epoch(parsed, &p->at) != 0)
		return fail(p, GRID_EDATA, "at", "%s", bad.text);
	grid_time_format(p->at, p->at_text, sizeof(p->at_text));
	if (p->at_text[0] == '\0')
		return fail(p, GRID_EDATA, "at", "time out of range '%s'",
		    p->in->at);
	if (p->at > now)
		return fail(p, GRID_EDATA, "at", "--at %s is in the future "
		    "(now is %s)", p->at_text, grid_time_format(now,
		    now_text, sizeof(now_text)));
	if (p->last_at[0] != '\0' && grid_time_to_epoch(p->last_at,
	    &last) == 0 && p->at < last)
		return fail(p, GRID_EDATA, "at", "--at %s is before its last "
		    "step at %s", p->at_text, p->last_at);
	return 0;
}

/* Adds a part to the log row's note, "; " between parts.  0 or -1. */
static int
note_addf(struct petition *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
note_addf(struct petition *p, const char *fmt, ...)
{
	char part[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(part, sizeof(part), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(part))
		return fail(p, GRID_EDATA, "note", "note too long");
	if ((p->note.len > 0 && grid_buf_adds(&p->note, ", ") != 0) ||
	    grid_buf_adds(&p->note, part) != 0)
		return fail(p, GRID_EDATA, "note", "note too long");
	return 0;
}

/*
 * Runs an UPDATE or INSERT with parameters given as (type, value) pairs
 * after sql: 't' a text (NULL binds NULL), 'i' an int; 0 ends them.
 */
static int
write_row(struct petition *p, const char *sql, ...)
{
	sqlite3_stmt *st = NULL;
	const char *text;
	va_list ap;
	int type, i = 1, rc;

	if (grid_db_prepare(p->db, sql, &st, p->err) != 0)
		return -1;
	va_start(ap, sql);
	while ((type = va_arg(ap, int)) != 0) {
		if (type == 'i')
			sqlite3_bind_int(st, i, va_arg(ap, int));
		else if ((text = va_arg(ap, const char *)) != NULL)
			sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
		i++;
	}
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(p->db, rc, "writing petitions", p->err);
	return 0;
}

/* A vocabulary value of field, canonical, or -1.  NULL: not given. */
static int
vocab_value(struct petition *p, const char *vocab, const char *field,
    const char *text, const char **out)
{
	const struct grid_vocab *v = grid_vocab_find(vocab);

	*out = NULL;
	if (text == NULL)
		return 0;
	if (v == NULL || (*out = grid_vocab_lookup(v, text)) == NULL)
		return fail(p, GRID_EDATA, field, "bad %s '%s' (one of: %s)",
		    field, text, v != NULL ? grid_vocab_values(v) : "");
	return 0;
}

static const char *const levels[] = {
	"community", "street", "district", "city", "province", "national"
};

static void
levels_row(struct petition *p, sqlite3_stmt *st)
{
	column_copy(st, 0, p->reached, sizeof(p->reached));
	column_copy(st, 1, p->competent, sizeof(p->competent));
}

static int
level_rank(const char *level)
{
	size_t i;

	for (i = 0; level != NULL && i < GRIDI_ARRAY_LEN(levels); i++)
		if (strcmp(level, levels[i]) == 0)
			return (int)i + 1;
	return 0;
}

/* Adds the petitioners of role; the count added into *added.  0 or -1. */
static int
add_parties(struct petition *p, const char *role,
    const char *const *ids, size_t n, int *added)
{
	char masked[64];
	size_t i;
	int found;

	*added = 0;
	for (i = 0; i < n; i++) {
		found = query(p, "SELECT 1 FROM people WHERE id_number = ?1",
		    "reading people", NULL, ids[i], (const char *)NULL);
		if (found < 0)
			return -1;
		if (found == 0)
			return fail(p, GRID_EDATA, role, "%s %zu: '%s' not "
			    "in people", role, i + 1, grid_mask_idno(ids[i],
			    masked, sizeof(masked)));
		found = query(p, "SELECT 1 FROM case_parties WHERE "
		    "case_id = ?1 AND id_number = ?2 AND role = ?3",
		    "reading case_parties", NULL, p->in->case_id, ids[i],
		    role, (const char *)NULL);
		if (found < 0)
			return -1;
		if (found > 0)
			continue;
		if (write_row(p, "INSERT INTO case_parties (case_id, role, "
		    "id_number) VALUES (?1, ?2, ?3)", 't', p->in->case_id,
		    't', role, 't', ids[i], 0) != 0)
			return -1;
		(*added)++;
	}
	return 0;
}

/* people: a whole number from 1 to 100000, or -1. */
static long
people_count(const char *text)
{
	char *end;
	long n;

	if (text == NULL || text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	n = strtol(text, &end, 10);
	return errno == 0 && *end == '\0' && n >= 1 && n <= 100000 ? n : -1;
}

/* petition: the details, the row made when there is none. */
static int
details(struct petition *p)
{
	const struct grid_petition_step *in = p->in;
	const char *form, *reached, *competent;
	long people = -1, group;
	int added;

	if (!grid_case_status_open(p->status))
		return fail(p, GRID_EDATA, "status", "cannot record the "
		    "petition of a case that is %s", p->status);
	if (vocab_value(p, "petition_form", "form", in->form, &form) != 0 ||
	    vocab_value(p, "petition_level", "level_reached",
	    in->level_reached, &reached) != 0 ||
	    vocab_value(p, "petition_level", "competent_level",
	    in->competent_level, &competent) != 0)
		return -1;
	if (in->people != NULL && (people = people_count(in->people)) < 0)
		return fail(p, GRID_EDATA, "people_count", "bad number of "
		    "people '%s' (a whole number, at least 1)", in->people);
	if (!p->has_row && form == NULL)
		return fail(p, GRID_EDATA, "form", "a new petition needs its "
		    "form (one of: %s)", grid_vocab_values(grid_vocab_find(
		    "petition_form")));
	if (!p->has_row && write_row(p, "INSERT INTO petitions (case_id, "
	    "form) VALUES (?1, ?2)", 't', in->case_id, 't', form, 0) != 0)
		return -1;
	if (write_row(p, "UPDATE petitions SET form = coalesce(?2, form), "
	    "people_count = coalesce(?3, people_count), level_reached = "
	    "coalesce(?4, level_reached), competent_level = coalesce(?5, "
	    "competent_level), first_responder = coalesce(?6, "
	    "first_responder), leader = coalesce(?7, leader) "
	    "WHERE case_id = ?1", 't', in->case_id, 't', form, 't',
	    in->people, 't', reached, 't', competent, 't', in->responder,
	    't', in->leader, 0) != 0)
		return -1;
	if (form != NULL && note_addf(p, "form %s", form) != 0)
		return -1;
	group = grid_db_setting_long(p->db, "group_petition_people", 5);
	if (people > 0 && note_addf(p, "%ld people%s", people, people >=
	    group ? " (group petition)" : "") != 0)
		return -1;
	if (reached != NULL && note_addf(p, "reached %s", reached) != 0)
		return -1;
	if (competent != NULL && note_addf(p, "competent %s",
	    competent) != 0)
		return -1;
	/* over-level by the row's levels, one of them perhaps older */
	if ((reached != NULL || competent != NULL) && query(p, "SELECT "
	    "level_reached, competent_level FROM petitions WHERE case_id = "
	    "?1", "reading petitions", levels_row, in->case_id,
	    (const char *)NULL) < 0)
		return -1;
	if ((reached != NULL || competent != NULL) &&
	    level_rank(p->reached) > 0 && level_rank(p->competent) > 0 &&
	    level_rank(p->reached) > level_rank(p->competent) &&
	    note_addf(p, "over-level") != 0)
		return -1;
	if (in->responder != NULL && note_addf(p, "first responder %s",
	    in->responder) != 0)
		return -1;
	if (in->leader != NULL && note_addf(p, "leader %s", in->leader) != 0)
		return -1;
	if (add_parties(p, "petitioner", in->petitioners, in->npetitioners,
	    &added) != 0 || (added > 0 && note_addf(p, "petitioners +%d",
	    added) != 0))
		return -1;
	if (add_parties(p, "representative", in->representatives,
	    in->nrepresentatives, &added) != 0 || (added > 0 &&
	    note_addf(p, "representatives +%d", added) != 0))
		return -1;
	if (p->note.len == 0)
		return fail(p, GRID_EDATA, "form", "nothing to record");
	return 0;
}

/* "N days", N from 1 to 3650: 1 and *days; 0 for anything else. */
static int
calendar_days(const char *text, long *days)
{
	char *end;

	while (*text == ' ')
		text++;
	if (*text < '0' || *text > '9')
		return 0;
	errno = 0;
	*days = strtol(text, &end, 10);
	if (errno != 0 || *days < 1 || *days > 3650)
		return 0;
	while (*end == ' ')
		end++;
	if (strncmp(end, "day", 3) != 0)
		return 0;
	end += 3;
	if (*end == 's')
		end++;
	while (*end == ' ')
		end++;
	return *end == '\0';
}

int
grid_petition_reply_limit_check(const char *text, struct grid_error *err)
{
	enum grid_limit_unit unit;
	double value;
	long days;

	if (text != NULL && (calendar_days(text, &days) ||
	    grid_limit_parse(text, &value, &unit, NULL) == 0))
		return 0;
	return grid_error_set(err, GRID_EDATA, NULL, 0,
	    "petition_reply_limit", "bad time limit '%s': expected N days "
	    "(calendar days, 1 to 3650) or N work_days, work_hours or hours",
	    text != NULL ? text : "");
}

int
grid_petition_reply_due(struct grid_db *db, time_t accepted, time_t *due,
    struct grid_error *err)
{
	struct grid_calendar *cal = NULL;
	enum grid_limit_unit unit;
	char limit[64];
	struct tm tm;
	double value;
	long days;
	int rc = -1;

	grid_db_setting(db, "petition_reply_limit", "60 days", limit,
	    sizeof(limit));
	if (grid_petition_reply_limit_check(limit, err) != 0) {
		grid_error_locate(err, "settings", 0, NULL);
		return -1;
	}
	if (calendar_days(limit, &days)) {
		/* the same clock time days dates later, in the local zone */
		if (localtime_r(&accepted, &tm) == NULL)
			goto range;
		tm.tm_mday += (int)days;
		tm.tm_isdst = -1;
		if ((*due = mktime(&tm)) == (time_t)-1)
			goto range;
		return 0;
	}
	if (grid_limit_parse(limit, &value, &unit, err) != 0)
		return -1;
	if ((cal = grid_calendar_new()) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_calendar_load(cal, db, err) == 0 &&
	    grid_calendar_add(cal, accepted, value, unit, due, err) == 0)
		rc = 0;
	grid_calendar_free(cal);
	return rc;
range:
	return grid_error_set(err, GRID_EDATA, "settings", 0,
	    "petition_reply_limit", "the reply deadline of a petition "
	    "accepted at %lld is out of range", (long long)accepted);
}

static int
accept_petition(struct petition *p, char *reply_due, size_t n)
{
	time_t due;

	if (!grid_case_status_open(p->status))
		return fail(p, GRID_EDATA, "status", "cannot accept the "
		    "petition of a case that is %s", p->status);
	if (!p->has_row)
		return fail(p, GRID_EDATA, "form", "no petition recorded "
		    "(grid-case petition ID --form ...)");
	if (p->accepted_at[0] != '\0')
		return fail(p, GRID_EDATA, "accepted_at", "already accepted "
		    "at %s", p->accepted_at);
	if (grid_petition_reply_due(p->db, p->at, &due, p->err) != 0)
		return -1;
	grid_time_format(due, reply_due, n);
	if (write_row(p, "UPDATE petitions SET accepted_at = ?2, reply_due "
	    "= ?3 WHERE case_id = ?1", 't', p->in->case_id, 't', p->at_text,
	    't', reply_due, 0) != 0)
		return -1;
	return note_addf(p, "accepted, reply due %s", reply_due);
}

static int
answer(struct petition *p, int *on_time)
{
	time_t due;

	if (!grid_case_status_open(p->status))
		return fail(p, GRID_EDATA, "status", "cannot answer the "
		    "petition of a case that is %s", p->status);
	if (p->in->text == NULL || p->in->text[0] == '\0')
		return fail(p, GRID_EDATA, "text", "answer needs a text");
	if (!p->has_row || p->accepted_at[0] == '\0')
		return fail(p, GRID_EDATA, "accepted_at", "answer before "
		    "acceptance (grid-case accept first)");
	if (p->replied_at[0] != '\0')
		return fail(p, GRID_EDATA, "replied_at", "already answered "
		    "at %s", p->replied_at);
	*on_time = grid_time_to_epoch(p->reply_due, &due) == 0 &&
	    p->at <= due;
	if (write_row(p, "UPDATE petitions SET replied_at = ?2, reply = ?3 "
	    "WHERE case_id = ?1", 't', p->in->case_id, 't', p->at_text, 't',
	    p->in->text, 0) != 0)
		return -1;
	return note_addf(p, "answered %s (due %s); %.1500s", *on_time ?
	    "on time" : "late", p->reply_due, p->in->text);
}

/* review and follow-through: after the answer, the case not gone. */
static int
after_answer(struct petition *p, const char *what)
{
	if (strcmp(p->status, "voided") == 0 ||
	    strcmp(p->status, "merged") == 0)
		return fail(p, GRID_EDATA, "status", "cannot %s the petition "
		    "of a case that is %s", what, p->status);
	if (!p->has_row || p->replied_at[0] == '\0')
		return fail(p, GRID_EDATA, "replied_at", "%s before an answer "
		    "(grid-case answer first)", what);
	return 0;
}

static int
review(struct petition *p)
{
	const char *result;

	if (after_answer(p, "review") != 0)
		return -1;
	if (p->in->result == NULL)
		return fail(p, GRID_EDATA, "review", "review needs a result "
		    "(one of: %s)", grid_vocab_values(grid_vocab_find(
		    "petition_review")));
	if (vocab_value(p, "petition_review", "review", p->in->result,
	    &result) != 0)
		return -1;
	if (p->reviewed_at[0] != '\0')
		return fail(p, GRID_EDATA, "reviewed_at", "already reviewed "
		    "at %s", p->reviewed_at);
	if (write_row(p, "UPDATE petitions SET reviewed_at = ?2, review = ?3 "
	    "WHERE case_id = ?1", 't', p->in->case_id, 't', p->at_text, 't',
	    result, 0) != 0)
		return -1;
	return note_addf(p, "review %s", result);
}

static int
follow_through(struct petition *p)
{
	int done = p->in->followed != 0;

	if (after_answer(p, "follow through") != 0 ||
	    write_row(p, "UPDATE petitions SET followed_through = ?2 "
	    "WHERE case_id = ?1", 't', p->in->case_id, 'i', done, 0) != 0)
		return -1;
	return note_addf(p, done ? "followed through" :
	    "not followed through");
}

/* The action and its log row, under the caller's savepoint. */
static int
act(struct petition *p, struct grid_petition_done *out)
{
	int rc;

	switch (p->in->action) {
	case GRID_PETITION_DETAILS: rc = details(p); break;
	case GRID_PETITION_ACCEPT:
		rc = accept_petition(p, out->reply_due, sizeof(out->reply_due));
		break;
	case GRID_PETITION_ANSWER: rc = answer(p, &out->on_time); break;
	case GRID_PETITION_REVIEW: rc = review(p); break;
	case GRID_PETITION_FOLLOW_THROUGH: rc = follow_through(p); break;
	default:
		return grid_error_set(p->err, GRID_EUSAGE, NULL, 0, NULL,
		    "unknown petition action %d", (int)p->in->action);
	}
	if (rc != 0)
		return -1;
	return write_row(p, "INSERT INTO case_log (case_id, at, actor, "
	    "action, from_status, to_status, note) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?5, ?6)", 't', p->in->case_id, 't', p->at_text, 't',
	    p->in->actor, 't', grid_petition_action_name(p->in->action), 't',
	    p->status, 't', p->note.data, 0);
}

int
grid_petition_apply(struct grid_db *db, const struct grid_petition_step *in,
    struct grid_petition_done *out, struct grid_error *err)
{
	struct grid_petition_done done;
	struct petition p;
	int rc = -1;

	memset(&done, 0, sizeof(done));
	memset(&p, 0, sizeof(p));
	if (in->case_id == NULL || in->case_id[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "case_id",
		    "no case given");
	if (in->actor == NULL || in->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "no actor given");
	p.in = in;
	p.db = db;
	p.err = err;
	snprintf(p.subject, sizeof(p.subject), "case %.*s", GRID_CODE_MAX,
	    in->case_id);
	grid_buf_init(&p.note, 8192);
	if (load(&p) != 0 || action_time(&p) != 0)
		goto out;
	if (grid_db_exec(db, "SAVEPOINT grid_petition", err) != 0)
		goto out;
	if (act(&p, &done) != 0) {
		grid_db_exec(db, "ROLLBACK TO grid_petition", NULL);
		grid_db_exec(db, "RELEASE grid_petition", NULL);
		goto out;
	}
	if (grid_db_exec(db, "RELEASE grid_petition", err) != 0)
		goto out;
	grid_text_copy(done.case_id, sizeof(done.case_id), in->case_id);
	grid_text_copy(done.action, sizeof(done.action),
	    grid_petition_action_name(in->action));
	grid_text_copy(done.status, sizeof(done.status), p.status);
	grid_text_copy(done.at, sizeof(done.at), p.at_text);
	if (done.reply_due[0] == '\0')
		grid_text_copy(done.reply_due, sizeof(done.reply_due),
		    p.reply_due);
	if (out != NULL)
		*out = done;
	rc = 0;
out:
	grid_buf_release(&p.note);
	return rc;
}

/* ---- show ---- */

static const struct grid_column columns[] = {
	{ "case_id", GRID_COL_TEXT }, { "status", GRID_COL_TEXT },
	{ "category_code", GRID_COL_TEXT }, { "form", GRID_COL_TEXT },
	{ "people_count", GRID_COL_INT }, { "group_petition", GRID_COL_INT },
	{ "level_reached", GRID_COL_TEXT },
	{ "competent_level", GRID_COL_TEXT }, { "over_level", GRID_COL_INT },
	{ "first_responder", GRID_COL_TEXT }, { "leader", GRID_COL_TEXT },
	{ "petitioners", GRID_COL_TEXT },
	{ "representatives", GRID_COL_TEXT },
	{ "accepted_at", GRID_COL_TEXT }, { "reply_due", GRID_COL_TEXT },
	{ "replied_at", GRID_COL_TEXT }, { "on_time", GRID_COL_INT },
	{ "reply", GRID_COL_TEXT }, { "reviewed_at", GRID_COL_TEXT },
	{ "review", GRID_COL_TEXT }, { "followed_through", GRID_COL_INT },
};
_Static_assert(GRIDI_ARRAY_LEN(columns) == GRID_PETITION_NCOLUMN,
    "GRID_PETITION_NCOLUMN counts the columns");

const struct grid_column *
grid_petition_columns(size_t *n)
{
	if (n != NULL)
		*n = GRIDI_ARRAY_LEN(columns);
	return columns;
}

#define PARTIES(role) \
	"(SELECT group_concat(id_number, ',') FROM (SELECT id_number " \
	"FROM case_parties WHERE case_id = c.id AND role = '" role "' " \
	"ORDER BY id))"

static const char show_sql[] =
"SELECT c.id, c.status, c.category_code, p.form, p.people_count, "
"p.people_count >= ?2, p.level_reached, p.competent_level, "
GRIDI_PETITION_OVER("p.level_reached", "p.competent_level") ", "
"p.first_responder, p.leader, " PARTIES("petitioner") ", "
PARTIES("representative") ", p.accepted_at, p.reply_due, p.replied_at, "
"CASE WHEN p.replied_at IS NOT NULL THEN "
"unixepoch(p.replied_at) <= unixepoch(p.reply_due) END, p.reply, "
"p.reviewed_at, p.review, p.followed_through "
"FROM petitions p JOIN cases c ON c.id = p.case_id WHERE p.case_id = ?1";

int
grid_petition_show(struct grid_db *db, const char *id,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err)
{
	const char *values[GRID_PETITION_NCOLUMN];
	sqlite3_stmt *st = NULL;
	int rc, i, found = 0;

	if (grid_db_prepare(db, show_sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, grid_db_setting_long(db,
	    "group_petition_people", 5));
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < GRID_PETITION_NCOLUMN; i++)
			values[i] = (const char *)sqlite3_column_text(st, i);
		found = 1;
		if (on_row(ctx, values) != 0) {
			sqlite3_finalize(st);
			return grid_error_set(err, 0, NULL, 0, NULL,
			    "stopped");
		}
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading petitions", err);
	return found;
}
