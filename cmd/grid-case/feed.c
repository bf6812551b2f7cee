/*
 * feed.c - cases for other platforms: grid-case feed (every case changed
 * since a cursor, grid/case_feed.h, as rows or as Open311 service
 * requests, with the cursor of the next poll kept in a state file for
 * cron), grid-case services (the Open311 service list from the
 * categories) and grid-case requests (cases as Open311 service requests,
 * grid/open311.h).  Read-only.
 *
 * -f open311 is not a format of the table of cmd/common/format.c (a row
 * format of columns): like -f id it is grid-case's own, and the JSON is
 * written by libgrid's Open311 writer on the same output (-o atomically).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid-case/grid-case.h"
#include "grid/case_feed.h"
#include "grid/case_query.h"
#include "grid/open311.h"
#include "grid/text.h"
#include "grid/vocab.h"

static const char feed_usage[] =
"usage: grid-case feed --since N|--state FILE [--limit N] [options]\n"
"Every case changed since cursor N (0: all of them), one row per case as\n"
"it is now, the latest change last: the case's columns (as show), then\n"
"log_id, action, at (its latest change), changes (how many since N),\n"
"status_note, category_name, dept_name, updated_at.  The cursor is a\n"
"case_log id, not a time: a step back-filled with --at is still seen,\n"
"once.  The cursor of the next poll goes to standard error as 'next\n"
"cursor: N'.  Changes that write no case_log row (grid-assign cases,\n"
"grid-import) are not in the feed.  Reporters are masked.\n"
"\n"
"      --since N          the cursor of the last poll (0: from the start)\n"
"      --state FILE       without --since, the cursor is read from FILE\n"
"                         (none yet: 0); once the output is written, the\n"
"                         next cursor is written to FILE (atomically,\n"
"                         mode 0600): a poll for cron\n"
"      --limit N          at most N cases; the next poll goes on after\n"
"                         them\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n"
"  -f, --format FMT       {formats} (default: table on a terminal,\n"
"                         else ndjson); id: the ids alone, one a line;\n"
"                         open311: Open311 GeoReport v2 service\n"
"                         requests, a JSON array (also the default of\n"
"                         -o FILE.json)\n"
"  -o, --output FILE      write the rows to FILE (atomically)\n"
CLI_HELP_QUIET
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Example, from cron:\n"
"    grid-case feed --state city.cursor -f open311 -o out.json\n"
"\n"
"Exit status: 0; 64 usage; 65 a state file without a cursor; 66 state\n"
"file unreadable; 69 database missing; 70 internal error; 73 cannot\n"
"create output or state file; 74 I/O error; 75 database busy.\n";

/* The options and exit statuses of services and requests (JSON out). */
#define JSON_COMMON_HELP \
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db)\n" \
"  -f, --format FMT       open311 (default: a JSON array) or ndjson (an\n" \
"                         object per line)\n" \
"  -o, --output FILE      write to FILE (atomically)\n" \
CLI_HELP_QUIET \
"  -h, --help             this help\n" \
"      --version          version\n" \
"\n" \
"Exit status: 0; 64 usage; 69 database missing; 70 internal error;\n" \
"73 cannot create output; 74 I/O error; 75 database busy.\n"

static const char services_usage[] =
"usage: grid-case services [options]\n"
"The Open311 GeoReport v2 service list (GET services): one service per\n"
"category, by code: service_code, service_name, description (its\n"
"department and time limit), metadata, type, keywords, group.\n"
"\n"
JSON_COMMON_HELP;

static const char requests_usage[] =
"usage: grid-case requests [filters] [options]\n"
"Cases as Open311 GeoReport v2 service requests (GET requests), oldest\n"
"report first.  lat and long only when the database's points are WGS84\n"
"degrees; otherwise they are left out, with a note saying why.\n"
"\n"
"      --status S         reported, registered, voided, dispatched,\n"
"                         returned, handled, verified, closed, parked or\n"
"                         merged (repeated or a comma list)\n"
"      --from TIME        reported at or after TIME\n"
"      --to TIME          reported at or before TIME (a date: that\n"
"                         whole day)\n"
"      --limit N          at most N cases\n"
JSON_COMMON_HELP;

enum {
	OPT_SINCE = 256, OPT_STATE, OPT_LIMIT, OPT_STATUS, OPT_FROM, OPT_TO
};

/*
 * The common options but --reveal: no reporter goes out unmasked here
 * (grid-case show --reveal ID unmasks one and records it).
 */
#define FEED_COMMON_LONG \
	{ "db", required_argument, NULL, 'd' }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

enum feed_kind { KIND_FEED, KIND_SERVICES, KIND_REQUESTS };

struct feed {
	struct cli_common c;
	enum feed_kind kind;
	long long since;	/* < 0: not given */
	long limit;
	const char *state;	/* --state FILE */
	int open311;		/* JSON of the Open311 writer, not rows */
	enum grid_o311_form form;
	struct grid_case_filter filter;	/* requests */
	char *statuses[GRID_CASE_FILTER_MAX];
	/* while it runs */
	struct case_rows rows;
	struct cli_out out;		/* open311 */
	struct grid_o311_writer *w;
	enum grid_o311_coords coords;
	const char *why;
	struct grid_db *db;
	struct grid_error err;		/* a write's, which stopped a query */
};

/* ---- options ---- */

/* --status S[,S...]: each checked against the vocabulary; dies 64. */
static void
status_option(struct feed *f, const char *arg)
{
	const struct grid_vocab *v = grid_vocab_find("case_status");
	struct grid_case_values *any = &f->filter.any[GRID_CASE_BY_STATUS];
	char *list = strdup(arg), *p, *next;
	const char *value;

	if (list == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	for (p = list; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		if ((value = grid_vocab_lookup(v, p)) == NULL)
			cli_usage_error("--status: expected one of %s, not "
			    "'%s'", grid_vocab_values(v), p);
		if (any->n == GRID_CASE_FILTER_MAX)
			cli_usage_error("--status: more than %d values",
			    GRID_CASE_FILTER_MAX);
		if ((f->statuses[any->n++] = strdup(value)) == NULL)
			cli_die(GRID_EINTERNAL, "out of memory");
	}
	any->values = (const char *const *)f->statuses;
	free(list);
}

static void
feed_option(struct feed *f, int opt, const char *arg)
{
	switch (opt) {
	case OPT_SINCE:
		f->since = cli_number("--since", arg, 0, LONG_MAX);
		break;
	case OPT_STATE:
		if (arg[0] == '\0' || strcmp(arg, "-") == 0)
			cli_usage_error("--state: a file, not '%s'", arg);
		f->state = arg;
		break;
	case OPT_LIMIT:
		f->limit = cli_number("--limit", arg, 1, 1000000000L);
		f->filter.limit = f->limit;
		break;
	case OPT_STATUS: status_option(f, arg); break;
	case OPT_FROM: f->filter.from = case_time_option("--from", arg); break;
	case OPT_TO: f->filter.to = case_time_option("--to", arg); break;
	default: cli_bad_option();
	}
}

/* 1 when path ends in ".json". */
static int
json_path(const char *path)
{
	size_t n = path != NULL ? strlen(path) : 0;

	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

/*
 * -f and -o: feed takes the row formats and open311; services and
 * requests open311 (an array) or ndjson (an object per line).  Dies 64.
 */
static void
check_format(struct feed *f)
{
	struct cli_common plain = f->c;
	enum grid_format ext;

	plain.format = NULL;
	if (f->c.format != NULL && strcmp(f->c.format, "open311") == 0)
		f->open311 = 1;
	else if (f->kind != KIND_FEED && (f->c.format == NULL ||
	    strcmp(f->c.format, "ndjson") == 0))
		f->open311 = 1;
	else if (f->kind != KIND_FEED)
		cli_usage_error("unknown format '%s' (expected open311 or "
		    "ndjson)", f->c.format);
	else if (f->c.format == NULL && json_path(f->c.output))
		f->open311 = 1;
	if (!f->open311) {
		case_rows_check(&f->c);	/* -f id too */
		return;
	}
	/* an extension the table knows: only .ndjson and .jsonl agree */
	plain.writes = CLI_WRITES_ROWS;
	ext = cli_format_asked(&plain);
	f->form = f->c.format != NULL && strcmp(f->c.format, "ndjson") == 0 ?
	    GRID_O311_NDJSON : GRID_O311_ARRAY;
	if (ext == GRID_FORMAT_NDJSON && f->c.format == NULL)
		f->form = GRID_O311_NDJSON;
	else if (ext != GRID_FORMAT_NONE && (ext != GRID_FORMAT_NDJSON ||
	    f->form != GRID_O311_NDJSON))
		cli_usage_error("-f %s and -o %s disagree",
		    f->c.format != NULL ? f->c.format : "open311",
		    f->c.output);
}

static void
parse(struct feed *f, int argc, char **argv, const char *usage)
{
	static const struct option feed_opts[] = {
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		FEED_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	static const struct option services_opts[] = { FEED_COMMON_LONG,
		{ NULL, 0, NULL, 0 } };
	static const struct option requests_opts[] = {
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		FEED_COMMON_LONG,
		{ NULL, 0, NULL, 0 }
	};
	const struct option *opts = f->kind == KIND_FEED ? feed_opts :
	    f->kind == KIND_SERVICES ? services_opts : requests_opts;
	struct grid_error err;
	int opt;

	if (f->kind == KIND_REQUESTS && grid_now(&f->filter.now, &err) != 0)
		cli_usage_error("%s", err.text);
	while ((opt = cli_getopt_long(argc, argv, CLI_COMMON_SHORT, opts,
	    NULL)) != -1) {
		if (cli_common_option(&f->c, opt, optarg, usage))
			continue;
		if (opt < OPT_SINCE)
			cli_bad_option();
		feed_option(f, opt, optarg);
	}
	if (optind != argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (f->kind == KIND_FEED && f->since < 0 && f->state == NULL)
		cli_usage_error("since when? give --since N or --state FILE");
	check_format(f);
}

/* ---- the state file ---- */

/*
 * The cursor in the state file into f->since: 0 when there is no file.
 * Returns 0, or the exit status after a message.
 */
static int
read_state(struct feed *f)
{
	char line[64], *end;
	long long cursor;
	FILE *fp;
	size_t n;

	if ((fp = fopen(f->state, "r")) == NULL) {
		if (errno == ENOENT) {
			f->since = 0;
			return 0;
		}
		cli_warn("%s: cannot read: %s", f->state, strerror(errno));
		return GRID_ENOINPUT;
	}
	n = fread(line, 1, sizeof(line) - 1, fp);
	line[n] = '\0';
	if (ferror(fp)) {
		fclose(fp);
		cli_warn("%s: read error", f->state);
		return GRID_EIO;
	}
	fclose(fp);
	line[strcspn(line, "\r\n")] = '\0';
	errno = 0;
	cursor = strtoll(line, &end, 10);
	if (end == line || *end != '\0' || errno != 0 || cursor < 0) {
		cli_warn("%s: not a cursor: '%s'", f->state, line);
		return GRID_EDATA;
	}
	f->since = cursor;
	return 0;
}

/* ---- writing ---- */

static int
write_row(void *ctx, const struct grid_case_feed_row *row)
{
	struct feed *f = ctx;
	const char *values[GRID_CASE_NFIELDS + GRID_CASE_FEED_EXTRA];
	char id_text[24], changes_text[24], masked[512];

	grid_case_feed_values(row, values, id_text, changes_text);
	values[GRID_CASE_REPORTER] = case_mask_text(
	    values[GRID_CASE_REPORTER], 0, masked, sizeof(masked));
	return case_rows_write(&f->rows, values, &f->err);
}

static int
write_request(void *ctx, const struct grid_case_feed_row *row)
{
	struct feed *f = ctx;
	struct grid_o311_request r;
	char notice[256];
	double x, y;

	if (grid_o311_request_from_case(row, f->coords, &r, notice,
	    sizeof(notice), &f->err) != 0)
		return 1;
	if (!r.has_point && row->c.field[GRID_CASE_X] != NULL &&
	    row->c.field[GRID_CASE_Y] != NULL &&
	    sscanf(row->c.field[GRID_CASE_X], "%lf", &x) == 1 &&
	    sscanf(row->c.field[GRID_CASE_Y], "%lf", &y) == 1)
		grid_o311_writer_point_left_out(f->w);
	if (grid_o311_write_request(f->w, &r, &f->err) != 0) {
		if (f->err.source[0] == '\0' && f->c.output != NULL)
			grid_error_locate(&f->err, f->c.output, 0, NULL);
		return 1;
	}
	return 0;
}

static int
write_service(void *ctx, const struct grid_o311_service *s)
{
	struct feed *f = ctx;

	return grid_o311_write_service(f->w, s, &f->err) != 0;
}

/* requests: each case of the list as the feed gives it. */
static int
listed_case(void *ctx, const struct grid_case_row *row)
{
	struct feed *f = ctx;

	if (grid_case_feed_case(f->db, row->field[GRID_CASE_ID],
	    write_request, f, &f->err) != 0)
		return 1;
	return 0;
}

/* Opens the output: rows, or the Open311 writer.  0 or -1 with err. */
static int
open_output(struct feed *f, struct grid_error *err)
{
	struct cli_common plain = f->c;
	size_t n;
	const struct grid_column *columns = grid_case_feed_columns(&n);

	if (!f->open311)
		return case_rows_open(&f->rows, &f->c, columns, n, err);
	/* the extension of -o was checked (check_format); the writer
	 * writes on the stream, cli_out only puts the file in place */
	plain.format = NULL;
	plain.writes = CLI_WRITES_ROWS;
	if (cli_out_open(&f->out, &plain, err) != 0)
		return -1;
	if ((f->w = grid_o311_writer_new(cli_out_stream(&f->out),
	    f->form)) == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	return 0;
}

/* Ends the output: 0, or -1 with err.  ok 0: dropped. */
static int
close_output(struct feed *f, int ok, struct grid_error *err)
{
	int rc = 0;

	if (!f->open311)
		return case_rows_close(&f->rows, ok, err);
	if (ok && f->w != NULL && grid_o311_writer_finish(f->w, err) != 0) {
		if (err->source[0] == '\0' && f->c.output != NULL)
			grid_error_locate(err, f->c.output, 0, NULL);
		ok = 0;
		rc = -1;
	}
	if (cli_out_close(&f->out, ok, rc == 0 ? err : NULL) != 0)
		rc = -1;
	return rc;
}

/* The query of the command into the output.  0, or -1 with err. */
static int
run_query(struct feed *f, long long *next, struct grid_error *err)
{
	int rc;

	if (f->kind == KIND_SERVICES)
		return grid_o311_services(f->db, write_service, f, err);
	if (f->kind == KIND_FEED)
		return grid_case_feed(f->db, f->since, f->limit, f->open311 ?
		    write_request : write_row, f, next, err);
	/* requests: the list and each case's feed row in one snapshot */
	if (grid_db_exec(f->db, "BEGIN", err) != 0)
		return -1;
	rc = grid_case_list(f->db, &f->filter, listed_case, f, err);
	grid_db_exec(f->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL);
	return rc;
}

/* The notes on standard error after a good run (unless -q). */
static void
notes(const struct feed *f, long long next)
{
	const struct grid_o311_writer_stats *st;

	if (f->c.quiet)
		return;
	if (f->w != NULL && (st = grid_o311_writer_stats(f->w)) != NULL &&
	    st->points_left_out > 0)
		cli_warn("note: lat and long left out of %ld requests: %s; "
		    "GeoReport v2 wants WGS84 latitude and longitude",
		    st->points_left_out, f->why);
	if (f->kind == KIND_FEED)
		cli_warn("next cursor: %lld", next);
}

/*
 * The state file's new cursor, made before the output (a directory that
 * is missing fails now: 73, nothing written) and put in place after it.
 */
static int
open_state(struct feed *f, struct cli_output *state, struct grid_error *err)
{
	memset(state, 0, sizeof(*state));
	if (f->state == NULL)
		return 0;
	return cli_output_open(state, f->state, err);
}

static int
close_state(struct feed *f, struct cli_output *state, int ok,
    long long next, struct grid_error *err)
{
	if (f->state == NULL)
		return 0;
	if (ok && fprintf(state->fp, "%lld\n", next) < 0)
		ok = 0;
	return cli_output_close(state, ok, err) != 0 || !ok ? -1 : 0;
}

static int
run(struct feed *f)
{
	struct cli_output state;
	struct grid_error err;
	long long next = 0;
	int coords, status = 0;

	if (f->kind == KIND_FEED && f->since < 0 &&
	    (status = read_state(f)) != 0)
		return status;
	if ((f->db = cli_open_db(&f->c, 1, &status)) == NULL)
		return status;
	if (f->kind != KIND_SERVICES) {
		if ((coords = grid_o311_coords(f->db, &f->why, &err)) < 0)
			goto fail;
		f->coords = (enum grid_o311_coords)coords;
	}
	if (open_state(f, &state, &err) != 0)
		goto fail;
	if (open_output(f, &err) != 0 || run_query(f, &next, &err) != 0) {
		if (err.code == 0 && f->err.code != 0)
			err = f->err;
		close_output(f, 0, NULL);
		close_state(f, &state, 0, 0, NULL);
		goto fail;
	}
	if (close_output(f, 1, &err) != 0) {
		close_state(f, &state, 0, 0, NULL);
		goto fail;
	}
	if (close_state(f, &state, 1, next, &err) != 0)
		goto fail;
	notes(f, next);
	goto out;
fail:
	cli_error(&err);
	status = err.code != 0 ? err.code : GRID_EINTERNAL;
out:
	grid_o311_writer_free(f->w);
	grid_db_close(f->db);
	return status;
}

static int
start(int argc, char **argv, enum feed_kind kind, const char *usage)
{
	struct feed f;
	int status;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.since = -1;
	f.c.writes = CLI_WRITES_ROWS;
	parse(&f, argc, argv, usage);
	status = run(&f);
	for (i = 0; i < f.filter.any[GRID_CASE_BY_STATUS].n; i++)
		free(f.statuses[i]);
	return status;
}

int
case_feed(int argc, char **argv)
{
	return start(argc, argv, KIND_FEED, feed_usage);
}

int
case_services(int argc, char **argv)
{
	return start(argc, argv, KIND_SERVICES, services_usage);
}

int
case_requests(int argc, char **argv)
{
	return start(argc, argv, KIND_REQUESTS, requests_usage);
}
