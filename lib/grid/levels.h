/*
 * levels.h - the levels of the space hierarchy: city, district, street,
 * community, grid.  One table (levels.c) gives each level its name, its
 * Chinese label, the length of its codes and the table that holds its
 * units; every other list of levels in libgrid and the tools derives
 * from it (codes.h's code shapes, the statistics' units, the report's
 * places, the --by options).
 *
 * Codes nest by prefix: a grid's code begins with its community's 12
 * digits, which begin with its street's 9, which begin with its
 * district's 6; a city's code is the first 4 digits of its districts'
 * and "00".
 */
#ifndef GRID_LEVELS_H
#define GRID_LEVELS_H

#include <stddef.h>

/* Levels of the space hierarchy, from the top. */
enum grid_level {
	GRID_LEVEL_NONE = 0,
	GRID_LEVEL_CITY,	/* 6 digits ending in 00 (first 4 + "00") */
	GRID_LEVEL_DISTRICT,	/* 6 digits */
	GRID_LEVEL_STREET,	/* 9 digits */
	GRID_LEVEL_COMMUNITY,	/* 12 digits */
	GRID_LEVEL_GRID		/* 12 + sequence width (2 or 3) digits */
};

/* A level, as the table gives it.  Every string is static. */
struct grid_level_info {
	enum grid_level level;
	const char *name;	/* "community": settings, columns, --by */
	const char *label;	/* "社区": for people (report titles) */
	size_t digits;		/* of its codes; a grid's code has its */
				/* community's 12, then a sequence */
	int sequenced;		/* 1: a sequence of grid_seq_width digits */
				/* ends its codes (grids) */
	const char *table;	/* the table of its units, with their code */
				/* and name: "regions", "grids"; NULL: */
				/* none (regions holds no cities) */
	const char *code_column;	/* table's column of the codes */
	const char *name_column;	/* table's column of the names */
	const char *level_column;	/* table's column naming each row's */
				/* level (regions.level); NULL: every row */
				/* is of this level (grids) */
	const char *code_key;	/* the key of its codes in other tables */
				/* and in rows: "community_code" */
	const char *name_key;	/* and of their names: "community_name" */
};

/*
 * The table's row of level, NULL for GRID_LEVEL_NONE or a value out of
 * range.
 */
const struct grid_level_info *grid_level_info(enum grid_level level);

/* "city", "district", "street", "community", "grid"; NULL for NONE. */
const char *grid_level_name(enum grid_level level);

/* The reverse of grid_level_name; GRID_LEVEL_NONE when unknown. */
enum grid_level grid_level_parse(const char *name);

/* "市", "区", "街道", "社区", "网格"; NULL for NONE. */
const char *grid_level_label(enum grid_level level);

/*
 * The length of the codes of level: 6, 6, 9, 12, and 12 + seq_width for
 * a grid; 0 for GRID_LEVEL_NONE.
 */
size_t grid_level_code_len(enum grid_level level, int seq_width);

/*
 * 1 when a table of the database holds the units of level (district,
 * street, community, grid: the levels statistics count by), else 0.
 */
int grid_level_has_units(enum grid_level level);

#endif
