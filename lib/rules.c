/*
 * rules.c - the rules of each register that involve more than one value:
 * codes and their parents, an ID number against the given sex and birth
 * date, households and their heads (the census consistency edits), and
 * what can be derived when it is not given.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grid/codes.h"
#include "grid/db.h"
#include "grid/registers.h"
#include "grid/text.h"
#include "import_internal.h"

#define GET(name) gridi_row_get(row, name)

/* Cached lookups are keyed by the statement's address: one copy. */
static const char sql_head[] =
    "SELECT head_id_number FROM households WHERE id = ?1";

/* Fills err with field and text; returns 1 (reject) with *code set. */
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
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
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

static int
rules_region(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *urban = GET("urban_class");
	enum grid_level level = grid_code_level(c, row->seq_width, NULL);
	char parent[32], found[32];
	int rc;

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

static int
rules_grid(struct gridi_row *row, const char **code, struct grid_error *err)
{
	char community[16], found[32];
	int rc;

	snprintf(community, sizeof(community), "%.12s", GET("code"));
	if ((rc = derive(row, "community_code", community, code, err)))
		return rc;
	rc = lookup(row, "SELECT level FROM regions WHERE code = ?1",
	    community, found, sizeof(found), err);
	if (rc < 0)
		return -1;
	if (rc == 0 || strcmp(found, "community") != 0)
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
				    "'%s' disagrees with the ID number "
				    "('%s')", GET(err->field),
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

static int
rules_category(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *kind = GET("kind");
	char full[8], part[8];
	int rc;

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

static int
rules_component(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *c = GET("code"), *cat = GET("category_code");
	char derived[8], kind[32];
	int rc;

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
static int
rules_case(struct gridi_row *row, const char **code, struct grid_error *err)
{
	static const char *const steps[] = { "registered_at",
		"dispatched_at", "handled_at", "verified_at", "closed_at" };
	time_t reported, t;
	size_t i;

	if (grid_time_to_epoch(GET("reported_at"), &reported) != 0)
		return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(steps); i++)
		if (GET(steps[i]) != NULL &&
		    grid_time_to_epoch(GET(steps[i]), &t) == 0 && t < reported)
			return bad(code, "inconsistent", err, steps[i],
			    "'%s' is before reported_at", GET(steps[i]));
	return 0;
}

int
gridi_rules_check(struct gridi_row *row, const char **code,
    struct grid_error *err)
{
	const char *t = row->reg->table;
	int rc;

	grid_error_clear(err);
	if ((rc = rules_xy(row, code, err)) != 0)
		return rc;
	if (strcmp(t, "regions") == 0 && GET("code") != NULL)
		return rules_region(row, code, err);
	if (strcmp(t, "grids") == 0 && GET("code") != NULL)
		return rules_grid(row, code, err);
	if (strcmp(t, "people") == 0 && GET("id_number") != NULL) {
		if ((rc = rules_person_id(row, code, err)) != 0)
			return rc;
		return rules_person_household(row, code, err);
	}
	if (strcmp(t, "categories") == 0 && GET("code") != NULL)
		return rules_category(row, code, err);
	if (strcmp(t, "components") == 0 && GET("code") != NULL)
		return rules_component(row, code, err);
	if (strcmp(t, "cases") == 0 && GET("reported_at") != NULL)
		return rules_case(row, code, err);
	if (strcmp(t, "visits") == 0 && GET("id_number") == NULL &&
	    GET("house_id") == NULL)
		return bad(code, "missing_field", err, "id_number",
		    "a visit needs id_number or house_id");
	return 0;
}

int
gridi_rules_after(struct gridi_row *row, struct grid_error *err)
{
	const char *hh = GET("household_id"), *rel = GET("relation");
	char head[64];
	int rc;

	if (strcmp(row->reg->table, "people") != 0 || hh == NULL)
		return 0;
	/* The household's head, as rules_person_household read it (the
	 * answer is cached): set it only when the household has none. */
	rc = rel != NULL && strcmp(rel, "head") == 0 ? lookup(row,
	    sql_head, hh, head,
	    sizeof(head), err) : 0;
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

	if (strcmp(table, "people") != 0)
		return 0;
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
