/*
 * fuzz_codes.c - the code validators of codes.h on any text: division
 * and grid codes (levels, parents, ancestors), citizen ID numbers,
 * unified social credit codes, component codes, phone numbers, and the
 * masks of personal numbers.
 *
 * What is accepted has the shape codes.h promises and is accepted again
 * in its canonical form; a division code and an ID number begin with a
 * province of GB/T 2260 (an ID number also with 830000, the residence
 * permits of Taiwan residents), and a division code has a prefecture
 * of 00 only with a county of 00; parents and ancestors are prefixes
 * one level up; an output buffer one byte short is refused, never
 * overrun; masks always fit and stay UTF-8; a rejection is a data error
 * whose message is UTF-8 when the value was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grid/codes.h"
#include "grid/text.h"
#include "fuzz.h"

/* What replay.c runs in `make check`, from the top of the tree. */
const char *const fuzz_seeds[] = {
	"tests/fixtures/district/*.csv",
	NULL
};

static int
utf8(const char *s)
{
	return grid_utf8_valid(s, strlen(s), NULL);
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/*
 * Whether the two digits at s are a province of GB/T 2260, or s begins
 * with 830000 for an ID number (idno set): the list of codes.h,
 * restated.
 */
static int
province(const char *s, int idno)
{
	static const char *const provinces[] = { "11", "12", "13", "14",
		"15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
		"37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
		"53", "54", "61", "62", "63", "64", "65", "71", "81", "82" };
	size_t i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (strncmp(s, provinces[i], 2) == 0)
			return 1;
	return idno && strncmp(s, "830000", 6) == 0;
}

/* A rejection of value: a data error with a message. */
static void
check_rejected(const struct grid_error *err, const char *value)
{
	CHECK(err->code == GRID_EDATA && err->text[0] != '\0');
	CHECK(!utf8(value) || utf8(err->text));
}

/* Parent and every ancestor of a code of level own. */
static void
check_family(const char *code, int width, enum grid_level own)
{
	static const size_t keep[] = { 0, 6, 6, 9, 12, 0 };
	char out[32];
	size_t len;
	int level, rc;

	for (level = GRID_LEVEL_CITY; level < (int)own; level++) {
		rc = grid_code_ancestor(code, width, (enum grid_level)level,
		    out, sizeof(out));
		if (level == GRID_LEVEL_CITY && own == GRID_LEVEL_DISTRICT &&
		    strcmp(code + 4, "00") == 0) {
			/* a city itself (441900): no parent */
			CHECK(rc == -1);
			CHECK(grid_code_parent(code, width, out, sizeof(out)) ==
			    -1);
			continue;
		}
		len = keep[level];
		CHECK(rc == 0 && strlen(out) == len);
		CHECK(memcmp(out, code, level == GRID_LEVEL_CITY ? 4 :
		    len) == 0);
		CHECK(level != GRID_LEVEL_CITY || strcmp(out + 4, "00") == 0);
		/* one byte short: refused */
		CHECK(grid_code_ancestor(code, width, (enum grid_level)level,
		    out, len) == -1);
		if (level == (int)own - 1) {
			CHECK(grid_code_parent(code, width, out, sizeof(out))
			    == 0 && strlen(out) == len);
			CHECK(grid_code_level(out, width, NULL) == (level ==
			    GRID_LEVEL_CITY ? GRID_LEVEL_DISTRICT :
			    (enum grid_level)level));
		}
	}
	CHECK(grid_code_ancestor(code, width, own, out, sizeof(out)) == -1);
}

static void
check_division(const char *value)
{
	struct grid_error err;
	enum grid_level level;
	int width;

	for (width = 2; width <= 3; width++) {
		grid_error_clear(&err);
		level = grid_code_level(value, width, &err);
		if (level == GRID_LEVEL_NONE) {
			check_rejected(&err, value);
			continue;
		}
		CHECK(level >= GRID_LEVEL_DISTRICT);
		CHECK(digits(value, level == GRID_LEVEL_GRID ? 12 +
		    (size_t)width : level == GRID_LEVEL_COMMUNITY ? 12 :
		    level == GRID_LEVEL_STREET ? 9 : 6));
		CHECK(grid_level_parse(grid_level_name(level)) == level);
		CHECK(province(value, 0));
		CHECK(strncmp(value + 2, "00", 2) != 0 ||
		    strncmp(value + 4, "00", 2) == 0);
		check_family(value, width, level);
	}
}

static void
check_idno(const char *value)
{
	struct grid_idno id, again;
	struct grid_error err;
	char date[11];

	grid_error_clear(&err);
	if (grid_idno_parse(value, "2024-03-05", &id, &err) != 0) {
		check_rejected(&err, value);
		return;
	}
	CHECK(strlen(id.number) == 18 && strspn(id.number, "0123456789") >= 17);
	CHECK(province(id.number, 1));
	CHECK(grid_idno_check_char(id.number) == id.number[17]);
	CHECK(id.upgraded == (strlen(value) == 15));
	CHECK(id.sex == ((id.number[16] - '0') % 2 == 1 ? 'M' : 'F'));
	CHECK(grid_date_parse(id.birth_date, date, sizeof(date), NULL) ==
	    0 && strcmp(date, id.birth_date) == 0);
	CHECK(strcmp(id.birth_date, "2024-03-05") <= 0);
	CHECK(grid_idno_parse(id.number, NULL, &again, NULL) == 0);
	CHECK(strcmp(again.number, id.number) == 0 && !again.upgraded);
	CHECK(strcmp(again.birth_date, id.birth_date) == 0);
}

static void
check_uscc(const char *value)
{
	struct grid_error err;
	char out[19], again[19];

	grid_error_clear(&err);
	if (grid_uscc_check(value, out, sizeof(out), &err) != 0) {
		check_rejected(&err, value);
		return;
	}
	CHECK(strlen(out) == 18 && strcspn(out, "IOSVZ") == 18);
	CHECK(grid_uscc_check(out, again, sizeof(again), NULL) == 0);
	CHECK(strcmp(out, again) == 0);
	CHECK(grid_uscc_check(value, again, 18, &err) == -1 &&
	    err.code == GRID_EINTERNAL);
}

static void
check_component(const char *value)
{
	struct grid_error err;

	grid_error_clear(&err);
	if (grid_component_code_check(value, &err) != 0) {
		check_rejected(&err, value);
		return;
	}
	CHECK(digits(value, 16));
	CHECK(value[6] == '0' && value[7] >= '1' && value[7] <= '6');
	CHECK(value[8] != '0' || value[9] != '0');
}

static void
check_phone(const char *value)
{
	struct grid_error err;
	char out[21], again[21];
	size_t len;

	grid_error_clear(&err);
	if (grid_phone_parse(value, out, sizeof(out), &err) != 0) {
		check_rejected(&err, value);
		return;
	}
	len = strlen(out);
	CHECK(len >= 5 && len <= 20 && digits(out, len));
	CHECK(out[0] != '1' || out[1] < '3' || len == 11);
	CHECK(grid_phone_parse(value, again, len, &err) == -1 &&
	    err.code == GRID_EINTERNAL);
}

/* Both masks into buffers of several sizes. */
static void
check_masks(const char *value)
{
	static const size_t sizes[] = { 1, 2, 5, 11, 19, 64, 300 };
	char out[300];
	size_t i, len = strlen(value);
	int valid = utf8(value);

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(out, 'Z', sizeof(out));
		grid_mask_idno(value, out, sizes[i]);
		CHECK(memchr(out, '\0', sizes[i]) != NULL);
		CHECK(strlen(out) <= len && (!valid || utf8(out)));
		memset(out, 'Z', sizeof(out));
		grid_mask_phone(value, out, sizes[i]);
		CHECK(memchr(out, '\0', sizes[i]) != NULL);
		CHECK(strlen(out) <= len && (!valid || utf8(out)));
	}
	if (len == 18 && digits(value, 17)) {
		grid_mask_idno(value, out, sizeof(out));
		CHECK(memcmp(out, value, 6) == 0 &&
		    memcmp(out + 6, "********", 8) == 0 &&
		    strcmp(out + 14, value + 14) == 0);
	}
	grid_mask_idno(value, out, 0);	/* nothing written, no crash */
}

static void
check_value(const char *value)
{
	check_division(value);
	check_idno(value);
	check_uscc(value);
	check_component(value);
	check_phone(value);
	check_masks(value);
	CHECK((grid_idno_check_char(value) != '\0') ==
	    (strspn(value, "0123456789") >= 17));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_values(data, size, check_value);
	return 0;
}
