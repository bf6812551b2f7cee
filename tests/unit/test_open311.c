/*
 * test_open311.c - unit tests of Open311 GeoReport v2 (lib/open311.c):
 * each field of a case's service request, the JSON written (an array,
 * NDJSON, the service list) read back with jansson, the fixtures of
 * tests/fixtures/open311 parsed, every refusal with its message, the
 * limits, the coordinates of a projected database, and a round trip
 * (export, parse, the same fields); the setting coordinate_system's
 * values; extended_attributes only for a case from another platform;
 * the import (grid/open311_import.h): new, unchanged, closed, held, a
 * refused document leaving the database as it was.  Times are
 * Asia/Shanghai.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "grid/case_feed.h"
#include "grid/db.h"
#include "grid/error.h"
#include "grid/open311.h"
#include "grid/open311_import.h"

#include "tap.h"

static char dir[] = "/tmp/test_open311.XXXXXX";

#include "testfs.h"
#include "testdb.h"

#define NOW "2026-05-12T12:00:00+08:00"

/*
 * Cases: A dispatched to D01 with a point, a component and a reply
 * after the dispatch; V voided; M merged into A; K closed then rated;
 * H handled, verified (open), without a point.
 */
static const char fixture_sql[] =
    "INSERT INTO departments (code, name) VALUES ('D01', '市容环卫处');"
    "INSERT INTO cases (id, source, category_code, description, x, y, "
    "address, component_code, status, dept_code, reported_at, "
    "dispatched_at, deadline, closed_at, duplicate_of) VALUES "
    "('202605110001', 'hotline', 'E0102', '垃圾满溢', 120.6312, 31.3162, "
    "'平江路 118 号', '3205080101000001', 'dispatched', 'D01', "
    "'2026-05-11T09:20:15+08:00', '2026-05-11T10:02:00+08:00', "
    "'2026-05-11T14:02:00+08:00', NULL, NULL), "
    "('202605110002', 'worker', 'E0104', NULL, NULL, NULL, '干将路', "
    "NULL, 'voided', NULL, '2026-05-11T11:00:00+08:00', NULL, NULL, "
    "NULL, NULL), "
    "('202605110003', 'worker', 'E0102', NULL, NULL, NULL, '平江路', "
    "NULL, 'merged', NULL, '2026-05-11T11:30:00+08:00', NULL, NULL, "
    "NULL, '202605110001'), "
    "('202605100001', 'worker', 'C0101', '井盖松动', 120.62, 31.31, NULL, "
    "NULL, 'closed', 'D01', '2026-05-10T08:00:00+08:00', "
    "'2026-05-10T08:30:00+08:00', '2026-05-10T12:30:00+08:00', "
    "'2026-05-10T15:00:00+08:00', NULL), "
    "('202605100002', 'worker', 'E0102', NULL, NULL, NULL, '凤凰街', "
    "NULL, 'verified', 'D01', '2026-05-10T09:00:00+08:00', NULL, NULL, "
    "NULL, NULL);"
    "INSERT INTO case_log (case_id, at, actor, action, from_status, "
    "to_status, note) VALUES "
    "('202605110001', '2026-05-11T09:20:15+08:00', 'w', 'report', NULL, "
    "'reported', NULL), "
    "('202605110001', '2026-05-11T09:50:00+08:00', 'w', 'register', "
    "'reported', 'registered', NULL), "
    "('202605110001', '2026-05-11T10:02:00+08:00', 'w', 'dispatch', "
    "'registered', 'dispatched', 'to D01, deadline x'), "
    "('202605110001', '2026-05-11T10:30:00+08:00', 'w', 'reply', "
    "'dispatched', 'dispatched', '已派环卫处理'), "
    "('202605110001', '2026-05-11T11:00:00+08:00', 'w', 'reveal', "
    "'dispatched', 'dispatched', 'secret'), "
    "('202605110002', '2026-05-11T11:00:00+08:00', 'w', 'report', NULL, "
    "'reported', NULL), "
    "('202605110002', '2026-05-11T11:10:00+08:00', 'w', 'void', "
    "'reported', 'voided', '重复上报'), "
    "('202605110003', '2026-05-11T11:30:00+08:00', 'w', 'report', NULL, "
    "'reported', NULL), "
    "('202605110003', '2026-05-11T11:40:00+08:00', 'w', 'merge', "
    "'reported', 'merged', 'into 202605110001'), "
    "('202605100001', '2026-05-10T15:00:00+08:00', 'w', 'close', "
    "'verified', 'closed', NULL), "
    "('202605100001', '2026-05-11T08:00:00+08:00', 'w', 'rate', "
    "'closed', 'closed', 'rating A'), "
    "('202605100002', '2026-05-10T16:00:00+08:00', 'w', 'verify', "
    "'handled', 'verified', '已核查');";

/* A case's feed row and its request, kept past the callback. */
struct made {
	struct grid_o311_request req;
	char notice[160];
	char text[GRID_CASE_NFIELDS + 8][256];
	int null[GRID_CASE_NFIELDS + 8];
	int rc;
	struct grid_error err;
};

static void
keep_text(struct made *m, int i, const char *value)
{
	m->null[i] = value == NULL;
	snprintf(m->text[i], sizeof(m->text[i]), "%s", value ? value : "");
}

#define KEPT(m, i) ((m)->null[i] ? NULL : (m)->text[i])

/* Copies the row, then makes the request from the copy. */
static int
made_row(void *ctx, const struct grid_case_feed_row *row)
{
	struct made *m = ctx;
	struct grid_case_feed_row copy = *row;
	int i;

	for (i = 0; i < GRID_CASE_NFIELDS; i++) {
		keep_text(m, i, row->c.field[i]);
		copy.c.field[i] = KEPT(m, i);
	}
	keep_text(m, i, row->status_note);
	copy.status_note = KEPT(m, i);
	keep_text(m, ++i, row->category_name);
	copy.category_name = KEPT(m, i);
	keep_text(m, ++i, row->dept_name);
	copy.dept_name = KEPT(m, i);
	keep_text(m, ++i, row->limit);
	copy.limit = KEPT(m, i);
	keep_text(m, ++i, row->updated_at);
	copy.updated_at = KEPT(m, i);
	m->rc = grid_o311_request_from_case(&copy, GRID_O311_WGS84, &m->req,
	    m->notice, sizeof(m->notice), &m->err);
	return 0;
}

static void
make(const char *id, struct made *m)
{
	struct grid_error e;

	memset(m, 0, sizeof(*m));
	if (grid_case_feed_case(db, id, made_row, m, &e) != 0)
		die("grid_case_feed_case", e.text);
	if (m->rc != 0)
		die("grid_o311_request_from_case", m->err.text);
}

static void
test_mapping(void)
{
	struct made m;

	make("202605110001", &m);
	is_str(m.req.service_request_id, "202605110001", "id: the case id");
	is_int(m.req.closed, 0, "dispatched: open");
	is_str(m.req.status_notes, "已派环卫处理",
	    "status_notes: the reply after the dispatch");
	is_str(m.req.service_name, "暴露垃圾", "service_name: its name");
	is_str(m.req.service_code, "E0102", "service_code: the category");
	is_str(m.req.description, "垃圾满溢", "description");
	is_str(m.req.agency_responsible, "市容环卫处",
	    "agency_responsible: the department's name");
	is_str(m.req.service_notice, "to be handled within 4 work_hours",
	    "service_notice: the category's limit");
	is_str(m.req.requested_datetime, "2026-05-11T09:20:15+08:00",
	    "requested_datetime: reported_at with its offset");
	is_str(m.req.updated_datetime, "2026-05-11T10:30:00+08:00",
	    "updated_datetime: the latest row, reveal left out");
	is_str(m.req.expected_datetime, "2026-05-11T14:02:00+08:00",
	    "expected_datetime: the deadline");
	is_str(m.req.address, "平江路 118 号", "address");
	is_str(m.req.address_id, "3205080101000001",
	    "address_id: the component");
	ok(m.req.zipcode == NULL && m.req.media_url == NULL,
	    "zipcode and media_url: none");
	ok(m.req.has_point && m.req.lat == 31.3162 && m.req.lon == 120.6312,
	    "lat is y, long is x");

	make("202605110002", &m);
	is_int(m.req.closed, 1, "voided: closed");
	is_str(m.req.status_notes, "重复上报", "voided: the reason");
	is_str(m.req.updated_datetime, "2026-05-11T11:10:00+08:00",
	    "voided: updated when voided");
	ok(m.req.agency_responsible == NULL && m.req.expected_datetime[0] ==
	    '\0' && !m.req.has_point, "not dispatched: no agency, no "
	    "expected time; no point");
	make("202605110003", &m);
	is_int(m.req.closed, 1, "merged: closed");
	is_str(m.req.status_notes, "into 202605110001", "merged: into what");
	make("202605100001", &m);
	is_int(m.req.closed, 1, "closed: closed");
	is_str(m.req.updated_datetime, "2026-05-10T15:00:00+08:00",
	    "closed: updated when closed, not when rated later");
	is_str(m.req.status_notes, NULL, "closed without a note: none");
	make("202605100002", &m);
	is_int(m.req.closed, 0, "verified: still open");
	is_str(m.req.status_notes, "已核查", "verified: its note");
	is_str(m.req.service_notice, "to be handled within 4 work_hours",
	    "E0102's limit");
}

/* Reads a whole file into a string (caller frees). */
static char *
read_all(FILE *f)
{
	long n;
	char *text;

	fflush(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((text = calloc(1, (size_t)n + 1)) == NULL ||
	    fread(text, 1, (size_t)n, f) != (size_t)n)
		die("read_all", "read");
	return text;
}

static const char *const request_keys[] = {
	"service_request_id", "status", "status_notes", "service_name",
	"service_code", "description", "agency_responsible", "service_notice",
	"requested_datetime", "updated_datetime", "expected_datetime",
	"address", "address_id", "zipcode", "lat", "long", "media_url",
};
#define NKEYS (sizeof(request_keys) / sizeof(request_keys[0]))

/* 1 when obj has exactly the keys of the specification (n of them). */
static int
has_keys(json_t *obj, size_t n)
{
	size_t i, found = 0;

	for (i = 0; i < NKEYS; i++)
		found += json_object_get(obj, request_keys[i]) != NULL;
	return found == n && json_object_size(obj) == n;
}

static void
test_writer(void)
{
	static const char *const ids[] = { "202605110001", "202605110002" };
	struct grid_o311_writer *w;
	struct grid_error e;
	json_error_t je;
	json_t *doc, *first, *second;
	struct made m;
	FILE *f = tmpfile();
	char *text, *line;
	size_t i;

	w = grid_o311_writer_new(f, GRID_O311_ARRAY);
	for (i = 0; i < 2; i++) {
		make(ids[i], &m);
		ok(grid_o311_write_request(w, &m.req, &e) == 0, "a request");
	}
	ok(grid_o311_writer_finish(w, &e) == 0, "array finished");
	is_int(grid_o311_writer_stats(w)->written, 2, "two written");
	grid_o311_writer_free(w);
	text = read_all(f);
	doc = json_loads(text, 0, &je);
	ok(json_is_array(doc) && json_array_size(doc) == 2,
	    "valid JSON: an array of two");
	first = json_array_get(doc, 0);
	second = json_array_get(doc, 1);
	ok(has_keys(first, NKEYS), "every field of the specification");
	ok(has_keys(second, NKEYS - 2), "no point: every field but lat, long");
	ok(json_is_null(json_object_get(second, "agency_responsible")) &&
	    json_is_null(json_object_get(first, "zipcode")),
	    "absent: null, as in the specification's examples");
	is_str(json_string_value(json_object_get(first, "status")), "open",
	    "status open");
	is_str(json_string_value(json_object_get(second, "status")),
	    "closed", "status closed");
	ok(json_is_string(json_object_get(first, "service_request_id")),
	    "the id a string (leading digits kept)");
	ok(strstr(text, "\"lat\":31.3162,\"long\":120.6312") != NULL,
	    "lat and long as numbers, shortest text");
	ok(strncmp(text, "[\n{", 3) == 0 && strstr(text, "},\n{") != NULL &&
	    strcmp(text + strlen(text) - 3, "}\n]\n" + 1) == 0,
	    "one object per line inside the array");
	json_decref(doc);
	free(text);
	fclose(f);

	f = tmpfile();
	w = grid_o311_writer_new(f, GRID_O311_NDJSON);
	for (i = 0; i < 2; i++) {
		make(ids[i], &m);
		grid_o311_write_request(w, &m.req, &e);
	}
	grid_o311_writer_finish(w, &e);
	grid_o311_writer_free(w);
	text = read_all(f);
	i = 0;
	for (line = strtok(text, "\n"); line != NULL; line = strtok(NULL,
	    "\n")) {
		doc = json_loads(line, 0, &je);
		i += json_is_object(doc) && has_keys(doc, json_object_size(
		    doc));
		json_decref(doc);
	}
	is_int(i, 2, "NDJSON: two lines, each a request object");
	free(text);
	fclose(f);

	f = tmpfile();
	w = grid_o311_writer_new(f, GRID_O311_ARRAY);
	make(ids[0], &m);
	m.req.description = "\xff\xfe";
	ok(grid_o311_write_request(w, &m.req, &e) != 0 && e.code ==
	    GRID_EDATA && strcmp(e.text, "request 202605110001: a text that "
	    "is not UTF-8, or out of memory") == 0, "bad UTF-8: refused");
	is_int(grid_o311_writer_stats(w)->written, 0, "and nothing written");
	grid_o311_writer_finish(w, &e);
	grid_o311_writer_free(w);
	text = read_all(f);
	is_str(text, "[]\n", "nothing written: an empty array");
	free(text);
	fclose(f);
}

/* The fixture file name under tests/fixtures/open311. */
static const char *
fixture(const char *name)
{
	static char path[512];
	const char *top = getenv("GRID_TOP");

	snprintf(path, sizeof(path), "%s/tests/fixtures/open311/%s",
	    top != NULL ? top : ".", name);
	return path;
}

static int
each_service(void *ctx, const struct grid_o311_service *s)
{
	return grid_o311_write_service(ctx, s, NULL);
}

static void
test_services(void)
{
	struct grid_o311_writer *w;
	struct grid_error e;
	json_error_t je;
	json_t *ours, *theirs, *item, *sample;
	const char *key;
	json_t *value;
	size_t i, same = 0;
	FILE *f = tmpfile();
	char *text, count[32];

	w = grid_o311_writer_new(f, GRID_O311_ARRAY);
	ok(grid_o311_services(db, each_service, w, &e) == 0, "services");
	grid_o311_writer_finish(w, &e);
	grid_o311_writer_free(w);
	text = read_all(f);
	ours = json_loads(text, 0, &je);
	theirs = json_load_file(fixture("services.json"), 0, &je);
	snprintf(count, sizeof(count), "%zu", json_array_size(ours));
	is_str(count, sql_one("SELECT count(*) FROM categories"),
	    "a service per category");
	sample = json_array_get(theirs, 0);
	json_array_foreach(ours, i, item) {
		int all = json_object_size(item) == json_object_size(sample);

		json_object_foreach(sample, key, value)
			all &= json_object_get(item, key) != NULL;
		same += all;
		if (strcmp(json_string_value(json_object_get(item,
		    "service_code")), "E0102") == 0) {
			is_str(json_string_value(json_object_get(item,
			    "service_name")), "暴露垃圾", "E0102's name");
			is_str(json_string_value(json_object_get(item,
			    "keywords")), "事件,01,0102", "keywords");
			is_str(json_string_value(json_object_get(item,
			    "group")), "event:01", "group: kind and major");
			ok(json_is_false(json_object_get(item, "metadata")),
			    "metadata false");
			is_str(json_string_value(json_object_get(item,
			    "type")), "realtime", "type realtime");
			is_str(json_string_value(json_object_get(item,
			    "description")), "to be handled within 4 "
			    "work_hours", "description: the limit");
		}
	}
	is_int(same, json_array_size(ours),
	    "every service has the keys of the specification's list");
	json_decref(ours);
	json_decref(theirs);
	free(text);
	fclose(f);
}

/* Reads path; *n requests; the first three kept as text "id|...". */
struct parsed {
	int n, errors;
	char row[6][512];
	char error[12][600];
	int broken;
};

static void
request_text(const struct grid_o311_request *q, char *out, size_t n)
{
	snprintf(out, n, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%.10g|"
	    "%.10g|%s", q->service_request_id, q->closed ? "closed" : "open",
	    q->status_notes ? q->status_notes : "-",
	    q->service_name ? q->service_name : "-", q->service_code,
	    q->description ? q->description : "-",
	    q->agency_responsible ? q->agency_responsible : "-",
	    q->service_notice ? q->service_notice : "-",
	    q->requested_datetime, q->updated_datetime, q->expected_datetime,
	    q->address ? q->address : "-", q->address_id ? q->address_id :
	    "-", q->zipcode ? q->zipcode : "-", q->has_point ? q->lat : -1,
	    q->has_point ? q->lon : -1, q->media_url ? q->media_url : "-");
}

static void
parse_file(FILE *f, const struct grid_o311_read_options *opts,
    struct parsed *p)
{
	struct grid_o311_reader *r;
	struct grid_o311_request q;
	struct grid_error e;
	int rc;

	memset(p, 0, sizeof(*p));
	if ((r = grid_o311_reader_open(f, "in.json", opts, &e)) == NULL) {
		grid_error_format(&e, p->error[0], sizeof(p->error[0]));
		p->errors = 1;
		return;
	}
	while ((rc = grid_o311_reader_next(r, &q, &e)) != 0) {
		if (rc < 0) {
			if (p->errors < 12)
				grid_error_format(&e, p->error[p->errors],
				    sizeof(p->error[0]));
			p->errors++;
			if (grid_o311_reader_broken(r)) {
				p->broken = 1;
				break;
			}
			continue;
		}
		if (p->n < 6)
			request_text(&q, p->row[p->n], sizeof(p->row[0]));
		p->n++;
	}
	grid_o311_reader_free(r);
}

static void
parse_path(const char *path, const struct grid_o311_read_options *opts,
    struct parsed *p)
{
	FILE *f = fopen(path, "r");

	if (f == NULL)
		die("fopen", path);
	parse_file(f, opts, p);
	fclose(f);
}

static void
parse_text(const char *text, const struct grid_o311_read_options *opts,
    struct parsed *p)
{
	FILE *f = tmpfile();

	fputs(text, f);
	rewind(f);
	parse_file(f, opts, p);
	fclose(f);
}

static void
test_fixtures(void)
{
	struct grid_o311_read_options opts = { 0 };
	struct parsed a, b;

	opts.db = db;
	parse_path(fixture("requests.json"), &opts, &a);
	is_int(a.n, 3, "requests.json: three requests");
	is_int(a.errors, 0, "requests.json: no refusal");
	is_str(a.row[0], "880101|open|-|暴露垃圾|E0102|"
	    "平江路口垃圾桶满溢，已两天无人清运|市容环卫处|-|"
	    "2026-05-11T09:20:15+08:00|2026-05-11T10:02:00+08:00|"
	    "2026-05-11T14:02:00+08:00|平江路 118 号 姑苏区 苏州|545100|"
	    "215005|"
	    "31.3162|120.6312|https://city.example.cn/12345/media/880101.jpg",
	    "numbers as text (id, address_id, zipcode), every field");
	is_str(a.row[1], "880102|closed|已修复，井盖更换完毕|上水井盖|C0101|"
	    "人行道井盖松动|-|-|2026-05-10T09:05:00+08:00|"
	    "2026-05-10T15:40:00+08:00||"
	    "干将东路 与 凤凰街 交叉口|-|-|-1|-1|-",
	    "Z times in the local zone; nulls absent; an address alone");
	is_str(a.row[2], "SR-880103|open|-|-|E0104|-|-|-|"
	    "2026-05-12T16:45:00+08:00|||-|-|-|31.30744|120.61859|-",
	    "lat and long as strings; \"\" absent; unknown keys ignored");
	parse_path(fixture("requests.ndjson"), &opts, &b);
	is_int(b.n, 3, "requests.ndjson: three (a blank line skipped)");
	ok(strcmp(a.row[0], b.row[0]) == 0 && strcmp(a.row[1], b.row[1]) ==
	    0 && strcmp(a.row[2], b.row[2]) == 0,
	    "NDJSON gives the same requests as the array");
}

static void
test_refusals(void)
{
	static const char *const want[] = {
		"in.json:1: service_code: request 1 'B1': unknown service_code "
		    "'Z9999' (not in categories)",
		"in.json:2: address: request 2 'B2': no place: lat and long, "
		    "an address or an address_id is needed",
		"in.json:3: requested_datetime: request 3 'B3': expected a "
		    "time with Z or an offset (2010-01-01T00:00:00Z), not "
		    "'2026-05-11 09:20:00'",
		"in.json:4: status: request 4 'B4': expected open or closed, "
		    "not 'pending'",
		"in.json:5: long: request 5 'B5': lat and long go together",
		"in.json:6: requested_datetime: request 6 'B6': impossible "
		    "time '2026-02-30T09:20:00+08:00'",
		"in.json:7: service_request_id: request 7: missing",
		"in.json:8: request 8: not a JSON object",
		"in.json:9: request 9: bad JSON: '[' or '{' expected near end "
		    "of file",
		"in.json:10: lat: request 10 'B10': outside WGS84 degrees (lat "
		    "+-90, long +-180)",
	};
	struct grid_o311_read_options opts = { 0 };
	struct parsed p;
	char what[64];
	size_t i;

	opts.db = db;
	parse_path(fixture("bad.ndjson"), &opts, &p);
	is_int(p.errors, 10, "bad.ndjson: ten refusals");
	is_int(p.n, 1, "the good last line is read after them");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		snprintf(what, sizeof(what), "bad.ndjson line %zu", i + 1);
		if (i == 8)	/* jansson's wording varies: the start only */
			ok(strncmp(p.error[i], want[i], 30) == 0, what);
		else
			is_str(p.error[i], want[i], what);
	}
}

static void
test_limits(void)
{
	struct grid_o311_read_options opts = { 0 };
	struct parsed p;
	char *text, line[1024];
	size_t i;
	const char head[] = "{\"service_request_id\":\"L1\","
	    "\"status\":\"open\","
	    "\"service_code\":\"E0102\",\"requested_datetime\":"
	    "\"2026-05-11T09:20:00+08:00\",\"address\":\"x\","
	    "\"description\":\"";

	parse_text("[{\"service_request_id\":1,\"status\":\"open\",\"service"
	    "_code\":\"E0102\",\"requested_datetime\":\"2026-05-11T09:20:00Z\""
	    ",\"address\":\"x\"},\n{\"service_request_id\":2,", NULL, &p);
	ok(p.n == 1 && p.broken && p.errors == 1,
	    "an array cut short: the first read, then broken");
	is_str(p.error[0], "in.json:2: request 2: the input ends inside the "
	    "array", "its message");
	parse_text("[{\"a\":1} {\"b\":2}]", NULL, &p);
	ok(p.errors >= 1, "two elements without a comma: refused");
	parse_text("[]", NULL, &p);
	ok(p.n == 0 && p.errors == 0, "an empty array: nothing");
	parse_text("", NULL, &p);
	ok(p.n == 0 && p.errors == 0, "an empty input: nothing");
	parse_text("<xml/>", NULL, &p);
	is_str(p.error[0], "in.json:1: expected a JSON array of service "
	    "requests or one request per line", "neither JSON form");
	parse_text("[{\"service_request_id\":1}] x", NULL, &p);
	ok(p.broken, "text after the array: broken");

	opts.max_record = 64;
	parse_text("[{\"service_request_id\":\"0123456789012345678901234567890"
	    "12345678901234567890\"}]", &opts, &p);
	ok(p.broken && strstr(p.error[0], "request 1: longer than 64 bytes") !=
	    NULL, "array: a request past max_record breaks the reader");
	opts.max_record = 200;
	snprintf(line, sizeof(line), "{\"service_request_id\":\"%0300d\"}\n"
	    "{\"service_request_id\":\"x\",\"status\":\"open\",\"service_"
	    "code\":\"E0102\",\"requested_datetime\":\"2026-05-11T09:20:00Z\","
	    "\"address\":\"x\"}\n", 7);
	parse_text(line, &opts, &p);
	ok(!p.broken && p.errors == 1 && p.n == 1,
	    "NDJSON: a line past max_record refused, the next read");

	if ((text = malloc(sizeof(head) + 4 * 4001 + 8)) == NULL)
		die("malloc", "text");
	memcpy(text, head, sizeof(head) - 1);
	for (i = 0; i < 4000; i++)
		memcpy(text + sizeof(head) - 1 + 3 * i, "字", 3);
	memcpy(text + sizeof(head) - 1 + 3 * 4000, "\"}\n", 4);
	parse_text(text, NULL, &p);
	ok(p.n == 1 && p.errors == 0, "a description of 4,000 characters");
	memcpy(text + sizeof(head) - 1 + 3 * 4000, "x\"}\n", 5);
	parse_text(text, NULL, &p);
	is_str(p.error[0], "in.json:1: description: request 1 'L1': longer "
	    "than 4000 characters", "4,001 characters refused");
	free(text);
	parse_text("{\"service_request_id\":\"d\","
	    "\"service_request_id\":\"e\"}", NULL, &p);
	ok(p.errors == 1 && strstr(p.error[0], "bad JSON") != NULL,
	    "a key twice: refused");
	parse_text("{\"service_request_id\":{\"x\":1}}", NULL, &p);
	is_str(p.error[0], "in.json:1: service_request_id: request 1: "
	    "expected a string or a whole number", "an id that is an object");
}

static void
test_coordinates(void)
{
	struct grid_o311_read_options opts = { 0 };
	struct grid_error e;
	struct parsed p;
	const char *why = NULL;
	const char point[] = "{\"service_request_id\":\"P\","
	    "\"status\":\"open\","
	    "\"service_code\":\"E0102\",\"requested_datetime\":"
	    "\"2026-05-11T09:20:00Z\",\"lat\":31.3,\"long\":120.6%s}\n";
	char text[512];

	is_int(grid_o311_coords(db, &why, &e), GRID_O311_WGS84,
	    "points within degrees: WGS84");
	ok(why != NULL && strstr(why, "degrees") != NULL, "and why");
	sql("INSERT INTO houses (id, x, y) VALUES ('H1', 512345.5, "
	    "3465432.1)");
	is_int(grid_o311_coords(db, NULL, &e), GRID_O311_OTHER,
	    "a house in metres: projected");
	sql("DELETE FROM houses");
	sql("INSERT OR REPLACE INTO settings (key, value) VALUES ('coordinate_system', "
	    "'gcj02')");
	is_int(grid_o311_coords(db, &why, &e), GRID_O311_OTHER,
	    "the setting names GCJ-02: not WGS84");
	sql("UPDATE settings SET value = 'CGCS2000' WHERE key = "
	    "'coordinate_system'");
	is_int(grid_o311_coords(db, NULL, &e), GRID_O311_WGS84,
	    "CGCS2000: degrees");
	sql("UPDATE settings SET value = 'auto' WHERE key = "
	    "'coordinate_system'");
	is_int(grid_o311_coords(db, NULL, &e), GRID_O311_WGS84,
	    "auto: decided by the points");
	sql("INSERT INTO houses (id, x, y) VALUES ('H1', 512345.5, "
	    "3465432.1)");
	is_int(grid_o311_coords(db, NULL, &e), GRID_O311_OTHER,
	    "auto: a point in metres");
	sql("DELETE FROM houses");
	sql("DELETE FROM settings WHERE key = 'coordinate_system'");

	opts.coords = GRID_O311_OTHER;
	snprintf(text, sizeof(text), point, "");
	parse_text(text, &opts, &p);
	is_str(p.error[0], "in.json:1: lat: request 1 'P': the database's "
	    "coordinates are not WGS84 degrees: lat and long cannot be "
	    "stored exactly", "lat and long into a projected database: "
	    "refused");
	opts.drop_points = 1;
	parse_text(text, &opts, &p);
	is_str(p.error[0], "in.json:1: address: request 1 'P': the "
	    "database's coordinates are not WGS84 degrees (setting "
	    "coordinate_system): lat and long cannot be used, and there is "
	    "no address or address_id",
	    "dropped, and no address left: refused, saying why");
	snprintf(text, sizeof(text), point, ",\"address\":\"平江路\"");
	parse_text(text, &opts, &p);
	ok(p.n == 1 && p.errors == 0 && strstr(p.row[0], "|-1|-1|") != NULL,
	    "dropped, the address kept");
}

/* A round trip: the requests written, read back, the same fields. */
static void
test_round_trip(void)
{
	static const char *const ids[] = { "202605110001", "202605110002",
		"202605110003", "202605100001", "202605100002" };
	struct grid_o311_writer *w = NULL;
	struct grid_o311_read_options opts = { 0 };
	struct grid_error e;
	struct parsed p;
	char made_text[5][512];
	struct made m;
	FILE *f;
	size_t i;
	int form, same;

	for (form = 0; form < 2; form++) {
		f = tmpfile();
		w = grid_o311_writer_new(f, form == 0 ? GRID_O311_ARRAY :
		    GRID_O311_NDJSON);
		for (i = 0; i < 5; i++) {
			make(ids[i], &m);
			request_text(&m.req, made_text[i],
			    sizeof(made_text[i]));
			grid_o311_write_request(w, &m.req, &e);
		}
		grid_o311_writer_finish(w, &e);
		grid_o311_writer_free(w);
		rewind(f);
		opts.db = db;
		parse_file(f, &opts, &p);
		fclose(f);
		is_int(p.n, 5, form == 0 ? "array: five read back" :
		    "NDJSON: five read back");
		for (i = 0, same = 0; i < 5; i++)
			same += strcmp(p.row[i], made_text[i]) == 0;
		is_int(same, 5, "every field the same after the trip");
	}
}

static void
test_coordinate_setting(void)
{
	static const char *const good[] = { "", "auto", "WGS84", "epsg:4326",
		"cgcs2000", "EPSG:4490", "gcj02", "bd09", "epsg:4547" };
	static const char *const bad[] = { "mercator", "epsg:", "epsg:0",
		"epsg:12a", "gk-zone-40", "epsg:12345678" };
	struct grid_error e;
	size_t i;
	int good_n = 0, bad_n = 0;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		good_n += grid_o311_coordinate_system_check(good[i], &e) == 0;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		bad_n += grid_o311_coordinate_system_check(bad[i], &e) == -1 &&
		    strcmp(e.field, "coordinate_system") == 0 &&
		    e.code == GRID_EUSAGE;
	is_int(good_n, 9, "coordinate_system: every known value taken");
	is_int(bad_n, 6, "coordinate_system: every other refused (64)");
}

static void
test_external_attributes(void)
{
	struct grid_o311_request r;
	struct grid_o311_writer *w;
	struct grid_error e;
	FILE *f = tmpfile();
	char *text;
	json_t *doc, *ext;

	memset(&r, 0, sizeof(r));
	r.service_request_id = "202606010001";
	r.service_code = "E0102";
	snprintf(r.requested_datetime, sizeof(r.requested_datetime), "%s",
	    "2026-06-01T08:00:00+08:00");
	w = grid_o311_writer_new(f, GRID_O311_NDJSON);
	ok(grid_o311_write_request(w, &r, &e) == 0, "a request of our own");
	r.external_id = "880101";
	r.external_source = "city";
	ok(grid_o311_write_request(w, &r, &e) == 0, "a request from the city");
	grid_o311_writer_finish(w, &e);
	grid_o311_writer_free(w);
	text = read_all(f);
	ok(strstr(text, "\"media_url\":null}\n{") != NULL,
	    "ours: no extended_attributes");
	doc = json_loads(strchr(text, '\n') + 1, 0, NULL);
	ext = json_object_get(doc, "extended_attributes");
	is_str(json_string_value(json_object_get(ext, "external_id")), "880101",
	    "extended_attributes: external_id");
	is_str(json_string_value(json_object_get(ext, "external_source")),
	    "city", "extended_attributes: external_source");
	is_int((long)json_object_size(doc), NKEYS - 2 + 1,
	    "the specification's fields (no point: no lat, long) and "
	    "extended_attributes, no more");
	json_decref(doc);
	free(text);
}

/* The outcomes of an import, as "outcome status," for each request. */
struct outcomes {
	char text[512];
	long errors;
	char first[2048];
};

static int
each_outcome(void *ctx, const struct grid_o311_import_row *row)
{
	struct outcomes *o = ctx;
	size_t len = strlen(o->text);

	snprintf(o->text + len, sizeof(o->text) - len, "%s %s,",
	    grid_o311_outcome_name(row->outcome), row->status);
	return 0;
}

static void
each_error(void *ctx, const struct grid_error *e)
{
	struct outcomes *o = ctx;

	if (o->errors++ == 0)
		snprintf(o->first, sizeof(o->first), "%s:%ld: %s: %s",
		    e->source, e->line, e->field, e->text);
}

/* Imports the text doc from system; 0 or -1, outcomes in *o. */
static int
import_text(struct grid_cases *cs, const char *doc, const char *system,
    struct outcomes *o, struct grid_o311_import_stats *st)
{
	struct grid_o311_import_options opts;
	struct grid_error e;
	FILE *f = tmpfile();
	int rc;

	memset(o, 0, sizeof(*o));
	memset(&opts, 0, sizeof(opts));
	opts.system = system;
	opts.actor = "tester";
	fputs(doc, f);
	rewind(f);
	rc = grid_o311_import(cs, f, "doc.json", &opts, each_error,
	    each_outcome, o, st, &e);
	fclose(f);
	return rc;
}

static long
count(const char *query)
{
	sqlite3_stmt *st;
	struct grid_error e;
	long n = -1;

	if (grid_db_prepare(db, query, &st, &e) != 0)
		die(query, e.text);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define REQ(id, status, extra) "{\"service_request_id\":\"" id "\"," \
	"\"status\":\"" status "\",\"service_code\":\"E0102\"," \
	"\"requested_datetime\":\"2026-05-11T08:00:00+08:00\"," \
	"\"address\":\"平江路\"" extra "}\n"

static void
test_import(void)
{
	struct grid_o311_import_stats st;
	struct grid_cases *cs;
	struct grid_error e;
	struct outcomes o;
	long logs;

	if (grid_cases_open(db, &cs, &e) != 0)
		die("grid_cases_open", e.text);
	ok(import_text(cs, REQ("X1", "open", "") REQ("X2", "open", "")
	    REQ("X3", "closed", ""), "city", &o, &st) == 0, "import: three");
	is_str(o.text, "new reported,new reported,new closed,",
	    "import: three new, one closed at once");
	is_int(st.created, 3, "import: counted");
	is_int(count("SELECT count(*) FROM cases WHERE external_source = "
	    "'city' AND external_id IN ('X1', 'X2', 'X3')"), 3,
	    "import: the external ids kept");
	logs = count("SELECT count(*) FROM case_log");
	ok(import_text(cs, REQ("X1", "open", "") REQ("X2", "open", "")
	    REQ("X3", "closed", ""), "city", &o, &st) == 0, "import again");
	is_str(o.text, "unchanged reported,unchanged reported,"
	    "unchanged closed,", "import again: unchanged");
	is_int(count("SELECT count(*) FROM case_log"), logs,
	    "import again: no row");
	sql("UPDATE cases SET status = 'verified' WHERE external_id = 'X1'");
	ok(import_text(cs, REQ("X1", "closed", ",\"status_notes\":\"done\"")
	    REQ("X2", "closed", ""), "city", &o, &st) == 0, "an update");
	is_str(o.text, "updated closed,held reported,",
	    "update: the verified case closed, the reported one held");
	is_int(count("SELECT count(*) FROM case_log WHERE id > 0 AND "
	    "action = 'external' AND to_status = 'reported' AND note = "
	    "'Open311 city request X2: status closed; held: not closed "
	    "here'"), 1, "update: held, logged, not moved");
	is_int(count("SELECT count(*) FROM cases WHERE external_id = 'X1' "
	    "AND status = 'closed'"), 1, "update: the right case moved");
	ok(import_text(cs, REQ("X1", "open", ""), "hotline", &o, &st) == 0 &&
	    strcmp(o.text, "new reported,") == 0,
	    "the same id from another system: another case");
	logs = count("SELECT count(*) FROM case_log");
	ok(import_text(cs, REQ("Y1", "open", "") 
	    "{\"service_request_id\":\"Y2\",\"status\":\"open\","
	    "\"service_code\":\"Z9\",\"requested_datetime\":"
	    "\"2026-05-11T08:00:00+08:00\",\"address\":\"x\"}\n"
	    REQ("Y1", "open", ""), "city", &o,
	    &st) == -1, "a bad document refused");
	is_int(o.errors, 2, "each bad request named (Y2, Y1 again)");
	ok(strstr(o.first, "doc.json:2: service_code: request 2 'Y2'") !=
	    NULL, "located: file, line, field, number and id");
	is_int(count("SELECT count(*) FROM case_log"), logs,
	    "refused: nothing written");
	is_int(count("SELECT count(*) FROM cases WHERE external_id = 'Y1'"),
	    0, "refused: no case");
	grid_cases_close(cs);
}

int
main(void)
{
	test_begin(NOW);
	db_create(fixture_sql);
	test_mapping();
	test_writer();
	test_services();
	test_fixtures();
	test_refusals();
	test_limits();
	test_coordinates();
	test_round_trip();
	test_coordinate_setting();
	test_external_attributes();
	test_import();
	test_end();
	return tap_done();
}
