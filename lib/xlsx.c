/*
 * xlsx.c - Office Open XML workbooks (.xlsx), streamed: the sheet's XML
 * is read with libxml2's xmlTextReader straight from its zip member
 * (libzip), one row at a time, so memory does not grow with the rows.
 * The shared strings table and the cell styles are read once, first.
 *
 * A cell is shown as the sheet shows it: a shared or inline string as it
 * is (phonetic runs left out), a number as its shortest round-trip text
 * or, when its style's number format is a date (built-in ids 14-22 and
 * 45-47, or a custom format with y, m or d outside quotes and brackets),
 * as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS; booleans TRUE and FALSE; errors
 * (#N/A) as their text.  A cell's column comes from its reference (C5),
 * so gaps stay gaps.
 */
#include <math.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "grid/buf.h"
#include "internal.h"
#include "workbook_internal.h"

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/" \
	"relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define CELL_MAX ((size_t)1 << 20)	/* 1 MiB of text in one cell */
#define STRINGS_MAX ((size_t)1 << 30)	/* shared strings, all together */

struct xlsx {
	struct gridi_workbook base;
	char name[256];
	zip_t *zip;
	xmlTextReaderPtr xr;	/* the sheet */
	struct grid_buf strings;	/* shared strings, each NUL-ended */
	size_t *string_off;
	size_t nstrings, string_cap;
	unsigned char *xf_date;	/* by cell style index: a date format */
	size_t nxf;
	int date1904;
	long row;		/* the last row read */
	struct grid_buf cell;
	char xml_error[160];	/* libxml2's first message, one line */
	xmlGenericErrorFunc saved_func;	/* libxml2's handler before us */
	void *saved_ctx;
};

int
gridi_workbook_next(struct gridi_workbook *wb, long *row,
    const struct gridi_cells *out, struct grid_error *err)
{
	return wb->ops->next(wb, row, out, err);
}

void
gridi_workbook_close(struct gridi_workbook *wb)
{
	if (wb != NULL)
		wb->ops->close(wb);
}

int
gridi_workbook_magic(const unsigned char *p, size_t n)
{
	static const unsigned char ole2[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1,
		0xb1, 0x1a, 0xe1 };

	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return 'x';
	if (n >= 8 && memcmp(p, ole2, 8) == 0)
		return 'b';
	return 0;
}

/* A number cell as the sheet shows it: whole numbers whole, others in
 * their shortest text. */
static const char *
shortest(double d, char *out, size_t n)
{
	if (d == 0)
		d = 0;	/* no "-0" */
	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(out, n, "%.0f", d);
		return out;
	}
	return gridi_real_text(d, out, n);
}

const char *
gridi_number_text(double d, int is_date, int date1904, char *out, size_t n)
{
	long long days, secs;
	int y, m, dd;

	if (!is_date || !(d >= 0 && d < 2958466))	/* up to 9999-12-31 */
		return shortest(d, out, n);
	days = (long long)floor(d);
	secs = llround((d - (double)days) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	/* 1900 system: serial 1 is 1900-01-01, 60 Excel's 1900-02-29 */
	if (date1904)
		days -= 24107;	/* 1904-01-01 is day -24107 */
	else
		days += (days < 60 ? 1 : 0) - 25569;
	gridi_civil_from_days(days, &y, &m, &dd);
	if (secs == 0)
		snprintf(out, n, "%04d-%02d-%02d", y, m, dd);
	else
		snprintf(out, n, "%04d-%02d-%02d %02lld:%02lld:%02lld", y, m,
		    dd, secs / 3600, secs / 60 % 60, secs % 60);
	return out;
}

static int
xml_read(void *ctx, char *buf, int len)
{
	zip_int64_t n = zip_fread(ctx, buf, (zip_uint64_t)len);

	return n < 0 ? -1 : (int)n;
}

static int
xml_close(void *ctx)
{
	return zip_fclose(ctx) == 0 ? 0 : -1;
}

/*
 * libxml2's messages about a member: the first kept for xml_failed, on
 * one line; none printed (the library never prints).
 */
static void
keep_xml_error(void *ctx, const xmlError *e)
{
	struct xlsx *x = ctx;

	if (x->xml_error[0] != '\0' || e == NULL || e->message == NULL)
		return;
	snprintf(x->xml_error, sizeof(x->xml_error), "%s", e->message);
	x->xml_error[strcspn(x->xml_error, "\r\n")] = '\0';
}

/* The same for the messages libxml2 prints on its own (encodings). */
static void
keep_generic_error(void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
keep_generic_error(void *ctx, const char *fmt, ...)
{
	struct xlsx *x = ctx;
	va_list ap;

	if (x->xml_error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(x->xml_error, sizeof(x->xml_error), fmt, ap);
	va_end(ap);
	x->xml_error[strcspn(x->xml_error, "\r\n")] = '\0';
}

/* A zip member as an XML stream; NULL with err filled. */
static xmlTextReaderPtr
open_member(struct xlsx *x, const char *member, struct grid_error *err)
{
	zip_file_t *zf = zip_fopen(x->zip, member, 0);
	xmlTextReaderPtr xr;

	if (zf == NULL) {
		grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "broken workbook: no %s (%s)", member,
		    zip_strerror(x->zip));
		return NULL;
	}
	xr = xmlReaderForIO(xml_read, xml_close, zf, member, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (xr == NULL)
		grid_error_set(err, GRID_EINTERNAL, x->name, 0, NULL,
		    "cannot read %s: out of memory", member);
	else
		xmlTextReaderSetStructuredErrorHandler(xr,
		    (xmlStructuredErrorFunc)keep_xml_error, x);
	return xr;
}

static int
xml_failed(struct xlsx *x, const char *member, struct grid_error *err)
{
	return grid_error_set(err, GRID_EDATA, x->name, x->row, NULL,
	    "broken workbook: bad XML in %s%s%s", member,
	    x->xml_error[0] != '\0' ? ": " : "", x->xml_error);
}

static int
is_element(xmlTextReaderPtr xr, const char *name)
{
	return xmlTextReaderNodeType(xr) == XML_READER_TYPE_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(xr), name) == 0;
}

static int
is_end(xmlTextReaderPtr xr, const char *name)
{
	return xmlTextReaderNodeType(xr) == XML_READER_TYPE_END_ELEMENT &&
	    strcmp((const char *)xmlTextReaderConstLocalName(xr), name) == 0;
}

static int
is_text(xmlTextReaderPtr xr)
{
	int t = xmlTextReaderNodeType(xr);

	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	    t == XML_READER_TYPE_WHITESPACE ||
	    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/*
 * Text runs of a string item (si, is): the text of its t elements, but
 * for those of phonetic runs (rPh).  Called on each node; *in_t and
 * *in_rph keep the state.  Returns 0, or -1 when the text is too long.
 */
static int
string_node(xmlTextReaderPtr xr, int *in_t, int *in_rph, struct grid_buf *b)
{
	const char *v;

	if (is_element(xr, "rPh") && !xmlTextReaderIsEmptyElement(xr))
		*in_rph = 1;
	else if (is_end(xr, "rPh"))
		*in_rph = 0;
	else if (is_element(xr, "t") && !xmlTextReaderIsEmptyElement(xr))
		*in_t = 1;
	else if (is_end(xr, "t"))
		*in_t = 0;
	else if (*in_t && !*in_rph && is_text(xr)) {
		v = (const char *)xmlTextReaderConstValue(xr);
		return v != NULL ? grid_buf_adds(b, v) : 0;
	}
	return 0;
}

static int
add_string(struct xlsx *x, struct grid_buf *text)
{
	size_t *off;

	if (x->nstrings == x->string_cap) {
		x->string_cap = x->string_cap ? 2 * x->string_cap : 1024;
		off = realloc(x->string_off, x->string_cap * sizeof(*off));
		if (off == NULL)
			return -1;
		x->string_off = off;
	}
	x->string_off[x->nstrings++] = x->strings.len;
	return grid_buf_add(&x->strings, text->data != NULL ? text->data : "",
	    text->len) == 0 ? grid_buf_addc(&x->strings, '\0') : -1;
}

/* The shared strings table (xl/sharedStrings.xml), when there is one. */
static int
load_strings(struct xlsx *x, struct grid_error *err)
{
	const char *member = "xl/sharedStrings.xml";
	struct grid_buf text;
	xmlTextReaderPtr xr;
	int rc, in_t = 0, in_rph = 0;

	if (zip_name_locate(x->zip, member, 0) < 0)
		return 0;
	if ((xr = open_member(x, member, err)) == NULL)
		return -1;
	grid_buf_init(&text, CELL_MAX);
	while ((rc = xmlTextReaderRead(xr)) == 1) {
		if (is_element(xr, "si")) {
			grid_buf_reset(&text);
			in_t = in_rph = 0;
			if (xmlTextReaderIsEmptyElement(xr) &&
			    add_string(x, &text) != 0)
				break;
		} else if (is_end(xr, "si")) {
			if (add_string(x, &text) != 0)
				break;
		} else if (string_node(xr, &in_t, &in_rph, &text) != 0) {
			break;
		}
	}
	grid_buf_release(&text);
	xmlFreeTextReader(xr);
	if (rc == 1)
		return grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "shared strings too large (more than %zu bytes)",
		    STRINGS_MAX);
	return rc < 0 ? xml_failed(x, member, err) : 0;
}

/*
 * A custom number format shows a date when it has y, m or d outside
 * quotes, brackets ([Red], [$-804]) and escaped characters.
 */
static int
format_is_date(const char *code)
{
	for (; *code != '\0'; code++) {
		switch (*code) {
		case '"':
			code = strchr(code + 1, '"');
			if (code == NULL)
				return 0;
			break;
		case '[':
			code = strchr(code + 1, ']');
			if (code == NULL)
				return 0;
			break;
		case '\\': case '_': case '*':
			if (code[1] == '\0')
				return 0;
			code++;
			break;
		case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static int
builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) ||
	    (id >= 27 && id <= 36) || (id >= 50 && id <= 58);	/* CJK */
}

/* Custom formats, by id, that show dates (ids are below 64k). */
struct formats {
	unsigned char date[65536];
};

static long
attr_long(xmlTextReaderPtr xr, const char *name, long dflt)
{
	xmlChar *v = xmlTextReaderGetAttribute(xr, (const xmlChar *)name);
	long n = dflt;

	if (v != NULL) {
		n = strtol((const char *)v, NULL, 10);
		xmlFree(v);
	}
	return n;
}

static int
style_node(struct xlsx *x, xmlTextReaderPtr xr, struct formats *f,
    int *in_xfs)
{
	xmlChar *code;
	unsigned char *grown;
	long id;

	if (is_element(xr, "numFmt")) {
		id = attr_long(xr, "numFmtId", -1);
		code = xmlTextReaderGetAttribute(xr,
		    (const xmlChar *)"formatCode");
		if (id >= 0 && id < 65536 && code != NULL)
			f->date[id] = (unsigned char)format_is_date(
			    (const char *)code);
		xmlFree(code);
	} else if (is_element(xr, "cellXfs")) {
		*in_xfs = !xmlTextReaderIsEmptyElement(xr);
	} else if (is_end(xr, "cellXfs")) {
		*in_xfs = 0;
	} else if (*in_xfs && is_element(xr, "xf")) {
		if (x->nxf >= 65536)
			return 0;
		grown = realloc(x->xf_date, x->nxf + 1);
		if (grown == NULL)
			return -1;
		x->xf_date = grown;
		id = attr_long(xr, "numFmtId", 0);
		x->xf_date[x->nxf++] = (unsigned char)(builtin_date(id) ||
		    (id >= 164 && id < 65536 && f->date[id]));
	}
	return 0;
}

/* Which cell styles show dates (xl/styles.xml). */
static int
load_styles(struct xlsx *x, struct grid_error *err)
{
	const char *member = "xl/styles.xml";
	struct formats *f;
	xmlTextReaderPtr xr;
	int rc, in_xfs = 0;

	if (zip_name_locate(x->zip, member, 0) < 0)
		return 0;
	if ((xr = open_member(x, member, err)) == NULL)
		return -1;
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		xmlFreeTextReader(xr);
		return grid_error_set(err, GRID_EINTERNAL, x->name, 0, NULL,
		    "out of memory");
	}
	while ((rc = xmlTextReaderRead(xr)) == 1)
		if (style_node(x, xr, f, &in_xfs) != 0)
			break;
	free(f);
	xmlFreeTextReader(xr);
	if (rc == 1)
		return grid_error_set(err, GRID_EINTERNAL, x->name, 0, NULL,
		    "out of memory");
	return rc < 0 ? xml_failed(x, member, err) : 0;
}

/*
 * The relationship id of the sheet wanted (by name, or number from 1, or
 * the first), from xl/workbook.xml; the names of all in *names.
 * Returns a new string, or NULL with err filled.
 */
static char *
sheet_rel(struct xlsx *x, const char *want, struct grid_buf *names,
    struct grid_error *err)
{
	const char *member = "xl/workbook.xml";
	xmlTextReaderPtr xr = open_member(x, member, err);
	xmlChar *name, *rid, *v;
	char *found = NULL;
	long n = 0, number = 0;
	int rc, nomem = 0;

	if (xr == NULL)
		return NULL;
	if (want != NULL && want[0] != '\0' && strspn(want, "0123456789") ==
	    strlen(want))
		number = strtol(want, NULL, 10);
	while (found == NULL && (rc = xmlTextReaderRead(xr)) == 1) {
		if (is_element(xr, "workbookPr") && (v =
		    xmlTextReaderGetAttribute(xr, (const xmlChar *)"date1904"))
		    != NULL) {
			x->date1904 = strcmp((const char *)v, "1") == 0 ||
			    strcmp((const char *)v, "true") == 0;
			xmlFree(v);
		}
		if (!is_element(xr, "sheet"))
			continue;
		n++;
		name = xmlTextReaderGetAttribute(xr, (const xmlChar *)"name");
		rid = xmlTextReaderGetAttributeNs(xr, (const xmlChar *)"id",
		    (const xmlChar *)REL_NS);
		if (rid == NULL)
			rid = xmlTextReaderGetAttributeNs(xr,
			    (const xmlChar *)"id",
			    (const xmlChar *)REL_NS_STRICT);
		if (grid_buf_addf(names, "%s'%s'", n > 1 ? ", " : "",
		    name != NULL ? (const char *)name : "") != 0)
			nomem = 1;
		else if (rid != NULL && (want == NULL || (number > 0 ?
		    n == number : name != NULL &&
		    strcmp((const char *)name, want) == 0)))
			found = strdup((const char *)rid);
		xmlFree(name);
		xmlFree(rid);
		if (nomem)
			break;
	}
	xmlFreeTextReader(xr);
	if (nomem)
		grid_error_set(err, GRID_EINTERNAL, x->name, 0, NULL,
		    "out of memory");
	else if (found == NULL && rc < 0)
		xml_failed(x, member, err);
	else if (found == NULL && want != NULL)
		grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "no sheet '%s' (the sheets: %s)", want,
		    names->len > 0 ? names->data : "none");
	else if (found == NULL)
		grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "the workbook has no sheet");
	return found;
}

/* The zip member of relationship rid (xl/_rels/workbook.xml.rels). */
static char *
sheet_member(struct xlsx *x, const char *rid, struct grid_error *err)
{
	const char *member = "xl/_rels/workbook.xml.rels";
	xmlTextReaderPtr xr = open_member(x, member, err);
	xmlChar *id, *target;
	char *path = NULL;
	size_t len;
	int rc;

	if (xr == NULL)
		return NULL;
	while (path == NULL && (rc = xmlTextReaderRead(xr)) == 1) {
		if (!is_element(xr, "Relationship"))
			continue;
		id = xmlTextReaderGetAttribute(xr, (const xmlChar *)"Id");
		target = xmlTextReaderGetAttribute(xr,
		    (const xmlChar *)"Target");
		if (id != NULL && target != NULL &&
		    strcmp((const char *)id, rid) == 0) {
			len = strlen((const char *)target) + 4;
			if ((path = malloc(len)) != NULL)
				snprintf(path, len, "%s%s", target[0] == '/' ?
				    "" : "xl/", (const char *)target +
				    (target[0] == '/'));
		}
		xmlFree(id);
		xmlFree(target);
	}
	xmlFreeTextReader(xr);
	if (path == NULL && rc < 0)
		xml_failed(x, member, err);
	else if (path == NULL)
		grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
		    "broken workbook: sheet relationship '%s' not found", rid);
	return path;
}

/* Column of a cell reference ("C5" -> 2); -1 when there is none. */
static long
ref_column(const char *ref)
{
	long col = 0;

	if (ref == NULL || !(*ref >= 'A' && *ref <= 'Z'))
		return -1;
	for (; *ref >= 'A' && *ref <= 'Z' && col < 100000; ref++)
		col = col * 26 + (*ref - 'A' + 1);
	return col - 1;
}

struct cell {
	long col;
	char type[12];
	long style;
	int in_text, in_rph, in_t;
};

static void
cell_begin(struct xlsx *x, struct cell *c, long *next_col)
{
	xmlChar *v;

	v = xmlTextReaderGetAttribute(x->xr, (const xmlChar *)"r");
	c->col = ref_column((const char *)v);
	xmlFree(v);
	if (c->col < 0)
		c->col = *next_col;
	*next_col = c->col + 1;
	v = xmlTextReaderGetAttribute(x->xr, (const xmlChar *)"t");
	snprintf(c->type, sizeof(c->type), "%s", v != NULL ?
	    (const char *)v : "n");
	xmlFree(v);
	c->style = attr_long(x->xr, "s", 0);
	c->in_text = c->in_rph = c->in_t = 0;
	grid_buf_reset(&x->cell);
}

/* The cell's text as the sheet shows it, to out. */
static int
cell_end(struct xlsx *x, const struct cell *c, const struct gridi_cells *out,
    struct grid_error *err)
{
	const char *v = x->cell.data != NULL ? x->cell.data : "";
	char num[64];
	unsigned long i;
	int date;

	if (x->cell.len == 0)
		return 0;	/* a cell with a style and no value */
	if (strcmp(c->type, "s") == 0) {
		i = strtoul(v, NULL, 10);
		if (i >= x->nstrings)
			return grid_error_set(err, GRID_EDATA, x->name, x->row,
			    NULL, "broken workbook: shared string %s of %zu",
			    v, x->nstrings);
		v = x->strings.data + x->string_off[i];
	} else if (strcmp(c->type, "b") == 0) {
		v = v[0] == '\0' ? "" : strcmp(v, "0") == 0 ? "FALSE" : "TRUE";
	} else if (strcmp(c->type, "n") == 0 && v[0] != '\0') {
		date = c->style >= 0 && (size_t)c->style < x->nxf &&
		    x->xf_date[c->style];
		v = gridi_number_text(strtod(v, NULL), date, x->date1904, num,
		    sizeof(num));
	} else if (strcmp(c->type, "d") == 0 && strlen(v) >= 19 &&
	    v[10] == 'T') {	/* ISO 8601 */
		snprintf(num, sizeof(num), "%.10s%s%.8s", v,
		    strncmp(v + 11, "00:00:00", 8) == 0 ? "" : " ",
		    strncmp(v + 11, "00:00:00", 8) == 0 ? "" : v + 11);
		v = num;
	}
	if (v[0] == '\0' || c->col < 0)
		return 0;
	return out->add(out->ctx, (size_t)c->col, v, strlen(v), err);
}

/* One node inside a cell: its value (v) or inline string (is). */
static int
cell_node(struct xlsx *x, struct cell *c, struct grid_error *err)
{
	xmlTextReaderPtr xr = x->xr;
	const char *v;
	int rc = 0;

	if (is_element(xr, "v") && !xmlTextReaderIsEmptyElement(xr))
		c->in_text = 1;
	else if (is_end(xr, "v"))
		c->in_text = 0;
	else if (c->in_text && is_text(xr)) {
		v = (const char *)xmlTextReaderConstValue(xr);
		rc = v != NULL ? grid_buf_adds(&x->cell, v) : 0;
	} else
		rc = string_node(xr, &c->in_t, &c->in_rph, &x->cell);
	if (rc != 0)
		return grid_error_set(err, GRID_EDATA, x->name, x->row, NULL,
		    "cell longer than %zu bytes", CELL_MAX);
	return 0;
}

static int
xlsx_next(struct gridi_workbook *wb, long *row, const struct gridi_cells *out,
    struct grid_error *err)
{
	struct xlsx *x = (struct xlsx *)wb;
	struct cell c = { -1, "n", 0, 0, 0, 0 };
	long next_col = 0;
	int rc, in_row = 0, in_cell = 0, cells = 0;

	while ((rc = xmlTextReaderRead(x->xr)) == 1) {
		if (in_cell && is_end(x->xr, "c")) {
			in_cell = 0;
			if (cell_end(x, &c, out, err) != 0)
				return -1;
			cells++;
		} else if (in_cell) {
			if (cell_node(x, &c, err) != 0)
				return -1;
		} else if (in_row && is_element(x->xr, "c")) {
			cell_begin(x, &c, &next_col);
			in_cell = !xmlTextReaderIsEmptyElement(x->xr);
		} else if (in_row && is_end(x->xr, "row")) {
			if (cells > 0)
				break;
			in_row = 0;
		} else if (is_element(x->xr, "row")) {
			/* a row without r follows the last; LONG_MAX (from a
			 * hostile r) has no next */
			x->row = attr_long(x->xr, "r", x->row < LONG_MAX ?
			    x->row + 1 : LONG_MAX);
			next_col = 0;
			in_row = !xmlTextReaderIsEmptyElement(x->xr);
		}
	}
	if (rc < 0)
		return xml_failed(x, "the sheet", err);
	*row = x->row;
	return rc == 1;
}

static void
xlsx_close(struct gridi_workbook *wb)
{
	struct xlsx *x = (struct xlsx *)wb;

	if (x->xr != NULL)
		xmlFreeTextReader(x->xr);
	xmlSetGenericErrorFunc(x->saved_ctx, x->saved_func);
	if (x->zip != NULL)
		zip_discard(x->zip);
	grid_buf_release(&x->strings);
	grid_buf_release(&x->cell);
	free(x->string_off);
	free(x->xf_date);
	free(x);
}

static const struct gridi_workbook_ops xlsx_ops = { xlsx_next, xlsx_close };

/* A zip that is not an .xlsx workbook: what it is, and the fix. */
static int
not_xlsx(struct xlsx *x, struct grid_error *err)
{
	const char *what = "a zip archive, not a workbook";

	if (zip_name_locate(x->zip, "xl/workbook.bin", 0) >= 0)
		what = "an Excel binary workbook (.xlsb), not read here";
	else if (zip_name_locate(x->zip, "content.xml", 0) >= 0)
		what = "an OpenDocument spreadsheet (.ods), not read here";
	else if (zip_name_locate(x->zip, "word/document.xml", 0) >= 0)
		what = "a Word document, not a workbook";
	return grid_error_set(err, GRID_EDATA, x->name, 0, NULL,
	    "%s: save it as .xlsx or CSV", what);
}

struct gridi_workbook *
gridi_xlsx_open(const char *path, const char *name, const char *sheet,
    struct grid_error *err)
{
	struct xlsx *x = calloc(1, sizeof(*x));
	struct grid_buf names;
	char *rid = NULL, *member = NULL;
	int zerr = 0;

	grid_buf_init(&names, 0);
	if (x == NULL) {
		grid_error_set(err, GRID_EINTERNAL, name, 0, NULL,
		    "out of memory");
		goto out;
	}
	x->base.ops = &xlsx_ops;
	snprintf(x->name, sizeof(x->name), "%s", name);
	/* while the workbook is open: put back by xlsx_close */
	x->saved_func = xmlGenericError;
	x->saved_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(x, keep_generic_error);
	grid_buf_init(&x->strings, STRINGS_MAX);
	grid_buf_init(&x->cell, CELL_MAX);
	if ((x->zip = zip_open(path, ZIP_RDONLY, &zerr)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		grid_error_set(err, GRID_EDATA, name, 0, NULL,
		    "broken workbook: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto bad;
	}
	if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
		not_xlsx(x, err);
		goto bad;
	}
	if ((rid = sheet_rel(x, sheet, &names, err)) == NULL ||
	    (member = sheet_member(x, rid, err)) == NULL ||
	    load_strings(x, err) != 0 || load_styles(x, err) != 0 ||
	    (x->xr = open_member(x, member, err)) == NULL)
		goto bad;
	goto out;
bad:
	xlsx_close(&x->base);
	x = NULL;
out:
	free(rid);
	free(member);
	grid_buf_release(&names);
	return x != NULL ? &x->base : NULL;
}
