/*
 * registers.c - what each register table holds and how each value is
 * checked; for the import (import_internal.h), how a reference to a row
 * of each register is looked up and which rules each register has.  The
 * rules themselves (an ID number's sex against the given sex, a
 * household's head) live in import_rules.c, references are checked in
 * import_row.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grid/codes.h"
#include "grid/registers.h"
#include "grid/text.h"
#include "grid/vocab.h"
#include "import_internal.h"

#define KEY GRID_F_KEY
#define REQ GRID_F_REQUIRED
#define F(n, t, fl, al) { .name = n, .type = GRID_V_##t, .flags = fl, \
	.aliases = al }
#define E(n, vocab_, fl, def_, al) { .name = n, .type = GRID_V_ENUM, \
	.flags = fl, .vocab = vocab_, .def = def_, .aliases = al }
#define R(n, t, fl, ref_, al) { .name = n, .type = GRID_V_##t, \
	.flags = fl, .ref = ref_, .aliases = al }
#define N(n, t, lo, hi, def_, al) { .name = n, .type = GRID_V_##t, \
	.min = lo, .max = hi, .def = def_, .aliases = al }

static const struct grid_field regions[] = {
	F("code", REGION, KEY, "区划代码|行政区划代码|统计用区划代码|代码"),
	E("level", "level", 0, NULL, "层级|级别"),
	F("name", TEXT, REQ, "名称|区划名称"),
	F("parent_code", REGION, 0, "上级代码|上级区划代码"),
	F("urban_class", CODE, 0, "城乡分类代码|城乡分类"),
};

static const struct grid_field departments[] = {
	F("code", CODE, KEY, "部门代码|部门编码|单位代码"),
	F("name", TEXT, REQ, "部门名称|单位名称|名称"),
};

static const struct grid_field grids[] = {
	F("code", GRID, KEY, "网格编码|网格代码|网格号"),
	F("community_code", REGION, 0, "社区代码|社区编码|所属社区"),
	F("name", TEXT, 0, "网格名称|名称"),
	E("kind", "grid_kind", 0, "unit", "网格类型|类型"),
	N("area_m2", REAL, 0, 1e9, NULL, "面积|面积(平方米)|网格面积"),
};

static const struct grid_field workers[] = {
	F("id", CODE, KEY, "网格员编号|工号|编号"),
	F("name", TEXT, REQ, "姓名|网格员姓名"),
	F("phone", PHONE, 0, "联系电话|手机号码|电话"),
	E("kind", "worker_kind", 0, "full_time", "类型|人员类型|网格员类型"),
	R("dept_code", CODE, 0, "departments.code", "部门代码|所属部门"),
};

static const struct grid_field worker_grids[] = {
	R("worker_id", CODE, KEY, "workers.id", "网格员编号|工号"),
	R("grid_code", GRID, KEY, "grids.code", "网格编码|责任网格"),
};

static const struct grid_field houses[] = {
	F("id", CODE, KEY, "房屋编号|房屋编码|房屋ID"),
	F("address", TEXT, 0, "地址|房屋地址|详细地址"),
	R("grid_code", GRID, 0, "grids.code", "网格编码|所属网格"),
	N("x", REAL, -1e8, 1e8, NULL, "经度|X坐标|横坐标"),
	N("y", REAL, -1e8, 1e8, NULL, "纬度|Y坐标|纵坐标"),
	E("use", "house_use", 0, NULL, "用途|房屋用途"),
	N("floors", INT, 0, 300, NULL, "层数|楼层数"),
	N("area_m2", REAL, 0, 1e7, NULL, "建筑面积|面积"),
	F("owner_id_number", IDNO, 0,
	    "产权人身份证号|房主身份证号|产权人证件号码"),
	F("rented", BOOL, 0, "是否出租|出租"),
};

static const struct grid_field households[] = {
	F("id", CODE, KEY, "户号|户编号|户籍编号"),
	R("house_id", CODE, 0, "houses.id", "房屋编号|房屋编码"),
	F("head_id_number", IDNO, 0, "户主身份证号|户主公民身份号码"),
	N("size", INT, 1, 99, NULL, "户人数|人数|家庭人口数"),
};

static const struct grid_field people[] = {
	F("id_number", DOCNO, KEY,
	    "公民身份号码|身份证号|身份证号码|证件号码|身份证|"
	    "公民身份证号码|身份证件号码|证件号"),
	E("id_type", "id_type", 0, "resident_id", "证件类型|证件种类"),
	F("name", TEXT, REQ, "姓名|人员姓名"),
	E("sex", "sex", 0, NULL, "性别"),
	F("birth_date", DATE, 0, "出生日期|出生年月日|生日"),
	F("phone", PHONE, 0, "联系电话|手机号码|手机|电话|联系方式|手机号"),
	R("household_id", CODE, 0, "households.id", "户号|户编号"),
	E("relation", "relation", 0, NULL, "与户主关系|关系"),
	R("house_id", CODE, 0, "houses.id", "房屋编号|房屋编码|房屋ID"),
	R("grid_code", GRID, 0, "grids.code", "网格编码|所属网格|网格代码"),
	E("residence", "residence", 0, "registered",
	    "人口类型|居住类型|户籍类型|户口性质|户籍性质|人员类型"),
	F("updated_at", TIME, 0, "更新时间"),
	/* the floating population (schema 5): import_rules.c checks them */
	F("move_in_date", DATE, 0,
	    "来本地日期|来本地时间|来本市日期|来现住地日期|迁入日期"),
	F("permit_number", DOCNO, 0, "居住证号|居住证编号|居住证号码"),
	F("permit_expiry", DATE, 0,
	    "居住证有效期|居住证有效期至|居住证到期日期|有效期至"),
	R("employer_uscc", USCC, 0, "orgs.uscc",
	    "单位统一社会信用代码|工作单位统一社会信用代码|"
	    "服务处所统一社会信用代码|用工单位统一社会信用代码"),
};

/* The tag vocabulary (schema 4): a district adds its own tags here. */
static const struct grid_field tags[] = {
	F("code", CODE, KEY, "标签代码|代码|编码"),
	F("label", TEXT, REQ, "标签名称|名称|标签"),
	F("synonyms", TEXT, 0, "同义词|别名|其他名称"),
	N("risk_min", INT, 0, 9, NULL, "最低风险等级|风险等级下限"),
	N("risk_max", INT, 0, 9, NULL, "最高风险等级|风险等级上限"),
	{ .name = "must_visit", .type = GRID_V_BOOL, .def = "0",
	    .aliases = "必访|是否必访|必访对象" },
};

/* How often a group must be visited (schema 4); risk_level -1: any. */
static const struct grid_field visit_rules[] = {
	R("tag", TEXT, KEY, "tags.code", "标签|标签代码|人员类别|重点人群"),
	{ .name = "risk_level", .type = GRID_V_INT, .flags = KEY, .min = -1,
	    .max = 9, .aliases = "风险等级|危险性等级|风险级别" },
	{ .name = "every", .type = GRID_V_INT, .flags = REQ, .min = 1,
	    .max = 366, .aliases = "间隔|每|周期" },
	E("unit", "visit_unit", REQ, NULL, "间隔单位|周期单位|单位"),
	F("source", TEXT, 0, "依据|来源|出处"),
};

/* The tag is a code or label of the tags table (import_rules.c). */
static const struct grid_field person_tags[] = {
	R("id_number", IDNO, KEY, "people.id_number",
	    "公民身份号码|身份证号|身份证号码|证件号码"),
	R("tag", TEXT, KEY, "tags.code", "标签|人员类别|重点人群|类别"),
	F("note", TEXT, 0, "备注|说明"),
	F("since", DATE, 0, "开始日期|起始日期|纳入日期|列管日期|认定日期"),
	F("until", DATE, 0, "结束日期|终止日期|解除日期|撤销日期"),
	N("risk_level", INT, 0, 9, NULL, "风险等级|危险性等级|风险级别"),
	R("helper_id", CODE, 0, "workers.id",
	    "帮扶责任人|帮扶责任人编号|帮扶人|帮扶人编号"),
};

static const struct grid_field orgs[] = {
	F("uscc", USCC, KEY, "统一社会信用代码|信用代码"),
	F("name", TEXT, REQ, "名称|单位名称|组织名称|企业名称"),
	F("address", TEXT, 0, "地址|住所|经营地址"),
	R("house_id", CODE, 0, "houses.id", "房屋编号|房屋编码"),
	R("grid_code", GRID, 0, "grids.code", "网格编码|所属网格"),
	E("kind", "org_kind", 0, NULL, "类型|组织类型|单位类型"),
	E("status", "org_status", 0, "active", "状态|经营状态|登记状态"),
	F("legal_rep", TEXT, 0, "法定代表人|负责人"),
	F("phone", PHONE, 0, "联系电话|电话"),
	N("x", REAL, -1e8, 1e8, NULL, "经度|X坐标|横坐标"),
	N("y", REAL, -1e8, 1e8, NULL, "纬度|Y坐标|纵坐标"),
	E("supervision_level", "supervision_level", 0, NULL,
	    "监管层级|监管级别"),
};

static const struct grid_field components[] = {
	F("code", COMPONENT, KEY, "部件编码|部件标识码|标识码"),
	F("name", TEXT, 0, "部件名称|名称"),
	R("category_code", CODE, 0, "categories.code",
	    "类别代码|分类代码|小类"),
	R("dept_code", CODE, 0, "departments.code",
	    "主管部门|权属部门|部门代码"),
	R("grid_code", GRID, 0, "grids.code", "网格编码|所属网格"),
	N("x", REAL, -1e8, 1e8, NULL, "经度|X坐标|横坐标"),
	N("y", REAL, -1e8, 1e8, NULL, "纬度|Y坐标|纵坐标"),
	E("status", "component_status", 0, "normal", "状态|部件状态"),
};

static const struct grid_field categories[] = {
	F("code", CODE, KEY, "类别代码|分类代码|代码"),
	E("kind", "category_kind", REQ, NULL, "类型|种类"),
	F("major", CODE, 0, "大类|大类代码"),
	F("minor", CODE, 0, "小类|小类代码"),
	F("name", TEXT, REQ, "名称|小类名称"),
	R("dept_code", CODE, 0, "departments.code", "责任部门|部门代码"),
	N("limit_value", REAL, 0, 10000, NULL, "时限|处置时限"),
	E("limit_unit", "limit_unit", 0, NULL, "时限单位"),
	E("case_type", "case_type", 0, NULL, "案件类型|业务类型"),
};

static const struct grid_field cases[] = {
	F("id", CODE, KEY, "案件编号|案卷号|编号"),
	E("source", "case_source", REQ, NULL, "来源|案件来源"),
	R("category_code", CODE, 0, "categories.code",
	    "类别代码|分类代码|小类"),
	F("description", TEXT, 0, "问题描述|描述|内容"),
	N("x", REAL, -1e8, 1e8, NULL, "经度|X坐标"),
	N("y", REAL, -1e8, 1e8, NULL, "纬度|Y坐标"),
	F("address", TEXT, 0, "地址|发生地址|位置"),
	R("grid_code", GRID, 0, "grids.code", "网格编码|所属网格"),
	R("component_code", COMPONENT, 0, "components.code", "部件编码"),
	R("org_uscc", USCC, 0, "orgs.uscc", "统一社会信用代码|企业信用代码"),
	E("grade", "grade", 0, NULL, "隐患等级|等级"),
	F("reporter", TEXT, 0, "上报人|报告人"),
	E("priority", "priority", 0, "normal", "优先级|紧急程度"),
	E("level", "level", 0, "grid", "处置层级|层级"),
	E("status", "case_status", 0, "reported", "状态|案件状态"),
	R("dept_code", CODE, 0, "departments.code", "处置部门|部门代码"),
	F("reported_at", TIME, REQ, "上报时间"),
	F("registered_at", TIME, 0, "立案时间"),
	F("dispatched_at", TIME, 0, "派遣时间"),
	F("handled_at", TIME, 0, "处置时间|处置完成时间"),
	F("verified_at", TIME, 0, "核查时间"),
	F("closed_at", TIME, 0, "结案时间"),
	F("deadline", TIME, 0, "处置时限|截止时间"),
	E("rating", "rating", 0, NULL, "满意度|评价"),
	N("rework_count", INT, 0, 1000, "0", "返工次数"),
	R("duplicate_of", CODE, 0, "cases.id", "重复案件|合并到"),
};

static const struct grid_field visits[] = {
	F("id", CODE, KEY, "走访编号|编号"),
	R("worker_id", CODE, 0, "workers.id", "网格员编号|工号"),
	R("id_number", IDNO, 0, "people.id_number",
	    "公民身份号码|身份证号|走访对象身份证号"),
	R("house_id", CODE, 0, "houses.id", "房屋编号"),
	R("org_uscc", USCC, 0, "orgs.uscc",
	    "统一社会信用代码|信用代码|走访单位信用代码|"
	    "被检查单位信用代码"),
	F("at", TIME, REQ, "走访时间|检查时间|时间"),
	E("kind", "visit_kind", 0, NULL, "走访类型|检查类型|类型"),
	E("result", "visit_result", 0, NULL, "走访结果|检查结果|结果"),
	N("hazards", INT, 0, 1000, NULL, "发现隐患|发现隐患数|隐患数"),
	F("note", TEXT, 0, "走访情况|备注|记录"),
	F("next_date", DATE, 0, "下次检查日期|下次检查|复查日期"),
};

static const struct grid_field calendar[] = {
	F("date", DATE, KEY, "日期"),
	F("is_workday", BOOL, REQ, "是否工作日|工作日"),
	F("note", TEXT, 0, "说明|备注|节日"),
};

/*
 * A register: its table t, its Chinese label, the column of its key (a
 * field that references it names "t.key"), its rules.  REG2: a register
 * whose key has two columns, which no field references.
 */
#define REG(t, label, key, ...) { .pub = { #t, label, t, \
	GRIDI_ARRAY_LEN(t) }, .key_column = #key, \
	.key_sql = "SELECT 1 FROM " #t " WHERE " #key " = ?1", __VA_ARGS__ }
#define REG2(t, label, ...) { .pub = { #t, label, t, \
	GRIDI_ARRAY_LEN(t) }, __VA_ARGS__ }
#define NO_RULES .check = NULL
static const struct gridi_register registers[] = {
	REG(regions, "行政区划", code, .check = gridi_rules_region),
	REG(departments, "部门", code, NO_RULES),
	REG(grids, "网格", code, .check = gridi_rules_grid),
	REG(workers, "网格员", id, NO_RULES),
	REG2(worker_grids, "责任网格", NO_RULES),
	REG(houses, "房屋", id, NO_RULES),
	REG(households, "户", id, NO_RULES),
	REG(people, "实有人口", id_number, .check = gridi_rules_person,
	    .after = gridi_rules_person_after,
	    .file_end = gridi_rules_people_end),
	REG(tags, "人员标签类别", code, .check = gridi_rules_tag),
	REG2(visit_rules, "走访周期", .check = gridi_rules_visit_rule),
	REG2(person_tags, "人员标签", .check = gridi_rules_person_tag),
	REG(orgs, "单位组织", uscc, NO_RULES),
	REG(components, "城市部件", code, .check = gridi_rules_component),
	REG(categories, "部件事件分类", code, .check = gridi_rules_category),
	REG(cases, "案件", id, .check = gridi_rules_case),
	REG(visits, "走访", id, .check = gridi_rules_visit),
	REG(calendar, "工作日历", date, NO_RULES),
};

const struct grid_register *
grid_register_find(const char *table)
{
	size_t i;

	for (i = 0; i < GRIDI_ARRAY_LEN(registers); i++)
		if (strcmp(registers[i].pub.table, table) == 0)
			return &registers[i].pub;
	return NULL;
}

const struct grid_register *
grid_register_at(size_t i)
{
	return i < GRIDI_ARRAY_LEN(registers) ? &registers[i].pub : NULL;
}

int
grid_field_personal(const char *column)
{
	size_t i, j;

	for (i = 0; i < GRIDI_ARRAY_LEN(registers); i++)
		for (j = 0; j < registers[i].pub.nfields; j++) {
			const struct grid_field *f = &registers[i].pub.fields[j];

			if (strcmp(f->name, column) == 0 &&
			    (f->type == GRID_V_IDNO || f->type == GRID_V_DOCNO ||
			    f->type == GRID_V_PHONE))
				return 1;
		}
	return 0;
}

const struct gridi_register *
gridi_register_of(const struct grid_register *reg)
{
	size_t i;

	for (i = 0; i < GRIDI_ARRAY_LEN(registers); i++)
		if (&registers[i].pub == reg)
			return &registers[i];
	return NULL;
}

const char *
gridi_register_ref_sql(const struct grid_field *f)
{
	const struct gridi_register *r;
	size_t i, n;

	if (f->ref == NULL)
		return NULL;
	n = strcspn(f->ref, ".");	/* "table.column" */
	if (f->ref[n] != '.')
		return NULL;
	for (i = 0; i < GRIDI_ARRAY_LEN(registers); i++) {
		r = &registers[i];
		if (strlen(r->pub.table) == n &&
		    memcmp(r->pub.table, f->ref, n) == 0)
			return r->key_column != NULL &&
			    strcmp(r->key_column, f->ref + n + 1) == 0 ?
			    r->key_sql : NULL;
	}
	return NULL;
}

static int
ascii_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * Compares two column names ignoring ASCII case, spaces and '_' (only
 * ASCII letters are folded: the bytes of a UTF-8 name are compared as
 * they are).
 */
static int
same_name(const char *a, size_t alen, const char *b)
{
	size_t i = 0;

	for (;;) {
		while (i < alen && (a[i] == ' ' || a[i] == '_'))
			i++;
		while (*b == ' ' || *b == '_')
			b++;
		if (i == alen || *b == '\0')
			return i == alen && *b == '\0';
		if (a[i] != *b && !(ascii_letter(a[i]) &&
		    (a[i] | 0x20) == (*b | 0x20)))
			return 0;
		i++;
		b++;
	}
}

/* A template's header name without its marks (grid/registers.h). */
const char *
grid_register_bare_name(const char *column, char *out, size_t n)
{
	static const char *const marks[] = { "(必填)", "(选填)", "[必填]",
		"【必填】" };
	size_t len, i, m;
	char *at;

	snprintf(out, n, "%s", column);
	grid_text_normalize(out);
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		while ((at = strstr(out, marks[i])) != NULL) {
			m = strlen(marks[i]);
			memmove(at, at + m, strlen(at + m) + 1);
		}
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '*' || out[len - 1] == ' ' ||
	    out[len - 1] == ':'))
		out[--len] = '\0';
	if (len >= 3 && strcmp(out + len - 3, "\xef\xbc\x9a") == 0)
		out[len - 3] = '\0';	/* a full-width colon left */
	i = strspn(out, "* ");
	memmove(out, out + i, strlen(out + i) + 1);
	return out;
}

int
grid_register_field(const struct grid_register *reg, const char *name)
{
	const char *p, *bar;
	size_t i;

	for (i = 0; i < reg->nfields; i++)
		if (same_name(name, strlen(name), reg->fields[i].name))
			return (int)i;
	for (i = 0; i < reg->nfields; i++) {
		for (p = reg->fields[i].aliases; p != NULL && *p != '\0';
		    p = bar + 1) {
			bar = strchr(p, '|');
			if (bar == NULL)
				bar = p + strlen(p);
			if (same_name(p, (size_t)(bar - p), name))
				return (int)i;
			if (*bar == '\0')
				break;
		}
	}
	return -1;
}

static int
check_number(const struct grid_field *f, const char *value,
    struct grid_buf *out, struct grid_error *err)
{
	char *end;
	double d;

	/* decimal only: strtod would also take "0x1A", "inf" and "nan" */
	errno = 0;
	d = strtod(value, &end);
	if (end == value || *end != '\0' || errno != 0 || !isfinite(d) ||
	    value[strspn(value, "0123456789+-.eE")] != '\0')
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not a number '%s'", value);
	if (f->type == GRID_V_INT && d != floor(d))
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not a whole number '%s'", value);
	if (f->min < f->max && (d < f->min || d > f->max))
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "'%s' out of range %g-%g", value, f->min, f->max);
	return f->type == GRID_V_INT ? grid_buf_addf(out, "%.0f", d)
	    : grid_buf_adds(out, value);
}

/* How much of a value a message quotes: 64 bytes, whole characters. */
static int
quoted_len(const char *s)
{
	return (int)grid_utf8_prefix(s, 64);
}

/* A value of a vocabulary; refused naming what a clerk may type. */
static int
check_enum(const struct grid_field *f, const char *value,
    struct grid_buf *out, struct grid_error *err)
{
	const struct grid_vocab *v = grid_vocab_find(f->vocab);
	const char *canon = v != NULL ? grid_vocab_lookup(v, value) : NULL;
	char choices[400];

	if (canon == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "'%.*s' is not one of %s", quoted_len(value), value,
		    grid_vocab_choices(v, choices, sizeof(choices)));
	return grid_buf_adds(out, canon);
}

/*
 * A number Excel wrote in scientific notation ("3.20508E+17"): digits, a
 * point, digits, E, an optional sign, digits.  Its digits are lost.
 */
static int
excel_scientific(const char *v)
{
	const char *p = v;

	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (*p != 'E' && *p != 'e')
		return 0;
	if (*++p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

/*
 * The text of a cell Excel was told to keep as text: a leading apostrophe
 * ('3205...) or a formula ="3205...".  Copies the inner text into out
 * (size n) and returns it, or returns value when it is neither.
 */
static const char *
excel_unwrap(const char *value, char *out, size_t n)
{
	size_t len = strlen(value);

	if (value[0] == '\'' && len > 1 && len < n) {
		memcpy(out, value + 1, len);
		return out;
	}
	if (len > 4 && len - 3 < n && value[0] == '=' && value[1] == '"' &&
	    value[len - 1] == '"') {
		memcpy(out, value + 2, len - 3);
		out[len - 3] = '\0';
		return out;
	}
	return value;
}

/* Says what Excel did to a number typed into a number cell. */
static int
excel_damage(const char *value, struct grid_error *err)
{
	return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
	    "Excel turned this into a number and its digits are lost '%s': "
	    "format the column as text and export again", value);
}

/*
 * Any identity document number (passport, permit, resident ID), checked
 * for shape only: 5-32 letters, digits or '-'; letters upper-cased.
 */
static int
check_docno(const char *value, struct grid_buf *out, struct grid_error *err)
{
	char inner[64];
	size_t i, n;

	value = excel_unwrap(value, inner, sizeof(inner));
	if (excel_scientific(value))
		return excel_damage(value, err);
	n = strlen(value);
	if (n < 5 || n > 32)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad document number '%s'", value);
	for (i = 0; i < n; i++)
		if (!((value[i] >= '0' && value[i] <= '9') ||
		    (value[i] >= 'A' && value[i] <= 'Z') ||
		    (value[i] >= 'a' && value[i] <= 'z') || value[i] == '-'))
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "bad document number '%s'", value);
	if (grid_buf_adds(out, value) != 0)
		return -1;
	grid_text_upper(out->data);
	return 0;
}

/*
 * A number of digits (with an X last) is a resident ID number and must
 * pass GB 11643; anything with letters is another document (passport,
 * permit), checked for shape only, and so are 18 digits of 9 and a
 * province: no province begins with 9, the foreign permanent residence ID
 * card of 2023 does (9, the province that issued it, the country, ...).
 */
static int
check_idno(const char *value, const char *today, struct grid_buf *out,
    struct grid_error *err)
{
	struct grid_idno id;
	char inner[64];
	size_t i, n;

	value = excel_unwrap(value, inner, sizeof(inner));
	n = strlen(value);
	if (excel_scientific(value))
		return excel_damage(value, err);
	for (i = 0; i < n; i++)
		if ((value[i] < '0' || value[i] > '9') && !(i == n - 1 &&
		    (value[i] == 'x' || value[i] == 'X')))
			return check_docno(value, out, err);
	/* the foreign permanent residence card of 2023: 9, a province... */
	if (n == 18 && value[0] == '9' && grid_province_at(value + 1))
		return check_docno(value, out, err);
	if (grid_idno_parse(value, today, &id, err) != 0)
		return -1;
	return grid_buf_adds(out, id.number);
}

static int
check_code(const char *value, struct grid_buf *out, struct grid_error *err)
{
	const unsigned char *p;

	if (strlen(value) > GRID_CODE_MAX)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "identifier longer than %d bytes", GRID_CODE_MAX);
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "identifier with a space or control character "
			    "'%s'", value);
	return grid_buf_adds(out, value);
}

static int
check_text(const char *value, struct grid_buf *out, struct grid_error *err)
{
	const unsigned char *p;

	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if ((*p < ' ' && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f)
			return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
			    "control character 0x%02x in text", *p);
	return grid_buf_adds(out, value);
}

static int
check_bool(const char *value, struct grid_buf *out, struct grid_error *err)
{
	const struct grid_vocab *v = grid_vocab_find("yes_no");
	const char *canon = v != NULL ? grid_vocab_lookup(v, value) : NULL;

	if (canon == NULL)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not yes or no '%s' (0/1, 是/否, yes/no)", value);
	return grid_buf_adds(out, canon);
}

static int
check_region(const struct grid_field *f, const char *value, int seq_width,
    struct grid_buf *out, struct grid_error *err)
{
	enum grid_level level = grid_code_level(value, seq_width, err);

	if (level == GRID_LEVEL_NONE)
		return -1;
	if (f->type == GRID_V_GRID && level != GRID_LEVEL_GRID)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "not a grid code '%s' (%d digits expected)", value,
		    12 + seq_width);
	if (f->type == GRID_V_REGION && level == GRID_LEVEL_GRID)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "a grid code '%s' where a division code is expected",
		    value);
	return grid_buf_adds(out, value);
}

/*
 * A point in time, stored in the database's zone (gridkit(7),
 * CONVENTIONS) so that stored times compare as text; only a deadline
 * may lie after today.
 */
static int
check_time(const struct grid_field *f, const char *value, const char *today,
    struct grid_buf *out, struct grid_error *err)
{
	char iso[64];
	time_t t;

	if (grid_time_parse(value, iso, sizeof(iso), err) != 0)
		return -1;
	if (grid_time_to_epoch(iso, &t) != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad time '%s'", value);
	grid_time_format(t, iso, sizeof(iso));
	if (today != NULL && strncmp(iso, today, 10) > 0 &&
	    strcmp(f->name, "deadline") != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "time in the future '%s'", value);
	return grid_buf_adds(out, iso);
}

/*
 * A calendar date, not after today (but for calendar.date and a residence
 * permit's expiry); a value of the wrong shape is refused naming the
 * shapes that are read.
 */
static int
check_date(const struct grid_field *f, const char *value, const char *today,
    struct grid_buf *out, struct grid_error *err)
{
	const char *impossible = _("impossible date");
	struct grid_error why;
	char date[16];

	if (grid_date_parse(value, date, sizeof(date), &why) != 0) {
		if (strncmp(why.text, impossible, strlen(impossible)) == 0) {
			if (err != NULL)
				*err = why;
			return -1;
		}
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "bad date '%.*s' (accepted: YYYY-MM-DD, YYYY-M-D, "
		    "YYYY/M/D, YYYY.M.D, YYYYMMDD, YYYY年M月D日)",
		    quoted_len(value), value);
	}
	if (today != NULL && strcmp(date, today) > 0 &&
	    strcmp(f->name, "date") != 0 && strcmp(f->name, "until") != 0 &&
	    strcmp(f->name, "permit_expiry") != 0 &&
	    strcmp(f->name, "next_date") != 0)
		return grid_error_set(err, GRID_EDATA, NULL, 0, NULL,
		    "date in the future '%s'", value);
	return grid_buf_adds(out, date);
}

int
grid_date_serial(const char *value, char *out, size_t n)
{
	size_t i, len = strlen(value);
	long serial = 0;
	long long days;
	int year, month, day;

	if (len == 0 || len > 7 || value[0] == '0' || n < 11 ||
	    strspn(value, "0123456789") != len)
		return 0;
	for (i = 0; i < len; i++)
		serial = serial * 10 + (value[i] - '0');
	if (serial > 2958465 || serial == 60 ||
	    (serial >= 1000 && serial <= 2999))
		return 0;
	/* Excel counts a 1900-02-29 (serial 60) that never was: the
	 * serials before it start from 1899-12-31, those after from
	 * 1899-12-30. */
	days = gridi_days_from_civil(1899, 12, serial < 60 ? 31 : 30) + serial;
	gridi_civil_from_days(days, &year, &month, &day);
	snprintf(out, n, "%04d-%02d-%02d", year, month, day);
	return 1;
}

int
grid_field_check(const struct grid_field *f, const char *value,
    const char *today, int seq_width, struct grid_buf *out,
    struct grid_error *err)
{
	char tmp[64], inner[64];

	grid_buf_reset(out);
	switch (f->type) {
	case GRID_V_INT:
	case GRID_V_REAL:
		return check_number(f, value, out, err);
	case GRID_V_BOOL:
		return check_bool(value, out, err);
	case GRID_V_DATE:
		return check_date(f, value, today, out, err);
	case GRID_V_TIME:
		return check_time(f, value, today, out, err);
	case GRID_V_ENUM:
		return check_enum(f, value, out, err);
	case GRID_V_IDNO:
		return check_idno(value, today, out, err);
	case GRID_V_DOCNO:
		return check_docno(value, out, err);
	case GRID_V_USCC:
		if (grid_uscc_check(value, tmp, sizeof(tmp), err) != 0)
			return -1;
		return grid_buf_adds(out, tmp);
	case GRID_V_PHONE:
		value = excel_unwrap(value, inner, sizeof(inner));
		if (excel_scientific(value))
			return excel_damage(value, err);
		if (grid_phone_parse(value, tmp, sizeof(tmp), err) != 0)
			return -1;
		return grid_buf_adds(out, tmp);
	case GRID_V_REGION:
	case GRID_V_GRID:
		return check_region(f, value, seq_width, out, err);
	case GRID_V_COMPONENT:
		if (grid_component_code_check(value, err) != 0)
			return -1;
		return grid_buf_adds(out, value);
	case GRID_V_CODE:
		return check_code(value, out, err);
	case GRID_V_TEXT:
	default:
		return check_text(value, out, err);
	}
}
