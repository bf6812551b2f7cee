/*
 * geo_json.c - multipolygons from GeoJSON geometries and FeatureCollections
 * (jansson, input through zlib so gzip is read transparently), and back
 * to GeoJSON text.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "grid/geojson.h"
#include "internal.h"

struct grid_geojson {
	char source[256];
	char *code_field;	/* owned; NULL: codes not wanted */
	json_t *root;		/* owned */
	json_t *features;	/* borrowed from root */
	size_t next;		/* index of the next feature */
	struct grid_feature feature;
	char code[64];		/* a numeric code as text */
};

static int
oom(struct grid_error *err)
{
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "out of memory");
}

/* Puts "prefix: " before err's text. */
static void
error_prefix(struct grid_error *err, const char *prefix)
{
	size_t plen = strlen(prefix), tlen;
	size_t room = sizeof(err->text) - 1;

	if (err == NULL || plen + 2 > room)
		return;
	tlen = strlen(err->text);
	if (tlen > room - plen - 2)
		tlen = room - plen - 2;
	memmove(err->text + plen + 2, err->text, tlen);
	memcpy(err->text, prefix, plen);
	memcpy(err->text + plen, ": ", 2);
	err->text[plen + 2 + tlen] = '\0';
}

/* ---- geometry ---- */

/* Names a ring: "outer ring", "hole 2", "polygon 3: hole 1". */
static void
ring_place(char *place, size_t n, size_t polygon, size_t ring)
{
	char prefix[40] = "";

	if (polygon > 0)
		snprintf(prefix, sizeof(prefix), "polygon %zu: ", polygon);
	if (ring == 0)
		snprintf(place, n, "%souter ring", prefix);
	else
		snprintf(place, n, "%shole %zu", prefix, ring);
}

/* Reads positions into points; 0, or -1 with err. */
static int
read_positions(const json_t *coords, struct grid_point *points,
    const char *place, struct grid_error *err)
{
	const json_t *pos, *x, *y;
	size_t i;

	json_array_foreach(coords, i, pos) {
		if (!json_is_array(pos) || json_array_size(pos) < 2)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "%s: point %zu: not a position [x, y]", place,
			    i + 1);
		x = json_array_get(pos, 0);
		y = json_array_get(pos, 1);
		if (!json_is_number(x) || !json_is_number(y))
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "%s: point %zu: %s is not a number", place, i + 1,
			    json_is_number(x) ? "y" : "x");
		points[i].x = json_number_value(x);
		points[i].y = json_number_value(y);
	}
	return 0;
}

static struct grid_ring *
parse_ring(const json_t *coords, size_t polygon, size_t ring_no,
    struct grid_error *err)
{
	struct grid_point *points;
	struct grid_ring *ring = NULL;
	char place[96];
	size_t n;

	ring_place(place, sizeof(place), polygon, ring_no);
	if (!json_is_array(coords)) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "%s: not an array of positions", place);
		return NULL;
	}
	n = json_array_size(coords);
	if ((points = calloc(n > 0 ? n : 1, sizeof(*points))) == NULL) {
		oom(err);
		return NULL;
	}
	if (read_positions(coords, points, place, err) == 0) {
		ring = grid_ring_new(points, n, err);
		if (ring == NULL && err != NULL && err->code == GRID_EDATA)
			error_prefix(err, place);
	}
	free(points);
	return ring;
}

/* Adds the polygon of coords (an array of rings) to mp. */
static int
parse_polygon(const json_t *coords, size_t polygon,
    struct grid_multipolygon *mp, struct grid_error *err)
{
	struct grid_polygon *poly;
	struct grid_ring *ring;
	const json_t *ring_coords;
	char prefix[40] = "";
	size_t r;

	if (polygon > 0)
		snprintf(prefix, sizeof(prefix), "polygon %zu: ", polygon);
	if (!json_is_array(coords) || json_array_size(coords) == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "%s%s", prefix, json_is_array(coords) ?
		    "polygon without rings" : "not an array of rings");
	if ((poly = grid_polygon_new()) == NULL)
		return oom(err);
	json_array_foreach(coords, r, ring_coords) {
		if ((ring = parse_ring(ring_coords, polygon, r, err)) == NULL ||
		    grid_polygon_take_ring(poly, ring, err) != 0) {
			grid_polygon_free(poly);
			return -1;
		}
	}
	return grid_multipolygon_take_polygon(mp, poly, err);
}

static int
parse_coordinates(const json_t *coords, int multi,
    struct grid_multipolygon *mp, struct grid_error *err)
{
	const json_t *polygon;
	size_t i;

	if (!multi)
		return parse_polygon(coords, 0, mp, err);
	if (!json_is_array(coords) || json_array_size(coords) == 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "%s", json_is_array(coords) ? "MultiPolygon without "
		    "polygons" : "coordinates: not an array of polygons");
	json_array_foreach(coords, i, polygon)
		if (parse_polygon(polygon, i + 1, mp, err) != 0)
			return -1;
	return 0;
}

struct grid_multipolygon *
grid_geojson_geometry(const json_t *geometry, struct grid_error *err)
{
	struct grid_multipolygon *mp;
	const char *type;
	int multi;

	if (!json_is_object(geometry)) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "geometry is not an object");
		return NULL;
	}
	type = json_string_value(json_object_get(geometry, "type"));
	if (type == NULL) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "geometry without type");
		return NULL;
	}
	multi = strcmp(type, "MultiPolygon") == 0;
	if (!multi && strcmp(type, "Polygon") != 0) {
		grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "geometry type '%.40s' is not supported (only Polygon and "
		    "MultiPolygon)", type);
		return NULL;
	}
	if ((mp = grid_multipolygon_new()) == NULL) {
		oom(err);
		return NULL;
	}
	if (parse_coordinates(json_object_get(geometry, "coordinates"), multi,
	    mp, err) != 0 || grid_multipolygon_validate(mp, err) != 0) {
		grid_multipolygon_free(mp);
		return NULL;
	}
	return mp;
}

/* ---- feature collections ---- */

static struct grid_geojson *
collection_new(json_t *root, const char *source, const char *code_field,
    struct grid_error *err)
{
	struct grid_geojson *gj;
	const char *type;
	json_t *features;

	type = json_string_value(json_object_get(root, "type"));
	features = json_object_get(root, "features");
	if (type == NULL || strcmp(type, "FeatureCollection") != 0 ||
	    !json_is_array(features)) {
		grid_error_set(err, GRID_EDATA, source, 0, NULL,
		    "not a GeoJSON FeatureCollection%s%.40s%s",
		    type != NULL ? " (type '" : "", type != NULL ? type : "",
		    type != NULL ? "')" : "");
		json_decref(root);
		return NULL;
	}
	if ((gj = calloc(1, sizeof(*gj))) == NULL || (code_field != NULL &&
	    (gj->code_field = strdup(code_field)) == NULL)) {
		free(gj);
		json_decref(root);
		oom(err);
		return NULL;
	}
	snprintf(gj->source, sizeof(gj->source), "%s", source);
	gj->root = root;
	gj->features = features;
	return gj;
}

static int
json_fail(const json_error_t *jerr, const char *source,
    struct grid_error *err)
{
	return grid_error_set(err, GRID_EDATA, source, jerr->line > 0 ?
	    jerr->line : 0, NULL, "invalid JSON: %s", jerr->text);
}

struct grid_geojson *
grid_geojson_parse(const char *text, size_t len, const char *source,
    const char *code_field, struct grid_error *err)
{
	json_error_t jerr;
	json_t *root;

	if (source == NULL)
		source = "";
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		json_fail(&jerr, source, err);
		return NULL;
	}
	return collection_new(root, source, code_field, err);
}

struct gz_input {
	gzFile gz;
	size_t total;
	const char *source;
	struct grid_error *err;
	int failed;		/* err is filled */
};

/*
 * The error of a failed gzread.  zlib's message starts with "<fd:N>: ",
 * which names nothing the user knows, so that part is dropped.
 */
static int
gz_fail(struct gz_input *in, int errnum, const char *msg)
{
	const char *colon = msg != NULL ? strstr(msg, ": ") : NULL;

	in->failed = 1;
	if (errnum == Z_ERRNO)
		return grid_error_set(in->err, GRID_EIO, in->source, 0, NULL,
		    "read error: %s", strerror(errno));
	if (errnum == Z_BUF_ERROR)
		return grid_error_set(in->err, GRID_EDATA, in->source, 0,
		    NULL, "truncated gzip file: the compressed data ends "
		    "early");
	if (msg != NULL && msg[0] == '<' && colon != NULL)
		msg = colon + 2;
	return grid_error_set(in->err, GRID_EDATA, in->source, 0, NULL,
	    "corrupt gzip data: %s", msg != NULL ? msg : "unknown error");
}

/* jansson's read callback: bytes read, or (size_t)-1 on error. */
static size_t
gz_read(void *buffer, size_t buflen, void *data)
{
	struct gz_input *in = data;
	const char *msg;
	int n, errnum;

	if (buflen > INT_MAX)
		buflen = INT_MAX;
	n = gzread(in->gz, buffer, (unsigned)buflen);
	msg = gzerror(in->gz, &errnum);
	if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
		gz_fail(in, errnum, msg);
		return (size_t)-1;
	}
	in->total += (size_t)n;
	if (in->total > GRID_GEOJSON_MAX) {
		in->failed = 1;
		grid_error_set(in->err, GRID_EDATA, in->source, 0, NULL,
		    "larger than %zu MiB", GRID_GEOJSON_MAX >> 20);
		return (size_t)-1;
	}
	return (size_t)n;
}

/* Opens path for reading through zlib; NULL with err. */
static gzFile
gz_open(const char *path, const char *source, struct grid_error *err)
{
	struct stat st;
	gzFile gz;
	int fd;

	fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
	if (fd < 0) {
		grid_error_set(err, errno == ENOENT || errno == ENOTDIR ?
		    GRID_ENOINPUT : GRID_EIO, source, 0, NULL,
		    "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		grid_error_set(err, GRID_ENOINPUT, source, 0, NULL,
		    "cannot read: is a directory");
		return NULL;
	}
	if ((gz = gzdopen(fd, "rb")) == NULL) {
		close(fd);
		oom(err);
	}
	return gz;
}

struct grid_geojson *
grid_geojson_load(const char *path, const char *code_field,
    struct grid_error *err)
{
	struct gz_input in = { NULL, 0, NULL, NULL, 0 };
	json_error_t jerr;
	json_t *root;

	in.source = strcmp(path, "-") == 0 ? "<stdin>" : path;
	in.err = err;
	if ((in.gz = gz_open(path, in.source, err)) == NULL)
		return NULL;
	gzbuffer(in.gz, 128 * 1024);
	root = json_load_callback(gz_read, &in, JSON_REJECT_DUPLICATES,
	    &jerr);
	gzclose(in.gz);
	if (root == NULL) {
		if (!in.failed)
			json_fail(&jerr, in.source, err);
		return NULL;
	}
	return collection_new(root, in.source, code_field, err);
}

size_t
grid_geojson_count(const struct grid_geojson *gj)
{
	return gj != NULL ? json_array_size(gj->features) : 0;
}

/* Fills err for the current feature: "features[N] (code 'C'): text". */
static void
feature_error(const struct grid_geojson *gj, struct grid_error *err,
    const char *text)
{
	char code[96] = "";

	if (gj->feature.code != NULL)
		snprintf(code, sizeof(code), " (code '%.64s')",
		    gj->feature.code);
	grid_error_set(err, GRID_EDATA, gj->source, 0, NULL,
	    "features[%zu]%s: %s", gj->feature.index, code, text);
}

/* Sets the feature's code from its properties; 0, or -1 with why. */
static int
feature_code(struct grid_geojson *gj, const json_t *props, char *why,
    size_t n)
{
	const json_t *v = json_object_get(props, gj->code_field);
	double d;

	if (json_is_string(v) && json_string_length(v) > 0) {
		gj->feature.code = json_string_value(v);
		return 0;
	}
	if (json_is_integer(v)) {
		snprintf(gj->code, sizeof(gj->code), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	} else if (json_is_real(v)) {
		d = json_real_value(v);
		snprintf(gj->code, sizeof(gj->code), d == floor(d) &&
		    fabs(d) < 1e17 ? "%.0f" : "%.17g", d);
	} else {
		if (v == NULL || json_is_null(v) || json_is_string(v))
			snprintf(why, n, "%s property '%.64s'",
			    json_is_string(v) ? "empty" : "no",
			    gj->code_field);
		else
			snprintf(why, n, "property '%.64s' is not a string "
			    "or number", gj->code_field);
		return -1;
	}
	gj->feature.code = gj->code;
	return 0;
}

int
grid_geojson_next(struct grid_geojson *gj,
    const struct grid_feature **feature, struct grid_error *err)
{
	struct grid_error e;
	const json_t *f, *geometry;
	const char *type;
	json_t *props;
	char why[128];

	grid_multipolygon_free(gj->feature.geometry);
	memset(&gj->feature, 0, sizeof(gj->feature));
	*feature = &gj->feature;
	if (gj->next >= json_array_size(gj->features))
		return 0;
	gj->feature.index = gj->next++;
	f = json_array_get(gj->features, gj->feature.index);
	props = json_object_get(f, "properties");
	gj->feature.properties = json_is_object(props) ? props : NULL;
	type = json_string_value(json_object_get(f, "type"));
	if (type == NULL || strcmp(type, "Feature") != 0) {
		feature_error(gj, err, "not a Feature object");
		return 1;
	}
	if (gj->code_field != NULL &&
	    feature_code(gj, props, why, sizeof(why)) != 0) {
		feature_error(gj, err, why);
		return 1;
	}
	geometry = json_object_get(f, "geometry");
	if (geometry == NULL || json_is_null(geometry)) {
		feature_error(gj, err, "no geometry");
		return 1;
	}
	grid_error_clear(&e);
	gj->feature.geometry = grid_geojson_geometry(geometry, &e);
	if (gj->feature.geometry != NULL)
		return 1;
	if (e.code == GRID_EINTERNAL) {
		if (err != NULL)
			*err = e;
		return -1;
	}
	feature_error(gj, err, e.text);
	return 1;
}

struct grid_multipolygon *
grid_geojson_take_geometry(struct grid_geojson *gj)
{
	struct grid_multipolygon *mp = gj->feature.geometry;

	gj->feature.geometry = NULL;
	return mp;
}

void
grid_geojson_free(struct grid_geojson *gj)
{
	if (gj == NULL)
		return;
	grid_multipolygon_free(gj->feature.geometry);
	json_decref(gj->root);
	free(gj->code_field);
	free(gj);
}

/* ---- writing ---- */

/* The fewest digits (15 to 17) that read back as v (internal.h). */
int
gridi_add_coordinate(struct grid_buf *buf, double v)
{
	char text[40];
	int digits;

	for (digits = 15; digits < 17; digits++) {
		snprintf(text, sizeof(text), "%.*g", digits, v);
		if (strtod(text, NULL) == v)
			break;
	}
	if (digits == 17)
		snprintf(text, sizeof(text), "%.17g", v);
	return grid_buf_adds(buf, text);
}

static int
add_ring(struct grid_buf *buf, const struct grid_ring *ring)
{
	size_t i;

	for (i = 0; i < ring->npoints; i++)
		if (grid_buf_adds(buf, i > 0 ? ",[" : "[[") != 0 ||
		    gridi_add_coordinate(buf, ring->points[i].x) != 0 ||
		    grid_buf_addc(buf, ',') != 0 ||
		    gridi_add_coordinate(buf, ring->points[i].y) != 0 ||
		    grid_buf_addc(buf, ']') != 0)
			return -1;
	return grid_buf_addc(buf, ']');
}

static int
add_polygon(struct grid_buf *buf, const struct grid_polygon *poly)
{
	size_t r;

	if (grid_buf_addc(buf, '[') != 0)
		return -1;
	for (r = 0; r < poly->nrings; r++)
		if ((r > 0 && grid_buf_addc(buf, ',') != 0) ||
		    add_ring(buf, &poly->rings[r]) != 0)
			return -1;
	return grid_buf_addc(buf, ']');
}

static int
add_multipolygon(struct grid_buf *buf, const struct grid_multipolygon *mp)
{
	int multi = mp->npolygons != 1;
	size_t i;

	if (grid_buf_adds(buf, multi ? "{\"type\":\"MultiPolygon\","
	    "\"coordinates\":[" : "{\"type\":\"Polygon\",\"coordinates\":") !=
	    0)
		return -1;
	for (i = 0; i < mp->npolygons; i++)
		if ((i > 0 && grid_buf_addc(buf, ',') != 0) ||
		    add_polygon(buf, &mp->polygons[i]) != 0)
			return -1;
	return grid_buf_adds(buf, multi ? "]}" : "}");
}

int
grid_geojson_write(struct grid_buf *buf, const struct grid_multipolygon *mp,
    struct grid_error *err)
{
	size_t mark;

	if (buf == NULL || mp == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "no buffer or no geometry");
	mark = buf->len;
	if (add_multipolygon(buf, mp) == 0)
		return 0;
	buf->len = mark;
	if (buf->data != NULL)
		buf->data[mark] = '\0';
	return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
	    "geometry too large: out of memory or over %zu bytes",
	    buf->max != 0 ? buf->max : GRID_BUF_DEFAULT_MAX);
}
