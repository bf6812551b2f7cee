/*
 * test_statmerge.c - unit tests of lib/stats_merge.c: the rows of one
 * unit from several districts summed and every figure derived from the
 * sums (worked out by hand below, never averages), key order with the
 * row without a unit last, ranks with ties by key order, the hotspot
 * flag, --top, the statistic told by its columns, and refusals; the
 * repeat lists of several databases (pairs across districts, their case
 * ids in time order, names of the first database, the period checked).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/casestats.h"
#include "grid/disputestats.h"
#include "grid/error.h"
#include "grid/groupstats.h"
#include "grid/hazards.h"
#include "grid/petitionstats.h"
#include "grid/popstats.h"
#include "grid/statmerge.h"

#include "tap.h"

/* The rows a table emits, joined: "v0,v1,...\n" per row ("" for NULL). */
static char got[8192];

static int
collect(void *ctx, const char *const *values)
{
	size_t n = *(size_t *)ctx, i, len = strlen(got);

	for (i = 0; i < n; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s",
		    i ? "," : "", values[i] ? values[i] : "");
	snprintf(got + len, sizeof(got) - len, "\n");
	return 0;
}

/* Emits t (top: --top) into got; returns it, or the error's text. */
static const char *
emit_all(struct grid_stat_table *t, size_t n, long top)
{
	static struct grid_error err;

	got[0] = '\0';
	if (grid_stat_table_emit(t, top, collect, &n, &err) != 0)
		return err.text;
	return got;
}

static void
test_groups(void)
{
	struct grid_stat_desc d;
	struct grid_stat_table *t;
	struct grid_error err;
	const struct grid_column *columns;
	size_t n;
	/* two districts' rows of unit 3205060180 (3 people, 1 in the group;
	 * 4 people, 2 in it): 3 of 7 is 42.86 %, not the mean of 33.33 and
	 * 50.00 (41.67); an empty unit; the row without a grid last */
	const char *r1[] = { "community", "320506018014", "察院场", "3", "1",
		"33.33" };
	const char *r2[] = { "community", "320506018014", NULL, "4", "2",
		"50.00" };
	const char *r3[] = { "community", "320506018019", "北寺塔", "0", "0",
		NULL };
	const char *r4[] = { "community", NULL, NULL, "2", "2", "100.00" };
	const char *r5[] = { "community", "320506018014", NULL, "x", "2",
		NULL };
	const char *r6[] = { "street", "320506018", NULL, "1", "0", NULL };

	columns = grid_groupstats_columns(&n);
	ok(grid_stat_desc_init(&d, "groups", columns, n, &err) == 0,
	    "groups described");
	is_int(d.role[5], GRID_STAT_SHARE, "share is derived");
	t = grid_stat_table_new(&d);
	ok(t != NULL, "a table");
	ok(grid_stat_table_add(t, r4, &err) == 0 &&
	    grid_stat_table_add(t, r3, &err) == 0 &&
	    grid_stat_table_add(t, r1, &err) == 0 &&
	    grid_stat_table_add(t, r2, &err) == 0, "four rows added");
	is_str(emit_all(t, n, 0),
	    "community,320506018014,察院场,7,3,42.86\n"
	    "community,320506018019,北寺塔,0,0,\n"
	    "community,,,2,2,100.00\n",
	    "summed by unit, the share of the sums, by code, no unit last");
	is_int(grid_stat_table_count(t), 3, "three units after the merge");
	ok(grid_stat_table_add(t, r5, &err) != 0, "a count 'x' refused");
	is_int(err.code, GRID_EDATA, "as bad data");
	is_str(err.field, "people", "naming the column");
	ok(grid_stat_table_add(t, r6, &err) != 0, "another level refused");
	is_str(err.field, "level", "naming the level");
	ok(strstr(err.text, "'street' differs from the first row's "
	    "'community'") != NULL, "and both levels");
	grid_stat_table_free(t);
	grid_stat_table_free(NULL);
}

static void
test_population(void)
{
	struct grid_stat_desc d;
	struct grid_stat_table *t;
	struct grid_error err;
	const struct grid_column *columns;
	const char *a[GRID_STAT_MAX_COLUMNS], *b[GRID_STAT_MAX_COLUMNS];
	char *line, *field;
	size_t n, i;

	columns = grid_popstats_columns(&n);
	ok(grid_stat_desc_init(&d, "population", columns, n, &err) == 0,
	    "population described");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	a[0] = b[0] = "district";
	a[1] = b[1] = "320500";
	/* people, male, female, households, 0-14, 15-59, 60-64, 65-79,
	 * 80+; floating 2 and 1 */
	{
		static const char *const av[] = { "8", "4", "4", "3", "1",
			"5", "1", "1", "0" };
		static const char *const bv[] = { "4", "2", "2", "2", "0",
			"2", "0", "0", "1" };

		for (i = 0; i < 9; i++) {
			a[3 + i] = av[i];
			b[3 + i] = bv[i];
		}
	}
	a[18] = "2";
	b[18] = "1";
	for (i = 19; i < n; i++)
		if (d.role[i] == GRID_STAT_COUNT)
			a[i] = b[i] = "0";
	t = grid_stat_table_new(&d);
	ok(grid_stat_table_add(t, a, &err) == 0 &&
	    grid_stat_table_add(t, b, &err) == 0, "two rows of one unit");
	emit_all(t, n, 0);
	/* sums: 12 people, bands 1, 7, 1, 1, 1 (11 dated); 60+ 3 of 11 =
	 * 27.27 %; 65+ 2 of 11 = 18.18 %: aged (14-20 %); working age 8:
	 * dependency (1 + 2) / 8 = 37.50, child 1 / 8 = 12.50, old 2 / 8 =
	 * 25.00; floating 3 of 12 = 25.00 %.  The rows alone: 65+ shares
	 * 12.50 and 25.00, "ageing" and "super_aged". */
	line = got;
	for (i = 0; i < n && *line != '\0'; i++) {
		field = line;
		line += strcspn(line, ",\n");
		*line++ = '\0';
		if (strcmp(columns[i].name, "people") == 0)
			is_str(field, "12", "people summed");
		else if (strcmp(columns[i].name, "aged_60_share") == 0)
			is_str(field, "27.27", "60+ share of the sums");
		else if (strcmp(columns[i].name, "aged_65_share") == 0)
			is_str(field, "18.18", "65+ share of the sums");
		else if (strcmp(columns[i].name, "ageing_stage") == 0)
			is_str(field, "aged", "the stage of the sums");
		else if (strcmp(columns[i].name, "dependency_total") == 0)
			is_str(field, "37.50", "dependency of the sums");
		else if (strcmp(columns[i].name, "dependency_child") == 0)
			is_str(field, "12.50", "child dependency");
		else if (strcmp(columns[i].name, "dependency_old") == 0)
			is_str(field, "25.00", "old dependency");
		else if (strcmp(columns[i].name, "floating_share") == 0)
			is_str(field, "25.00", "floating share");
		else if (strcmp(columns[i].name, "floating_rented_share") == 0)
			is_str(field, "0.00", "rented share: 0 of 3");
	}
	is_int(i, n, "every column read");
	grid_stat_table_free(t);
}

static void
test_cases(void)
{
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	struct grid_casestats_query q;
	struct grid_stat_desc d;
	struct grid_stat_table *t;
	struct grid_error err;
	size_t n, i;
	/* level, unit, unit_name, grid_code, grid_name, cases, share,
	 * people, rate_per_1000, rank_by_rate, rank, hotspot */
	const char *rows[][12] = {
		{ "grid", "G3", "c", "G3", "c", "1", NULL, "10", NULL, NULL,
		    NULL, NULL },
		{ "grid", "G1", "a", "G1", "a", "3", NULL, "60", NULL, NULL,
		    NULL, NULL },
		{ "grid", "G2", "b", "G2", "b", "5", NULL, "50", NULL, NULL,
		    NULL, NULL },
		{ "grid", NULL, NULL, NULL, NULL, "2", NULL, NULL, NULL, NULL,
		    NULL, NULL },
		{ "grid", "G1", "a", "G1", "a", "2", NULL, "40", NULL, NULL,
		    NULL, NULL },
	};
	char buf[9][4];
	const char *many[12] = { "grid", NULL, NULL, NULL, NULL, "1", NULL,
		"100", NULL, NULL, NULL, NULL };

	memset(&q, 0, sizeof(q));
	q.dims[0] = GRID_CS_GRID;
	q.ndims = 1;
	n = grid_casestats_columns(&q, columns);
	is_int(n, 12, "cases by grid: 12 columns");
	ok(grid_stat_desc_init(&d, "cases", columns, n, &err) == 0,
	    "cases described");
	t = grid_stat_table_new(&d);
	for (i = 0; i < 5; i++)
		ok(grid_stat_table_add(t, rows[i], &err) == 0, "a row");
	/* G1 3 + 2 = 5 cases of 100 people (rate 50.00), G2 5 of 50
	 * (100.00), G3 1 of 10 (100.00); 13 cases in all: 38.46, 38.46,
	 * 7.69, 15.38.  By cases G1 and G2 tie: G1 first (key order); by
	 * rate G2 and G3 tie: G2 first.  Mean 11/3, no hotspot.  The row
	 * without a grid has no people, rate or rank. */
	is_str(emit_all(t, n, 0),
	    "grid,G1,a,G1,a,5,38.46,100,50.00,3,1,0\n"
	    "grid,G2,b,G2,b,5,38.46,50,100.00,1,2,0\n"
	    "grid,G3,c,G3,c,1,7.69,10,100.00,2,3,0\n"
	    "grid,,,,,2,15.38,,,,,\n",
	    "cases summed, shares, rates, ranks, no grid last");
	is_str(emit_all(t, n, 2),
	    "grid,G1,a,G1,a,5,38.46,100,50.00,3,1,0\n"
	    "grid,G2,b,G2,b,5,38.46,50,100.00,1,2,0\n",
	    "--top 2: the first two by rank");
	grid_stat_table_free(t);

	/* eight units of 1 case and one of 20: with n = 9, S = 28, SS =
	 * 408, 20 is a hotspot (9 * 20 - 28 = 152, 152^2 = 23104 > 4 * (9 *
	 * 408 - 28^2) = 11552: above mean + 2 sd, 3.11 + 2 * 5.67), 1 is not */
	t = grid_stat_table_new(&d);
	for (i = 0; i < 9; i++) {
		snprintf(buf[i], sizeof(buf[0]), "U%zu", i);
		many[1] = many[3] = buf[i];
		many[5] = i == 8 ? "20" : "1";
		ok(grid_stat_table_add(t, many, &err) == 0, "a unit");
		if (i == 7) {
			emit_all(t, n, 0);
			ok(strstr(got, ",1\n") == NULL, "all equal: no hotspot");
		}
	}
	emit_all(t, n, 0);
	ok(strstr(got, "grid,U8,,U8,,20,71.43,100,200.00,1,1,1\n") != NULL,
	    "the unit of 20 cases: 71.43 % of 28, ranked 1 both ways, a hotspot");
	ok(strstr(got, "grid,U0,,U0,,1,3.57,100,10.00,2,2,0\n") != NULL,
	    "a unit of 1 case: ranked 2 (the first by key order), no hotspot");
	grid_stat_table_free(t);
}

static void
test_match(void)
{
	struct grid_column columns[GRID_CASESTATS_MAX_COLUMNS];
	struct grid_casestats_query q;
	struct grid_stat_desc d;
	struct grid_error err;
	const char *names[GRID_CASESTATS_MAX_COLUMNS];
	const char *quality[] = { "level", "unit", "unit_name", "people",
		"missing_grid" };
	size_t n, i;

	for (i = 0, n = 0; i < GRID_GROUPSTATS_NCOLUMN; i++)
		names[n++] = grid_groupstats_columns(NULL)[i].name;
	ok(grid_stat_desc_match(&d, names, n, &err) == 0 &&
	    strcmp(d.statistic, "groups") == 0, "groups told by columns");
	memset(&q, 0, sizeof(q));
	q.dims[0] = GRID_CS_CATEGORY;
	q.dims[1] = GRID_CS_COMMUNITY;
	q.ndims = 2;
	n = grid_casestats_columns(&q, columns);
	for (i = 0; i < n; i++)
		names[i] = columns[i].name;
	ok(grid_stat_desc_match(&d, names, n, &err) == 0 &&
	    strcmp(d.statistic, "cases") == 0 && d.n == n,
	    "cases by category and community told by columns");
	is_int(d.role[1], GRID_STAT_NAME, "cases: unit repeats the place");
	is_int(d.role[3], GRID_STAT_KEY, "the category is the first key");
	ok(grid_stat_desc_match(&d, quality, 5, &err) != 0,
	    "quality's columns are no statistic to merge");
	is_int(err.code, GRID_EDATA, "bad data");
	ok(grid_stat_desc_init(&d, "quality", columns, n, &err) != 0,
	    "no description of quality");
}

static void
test_disputes(void)
{
	struct grid_stat_desc d;
	struct grid_stat_table *t;
	struct grid_error err;
	const struct grid_column *columns;
	const char *names[GRID_PETITIONSTATS_NCOLUMN];
	size_t n, i;
	/* one street in two districts' files: found 3 and 5, mediated 3 and
	 * 1, resolved 1 and 1 (success 33.33 and 100.00): 2 of 4 is 50.00,
	 * not the mean 66.67; first_line 1 of 2 resolved */
	const char *r1[] = { "street", "320508018", "平江", "2026-05", "3",
		"3", "1", "33.33", "1", "100.00", "0", "1", "1" };
	const char *r2[] = { "street", "320508018", NULL, "2026-05", "5",
		"1", "1", "100.00", "0", "0.00", "1", "0", "3" };
	const char *r3[] = { "street", "320508018", NULL, "2026-04", "1",
		"0", "0", NULL, "0", NULL, "0", "0", "1" };

	columns = grid_disputestats_columns(&n);
	ok(grid_stat_desc_init(&d, "disputes", columns, n, &err) == 0,
	    "disputes described");
	is_int(d.role[7], GRID_STAT_SHARE, "success_rate derived");
	is_int(d.role[12], GRID_STAT_COUNT, "open summed");
	t = grid_stat_table_new(&d);
	ok(t != NULL && grid_stat_table_add(t, r1, &err) == 0 &&
	    grid_stat_table_add(t, r2, &err) == 0, "two districts' rows");
	is_str(emit_all(t, n, 0),
	    "street,320508018,平江,2026-05,8,4,2,50.00,1,50.00,1,1,4\n",
	    "the rates of the sums");
	ok(grid_stat_table_add(t, r3, &err) != 0, "another month refused");
	is_str(err.field, "period", "the period named");
	grid_stat_table_free(t);
	for (i = 0; i < GRID_PETITIONSTATS_NCOLUMN; i++)
		names[i] = grid_petitionstats_columns(NULL)[i].name;
	ok(grid_stat_desc_match(&d, names, GRID_PETITIONSTATS_NCOLUMN,
	    &err) == 0 && strcmp(d.statistic, "petitions") == 0,
	    "petitions told by columns");
	for (i = 0; i < GRID_HAZARDS_INSPECTION_NCOLUMN; i++)
		names[i] = grid_hazards_inspection_columns(NULL)[i].name;
	ok(grid_stat_desc_match(&d, names, GRID_HAZARDS_INSPECTION_NCOLUMN,
	    &err) == 0 && strcmp(d.statistic, "inspections") == 0,
	    "inspections told by columns");
	for (i = 0; i < GRID_DISPUTESTATS_NREPEATED; i++)
		names[i] = grid_disputestats_repeated_columns(NULL)[i].name;
	ok(grid_stat_desc_match(&d, names, GRID_DISPUTESTATS_NREPEATED,
	    &err) != 0, "a repeat list is no statistic to merge");
}

/* Adds a dispute event: pair a b (b NULL: alone), its case and time. */
static int
dispute(struct grid_stat_repeats *r, const char *a, const char *name_a,
    const char *b, const char *id, long long rep, int open)
{
	struct grid_stat_repeat_event e;
	struct grid_error err;
	char at[32];

	memset(&e, 0, sizeof(e));
	snprintf(at, sizeof(at), "2026-05-%02lldT09:00:00+08:00", rep);
	e.key[0] = a;
	e.name[0] = name_a;
	e.key[1] = b;
	e.case_id = id;
	e.reported_at = at;
	e.rep = rep;
	e.open = open;
	e.grid_code = id;	/* the case's grid: its id, to see which */
	return grid_stat_repeats_add(r, "2026-05", &e, &err);
}

static void
test_repeats(void)
{
	struct grid_stat_repeats *r;
	struct grid_stat_repeat_event e;
	struct grid_error err;
	size_t n = GRID_DISPUTESTATS_NREPEATED;

	r = grid_stat_repeats_new(GRID_REPEAT_DISPUTES);
	ok(r != NULL, "a repeat list");
	/* district 1 (added first): P-Q on the 2nd and 10th, R alone on
	 * the 12th; district 2: P-Q on the 5th (its name of P unknown), R
	 * alone on the 3rd, S-T once */
	ok(dispute(r, "P", "甲", "Q", "d1-a", 2, 0) == 0 &&
	    dispute(r, "P", "甲", "Q", "d1-b", 10, 1) == 0 &&
	    dispute(r, "R", "丙", NULL, "d1-c", 12, 0) == 0 &&
	    dispute(r, "P", NULL, "Q", "d2-a", 5, 1) == 0 &&
	    dispute(r, "R", "丙2", NULL, "d2-b", 3, 1) == 0 &&
	    dispute(r, "S", "戊", "T", "d2-c", 4, 0) == 0, "six events");
	got[0] = '\0';
	ok(grid_stat_repeats_emit(r, collect, &n, &err) == 0, "emitted");
	is_str(got,
	    "2026-05,P,甲,Q,,3,d1-a,d2-a,d1-b,2026-05-02T09:00:00+08:00,"
	    "2026-05-10T09:00:00+08:00,2,d1-b\n"
	    "2026-05,R,丙,,,2,d2-b,d1-c,2026-05-03T09:00:00+08:00,"
	    "2026-05-12T09:00:00+08:00,1,d1-c\n",
	    "pairs across districts: case ids in time order, the name of "
	    "the first added, S-T once not listed");
	memset(&e, 0, sizeof(e));
	e.key[0] = "P";
	e.case_id = "x";
	ok(grid_stat_repeats_add(r, "2026-04", &e, &err) != 0 &&
	    err.code == GRID_EDATA, "another period refused");
	grid_stat_repeats_free(r);
}

int
main(void)
{
	test_groups();
	test_population();
	test_cases();
	test_match();
	test_disputes();
	test_repeats();
	return tap_done();
}
