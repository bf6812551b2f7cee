/*
 * import_rules.c - the rules of each register that involve more than one
 * value: codes and their parents, an ID number against the given sex and
 * birth date, households and their heads (the census consistency edits),
 * and what can be derived when it is not given.  Which register has which
 * rules is said by its entry in registers.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/registers.h"
#include "grid/text.h"
#include "import_internal.h"

#define GET(name) gridi_row_get(row, name)

/* Cached lookups are keyed by the statement's address: one copy. */
static const char sql_head[] =
    "SELECT head_id_number FROM households WHERE id = ?1";

static int census_refused(struct gridi_row *row, const char **code,
    struct grid_error *err);

/*
 * Fills err with field and text (the format translated, as
 * grid_error_set does); returns 1 (reject) with *code set.
 */
static int
bad(const char **code, const char *what, struct grid_error *err,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
bad(const char **code, const char *what, struct grid_error *err,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	grid_error_clear(err);
	err->code = GRID_EDATA;
	snprintf(err->field, sizeof(err->field), "%s", field);
	grid_text_init();
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), _(fmt), ap);
	va_end(ap);
	*code = what;
	return 1;
}

/* Sets a derived value, or checks it against the given one. */
static int
derive(struct gridi_row *row, const char *field, const char *value,
    const char **code, struct grid_error *err)
{
	const char *given = GET(field);

	if (given == NULL)
		return gridi_row_set(row, field, value) == 0 ? 0 :
		    grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (strcmp(given, value) != 0)
		return bad(code, "inconsistent", err, field,
		    "'%s' disagrees with the code (expected '%s')", given,
		    value);
	return 0;
}

static int
lookup(struct gridi_row *row, const char *sql, const char *arg, char *out,
    size_t n, struct grid_error *err)
{
	return gridi_import_lookup(row->imp, sql, arg, out, n, err);
}

/* A division: its level and parent from its code; the parent stored. */
int
gridi_rules_region(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *urban = GET("urban_class");
	enum grid_level level;
	char parent[32], found[32];
	int rc;

	if (c == NULL)
		return 0;	/* the key is missing: rejected after */
	level = grid_code_level(c, row->seq_width, NULL);
	if ((rc = derive(row, "level", grid_level_name(level), code, err)))
		return rc;
	if (urban != NULL && (strlen(urban) != 3 ||
	    strspn(urban, "0123456789") != 3))
		return bad(code, "invalid_value", err, "urban_class",
		    "not a 3-digit urban-rural class '%s'", urban);
	if (grid_code_parent(c, row->seq_width, parent, sizeof(parent)) != 0) {
		/* A city without districts (东莞 441900) stands in the
		 * district's place: it has no parent code. */
		if (level == GRID_LEVEL_DISTRICT && GET("parent_code") == NULL)
			return 0;
		if (level == GRID_LEVEL_DISTRICT)
			return bad(code, "inconsistent", err, "parent_code",
			    "'%s' has no parent: it is a city without "
			    "districts", c);
		return bad(code, "invalid_value", err, "code",
		    "no parent for '%s'", c);
	}
	if ((rc = derive(row, "parent_code", parent, code, err)))
		return rc;
	if (level == GRID_LEVEL_DISTRICT)
		return 0;	/* the city is not a row of regions */
	rc = lookup(row, "SELECT level FROM regions WHERE code = ?1", parent,
	    found, sizeof(found), err);
	if (rc < 0)
		return -1;
	if (rc == 0 || strcmp(found, grid_level_name(level - 1)) != 0)
		return bad(code, "unknown_reference", err, "parent_code",
		    "no %s '%s' in regions (import it first)",
		    grid_level_name(level - 1), parent);
	return 0;
}

/* A grid: its community from its code, and stored. */
int
gridi_rules_grid(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	char community[16], found[32];
	int rc;

	if (GET("code") == NULL)
		return 0;
	snprintf(community, sizeof(community), "%.12s", GET("code"));
	if ((rc = derive(row, "community_code", community, code, err)))
		return rc;
	rc = lookup(row, "SELECT level FROM regions WHERE code = ?1",
	    community, found, sizeof(found), err);
	if (rc < 0)
		return -1;
	if (rc == 0 ||
	    strcmp(found, grid_level_name(GRID_LEVEL_COMMUNITY)) != 0)
		return bad(code, "unknown_reference", err, "community_code",
		    "no community '%s' in regions", community);
	return 0;
}

/*
 * The person's document type: given, else the one on record, else a
 * resident ID.  Returns 0 or -1.
 */
static int
person_id_type(struct gridi_row *row, char *out, size_t n,
    struct grid_error *err)
{
	const char *type = GET("id_type");
	int rc;

	struct grid_idno idno;

	if (type != NULL) {
		snprintf(out, n, "%s", type);
		return 0;
	}
	/* A valid resident ID number is one: no need to ask the database,
	 * which would cost a lookup per row of a census sheet. */
	if (grid_idno_parse(GET("id_number"), NULL, &idno, NULL) == 0) {
		snprintf(out, n, "resident_id");
		return 0;
	}
	rc = lookup(row, "SELECT id_type FROM people WHERE id_number = ?1",
	    GET("id_number"), out, n, err);
	if (rc < 0)
		return -1;
	if (rc == 0 || out[0] == '\0')
		snprintf(out, n, "resident_id");
	return 0;
}

/*
 * A resident ID number (GB 11643): checked, upgraded from 15 digits,
 * written back in its canonical form.  Returns 0, 1 (reject) or -1.
 */
static int
resident_id(struct gridi_row *row, struct grid_idno *idno,
    const char **code, struct grid_error *err)
{
	const char *id = GET("id_number");
	char reason[sizeof(err->text)];
	size_t n = strlen(id);

	if (grid_idno_parse(id, row->today, idno, err) == 0)
		return gridi_row_set(row, "id_number", idno->number) == 0 ? 0 :
		    grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	snprintf(reason, sizeof(reason), "%s", err->text);
	if (strspn(id, "0123456789") >= n - 1)	/* digits, maybe an X */
		return bad(code, "invalid_value", err, "id_number", "%s",
		    reason);
	return bad(code, "invalid_value", err, "id_number",
	    "not a resident ID number '%s' (give id_type for other "
	    "documents)", id);
}

/*
 * Parses the person's ID number into idno when it is a resident ID (by
 * id_type, given, on record or by default; *resident says).  Returns 0,
 * 1 (reject) or -1.
 */
static int
parse_person_id(struct gridi_row *row, struct grid_idno *idno,
    int *resident, const char **code, struct grid_error *err)
{
	char type[32];

	*resident = 1;
	/* The common case, a valid resident ID number and no id_type, is
	 * parsed once. */
	if (GET("id_type") == NULL && grid_idno_parse(GET("id_number"),
	    row->today, idno, NULL) == 0)
		return gridi_row_set(row, "id_number", idno->number) == 0 ?
		    0 : grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (person_id_type(row, type, sizeof(type), err) != 0)
		return -1;
	*resident = strcmp(type, "resident_id") == 0;
	return *resident ? resident_id(row, idno, code, err) : 0;
}

/* An ID number against sex and birth date; the age range. */
static int
rules_person_id(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *birth;
	char sex[2];
	struct grid_idno idno;
	int rc, age, resident;

	if ((rc = parse_person_id(row, &idno, &resident, code, err)) != 0)
		return rc;
	if (resident) {
		sex[0] = idno.sex;
		sex[1] = '\0';
		if ((rc = derive(row, "sex", sex, code, err)) ||
		    (rc = derive(row, "birth_date", idno.birth_date, code,
		    err))) {
			if (rc == 1)
				snprintf(err->text, sizeof(err->text),
				    _("'%s' disagrees with the ID number "
				    "('%s')"), GET(err->field),
				    strcmp(err->field, "sex") == 0 ? sex
				    : idno.birth_date);
			return rc;
		}
	}
	birth = GET("birth_date");
	age = birth != NULL ? grid_age_on(birth, row->today) : 0;
	if (age > 120)
		return bad(code, "invalid_value", err, "birth_date",
		    "age %d is out of range 0-120", age);
	return 0;
}

/* A household's house; the one head of each household. */
static int
rules_person_household(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *hh = GET("household_id"), *rel = GET("relation");
	const char *id = GET("id_number"), *src = NULL;
	char found[64], masked[32];
	long line;
	int rc;

	if (hh == NULL) {
		if (rel != NULL && strcmp(rel, "head") == 0)
			return bad(code, "missing_field", err, "household_id",
			    "a household head without a household");
		return 0;
	}
	if (GET("house_id") == NULL) {
		rc = lookup(row, "SELECT house_id FROM households WHERE "
		    "id = ?1", hh, found, sizeof(found), err);
		if (rc < 0)
			return -1;
		if (rc == 1 && found[0] != '\0' &&
		    gridi_row_set(row, "house_id", found) != 0)
			return -1;
	}
	rc = lookup(row, sql_head,
	    hh, found, sizeof(found), err);
	if (rc <= 0 || found[0] == '\0')
		return rc < 0 ? -1 : 0;	/* no household: a reference error */
	if (rel != NULL && strcmp(rel, "head") == 0 && strcmp(found, id) != 0) {
		line = gridi_import_seen(row->imp, "people", found, &src);
		grid_mask_idno(found, masked, sizeof(masked));
		if (line > 0)
			return bad(code, "inconsistent", err, "relation",
			    "household '%s' already has a head, %s, on line "
			    "%ld%s%s", hh, masked, line,
			    strcmp(src, row->source) != 0 ? " of " : "",
			    strcmp(src, row->source) != 0 ? src : "");
		return bad(code, "inconsistent", err, "relation",
		    "household '%s' already has a head, %s", hh, masked);
	}
	if (rel != NULL && strcmp(rel, "head") != 0 && strcmp(found, id) == 0)
		return bad(code, "inconsistent", err, "relation",
		    "household '%s' names this person as its head, but the "
		    "relation is '%s'", hh, rel);
	return 0;
}

/* A category: kind, major and minor from its code; a whole limit. */
int
gridi_rules_category(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *kind = GET("kind");
	char full[8], part[8];
	int rc;

	if (c == NULL)
		return 0;
	if (strlen(c) == 4 && strspn(c, "0123456789") == 4 && kind != NULL) {
		snprintf(full, sizeof(full), "%c%s",
		    strcmp(kind, "component") == 0 ? 'C' : 'E', c);
		if (gridi_row_set(row, "code", full) != 0)
			return -1;
		c = GET("code");
	}
	if (strlen(c) == 5 && (c[0] == 'C' || c[0] == 'E') &&
	    strspn(c + 1, "0123456789") == 4) {
		if ((rc = derive(row, "kind", c[0] == 'C' ? "component" :
		    "event", code, err)))
			return rc;
		snprintf(part, sizeof(part), "%.2s", c + 1);
		if ((rc = derive(row, "major", part, code, err)))
			return rc;
		snprintf(part, sizeof(part), "%.4s", c + 1);
		if ((rc = derive(row, "minor", part, code, err)))
			return rc;
	}
	if ((GET("limit_value") == NULL) != (GET("limit_unit") == NULL))
		return bad(code, "missing_field", err, GET("limit_value") ?
		    "limit_unit" : "limit_value",
		    "a time limit needs both limit_value and limit_unit");
	return 0;
}

/* A component: its category from its code, a component category. */
int
gridi_rules_component(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *cat = GET("category_code");
	char derived[8], kind[32];
	int rc;

	if (c == NULL)
		return 0;
	if (cat == NULL) {
		snprintf(derived, sizeof(derived), "C%.4s", c + 6);
		if (gridi_row_set(row, "category_code", derived) != 0)
			return -1;
		cat = GET("category_code");
	}
	rc = lookup(row, "SELECT kind FROM categories WHERE code = ?1", cat,
	    kind, sizeof(kind), err);
	if (rc < 0)
		return -1;
	if (rc == 1 && strcmp(kind, "component") != 0)
		return bad(code, "invalid_value", err, "category_code",
		    "category '%s' is an event category, not a component "
		    "one", cat);
	return 0;
}

/* Both coordinates or neither. */
static int
rules_xy(struct gridi_row *row, const char **code, struct grid_error *err)
{
	if (gridi_row_field(row, "x") < 0)
		return 0;
	if ((GET("x") == NULL) != (GET("y") == NULL))
		return bad(code, "missing_field", err, GET("x") ? "y" : "x",
		    "a point needs both x and y");
	return 0;
}

/* Each step of a historical case comes after its report. */
int
gridi_rules_case(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	static const char *const steps[] = { "registered_at",
		"dispatched_at", "handled_at", "verified_at", "closed_at" };
	time_t reported, t;
	size_t i;

	if (GET("reported_at") == NULL ||
	    grid_time_to_epoch(GET("reported_at"), &reported) != 0)
		return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(steps); i++)
		if (GET(steps[i]) != NULL &&
		    grid_time_to_epoch(GET(steps[i]), &t) == 0 && t < reported)
			return bad(code, "inconsistent", err, steps[i],
			    "'%s' is before reported_at", GET(steps[i]));
	return 0;
}

/*
 * An inspection (a visit of kind fire_inspection, safety_inspection or
 * food_inspection): of an organisation (known: references are checked
 * after), with its result, which may not say met (passed) when it found
 * hazards.
 */
static int
rules_inspection(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *kind = GET("kind"), *result = GET("result");
	const char *hazards = GET("hazards");

	if (kind == NULL || (strcmp(kind, "fire_inspection") != 0 &&
	    strcmp(kind, "safety_inspection") != 0 &&
	    strcmp(kind, "food_inspection") != 0))
		return 0;
	if (GET("org_uscc") == NULL)
		return bad(code, "missing_field", err, "org_uscc",
		    "an inspection (%s) needs org_uscc, the organisation "
		    "inspected", kind);
	if (result == NULL)
		return bad(code, "missing_field", err, "result",
		    "an inspection needs its result (met: passed, problem: "
		    "hazards found, absent: nobody there)");
	if (strcmp(result, "met") == 0 && hazards != NULL &&
	    strtol(hazards, NULL, 10) > 0)
		return bad(code, "inconsistent", err, "result",
		    "'met' (passed) but %s hazards found: the result is "
		    "problem", hazards);
	return 0;
}

/*
 * A visit: of a person, a house or an organisation; not in the future;
 * its next_date (the next inspection's) not before its own date.
 */
int
gridi_rules_visit(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *next = GET("next_date");
	time_t at, now;
	struct tm tm;
	char day[16];
	int rc;

	if (GET("id_number") == NULL && GET("house_id") == NULL &&
	    GET("org_uscc") == NULL)
		return bad(code, "missing_field", err, "id_number",
		    "a visit needs id_number, house_id or org_uscc");
	if (GET("at") == NULL || grid_time_to_epoch(GET("at"), &at) != 0)
		return rules_inspection(row, code, err);
	/* the field allows the rest of today; a visit is recorded after */
	if (grid_time_to_epoch(row->now, &now) == 0 && at > now)
		return bad(code, "future", err, "at",
		    "time in the future '%s' (now is %s)", GET("at"),
		    row->now);
	if ((rc = rules_inspection(row, code, err)) != 0)
		return rc;
	/* the visit's date in the database's zone, the process's */
	localtime_r(&at, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (next != NULL && strcmp(next, day) < 0)
		return bad(code, "inconsistent", err, "next_date",
		    "'%s' is before the visit's date %s", next, day);
	return 0;
}

/* Cached lookups are keyed by the statement's address: one copy each. */
static const char sql_tag[] =
    "SELECT code || '|' || ifnull(risk_min, '') || '|' || "
    "ifnull(risk_max, '') FROM tags WHERE code = ?1 COLLATE NOCASE "
    "OR label = ?1 OR instr('|' || synonyms || '|', '|' || ?1 || '|') > 0 "
    "ORDER BY code = ?1 DESC, code = ?1 COLLATE NOCASE DESC, label = ?1 "
    "DESC LIMIT 1";
static const char sql_tag_dates[] =
    "SELECT ifnull(since, '') || '|' || ifnull(until, '') FROM person_tags "
    "WHERE id_number = substr(?1, 1, instr(?1, '|') - 1) "
    "AND tag = substr(?1, instr(?1, '|') + 1)";
static const char sql_label[] =
    "SELECT code FROM tags WHERE label = ?1 "
    "OR instr('|' || synonyms || '|', '|' || ?1 || '|') > 0 LIMIT 1";

/* A risk level already checked as a whole number. */
static int
level_of(const char *text)
{
	return (int)strtol(text, NULL, 10);
}

/*
 * The tag of the row's field (a code, label or synonym of the tags
 * table) replaced by its code; its risk levels into *lo and *hi (-1:
 * none).  Returns 0, 1 (an unknown tag: reject) or -1.
 */
static int
resolve_tag(struct gridi_row *row, int *lo, int *hi, const char **code,
    struct grid_error *err)
{
	char found[160], *bar;
	int rc;

	rc = lookup(row, sql_tag, GET("tag"), found, sizeof(found), err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return bad(code, "bad_value", err, "tag",
		    "unknown tag '%s' (not a code, label or synonym of the "
		    "tags table; a district adds its own by importing it)",
		    GET("tag"));
	*lo = *hi = -1;
	if ((bar = strchr(found, '|')) != NULL) {
		*bar++ = '\0';
		if (*bar != '|')
			*lo = level_of(bar);
		if ((bar = strchr(bar, '|')) != NULL && bar[1] != '\0')
			*hi = level_of(bar + 1);
	}
	if (gridi_row_set(row, "tag", found) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
}

/* A tag of the vocabulary: its label no other tag's label or synonym. */
int
gridi_rules_tag(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *lo = GET("risk_min"), *hi = GET("risk_max");
	char other[64];
	int rc;

	if ((lo == NULL) != (hi == NULL))
		return bad(code, "missing_field", err, lo == NULL ? "risk_min"
		    : "risk_max", "risk_min and risk_max go together");
	if (lo != NULL && level_of(lo) > level_of(hi))
		return bad(code, "inconsistent", err, "risk_max",
		    "'%s' is below risk_min '%s'", hi, lo);
	if (GET("label") == NULL || GET("code") == NULL)
		return 0;
	rc = lookup(row, sql_label, GET("label"), other, sizeof(other), err);
	if (rc < 0)
		return -1;
	if (rc == 1 && strcmp(other, GET("code")) != 0)
		return bad(code, "duplicate_key", err, "label",
		    "'%s' already names tag '%s'", GET("label"), other);
	return 0;
}

/* A visit rule: of a known tag, at one of its risk levels or -1 (any). */
int
gridi_rules_visit_rule(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *level = GET("risk_level");
	int lo, hi, rc;

	if (GET("tag") == NULL)
		return 0;
	if ((rc = resolve_tag(row, &lo, &hi, code, err)) != 0)
		return rc;
	if (level == NULL) {
		if (gridi_row_set(row, "risk_level", "-1") != 0)
			return grid_error_set(err, GRID_EINTERNAL, NULL, 0,
			    NULL, "out of memory");
		return 0;
	}
	if (level_of(level) != -1 && lo < 0)
		return bad(code, "bad_value", err, "risk_level",
		    "tag '%s' has no risk levels (give -1 or none)",
		    GET("tag"));
	if (level_of(level) != -1 && (level_of(level) < lo ||
	    level_of(level) > hi))
		return bad(code, "bad_value", err, "risk_level",
		    "not a risk level of tag '%s' (%d-%d, or -1)", GET("tag"),
		    lo, hi);
	return 0;
}

/*
 * A person's tag: a known tag (its code stored), a risk level within
 * the tag's levels, an end not before its start (the one on record when
 * the row gives only one of them).
 */
int
gridi_rules_person_tag(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *since = GET("since"), *until = GET("until");
	const char *level = GET("risk_level");
	char key[160], stored[32], *bar;
	int lo, hi, rc;

	if (GET("tag") == NULL)
		return 0;
	if ((rc = resolve_tag(row, &lo, &hi, code, err)) != 0)
		return rc;
	if ((since == NULL) != (until == NULL) && GET("id_number") != NULL) {
		snprintf(key, sizeof(key), "%s|%s", GET("id_number"),
		    GET("tag"));
		rc = lookup(row, sql_tag_dates, key, stored, sizeof(stored),
		    err);
		if (rc < 0)
			return -1;
		if (rc == 1 && (bar = strchr(stored, '|')) != NULL) {
			*bar++ = '\0';
			if (since == NULL && stored[0] != '\0')
				since = stored;
			else if (until == NULL && *bar != '\0')
				until = bar;
		}
	}
	if (since != NULL && until != NULL && strcmp(until, since) < 0)
		return bad(code, "inconsistent", err, "until",
		    "the tag ends ('%s') before it starts ('%s')", until,
		    since);
	if (level != NULL && lo < 0)
		return bad(code, "bad_value", err, "risk_level",
		    "tag '%s' has no risk levels", GET("tag"));
	if (level != NULL && (level_of(level) < lo || level_of(level) > hi))
		return bad(code, "bad_value", err, "risk_level",
		    "not a risk level of tag '%s' (%d-%d)", GET("tag"), lo,
		    hi);
	return 0;
}

/*
 * The person's residence: given, else the one on record, else, for a
 * person not yet in the register who has a residence permit, floating
 * (set in the row; without a permit the field's default applies).
 * Returns 0 or -1.
 */
static int
person_residence(struct gridi_row *row, int permit, char *out, size_t n,
    struct grid_error *err)
{
	int rc;

	if (GET("residence") != NULL) {
		snprintf(out, n, "%s", GET("residence"));
		return 0;
	}
	rc = lookup(row, "SELECT residence FROM people WHERE id_number = ?1",
	    GET("id_number"), out, n, err);
	if (rc < 0)
		return -1;
	if (rc == 1 && out[0] != '\0')
		return 0;
	snprintf(out, n, "%s", permit ? "floating" : "registered");
	if (permit && gridi_row_set(row, "residence", out) != 0)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
}

/*
 * The floating population's fields (doc/domain.md section 6, the
 * floating population): a move-in date not before the birth date, a permit's
 * expiry after the move-in date (the row's, else the one on record), and
 * a residence permit only for people who are not registered residents.
 * Dates not in the future and the employer's existence are checked with
 * the fields.  Returns 0, 1 (reject) or -1.
 */
static int
rules_person_floating(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *move_in = GET("move_in_date"), *birth = GET("birth_date");
	const char *expiry = GET("permit_expiry");
	int permit = expiry != NULL || GET("permit_number") != NULL, rc;
	char stored[32], residence[32];

	if (move_in != NULL && birth != NULL && strcmp(move_in, birth) < 0)
		return bad(code, "inconsistent", err, "move_in_date",
		    "'%s' is before the birth date '%s'", move_in, birth);
	if (expiry != NULL && move_in == NULL) {
		rc = lookup(row, "SELECT move_in_date FROM people WHERE "
		    "id_number = ?1", GET("id_number"), stored,
		    sizeof(stored), err);
		if (rc < 0)
			return -1;
		if (rc == 1 && stored[0] != '\0')
			move_in = stored;
	}
	if (expiry != NULL && move_in != NULL && strcmp(expiry, move_in) <= 0)
		return bad(code, "inconsistent", err, "permit_expiry",
		    "'%s' is not after the move-in date '%s'", expiry,
		    move_in);
	if (!permit)
		return 0;
	if (person_residence(row, permit, residence, sizeof(residence),
	    err) != 0)
		return -1;
	if (strcmp(residence, "registered") == 0)
		return bad(code, "inconsistent", err, GET("permit_number") ?
		    "permit_number" : "permit_expiry",
		    "a residence permit for a registered resident: residence "
		    "permits are for people living away from their "
		    "registered residence (give residence floating)");
	return 0;
}

/*
 * A person: not of a household the sheet refuses (--households); the ID
 * number against sex and birth date; the household's head; the floating
 * population's fields.
 */
int
gridi_rules_person(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	int rc;

	if ((rc = census_refused(row, code, err)) != 0 ||
	    GET("id_number") == NULL)
		return rc;
	if ((rc = rules_person_id(row, code, err)) != 0 ||
	    (rc = rules_person_floating(row, code, err)) != 0)
		return rc;
	return rules_person_household(row, code, err);
}

int
gridi_rules_check(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const struct gridi_register *reg = gridi_register_of(row->reg);
	int rc;

	grid_error_clear(err);
	if ((rc = rules_xy(row, code, err)) != 0 ||
	    (rc = gridi_division_check_row(row, code, err)) != 0)
		return rc;
	return reg != NULL && reg->check != NULL ? reg->check(row, code, err)
	    : 0;
}

int
gridi_rules_after(struct gridi_row *row, struct grid_error *err)
{
	const struct gridi_register *reg = gridi_register_of(row->reg);

	if (gridi_division_after_row(row, err) != 0)
		return -1;
	return reg != NULL && reg->after != NULL ? reg->after(row, err) : 0;
}

/* A person's household gets its head when it has none. */
int
gridi_rules_person_after(struct gridi_row *row, struct grid_error *err)
{
	const char *hh = GET("household_id"), *rel = GET("relation");
	char head[64];
	int rc;

	if (hh == NULL)
		return 0;
	/* The household's head, as rules_person_household read it (the
	 * answer is cached): set it only when the household has none. */
	rc = rel != NULL && strcmp(rel, "head") == 0 ? lookup(row, sql_head,
	    hh, head, sizeof(head), err) : 0;
	if (rc < 0)
		return -1;
	if (rc == 1 && head[0] == '\0' &&
	    gridi_import_exec2(row->imp, "UPDATE households SET "
	    "head_id_number = ?2 WHERE id = ?1 AND head_id_number IS NULL",
	    hh, GET("id_number"), err) != 0)
		return -1;
	return gridi_import_note_household(row->imp, hh, err);
}

long
gridi_rules_file_end(struct grid_import *imp, const char *table,
    void (*warn)(void *ctx, const struct grid_error *w), void *ctx,
    const char *source, struct grid_error *err)
{
	const struct grid_register *pub = grid_register_find(table);
	const struct gridi_register *reg = pub != NULL ?
	    gridi_register_of(pub) : NULL;

	return reg != NULL && reg->file_end != NULL ? reg->file_end(imp, warn,
	    ctx, source, err) : 0;
}

/*
 * The households of a people file: each with its head and as many
 * people as it declares, else a warning.
 */
long
gridi_rules_people_end(struct grid_import *imp,
    void (*warn)(void *ctx, const struct grid_error *w), void *ctx,
    const char *source, struct grid_error *err)
{
	/* The file's households first (CROSS JOIN keeps that order), not
	 * every household; people counted from their household index alone
	 * (a person row always has its id_number, the key). */
	static const char sql[] =
	    "SELECT t.id, h.size, count(p.rowid), h.head_id_number "
	    "FROM temp.import_households t CROSS JOIN households h "
	    "ON h.id = t.id LEFT JOIN people p ON p.household_id = t.id "
	    "GROUP BY t.id HAVING (h.size IS NOT NULL AND "
	    "count(p.rowid) != h.size) OR h.head_id_number IS NULL "
	    "ORDER BY t.id";
	struct grid_error w;
	sqlite3_stmt *st;
	long n = 0;
	int rc;

	if (gridi_import_flush_households(imp, err) != 0 ||
	    grid_db_prepare(gridi_import_db(imp), sql, &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		n++;
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			grid_error_set(&w, GRID_EDATA, source, 0,
			    "household_id", "household '%s' has no head", id);
		else
			grid_error_set(&w, GRID_EDATA, source, 0,
			    "household_id", "household '%s' declares %lld "
			    "people but has %lld",
			    id, (long long)sqlite3_column_int64(st, 1),
			    (long long)sqlite3_column_int64(st, 2));
		if (warn != NULL)
			warn(ctx, &w);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(gridi_import_db(imp), rc, "households",
		    err);
	if (grid_db_exec(gridi_import_db(imp),
	    "DELETE FROM temp.import_households", err) != 0)
		return -1;
	return n;
}

/* ---- the one-sheet census (--households): its households ---- */

/*
 * Why the households of a sheet are refused: import_census_hh.problem,
 * numbered as the CASE of gridi_census_settle writes them.
 */
enum { HH_GOOD, HH_HEADS, HH_NO_HEAD, HH_SIZES, HH_BAD_SIZE };

int
gridi_census_settle(struct grid_import *imp, struct grid_error *err)
{
	/* Each household of the sheet: its heads (a person counted once,
	 * whatever duplicate rows say), the sizes it declares, its people,
	 * whether it is stored, whether its stored head stays (someone not
	 * on the sheet: the sheet's own head then meets the rule of one
	 * head when it is loaded), its house (the head's, else the first
	 * given) and declared size. */
	static const char survey[] =
	    "INSERT INTO temp.import_census_hh (id, heads, sizes, people, "
	    "stored, kept, house, size) "
	    "SELECT c.hh, count(DISTINCT CASE WHEN c.head THEN "
	    "coalesce(c.id_number, c.line) END), count(DISTINCT c.size), "
	    "count(DISTINCT coalesce(c.id_number, c.line)), h.id IS NOT NULL, "
	    "nullif(h.head_id_number, '') IS NOT NULL AND NOT EXISTS (SELECT "
	    "1 FROM temp.import_census s WHERE s.hh = c.hh AND s.id_number = "
	    "h.head_id_number), "
	    "(SELECT s.house FROM temp.import_census s WHERE s.hh = c.hh AND "
	    "s.house IN (SELECT id FROM houses) ORDER BY s.head DESC, s.line "
	    "LIMIT 1), "
	    "(SELECT s.size FROM temp.import_census s WHERE s.hh = c.hh AND "
	    "s.size IS NOT NULL ORDER BY s.line LIMIT 1) "
	    "FROM temp.import_census c LEFT JOIN households h ON h.id = c.hh "
	    "GROUP BY c.hh;"
	    "UPDATE temp.import_census_hh SET problem = CASE "
	    "WHEN heads > 1 THEN 1 "
	    "WHEN sizes > 1 THEN 3 "
	    "WHEN size IS NOT NULL AND NOT (size GLOB '[1-9]' OR "
	    "size GLOB '[1-9][0-9]') THEN 4 "
	    "WHEN heads = 0 AND NOT kept THEN 2 ELSE 0 END;"
	    /* the sheet's households, new and stored */
	    "INSERT INTO households (id, house_id, size) SELECT id, house, "
	    "CAST(coalesce(size, people) AS INTEGER) FROM "
	    "temp.import_census_hh WHERE problem = 0 AND NOT stored;"
	    "UPDATE households SET "
	    "house_id = coalesce((SELECT c.house FROM temp.import_census_hh c "
	    "WHERE c.id = households.id), house_id), "
	    "size = coalesce((SELECT CAST(c.size AS INTEGER) FROM "
	    "temp.import_census_hh c WHERE c.id = households.id), size, "
	    "(SELECT c.people FROM temp.import_census_hh c WHERE c.id = "
	    "households.id)), "
	    "head_id_number = CASE WHEN (SELECT c.kept FROM "
	    "temp.import_census_hh c WHERE c.id = households.id) THEN "
	    "head_id_number END "
	    "WHERE id IN (SELECT id FROM temp.import_census_hh WHERE "
	    "problem = 0 AND stored)";
	sqlite3_stmt *st;
	int rc;

	if (grid_db_exec(imp->db, survey, err) != 0)
		return -1;
	gridi_import_forget(imp, NULL);
	if (grid_db_prepare(imp->db, "SELECT count(*) FILTER (WHERE problem "
	    "!= 0), count(*) FILTER (WHERE problem = 0 AND NOT stored), "
	    "count(*) FILTER (WHERE problem = 0 AND stored) FROM "
	    "temp.import_census_hh", &st, err) != 0)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		imp->census_refused = (long)sqlite3_column_int64(st, 0);
		imp->census_made = (long)sqlite3_column_int64(st, 1);
		imp->census_changed = (long)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : gridi_import_sqlfail(imp, rc,
	    "import_census_hh", err);
}

/*
 * The lines a refused household's message names into out (size n): its
 * heads' (heads != 0) or all its people's, "3, 5, 7", ", ..." past ten;
 * or (sizes != 0) each size it declares with its first line, "4 on line
 * 3, 3 on line 5".  Returns out, or NULL with err.
 */
static const char *
census_lines(struct grid_import *imp, const char *hh, int heads, int sizes,
    char *out, size_t n, int *count, struct grid_error *err)
{
	sqlite3_stmt *st;
	size_t len = 0;
	int rc, k = 0;

	if (grid_db_prepare(imp->db, sizes ? "SELECT size, min(line) FROM "
	    "temp.import_census WHERE hh = ?1 AND size IS NOT NULL GROUP BY "
	    "size ORDER BY 2" : "SELECT line FROM temp.import_census WHERE "
	    "hh = ?1 AND (head OR NOT ?2) ORDER BY line", &st, err) != 0)
		return NULL;
	sqlite3_bind_text(st, 1, hh, -1, SQLITE_STATIC);
	if (!sizes)
		sqlite3_bind_int(st, 2, heads);
	out[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && len < n) {
		if (k++ == 10) {
			snprintf(out + len, n - len, ", ...");
			break;
		}
		if (sizes)
			snprintf(out + len, n - len, "%s'%s' on line %lld",
			    len > 0 ? ", " : "",
			    (const char *)sqlite3_column_text(st, 0),
			    (long long)sqlite3_column_int64(st, 1));
		else
			snprintf(out + len, n - len, "%s%lld", len > 0 ?
			    ", " : "", (long long)sqlite3_column_int64(st, 0));
		len = strlen(out);
	}
	sqlite3_finalize(st);
	*count = k;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		gridi_import_sqlfail(imp, rc, "import_census", err);
		return NULL;
	}
	return out;
}

/*
 * A person of a household the sheet leaves without one head, or with
 * sizes that disagree: rejected, as every person of it is, naming the
 * lines to fix.  0, 1 (reject) or -1.
 */
static int
census_refused(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	struct grid_import *imp = row->imp;
	const char *hh = GET("household_id");
	char problem[32], lines[256];
	int rc, kind, heads, nlines;

	if (!imp->census || imp->census_refused == 0 || hh == NULL)
		return 0;
	rc = lookup(row, "SELECT problem || ' ' || heads FROM "
	    "temp.import_census_hh WHERE id = ?1 AND problem != 0", hh,
	    problem, sizeof(problem), err);
	if (rc <= 0)
		return rc;
	if (sscanf(problem, "%d %d", &kind, &heads) != 2)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "import_census_hh: '%s'", problem);
	if (census_lines(imp, hh, kind == HH_HEADS, kind == HH_SIZES ||
	    kind == HH_BAD_SIZE, lines, sizeof(lines), &nlines, err) == NULL)
		return -1;
	if (kind == HH_HEADS)
		return bad(code, "inconsistent", err, "relation",
		    "household '%s' has %d heads (户主), on lines %s: one "
		    "head per household", hh, heads, lines);
	if (kind == HH_NO_HEAD && nlines == 1)
		return bad(code, "inconsistent", err, "relation",
		    "household '%s' has no head (户主): its one person is on "
		    "line %s", hh, lines);
	if (kind == HH_NO_HEAD)
		return bad(code, "inconsistent", err, "relation",
		    "household '%s' has no head (户主): its people are on "
		    "lines %s", hh, lines);
	if (kind == HH_SIZES)
		return bad(code, "inconsistent", err, "household_id",
		    "household '%s' declares different sizes: %s", hh, lines);
	return bad(code, "invalid_value", err, "household_id",
	    "household '%s' declares a size that is not a whole number from "
	    "1 to 99: %s", hh, lines);
}

int
gridi_census_end(struct grid_import *imp, struct grid_error *err)
{
	struct grid_error note;

	/* a new household whose people were all rejected is no household */
	if (grid_db_exec(imp->db, "DELETE FROM households WHERE id IN "
	    "(SELECT id FROM temp.import_census_hh WHERE problem = 0 AND NOT "
	    "stored) AND "
	    "NOT EXISTS (SELECT 1 FROM people p WHERE p.household_id = "
	    "households.id)", err) != 0)
		return -1;
	imp->census_made -= sqlite3_changes(imp->sql);
	gridi_import_forget(imp, "households");
	if (imp->opts.on_warning != NULL) {
		grid_error_set(&note, GRID_EDATA, grid_reader_name(imp->reader),
		    0, NULL, "--households: %ld households inserted, %ld "
		    "updated, %ld refused (their people rejected)",
		    imp->census_made, imp->census_changed,
		    imp->census_refused);
		imp->opts.on_warning(imp->opts.ctx, &note);
	}
	return 0;
}
