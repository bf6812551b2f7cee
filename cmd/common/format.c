/*
 * format.c - the output formats of the tools, in one table, and what
 * follows from it: the formats a command accepts (-f), the format an
 * -o FILE's extension means, the -f line of a command's --help and the
 * message for a format a command does not write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cli.h"

/*
 * Every format, in the order people read them in a list: the row
 * formats (a grid_writer), then the page formats (an html page), then
 * geojson (rows with their places, out.c).  table and md hold their
 * rows until the end, to align the columns.
 */
const struct cli_format_entry cli_formats[] = {
	{ "ndjson", GRID_FORMAT_NDJSON, ".ndjson .jsonl", CLI_FORMAT_ROWS, 0 },
	{ "csv", GRID_FORMAT_CSV, ".csv", CLI_FORMAT_ROWS, 0 },
	{ "tsv", GRID_FORMAT_TSV, ".tsv", CLI_FORMAT_ROWS, 0 },
	{ "table", GRID_FORMAT_TABLE, "", CLI_FORMAT_ROWS, 1 },
	{ "md", GRID_FORMAT_MD, ".md", CLI_FORMAT_ROWS, 1 },
	{ "html", GRID_FORMAT_HTML, ".html .htm", CLI_FORMAT_PAGE, 0 },
	{ "geojson", GRID_FORMAT_GEOJSON, ".geojson", CLI_FORMAT_PLACES, 0 },
};
const size_t cli_nformats = sizeof(cli_formats) / sizeof(cli_formats[0]);

static const struct cli_format_entry *
entry_named(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < cli_nformats; i++)
		if (strcmp(cli_formats[i].name, name) == 0)
			return &cli_formats[i];
	return NULL;
}

/* 1 when the space-separated list holds the word ext. */
static int
has_extension(const char *list, const char *ext, size_t n)
{
	const char *p = list;

	while (*p != '\0') {
		size_t len = strcspn(p, " ");

		if (len == n && strncmp(p, ext, n) == 0)
			return 1;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

/* The format an output file's extension names, or NULL. */
static const struct cli_format_entry *
entry_of_path(const char *path)
{
	const char *dot;
	size_t i;

	if (path == NULL || strcmp(path, "-") == 0 ||
	    (dot = strrchr(path, '.')) == NULL || dot == path ||
	    strchr(dot, '/') != NULL)
		return NULL;
	for (i = 0; i < cli_nformats; i++)
		if (has_extension(cli_formats[i].extensions, dot, strlen(dot)))
			return &cli_formats[i];
	return NULL;
}

int
cli_format_accepts(unsigned writes, const struct cli_format_entry *f)
{
	if (f->kind == CLI_FORMAT_PAGE)
		return (writes & CLI_WRITES_PAGE) != 0;
	if (f->kind == CLI_FORMAT_PLACES)
		return (writes & CLI_WRITES_PLACES) != 0;
	if ((writes & CLI_WRITES_STREAM) != 0)
		return !f->aligned;
	return (writes & CLI_WRITES_ROWS) != 0;
}

const char *
cli_format_list(unsigned writes, char *out, size_t n)
{
	size_t i, k = 0, count = 0, len = 0;

	for (i = 0; i < cli_nformats; i++)
		count += cli_format_accepts(writes, &cli_formats[i]);
	out[0] = '\0';
	for (i = 0; i < cli_nformats && len < n; i++) {
		if (!cli_format_accepts(writes, &cli_formats[i]))
			continue;
		len += (size_t)snprintf(out + len, n - len, "%s%s", k == 0 ?
		    "" : k + 1 == count ? " or " : ", ",
		    cli_formats[i].name);
		k++;
	}
	return out;
}

/*
 * The one check of -f and -o: dies 64 when -f names a format the command
 * does not write, when -f and the extension of -o disagree, or when the
 * extension names a format the command does not write.  Returns the
 * format asked for (NULL: neither says).
 */
static const struct cli_format_entry *
checked(const char *name, const char *path, unsigned writes)
{
	const struct cli_format_entry *f = entry_named(name);
	const struct cli_format_entry *ext = entry_of_path(path);
	char list[256];

	cli_format_list(writes, list, sizeof(list));
	if (name != NULL && ext != NULL && f != ext)
		cli_usage_error("-f %s and -o %s disagree (its extension "
		    "means %s)", name, path, ext->name);
	if (name == NULL && ext == NULL)
		return NULL;
	if (name == NULL) {
		name = ext->name;
		f = ext;
	}
	if (f != NULL && cli_format_accepts(writes, f))
		return f;
	if (ext != NULL && f == ext)
		cli_usage_error("-o %s: this command does not write %s "
		    "(it writes %s)", path, ext->name, list);
	cli_usage_error("unknown format '%s' (expected %s)", name, list);
}

/* Table on a terminal, else ndjson: the default of every tool. */
static enum grid_format
default_format(FILE *out)
{
	return isatty(fileno(out)) ? GRID_FORMAT_TABLE : GRID_FORMAT_NDJSON;
}

void
cli_format_check(const struct cli_common *c)
{
	(void)checked(c->format, c->output, c->writes);
}

enum grid_format
cli_format_asked(const struct cli_common *c)
{
	const struct cli_format_entry *f = checked(c->format, c->output,
	    c->writes);

	return f != NULL ? f->format : GRID_FORMAT_NONE;
}

enum grid_format
cli_format_for(const struct cli_common *c, FILE *out)
{
	enum grid_format f = cli_format_asked(c);

	return f != GRID_FORMAT_NONE ? f : default_format(out);
}

/* ---- usage texts: {formats} replaced, its paragraph wrapped again ---- */

#define HELP_WIDTH 72
#define HELP_TOKEN "{formats}"

/* Leading spaces of a line. */
static size_t
indent_of(const char *line)
{
	return strspn(line, " ");
}

/*
 * The column where the text of a line's paragraph continues: an option
 * line ("  -f, --format FMT       text") continues under its text, any
 * other line under its own start.
 */
static size_t
body_column(const char *line, size_t len)
{
	size_t at = indent_of(line);

	if (at < len && line[at] == '-') {
		const char *gap = strstr(line + at, "  ");

		if (gap != NULL && (size_t)(gap - line) < len)
			return (size_t)(gap - line) + strspn(gap, " ");
	}
	return at;
}

/* Writes words (the paragraph joined) from column col, wrapped. */
static void
put_wrapped(FILE *out, const char *text, size_t col, size_t body)
{
	const char *p = text;
	size_t at = col;

	while (*p != '\0') {
		size_t gap = strspn(p, " "), word = strcspn(p + gap, " ");

		if (at > body && at + gap + word > HELP_WIDTH) {
			fprintf(out, "\n%*s", (int)body, "");
			at = body;
			gap = 0;
			p += strspn(p, " ");
		}
		fwrite(p, 1, gap + word, out);
		at += gap + word;
		p += gap + word;
	}
	fputc('\n', out);
}

/*
 * Writes one paragraph: line (its first, holding the token) and the
 * lines under it that continue it; returns where the next line starts.
 */
static const char *
put_paragraph(FILE *out, const char *line, const char *list)
{
	struct grid_buf text = GRID_BUF_INIT, rest = GRID_BUF_INIT;
	const char *end = strchr(line, '\n'), *next, *tok;
	size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
	size_t body = body_column(line, len), lead;
	int rc = 0;

	tok = strstr(line, HELP_TOKEN);
	lead = body < (size_t)(tok - line) ? body : (size_t)(tok - line);
	rc |= grid_buf_add(&text, line + lead, len - lead);
	for (next = end != NULL ? end + 1 : line + len; *next != '\0' &&
	    *next != '\n' && indent_of(next) == body && body > 0;
	    next = end != NULL ? end + 1 : next + strlen(next)) {
		end = strchr(next, '\n');
		len = end != NULL ? (size_t)(end - next) : strlen(next);
		rc |= grid_buf_addc(&text, ' ');
		rc |= grid_buf_add(&text, next + body, len - body);
		if (end == NULL)
			break;
	}
	if (rc != 0 || text.data == NULL) {	/* out of memory: as it is */
		fwrite(line, 1, (size_t)(next - line), out);
		grid_buf_release(&text);
		return next;
	}
	fwrite(line, 1, lead, out);
	tok = strstr(text.data, HELP_TOKEN);
	fwrite(text.data, 1, (size_t)(tok - text.data), out);
	/* the list and what follows, wrapped from where the token was */
	grid_buf_reset(&rest);
	if (grid_buf_adds(&rest, list) != 0 ||
	    grid_buf_adds(&rest, tok + strlen(HELP_TOKEN)) != 0)
		fprintf(out, "%s%s\n", list, tok + strlen(HELP_TOKEN));
	else
		put_wrapped(out, rest.data, lead + (size_t)(tok - text.data),
		    body);
	grid_buf_release(&rest);
	grid_buf_release(&text);
	return next;
}

void
cli_usage_print(const char *usage, unsigned writes)
{
	char list[256];
	const char *line = usage, *end;

	cli_format_list(writes, list, sizeof(list));
	while (*line != '\0') {
		end = strchr(line, '\n');
		if (strstr(line, HELP_TOKEN) != NULL &&
		    (end == NULL || strstr(line, HELP_TOKEN) < end)) {
			line = put_paragraph(stdout, line, list);
			continue;
		}
		end = end != NULL ? end + 1 : line + strlen(line);
		fwrite(line, 1, (size_t)(end - line), stdout);
		line = end;
	}
}
