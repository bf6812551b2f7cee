/*
 * open311_import.c - another platform's service requests into cases
 * (grid/open311_import.h): each request read and checked (open311.c),
 * then reported as a new case or compared with what that platform said
 * last time (cases.attrs, key "open311"), one case_log row per change,
 * all in one transaction; the outcomes are given after the commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "grid/buf.h"
#include "grid/open311.h"
#include "grid/open311_import.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "cases_internal.h"
#include "internal.h"

/* The fields of a request compared with the last import, in order. */
static const char *const tracked[] = {
	"status", "status_notes", "agency_responsible", "service_notice",
	"expected_datetime", "description", "address", "media_url",
};

enum { F_STATUS, F_NOTES, F_AGENCY, F_NOTICE, F_EXPECTED, F_DESCRIPTION,
	F_ADDRESS, F_MEDIA, F_N };

static const char find_sql[] =
"SELECT id, status, CASE WHEN json_valid(attrs) THEN "
"json_extract(attrs, '$.open311') END FROM cases "
"WHERE external_source = ?1 AND external_id = ?2";

static const char remember_sql[] =
"UPDATE cases SET external_source = ?2, external_id = ?3, "
"attrs = json_set(CASE WHEN json_valid(attrs) AND json_type(attrs) = "
"'object' THEN attrs ELSE '{}' END, '$.open311', json(?4)) WHERE id = ?1";

/* An outcome kept until the commit. */
struct outcome {
	long index;
	char *external_id, *case_id, *status;
	enum grid_o311_outcome outcome;
	long logged;
};

struct import {
	struct grid_cases *cs;
	const struct grid_o311_import_options *opts;
	struct grid_o311_reader *reader;
	time_t now;
	sqlite3_stmt *find, *remember, *component, *dept;
	char **seen;		/* the ids of the document, sorted */
	size_t nseen;
	struct outcome *done;
	size_t ndone;
	struct grid_o311_import_stats st;
	long index;
};

const char *
grid_o311_outcome_name(enum grid_o311_outcome outcome)
{
	static const char *const names[] = { "new", "updated", "unchanged",
		"held" };

	return (unsigned)outcome < GRIDI_ARRAY_LEN(names) ? names[outcome] :
	    "";
}

/* ---- small helpers ---- */

static char *
copy(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int
out_of_memory(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/*
 * Refuses request q (index im->index) at field: "request N 'ID':
 * reason", located at the reader's source.  Returns -1.
 */
static int
refuse(struct import *im, const struct grid_o311_request *q,
    const char *name, const char *field, struct grid_error *err,
    const char *reason)
{
	return grid_error_set(err, GRID_EDATA, name,
	    grid_o311_reader_line(im->reader), field,
	    "request %ld '%.64s': %s", im->index, q->service_request_id,
	    reason);
}

/*
 * Adds id to the ids seen: 0, 1 when it was there already, -1 when
 * memory runs out.
 */
static int
seen_before(struct import *im, const char *id)
{
	size_t lo = 0, hi = im->nseen, mid;
	char **grown, *dup;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((cmp = strcmp(id, im->seen[mid])) == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if ((grown = realloc(im->seen, (im->nseen + 1) *
	    sizeof(*grown))) == NULL)
		return -1;
	im->seen = grown;
	if ((dup = strdup(id)) == NULL)
		return -1;
	memmove(grown + lo + 1, grown + lo, (im->nseen - lo) *
	    sizeof(*grown));
	grown[lo] = dup;
	im->nseen++;
	return 0;
}

/* Keeps an outcome for on_row.  0 or -1 (memory). */
static int
keep(struct import *im, const char *external_id, const char *case_id,
    const char *status, enum grid_o311_outcome outcome, long logged)
{
	struct outcome *grown, *o;

	if ((grown = realloc(im->done, (im->ndone + 1) *
	    sizeof(*grown))) == NULL)
		return -1;
	im->done = grown;
	o = &grown[im->ndone++];
	o->index = im->index;
	o->external_id = copy(external_id);
	o->case_id = copy(case_id);
	o->status = copy(status);
	o->outcome = outcome;
	o->logged = logged;
	switch (outcome) {
	case GRID_O311_NEW: im->st.created++; break;
	case GRID_O311_UPDATED: im->st.updated++; break;
	case GRID_O311_UNCHANGED: im->st.unchanged++; break;
	case GRID_O311_HELD: im->st.held++; break;
	}
	im->st.logged += logged;
	return o->external_id == NULL || o->case_id == NULL ||
	    o->status == NULL ? -1 : 0;
}

/* The texts of q's tracked fields, in the order of tracked[]. */
static void
tracked_values(const struct grid_o311_request *q, const char **v)
{
	v[F_STATUS] = q->closed ? "closed" : "open";
	v[F_NOTES] = q->status_notes;
	v[F_AGENCY] = q->agency_responsible;
	v[F_NOTICE] = q->service_notice;
	v[F_EXPECTED] = q->expected_datetime[0] != '\0' ?
	    q->expected_datetime : NULL;
	v[F_DESCRIPTION] = q->description;
	v[F_ADDRESS] = q->address;
	v[F_MEDIA] = q->media_url;
}

/* The snapshot kept in attrs: a new JSON text (free), NULL: memory. */
static char *
snapshot(const char *const *v)
{
	json_t *obj = json_object();
	char *text;
	size_t i;
	int rc = obj == NULL;

	for (i = 0; i < F_N && rc == 0; i++)
		rc = json_object_set_new(obj, tracked[i], v[i] != NULL ?
		    json_string(v[i]) : json_null());
	text = rc == 0 ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS) :
	    NULL;
	json_decref(obj);
	return text;
}

/* 1 when two texts (NULL: absent) differ. */
static int
differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Runs the statement st to its end.  0 or -1 with err. */
static int
step_done(struct import *im, sqlite3_stmt *st, const char *what,
    struct grid_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return grid_db_error(im->cs->db, rc, what, err);
}

/* Stores the platform's id and what it said on case id.  0 or -1. */
static int
remember(struct import *im, const char *id, const char *external_id,
    const char *const *v, struct grid_error *err)
{
	char *text = snapshot(v);
	int rc;

	if (text == NULL)
		return out_of_memory(err);
	sqlite3_bind_text(im->remember, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->remember, 2, im->opts->system, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(im->remember, 3, external_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(im->remember, 4, text, -1, SQLITE_TRANSIENT);
	rc = step_done(im, im->remember, "writing the external id", err);
	free(text);
	return rc;
}

/*
 * The first column of st with text a bound (NULL for none, or no row)
 * copied into out (size n).  1 a row, 0 none, -1 with err.
 */
static int
lookup(struct import *im, sqlite3_stmt *st, const char *a, char *out,
    size_t n, struct grid_error *err)
{
	int rc;

	out[0] = '\0';
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st,
		    0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return grid_db_error(im->cs->db, rc, "reading", err);
}

/* ---- checks beyond the reader's ---- */

/* A time of q not after now (and updated not before requested). */
static int
check_times(struct import *im, const struct grid_o311_request *q,
    const char *name, struct grid_error *err)
{
	time_t requested, updated;
	char reason[160];

	if (grid_time_to_epoch(q->requested_datetime, &requested) != 0)
		return refuse(im, q, name, "requested_datetime", err,
		    _("not a time"));
	if (requested > im->now) {
		snprintf(reason, sizeof(reason), _("%s is in the future"),
		    q->requested_datetime);
		return refuse(im, q, name, "requested_datetime", err, reason);
	}
	if (q->updated_datetime[0] == '\0')
		return 0;
	if (grid_time_to_epoch(q->updated_datetime, &updated) != 0)
		return refuse(im, q, name, "updated_datetime", err,
		    _("not a time"));
	if (updated > im->now) {
		snprintf(reason, sizeof(reason), _("%s is in the future"),
		    q->updated_datetime);
		return refuse(im, q, name, "updated_datetime", err, reason);
	}
	if (updated < requested) {
		snprintf(reason, sizeof(reason),
		    _("%s is before requested_datetime %s"),
		    q->updated_datetime, q->requested_datetime);
		return refuse(im, q, name, "updated_datetime", err, reason);
	}
	return 0;
}

/* ---- a new case ---- */

/* The MIME type of a media_url from its extension (a photo if none). */
static const char *
media_mime(const char *url, const char **kind)
{
	static const struct { const char *ext, *mime, *kind; } types[] = {
		{ ".jpg", "image/jpeg", "photo" },
		{ ".jpeg", "image/jpeg", "photo" },
		{ ".png", "image/png", "photo" },
		{ ".gif", "image/gif", "photo" },
		{ ".webp", "image/webp", "photo" },
		{ ".mp4", "video/mp4", "video" },
		{ ".mp3", "audio/mpeg", "audio" },
		{ ".amr", "audio/amr", "audio" },
		{ ".pdf", "application/pdf", "document" },
	};
	size_t i, n = strcspn(url, "?#"), len;

	for (i = 0; i < GRIDI_ARRAY_LEN(types); i++) {
		len = strlen(types[i].ext);
		if (n > len && strncasecmp(url + n - len, types[i].ext,
		    len) == 0) {
			*kind = types[i].kind;
			return types[i].mime;
		}
	}
	*kind = "photo";
	return "application/octet-stream";
}

/*
 * A new case's media_url, when it is an http(s) address, as its first
 * attachment (stage before; after for a request closed already), so
 * that our requests give it back.  0 or -1.
 */
static int
attach_media(struct import *im, const struct grid_o311_request *q,
    const char *id, struct grid_error *err)
{
	const char *kind, *mime;
	sqlite3_stmt *st = NULL;
	int rc;

	if (q->media_url == NULL || (strncasecmp(q->media_url, "http://",
	    7) != 0 && strncasecmp(q->media_url, "https://", 8) != 0))
		return 0;
	mime = media_mime(q->media_url, &kind);
	if (grid_db_prepare(im->cs->db, "INSERT INTO attachments(case_id, "
	    "kind, stage, uri, mime, stored, at, actor, note) VALUES (?1, ?2, "
	    "?3, ?4, ?5, 0, ?6, ?7, ?8)", &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, q->closed ? "after" : "before", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 4, q->media_url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, mime, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, q->requested_datetime, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, im->opts->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, "Open311 media_url", -1, SQLITE_STATIC);
	rc = step_done(im, st, "writing an attachment", err);
	sqlite3_finalize(st);
	return rc;
}


/* The note of the step that takes a request in. */
static int
intake_note(struct import *im, const struct grid_o311_request *q,
    struct grid_buf *note)
{
	grid_buf_reset(note);
	if (grid_buf_addf(note, "Open311 %s request %s", im->opts->system,
	    q->service_request_id) != 0)
		return -1;
	if (q->status_notes != NULL && grid_buf_addf(note, "; %s",
	    q->status_notes) != 0)
		return -1;
	return 0;
}

/* Locates a step's error at the request.  Returns -1. */
static int
step_refused(struct import *im, const struct grid_o311_request *q,
    const char *name, struct grid_error *e, struct grid_error *err)
{
	if (e->code != GRID_EDATA) {
		*err = *e;
		return -1;
	}
	return refuse(im, q, name, e->field[0] != '\0' ? e->field : NULL,
	    err, e->text);
}

static int
report_new(struct import *im, const struct grid_o311_request *q,
    const char *name, struct grid_error *err)
{
	struct grid_case_report rep;
	struct grid_case_step step;
	struct grid_case_result res;
	struct grid_buf note = GRID_BUF_INIT;
	struct grid_error e;
	char x[40], y[40], component[GRID_CODE_MAX + 1], dept[64];
	const char *v[F_N];
	int rc = -1, found;

	memset(&rep, 0, sizeof(rep));
	memset(&step, 0, sizeof(step));
	rep.source = im->opts->source != NULL ? im->opts->source : "hotline";
	rep.category_code = q->service_code;
	rep.description = q->description;
	rep.address = q->address;
	if (q->has_point) {
		snprintf(x, sizeof(x), "%.17g", q->lon);
		snprintf(y, sizeof(y), "%.17g", q->lat);
		rep.x = x;
		rep.y = y;
	}
	if (q->address_id != NULL) {
		if ((found = lookup(im, im->component, q->address_id,
		    component, sizeof(component), err)) < 0)
			goto out;
		if (found)
			rep.component_code = component;
		else if (!q->has_point && q->address == NULL) {
			rc = refuse(im, q, name, "address_id", err,
			    _("not one of our components, and there is no "
			    "address or point"));
			goto out;
		}
	}
	if (intake_note(im, q, &note) != 0) {
		rc = out_of_memory(err);
		goto out;
	}
	step.verb = "report";
	step.actor = im->opts->actor;
	step.at = q->requested_datetime;
	step.report = &rep;
	step.note = note.data;
	if (q->closed) {
		step.resolved = 1;
		if (q->agency_responsible != NULL) {
			if ((found = lookup(im, im->dept,
			    q->agency_responsible, dept, sizeof(dept),
			    err)) < 0)
				goto out;
			if (found)
				step.dept = dept;
		}
	}
	if (grid_case_apply(im->cs, &step, &res, &e) != 0) {
		rc = step_refused(im, q, name, &e, err);
		goto out;
	}
	tracked_values(q, v);
	if (attach_media(im, q, res.id, err) != 0 ||
	    remember(im, res.id, q->service_request_id, v, err) != 0 ||
	    keep(im, q->service_request_id, res.id, res.to, GRID_O311_NEW,
	    res.logged) != 0) {
		if (err->code == 0)
			out_of_memory(err);
		goto out;
	}
	rc = 0;
out:
	grid_buf_release(&note);
	return rc;
}

/* ---- a known case ---- */

/* The stored snapshot's field i (NULL when absent). */
static const char *
stored(json_t *old, size_t i)
{
	json_t *v = json_object_get(old, tracked[i]);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One "external" row for field i now at value.  0 or -1. */
static int
log_change(struct import *im, const char *id, int status,
    const struct grid_o311_request *q, size_t i, const char *value,
    const char *comment, struct grid_error *err)
{
	struct grid_buf note = GRID_BUF_INIT;
	char at[32];
	int rc;

	grid_time_format(im->now, at, sizeof(at));
	rc = grid_buf_addf(&note, "Open311 %s request %s: %s %s%s%s",
	    im->opts->system, q->service_request_id, tracked[i],
	    value != NULL ? value : "(none)", comment != NULL ? "; " : "",
	    comment != NULL ? comment : "");
	if (rc != 0) {
		grid_buf_release(&note);
		return out_of_memory(err);
	}
	rc = gridi_case_log(im->cs, id, at, im->opts->actor, "external",
	    status, status, note.data, NULL, err);
	grid_buf_release(&note);
	return rc;
}

/* A new description or address replaces the case's.  0 or -1. */
static int
replace_text(struct import *im, const char *id, const char *column,
    const char *value, struct grid_error *err)
{
	char sql[80];
	sqlite3_stmt *st = NULL;
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE cases SET %s = ?2 WHERE id = ?1",
	    column);
	if (grid_db_prepare(im->cs->db, sql, &st, err) != 0)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = step_done(im, st, "updating a case", err);
	sqlite3_finalize(st);
	return rc;
}

/*
 * closed there: close a verified case (1: closed, logged), leave one
 * that has ended (0), else hold it (2).  -1 with err.
 */
static int
follow_close(struct import *im, const char *id, const char *status,
    const struct grid_o311_request *q, const char *name,
    struct grid_error *err)
{
	struct grid_case_step step;
	struct grid_case_result res;
	struct grid_buf note = GRID_BUF_INIT;
	struct grid_error e;
	int rc;

	if (!grid_case_status_open(status))
		return 0;
	if (grid_case_allowed(status, "close", GRID_VERDICT_NONE) != 1)
		return 2;
	memset(&step, 0, sizeof(step));
	if (grid_buf_addf(&note, "Open311 %s request %s: closed there",
	    im->opts->system, q->service_request_id) != 0 ||
	    (q->status_notes != NULL && grid_buf_addf(&note, "; %s",
	    q->status_notes) != 0)) {
		grid_buf_release(&note);
		return out_of_memory(err);
	}
	step.verb = "close";
	step.id = id;
	step.actor = im->opts->actor;
	step.note = note.data;
	rc = grid_case_apply(im->cs, &step, &res, &e);
	grid_buf_release(&note);
	if (rc != 0)
		return step_refused(im, q, name, &e, err);
	return 1;
}

/* The changes of a known case.  0 or -1 with err. */
static int
update_known(struct import *im, const struct grid_o311_request *q,
    const char *id, const char *status, const char *old_text,
    const char *name, struct grid_error *err)
{
	const char *v[F_N], *comment;
	json_t *old = old_text != NULL ? json_loads(old_text, 0, NULL) : NULL;
	char after[16];
	long logged = 0;
	int held = 0, st, closed = 0, changed = 0;
	size_t i;

	snprintf(after, sizeof(after), "%s", status);
	tracked_values(q, v);
	st = gridi_status_parse(status);
	for (i = 0; i < F_N; i++) {
		if (old != NULL && !differ(stored(old, i), v[i]))
			continue;
		if (old == NULL && i != F_STATUS && v[i] == NULL)
			continue;
		comment = NULL;
		changed = 1;
		if (i == F_STATUS && q->closed) {
			if ((closed = follow_close(im, id, status, q, name,
			    err)) < 0)
				goto fail;
			if (closed == 1) {
				snprintf(after, sizeof(after), "closed");
				st = gridi_status_parse("closed");
				logged++;
				continue;
			}
			held = closed == 2;
			if (closed == 0)
				continue;
			comment = "held: not closed here";
		} else if (i == F_STATUS) {
			held = !grid_case_status_open(status);
			if (!held)
				continue;
			comment = "held: not reopened here";
		}
		if ((i == F_DESCRIPTION || i == F_ADDRESS) && v[i] != NULL &&
		    replace_text(im, id, tracked[i], v[i], err) != 0)
			goto fail;
		if (log_change(im, id, st, q, i, v[i], comment, err) != 0)
			goto fail;
		logged++;
	}
	/* still held on a later import that changes nothing */
	if (q->closed && grid_case_status_open(after))
		held = 1;
	if (!q->closed && !grid_case_status_open(after))
		held = 1;
	json_decref(old);
	if (changed && remember(im, id, q->service_request_id, v, err) != 0)
		return -1;
	if (keep(im, q->service_request_id, id, after, held ?
	    GRID_O311_HELD : logged > 0 ? GRID_O311_UPDATED :
	    GRID_O311_UNCHANGED, logged) != 0)
		return out_of_memory(err);
	return 0;
fail:
	json_decref(old);
	return -1;
}

/* ---- one request ---- */

static int
take(struct import *im, const struct grid_o311_request *q, const char *name,
    struct grid_error *err)
{
	char id[GRID_CODE_MAX + 1], status[16], *old_copy = NULL;
	const char *old;
	int rc, dup;

	if ((dup = seen_before(im, q->service_request_id)) < 0)
		return out_of_memory(err);
	if (dup)
		return refuse(im, q, name, "service_request_id", err,
		    _("given twice in the document"));
	if (check_times(im, q, name, err) != 0)
		return -1;
	sqlite3_bind_text(im->find, 1, im->opts->system, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(im->find, 2, q->service_request_id, -1,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(im->find);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(im->find);
		return report_new(im, q, name, err);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(im->find);
		return grid_db_error(im->cs->db, rc, "reading cases", err);
	}
	snprintf(id, sizeof(id), "%s", (const char *)sqlite3_column_text(
	    im->find, 0));
	snprintf(status, sizeof(status), "%s",
	    (const char *)sqlite3_column_text(im->find, 1));
	old = (const char *)sqlite3_column_text(im->find, 2);
	if (old != NULL && (old_copy = strdup(old)) == NULL) {
		sqlite3_reset(im->find);
		return out_of_memory(err);
	}
	sqlite3_reset(im->find);
	rc = update_known(im, q, id, status, old_copy, name, err);
	free(old_copy);
	return rc;
}

/* ---- the document ---- */

static int
prepare_all(struct import *im, struct grid_error *err)
{
	struct grid_db *db = im->cs->db;

	return grid_db_prepare(db, find_sql, &im->find, err) != 0 ||
	    grid_db_prepare(db, remember_sql, &im->remember, err) != 0 ||
	    grid_db_prepare(db, "SELECT code FROM components WHERE code = ?1",
	    &im->component, err) != 0 ||
	    grid_db_prepare(db, "SELECT code FROM departments WHERE name = ?1 "
	    "OR code = ?1 ORDER BY code = ?1 DESC, code LIMIT 1", &im->dept,
	    err) != 0 ? -1 : 0;
}

static void
release(struct import *im)
{
	size_t i;

	grid_o311_reader_free(im->reader);
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->remember);
	sqlite3_finalize(im->component);
	sqlite3_finalize(im->dept);
	for (i = 0; i < im->nseen; i++)
		free(im->seen[i]);
	free(im->seen);
	for (i = 0; i < im->ndone; i++) {
		free(im->done[i].external_id);
		free(im->done[i].case_id);
		free(im->done[i].status);
	}
	free(im->done);
}

/*
 * Reads and takes every request: the count refused (each given to
 * on_error, or the first into err when on_error is NULL), or -1 with err
 * for an error that is not a refusal.
 */
static long
take_all(struct import *im, FILE *in, const char *name,
    void (*on_error)(void *, const struct grid_error *), void *ctx,
    struct grid_error *err)
{
	struct grid_o311_request q;
	struct grid_error e;
	long refused = 0;
	int rc;

	for (;;) {
		rc = grid_o311_reader_next(im->reader, &q, &e);
		if (rc == 0)
			break;
		im->index++;
		im->st.requests++;
		if (rc == 1 && take(im, &q, name, &e) == 0)
			continue;
		if (e.code != GRID_EDATA) {
			*err = e;
			return -1;
		}
		if (e.source[0] == '\0')
			grid_error_locate(&e, name, e.line, e.field[0] != '\0' ?
			    e.field : NULL);
		if (refused++ == 0)
			*err = e;
		if (on_error != NULL)
			on_error(ctx, &e);
		else
			break;
		if (grid_o311_reader_broken(im->reader))
			break;
	}
	(void)in;
	return refused;
}

static int
check_options(const struct grid_o311_import_options *opts,
    struct grid_error *err)
{
	if (opts == NULL || opts->system == NULL || opts->system[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "system",
		    "the other platform's name is needed");
	if (strlen(opts->system) > GRID_CODE_MAX)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "system",
		    "longer than %d bytes", GRID_CODE_MAX);
	if (opts->actor == NULL || opts->actor[0] == '\0')
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "actor",
		    "who imports is needed");
	if (opts->source != NULL && grid_vocab_lookup(grid_vocab_find(
	    "case_source"), opts->source) == NULL)
		return grid_error_set(err, GRID_EUSAGE, NULL, 0, "source",
		    "expected one of %s, not '%s'", grid_vocab_values(
		    grid_vocab_find("case_source")), opts->source);
	return 0;
}

/* Opens the reader on the database's coordinates.  0 or -1. */
static int
open_reader(struct import *im, FILE *in, const char *name,
    struct grid_error *err)
{
	struct grid_o311_read_options ro;
	int coords;

	if ((coords = grid_o311_coords(im->cs->db, NULL, err)) < 0)
		return -1;
	memset(&ro, 0, sizeof(ro));
	ro.max_record = im->opts->max_record;
	ro.db = im->cs->db;
	ro.coords = (enum grid_o311_coords)coords;
	ro.drop_points = 1;
	im->reader = grid_o311_reader_open(in, name, &ro, err);
	return im->reader != NULL ? 0 : -1;
}

/* Gives the kept outcomes to on_row.  0, or -1 (code 0: stopped). */
static int
give(struct import *im, grid_o311_import_fn on_row, void *ctx,
    struct grid_error *err)
{
	struct grid_o311_import_row row;
	size_t i;

	for (i = 0; on_row != NULL && i < im->ndone; i++) {
		row.index = im->done[i].index;
		row.external_id = im->done[i].external_id;
		row.case_id = im->done[i].case_id;
		row.outcome = im->done[i].outcome;
		row.status = im->done[i].status;
		row.logged = im->done[i].logged;
		if (on_row(ctx, &row) != 0)
			return grid_error_set(err, 0, NULL, 0, NULL, "stopped");
	}
	return 0;
}

int
grid_o311_import(struct grid_cases *cs, FILE *in, const char *name,
    const struct grid_o311_import_options *opts,
    void (*on_error)(void *ctx, const struct grid_error *e),
    grid_o311_import_fn on_row, void *ctx,
    struct grid_o311_import_stats *stats, struct grid_error *err)
{
	struct import im;
	long refused;
	int rc = -1, began = 0;

	memset(&im, 0, sizeof(im));
	im.cs = cs;
	im.opts = opts;
	if (name == NULL)
		name = "-";
	if (check_options(opts, err) != 0 || grid_now(&im.now, err) != 0)
		return -1;
	if (grid_db_begin(cs->db, err) != 0)
		goto out;
	began = 1;
	if (open_reader(&im, in, name, err) != 0 ||
	    prepare_all(&im, err) != 0)
		goto out;
	if ((refused = take_all(&im, in, name, on_error, ctx, err)) < 0)
		goto out;
	if (refused > 0) {
		if (on_error != NULL)
			grid_error_set(err, GRID_EDATA, name, 0, NULL,
			    "%ld of %ld requests refused; nothing written",
			    refused, im.st.requests);
		goto out;
	}
	im.st.points_dropped = grid_o311_reader_points_dropped(im.reader);
	began = 0;
	if (opts->dry_run)
		grid_db_rollback(cs->db);
	else if (grid_db_commit(cs->db, err) != 0)
		goto out;
	if (stats != NULL)
		*stats = im.st;
	rc = give(&im, on_row, ctx, err);
out:
	if (began)
		grid_db_rollback(cs->db);
	release(&im);
	return rc;
}
