/*
 * gendistrict - writes a synthetic district at realistic scale, for the
 * benchmarks of grid-import and the tools that read its database.
 *
 *	gendistrict [-s SCALE] [-p PEOPLE] [-g GRIDS] [-c CODE] [--seed N] OUTDIR
 *
 * At scale 1: 20 streets of 8 communities, 1,760 unit grids, 500,000
 * houses and 1,000,000 people in households of 1 to 6 (SCALE 0.0001-5
 * multiplies all of these).  -p sets the number of people (at most
 * 5,000,000); without -s the rest of the district follows it (SCALE =
 * PEOPLE / 1,000,000).  -g sets the number of grids.  The same seed
 * (default 1) gives the same bytes.  Exit status: 0, 64 usage, 73 cannot
 * create the output, 74 write error.
 *
 * Files in OUTDIR, UTF-8, "\n" line ends, no BOM, each written to a
 * temporary name and renamed: regions.csv, grids.csv, houses.csv and
 * households.csv with the canonical English headers of grid-import(1), and
 * people.csv with the Chinese headers a census sheet has.  The district is
 * the real 320508 (姑苏区, Suzhou) of the sample fixture, or the 6-digit
 * division code CODE (-c; the cities' benchmark, bench/city.sh, makes
 * 16 districts of one city, each with its own code and seed); its streets
 * (001-0NN) and communities are synthetic.  ID numbers carry valid check
 * characters (GB 11643), a birth date and sex that agree with the other
 * columns, and an age structure like the 2020 census (about 18 % aged
 * 0-14, 63 % 15-59, 19 % 60 and over, counted on 2024-01-01).  No field
 * needs CSV quoting: every text comes from the tables below.
 *
 * Standalone: C11 and libc only; fixed-size buffers only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "gen.h"

#define EX_USAGE	64
#define EX_CANTCREAT	73
#define EX_IOERR	74

#define DISTRICT_CODE	district_code
static char district_code[7] = "320508";	/* -c */
#define DISTRICT_NAME	"姑苏区"
#define ADDRESS_PREFIX	"苏州市姑苏区"
#define CENTRE_LON_U	120620000L	/* micro-degrees */
#define CENTRE_LAT_U	31310000L
#define CELL_LON_U	3600L		/* a grid cell, about 340 m */
#define CELL_LAT_U	3100L

#define REF_YEAR	2024		/* ages are counted on REF_YEAR-01-01 */
#define FIRST_YEAR	1900
#define NYEARS		(REF_YEAR - FIRST_YEAR)
#define MAX_AGE		(NYEARS - 1)

#define BASE_PEOPLE	1000000L
#define MAX_PEOPLE	5000000L	/* the ID sequence numbers run out */
#define BASE_HOUSES	500000L
#define BASE_GRIDS	1760L
#define GRIDS_PER_COMMUNITY	11
#define COMMUNITIES_PER_STREET	8
#define MAX_STREETS	99		/* 001-099 are 街道 */
#define MAX_COMMUNITIES_PER_STREET 199	/* 001-199 are 居委会 */
#define MAX_GRIDS_PER_COMMUNITY	99
#define MAX_HOUSEHOLD	6

#define PATH_SIZE	4096
#define LINE_SIZE	512


struct options {
	long people;
	long houses;
	long grids;
	uint64_t seed;
	const char *outdir;
};

/* The shape of the district, derived from the options. */
struct layout {
	long communities;
	long per_street;	/* communities per street */
	long streets;
};


struct person {
	char id_number[19];
	int age;
	char sex;		/* 'M' or 'F' */
};

/* A generation run: the random state and the running counters. */
struct gen {
	struct rng rng;
	struct out houses, households, people;
	long people_left;
	long households_done;
	long houses_left;
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "顾", "钱", "戴", "严", "陶", "吴", "徐",
	"沈", "陆", "顾", "朱", "周", "张", "王", "钱"
};
#define NSURNAMES (sizeof(surnames) / sizeof(surnames[0]))

/* Given names by sex and generation (born before 1965, 1965-94, later). */
static const char *const given[2][3][16] = {
	{ { "建国", "国强", "志明", "根宝", "文华", "德明", "金荣", "永康",
	    "福生", "海林", "炳荣", "桂林", "水根", "振华", "家骏", "卫国" },
	  { "伟", "强", "磊", "军", "勇", "峰", "斌", "健", "俊杰", "晓东",
	    "海涛", "志刚", "建华", "卫东", "宏伟", "立新" },
	  { "浩然", "子轩", "宇轩", "梓睿", "一鸣", "俊熙", "浩宇", "博文",
	    "思远", "天佑", "子墨", "奕辰", "皓轩", "嘉懿", "沐宸", "睿泽" } },
	{ { "秀英", "桂兰", "玉珍", "凤英", "美娟", "彩娣", "月娥", "秀珍",
	    "雪琴", "惠芬", "菊英", "阿妹", "丽华", "素珍", "巧英", "杏娣" },
	  { "丽", "静", "敏", "燕", "艳", "娟", "芳", "婷", "晓燕", "红梅",
	    "丽娟", "雪梅", "慧", "琳", "颖", "佳" },
	  { "欣怡", "梓涵", "子涵", "诗涵", "可馨", "雨桐", "梓萱", "语嫣",
	    "思彤", "一诺", "若曦", "佳怡", "欣妍", "芷若", "沐晴", "安琪" } }
};

/* Syllables for synthetic street, community and road names. */

static const char *const road_kinds[] = { "路", "街", "巷", "弄" };

/* Home counties of floating residents (GB/T 2260, china-division 2.7.0). */
static const char *const origin_codes[] = {
	"341202", "321322", "340826", "411521", "411623", "511623", "430524",
	"360730", "320830", "320382"
};
#define NORIGINS (sizeof(origin_codes) / sizeof(origin_codes[0]))

static const char *const mobile_prefixes[] = {
	"139", "138", "137", "136", "135", "133", "150", "151", "152", "158",
	"159", "180", "181", "186", "187", "188", "189", "177", "199", "131"
};
#define NMOBILE (sizeof(mobile_prefixes) / sizeof(mobile_prefixes[0]))

/* Household sizes 1-6, cumulative per mille (2020 census, 6+ as 6). */
static const int size_cdf[MAX_HOUSEHOLD] = { 254, 551, 760, 892, 954, 1000 };

/*
 * The next sequence number per address code, birth day and sex, so that
 * no ID number is given twice: [district + origins][year][day][sex].
 */
static uint16_t next_seq[1 + NORIGINS][NYEARS][366][2];

static const char *progname = "gendistrict";

/* --- random numbers --- */




/* A number in [lo, hi]. */
static long
rng_range(struct rng *r, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + rng_below(r, hi - lo + 1);
}

/* 1 with probability permille / 1000. */
static int
rng_chance(struct rng *r, int permille)
{
	return rng_below(r, 1000) < permille;
}

/* --- output files --- */



#ifdef __GNUC__
#endif


/* --- codes and dates --- */


static char
idno_check_char(const char *first17)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

static int
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Month and day of the day-of-year doy (0-based). */
static void
month_day(int year, int doy, int *month, int *day)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int m;

	for (m = 0; m < 12; m++) {
		int len = mdays[m] + (m == 1 && is_leap(year));

		if (doy < len)
			break;
		doy -= len;
	}
	*month = m + 1;
	*day = doy + 1;
}

/*
 * Gives p a new ID number for its age and sex, with the address code
 * origin (0: the district, 1..NORIGINS: origin_codes[origin - 1]).  A day
 * whose sequence numbers for that sex are used up moves on to the next;
 * a full year (never below MAX_PEOPLE) is an internal error.
 */
static void
make_person(struct gen *g, struct person *p, int age, char sex, int origin,
    int *year_out, int *month_out, int *day_out)
{
	char *q;
	int year, doy, days, month, day, s, seq, tries = 0;

	year = REF_YEAR - 1 - age;
	days = 365 + is_leap(year);
	doy = (int)rng_below(&g->rng, days);
	s = sex == 'M' ? 1 : 0;
	while ((seq = next_seq[origin][year - FIRST_YEAR][doy][s]) >= 998 - s) {
		doy = (doy + 1) % days;
		if (++tries == days) {
			fprintf(stderr, "%s: out of ID sequence numbers for "
			    "%d\n", progname, year);
			exit(70);
		}
	}
	/* odd sequence numbers for men, even for women, random gaps */
	if (seq == 0)
		seq = 2 * (int)rng_range(&g->rng, 0, 150) + (s ? 1 : 2);
	else
		seq += 2 * (int)rng_range(&g->rng, 1, 3);
	while (seq > 999)
		seq -= 2;
	next_seq[origin][year - FIRST_YEAR][doy][s] = (uint16_t)seq;
	month_day(year, doy, &month, &day);
	memcpy(p->id_number, origin == 0 ? DISTRICT_CODE :
	    origin_codes[origin - 1], 6);
	q = put_digits(p->id_number + 6, year, 4);
	q = put_digits(q, month, 2);
	q = put_digits(q, day, 2);
	q = put_digits(q, seq, 3);
	*q++ = idno_check_char(p->id_number);
	*q = '\0';
	p->age = age;
	p->sex = sex;
	if (year_out != NULL) {
		*year_out = year;
		*month_out = month;
		*day_out = day;
	}
}

/* A birth date in one of the spellings clerks use (mostly ISO). */
static void
format_date(struct rng *r, char *buf, size_t n, int y, int m, int d)
{
	long k = rng_below(r, 20);

	if (k < 14)
		snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
	else if (k < 17)
		snprintf(buf, n, "%d/%d/%d", y, m, d);
	else
		snprintf(buf, n, "%d年%d月%d日", y, m, d);
}

static void
format_mobile(struct rng *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s%08ld", mobile_prefixes[rng_below(r, NMOBILE)],
	    rng_below(r, 100000000L));
}

/* --- people and households --- */

static const char *
given_name(struct rng *r, char sex, int age)
{
	int birth_year = REF_YEAR - 1 - age;
	int gen = birth_year < 1965 ? 0 : birth_year < 1995 ? 1 : 2;

	return given[sex == 'F'][gen][rng_below(r, 16)];
}

/* A member of a household being built: who and how related to the head. */
struct member {
	int age;
	char sex;
	const char *relation;
	const char *surname;
};

static char
other_sex(char sex)
{
	return sex == 'M' ? 'F' : 'M';
}

static char
any_sex(struct rng *r)
{
	return rng_chance(r, 512) ? 'M' : 'F';
}

static int
clamp_age(int age)
{
	return age < 0 ? 0 : age > MAX_AGE ? MAX_AGE : age;
}

/* A child's age for a parent of that age. */
static int
child_age(struct rng *r, int parent_age)
{
	int gap = (int)rng_range(r, 22, 36);

	if (parent_age - gap < 0)
		gap = (int)rng_range(r, parent_age < 22 ? parent_age : 22,
		    parent_age);
	return parent_age - gap;
}

static void
add_member(struct member *m, int *n, int age, char sex, const char *rel,
    const char *surname)
{
	m[*n].age = clamp_age(age);
	m[*n].sex = sex;
	m[*n].relation = rel;
	m[*n].surname = surname;
	(*n)++;
}

/* The head's spouse and n children, the head being m[0]. */
static void
add_family(struct rng *r, struct member *m, int *n, int children)
{
	const char *other = surnames[rng_below(r, NSURNAMES)];
	int spouse = m[0].age + (int)rng_range(r, -3, 5) *
	    (m[0].sex == 'M' ? -1 : 1);
	int age = child_age(r, m[0].age < spouse ? m[0].age : spouse);
	int i;

	add_member(m, n, spouse < 18 ? 18 : spouse, other_sex(m[0].sex),
	    "配偶", other);
	for (i = 0; i < children; i++) {
		add_member(m, n, age, any_sex(r), "子女", m[0].surname);
		age -= (int)rng_range(r, 2, 6);
		if (age < 0)
			age = m[*n - 1].age;	/* twins */
	}
}

/* n parents of the head (the father first, sharing the surname). */
static void
add_parents(struct rng *r, struct member *m, int *n, int parents)
{
	int age = m[0].age + (int)rng_range(r, 22, 34), added = 0;

	if (age > 98)
		age = 98;
	if (parents == 2 || rng_chance(r, 300)) {
		add_member(m, n, age + (int)rng_range(r, 0, 3), 'M', "父母",
		    m[0].surname);
		added++;
	}
	if (added < parents)
		add_member(m, n, age, 'F', "父母",
		    surnames[rng_below(r, NSURNAMES)]);
}

/* An adult's age: elderly with probability old_permille, else 18-59. */
static int
adult_age(struct rng *r, int old_permille)
{
	if (rng_chance(r, old_permille))
		return (int)rng_range(r, 60, rng_chance(r, 250) ? 96 : 84);
	return (int)rng_range(r, rng_chance(r, 500) ? 22 : 18,
	    rng_chance(r, 500) ? 45 : 59);
}

/* Fills m with a household of size people; returns the count (size). */
static int
compose(struct rng *r, struct member *m, int size, int floating)
{
	int n = 0, k = (int)rng_below(r, 1000);

	add_member(m, &n, 0, rng_chance(r, 700) ? 'M' : 'F', "户主",
	    surnames[rng_below(r, NSURNAMES)]);
	switch (size) {
	case 1:
		m[0].age = floating ? (int)rng_range(r, 18, 50) :
		    adult_age(r, 400);
		m[0].sex = any_sex(r);
		break;
	case 2:
		if (k < 600) {
			m[0].age = floating ? (int)rng_range(r, 20, 50) :
			    adult_age(r, 480);
			add_family(r, m, &n, 0);
		} else if (k < 850) {
			m[0].age = (int)rng_range(r, 28, 62);
			add_member(m, &n, child_age(r, m[0].age), any_sex(r),
			    "子女", m[0].surname);
		} else {
			m[0].age = (int)rng_range(r, 25, 50);
			add_parents(r, m, &n, 1);
		}
		break;
	case 3:
		m[0].age = (int)rng_range(r, 26, 52);
		if (k < 850)
			add_family(r, m, &n, 1);
		else {
			add_family(r, m, &n, 0);
			add_parents(r, m, &n, 1);
		}
		break;
	default:
		/* 4-6: a couple, one or two children, up to two parents */
		m[0].age = (int)rng_range(r, 28, 50);
		add_family(r, m, &n, size == 4 && k < 550 ? 2 :
		    size == 6 || (size == 5 && k >= 600) ? 2 : 1);
		if (n < size)
			add_parents(r, m, &n, size - n);
		break;
	}
	return n;
}

/* A household size drawn from the census distribution, at most max. */
static int
household_size(struct rng *r, long max)
{
	long k = rng_below(r, 1000);
	int size = 1;

	while (size < MAX_HOUSEHOLD && k >= size_cdf[size - 1])
		size++;
	return size > max ? (int)max : size;
}

/*
 * Writes one household of the house house_id in grid_code: its people,
 * then its row.  The head's ID number goes to head (for the house owner).
 */
static void
write_household(struct gen *g, const char *house_id, const char *grid_code,
    int floating, struct person *head)
{
	struct member m[MAX_HOUSEHOLD];
	struct person p;
	char household_id[24], date[32], phone[16];
	int i, n, size, origin, y, mo, d;

	size = household_size(&g->rng, g->people_left);
	if (size > 3 && floating && rng_chance(&g->rng, 600))
		size = 3;
	n = compose(&g->rng, m, size, floating);
	origin = floating ? 1 + (int)rng_below(&g->rng, NORIGINS) : 0;
	g->households_done++;
	snprintf(household_id, sizeof(household_id), "HH%07ld",
	    g->households_done);
	for (i = 0; i < n; i++) {
		make_person(g, &p, m[i].age, m[i].sex, origin, &y, &mo, &d);
		if (i == 0)
			*head = p;
		format_date(&g->rng, date, sizeof(date), y, mo, d);
		phone[0] = '\0';
		if (p.age >= 12 && !rng_chance(&g->rng, 50))
			format_mobile(&g->rng, phone, sizeof(phone));
		out_line(&g->people, "%s,%s%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
		    p.id_number, m[i].surname,
		    given_name(&g->rng, p.sex, p.age),
		    p.sex == 'M' ? "男" : "女", date, phone, household_id,
		    house_id, grid_code, floating ? "流动人口" : "户籍人口",
		    m[i].relation);
	}
	out_line(&g->households, "%s,%s,%s,%d\n", household_id, house_id,
	    head->id_number, n);
	g->people_left -= n;
}

/* --- houses, grids and regions --- */

/* How many households the next house gets, spreading people evenly. */
static long
households_here(struct gen *g)
{
	/* mean household size 2.6: expected households, times 1000 */
	long long e;

	if (g->houses_left <= 1)
		return g->people_left > 0 ? -1 : 0;	/* -1: all the rest */
	e = (long long)g->people_left * 10000 / g->houses_left / 26;
	return (long)(e / 1000) + rng_chance(&g->rng, (int)(e % 1000));
}

static void
write_house(struct gen *g, long house_no, const char *grid_code,
    long community, long col, long row)
{
	struct person head, owner;
	char house_id[24], owner_id[19];
	const char *use;
	long k, count, lon, lat;
	int floating, rented, floors;

	snprintf(house_id, sizeof(house_id), "H%07ld", house_no);
	k = rng_below(&g->rng, 1000);
	use = k < 920 ? "residential" : k < 970 ? "commercial" : "mixed";
	floating = rng_chance(&g->rng, 180);
	rented = floating || rng_chance(&g->rng, 120);
	count = strcmp(use, "commercial") == 0 && g->houses_left > 1 ? 0 :
	    households_here(g);
	owner_id[0] = '\0';
	head.id_number[0] = '\0';
	while ((count < 0 && g->people_left > 0) || count-- > 0) {
		if (g->people_left <= 0)
			break;
		write_household(g, house_id, grid_code, floating, &head);
	}
	if (head.id_number[0] != '\0' && !rented && !floating)
		memcpy(owner_id, head.id_number, sizeof(owner_id));
	else if (rng_chance(&g->rng, 700)) {
		make_person(g, &owner, (int)rng_range(&g->rng, 30, 75),
		    any_sex(&g->rng), 0, NULL, NULL, NULL);
		memcpy(owner_id, owner.id_number, sizeof(owner_id));
	}
	lon = CENTRE_LON_U + col * CELL_LON_U + rng_below(&g->rng, CELL_LON_U);
	lat = CENTRE_LAT_U - row * CELL_LAT_U - rng_below(&g->rng, CELL_LAT_U);
	floors = strcmp(use, "residential") == 0 ?
	    (int)rng_range(&g->rng, 4, 18) : (int)rng_range(&g->rng, 1, 4);
	out_line(&g->houses,
	    "%s,%s%s%s%ld号%ld幢%ld室,%s,%ld.%06ld,%ld.%06ld,%s,%d,%ld.%ld,"
	    "%s,%d\n", house_id, ADDRESS_PREFIX,
	    place_words[(community * 7 + house_no % 3) % NPLACE_WORDS],
	    road_kinds[(community + house_no % 3) % 4],
	    rng_range(&g->rng, 1, 399), rng_range(&g->rng, 1, 30),
	    rng_range(&g->rng, 1, floors) * 100 + rng_range(&g->rng, 1, 4),
	    grid_code, lon / 1000000, lon % 1000000, lat / 1000000,
	    lat % 1000000, use, floors, rng_range(&g->rng, 30, 180),
	    rng_below(&g->rng, 10), owner_id, rented);
	g->houses_left--;
}


/* The 12-digit code of community c (0-based); buf has room for 13. */
static void
community_code(const struct layout *l, long c, char *buf)
{
	char *q;

	memcpy(buf, DISTRICT_CODE, 6);
	q = put_digits(buf + 6, c / l->per_street + 1, 3);
	q = put_digits(q, c % l->per_street + 1, 3);
	*q = '\0';
}

static void
write_regions(struct out *o, const struct layout *l)
{
	char code[13], name[64];
	long s, c;

	out_line(o, "code,level,name,parent_code\n");
	out_line(o, "%s,district,%s,\n", DISTRICT_CODE, DISTRICT_NAME);
	for (s = 0; s < l->streets; s++)
		out_line(o, "%s%03ld,street,%s街道,%s\n", DISTRICT_CODE, s + 1,
		    place_words[s % NPLACE_WORDS], DISTRICT_CODE);
	for (c = 0; c < l->communities; c++) {
		community_code(l, c, code);
		community_name(c, name, sizeof(name));
		out_line(o, "%s,community,%s,%.9s\n", code, name, code);
	}
}

/* Side of the square lattice the grids are laid on, west to east. */
static long
lattice_side(long grids)
{
	long side = 1;

	while (side * side < grids)
		side++;
	return side;
}

/* Writes grids.csv and, grid by grid, the houses and their people. */
static void
write_grids(struct gen *g, struct out *grids_out, const struct layout *l,
    const struct options *opt)
{
	char community[13], grid_code[15], name[64];
	long c, k, h, grid_no = 0, house_no = 0, per, extra, houses;
	long side = lattice_side(opt->grids);

	out_line(grids_out, "code,community_code,name,kind,area_m2\n");
	per = opt->grids / l->communities;
	extra = opt->grids % l->communities;
	for (c = 0; c < l->communities; c++) {
		community_code(l, c, community);
		community_name(c, name, sizeof(name));
		for (k = 1; k <= per + (c < extra); k++, grid_no++) {
			memcpy(grid_code, community, 12);
			put_digits(grid_code + 12, k, 2);
			grid_code[14] = '\0';
			out_line(grids_out, "%s,%s,%s第%ld网格,unit,%ld\n",
			    grid_code, community, name, k,
			    rng_range(&g->rng, 80000, 200000));
			houses = opt->houses / opt->grids +
			    (grid_no < opt->houses % opt->grids);
			for (h = 0; h < houses; h++)
				write_house(g, ++house_no, grid_code, c,
				    grid_no % side - side / 2,
				    grid_no / side - side / 2);
		}
	}
}

/* --- options --- */

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-s SCALE] [-p PEOPLE] [-g GRIDS] "
	    "[-c CODE] [--seed N] OUTDIR\n", progname);
	exit(EX_USAGE);
}

static long
parse_long(const char *opt, const char *text, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "%s: %s: not a number in %ld-%ld: '%s'\n",
		    progname, opt, min, max, text);
		exit(EX_USAGE);
	}
	return v;
}

/* SCALE as ten-thousandths: "0.01" -> 100, "2" -> 20000. */
static long
parse_scale(const char *text)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(v >= 0.0001) ||
	    v > 5) {
		fprintf(stderr, "%s: -s: not a scale in 0.0001-5: '%s'\n",
		    progname, text);
		exit(EX_USAGE);
	}
	return (long)(v * 10000 + 0.5);
}

/* Scales a base count by scale (ten-thousandths), at least 1. */
static long
scaled(long base, long scale)
{
	long v = (long)((long long)base * scale / 10000);

	return v < 1 ? 1 : v;
}

static void
parse_options(int argc, char **argv, struct options *opt)
{
	long scale = -1, people = -1, grids = -1;
	int i;

	memset(opt, 0, sizeof(*opt));
	opt->seed = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage();
		else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (a[0] != '-' || a[1] == '\0')
			break;
		else if (i + 1 >= argc)
			usage();
		else if (strcmp(a, "-s") == 0)
			scale = parse_scale(argv[++i]);
		else if (strcmp(a, "-p") == 0)
			people = parse_long(a, argv[++i], 1, MAX_PEOPLE);
		else if (strcmp(a, "-g") == 0)
			grids = parse_long(a, argv[++i], 1, 1000000L);
		else if (strcmp(a, "-c") == 0) {
			a = argv[++i];
			if (strlen(a) != 6 || strspn(a, "0123456789") != 6 ||
			    strcmp(a + 4, "00") == 0) {
				fprintf(stderr, "%s: -c: not a district's "
				    "6-digit code: '%s'\n", progname, a);
				exit(EX_USAGE);
			}
			memcpy(district_code, a, 7);
		} else if (strcmp(a, "--seed") == 0)
			opt->seed = (uint64_t)parse_long(a, argv[++i], 0,
			    0x7fffffffL);
		else
			usage();
	}
	if (i != argc - 1)
		usage();
	opt->outdir = argv[i];
	if (scale < 0)
		scale = people > 0 ? (long)((long long)people * 10000 /
		    BASE_PEOPLE) : 10000;
	if (scale < 1)
		scale = 1;
	opt->people = people > 0 ? people : scaled(BASE_PEOPLE, scale);
	opt->houses = scaled(BASE_HOUSES, scale);
	opt->grids = grids > 0 ? grids : scaled(BASE_GRIDS, scale);
}

/* Streets of 8 communities of about 11 grids, within the code limits. */
static int
plan_layout(const struct options *opt, struct layout *l)
{
	l->communities = (opt->grids + GRIDS_PER_COMMUNITY - 1) /
	    GRIDS_PER_COMMUNITY;
	l->per_street = COMMUNITIES_PER_STREET;
	if (l->communities > MAX_STREETS * l->per_street)
		l->per_street = (l->communities + MAX_STREETS - 1) /
		    MAX_STREETS;
	l->streets = (l->communities + l->per_street - 1) / l->per_street;
	if (l->per_street > MAX_COMMUNITIES_PER_STREET ||
	    opt->grids > l->communities * MAX_GRIDS_PER_COMMUNITY) {
		fprintf(stderr, "%s: %ld grids do not fit in the codes\n",
		    progname, opt->grids);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct gen g;
	struct options opt;
	struct layout l;
	struct out regions = { 0 }, grids = { 0 };
	int opened, ok;

	parse_options(argc, argv, &opt);
	if (plan_layout(&opt, &l) != 0)
		return EX_USAGE;
	if (mkdir(opt.outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", progname, opt.outdir,
		    strerror(errno));
		return EX_CANTCREAT;
	}
	rng_seed(&g.rng, opt.seed);
	g.people_left = opt.people;
	g.houses_left = opt.houses;
	opened = out_open(&regions, opt.outdir, "regions.csv") == 0 &&
	    out_open(&grids, opt.outdir, "grids.csv") == 0 &&
	    out_open(&g.houses, opt.outdir, "houses.csv") == 0 &&
	    out_open(&g.households, opt.outdir, "households.csv") == 0 &&
	    out_open(&g.people, opt.outdir, "people.csv") == 0;
	ok = opened;
	if (ok) {
		write_regions(&regions, &l);
		out_line(&g.houses, "id,address,grid_code,x,y,use,floors,"
		    "area_m2,owner_id_number,rented\n");
		out_line(&g.households, "id,house_id,head_id_number,size\n");
		out_line(&g.people, "公民身份号码,姓名,性别,出生日期,联系电话,"
		    "户号,房屋编号,网格编码,人口类型,与户主关系\n");
		write_grids(&g, &grids, &l, &opt);
	}
	ok = out_close(&regions, ok) == 0 && ok;
	ok = out_close(&grids, ok) == 0 && ok;
	ok = out_close(&g.houses, ok) == 0 && ok;
	ok = out_close(&g.households, ok) == 0 && ok;
	ok = out_close(&g.people, ok) == 0 && ok;
	if (!opened)
		return EX_CANTCREAT;
	if (!ok)
		return EX_IOERR;
	return 0;
}
