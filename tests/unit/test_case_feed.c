/*
 * test_case_feed.c - unit tests of the changed-since feed
 * (lib/case_feed.c): the database opened twice, a reader that polls and
 * a writer that steps cases between polls (grid_case_apply, with times
 * back-filled by --at and steps sharing a second) or holds its
 * transaction open across a poll; then hundreds of rows from a
 * pseudo-random writer, polled with and without a limit, every change
 * delivered exactly once.  Times are Asia/Shanghai.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/case_feed.h"
#include "grid/cases.h"
#include "grid/db.h"
#include "grid/error.h"

#include "tap.h"

static char dir[] = "/tmp/test_case_feed.XXXXXX";

#include "testfs.h"
#include "testdb.h"

#define NOW "2026-05-12T12:00:00+08:00"
#define MAX_SEEN 4096

static struct grid_db *writer;	/* the second connection */
static struct grid_cases *desk;	/* the writer's case desk */

/* What the polls gave: a row per case given. */
static struct seen {
	char id[32];
	char status[16];
	long long since, log_id;
	long changes;
} seen[MAX_SEEN];
static size_t nseen;

static int
keep(void *ctx, const struct grid_case_feed_row *row)
{
	long long since = *(long long *)ctx;
	struct seen *s;

	if (nseen == MAX_SEEN)
		die("keep", "too many rows");
	s = &seen[nseen++];
	snprintf(s->id, sizeof(s->id), "%s", row->c.field[GRID_CASE_ID]);
	snprintf(s->status, sizeof(s->status), "%s",
	    row->c.field[GRID_CASE_STATUS]);
	s->since = since;
	s->log_id = row->log_id;
	s->changes = row->changes;
	return 0;
}

/* Polls from *cursor (moved on); the cases given as "ID:LOG,...". */
static const char *
poll(long long *cursor, long limit)
{
	static char text[1024];
	struct grid_error e;
	size_t first = nseen, i, len = 0;
	long long since = *cursor;

	text[0] = '\0';
	if (grid_case_feed(db, since, limit, keep, &since, cursor, &e) != 0)
		die("grid_case_feed", e.text);
	for (i = first; i < nseen && len < sizeof(text); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%s%s:%lld", i > first ? "," : "", seen[i].id,
		    seen[i].log_id);
	return text;
}

/* One step by the writer; the case's id into out (80 bytes; NULL: not). */
static void
step(const char *verb, const char *id, const char *at, char *out)
{
	struct grid_case_report rep = { 0 };
	struct grid_case_step s = { 0 };
	struct grid_case_result res;
	struct grid_error e;

	rep.source = "hotline";
	rep.category_code = "E0102";
	rep.address = "平江路";
	s.verb = verb;
	s.id = id;
	s.actor = "tester";
	s.at = at;
	s.report = &rep;
	s.dept = "D01";
	s.note = strcmp(verb, "handle") == 0 ? "清运完毕" : NULL;
	if (grid_case_apply(desk, &s, &res, &e) != 0)
		die(verb, e.text);
	if (out != NULL)
		snprintf(out, 80, "%s", res.id);
}

static void
test_steps(void)
{
	struct grid_error e;
	long long cursor = 0;
	char a[80], b[80], want[256], at3[40], at5[40];

	is_str(poll(&cursor, 0), "", "an empty log: nothing");
	is_int(cursor, 0, "the cursor stays 0");
	step("report", NULL, "2026-05-12T10:00:00+08:00", a);
	step("report", NULL, "2026-05-12T10:05:00+08:00", b);
	snprintf(want, sizeof(want), "%s:1,%s:2", a, b);
	is_str(poll(&cursor, 0), want, "two reports, oldest first");
	is_int(cursor, 2, "the cursor: the last id");

	/* B steps at 10:10; then A is back-filled at 10:02, twice. */
	step("register", b, "2026-05-12T10:10:00+08:00", NULL);
	step("register", a, "2026-05-12T10:02:00+08:00", NULL);
	step("dispatch", a, "2026-05-12T10:02:00+08:00", NULL);
	if (grid_case_log_reveal(desk, b, "tester", NULL, &e) != 0)
		die("reveal", e.text);
	snprintf(at3, sizeof(at3), "%s",
	    sql_one("SELECT at FROM case_log WHERE id = 3"));
	snprintf(at5, sizeof(at5), "%s",
	    sql_one("SELECT at FROM case_log WHERE id = 5"));
	ok(strcmp(sql_one("SELECT at FROM case_log WHERE id = 4"), at3) < 0 &&
	    strcmp(sql_one("SELECT at FROM case_log WHERE id = 4"), at5) == 0,
	    "the writer back-filled A before B's step, two at one time");
	snprintf(want, sizeof(want), "%s:3,%s:5", b, a);
	is_str(poll(&cursor, 0), want,
	    "back-filled steps are found; each case once; reveal not counted");
	is_int(seen[nseen - 1].changes, 2, "A: two changes");
	is_str(seen[nseen - 1].status, "dispatched", "A as it is now");
	is_int(cursor, 6, "the cursor past the reveal");
	is_str(poll(&cursor, 0), "", "nothing new: nothing");

	/* A writer's transaction open across a poll. */
	if (grid_db_begin(writer, &e) != 0)
		die("begin", e.text);
	step("handle", a, "2026-05-12T10:30:00+08:00", NULL);
	is_str(poll(&cursor, 0), "", "a step not committed: not seen");
	is_int(cursor, 6, "and the cursor does not pass it");
	if (grid_db_commit(writer, &e) != 0)
		die("commit", e.text);
	snprintf(want, sizeof(want), "%s:7", a);
	is_str(poll(&cursor, 0), want, "committed: seen at the next poll");

	sql("INSERT INTO case_log (case_id, at, actor, action, from_status, "
	    "to_status, note) SELECT id, '2026-05-12T11:00:00+08:00', "
	    "'sweep', 'warn', status, status, 'deadline x' FROM cases "
	    "WHERE id = (SELECT min(id) FROM cases)");
	is_str(poll(&cursor, 0), "", "a warning alone: nothing");
	is_int(cursor, 8, "but the cursor moves past it");
	ok(grid_case_feed_counts("escalate") && !grid_case_feed_counts("warn")
	    && !grid_case_feed_counts("reveal"), "what counts");
	ok(!grid_case_feed_counts("") && !grid_case_feed_counts(NULL),
	    "no action counts for nothing, as in the SQL list");
	ok(grid_case_feed(db, -1, 0, keep, &cursor, &cursor, &e) != 0 &&
	    e.code == GRID_EUSAGE && strcmp(e.field, "since") == 0,
	    "a negative cursor: usage");
	ok(grid_case_feed_case(db, "nope", keep, &cursor, &e) != 0 &&
	    e.code == GRID_EDATA && strcmp(e.text, "case nope: no such case")
	    == 0, "one case: unknown id");
	cursor = 0;
	nseen = 0;
	if (grid_case_feed_case(db, a, keep, &cursor, &e) != 0)
		die("grid_case_feed_case", e.text);
	ok(nseen == 1 && seen[0].log_id == 7 && seen[0].changes == 4,
	    "one case: its latest counting row, all its changes");

	/* Inside the caller's own transaction. */
	sql("BEGIN");
	cursor = 0;
	snprintf(want, sizeof(want), "%s:3,%s:7", b, a);
	is_str(poll(&cursor, 0), want, "from 0 in the caller's transaction");
	sql("COMMIT");
}

/* A pseudo-random number below n (a fixed sequence). */
static unsigned
draw(unsigned n)
{
	static unsigned long long state = 88172645463325252ULL;

	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

/* The writer adds k rows to random cases, with random times. */
static void
write_rows(int k)
{
	static const char *const actions[] = { "register", "dispatch",
		"escalate", "handle", "reply", "reveal", "warn", "close" };
	char text[512];
	struct grid_error e;
	int i;

	for (i = 0; i < k; i++) {
		snprintf(text, sizeof(text), "INSERT INTO case_log (case_id, "
		    "at, actor, action, from_status, to_status) VALUES "
		    "('R%u', '2026-05-%02uT%02u:00:00+08:00', 'w', '%s', "
		    "'registered', 'registered')", draw(6), 1 + draw(11),
		    draw(24), actions[draw(8)]);
		if (grid_db_exec(writer, text, &e) != 0)
			die(text, e.text);
	}
}

/* 1 when id is a counting case_log row of case c. */
static int
counting_row(const char *c, long long id)
{
	char query[160];

	snprintf(query, sizeof(query), "SELECT case_id = '%s' AND action NOT "
	    "IN ('reveal', 'warn') FROM case_log WHERE id = %lld", c, id);
	return strcmp(sql_one(query), "1") == 0;
}

/*
 * Every change given exactly once: for each case, the log ids it was
 * given with rise strictly (each given once, (L[k-1], L[k]] its rows of
 * that emission), each is a counting row of the case, and the last is
 * its latest counting row (nothing missed).  Returns the cases that
 * fail; *rows the counting rows.
 */
static long
check_exactly_once(long *rows)
{
	char query[160], id[16];
	long wrong = 0;
	long long last;
	size_t i;
	int c, bad;

	snprintf(query, sizeof(query), "SELECT count(*) FROM case_log WHERE "
	    "action NOT IN ('reveal', 'warn')");
	*rows = atol(sql_one(query));
	for (c = 0; c < 6; c++) {
		snprintf(id, sizeof(id), "R%d", c);
		last = 0;
		bad = 0;
		for (i = 0; i < nseen; i++) {
			if (strcmp(seen[i].id, id) != 0)
				continue;
			bad |= seen[i].log_id <= last ||
			    !counting_row(id, seen[i].log_id);
			last = seen[i].log_id;
		}
		snprintf(query, sizeof(query), "SELECT coalesce(max(id), 0) "
		    "FROM case_log WHERE case_id = '%s' AND action NOT IN "
		    "('reveal', 'warn')", id);
		bad |= atoll(sql_one(query)) != last;
		wrong += bad;
	}
	return wrong;
}

static void
test_concurrent(long limit)
{
	struct grid_error e;
	long long cursor = 0, before;
	long rows, wrong, round, chained = 1;
	size_t i;
	int open_txn;
	char what[96];

	db_remove();
	db_create("INSERT INTO cases (id, source, reported_at) VALUES "
	    "('R0', 'worker', '2026-05-01'), ('R1', 'worker', '2026-05-01'), "
	    "('R2', 'worker', '2026-05-01'), ('R3', 'worker', '2026-05-01'), "
	    "('R4', 'worker', '2026-05-01'), ('R5', 'worker', '2026-05-01')");
	if (grid_db_open(db_path, 0, 0, &writer, &e) != 0)
		die("open writer", e.text);
	nseen = 0;
	for (round = 0; round < 200; round++) {
		open_txn = draw(3) == 0;
		if (grid_db_begin(writer, &e) != 0)
			die("begin", e.text);
		write_rows((int)draw(5));
		if (!open_txn && grid_db_commit(writer, &e) != 0)
			die("commit", e.text);
		before = cursor;
		poll(&cursor, limit);
		for (i = 0; i < nseen; i++)
			if (seen[i].since == before && (seen[i].log_id <=
			    before || seen[i].log_id > cursor))
				chained = 0;
		if (open_txn && grid_db_commit(writer, &e) != 0)
			die("commit", e.text);
	}
	do {
		before = cursor;
		poll(&cursor, limit);
	} while (cursor != before);
	grid_db_close(writer);
	writer = NULL;
	wrong = check_exactly_once(&rows);
	snprintf(what, sizeof(what), "limit %ld: %ld counting rows written",
	    limit, rows);
	ok(rows > 200, what);
	snprintf(what, sizeof(what), "limit %ld: every change given exactly "
	    "once", limit);
	is_int(wrong, 0, what);
	ok(chained, "every row given lies between the poll's two cursors");
	is_str(sql_one("SELECT max(id) FROM case_log"), (snprintf(what,
	    sizeof(what), "%lld", cursor), what), "the last cursor: the last "
	    "id");
}

int
main(void)
{
	struct grid_error e;

	test_begin(NOW);
	db_create("INSERT INTO departments (code, name) VALUES ('D01', "
	    "'市容环卫处')");
	if (grid_db_open(db_path, 0, 0, &writer, &e) != 0 ||
	    grid_cases_open(writer, &desk, &e) != 0)
		die("open writer", e.text);
	test_steps();
	grid_cases_close(desk);
	grid_db_close(writer);
	test_concurrent(0);
	test_concurrent(1);
	test_concurrent(3);
	test_end();
	return tap_done();
}
