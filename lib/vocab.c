/*
 * vocab.c - the enumerations of the model and their Chinese labels.
 *
 * One static table per vocabulary: each term is a canonical value (what
 * the database stores) and its labels, the first of which is the Chinese
 * label shown to people; all labels are accepted on import.  A
 * vocabulary may also have spellings: the finer words clerks type and
 * the codes of a standard, each standing for a canonical value
 * (relation: 长子, 岳母, the GB/T 4761 codes).
 */
#include <stdio.h>
#include <string.h>

#include "grid/vocab.h"
#include "tags_internal.h"
#include "internal.h"

#define MAX_LABELS 8

struct term {
	const char *value;
	const char *labels[MAX_LABELS];	/* NULL-terminated */
};

/* Another way of writing a canonical value. */
struct spelling {
	const char *text;
	const char *value;
};

struct grid_vocab {
	const char *name;
	const char *values;		/* for messages */
	const struct term *terms;
	size_t count;
	const struct spelling *spellings;	/* NULL: none */
	size_t nspellings;
	const char *more;		/* what else is accepted, for
					 * messages, or NULL */
};

static const struct term residence_terms[] = {
	/* not 常住: the usual residents include people floating here
	 * for six months and more */
	{ "registered", { "户籍", "户籍人口", "本地", "本地户籍" } },
	{ "floating", { "流动", "流动人口", "外来", "外来人口", "暂住",
	    "暂住人口" } },
	{ "overseas", { "境外", "境外人员" } },
};

/*
 * The tags a new database starts with (doc/domain.md section 5): the one
 * list of them.  The "tag" vocabulary is made of it, and the migration to
 * schema 4 loads it into the tags table (schema.c, through
 * gridi_tag_default); a district adds its own tags by importing that
 * table.  X(code, must_visit, risk_min, risk_max, label, synonyms...):
 * the first label is the one shown, the others are accepted on import.
 */
#define TAG_DEFAULTS(X) \
	X(elderly_alone, 1, -1, -1, "独居老人", "孤寡老人", "孤寡", \
	    "独居") \
	X(empty_nest, 0, -1, -1, "空巢老人") \
	X(disabled, 0, -1, -1, "残疾人") \
	X(low_income, 1, -1, -1, "低保", "特困", "低保户", "特困户", \
	    "特困人员") \
	X(left_behind_child, 0, -1, -1, "留守儿童") \
	X(released_prisoner, 0, -1, -1, "刑满释放人员", "刑释人员") \
	X(community_correction, 0, -1, -1, "社区矫正人员", "社区矫正对象", \
	    "管制", "缓刑", "假释", "暂予监外执行") \
	X(drug_user, 0, -1, -1, "吸毒人员") \
	X(mental_disorder, 0, 0, 5, "严重精神障碍患者", "严重精神障碍") \
	X(key_youth, 0, -1, -1, "重点青少年") \
	X(petitioner, 0, -1, -1, "重点上访人员") \
	X(old_party_member, 1, -1, -1, "老党员") \
	X(laid_off, 1, -1, -1, "下岗人员", "下岗职工") \
	X(newlywed, 1, -1, -1, "新婚夫妇") \
	X(new_resident, 1, -1, -1, "新住居民") \
	X(family_dispute, 1, -1, -1, "家庭纠纷户", "家庭矛盾纠纷户")

#define TAG_TERM(code, must, lo, hi, ...) { #code, { __VA_ARGS__ } },
static const struct term tag_terms[] = { TAG_DEFAULTS(TAG_TERM) };

#define TAG_ATTRS(code, must, lo, hi, ...) { must, lo, hi },
static const struct {
	int must_visit, risk_min, risk_max;
} tag_attrs[] = { TAG_DEFAULTS(TAG_ATTRS) };

/* GB/T 2261.1 codes 1 and 2 too, as grid_sex_parse. */
static const struct term sex_terms[] = {
	{ "M", { "男", "男性", "1" } },
	{ "F", { "女", "女性", "2" } },
};

static const struct term id_type_terms[] = {
	{ "resident_id", { "居民身份证" } },
	{ "passport", { "护照" } },
	{ "hk_macao_permit", { "港澳居民来往内地通行证" } },
	{ "taiwan_permit", { "台湾居民来往大陆通行证" } },
	{ "foreign_permit", { "外国人永久居留身份证" } },
	{ "other", { "其他" } },
};

static const struct term worker_kind_terms[] = {
	{ "full_time", { "专职" } },
	{ "part_time", { "兼职" } },
	{ "specialist", { "专业" } },
};

static const struct term grid_kind_terms[] = {
	{ "unit", { "单元网格" } },
	{ "professional", { "专业网格" } },
};

static const struct term house_use_terms[] = {
	{ "residential", { "住宅" } },
	{ "commercial", { "商业" } },
	{ "office", { "办公" } },
	{ "industrial", { "工业" } },
	{ "mixed", { "商住" } },
	{ "public", { "公共" } },
	{ "other", { "其他" } },
};

/*
 * Relation to the head of the household.  The model has no value for
 * grandparents or for relatives by marriage: 祖父母, 儿媳, 女婿, 公婆,
 * 岳父母, 嫂, 姐夫 ... are other.
 */
static const struct term relation_terms[] = {
	{ "head", { "户主", "本人" } },
	{ "spouse", { "配偶", "夫", "妻", "丈夫", "妻子" } },
	{ "child", { "子女", "子", "女", "儿子", "女儿" } },
	{ "parent", { "父母", "父亲", "母亲" } },
	{ "grandchild", { "孙子女", "孙子", "孙女", "外孙子", "外孙女" } },
	{ "sibling", { "兄弟姐妹", "兄", "弟", "姐", "妹" } },
	{ "other", { "其他" } },
};

/*
 * The two-digit codes of GB/T 4761-2008 家庭关系代码 (01 本人 ... 99
 * 非亲属), each to the value of its group (2x 子, 3x 女, 4x 孙, 5x 父母,
 * 7x 兄弟姐妹) but for relatives by marriage (28 女婿, 38 儿媳, 45, 46,
 * 53-56, 72, 74, 76, 78) and grandparents (6x), which are other; and the
 * words of the standard and of clerks for the same relations.  The
 * one-digit codes are not taken: "2" is the one-digit code of 子 and
 * also 02 户主 with the zero Excel drops from a number.
 */
static const struct spelling relation_spellings[] = {
	{ "01", "head" }, { "02", "head" },
	{ "10", "spouse" }, { "11", "spouse" }, { "12", "spouse" },
	{ "20", "child" }, { "21", "child" }, { "22", "child" },
	{ "23", "child" }, { "24", "child" }, { "25", "child" },
	{ "26", "child" }, { "27", "child" }, { "28", "other" },
	{ "29", "child" },
	{ "30", "child" }, { "31", "child" }, { "32", "child" },
	{ "33", "child" }, { "34", "child" }, { "35", "child" },
	{ "36", "child" }, { "37", "child" }, { "38", "other" },
	{ "39", "child" },
	{ "40", "grandchild" }, { "41", "grandchild" },
	{ "42", "grandchild" }, { "43", "grandchild" },
	{ "44", "grandchild" }, { "45", "other" }, { "46", "other" },
	{ "47", "grandchild" }, { "48", "grandchild" },
	{ "49", "grandchild" },
	{ "50", "parent" }, { "51", "parent" }, { "52", "parent" },
	{ "53", "other" }, { "54", "other" }, { "55", "other" },
	{ "56", "other" }, { "57", "parent" }, { "58", "parent" },
	{ "59", "parent" },
	{ "60", "other" }, { "61", "other" }, { "62", "other" },
	{ "63", "other" }, { "64", "other" }, { "65", "other" },
	{ "66", "other" }, { "67", "other" }, { "68", "other" },
	{ "69", "other" },
	{ "70", "sibling" }, { "71", "sibling" }, { "72", "other" },
	{ "73", "sibling" }, { "74", "other" }, { "75", "sibling" },
	{ "76", "other" }, { "77", "sibling" }, { "78", "other" },
	{ "79", "sibling" },
	{ "80", "other" }, { "81", "other" }, { "82", "other" },
	{ "83", "other" }, { "84", "other" }, { "85", "other" },
	{ "86", "other" }, { "87", "other" }, { "88", "other" },
	{ "89", "other" }, { "90", "other" }, { "91", "other" },
	{ "92", "other" }, { "93", "other" }, { "94", "other" },
	{ "95", "other" }, { "96", "other" }, { "97", "other" },
	{ "99", "other" },

	{ "户主本人", "head" },
	{ "老公", "spouse" }, { "老婆", "spouse" },
	{ "长子", "child" }, { "次子", "child" }, { "三子", "child" },
	{ "四子", "child" }, { "五子", "child" }, { "独生子", "child" },
	{ "养子", "child" }, { "继子", "child" }, { "养子或继子", "child" },
	{ "其他儿子", "child" },
	{ "长女", "child" }, { "次女", "child" }, { "三女", "child" },
	{ "四女", "child" }, { "五女", "child" }, { "独生女", "child" },
	{ "养女", "child" }, { "继女", "child" }, { "养女或继女", "child" },
	{ "其他女儿", "child" },
	{ "外孙", "grandchild" }, { "孙子、孙女", "grandchild" },
	{ "曾孙子", "grandchild" }, { "曾孙女", "grandchild" },
	{ "外曾孙子", "grandchild" }, { "外曾孙女", "grandchild" },
	{ "曾孙子或外曾孙子", "grandchild" },
	{ "曾孙女或外曾孙女", "grandchild" },
	{ "继父", "parent" }, { "继母", "parent" }, { "养父", "parent" },
	{ "养母", "parent" }, { "继父或养父", "parent" },
	{ "继母或养母", "parent" }, { "其他父母关系", "parent" },
	{ "父", "parent" }, { "母", "parent" },
	{ "哥哥", "sibling" }, { "弟弟", "sibling" }, { "姐姐", "sibling" },
	{ "妹妹", "sibling" }, { "兄弟", "sibling" }, { "姐妹", "sibling" },
	{ "兄、弟、姐、妹", "sibling" }, { "其他兄弟姐妹", "sibling" },
	{ "儿媳", "other" }, { "媳妇", "other" }, { "女婿", "other" },
	{ "孙媳妇", "other" }, { "孙女婿", "other" },
	{ "外孙媳妇", "other" }, { "外孙女婿", "other" },
	{ "公公", "other" }, { "婆婆", "other" }, { "岳父", "other" },
	{ "岳母", "other" },
	{ "祖父母", "other" }, { "外祖父母", "other" }, { "祖父", "other" },
	{ "祖母", "other" }, { "外祖父", "other" }, { "外祖母", "other" },
	{ "爷爷", "other" }, { "奶奶", "other" }, { "外公", "other" },
	{ "外婆", "other" }, { "曾祖父", "other" }, { "曾祖母", "other" },
	{ "嫂", "other" }, { "嫂子", "other" }, { "弟媳", "other" },
	{ "姐夫", "other" }, { "妹夫", "other" },
	{ "伯父", "other" }, { "伯母", "other" }, { "叔父", "other" },
	{ "叔叔", "other" }, { "婶母", "other" }, { "婶婶", "other" },
	{ "舅父", "other" }, { "舅舅", "other" }, { "舅母", "other" },
	{ "姨父", "other" }, { "姨母", "other" }, { "姑父", "other" },
	{ "姑母", "other" }, { "堂兄弟", "other" }, { "堂姐妹", "other" },
	{ "表兄弟", "other" }, { "表姐妹", "other" }, { "侄子", "other" },
	{ "侄女", "other" }, { "外甥", "other" }, { "外甥女", "other" },
	{ "其他亲属", "other" }, { "非亲属", "other" },
};

static const struct term org_kind_terms[] = {
	{ "enterprise", { "企业" } },
	{ "individual", { "个体工商户" } },
	{ "social_org", { "社会组织" } },
	{ "public_institution", { "事业单位" } },
	{ "government", { "机关" } },
	{ "other", { "其他" } },
};

static const struct term org_status_terms[] = {
	{ "active", { "存续", "在业", "开业" } },
	{ "closed", { "注销", "吊销", "歇业" } },
	{ "moved", { "迁出" } },
};

static const struct term component_status_terms[] = {
	{ "normal", { "完好", "正常" } },
	{ "damaged", { "破损" } },
	{ "missing", { "丢失", "缺失" } },
	{ "removed", { "拆除" } },
};

static const struct term category_kind_terms[] = {
	{ "component", { "部件" } },
	{ "event", { "事件" } },
};

static const struct term limit_unit_terms[] = {
	{ "work_hours", { "工作时" } },
	{ "work_days", { "工作日" } },
	{ "hours", { "小时" } },
};

static const struct term case_source_terms[] = {
	{ "worker", { "网格员上报" } },
	{ "hotline", { "热线" } },
	{ "public_app", { "公众" } },
	{ "video", { "视频" } },
	{ "self_report", { "企业自查" } },
	{ "department", { "部门" } },
	{ "petition", { "信访" } },
};

static const struct term case_status_terms[] = {
	{ "reported", { "上报" } },
	{ "registered", { "立案" } },
	{ "voided", { "作废" } },
	{ "dispatched", { "派遣" } },
	{ "returned", { "回退" } },
	{ "handled", { "处置" } },
	{ "verified", { "核查" } },
	{ "closed", { "结案" } },
	{ "parked", { "挂账" } },
	{ "merged", { "合并" } },
};

static const struct term priority_terms[] = {
	{ "normal", { "一般" } },
	{ "urgent", { "紧急" } },
};

static const struct term grade_terms[] = {
	{ "minor", { "一般" } },
	{ "major", { "重大" } },
};

static const struct term level_terms[] = {
	{ "grid", { "网格" } },
	{ "community", { "社区" } },
	{ "street", { "街道" } },
	{ "district", { "区" } },
	{ "city", { "市" } },
};

static const struct term rating_terms[] = {
	{ "A", { "非常满意" } },
	{ "B", { "满意" } },
	{ "C", { "一般" } },
	{ "D", { "不满意" } },
};

static const struct term visit_kind_terms[] = {
	{ "routine", { "日常走访" } },
	{ "care", { "关怀" } },
	{ "check", { "核查" } },
	{ "other", { "其他" } },
	/* inspections: visits of organisations by their inspectors */
	{ "fire_inspection", { "消防检查", "消防安全检查" } },
	{ "safety_inspection", { "安全生产检查", "安全检查" } },
	{ "food_inspection", { "食品安全检查", "食品检查" } },
};

/* The unit of a visit rule's interval (visit_rules.unit). */
static const struct term visit_unit_terms[] = {
	{ "days", { "天", "日", "day" } },
	{ "weeks", { "周", "星期", "week" } },
	{ "months", { "月", "个月", "month" } },
};

/* What a visit found (visits.result). */
static const struct term visit_result_terms[] = {
	/* and the words of inspection sheets: 合格, 不合格 */
	{ "met", { "已见面", "见面", "正常", "合格", "检查合格" } },
	{ "absent", { "未遇", "未见到", "不在家" } },
	{ "problem", { "发现问题", "有问题", "发现隐患", "不合格",
	    "检查不合格" } },
};

/* The kind of case a category opens (categories.case_type). */
static const struct term case_type_terms[] = {
	{ "dispute", { "矛盾纠纷", "纠纷" } },
	{ "petition", { "信访" } },
};

/* Who a party of a dispute or petition is (case_parties.role). */
static const struct term party_role_terms[] = {
	{ "party", { "当事人" } },
	{ "petitioner", { "信访人" } },
	{ "representative", { "代表" } },
};

/* The kind of mediation of a dispute (disputes.mediation). */
static const struct term mediation_terms[] = {
	{ "people", { "人民调解" } },
	{ "administrative", { "行政调解" } },
	{ "judicial", { "司法调解" } },
};

/*
 * How a dispute ended (disputes.outcome); continued: a mediation after
 * which it goes on (dispute_attempts.result only).
 */
static const struct term dispute_result_terms[] = {
	{ "continued", { "继续调解" } },
	{ "resolved", { "化解", "调解成功" } },
	{ "agreement", { "达成协议", "达成调解协议" } },
	{ "referred", { "移交", "转办" } },
	{ "failed", { "调解不成", "调解失败" } },
};

/* How a petition came (petitions.form). */
static const struct term petition_form_terms[] = {
	{ "visit", { "来访", "走访" } },
	{ "letter", { "来信" } },
	{ "online", { "网上信访", "网上" } },
	{ "phone", { "来电", "电话" } },
};

/* The levels a petition reaches (petitions.level_reached). */
static const struct term petition_level_terms[] = {
	{ "community", { "社区" } },
	{ "street", { "街道" } },
	{ "district", { "区" } },
	{ "city", { "市" } },
	{ "province", { "省" } },
	{ "national", { "国家", "进京" } },
};

/* The result of a petition's review (复查: petitions.review). */
static const struct term petition_review_terms[] = {
	{ "upheld", { "维持" } },
	{ "changed", { "变更" } },
	{ "revoked", { "撤销" } },
};

/* The level whose inspectors supervise an org (orgs.supervision_level). */
static const struct term supervision_level_terms[] = {
	{ "community", { "社区" } },
	{ "street", { "街道" } },
	{ "district", { "区" } },
	{ "city", { "市" } },
};

/* The stage of ageing of a population (doc/domain.md section 6). */
static const struct term ageing_stage_terms[] = {
	{ "none", { "未老龄化" } },
	{ "ageing", { "老龄化" } },
	{ "aged", { "深度老龄化" } },
	{ "super_aged", { "超老龄化" } },
};

/* ISO weekdays, Monday 1 (grid-stats cases --by weekday). */
static const struct term weekday_terms[] = {
	{ "1", { "周一", "星期一" } },
	{ "2", { "周二", "星期二" } },
	{ "3", { "周三", "星期三" } },
	{ "4", { "周四", "星期四" } },
	{ "5", { "周五", "星期五" } },
	{ "6", { "周六", "星期六" } },
	{ "7", { "周日", "星期日", "星期天" } },
};

static const struct term yes_no_terms[] = {
	{ "1", { "是", "yes", "true", "y" } },
	{ "0", { "否", "no", "false", "n" } },
};

#define VOCAB(name, values) \
	{ #name, values, name##_terms, GRIDI_ARRAY_LEN(name##_terms), NULL, \
	    0, NULL }
#define VOCAB_MORE(name, values, more) \
	{ #name, values, name##_terms, GRIDI_ARRAY_LEN(name##_terms), \
	    name##_spellings, GRIDI_ARRAY_LEN(name##_spellings), more }

/* The values strings must list the terms in order (test_vocab checks). */
static const struct grid_vocab vocabs[] = {
	VOCAB(residence, "registered, floating, overseas"),
	VOCAB(tag, "elderly_alone, empty_nest, disabled, low_income, "
	    "left_behind_child, released_prisoner, community_correction, "
	    "drug_user, mental_disorder, key_youth, petitioner, "
	    "old_party_member, laid_off, newlywed, new_resident, "
	    "family_dispute"),
	VOCAB(sex, "M, F"),
	VOCAB(id_type, "resident_id, passport, hk_macao_permit, "
	    "taiwan_permit, foreign_permit, other"),
	VOCAB(worker_kind, "full_time, part_time, specialist"),
	VOCAB(grid_kind, "unit, professional"),
	VOCAB(house_use, "residential, commercial, office, industrial, mixed, "
	    "public, other"),
	VOCAB_MORE(relation, "head, spouse, child, parent, grandchild, "
	    "sibling, other", N_("or a GB/T 4761 two-digit code such as 02 "
	    "or 20")),
	VOCAB(org_kind, "enterprise, individual, social_org, "
	    "public_institution, government, other"),
	VOCAB(org_status, "active, closed, moved"),
	VOCAB(component_status, "normal, damaged, missing, removed"),
	VOCAB(category_kind, "component, event"),
	VOCAB(limit_unit, "work_hours, work_days, hours"),
	VOCAB(case_source, "worker, hotline, public_app, video, self_report, "
	    "department, petition"),
	VOCAB(case_status, "reported, registered, voided, dispatched, "
	    "returned, handled, verified, closed, parked, merged"),
	VOCAB(priority, "normal, urgent"),
	VOCAB(grade, "minor, major"),
	VOCAB(level, "grid, community, street, district, city"),
	VOCAB(rating, "A, B, C, D"),
	VOCAB(visit_kind, "routine, care, check, other, fire_inspection, "
	    "safety_inspection, food_inspection"),
	VOCAB(visit_result, "met, absent, problem"),
	VOCAB(visit_unit, "days, weeks, months"),
	VOCAB(case_type, "dispute, petition"),
	VOCAB(party_role, "party, petitioner, representative"),
	VOCAB(mediation, "people, administrative, judicial"),
	VOCAB(dispute_result, "continued, resolved, agreement, referred, "
	    "failed"),
	VOCAB(petition_form, "visit, letter, online, phone"),
	VOCAB(petition_level, "community, street, district, city, province, "
	    "national"),
	VOCAB(petition_review, "upheld, changed, revoked"),
	VOCAB(supervision_level, "community, street, district, city"),
	VOCAB(yes_no, "1, 0"),
	VOCAB(ageing_stage, "none, ageing, aged, super_aged"),
	VOCAB(weekday, "1, 2, 3, 4, 5, 6, 7"),
};

static char
fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Compares without regard to the case of ASCII letters. */
static int
same_nocase(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (fold(*a) != fold(*b))
			return 0;
	return *a == *b;
}

static const struct term *
find_term(const struct grid_vocab *vocab, const char *value)
{
	size_t i;

	for (i = 0; i < vocab->count; i++)
		if (fold(value[0]) == fold(vocab->terms[i].value[0]) &&
		    same_nocase(value, vocab->terms[i].value))
			return &vocab->terms[i];
	return NULL;
}

const struct grid_vocab *
grid_vocab_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < GRIDI_ARRAY_LEN(vocabs); i++)
		if (name[0] == vocabs[i].name[0] &&
		    strcmp(name, vocabs[i].name) == 0)
			return &vocabs[i];
	return NULL;
}

/* The canonical value's own string (borrowed from its term). */
static const char *
canonical(const struct grid_vocab *vocab, const char *value)
{
	const struct term *term = find_term(vocab, value);

	return term != NULL ? term->value : NULL;
}

const char *
grid_vocab_lookup(const struct grid_vocab *vocab, const char *text)
{
	const struct term *term;
	size_t i, j;

	if (vocab == NULL || text == NULL)
		return NULL;
	if ((term = find_term(vocab, text)) != NULL)
		return term->value;
	for (i = 0; i < vocab->count; i++) {
		term = &vocab->terms[i];
		for (j = 0; j < MAX_LABELS && term->labels[j] != NULL; j++)
			if (fold(text[0]) == fold(term->labels[j][0]) &&
			    same_nocase(text, term->labels[j]))
				return term->value;
	}
	for (i = 0; i < vocab->nspellings; i++)
		if (text[0] == vocab->spellings[i].text[0] &&
		    strcmp(text, vocab->spellings[i].text) == 0)
			return canonical(vocab, vocab->spellings[i].value);
	return NULL;
}

const char *
grid_vocab_values(const struct grid_vocab *vocab)
{
	return vocab != NULL ? vocab->values : NULL;
}

const char *
grid_vocab_value(const struct grid_vocab *vocab, size_t i)
{
	if (vocab == NULL || i >= vocab->count)
		return NULL;
	return vocab->terms[i].value;
}

const char *
grid_vocab_label(const struct grid_vocab *vocab, const char *value)
{
	const struct term *term;

	if (vocab == NULL || value == NULL)
		return NULL;
	term = find_term(vocab, value);
	return term != NULL ? term->labels[0] : NULL;
}

const char *
grid_vocab_choices(const struct grid_vocab *vocab, char *out, size_t n)
{
	size_t i, len = 0;
	int w;

	if (n == 0)
		return out;
	out[0] = '\0';
	for (i = 0; vocab != NULL && i < vocab->count && len < n; i++) {
		w = snprintf(out + len, n - len, "%s%s (%s)", i > 0 ? ", " : "",
		    vocab->terms[i].labels[0], vocab->terms[i].value);
		if (w < 0 || (size_t)w >= n - len) {
			out[len] = '\0';	/* whole choices only */
			return out;
		}
		len += (size_t)w;
	}
	if (vocab != NULL && vocab->more != NULL) {
		w = snprintf(out + len, n - len, ", %s", _(vocab->more));
		if (w < 0 || (size_t)w >= n - len)
			out[len] = '\0';
	}
	return out;
}

int
gridi_tag_default(size_t i, struct gridi_tag_default *out)
{
	size_t j, len = 0;
	int w;

	if (i >= GRIDI_ARRAY_LEN(tag_terms))
		return 0;
	out->code = tag_terms[i].value;
	out->label = tag_terms[i].labels[0];
	out->must_visit = tag_attrs[i].must_visit;
	out->risk_min = tag_attrs[i].risk_min;
	out->risk_max = tag_attrs[i].risk_max;
	out->synonyms[0] = '\0';
	for (j = 1; j < MAX_LABELS && tag_terms[i].labels[j] != NULL; j++) {
		w = snprintf(out->synonyms + len, sizeof(out->synonyms) - len,
		    "%s%s", j > 1 ? "|" : "", tag_terms[i].labels[j]);
		if (w < 0 || (size_t)w >= sizeof(out->synonyms) - len)
			break;
		len += (size_t)w;
	}
	return 1;
}
