/*
 * city.c - a city database built and kept current from district
 * databases (city.h; gridkit-city(7), A CITY DATABASE).
 *
 * One load: the district's file is attached (only read), and in one
 * transaction of the city, set-based, table by table: the rows the
 * district holds in the city and no longer has are deleted (children
 * first), then the rows that differ are updated and the new ones inserted
 * (parents first), each a single statement over the whole table with the
 * district's keys qualified on the fly; the case log, which only grows, is
 * taken from the last id loaded on (district_loads.case_log_id).  Foreign
 * keys are checked once, at the commit.
 */
#include <sys/stat.h>

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/buf.h"
#include "grid/city.h"
#include "grid/db.h"
#include "grid/district.h"
#include "grid/text.h"
#include "internal.h"

/* Who holds a row of the city, and so which of them a load may change. */
enum own {
	O_SHARED,	/* a register of all: added when missing, else kept */
	O_CODE,		/* a national code beginning with the district's */
	O_LOCAL,	/* a district's own text id, qualified "320508:" */
	O_CASE,		/* a case id (qualified unless it carries the code) */
	O_INT,		/* a per-file integer id: 320508 * 10^10 + id */
	O_LOG,		/* case_log: O_INT, and only grows */
	O_PERSON,	/* people: one row however many districts list it */
	O_ORG,		/* orgs: the same */
	O_TAG		/* person_tags: with their person */
};

struct spec {
	const char *name;
	const char *key[2];
	enum own own;
};

/* Parents before children: the order of inserts (deletes: reversed). */
static const struct spec specs[] = {
	{ "departments", { "code", NULL }, O_SHARED },
	{ "categories", { "code", NULL }, O_SHARED },
	{ "tags", { "code", NULL }, O_SHARED },
	{ "visit_rules", { "tag", "risk_level" }, O_SHARED },
	{ "calendar", { "date", NULL }, O_SHARED },
	{ "regions", { "code", NULL }, O_CODE },
	{ "grids", { "code", NULL }, O_CODE },
	{ "workers", { "id", NULL }, O_LOCAL },
	{ "worker_grids", { "worker_id", "grid_code" }, O_LOCAL },
	{ "houses", { "id", NULL }, O_LOCAL },
	{ "households", { "id", NULL }, O_LOCAL },
	{ "orgs", { "uscc", NULL }, O_ORG },
	{ "people", { "id_number", NULL }, O_PERSON },
	{ "person_tags", { "id_number", "tag" }, O_TAG },
	{ "person_tag_history", { "id", NULL }, O_INT },
	{ "components", { "code", NULL }, O_CODE },
	{ "cases", { "id", NULL }, O_CASE },
	{ "case_log", { "id", NULL }, O_LOG },
	{ "case_parties", { "id", NULL }, O_INT },
	{ "disputes", { "case_id", NULL }, O_CASE },
	{ "dispute_attempts", { "id", NULL }, O_INT },
	{ "petitions", { "case_id", NULL }, O_CASE },
	{ "attachments", { "id", NULL }, O_INT },
	{ "visits", { "id", NULL }, O_LOCAL },
	{ "import_batches", { "id", NULL }, O_INT },
};
_Static_assert(GRIDI_ARRAY_LEN(specs) <= GRID_CITY_MAX_TABLES,
    "struct grid_city_load holds every table");

/* The city's page cache during a load, in KiB (negative: KiB). */
#define CACHE_KIB "-262144"

/* Integer ids of a district: division * ID_SPAN + the id in its file. */
#define ID_SPAN 10000000000LL
#define ID_SPAN_SQL "9999999999"

/*
 * The statements' parameters: ?1 the division code, ?2 its integer base,
 * ?3 the next code (the end of its range), ?4 "320508:", ?5 "320508;"
 * (the end of the qualified range), ?6 the last case_log id taken.
 */
struct load {
	struct grid_db *db;
	const char *path;
	char code[8], next[24], colon[9], semi[9];
	long long base, last_log;
	struct grid_buf sql;
	struct grid_city_load *st;
};

/* The owner of a person or an organisation row aliased a. */
#define QUALIFIER(a, c) "CASE WHEN instr(" a "." c ", ':') > 0 THEN " \
	"substr(" a "." c ", 1, instr(" a "." c ", ':') - 1) END"
#define PERSON_OWNER(a) "coalesce(" QUALIFIER(a, "household_id") \
	", substr(" a ".grid_code, 1, 6))"
#define ORG_OWNER(a) "coalesce(" QUALIFIER(a, "house_id") ", substr(" a \
	".grid_code, 1, 6))"

static int
is_local_ref(const char *table, const char *col)
{
	if (strcmp(col, "id") == 0)
		return strcmp(table, "houses") == 0 ||
		    strcmp(table, "households") == 0 ||
		    strcmp(table, "workers") == 0 ||
		    strcmp(table, "visits") == 0;
	return strcmp(col, "house_id") == 0 ||
	    strcmp(col, "household_id") == 0 ||
	    strcmp(col, "worker_id") == 0 || strcmp(col, "helper_id") == 0 ||
	    strcmp(col, "mediator_id") == 0;
}

static int
is_case_ref(const char *table, const char *col)
{
	return strcmp(col, "case_id") == 0 || (strcmp(table, "cases") == 0 &&
	    (strcmp(col, "id") == 0 || strcmp(col, "duplicate_of") == 0));
}

/* Appends the city's value of district column a.col. */
static int
add_qualified(struct grid_buf *b, const struct spec *s, const char *col)
{
	if ((s->own == O_INT || s->own == O_LOG) && strcmp(col, "id") == 0)
		return grid_buf_adds(b, "?2 + a.\"id\"");
	if (is_local_ref(s->name, col))
		return grid_buf_addf(b, "CASE WHEN a.\"%s\" IS NULL THEN NULL "
		    "ELSE ?4 || a.\"%s\" END", col, col);
	if (is_case_ref(s->name, col))
		return grid_buf_addf(b, "CASE WHEN a.\"%s\" IS NULL THEN NULL "
		    "WHEN length(a.\"%s\") = 18 AND substr(a.\"%s\", 1, 6) = ?1 "
		    "THEN a.\"%s\" ELSE ?4 || a.\"%s\" END", col, col, col, col,
		    col);
	/* an Open311 service_request_id is a number of the district's
	 * feed: two districts may hold the same one */
	if (strcmp(s->name, "cases") == 0 && strcmp(col, "external_id") == 0)
		return grid_buf_adds(b, "CASE WHEN a.external_id IS NULL THEN "
		    "NULL ELSE ?4 || a.external_id END");
	if (strcmp(s->name, "cases") == 0 && strcmp(col, "reporter") == 0)
		return grid_buf_adds(b, "CASE WHEN a.reporter IN (SELECT id "
		    "FROM d.workers) THEN ?4 || a.reporter ELSE a.reporter "
		    "END");
	return grid_buf_addf(b, "a.\"%s\"", col);
}

/* Appends the district's value of city key column t.col. */
static int
add_unqualified(struct grid_buf *b, const struct spec *s, const char *col)
{
	if ((s->own == O_INT || s->own == O_LOG) && strcmp(col, "id") == 0)
		return grid_buf_adds(b, "t.\"id\" - ?2");
	if (is_local_ref(s->name, col))
		return grid_buf_addf(b, "substr(t.\"%s\", 8)", col);
	if (is_case_ref(s->name, col))
		return grid_buf_addf(b, "CASE WHEN substr(t.\"%s\", 1, 7) = ?4 "
		    "THEN substr(t.\"%s\", 8) ELSE t.\"%s\" END", col, col, col);
	return grid_buf_addf(b, "t.\"%s\"", col);
}

/*
 * The people of the city the district holds, found through the indexes
 * (households, grids, and the unplaced ones it listed): a load costs what
 * the district holds, not what the city does.
 */
#define OWNED_PEOPLE "SELECT p.id_number FROM main.people AS p WHERE " \
	"p.rowid IN (SELECT rowid FROM main.people WHERE household_id >= " \
	"?4 AND household_id < ?5 UNION ALL SELECT rowid FROM main.people " \
	"WHERE grid_code >= ?1 AND grid_code < ?3 AND household_id IS NULL " \
	"UNION ALL SELECT rowid FROM main.people WHERE id_number IN (SELECT " \
	"key FROM temp.city_unplaced WHERE kind = 'people')) AND (" \
	PERSON_OWNER("p") " = ?1 OR (" PERSON_OWNER("p") " IS NULL AND " \
	"p.id_number IN (SELECT key FROM temp.city_unplaced WHERE kind = " \
	"'people')))"

/* The rows of the city the district holds (alias t): what it may delete. */
static int
add_owned(struct grid_buf *b, const struct spec *s)
{
	switch (s->own) {
	case O_CODE:
	case O_CASE:
		return grid_buf_addf(b, "t.\"%s\" >= ?1 AND t.\"%s\" < ?3",
		    s->key[0], s->key[0]);
	case O_LOCAL:
		return grid_buf_addf(b, "t.\"%s\" >= ?4 AND t.\"%s\" < ?5",
		    s->key[0], s->key[0]);
	case O_INT:
	case O_LOG:
		return grid_buf_adds(b, "t.id BETWEEN ?2 AND ?2 + "
		    ID_SPAN_SQL);
	case O_PERSON:
	case O_TAG:
		return grid_buf_adds(b, "t.id_number IN (" OWNED_PEOPLE ")");
	case O_ORG:
		return grid_buf_adds(b, "(" ORG_OWNER("t") " = ?1 OR ("
		    ORG_OWNER("t") " IS NULL AND t.uscc IN (SELECT key "
		    "FROM temp.city_unplaced WHERE kind = 'orgs')))");
	case O_SHARED:
		break;
	}
	return grid_buf_adds(b, "0");
}

/* The rows of the city (alias t) the district's rows may change. */
static int
add_takes(struct grid_buf *b, const struct spec *s, const char *alias)
{
	switch (s->own) {
	case O_PERSON:
		return grid_buf_adds(b, "(" PERSON_OWNER("t") " IS NULL OR "
		    PERSON_OWNER("t") " = ?1)");
	case O_ORG:
		return grid_buf_adds(b, "(" ORG_OWNER("t") " IS NULL OR "
		    ORG_OWNER("t") " = ?1)");
	case O_TAG:
		return grid_buf_addf(b, "EXISTS (SELECT 1 FROM main.people p "
		    "WHERE p.id_number = %s.id_number AND (" PERSON_OWNER("p")
		    " IS NULL OR " PERSON_OWNER("p") " = ?1))", alias);
	default:
		return add_owned(b, s);
	}
}

/* Runs sql with the load's parameters; *changes: the rows it changed. */
static int
run(struct load *ld, const char *sql, long *changes, long *count,
    struct grid_error *err)
{
	sqlite3_stmt *st;
	int n, rc;

	if (grid_db_prepare(ld->db, sql, &st, err) != 0)
		return -1;
	n = sqlite3_bind_parameter_count(st);
	if (n >= 1)
		sqlite3_bind_text(st, 1, ld->code, -1, SQLITE_STATIC);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, ld->base);
	if (n >= 3)
		sqlite3_bind_text(st, 3, ld->next, -1, SQLITE_STATIC);
	if (n >= 4)
		sqlite3_bind_text(st, 4, ld->colon, -1, SQLITE_STATIC);
	if (n >= 5)
		sqlite3_bind_text(st, 5, ld->semi, -1, SQLITE_STATIC);
	if (n >= 6)
		sqlite3_bind_int64(st, 6, ld->last_log);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (count != NULL)
			*count = (long)sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE) {
		grid_db_error(ld->db, rc, "loading the district", err);
		grid_error_locate(err, ld->path, 0, NULL);
		sqlite3_finalize(st);
		return -1;
	}
	if (changes != NULL)
		*changes = sqlite3_changes(grid_db_sqlite(ld->db));
	sqlite3_finalize(st);
	return 0;
}

/* The columns table has in both files, in the city's order. */
static int
columns(struct load *ld, const char *table, char ***cols, int *ncols,
    struct grid_error *err)
{
	sqlite3_stmt *st;
	char **v = NULL, **grown;
	int n = 0, rc;

	if (grid_db_prepare(ld->db, "SELECT name FROM pragma_table_info(?1, "
	    "'main') WHERE name IN (SELECT name FROM pragma_table_info(?1, "
	    "'d')) ORDER BY cid", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		grown = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (grown == NULL)
			break;
		v = grown;
		if ((v[n] = strdup((const char *)sqlite3_column_text(st,
		    0))) == NULL)
			break;
		n++;
	}
	sqlite3_finalize(st);
	*cols = v;
	*ncols = n;
	if (rc != SQLITE_DONE)
		return grid_error_set(err, GRID_EINTERNAL, ld->path, 0, table,
		    "cannot read the columns");
	return 0;
}

static void
free_columns(char **cols, int n)
{
	while (n-- > 0)
		free(cols[n]);
	free(cols);
}

static int
is_key(const struct spec *s, const char *col)
{
	return strcmp(col, s->key[0]) == 0 ||
	    (s->key[1] != NULL && strcmp(col, s->key[1]) == 0);
}

/* "t.k1 = x.k1 AND t.k2 = x.k2" */
static int
add_key_match(struct grid_buf *b, const struct spec *s)
{
	int rc = grid_buf_addf(b, "t.\"%s\" = x.\"%s\"", s->key[0],
	    s->key[0]);

	if (rc == 0 && s->key[1] != NULL)
		rc = grid_buf_addf(b, " AND t.\"%s\" = x.\"%s\"", s->key[1],
		    s->key[1]);
	return rc;
}

/* "SELECT <qualified columns> FROM d.T AS a" */
static int
add_district_rows(struct grid_buf *b, const struct spec *s, char **cols,
    int n)
{
	int i, rc = grid_buf_adds(b, "SELECT ");

	for (i = 0; i < n && rc == 0; i++) {
		if (i > 0)
			rc = grid_buf_adds(b, ", ");
		if (rc == 0)
			rc = add_qualified(b, s, cols[i]);
		if (rc == 0)
			rc = grid_buf_addf(b, " AS \"%s\"", cols[i]);
	}
	if (rc == 0)
		rc = grid_buf_addf(b, " FROM d.\"%s\" AS a", s->name);
	if (rc == 0 && s->own == O_LOG)
		rc = grid_buf_adds(b, " WHERE a.id > ?6");
	return rc;
}

static int
oom(struct load *ld, struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, ld->path, 0, NULL,
	    "out of memory");
}

/* Deletes the rows of the city the district held and no longer has. */
static int
delete_gone(struct load *ld, const struct spec *s, struct grid_city_table *t,
    struct grid_error *err)
{
	struct grid_buf *b = &ld->sql;
	long n = 0;
	int rc;

	if (s->own == O_SHARED || s->own == O_LOG)
		return 0;
	grid_buf_reset(b);
	rc = grid_buf_addf(b, "DELETE FROM main.\"%s\" AS t WHERE ", s->name);
	if (rc == 0)
		rc = add_owned(b, s);
	if (rc == 0)
		rc = grid_buf_addf(b, " AND NOT EXISTS (SELECT 1 FROM d.\"%s\" "
		    "AS x WHERE x.\"%s\" = ", s->name, s->key[0]);
	if (rc == 0)
		rc = add_unqualified(b, s, s->key[0]);
	if (rc == 0 && s->key[1] != NULL) {
		rc = grid_buf_addf(b, " AND x.\"%s\" = ", s->key[1]);
		if (rc == 0)
			rc = add_unqualified(b, s, s->key[1]);
	}
	if (rc == 0)
		rc = grid_buf_adds(b, ")");
	if (rc != 0)
		return oom(ld, err);
	if (run(ld, b->data, &n, NULL, err) != 0)
		return -1;
	t->deleted += n;
	return 0;
}

/*
 * The rows that differ, first copied to a temporary table (the district's
 * rows read in order, the city's found by key: CROSS JOIN keeps that
 * order), then written over the city's by key.
 */
static int
update_changed(struct load *ld, const struct spec *s, char **cols, int n,
    long *changed, struct grid_error *err)
{
	struct grid_buf *b = &ld->sql;
	const char *k1 = s->key[0], *k2 = s->key[1];
	long count = 0;
	int i, rc, first = 1;

	*changed = 0;
	grid_buf_reset(b);
	rc = grid_buf_adds(b, "CREATE TEMP TABLE city_changed AS SELECT x.* "
	    "FROM (");
	if (rc == 0)
		rc = add_district_rows(b, s, cols, n);
	if (rc == 0)
		rc = grid_buf_addf(b, ") AS x CROSS JOIN main.\"%s\" AS t ON ",
		    s->name);
	if (rc == 0)
		rc = add_key_match(b, s);
	if (rc == 0)
		rc = grid_buf_adds(b, " WHERE ");
	if (rc == 0)
		rc = add_takes(b, s, "t");
	if (rc == 0)
		rc = grid_buf_adds(b, " AND (");
	for (i = 0; i < n && rc == 0; i++) {
		if (is_key(s, cols[i]))
			continue;
		rc = grid_buf_addf(b, "%st.\"%s\" IS NOT x.\"%s\"",
		    first ? "" : " OR ", cols[i], cols[i]);
		first = 0;
	}
	if (rc == 0)
		rc = grid_buf_adds(b, ")");
	if (rc != 0)
		return oom(ld, err);
	if (first)
		return 0;	/* nothing but the key */
	if (run(ld, "DROP TABLE IF EXISTS temp.city_changed", NULL, NULL,
	    err) != 0 || run(ld, b->data, NULL, NULL, err) != 0 ||
	    run(ld, "SELECT count(*) FROM temp.city_changed", NULL, &count,
	    err) != 0)
		return -1;
	if (count > 0) {
		grid_buf_reset(b);
		rc = grid_buf_addf(b, "CREATE INDEX temp.city_changed_key ON "
		    "city_changed (\"%s\"%s%s%s)", k1, k2 != NULL ? ", \"" :
		    "", k2 != NULL ? k2 : "", k2 != NULL ? "\"" : "");
		if (rc != 0)
			return oom(ld, err);
		if (run(ld, b->data, NULL, NULL, err) != 0)
			return -1;
		grid_buf_reset(b);
		rc = grid_buf_addf(b, "UPDATE main.\"%s\" AS t SET (", s->name);
		for (i = 0, first = 1; i < n && rc == 0; i++) {
			if (is_key(s, cols[i]))
				continue;
			rc = grid_buf_addf(b, "%s\"%s\"", first ? "" : ", ",
			    cols[i]);
			first = 0;
		}
		if (rc == 0)
			rc = grid_buf_adds(b, ") = (SELECT ");
		for (i = 0, first = 1; i < n && rc == 0; i++) {
			if (is_key(s, cols[i]))
				continue;
			rc = grid_buf_addf(b, "%sx.\"%s\"", first ? "" : ", ",
			    cols[i]);
			first = 0;
		}
		if (rc == 0)
			rc = grid_buf_adds(b, " FROM temp.city_changed AS x "
			    "WHERE ");
		if (rc == 0)
			rc = add_key_match(b, s);
		if (rc == 0 && k2 == NULL)
			rc = grid_buf_addf(b, ") WHERE t.\"%s\" IN (SELECT "
			    "\"%s\" FROM temp.city_changed)", k1, k1);
		else if (rc == 0)
			rc = grid_buf_addf(b, ") WHERE (t.\"%s\", t.\"%s\") IN "
			    "(SELECT \"%s\", \"%s\" FROM temp.city_changed)",
			    k1, k2, k1, k2);
		if (rc != 0)
			return oom(ld, err);
		if (run(ld, b->data, changed, NULL, err) != 0)
			return -1;
	}
	return run(ld, "DROP TABLE temp.city_changed", NULL, NULL, err);
}

/* Updates the rows that differ, then inserts the new ones. */
static int
upsert(struct load *ld, const struct spec *s, char **cols, int n,
    int empty, struct grid_city_table *t, struct grid_error *err)
{
	struct grid_buf *b = &ld->sql;
	long changed = 0, skipped = 0;
	int i, rc = 0;

	if (s->own != O_SHARED && s->own != O_LOG && !empty &&
	    update_changed(ld, s, cols, n, &changed, err) != 0)
		return -1;
	t->updated += changed;
	grid_buf_reset(b);
	rc = grid_buf_addf(b, "INSERT %sINTO main.\"%s\" (",
	    s->own == O_SHARED ? "OR IGNORE " : "", s->name);
	for (i = 0; i < n && rc == 0; i++)
		rc = grid_buf_addf(b, "%s\"%s\"", i > 0 ? ", " : "", cols[i]);
	if (rc == 0)
		rc = grid_buf_adds(b, ") SELECT * FROM (");
	if (rc == 0)
		rc = add_district_rows(b, s, cols, n);
	/*
	 * The log's new ids are new in the city too (log_start), and so is
	 * every row of a table where the city holds nothing of the district
	 * (every key the district's rows take lies in its range): no probe
	 * of the city's key per row.
	 */
	if (rc == 0 && (s->own == O_LOG || empty))
		rc = grid_buf_adds(b, ") AS x WHERE 1");
	else if (rc == 0)
		rc = grid_buf_addf(b, ") AS x WHERE NOT EXISTS (SELECT 1 FROM "
		    "main.\"%s\" AS t WHERE ", s->name);
	if (rc == 0 && s->own != O_LOG && !empty)
		rc = add_key_match(b, s);
	if (rc == 0 && s->own != O_LOG && !empty)
		rc = grid_buf_adds(b, ")");
	if (rc == 0 && s->own == O_CODE)
		rc = grid_buf_addf(b, " AND x.\"%s\" >= ?1 AND x.\"%s\" < ?3",
		    s->key[0], s->key[0]);
	if (rc == 0 && s->own == O_TAG) {
		rc = grid_buf_adds(b, " AND ");
		if (rc == 0)
			rc = add_takes(b, s, "x");
	}
	if (rc != 0)
		return oom(ld, err);
	if (run(ld, b->data, &changed, NULL, err) != 0)
		return -1;
	t->inserted += changed;

	/* what the district has and the city takes from another */
	grid_buf_reset(b);
	switch (s->own) {
	case O_CODE:
		rc = grid_buf_addf(b, "SELECT count(*) FROM d.\"%s\" AS a "
		    "WHERE NOT (a.\"%s\" >= ?1 AND a.\"%s\" < ?3)", s->name,
		    s->key[0], s->key[0]);
		break;
	case O_PERSON:
	case O_ORG:
		rc = grid_buf_addf(b, "SELECT count(*) FROM d.\"%s\" AS a CROSS "
		    "JOIN main.\"%s\" AS t ON t.\"%s\" = a.\"%s\" WHERE NOT ",
		    s->name, s->name, s->key[0], s->key[0]);
		if (rc == 0)
			rc = add_takes(b, s, "t");
		break;
	case O_TAG:
		rc = grid_buf_adds(b, "SELECT count(*) FROM d.person_tags AS "
		    "x WHERE NOT ");
		if (rc == 0)
			rc = add_takes(b, s, "x");
		break;
	default:
		return 0;
	}
	if (rc != 0)
		return oom(ld, err);
	if (run(ld, b->data, NULL, &skipped, err) != 0)
		return -1;
	t->skipped += skipped;
	return 0;
}

/*
 * grid_rtree follows the district's grids: its rows are keyed by the
 * city's grids.rowid, so they are written again where that or the box
 * differs, and dropped with their grid.
 */
static int
sync_rtree(struct load *ld, struct grid_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM main.grid_rtree WHERE id NOT IN (SELECT rowid "
		"FROM main.grids)",
		"DELETE FROM main.grid_rtree WHERE id IN (SELECT g.rowid FROM "
		"main.grids AS g WHERE g.code >= ?1 AND g.code < ?3 AND NOT "
		"EXISTS (SELECT 1 FROM d.grids AS dg JOIN d.grid_rtree AS r ON "
		"r.id = dg.rowid WHERE dg.code = g.code))",
		"INSERT OR REPLACE INTO main.grid_rtree (id, min_x, max_x, "
		"min_y, max_y) SELECT g.rowid, r.min_x, r.max_x, r.min_y, "
		"r.max_y FROM d.grids AS dg JOIN d.grid_rtree AS r ON r.id = "
		"dg.rowid JOIN main.grids AS g ON g.code = dg.code WHERE "
		"dg.code >= ?1 AND dg.code < ?3 AND NOT EXISTS (SELECT 1 FROM "
		"main.grid_rtree AS m WHERE m.id = g.rowid AND m.min_x = "
		"r.min_x AND m.max_x = r.max_x AND m.min_y = r.min_y AND "
		"m.max_y = r.max_y)",
	};
	size_t i;

	for (i = 0; i < GRIDI_ARRAY_LEN(sql); i++)
		if (run(ld, sql[i], NULL, NULL, err) != 0)
			return -1;
	return 0;
}

/*
 * Where the district's case log was taken to (0: nothing yet).  A log
 * that no longer holds that row as it was (the file restored from an
 * older snapshot) is taken again whole.
 */
static int
log_start(struct load *ld, struct grid_error *err)
{
	long long last = 0, dmax = 0, same = 0;
	long dummy;

	ld->last_log = 0;
	if (run(ld, "SELECT coalesce((SELECT case_log_id + 1 FROM "
	    "main.district_loads WHERE division_code = ?1), 0)", NULL, &dummy,
	    err) != 0)
		return -1;
	ld->st->full = dummy == 0;
	last = dummy > 0 ? dummy - 1 : 0;
	if (last == 0)
		return 0;
	ld->last_log = last;
	if (run(ld, "SELECT coalesce(max(id), 0) FROM d.case_log", NULL,
	    &dummy, err) != 0)
		return -1;
	dmax = dummy;
	if (run(ld, "SELECT count(*) FROM d.case_log AS a JOIN "
	    "main.case_log AS t ON t.id = ?2 + a.id WHERE a.id = ?6 AND "
	    "t.at = a.at AND t.action = a.action", NULL, &dummy, err) != 0)
		return -1;
	same = dummy;
	if (dmax >= last && same == 1)
		return 0;
	ld->last_log = 0;
	ld->st->full = 1;
	return run(ld, "DELETE FROM main.case_log WHERE id BETWEEN ?2 AND "
	    "?2 + " ID_SPAN_SQL, NULL, NULL, err);
}

/* Reads one text value of the attached district (NULL: none). */
static int
district_text(struct load *ld, const char *sql, char *out, size_t n,
    struct grid_error *err)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (grid_db_prepare(ld->db, sql, &st, err) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return grid_error_set(err, GRID_ENOINPUT, ld->path, 0, NULL,
		    "not a gridkit database (%s)",
		    sqlite3_errmsg(grid_db_sqlite(ld->db)));
	return 0;
}

/* The district's identity, checked against the city's.  0 or -1. */
static int
check_district(struct load *ld, struct grid_error *err)
{
	char version[16], zone[128], code[64], city[8];
	struct grid_error why;
	long v;

	if (district_text(ld, "PRAGMA d.user_version", version,
	    sizeof(version), err) != 0)
		return -1;
	v = strtol(version, NULL, 10);
	if (v == 0 || district_text(ld, "SELECT value FROM "
	    "d.settings WHERE key = 'time_zone'", zone, sizeof(zone),
	    err) != 0)
		return grid_error_set(err, GRID_ENOINPUT, ld->path, 0, NULL,
		    "not a gridkit database");
	if (v != GRID_SCHEMA_VERSION)
		return grid_error_set(err, GRID_EDATA, ld->path, 0, NULL,
		    "schema version %d, the city's is %d: open the district's "
		    "database once with the tools of the city's gridkit",
		    (int)v, GRID_SCHEMA_VERSION);
	if (strcmp(zone, grid_db_time_zone(ld->db)) != 0)
		return grid_error_set(err, GRID_EDATA, ld->path, 0,
		    "time_zone", "time zone %s, the city's is %s: every "
		    "district of a city keeps the city's", zone,
		    grid_db_time_zone(ld->db));
	if (district_text(ld, "SELECT value FROM d.settings WHERE key = "
	    "'grid_seq_width'", version, sizeof(version), err) != 0)
		return -1;
	if (version[0] != '\0' && strtol(version, NULL, 10) !=
	    grid_db_setting_long(ld->db, "grid_seq_width", 2))
		return grid_error_set(err, GRID_EDATA, ld->path, 0,
		    "grid_seq_width", "grid codes of %ld-digit sequence numbers, "
		    "the city's have %ld", strtol(version, NULL, 10),
		    grid_db_setting_long(ld->db, "grid_seq_width", 2));
	if (district_text(ld, "SELECT value FROM d.settings WHERE key = "
	    "'division_code'", code, sizeof(code), err) != 0)
		return -1;
	if (code[0] == '\0' && district_text(ld, "SELECT CASE WHEN count(*) "
	    "= 1 THEN max(code) END FROM d.regions WHERE level = 'district'",
	    code, sizeof(code), err) != 0)
		return -1;
	if (code[0] == '\0')
		return grid_error_set(err, GRID_EDATA, ld->path, 0,
		    "division_code", "the district cannot be told: neither "
		    "its setting division_code nor one region of level "
		    "district: set it in the district's database (grid-import "
		    "--set division_code=CODE)");
	if (grid_division_check(code, &why) != 0 ||
	    grid_division_prefix_len(code) != GRID_DIVISION_LEN)
		return grid_error_set(err, GRID_EDATA, ld->path, 0,
		    "division_code", "'%s' is not the division code of a "
		    "district", code);
	grid_db_division(ld->db, city, sizeof(city));
	if (strcmp(city, code) == 0 || !grid_division_covers(city, code))
		return grid_error_set(err, GRID_EDATA, ld->path, 0,
		    "division_code", "district %s is not inside this "
		    "database's jurisdiction %s (its setting division_code)",
		    code, city);
	snprintf(ld->code, sizeof(ld->code), "%.6s", code);
	v = strtol(code, NULL, 10);
	snprintf(ld->next, sizeof(ld->next), "%06ld", v + 1);
	snprintf(ld->colon, sizeof(ld->colon), "%.6s:", code);
	snprintf(ld->semi, sizeof(ld->semi), "%.6s;", code);
	ld->base = (long long)v * ID_SPAN;
	snprintf(ld->st->division, sizeof(ld->st->division), "%.6s", code);
	return 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static const char remember_sql[] =
"INSERT INTO main.district_loads (division_code, source, loaded_at,\n"
"  case_log_id, attrs)\n"
"SELECT ?1, ?7, ?8, (SELECT coalesce(max(id), 0) FROM d.case_log),\n"
"  json_object('schema_version', ?9, 'inserted', ?10, 'updated', ?11,\n"
"  'deleted', ?12, 'skipped', ?13,\n"
"  'unplaced_people', json((SELECT json_group_array(id_number)\n"
"    FROM d.people WHERE household_id IS NULL AND grid_code IS NULL)),\n"
"  'unplaced_orgs', json((SELECT json_group_array(uscc) FROM d.orgs\n"
"    WHERE house_id IS NULL AND grid_code IS NULL)))\n"
"WHERE true ON CONFLICT (division_code) DO UPDATE SET\n"
"  source = excluded.source, loaded_at = excluded.loaded_at,\n"
"  case_log_id = excluded.case_log_id, attrs = excluded.attrs\n"
"RETURNING case_log_id";

/* The load's row of district_loads. */
static int
remember(struct load *ld, struct grid_error *err)
{
	struct grid_city_load *st = ld->st;
	char now[40];
	sqlite3_stmt *q;
	time_t t;
	int rc;

	if (grid_now(&t, err) != 0)
		return -1;
	grid_time_format(t, now, sizeof(now));
	if (grid_db_prepare(ld->db, remember_sql, &q, err) != 0)
		return -1;
	sqlite3_bind_text(q, 1, ld->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, ld->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 9, GRID_SCHEMA_VERSION);
	sqlite3_bind_int64(q, 10, st->inserted);
	sqlite3_bind_int64(q, 11, st->updated);
	sqlite3_bind_int64(q, 12, st->deleted);
	sqlite3_bind_int64(q, 13, st->skipped);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		st->case_log_id = (long)sqlite3_column_int64(q, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return grid_db_error(ld->db, rc, "writing district_loads", err);
	return 0;
}

/*
 * The first broken reference the load left (the commit refused it),
 * named: table, row and the table it refers to.
 */
static int
broken_reference(struct load *ld, struct grid_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (grid_db_prepare(ld->db, "PRAGMA main.foreign_key_check", &st,
	    err) != 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		grid_error_set(err, GRID_EDATA, ld->path, 0,
		    (const char *)sqlite3_column_text(st, 0), "the load would "
		    "leave a row (rowid %lld) referring to a missing row of %s: "
		    "fix the district's database (grid-stats quality) and load "
		    "it again", (long long)sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
	else
		grid_error_set(err, GRID_EDATA, ld->path, 0, NULL, "the load "
		    "would leave a broken reference");
	sqlite3_finalize(st);
	return -1;
}

/*
 * Whether the city holds no row of s in the district's range (its codes,
 * qualified keys or integer ids): then nothing is deleted or updated and
 * every row is inserted as it is.  People, organisations, their tags and
 * the shared registers are found by value, never by range: 0.
 */
static int
holds_none(struct load *ld, const struct spec *s, int *none,
    struct grid_error *err)
{
	struct grid_buf *b = &ld->sql;
	long found = 1;

	*none = 0;
	if (s->own != O_CODE && s->own != O_CASE && s->own != O_LOCAL &&
	    s->own != O_INT)
		return 0;
	grid_buf_reset(b);
	if (grid_buf_addf(b, "SELECT EXISTS (SELECT 1 FROM main.\"%s\" AS t "
	    "WHERE ", s->name) != 0 || add_owned(b, s) != 0 ||
	    grid_buf_adds(b, ")") != 0)
		return oom(ld, err);
	if (run(ld, b->data, NULL, &found, err) != 0)
		return -1;
	*none = found == 0;
	return 0;
}

static int
load_tables(struct load *ld, struct grid_error *err)
{
	struct grid_city_load *st = ld->st;
	struct timespec t0;
	char **cols[GRIDI_ARRAY_LEN(specs)];
	int ncols[GRIDI_ARRAY_LEN(specs)], none[GRIDI_ARRAY_LEN(specs)];
	int rc = 0;
	size_t i, k;

	memset(cols, 0, sizeof(cols));
	memset(ncols, 0, sizeof(ncols));
	memset(none, 0, sizeof(none));
	for (i = 0; i < GRIDI_ARRAY_LEN(specs) && rc == 0; i++) {
		st->tables[i].table = specs[i].name;
		rc = columns(ld, specs[i].name, &cols[i], &ncols[i], err);
		if (rc == 0 && ncols[i] > 0)
			rc = holds_none(ld, &specs[i], &none[i], err);
	}
	st->ntables = (int)GRIDI_ARRAY_LEN(specs);
	/* deletes, children first */
	for (k = GRIDI_ARRAY_LEN(specs); k-- > 0 && rc == 0;) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		/* the history the person_tags triggers write is the city's
		 * own: dropped below, the district's own taken instead */
		if (specs[k].own == O_TAG)
			rc = run(ld, "DROP TABLE IF EXISTS temp.city_history;"
			    "", NULL, NULL, err) || run(ld, "CREATE TEMP "
			    "TABLE city_history AS SELECT id FROM "
			    "main.person_tag_history", NULL, NULL, err);
		if (rc == 0 && ncols[k] > 0 && !none[k])
			rc = delete_gone(ld, &specs[k], &st->tables[k], err);
		st->tables[k].seconds += seconds_since(&t0);
	}
	if (rc == 0)
		rc = log_start(ld, err);
	/* updates and inserts, parents first */
	for (i = 0; i < GRIDI_ARRAY_LEN(specs) && rc == 0; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (strcmp(specs[i].name, "person_tag_history") == 0)
			rc = run(ld, "DELETE FROM main.person_tag_history "
			    "WHERE id NOT IN (SELECT id FROM temp.city_history)",
			    NULL, NULL, err);
		if (rc == 0 && ncols[i] > 0)
			rc = upsert(ld, &specs[i], cols[i], ncols[i], none[i],
			    &st->tables[i], err);
		if (rc == 0 && strcmp(specs[i].name, "grids") == 0)
			rc = sync_rtree(ld, err);
		st->tables[i].seconds += seconds_since(&t0);
	}
	for (i = 0; i < GRIDI_ARRAY_LEN(specs); i++) {
		st->inserted += st->tables[i].inserted;
		st->updated += st->tables[i].updated;
		st->deleted += st->tables[i].deleted;
		st->skipped += st->tables[i].skipped;
		free_columns(cols[i], ncols[i]);
	}
	return rc;
}

/* The unplaced rows the district held at its last load. */
static int
unplaced_before(struct load *ld, struct grid_error *err)
{
	return run(ld, "CREATE TEMP TABLE IF NOT EXISTS city_unplaced (kind "
	    "TEXT, key TEXT, PRIMARY KEY (kind, key)) WITHOUT ROWID", NULL,
	    NULL, err) != 0 || run(ld, "DELETE FROM temp.city_unplaced", NULL,
	    NULL, err) != 0 || run(ld, "INSERT OR IGNORE INTO "
	    "temp.city_unplaced (kind, key) SELECT 'people', j.value FROM "
	    "main.district_loads AS l, json_each(l.attrs, "
	    "'$.unplaced_people') AS j WHERE l.division_code = ?1 AND "
	    "json_valid(l.attrs) UNION ALL SELECT 'orgs', j.value FROM "
	    "main.district_loads AS l, json_each(l.attrs, '$.unplaced_orgs') "
	    "AS j WHERE l.division_code = ?1 AND json_valid(l.attrs)", NULL,
	    NULL, err) != 0 ? -1 : 0;
}

/* Attaches path as d after checking that it is a file, not the city's. */
static int
attach(struct load *ld, struct grid_error *err)
{
	struct stat a, b;
	sqlite3_stmt *st;
	int rc;

	if (stat(ld->path, &a) != 0 || !S_ISREG(a.st_mode))
		return grid_error_set(err, GRID_ENOINPUT, ld->path, 0, NULL,
		    "cannot read the district's database");
	if (stat(grid_db_path(ld->db), &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return grid_error_set(err, GRID_EUSAGE, ld->path, 0, NULL,
		    "this is the city's own database");
	if (grid_db_prepare(ld->db, "ATTACH ?1 AS d", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, ld->path, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_error_set(err, GRID_ENOINPUT, ld->path, 0, NULL,
		    "cannot open the district's database: %s",
		    sqlite3_errmsg(grid_db_sqlite(ld->db)));
	return 0;
}

int
grid_city_load(struct grid_db *city, const char *path, int dry_run,
    struct grid_city_load *st, struct grid_error *err)
{
	struct load ld;
	struct timespec t0;
	int rc, began = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(st, 0, sizeof(*st));
	memset(&ld, 0, sizeof(ld));
	ld.db = city;
	ld.path = path;
	ld.st = st;
	grid_buf_init(&ld.sql, 0);
	if (attach(&ld, err) != 0) {
		grid_buf_release(&ld.sql);
		return -1;
	}
	rc = check_district(&ld, err);
	/*
	 * A page cache of its own for the load (the default 2 MB makes
	 * every index of a large table a disk seek), the same whatever the
	 * number of districts: set back after.
	 */
	if (rc == 0)
		rc = grid_db_exec(city, "PRAGMA main.cache_size = " CACHE_KIB ";"
		    "PRAGMA d.cache_size = -32768", err);
	/*
	 * A deferred transaction: the city's write lock is taken by its
	 * first write, the district's file is only read (a snapshot).
	 */
	if (rc == 0 && (rc = grid_db_exec(city, "BEGIN", err)) == 0) {
		began = 1;
		rc = run(&ld, "UPDATE main.settings SET value = value WHERE "
		    "key = 'division_code'", NULL, NULL, err);
	}
	if (rc == 0)
		rc = grid_db_exec(city, "PRAGMA defer_foreign_keys = ON", err);
	if (rc == 0)
		rc = unplaced_before(&ld, err);
	if (rc == 0)
		rc = load_tables(&ld, err);
	if (rc == 0)
		rc = remember(&ld, err);
	if (rc == 0 && dry_run) {
		grid_db_rollback(city);
		began = 0;
	} else if (rc == 0 && sqlite3_exec(grid_db_sqlite(city), "COMMIT",
	    NULL, NULL, NULL) != SQLITE_OK) {
		rc = sqlite3_extended_errcode(grid_db_sqlite(city)) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY ? broken_reference(&ld, err) :
		    grid_db_error(city, sqlite3_errcode(grid_db_sqlite(city)),
		    "committing the load", err);
	} else if (rc == 0) {
		began = 0;
	}
	if (began)
		grid_db_rollback(city);
	(void)sqlite3_exec(grid_db_sqlite(city), "DROP TABLE IF EXISTS "
	    "temp.city_history; DETACH d; PRAGMA main.cache_size = -2000",
	    NULL, NULL, NULL);
	grid_buf_release(&ld.sql);
	st->seconds = seconds_since(&t0);
	return rc == 0 ? 0 : -1;
}
