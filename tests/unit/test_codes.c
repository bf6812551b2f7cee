/* test_codes.c - division and grid codes, ID numbers, USCC, phones, masks. */
#include <stdio.h>
#include <string.h>

#include "grid/codes.h"
#include "tap.h"

/* Whether err->text starts with want. */
static int
reason_is(const struct grid_error *err, const char *want)
{
	return strncmp(err->text, want, strlen(want)) == 0;
}

static void
test_code_level(void)
{
	struct grid_error err;

	is_int(grid_code_level("110105", 2, NULL), GRID_LEVEL_DISTRICT,
	    "110105 is a district");
	is_int(grid_code_level("110105001", 2, NULL), GRID_LEVEL_STREET,
	    "110105001 is a street");
	is_int(grid_code_level("110105001001", 2, NULL), GRID_LEVEL_COMMUNITY,
	    "110105001001 is a community");
	is_int(grid_code_level("11010500100101", 2, NULL), GRID_LEVEL_GRID,
	    "14 digits is a grid with width 2");
	is_int(grid_code_level("110105001001001", 3, NULL), GRID_LEVEL_GRID,
	    "15 digits is a grid with width 3");
	is_int(grid_code_level("110105599599999", 3, NULL), GRID_LEVEL_GRID,
	    "highest parts allowed");
	is_int(grid_code_level("110105001001001", 2, NULL), GRID_LEVEL_NONE,
	    "15 digits is not a grid with width 2");
	is_int(grid_code_level("11010500100101", 3, NULL), GRID_LEVEL_NONE,
	    "14 digits is not a grid with width 3");

	grid_error_clear(&err);
	is_int(grid_code_level("1101050", 2, &err), GRID_LEVEL_NONE,
	    "7 digits rejected");
	is_str(err.text, "bad code length '1101050'", "bad length reason");
	is_int(err.code, GRID_EDATA, "error code is GRID_EDATA");
	is_str(err.source, "", "no source in the error");
	is_int(err.line, 0, "no line in the error");
	is_int(grid_code_level("", 2, &err), GRID_LEVEL_NONE, "empty rejected");
	is_int(grid_code_level("11010a", 2, &err), GRID_LEVEL_NONE,
	    "letter rejected");
	is_str(err.text, "code not digits '11010a'", "not digits reason");
	is_int(grid_code_level("110105 01", 2, &err), GRID_LEVEL_NONE,
	    "space rejected");
	is_int(grid_code_level("110105000", 2, &err), GRID_LEVEL_NONE,
	    "street 000 rejected");
	ok(reason_is(&err, "bad street number"), "street reason");
	is_int(grid_code_level("110105600", 2, &err), GRID_LEVEL_NONE,
	    "street 600 rejected");
	is_int(grid_code_level("110105001000", 2, &err), GRID_LEVEL_NONE,
	    "community 000 rejected");
	ok(reason_is(&err, "bad community number"), "community reason");
	is_int(grid_code_level("110105001600", 2, &err), GRID_LEVEL_NONE,
	    "community 600 rejected");
	is_int(grid_code_level("11010500100100", 2, &err), GRID_LEVEL_NONE,
	    "grid sequence 00 rejected");
	ok(reason_is(&err, "bad grid sequence"), "grid sequence reason");
	is_int(grid_code_level("110105001001000", 3, &err), GRID_LEVEL_NONE,
	    "grid sequence 000 rejected");
	is_int(grid_code_level("11010500000101", 2, &err), GRID_LEVEL_NONE,
	    "grid under street 000 rejected");
	is_int(grid_code_level("110105001", 4, &err), GRID_LEVEL_NONE,
	    "width 4 rejected");
	is_int(err.code, GRID_EINTERNAL, "bad width is internal");
}

/*
 * The province boundaries of GB/T 2260: whether the two digits begin a
 * division code and an ID number (830000: the residence permits of
 * Taiwan residents, an ID number only).
 */
static const struct {
	const char *pp;
	int division, idno;
} provinces[] = {
	{ "00", 0, 0 }, { "01", 0, 0 }, { "10", 0, 0 }, { "11", 1, 1 },
	{ "15", 1, 1 }, { "16", 0, 0 }, { "20", 0, 0 }, { "21", 1, 1 },
	{ "23", 1, 1 }, { "24", 0, 0 }, { "30", 0, 0 }, { "31", 1, 1 },
	{ "37", 1, 1 }, { "38", 0, 0 }, { "40", 0, 0 }, { "41", 1, 1 },
	{ "46", 1, 1 }, { "47", 0, 0 }, { "49", 0, 0 }, { "50", 1, 1 },
	{ "54", 1, 1 }, { "55", 0, 0 }, { "60", 0, 0 }, { "61", 1, 1 },
	{ "65", 1, 1 }, { "66", 0, 0 }, { "70", 0, 0 }, { "71", 1, 1 },
	{ "72", 0, 0 }, { "80", 0, 0 }, { "81", 1, 1 }, { "82", 1, 1 },
	{ "83", 0, 1 }, { "84", 0, 0 }, { "90", 0, 0 }, { "99", 0, 0 }
};

/* Writes the ID number of address, born 1990-01-01, sequence 123. */
static void
make_idno(const char *address, char out[19])
{
	snprintf(out, 19, "%.6s19900101123", address);
	out[17] = grid_idno_check_char(out);
	out[18] = '\0';
}

static void
test_code_province(void)
{
	struct grid_error err;
	char code[32], what[96], want[96];
	size_t i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++) {
		snprintf(code, sizeof(code), "%s0101", provinces[i].pp);
		snprintf(what, sizeof(what), "district %s %s", code,
		    provinces[i].division ? "accepted" : "refused");
		grid_error_clear(&err);
		is_int(grid_code_level(code, 2, &err), provinces[i].division ?
		    GRID_LEVEL_DISTRICT : GRID_LEVEL_NONE, what);
		if (provinces[i].division)
			continue;
		snprintf(want, sizeof(want),
		    "no such province %s (GB/T 2260) in code '%s'",
		    provinces[i].pp, code);
		snprintf(what, sizeof(what), "district %s: reason", code);
		is_str(err.text, want, what);
		snprintf(code, sizeof(code), "%s010500100101",
		    provinces[i].pp);
		snprintf(what, sizeof(what), "grid %s refused", code);
		is_int(grid_code_level(code, 2, NULL), GRID_LEVEL_NONE, what);
	}

	is_int(grid_code_level("990105001", 2, &err), GRID_LEVEL_NONE,
	    "street of province 99 refused");
	is_str(err.text, "no such province 99 (GB/T 2260) in code "
	    "'990105001'", "street: province named before the street");
	is_int(grid_code_level("160105001001", 2, &err), GRID_LEVEL_NONE,
	    "community of province 16 refused");
	is_int(grid_code_level("830000001001001", 3, &err), GRID_LEVEL_NONE,
	    "83 is no province: width-3 grid refused");
	is_int(grid_code_level("9901051", 2, &err), GRID_LEVEL_NONE,
	    "7 digits of province 99 refused");
	is_str(err.text, "bad code length '9901051'",
	    "the length is checked first");
	is_int(grid_code_level("99010a", 2, &err), GRID_LEVEL_NONE,
	    "a letter in a code of province 99 refused");
	ok(reason_is(&err, "code not digits"), "digits checked first");
}

static void
test_code_prefecture(void)
{
	struct grid_error err;

	is_int(grid_code_level("110000", 2, NULL), GRID_LEVEL_DISTRICT,
	    "province 110000: prefecture 00, county 00");
	is_int(grid_code_level("110100", 2, NULL), GRID_LEVEL_DISTRICT,
	    "110100: prefecture 01, county 00");
	is_int(grid_code_level("110101", 2, NULL), GRID_LEVEL_DISTRICT,
	    "110101 东城区: a municipality's prefecture is 01");
	is_int(grid_code_level("310115", 2, NULL), GRID_LEVEL_DISTRICT,
	    "310115 浦东新区");
	is_int(grid_code_level("429004", 2, NULL), GRID_LEVEL_DISTRICT,
	    "429004 仙桃市: prefecture 90");
	is_int(grid_code_level("469001", 2, NULL), GRID_LEVEL_DISTRICT,
	    "469001 五指山市: prefecture 90");
	is_int(grid_code_level("419001", 2, NULL), GRID_LEVEL_DISTRICT,
	    "419001 济源市: prefecture 90");
	is_int(grid_code_level("659001", 2, NULL), GRID_LEVEL_DISTRICT,
	    "659001 石河子市: prefecture 90");
	is_int(grid_code_level("441900", 2, NULL), GRID_LEVEL_DISTRICT,
	    "441900 东莞市: a city without districts");
	is_int(grid_code_level("429004001001", 2, NULL), GRID_LEVEL_COMMUNITY,
	    "a community under prefecture 90");
	is_int(grid_code_level("710000", 2, NULL), GRID_LEVEL_DISTRICT,
	    "710000 台湾省");
	is_int(grid_code_level("810000", 2, NULL), GRID_LEVEL_DISTRICT,
	    "810000 香港特别行政区");
	is_int(grid_code_level("820000", 2, NULL), GRID_LEVEL_DISTRICT,
	    "820000 澳门特别行政区");
	is_int(grid_code_level("110000001", 2, NULL), GRID_LEVEL_STREET,
	    "county 00 under prefecture 00: shape accepted");

	grid_error_clear(&err);
	is_int(grid_code_level("110001", 2, &err), GRID_LEVEL_NONE,
	    "110001: prefecture 00 under county 01 refused");
	is_str(err.text, "prefecture 00 under county 01 in code '110001'",
	    "prefecture reason names the county");
	is_int(err.code, GRID_EDATA, "prefecture error is GRID_EDATA");
	is_int(grid_code_level("320099", 2, &err), GRID_LEVEL_NONE,
	    "320099 refused");
	is_str(err.text, "prefecture 00 under county 99 in code '320099'",
	    "county 99 named");
	is_int(grid_code_level("440090", 2, &err), GRID_LEVEL_NONE,
	    "440090 refused");
	is_int(grid_code_level("110001001", 2, &err), GRID_LEVEL_NONE,
	    "street under 110001 refused");
	ok(reason_is(&err, "prefecture 00 under county 01"),
	    "street: prefecture reason");
	is_int(grid_code_level("110001001001", 2, &err), GRID_LEVEL_NONE,
	    "community under 110001 refused");
	is_int(grid_code_level("11000100100101", 2, &err), GRID_LEVEL_NONE,
	    "grid under 110001 refused");
	is_int(grid_code_level("110001001001001", 3, &err), GRID_LEVEL_NONE,
	    "width-3 grid under 110001 refused");
	ok(reason_is(&err, "prefecture 00 under county 01"),
	    "width-3 grid: prefecture reason");
	is_int(grid_code_level("990001", 2, &err), GRID_LEVEL_NONE,
	    "990001 refused");
	ok(reason_is(&err, "no such province 99"),
	    "the province is checked before the prefecture");
	is_int(grid_code_level("110001000", 2, &err), GRID_LEVEL_NONE,
	    "110001000 refused");
	ok(reason_is(&err, "prefecture 00"),
	    "the prefecture is checked before the street");
}

static void
test_code_parent(void)
{
	char out[16];

	is_int(grid_code_parent("11010500100101", 2, out, sizeof(out)), 0,
	    "grid has a parent");
	is_str(out, "110105001001", "grid -> community");
	is_int(grid_code_parent("110105001001001", 3, out, sizeof(out)), 0,
	    "width-3 grid has a parent");
	is_str(out, "110105001001", "width-3 grid -> community");
	grid_code_parent("110105001001", 2, out, sizeof(out));
	is_str(out, "110105001", "community -> street");
	grid_code_parent("110105001", 2, out, sizeof(out));
	is_str(out, "110105", "street -> district");
	is_int(grid_code_parent("110105", 2, out, sizeof(out)), 0,
	    "district has a parent");
	is_str(out, "110100", "district -> city");
	is_int(grid_code_parent("110100", 2, out, sizeof(out)), -1,
	    "a city has no parent");
	is_int(grid_code_parent("441900003", 2, out, sizeof(out)), 0,
	    "street of a city without districts");
	is_str(out, "441900", "its parent is the city code");
	is_int(grid_code_parent("1101050", 2, out, sizeof(out)), -1,
	    "malformed code has no parent");
	is_int(grid_code_parent("11010500100101", 2, out, 12), -1,
	    "too small a buffer");
	is_int(grid_code_parent("11010500100101", 2, out, 13), 0,
	    "13 bytes are enough");
	is_int(grid_code_parent("99010500100101", 2, out, sizeof(out)), -1,
	    "a grid of province 99 has no parent");
	is_int(grid_code_parent("110001001", 2, out, sizeof(out)), -1,
	    "a street under 110001 has no parent");
	is_int(grid_code_parent("429004", 2, out, sizeof(out)), 0,
	    "429004 has a parent");
	is_str(out, "429000", "its parent is 429000");
	is_int(grid_code_ancestor("16010500100101", 2, GRID_LEVEL_STREET,
	    out, sizeof(out)), -1, "a grid of province 16 has no street");
}

static void
test_code_ancestor(void)
{
	const char *grid = "11010500100101";
	char out[16];

	is_int(grid_code_ancestor(grid, 2, GRID_LEVEL_STREET, out,
	    sizeof(out)), 0, "grid has a street");
	is_str(out, "110105001", "grid's street");
	grid_code_ancestor(grid, 2, GRID_LEVEL_DISTRICT, out, sizeof(out));
	is_str(out, "110105", "grid's district");
	grid_code_ancestor(grid, 2, GRID_LEVEL_CITY, out, sizeof(out));
	is_str(out, "110100", "grid's city");
	grid_code_ancestor(grid, 2, GRID_LEVEL_COMMUNITY, out, sizeof(out));
	is_str(out, "110105001001", "grid's community");
	is_int(grid_code_ancestor(grid, 2, GRID_LEVEL_GRID, out, sizeof(out)),
	    -1, "a grid is not its own ancestor");
	is_int(grid_code_ancestor("110105001", 2, GRID_LEVEL_COMMUNITY, out,
	    sizeof(out)), -1, "a street has no community ancestor");
	is_int(grid_code_ancestor("110105001", 2, GRID_LEVEL_NONE, out,
	    sizeof(out)), -1, "level none");
	is_int(grid_code_ancestor("110105001", 2, GRID_LEVEL_CITY, out, 7), 0,
	    "city fits in 7 bytes");
	is_int(grid_code_ancestor("110105001", 2, GRID_LEVEL_CITY, out, 6),
	    -1, "city does not fit in 6 bytes");
}

static void
test_idno(void)
{
	struct grid_idno id;
	struct grid_error err;
	const char *today = "2024-03-05";

	is_int(grid_idno_check_char("11010519491231002"), 'X', "check char X");
	is_int(grid_idno_check_char("44052418800101001"), '4', "check char 4");
	is_int(grid_idno_check_char("1101051949123100"), 0,
	    "check char of 16 digits");

	is_int(grid_idno_parse("11010519491231002X", today, &id, NULL), 0,
	    "11010519491231002X valid");
	is_str(id.number, "11010519491231002X", "number kept");
	is_str(id.birth_date, "1949-12-31", "birth date derived");
	is_int(id.sex, 'F', "even sequence is female");
	is_int(id.upgraded, 0, "not upgraded");

	is_int(grid_idno_parse("440524188001010014", today, &id, NULL), 0,
	    "440524188001010014 valid");
	is_str(id.birth_date, "1880-01-01", "born 1880");
	is_int(id.sex, 'M', "odd sequence is male");

	is_int(grid_idno_parse("11010519491231002x", today, &id, NULL), 0,
	    "lower-case x accepted");
	is_str(id.number, "11010519491231002X", "x folded to X");

	is_int(grid_idno_parse("110105491231002", today, &id, NULL), 0,
	    "15-digit number accepted");
	is_str(id.number, "11010519491231002X", "15 digits upgraded");
	is_str(id.birth_date, "1949-12-31", "upgraded birth date");
	is_int(id.sex, 'F', "upgraded sex");
	is_int(id.upgraded, 1, "upgraded flag");

	grid_error_clear(&err);
	is_int(grid_idno_parse("110105194912310021", today, &id, &err), -1,
	    "wrong check digit rejected");
	is_str(err.text, "bad check digit '110105194912310021'",
	    "check digit reason names the number");
	is_int(err.code, GRID_EDATA, "check digit error code");
	is_int(grid_idno_parse("110105194902300020", today, &id, &err), -1,
	    "1949-02-30 rejected");
	ok(reason_is(&err, "impossible birth date"), "impossible date reason");
	is_int(grid_idno_parse("110105198102290010", today, &id, &err), -1,
	    "1981-02-29 rejected");
	is_int(grid_idno_parse("110105198002290013", today, &id, NULL), 0,
	    "1980-02-29 accepted");
	is_int(grid_idno_parse("110105491331002", today, &id, &err), -1,
	    "15 digits with month 13 rejected");
	ok(reason_is(&err, "impossible birth date"), "15-digit date reason");
	is_int(grid_idno_parse("110105202403060015", today, &id, &err), -1,
	    "born the day after today rejected");
	ok(reason_is(&err, "birth date in the future"), "future reason");
	is_int(grid_idno_parse("11010520240305001X", today, &id, NULL), 0,
	    "born today accepted");
	is_int(grid_idno_parse("110105202403060015", NULL, &id, NULL), 0,
	    "no today, no future check");
	is_int(grid_idno_parse("11010519491231002", today, &id, &err), -1,
	    "17 characters rejected");
	is_str(err.text, "bad length '11010519491231002'", "length reason");
	is_int(grid_idno_parse("", today, &id, &err), -1, "empty rejected");
	is_int(grid_idno_parse("1101051949123100XX", today, &id, &err), -1,
	    "X inside rejected");
	is_str(err.text, "not digits '1101051949123100XX'", "digits reason");
	is_int(grid_idno_parse("11010519491231002Y", today, &id, &err), -1,
	    "Y as check rejected");
	is_int(grid_idno_parse("11010549123100A", today, &id, &err), -1,
	    "letter in 15 digits rejected");
	ok(reason_is(&err, "not digits"), "15-digit digits reason");
	is_int(grid_idno_parse("110105200003010028", today, &id, NULL), 0,
	    "2000-03-01 accepted");
	is_int(id.sex, 'F', "sequence 002 is female");
}

static void
test_idno_province(void)
{
	struct grid_idno id;
	struct grid_error err;
	char address[8], number[19], what[96], want[96];
	size_t i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++) {
		snprintf(address, sizeof(address), "%s%s", provinces[i].pp,
		    strcmp(provinces[i].pp, "83") == 0 ? "0000" : "0101");
		make_idno(address, number);
		snprintf(what, sizeof(what), "ID number %s %s", number,
		    provinces[i].idno ? "accepted" : "refused");
		grid_error_clear(&err);
		is_int(grid_idno_parse(number, "2024-03-05", &id, &err),
		    provinces[i].idno ? 0 : -1, what);
		if (provinces[i].idno)
			continue;
		snprintf(want, sizeof(want),
		    "no such province %s (GB/T 2260) in '%s'",
		    provinces[i].pp, number);
		snprintf(what, sizeof(what), "ID number %s: reason", number);
		is_str(err.text, want, what);
	}
	is_int(grid_idno_parse("990101199001011234", NULL, &id, &err), -1,
	    "province 99 with a wrong check digit refused");
	ok(reason_is(&err, "no such province 99"),
	    "the province is checked before the check digit");
	is_int(grid_idno_parse("160101199002301234", NULL, &id, &err), -1,
	    "province 16 with an impossible date refused");
	ok(reason_is(&err, "no such province 16"),
	    "the province is checked before the birth date");
	is_int(grid_idno_parse("1601011990023", NULL, &id, &err), -1,
	    "13 characters of province 16 refused");
	ok(reason_is(&err, "bad length"), "the length is checked first");

	make_idno("110001", number);
	is_int(grid_idno_parse(number, NULL, &id, NULL), 0,
	    "ID number: only the province of the address is checked");
	make_idno("429004", number);
	is_int(grid_idno_parse(number, NULL, &id, NULL), 0,
	    "ID number of 429004 仙桃市 accepted");
	make_idno("469001", number);
	is_int(grid_idno_parse(number, NULL, &id, NULL), 0,
	    "ID number of 469001 五指山市 accepted");
}

static void
test_province_at(void)
{
	is_int(grid_province_at("32"), 1, "province_at: 32");
	is_int(grid_province_at("320508"), 1, "province_at: a code");
	is_int(grid_province_at("71"), 1, "province_at: 71 Taiwan");
	is_int(grid_province_at("82"), 1, "province_at: 82 Macao");
	is_int(grid_province_at("83"), 0, "province_at: 83 is no province");
	is_int(grid_province_at("99"), 0, "province_at: 99");
	is_int(grid_province_at("16"), 0, "province_at: 16");
	is_int(grid_province_at("3"), 0, "province_at: one digit");
	is_int(grid_province_at("x2"), 0, "province_at: not digits");
	is_int(grid_province_at(""), 0, "province_at: empty");
	is_int(grid_province_at(NULL), 0, "province_at: NULL");
}

static void
test_idno_permits(void)
{
	struct grid_idno id;
	struct grid_error err;
	char number[19];

	make_idno("810000", number);
	is_int(grid_idno_parse(number, "2024-03-05", &id, NULL), 0,
	    "Hong Kong residence permit 810000 accepted");
	is_str(id.birth_date, "1990-01-01", "permit: birth date derived");
	is_int(id.sex, 'M', "permit: sex derived");
	make_idno("820000", number);
	is_int(grid_idno_parse(number, "2024-03-05", &id, NULL), 0,
	    "Macao residence permit 820000 accepted");
	is_int(grid_idno_parse("83000019900101120X", "2024-03-05", &id,
	    NULL), 0, "Taiwan residence permit 830000 accepted");
	is_str(id.number, "83000019900101120X", "permit number kept");
	is_int(id.sex, 'F', "permit: even sequence is female");
	is_int(grid_idno_parse("83000019900101120x", "2024-03-05", &id,
	    NULL), 0, "permit with a lower-case x accepted");
	is_str(id.number, "83000019900101120X", "permit: x folded to X");
	is_int(grid_idno_parse("830000199001011241", "2024-03-05", &id,
	    &err), -1, "permit with a wrong check digit refused");
	is_str(err.text, "bad check digit '830000199001011241'",
	    "permit: check digit reason");
	make_idno("830101", number);
	is_int(grid_idno_parse(number, NULL, &id, &err), -1,
	    "83 other than 830000 refused");
	ok(reason_is(&err, "no such province 83 (GB/T 2260) in '830101"),
	    "83 other than 830000: province reason");
	make_idno("830100", number);
	is_int(grid_idno_parse(number, NULL, &id, &err), -1,
	    "830100 refused");
	make_idno("810101", number);
	is_int(grid_idno_parse(number, NULL, &id, NULL), 0,
	    "81 is a province: 810101 accepted (ID: only the province)");
	is_int(grid_code_level("830000", 2, &err), GRID_LEVEL_NONE,
	    "830000 is no division code");
	is_str(err.text, "no such province 83 (GB/T 2260) in code '830000'",
	    "830000: province reason");
}

static void
test_idno_upgrade(void)
{
	struct grid_idno id;
	struct grid_error err;

	is_int(grid_idno_parse("320508900101127", "2024-03-05", &id, NULL), 0,
	    "15 digits of 320508 accepted");
	is_str(id.number, "320508199001011275", "upgraded with its check");
	is_int(id.upgraded, 1, "upgraded flag");
	is_int(grid_idno_parse("650102491231002", NULL, &id, NULL), 0,
	    "15 digits of province 65 accepted");
	is_int(grid_idno_parse("710000491231002", NULL, &id, NULL), 0,
	    "15 digits of province 71 accepted");
	grid_error_clear(&err);
	is_int(grid_idno_parse("990105491231002", NULL, &id, &err), -1,
	    "15 digits of province 99 refused");
	is_str(err.text, "no such province 99 (GB/T 2260) in "
	    "'990105491231002'", "15 digits: the number as given is quoted");
	is_int(grid_idno_parse("100105491231002", NULL, &id, &err), -1,
	    "15 digits of province 10 refused");
	is_int(grid_idno_parse("000000491231002", NULL, &id, &err), -1,
	    "15 digits of province 00 refused");
}

static void
test_uscc(void)
{
	struct grid_error err;
	char out[19];

	is_int(grid_uscc_check("91350100M000100Y43", out, sizeof(out), NULL),
	    0, "91350100M000100Y43 valid");
	is_str(out, "91350100M000100Y43", "canonical form");
	is_int(grid_uscc_check("91512081MA62K0260E", out, sizeof(out), NULL),
	    0, "91512081MA62K0260E valid");
	is_int(grid_uscc_check("91512081ma62k0260e", out, sizeof(out), NULL),
	    0, "lower case accepted");
	is_str(out, "91512081MA62K0260E", "lower case folded");

	grid_error_clear(&err);
	is_int(grid_uscc_check("91350100M000100Y44", out, sizeof(out), &err),
	    -1, "wrong check rejected");
	is_str(err.text, "bad check character '91350100M000100Y44'",
	    "check reason");
	is_int(grid_uscc_check("91350100M000I00Y43", out, sizeof(out), &err),
	    -1, "I rejected");
	is_str(err.text, "bad character 'I' in '91350100M000I00Y43'",
	    "bad character reason");
	is_int(grid_uscc_check("91350100O000100Y43", out, sizeof(out), &err),
	    -1, "O rejected");
	is_int(grid_uscc_check("91350100M000100Y4", out, sizeof(out), &err),
	    -1, "17 characters rejected");
	is_str(err.text, "bad length '91350100M000100Y4'", "length reason");
	is_int(grid_uscc_check("91350100M0001半43", out, sizeof(out), &err),
	    -1, "Chinese character rejected");
	is_str(err.text, "bad character '半' in '91350100M0001半43'",
	    "whole character quoted");
	is_int(grid_uscc_check("91350100M000100Y43", out, 18, &err), -1,
	    "too small a buffer");
}

/*
 * The division code in positions 3-8 of a USCC is not checked: codes
 * whose positions 3-8 are no division of GB/T 2260 are accepted when
 * their check character is right.
 */
static void
test_uscc_division(void)
{
	char out[19];

	is_int(grid_uscc_check("11100000000013127D", out, sizeof(out), NULL),
	    0, "division 100000 in a USCC accepted");
	is_int(grid_uscc_check("91990101M000100Y4A", out, sizeof(out), NULL),
	    0, "division 990101 in a USCC accepted");
}

static void
test_component(void)
{
	struct grid_error err;

	is_int(grid_component_code_check("3205080101000001", NULL), 0,
	    "3205080101000001 valid");
	is_int(grid_component_code_check("3205080699999999", NULL), 0,
	    "major 06 minor 99 valid");
	grid_error_clear(&err);
	is_int(grid_component_code_check("320508010100000", &err), -1,
	    "15 digits rejected");
	ok(reason_is(&err, "bad length"), "length reason");
	is_int(grid_component_code_check("32050801010000a1", &err), -1,
	    "letter rejected");
	ok(reason_is(&err, "not digits"), "digits reason");
	is_int(grid_component_code_check("3205080701000001", &err), -1,
	    "major 07 rejected");
	ok(reason_is(&err, "bad major class"), "major reason");
	is_int(grid_component_code_check("3205080001000001", &err), -1,
	    "major 00 rejected");
	is_int(grid_component_code_check("3205080100000001", &err), -1,
	    "minor 00 rejected");
	ok(reason_is(&err, "bad minor class"), "minor reason");
}

static void
test_phone(void)
{
	struct grid_error err;
	char out[21];

	is_int(grid_phone_parse("+86 138-0013-8000", out, sizeof(out), NULL),
	    0, "+86 mobile accepted");
	is_str(out, "13800138000", "+86 dropped, separators removed");
	grid_phone_parse("0086 13800138000", out, sizeof(out), NULL);
	is_str(out, "13800138000", "0086 dropped");
	grid_phone_parse("13800138000", out, sizeof(out), NULL);
	is_str(out, "13800138000", "plain mobile");
	grid_phone_parse("(010) 6512-3456", out, sizeof(out), NULL);
	is_str(out, "01065123456", "landline with area code");
	is_int(grid_phone_parse("12345", out, sizeof(out), NULL), 0,
	    "hotline 12345 accepted");
	is_str(out, "12345", "hotline kept");

	grid_error_clear(&err);
	is_int(grid_phone_parse("1380013800", out, sizeof(out), &err), -1,
	    "10-digit mobile rejected");
	is_str(err.text, "mobile number not 11 digits '1380013800'",
	    "mobile reason");
	is_int(grid_phone_parse("1234", out, sizeof(out), &err), -1,
	    "4 digits rejected");
	ok(reason_is(&err, "bad phone number length"), "short reason");
	is_int(grid_phone_parse("123456789012345678901", out, sizeof(out),
	    &err), -1, "21 digits rejected");
	is_int(grid_phone_parse("138 0013 800a", out, sizeof(out), &err), -1,
	    "letter rejected");
	ok(reason_is(&err, "bad phone number '"), "letter reason");
	is_int(grid_phone_parse("+852 9123 4567", out, sizeof(out), &err), -1,
	    "other country code rejected");
	is_int(grid_phone_parse("", out, sizeof(out), &err), -1,
	    "empty rejected");
	is_int(grid_phone_parse("1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 "
	    "4 5 6 7 8 9 0 1 2 3", out, sizeof(out), &err), -1,
	    "very long rejected");
	is_int(grid_phone_parse("13800138000", out, 11, &err), -1,
	    "too small a buffer");
	is_int(err.code, GRID_EINTERNAL, "buffer error is internal");
}

static void
test_masks(void)
{
	char out[64], small[8];

	is_str(grid_mask_idno("11010119900101123X", out, sizeof(out)),
	    "110101********123X", "ID keeps first 6 and last 4");
	is_str(grid_mask_idno("110105491231002", out, sizeof(out)),
	    "110*********002", "15 digits keep a quarter each side");
	is_str(grid_mask_idno("E12345678", out, sizeof(out)), "E1*****78",
	    "passport keeps a quarter each side");
	is_str(grid_mask_idno("abc", out, sizeof(out)), "***",
	    "very short all masked");
	is_str(grid_mask_idno("", out, sizeof(out)), "", "empty stays empty");
	is_str(grid_mask_idno(NULL, out, sizeof(out)), "", "NULL gives empty");
	is_str(grid_mask_phone("13856785678", out, sizeof(out)),
	    "138****5678", "mobile keeps first 3 and last 4");
	is_str(grid_mask_phone("01065123456", out, sizeof(out)),
	    "010****3456", "landline keeps first 3 and last 4");
	is_str(grid_mask_phone("65123456", out, sizeof(out)), "65****56",
	    "short number keeps a quarter");
	is_str(grid_mask_phone("护照号码甲乙", out, sizeof(out)),
	    "护****乙", "characters, not bytes");
	is_str(grid_mask_phone("13856785678", small, sizeof(small)),
	    "138****", "truncated to the buffer");
	is_str(grid_mask_idno("护照号码甲乙", small, sizeof(small)),
	    "护****", "stops before a character that does not fit");
	is_str(grid_mask_idno("护照号码甲乙", small, 3), "",
	    "never cuts a character");
	is_str(grid_mask_idno("11010119900101123X", out, 1), "",
	    "buffer of 1 gives empty");
}

int
main(void)
{
	test_code_level();
	test_code_province();
	test_code_prefecture();
	test_code_parent();
	test_code_ancestor();
	test_idno();
	test_idno_province();
	test_province_at();
	test_idno_permits();
	test_idno_upgrade();
	test_uscc();
	test_uscc_division();
	test_component();
	test_phone();
	test_masks();
	return tap_done();
}
