/*
 * test_map.c - unit tests of the map module (lib/map.c): the grids'
 * polygons loaded, a grid's geometry as stored, a community's and a
 * city's outline (the union of their grids: its area, every grid's
 * points inside, rings turning the RFC 7946 way, two parts when the
 * grids are apart), GeoJSON features and points read back with jansson,
 * the coordinate system, and the SVG map: one path per unit with a
 * polygon, the units without one listed, classes and legend.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "grid/db.h"
#include "grid/error.h"
#include "grid/geojson.h"
#include "grid/map.h"

#include "tap.h"

static char dir[] = "/tmp/test_map.XXXXXX";

#include "testfs.h"
#include "testdb.h"

#define SQ(x0, y0, x1, y1) \
	"{\"type\":\"Polygon\",\"coordinates\":[[[" #x0 "," #y0 "],[" #x1 \
	"," #y0 "],[" #x1 "," #y1 "],[" #x0 "," #y1 "],[" #x0 "," #y0 "]]]}"

/*
 * Community ...01: four unit squares (0-2 x 0-2), the first with a hole;
 * community ...02: two squares apart (5-6 and 8-9); grid ...0203 has no
 * polygon.
 */
static const char fixture_sql[] =
    "INSERT INTO grids (code, community_code, name, geometry) VALUES "
    "('32050801801401', '320508018014', 'A1', "
    "'{\"type\":\"Polygon\",\"coordinates\":[[[120,31],[121,31],[121,32],"
    "[120,32],[120,31]],[[120.2,31.2],[120.2,31.4],[120.4,31.4],"
    "[120.4,31.2],[120.2,31.2]]]}'),"
    "('32050801801402', '320508018014', 'A2', '" SQ(121, 31, 122, 32) "'),"
    "('32050801801403', '320508018014', 'A3', '" SQ(120, 32, 121, 33) "'),"
    "('32050801801404', '320508018014', 'A4', '" SQ(121, 32, 122, 33) "'),"
    "('32050801801501', '320508018015', 'B1', '" SQ(125, 31, 126, 32) "'),"
    "('32050801801502', '320508018015', 'B2', '" SQ(128, 31, 129, 32) "'),"
    "('32050801801503', '320508018015', 'B3', NULL);";

static json_t *
parse(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);

	if (j == NULL)
		printf("# not JSON: %s: %.200s\n", je.text, text);
	return j;
}

static int
all_inside(const struct grid_multipolygon *mp, double x0, double y0,
    double x1, double y1)
{
	double x, y;

	for (x = x0 + 0.1; x < x1; x += 0.25)
		for (y = y0 + 0.1; y < y1; y += 0.25)
			if (grid_multipolygon_locate(mp, x, y) ==
			    GRID_GEO_OUTSIDE && !(x > 120.2 && x < 120.4 &&
			    y > 31.2 && y < 31.4))
				return 0;
	return 1;
}

static void
test_geometry(struct grid_map *map)
{
	struct grid_buf buf = GRID_BUF_INIT;
	struct grid_multipolygon *mp;
	struct grid_error e;
	json_t *j, *geom;

	is_int(grid_map_count(map), 6, "the six grids with a polygon");
	is_int(grid_map_degrees(map, NULL), 1, "in degrees (auto)");

	is_int(grid_map_geometry(map, "32050801801402", &buf, &e), 1,
	    "a grid has a geometry");
	is_str(buf.data, sql_one("SELECT geometry FROM grids WHERE code = "
	    "'32050801801402'"), "a grid's geometry is the stored text");
	grid_buf_reset(&buf);
	is_int(grid_map_geometry(map, "32050801801503", &buf, &e), 0,
	    "a grid without a polygon: none");
	is_int(grid_map_geometry(map, "320508018016", &buf, &e), 0,
	    "a community without grids: none");
	ok(buf.len == 0, "nothing appended for none");

	/* community 01: one polygon, area 4 less the hole */
	is_int(grid_map_geometry(map, "320508018014", &buf, &e), 1,
	    "a community has a geometry");
	j = parse(buf.data);
	is_str(json_string_value(json_object_get(j, "type")), "MultiPolygon",
	    "a community's outline is a MultiPolygon");
	mp = j != NULL ? grid_geojson_geometry(j, &e) : NULL;
	ok(mp != NULL, "the outline is a valid geometry");
	if (mp != NULL) {
		is_int(mp->npolygons, 1, "four squares side by side: one part");
		ok(fabs(grid_multipolygon_area(mp) - (4 - 0.04)) < 1e-9,
		    "its area is the grids' (the hole kept)");
		is_int(mp->polygons[0].nrings, 2, "the hole is a hole of it");
		ok(mp->polygons[0].rings[0].area > 0,
		    "outer ring counter-clockwise (RFC 7946)");
		ok(mp->polygons[0].rings[1].area < 0, "hole clockwise");
		ok(all_inside(mp, 120, 31, 122, 33),
		    "every grid's points lie in the outline");
		ok(grid_multipolygon_locate(mp, 122.5, 31.5) ==
		    GRID_GEO_OUTSIDE, "a point beside it is outside");
	}
	grid_multipolygon_free(mp);
	json_decref(j);

	/* community 02: two parts */
	grid_buf_reset(&buf);
	is_int(grid_map_geometry(map, "320508018015", &buf, &e), 1,
	    "community apart");
	j = parse(buf.data);
	geom = json_object_get(j, "coordinates");
	is_int(json_array_size(geom), 2, "two squares apart: two polygons");
	json_decref(j);

	/* the district and the city: every grid */
	mp = grid_map_outline(map, "320508", &e);
	ok(mp != NULL && mp->npolygons == 3, "the district: three parts");
	ok(mp != NULL && fabs(grid_multipolygon_area(mp) - 5.96) < 1e-9,
	    "the district's area is its grids'");
	grid_multipolygon_free(mp);
	mp = grid_map_outline(map, "320500", &e);
	ok(mp != NULL && mp->npolygons == 3,
	    "the city 320500 holds the grids of 3205");
	grid_multipolygon_free(mp);
	mp = grid_map_outline(map, "110101", &e);
	ok(mp == NULL && e.code == 0, "another district: none, no error");
	grid_buf_release(&buf);
}

static void
test_features(void)
{
	static const struct grid_column cols[] = {
		{ .name = "unit", .type = GRID_COL_TEXT },
		{ .name = "people", .type = GRID_COL_INT },
		{ .name = "share", .type = GRID_COL_REAL },
		{ .name = "code", .type = GRID_COL_TEXT },
		{ .name = "note", .type = GRID_COL_INT },
	};
	const char *vals[] = { "320508018014", "42", "12.50", "007", "n/a" };
	const char *nulls[] = { NULL, NULL, NULL, NULL, NULL };
	struct grid_buf buf = GRID_BUF_INIT;
	struct grid_error e;
	json_t *j, *p;

	ok(grid_geojson_point(&buf, 120.61, 31.3, &e) == 0, "a point");
	is_str(buf.data, "{\"type\":\"Point\",\"coordinates\":[120.61,31.3]}",
	    "the point in lon, lat order, shortest digits");
	ok(grid_geojson_point(&buf, NAN, 1, &e) == -1 && e.code == GRID_EDATA,
	    "a point that is not finite is refused");
	grid_buf_reset(&buf);
	ok(grid_geojson_feature(&buf, "{\"type\":\"Point\",\"coordinates\":"
	    "[1,2]}", cols, vals, 5, &e) == 0, "a feature");
	j = parse(buf.data);
	p = json_object_get(j, "properties");
	is_str(json_string_value(json_object_get(j, "type")), "Feature",
	    "its type");
	ok(json_is_integer(json_object_get(p, "people")) &&
	    json_integer_value(json_object_get(p, "people")) == 42,
	    "an integer column is a number");
	ok(json_is_real(json_object_get(p, "share")) &&
	    json_real_value(json_object_get(p, "share")) == 12.5,
	    "a real column is a number");
	is_str(json_string_value(json_object_get(p, "code")), "007",
	    "a text column stays text (leading zeros)");
	is_str(json_string_value(json_object_get(p, "note")), "n/a",
	    "a number column's text that is no number: a string");
	json_decref(j);
	grid_buf_reset(&buf);
	ok(grid_geojson_feature(&buf, NULL, cols, nulls, 5, &e) == 0,
	    "a feature without a place");
	j = parse(buf.data);
	ok(json_is_null(json_object_get(j, "geometry")), "geometry null");
	ok(json_is_null(json_object_get(json_object_get(j, "properties"),
	    "people")), "a missing value is null");
	json_decref(j);
	grid_buf_release(&buf);
}

static size_t
count(const char *text, const char *what)
{
	size_t n = 0;

	for (; (text = strstr(text, what)) != NULL; text++)
		n++;
	return n;
}

static void
test_svg(struct grid_map *map)
{
	const struct grid_map_unit units[] = {
		{ "32050801801401", "A1", "10" },
		{ "32050801801402", "A2", "20" },
		{ "32050801801403", "A3", "30" },
		{ "32050801801404", "A4", "40" },
		{ "32050801801501", "B1", "50" },
		{ "32050801801502", "B2", NULL },
		{ "32050801801503", "B3 & co", "70" },
	};
	const struct grid_map_unit grades[] = {
		{ "320508018014", "察院场", "A" },
		{ "320508018015", "B 社区", "C" },
		{ "320508018016", "无网格社区", "B" },
	};
	struct grid_map_style style = { .title = "score <1>" };
	struct grid_buf svg = GRID_BUF_INIT, missing = GRID_BUF_INIT;
	struct grid_error e;
	long n;

	n = grid_map_svg(map, units, 7, &style, &svg, &missing, &e);
	is_int(n, 6, "six units drawn");
	is_int(count(svg.data, "<path class=\"unit\""), 6,
	    "one path per unit with a polygon");
	ok(strncmp(svg.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	    39) == 0 && strstr(svg.data, "</svg>") != NULL, "an svg element");
	is_str(missing.data, "B3 & co (32050801801503)",
	    "the unit without a polygon is listed (as text, for a "
	    "paragraph)");
	ok(strstr(svg.data, "score &lt;1&gt;") != NULL,
	    "the legend's title, escaped");
	ok(strstr(svg.data, "class=\"legend\"") != NULL, "a legend");
	ok(strstr(svg.data, "无数据 no value") != NULL,
	    "the legend says what a hatched unit is");
	ok(strstr(svg.data, "data-code=\"32050801801502\" "
	    "fill=\"url(#") != NULL, "a unit without a value is hatched");
	ok(strstr(svg.data, "10 – 20") != NULL &&
	    strstr(svg.data, "&gt; 40 – 50") != NULL,
	    "class bounds in the legend");
	ok(strstr(svg.data, "data-code=\"32050801801401\" fill=\"#eff3ff\"") !=
	    NULL && strstr(svg.data, "data-code=\"32050801801501\" "
	    "fill=\"#084594\"") != NULL, "the lowest lightest, the highest "
	    "darkest");
	ok(count(svg.data, "Z") >= 7, "A1's hole drawn as a ring of its own");

	grid_buf_reset(&svg);
	grid_buf_reset(&missing);
	style.categorical = 1;
	n = grid_map_svg(map, grades, 3, &style, &svg, &missing, &e);
	is_int(n, 2, "two communities drawn");
	is_str(missing.data, "无网格社区 (320508018016)",
	    "the community without grids listed");
	ok(strstr(svg.data, "data-code=\"320508018014\" fill=\"#084594\"") !=
	    NULL, "grade A darkest");
	ok(strstr(svg.data, ">A</text>") != NULL &&
	    strstr(svg.data, ">C</text>") != NULL, "the grades in the legend");
	grid_buf_release(&svg);
	grid_buf_release(&missing);
}

int
main(void)
{
	struct grid_map *map;
	struct grid_error e;

	test_begin(NULL);
	db_create(fixture_sql);
	map = grid_map_load(db, NULL, &e);
	ok(map != NULL, "the map loads");
	if (map == NULL)
		die("grid_map_load", e.text);
	test_geometry(map);
	test_svg(map);
	grid_map_free(map);

	map = grid_map_load(db, "320508018015", &e);
	ok(map != NULL && grid_map_count(map) == 2,
	    "loaded within a community: its grids only");
	grid_map_free(map);

	sql("UPDATE settings SET value = 'epsg:4547' "
	    "WHERE key = 'coordinate_system'");
	map = grid_map_load(db, NULL, &e);
	ok(map != NULL && grid_map_degrees(map, NULL) == 0,
	    "coordinate_system epsg:4547: not degrees");
	grid_map_free(map);

	sql("UPDATE grids SET geometry = '{\"type\":\"Point\"}' "
	    "WHERE code = '32050801801401'");
	map = grid_map_load(db, NULL, &e);
	ok(map == NULL && e.code == GRID_EDATA &&
	    strstr(e.text, "32050801801401") != NULL,
	    "a stored polygon that cannot be read: refused, the grid named");
	grid_map_free(map);

	test_features();
	db_remove();
	remove_dir();
	return tap_done();
}
