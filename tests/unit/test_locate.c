/* test_locate.c - coordinates as text, parsed exactly as strtod would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/locate.h"
#include "tap.h"

/* Random decimals of up to 15 digits: the fast path must equal strtod. */
static void
test_random(void)
{
	char text[64];
	double got, want;
	int i, bad = 0, k, digits, point;

	srand(7);
	for (i = 0; i < 200000; i++) {
		digits = 1 + rand() % 17;
		point = rand() % (digits + 1);
		k = 0;
		if (rand() % 4 == 0)
			text[k++] = '-';
		while (digits-- > 0) {
			if (digits + 1 == point)
				text[k++] = '.';
			text[k++] = (char)('0' + rand() % 10);
		}
		text[k] = '\0';
		if (strcmp(text, "-") == 0 || strcmp(text, ".") == 0 ||
		    strcmp(text, "-.") == 0)
			continue;
		want = strtod(text, NULL);
		if (grid_coordinate_parse(text, &got) != 0 || got != want) {
			if (bad++ < 5)
				printf("# '%s': got %.17g, strtod %.17g\n", text,
				    got, want);
		}
	}
	is_int(bad, 0, "200,000 random decimals read as strtod reads them");
}

static void
test_cases(void)
{
	static const struct {
		const char *text;
		int rc;
		double value;
	} cases[] = {
		{ "120.619017", 0, 120.619017 }, { "-31.5", 0, -31.5 },
		{ "+2", 0, 2 }, { "1.", 0, 1 }, { ".5", 0, 0.5 },
		{ "1e5", 0, 1e5 }, { "0.1234567890123456789", 0,
		    0.1234567890123456789 }, { "12345678901234567890", 0,
		    12345678901234567890.0 },
		{ "", -1, 0 }, { "abc", -1, 0 }, { "1.2.3", -1, 0 },
		{ "0x10", -1, 0 }, { "inf", -1, 0 }, { "nan", -1, 0 },
		{ "1e400", -1, 0 }, { "-", -1, 0 }, { "5 km", -1, 0 },
	};
	char what[96];
	double v = 0;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = grid_coordinate_parse(cases[i].text, &v);
		snprintf(what, sizeof(what), "'%s' %s", cases[i].text,
		    cases[i].rc == 0 ? "read" : "refused");
		ok(rc == cases[i].rc && (rc != 0 || v == cases[i].value), what);
	}
	ok(grid_coordinate_parse(NULL, &v) == -1, "NULL refused");
}

int
main(void)
{
	test_random();
	test_cases();
	return tap_done();
}
