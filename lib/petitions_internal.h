/*
 * petitions_internal.h - what petitions.c and stats_petitions.c share:
 * the order of the levels a petition reaches, as SQL.  Private to lib/.
 */
#ifndef GRID_PETITIONS_INTERNAL_H
#define GRID_PETITIONS_INTERNAL_H

/* The rank of a petition_level (community 1 ... national 6), as SQL. */
#define GRIDI_PETITION_RANK(x) \
	"(CASE " x " WHEN 'community' THEN 1 WHEN 'street' THEN 2 " \
	"WHEN 'district' THEN 3 WHEN 'city' THEN 4 WHEN 'province' THEN 5 " \
	"WHEN 'national' THEN 6 END)"

/* Over-level (越级): 1 or 0, NULL when a level is missing; as SQL. */
#define GRIDI_PETITION_OVER(reached, competent) \
	"(" GRIDI_PETITION_RANK(reached) " > " \
	GRIDI_PETITION_RANK(competent) ")"

#endif
