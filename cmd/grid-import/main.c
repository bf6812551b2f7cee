/*
 * grid-import - load census sheets and registers into the shared
 * database.  See grid-import(1).
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/cli.h"
#include "grid/db.h"
#include "grid/district.h"
#include "grid/import.h"
#include "grid/reject.h"
#include "grid-import.h"

static const char usage[] =
"usage: grid-import [-t TABLE] [options] FILE...\n"
"       grid-import --settings | --set KEY=VALUE... [--force] [-d PATH]\n"
"       grid-import --division CODE [-d PATH]\n"
"       grid-import --districts [-n] [-d CITY] DISTRICT.db...\n"
"Load register files (CSV or NDJSON, UTF-8, GB18030 or UTF-16, plain or\n"
".gz; '-' for standard input; .xlsx and .xls workbooks) into the database,\n"
"in one transaction.\n"
"\n"
"  -t, --table TABLE      {tables}\n"
"                         (default: from each file's name, e.g. people.csv;\n"
"                         people with --households)\n"
"  -d, --db PATH          database (default $GRID_DB, else ./grid.db);\n"
"                         created with mode 0600 when missing\n"
"  -m, --mode MODE        upsert (default), insert or replace\n"
"      --map FIELD=COLUMN take FIELD from COLUMN (repeatable)\n"
"      --encoding ENC     auto (default), utf-8 or gb18030\n"
"      --input-format F   auto (default), csv or ndjson\n"
"      --delimiter C      CSV delimiter (default: sniffed among , TAB ; |)\n"
"      --sheet NAME|N     workbook: the sheet by name or number from 1\n"
"                         (default: the first)\n"
"      --header-line N    the header is on line (sheet row) N; lines\n"
"                         above it are skipped\n"
"      --skip-lines N     skip N lines: the header is on line N+1\n"
"      --reject FILE      write rejected rows to FILE, in the input's\n"
"                         format and encoding ({} is replaced by the\n"
"                         input's name; required with several files);\n"
"                         of a workbook: CSV, UTF-8 with a BOM, CRLF\n"
"      --strict           any rejected row aborts: nothing is written\n"
"      --strict-columns   a column matching no field aborts (default: a\n"
"                         warning, its values kept in attrs)\n"
"      --households       people sheets: make their households from the\n"
"                         household number (户号) and the relation to the\n"
"                         head (与户主关系), one head each (files, not -)\n"
"      --max-errors N     more than N rejected rows abort the run\n"
"  -n, --dry-run          check everything, write no rows (the run is\n"
"                         recorded in import_batches as dry_run)\n"
"      --reveal           show ID and phone numbers in messages unmasked\n"
"      --seq-width N      grid sequence width of a new database (2 or 3)\n"
"      --time-zone NAME   time zone of a new database (IANA name; default\n"
"                         Asia/Shanghai): every local time is computed in\n"
"                         it, whatever TZ says\n"
"      --division CODE    the database's jurisdiction (division_code), set\n"
"                         when it has none: a district's code (320508), a\n"
"                         city's (320500) for a city database; rows\n"
"                         outside it are refused, case ids carry it\n"
"                         (default: the first district of a regions file);\n"
"                         with files from elsewhere, name their district:\n"
"                         another code refuses the run; without a file,\n"
"                         creates the database and exits\n"
"      --settings         print the database's settings (key, value) and\n"
"                         exit; no input file\n"
"      --set KEY=VALUE    change a setting (repeatable; checked as the tools\n"
"                         read it; time_zone rewrites every stored time at\n"
"                         the new zone's offset) and exit; no input file\n"
"      --force            with --set division_code: change a jurisdiction\n"
"                         that is set, or set one that rows lie outside\n"
"      --districts        the files are district databases, loaded into\n"
"                         the city database of -d: the first load copies\n"
"                         everything, later ones only what changed; one\n"
"                         transaction per district (gridkit-city(7))\n"
"  -f, --format FMT       summary as {formats} on\n"
"                         standard output (default: a line per file on\n"
"                         standard error)\n"
"  -o, --output FILE      write that summary to FILE\n"
CLI_HELP_WIDE
CLI_HELP_QUIET
"  -h, --help             this help\n"
"      --version          version\n"
"\n"
"Exit status: 0 all rows in; 65 rows rejected (the good ones are in),\n"
"input content unreadable (bad bytes, broken gzip, open quote) or a\n"
"jurisdiction refused (--division, --set division_code); 64 usage;\n"
"66 input missing or unreadable; 69 database unusable; 70 internal error;\n"
"73 cannot create output; 74 I/O error; 75 database busy.\n";

/*
 * usage with {tables} replaced by the registers' tables
 * (grid_register_at), wrapped under the option's text.  Returns a
 * static buffer.
 */
static const char *
usage_text(void)
{
	static char text[sizeof(usage) + 1024];
	const char *at = strstr(usage, "{tables}");
	const struct grid_register *reg;
	const char *table;
	size_t len, col, i;

	if (at == NULL || text[0] != '\0')
		return text[0] != '\0' ? text : usage;
	len = (size_t)(at - usage);
	memcpy(text, usage, len);
	for (col = 0; col < len && usage[len - col - 1] != '\n'; col++)
		;
	for (i = 0; (reg = grid_register_at(i)) != NULL; i++) {
		table = reg->table;
		if (i > 0 && col + strlen(table) + 3 > 78) {
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    ",\n%25s", "");
			col = 25;
		} else if (i > 0) {
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    ", ");
			col += 2;
		}
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s",
		    table);
		col += strlen(table);
	}
	snprintf(text + len, sizeof(text) - len, "%s", at + strlen("{tables}"));
	return text;
}

enum {
	OPT_MAP = 256, OPT_ENCODING, OPT_INPUT_FORMAT, OPT_DELIMITER,
	OPT_REJECT, OPT_STRICT, OPT_MAX_ERRORS, OPT_SEQ_WIDTH,
	OPT_TIME_ZONE, OPT_SETTINGS, OPT_SET, OPT_SHEET, OPT_HEADER_LINE,
	OPT_SKIP_LINES, OPT_STRICT_COLUMNS, OPT_HOUSEHOLDS, OPT_DIVISION,
	OPT_FORCE, OPT_DISTRICTS
};

static const struct option longopts[] = {
	{ "table", required_argument, NULL, 't' },
	{ "mode", required_argument, NULL, 'm' },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
	{ "delimiter", required_argument, NULL, OPT_DELIMITER },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "header-line", required_argument, NULL, OPT_HEADER_LINE },
	{ "skip-lines", required_argument, NULL, OPT_SKIP_LINES },
	{ "reject", required_argument, NULL, OPT_REJECT },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "strict-columns", no_argument, NULL, OPT_STRICT_COLUMNS },
	{ "households", no_argument, NULL, OPT_HOUSEHOLDS },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "seq-width", required_argument, NULL, OPT_SEQ_WIDTH },
	{ "time-zone", required_argument, NULL, OPT_TIME_ZONE },
	{ "settings", no_argument, NULL, OPT_SETTINGS },
	{ "set", required_argument, NULL, OPT_SET },
	{ "division", required_argument, NULL, OPT_DIVISION },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "districts", no_argument, NULL, OPT_DISTRICTS },
	CLI_COMMON_LONG,
	CLI_WIDE_LONG,
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct cli_common c;	/* -d, -f, -o, -q, --reveal */
	const char *table, *reject;
	int strict, dry_run, seq_width, settings, force;
	const char *time_zone;
	const char **set;
	size_t nset;
	long max_errors;	/* -1: no limit */
	int districts;		/* --districts: the files are databases */
	const char **map;
	size_t nmap;
	struct grid_import_options opts;
	char **files;
	int nfiles;

	struct grid_reject_file *rf;
	struct cli_progress progress;
	long rejected;
	int stop_status;	/* why on_reject stopped the run, or 0 */
	const char *file;
};

/* --sheet, --header-line, --skip-lines: where the table is. */
static void
layout_option(struct run *run, int c)
{
	struct grid_reader_layout *layout = &run->opts.layout;

	if (c == OPT_SHEET) {
		if (optarg[0] == '\0')
			cli_usage_error("--sheet: expected a sheet's name or "
			    "number");
		layout->sheet = optarg;
		return;
	}
	if (layout->header_line > 0)
		cli_usage_error("--header-line and --skip-lines: give one, "
		    "once");
	if (c == OPT_HEADER_LINE)
		layout->header_line = cli_number("--header-line", optarg, 1,
		    1000000L);
	else
		layout->header_line = cli_number("--skip-lines", optarg, 0,
		    999999L) + 1;
}

/*
 * A reject file is text (CSV, TSV or NDJSON as the input): refused
 * when its name says workbook, rather than written as CSV under a name
 * Excel would refuse to open.
 */
static void
check_reject_name(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot != NULL && (strcasecmp(dot, ".xlsx") == 0 ||
	    strcasecmp(dot, ".xls") == 0 || strcasecmp(dot, ".ods") == 0 ||
	    strcasecmp(dot, ".xlsb") == 0))
		cli_usage_error("--reject: '%s': reject files are CSV (UTF-8 "
		    "with a BOM for a workbook; Excel opens them): name it "
		    ".csv", path);
}

static void
parse_options(struct run *run, int argc, char **argv)
{
	struct grid_error err;
	int c, v;

	run->max_errors = -1;
	/* a writer of the database: its summary held until the commit */
	run->c.writes = CLI_WRITES_ROWS | CLI_WRITES_HELD;
	while ((c = cli_getopt_long(argc, argv, "t:m:n" CLI_COMMON_SHORT,
	    longopts, NULL)) != -1) {
		if (cli_common_option(&run->c, c, optarg, usage_text()))
			continue;
		switch (c) {
		case 't': run->table = optarg; break;
		case 'm':
			if (strcmp(optarg, "upsert") == 0)
				run->opts.mode = GRID_IMPORT_UPSERT;
			else if (strcmp(optarg, "insert") == 0)
				run->opts.mode = GRID_IMPORT_INSERT;
			else if (strcmp(optarg, "replace") == 0)
				run->opts.mode = GRID_IMPORT_REPLACE;
			else
				cli_usage_error("--mode: expected upsert, "
				    "insert or replace, not '%s'", optarg);
			break;
		case OPT_MAP:
			run->map = realloc(run->map, (run->nmap + 1) *
			    sizeof(*run->map));
			if (run->map == NULL)
				cli_die(GRID_EINTERNAL, "out of memory");
			run->map[run->nmap++] = optarg;
			break;
		case OPT_ENCODING:
			if ((v = grid_encoding_parse(optarg)) < 0)
				cli_usage_error("--encoding: expected auto, "
				    "utf-8 or gb18030, not '%s'", optarg);
			run->opts.reader.encoding = (enum grid_encoding)v;
			break;
		case OPT_INPUT_FORMAT:
			if (strcmp(optarg, "csv") == 0)
				run->opts.reader.format = GRID_INPUT_CSV;
			else if (strcmp(optarg, "ndjson") == 0)
				run->opts.reader.format = GRID_INPUT_NDJSON;
			else if (strcmp(optarg, "auto") != 0)
				cli_usage_error("--input-format: expected "
				    "auto, csv or ndjson, not '%s'", optarg);
			break;
		case OPT_DELIMITER:
			if (strcmp(optarg, "\\t") == 0 ||
			    strcmp(optarg, "tab") == 0)
				optarg = "\t";
			if (strlen(optarg) != 1 || optarg[0] == '"' ||
			    optarg[0] == '\n' || optarg[0] == '\r')
				cli_usage_error("--delimiter: expected one "
				    "character, not '%s'", optarg);
			run->opts.reader.delimiter = optarg[0];
			break;
		case OPT_REJECT:
			check_reject_name(optarg);
			run->reject = optarg;
			break;
		case OPT_SHEET:
		case OPT_HEADER_LINE:
		case OPT_SKIP_LINES:
			layout_option(run, c);
			break;
		case OPT_STRICT: run->strict = 1; break;
		case OPT_STRICT_COLUMNS: run->opts.strict_columns = 1; break;
		case OPT_HOUSEHOLDS: run->opts.households = 1; break;
		case OPT_MAX_ERRORS:
			run->max_errors = cli_number("--max-errors", optarg, 0,
			    1000000000L);
			break;
		case 'n': run->dry_run = run->opts.dry_run = 1; break;
		case OPT_SEQ_WIDTH:
			run->seq_width = (int)cli_number("--seq-width", optarg,
			    2, 3);
			break;
		case OPT_TIME_ZONE: run->time_zone = optarg; break;
		case OPT_SETTINGS: run->settings = 1; break;
		case OPT_DIVISION:
			if (grid_division_check(optarg, &err) != 0)
				cli_usage_error("--division: %s", err.text);
			run->opts.division = optarg;
			break;
		case OPT_FORCE: run->force = 1; break;
		case OPT_DISTRICTS: run->districts = 1; break;
		case OPT_SET:
			run->set = realloc(run->set, (run->nset + 1) *
			    sizeof(*run->set));
			if (run->set == NULL)
				cli_die(GRID_EINTERNAL, "out of memory");
			run->set[run->nset++] = optarg;
			break;
		default:
			cli_bad_option();
		}
	}
	run->files = argv + optind;
	run->nfiles = argc - optind;
	if ((run->settings || run->nset > 0) && run->nfiles > 0)
		cli_usage_error("--settings and --set take no input file");
	if (run->settings && run->nset > 0)
		cli_usage_error("--settings or --set, not both");
	if ((run->settings || run->nset > 0) && run->opts.division != NULL)
		cli_usage_error("--division sets division_code: give it with "
		    "files or alone, not with --settings or --set");
	if (run->force && run->nset == 0)
		cli_usage_error("--force goes with --set division_code=CODE");
	if (run->settings || run->nset > 0)
		return;
	if (run->nfiles == 0 && run->opts.division != NULL)
		return;
	if (run->nfiles == 0)
		cli_usage_error("no input file (use - for standard input)");
	if (run->reject != NULL && run->nfiles > 1 &&
	    strstr(run->reject, "{}") == NULL)
		cli_usage_error("--reject: with several input files, the name "
		    "must contain {} (replaced by each input's name)");
}

/*
 * The table of each file: -t, or its name, or people with --households;
 * dies 64 when none.
 */
static const char *
table_for(const struct run *run, const char *path, char *buf, size_t n)
{
	if (run->table != NULL)
		return run->table;
	if (grid_import_table_for_path(path, buf, n) != 0 &&
	    run->opts.households)
		return "people";
	if (grid_import_table_for_path(path, buf, n) != 0)
		cli_usage_error("%s: cannot tell the table from the file name; "
		    "use -t TABLE", path);
	return buf;
}

/* The reject file for an input: {} replaced by its base name. */
static char *
reject_path(const char *pattern, const char *input)
{
	const char *base = strrchr(input, '/'), *at = strstr(pattern, "{}");
	size_t blen, n;
	char *out;

	base = base != NULL ? base + 1 : input;
	if (strcmp(input, "-") == 0)
		base = "stdin";
	blen = strcspn(base, ".");
	if (at == NULL)
		return strdup(pattern);
	n = strlen(pattern) + blen;
	out = malloc(n);
	if (out != NULL)
		snprintf(out, n, "%.*s%.*s%s", (int)(at - pattern), pattern,
		    (int)blen, base, at + 2);
	return out;
}

static int
on_file(void *ctx, const struct grid_reader *reader, const char *table,
    struct grid_error *err)
{
	struct run *run = ctx;
	char *path;

	(void)table;
	if (run->reject == NULL)
		return 0;
	path = reject_path(run->reject, run->file);
	if (path == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	run->rf = grid_reject_file_open(path, err);
	free(path);
	if (run->rf == NULL)
		return -1;
	return grid_reject_file_start(run->rf, reader, err);
}

static int
on_reject(void *ctx, const struct grid_reject *r)
{
	struct run *run = ctx;
	struct grid_error err;

	cli_progress_done(&run->progress);
	cli_error_masked(r->error, run->c.reveal);
	run->rejected++;
	if (run->rf != NULL && grid_reject_file_add(run->rf, r, &err) != 0) {
		cli_error(&err);
		run->stop_status = err.code;
	} else if (run->strict) {
		cli_warn("--strict: stopped at the first rejected row");
		run->stop_status = GRID_EDATA;
	} else if (run->max_errors >= 0 && run->rejected > run->max_errors) {
		cli_warn("--max-errors %ld: stopped at rejected row %ld",
		    run->max_errors, run->rejected);
		run->stop_status = GRID_EDATA;
	}
	return run->stop_status != 0;
}

static void
on_warning(void *ctx, const struct grid_error *w)
{
	struct run *run = ctx;
	struct grid_error copy = *w;

	cli_progress_done(&run->progress);
	snprintf(copy.text, sizeof(copy.text), _("warning: %.500s"), w->text);
	cli_error(&copy);
}

static void
on_progress(void *ctx, const struct grid_reader *reader, long rows, int done)
{
	struct run *run = ctx;
	uint64_t pos, total;

	if (done) {
		cli_progress_done(&run->progress);
		return;
	}
	grid_reader_progress(reader, &pos, &total);
	cli_progress_show(&run->progress, grid_reader_name(reader), pos,
	    total, rows);
}

static const struct grid_column summary_columns[] = {
	{ "file", GRID_COL_TEXT }, { "table", GRID_COL_TEXT },
	{ "read", GRID_COL_INT }, { "inserted", GRID_COL_INT },
	{ "updated", GRID_COL_INT }, { "unchanged", GRID_COL_INT },
	{ "rejected", GRID_COL_INT }, { "seconds", GRID_COL_REAL },
};

/* One summary row, as a line on standard error or a row of o. */
static void
summarize(struct run *run, struct cli_out *o, const char *file,
    const char *table, const struct grid_import_stats *st)
{
	char num[6][32], secs[32];
	const char *row[8];
	struct grid_error err;

	if (run->c.quiet && o == NULL)
		return;
	if (o == NULL) {
		fprintf(stderr, _("%s: %s: %ld read, %ld inserted, %ld updated, "
		    "%ld unchanged, %ld rejected, %.2f s%s\n"), cli_progname(),
		    strcmp(file, "-") == 0 ? "<stdin>" : file, st->read,
		    st->inserted, st->updated, st->unchanged, st->rejected,
		    st->seconds, run->dry_run ? _(" (dry run: nothing written)")
		    : "");
		return;
	}
	snprintf(num[0], 32, "%ld", st->read);
	snprintf(num[1], 32, "%ld", st->inserted);
	snprintf(num[2], 32, "%ld", st->updated);
	snprintf(num[3], 32, "%ld", st->unchanged);
	snprintf(num[4], 32, "%ld", st->rejected);
	snprintf(secs, sizeof(secs), "%.3f", st->seconds);
	row[0] = file;
	row[1] = table;
	row[2] = num[0];
	row[3] = num[1];
	row[4] = num[2];
	row[5] = num[3];
	row[6] = num[4];
	row[7] = secs;
	if (cli_out_row(o, row, &err) != 0)
		cli_error(&err);
}

/*
 * Whether file i (of table) is looked at before the run's files are
 * loaded (grid_division_survey): a worker_grids file (the workers it
 * places come before it), or a file whose rows a file before it names.
 */
static int
surveyed(const struct run *run, int i, const char *table)
{
	const struct grid_register *reg;
	const char *ref;
	size_t k, n = strlen(table);
	char buf[64];
	int j;

	if (strcmp(table, "worker_grids") == 0)
		return 1;
	for (j = 0; j < i; j++) {
		reg = grid_register_find(table_for(run, run->files[j], buf,
		    sizeof(buf)));
		for (k = 0; reg != NULL && k < reg->nfields; k++) {
			ref = reg->fields[k].ref;
			if (ref != NULL && strncmp(ref, table, n) == 0 &&
			    ref[n] == '.')
				return 1;
		}
	}
	return 0;
}

/*
 * Surveys the files that place rows of files loaded before them; the
 * exit status (0, or the error's, said).
 */
static int
survey_all(struct run *run, struct grid_import *imp)
{
	struct grid_error err;
	const char *table;
	char buf[64];
	int i;

	for (i = 0; i < run->nfiles; i++) {
		table = table_for(run, run->files[i], buf, sizeof(buf));
		if (!surveyed(run, i, table))
			continue;
		if (grid_division_survey(imp, run->files[i], table,
		    &err) != 0) {
			cli_error(&err);
			return err.code != 0 ? err.code : GRID_EINTERNAL;
		}
	}
	return 0;
}

/* Loads every file; returns the exit status. */
static int
import_all(struct run *run, struct grid_db *db, struct cli_out *o)
{
	struct grid_import_stats st;
	struct grid_import *imp;
	struct grid_error err;
	char buf[64];
	const char *table;
	int i, status = 0, rc;

	imp = grid_import_begin(db, &run->opts, &err);
	if (imp == NULL) {
		cli_error(&err);
		return err.code;
	}
	status = survey_all(run, imp);
	for (i = 0; i < run->nfiles && status == 0; i++) {
		run->file = run->files[i];
		table = table_for(run, run->files[i], buf, sizeof(buf));
		rc = grid_import_file(imp, run->files[i], table, &st, &err);
		cli_progress_done(&run->progress);
		if (rc != 0 && run->stop_status != 0) {
			status = run->stop_status;	/* said by on_reject */
		} else if (rc != 0) {
			cli_error(&err);
			status = err.code != 0 ? err.code : GRID_EINTERNAL;
		}
		if (grid_reject_file_close(run->rf, 1, &err) != 0) {
			cli_error(&err);
			status = status != 0 ? status : err.code;
		}
		run->rf = NULL;
		if (rc == 0)
			summarize(run, o, run->files[i], table, &st);
	}
	if (grid_import_end(imp, status == 0 && !run->dry_run, &err) != 0) {
		cli_error(&err);
		status = err.code;
	}
	if (status != 0 && !run->dry_run)
		cli_warn("nothing was written: the run was rolled back");
	if (status == 0 && run->rejected > 0)
		status = GRID_EDATA;
	return status;
}

/* The reject file must not replace the input it is made from. */
static void
check_reject_path(const char *pattern, const char *input)
{
	struct stat a, b;
	char *path = reject_path(pattern, input);
	int same;

	if (path == NULL)
		cli_die(GRID_EINTERNAL, "out of memory");
	same = strcmp(input, "-") != 0 && stat(path, &a) == 0 &&
	    stat(input, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
	free(path);
	if (same)
		cli_usage_error("--reject: '%s' is the input file", input);
}

/*
 * --households: made from the run's people sheets, which are read twice,
 * so not from standard input; a run without one is a mistake.
 */
static void
check_households(const struct run *run)
{
	const char *table = NULL;
	char buf[64];
	int i, people = 0;

	for (i = 0; i < run->nfiles; i++) {
		table = table_for(run, run->files[i], buf, sizeof(buf));
		if (strcmp(table, "people") != 0)
			continue;
		people++;
		if (strcmp(run->files[i], "-") == 0)
			cli_usage_error("--households reads a sheet twice, "
			    "and standard input only once: give the sheet's "
			    "file");
	}
	if (people == 0 && run->nfiles == 1)
		cli_usage_error("--households: '%s' is a sheet of %s; "
		    "households are made from a people sheet", run->files[0],
		    table);
	if (people == 0)
		cli_usage_error("--households: no people sheet among the "
		    "files; households are made from a people sheet");
}

/* --districts: database files, none of a sheet's options. */
static void
check_districts(const struct run *run)
{
	int i;

	if (run->table != NULL || run->nmap > 0 || run->reject != NULL ||
	    run->strict || run->opts.strict_columns || run->opts.households ||
	    run->max_errors >= 0 || run->opts.mode != GRID_IMPORT_UPSERT ||
	    run->opts.layout.sheet != NULL || run->opts.layout.header_line > 0)
		cli_usage_error("--districts loads databases: -t, -m, --map, "
		    "--reject, --strict, --strict-columns, --households, "
		    "--max-errors, --sheet, --header-line and --skip-lines "
		    "are for sheets");
	if (run->settings || run->nset > 0 || run->nfiles == 0)
		cli_usage_error("--districts: give the district databases");
	for (i = 0; i < run->nfiles; i++)
		if (strcmp(run->files[i], "-") == 0)
			cli_usage_error("--districts: a database is a file, "
			    "not standard input");
	cli_format_check(&run->c);
}

/*
 * What can be told wrong from the command line alone is refused (64)
 * before the database or any output is touched: each file's table, the
 * --map pairs against it, the summary format.
 */
static void
check_usage(const struct run *run)
{
	struct grid_error err;
	const char *table;
	char buf[64];
	int i;

	if (run->districts) {
		check_districts(run);
		return;
	}
	for (i = 0; i < run->nfiles; i++) {
		table = table_for(run, run->files[i], buf, sizeof(buf));
		if (grid_import_check_map(table, run->map, run->nmap,
		    &err) != 0)
			cli_usage_error("%s", err.text);
		if (run->reject != NULL)
			check_reject_path(run->reject, run->files[i]);
	}
	if (run->opts.households)
		check_households(run);
	cli_format_check(&run->c);
}

/* Opens the database of -d, made when missing.  NULL: printed, *status. */
static struct grid_db *
open_db(const struct run *run, int *status)
{
	struct grid_db_new fresh;
	struct grid_db *db;
	struct grid_error err;

	fresh.seq_width = run->seq_width;
	fresh.time_zone = run->time_zone;
	if (grid_db_open_with(run->c.db, run->settings || run->nset > 0 ? 0 :
	    GRID_DB_CREATE, &fresh, &db, &err)) {
		cli_error(&err);
		*status = err.code;
		return NULL;
	}
	if (grid_db_notice(db) != NULL)
		cli_warn("%s", grid_db_notice(db));
	if (grid_db_created(db) && !run->c.quiet)
		cli_warn("%s: created a new database (time zone %s)",
		    grid_db_path(db), grid_db_time_zone(db));
	return db;
}

/* Loads the files, the summary to -f/-o when asked; the exit status. */
static int
run_import(struct run *run, struct grid_db *db)
{
	struct cli_out out;
	struct grid_error err;
	int status, summary = run->c.format != NULL || run->c.output != NULL;

	if (!summary)
		return import_all(run, db, NULL);
	if (cli_out_open(&out, &run->c, &err) != 0) {
		cli_error(&err);
		return err.code;
	}
	cli_out_columns(&out, summary_columns, NULL, 8);
	status = import_all(run, db, &out);
	if (cli_out_close(&out, 1, &err) != 0) {
		cli_error(&err);
		/* a lost summary outweighs rejected rows */
		if (status == 0 || status == GRID_EDATA)
			status = err.code;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct run run;
	struct cli_common settings;
	struct grid_db *db;
	int status = 0, i;

	cli_init("grid-import");
	memset(&run, 0, sizeof(run));
	parse_options(&run, argc, argv);
	check_usage(&run);
	run.opts.map = run.map;
	run.opts.nmap = run.nmap;
	run.opts.actor = cli_actor();
	run.opts.on_file = on_file;
	run.opts.on_reject = on_reject;
	run.opts.on_warning = on_warning;
	run.opts.on_progress = on_progress;
	run.opts.ctx = &run;
	cli_progress_init(&run.progress, run.c.quiet);
	for (i = 0; i < run.nfiles; i++)
		if (strcmp(run.files[i], "-") == 0)
			cli_wait_input(STDIN_FILENO);
	if ((db = open_db(&run, &status)) == NULL)
		return status;
	settings = run.c;
	settings.writes = CLI_WRITES_ROWS;	/* read, not held */
	if (run.settings)
		status = settings_show(db, &settings);
	else if (run.nset > 0)
		status = settings_set(db, run.set, run.nset, run.force);
	else if (run.districts && run.opts.division != NULL &&
	    (status = settings_division(db, run.opts.division)) != 0)
		;	/* said */
	else if (run.districts)
		status = city_load_all(db, &run.c, run.files, run.nfiles,
		    run.dry_run);
	else if (run.nfiles == 0)
		status = settings_division(db, run.opts.division);
	else
		status = run_import(&run, db);
	grid_db_close(db);
	free(run.map);
	free(run.set);
	return cli_finish(status);
}
