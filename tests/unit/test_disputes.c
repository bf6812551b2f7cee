/*
 * test_disputes.c - unit tests of lib/disputes.c and lib/stats_disputes.c:
 * a dispute's parties, mediator and kind of mediation with their
 * case_log rows; attempts and the final outcome; every refusal with its
 * field and nothing written; then a crafted May 2026 of disputes per
 * community with every figure worked out by hand, a period of days, and
 * the repeated disputes of the same parties.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/disputes.h"
#include "grid/disputestats.h"
#include "grid/error.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800200101"

static char dir[] = "/tmp/test_disputes.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

#define CASE(id, cat, grid, status, at) \
	"('" id "', 'hotline', '" cat "', " grid ", '" status "', '" at "')"

/*
 * Communities A (320508001001, grid G1), B (320508002001, grid G2) and
 * C (320508003001, no grid).  People P1-P4, org O1, worker W1.  The
 * cases of May 2026 (d1-d8, d12) and around it; their attempts are
 * written by the tests (s1) or below (stats).
 */
static const char fixture_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508003', 'street', '虎丘街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002'),"
    "('320508003001', 'community', '虎丘一村', '320508003');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508002001', '平江新城01', 'unit');"
    "INSERT INTO people (id_number, name, phone, grid_code, updated_at) "
    "VALUES ('P1', '张一', '13800000001', '" G1 "', '2026-01-01'),"
    "('P2', '张二', NULL, '" G1 "', '2026-01-01'),"
    "('P3', '张三', NULL, '" G2 "', '2026-01-01'),"
    "('P4', '张四', NULL, '" G2 "', '2026-01-01'),"
    "('11010519491231002X', '王芳', NULL, '" G2 "', '2026-01-01');"
    "INSERT INTO orgs (uscc, name, grid_code) VALUES "
    "('O1', '物业公司', '" G1 "');"
    "INSERT INTO workers (id, name) VALUES ('W1', '王网格');"
    "INSERT INTO cases (id, source, category_code, grid_code, status, "
    "reported_at) VALUES "
    CASE("s1", "E0701", "'" G1 "'", "dispatched",
        "2026-06-01T09:00:00+08:00") ","
    CASE("s2", "E0101", "'" G1 "'", "reported",
        "2026-06-01T09:00:00+08:00") ","
    CASE("s3", "E0702", "'" G1 "'", "closed",
        "2026-06-01T09:00:00+08:00") ","
    CASE("d1", "E0701", "'" G1 "'", "reported",
        "2026-05-02T09:00:00+08:00") ","
    CASE("d2", "E0702", "'" G1 "'", "reported",
        "2026-05-10T09:00:00+08:00") ","
    CASE("d3", "E0703", "'" G1 "'", "closed",
        "2026-05-12T09:00:00+08:00") ","
    CASE("d4", "E0704", "'" G1 "'", "reported",
        "2026-05-20T09:00:00+08:00") ","
    CASE("d5", "E0701", "'" G2 "'", "reported",
        "2026-05-25T09:00:00+08:00") ","
    CASE("d6", "E0701", "'" G2 "'", "reported",
        "2026-05-28T09:00:00+08:00") ","
    CASE("d7", "E0701", "'" G2 "'", "reported",
        "2026-05-30T09:00:00+08:00") ","
    CASE("d8", "E0701", "'" G2 "'", "reported",
        "2026-05-31T23:00:00+08:00") ","
    CASE("d9", "E0701", "'" G1 "'", "reported",
        "2026-04-30T23:59:59+08:00") ","
    CASE("d10", "E0701", "'" G1 "'", "voided",
        "2026-05-15T09:00:00+08:00") ","
    CASE("d11", "E0101", "'" G1 "'", "reported",
        "2026-05-16T09:00:00+08:00") ","
    CASE("d12", "E0701", "NULL", "reported",
        "2026-05-17T09:00:00+08:00") ";";

/*
 * May's disputes as the steps left them (written directly: the steps
 * are tested on s1):
 *   d1 A  P1 P2     05-03 continued grid, 05-05 resolved grid
 *   d2 A  P1 P2     05-11 agreement community
 *   d3 A  P1 P2 O1  05-13 resolved street
 *   d4 A  P3        05-21 referred street
 *   d5 B  P3        05-26 failed community
 *   d6 B  P4 O1     05-29 continued community
 *   d7 B  (none)    no attempt
 *   d8 B  P1 P3     06-02 resolved grid: after the end of May
 *   d12 (no grid)   05-18 resolved grid
 *   d9 (April), d10 (voided), d11 (not a dispute) are not counted.
 */
static const char may_sql[] =
    "INSERT INTO disputes (case_id) VALUES ('d1'), ('d2'), ('d3'), "
    "('d4'), ('d5'), ('d6'), ('d8'), ('d12'), ('d9');"
    "INSERT INTO case_parties (case_id, id_number, org_uscc) VALUES "
    "('d1', 'P1', NULL), ('d1', 'P2', NULL), ('d2', 'P2', NULL), "
    "('d2', 'P1', NULL), ('d3', 'P1', NULL), ('d3', 'P2', NULL), "
    "('d3', NULL, 'O1'), ('d4', 'P3', NULL), ('d5', 'P3', NULL), "
    "('d6', 'P4', NULL), ('d6', NULL, 'O1'), ('d8', 'P1', NULL), "
    "('d8', 'P3', NULL), ('d9', 'P1', NULL), ('d9', 'P2', NULL);"
    "INSERT INTO dispute_attempts (case_id, at, level, result, actor) "
    "VALUES "
    "('d1', '2026-05-03T09:00:00+08:00', 'grid', 'continued', 't'),"
    "('d1', '2026-05-05T09:00:00+08:00', 'grid', 'resolved', 't'),"
    "('d2', '2026-05-11T09:00:00+08:00', 'community', 'agreement', 't'),"
    "('d3', '2026-05-13T09:00:00+08:00', 'street', 'resolved', 't'),"
    "('d4', '2026-05-21T09:00:00+08:00', 'street', 'referred', 't'),"
    "('d5', '2026-05-26T09:00:00+08:00', 'community', 'failed', 't'),"
    "('d6', '2026-05-29T09:00:00+08:00', 'community', 'continued', 't'),"
    "('d8', '2026-06-02T09:00:00+08:00', 'grid', 'resolved', 't'),"
    "('d12', '2026-05-18T09:00:00+08:00', 'grid', 'resolved', 't');"
    "UPDATE disputes SET outcome = (SELECT result FROM dispute_attempts a "
    "WHERE a.case_id = disputes.case_id AND result <> 'continued'), "
    "outcome_at = (SELECT at FROM dispute_attempts a WHERE a.case_id = "
    "disputes.case_id AND result <> 'continued'), outcome_level = "
    "(SELECT level FROM dispute_attempts a WHERE a.case_id = "
    "disputes.case_id AND result <> 'continued');";

/* What the database holds that a refusal must leave as it was. */
static const char *
state(void)
{
	static char text[128];

	snprintf(text, sizeof(text), "%s", sql_one("SELECT (SELECT count(*) "
	    "FROM case_parties) || '/' || (SELECT count(*) FROM case_log) "
	    "|| '/' || (SELECT count(*) FROM dispute_attempts) || '/' || "
	    "(SELECT count(*) FROM disputes) || '/' || (SELECT "
	    "ifnull(group_concat(ifnull(mediator, '-') || ifnull(outcome, "
	    "'-')), '') FROM disputes)"));
	return text;
}

static void
test_record(void)
{
	const char *both[] = { "P1", "O1" }, *p3[] = { "P3" };
	struct grid_dispute_details d;
	struct grid_error e;
	int logged = 0;

	memset(&d, 0, sizeof(d));
	d.case_id = "s1";
	d.parties = both;
	d.nparties = 2;
	d.mediator_id = "W1";
	d.mediation = "人民调解";
	d.actor = "clerk";
	d.at = "2026-06-02 10:00";
	ok(grid_dispute_record(db, &d, &logged, &e) == 0, "parties, worker "
	    "and a Chinese kind of mediation recorded");
	is_int(logged, 3, "three log rows: two parties, the mediator");
	is_str(sql_one("SELECT mediator || ' ' || mediator_id || ' ' || "
	    "mediation FROM disputes WHERE case_id = 's1'"),
	    "王网格 W1 people", "the worker's name, its id, canonical kind");
	is_str(sql_one("SELECT group_concat(role || ':' || ifnull(id_number, "
	    "org_uscc), ' ') FROM case_parties WHERE case_id = 's1'"),
	    "party:P1 party:O1", "a person and an organisation");
	is_str(sql_one("SELECT group_concat(action || '@' || at || '@' || "
	    "from_status || '>' || to_status, ' ') FROM case_log WHERE "
	    "case_id = 's1'"), "party@2026-06-02T10:00:00+08:00@dispatched>"
	    "dispatched party@2026-06-02T10:00:00+08:00@dispatched>dispatched"
	    " dispute@2026-06-02T10:00:00+08:00@dispatched>dispatched",
	    "logged at the step's time, the status kept");
	is_str(sql_one("SELECT note FROM case_log WHERE case_id = 's1' AND "
	    "action = 'party' ORDER BY id LIMIT 1"), "party 1: person, party",
	    "the log names the party's row, not the person");
	memset(&d, 0, sizeof(d));
	d.case_id = "s1";
	d.parties = p3;
	d.nparties = 1;
	d.role = "代表";
	d.actor = "clerk";
	ok(grid_dispute_record(db, &d, &logged, &e) == 0 && logged == 1,
	    "a party added later, with a Chinese role");
	is_str(sql_one("SELECT role FROM case_parties WHERE id_number = "
	    "'P3' AND case_id = 's1'"), "representative", "its role");
}

/* Nothing given: nothing written; an ID number's x read as X. */
static void
test_record_edges(void)
{
	const char *lower[] = { "11010519491231002x" };
	struct grid_dispute_details d;
	struct grid_error e;
	char before[128];
	int logged = -1;

	memset(&d, 0, sizeof(d));
	d.case_id = "d7";
	d.actor = "clerk";
	snprintf(before, sizeof(before), "%s", state());
	ok(grid_dispute_record(db, &d, &logged, &e) == 0 && logged == 0,
	    "no detail given: nothing to do");
	is_str(state(), before, "nothing written, not even a disputes row");
	d.parties = lower;
	d.nparties = 1;
	ok(grid_dispute_record(db, &d, &logged, &e) == 0 && logged == 1,
	    "an ID number ending in x");
	is_str(sql_one("SELECT id_number FROM case_parties WHERE case_id = "
	    "'d7'"), "11010519491231002X", "kept with X, as the register");
	sql("DELETE FROM case_log WHERE case_id = 'd7'; DELETE FROM "
	    "case_parties WHERE case_id = 'd7'; DELETE FROM disputes WHERE "
	    "case_id = 'd7'");
}

/* A refusal of d: field, code, and nothing changed. */
static void
refused(const struct grid_dispute_details *d, const char *field,
    const char *what)
{
	char before[128];
	struct grid_error e;

	snprintf(before, sizeof(before), "%s", state());
	ok(grid_dispute_record(db, d, NULL, &e) == -1 &&
	    e.code == GRID_EDATA && strcmp(e.field, field) == 0, what);
	if (strcmp(e.field, field) != 0)
		printf("# field %s: %s\n", e.field, e.text);
	is_str(state(), before, "nothing written");
}

static void
test_record_refusals(void)
{
	const char *unknown[] = { "P9" }, *twice[] = { "P2", "P2" };
	const char *again[] = { "P1" }, *p2[] = { "P2" };
	struct grid_dispute_details d;

	memset(&d, 0, sizeof(d));
	d.actor = "clerk";
	d.case_id = "s2";
	d.mediator = "某人";
	refused(&d, "category_code", "a case not of a dispute category");
	d.case_id = "s3";
	refused(&d, "status", "a closed case");
	d.case_id = "s1";
	d.mediator = NULL;
	d.parties = unknown;
	d.nparties = 1;
	refused(&d, "party", "a party in neither register");
	d.parties = again;
	refused(&d, "party", "a party of the case already");
	d.parties = twice;
	d.nparties = 2;
	refused(&d, "party", "a party given twice: the first not kept");
	d.parties = p2;
	d.nparties = 1;
	d.role = "judge";
	refused(&d, "role", "a role out of the vocabulary");
	d.role = NULL;
	d.parties = NULL;
	d.nparties = 0;
	d.mediation = "arbitration";
	refused(&d, "mediation", "a kind of mediation out of the vocabulary");
	d.mediation = NULL;
	d.mediator_id = "W9";
	refused(&d, "mediator_id", "a worker not in workers");
	d.mediator_id = NULL;
	d.mediator = "某人";
	d.at = "2026-05-31 10:00";
	refused(&d, "at", "a time before the report");
	d.at = "2026-06-16 10:00";
	refused(&d, "at", "a time in the future");
}

/* An attempt of s1; 0 or -1 with e. */
static int
mediate(const char *result, const char *level, const char *at,
    const char *agreement, struct grid_error *e)
{
	struct grid_dispute_attempt a;

	memset(&a, 0, sizeof(a));
	a.case_id = "s1";
	a.result = result;
	a.level = level;
	a.at = at;
	a.agreement = agreement;
	a.actor = "mediator";
	return grid_dispute_mediate(db, &a, NULL, e);
}

static void
attempt_refused(const char *result, const char *level, const char *at,
    const char *agreement, const char *field, const char *what)
{
	char before[128];
	struct grid_error e;

	snprintf(before, sizeof(before), "%s", state());
	ok(mediate(result, level, at, agreement, &e) == -1 &&
	    e.code == GRID_EDATA && strcmp(e.field, field) == 0, what);
	if (strcmp(e.field, field) != 0)
		printf("# field %s: %s\n", e.field, e.text);
	is_str(state(), before, "nothing written");
}

static void
test_mediate(void)
{
	struct grid_error e;

	attempt_refused("continued", NULL, "2026-05-31T23:59:59+08:00", NULL,
	    "at", "an attempt before the report");
	attempt_refused("continued", NULL, "2026-06-15T10:00:01+08:00", NULL,
	    "at", "an attempt in the future");
	attempt_refused("maybe", NULL, "2026-06-03", NULL, "result",
	    "a result out of the vocabulary");
	attempt_refused("continued", "province", "2026-06-03", NULL, "level",
	    "a level out of the vocabulary");
	attempt_refused("continued", NULL, "2026-06-03", "写好了", "agreement",
	    "an agreement with a dispute that goes on");
	ok(mediate("继续调解", NULL, "2026-06-03 10:00", NULL, &e) == 0,
	    "a first attempt, continued (Chinese)");
	is_str(sql_one("SELECT level || ' ' || result || ' ' || mediator FROM "
	    "dispute_attempts WHERE case_id = 's1'"),
	    "grid continued 王网格", "the case's level, the dispute's mediator");
	is_str(sql_one("SELECT ifnull(outcome, '-') FROM disputes WHERE "
	    "case_id = 's1'"), "-", "continued sets no outcome");
	ok(mediate("达成协议", "社区", "2026-06-05 15:00", "赔偿500元", &e) == 0,
	    "a second attempt: agreement at community level");
	is_str(sql_one("SELECT outcome || ' ' || outcome_at || ' ' || "
	    "outcome_level || ' ' || agreement FROM disputes WHERE case_id = "
	    "'s1'"), "agreement 2026-06-05T15:00:00+08:00 community 赔偿500元",
	    "the outcome, its time and level, the agreement");
	is_str(sql_one("SELECT note FROM case_log WHERE case_id = 's1' AND "
	    "action = 'mediate' ORDER BY id DESC LIMIT 1"), "attempt 2: "
	    "community, agreement, outcome agreement; agreement: 赔偿500元",
	    "its log row");
	attempt_refused("continued", NULL, "2026-06-06", NULL, "result",
	    "an attempt after the outcome");
	sql("UPDATE cases SET status = 'closed' WHERE id = 's1'");
	attempt_refused("continued", NULL, "2026-06-06", NULL, "status",
	    "an attempt on a closed case");
	ncols = GRID_DISPUTE_PARTY_NCOLUMN;
	forget();
	ok(grid_dispute_parties(db, "s1", keep_row, NULL, &e) == 0 &&
	    nrows == 3, "three parties");
	is_str(row(0), "s1|party|person|P1|张一|13800000001", "a person");
	is_str(row(1), "s1|party|org|O1|物业公司|-", "an organisation");
	ncols = GRID_DISPUTE_NCOLUMN;
	forget();
	ok(grid_dispute_show(db, "s1", keep_row, NULL, &e) == 0, "show");
	is_str(row(0), "s1|E0701|closed|grid|2026-06-01T09:00:00+08:00|3|"
	    "王网格|W1|people|2|2026-06-05T15:00:00+08:00|agreement|agreement|"
	    "2026-06-05T15:00:00+08:00|community|赔偿500元", "the dispute's row");
	ok(grid_dispute_is(db, "s2", &e) == 0 && grid_dispute_is(db, "s1",
	    &e) == 1 && grid_dispute_is(db, "zz", &e) == -1,
	    "what is a dispute");
}

/* The unit report of May (or from, to) by community. */
static int
units(const char *month, const char *from, const char *to,
    const char *area, struct grid_error *e)
{
	struct grid_disputestats_query q;

	memset(&q, 0, sizeof(q));
	q.level = GRID_LEVEL_COMMUNITY;
	q.month = month;
	q.from = from;
	q.to = to;
	q.area = area;
	forget();
	grid_disputestats_columns(&ncols);
	return grid_disputestats_run(db, &q, keep_row, NULL, e);
}

static void
test_stats(void)
{
	struct grid_disputestats_query q;
	struct grid_error e;

	sql(may_sql);
	ok(units("2026-05", NULL, NULL, NULL, &e) == 0 && nrows == 4,
	    "May by community: three communities and no grid");
	/*
	 * A: d1-d4 found and mediated; resolved d1 (grid), d2 (agreement,
	 * community), d3 (street): 3 of 4 = 75.00 %, first line 2 of 3 =
	 * 66.67 %; d4 referred; none open.
	 */
	is_str(row(0), "community|320508001001|彩香一村|2026-05|4|4|3|75.00|2|"
	    "66.67|1|0|0", "A");
	/*
	 * B: d5-d8 found; mediated d5, d6 (d8's attempt is in June);
	 * nothing resolved: 0 of 2 = 0.00 %, no first-line share; d5
	 * failed; d6, d7, d8 open.
	 */
	is_str(row(1), "community|320508002001|平江新城|2026-05|4|2|0|0.00|0|-|"
	    "0|1|3", "B");
	is_str(row(2), "community|320508003001|虎丘一村|2026-05|0|0|0|-|0|-|0|"
	    "0|0", "C: no dispute, zeros and no rates");
	is_str(row(3), "community|-|-|2026-05|1|1|1|100.00|1|100.00|0|0|0",
	    "d12 without a grid: the last row");
	/*
	 * 05-01 to 05-15: A has d1, d2, d3 (d10 voided), all three ended
	 * before 05-16: 100.00 %, first line 2 of 3.
	 */
	ok(units(NULL, "2026-05-01", "2026-05-15", NULL, &e) == 0 &&
	    nrows == 3, "a period of days");
	is_str(row(0), "community|320508001001|彩香一村|2026-05-01..2026-05-15|"
	    "3|3|3|100.00|2|66.67|0|0|0", "A from 05-01 to 05-15");
	ok(units("2026-05", NULL, NULL, "320508002", &e) == 0 && nrows == 1,
	    "--in a street: its community");
	is_str(row(0), "community|320508002001|平江新城|2026-05|4|2|0|0.00|0|-|"
	    "0|1|3", "B alone");
	ok(units("2026-13", NULL, NULL, NULL, &e) == -1 &&
	    e.code == GRID_EUSAGE && strcmp(e.field, "month") == 0,
	    "a bad month");
	ok(units("2026-05", "2026-05-01", NULL, NULL, &e) == -1 &&
	    e.code == GRID_EUSAGE, "a month and from");
	ok(units(NULL, "2026-05-10", "2026-05-01", NULL, &e) == -1 &&
	    strcmp(e.field, "to") == 0, "to before from");
	/*
	 * Repeated in May: P1 and P2 in d1, d2, d3 (all ended); P3 the only
	 * party of d4 and d5.  P1-O1, P2-O1 (d3), P4-O1 (d6), P1-P3 (d8)
	 * once each; d9 is April's.
	 */
	memset(&q, 0, sizeof(q));
	q.month = "2026-05";
	forget();
	grid_disputestats_repeated_columns(&ncols);
	ok(grid_disputestats_repeated(db, &q, keep_row, NULL, &e) == 0 &&
	    nrows == 2, "two repeated");
	is_str(row(0), "2026-05|P1|张一|P2|张二|3|d1,d2,d3|"
	    "2026-05-02T09:00:00+08:00|2026-05-12T09:00:00+08:00|0|" G1,
	    "a pair of parties in three disputes");
	is_str(row(1), "2026-05|P3|张三|-|-|2|d4,d5|2026-05-20T09:00:00+08:00|"
	    "2026-05-25T09:00:00+08:00|0|" G2, "a party alone in two");
	q.area = "320508002001";
	forget();
	ok(grid_disputestats_repeated(db, &q, keep_row, NULL, &e) == 0 &&
	    nrows == 0, "in B: d5 alone of P3's, none repeated");
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	db_create(fixture_sql);
	test_record();
	test_record_edges();
	test_record_refusals();
	test_mediate();
	test_stats();
	test_end();
	return tap_done();
}
