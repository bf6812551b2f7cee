/*
 * levels.c - the table of the levels of the space hierarchy (levels.h),
 * the one place that lists them.
 */
#include <string.h>

#include "grid/levels.h"
#include "internal.h"

/* From the top, each at the index of its enum value. */
static const struct grid_level_info levels[] = {
	[GRID_LEVEL_CITY] = { GRID_LEVEL_CITY, "city", "市", 6, 0,
	    NULL, NULL, NULL, NULL, NULL, NULL },
	[GRID_LEVEL_DISTRICT] = { GRID_LEVEL_DISTRICT, "district", "区", 6, 0,
	    "regions", "code", "name", "level", "district_code",
	    "district_name" },
	[GRID_LEVEL_STREET] = { GRID_LEVEL_STREET, "street", "街道", 9, 0,
	    "regions", "code", "name", "level", "street_code",
	    "street_name" },
	[GRID_LEVEL_COMMUNITY] = { GRID_LEVEL_COMMUNITY, "community", "社区",
	    12, 0, "regions", "code", "name", "level", "community_code",
	    "community_name" },
	[GRID_LEVEL_GRID] = { GRID_LEVEL_GRID, "grid", "网格", 12, 1,
	    "grids", "code", "name", NULL, "grid_code", "grid_name" },
};

_Static_assert(GRIDI_ARRAY_LEN(levels) == GRID_LEVEL_GRID + 1,
    "a row for every level");

const struct grid_level_info *
grid_level_info(enum grid_level level)
{
	if (level <= GRID_LEVEL_NONE || level > GRID_LEVEL_GRID)
		return NULL;
	return &levels[level];
}

const char *
grid_level_name(enum grid_level level)
{
	const struct grid_level_info *l = grid_level_info(level);

	return l != NULL ? l->name : NULL;
}

const char *
grid_level_label(enum grid_level level)
{
	const struct grid_level_info *l = grid_level_info(level);

	return l != NULL ? l->label : NULL;
}

enum grid_level
grid_level_parse(const char *name)
{
	size_t i;

	for (i = GRID_LEVEL_CITY; name != NULL && i < GRIDI_ARRAY_LEN(levels);
	    i++)
		if (strcmp(name, levels[i].name) == 0)
			return levels[i].level;
	return GRID_LEVEL_NONE;
}

size_t
grid_level_code_len(enum grid_level level, int seq_width)
{
	const struct grid_level_info *l = grid_level_info(level);

	if (l == NULL)
		return 0;
	return l->digits + (l->sequenced ? (size_t)seq_width : 0);
}

int
grid_level_has_units(enum grid_level level)
{
	const struct grid_level_info *l = grid_level_info(level);

	return l != NULL && l->table != NULL;
}
