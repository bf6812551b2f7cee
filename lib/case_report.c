/*
 * case_report.c - new cases: the fields checked against the
 * vocabularies and the registers, the grid found from the point, the id
 * made from the report date and a daily sequence, and, for a case
 * resolved on the spot, every step of the chain logged at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases_internal.h"
#include "grid/codes.h"
#include "grid/district.h"
#include "grid/locate.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "internal.h"

/* The longest case id accepted. */
#define ID_MAX 63

/* A report's values once checked: canonical, borrowed or in buffers. */
struct checked {
	const char *source, *grade, *priority;
	char grid[GRID_CODE_MAX + 1];	/* "" when none */
	char uscc[32];		/* "" when none */
	char reply_due[32];
	char division[8];	/* the jurisdiction, "" for none */
	int has_point;
	double x, y;
};

/* The steps a case resolved on the spot goes through after report. */
static const struct {
	enum grid_case_verb verb;
	enum grid_case_verdict verdict;
} resolved_chain[] = {
	{ GRID_VERB_REGISTER, GRID_VERDICT_NONE },
	{ GRID_VERB_DISPATCH, GRID_VERDICT_NONE },
	{ GRID_VERB_HANDLE, GRID_VERDICT_NONE },
	{ GRID_VERB_VERIFY, GRID_VERDICT_PASS },
	{ GRID_VERB_CLOSE, GRID_VERDICT_NONE },
};

/*
 * The canonical value of text in vocabulary name, into *value (NULL when
 * text is NULL).  0, or -1 naming field.
 */
static int
vocab_value(struct gridi_step *s, const char *name, const char *field,
    const char *text, const char **value)
{
	const struct grid_vocab *vocab = grid_vocab_find(name);

	*value = NULL;
	if (text == NULL)
		return 0;
	if ((*value = grid_vocab_lookup(vocab, text)) == NULL)
		return gridi_step_fail(s, GRID_EDATA, field,
		    "unknown %s '%s' (one of: %s)", field, text,
		    grid_vocab_values(vocab));
	return 0;
}

/* Fails unless code is a row of q ("unknown WHAT 'CODE'"). */
static int
must_exist(struct gridi_step *s, enum gridi_case_query q, const char *code,
    const char *field, const char *what)
{
	int found;

	if (code == NULL)
		return 0;
	found = gridi_cases_query(s->cs, q, code, NULL, NULL, s->err);
	if (found == 0)
		return gridi_step_fail(s, GRID_EDATA, field, "unknown %s '%s'",
		    what, code);
	return found < 0 ? -1 : 0;
}

/* x and y: both or neither, numbers.  0 or -1. */
static int
check_point(struct gridi_step *s, const struct grid_case_report *r,
    struct checked *v)
{
	if (r->x == NULL && r->y == NULL)
		return 0;
	if (r->x == NULL || r->y == NULL)
		return gridi_step_fail(s, GRID_EDATA, r->x == NULL ? "x" : "y",
		    "a point needs both x and y");
	if (grid_coordinate_parse(r->x, &v->x) != 0)
		return gridi_step_fail(s, GRID_EDATA, "x",
		    "bad coordinate '%s'", r->x);
	if (grid_coordinate_parse(r->y, &v->y) != 0)
		return gridi_step_fail(s, GRID_EDATA, "y",
		    "bad coordinate '%s'", r->y);
	v->has_point = 1;
	return 0;
}

/*
 * A component case (一号定位) without a point, an address or a grid
 * takes the component's point and grid.  0 or -1.
 */
static int
component_place(struct gridi_step *s, const struct grid_case_report *r,
    struct checked *v)
{
	sqlite3_stmt *st;
	const char *grid;
	int rc;

	if (r->component_code == NULL || r->x != NULL || r->grid_code != NULL)
		return 0;
	if ((st = gridi_cases_stmt(s->cs, GRIDI_Q_COMPONENT_PLACE, s->err)) ==
	    NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->component_code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    sqlite3_column_type(st, 1) != SQLITE_NULL) {
			v->x = sqlite3_column_double(st, 0);
			v->y = sqlite3_column_double(st, 1);
			v->has_point = 1;
		}
		grid = (const char *)sqlite3_column_text(st, 2);
		if (grid != NULL)
			snprintf(v->grid, sizeof(v->grid), "%s", grid);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return gridi_step_fail(s, GRID_EDATA, "component_code",
		    "unknown component '%s'", r->component_code);
	return grid_db_error(s->cs->db, rc, "reading components", s->err);
}

/*
 * Under a jurisdiction, a point in no grid that lies outside the extent
 * of the database's grid polygons is outside it (district.h).  0 or -1.
 */
static int
point_outside(struct gridi_step *s, const struct checked *v)
{
	double box[4];
	int polygons;

	if (v->division[0] == '\0')
		return 0;
	polygons = grid_db_grids_extent(s->cs->db, box, s->err);
	if (polygons <= 0 || grid_extent_covers(box, v->x, v->y))
		return polygons < 0 ? -1 : 0;
	return gridi_step_fail(s, GRID_EDATA, "x", "the point '%.10g %.10g' "
	    "lies outside the grids of the jurisdiction %s", v->x, v->y,
	    v->division);
}

/*
 * The grid: the one given (it must exist and lie inside the
 * jurisdiction), else the point's.  0 or -1.
 */
static int
check_grid(struct gridi_step *s, const struct grid_case_report *r,
    struct checked *v)
{
	int found;

	if (r->grid_code != NULL) {
		snprintf(v->grid, sizeof(v->grid), "%s", r->grid_code);
		if (!grid_division_covers(v->division, r->grid_code))
			return gridi_step_fail(s, GRID_EDATA, "grid_code",
			    "grid '%s' lies outside the jurisdiction %s",
			    r->grid_code, v->division);
		return must_exist(s, GRIDI_Q_GRID, r->grid_code, "grid_code",
		    "grid");
	}
	if (!v->has_point || v->grid[0] != '\0')
		return 0;
	found = grid_locate_point(s->cs->db, v->x, v->y, v->grid,
	    sizeof(v->grid), s->err);
	if (found == 0) {
		v->grid[0] = '\0';
		return point_outside(s, v);
	}
	return found < 0 ? -1 : 0;
}

static int
check_org(struct gridi_step *s, const char *org, struct checked *v)
{
	struct grid_error bad;

	if (org == NULL)
		return 0;
	if (grid_uscc_check(org, v->uscc, sizeof(v->uscc), &bad) != 0)
		return gridi_step_fail(s, GRID_EDATA, "org_uscc", "%s",
		    bad.text);
	return must_exist(s, GRIDI_Q_ORG, v->uscc, "org_uscc",
	    "organisation");
}

static int
check_report(struct gridi_step *s, const struct grid_case_report *r,
    struct checked *v)
{
	if (r->source == NULL)
		return gridi_step_fail(s, GRID_EDATA, "source",
		    "report needs a source");
	if (r->category_code == NULL)
		return gridi_step_fail(s, GRID_EDATA, "category_code",
		    "report needs a category");
	grid_db_division(s->cs->db, v->division, sizeof(v->division));
	if (vocab_value(s, "case_source", "source", r->source,
	    &v->source) != 0 ||
	    must_exist(s, GRIDI_Q_CATEGORY, r->category_code,
	    "category_code", "category") != 0 ||
	    check_point(s, r, v) != 0 || component_place(s, r, v) != 0 ||
	    gridi_step_worker(s) != 0)
		return -1;
	if (!v->has_point && r->address == NULL && r->grid_code == NULL &&
	    v->grid[0] == '\0')
		return gridi_step_fail(s, GRID_EDATA, "grid_code",
		    "report needs a place: x and y, an address, a grid or "
		    "a component");
	if (check_grid(s, r, v) != 0 ||
	    must_exist(s, GRIDI_Q_COMPONENT, r->component_code,
	    "component_code", "component") != 0 ||
	    check_org(s, r->org_uscc, v) != 0 ||
	    vocab_value(s, "grade", "grade", r->grade, &v->grade) != 0 ||
	    vocab_value(s, "priority", "priority", r->priority,
	    &v->priority) != 0)
		return -1;
	if (v->priority == NULL)
		v->priority = "normal";
	return 0;
}

/*
 * A given id: printable, no blanks, not too long, not taken, not one
 * made under another jurisdiction (district.h).  0 or -1.
 */
static int
check_id(struct gridi_step *s, const char *id, const char *division)
{
	const unsigned char *p;
	char carried[16];
	int found;

	for (p = (const unsigned char *)id; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			break;
	if (id[0] == '\0' || *p != '\0' || p - (const unsigned char *)id >
	    ID_MAX)
		return gridi_step_fail(s, GRID_EDATA, "id", "bad case id");
	if (grid_case_id_division(id, carried, sizeof(carried)) &&
	    !grid_division_covers(division, carried))
		return gridi_step_fail(s, GRID_EDATA, "id", "the case id of "
		    "district '%s' lies outside the jurisdiction %s", carried,
		    division);
	found = gridi_cases_query(s->cs, GRIDI_Q_STATUS, id, NULL, NULL,
	    s->err);
	if (found > 0)
		return gridi_step_fail(s, GRID_EDATA, "id", "already exists");
	return found < 0 ? -1 : 0;
}

/*
 * A new id: the jurisdiction's division code when the database has one
 * (district.h: ids unique across a city), the local date of the report,
 * YYYYMMDD, and the next free number of that prefix, 0001 to 9999.
 * 0 or -1.
 */
static int
new_id(struct gridi_step *s, const char *division, char *out, size_t n)
{
	char prefix[32], *last = NULL;
	struct tm tm;
	size_t len;
	long next = 1;

	if (localtime_r(&s->at, &tm) == NULL)
		return gridi_step_fail(s, GRID_EINTERNAL, "at",
		    "cannot convert %s to a local date", s->at_text);
	len = (size_t)snprintf(prefix, sizeof(prefix), "%s", division);
	strftime(prefix + len, sizeof(prefix) - len, "%Y%m%d", &tm);
	len = strlen(prefix);
	if (gridi_cases_query(s->cs, GRIDI_Q_LAST_ID, prefix, NULL, &last,
	    s->err) < 0)
		return -1;
	if (last != NULL)
		next = strtol(last + len, NULL, 10) + 1;
	free(last);
	if (next > 9999)
		return gridi_step_fail(s, GRID_EDATA, "id",
		    "no case number left for %s", prefix);
	snprintf(out, n, "%s%04ld", prefix, next);
	return 0;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *text)
{
	if (text != NULL && text[0] != '\0')
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int
insert_case(struct gridi_step *s, const struct grid_case_report *r,
    const struct checked *v)
{
	sqlite3_stmt *st = gridi_cases_stmt(s->cs, GRIDI_Q_INSERT, s->err);
	int rc;

	if (st == NULL)
		return -1;
	bind_opt(st, 1, s->c->id);
	bind_opt(st, 2, v->source);
	bind_opt(st, 3, r->category_code);
	bind_opt(st, 4, r->description);
	if (v->has_point) {
		sqlite3_bind_double(st, 5, v->x);
		sqlite3_bind_double(st, 6, v->y);
	}
	bind_opt(st, 7, r->address);
	bind_opt(st, 8, v->grid);
	bind_opt(st, 9, r->component_code);
	bind_opt(st, 10, v->uscc);
	bind_opt(st, 11, v->grade);
	bind_opt(st, 12, r->reporter);
	bind_opt(st, 13, v->priority);
	bind_opt(st, 14, s->at_text);
	bind_opt(st, 15, v->reply_due);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(s->cs->db, rc, "inserting the case",
		    s->err);
	return 0;
}

/* The chain of a case resolved on the spot, then the case written. */
static int
resolve(struct gridi_step *s)
{
	const struct grid_case_step *in = s->in;
	struct grid_case_step sub;
	size_t i;
	int rc = 0;

	s->resolved = 1;
	for (i = 0; rc == 0 && i < GRIDI_ARRAY_LEN(resolved_chain); i++) {
		memset(&sub, 0, sizeof(sub));
		sub.verb = grid_case_verb_name(resolved_chain[i].verb);
		sub.verdict = resolved_chain[i].verdict;
		sub.actor = in->actor;
		sub.id = s->c->id;
		sub.dept = in->dept;
		sub.deadline = in->deadline;
		sub.worker = in->worker;
		if (resolved_chain[i].verb == GRID_VERB_HANDLE)
			sub.note = in->note != NULL ? in->note
			    : "resolved on the spot";
		s->in = &sub;
		rc = gridi_case_run(s, resolved_chain[i].verb, sub.verdict);
		s->in = in;
	}
	return rc == 0 ? gridi_case_write(s->cs, s->c, s->err) : -1;
}

/* The insert and its log row (and the chain): under the savepoint. */
static int
write_report(struct gridi_step *s, void *checked)
{
	const struct grid_case_report *r = s->in->report;
	const struct checked *v = checked;

	if (insert_case(s, r, v) != 0)
		return -1;
	s->logged++;
	if (gridi_case_log(s->cs, s->c->id, s->at_text, s->in->actor,
	    "report", -1, GRIDI_REPORTED, s->in->resolved ? NULL : s->in->note,
	    s->in->worker, s->err) != 0)
		return -1;
	return s->in->resolved ? resolve(s) : 0;
}

/* reply_due: the report time plus reply_limit.  0 or -1. */
static int
reply_due(struct gridi_step *s, struct checked *v)
{
	struct grid_error bad;
	time_t t;

	if (grid_calendar_add(s->cs->cal, s->at, s->cs->reply_value,
	    s->cs->reply_unit, &t, &bad) != 0)
		return gridi_step_fail(s, bad.code, "reply_due", "%s",
		    bad.text);
	grid_time_format(t, v->reply_due, sizeof(v->reply_due));
	return 0;
}

int
gridi_case_report(struct gridi_step *s, time_t now)
{
	const struct grid_case_report *r = s->in->report;
	struct checked v;
	char id[ID_MAX + 1];

	memset(&v, 0, sizeof(v));
	if (r == NULL)
		return grid_error_set(s->err, GRID_EUSAGE, NULL, 0, NULL,
		    "%s: report without its fields", s->subject);
	if (gridi_step_at(s, now) != 0 || check_report(s, r, &v) != 0)
		return -1;
	if (s->in->id != NULL) {
		if (check_id(s, s->in->id, v.division) != 0)
			return -1;
		snprintf(id, sizeof(id), "%s", s->in->id);
	} else if (new_id(s, v.division, id, sizeof(id)) != 0)
		return -1;
	snprintf(s->subject, sizeof(s->subject), "case %s", id);
	if (gridi_set_str(&s->c->id, id) != 0 ||
	    gridi_set_str(&s->c->category, r->category_code) != 0)
		return grid_error_set(s->err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	s->c->status = GRIDI_REPORTED;
	s->c->level = GRIDI_GRID;
	s->c->urgent = strcmp(v.priority, "urgent") == 0;
	if (r->component_code != NULL &&
	    gridi_set_str(&s->c->component, r->component_code) != 0)
		return grid_error_set(s->err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (reply_due(s, &v) != 0)
		return -1;
	return gridi_step_atomic(s, write_report, &v);
}
