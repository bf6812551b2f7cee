/*
 * test_sheetform.c - a sheet goes back the way it came: the text forms of
 * lib/writer.c (encoder, writers with a form) and the names of the
 * coordinate columns (grid_coordinate_name, lib/assign_locate.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/locate.h"
#include "grid/writer.h"

#include "tap.h"

static const struct grid_column columns[] = {
	{ "事件", GRID_COL_TEXT }, { "经度", GRID_COL_REAL }
};

/*
 * Writes the header and one row (event, x) with a writer of format in
 * form, then text by grid_writer_text when not NULL.  Returns the bytes
 * (caller frees; their number in *n), or NULL when a call failed.
 */
static char *
render(enum grid_format format, const struct grid_text_form *form,
    const char *event, const char *x, const char *text, size_t *n)
{
	const char *row[2] = { event, x };
	struct grid_writer *w = NULL;
	struct grid_error err;
	char *out = NULL;
	FILE *f;
	int failed = 1;

	*n = 0;
	if ((f = open_memstream(&out, n)) == NULL)
		return NULL;
	if ((w = grid_writer_new_form(f, format, columns, 2, form, &err)) ==
	    NULL || grid_writer_row(w, row, &err) != 0 || (text != NULL &&
	    grid_writer_text(w, text, strlen(text), &err) != 0))
		goto out;
	failed = grid_writer_finish(w, &err) != 0;
out:
	if (failed)
		printf("# writer error: %s\n", err.text);
	grid_writer_free(w);
	fclose(f);
	if (failed) {
		free(out);
		return NULL;
	}
	return out;
}

static void
check(enum grid_format format, const struct grid_text_form *form,
    const char *text, const char *want, size_t nwant, const char *what)
{
	size_t n;
	char *got = render(format, form, "井盖\r\n缺失", "120.5", text, &n);

	ok(got != NULL && n == nwant && memcmp(got, want, n) == 0, what);
	if (got != NULL && (n != nwant || memcmp(got, want, n) != 0))
		printf("#   got %zu bytes '%.*s'\n", n, (int)n, got);
	free(got);
}

static void
test_forms(void)
{
	static const char gb_crlf[] =
	    "\xca\xc2\xbc\xfe,\xbe\xad\xb6\xc8\r\n"
	    "\"\xbe\xae\xb8\xc7\r\n\xc8\xb1\xca\xa7\",120.5\r\n"
	    "\xbe\xad\xb6\xc8,1\r\n";
	static const char bom_lf[] = "\xef\xbb\xbf" "事件,经度\n"
	    "\"井盖\r\n缺失\",120.5\n";
	static const char tsv_crlf[] =
	    "事件\t经度\r\n井盖\\r\\n缺失\t120.5\r\n";
	static const char plain[] = "事件,经度\n\"井盖\r\n缺失\",120.5\n";
	static const char ndjson[] =
	    "{\"事件\":\"井盖\\r\\n缺失\",\"经度\":120.5}\n";
	struct grid_text_form gb = { GRID_ENC_GB18030, 0, 1 };
	struct grid_text_form bom = { GRID_ENC_UTF8, 1, 0 };
	struct grid_text_form crlf = { GRID_ENC_UTF8, 0, 1 };
	struct grid_writer *w;
	FILE *f = tmpfile();

	check(GRID_FORMAT_CSV, &gb, "经度,1\r\n", gb_crlf, sizeof(gb_crlf) - 1,
	    "csv in GB18030 with CR LF: header, row and text converted");
	check(GRID_FORMAT_CSV, &bom, NULL, bom_lf, sizeof(bom_lf) - 1,
	    "csv in UTF-8 with a BOM, LF: the BOM once, the CR LF of a "
	    "value kept");
	check(GRID_FORMAT_TSV, &crlf, NULL, tsv_crlf, sizeof(tsv_crlf) - 1,
	    "tsv with CR LF");
	check(GRID_FORMAT_NDJSON, &gb, NULL, ndjson, sizeof(ndjson) - 1,
	    "ndjson ignores the form: UTF-8, LF");
	check(GRID_FORMAT_CSV, NULL, NULL, plain, sizeof(plain) - 1,
	    "no form: UTF-8, no BOM, LF");
	w = f != NULL ? grid_writer_new_form(f, GRID_FORMAT_CSV, columns, 2,
	    &gb, NULL) : NULL;
	is_str(w != NULL ? grid_writer_newline(w) : NULL, "\r\n",
	    "grid_writer_newline: the form's line end");
	grid_writer_free(w);
	if (f != NULL)
		fclose(f);
}

static void
test_encoder(void)
{
	struct grid_text_form gb = { GRID_ENC_GB18030, 0, 0 };
	struct grid_encoder *enc;
	struct grid_error err;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	enc = grid_encoder_new(f, &gb, &err);
	ok(enc != NULL, "an encoder to GB18030");
	is_int(grid_encoder_write(enc, "刘\xf0\xa0\xae\xb7", 7, &err), 0,
	    "a character beyond the BMP");
	is_int(grid_encoder_write(enc, "\xff", 1, &err), -1,
	    "bytes that are not UTF-8 refused");
	is_int(err.code, GRID_EDATA, "... with GRID_EDATA");
	is_str(grid_encoder_newline(enc), "\n", "the encoder's line end");
	grid_encoder_free(enc);
	grid_encoder_free(NULL);
	fclose(f);
	ok(n == 6 && memcmp(out, "\xc1\xf5\x95\x34\xb2\x35", 6) == 0,
	    "GB18030 bytes, four for 𠮷");
	free(out);
}

static void
test_names(void)
{
	static const char *const xs[] = { "x", "X", "lon", "LNG", "Longitude",
		"经度", "东经", "X坐标", "x坐标", "横坐标", "*经度", "经度*",
		"经度（必填）", "经度(必填)", "经度【必填】", " 经度 ",
		"\xe3\x80\x80经度", "经度：", "ｌｏｎ", "x_", NULL };
	static const char *const ys[] = { "y", "lat", "LATITUDE", "纬度",
		"北纬", "Y坐标", "纵坐标", "*纬度（选填）", NULL };
	static const char *const others[] = { "", "id", "经纬度", "地址",
		"lonely", "xy", "经度2", "经", NULL };
	char what[96];
	size_t i;

	for (i = 0; xs[i] != NULL; i++) {
		snprintf(what, sizeof(what), "'%s' holds x", xs[i]);
		is_int(grid_coordinate_name(xs[i]), 'x', what);
	}
	for (i = 0; ys[i] != NULL; i++) {
		snprintf(what, sizeof(what), "'%s' holds y", ys[i]);
		is_int(grid_coordinate_name(ys[i]), 'y', what);
	}
	for (i = 0; others[i] != NULL; i++) {
		snprintf(what, sizeof(what), "'%s' holds no coordinate",
		    others[i]);
		is_int(grid_coordinate_name(others[i]), 0, what);
	}
	is_int(grid_coordinate_name(NULL), 0, "NULL holds no coordinate");
	is_str(grid_coordinate_names('x'), "x|lon|lng|longitude|经度|东经|"
	    "X坐标|横坐标", "the names of x");
	is_str(grid_coordinate_names('z'), NULL, "no names of z");
}

int
main(void)
{
	test_forms();
	test_encoder();
	test_names();
	return tap_done();
}
