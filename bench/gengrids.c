/*
 * gengrids - writes the grid polygons of gendistrict's district, or of a
 * city of several such districts, and random points over them, for the
 * benchmark of grid-assign locate (bench/locate.sh).
 *
 *	gengrids [-g GRIDS] [-d DISTRICTS] [-w PERMILLE] [-n POINTS]
 *	    [--seed N] OUTDIR
 *
 * GRIDS (default 1,760, gendistrict's at scale 1) unit grids are shared
 * out over DISTRICTS districts (default: one per 1,760 grids, so -g 20000
 * gives 12).  Each district follows gendistrict -g (its share of the
 * grids) in its codes and cell layout: streets of 8 communities of
 * about 11 grids, one grid per cell of a square lattice of cells of
 * CELL_LON_U x CELL_LAT_U micro-degrees filled west to east, north to
 * south.  With one district the district is 320508 and every grid is the
 * cell gendistrict puts that grid's houses in, so its houses fall inside
 * their grids; further districts (synthetic codes 320551, 320552, ...;
 * no real district of Suzhou has them) are laid beside it, their lattices
 * side by side in rows.
 *
 * Each grid is a polygon of 8 to 40 vertices: four corners and 1-9 more
 * along each edge.  Neighbours share their edges vertex for vertex, so
 * the grids tile each district without gaps or overlaps.  Corners and edge
 * vertices are moved off the lattice lines by up to PERMILLE thousandths
 * of a cell (0-120; corners a quarter of that), which keeps every polygon
 * simple.  PERMILLE 0 (the default) keeps them within 0.4 micro-degree of
 * the lines half-way between gendistrict's micro-degree coordinates: the
 * edges still zigzag, but no house can fall on the wrong side of one.
 *
 * Files in OUTDIR, UTF-8, "\n" line ends, no BOM, each written to a
 * temporary name and renamed: regions.csv and grids.csv with the
 * canonical headers of grid-import(1), grids.geojson (a
 * FeatureCollection, one Feature per line, properties "code" and "name",
 * RFC 7946: longitude first, outer rings counter-clockwise, coordinates
 * with 7 decimals), and with -n points.csv ("id,x,y", POINTS points drawn
 * uniformly over the bounding box of the grids, 6 decimals like GPS
 * readings).  The same options and seed (default 1) give the same bytes.
 * Exit status: 0, 64 usage, 73 cannot create the output, 74 write error.
 *
 * Standalone: C11 and libc only; fixed-size buffers only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "gen.h"

#define EX_USAGE	64
#define EX_CANTCREAT	73
#define EX_IOERR	74

/* The district and the cell layout of gendistrict.c: keep them equal. */
#define DISTRICT_CODE	"320508"
#define DISTRICT_NAME	"姑苏区"
#define CENTRE_LON_U	120620000L	/* micro-degrees */
#define CENTRE_LAT_U	31310000L
#define CELL_LON_U	3600L		/* a grid cell, about 340 m */
#define CELL_LAT_U	3100L
#define BASE_GRIDS	1760L
#define GRIDS_PER_COMMUNITY	11
#define COMMUNITIES_PER_STREET	8
#define MAX_STREETS	99
#define MAX_COMMUNITIES_PER_STREET 199
#define MAX_GRIDS_PER_COMMUNITY	99

#define FIRST_EXTRA_DISTRICT	51	/* 3205xx of the synthetic districts */
#define MAX_DISTRICTS		48
#define MAX_GRIDS		1000000L
#define MAX_POINTS		100000000L
#define MAX_WOBBLE		120	/* permille of a cell */

/*
 * Polygon coordinates are in tenths of a micro-degree (1e-7 degree).  The
 * lattice lines lie half a micro-degree off gendistrict's cell bounds, so
 * that none of its micro-degree coordinates is on a line.
 */
#define TENTHS		10L
#define BAND_CORNER	2L	/* -w 0: corner offsets, in tenths */
#define BAND_EDGE	2L	/* -w 0: further offsets of edge vertices */
#define EDGE_MARGIN	0.2	/* edge vertices stay off the outer fifths */
#define MIN_EDGE_VERTICES	1
#define MAX_EDGE_VERTICES	9

#define PATH_SIZE	4096
#define LINE_SIZE	512
#define NAME_SIZE	64


struct options {
	long grids;
	long districts;
	long wobble;		/* permille of a cell */
	long points;
	uint64_t seed;
	const char *outdir;
};

/* One district: its code, grids and place on the city's lattice. */
struct district {
	char code[7];
	char name[NAME_SIZE];
	long index;		/* 0-based */
	long grids;
	long communities;
	long per_street;	/* communities per street */
	long streets;
	long side;		/* cells per lattice row */
};

/* The whole layout, shared by every district. */
struct city {
	long districts;
	long block_side;	/* cells per district block (largest side) */
	long block_cols;	/* district blocks per row */
	long block_rows;
	long amp_corner;	/* offsets, in tenths of a micro-degree */
	long amp_edge;
	uint64_t seed;
	long min_i, max_i, min_j, max_j;	/* lattice lines used */
};

/* A point in tenths of a micro-degree. */
struct vertex {
	long x;			/* longitude */
	long y;			/* latitude */
};



static const char *progname = "gengrids";

/* --- random numbers --- */





/* A number in [-amp, amp]. */
static long
rng_offset(struct rng *r, long amp)
{
	return rng_below(r, 2 * amp + 1) - amp;
}

/* A number in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/*
 * The generator of one lattice element (kind 'C' corner, 'H' edge along
 * a lattice row, 'V' edge along a column, at lattice line i, j): a pure
 * function of the seed, so both neighbours of an edge draw the same
 * vertices.
 */
static void
rng_element(struct rng *r, uint64_t seed, int kind, long i, long j)
{
	uint64_t key = seed;

	key = mix64(key ^ (uint64_t)kind);
	key = mix64(key ^ (uint64_t)(i + 0x40000000L));
	key = mix64(key ^ (uint64_t)(j + 0x40000000L));
	rng_seed(r, key);
}

/* --- output files --- */



#ifdef __GNUC__
#endif


/* --- codes and names --- */



/* The 12-digit code of community c (0-based) of d; buf has room for 13. */
static void
community_code(const struct district *d, long c, char *buf)
{
	char *q;

	memcpy(buf, d->code, 6);
	q = put_digits(buf + 6, c / d->per_street + 1, 3);
	q = put_digits(q, c % d->per_street + 1, 3);
	*q = '\0';
}

/* Side of the square lattice of n cells (gendistrict's lattice_side). */
static long
lattice_side(long n)
{
	long side = 1;

	while (side * side < n)
		side++;
	return side;
}

/* District k of the city: code, grids and streets as gendistrict plans. */
static int
plan_district(const struct city *city, long grids, long k,
    struct district *d)
{
	memset(d, 0, sizeof(*d));
	d->index = k;
	d->grids = grids / city->districts + (k < grids % city->districts);
	if (city->districts == 1) {
		memcpy(d->code, DISTRICT_CODE, 7);
		snprintf(d->name, sizeof(d->name), "%s", DISTRICT_NAME);
	} else {
		memcpy(d->code, "3205", 4);
		put_digits(d->code + 4, FIRST_EXTRA_DISTRICT + k, 2);
		d->code[6] = '\0';
		snprintf(d->name, sizeof(d->name), "%s区",
		    place_words[(k * 3 + 5) % NPLACE_WORDS]);
	}
	d->communities = (d->grids + GRIDS_PER_COMMUNITY - 1) /
	    GRIDS_PER_COMMUNITY;
	d->per_street = COMMUNITIES_PER_STREET;
	if (d->communities > MAX_STREETS * d->per_street)
		d->per_street = (d->communities + MAX_STREETS - 1) /
		    MAX_STREETS;
	d->streets = (d->communities + d->per_street - 1) / d->per_street;
	d->side = lattice_side(d->grids);
	if (d->per_street > MAX_COMMUNITIES_PER_STREET ||
	    d->grids > d->communities * MAX_GRIDS_PER_COMMUNITY) {
		fprintf(stderr, "%s: %ld grids do not fit in the codes of a "
		    "district\n", progname, d->grids);
		return -1;
	}
	return 0;
}

/* --- the lattice --- */

/*
 * The cell (col, row) of grid g of district d, in gendistrict's terms:
 * its houses have longitudes from CENTRE_LON_U + col * CELL_LON_U on and
 * latitudes from CENTRE_LAT_U - row * CELL_LAT_U down.
 */
static void
grid_cell(const struct city *city, const struct district *d, long g,
    long *col, long *row)
{
	long bx = d->index % city->block_cols, by = d->index / city->block_cols;

	*col = bx * city->block_side + g % d->side -
	    city->block_cols * city->block_side / 2;
	*row = by * city->block_side + g / d->side -
	    city->block_rows * city->block_side / 2;
}

/* Where lattice lines i (a column's west side) and j (a row's north) meet. */
static struct vertex
lattice_point(long i, long j)
{
	struct vertex v;

	v.x = (CENTRE_LON_U + i * CELL_LON_U) * TENTHS - TENTHS / 2;
	v.y = (CENTRE_LAT_U - j * CELL_LAT_U) * TENTHS + TENTHS / 2;
	return v;
}

/* The corner at lattice point (i, j), moved. */
static struct vertex
corner(const struct city *city, long i, long j)
{
	struct vertex v = lattice_point(i, j);
	struct rng r;

	rng_element(&r, city->seed, 'C', i, j);
	v.x += rng_offset(&r, city->amp_corner);
	v.y += rng_offset(&r, city->amp_corner);
	return v;
}

/*
 * The vertices strictly between the two corners of an edge, from the
 * first corner to the second: kind 'H' runs east from (i, j), 'V' south
 * from (i, j).  Returns how many (at most MAX_EDGE_VERTICES) are in v.
 */
static int
edge_vertices(const struct city *city, int kind, long i, long j,
    struct vertex *v)
{
	struct vertex a = corner(city, i, j);
	struct vertex b = kind == 'H' ? corner(city, i + 1, j) :
	    corner(city, i, j + 1);
	double slot, t;
	struct rng r;
	int k, n;

	rng_element(&r, city->seed, kind, i, j);
	n = MIN_EDGE_VERTICES + (int)rng_below(&r,
	    MAX_EDGE_VERTICES - MIN_EDGE_VERTICES + 1);
	slot = (1.0 - 2 * EDGE_MARGIN) / n;
	for (k = 0; k < n; k++) {
		/* one vertex per slot keeps them in order along the edge */
		t = EDGE_MARGIN + slot * (k + 0.1 + 0.8 * rng_unit(&r));
		v[k].x = a.x + (long)((double)(b.x - a.x) * t);
		v[k].y = a.y + (long)((double)(b.y - a.y) * t);
		if (kind == 'H')
			v[k].y += rng_offset(&r, city->amp_edge);
		else
			v[k].x += rng_offset(&r, city->amp_edge);
	}
	return n;
}

static void
write_vertex(struct out *o, struct vertex v, int first)
{
	out_line(o, "%s[%ld.%07ld,%ld.%07ld]", first ? "" : ",",
	    v.x / 10000000, v.x % 10000000, v.y / 10000000, v.y % 10000000);
}

/* Writes the vertices of an edge, forwards or backwards. */
static void
write_edge(struct out *o, const struct city *city, int kind, long i,
    long j, int backwards)
{
	struct vertex v[MAX_EDGE_VERTICES];
	int k, n = edge_vertices(city, kind, i, j, v);

	for (k = 0; k < n; k++)
		write_vertex(o, v[backwards ? n - 1 - k : k], 0);
}

/* The ring of cell (col, row), counter-clockwise from its south-west. */
static void
write_ring(struct out *o, const struct city *city, long col, long row)
{
	struct vertex sw = corner(city, col, row + 1);

	out_line(o, "[[");
	write_vertex(o, sw, 1);
	write_edge(o, city, 'H', col, row + 1, 0);
	write_vertex(o, corner(city, col + 1, row + 1), 0);
	write_edge(o, city, 'V', col + 1, row, 1);
	write_vertex(o, corner(city, col + 1, row), 0);
	write_edge(o, city, 'H', col, row, 1);
	write_vertex(o, corner(city, col, row), 0);
	write_edge(o, city, 'V', col, row, 0);
	write_vertex(o, sw, 0);
	out_line(o, "]]");
}

static void
note_cell(struct city *city, long col, long row)
{
	if (col < city->min_i)
		city->min_i = col;
	if (col + 1 > city->max_i)
		city->max_i = col + 1;
	if (row < city->min_j)
		city->min_j = row;
	if (row + 1 > city->max_j)
		city->max_j = row + 1;
}

/* --- the files --- */

struct outputs {
	struct out regions, grids, geojson;
	int features;		/* features written so far */
};

static void
write_district_regions(struct out *o, const struct district *d)
{
	char code[13], name[NAME_SIZE];
	long s, c;

	out_line(o, "%s,district,%s,\n", d->code, d->name);
	for (s = 0; s < d->streets; s++)
		out_line(o, "%s%03ld,street,%s街道,%s\n", d->code, s + 1,
		    place_words[(s + d->index * 5) % NPLACE_WORDS], d->code);
	for (c = 0; c < d->communities; c++) {
		community_code(d, c, code);
		community_name(c, name, sizeof(name));
		out_line(o, "%s,community,%s,%.9s\n", code, name, code);
	}
}

/* Writes district d's grids: rows of grids.csv and features. */
static void
write_district_grids(struct outputs *out, struct city *city,
    const struct district *d)
{
	char community[13], grid_code[15], name[NAME_SIZE];
	long c, k, g = 0, per, extra, col, row;
	long area = CELL_LON_U * 95 / 1000 * CELL_LAT_U * 111 / 1000;

	per = d->grids / d->communities;
	extra = d->grids % d->communities;
	for (c = 0; c < d->communities; c++) {
		community_code(d, c, community);
		community_name(c, name, sizeof(name));
		for (k = 1; k <= per + (c < extra); k++, g++) {
			memcpy(grid_code, community, 12);
			put_digits(grid_code + 12, k, 2);
			grid_code[14] = '\0';
			out_line(&out->grids, "%s,%s,%s第%ld网格,unit,%ld\n",
			    grid_code, community, name, k, area);
			grid_cell(city, d, g, &col, &row);
			note_cell(city, col, row);
			out_line(&out->geojson, "%s{\"type\":\"Feature\","
			    "\"properties\":{\"code\":\"%s\",\"name\":"
			    "\"%s第%ld网格\"},\"geometry\":{\"type\":"
			    "\"Polygon\",\"coordinates\":",
			    out->features++ ? ",\n" : "", grid_code, name, k);
			write_ring(&out->geojson, city, col, row);
			out_line(&out->geojson, "}}");
		}
	}
}

/* Points uniform over the lattice's bounding box, in micro-degrees. */
static void
write_points(struct out *o, const struct city *city, long points)
{
	struct vertex lo = lattice_point(city->min_i, city->max_j);
	struct vertex hi = lattice_point(city->max_i, city->min_j);
	long k, x, y, amp = city->amp_corner + city->amp_edge;
	struct rng r;

	lo.x = (lo.x - amp) / TENTHS;
	lo.y = (lo.y - amp) / TENTHS;
	hi.x = (hi.x + amp) / TENTHS;
	hi.y = (hi.y + amp) / TENTHS;
	rng_seed(&r, city->seed ^ 0x706f696e7473ULL);
	out_line(o, "id,x,y\n");
	for (k = 1; k <= points; k++) {
		x = lo.x + rng_below(&r, hi.x - lo.x + 1);
		y = lo.y + rng_below(&r, hi.y - lo.y + 1);
		out_line(o, "P%08ld,%ld.%06ld,%ld.%06ld\n", k, x / 1000000,
		    x % 1000000, y / 1000000, y % 1000000);
	}
}

static void
write_layout(struct outputs *out, struct city *city,
    const struct options *opt)
{
	struct district d;
	long k;

	out_line(&out->regions, "code,level,name,parent_code\n");
	out_line(&out->grids, "code,community_code,name,kind,area_m2\n");
	out_line(&out->geojson, "{\"type\":\"FeatureCollection\","
	    "\"features\":[\n");
	for (k = 0; k < city->districts; k++) {
		plan_district(city, opt->grids, k, &d);
		write_district_regions(&out->regions, &d);
		write_district_grids(out, city, &d);
	}
	out_line(&out->geojson, "\n]}\n");
}

/* 0 when every district's grids fit in the codes, else -1. */
static int
check_layout(const struct city *city, const struct options *opt)
{
	struct district d;
	long k;

	for (k = 0; k < city->districts; k++)
		if (plan_district(city, opt->grids, k, &d) != 0)
			return -1;
	return 0;
}

/* --- options --- */

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-g GRIDS] [-d DISTRICTS] [-w PERMILLE] "
	    "[-n POINTS] [--seed N] OUTDIR\n", progname);
	exit(EX_USAGE);
}

static long
parse_long(const char *opt, const char *text, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "%s: %s: not a number in %ld-%ld: '%s'\n",
		    progname, opt, min, max, text);
		exit(EX_USAGE);
	}
	return v;
}

static void
parse_options(int argc, char **argv, struct options *opt)
{
	int i;

	memset(opt, 0, sizeof(*opt));
	opt->grids = BASE_GRIDS;
	opt->seed = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage();
		else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (a[0] != '-' || a[1] == '\0')
			break;
		else if (i + 1 >= argc)
			usage();
		else if (strcmp(a, "-g") == 0)
			opt->grids = parse_long(a, argv[++i], 1, MAX_GRIDS);
		else if (strcmp(a, "-d") == 0)
			opt->districts = parse_long(a, argv[++i], 1,
			    MAX_DISTRICTS);
		else if (strcmp(a, "-w") == 0)
			opt->wobble = parse_long(a, argv[++i], 0, MAX_WOBBLE);
		else if (strcmp(a, "-n") == 0)
			opt->points = parse_long(a, argv[++i], 0, MAX_POINTS);
		else if (strcmp(a, "--seed") == 0)
			opt->seed = (uint64_t)parse_long(a, argv[++i], 0,
			    0x7fffffffL);
		else
			usage();
	}
	if (i != argc - 1)
		usage();
	opt->outdir = argv[i];
	if (opt->districts == 0)
		opt->districts = (opt->grids + BASE_GRIDS - 1) / BASE_GRIDS;
	if (opt->districts > opt->grids)
		opt->districts = opt->grids;
}

/* The blocks of the districts and the size of the vertex offsets. */
static void
plan_city(const struct options *opt, struct city *city)
{
	long cell = CELL_LAT_U < CELL_LON_U ? CELL_LAT_U : CELL_LON_U;

	memset(city, 0, sizeof(*city));
	city->districts = opt->districts;
	city->block_side = lattice_side((opt->grids + opt->districts - 1) /
	    opt->districts);
	city->block_cols = lattice_side(opt->districts);
	city->block_rows = (opt->districts + city->block_cols - 1) /
	    city->block_cols;
	city->seed = opt->seed;
	if (opt->wobble == 0) {
		city->amp_corner = BAND_CORNER;
		city->amp_edge = BAND_EDGE;
	} else {
		city->amp_edge = cell * TENTHS * opt->wobble / 1000;
		city->amp_corner = city->amp_edge / 4;
	}
	city->min_i = city->min_j = MAX_GRIDS;
	city->max_i = city->max_j = -MAX_GRIDS;
}

int
main(int argc, char **argv)
{
	struct options opt;
	struct city city;
	struct outputs out = { 0 };
	struct out points = { 0 };
	int opened, ok;

	parse_options(argc, argv, &opt);
	plan_city(&opt, &city);
	if (check_layout(&city, &opt) != 0)
		return EX_USAGE;
	if (mkdir(opt.outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", progname, opt.outdir,
		    strerror(errno));
		return EX_CANTCREAT;
	}
	opened = out_open(&out.regions, opt.outdir, "regions.csv") == 0 &&
	    out_open(&out.grids, opt.outdir, "grids.csv") == 0 &&
	    out_open(&out.geojson, opt.outdir, "grids.geojson") == 0 &&
	    (opt.points == 0 ||
	    out_open(&points, opt.outdir, "points.csv") == 0);
	ok = opened;
	if (ok) {
		write_layout(&out, &city, &opt);
		if (opt.points > 0)
			write_points(&points, &city, opt.points);
	}
	ok = out_close(&out.regions, ok) == 0 && ok;
	ok = out_close(&out.grids, ok) == 0 && ok;
	ok = out_close(&out.geojson, ok) == 0 && ok;
	ok = out_close(&points, ok) == 0 && ok;
	if (!opened)
		return EX_CANTCREAT;
	if (!ok)
		return EX_IOERR;
	return 0;
}
