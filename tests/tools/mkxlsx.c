/*
 * mkxlsx - writes the workbook fixtures of tests/e2e/t21-workbooks.sh the
 * way Excel and WPS write them (libxlsxwriter), so that CI makes them
 * fresh, and large people sheets for the benchmark.
 *
 *   mkxlsx template OUT.xlsx   a register template: two title lines,
 *                              asterisked headers, shared strings, a
 *                              date column, an ID typed as a number, a
 *                              blank row, a second sheet
 *   mkxlsx census OUT.xlsx     a one-sheet census (tests/e2e/
 *                              t23-households.sh): people with their
 *                              household number (户号) and relation to
 *                              the head as clerks type it, below two
 *                              title lines; a birth date typed as a
 *                              number (an Excel serial); a household
 *                              with two heads
 *   mkxlsx people N OUT.xlsx   N valid people (inline strings, written in
 *                              constant memory)
 *   mkxlsx people N OUT.csv    the same rows as CSV (UTF-8)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

static const char *const template_rows[][6] = {
	/* id number, name, sex, birth date (y m d), phone, residence */
	{ "320508196611025232", "朱强", "男", "1966 11 2", "13713900768",
	  "户籍" },
	{ "320503196812096406", "郭颖", "女", "1968 12 9", "", "流动" },
	{ "32050819900228331X", "", "男", "1990 2 28", "13800000000",
	  "户籍" },
	{ "320508200105054427", "王芳", "女", "2001 5 5", "13912345678",
	  "流动" },
};

/* An ID number of 1966-11-02 typed into a number cell: digits lost. */
#define DAMAGED_ID 320508196611020000.0

static void
id_number(long i, char *out)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
		5, 8, 4, 2 };
	int sum = 0, k, year = 1950 + (int)(i / 1000 % 50);
	int month = 1 + (int)(i / 50000 % 12), day = 1 + (int)(i % 28);

	snprintf(out, 32, "320508%04d%02d%02d%03d", year % 10000,
	    month % 100, day % 100, (int)(i % 1000));
	for (k = 0; k < 17; k++)
		sum += (out[k] - '0') * w[k];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static lxw_datetime
birth(long i)
{
	lxw_datetime d = { 1950 + (int)(i / 1000 % 50),
		1 + (int)(i / 50000 % 12), 1 + (int)(i % 28), 0, 0, 0 };

	return d;
}

static int
template(const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "实有人口");
	lxw_worksheet *hh = workbook_add_worksheet(wb, "户");
	lxw_format *date = workbook_add_format(wb);
	lxw_format *builtin = workbook_add_format(wb);
	lxw_format *number = workbook_add_format(wb);
	lxw_datetime d = { 0, 0, 0, 0, 0, 0 };
	size_t i;
	int r;

	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	format_set_num_format_index(builtin, 14);
	format_set_num_format(number, "0");
	worksheet_merge_range(ws, 0, 0, 0, 7, "姑苏区察院场社区实有人口登记表",
	    NULL);
	worksheet_write_string(ws, 1, 0, "填报单位：察院场社区居委会", NULL);
	worksheet_write_string(ws, 1, 5, "填报日期：2026年5月", NULL);
	worksheet_write_string(ws, 2, 0, "序号", NULL);
	worksheet_write_string(ws, 2, 1, "*公民身份号码", NULL);
	worksheet_write_string(ws, 2, 2, "姓名（必填）", NULL);
	worksheet_write_string(ws, 2, 3, "性别", NULL);
	worksheet_write_string(ws, 2, 4, "出生日期", NULL);
	worksheet_write_string(ws, 2, 5, " 联系方式 ", NULL);
	worksheet_write_string(ws, 2, 6, "户口性质", NULL);
	worksheet_write_string(ws, 2, 7, "备注", NULL);
	for (i = 0; i < sizeof(template_rows) / sizeof(template_rows[0]);
	    i++) {
		const char *const *t = template_rows[i];

		r = (int)i + 3 + (i >= 2);	/* a blank row 6 */
		worksheet_write_number(ws, r, 0, (double)i + 1, NULL);
		worksheet_write_string(ws, r, 1, t[0], NULL);
		if (t[1][0] != '\0')
			worksheet_write_string(ws, r, 2, t[1], NULL);
		worksheet_write_string(ws, r, 3, t[2], NULL);
		sscanf(t[3], "%d %d %d", &d.year, &d.month, &d.day);
		worksheet_write_datetime(ws, r, 4, &d, i % 2 ? builtin : date);
		if (t[4][0] != '\0')
			worksheet_write_number(ws, r, 5, strtod(t[4], NULL),
			    number);
		worksheet_write_string(ws, r, 6, t[5], NULL);
	}
	r = (int)i + 4;
	worksheet_write_number(ws, r, 0, (double)i + 1, NULL);
	worksheet_write_number(ws, r, 1, DAMAGED_ID, NULL);
	worksheet_write_string(ws, r, 2, "朱伟", NULL);
	worksheet_write_string(ws, r, 6, "户籍", NULL);
	worksheet_write_string(hh, 0, 0, "户号", NULL);
	worksheet_write_string(hh, 0, 1, "户人数", NULL);
	worksheet_write_string(hh, 1, 0, "HH0001", NULL);
	worksheet_write_number(hh, 1, 1, 3, NULL);
	worksheet_write_string(hh, 2, 0, "HH0002", NULL);
	worksheet_write_number(hh, 2, 1, 1, NULL);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static const char *const census_rows[][7] = {
	/* household, name, id number, relation, house, birth (y m d),
	 * "serial" when typed as a number */
	{ "HH0101", "朱建国", "32050819621003201X", "户主", "H0010",
	  "1962 10 3", "" },
	{ "HH0101", "郭秀英", "320508196507122024", "妻", "", "1965 7 12",
	  "" },
	{ "HH0101", "朱伟", "320508199001012032", "长子", "", "1990 1 1",
	  "serial" },
	{ "HH0101", "朱小雨", "320508201506062043", "孙女", "", "2015 6 6",
	  "" },
	{ "HH0102", "王德明", "320508195504202059", "02", "H0011",
	  "1955 4 20", "" },
	{ "HH0102", "李桂兰", "320508195711302060", "10", "", "1957 11 30",
	  "" },
	{ "HH0102", "王娟", "320508198302092086", "儿媳", "", "1983 2 9",
	  "" },
	{ "HH0103", "张军", "320508198008152076", "户主", "H0012",
	  "1980 8 15", "" },
	{ "HH0103", "张敏", "320508197001012092", "户主", "", "1970 1 1",
	  "" },
};

static int
census(const char *path)
{
	static const char *const head[] = { "序号", "户号", "姓名",
		"*公民身份号码", "与户主关系", "房屋编号", "出生日期" };
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "实有人口");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime d = { 0, 0, 0, 0, 0, 0 };
	size_t i;
	int c, r;

	format_set_num_format(date, "yyyy-mm-dd");
	worksheet_merge_range(ws, 0, 0, 0, 6, "姑苏区察院场社区实有人口登记表",
	    NULL);
	worksheet_write_string(ws, 1, 0, "填报单位：察院场社区居委会", NULL);
	for (c = 0; c < 7; c++)
		worksheet_write_string(ws, 2, (lxw_col_t)c, head[c], NULL);
	for (i = 0; i < sizeof(census_rows) / sizeof(census_rows[0]); i++) {
		const char *const *t = census_rows[i];

		r = (int)i + 3;
		worksheet_write_number(ws, r, 0, (double)i + 1, NULL);
		for (c = 0; c < 4; c++)
			worksheet_write_string(ws, r, (lxw_col_t)c + 1, t[c],
			    NULL);
		if (t[4][0] != '\0')
			worksheet_write_string(ws, r, 5, t[4], NULL);
		sscanf(t[5], "%d %d %d", &d.year, &d.month, &d.day);
		if (t[6][0] != '\0')	/* 1990-01-01 as Excel counts it */
			worksheet_write_number(ws, r, 6, 32874, NULL);
		else
			worksheet_write_datetime(ws, r, 6, &d, date);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static int
people_csv(long n, const char *path)
{
	FILE *f = fopen(path, "w");
	lxw_datetime d;
	char id[32];
	long i;

	if (f == NULL)
		return 1;
	fputs("公民身份号码,姓名,性别,出生日期,联系电话,人口类型\n", f);
	for (i = 0; i < n; i++) {
		id_number(i, id);
		d = birth(i);
		fprintf(f, "%s,居民%ld,%s,%04d-%02d-%02d,%ld,%s\n", id, i,
		    (id[16] - '0') % 2 ? "男" : "女", d.year, d.month, d.day,
		    13800000000L + i, i % 3 ? "户籍人口" : "流动人口");
	}
	return fclose(f) == 0 ? 0 : 1;
}

static int
people(long n, const char *path)
{
	lxw_workbook_options opts = { .constant_memory = LXW_TRUE,
		.tmpdir = NULL, .use_zip64 = LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date, *number;
	lxw_datetime d;
	static const char *const head[] = { "公民身份号码", "姓名", "性别",
		"出生日期", "联系电话", "人口类型" };
	char id[32], name[32];
	long i;
	int c;

	if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".csv") == 0)
		return people_csv(n, path);
	wb = workbook_new_opt(path, &opts);
	ws = workbook_add_worksheet(wb, NULL);
	date = workbook_add_format(wb);
	number = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_num_format(number, "0");
	for (c = 0; c < 6; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
	for (i = 0; i < n; i++) {
		id_number(i, id);
		d = birth(i);
		snprintf(name, sizeof(name), "居民%ld", i);
		worksheet_write_string(ws, (lxw_row_t)i + 1, 0, id, NULL);
		worksheet_write_string(ws, (lxw_row_t)i + 1, 1, name, NULL);
		worksheet_write_string(ws, (lxw_row_t)i + 1, 2,
		    (id[16] - '0') % 2 ? "男" : "女", NULL);
		worksheet_write_datetime(ws, (lxw_row_t)i + 1, 3, &d, date);
		worksheet_write_number(ws, (lxw_row_t)i + 1, 4,
		    13800000000.0 + (double)i, number);
		worksheet_write_string(ws, (lxw_row_t)i + 1, 5,
		    i % 3 ? "户籍人口" : "流动人口", NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "template") == 0)
		return template(argv[2]);
	if (argc == 3 && strcmp(argv[1], "census") == 0)
		return census(argv[2]);
	if (argc == 4 && strcmp(argv[1], "people") == 0)
		return people(strtol(argv[2], NULL, 10), argv[3]);
	fprintf(stderr, "usage: mkxlsx template OUT.xlsx | "
	    "mkxlsx census OUT.xlsx | mkxlsx people N OUT.xlsx|OUT.csv\n");
	return 64;
}
