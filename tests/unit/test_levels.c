/*
 * test_levels.c - the table of levels (levels.h): every level's name,
 * enum, label and code length, both ways; the codes of each level; the
 * report's levels (metrics.h), places of the table and its own units.
 */
#include <stdio.h>
#include <string.h>

#include "grid/codes.h"
#include "grid/levels.h"
#include "grid/metrics.h"
#include "grid/vocab.h"
#include "tap.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* What the outputs and the database say, written out once. */
static const struct {
	enum grid_level level;
	const char *name, *label;
	size_t len2, len3;	/* code length, sequence width 2 and 3 */
	int units;		/* a table holds its units */
	const char *code;	/* a code of the level (width 2) */
} levels[] = {
	{ GRID_LEVEL_CITY, "city", "市", 6, 6, 0, "320500" },
	{ GRID_LEVEL_DISTRICT, "district", "区", 6, 6, 1, "320508" },
	{ GRID_LEVEL_STREET, "street", "街道", 9, 9, 1, "320508018" },
	{ GRID_LEVEL_COMMUNITY, "community", "社区", 12, 12, 1,
	    "320508018014" },
	{ GRID_LEVEL_GRID, "grid", "网格", 14, 15, 1, "32050801801403" },
};

static void
test_table(void)
{
	char what[96], key[32];
	size_t i;

	for (i = 0; i < LEN(levels); i++) {
		const struct grid_level_info *l =
		    grid_level_info(levels[i].level);
		const char *name = levels[i].name;

		snprintf(what, sizeof(what), "%s: name", name);
		is_str(grid_level_name(levels[i].level), name, what);
		snprintf(what, sizeof(what), "%s: parsed back", name);
		is_int(grid_level_parse(name), levels[i].level, what);
		snprintf(what, sizeof(what), "%s: label", name);
		is_str(grid_level_label(levels[i].level), levels[i].label,
		    what);
		snprintf(what, sizeof(what), "%s: code length, width 2", name);
		is_int(grid_level_code_len(levels[i].level, 2), levels[i].len2,
		    what);
		snprintf(what, sizeof(what), "%s: code length, width 3", name);
		is_int(grid_level_code_len(levels[i].level, 3), levels[i].len3,
		    what);
		snprintf(what, sizeof(what), "%s: its row of the table", name);
		ok(l != NULL && l->level == levels[i].level &&
		    strcmp(l->name, name) == 0, what);
		snprintf(what, sizeof(what), "%s: units in a table: %d", name,
		    levels[i].units);
		is_int(grid_level_has_units(levels[i].level), levels[i].units,
		    what);
		if (!levels[i].units)
			continue;
		snprintf(what, sizeof(what), "%s: code_key", name);
		snprintf(key, sizeof(key), "%s_code", name);
		is_str(l->code_key, key, what);
		snprintf(what, sizeof(what), "%s: name_key", name);
		snprintf(key, sizeof(key), "%s_name", name);
		is_str(l->name_key, key, what);
		snprintf(what, sizeof(what), "%s: %s has its length", name,
		    levels[i].code);
		is_int(strlen(levels[i].code), levels[i].len2, what);
		snprintf(what, sizeof(what), "%s: %s is of the level", name,
		    levels[i].code);
		is_int(grid_code_level(levels[i].code, 2, NULL),
		    levels[i].level, what);
	}
	is_int(LEN(levels), GRID_LEVEL_GRID, "every level of the enum above");
}

static void
test_none(void)
{
	is_str(grid_level_name(GRID_LEVEL_NONE), NULL, "none: no name");
	is_str(grid_level_label(GRID_LEVEL_NONE), NULL, "none: no label");
	ok(grid_level_info(GRID_LEVEL_NONE) == NULL &&
	    grid_level_info((enum grid_level)(GRID_LEVEL_GRID + 1)) == NULL &&
	    grid_level_info((enum grid_level)-1) == NULL,
	    "no row for none or a value out of range");
	is_int(grid_level_code_len(GRID_LEVEL_NONE, 2), 0, "none: length 0");
	is_int(grid_level_has_units(GRID_LEVEL_NONE), 0, "none: no units");
	is_int(grid_level_parse("village"), GRID_LEVEL_NONE, "unknown name");
	is_int(grid_level_parse("Grid"), GRID_LEVEL_NONE, "names are exact");
	is_int(grid_level_parse(""), GRID_LEVEL_NONE, "empty name");
	is_int(grid_level_parse(NULL), GRID_LEVEL_NONE, "NULL name");
}

/* A city's code is its districts' first 4 digits and "00". */
static void
test_ancestors(void)
{
	char out[16];
	size_t i;

	for (i = 1; i + 1 < LEN(levels); i++) {
		char what[96];

		snprintf(what, sizeof(what), "the %s of %s is %s",
		    levels[i].name, levels[LEN(levels) - 1].code,
		    levels[i].code);
		ok(grid_code_ancestor(levels[LEN(levels) - 1].code, 2,
		    levels[i].level, out, sizeof(out)) == 0 &&
		    strcmp(out, levels[i].code) == 0, what);
	}
	ok(grid_code_ancestor("320508018", 2, GRID_LEVEL_CITY, out,
	    sizeof(out)) == 0 && strcmp(out, "320500") == 0,
	    "the city of 320508018 is 320500");
}

/* The report's levels: the places with units, then its own units. */
static const struct {
	enum grid_metrics_level level;
	const char *name, *label;
	enum grid_level place;
} report_levels[] = {
	{ GRID_BY_GRID, "grid", "网格", GRID_LEVEL_GRID },
	{ GRID_BY_COMMUNITY, "community", "社区", GRID_LEVEL_COMMUNITY },
	{ GRID_BY_STREET, "street", "街道", GRID_LEVEL_STREET },
	{ GRID_BY_DISTRICT, "district", "区", GRID_LEVEL_DISTRICT },
	{ GRID_BY_DEPT, "dept", "部门", GRID_LEVEL_NONE },
	{ GRID_BY_WORKER, "worker", "网格员", GRID_LEVEL_NONE },
};

static void
test_report_levels(void)
{
	enum grid_metrics_level level;
	char what[96];
	size_t i;

	for (i = 0; i < LEN(report_levels); i++) {
		const char *name = report_levels[i].name;

		snprintf(what, sizeof(what), "report %s: name", name);
		is_str(grid_metrics_level_name(report_levels[i].level), name,
		    what);
		snprintf(what, sizeof(what), "report %s: label", name);
		is_str(grid_metrics_level_label(report_levels[i].level),
		    report_levels[i].label, what);
		snprintf(what, sizeof(what), "report %s: parsed back", name);
		ok(grid_metrics_level_parse(name, &level) == 0 &&
		    level == report_levels[i].level, what);
		snprintf(what, sizeof(what), "report %s: its place", name);
		is_int(grid_metrics_level_place(report_levels[i].level),
		    report_levels[i].place, what);
	}
	is_int(LEN(report_levels), GRID_BY_NLEVEL - GRID_BY_DISTRICT,
	    "every level of the report");
	ok(grid_metrics_level_parse("department", &level) == 0 &&
	    level == GRID_BY_DEPT, "report: department is dept");
	ok(grid_metrics_level_parse("city", &level) == -1,
	    "report: no city level (no table holds cities)");
	ok(grid_metrics_level_parse("", &level) == -1 &&
	    grid_metrics_level_parse(NULL, &level) == -1,
	    "report: no empty or NULL level");
	is_str(grid_metrics_level_name(GRID_BY_NLEVEL), "",
	    "report: no name past the last level");
	is_str(grid_metrics_level_name((enum grid_metrics_level)
	    GRID_LEVEL_CITY), "", "report: no name for the city");
}

/*
 * The level vocabulary (cases.level, imported) is the table's: the same
 * names, the same labels, in the same order from the bottom.
 */
static void
test_vocab(void)
{
	const struct grid_vocab *v = grid_vocab_find("level");
	const char *value;
	char what[96];
	size_t i;

	ok(v != NULL, "vocabulary level exists");
	if (v == NULL)
		return;
	for (i = 0; (value = grid_vocab_value(v, i)) != NULL; i++) {
		enum grid_level l = grid_level_parse(value);

		snprintf(what, sizeof(what), "vocabulary level %s: a level "
		    "of the table, from the bottom", value);
		ok(l == (enum grid_level)(GRID_LEVEL_GRID - i), what);
		snprintf(what, sizeof(what), "vocabulary level %s: the "
		    "table's label", value);
		ok(l != GRID_LEVEL_NONE && strcmp(grid_vocab_label(v, value),
		    grid_level_label(l)) == 0, what);
	}
	ok(i == LEN(levels), "vocabulary level: every level of the table");
}

int
main(void)
{
	test_vocab();
	test_table();
	test_none();
	test_ancestors();
	test_report_levels();
	return tap_done();
}
