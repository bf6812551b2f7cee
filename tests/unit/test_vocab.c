/* test_vocab.c - the vocabularies and their Chinese labels. */
#include <string.h>

#include "grid/vocab.h"
#include "tap.h"

/* Every vocabulary vocab.h promises. */
static const char *const names[] = {
	"residence", "tag", "sex", "id_type", "worker_kind", "grid_kind",
	"house_use", "relation", "org_kind", "org_status", "component_status",
	"category_kind", "limit_unit", "case_source", "case_status",
	"priority", "grade", "level", "rating", "visit_kind", "yes_no"
};

/* A text, and the canonical value it must map to (NULL: unknown). */
static const struct {
	const char *vocab, *text, *want;
} lookups[] = {
	{ "residence", "户籍", "registered" },
	{ "residence", "户籍人口", "registered" },
	{ "residence", "流动", "floating" },
	{ "residence", "流动人口", "floating" },
	{ "residence", "境外", "overseas" },
	{ "residence", "境外人员", "overseas" },
	{ "residence", "Registered", "registered" },
	{ "residence", "FLOATING", "floating" },
	{ "residence", "常住", NULL },
	{ "residence", "本地", "registered" },
	{ "residence", "外来人口", "floating" },
	{ "residence", "暂住", "floating" },
	{ "residence", "农业户口", NULL },
	{ "residence", "非农业户口", NULL },

	{ "tag", "独居老人", "elderly_alone" },
	{ "tag", "空巢老人", "empty_nest" },
	{ "tag", "残疾人", "disabled" },
	{ "tag", "低保", "low_income" },
	{ "tag", "特困", "low_income" },
	{ "tag", "留守儿童", "left_behind_child" },
	{ "tag", "刑满释放人员", "released_prisoner" },
	{ "tag", "社区矫正人员", "community_correction" },
	{ "tag", "管制", "community_correction" },
	{ "tag", "缓刑", "community_correction" },
	{ "tag", "假释", "community_correction" },
	{ "tag", "暂予监外执行", "community_correction" },
	{ "tag", "吸毒人员", "drug_user" },
	{ "tag", "严重精神障碍患者", "mental_disorder" },
	{ "tag", "重点青少年", "key_youth" },
	{ "tag", "重点上访人员", "petitioner" },
	{ "tag", "Low_Income", "low_income" },
	{ "tag", "elderly_alone", "elderly_alone" },
	{ "tag", "老党员", "old_party_member" },
	{ "tag", "孤寡老人", "elderly_alone" },
	{ "tag", "特困户", "low_income" },
	{ "tag", "家庭纠纷户", "family_dispute" },
	{ "tag", "贵宾", NULL },

	{ "sex", "男", "M" },
	{ "sex", "女", "F" },
	{ "sex", "m", "M" },
	{ "sex", "F", "F" },
	{ "sex", "X", NULL },

	{ "id_type", "居民身份证", "resident_id" },
	{ "id_type", "护照", "passport" },
	{ "id_type", "港澳居民来往内地通行证", "hk_macao_permit" },
	{ "id_type", "台湾居民来往大陆通行证", "taiwan_permit" },
	{ "id_type", "外国人永久居留身份证", "foreign_permit" },
	{ "id_type", "其他", "other" },
	{ "id_type", "Passport", "passport" },
	{ "id_type", "驾驶证", NULL },

	{ "worker_kind", "专职", "full_time" },
	{ "worker_kind", "兼职", "part_time" },
	{ "worker_kind", "专业", "specialist" },
	{ "worker_kind", "FULL_TIME", "full_time" },
	{ "worker_kind", "志愿者", NULL },

	{ "grid_kind", "单元网格", "unit" },
	{ "grid_kind", "专业网格", "professional" },
	{ "grid_kind", "Unit", "unit" },
	{ "grid_kind", "网格", NULL },

	{ "house_use", "住宅", "residential" },
	{ "house_use", "商业", "commercial" },
	{ "house_use", "办公", "office" },
	{ "house_use", "工业", "industrial" },
	{ "house_use", "商住", "mixed" },
	{ "house_use", "公共", "public" },
	{ "house_use", "其他", "other" },
	{ "house_use", "Office", "office" },
	{ "house_use", "仓储", NULL },

	{ "relation", "户主", "head" },
	{ "relation", "本人", "head" },
	{ "relation", "配偶", "spouse" },
	{ "relation", "子", "child" },
	{ "relation", "女", "child" },
	{ "relation", "子女", "child" },
	{ "relation", "儿子", "child" },
	{ "relation", "女儿", "child" },
	{ "relation", "父母", "parent" },
	{ "relation", "父亲", "parent" },
	{ "relation", "母亲", "parent" },
	{ "relation", "孙子女", "grandchild" },
	{ "relation", "兄弟姐妹", "sibling" },
	{ "relation", "其他", "other" },
	{ "relation", "HEAD", "head" },
	{ "relation", "保姆", NULL },

	{ "org_kind", "企业", "enterprise" },
	{ "org_kind", "个体工商户", "individual" },
	{ "org_kind", "社会组织", "social_org" },
	{ "org_kind", "事业单位", "public_institution" },
	{ "org_kind", "机关", "government" },
	{ "org_kind", "其他", "other" },
	{ "org_kind", "Social_Org", "social_org" },
	{ "org_kind", "合作社", NULL },

	{ "org_status", "存续", "active" },
	{ "org_status", "在业", "active" },
	{ "org_status", "开业", "active" },
	{ "org_status", "注销", "closed" },
	{ "org_status", "吊销", "closed" },
	{ "org_status", "歇业", "closed" },
	{ "org_status", "迁出", "moved" },
	{ "org_status", "Active", "active" },
	{ "org_status", "清算", NULL },

	{ "component_status", "完好", "normal" },
	{ "component_status", "正常", "normal" },
	{ "component_status", "破损", "damaged" },
	{ "component_status", "丢失", "missing" },
	{ "component_status", "缺失", "missing" },
	{ "component_status", "拆除", "removed" },
	{ "component_status", "DAMAGED", "damaged" },
	{ "component_status", "废弃", NULL },

	{ "category_kind", "部件", "component" },
	{ "category_kind", "事件", "event" },
	{ "category_kind", "Event", "event" },
	{ "category_kind", "案件", NULL },

	{ "limit_unit", "工作时", "work_hours" },
	{ "limit_unit", "工作日", "work_days" },
	{ "limit_unit", "小时", "hours" },
	{ "limit_unit", "Work_Days", "work_days" },
	{ "limit_unit", "天", NULL },

	{ "case_source", "网格员上报", "worker" },
	{ "case_source", "热线", "hotline" },
	{ "case_source", "公众", "public_app" },
	{ "case_source", "视频", "video" },
	{ "case_source", "企业自查", "self_report" },
	{ "case_source", "部门", "department" },
	{ "case_source", "Hotline", "hotline" },
	{ "case_source", "信访", "petition" },
	{ "case_source", "上访", NULL },
	{ "visit_result", "合格", "met" },
	{ "visit_result", "不合格", "problem" },

	{ "case_status", "上报", "reported" },
	{ "case_status", "立案", "registered" },
	{ "case_status", "作废", "voided" },
	{ "case_status", "派遣", "dispatched" },
	{ "case_status", "回退", "returned" },
	{ "case_status", "处置", "handled" },
	{ "case_status", "核查", "verified" },
	{ "case_status", "结案", "closed" },
	{ "case_status", "挂账", "parked" },
	{ "case_status", "合并", "merged" },
	{ "case_status", "Closed", "closed" },
	{ "case_status", "督办", NULL },

	{ "priority", "一般", "normal" },
	{ "priority", "紧急", "urgent" },
	{ "priority", "URGENT", "urgent" },
	{ "priority", "特急", NULL },

	{ "grade", "一般", "minor" },
	{ "grade", "重大", "major" },
	{ "grade", "Major", "major" },
	{ "grade", "较大", NULL },

	{ "level", "网格", "grid" },
	{ "level", "社区", "community" },
	{ "level", "街道", "street" },
	{ "level", "区", "district" },
	{ "level", "市", "city" },
	{ "level", "Street", "street" },
	{ "level", "省", NULL },

	{ "rating", "非常满意", "A" },
	{ "rating", "满意", "B" },
	{ "rating", "一般", "C" },
	{ "rating", "不满意", "D" },
	{ "rating", "a", "A" },
	{ "rating", "E", NULL },

	{ "visit_kind", "日常走访", "routine" },
	{ "visit_kind", "关怀", "care" },
	{ "visit_kind", "核查", "check" },
	{ "visit_kind", "其他", "other" },
	{ "visit_kind", "Care", "care" },
	{ "visit_kind", "慰问", NULL },

	{ "yes_no", "是", "1" },
	{ "yes_no", "yes", "1" },
	{ "yes_no", "TRUE", "1" },
	{ "yes_no", "Y", "1" },
	{ "yes_no", "1", "1" },
	{ "yes_no", "否", "0" },
	{ "yes_no", "No", "0" },
	{ "yes_no", "false", "0" },
	{ "yes_no", "n", "0" },
	{ "yes_no", "0", "0" },
	{ "yes_no", "2", NULL },
	{ "yes_no", "", NULL },
};

static void
test_lookups(void)
{
	char what[160];
	size_t i;

	for (i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
		snprintf(what, sizeof(what), "%s: '%s'", lookups[i].vocab,
		    lookups[i].text);
		is_str(grid_vocab_lookup(grid_vocab_find(lookups[i].vocab),
		    lookups[i].text), lookups[i].want, what);
	}
}

/* The values string lists grid_vocab_value in order. */
static void
check_values(const char *name)
{
	const struct grid_vocab *vocab = grid_vocab_find(name);
	char joined[512], what[160];
	const char *value;
	size_t i, len = 0;
	int labelled = 1, canonical = 1;

	joined[0] = '\0';
	for (i = 0; (value = grid_vocab_value(vocab, i)) != NULL; i++) {
		len += (size_t)snprintf(joined + len, sizeof(joined) - len,
		    "%s%s", i > 0 ? ", " : "", value);
		if (grid_vocab_label(vocab, value) == NULL)
			labelled = 0;
		if (grid_vocab_lookup(vocab, value) != value)
			canonical = 0;
	}
	snprintf(what, sizeof(what), "%s: values", name);
	is_str(grid_vocab_values(vocab), joined, what);
	snprintf(what, sizeof(what), "%s: every value has a label", name);
	ok(labelled, what);
	snprintf(what, sizeof(what), "%s: every value maps to itself", name);
	ok(canonical, what);
}

static void
test_vocabs(void)
{
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(what, sizeof(what), "vocabulary %s exists", names[i]);
		ok(grid_vocab_find(names[i]) != NULL, what);
		check_values(names[i]);
	}
	is_str(grid_vocab_values(grid_vocab_find("residence")),
	    "registered, floating, overseas", "residence values spelled out");
	ok(grid_vocab_find("colour") == NULL, "unknown vocabulary");
	ok(grid_vocab_find("Residence") == NULL, "names are exact");
	ok(grid_vocab_find(NULL) == NULL, "NULL vocabulary name");
}

static void
test_labels(void)
{
	const struct grid_vocab *tag = grid_vocab_find("tag");
	const struct grid_vocab *yes_no = grid_vocab_find("yes_no");

	is_str(grid_vocab_label(tag, "low_income"), "低保", "label low_income");
	is_str(grid_vocab_label(tag, "Community_Correction"), "社区矫正人员",
	    "label matched without case");
	is_str(grid_vocab_label(tag, "nobody"), NULL, "label of unknown");
	is_str(grid_vocab_label(yes_no, "1"), "是", "label of 1");
	is_str(grid_vocab_label(grid_vocab_find("relation"), "child"), "子女",
	    "label of child");
	is_str(grid_vocab_label(grid_vocab_find("rating"), "B"), "满意",
	    "label of rating B");
	is_str(grid_vocab_label(NULL, "1"), NULL, "label NULL vocabulary");
	is_str(grid_vocab_label(yes_no, NULL), NULL, "label NULL value");
	is_str(grid_vocab_value(tag, 0), "elderly_alone", "first tag");
	is_str(grid_vocab_value(tag, 15), "family_dispute", "last tag");
	is_str(grid_vocab_value(tag, 16), NULL, "past the last tag");
	is_str(grid_vocab_value(NULL, 0), NULL, "value of NULL vocabulary");
	is_str(grid_vocab_values(NULL), NULL, "values of NULL vocabulary");
	is_str(grid_vocab_lookup(NULL, "是"), NULL, "lookup NULL vocabulary");
	is_str(grid_vocab_lookup(yes_no, NULL), NULL, "lookup NULL text");
}

int
main(void)
{
	test_vocabs();
	test_lookups();
	test_labels();
	return tap_done();
}
