/*
 * test_petitions.c - unit tests of lib/petitions.c and
 * lib/stats_petitions.c: a petition's record through its actions (the
 * details and petitioners, accept with its reply deadline, answer,
 * review, follow-through), each logged; every refusal naming its field
 * and changing nothing (not a petition, a petitioner not in people, an
 * answer before acceptance, twice or after the close, a review before
 * the answer, times out of order); the reply limit's forms; and a
 * crafted May 2026 of petitions per community, a quarter, an area and
 * the repeat petitioners, every figure derived by hand below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/hazards.h"
#include "grid/petitions.h"
#include "grid/petitionstats.h"
#include "grid/text.h"

#include "tap.h"

#define G1 "32050800100101"
#define G2 "32050800200101"
#define P1 "320508199001010011"
#define P2 "320508199202020022"
#define P3 "320508199303030033"
#define P4 "320508199404040044"
#define NOBODY "320508199909090099"

static char dir[] = "/tmp/test_petitions.XXXXXX";
#include "testfs.h"
#define KEEP_ROWS 16
#include "testdb.h"

static const char places_sql[] =
    "INSERT INTO regions (code, level, name, parent_code) VALUES "
    "('320508', 'district', '姑苏区', NULL),"
    "('320508001', 'street', '金阊街道', '320508'),"
    "('320508002', 'street', '平江街道', '320508'),"
    "('320508001001', 'community', '彩香一村', '320508001'),"
    "('320508002001', 'community', '平江新城', '320508002');"
    "INSERT INTO grids (code, community_code, name, kind) VALUES "
    "('" G1 "', '320508001001', '彩香一村01', 'unit'),"
    "('" G2 "', '320508002001', '平江新城01', 'unit');"
    "INSERT INTO people (id_number, name, grid_code, updated_at) VALUES "
    "('" P1 "', '甲', '" G1 "', '2026-01-01'),"
    "('" P2 "', '乙', '" G1 "', '2026-01-01'),"
    "('" P3 "', '丙', '" G2 "', '2026-01-01'),"
    "('" P4 "', '丁', NULL, '2026-01-01');";

/*
 * The cases the actions work on: a1 a petition (E0901, source
 * petition); a2 of source petition but a category of no case type; a3 of
 * a petition category but source hotline; a4 a petition to be closed.
 */
static const char actions_sql[] =
    "INSERT INTO cases (id, source, category_code, grid_code, status, "
    "reported_at) VALUES "
    "('a1', 'petition', 'E0901', '" G1 "', 'registered', "
    "'2026-05-02T09:00:00+08:00'),"
    "('a2', 'petition', 'E0102', '" G1 "', 'registered', "
    "'2026-05-02T09:00:00+08:00'),"
    "('a3', 'hotline', 'E0902', '" G1 "', 'registered', "
    "'2026-05-02T09:00:00+08:00'),"
    "('a4', 'petition', 'E0903', '" G2 "', 'dispatched', "
    "'2026-05-02T09:00:00+08:00');";

/* What the database holds of the petitions, to see nothing changed. */
static char *
state(void)
{
	char text[512];

	snprintf(text, sizeof(text), "%s", sql_one("SELECT count(*) || '/' "
	    "|| ifnull(group_concat(coalesce(form, '') || coalesce("
	    "people_count, '') || coalesce(accepted_at, '') || coalesce("
	    "replied_at, '') || coalesce(review, '') || coalesce("
	    "followed_through, ''), ';'), '') FROM petitions"));
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "|%s",
	    sql_one("SELECT count(*) FROM case_parties"));
	snprintf(text + strlen(text), sizeof(text) - strlen(text), "|%s",
	    sql_one("SELECT count(*) FROM case_log"));
	return strdup(text);
}

static struct grid_petition_step
step(enum grid_petition_action action, const char *id, const char *at)
{
	struct grid_petition_step s;

	memset(&s, 0, sizeof(s));
	s.action = action;
	s.case_id = id;
	s.actor = "clerk";
	s.at = at;
	s.followed = 1;
	return s;
}

/* Applies s, which must be refused with field; nothing may change. */
static void
refused(const struct grid_petition_step *s, const char *field,
    const char *text, const char *what)
{
	struct grid_error e;
	char *before = state(), *after;
	char label[160];

	memset(&e, 0, sizeof(e));
	snprintf(label, sizeof(label), "%s: refused", what);
	ok(grid_petition_apply(db, s, NULL, &e) == -1, label);
	snprintf(label, sizeof(label), "%s: GRID_EDATA", what);
	is_int(e.code, GRID_EDATA, label);
	snprintf(label, sizeof(label), "%s: field %s", what, field);
	is_str(e.field, field, label);
	snprintf(label, sizeof(label), "%s: the message", what);
	is_str(e.text, text, label);
	after = state();
	snprintf(label, sizeof(label), "%s: nothing changed", what);
	is_str(after, before, label);
	free(before);
	free(after);
}

/* Applies s, which must work; out gets what it did. */
static void
applied(const struct grid_petition_step *s, struct grid_petition_done *out,
    const char *what)
{
	struct grid_error e;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = grid_petition_apply(db, s, out, &e)) != 0)
		printf("# %s: %s: %s\n", what, e.field, e.text);
	ok(rc == 0, what);
}

static void
test_actions(void)
{
	const char *petitioners[] = { P1, P2 }, *unknown[] = { P3, NOBODY };
	const char *again[] = { P2, P3 };
	struct grid_petition_step s;
	struct grid_petition_done done;

	db_create(places_sql);
	sql(actions_sql);

	s = step(GRID_PETITION_DETAILS, "a2", "2026-05-02T10:00:00+08:00");
	s.form = "visit";
	refused(&s, "category_code", "case a2: category E0102 is not a "
	    "petition category (case_type petition: E0901-E0904)",
	    "a category of no case type");
	s.case_id = "a3";
	refused(&s, "source", "case a3: source hotline is not petition",
	    "a petition category of source hotline");
	s.case_id = "nope";
	refused(&s, "case_id", "case nope: no such case", "no such case");
	s = step(GRID_PETITION_DETAILS, "a1", "2026-05-02T10:00:00+08:00");
	s.people = "6";
	refused(&s, "form", "case a1: a new petition needs its form (one of: "
	    "visit, letter, online, phone)", "a new petition without form");
	s.form = "fax";
	refused(&s, "form", "case a1: bad form 'fax' (one of: visit, letter, "
	    "online, phone)", "a form not in the vocabulary");
	s.form = "来访";
	s.petitioners = unknown;
	s.npetitioners = 2;
	refused(&s, "petitioner", "case a1: petitioner 2: "
	    "'320508********0099' not in people",
	    "a petitioner not in people (masked)");
	s = step(GRID_PETITION_ACCEPT, "a1", "2026-05-02T10:00:00+08:00");
	refused(&s, "form", "case a1: no petition recorded (grid-case "
	    "petition ID --form ...)", "accept before the details");

	/* the details: Chinese values, 6 people, over-level */
	s = step(GRID_PETITION_DETAILS, "a1", "2026-05-02T10:00:00+08:00");
	s.form = "来访";
	s.people = "6";
	s.level_reached = "city";
	s.competent_level = "district";
	s.responder = "王芳";
	s.leader = "李书记";
	s.petitioners = petitioners;
	s.npetitioners = 2;
	applied(&s, &done, "the details recorded");
	is_str(sql_one("SELECT form || ' ' || people_count || ' ' || "
	    "level_reached || ' ' || competent_level || ' ' || "
	    "first_responder || ' ' || leader FROM petitions WHERE case_id "
	    "= 'a1'"), "visit 6 city district 王芳 李书记", "the row");
	is_str(sql_one("SELECT group_concat(role || ':' || id_number, ' ') "
	    "FROM case_parties WHERE case_id = 'a1'"), "petitioner:" P1
	    " petitioner:" P2, "the petitioners");
	is_str(sql_one("SELECT action || '|' || at || '|' || from_status || "
	    "'|' || to_status || '|' || note FROM case_log"),
	    "petition|2026-05-02T10:00:00+08:00|registered|registered|form "
	    "visit, 6 people (group petition), reached city, competent "
	    "district, over-level, first responder 王芳, leader 李书记, "
	    "petitioners +2", "logged, numbers left out of the note");
	/* again: one new petitioner, one already there; people changed */
	s = step(GRID_PETITION_DETAILS, "a1", "2026-05-02T11:00:00+08:00");
	s.people = "3";
	s.petitioners = again;
	s.npetitioners = 2;
	applied(&s, &done, "the details changed");
	is_str(sql_one("SELECT people_count || form FROM petitions"),
	    "3visit", "people replaced, form kept");
	is_str(sql_one("SELECT count(*) FROM case_parties"), "3",
	    "a petitioner added once");
	is_str(sql_one("SELECT note FROM case_log ORDER BY id DESC LIMIT 1"),
	    "3 people, petitioners +1", "the change logged");
	/* one level given: over-level by the row's other one (district) */
	s = step(GRID_PETITION_DETAILS, "a1", "2026-05-02T11:05:00+08:00");
	s.level_reached = "province";
	applied(&s, &done, "the level reached changed");
	is_str(sql_one("SELECT note FROM case_log ORDER BY id DESC LIMIT 1"),
	    "reached province, over-level", "over-level from the row");

	/* answer before acceptance; times out of order */
	s = step(GRID_PETITION_ANSWER, "a1", "2026-05-03T09:00:00+08:00");
	s.text = "已答复";
	refused(&s, "accepted_at", "case a1: answer before acceptance "
	    "(grid-case accept first)", "answer before acceptance");
	s = step(GRID_PETITION_ACCEPT, "a1", "2026-06-16T09:00:00+08:00");
	refused(&s, "at", "case a1: --at 2026-06-16T09:00:00+08:00 is in the "
	    "future (now is 2026-06-15T10:00:00+08:00)", "accept in the "
	    "future");
	s = step(GRID_PETITION_FOLLOW_THROUGH, "a1", NULL);
	refused(&s, "replied_at", "case a1: follow through before an answer "
	    "(grid-case answer first)", "follow-through before an answer");
	s = step(GRID_PETITION_REVIEW, "a1", NULL);
	s.result = "upheld";
	refused(&s, "replied_at", "case a1: review before an answer "
	    "(grid-case answer first)", "review before an answer");

	/* accept: 2026-05-04 09:00 + 60 calendar days = 2026-07-03 09:00
	 * (27 days to May 31, 30 to June 30, 3 more) */
	s = step(GRID_PETITION_ACCEPT, "a1", "2026-05-04T09:00:00+08:00");
	applied(&s, &done, "accepted");
	is_str(done.reply_due, "2026-07-03T09:00:00+08:00",
	    "reply due 60 calendar days later");
	is_str(sql_one("SELECT reply_due FROM petitions"),
	    "2026-07-03T09:00:00+08:00", "reply_due stored");
	refused(&s, "accepted_at", "case a1: already accepted at "
	    "2026-05-04T09:00:00+08:00", "accepted twice");

	s = step(GRID_PETITION_ANSWER, "a1", "2026-05-20T10:00:00+08:00");
	refused(&s, "text", "case a1: answer needs a text", "answer without "
	    "a text");
	s.text = "经核查，已协调解决";
	applied(&s, &done, "answered");
	is_int(done.on_time, 1, "on time");
	is_str(sql_one("SELECT replied_at || ' ' || reply FROM petitions"),
	    "2026-05-20T10:00:00+08:00 经核查，已协调解决", "the reply");
	is_str(sql_one("SELECT note FROM case_log ORDER BY id DESC LIMIT 1"),
	    "answered on time (due 2026-07-03T09:00:00+08:00); "
	    "经核查，已协调解决", "the answer logged with its text");
	refused(&s, "replied_at", "case a1: already answered at "
	    "2026-05-20T10:00:00+08:00", "answered twice");

	s = step(GRID_PETITION_REVIEW, "a1", "2026-05-25T09:00:00+08:00");
	s.result = "overturned";
	refused(&s, "review", "case a1: bad review 'overturned' (one of: "
	    "upheld, changed, revoked)", "a review result not in the "
	    "vocabulary");
	s.result = "维持";
	applied(&s, &done, "reviewed");
	is_str(sql_one("SELECT review FROM petitions"), "upheld",
	    "the review, from its Chinese label");
	refused(&s, "reviewed_at", "case a1: already reviewed at "
	    "2026-05-25T09:00:00+08:00", "reviewed twice");
	s = step(GRID_PETITION_FOLLOW_THROUGH, "a1", NULL);
	s.followed = 0;
	applied(&s, &done, "not followed through");
	is_str(sql_one("SELECT followed_through FROM petitions"), "0",
	    "followed_through 0");
	s.followed = 1;
	applied(&s, &done, "followed through");
	is_str(sql_one("SELECT followed_through FROM petitions"), "1",
	    "followed_through 1");
	is_str(sql_one("SELECT group_concat(action, ' ') FROM case_log WHERE "
	    "case_id = 'a1'"), "petition petition petition accept answer "
	    "review follow-through follow-through", "every action logged");

	/*
	 * a4: the details are records, entered at 09:00 and 11:00; the
	 * acceptance, a step, back-dated to 10:00 between them is taken;
	 * an answer before it is not.  Then closed: no answer any more.
	 */
	s = step(GRID_PETITION_DETAILS, "a4", "2026-05-03T09:00:00+08:00");
	s.form = "letter";
	applied(&s, &done, "a4 recorded");
	s = step(GRID_PETITION_DETAILS, "a4", "2026-05-03T11:00:00+08:00");
	s.people = "2";
	applied(&s, &done, "a4's details changed");
	s = step(GRID_PETITION_ACCEPT, "a4", "2026-05-03T10:00:00+08:00");
	applied(&s, &done, "a4 accepted at 10:00, before the details of "
	    "11:00: a record is no step");
	is_str(sql_one("SELECT accepted_at FROM petitions WHERE case_id = "
	    "'a4'"), "2026-05-03T10:00:00+08:00", "accepted_at as given");
	s = step(GRID_PETITION_ANSWER, "a4", "2026-05-03T09:30:00+08:00");
	s.text = "答复";
	refused(&s, "at", "case a4: --at 2026-05-03T09:30:00+08:00 is before "
	    "its last step at 2026-05-03T10:00:00+08:00",
	    "an answer before the acceptance, the last step");
	sql("UPDATE cases SET status = 'closed' WHERE id = 'a4'");
	s = step(GRID_PETITION_ANSWER, "a4", "2026-05-10T09:00:00+08:00");
	s.text = "答复";
	refused(&s, "status", "case a4: cannot answer the petition of a case "
	    "that is closed", "an answer after the close");
	db_remove();
}

static void
test_limits(void)
{
	struct grid_error e;
	time_t t, due;
	char text[32];

	is_int(grid_petition_reply_limit_check("60 days", &e), 0, "60 days");
	is_int(grid_petition_reply_limit_check("1 day", &e), 0, "1 day");
	is_int(grid_petition_reply_limit_check("15 work_days", &e), 0,
	    "15 work_days");
	is_int(grid_petition_reply_limit_check("0 days", &e), -1, "0 days");
	is_str(e.field, "petition_reply_limit", "the setting named");
	is_int(grid_petition_reply_limit_check("60 dayz", &e), -1,
	    "60 dayz");
	is_int(grid_petition_reply_limit_check("1.5 days", &e), -1,
	    "1.5 days: whole days");
	is_int(grid_petition_reply_limit_check("days", &e), -1, "days alone");

	db_create(NULL);
	grid_time_to_epoch("2026-05-29T16:00:00+08:00", &t);
	sql("UPDATE settings SET value = '3 work_days' WHERE key = "
	    "'petition_reply_limit'");
	ok(grid_petition_reply_due(db, t, &due, &e) == 0, "3 work_days");
	/* Friday 16:00 + 3 working days: Wednesday 16:00 */
	is_str(grid_time_format(due, text, sizeof(text)),
	    "2026-06-03T16:00:00+08:00", "on the working calendar");
	sql("UPDATE settings SET value = '2 days' WHERE key = "
	    "'petition_reply_limit'");
	ok(grid_petition_reply_due(db, t, &due, &e) == 0, "2 days");
	is_str(grid_time_format(due, text, sizeof(text)),
	    "2026-05-31T16:00:00+08:00", "calendar days: a Sunday too");
	sql("UPDATE settings SET value = 'soon' WHERE key = "
	    "'petition_reply_limit'");
	ok(grid_petition_reply_due(db, t, &due, &e) == -1, "a bad setting");
	is_str(e.source, "settings", "named as a setting");
	db_remove();
}

/*
 * May 2026 (GRID_NOW is 2026-06-15).  C1 = 320508001001 (G1), C2 =
 * 320508002001 (G2); the limit of s2 and s3 is 15 days.
 *   s1 G1 reported 05-03, visit, 6 people (group), reached city,
 *      competent district (over-level); accepted 05-04, due 07-03,
 *      replied 05-20 (on time), followed through; petitioners P1, P2
 *   s2 G1 reported 05-10, letter, 1; accepted 05-11, due 05-26, replied
 *      05-28 (late), not followed through; petitioner and
 *      representative P1 (counted once)
 *   s3 G1 reported 04-20 (April), online, 5 people; accepted 04-21, due
 *      05-06, never replied: overdue at the end of May; petitioner P3
 *   s4 G2 reported 05-31 23:59:59 (the last second of May), phone, 2
 *      people, reached province, competent community (over-level); not
 *      accepted; representative P2
 *   s5 G2 reported 04-30 23:59:59 (April); visit; accepted 05-01 00:00
 *      (the first second of May), due 05-16, replied 05-15 (on time),
 *      followed through
 *   s6 G2 voided: left out everywhere (9 people, petitioner P4)
 *   s7 no grid, reported 05-13, letter; petitioner P4
 *   s8 G1 reported 06-01 00:00 (June), visit; accepted 06-01 09:00;
 *      petitioner P1
 * C1: received 2 (s1 s2), accepted 2 (s1 s2), replied 2, on time 1
 *     (50.00), followed 1 (50.00), overdue 1 (s3), group 1 (s1; s3 is
 *     April's), over-level 1 (s1), visit 1, letter 1.
 * C2: received 1 (s4), accepted 1 (s5), replied 1 (s5), on time 1
 *     (100.00), followed 1 (100.00), overdue 0, group 0, over-level 1
 *     (s4), phone 1.
 * no grid: received 1 (s7), letter 1; no rate.
 * Repeat in May: P1 s1 s2 (s8 is June's) and P2 s1 s4; P3 s3 is April's,
 * P4's s6 is voided: once each, not listed.
 */
static const char month_sql[] =
    "INSERT INTO cases (id, source, category_code, grid_code, status, "
    "reported_at) VALUES "
    "('s1', 'petition', 'E0901', '" G1 "', 'closed', "
    "'2026-05-03T09:00:00+08:00'),"
    "('s2', 'petition', 'E0902', '" G1 "', 'closed', "
    "'2026-05-10T09:00:00+08:00'),"
    "('s3', 'petition', 'E0901', '" G1 "', 'dispatched', "
    "'2026-04-20T09:00:00+08:00'),"
    "('s4', 'petition', 'E0901', '" G2 "', 'dispatched', "
    "'2026-05-31T23:59:59+08:00'),"
    "('s5', 'petition', 'E0904', '" G2 "', 'closed', "
    "'2026-04-30T15:59:59Z'),"
    "('s6', 'petition', 'E0901', '" G2 "', 'voided', "
    "'2026-05-12T09:00:00+08:00'),"
    "('s7', 'petition', 'E0903', NULL, 'registered', "
    "'2026-05-13T09:00:00+08:00'),"
    "('s8', 'petition', 'E0901', '" G1 "', 'dispatched', "
    "'2026-06-01T00:00:00+08:00');"
    "INSERT INTO petitions (case_id, form, people_count, level_reached, "
    "competent_level, accepted_at, reply_due, replied_at, "
    "followed_through) VALUES "
    "('s1', 'visit', 6, 'city', 'district', '2026-05-04T09:00:00+08:00', "
    "'2026-07-03T09:00:00+08:00', '2026-05-20T10:00:00+08:00', 1),"
    "('s2', 'letter', 1, 'district', 'district', "
    "'2026-05-11T09:00:00+08:00', '2026-05-26T09:00:00+08:00', "
    "'2026-05-28T09:00:00+08:00', 0),"
    "('s3', 'online', 5, NULL, NULL, '2026-04-21T09:00:00+08:00', "
    "'2026-05-06T09:00:00+08:00', NULL, NULL),"
    "('s4', 'phone', 2, 'province', 'community', NULL, NULL, NULL, NULL),"
    "('s5', 'visit', 1, 'street', 'street', '2026-05-01T00:00:00+08:00', "
    "'2026-05-16T00:00:00+08:00', '2026-05-15T17:00:00+08:00', 1),"
    "('s6', 'visit', 9, 'city', 'street', NULL, NULL, NULL, NULL),"
    "('s7', 'letter', 1, NULL, NULL, NULL, NULL, NULL, NULL),"
    "('s8', 'visit', 1, NULL, NULL, '2026-06-01T09:00:00+08:00', "
    "'2026-07-31T09:00:00+08:00', NULL, NULL);"
    "INSERT INTO case_parties (case_id, role, id_number) VALUES "
    "('s1', 'petitioner', '" P1 "'), ('s1', 'petitioner', '" P2 "'),"
    "('s2', 'petitioner', '" P1 "'), ('s2', 'representative', '" P1 "'),"
    "('s3', 'petitioner', '" P3 "'), ('s4', 'representative', '" P2 "'),"
    "('s6', 'petitioner', '" P4 "'), ('s7', 'petitioner', '" P4 "'),"
    "('s8', 'petitioner', '" P1 "');";

static struct grid_hazards_period
period(const char *text)
{
	struct grid_hazards_period p;
	struct grid_error e;

	if (grid_hazards_period_parse(text, &p, &e) != 0)
		die("period", e.text);
	return p;
}

static int
run(enum grid_level level, const char *when, const char *area, int repeat,
    struct grid_error *e)
{
	struct grid_hazards_period p = period(when);
	struct grid_petitionstats_query q;

	memset(&q, 0, sizeof(q));
	q.period = &p;
	q.level = level;
	q.area = area;
	forget();
	if (repeat) {
		grid_petitionstats_repeat_columns(&ncols);
		return grid_petitionstats_repeat(db, &q, keep_row, NULL, e);
	}
	grid_petitionstats_columns(&ncols);
	return grid_petitionstats_run(db, &q, keep_row, NULL, e);
}

static void
test_stats(void)
{
	struct grid_error e;

	db_create(places_sql);
	sql(month_sql);
	ok(run(GRID_LEVEL_COMMUNITY, "2026-05", NULL, 0, &e) == 0, "May");
	is_int((long)nrows, 3, "two communities and no grid");
	is_str(row(0), "community|320508001001|彩香一村|2026-05|2|2|2|1|50.00|"
	    "1|50.00|1|1|1|1|1|0|0", "C1");
	is_str(row(1), "community|320508002001|平江新城|2026-05|1|1|1|1|"
	    "100.00|1|100.00|0|0|1|0|0|0|1", "C2");
	is_str(row(2), "community|-|-|2026-05|1|0|0|0|-|0|-|0|0|0|0|1|0|0",
	    "no grid");

	/* the second quarter by street: 320508001 has s1 s2 s3 s8 received,
	 * accepted s1 s2 s3 s8, replied s1 s2 (on time 1, followed 1),
	 * overdue 1 at the end of June (s3, due 05-06, never replied; s8
	 * is due 07-31), group s1 s3 (6 and 5 people), over-level
	 * s1, visit s1 s8, letter s2, online s3; 320508002 has s4 s5
	 * received, s5 accepted and replied on time, followed, over-level
	 * s4, visit s5, phone s4 */
	ok(run(GRID_LEVEL_STREET, "2026-Q2", NULL, 0, &e) == 0, "Q2");
	is_str(row(0), "street|320508001|金阊街道|2026-Q2|4|4|2|1|50.00|1|"
	    "50.00|1|2|1|2|1|1|0", "street 1 in Q2");
	is_str(row(1), "street|320508002|平江街道|2026-Q2|2|1|1|1|100.00|1|"
	    "100.00|0|0|1|1|0|0|1", "street 2 in Q2");

	ok(run(GRID_LEVEL_COMMUNITY, "2026-05", "320508002", 0, &e) == 0,
	    "May in street 2");
	is_int((long)nrows, 1, "its community alone");
	is_str(row(0), "community|320508002001|平江新城|2026-05|1|1|1|1|"
	    "100.00|1|100.00|0|0|1|0|0|0|1", "C2 alone");

	ok(run(GRID_LEVEL_NONE, "2026-05", NULL, 1, &e) == 0, "repeat");
	is_int((long)nrows, 2, "two repeat petitioners");
	is_str(row(0), "2026-05|" P1 "|甲|" G1 "|2|2026-05-03T09:00:00+08:00|"
	    "2026-05-10T09:00:00+08:00|s1,s2", "P1");
	is_str(row(1), "2026-05|" P2 "|乙|" G1 "|2|2026-05-03T09:00:00+08:00|"
	    "2026-05-31T23:59:59+08:00|s1,s4", "P2");
	ok(run(GRID_LEVEL_NONE, "2026-05", "320508002", 1, &e) == 0,
	    "repeat in street 2");
	is_int((long)nrows, 0, "one petition each there");

	/* the threshold is a setting */
	sql("UPDATE settings SET value = '7' WHERE key = "
	    "'group_petition_people'");
	ok(run(GRID_LEVEL_COMMUNITY, "2026-05", NULL, 0, &e) == 0,
	    "May, 7 people a group");
	is_str(cells[0][12], "0", "s1's 6 people no group any more");

	ok(run(GRID_LEVEL_CITY, "2026-05", NULL, 0, &e) == -1,
	    "no city units");
	is_str(e.field, "level", "the level named");
	db_remove();
}

int
main(void)
{
	test_begin("2026-06-15T10:00:00+08:00");
	test_actions();
	test_limits();
	test_stats();
	test_end();
	return tap_done();
}
