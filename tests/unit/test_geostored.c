/* test_geostored.c - polygons read back from grids.geometry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/geojson.h"
#include "tap.h"

/* Reads text both ways and compares every point. */
static void
same_as_jansson(const char *text, const char *what)
{
	struct grid_multipolygon *a = grid_geojson_stored(text, NULL), *b;
	json_t *json = json_loads(text, 0, NULL);
	size_t i, r, k;
	int same;

	b = json != NULL ? grid_geojson_geometry(json, NULL) : NULL;
	json_decref(json);
	same = a != NULL && b != NULL && a->npolygons == b->npolygons;
	for (i = 0; same && i < a->npolygons; i++) {
		same = a->polygons[i].nrings == b->polygons[i].nrings;
		for (r = 0; same && r < a->polygons[i].nrings; r++) {
			const struct grid_ring *ra = &a->polygons[i].rings[r];
			const struct grid_ring *rb = &b->polygons[i].rings[r];

			same = ra->npoints == rb->npoints;
			for (k = 0; same && k < ra->npoints; k++)
				same = ra->points[k].x == rb->points[k].x &&
				    ra->points[k].y == rb->points[k].y;
		}
	}
	ok(same, what);
	grid_multipolygon_free(a);
	grid_multipolygon_free(b);
}

int
main(void)
{
	static const char square[] = "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[120.6190171,31.3118761],[120.62,31.3118761],[120.62,31.32],"
	    "[120.6190171,31.32],[120.6190171,31.3118761]]]}";
	static const char holed[] = "{\"type\":\"MultiPolygon\",\"coordinates\":"
	    "[[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],"
	    "[2,2]]],[[[20,0],[30,0],[30,10],[20,10],[20,0]]]]}";
	static const char bowtie[] = "{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}";
	static const char spaced_bowtie[] = "{ \"coordinates\": "
	    "[[[0,0],[10,10],[10,0],[0,10],[0,0]]], \"type\": \"Polygon\" }";
	struct grid_multipolygon *mp;
	struct grid_error err;
	struct grid_buf buf = GRID_BUF_INIT;

	same_as_jansson(square, "a polygon reads as jansson reads it");
	same_as_jansson(holed, "a multipolygon with a hole reads the same");
	same_as_jansson("{\"type\":\"Polygon\",\"coordinates\":[[[1e2,-2.5E1],"
	    "[0.12345678901234567,-25],[100,0],[1e2,-2.5E1]]]}",
	    "exponents and long fractions read the same");

	mp = grid_geojson_stored(holed, &err);
	ok(mp != NULL && mp->trusted, "the stored form is trusted");
	ok(mp != NULL && grid_geojson_write(&buf, mp, NULL) == 0 &&
	    strcmp(buf.data, holed) == 0, "written back byte for byte");
	ok(mp != NULL && grid_multipolygon_locate(mp, 3, 3) ==
	    GRID_GEO_OUTSIDE && grid_multipolygon_locate(mp, 5, 5) ==
	    GRID_GEO_INSIDE && grid_multipolygon_locate(mp, 25, 5) ==
	    GRID_GEO_INSIDE, "holes and parts located");
	grid_multipolygon_free(mp);
	grid_buf_release(&buf);

	/* The compact form is trusted (boundaries validated it when it
	 * stored it); any other form is validated. */
	mp = grid_geojson_stored(bowtie, &err);
	ok(mp != NULL && mp->trusted, "compact form: not checked again");
	grid_multipolygon_free(mp);
	grid_error_clear(&err);
	mp = grid_geojson_stored(spaced_bowtie, &err);
	ok(mp == NULL && strstr(err.text, "crosses itself") != NULL,
	    "another form is validated: a bow tie refused");
	grid_multipolygon_free(mp);
	mp = grid_geojson_stored("{\"type\":\"Polygon\"", &err);
	ok(mp == NULL && err.code == GRID_EDATA, "truncated text refused");
	mp = grid_geojson_stored("{\"type\":\"Polygon\",\"coordinates\":"
	    "[[[0,0],[1,0],[0,0]]]}", &err);
	ok(mp == NULL && err.code == GRID_EDATA, "too few points refused");
	mp = grid_geojson_stored("{\"type\":\"Point\",\"coordinates\":[1,2]}",
	    &err);
	ok(mp == NULL && strstr(err.text, "Point") != NULL,
	    "a Point refused with its type named");
	return tap_done();
}
