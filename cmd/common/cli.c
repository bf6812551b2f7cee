/* cli.c - messages, numbers, options, progress and outputs of the tools. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <poll.h>
#include <pwd.h>
#include <unistd.h>

#include "common/cli.h"
#include "grid/codes.h"
#include "grid/db.h"
#include "grid/registers.h"
#include "grid/text.h"
#include "grid/tz.h"

static const char *toolname = "gridkit";
static const char *progname = "gridkit"; /* the tool, or "tool command" */
static char progname_buf[128];
static const char *command_name;	/* cli_command */
static struct cli_common options_seen;	/* cli_common_option's last */
static const char *const *table_main;	/* cli_table_main */
static int table_whole;			/* cli_table_whole */

void
cli_init(const char *name)
{
	toolname = progname = name;
	grid_tz_init();
	/* messages only: numbers, dates and collation stay the C locale's */
	setlocale(LC_MESSAGES, "");
	grid_text_init();
}

void
cli_set_command(const char *command)
{
	snprintf(progname_buf, sizeof(progname_buf), "%s %s", toolname,
	    command);
	progname = progname_buf;
}

void
cli_enter(char **argv)
{
	command_name = argv[0];
	cli_set_command(command_name);
	argv[0] = progname_buf;		/* getopt's messages name argv[0] */
}

const char *
cli_command(void)
{
	return command_name;
}

const char *
cli_actor(void)
{
	static char uid_name[64];
	const char *const vars[] = { "GRID_ACTOR", "USER", "LOGNAME" };
	const struct passwd *pw;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (getenv(vars[i]) != NULL && getenv(vars[i])[0] != '\0')
			return getenv(vars[i]);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL &&
	    pw->pw_name[0] != '\0')
		snprintf(uid_name, sizeof(uid_name), "%s", pw->pw_name);
	else
		snprintf(uid_name, sizeof(uid_name), "uid %lu",
		    (unsigned long)getuid());
	return uid_name;
}

const char *
cli_progname(void)
{
	return progname;
}

/*
 * "prog: text" and a line feed on standard error, with the control
 * characters of text (C0, DEL, and C1 as UTF-8) shown as '?': a message
 * quotes values from the input, which must not move a terminal's cursor
 * nor split the message into several lines.
 */
static void
put_message(const char *text)
{
	const unsigned char *p;

	fprintf(stderr, "%s: ", progname);
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fputc('?', stderr);
			p++;
		} else
			fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
	}
	fputc('\n', stderr);
}

void
cli_error(const struct grid_error *err)
{
	char line[1024];

	put_message(grid_error_format(err, line, sizeof(line)));
}

int
cli_personal_field(const char *field)
{
	return field != NULL && grid_field_personal(field);
}

/*
 * Masks what lies between the first and the last quote of the text: the
 * rejected value, even when it holds quotes itself (a spreadsheet's
 * leading apostrophe), and everything between when there are several.
 */
void
cli_error_masked(const struct grid_error *err, int reveal)
{
	struct grid_error copy;
	const char *open, *close;
	char value[sizeof(err->text)], masked[sizeof(err->text)];
	int n;

	open = strchr(err->text, '\'');
	close = strrchr(err->text, '\'');
	if (reveal || !cli_personal_field(err->field) || open == NULL ||
	    close == open) {
		cli_error(err);
		return;
	}
	copy = *err;
	snprintf(value, sizeof(value), "%.*s", (int)(close - open - 1),
	    open + 1);
	if (strcmp(err->field, "phone") == 0)
		grid_mask_phone(value, masked, sizeof(masked));
	else
		grid_mask_idno(value, masked, sizeof(masked));
	n = snprintf(copy.text, sizeof(copy.text), "%.*s'%.200s'",
	    (int)(open - err->text), err->text, masked);
	if (n > 0 && (size_t)n < sizeof(copy.text))
		snprintf(copy.text + n, sizeof(copy.text) - (size_t)n, "%.300s",
		    close + 1);
	cli_error(&copy);
}

static void
vwarn(const char *fmt, va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof(line), _(fmt), ap);
	put_message(line);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
cli_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("Try '%s --help'.\n"), progname);
	exit(GRID_EUSAGE);
}

void
cli_bad_option(void)
{
	fprintf(stderr, _("Try '%s --help'.\n"), progname);
	exit(GRID_EUSAGE);
}

void
cli_version(void)
{
	printf("%s (gridkit) %s\n", toolname, GRIDKIT_VERSION);
	exit(cli_finish(0));
}

long
cli_number(const char *name, const char *text, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || n < min || n > max)
		cli_usage_error("%s: expected a whole number %ld-%ld, not '%s'",
		    name, min, max, text);
	return n;
}

static double
now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* $COLUMNS when it is a width, else 0. */
static size_t
env_columns(void)
{
	const char *text = getenv("COLUMNS");
	char *end;
	long n;

	if (text == NULL || *text == '\0')
		return 0;
	errno = 0;
	n = strtol(text, &end, 10);
	return errno == 0 && *end == '\0' && n > 0 && n <= 100000 ?
	    (size_t)n : 0;
}

/* The width of the terminal on fd, 0 when it is none or will not say. */
static size_t
terminal_columns(int fd)
{
	struct winsize ws;

	if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0)
		return 0;
	return ws.ws_col;
}

size_t
cli_stderr_width(void)
{
	size_t n = terminal_columns(STDERR_FILENO);

	if (n == 0)
		n = env_columns();
	return n > 0 ? n : 80;
}

void
cli_table_whole(void)
{
	table_whole = 1;
}

size_t
cli_table_width(void)
{
	const char *path = options_seen.output;
	size_t n;

	if (options_seen.wide || table_whole)
		return 0;
	if ((path == NULL || strcmp(path, "-") == 0) &&
	    isatty(STDOUT_FILENO)) {
		n = terminal_columns(STDOUT_FILENO);
		if (n == 0)
			n = env_columns();
		return n > 0 ? n : 80;
	}
	return env_columns();
}

int
cli_chinese(void)
{
	const char *name = setlocale(LC_MESSAGES, NULL);
	const char *language = getenv("LANGUAGE");

	if (name == NULL || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0)
		return 0;
	if (language != NULL && *language != '\0')
		return strncmp(language, "zh", 2) == 0;
	return strncmp(name, "zh", 2) == 0;
}

/* The note of a fitted table: what it left out. */
static void
table_left_out(void *ctx, const char *const *names, size_t n, size_t width)
{
	struct grid_buf list;
	size_t i;

	(void)ctx;
	if (options_seen.quiet)
		return;
	grid_buf_init(&list, 0);
	for (i = 0; i < n; i++)
		if ((i > 0 && grid_buf_adds(&list, ", ") != 0) ||
		    grid_buf_adds(&list, names[i]) != 0)
			break;
	if (width > 0)
		cli_warn(P_("table: %zu column left out to fit %zu columns "
		    "(--wide: every column): %s", "table: %zu columns left "
		    "out to fit %zu columns (--wide: every column): %s", n), n,
		    width, list.data != NULL ? list.data : "");
	else
		cli_warn(P_("table: %zu column shown only with --wide: %s",
		    "table: %zu columns shown only with --wide: %s", n), n,
		    list.data != NULL ? list.data : "");
	grid_buf_release(&list);
}

void
cli_table_main(const char *const *names)
{
	table_main = names;
}

int
cli_table_fit(struct grid_writer *w, const char *const *labels,
    struct grid_error *err)
{
	return grid_writer_fit(w, cli_table_width(),
	    options_seen.wide ? NULL : table_main,
	    cli_chinese() ? labels : NULL, table_left_out, NULL, err);
}

void
cli_progress_init(struct cli_progress *p, int quiet)
{
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->start = now_seconds();
	p->last = 0;
}

void
cli_progress_show(struct cli_progress *p, const char *name, uint64_t done,
    uint64_t total, long rows)
{
	double t = now_seconds(), el = t - p->start, rate;
	char line[512], part[160];
	const char *tail = name;
	size_t width, room;

	if (!p->enabled || t - p->last < 0.2)
		return;
	p->last = t;
	rate = el > 0 ? (double)rows / el : 0;
	line[0] = '\0';
	if (total > 0 && done <= total) {
		snprintf(part, sizeof(part), "%.0f%% %.1f/%.1f MB, ",
		    100.0 * (double)done / (double)total, (double)done / 1e6,
		    (double)total / 1e6);
		grid_text_copy(line + strlen(line), sizeof(line) -
		    strlen(line), part);
	}
	snprintf(part, sizeof(part), _("%ld rows, %.0f rows/s"), rows, rate);
	grid_text_copy(line + strlen(line), sizeof(line) - strlen(line),
	    part);
	if (total > 0 && done > 0 && done < total) {
		snprintf(part, sizeof(part), _(", ETA %.0fs"),
		    el * (double)(total - done) / (double)done);
		grid_text_copy(line + strlen(line), sizeof(line) -
		    strlen(line), part);
	}
	/*
	 * One line, never wider than the terminal less its last column (a
	 * line that fills it wraps on some terminals): a wider one would
	 * leave its wrapped part behind at every redraw.  The figures come
	 * first; a name too long loses its beginning ("...ple.csv: 42%").
	 */
	width = cli_stderr_width();
	width = width > 1 ? width - 1 : 1;
	room = width > grid_utf8_width(line) + 2 ?
	    width - grid_utf8_width(line) - 2 : 0;
	if (grid_utf8_width(name) > room) {
		while (*tail != '\0' && grid_utf8_width(tail) + 3 > room)
			do	/* one character */
				tail++;
			while (((unsigned char)*tail & 0xc0) == 0x80);
		if (room > 3)
			fprintf(stderr, "\r\033[K...%s: %s", tail, line);
		else
			fprintf(stderr, "\r\033[K%.*s", (int)grid_utf8_fit(line,
			    width), line);
	} else
		fprintf(stderr, "\r\033[K%s: %s", name, line);
	fflush(stderr);
}

void
cli_progress_done(struct cli_progress *p)
{
	if (p->enabled && p->last > 0)
		fputs("\r\033[K", stderr);
	p->last = 0;
}

int
cli_output_open(struct cli_output *o, const char *path,
    struct grid_error *err)
{
	struct stat st;
	size_t n;
	int fd;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a pipe (/dev/null, a FIFO): written in place;
		 * renaming a file over it would replace it. */
		o->fp = fopen(path, "w");
		if (o->fp == NULL)
			return grid_error_set(err, GRID_ECANTCREAT, path, 0,
			    NULL, "cannot open: %s", strerror(errno));
		o->path = strdup(path);
		return 0;
	}
	n = strlen(path) + 16;
	o->path = strdup(path);
	o->tmp = malloc(n);
	if (o->path == NULL || o->tmp == NULL)
		return grid_error_set(err, GRID_EINTERNAL, path, 0, NULL,
		    "out of memory");
	snprintf(o->tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		grid_error_set(err, GRID_ECANTCREAT, path, 0, NULL,
		    "cannot create: %s", strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		return -1;
	}
	return 0;
}

FILE *
cli_temp_file(struct grid_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *fp;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/gridkit.XXXXXX", dir) >=
	    sizeof(path)) {
		grid_error_set(err, GRID_EIO, "temporary file", 0, NULL,
		    "$TMPDIR too long");
		return NULL;
	}
	errno = 0;
	if ((fd = mkstemp(path)) < 0) {	/* mode 0600 */
		grid_error_set(err, GRID_EIO, dir, 0, NULL,
		    "cannot create a temporary file: %s", strerror(errno));
		return NULL;
	}
	unlink(path);
	if ((fp = fdopen(fd, "w+b")) == NULL) {
		grid_error_set(err, GRID_EIO, dir, 0, NULL,
		    "cannot open a temporary file: %s", strerror(errno));
		close(fd);
	}
	return fp;
}

int
cli_output_open_held(struct cli_output *o, const char *path,
    struct grid_error *err)
{
	if (path != NULL && strcmp(path, "-") != 0)
		return cli_output_open(o, path, err);
	memset(o, 0, sizeof(*o));
	if ((o->fp = cli_temp_file(err)) == NULL)
		return -1;
	o->held = 1;
	return 0;
}

/* Copies the held output to standard output (ok) and closes it. */
static int
release_held(struct cli_output *o, int ok, struct grid_error *err)
{
	char buf[65536];
	size_t n;
	int rc = 0;

	if (ok && (fflush(o->fp) != 0 || fseek(o->fp, 0, SEEK_SET) != 0))
		rc = grid_error_set(err, GRID_EIO, "temporary file", 0, NULL,
		    "%s", strerror(errno));
	while (ok && rc == 0 && (n = fread(buf, 1, sizeof(buf), o->fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = grid_error_set(err, GRID_EIO, "standard output",
			    0, NULL, "write error: %s", strerror(errno));
	if (ok && rc == 0 && ferror(o->fp))
		rc = grid_error_set(err, GRID_EIO, "temporary file", 0, NULL,
		    "read error");
	fclose(o->fp);
	memset(o, 0, sizeof(*o));
	return rc;
}

int
cli_output_close(struct cli_output *o, int ok, struct grid_error *err)
{
	int rc = 0;

	if (o->held)
		return release_held(o, ok, err);
	if (o->fp == NULL || o->fp == stdout)
		return 0;
	if (o->tmp == NULL) {	/* a device or pipe, written in place */
		if (fclose(o->fp) != 0)
			rc = grid_error_set(err, GRID_EIO, o->path, 0, NULL,
			    "write error: %s", strerror(errno));
		free(o->path);
		memset(o, 0, sizeof(*o));
		return rc;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
		rc = grid_error_set(err, GRID_EIO, o->path, 0, NULL,
		    "write error: %s", strerror(errno));
	if (fclose(o->fp) != 0 && rc == 0)
		rc = grid_error_set(err, GRID_EIO, o->path, 0, NULL,
		    "write error: %s", strerror(errno));
	if (ok && rc == 0 && rename(o->tmp, o->path) != 0)
		rc = grid_error_set(err, GRID_EIO, o->path, 0, NULL,
		    "cannot rename into place: %s", strerror(errno));
	if (!ok || rc != 0)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	return rc;
}

int
cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("write error on standard output: %s",
		    strerror(errno));
		return GRID_EIO;
	}
	return status;
}

/* 1 when the long option named at text ("--name" or "--name=v") has val. */
static int
long_option_has(const struct option *longopts, const char *text, int val)
{
	size_t n = strcspn(text + 2, "=");

	for (; longopts->name != NULL; longopts++)
		if (strncmp(longopts->name, text + 2, n) == 0 &&
		    longopts->val == val)
			return 1;
	return 0;
}

/*
 * getopt_long's complaint (opterr 0: none printed), in the shape of
 * every other usage error: "PROG: OPTION: what is wrong", then the hint;
 * exits 64.  before is optind before the call: a short option inside a
 * cluster ("-qZ") leaves optind where it was.
 */
static void
bad_option(char *const argv[], const struct option *longopts, int opt,
    int before)
{
	const char *text = optind > 0 ? argv[optind - 1] : "";
	int is_long = optind != before && strncmp(text, "--", 2) == 0 &&
	    text[2] != '\0';

	if (is_long && optopt != 0 && !long_option_has(longopts, text, optopt))
		is_long = 0;
	if (is_long && opt == ':')
		cli_usage_error("%.*s: needs a value", (int)strcspn(text, "="),
		    text);
	if (is_long && optopt != 0)
		cli_usage_error("%.*s: takes no value", (int)strcspn(text, "="),
		    text);
	if (is_long)
		cli_usage_error("%.*s: unknown option", (int)strcspn(text, "="),
		    text);
	if (opt == ':')
		cli_usage_error("-%c: needs a value", optopt);
	cli_usage_error("-%c: unknown option", optopt);
}

/*
 * The hidden --list-options (cli.h): not in any --help, man page or
 * completion, on purpose; only the documentation tests use it.
 */
int
cli_getopt_long(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts, int *longindex)
{
	char opts[128];
	int i, opt, before = optind;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--list-options") == 0) {
			for (; longopts->name != NULL; longopts++)
				printf("--%s\n", longopts->name);
			exit(cli_finish(0));
		}
	/* ':' first: a missing value is told from an unknown option */
	snprintf(opts, sizeof(opts), ":%s", shortopts);
	opterr = 0;
	opt = getopt_long(argc, argv, opts, longopts, longindex);
	if (opt == '?' || opt == ':')
		bad_option(argv, longopts, opt, before);
	return opt;
}

int
cli_common_option(struct cli_common *c, int opt, const char *arg,
    const char *usage)
{
	switch (opt) {
	case 'd':
		if (c->ndbs > 0 && !(c->writes & CLI_READS_MANY))
			cli_usage_error("-d given twice: this command reads "
			    "one database");
		if (c->ndbs == CLI_MAX_DBS)
			cli_usage_error("more than %d databases (-d)",
			    CLI_MAX_DBS);
		if (c->ndbs == 0)
			c->db = arg;
		c->dbs[c->ndbs++] = arg;
		return 1;
	case 'f': c->format = arg; return 1;
	case 'o': c->output = arg; break;
	case 'q': c->quiet = 1; break;
	case CLI_OPT_REVEAL: c->reveal = 1; return 1;
	case CLI_OPT_WIDE: c->wide = 1; break;
	case 'h':
		cli_usage_print(usage, c->writes);
		exit(cli_finish(0));
	case CLI_OPT_VERSION:
		cli_version();
	default:
		return 0;
	}
	options_seen = *c;	/* for cli_table_width and its note */
	return 1;
}

struct grid_db *
cli_open_db(const struct cli_common *c, int readonly, int *status)
{
	struct grid_db *db;
	struct grid_error err;

	if (grid_db_open(c->db, readonly ? GRID_DB_READONLY : 0, 0, &db,
	    &err) != 0) {
		cli_error(&err);
		*status = err.code;
		return NULL;
	}
	if (grid_db_notice(db) != NULL)
		cli_warn("%s", grid_db_notice(db));
	return db;
}

int
cli_dispatch(int argc, char **argv, const struct cli_command *commands,
    size_t ncommands, const char *usage, const char *noun,
    const char *list)
{
	/* the nouns the tools pass, for the catalog */
	static const char *const nouns[] = { N_("command"), N_("verb") };
	size_t i;

	(void)nouns;
	if (argc < 2)
		cli_usage_error("no %s (%s)", _(noun), list);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		cli_usage_print(usage, CLI_WRITES_ROWS | CLI_WRITES_PAGE);
		return cli_finish(0);
	}
	if (strcmp(argv[1], "--version") == 0)
		cli_version();
	if (strcmp(argv[1], "--list-commands") == 0) {
		/* hidden, for the documentation tests (cli.h) */
		for (i = 0; i < ncommands; i++)
			printf("%s\n", commands[i].name);
		return cli_finish(0);
	}
	for (i = 0; i < ncommands; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			cli_enter(argv + 1);
			return cli_finish(commands[i].run(argc - 1, argv + 1));
		}
	cli_usage_error("unknown %s '%s'", _(noun), argv[1]);
}

void
cli_wait_input(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
}
