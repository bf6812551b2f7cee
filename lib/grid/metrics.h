/*
 * metrics.h - the monthly assessment (doc/domain.md section 4,
 * grid-report(1)): counts per unit from cases and case_log, the rates built on them, the
 * composite scores, grades, ranks and the change against another month,
 * and the merging of rows of the same unit.  Units: unit grid, community,
 * street, district (prefixes of 14, 12, 9, 6 characters of
 * cases.grid_code), department (cases.dept_code), worker (cases.reporter
 * when it is an id of table workers: the person who found the case, which
 * the report step and imports both fill, not the case_log actor of the
 * report, who may be a dispatcher typing a hotline call).
 *
 * The month M is [local midnight of its 1st, local midnight of the next
 * 1st), local zone (TZ).  Times are compared as instants.  Figures are
 * those of the cases as they are now (a case extended later moves its
 * deadline in every report).  For each case:
 *   reported        reported_at in M
 *   registered      registered_at in M (立案)
 *   voided          status voided and voided in M (the log's void step,
 *                   else reported_at)
 *   dispatched      dispatched_at in M (the last dispatch)
 *   returned        a "return" step logged in M (回退)
 *   handled         handled_at in M; handled_on_time: and handled_at <=
 *                   deadline
 *   due_to_close    (应结案) not voided, merged nor parked, with a
 *                   deadline, and: the deadline falls in M, or closed_at
 *                   falls in M and the deadline is before M.  A deadline
 *                   on the 1st at 00:00 is in M; the last day at 23:59:59
 *                   too; the next 1st at 00:00 is not.
 *   closed          due_to_close and closed_at before the end of M;
 *                   closed_on_time: and closed_at <= deadline
 *   handled_due     due_to_close and handled_at before the end of M;
 *                   handled_due_on_time: and handled_at <= deadline
 *   reworked        handled and rework_count > 0
 *   public_verified registered, source hotline or public_app (a problem
 *                   the public had to report: 监督举报)
 *   overdue_open    at the end of M: reported before it, a deadline
 *                   before it, not closed before it, not voided, merged
 *                   nor parked (挂账 is kept out of overdue counts)
 *   escalated       an "escalate" step logged in M
 *   rated           closed_at in M and rated; satisfied: rated A or B
 *   filed           reported and registered (有效上报)
 *   closed_<level>  closed, and at that level when closed
 * The case desk (from case_log as well; limits from the settings, counted
 * on the working calendar, grid_calendar_add):
 *   dispatch_due    (应派遣) registered, not voided nor merged unless it
 *                   was dispatched, and: its dispatch limit (registered_at
 *                   + dispatch_limit) falls in M, or its first dispatch
 *                   is in M and the limit was before M
 *   dispatched_on_time  dispatch_due and first dispatch <= the limit
 *   dispatches      dispatch steps logged in M (a case without any in
 *                   the log, as imported: its dispatched_at, and one
 *                   returned dispatch per return step in M)
 *   accurate_dispatches  those not followed by a "return" step before
 *                   the case's next dispatch
 *   acked           dispatches in M with an "ack" step after them (and
 *                   before the next dispatch); acked_on_time: the ack
 *                   at most ack_limit after the dispatch
 *   reply_due       (应答复) not voided nor merged, with a reply_due, and:
 *                   reply_due falls in M, or its first "reply" step is in
 *                   M and reply_due was before M
 *   replied         reply_due and first reply before the end of M;
 *                   replied_on_time: and first reply <= reply_due
 * Counted for worker rows only (0 elsewhere), a worker's grids being
 * those of worker_grids as it is now:
 *   grid_registered registered in M in one of the worker's grids
 *   missed          (漏报) of those, not reported by a worker of that grid
 *                   (cases.reporter none of its workers)
 *   check_due       (应核实) reported in M in one of the worker's grids,
 *                   from a source other than "worker", not merged
 *   checked_on_time registered or voided at most check_limit after the
 *                   report (the register or void step ends the check)
 *   verified        (核查) "verify" steps logged in M with the worker's
 *                   worker_id; verified_on_time: at most verify_limit
 *                   after the handle step before it (the case's last
 *                   "handle" step before it, else handled_at when not
 *                   after it)
 * Rates (percent, rounded half up to two decimals, NAN when the
 * denominator is 0): closure = closed / due_to_close; on_time_closure =
 * closed_on_time / due_to_close; rework = reworked / handled;
 * satisfaction = satisfied / rated; public_verified = public_verified /
 * registered; handling = handled_due / due_to_close; on_time_handling =
 * handled_due_on_time / due_to_close; valid_report = filed / reported;
 * on_time_dispatch = dispatched_on_time / dispatch_due;
 * dispatch_accuracy = accurate_dispatches / dispatches (dispatches less
 * those returned, over dispatches); on_time_ack = acked_on_time /
 * dispatches; reply = replied / reply_due; on_time_reply =
 * replied_on_time / reply_due; worker rows: missed_report = missed /
 * grid_registered; on_time_check = checked_on_time / check_due;
 * on_time_verify = verified_on_time / verified.
 * Handling hours: working hours (the calendar) from dispatched_at to
 * handled_at of the cases handled in M; mean and median.
 *
 * Scores, each indicator 0-100, weights from settings:
 *   region (weights_region): public_verified 100 - rate; registered: the
 *     立案数 score of each unit grid (0 -> 100, 1-2 -> 90, 3-4 -> 75,
 *     5-6 -> 60, 7-8 -> 40, 9 or more -> 0), averaged over the unit
 *     grids of the unit (table grids, kind unit, plus grid codes of the
 *     month's registered cases), so a community is the mean of its grids'
 *     scores and summing (score sum, grids) merges exactly; closure;
 *     on_time_closure.
 *   dept (weights_dept): on_time_handling; handling; rework 100 - rate;
 *     satisfaction.
 *   worker (weights_worker): valid_report; missed_report 100 - rate;
 *     on_time_check; on_time_verify.
 * An indicator whose rate is empty is left out and the other weights are
 * scaled up to the same total; no indicator at all: score NAN.  The score
 * is rounded to two decimals; the grade is the first of grade_bounds
 * ("A:90,B:75,C:60,D:40") whose bound the score reaches, else "E".
 *
 * Only a unit with something to assess in the month is scored
 * (grid_metrics_assessed); one with nothing has no score, grade or rank
 * (NAN, "", 0), however its 立案数 score reads:
 *   region  a case reported, registered or due to close in M
 *           (reported + registered + due_to_close > 0); a unit grid or
 *           community without any of these would otherwise score 100
 *           from 立案数 alone.  Other counts (an old case still overdue,
 *           one handled in M but due later) do not make a unit scored:
 *           no indicator of the region score is built on them.
 *   dept    a case due to close, handled, or closed and rated in M
 *           (due_to_close + handled + rated > 0: the denominators of its
 *           four indicators); dispatches alone (deadlines later) are
 *           not enough.
 *   worker  a case reported, registered or to check in the worker's
 *           grids, or a verification by the worker, in M (reported +
 *           grid_registered + check_due + verified > 0).
 * The month in progress (now inside it) is partial: its rows say so.
 */
#ifndef GRID_METRICS_H
#define GRID_METRICS_H

#include <stddef.h>
#include <time.h>

#include "grid/calendar.h"	/* enum grid_limit_unit */
#include "grid/codes.h"	/* GRID_CODE_MAX */
#include "grid/error.h"
#include "grid/levels.h"

struct grid_db;

/*
 * What a report is by: the places of levels.h that have units (each the
 * value of its enum grid_level), then the report's own units.
 */
enum grid_metrics_level {
	GRID_BY_DISTRICT = GRID_LEVEL_DISTRICT,
	GRID_BY_STREET = GRID_LEVEL_STREET,
	GRID_BY_COMMUNITY = GRID_LEVEL_COMMUNITY,
	GRID_BY_GRID = GRID_LEVEL_GRID,
	GRID_BY_DEPT,			/* departments: "dept", 部门 */
	GRID_BY_WORKER,			/* workers: "worker", 网格员 */
	GRID_BY_NLEVEL			/* one past the last */
};

/* Counts; the manual\'s row keys first, in their order, then the others. */
enum grid_metrics_count {
	GRID_C_REPORTED, GRID_C_REGISTERED, GRID_C_VOIDED, GRID_C_DISPATCHED,
	GRID_C_RETURNED, GRID_C_HANDLED, GRID_C_HANDLED_ON_TIME,
	GRID_C_DUE_TO_CLOSE, GRID_C_CLOSED, GRID_C_CLOSED_ON_TIME,
	GRID_C_REWORKED, GRID_C_PUBLIC_VERIFIED, GRID_C_OVERDUE_OPEN,
	GRID_C_ESCALATED, GRID_C_RATED, GRID_C_SATISFIED,
	GRID_C_HANDLED_DUE, GRID_C_HANDLED_DUE_ON_TIME, GRID_C_FILED,
	GRID_C_CLOSED_GRID, GRID_C_CLOSED_COMMUNITY, GRID_C_CLOSED_STREET,
	GRID_C_CLOSED_DISTRICT, GRID_C_CLOSED_CITY,
	/* the case desk */
	GRID_C_DISPATCH_DUE, GRID_C_DISPATCHED_ON_TIME, GRID_C_DISPATCHES,
	GRID_C_ACCURATE_DISPATCHES, GRID_C_ACKED, GRID_C_ACKED_ON_TIME,
	GRID_C_REPLY_DUE, GRID_C_REPLIED, GRID_C_REPLIED_ON_TIME,
	/* the worker's (GRID_C_FIRST_WORKER on: worker rows only) */
	GRID_C_GRID_REGISTERED, GRID_C_MISSED, GRID_C_CHECK_DUE,
	GRID_C_CHECKED_ON_TIME, GRID_C_VERIFIED, GRID_C_VERIFIED_ON_TIME,
	GRID_C_NCOUNT,
	GRID_C_FIRST_WORKER = GRID_C_GRID_REGISTERED
};

/* Rates; the manual\'s four first. */
enum grid_metrics_rate {
	GRID_R_CLOSURE, GRID_R_ON_TIME_CLOSURE, GRID_R_REWORK,
	GRID_R_SATISFACTION, GRID_R_PUBLIC_VERIFIED, GRID_R_HANDLING,
	GRID_R_ON_TIME_HANDLING, GRID_R_VALID_REPORT,
	GRID_R_ON_TIME_DISPATCH, GRID_R_DISPATCH_ACCURACY, GRID_R_ON_TIME_ACK,
	GRID_R_REPLY, GRID_R_ON_TIME_REPLY,
	/* the worker's (GRID_R_FIRST_WORKER on: worker rows only) */
	GRID_R_MISSED_REPORT, GRID_R_ON_TIME_CHECK, GRID_R_ON_TIME_VERIFY,
	GRID_R_NRATE,
	GRID_R_FIRST_WORKER = GRID_R_MISSED_REPORT
};

/* A rate and what it is made of; value NAN when den is 0. */
struct grid_rate {
	long long num, den;
	double value;		/* percent, two decimals */
};

/* The weights of the scores and the grade bounds (settings). */
struct grid_metrics_settings {
	double region[4];	/* public_verified, registered, closure, */
				/* on_time_closure */
	double dept[4];		/* on_time_handling, handling, rework, */
				/* satisfaction */
	double worker[4];	/* valid_report, missed_report, */
				/* on_time_check, on_time_verify */
	/* the time limits of the case desk: dispatch_limit (register to
	 * first dispatch), ack_limit (dispatch to ack), check_limit (report
	 * to register or void: 核实), verify_limit (handled to verify: 核查) */
	struct grid_metrics_limit {
		double value;
		enum grid_limit_unit unit;
	} dispatch_limit, ack_limit, check_limit, verify_limit;
	struct {
		char grade[8];
		double bound;
	} grades[8];		/* highest bound first */
	int ngrades;
	long quota;		/* worker_quota: reports a month */
};

/*
 * One unit's month.  Fields marked "merge" are summed by a merge.
 *
 * unit_name is borrowed, never cut: it points into the storage of what
 * made the row and is valid as long as that is: the struct grid_metrics
 * of grid_metrics_compute (until grid_metrics_free), the values given to
 * grid_metrics_row_parse, the rows given to grid_metrics_merge.  A row
 * copied by value shares the name; whoever keeps a copy past the life of
 * its source copies the name too (grid-report's annual and merge do).
 * Never NULL in a row libgrid fills ("" when the unit has no name).  The
 * other text fields cannot be cut: unit is a code of at most
 * GRID_CODE_MAX bytes (a longer one in the database is an error, never
 * cut), month is YYYY-MM, worker_kind one of the schema's workers.kind
 * values (CHECK: full_time, part_time, specialist), grade one of
 * grade_bounds (grid_metrics_grades_parse refuses a longer one).
 */
struct grid_metrics_row {
	enum grid_metrics_level level;
	char unit[GRID_CODE_MAX + 1];	/* code, dept code or worker id */
	const char *unit_name;		/* borrowed (above); "" unknown */
	char month[8];			/* YYYY-MM */
	char worker_kind[16];		/* worker rows: workers.kind */
	long long count[GRID_C_NCOUNT];	/* merge */
	long long unit_grids;		/* merge: grids scored for 立案数 */
	double registered_score_sum;	/* merge: the sum of their scores */
	long long handling_n;		/* merge: cases with handling hours */
	long long handling_seconds;	/* merge: their working seconds */
	struct grid_rate rate[GRID_R_NRATE];
	double registered_score;	/* mean per grid; NAN when no grid */
	double handling_hours_mean;	/* two decimals; NAN when none */
	double handling_hours_median;	/* NAN when none or merged */
	/*
	 * The working seconds of the handling_n cases, ascending (borrowed
	 * as unit_name: owned by the struct grid_metrics of
	 * grid_metrics_compute and grid_metrics_union); NULL when none or
	 * not kept (a row read back, merged or dropped).
	 */
	const long long *handling_secs;
	double score;			/* NAN when none */
	char grade[8];			/* "" when no score */
	int rank;			/* 1 is best; 0 when no score */
	double score_change;		/* NAN when either score is missing */
	int under_quota;		/* part-time worker below the quota */
	int partial;			/* merge (or): the month was in */
					/* progress when computed */
};

struct grid_metrics {
	enum grid_metrics_level level;
	char month[8];
	int partial;			/* the month is in progress */
	size_t n;
	struct grid_metrics_row *rows;	/* sorted by unit */
	char *names;			/* owned: the rows' unit names, */
					/* each '\0'-ended */
	long long **secs;		/* owned: the rows' handling_secs */
	size_t nsecs;			/* (in no order), nsecs of them */
};

/* Where a month lies against now. */
enum grid_metrics_when {
	GRID_MONTH_PAST,		/* ended */
	GRID_MONTH_CURRENT,		/* in progress: figures partial */
	GRID_MONTH_FUTURE		/* not begun */
};

/*
 * The name of level: a place's (grid_level_name: "grid", ...,
 * "district"), "dept" or "worker"; "" for another value.  Static.
 */
const char *grid_metrics_level_name(enum grid_metrics_level level);
/* Its Chinese label: "网格", ..., "区", "部门", "网格员"; "" for
 * another value.  Static. */
const char *grid_metrics_level_label(enum grid_metrics_level level);
/* Reads a level name ("department" is "dept"; "city" is none); returns
 * 0 with *level, or -1. */
int grid_metrics_level_parse(const char *name,
    enum grid_metrics_level *level);
/* The place of level (GRID_LEVEL_GRID to _DISTRICT), GRID_LEVEL_NONE for
 * departments, workers and values that are no level. */
enum grid_level grid_metrics_level_place(enum grid_metrics_level level);
/* The row key of a count ("reported", ...), static. */
const char *grid_metrics_count_name(enum grid_metrics_count c);
/* The row key of a rate ("closure_rate", ...), static. */
const char *grid_metrics_rate_name(enum grid_metrics_rate r);

/*
 * Fills *r with num, den and the rate: num / den in percent rounded half
 * up to two decimals, NAN when den <= 0.
 */
void grid_metrics_rate(struct grid_rate *r, long long num, long long den);

/*
 * The counts rate r (< GRID_R_NRATE) is made of: *num over *den (the
 * list above), for a caller that adds rows up (a totals row).
 */
void grid_metrics_rate_parts(enum grid_metrics_rate r,
    enum grid_metrics_count *num, enum grid_metrics_count *den);

/* The 立案数 score of a unit grid that registered n cases in a month. */
double grid_metrics_registered_score(long long n);

/*
 * The local bounds [*start, *end) of month "YYYY-MM" (1970-01 to
 * 9999-12).  Returns 0, or -1 with err (GRID_EDATA, field "month").
 */
int grid_metrics_month_bounds(const char *month, time_t *start, time_t *end,
    struct grid_error *err);

/*
 * Where month ("YYYY-MM", local as grid_metrics_month_bounds) lies
 * against the instant now: ended, in progress (its first instant <= now
 * < the next month's first), or not begun.  Returns 0 with *when, or -1
 * with err (GRID_EDATA) for a bad month.
 */
int grid_metrics_month_when(const char *month, time_t now,
    enum grid_metrics_when *when, struct grid_error *err);

/* Writes the month before month ("2024-01" -> "2023-12") into out (size
 * >= 8).  Returns 0, or -1 when month is not YYYY-MM. */
int grid_metrics_month_prev(const char *month, char *out, size_t n);

/*
 * Parses weights such as "public_verified:10,registered:20,closure:30,
 * on_time_closure:40" for level (GRID_BY_DEPT: on_time_handling,
 * handling, rework, satisfaction; GRID_BY_WORKER: valid_report,
 * missed_report, on_time_check, on_time_verify; else the region keys)
 * into w[4];
 * keys not given weigh 0.  Returns 0, or -1 with err (GRID_EDATA, field
 * "weights") for an unknown key, a repeated key or a bad number.
 */
int grid_metrics_weights_parse(const char *text,
    enum grid_metrics_level level, double w[4], struct grid_error *err);

/*
 * Parses grade bounds such as "A:90,B:75,C:60,D:40" (bounds falling, at
 * most 7) into set->grades.  Returns 0, or -1 with err (GRID_EDATA).
 */
int grid_metrics_grades_parse(const char *text,
    struct grid_metrics_settings *set, struct grid_error *err);

/*
 * The grade of score (not NAN) under set's bounds: the first whose bound
 * the score reaches, else "E".  Static or borrowed from set.
 */
const char *grid_metrics_grade(const struct grid_metrics_settings *set,
    double score);

/*
 * Fills *set from db's settings weights_region, weights_dept,
 * weights_worker, grade_bounds, worker_quota, dispatch_limit, ack_limit,
 * check_limit, verify_limit (the defaults of a new database when absent,
 * or all of them when db is NULL; check_limit "2 work_hours" and
 * verify_limit "1 work_days" when absent).  Returns 0, or -1 with err
 * (source "settings", field the key).
 */
int grid_metrics_settings_load(struct grid_db *db,
    struct grid_metrics_settings *set, struct grid_error *err);

/*
 * 1 when row's unit has something to assess in its month (the rule of
 * its level, above), else 0.  From the counts only, so a merged row is
 * judged by its sums.
 */
int grid_metrics_assessed(const struct grid_metrics_row *row);

/*
 * Recomputes every rate, the registered score, the mean handling hours,
 * the score (NAN when the unit has nothing to assess), grade and
 * under_quota of row from its counts and sums.  Leaves rank,
 * score_change, partial and the median alone.
 */
void grid_metrics_finish(struct grid_metrics_row *row,
    const struct grid_metrics_settings *set);

/*
 * Computes month (YYYY-MM) at level: one row per unit with a case, and
 * per unit of the reference table (grids of kind unit, regions of the
 * level, departments, workers) even without one; finished and ranked;
 * partial (report and rows) when grid_now falls inside the month.  A
 * month not begun is computed too (every unit unscored): refusing it is
 * the caller's choice.  cal is the working calendar (borrowed; NULL:
 * db's is loaded).  The rows' unit names are whole, held by the report.
 * Returns 0 and a new report in *out (free with grid_metrics_free), or
 * -1 with err (a bad GRID_NOW: GRID_EUSAGE; a unit code longer than
 * GRID_CODE_MAX in the database: GRID_EDATA, never cut).
 */
int grid_metrics_compute(struct grid_db *db, const struct grid_calendar *cal,
    const struct grid_metrics_settings *set, enum grid_metrics_level level,
    const char *month, struct grid_metrics **out, struct grid_error *err);

/*
 * The same for n months (1 to 12) at once, in one pass over the cases:
 * out[k] gets month months[k]'s report.  Returns 0, or -1 with err (and
 * every out[k] NULL).
 */
int grid_metrics_compute_months(struct grid_db *db,
    const struct grid_calendar *cal, const struct grid_metrics_settings *set,
    enum grid_metrics_level level, const char *const *months, size_t n,
    struct grid_metrics **out, struct grid_error *err);

/* Frees m (NULL allowed). */
void grid_metrics_free(struct grid_metrics *m);

/*
 * Writes m whole to fd (a pipe between the processes of grid-report -j:
 * of one build only, the rows going as their bytes): its rows, their
 * unit names and handling times.  0, or -1 with err (GRID_EIO).
 */
int grid_metrics_send(int fd, const struct grid_metrics *m,
    struct grid_error *err);

/*
 * Reads a report grid_metrics_send wrote into a new *out (free with
 * grid_metrics_free), as it was.  0, or -1 with err (GRID_EIO: cut
 * short; GRID_EINTERNAL: not of this build) and *out NULL.
 */
int grid_metrics_receive(int fd, struct grid_metrics **out,
    struct grid_error *err);

/*
 * Writes (reads) n bytes at p to (from) fd whole, through interruptions
 * and short counts.  0, or -1 with err (GRID_EIO; reading: the end came
 * first).
 */
int grid_pipe_write(int fd, const void *p, size_t n, struct grid_error *err);
int grid_pipe_read(int fd, void *p, size_t n, struct grid_error *err);

/*
 * Frees the handling times m keeps for its rows (handling_secs NULL
 * after; the medians stay): for a report whose rows will not be merged
 * with grid_metrics_union again, or whose medians are not needed.
 */
void grid_metrics_drop_times(struct grid_metrics *m);

/*
 * The report of a and b together (both of the same level and month:
 * the reports of two databases), as grid_metrics_compute gives it for
 * one database holding the cases of both: the rows of a unit in both
 * are summed (grid_metrics_merge) and their median recomputed from both
 * rows' handling times (NAN when either kept none: a row read back, or
 * times dropped); every row is finished again and all are ranked
 * together; partial when either is.  Rows stay sorted by unit; their
 * score_change is kept for a unit of one report and NAN for a summed
 * one (grid_metrics_change sets it afterwards).  Takes a and b over
 * (freed, on failure too).  Returns 0 and the new report in *out, or -1
 * with err (GRID_EDATA: another level or month; out of memory).
 */
int grid_metrics_union(struct grid_metrics *a, struct grid_metrics *b,
    const struct grid_metrics_settings *set, struct grid_metrics **out,
    struct grid_error *err);

/*
 * Ranks rows among themselves by score, highest first; equal scores
 * share a rank and the next rank skips (1, 1, 3); rows without a score
 * get 0.
 */
void grid_metrics_rank(struct grid_metrics_row *rows, size_t n);

/*
 * Fills order[n] with the indices of rows in the order of a report: the
 * ranked rows by rank, equal ranks by unit; then the rows without a
 * rank (no score) by unit.
 */
void grid_metrics_order(const struct grid_metrics_row *rows, size_t n,
    size_t *order);

/*
 * Sets score_change of every row of cur: its score minus the score of
 * the same unit in prev (rounded to two decimals), NAN when either is
 * missing.  prev may be NULL.
 */
void grid_metrics_change(struct grid_metrics *cur,
    const struct grid_metrics *prev);

/*
 * Merges n rows (n >= 1) of the same level, unit and month into *out:
 * sums the counts and sums, then recomputes (grid_metrics_finish);
 * never averages a rate; a sum with nothing to assess stays unscored;
 * partial when any row is.  The median cannot be merged: NAN.  rank 0,
 * score_change NAN.  out->unit_name is the first non-empty name of rows
 * (borrowed from that row's source, as the row's own).  Returns 0, or
 * -1 with err (GRID_EDATA) when the rows differ in level, unit or
 * month.
 */
int grid_metrics_merge(const struct grid_metrics_row *rows, size_t n,
    const struct grid_metrics_settings *set, struct grid_metrics_row *out,
    struct grid_error *err);

#endif
