/*
 * metrics_row.c - a monthly assessment row as text and back
 * (metrics_row.h).
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid/metrics_row.h"
#include "internal.h"

/* Where a column's value is in struct grid_metrics_row, or comes from. */
enum source {
	S_KEY,		/* char array: written as it is */
	S_TEXT,		/* char array: "" is no value */
	S_NAME,		/* const char *, borrowed: NULL or "" is no value */
	S_COUNT,	/* long long */
	S_REAL,		/* double, two decimals: NAN is no value */
	S_SUM,		/* double, every digit (%.15g) */
	S_RANK,		/* int: 0 is no value */
	S_FLAG,		/* int: written 0 or 1 */
	S_GET		/* computed by get */
};

/* Whether grid_metrics_row_parse reads a column back. */
enum use {
	U_NO,		/* no: recomputed from the others */
	U_NEED,		/* needed */
	U_OPT		/* read when present */
};

/* A column: name, label, type, and where its value comes from. */
struct field {
	const char *name;		/* ndjson key, csv header */
	const char *label;		/* Chinese label */
	enum grid_coltype type;
	enum source source;
	size_t offset, size;		/* of the value in the row */
	enum use use;
	int worker;			/* written on worker rows only */
	/* S_GET: the value, in buf (size n) or static; NULL: none */
	const char *(*get)(const struct field *f,
	    const struct grid_metrics_row *row,
	    const struct grid_metrics_settings *set, char *buf, size_t n);
	/* reading back: takes in the text read (S_GET), or checks it */
	int (*take)(struct grid_metrics_row *row, const char *text,
	    struct grid_error *err);
};

static const char *get_level(const struct field *,
    const struct grid_metrics_row *, const struct grid_metrics_settings *,
    char *, size_t);
static const char *get_share(const struct field *,
    const struct grid_metrics_row *, const struct grid_metrics_settings *,
    char *, size_t);
static const char *get_quota(const struct field *,
    const struct grid_metrics_row *, const struct grid_metrics_settings *,
    char *, size_t);
static int take_level(struct grid_metrics_row *, const char *,
    struct grid_error *);
static int take_month(struct grid_metrics_row *, const char *,
    struct grid_error *);

#define AT(member) offsetof(struct grid_metrics_row, member), \
	sizeof(((struct grid_metrics_row *)NULL)->member)
#define KEY(name, label, member, take) \
	{ name, label, GRID_COL_TEXT, S_KEY, AT(member), U_NEED, 0, NULL, \
	    take }
#define TEXT(name, label, member, use, worker) \
	{ name, label, GRID_COL_TEXT, S_TEXT, AT(member), use, worker, \
	    NULL, NULL }
#define COUNT(name, label, member) \
	{ name, label, GRID_COL_INT, S_COUNT, AT(member), U_NEED, 0, NULL, \
	    NULL }
#define REAL(name, label, member, use) \
	{ name, label, GRID_COL_REAL, S_REAL, AT(member), use, 0, NULL, NULL }
#define RATE(name, label, r) REAL(name, label, rate[r].value, U_NO)
/* A worker's count or rate: on worker rows only, read back from them. */
#define WCOUNT(name, label, member) \
	{ name, label, GRID_COL_INT, S_COUNT, AT(member), U_NEED, 1, NULL, \
	    NULL }
#define WRATE(name, label, r) \
	{ name, label, GRID_COL_REAL, S_REAL, AT(rate[r].value), U_NO, 1, \
	    NULL, NULL }
#define SHARE(name, label, c) \
	{ name, label, GRID_COL_REAL, S_GET, AT(count[c]), U_NO, 0, \
	    get_share, NULL }

/*
 * The columns of a report row, in order: the one list of them.  The
 * counts' and rates' names are their row keys (grid_metrics_count_name,
 * grid_metrics_rate_name).
 */
static const struct field fields[] = {
	{ "level", "层级", GRID_COL_TEXT, S_GET, AT(level), U_NEED, 0,
	    get_level, take_level },
	KEY("unit", "单元代码", unit, NULL),
	{ "unit_name", "单元名称", GRID_COL_TEXT, S_NAME, AT(unit_name), U_OPT,
	    0, NULL, NULL },
	KEY("month", "月份", month, take_month),
	/* the counts of grid-report(1) */
	COUNT("reported", "上报数", count[GRID_C_REPORTED]),
	COUNT("registered", "立案数", count[GRID_C_REGISTERED]),
	COUNT("voided", "作废数", count[GRID_C_VOIDED]),
	COUNT("dispatched", "派遣数", count[GRID_C_DISPATCHED]),
	COUNT("returned", "回退数", count[GRID_C_RETURNED]),
	COUNT("handled", "处置数", count[GRID_C_HANDLED]),
	COUNT("handled_on_time", "按期处置数", count[GRID_C_HANDLED_ON_TIME]),
	COUNT("due_to_close", "应结案数", count[GRID_C_DUE_TO_CLOSE]),
	COUNT("closed", "结案数", count[GRID_C_CLOSED]),
	COUNT("closed_on_time", "按期结案数", count[GRID_C_CLOSED_ON_TIME]),
	COUNT("reworked", "返工数", count[GRID_C_REWORKED]),
	COUNT("public_verified", "监督举报数", count[GRID_C_PUBLIC_VERIFIED]),
	COUNT("overdue_open", "超期未结数", count[GRID_C_OVERDUE_OPEN]),
	COUNT("escalated", "升级数", count[GRID_C_ESCALATED]),
	COUNT("rated", "评价数", count[GRID_C_RATED]),
	COUNT("satisfied", "满意数", count[GRID_C_SATISFIED]),
	/* their rates, the hours, the score */
	RATE("closure_rate", "结案率", GRID_R_CLOSURE),
	RATE("on_time_closure_rate", "按期结案率", GRID_R_ON_TIME_CLOSURE),
	RATE("rework_rate", "返工率", GRID_R_REWORK),
	RATE("satisfaction_rate", "满意率", GRID_R_SATISFACTION),
	REAL("handling_hours_mean", "平均处置工时", handling_hours_mean, U_NO),
	REAL("handling_hours_median", "处置工时中位数",
	    handling_hours_median, U_OPT),
	REAL("score", "综合指标值", score, U_NO),
	TEXT("grade", "等级", grade, U_NO, 0),
	{ "rank", "排名", GRID_COL_INT, S_RANK, AT(rank), U_NO, 0, NULL,
	    NULL },
	REAL("score_change", "较上月", score_change, U_OPT),
	/* the department's and the merge's figures */
	RATE("public_verified_rate", "监督举报率", GRID_R_PUBLIC_VERIFIED),
	RATE("handling_rate", "处置率", GRID_R_HANDLING),
	RATE("on_time_handling_rate", "按期处置率", GRID_R_ON_TIME_HANDLING),
	RATE("valid_report_rate", "有效上报率", GRID_R_VALID_REPORT),
	COUNT("handled_due", "应结案中已处置", count[GRID_C_HANDLED_DUE]),
	COUNT("handled_due_on_time", "应结案中按期处置",
	    count[GRID_C_HANDLED_DUE_ON_TIME]),
	COUNT("filed", "有效上报数", count[GRID_C_FILED]),
	COUNT("closed_grid", "网格结案数", count[GRID_C_CLOSED_GRID]),
	COUNT("closed_community", "社区结案数", count[GRID_C_CLOSED_COMMUNITY]),
	COUNT("closed_street", "街道结案数", count[GRID_C_CLOSED_STREET]),
	COUNT("closed_district", "区级结案数", count[GRID_C_CLOSED_DISTRICT]),
	COUNT("closed_city", "市级结案数", count[GRID_C_CLOSED_CITY]),
	SHARE("resolved_grid_share", "网格解决率", GRID_C_CLOSED_GRID),
	SHARE("resolved_community_share", "社区解决率",
	    GRID_C_CLOSED_COMMUNITY),
	SHARE("resolved_street_share", "街道解决率", GRID_C_CLOSED_STREET),
	REAL("registered_score", "立案数得分", registered_score, U_NO),
	COUNT("unit_grids", "计分网格数", unit_grids),
	{ "registered_score_sum", "立案数得分合计", GRID_COL_REAL, S_SUM,
	    AT(registered_score_sum), U_NEED, 0, NULL, NULL },
	COUNT("handling_n", "计时案件数", handling_n),
	COUNT("handling_seconds", "处置工作秒数", handling_seconds),
	/* the case desk: dispatch, sign-for, replies */
	COUNT("dispatch_due", "应派遣数", count[GRID_C_DISPATCH_DUE]),
	COUNT("dispatched_on_time", "按时派遣数",
	    count[GRID_C_DISPATCHED_ON_TIME]),
	RATE("on_time_dispatch_rate", "按时派遣率", GRID_R_ON_TIME_DISPATCH),
	COUNT("dispatches", "派遣次数", count[GRID_C_DISPATCHES]),
	COUNT("accurate_dispatches", "准确派遣数",
	    count[GRID_C_ACCURATE_DISPATCHES]),
	RATE("dispatch_accuracy_rate", "准确派遣率", GRID_R_DISPATCH_ACCURACY),
	COUNT("acked", "签收数", count[GRID_C_ACKED]),
	COUNT("acked_on_time", "按时签收数", count[GRID_C_ACKED_ON_TIME]),
	RATE("on_time_ack_rate", "按时签收率", GRID_R_ON_TIME_ACK),
	COUNT("reply_due", "应答复数", count[GRID_C_REPLY_DUE]),
	COUNT("replied", "已答复数", count[GRID_C_REPLIED]),
	COUNT("replied_on_time", "按时答复数", count[GRID_C_REPLIED_ON_TIME]),
	RATE("reply_rate", "答复率", GRID_R_REPLY),
	RATE("on_time_reply_rate", "按时答复率", GRID_R_ON_TIME_REPLY),
	/* the worker's */
	TEXT("worker_kind", "网格员类别", worker_kind, U_OPT, 1),
	{ "quota", "上报定额", GRID_COL_INT, S_GET, 0, 0, U_NO, 1, get_quota,
	    NULL },
	{ "under_quota", "未达定额", GRID_COL_INT, S_FLAG, AT(under_quota),
	    U_NO, 1, NULL, NULL },
	WCOUNT("grid_registered", "网格立案数",
	    count[GRID_C_GRID_REGISTERED]),
	WCOUNT("missed", "漏报数", count[GRID_C_MISSED]),
	WRATE("missed_report_rate", "漏报率", GRID_R_MISSED_REPORT),
	WCOUNT("check_due", "应核实数", count[GRID_C_CHECK_DUE]),
	WCOUNT("checked_on_time", "按时核实数", count[GRID_C_CHECKED_ON_TIME]),
	WRATE("on_time_check_rate", "按时核实率", GRID_R_ON_TIME_CHECK),
	WCOUNT("verified", "核查数", count[GRID_C_VERIFIED]),
	WCOUNT("verified_on_time", "按时核查数",
	    count[GRID_C_VERIFIED_ON_TIME]),
	WRATE("on_time_verify_rate", "按时核查率", GRID_R_ON_TIME_VERIFY),
	{ "partial", "月份进行中", GRID_COL_INT, S_FLAG, AT(partial), U_OPT,
	    0, NULL, NULL },
};

#undef AT
#undef KEY
#undef TEXT
#undef COUNT
#undef REAL
#undef RATE
#undef WCOUNT
#undef WRATE
#undef SHARE

_Static_assert(GRIDI_ARRAY_LEN(fields) == GRID_METRICS_NCOLUMN,
    "GRID_METRICS_NCOLUMN is the number of columns");

#define NCOL GRID_METRICS_NCOLUMN

void
grid_metrics_columns(struct grid_column *columns, const char **labels)
{
	size_t i;

	for (i = 0; i < NCOL; i++) {
		if (columns != NULL) {
			columns[i].name = fields[i].name;
			columns[i].type = fields[i].type;
		}
		if (labels != NULL)
			labels[i] = fields[i].label;
	}
}

int
grid_metrics_column(const char *name)
{
	int i;

	for (i = 0; i < NCOL; i++)
		if (name != NULL && strcmp(name, fields[i].name) == 0)
			return i;
	return -1;
}

/* The name of the column whose value is at offset of source; "". */
static const char *
name_at(enum source source, size_t offset)
{
	size_t i;

	for (i = 0; i < NCOL; i++)
		if (fields[i].source == source && fields[i].offset == offset)
			return fields[i].name;
	return "";
}

const char *
grid_metrics_count_name(enum grid_metrics_count c)
{
	if ((unsigned)c >= GRID_C_NCOUNT)
		return "";
	return name_at(S_COUNT, offsetof(struct grid_metrics_row, count) +
	    (size_t)c * sizeof(long long));
}

const char *
grid_metrics_rate_name(enum grid_metrics_rate r)
{
	if ((unsigned)r >= GRID_R_NRATE)
		return "";
	return name_at(S_REAL, offsetof(struct grid_metrics_row, rate) +
	    (size_t)r * sizeof(struct grid_rate) +
	    offsetof(struct grid_rate, value));
}

/* ---- a row as text ---- */

static const void *
at(const struct grid_metrics_row *row, const struct field *f)
{
	return (const char *)row + f->offset;
}

static const char *
real_text(double v, char *buf, size_t n)
{
	if (isnan(v))
		return NULL;
	snprintf(buf, n, "%.2f", v);
	return buf;
}

static const char *
get_level(const struct field *f, const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, char *buf, size_t n)
{
	return grid_metrics_level_name(row->level);
}

/* closed_<level> / closed: f is at closed_<level>'s count. */
static const char *
get_share(const struct field *f, const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, char *buf, size_t n)
{
	struct grid_rate share;

	grid_metrics_rate(&share, *(const long long *)at(row, f),
	    row->count[GRID_C_CLOSED]);
	return real_text(share.value, buf, n);
}

static const char *
get_quota(const struct field *f, const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, char *buf, size_t n)
{
	snprintf(buf, n, "%ld", set->quota);
	return buf;
}

/* The text of f's value in row, in buf (size n) or row; NULL: none. */
static const char *
value_text(const struct field *f, const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, char *buf, size_t n)
{
	const char *text = at(row, f);

	switch (f->source) {
	case S_KEY:
		return text;
	case S_TEXT:
		return text[0] != '\0' ? text : NULL;
	case S_NAME:
		text = *(const char *const *)at(row, f);
		return text != NULL && text[0] != '\0' ? text : NULL;
	case S_COUNT:
		snprintf(buf, n, "%lld", *(const long long *)at(row, f));
		return buf;
	case S_REAL:
		return real_text(*(const double *)at(row, f), buf, n);
	case S_SUM:
		snprintf(buf, n, "%.15g", *(const double *)at(row, f));
		return buf;
	case S_RANK:
		if (*(const int *)at(row, f) <= 0)
			return NULL;
		snprintf(buf, n, "%d", *(const int *)at(row, f));
		return buf;
	case S_FLAG:
		return *(const int *)at(row, f) != 0 ? "1" : "0";
	case S_GET:
		return f->get(f, row, set, buf, n);
	}
	return NULL;
}

void
grid_metrics_row_text(const struct grid_metrics_row *row,
    const struct grid_metrics_settings *set, struct grid_metrics_text *out)
{
	size_t i;

	for (i = 0; i < NCOL; i++)
		out->values[i] = fields[i].worker &&
		    row->level != GRID_BY_WORKER ? NULL : value_text(&fields[i],
		    row, set, out->store[i], sizeof(out->store[i]));
}

/* ---- a row read back ---- */

/* A record of a report: value[i] under name[i]. */
struct record {
	const char *const *names;
	const char *const *values;
	size_t n;
};

/* f's value in rec; NULL when absent or empty. */
static const char *
lookup(const struct record *rec, const struct field *f)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->names[i] != NULL &&
		    strcmp(rec->names[i], f->name) == 0)
			return rec->values[i] != NULL &&
			    rec->values[i][0] != '\0' ? rec->values[i] : NULL;
	return NULL;
}

static int
missing(const struct field *f, struct grid_error *err)
{
	return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
	    "missing: a report row needs it");
}

/* Text into out (size n); "" when absent and not needed. */
static int
read_text(const struct field *f, const struct record *rec, char *out,
    size_t n, struct grid_error *err)
{
	const char *s = lookup(rec, f);

	out[0] = '\0';
	if (s == NULL)
		return f->use == U_NEED ? missing(f, err) : 0;
	if (strlen(s) >= n)
		return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
		    "too long (%zu bytes)", strlen(s));
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* A count or sum: a whole number from 0 up, needed. */
static int
read_count(const struct field *f, const struct record *rec, long long *out,
    struct grid_error *err)
{
	const char *s = lookup(rec, f);
	char *end;

	if (s == NULL)
		return missing(f, err);
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out < 0 || s[0] == '-' ||
	    s[0] == '+' || s[0] == ' ')
		return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
		    "not a count: '%s'", s);
	return 0;
}

/*
 * The largest real a row is read back with (magnitude): no figure of a
 * report comes near it, and every value computed from such reals and
 * from counts fits the 32 bytes of struct grid_metrics_text's store
 * with its two decimals (1e15 / 1 grid: 19 characters; counts 20).
 */
#define REAL_MAX 1e15

/* A real; NAN when absent. */
static int
read_real(const struct field *f, const struct record *rec, double *out,
    struct grid_error *err)
{
	const char *s = lookup(rec, f);
	char *end;

	*out = NAN;
	if (s == NULL)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(*out))
		return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
		    "not a number: '%s'", s);
	if (fabs(*out) >= REAL_MAX)
		return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
		    "out of range: '%s'", s);
	return 0;
}

/* A sum of scores: a real from 0 up, needed. */
static int
read_sum(const struct field *f, const struct record *rec, double *out,
    struct grid_error *err)
{
	if (read_real(f, rec, out, err) != 0)
		return -1;
	if (isnan(*out))
		return missing(f, err);
	if (*out < 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
		    "negative");
	return 0;
}

/* A flag: "1" or "true", "0" or "false"; 0 when absent. */
static int
read_flag(const struct field *f, const struct record *rec, int *out,
    struct grid_error *err)
{
	const char *s = lookup(rec, f);

	*out = 0;
	if (s == NULL || strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0) {
		*out = 1;
		return 0;
	}
	return grid_error_set(err, GRID_EDATA, NULL, 0, f->name,
	    "not 0 or 1: '%s'", s);
}

static int
take_level(struct grid_metrics_row *row, const char *text,
    struct grid_error *err)
{
	if (grid_metrics_level_parse(text, &row->level) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, "level",
		    "unknown level '%s'", text);
	return 0;
}

static int
take_month(struct grid_metrics_row *row, const char *text,
    struct grid_error *err)
{
	time_t start, end;

	return grid_metrics_month_bounds(text, &start, &end, err);
}

/* Reads f's value from rec into row.  0 or -1 with err. */
static int
read_field(const struct field *f, const struct record *rec,
    struct grid_metrics_row *row, struct grid_error *err)
{
	void *value = (char *)row + f->offset;	/* the field's own type */
	char text[16];

	switch (f->source) {
	case S_GET:		/* the level: a name, taken in */
		return read_text(f, rec, text, sizeof(text), err) != 0 ? -1 :
		    f->take(row, text, err);
	case S_KEY:
	case S_TEXT:
		if (read_text(f, rec, value, f->size, err) != 0)
			return -1;
		return f->take != NULL ? f->take(row, value, err) : 0;
	case S_NAME:		/* whole, borrowed from rec */
		*(const char **)value = lookup(rec, f) != NULL ?
		    lookup(rec, f) : "";
		return 0;
	case S_COUNT:
		/* a worker's count is on worker rows only (level read) */
		if (f->worker && row->level != GRID_BY_WORKER)
			return 0;
		return read_count(f, rec, value, err);
	case S_REAL:
		return read_real(f, rec, value, err);
	case S_SUM:
		return read_sum(f, rec, value, err);
	case S_FLAG:
		return read_flag(f, rec, value, err);
	case S_RANK:
		break;
	}
	return 0;
}

/*
 * The order in which the columns a row is read from are read, and so
 * which error a bad record gets first: the names needed, the others,
 * then the numbers needed, the others.
 */
static const struct {
	enum use use;
	enum grid_coltype type;
} passes[] = {
	{ U_NEED, GRID_COL_TEXT }, { U_OPT, GRID_COL_TEXT },
	{ U_NEED, GRID_COL_INT }, { U_NEED, GRID_COL_REAL },
	{ U_OPT, GRID_COL_REAL }, { U_OPT, GRID_COL_INT },
};

int
grid_metrics_row_parse(const char *const *names, const char *const *values,
    size_t n, const struct grid_metrics_settings *set,
    struct grid_metrics_row *row, struct grid_error *err)
{
	const struct record rec = { names, values, n };
	size_t p, i;

	memset(row, 0, sizeof(*row));
	for (p = 0; p < GRIDI_ARRAY_LEN(passes); p++)
		for (i = 0; i < NCOL; i++)
			if (fields[i].use == passes[p].use &&
			    fields[i].type == passes[p].type &&
			    read_field(&fields[i], &rec, row, err) != 0)
				return -1;
	grid_metrics_finish(row, set);
	return 0;
}
