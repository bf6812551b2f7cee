/*
 * case_steps.c - what each verb of the state table does to a case once
 * the table allowed it: check the verb's fields, change the case (status
 * aside: the table sets it), and write the log row's note.  Nothing is
 * written to the database here but through the caller's savepoint.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/attach.h"
#include "cases_internal.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "internal.h"

static int
oom(struct gridi_step *s)
{
	return grid_error_set(s->err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Adds "; " when the note has something already.  0 or -1. */
static int
note_separate(struct gridi_step *s)
{
	if (s->note.len > 0 && grid_buf_adds(&s->note, "; ") != 0)
		return grid_error_set(s->err, GRID_EDATA, NULL, 0, "note",
		    "%s: note too long", s->subject);
	return 0;
}

/* Adds text (the user's reason or note, whole) when given. */
static int
note_add(struct gridi_step *s, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return 0;
	if (note_separate(s) != 0 || grid_buf_adds(&s->note, text) != 0)
		return grid_error_set(s->err, GRID_EDATA, NULL, 0, "note",
		    "%s: note too long", s->subject);
	return 0;
}

/* Adds a formatted part (what the step did) to the note. */
static int
note_addf(struct gridi_step *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
note_addf(struct gridi_step *s, const char *fmt, ...)
{
	char part[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(part, sizeof(part), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(part))
		return grid_error_set(s->err, GRID_EDATA, NULL, 0, "note",
		    "%s: note too long", s->subject);
	return note_add(s, part);
}

/* Fails unless value is given: "case X: void needs a reason". */
static int
need(struct gridi_step *s, const char *value, const char *field,
    const char *what)
{
	if (value != NULL && value[0] != '\0')
		return 0;
	return gridi_step_fail(s, GRID_EDATA, field, "%s needs %s",
	    s->in->verb, what);
}

/* Sets step time i to the step's time. */
static int
stamp(struct gridi_step *s, enum gridi_stamp i)
{
	return gridi_set_str(&s->c->stamp[i], s->at_text) != 0 ? oom(s) : 0;
}

/*
 * Sets the deadline; the overdue mark is cleared when it is after the
 * step's time.
 */
static int
set_deadline(struct gridi_step *s, const char *deadline, time_t t)
{
	if (gridi_set_str(&s->c->deadline, deadline) != 0)
		return oom(s);
	if (t > s->at)
		s->c->overdue = 0;
	return 0;
}

/* The instant of the case's deadline: 1, or 0 when it has none. */
static int
deadline_time(const struct gridi_step *s, time_t *t)
{
	return s->c->deadline != NULL &&
	    grid_time_to_epoch(s->c->deadline, t) == 0;
}

int
gridi_case_limit_deadline(struct gridi_step *s, const char *category,
    char *out, time_t *t)
{
	struct grid_cases *cs = s->cs;
	double value = cs->default_value;
	enum grid_limit_unit unit = cs->default_unit;
	sqlite3_stmt *st;
	struct grid_error bad;
	int rc, bad_unit = 0;

	if (category != NULL) {
		if ((st = gridi_cases_stmt(cs, GRIDI_Q_CATEGORY, s->err)) ==
		    NULL)
			return -1;
		sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_type(st, 2) !=
		    SQLITE_NULL && sqlite3_column_type(st, 3) != SQLITE_NULL) {
			value = sqlite3_column_double(st, 2);
			bad_unit = grid_limit_unit_parse((const char *)
			    sqlite3_column_text(st, 3), &unit) != 0;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return grid_db_error(cs->db, rc, "reading categories",
			    s->err);
		if (bad_unit || !(value > 0))
			return gridi_step_fail(s, GRID_EDATA, "category_code",
			    "category %s has a bad time limit", category);
	}
	if (s->c->urgent) {
		value *= cs->urgent_share;
		if (unit != GRID_LIMIT_WORK_DAYS && value < 1.0 / 60)
			value = 1.0 / 60;
	}
	if (grid_calendar_add(cs->cal, s->at, value, unit, t, &bad) != 0)
		return gridi_step_fail(s, bad.code, "deadline", "%s",
		    bad.text);
	grid_time_format(*t, out, 32);
	return 0;
}

/*
 * Reads a deadline the user gave (field) into out; it must be after the
 * step's time.  0 or -1.
 */
static int
given_deadline(struct gridi_step *s, const char *field, const char *text,
    char *out, time_t *t)
{
	if (gridi_step_time(s, field, text, out, t) != 0)
		return -1;
	if (*t <= s->at)
		return gridi_step_fail(s, GRID_EDATA, field,
		    "deadline %s is not after the step's time %s", out,
		    s->at_text);
	return 0;
}

/* void, return, park: a reason needed, and nothing else to do. */
int
gridi_step_with_reason(struct gridi_step *s)
{
	if (need(s, s->in->reason, "reason", "a reason") != 0 ||
	    note_add(s, s->in->reason) != 0)
		return -1;
	return note_add(s, s->in->note);
}

int
gridi_step_register(struct gridi_step *s)
{
	if (stamp(s, GRIDI_REGISTERED_AT) != 0)
		return -1;
	return note_add(s, s->in->note);
}

/*
 * The department: the one given (it must exist), else the category's.
 * *dept is a new string or NULL.  0 or -1.
 */
static int
dispatch_dept(struct gridi_step *s, char **dept)
{
	sqlite3_stmt *st;
	int rc, found;

	if (s->in->dept != NULL) {
		found = gridi_cases_query(s->cs, GRIDI_Q_DEPT, s->in->dept,
		    NULL, dept, s->err);
		if (found == 0)
			return gridi_step_fail(s, GRID_EDATA, "dept",
			    "unknown department '%s'", s->in->dept);
		return found < 0 ? -1 : 0;
	}
	/* 部件: the component's owner first, then the category's. */
	if (s->c->component != NULL) {
		found = gridi_cases_query(s->cs, GRIDI_Q_COMPONENT_DEPT,
		    s->c->component, NULL, dept, s->err);
		if (found < 0)
			return -1;
		if (*dept != NULL)
			return 0;
	}
	if (s->c->category == NULL)
		return 0;
	if ((st = gridi_cases_stmt(s->cs, GRIDI_Q_CATEGORY, s->err)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->c->category, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && gridi_set_str(dept, (const char *)
	    sqlite3_column_text(st, 1)) != 0)
		rc = -1;
	sqlite3_reset(st);
	if (rc == -1)
		return oom(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_db_error(s->cs->db, rc, "reading categories",
		    s->err);
	return 0;
}

int
gridi_step_dispatch(struct gridi_step *s)
{
	char deadline[32], *dept = NULL;
	time_t t;
	int rc = -1;

	if (dispatch_dept(s, &dept) != 0)
		goto out;
	if (dept == NULL && !s->resolved) {
		gridi_step_fail(s, GRID_EDATA, "dept", "no department given, "
		    "and category %s has none", s->c->category != NULL ?
		    s->c->category : "(none)");
		goto out;
	}
	if (s->in->deadline != NULL) {
		if (given_deadline(s, "deadline", s->in->deadline, deadline,
		    &t) != 0)
			goto out;
	} else if (gridi_case_limit_deadline(s, s->c->category, deadline,
	    &t) != 0)
		goto out;
	if (gridi_set_str(&s->c->dept, dept) != 0) {
		oom(s);
		goto out;
	}
	if (set_deadline(s, deadline, t) != 0 ||
	    stamp(s, GRIDI_DISPATCHED_AT) != 0)
		goto out;
	if (note_addf(s, "%s%s%sdeadline %s", dept != NULL ? "to " : "",
	    dept != NULL ? dept : "", dept != NULL ? ", " : "",
	    deadline) != 0 || note_add(s, s->in->note) != 0)
		goto out;
	rc = 0;
out:
	free(dept);
	return rc;
}

/* Reads working hours: a number more than 0, at most GRID_LIMIT_MAX. */
static int
parse_hours(const char *text, double *hours)
{
	char *end;

	*hours = strtod(text, &end);
	while (*end == ' ')
		end++;
	return end != text && *end == '\0' && isfinite(*hours) &&
	    *hours > 0 && *hours <= GRID_LIMIT_MAX ? 0 : -1;
}

/* 1 when text is a date without a time (grid_date_parse takes it). */
static int
date_alone(const char *text, char *date, size_t n)
{
	struct grid_error bad;

	return strpbrk(text, " T:") == NULL &&
	    grid_date_parse(text, date, n, &bad) == 0;
}

/*
 * extend --until DATE: the end of that working day; a day off gives the
 * end of the working day before it, and a notice.  0 or -1.
 */
static int
end_of_day(struct gridi_step *s, const char *date, char *out, time_t *t)
{
	struct grid_error bad;
	struct tm tm;
	char day[16], parsed[64];
	time_t start;
	int i, work = 0;

	snprintf(day, sizeof(day), "%s", date);
	if (grid_time_parse(day, parsed, sizeof(parsed), &bad) != 0 ||
	    grid_time_to_epoch(parsed, &start) != 0)
		return gridi_step_fail(s, GRID_EDATA, "until", "%s", bad.text);
	for (i = 0; i < 400 && (work = grid_calendar_is_workday(s->cs->cal,
	    day)) == 0; i++) {
		if (localtime_r(&start, &tm) == NULL)
			break;
		tm.tm_mday--;
		tm.tm_hour = 0;
		tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		start = mktime(&tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	if (work != 1)
		return gridi_step_fail(s, GRID_EDATA, "until",
		    "no working day on or before %s", date);
	if (grid_calendar_add(s->cs->cal, start, 1, GRID_LIMIT_WORK_DAYS, t,
	    &bad) != 0)
		return gridi_step_fail(s, bad.code, "until", "%s", bad.text);
	grid_time_format(*t, out, 32);
	if (strcmp(day, date) != 0)
		snprintf(s->notice, sizeof(s->notice), _("%s is not a working "
		    "day: the deadline is the end of %s, %s"), date, day, out);
	if (*t <= s->at)
		return gridi_step_fail(s, GRID_EDATA, "until",
		    "deadline %s is not after the step's time %s", out,
		    s->at_text);
	return 0;
}

/* The new deadline of extend: until, or hours added.  0 or -1. */
static int
extended_deadline(struct gridi_step *s, char *out, time_t *t)
{
	const struct grid_case_step *in = s->in;
	struct grid_error bad;
	char date[16];
	double hours;
	time_t from;

	if ((in->until != NULL) == (in->hours != NULL))
		return gridi_step_fail(s, GRID_EDATA, "until",
		    "extend needs either until or hours");
	if (in->until != NULL && date_alone(in->until, date, sizeof(date)))
		return end_of_day(s, date, out, t);
	if (in->until != NULL)
		return given_deadline(s, "until", in->until, out, t);
	if (parse_hours(in->hours, &hours) != 0)
		return gridi_step_fail(s, GRID_EDATA, "hours",
		    "bad number of hours '%s'", in->hours);
	if (!deadline_time(s, &from) || from < s->at)
		from = s->at;
	if (grid_calendar_add(s->cs->cal, from, hours, GRID_LIMIT_WORK_HOURS,
	    t, &bad) != 0)
		return gridi_step_fail(s, bad.code, "hours", "%s", bad.text);
	grid_time_format(*t, out, 32);
	return 0;
}

int
gridi_step_extend(struct gridi_step *s)
{
	char deadline[32];
	time_t t, old;

	if (need(s, s->in->approver, "approver", "an approver") != 0 ||
	    extended_deadline(s, deadline, &t) != 0)
		return -1;
	if (deadline_time(s, &old) && t <= old)
		return gridi_step_fail(s, GRID_EDATA, s->in->until != NULL ?
		    "until" : "hours", "new deadline %s is not after the "
		    "current one, %s", deadline, s->c->deadline);
	if (note_addf(s, "deadline %s -> %s, approved by %s",
	    s->c->deadline != NULL ? s->c->deadline : "none", deadline,
	    s->in->approver) != 0 || note_add(s, s->in->reason) != 0 ||
	    note_add(s, s->in->note) != 0)
		return -1;
	return set_deadline(s, deadline, t);
}

/*
 * The deadline moves by the working time spent parked, counted from the
 * last park step in case_log (a case imported as parked has none: its
 * deadline stays).
 */
int
gridi_step_unpark(struct gridi_step *s)
{
	char *parked_at = NULL, deadline[32];
	struct grid_error bad;
	long long parked = 0;
	time_t since, old, t;
	int found, rc = -1;

	found = gridi_cases_query(s->cs, GRIDI_Q_PARKED_AT, s->c->id, NULL,
	    &parked_at, s->err);
	if (found < 0)
		goto out;
	if (found && parked_at != NULL &&
	    grid_time_to_epoch(parked_at, &since) == 0)
		parked = grid_calendar_work_seconds(s->cs->cal, since, s->at);
	if (parked > 0 && deadline_time(s, &old)) {
		if (grid_calendar_add(s->cs->cal, old, (double)parked / 3600,
		    GRID_LIMIT_WORK_HOURS, &t, &bad) != 0) {
			gridi_step_fail(s, bad.code, "deadline", "%s",
			    bad.text);
			goto out;
		}
		grid_time_format(t, deadline, sizeof(deadline));
		if (note_addf(s, "parked %.2f working hours, deadline %s -> "
		    "%s", (double)parked / 3600, s->c->deadline,
		    deadline) != 0 || set_deadline(s, deadline, t) != 0)
			goto out;
	} else if (note_addf(s, "deadline kept") != 0)
		goto out;
	rc = note_add(s, s->in->note);
out:
	free(parked_at);
	return rc;
}

int
gridi_step_handle(struct gridi_step *s)
{
	if (need(s, s->in->note, "note", "a note") != 0 ||
	    stamp(s, GRIDI_HANDLED_AT) != 0)
		return -1;
	return note_add(s, s->in->note);
}

/* pass: verified.  fail: back to the department, rework, new deadline. */
int
gridi_step_verify(struct gridi_step *s)
{
	char deadline[32];
	time_t t;

	if (gridi_step_worker(s) != 0)
		return -1;
	if (s->in->verdict == GRID_VERDICT_PASS) {
		/* the setting require_after_photo, in the step's transaction */
		if (grid_attach_verify_ready(s->cs->db, s->c->id, s->err) != 1 ||
		    stamp(s, GRIDI_VERIFIED_AT) != 0)
			return -1;
		return note_add(s, s->in->note);
	}
	if (need(s, s->in->note, "note", "a note") != 0 ||
	    gridi_case_limit_deadline(s, s->c->category, deadline, &t) != 0)
		return -1;
	s->c->rework++;
	if (set_deadline(s, deadline, t) != 0 ||
	    note_addf(s, "rework %d, deadline %s", s->c->rework,
	    deadline) != 0)
		return -1;
	return note_add(s, s->in->note);
}

int
gridi_step_close(struct gridi_step *s)
{
	if (stamp(s, GRIDI_CLOSED_AT) != 0)
		return -1;
	return note_add(s, s->in->note);
}

int
gridi_step_rate(struct gridi_step *s)
{
	const struct grid_vocab *vocab = grid_vocab_find("rating");
	const char *rating;

	if (need(s, s->in->rating, "rating", "a rating") != 0)
		return -1;
	if ((rating = grid_vocab_lookup(vocab, s->in->rating)) == NULL)
		return gridi_step_fail(s, GRID_EDATA, "rating",
		    "bad rating '%s' (one of: %s)", s->in->rating,
		    grid_vocab_values(vocab));
	if (s->c->rating != NULL && !s->in->correct)
		return gridi_step_fail(s, GRID_EDATA, "rating",
		    "already rated %s (correct it with --correct)",
		    s->c->rating);
	if (s->c->rating == NULL && s->in->correct)
		return gridi_step_fail(s, GRID_EDATA, "correct",
		    "no rating to correct");
	if (s->in->correct ? note_addf(s, "rating %s, corrects %s", rating,
	    s->c->rating) != 0 : note_addf(s, "rating %s", rating) != 0)
		return -1;
	if (gridi_set_str(&s->c->rating, rating) != 0)
		return oom(s);
	return note_add(s, s->in->note);
}

/* The level escalate moves to: the one given, else one up.  0 or -1. */
static int
escalate_target(struct gridi_step *s, int *target)
{
	const struct grid_vocab *vocab = grid_vocab_find("level");
	const char *level;
	int from = s->c->level;

	if (s->in->level == NULL) {
		if (from + 1 >= GRIDI_NLEVEL)
			return gridi_step_fail(s, GRID_EDATA, "level",
			    "already at the top level, %s",
			    gridi_level_name(from));
		*target = from + 1;
		return 0;
	}
	if ((level = grid_vocab_lookup(vocab, s->in->level)) == NULL)
		return gridi_step_fail(s, GRID_EDATA, "level",
		    "unknown level '%s' (one of: %s)", s->in->level,
		    grid_vocab_values(vocab));
	*target = gridi_level_parse(level);
	if (*target == from)
		return gridi_step_fail(s, GRID_EDATA, "level",
		    "already at level %s", level);
	if (*target < from)
		return gridi_step_fail(s, GRID_EDATA, "level",
		    "cannot escalate from %s down to %s",
		    gridi_level_name(from), level);
	return 0;
}

int
gridi_step_escalate(struct gridi_step *s)
{
	int target = 0;

	if (need(s, s->in->reason, "reason", "a reason") != 0 ||
	    escalate_target(s, &target) != 0)
		return -1;
	if (note_addf(s, "%s -> %s", gridi_level_name(s->c->level),
	    gridi_level_name(target)) != 0 ||
	    note_add(s, s->in->reason) != 0 || note_add(s, s->in->note) != 0)
		return -1;
	s->c->level = target;
	return 0;
}

int
gridi_step_merge(struct gridi_step *s)
{
	const char *into = s->in->into;
	char *status = NULL;
	int found, rc = -1;

	if (need(s, into, "into", "the case to merge into") != 0)
		return -1;
	if (strcmp(into, s->c->id) == 0)
		return gridi_step_fail(s, GRID_EDATA, "into",
		    "cannot merge a case into itself");
	found = gridi_cases_query(s->cs, GRIDI_Q_STATUS, into, NULL, &status,
	    s->err);
	if (found < 0)
		goto out;
	if (found == 0) {
		gridi_step_fail(s, GRID_EDATA, "into",
		    "no case '%s' to merge into", into);
		goto out;
	}
	if (!grid_case_status_open(status)) {
		gridi_step_fail(s, GRID_EDATA, "into",
		    "cannot merge into case %s, which is %s", into,
		    status != NULL ? status : "without a status");
		goto out;
	}
	if (gridi_set_str(&s->c->duplicate_of, into) != 0) {
		oom(s);
		goto out;
	}
	if (note_addf(s, "into %s", into) == 0 &&
	    note_add(s, s->in->reason) == 0 &&
	    note_add(s, s->in->note) == 0)
		rc = 0;
out:
	free(status);
	return rc;
}

/* 签收: the department signs for the case, once per dispatch. */
int
gridi_step_ack(struct gridi_step *s)
{
	int found = gridi_cases_query(s->cs, GRIDI_Q_ACKED, s->c->id, NULL,
	    NULL, s->err);

	if (found < 0)
		return -1;
	if (found > 0)
		return gridi_step_fail(s, GRID_EDATA, NULL,
		    "already acknowledged since its dispatch");
	if (s->c->dept != NULL && note_addf(s, "by %s", s->c->dept) != 0)
		return -1;
	return note_add(s, s->in->note);
}

/* 答复: the text the requester is told is the log row's note, alone. */
int
gridi_step_reply(struct gridi_step *s)
{
	if (need(s, s->in->text, "text", "a text") != 0)
		return -1;
	if (s->in->note != NULL)
		return gridi_step_fail(s, GRID_EDATA, "note",
		    "a reply is its text alone, without a note");
	return note_add(s, s->in->text);
}
