/*
 * test_relations.c - the relation to the head of the household as clerks
 * type it: every two-digit code of GB/T 4761-2008 (家庭关系代码) and every
 * word read, each to the model's value; what is refused; and the choices
 * an enumeration error lists (grid_vocab_choices, and through
 * grid_field_check the message itself).
 */
#include <stdio.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/registers.h"
#include "grid/vocab.h"
#include "tap.h"

/*
 * Every code from 00 to 99: the standard's relation, and the value it is
 * stored as (NULL: no such code in GB/T 4761-2008).  Relatives by
 * marriage and grandparents are other: the model has no value for them.
 */
static const struct {
	const char *code, *relation, *want;
} codes[] = {
	{ "00", "", NULL }, { "01", "本人", "head" }, { "02", "户主", "head" },
	{ "03", "小集体户户主 (1984 only)", NULL }, { "04", "", NULL },
	{ "05", "", NULL }, { "06", "", NULL }, { "07", "", NULL },
	{ "08", "", NULL }, { "09", "", NULL },
	{ "10", "配偶", "spouse" }, { "11", "夫", "spouse" },
	{ "12", "妻", "spouse" }, { "13", "", NULL }, { "14", "", NULL },
	{ "15", "", NULL }, { "16", "", NULL }, { "17", "", NULL },
	{ "18", "", NULL }, { "19", "", NULL },
	{ "20", "子", "child" }, { "21", "独生子", "child" },
	{ "22", "长子", "child" }, { "23", "次子", "child" },
	{ "24", "三子", "child" }, { "25", "四子", "child" },
	{ "26", "五子", "child" }, { "27", "养子或继子", "child" },
	{ "28", "女婿", "other" }, { "29", "其他儿子", "child" },
	{ "30", "女", "child" }, { "31", "独生女", "child" },
	{ "32", "长女", "child" }, { "33", "次女", "child" },
	{ "34", "三女", "child" }, { "35", "四女", "child" },
	{ "36", "五女", "child" }, { "37", "养女或继女", "child" },
	{ "38", "儿媳", "other" }, { "39", "其他女儿", "child" },
	{ "40", "孙子、孙女、外孙子、外孙女", "grandchild" },
	{ "41", "孙子", "grandchild" }, { "42", "孙女", "grandchild" },
	{ "43", "外孙子", "grandchild" }, { "44", "外孙女", "grandchild" },
	{ "45", "孙媳妇或外孙媳妇", "other" },
	{ "46", "孙女婿或外孙女婿", "other" },
	{ "47", "曾孙子或外曾孙子", "grandchild" },
	{ "48", "曾孙女或外曾孙女", "grandchild" },
	{ "49", "其他孙子、孙女、外孙子、外孙女", "grandchild" },
	{ "50", "父母", "parent" }, { "51", "父亲", "parent" },
	{ "52", "母亲", "parent" }, { "53", "公公", "other" },
	{ "54", "婆婆", "other" }, { "55", "岳父", "other" },
	{ "56", "岳母", "other" }, { "57", "继父或养父", "parent" },
	{ "58", "继母或养母", "parent" }, { "59", "其他父母关系", "parent" },
	{ "60", "祖父母或外祖父母", "other" }, { "61", "祖父", "other" },
	{ "62", "祖母", "other" }, { "63", "外祖父", "other" },
	{ "64", "外祖母", "other" },
	{ "65", "配偶的祖父母或外祖父母", "other" },
	{ "66", "曾祖父", "other" }, { "67", "曾祖母", "other" },
	{ "68", "配偶的曾祖父母或外曾祖父母", "other" },
	{ "69", "其他祖父母或外祖父母关系", "other" },
	{ "70", "兄、弟、姐、妹", "sibling" }, { "71", "兄", "sibling" },
	{ "72", "嫂", "other" }, { "73", "弟", "sibling" },
	{ "74", "弟媳", "other" }, { "75", "姐姐", "sibling" },
	{ "76", "姐夫", "other" }, { "77", "妹妹", "sibling" },
	{ "78", "妹夫", "other" }, { "79", "其他兄弟姐妹", "sibling" },
	{ "80", "其他", "other" }, { "81", "伯父", "other" },
	{ "82", "伯母", "other" }, { "83", "叔父", "other" },
	{ "84", "婶母", "other" }, { "85", "舅父", "other" },
	{ "86", "舅母", "other" }, { "87", "姨父", "other" },
	{ "88", "姨母", "other" }, { "89", "姑父", "other" },
	{ "90", "姑母", "other" }, { "91", "堂兄弟、堂姐妹", "other" },
	{ "92", "表兄弟、表姐妹", "other" }, { "93", "侄子", "other" },
	{ "94", "侄女", "other" }, { "95", "外甥", "other" },
	{ "96", "外甥女", "other" }, { "97", "其他亲属", "other" },
	{ "98", "", NULL }, { "99", "非亲属", "other" },
};

/* Every word read, and the value it is stored as. */
static const struct {
	const char *text, *want;
} words[] = {
	{ "户主", "head" }, { "本人", "head" }, { "户主本人", "head" },
	{ "HEAD", "head" },
	{ "配偶", "spouse" }, { "夫", "spouse" }, { "妻", "spouse" },
	{ "丈夫", "spouse" }, { "妻子", "spouse" }, { "老公", "spouse" },
	{ "老婆", "spouse" },
	{ "子女", "child" }, { "子", "child" }, { "女", "child" },
	{ "儿子", "child" }, { "女儿", "child" }, { "长子", "child" },
	{ "次子", "child" }, { "三子", "child" }, { "四子", "child" },
	{ "五子", "child" }, { "独生子", "child" }, { "养子", "child" },
	{ "继子", "child" }, { "养子或继子", "child" },
	{ "其他儿子", "child" }, { "长女", "child" }, { "次女", "child" },
	{ "三女", "child" }, { "四女", "child" }, { "五女", "child" },
	{ "独生女", "child" }, { "养女", "child" }, { "继女", "child" },
	{ "养女或继女", "child" }, { "其他女儿", "child" },
	{ "孙子女", "grandchild" }, { "孙子", "grandchild" },
	{ "孙女", "grandchild" }, { "外孙子", "grandchild" },
	{ "外孙女", "grandchild" }, { "外孙", "grandchild" },
	{ "孙子、孙女", "grandchild" }, { "曾孙子", "grandchild" },
	{ "曾孙女", "grandchild" }, { "外曾孙子", "grandchild" },
	{ "外曾孙女", "grandchild" }, { "曾孙子或外曾孙子", "grandchild" },
	{ "曾孙女或外曾孙女", "grandchild" },
	{ "父母", "parent" }, { "父亲", "parent" }, { "母亲", "parent" },
	{ "父", "parent" }, { "母", "parent" }, { "继父", "parent" },
	{ "继母", "parent" }, { "养父", "parent" }, { "养母", "parent" },
	{ "继父或养父", "parent" }, { "继母或养母", "parent" },
	{ "其他父母关系", "parent" },
	{ "兄弟姐妹", "sibling" }, { "兄", "sibling" }, { "弟", "sibling" },
	{ "姐", "sibling" }, { "妹", "sibling" }, { "哥哥", "sibling" },
	{ "弟弟", "sibling" }, { "姐姐", "sibling" }, { "妹妹", "sibling" },
	{ "兄弟", "sibling" }, { "姐妹", "sibling" },
	{ "兄、弟、姐、妹", "sibling" }, { "其他兄弟姐妹", "sibling" },
	{ "其他", "other" }, { "儿媳", "other" }, { "媳妇", "other" },
	{ "女婿", "other" }, { "孙媳妇", "other" }, { "孙女婿", "other" },
	{ "外孙媳妇", "other" }, { "外孙女婿", "other" },
	{ "公公", "other" }, { "婆婆", "other" }, { "岳父", "other" },
	{ "岳母", "other" }, { "祖父母", "other" }, { "外祖父母", "other" },
	{ "祖父", "other" }, { "祖母", "other" }, { "外祖父", "other" },
	{ "外祖母", "other" }, { "爷爷", "other" }, { "奶奶", "other" },
	{ "外公", "other" }, { "外婆", "other" }, { "曾祖父", "other" },
	{ "曾祖母", "other" }, { "嫂", "other" }, { "嫂子", "other" },
	{ "弟媳", "other" }, { "姐夫", "other" }, { "妹夫", "other" },
	{ "伯父", "other" }, { "伯母", "other" }, { "叔父", "other" },
	{ "叔叔", "other" }, { "婶母", "other" }, { "婶婶", "other" },
	{ "舅父", "other" }, { "舅舅", "other" }, { "舅母", "other" },
	{ "姨父", "other" }, { "姨母", "other" }, { "姑父", "other" },
	{ "姑母", "other" }, { "堂兄弟", "other" }, { "堂姐妹", "other" },
	{ "表兄弟", "other" }, { "表姐妹", "other" }, { "侄子", "other" },
	{ "侄女", "other" }, { "外甥", "other" }, { "外甥女", "other" },
	{ "其他亲属", "other" }, { "非亲属", "other" },
	/* refused: not relations, one-digit codes, codes out of range */
	{ "保姆", NULL }, { "夫妻", NULL }, { "户 主", NULL },
	{ "0", NULL }, { "1", NULL }, { "2", NULL }, { "8", NULL },
	{ "100", NULL }, { "020", NULL }, { "2.0", NULL }, { "", NULL },
};

static void
test_codes(void)
{
	const struct grid_vocab *relation = grid_vocab_find("relation");
	char what[160];
	size_t i;

	is_int(sizeof(codes) / sizeof(codes[0]), 100, "codes 00 to 99");
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(what, sizeof(what), "GB/T 4761 %s %s", codes[i].code,
		    codes[i].relation);
		is_str(grid_vocab_lookup(relation, codes[i].code),
		    codes[i].want, what);
		/* the standard's own word for it means the same */
		if (codes[i].want != NULL && strchr(codes[i].relation, '(') ==
		    NULL && grid_vocab_lookup(relation, codes[i].relation) !=
		    NULL) {
			snprintf(what, sizeof(what), "%s as %s, as code %s",
			    codes[i].relation, codes[i].want, codes[i].code);
			is_str(grid_vocab_lookup(relation, codes[i].relation),
			    codes[i].want, what);
		}
	}
}

static void
test_words(void)
{
	const struct grid_vocab *relation = grid_vocab_find("relation");
	const char *got;
	char what[160];
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		snprintf(what, sizeof(what), "'%s'", words[i].text);
		got = grid_vocab_lookup(relation, words[i].text);
		is_str(got, words[i].want, what);
		/* the value returned is the vocabulary's own string */
		if (got != NULL)
			ok(got == grid_vocab_lookup(relation, got),
			    "a canonical value, static");
	}
	is_str(grid_vocab_label(relation, "spouse"), "配偶",
	    "the label shown for spouse stays 配偶");
	is_str(grid_vocab_label(relation, "other"), "其他",
	    "the label shown for other stays 其他");
	is_str(grid_vocab_values(relation),
	    "head, spouse, child, parent, grandchild, sibling, other",
	    "the stored values are the model's seven");
}

static void
test_choices(void)
{
	char out[512], small[40];

	is_str(grid_vocab_choices(grid_vocab_find("relation"), out,
	    sizeof(out)), "户主 (head), 配偶 (spouse), 子女 (child), "
	    "父母 (parent), 孙子女 (grandchild), 兄弟姐妹 (sibling), "
	    "其他 (other), or a GB/T 4761 two-digit code such as 02 or 20",
	    "relation: the labels next to the values, and the codes");
	is_str(grid_vocab_choices(grid_vocab_find("worker_kind"), out,
	    sizeof(out)), "专职 (full_time), 兼职 (part_time), 专业 "
	    "(specialist)", "worker_kind: labels and values");
	is_str(grid_vocab_choices(grid_vocab_find("yes_no"), out,
	    sizeof(out)), "是 (1), 否 (0)", "yes_no");
	is_str(grid_vocab_choices(grid_vocab_find("relation"), small,
	    sizeof(small)), "户主 (head), 配偶 (spouse)",
	    "cut after the last whole choice that fits");
	is_str(grid_vocab_choices(NULL, small, sizeof(small)), "",
	    "no vocabulary: nothing");
	ok(strlen(grid_vocab_choices(grid_vocab_find("tag"), out,
	    sizeof(out))) > 300, "tag: every choice fits a message");
}

/* The message of an unknown value, through the field's check. */
static void
test_message(void)
{
	const struct grid_register *people = grid_register_find("people");
	int f = grid_register_field(people, "与户主关系");
	struct grid_buf out = GRID_BUF_INIT;
	struct grid_error err;

	ok(f >= 0, "与户主关系 is a column of people");
	ok(grid_field_check(&people->fields[f], "侄儿", "2026-06-15", 2, &out,
	    &err) != 0, "侄儿 refused");
	is_str(err.text, "'侄儿' is not one of 户主 (head), 配偶 (spouse), "
	    "子女 (child), 父母 (parent), 孙子女 (grandchild), 兄弟姐妹 "
	    "(sibling), 其他 (other), or a GB/T 4761 two-digit code such as "
	    "02 or 20", "the message lists the labels next to the values");
	ok(grid_field_check(&people->fields[f], "32", "2026-06-15", 2, &out,
	    &err) == 0, "32 read");
	is_str(out.data, "child", "32 (长女) stored as child");
	f = grid_register_field(people, "residence");
	ok(grid_field_check(&people->fields[f], "常住", "2026-06-15", 2, &out,
	    &err) != 0, "常住 refused");
	is_str(err.text, "'常住' is not one of 户籍 (registered), 流动 "
	    "(floating), 境外 (overseas)", "residence: the labels too");
	grid_buf_release(&out);
}

int
main(void)
{
	test_codes();
	test_words();
	test_choices();
	test_message();
	return tap_done();
}
