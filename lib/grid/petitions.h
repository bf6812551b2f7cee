/*
 * petitions.h - petitions (信访, doc/domain.md section 9, grid-case(1)
 * petition): a case of source petition whose category has case_type
 * petition (E0901-E0904) goes through the usual state table; its own
 * record is its petitions row and its petitioners are case_parties rows
 * (role petitioner or representative, each a person of people).
 *
 *   action          needs                         sets
 *   petition        the case open; form the       form, people_count,
 *                   first time                    level_reached,
 *                                                 competent_level,
 *                                                 first_responder, leader;
 *                                                 petitioners added
 *   accept          details; the case open; not   accepted_at, reply_due =
 *                   accepted yet                  at + petition_reply_limit
 *   answer          accepted; the case open;      replied_at, reply
 *                   not answered yet
 *   review          answered; not reviewed yet;   reviewed_at, review
 *                   the case not voided, merged
 *   follow-through  answered; the case not        followed_through 0 or 1
 *                   voided nor merged
 *
 * Every action writes one case_log row (action as named above, the
 * case's status as from and to, a note saying what it did) in the same
 * savepoint as its change, inside the caller's transaction when one is
 * open.  Its time (at; NULL: now, grid_now) may not be in the future
 * nor before the case's last step in case_log (records, such as the
 * details of petition, a party or an attachment, aside: gridkit(7)),
 * as a step of the state table.  A group petition (集体访) has
 * people_count >= the setting group_petition_people (default 5); an
 * over-level one (越级访) reached a level above its competent level
 * (community < street < district < city < province < national).
 */
#ifndef GRID_PETITIONS_H
#define GRID_PETITIONS_H

#include <stddef.h>
#include <time.h>

#include "grid/codes.h"	/* GRID_CODE_MAX */
#include "grid/db.h"
#include "grid/error.h"
#include "grid/writer.h"

enum grid_petition_action {
	GRID_PETITION_DETAILS,		/* "petition" */
	GRID_PETITION_ACCEPT,		/* "accept" (受理) */
	GRID_PETITION_ANSWER,		/* "answer" (答复) */
	GRID_PETITION_REVIEW,		/* "review" (复查) */
	GRID_PETITION_FOLLOW_THROUGH	/* "follow-through" (落实) */
};

/* The case_log action of a, static; "" when out of range. */
const char *grid_petition_action_name(enum grid_petition_action a);

/*
 * One action.  Every pointer borrowed; NULL means not given.  Vocabulary
 * values canonical or Chinese (grid_vocab_lookup); times in any form
 * grid_time_parse accepts.
 */
struct grid_petition_step {
	enum grid_petition_action action;
	const char *case_id;		/* required */
	const char *actor;		/* required: who */
	const char *at;			/* NULL: now */
	/* petition: each NULL keeps what the row holds */
	const char *form;		/* vocabulary petition_form */
	const char *people;		/* a whole number >= 1 */
	const char *level_reached;	/* vocabulary petition_level */
	const char *competent_level;	/* vocabulary petition_level */
	const char *responder;		/* 首接责任人 */
	const char *leader;		/* 包案领导 */
	const char *const *petitioners;	/* ID numbers in people */
	size_t npetitioners;
	const char *const *representatives;	/* ID numbers in people */
	size_t nrepresentatives;
	const char *text;		/* answer: the reply, required */
	const char *result;		/* review: vocabulary petition_review */
	int followed;			/* follow-through: 1 done, 0 not */
};

/* What an action did. */
struct grid_petition_done {
	char case_id[GRID_CODE_MAX + 1];
	char action[16];
	char status[16];	/* the case's status */
	char at[32];		/* the action's time, as logged */
	char reply_due[32];	/* "" when not accepted */
	int on_time;		/* answer: 1 when at <= reply_due */
};

/*
 * Applies one action (the table above) and logs it.  Returns 0, or -1
 * with err and nothing changed: GRID_EDATA with a message naming the
 * case and the field ("case 202606150001: answer before acceptance",
 * field accepted_at; a petitioner not in people: field petitioner, the
 * number masked); GRID_EUSAGE without an actor or case; database errors
 * as grid_db_error.  out (may be NULL) receives what was done.
 */
int grid_petition_apply(struct grid_db *db,
    const struct grid_petition_step *step, struct grid_petition_done *out,
    struct grid_error *err);

/*
 * The deadline of the reply of a petition accepted at accepted, in the
 * database's time zone: the setting petition_reply_limit, "N days"
 * (calendar days: the same clock time N dates later, 信访工作条例 art.
 * 32) or a limit of grid_limit_parse on the working calendar ("15
 * work_days").  Returns 0 and *due, or -1 with err (GRID_EDATA, source
 * "settings", field petition_reply_limit, for a bad setting).
 */
int grid_petition_reply_due(struct grid_db *db, time_t accepted,
    time_t *due, struct grid_error *err);

/*
 * Checks a value for the setting petition_reply_limit: "N days" (N a
 * whole number from 1 to 3650) or what grid_limit_parse accepts.
 * Returns 0, or -1 with err (GRID_EDATA, field petition_reply_limit).
 */
int grid_petition_reply_limit_check(const char *text,
    struct grid_error *err);

/*
 * The columns of a petition's row (grid_petition_show): case_id, status,
 * category_code, form, people_count, group_petition (1/0),
 * level_reached, competent_level, over_level (1/0; NULL when a level is
 * missing), first_responder, leader, petitioners, representatives (ID
 * numbers, comma-separated, unmasked: the caller masks them),
 * accepted_at, reply_due, replied_at, on_time (1/0; NULL unanswered),
 * reply, reviewed_at, review, followed_through.  Static.
 */
const struct grid_column *grid_petition_columns(size_t *n);
#define GRID_PETITION_NCOLUMN 21
#define GRID_PETITION_COL_PETITIONERS 11
#define GRID_PETITION_COL_REPRESENTATIVES 12

/*
 * Calls on_row with case id's petition row (values borrowed during the
 * call).  Returns 1 after the row, 0 when the case has no petition row,
 * -1 with err (code 0 when on_row returned non-zero).
 */
int grid_petition_show(struct grid_db *db, const char *id,
    int (*on_row)(void *ctx, const char *const *values), void *ctx,
    struct grid_error *err);

#endif
