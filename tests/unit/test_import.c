/*
 * test_import.c - unit tests of the import module (lib/import*.c and the
 * people rules of lib/import_rules.c) on what a fast path must not
 * change: the
 * line a duplicate key names when the run's rows are kept as runs of
 * consecutive rowids (in memory and written out), rows that exist going
 * the long way (updated, unchanged), SQLite's foreign key enforcement off
 * only inside a run, and the census checks of households noted more than
 * a batch at a time.  Every figure is worked out by hand from the files.
 * And the registers' descriptions (lib/registers.c): every reference a
 * lookup, every register's internal part found from its public one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/import.h"
#include "grid/registers.h"
#include "import_internal.h"	/* last: it reaches lib/banned.h */

#include "tap.h"

/*
 * The test's own text built in a buffer: an append that fails is a bug
 * of the test, which stops there.
 */
static void
must(int appended)
{
	if (appended != 0) {
		fprintf(stderr, "a test buffer is full\n");
		abort();
	}
}

#define NOW "2026-06-15T10:00:00+08:00"
#define G1 "32050800100101"
#define MAX_SEEN 32
#define MANY 1100	/* households: more than one batch of them */

static char dir[] = "/tmp/test_import.XXXXXX";
#include "testfs.h"
#include "testdb.h"

static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001');"
    "INSERT INTO grids (code, community_code, name) VALUES "
    "('" G1 "', '320508001001', '彩香一村01');"
    "INSERT INTO houses (id, grid_code) VALUES ('H1', '" G1 "'),"
    "('H2', '" G1 "');"
    "INSERT INTO households (id, house_id, size) VALUES ('HH1', 'H1', 2),"
    "('HH2', 'H2', 3);";

/* What the callbacks saw: "line:code:field:text", then warnings. */
static char seen[MAX_SEEN][1024];
static size_t nseen;
static int fk_in_run = -1;	/* PRAGMA foreign_keys inside the run */

static int
foreign_keys(void)
{
	sqlite3_stmt *st;
	int on = -1;

	if (sqlite3_prepare_v2(grid_db_sqlite(db), "PRAGMA foreign_keys", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return on;
}

static int
on_reject(void *ctx, const struct grid_reject *r)
{
	(void)ctx;
	if (nseen < MAX_SEEN)
		snprintf(seen[nseen++], sizeof(seen[0]), "%ld:%s:%s:%s",
		    r->line, r->code, r->error->field, r->error->text);
	fk_in_run = foreign_keys();
	return 0;
}

static void
on_warning(void *ctx, const struct grid_error *w)
{
	(void)ctx;
	if (nseen < MAX_SEEN)
		snprintf(seen[nseen++], sizeof(seen[0]), "warning:%s:%s",
		    w->field, w->text);
}

/* A resident ID number of 320508 born on birth (YYYYMMDD), seq 0-999. */
static void
idno(char *out, const char *birth, int seq)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9,
	    10, 5, 8, 4, 2 };
	int i, sum = 0;

	snprintf(out, 19, "320508%s%03d", birth, seq);
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * weight[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0)
		die("write", path);
}

/* Loads the files into people in one run, committed. */
static void
run(const char *const *paths, size_t n, struct grid_import_stats *stats)
{
	struct grid_import_options opts;
	struct grid_import *imp;
	struct grid_error e;
	size_t i;

	memset(&opts, 0, sizeof(opts));
	opts.on_reject = on_reject;
	opts.on_warning = on_warning;
	nseen = 0;
	if ((imp = grid_import_begin(db, &opts, &e)) == NULL)
		die("grid_import_begin", e.text);
	for (i = 0; i < n; i++)
		if (grid_import_file(imp, paths[i], "people", &stats[i],
		    &e) != 0)
			die("grid_import_file", e.text);
	if (grid_import_end(imp, 1, &e) != 0)
		die("grid_import_end", e.text);
}

/*
 * One file then two in a run: lines of duplicates from a run of rowids
 * written out (A, B), from the one in memory (C), from a row updated in
 * the same file (key kept), and from another file.
 */
static void
test_duplicates(void)
{
	char a[20], b[20], c[20], text[2048], p1[256], p2[256], want[512];
	const char *paths[2];
	struct grid_import_stats st[2];

	db_create(fixture_sql);
	idno(a, "19800101", 11);
	idno(b, "19820202", 22);
	idno(c, "19900303", 33);
	paths[0] = in_dir(p1, sizeof(p1), "one.csv");
	paths[1] = in_dir(p2, sizeof(p2), "two.csv");
	snprintf(text, sizeof(text),
	    "id_number,name,household_id,relation,house_id,grid_code,phone\n"
	    "%s,甲,HH1,head,H1," G1 ",13800000001\n"
	    "%s,乙,HH1,spouse,H1," G1 ",\n"
	    "%s,丙,HH2,head,H9," G1 ",\n"
	    "%s,丁,HH2,head,H2," G1 ",\n"
	    "%s,乙,HH1,spouse,H1," G1 ",\n"
	    "%s,丁,HH2,head,H2," G1 ",\n", a, b, c, c, b, c);
	write_file(p1, text);
	is_int(foreign_keys(), 1, "foreign keys on before the run");
	run(paths, 1, st);
	is_int(st[0].read, 6, "one.csv: 6 read");
	is_int(st[0].inserted, 3, "one.csv: 3 inserted");
	is_int(st[0].rejected, 3, "one.csv: 3 rejected");
	is_int(st[0].warnings, 1, "one.csv: 1 warning");
	is_int(nseen, 4, "3 rejects and a warning");
	is_str(seen[0], "4:unknown_reference:house_id:no such row in houses: "
	    "'H9'", "line 4: the unknown house");
	is_str(seen[1], "6:duplicate_key:id_number:duplicate key, first seen "
	    "on line 3", "line 6: B, from the run of rowids written out");
	is_str(seen[2], "7:duplicate_key:id_number:duplicate key, first seen "
	    "on line 5", "line 7: C, from the run kept in memory");
	is_str(seen[3], "warning:household_id:household 'HH2' declares 3 "
	    "people but has 1", "HH2: 3 declared, 1 loaded");
	is_int(fk_in_run, 0, "foreign keys off inside the run");
	is_int(foreign_keys(), 1, "foreign keys on again after the run");
	is_str(sql_one("SELECT head_id_number FROM households WHERE id = 'HH1'"),
	    a, "HH1: its head set from the file");
	is_str(sql_one("SELECT group_concat(name, ',') FROM (SELECT name FROM "
	    "people ORDER BY rowid)"), "甲,乙,丁",
	    "people: A, B, C in order");

	snprintf(text, sizeof(text),
	    "id_number,name,household_id,relation,house_id,grid_code,phone\n"
	    "%s,丁,HH2,head,H2," G1 ",\n", c);
	write_file(p1, text);
	snprintf(text, sizeof(text),
	    "id_number,name,household_id,relation,house_id,grid_code,phone\n"
	    "%s,甲,HH1,head,H1," G1 ",13800000002\n"
	    "%s,甲,HH1,head,H1," G1 ",\n"
	    "%s,乙,HH1,spouse,H1," G1 ",13800000003\n"
	    "%s,丁,HH2,head,H2," G1 ",\n", a, a, b, c);
	write_file(p2, text);
	run(paths, 2, st);
	is_int(st[0].unchanged, 1, "one.csv again: C unchanged");
	is_int(st[0].warnings, 1, "one.csv again: HH2 still short");
	is_int(st[1].updated, 2, "two.csv: A and B updated");
	is_int(st[1].rejected, 2, "two.csv: A twice, C again");
	is_int(st[1].warnings, 0, "two.csv: HH1 has its 2");
	is_int(nseen, 3, "a warning, two rejects");
	is_str(seen[1], "3:duplicate_key:id_number:duplicate key, first "
	    "seen on line 2", "line 3 of two.csv: A, first on its line 2");
	snprintf(want, sizeof(want), "5:duplicate_key:id_number:duplicate "
	    "key, first seen on line 2 of %s", p1);
	is_str(seen[2], want, "line 5 of two.csv: C, first in one.csv");
	is_str(sql_one("SELECT phone FROM people WHERE name = '甲'"),
	    "13800000002", "A: the new phone");
	is_str(sql_one("SELECT count(*) FROM people"), "3", "still 3 people");
	db_remove();
}

/*
 * Many households, each named by one head (and the first one again at
 * the end, after the others): every 100th declares 2 people.
 */
static void
test_households(void)
{
	struct grid_import_stats st;
	struct grid_buf sqlbuf = GRID_BUF_INIT, csv = GRID_BUF_INIT;
	const char *paths[1];
	char id[20], path[256], first[20];
	int i;

	db_create(fixture_sql);
	must(grid_buf_adds(&sqlbuf, "INSERT INTO households (id, house_id, size) "
	    "VALUES "));
	must(grid_buf_adds(&csv, "id_number,name,household_id,relation\n"));
	for (i = 0; i < MANY; i++) {
		must(grid_buf_addf(&sqlbuf, "%s('M%04d', 'H1', %d)", i ? "," : "",
		    i, i % 100 == 0 ? 2 : 1));
		idno(id, i < 1000 ? "19700101" : "19700102", i % 1000);
		if (i == 0)
			snprintf(first, sizeof(first), "%s", id);
		must(grid_buf_addf(&csv, "%s,某,M%04d,head\n", id, i));
	}
	idno(id, "19700103", 1);
	must(grid_buf_addf(&csv, "%s,某,M0000,spouse\n", id));
	sql(sqlbuf.data);
	paths[0] = in_dir(path, sizeof(path), "many.csv");
	write_file(path, csv.data);
	run(paths, 1, &st);
	is_int(st.inserted, MANY + 1, "every person inserted");
	is_int(st.warnings, 10, "10 households short of their size");
	is_str(seen[0], "warning:household_id:household 'M0100' declares 2 "
	    "people but has 1", "the first: M0100 (M0000 has its 2)");
	is_str(seen[9], "warning:household_id:household 'M1000' declares 2 "
	    "people but has 1", "the last: M1000");
	is_str(sql_one("SELECT count(*) FROM households WHERE head_id_number IS "
	    "NOT NULL"), "1100", "every household has its head");
	is_str(sql_one("SELECT head_id_number FROM households WHERE id = 'M0000'"),
	    first, "M0000: its head, not the spouse");
	is_str(sql_one("SELECT count(*) FROM temp.import_households"), "0",
	    "the run's households forgotten at its end");
	grid_buf_release(&sqlbuf);
	grid_buf_release(&csv);
	db_remove();
}

/*
 * A register template: a title line above the header (found), its marks
 * (*, (必填), full-width brackets and spaces), 户口性质 as residence, and
 * one warning naming the columns kept in attrs.
 */
static void
test_template(void)
{
	struct grid_import_stats st;
	const char *paths[1];
	char id[20], path[256], text[1024];

	db_create(fixture_sql);
	idno(id, "19800101", 11);
	paths[0] = in_dir(path, sizeof(path), "template.csv");
	snprintf(text, sizeof(text), "姑苏区实有人口登记表\n"
	    "*公民身份号码,姓名（必填）,　联系方式　,户口性质,序号\n"
	    "%s,甲,13800000001,外来,1\n", id);
	write_file(path, text);
	run(paths, 1, &st);
	is_int(st.inserted, 1, "template: the row in");
	is_str(seen[0], "warning::header on line 2; line 1 skipped "
	    "(--header-line chooses another)", "template: the header found");
	is_str(seen[1], "warning::kept in attrs, matching no field of people: "
	    "'序号'", "template: the column kept in attrs named");
	is_int((int)nseen, 2, "template: nothing more");
	is_str(sql_one("SELECT name || phone || residence || attrs FROM people"),
	    "甲13800000001floating{\"序号\":\"1\"}",
	    "template: every mark understood");
	db_remove();
}

/*
 * Every register: its internal description around its public one; its
 * key column (when it has one) its one key field; each reference looked
 * up by the key of the register it names; at most MAX_FIELDS fields.
 */
static void
test_registers(void)
{
	const struct grid_register *reg;
	const struct gridi_register *ireg;
	const struct grid_field *f;
	const char *got;
	char want[256], what[128];
	size_t i, j, keys, refs = 0, bad = 0;
	int k;

	for (i = 0; (reg = grid_register_at(i)) != NULL; i++) {
		ireg = gridi_register_of(reg);
		snprintf(what, sizeof(what), "register %s: described",
		    reg->table);
		ok(ireg != NULL && &ireg->pub == reg, what);
		snprintf(what, sizeof(what), "register %s: its fields fit",
		    reg->table);
		ok(reg->nfields <= MAX_FIELDS, what);
		for (j = 0, keys = 0; j < reg->nfields; j++)
			keys += (reg->fields[j].flags & GRID_F_KEY) != 0;
		k = ireg != NULL && ireg->key_column != NULL ?
		    grid_register_field(reg, ireg->key_column) : -1;
		snprintf(what, sizeof(what), "register %s: its key column is "
		    "its key, or it has a key of two", reg->table);
		ok(ireg != NULL && (ireg->key_column != NULL ? keys == 1 &&
		    k >= 0 && (reg->fields[k].flags & GRID_F_KEY) &&
		    ireg->key_sql != NULL : keys == 2 && ireg->key_sql == NULL),
		    what);
		for (j = 0; j < reg->nfields; j++) {
			f = &reg->fields[j];
			if (f->ref == NULL)
				continue;
			refs++;
			snprintf(want, sizeof(want), "SELECT 1 FROM %.*s WHERE "
			    "%s = ?1", (int)strcspn(f->ref, "."), f->ref,
			    strchr(f->ref, '.') + 1);
			got = gridi_register_ref_sql(f);
			if (got == NULL || strcmp(got, want) != 0) {
				bad++;
				printf("# %s.%s: reference %s: %s\n",
				    reg->table, f->name, f->ref, got != NULL ?
				    got : "no lookup");
			}
		}
	}
	is_int(i, 17, "17 registers");
	is_int(refs, 29, "29 references");
	is_int(bad, 0, "every reference looked up by its target's key");
	ok(gridi_register_of(NULL) == NULL, "no register: no description");
}

/* A reference that names no register's key has no lookup. */
static void
test_reference_lookups(void)
{
	static const struct grid_field nosuch = { .name = "x", .ref =
	    "nosuch.id" }, notkey = { .name = "x", .ref = "people.name" },
	    twokeys = { .name = "x", .ref = "worker_grids.worker_id" },
	    bare = { .name = "x", .ref = "people" },
	    none = { .name = "x" }, person = { .name = "x", .ref =
	    "people.id_number" };

	ok(gridi_register_ref_sql(&nosuch) == NULL, "no such table");
	ok(gridi_register_ref_sql(&notkey) == NULL, "not the key column");
	ok(gridi_register_ref_sql(&twokeys) == NULL, "a key of two columns");
	ok(gridi_register_ref_sql(&bare) == NULL, "no column named");
	ok(gridi_register_ref_sql(&none) == NULL, "no reference");
	is_str(gridi_register_ref_sql(&person),
	    "SELECT 1 FROM people WHERE id_number = ?1", "a person");
	/* one statement per target: the run's cache keys on its address */
	ok(gridi_register_ref_sql(&person) == gridi_register_ref_sql(
	    &grid_register_find("person_tags")->fields[0]),
	    "one lookup per register");
}

int
main(void)
{
	test_begin(NOW);
	test_registers();
	test_reference_lookups();
	test_duplicates();
	test_households();
	test_template();
	test_end();
	return tap_done();
}
