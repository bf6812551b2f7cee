/*
 * internal.h - declarations shared between libgrid's own files; never
 * included by the tools.
 */
#ifndef GRID_INTERNAL_H
#define GRID_INTERNAL_H

#include <libintl.h>
#include <stddef.h>
#include <time.h>

#include "grid/codes.h"
#include "grid/error.h"

/*
 * A message for people, translated through gettext in libgrid's domain
 * (GRID_TEXT_DOMAIN; po/); N_ marks one that is translated later.
 * grid_error_set translates its format itself.
 */
#define _(msgid) dgettext(GRID_TEXT_DOMAIN, msgid)
#define N_(msgid) msgid
/* The singular or plural form for n, in GRID_TEXT_DOMAIN. */
#define P_(one, many, n) dngettext(GRID_TEXT_DOMAIN, one, many, n)

/* The default category table (data/categories.csv), compiled in. */
extern const char grid_categories_csv[];

struct grid_db;
struct grid_error;
struct grid_buf;

/*
 * Brings the schema from version from to GRID_SCHEMA_VERSION inside the
 * caller's transaction; a new database (from 0) also gets its default
 * settings, with grid_seq_width = seq_width and time_zone = zone, and
 * categories.
 */
int gridi_schema_migrate(struct grid_db *db, int from, int seq_width,
    const char *zone, struct grid_error *err);
/* 1 when name is a table of gridkit's schema (not one an analyst added). */
int gridi_schema_has_table(const char *name);

/*
 * Fills err with "REASON 'TEXT'" (at most 64 bytes of the text, whole
 * characters) and code; returns -1.  How validators name a bad value.
 */
int gridi_reject_value(struct grid_error *err, int code, const char *reason,
    const char *text);

#define GRIDI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The arguments when flag, a literal 0 or 1, is 1 (GRIDI_WHEN_##flag(...)
 * in an X-macro): items of a list chosen by a flag of the list's table.
 */
#define GRIDI_WHEN_0(...)
#define GRIDI_WHEN_1(...) __VA_ARGS__

/*
 * The units of a level with units (grid_level_has_units), as the SQL of
 * the statistics and the report sees them (stats_common.c; used by every
 * statistics module and metrics_query.c): the codes of the level in its
 * table (levels.h; of the grids, the unit grids), plus the prefixes of
 * grid_code that rows lead to.
 */
struct gridi_units {
	const char *level;	/* "grid", "community", ... */
	int prefix;		/* characters of grid_code naming a unit */
	char select[96];	/* SELECT code FROM ... WHERE ... */
	char name[160];		/* (SELECT name ...): the name of u.unit */
};
void gridi_units_init(struct grid_db *db, enum grid_level level,
    struct gridi_units *u);
/*
 * The SQL of the name of the unit of level whose code is the SQL
 * expression key (a scalar subquery; NULL when none), into out (size n).
 */
void gridi_units_name(enum grid_level level, const char *key, char *out,
    size_t n);
/*
 * The columns every row grouped by a level begins with: level, unit,
 * unit_name (the level's name, a code of it, its name).
 */
#define GRIDI_UNIT_COLUMNS \
	{ "level", GRID_COL_TEXT }, { "unit", GRID_COL_TEXT }, \
	{ "unit_name", GRID_COL_TEXT }
/*
 * Checks a statistics level (grid to district) and a reference date
 * (NULL: today); writes the canonical date to day (GRIDI_DAY_SIZE).
 * 0, or -1 with GRID_EUSAGE (field "level" or "at").
 */
#define GRIDI_DAY_SIZE 16
int gridi_stats_args(enum grid_level level, const char *at, char *day,
    struct grid_error *err);
/*
 * Days since 1970-01-01 of a proleptic Gregorian date, and back (H.
 * Hinnant's algorithms; text.c).
 */
long long gridi_days_from_civil(long long year, int month, int day);
void gridi_civil_from_days(long long days, int *year, int *month, int *day);
/* A broken-down time read as UTC: its seconds since the epoch (text.c). */
long long gridi_tm_as_utc(const struct tm *tm);
/*
 * The offset of the zone in force at t, seconds east of UTC, as
 * localtime_r gives it, remembered by quarter hour (tz.c).  0 or -1.
 */
int gridi_tz_offset(time_t t, long *offset);
/*
 * The shortest text that reads back as d (0.1, not 0.10000000000000001),
 * into out (size n >= 32); reader.c.  Returns out.
 */
const char *gridi_real_text(double d, char *out, size_t n);

/* 1 when s is a number by the JSON grammar (RFC 8259, 6): writer.c. */
int gridi_json_number(const char *s);

/* Appends v with the fewest digits (15 to 17) that read back as v, as
 * GeoJSON coordinates are written: geo_json.c. */
int gridi_add_coordinate(struct grid_buf *buf, double v);

/* 100 * num / den, two decimals, half up, into out; NULL when den <= 0. */
char *gridi_percent(char *out, size_t n, long long num, long long den);
/* The latest birth date (YYYY-MM-DD) of someone aged age on at. */
void gridi_birth_cutoff(const char *at, int age, char *out, size_t n);

/*
 * The row grid_import is loading, as the table rules (import_rules.c) see it.
 * v[i] is the canonical value of field i of reg, or NULL when absent.
 */
struct grid_import;
struct grid_register;
struct gridi_row {
	struct grid_import *imp;
	const struct grid_register *reg;
	const char **v;
	const char *today;	/* YYYY-MM-DD */
	const char *now;	/* ISO 8601 */
	int seq_width;
	int exists;		/* the key is in the database (after rules) */
	const char *source;	/* file name */
	long line;
};

/* Index of a field of the row's table by canonical name, -1 when none. */
int gridi_row_field(const struct gridi_row *row, const char *name);
/* The value of a field by name, NULL when absent or no such field. */
const char *gridi_row_get(const struct gridi_row *row, const char *name);
/* Sets a field by name to a copy of value.  Returns 0 or -1 (memory). */
int gridi_row_set(struct gridi_row *row, const char *name,
    const char *value);

/*
 * Runs a one-parameter query of the run's database (statements cached by
 * sql, which must be a string literal).  Copies the first column of the
 * first row to out (size n; "" for NULL).  Returns 1 (a row), 0 (none) or
 * -1 with err.
 */
int gridi_import_lookup(struct grid_import *imp, const char *sql,
    const char *arg, char *out, size_t n, struct grid_error *err);
/* Runs a statement of one or two parameters (b may be NULL) that
 * returns no rows.  0 or -1. */
int gridi_import_exec2(struct grid_import *imp, const char *sql,
    const char *a, const char *b, struct grid_error *err);
/* The run's database, borrowed. */
struct grid_db *gridi_import_db(struct grid_import *imp);
/*
 * The line (and file, in *source) where key was first loaded for table in
 * this run; 0 when it was not.
 */
long gridi_import_seen(struct grid_import *imp, const char *table,
    const char *key, const char **source);

/*
 * Table rules, before the row is written: derive missing values, check
 * values against each other and against the database.  Returns 0 (go
 * on), 1 (reject: err filled with field and text, *code the reason
 * code), or -1 (fatal, err filled).
 */
int gridi_rules_check(struct gridi_row *row, const char **code,
    struct grid_error *err);
/* Table rules after the row is written (household heads).  0 or -1. */
int gridi_rules_after(struct gridi_row *row, struct grid_error *err);
/*
 * Table rules at the end of a file (household sizes): calls warn for
 * each inconsistency found.  Returns the number found, or -1.
 */
long gridi_rules_file_end(struct grid_import *imp, const char *table,
    void (*warn)(void *ctx, const struct grid_error *w), void *ctx,
    const char *source, struct grid_error *err);

/* last: after every system header */
#include "banned.h"

#endif
