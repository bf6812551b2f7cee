/* test_codes.c - division and grid codes, ID numbers, USCC, phones, masks. */
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
test_levels(void)
{
	is_str(grid_level_name(GRID_LEVEL_CITY), "city", "level name city");
	is_str(grid_level_name(GRID_LEVEL_GRID), "grid", "level name grid");
	is_str(grid_level_name(GRID_LEVEL_NONE), NULL, "level name none");
	is_int(grid_level_parse("street"), GRID_LEVEL_STREET,
	    "level parse street");
	is_int(grid_level_parse("community"), GRID_LEVEL_COMMUNITY,
	    "level parse community");
	is_int(grid_level_parse("village"), GRID_LEVEL_NONE,
	    "level parse unknown");
	is_int(grid_level_parse(NULL), GRID_LEVEL_NONE, "level parse NULL");
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
	test_levels();
	test_code_level();
	test_code_parent();
	test_code_ancestor();
	test_idno();
	test_uscc();
	test_component();
	test_phone();
	test_masks();
	return tap_done();
}
