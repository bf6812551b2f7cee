/*
 * open311.c - Open311 GeoReport v2 (grid/open311.h): a case as a
 * service request, the categories as the service list, the JSON writer
 * (an array or NDJSON, through jansson), and the reader of another
 * platform's requests, which splits an array into its elements itself
 * so that no request is held whole past max_record.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/cases.h"
#include "grid/open311.h"
#include "grid/reader.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "internal.h"

/* GeoReport v2: "free form text limited to 4,000 characters". */
#define DESCRIPTION_MAX 4000

/* ---- coordinates ---- */

/* The values of the setting coordinate_system that are WGS84 degrees. */
static const char *const wgs84_names[] = {
	"wgs84", "epsg:4326", "cgcs2000", "epsg:4490",
};

/* Some stored point, or grid box, outside the bounds of degrees. */
static const char outside_sql[] =
"SELECT EXISTS (SELECT 1 FROM grid_rtree WHERE min_x < -180 "
"OR max_x > 180 OR min_y < -90 OR max_y > 90) "
"OR EXISTS (SELECT 1 FROM cases WHERE abs(x) > 180 OR abs(y) > 90) "
"OR EXISTS (SELECT 1 FROM houses WHERE abs(x) > 180 OR abs(y) > 90) "
"OR EXISTS (SELECT 1 FROM orgs WHERE abs(x) > 180 OR abs(y) > 90) "
"OR EXISTS (SELECT 1 FROM components WHERE abs(x) > 180 "
"OR abs(y) > 90)";

int
grid_o311_coords(struct grid_db *db, const char **why,
    struct grid_error *err)
{
	char name[64];
	sqlite3_stmt *st = NULL;
	int rc, outside;
	size_t i;

	if (grid_db_setting(db, "coordinate_system", NULL, name,
	    sizeof(name)) != NULL && name[0] != '\0' &&
	    strcasecmp(name, "auto") != 0) {
		for (i = 0; i < GRIDI_ARRAY_LEN(wgs84_names); i++)
			if (strcasecmp(name, wgs84_names[i]) == 0) {
				if (why != NULL)
					*why = "the setting coordinate_system "
					    "names WGS84 degrees";
				return GRID_O311_WGS84;
			}
		if (why != NULL)
			*why = "the setting coordinate_system names "
			    "another system";
		return GRID_O311_OTHER;
	}
	if (grid_db_prepare(db, outside_sql, &st, err) != 0)
		return -1;
	rc = sqlite3_step(st);
	outside = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return grid_db_error(db, rc, "reading coordinates", err);
	if (why != NULL)
		*why = outside ? "points lie outside +-180 and +-90: projected "
		    "metres" : "every point lies within +-180 and +-90: "
		    "degrees, taken as WGS84";
	return outside ? GRID_O311_OTHER : GRID_O311_WGS84;
}

/* The other systems' names (the database's x and y are not lat/long). */
static const char *const other_names[] = { "gcj02", "bd09" };

int
grid_o311_coordinate_system_check(const char *value,
    struct grid_error *err)
{
	size_t i;

	if (value[0] == '\0' || strcasecmp(value, "auto") == 0)
		return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(wgs84_names); i++)
		if (strcasecmp(value, wgs84_names[i]) == 0)
			return 0;
	for (i = 0; i < GRIDI_ARRAY_LEN(other_names); i++)
		if (strcasecmp(value, other_names[i]) == 0)
			return 0;
	if (strncasecmp(value, "epsg:", 5) == 0 && value[5] >= '1' &&
	    value[5] <= '9' && strspn(value + 5, "0123456789") ==
	    strlen(value + 5) && strlen(value + 5) <= 6)
		return 0;
	return grid_error_set(err, GRID_EUSAGE, NULL, 0, "coordinate_system",
	    "expected auto, wgs84, cgcs2000, gcj02, bd09 or epsg:N, not "
	    "'%.64s'", value);
}

static int
in_degrees(double lon, double lat)
{
	return isfinite(lon) && isfinite(lat) && fabs(lon) <= 180 &&
	    fabs(lat) <= 90;
}

/* ---- a case as a service request ---- */

/* A stored time (NULL: none) as the request's; 0 or -1 with err. */
static int
request_time(const char *id, const char *field, const char *stored,
    char *out, struct grid_error *err)
{
	struct grid_error e;

	out[0] = '\0';
	if (stored == NULL || stored[0] == '\0')
		return 0;
	if (grid_time_parse(stored, out, GRID_O311_TIME_SIZE, &e) == 0)
		return 0;
	out[0] = '\0';
	return grid_error_set(err, GRID_EDATA, NULL, 0, field, "case %s: %s",
	    id, e.text);
}

/* The number of a stored coordinate; 0 when there is none. */
static int
coordinate(const char *text, double *v)
{
	char *end;

	if (text == NULL || text[0] == '\0')
		return 0;
	*v = strtod(text, &end);
	return *end == '\0';
}

int
grid_o311_request_from_case(const struct grid_case_feed_row *row,
    enum grid_o311_coords coords, struct grid_o311_request *out,
    char *notice, size_t n, struct grid_error *err)
{
	const char *const *f = row->c.field;
	const char *id = f[GRID_CASE_ID];
	double x, y;

	memset(out, 0, sizeof(*out));
	out->service_request_id = id;
	out->closed = !grid_case_status_open(f[GRID_CASE_STATUS]);
	out->status_notes = row->status_note;
	out->service_name = row->category_name;
	out->service_code = f[GRID_CASE_CATEGORY_CODE];
	out->description = f[GRID_CASE_DESCRIPTION];
	out->agency_responsible = row->dept_name;
	if (notice != NULL && n > 0) {
		notice[0] = '\0';
		if (row->limit != NULL)
			snprintf(notice, n, _("to be handled within %s"),
			    row->limit);
		out->service_notice = notice[0] != '\0' ? notice : NULL;
	}
	if (request_time(id, "reported_at", f[GRID_CASE_REPORTED_AT],
	    out->requested_datetime, err) != 0 ||
	    request_time(id, "updated_at", row->updated_at,
	    out->updated_datetime, err) != 0 ||
	    request_time(id, "deadline", f[GRID_CASE_DEADLINE],
	    out->expected_datetime, err) != 0)
		return -1;
	out->address = f[GRID_CASE_ADDRESS];
	out->address_id = f[GRID_CASE_COMPONENT_CODE];
	out->zipcode = NULL;
	if (coords == GRID_O311_WGS84 && coordinate(f[GRID_CASE_X], &x) &&
	    coordinate(f[GRID_CASE_Y], &y) && in_degrees(x, y)) {
		out->has_point = 1;
		out->lon = x;
		out->lat = y;
	}
	out->media_url = row->media_url;
	out->external_id = row->external_id;
	out->external_source = row->external_source;
	return 0;
}

/* ---- the service list ---- */

static const char services_sql[] =
"SELECT c.code, c.name, c.kind, c.major, c.minor, d.name, "
"coalesce(CASE WHEN c.limit_value IS NOT NULL AND c.limit_unit IS NOT NULL "
"THEN printf('%g %s', c.limit_value, c.limit_unit) END, "
"(SELECT v.value FROM settings v WHERE v.key = 'default_limit')) "
"FROM categories c LEFT JOIN departments d ON d.code = c.dept_code "
"ORDER BY c.code";

static const char *
column(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The service of the category row st is on; 0 or the callback's. */
static int
service_row(sqlite3_stmt *st, grid_o311_service_fn on_service, void *ctx)
{
	const char *kind = column(st, 2), *dept = column(st, 5),
	    *limit = column(st, 6), *label;
	char keywords[256], group[64], description[512];
	struct grid_o311_service s;

	label = grid_vocab_label(grid_vocab_find("category_kind"), kind);
	snprintf(keywords, sizeof(keywords), "%s,%s,%s",
	    label != NULL ? label : kind != NULL ? kind : "",
	    column(st, 3) != NULL ? column(st, 3) : "",
	    column(st, 4) != NULL ? column(st, 4) : "");
	snprintf(group, sizeof(group), "%s:%s", kind != NULL ? kind : "",
	    column(st, 3) != NULL ? column(st, 3) : "");
	description[0] = '\0';
	if (dept != NULL && limit != NULL)
		snprintf(description, sizeof(description),
		    _("dispatched to %s, to be handled within %s"), dept,
		    limit);
	else if (limit != NULL)
		snprintf(description, sizeof(description),
		    _("to be handled within %s"), limit);
	s = (struct grid_o311_service){ column(st, 0), column(st, 1),
		description[0] != '\0' ? description : NULL, 0, "realtime",
		keywords, group };
	return on_service(ctx, &s);
}

int
grid_o311_services(struct grid_db *db, grid_o311_service_fn on_service,
    void *ctx, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (grid_db_prepare(db, services_sql, &st, err) != 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (service_row(st, on_service, ctx) != 0) {
			sqlite3_finalize(st);
			return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return grid_db_error(db, rc, "reading categories", err);
	return 0;
}

/* ---- writing ---- */

struct grid_o311_writer {
	FILE *out;
	enum grid_o311_form form;
	struct grid_o311_writer_stats stats;
};

struct grid_o311_writer *
grid_o311_writer_new(FILE *out, enum grid_o311_form form)
{
	struct grid_o311_writer *w = calloc(1, sizeof(*w));

	if (w != NULL) {
		w->out = out;
		w->form = form;
	}
	return w;
}

void
grid_o311_writer_free(struct grid_o311_writer *w)
{
	free(w);
}

const struct grid_o311_writer_stats *
grid_o311_writer_stats(const struct grid_o311_writer *w)
{
	return &w->stats;
}

void
grid_o311_writer_point_left_out(struct grid_o311_writer *w)
{
	w->stats.points_left_out++;
}

/* A text or null; 0, or -1 when memory runs out. */
static int
set_text(json_t *obj, const char *key, const char *value)
{
	return json_object_set_new(obj, key, value != NULL && value[0] !=
	    '\0' ? json_string(value) : json_null());
}

/* extended_attributes: the id of a case taken from another platform. */
static int
external(json_t *obj, const struct grid_o311_request *r)
{
	json_t *ext = json_object();
	int rc = ext == NULL;

	rc |= set_text(ext, "external_id", r->external_id);
	rc |= set_text(ext, "external_source", r->external_source);
	return rc | json_object_set_new(obj, "extended_attributes", ext);
}

/* The digits that read back as d: 1 to 17. */
static int
shortest_precision(double d)
{
	char text[40];
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(text, sizeof(text), "%.*g", prec, d);
		if (strtod(text, NULL) == d)
			return prec;
	}
	return 17;
}

/* Writes obj (taking the reference) as the next object.  0 or -1. */
static int
write_object(struct grid_o311_writer *w, json_t *obj, int precision,
    struct grid_error *err)
{
	size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(precision);
	int rc;

	if (w->form == GRID_O311_ARRAY)
		fputs(w->stats.written == 0 ? "[\n" : ",\n", w->out);
	rc = json_dumpf(obj, w->out, flags);
	json_decref(obj);
	if (w->form == GRID_O311_NDJSON)
		fputc('\n', w->out);
	if (rc != 0 || ferror(w->out))
		return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
		    "cannot write the requests");
	w->stats.written++;
	return 0;
}

int
grid_o311_write_request(struct grid_o311_writer *w,
    const struct grid_o311_request *r, struct grid_error *err)
{
	json_t *obj = json_object();
	int rc = obj == NULL, precision = 1;

	rc |= set_text(obj, "service_request_id", r->service_request_id);
	rc |= set_text(obj, "status", r->closed ? "closed" : "open");
	rc |= set_text(obj, "status_notes", r->status_notes);
	rc |= set_text(obj, "service_name", r->service_name);
	rc |= set_text(obj, "service_code", r->service_code);
	rc |= set_text(obj, "description", r->description);
	rc |= set_text(obj, "agency_responsible", r->agency_responsible);
	rc |= set_text(obj, "service_notice", r->service_notice);
	rc |= set_text(obj, "requested_datetime", r->requested_datetime);
	rc |= set_text(obj, "updated_datetime", r->updated_datetime);
	rc |= set_text(obj, "expected_datetime", r->expected_datetime);
	rc |= set_text(obj, "address", r->address);
	rc |= set_text(obj, "address_id", r->address_id);
	rc |= set_text(obj, "zipcode", r->zipcode);
	if (r->has_point) {
		rc |= json_object_set_new(obj, "lat", json_real(r->lat));
		rc |= json_object_set_new(obj, "long", json_real(r->lon));
		precision = shortest_precision(r->lat);
		if (shortest_precision(r->lon) > precision)
			precision = shortest_precision(r->lon);
	}
	rc |= set_text(obj, "media_url", r->media_url);
	if (r->external_id != NULL)
		rc |= external(obj, r);
	if (rc != 0) {
		json_decref(obj);
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "request %s: a text that is not UTF-8, or out of memory",
		    r->service_request_id != NULL ? r->service_request_id :
		    "");
	}
	return write_object(w, obj, precision, err);
}

int
grid_o311_write_service(struct grid_o311_writer *w,
    const struct grid_o311_service *s, struct grid_error *err)
{
	json_t *obj = json_object();
	int rc = obj == NULL;

	rc |= set_text(obj, "service_code", s->service_code);
	rc |= set_text(obj, "service_name", s->service_name);
	rc |= set_text(obj, "description", s->description);
	rc |= json_object_set_new(obj, "metadata", json_boolean(s->metadata));
	rc |= set_text(obj, "type", s->type);
	rc |= set_text(obj, "keywords", s->keywords);
	rc |= set_text(obj, "group", s->group);
	if (rc != 0) {
		json_decref(obj);
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	}
	return write_object(w, obj, 1, err);
}

int
grid_o311_writer_finish(struct grid_o311_writer *w, struct grid_error *err)
{
	if (w->form == GRID_O311_ARRAY)
		fputs(w->stats.written == 0 ? "[]\n" : "\n]\n", w->out);
	if (fflush(w->out) != 0 || ferror(w->out))
		return grid_error_set(err, GRID_EIO, NULL, 0, NULL,
		    "cannot write the requests");
	return 0;
}

/* ---- reading ---- */

/* The fields that may be a number in the examples: their text. */
enum { NUM_ID, NUM_CODE, NUM_ADDRESS_ID, NUM_ZIPCODE, NUM_N };

struct grid_o311_reader {
	FILE *in;
	char name[256];
	struct grid_o311_read_options opts;
	int array;		/* 1: a JSON array; 0: NDJSON */
	int started;		/* array: an element was read */
	int ended;		/* the end was reached */
	int broken;		/* nothing more can be read */
	long line;		/* the line being read */
	long start_line;	/* where the request starts */
	long index;		/* the request's number, from 1 */
	long dropped;
	struct grid_buf text;	/* the request's JSON */
	json_t *json;		/* the request (its texts are borrowed) */
	const char *id;		/* its service_request_id, for messages */
	char num[NUM_N][32];
	sqlite3_stmt *category;	/* opts.db: is ?1 a category */
};

/*
 * Fills err for the request being read: "request N 'ID': REASON" at
 * its line and field (reason already in the reader's language); broken
 * marks the reader as unable to go on.  Returns -1.
 */
static int
refuse(struct grid_o311_reader *r, struct grid_error *err,
    const char *field, int broken, const char *reason)
{
	r->broken |= broken;
	if (r->id != NULL)
		return grid_error_set(err, GRID_EDATA, r->name, r->start_line,
		    field, "request %ld '%.64s': %s", r->index, r->id, reason);
	return grid_error_set(err, GRID_EDATA, r->name, r->start_line, field,
	    "request %ld: %s", r->index, reason);
}

/* refuse with a reason made from fmt (a message, translated). */
static int
fail(struct grid_o311_reader *r, struct grid_error *err, const char *field,
    int broken, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
fail(struct grid_o311_reader *r, struct grid_error *err, const char *field,
    int broken, const char *fmt, ...)
{
	char reason[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), _(fmt), ap);
	va_end(ap);
	return refuse(r, err, field, broken, reason);
}

/* The next byte, counting lines; EOF at the end or on an error. */
static int
next_byte(struct grid_o311_reader *r)
{
	int c = getc(r->in);

	if (c == '\n')
		r->line++;
	return c;
}

/* The next byte that is not a JSON blank. */
static int
skip_blanks(struct grid_o311_reader *r)
{
	int c;

	while ((c = next_byte(r)) == ' ' || c == '\t' || c == '\r' ||
	    c == '\n')
		;
	return c;
}

/* Adds c to the request's text; -1 past max_record. */
static int
keep(struct grid_o311_reader *r, int c)
{
	return grid_buf_addc(&r->text, (char)c);
}

/* An input error or the end, inside a request. */
static int
cut_short(struct grid_o311_reader *r, struct grid_error *err)
{
	if (ferror(r->in))
		return grid_error_set(err, GRID_EIO, r->name, r->line, NULL,
		    "read error");
	return fail(r, err, NULL, 1, "the input ends inside the array");
}

/*
 * Reads one element of the array, starting with c, into r->text: any
 * JSON value, its brackets counted and its strings skipped, up to the
 * ',' or ']' after it (consumed; *after gets it).  0, or -1 with err.
 */
static int
read_element(struct grid_o311_reader *r, int c, int *after,
    struct grid_error *err)
{
	int depth = 0, in_string = 0, escaped = 0;

	for (;; c = next_byte(r)) {
		if (c == EOF)
			return cut_short(r, err);
		if (!in_string && depth == 0 && (c == ',' || c == ']')) {
			*after = c;
			return 0;
		}
		if (keep(r, c) != 0)
			return fail(r, err, NULL, 1, "longer than %zu bytes",
			    r->text.max);
		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"')
			in_string = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth < 0)
			return fail(r, err, NULL, 1, "unbalanced brackets");
	}
}

/* The next element of the array into r->text; 1, 0 (end) or -1. */
static int
next_element(struct grid_o311_reader *r, struct grid_error *err)
{
	int c, after = 0;

	if (r->ended)
		return 0;
	c = skip_blanks(r);
	if (c == ']' && !r->started) {
		r->ended = 1;
		return 0;
	}
	r->start_line = r->line;
	r->index++;
	if (c == EOF)
		return cut_short(r, err);
	r->started = 1;
	if (read_element(r, c, &after, err) != 0)
		return -1;
	if (after == ']') {
		r->ended = 1;
		if ((c = skip_blanks(r)) != EOF)
			return fail(r, err, NULL, 1,
			    "text after the end of the array");
	}
	return 1;
}

/* The next line that is not blank into r->text; 1, 0 (end) or -1. */
static int
next_line(struct grid_o311_reader *r, struct grid_error *err)
{
	int c, blank, too_long;

	for (;;) {
		grid_buf_reset(&r->text);
		r->start_line = r->line;
		blank = 1;
		too_long = 0;
		while ((c = next_byte(r)) != EOF && c != '\n') {
			if (c != ' ' && c != '\t' && c != '\r')
				blank = 0;
			if (!too_long && keep(r, c) != 0)
				too_long = 1;
		}
		if (ferror(r->in))
			return cut_short(r, err);
		if (!blank) {
			r->index++;
			if (too_long)
				return fail(r, err, NULL, 0,
				    "longer than %zu bytes", r->text.max);
			return 1;
		}
		if (c == EOF)
			return 0;
	}
}

struct grid_o311_reader *
grid_o311_reader_open(FILE *in, const char *name,
    const struct grid_o311_read_options *opts, struct grid_error *err)
{
	struct grid_o311_reader *r = calloc(1, sizeof(*r));
	int c;

	if (r == NULL) {
		grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
		return NULL;
	}
	r->in = in;
	snprintf(r->name, sizeof(r->name), "%s", name != NULL ? name : "-");
	if (opts != NULL)
		r->opts = *opts;
	if (r->opts.max_record == 0)
		r->opts.max_record = GRID_RECORD_MAX_DEFAULT;
	grid_buf_init(&r->text, r->opts.max_record);
	r->line = 1;
	if (r->opts.db != NULL && grid_db_prepare(r->opts.db, "SELECT 1 FROM "
	    "categories WHERE code = ?1", &r->category, err) != 0)
		goto fail;
	if ((c = next_byte(r)) == 0xef && next_byte(r) == 0xbb &&
	    next_byte(r) == 0xbf)
		c = skip_blanks(r);	/* a UTF-8 byte order mark */
	else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		c = skip_blanks(r);
	if (c == '[')
		r->array = 1;
	else if (c == '{') {
		if (ungetc(c, in) == EOF) {
			grid_error_set(err, GRID_EIO, r->name, r->line, NULL,
			    "read error");
			goto fail;
		}
	} else if (c == EOF && !ferror(in))
		r->ended = 1;
	else {
		grid_error_set(err, GRID_EDATA, r->name, r->line, NULL,
		    "expected a JSON array of service requests or one "
		    "request per line");
		goto fail;
	}
	return r;
fail:
	grid_o311_reader_free(r);
	return NULL;
}

void
grid_o311_reader_free(struct grid_o311_reader *r)
{
	if (r == NULL)
		return;
	json_decref(r->json);
	grid_buf_release(&r->text);
	sqlite3_finalize(r->category);
	free(r);
}

int
grid_o311_reader_broken(const struct grid_o311_reader *r)
{
	return r->broken;
}

long
grid_o311_reader_line(const struct grid_o311_reader *r)
{
	return r->start_line;
}

long
grid_o311_reader_points_dropped(const struct grid_o311_reader *r)
{
	return r->dropped;
}

/*
 * The text of field key (NULL when absent, null or ""): a string, or
 * with num (a buffer of 32) an integer too.  0, or -1 with err.
 */
static int
field_text(struct grid_o311_reader *r, const char *key, char *num,
    const char **out, struct grid_error *err)
{
	json_t *v = json_object_get(r->json, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		if ((*out)[0] == '\0')
			*out = NULL;
		return 0;
	}
	if (num != NULL && json_is_integer(v)) {
		snprintf(num, 32, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		*out = num;
		return 0;
	}
	if (num != NULL)
		return fail(r, err, key, 0,
		    "expected a string or a whole number");
	return fail(r, err, key, 0, "expected a string");
}

/* A coordinate: a number, or a string that is one; 1 given, 0 absent. */
static int
field_number(struct grid_o311_reader *r, const char *key, double *out,
    struct grid_error *err)
{
	json_t *v = json_object_get(r->json, key);
	const char *s;
	char *end;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 1;
	}
	if (json_is_string(v) && (s = json_string_value(v))[0] != '\0') {
		*out = strtod(s, &end);
		if (*end == '\0' && isfinite(*out))
			return 1;
		return fail(r, err, key, 0, "not a number: '%.64s'", s);
	}
	if (json_is_string(v))
		return 0;
	return fail(r, err, key, 0, "expected a number");
}

/*
 * A W3C time with Z or an offset, as the specification requires,
 * into out (local, with offset); "" when absent.  0 or -1.
 */
static int
field_time(struct grid_o311_reader *r, const char *key, int required,
    char *out, struct grid_error *err)
{
	const char *text;
	struct grid_error e;
	size_t len;

	out[0] = '\0';
	if (field_text(r, key, NULL, &text, err) != 0)
		return -1;
	if (text == NULL)
		return required ? fail(r, err, key, 0, "missing") : 0;
	len = strlen(text);
	if (len < 17 || text[10] != 'T' || !(text[len - 1] == 'Z' ||
	    (len > 6 && (text[len - 6] == '+' || text[len - 6] == '-') &&
	    text[len - 3] == ':')))
		return fail(r, err, key, 0,
		    "expected a time with Z or an offset "
		    "(2010-01-01T00:00:00Z), not '%.64s'", text);
	if (grid_time_parse(text, out, GRID_O311_TIME_SIZE, &e) != 0) {
		out[0] = '\0';
		return refuse(r, err, key, 0, e.text);
	}
	return 0;
}

/* Characters of UTF-8 text (jansson gives valid UTF-8). */
static size_t
characters(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* 1 when code is a category of opts.db, 0 when not, -1 with err. */
static int
known_category(struct grid_o311_reader *r, const char *code,
    struct grid_error *err)
{
	int rc;

	sqlite3_reset(r->category);
	sqlite3_bind_text(r->category, 1, code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(r->category);
	sqlite3_reset(r->category);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return grid_db_error(r->opts.db, rc, "reading categories", err);
}

/* The identity and the status of the request. */
static int
check_head(struct grid_o311_reader *r, struct grid_o311_request *q,
    struct grid_error *err)
{
	const char *status;
	int known;

	if (field_text(r, "service_request_id", r->num[NUM_ID],
	    &q->service_request_id, err) != 0)
		return -1;
	if (q->service_request_id == NULL)
		return fail(r, err, "service_request_id", 0, "missing");
	if (strlen(q->service_request_id) > GRID_CODE_MAX)
		return fail(r, err, "service_request_id", 0,
		    "longer than %d bytes", GRID_CODE_MAX);
	r->id = q->service_request_id;
	if (field_text(r, "status", NULL, &status, err) != 0)
		return -1;
	if (status == NULL)
		return fail(r, err, "status", 0, "missing");
	if (strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		return fail(r, err, "status", 0,
		    "expected open or closed, not '%.64s'", status);
	q->closed = strcmp(status, "closed") == 0;
	if (field_text(r, "service_code", r->num[NUM_CODE], &q->service_code,
	    err) != 0)
		return -1;
	if (q->service_code == NULL)
		return fail(r, err, "service_code", 0, "missing");
	if (r->category != NULL) {
		if ((known = known_category(r, q->service_code, err)) < 0)
			return -1;
		if (known == 0)
			return fail(r, err, "service_code", 0,
			    "unknown service_code '%.64s' (not in categories)",
			    q->service_code);
	}
	return 0;
}

/* The texts and times. */
static int
check_texts(struct grid_o311_reader *r, struct grid_o311_request *q,
    struct grid_error *err)
{
	if (field_text(r, "status_notes", NULL, &q->status_notes, err) != 0 ||
	    field_text(r, "service_name", NULL, &q->service_name, err) != 0 ||
	    field_text(r, "description", NULL, &q->description, err) != 0 ||
	    field_text(r, "agency_responsible", NULL,
	    &q->agency_responsible, err) != 0 ||
	    field_text(r, "service_notice", NULL, &q->service_notice,
	    err) != 0 ||
	    field_text(r, "media_url", NULL, &q->media_url, err) != 0 ||
	    field_text(r, "zipcode", r->num[NUM_ZIPCODE], &q->zipcode,
	    err) != 0)
		return -1;
	if (q->description != NULL &&
	    characters(q->description) > DESCRIPTION_MAX)
		return fail(r, err, "description", 0,
		    "longer than %d characters", DESCRIPTION_MAX);
	return field_time(r, "requested_datetime", 1, q->requested_datetime,
	    err) != 0 || field_time(r, "updated_datetime", 0,
	    q->updated_datetime, err) != 0 || field_time(r,
	    "expected_datetime", 0, q->expected_datetime, err) != 0 ? -1 : 0;
}

/* The place: lat and long, or an address (address_string in a POST). */
static int
check_place(struct grid_o311_reader *r, struct grid_o311_request *q,
    struct grid_error *err)
{
	int has_lat, has_lon;

	if (field_text(r, "address", NULL, &q->address, err) != 0 ||
	    (q->address == NULL && field_text(r, "address_string", NULL,
	    &q->address, err) != 0) ||
	    field_text(r, "address_id", r->num[NUM_ADDRESS_ID],
	    &q->address_id, err) != 0)
		return -1;
	if ((has_lat = field_number(r, "lat", &q->lat, err)) < 0 ||
	    (has_lon = field_number(r, "long", &q->lon, err)) < 0)
		return -1;
	if (has_lat != has_lon)
		return fail(r, err, has_lat ? "long" : "lat", 0,
		    "lat and long go together");
	if (has_lat && (fabs(q->lat) > 90 || fabs(q->lon) > 180))
		return fail(r, err, fabs(q->lat) > 90 ? "lat" : "long", 0,
		    "outside WGS84 degrees (lat +-90, long +-180)");
	q->has_point = has_lat;
	if (q->has_point && r->opts.coords == GRID_O311_OTHER) {
		if (!r->opts.drop_points)
			return fail(r, err, "lat", 0, 
			    "the database's coordinates are not WGS84 "
			    "degrees: lat and long cannot be stored exactly");
		q->has_point = 0;
		r->dropped++;
	}
	if (!q->has_point && q->address == NULL && q->address_id == NULL &&
	    has_lat)
		return fail(r, err, "address", 0,
		    "the database's coordinates are not WGS84 degrees "
		    "(setting coordinate_system): lat and long cannot be "
		    "used, and there is no address or address_id");
	if (!q->has_point && q->address == NULL && q->address_id == NULL)
		return fail(r, err, "address", 0, 
		    "no place: lat and long, an address or an address_id "
		    "is needed");
	return 0;
}

/* Parses and checks r->text into q.  0 or -1 (the next goes on). */
static int
parse_request(struct grid_o311_reader *r, struct grid_o311_request *q,
    struct grid_error *err)
{
	json_error_t je;

	json_decref(r->json);
	r->json = json_loadb(r->text.data != NULL ? r->text.data : "",
	    r->text.len, JSON_REJECT_DUPLICATES, &je);
	if (r->json == NULL)
		return fail(r, err, NULL, 0, "bad JSON: %s", je.text);
	if (!json_is_object(r->json))
		return fail(r, err, NULL, 0, "not a JSON object");
	if (check_head(r, q, err) != 0 || check_texts(r, q, err) != 0 ||
	    check_place(r, q, err) != 0)
		return -1;
	return 0;
}

int
grid_o311_reader_next(struct grid_o311_reader *r,
    struct grid_o311_request *req, struct grid_error *err)
{
	int rc;

	memset(req, 0, sizeof(*req));
	r->id = NULL;
	if (r->broken)
		return grid_error_set(err, GRID_EDATA, r->name, r->line, NULL,
		    "cannot read past the error before");
	grid_buf_reset(&r->text);
	rc = r->array ? next_element(r, err) : r->ended ? 0 :
	    next_line(r, err);
	if (rc != 1)
		return rc;
	if (parse_request(r, req, err) != 0) {
		memset(req, 0, sizeof(*req));
		return -1;
	}
	return 1;
}
