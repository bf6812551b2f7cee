/*
 * open311.h - cases as Open311 GeoReport v2 service requests
 * (wiki.open311.org/GeoReport_v2), the categories as its service list,
 * and service requests from another platform read back, in JSON: one
 * array (as GET requests.json answers) or one object per line (NDJSON).
 *
 * A case is a service request:
 *   service_request_id  the case id (a string)
 *   status              "open" for an open status (reported,
 *                       registered, dispatched, returned, parked,
 *                       handled, verified); "closed" for closed,
 *                       voided and merged (grid_case_status_open)
 *   status_notes        the note of the step that set the status, or
 *                       of a later reply (答复) (case_feed.h)
 *   service_name        the category's name; service_code its code
 *   description         the case's description
 *   agency_responsible  the name of the department it was dispatched
 *                       to (none before a dispatch)
 *   service_notice      its category's time limit, in words
 *   requested_datetime  reported_at
 *   updated_datetime    the last change (for a closed request the
 *                       step that closed it)
 *   expected_datetime   the deadline
 *   address             the address; address_id the component's code
 *                       (a component case's place), zipcode none
 *   lat, long           the point, only in WGS84 degrees (below)
 *   media_url           the case's first attachment that has an address
 *                       (case_feed.h): an http(s) uri as it is, or a
 *                       kept file as media_base_url/CASE_ID/SHA256
 *   extended_attributes only for a case taken from another platform
 *                       (grid/open311_import.h): {"external_id": its
 *                       id there, "external_source": that platform}.
 *                       service_request_id stays ours: it is the id we
 *                       answer GET request/ID by; GeoReport v2 has no
 *                       field for another system's id, service_notice
 *                       is a notice for the public, and
 *                       extended_attributes is where its extensions
 *                       put what the base fields lack (readers that do
 *                       not know it ignore it).
 * Times are ISO 8601 with the offset of the database's zone, as the
 * specification's examples write them (2010-04-14T06:37:38-08:00).  An
 * absent value is JSON null, as in the specification's examples.
 *
 * Coordinates.  libgrid stores plain x and y in the system of the
 * grids' polygons and knows no datum: a point within +-180 and +-90 is
 * read as longitude and latitude in degrees, anything else as metres of
 * a projected system (grid_case_similar, grid-case(1)).  GeoReport v2
 * wants WGS84 latitude and longitude.  grid_o311_coords says, for a
 * database, whether its x and y are that; when they are not, lat and
 * long are left out of every request (no projection is guessed) and
 * the writer counts them (struct grid_o311_writer_stats), and a request
 * read with lat and long is refused (or, with drop_points, keeps its
 * address without the point), since WGS84 cannot be turned into their
 * system exactly.
 */
#ifndef GRID_OPEN311_H
#define GRID_OPEN311_H

#include <stddef.h>
#include <stdio.h>

#include "grid/case_feed.h"
#include "grid/db.h"
#include "grid/error.h"

/* What a database's x and y are, for GeoReport's lat and long. */
enum grid_o311_coords {
	/*
	 * Degrees, taken as WGS84: the setting coordinate_system is
	 * wgs84, epsg:4326, cgcs2000 or epsg:4490 (CGCS2000 and WGS84
	 * agree within centimetres); or, without the setting (or with
	 * "auto" or ""), no grid, case, house, organisation or
	 * component lies outside +-180 and +-90.
	 */
	GRID_O311_WGS84 = 0,
	/*
	 * Anything else: the setting names another system (gcj02, bd09,
	 * a Gauss-Krüger zone, ...), or a point lies outside the bounds
	 * of degrees (projected metres).  No lat or long goes out or in.
	 */
	GRID_O311_OTHER
};

/*
 * The database's coordinates (above).  Returns the kind, or -1 with err
 * for a database error.  *why (may be NULL) receives a static English
 * phrase saying how it was decided, for a note.
 */
int grid_o311_coords(struct grid_db *db, const char **why,
    struct grid_error *err);

/*
 * Checks a value of the setting coordinate_system: auto (or ""), a name
 * of WGS84 degrees (wgs84, epsg:4326, cgcs2000, epsg:4490), or another
 * system: gcj02, bd09, or epsg:N (a projected system).  Case does not
 * matter.  Returns 0, or -1 with err (GRID_EUSAGE, field
 * coordinate_system).
 */
int grid_o311_coordinate_system_check(const char *value,
    struct grid_error *err);

#define GRID_O311_TIME_SIZE 32

/*
 * A service request.  Texts are NULL when absent; times "" when absent,
 * else ISO 8601 with an offset in the local zone (grid/tz.h).
 */
struct grid_o311_request {
	const char *service_request_id;	/* ours: the case id; read: */
					/* the other platform's id, */
					/* the case's external id */
	int closed;			/* status: 0 open, 1 closed */
	const char *status_notes;
	const char *service_name;
	const char *service_code;	/* a category code */
	const char *description;
	const char *agency_responsible;
	const char *service_notice;
	char requested_datetime[GRID_O311_TIME_SIZE];
	char updated_datetime[GRID_O311_TIME_SIZE];
	char expected_datetime[GRID_O311_TIME_SIZE];
	const char *address;
	const char *address_id;
	const char *zipcode;
	int has_point;			/* 1: lat and long are given */
	double lat, lon;		/* WGS84 degrees */
	const char *media_url;
	const char *external_id;	/* written as extended_attributes */
	const char *external_source;	/* when external_id is not NULL */
};

/*
 * Makes the service request of a case (a feed row, grid/case_feed.h).
 * The texts of out are borrowed from row and valid as long as it is;
 * service_notice from notice (size n >= 128).  coords is
 * grid_o311_coords's answer: with GRID_O311_OTHER, or a point outside
 * the bounds of degrees, has_point is 0.  Returns 0, or -1 with err
 * (GRID_EDATA, field the case's column) for a stored time that does not
 * read, naming the case.
 */
int grid_o311_request_from_case(const struct grid_case_feed_row *row,
    enum grid_o311_coords coords, struct grid_o311_request *out,
    char *notice, size_t n, struct grid_error *err);

/* A service type of GET services. */
struct grid_o311_service {
	const char *service_code;	/* categories.code */
	const char *service_name;	/* categories.name */
	const char *description;	/* its department and time limit */
	int metadata;			/* 0: no service definition */
	const char *type;		/* "realtime": the id comes at once */
	const char *keywords;		/* comma-separated: kind (部件 or */
					/* 事件), major and minor class */
	const char *group;		/* kind and major class: "event:01" */
};
typedef int (*grid_o311_service_fn)(void *ctx,
    const struct grid_o311_service *service);

/*
 * Calls on_service for every category, by code.  Texts borrowed during
 * the callback.  Returns 0, or -1 with err (code 0: on_service stopped
 * it).
 */
int grid_o311_services(struct grid_db *db, grid_o311_service_fn on_service,
    void *ctx, struct grid_error *err);

/* ---- writing ---- */

enum grid_o311_form {
	GRID_O311_ARRAY = 0,	/* one JSON array, an object per line */
	GRID_O311_NDJSON	/* one object per line, nothing around */
};

/* What a writer has written. */
struct grid_o311_writer_stats {
	long written;		/* objects */
	long points_left_out;	/* requests of a case with a point that */
				/* went out without lat and long */
};

struct grid_o311_writer;

/*
 * A writer of service requests or services to out (borrowed; the caller
 * closes it).  Returns a new writer, or NULL when memory runs out.
 */
struct grid_o311_writer *grid_o311_writer_new(FILE *out,
    enum grid_o311_form form);

/*
 * Writes one service request: every field of the specification, null
 * when absent; lat and long only when has_point.  Returns 0, or -1 with
 * err: GRID_EDATA for a text that is not UTF-8 (nothing written),
 * GRID_EIO when out fails.
 */
int grid_o311_write_request(struct grid_o311_writer *w,
    const struct grid_o311_request *r, struct grid_error *err);

/*
 * Counts a request written without its point (the caller's
 * grid_o311_request_from_case left it out): stats.points_left_out.
 */
void grid_o311_writer_point_left_out(struct grid_o311_writer *w);

/* Writes one service of the service list.  0, or -1 as above. */
int grid_o311_write_service(struct grid_o311_writer *w,
    const struct grid_o311_service *s, struct grid_error *err);

/*
 * Ends the output (the array's "]"; "[]" when nothing was written) and
 * flushes out.  Returns 0, or -1 with err (GRID_EIO).
 */
int grid_o311_writer_finish(struct grid_o311_writer *w,
    struct grid_error *err);

/* What was written so far, borrowed. */
const struct grid_o311_writer_stats *
grid_o311_writer_stats(const struct grid_o311_writer *w);

/* Frees the writer (NULL allowed); out stays open. */
void grid_o311_writer_free(struct grid_o311_writer *w);

/* ---- reading ---- */

struct grid_o311_read_options {
	size_t max_record;	/* bytes of one request; 0: */
				/* GRID_RECORD_MAX_DEFAULT (grid/reader.h) */
	struct grid_db *db;	/* when not NULL: service_code must be in */
				/* its categories */
	enum grid_o311_coords coords;	/* the database's (or WGS84) */
	int drop_points;	/* GRID_O311_OTHER: drop lat and long */
				/* instead of refusing the request */
};

struct grid_o311_reader;

/*
 * Reads service requests from in (borrowed), a JSON array or NDJSON
 * (told apart by the first character that is not a blank: '[' or '{');
 * name is for messages.  opts may be NULL.  Returns a new reader, or
 * NULL with err (GRID_EDATA for a stream that is neither).
 */
struct grid_o311_reader *grid_o311_reader_open(FILE *in, const char *name,
    const struct grid_o311_read_options *opts, struct grid_error *err);

/*
 * Reads the next request into *req, its texts borrowed from the reader
 * until the next call.  Checks it as a POST or a GET answer of the
 * specification wants it: a service_request_id (string or number, at
 * most GRID_CODE_MAX bytes), status open or closed, a service_code (in
 * the categories with opts->db), requested_datetime, and any other time,
 * as ISO 8601 with Z or an offset; lat and long both numbers in range,
 * or an address or address_id; a description of at most 4,000
 * characters; every field of the specification a string or a number as
 * it allows, null meaning absent.  Keys it does not name are ignored.
 * Returns 1 (a request), 0 (the end), or -1 with err: GRID_EDATA with
 * source name, line the line the request starts on, field the field,
 * and a text naming the request ("request 3 'SR-1003': ..."); then the
 * next call goes on with the next request, unless
 * grid_o311_reader_broken says it cannot (bad JSON inside an array, a
 * request past max_record, a read error: GRID_EIO).
 */
int grid_o311_reader_next(struct grid_o311_reader *r,
    struct grid_o311_request *req, struct grid_error *err);

/* 1 when no further request can be read after an error, else 0. */
int grid_o311_reader_broken(const struct grid_o311_reader *r);

/* The line the last request read starts on (0 before the first). */
long grid_o311_reader_line(const struct grid_o311_reader *r);

/* Points dropped so far (drop_points). */
long grid_o311_reader_points_dropped(const struct grid_o311_reader *r);

/* Frees the reader (NULL allowed); in stays open. */
void grid_o311_reader_free(struct grid_o311_reader *r);

#endif
