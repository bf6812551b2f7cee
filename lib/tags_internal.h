/*
 * tags_internal.h - the tags a new database starts with (vocab.c's one
 * list), for the migration to schema 4 (schema.c).  Private to lib/.
 */
#ifndef GRID_TAGS_INTERNAL_H
#define GRID_TAGS_INTERNAL_H

#include <stddef.h>

struct gridi_tag_default {
	const char *code;	/* borrowed, static */
	const char *label;	/* the Chinese label shown; borrowed */
	char synonyms[256];	/* the other labels accepted, '|'-separated */
	int must_visit;		/* 1: one of the seeds' must-visit groups */
	int risk_min, risk_max;	/* the risk levels, -1 when none */
};

/* Fills out with the i-th default tag: 1, or 0 past the end. */
int gridi_tag_default(size_t i, struct gridi_tag_default *out);

#endif
