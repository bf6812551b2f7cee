/*
 * schema.c - the tables of gridkit(7), TABLES, their migrations, and
 * the default data a new database starts with (settings, categories).
 * The schema is public: man 7 gridkit documents it, column by column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid/db.h"
#include "tags_internal.h"
#include "internal.h"

/*
 * Version 1: every table of gridkit(7).  CHECK constraints of three values or
 * more are written with OR: SQLite builds a temporary table for each
 * evaluation of an IN list, once per inserted row.
 */
static const char schema_v1[] =
"CREATE TABLE settings (\n"
"  key TEXT PRIMARY KEY,\n"
"  value TEXT NOT NULL\n"
");\n"
"CREATE TABLE regions (\n"
"  code TEXT PRIMARY KEY,\n"
"  level TEXT NOT NULL CHECK (level = 'district'\n"
"      OR level = 'street'\n"
"      OR level = 'community'),\n"
"  name TEXT NOT NULL,\n"
"  parent_code TEXT,\n"
"  urban_class TEXT,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX regions_parent ON regions(parent_code);\n"
"CREATE TABLE departments (\n"
"  code TEXT PRIMARY KEY,\n"
"  name TEXT NOT NULL,\n"
"  attrs TEXT\n"
");\n"
"CREATE TABLE grids (\n"
"  code TEXT PRIMARY KEY,\n"
"  community_code TEXT NOT NULL,\n"
"  name TEXT,\n"
"  kind TEXT NOT NULL DEFAULT 'unit' CHECK (kind IN ('unit','professional')),\n"
"  area_m2 REAL,\n"
"  geometry TEXT,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX grids_community ON grids(community_code);\n"
"CREATE VIRTUAL TABLE grid_rtree USING rtree(\n"
"  id,\n"
"  min_x, max_x,\n"
"  min_y, max_y\n"
");\n"
"CREATE TABLE workers (\n"
"  id TEXT PRIMARY KEY,\n"
"  name TEXT NOT NULL,\n"
"  phone TEXT,\n"
"  kind TEXT NOT NULL DEFAULT 'full_time'\n"
"    CHECK (kind = 'full_time'\n"
"        OR kind = 'part_time'\n"
"        OR kind = 'specialist'),\n"
"  dept_code TEXT REFERENCES departments(code),\n"
"  attrs TEXT\n"
");\n"
"CREATE TABLE worker_grids (\n"
"  worker_id TEXT NOT NULL REFERENCES workers(id),\n"
"  grid_code TEXT NOT NULL REFERENCES grids(code),\n"
"  attrs TEXT,\n"
"  PRIMARY KEY (worker_id, grid_code)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX worker_grids_grid ON worker_grids(grid_code);\n"
"CREATE TABLE houses (\n"
"  id TEXT PRIMARY KEY,\n"
"  address TEXT,\n"
"  grid_code TEXT REFERENCES grids(code),\n"
"  x REAL,\n"
"  y REAL,\n"
"  use TEXT,\n"
"  floors INTEGER,\n"
"  area_m2 REAL,\n"
"  owner_id_number TEXT,\n"
"  rented INTEGER CHECK (rented IN (0, 1)),\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX houses_grid ON houses(grid_code);\n"
"CREATE TABLE households (\n"
"  id TEXT PRIMARY KEY,\n"
"  house_id TEXT REFERENCES houses(id),\n"
"  head_id_number TEXT,\n"
"  size INTEGER,\n"
"  attrs TEXT\n"
");\n"
"CREATE TABLE people (\n"
"  id_number TEXT PRIMARY KEY,\n"
"  id_type TEXT NOT NULL DEFAULT 'resident_id',\n"
"  name TEXT NOT NULL,\n"
"  sex TEXT CHECK (sex IN ('M','F')),\n"
"  birth_date TEXT,\n"
"  phone TEXT,\n"
"  household_id TEXT REFERENCES households(id),\n"
"  relation TEXT,\n"
"  house_id TEXT REFERENCES houses(id),\n"
"  grid_code TEXT REFERENCES grids(code),\n"
"  residence TEXT NOT NULL DEFAULT 'registered'\n"
"    CHECK (residence = 'registered'\n"
"        OR residence = 'floating'\n"
"        OR residence = 'overseas'),\n"
"  updated_at TEXT NOT NULL,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX people_household ON people(household_id);\n"
"CREATE INDEX people_grid ON people(grid_code);\n"
"CREATE TABLE person_tags (\n"
"  id_number TEXT NOT NULL REFERENCES people(id_number),\n"
"  tag TEXT NOT NULL,\n"
"  note TEXT,\n"
"  attrs TEXT,\n"
"  PRIMARY KEY (id_number, tag)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX person_tags_tag ON person_tags(tag);\n"
"CREATE TABLE orgs (\n"
"  uscc TEXT PRIMARY KEY,\n"
"  name TEXT NOT NULL,\n"
"  address TEXT,\n"
"  house_id TEXT REFERENCES houses(id),\n"
"  grid_code TEXT REFERENCES grids(code),\n"
"  kind TEXT,\n"
"  status TEXT,\n"
"  legal_rep TEXT,\n"
"  phone TEXT,\n"
"  x REAL,\n"
"  y REAL,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX orgs_grid ON orgs(grid_code);\n"
"CREATE TABLE categories (\n"
"  code TEXT PRIMARY KEY,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('component','event')),\n"
"  major TEXT NOT NULL,\n"
"  minor TEXT NOT NULL,\n"
"  name TEXT NOT NULL,\n"
"  dept_code TEXT REFERENCES departments(code),\n"
"  limit_value REAL,\n"
"  limit_unit TEXT CHECK (limit_unit = 'work_hours'\n"
"      OR limit_unit = 'work_days'\n"
"      OR limit_unit = 'hours'),\n"
"  attrs TEXT\n"
");\n"
"CREATE TABLE components (\n"
"  code TEXT PRIMARY KEY,\n"
"  name TEXT,\n"
"  category_code TEXT REFERENCES categories(code),\n"
"  dept_code TEXT REFERENCES departments(code),\n"
"  grid_code TEXT REFERENCES grids(code),\n"
"  x REAL,\n"
"  y REAL,\n"
"  status TEXT,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX components_grid ON components(grid_code);\n"
"CREATE TABLE cases (\n"
"  id TEXT PRIMARY KEY,\n"
"  source TEXT NOT NULL,\n"
"  category_code TEXT REFERENCES categories(code),\n"
"  description TEXT,\n"
"  x REAL,\n"
"  y REAL,\n"
"  address TEXT,\n"
"  grid_code TEXT REFERENCES grids(code),\n"
"  component_code TEXT,\n"
"  org_uscc TEXT,\n"
"  grade TEXT CHECK (grade IN ('minor','major')),\n"
"  reporter TEXT,\n"
"  priority TEXT NOT NULL DEFAULT 'normal',\n"
"  level TEXT NOT NULL DEFAULT 'grid'\n"
"    CHECK (level = 'grid'\n"
"        OR level = 'community'\n"
"        OR level = 'street'\n"
"        OR level = 'district'\n"
"        OR level = 'city'),\n"
"  status TEXT NOT NULL DEFAULT 'reported',\n"
"  dept_code TEXT REFERENCES departments(code),\n"
"  reported_at TEXT NOT NULL,\n"
"  registered_at TEXT,\n"
"  dispatched_at TEXT,\n"
"  handled_at TEXT,\n"
"  verified_at TEXT,\n"
"  closed_at TEXT,\n"
"  deadline TEXT,\n"
"  rating TEXT CHECK (rating = 'A'\n"
"      OR rating = 'B'\n"
"      OR rating = 'C'\n"
"      OR rating = 'D'),\n"
"  rework_count INTEGER NOT NULL DEFAULT 0,\n"
"  duplicate_of TEXT REFERENCES cases(id),\n"
"  overdue INTEGER NOT NULL DEFAULT 0,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX cases_open_deadline ON cases(deadline)\n"
"  WHERE status IN ('dispatched','handled');\n"
"CREATE INDEX cases_grid ON cases(grid_code);\n"
"CREATE INDEX cases_reported ON cases(reported_at);\n"
"CREATE TABLE case_log (\n"
"  id INTEGER PRIMARY KEY,\n"
"  case_id TEXT NOT NULL REFERENCES cases(id),\n"
"  at TEXT NOT NULL,\n"
"  actor TEXT NOT NULL,\n"
"  action TEXT NOT NULL,\n"
"  from_status TEXT,\n"
"  to_status TEXT,\n"
"  note TEXT\n"
");\n"
"CREATE INDEX case_log_case ON case_log(case_id, id);\n"
"CREATE TABLE visits (\n"
"  id TEXT PRIMARY KEY,\n"
"  worker_id TEXT REFERENCES workers(id),\n"
"  id_number TEXT,\n"
"  house_id TEXT REFERENCES houses(id),\n"
"  at TEXT NOT NULL,\n"
"  kind TEXT,\n"
"  note TEXT,\n"
"  attrs TEXT,\n"
"  CHECK (id_number IS NOT NULL OR house_id IS NOT NULL)\n"
");\n"
"CREATE TABLE import_batches (\n"
"  id INTEGER PRIMARY KEY,\n"
"  table_name TEXT NOT NULL,\n"
"  source TEXT NOT NULL,\n"
"  mode TEXT NOT NULL,\n"
"  status TEXT NOT NULL,\n"
"  actor TEXT,\n"
"  started_at TEXT NOT NULL,\n"
"  finished_at TEXT,\n"
"  rows_read INTEGER NOT NULL DEFAULT 0,\n"
"  inserted INTEGER NOT NULL DEFAULT 0,\n"
"  updated INTEGER NOT NULL DEFAULT 0,\n"
"  unchanged INTEGER NOT NULL DEFAULT 0,\n"
"  rejected INTEGER NOT NULL DEFAULT 0\n"
");\n"
"CREATE TABLE calendar (\n"
"  date TEXT PRIMARY KEY,\n"
"  is_workday INTEGER NOT NULL CHECK (is_workday IN (0, 1)),\n"
"  note TEXT,\n"
"  attrs TEXT\n"
");\n";

/*
 * Default settings (doc/domain.md: values marked L are ours and editable).
 * grid_seq_width and time_zone are written separately, from the open
 * call.
 */
static const char *const default_settings[][2] = {
	{ "work_hours", "08:30-12:00,13:30-17:30" },
	{ "work_days", "1,2,3,4,5" },
	{ "default_limit", "1 work_days" },
	{ "dispatch_limit", "2 work_hours" },
	{ "escalate_after", "1 work_days" },
	{ "escalate_max_level", "district" },
	{ "worker_quota", "4" },
	{ "weights_region", "public_verified:10,registered:20,closure:30,"
	    "on_time_closure:40" },
	{ "weights_worker", "valid_report:40,missed_report:20,"
	    "on_time_check:20,on_time_verify:20" },
	{ "weights_dept", "on_time_handling:40,handling:30,rework:20,"
	    "satisfaction:10" },
	{ "grade_bounds", "A:90,B:75,C:60,D:40" },
	{ "ack_limit", "2 work_hours" },
	{ "reply_limit", "5 work_days" },
	{ "warn_share", "80" },
	{ "urgent_share", "50" },
	{ "check_limit", "2 work_hours" },
	{ "verify_limit", "1 work_days" },
	{ "coordinate_system", "auto" },
	{ "media_base_url", "" },
	{ "require_after_photo", "0" },
	{ "division_code", "" },
	{ "group_petition_people", "5" },
	{ "petition_reply_limit", "60 days" },
};

/*
 * Version 2: the case desk.  Who did a step on site (case_log.worker_id),
 * when the requester must have an answer (cases.reply_due), and the
 * settings of sign-for, replies, warnings, urgent limits and the limits
 * of a worker's check and verification (the same values as
 * default_settings; a database that has them keeps its own).
 */
static const char schema_v2[] =
"ALTER TABLE case_log ADD COLUMN worker_id TEXT REFERENCES workers(id);\n"
"ALTER TABLE cases ADD COLUMN reply_due TEXT;\n"
"INSERT OR IGNORE INTO settings(key, value) VALUES\n"
"  ('ack_limit', '2 work_hours'),\n"
"  ('reply_limit', '5 work_days'),\n"
"  ('warn_share', '80'),\n"
"  ('urgent_share', '50'),\n"
"  ('check_limit', '2 work_hours'),\n"
"  ('verify_limit', '1 work_days');\n";

/*
 * Version 3: cases between platforms.  The id a case has on another
 * platform and that platform's name (an Open311 service_request_id and
 * the system it came from or went to: at most one case per pair), the
 * evidence of a case (attachments: a file's kind, stage, size, sha256,
 * MIME type, time and place; its bytes, when kept, in the sqlar archive
 * beside the database, named CASE_ID/SHA256), and the settings of the
 * exchange: the coordinate system of x and y, the base of media_url, and
 * whether verify --pass needs an after-photo.
 */
static const char schema_v3[] =
"ALTER TABLE cases ADD COLUMN external_id TEXT;\n"
"ALTER TABLE cases ADD COLUMN external_source TEXT;\n"
"CREATE UNIQUE INDEX cases_external ON cases(external_source, external_id)\n"
"  WHERE external_id IS NOT NULL;\n"
"CREATE TABLE attachments (\n"
"  id INTEGER PRIMARY KEY,\n"
"  case_id TEXT NOT NULL REFERENCES cases(id),\n"
"  kind TEXT NOT NULL CHECK (kind = 'photo'\n"
"      OR kind = 'audio'\n"
"      OR kind = 'video'\n"
"      OR kind = 'document'),\n"
"  stage TEXT NOT NULL DEFAULT 'before' CHECK (stage IN ('before','after')),\n"
"  uri TEXT NOT NULL,\n"
"  mime TEXT NOT NULL,\n"
"  size INTEGER CHECK (size >= 0),\n"
"  sha256 TEXT,\n"
"  stored INTEGER NOT NULL DEFAULT 0 CHECK (stored IN (0, 1)),\n"
"  at TEXT NOT NULL,\n"
"  x REAL,\n"
"  y REAL,\n"
"  actor TEXT NOT NULL,\n"
"  worker_id TEXT REFERENCES workers(id),\n"
"  note TEXT,\n"
"  attrs TEXT\n"
");\n"
"CREATE INDEX attachments_case ON attachments(case_id, id);\n"
"INSERT OR IGNORE INTO settings(key, value) VALUES\n"
"  ('coordinate_system', 'auto'),\n"
"  ('media_base_url', ''),\n"
"  ('require_after_photo', '0');\n";

/*
 * Version 4: special groups as data.  The tag vocabulary (tags: one
 * Chinese label each, the other words accepted on import, the risk
 * levels a group has, whether it is one of the seeds' must-visit
 * groups), how often each group must be visited (visit_rules, per tag and
 * risk level), a person's tag with its start, end, risk level and helper
 * (帮扶责任人), the versions a tag had before it changed or was deleted
 * (person_tag_history, kept by triggers), and visits of organisations
 * with what they found (visits rebuilt: its CHECK must admit org_uscc).
 * The default tags and rules are loaded after it (insert_special_groups).
 */
static const char schema_v4[] =
"CREATE TABLE tags (\n"
"  code TEXT PRIMARY KEY,\n"
"  label TEXT NOT NULL UNIQUE,\n"
"  synonyms TEXT,\n"
"  risk_min INTEGER CHECK (risk_min >= 0),\n"
"  risk_max INTEGER CHECK (risk_max <= 9),\n"
"  must_visit INTEGER NOT NULL DEFAULT 0 CHECK (must_visit IN (0, 1)),\n"
"  attrs TEXT,\n"
"  CHECK ((risk_min IS NULL) = (risk_max IS NULL)\n"
"      AND (risk_min IS NULL OR risk_min <= risk_max))\n"
");\n"
"CREATE TABLE visit_rules (\n"
"  tag TEXT NOT NULL REFERENCES tags(code),\n"
"  risk_level INTEGER NOT NULL DEFAULT -1\n"
"    CHECK (risk_level >= -1 AND risk_level <= 9),\n"
"  every INTEGER NOT NULL CHECK (every >= 1 AND every <= 366),\n"
"  unit TEXT NOT NULL CHECK (unit = 'days'\n"
"      OR unit = 'weeks'\n"
"      OR unit = 'months'),\n"
"  source TEXT,\n"
"  attrs TEXT,\n"
"  PRIMARY KEY (tag, risk_level)\n"
") WITHOUT ROWID;\n"
"ALTER TABLE person_tags ADD COLUMN since TEXT;\n"
"ALTER TABLE person_tags ADD COLUMN until TEXT\n"
"  CHECK (until IS NULL OR since IS NULL OR until >= since);\n"
"ALTER TABLE person_tags ADD COLUMN risk_level INTEGER\n"
"  CHECK (risk_level >= 0 AND risk_level <= 9);\n"
"ALTER TABLE person_tags ADD COLUMN helper_id TEXT REFERENCES workers(id);\n"
"CREATE TABLE person_tag_history (\n"
"  id INTEGER PRIMARY KEY,\n"
"  id_number TEXT NOT NULL,\n"
"  tag TEXT NOT NULL,\n"
"  since TEXT,\n"
"  until TEXT,\n"
"  risk_level INTEGER,\n"
"  helper_id TEXT,\n"
"  note TEXT\n"
");\n"
"CREATE INDEX person_tag_history_person\n"
"  ON person_tag_history(id_number, tag);\n"
"CREATE TRIGGER person_tags_changed AFTER UPDATE ON person_tags\n"
"  WHEN old.since IS NOT new.since OR old.until IS NOT new.until\n"
"    OR old.risk_level IS NOT new.risk_level\n"
"    OR old.helper_id IS NOT new.helper_id\n"
"BEGIN\n"
"  INSERT INTO person_tag_history(id_number, tag, since, until,\n"
"    risk_level, helper_id, note)\n"
"  VALUES (old.id_number, old.tag, old.since, coalesce(old.until,\n"
"    CASE WHEN new.since > ifnull(old.since, '') THEN\n"
"      date(new.since, '-1 day') END),\n"
"    old.risk_level, old.helper_id, old.note);\n"
"END;\n"
"CREATE TRIGGER person_tags_deleted AFTER DELETE ON person_tags\n"
"BEGIN\n"
"  INSERT INTO person_tag_history(id_number, tag, since, until,\n"
"    risk_level, helper_id, note)\n"
"  VALUES (old.id_number, old.tag, old.since, old.until, old.risk_level,\n"
"    old.helper_id, old.note);\n"
"END;\n"
"CREATE TABLE visits_v4 (\n"
"  id TEXT PRIMARY KEY,\n"
"  worker_id TEXT REFERENCES workers(id),\n"
"  id_number TEXT,\n"
"  house_id TEXT REFERENCES houses(id),\n"
"  org_uscc TEXT REFERENCES orgs(uscc),\n"
"  at TEXT NOT NULL,\n"
"  kind TEXT,\n"
"  result TEXT CHECK (result = 'met'\n"
"      OR result = 'absent'\n"
"      OR result = 'problem'),\n"
"  hazards INTEGER CHECK (hazards >= 0),\n"
"  note TEXT,\n"
"  attrs TEXT,\n"
"  CHECK (id_number IS NOT NULL OR house_id IS NOT NULL\n"
"      OR org_uscc IS NOT NULL)\n"
");\n"
"INSERT INTO visits_v4(id, worker_id, id_number, house_id, at, kind,\n"
"  note, attrs)\n"
"  SELECT id, worker_id, id_number, house_id, at, kind, note, attrs\n"
"  FROM visits;\n"
"DROP TABLE visits;\n"
"ALTER TABLE visits_v4 RENAME TO visits;\n"
"CREATE INDEX visits_person ON visits(id_number, at);\n"
"CREATE INDEX visits_house ON visits(house_id, at);\n";

/*
 * The default visit rules (doc/domain.md section 5, with where each comes
 * from): tag, risk level (-1: any), every, unit, source.
 */
static const struct {
	const char *tag;
	int risk_level, every;
	const char *unit, *source;
} default_rules[] = {
	{ "mental_disorder", 0, 3, "months", "严重精神障碍管理治疗工作规范"
	    "(2018年版): 病情稳定者每3个月随访1次" },
	{ "mental_disorder", -1, 2, "weeks", "严重精神障碍管理治疗工作规范"
	    "(2018年版): 病情基本稳定、不稳定者2周内随访 (风险1级及以上: "
	    "gridkit)" },
	{ "community_correction", -1, 1, "months", "gridkit" },
	{ "drug_user", -1, 1, "months", "gridkit" },
	{ "released_prisoner", -1, 3, "months", "gridkit" },
	{ "petitioner", -1, 1, "months", "gridkit" },
	{ "key_youth", -1, 1, "months", "gridkit" },
	{ "left_behind_child", -1, 1, "months", "gridkit" },
	{ "elderly_alone", -1, 1, "weeks", "gridkit" },
	{ "empty_nest", -1, 1, "months", "gridkit" },
	{ "disabled", -1, 3, "months", "gridkit" },
	{ "low_income", -1, 1, "months", "gridkit" },
	{ "old_party_member", -1, 3, "months", "gridkit" },
	{ "laid_off", -1, 3, "months", "gridkit" },
	{ "newlywed", -1, 3, "months", "gridkit" },
	{ "new_resident", -1, 1, "months", "gridkit" },
	{ "family_dispute", -1, 1, "months", "gridkit" },
};

/*
 * Version 5: the floating population.  When a person moved in, their
 * residence permit (居住证) and its expiry, and their employer.
 */
static const char schema_v5[] =
"ALTER TABLE people ADD COLUMN move_in_date TEXT;\n"
"ALTER TABLE people ADD COLUMN permit_number TEXT;\n"
"ALTER TABLE people ADD COLUMN permit_expiry TEXT;\n"
"ALTER TABLE people ADD COLUMN employer_uscc TEXT REFERENCES orgs(uscc);\n"
"CREATE INDEX people_permit ON people(permit_expiry)\n"
"  WHERE permit_expiry IS NOT NULL;\n";

/*
 * Version 6: disputes, petitions and inspections; the district.
 * - categories.case_type: the case kind a category opens (dispute: 矛盾
 *   纠纷; petition: 信访; NULL: a city-management case);
 * - case_parties: the people and organisations of a dispute or petition
 *   (party, petitioner or representative), each a registered person or
 *   organisation;
 * - disputes: a dispute case's mediator, kind of mediation, outcome, when
 *   and at which level it ended, the agreement; dispute_attempts: each
 *   mediation, with its time, level and result;
 * - petitions: a petition case's form, number of people, the level it
 *   reached and the competent level, first responder, leader in charge,
 *   acceptance, reply deadline and reply, review and follow-through;
 * - visits.next_date: the date an inspected organisation is next due (a
 *   date: not a time column);
 *   orgs.supervision_level: the level whose inspectors supervise it;
 * - district_loads: in a city database, each district database loaded
 *   into it and how far (the last case_log id taken);
 * - settings: division_code (the database's jurisdiction: a district's
 *   or, for a city database, a city's division code; '' until set, and
 *   set at once for a database that holds one district),
 *   group_petition_people (a group petition from this many people),
 *   petition_reply_limit.
 * The default petition categories come after it (insert_categories).
 */
static const char schema_v6[] =
"ALTER TABLE categories ADD COLUMN case_type TEXT\n"
"  CHECK (case_type IN ('dispute','petition'));\n"
"CREATE TABLE case_parties (\n"
"  id INTEGER PRIMARY KEY,\n"
"  case_id TEXT NOT NULL REFERENCES cases(id),\n"
"  role TEXT NOT NULL DEFAULT 'party' CHECK (role = 'party'\n"
"      OR role = 'petitioner'\n"
"      OR role = 'representative'),\n"
"  id_number TEXT REFERENCES people(id_number),\n"
"  org_uscc TEXT REFERENCES orgs(uscc),\n"
"  note TEXT,\n"
"  attrs TEXT,\n"
"  CHECK ((id_number IS NULL) <> (org_uscc IS NULL))\n"
");\n"
"CREATE INDEX case_parties_case ON case_parties(case_id);\n"
"CREATE INDEX case_parties_person ON case_parties(id_number)\n"
"  WHERE id_number IS NOT NULL;\n"
"CREATE INDEX case_parties_org ON case_parties(org_uscc)\n"
"  WHERE org_uscc IS NOT NULL;\n"
"CREATE TABLE disputes (\n"
"  case_id TEXT PRIMARY KEY REFERENCES cases(id),\n"
"  mediator TEXT,\n"
"  mediator_id TEXT REFERENCES workers(id),\n"
"  mediation TEXT CHECK (mediation = 'people'\n"
"      OR mediation = 'administrative'\n"
"      OR mediation = 'judicial'),\n"
"  outcome TEXT CHECK (outcome = 'resolved'\n"
"      OR outcome = 'agreement'\n"
"      OR outcome = 'referred'\n"
"      OR outcome = 'failed'),\n"
"  outcome_at TEXT,\n"
"  outcome_level TEXT CHECK (outcome_level = 'grid'\n"
"      OR outcome_level = 'community'\n"
"      OR outcome_level = 'street'\n"
"      OR outcome_level = 'district'\n"
"      OR outcome_level = 'city'),\n"
"  agreement TEXT,\n"
"  attrs TEXT,\n"
"  CHECK ((outcome IS NULL) = (outcome_at IS NULL))\n"
") WITHOUT ROWID;\n"
"CREATE TABLE dispute_attempts (\n"
"  id INTEGER PRIMARY KEY,\n"
"  case_id TEXT NOT NULL REFERENCES disputes(case_id),\n"
"  at TEXT NOT NULL,\n"
"  mediator TEXT,\n"
"  level TEXT CHECK (level = 'grid'\n"
"      OR level = 'community'\n"
"      OR level = 'street'\n"
"      OR level = 'district'\n"
"      OR level = 'city'),\n"
"  result TEXT NOT NULL CHECK (result = 'continued'\n"
"      OR result = 'resolved'\n"
"      OR result = 'agreement'\n"
"      OR result = 'referred'\n"
"      OR result = 'failed'),\n"
"  actor TEXT NOT NULL,\n"
"  note TEXT\n"
");\n"
"CREATE INDEX dispute_attempts_case ON dispute_attempts(case_id, at);\n"
"CREATE TABLE petitions (\n"
"  case_id TEXT PRIMARY KEY REFERENCES cases(id),\n"
"  form TEXT NOT NULL CHECK (form = 'visit'\n"
"      OR form = 'letter'\n"
"      OR form = 'online'\n"
"      OR form = 'phone'),\n"
"  people_count INTEGER NOT NULL DEFAULT 1 CHECK (people_count >= 1),\n"
"  level_reached TEXT CHECK (level_reached = 'community'\n"
"      OR level_reached = 'street'\n"
"      OR level_reached = 'district'\n"
"      OR level_reached = 'city'\n"
"      OR level_reached = 'province'\n"
"      OR level_reached = 'national'),\n"
"  competent_level TEXT CHECK (competent_level = 'community'\n"
"      OR competent_level = 'street'\n"
"      OR competent_level = 'district'\n"
"      OR competent_level = 'city'\n"
"      OR competent_level = 'province'\n"
"      OR competent_level = 'national'),\n"
"  first_responder TEXT,\n"
"  leader TEXT,\n"
"  accepted_at TEXT,\n"
"  reply_due TEXT,\n"
"  replied_at TEXT,\n"
"  reply TEXT,\n"
"  reviewed_at TEXT,\n"
"  review TEXT CHECK (review = 'upheld'\n"
"      OR review = 'changed'\n"
"      OR review = 'revoked'),\n"
"  followed_through INTEGER CHECK (followed_through IN (0, 1)),\n"
"  attrs TEXT,\n"
"  CHECK (replied_at IS NULL OR accepted_at IS NOT NULL)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX petitions_due ON petitions(reply_due)\n"
"  WHERE replied_at IS NULL;\n"
"ALTER TABLE visits ADD COLUMN next_date TEXT;\n"
"CREATE INDEX visits_org ON visits(org_uscc, at)\n"
"  WHERE org_uscc IS NOT NULL;\n"
"ALTER TABLE orgs ADD COLUMN supervision_level TEXT\n"
"  CHECK (supervision_level = 'community'\n"
"      OR supervision_level = 'street'\n"
"      OR supervision_level = 'district'\n"
"      OR supervision_level = 'city');\n"
"CREATE TABLE district_loads (\n"
"  division_code TEXT PRIMARY KEY,\n"
"  source TEXT NOT NULL,\n"
"  loaded_at TEXT NOT NULL,\n"
"  case_log_id INTEGER NOT NULL DEFAULT 0,\n"
"  attrs TEXT\n"
");\n"
"INSERT OR IGNORE INTO settings(key, value) VALUES\n"
"  ('division_code', ''),\n"
"  ('group_petition_people', '5'),\n"
"  ('petition_reply_limit', '60 days');\n"
/* a database of one district has its jurisdiction at once */
"UPDATE settings SET value = (SELECT code FROM regions\n"
"    WHERE level = 'district')\n"
"  WHERE key = 'division_code' AND value = ''\n"
"    AND (SELECT count(*) FROM regions WHERE level = 'district') = 1;\n";

/*
 * Version 7: cases.duplicate_of indexed.  A foreign key's child column
 * without an index makes every check of it a scan of the cases: a load
 * with a merged case whose parent is not there yet (a city's, before its
 * commit) scanned every case for each case it inserted.
 */
static const char schema_v7[] =
"CREATE INDEX cases_duplicate ON cases(duplicate_of)\n"
"  WHERE duplicate_of IS NOT NULL;\n";

/*
 * Version 8: the case log indexed by action and time, with the case and
 * the worker: the monthly report reads the steps of its months from the
 * index alone (metrics_query.c), not every row of a year's log (the
 * city's report over sixteen districts read some 94 million rows for
 * one month), nor the table's pages of those steps once per action.
 */
static const char schema_v8[] =
"CREATE INDEX case_log_action_at ON case_log(action, at, case_id,\n"
"  worker_id);\n";

/*
 * Forward migrations: migrations[v] takes a database from v to v + 1.  A
 * new database runs them all, so it is made exactly as an old one becomes.
 */
static const char *const migrations[] = {
	schema_v1,	/* 0 -> 1: an empty file gets the whole schema */
	schema_v2,	/* 1 -> 2: the case desk */
	schema_v3,	/* 2 -> 3: cases between platforms */
	schema_v4,	/* 3 -> 4: special groups as data */
	schema_v5,	/* 4 -> 5: the floating population */
	schema_v6,	/* 5 -> 6: disputes, petitions, inspections */
	schema_v7,	/* 6 -> 7: cases.duplicate_of indexed */
	schema_v8,	/* 7 -> 8: case_log by action and time */
};
_Static_assert(GRIDI_ARRAY_LEN(migrations) == GRID_SCHEMA_VERSION,
    "one migration per schema version");

int
gridi_schema_has_table(const char *name)
{
	size_t n = strlen(name), v;

	for (v = 0; v < GRIDI_ARRAY_LEN(migrations); v++) {
		const char *p = migrations[v];

		while ((p = strstr(p, "CREATE TABLE ")) != NULL) {
			p += strlen("CREATE TABLE ");
			if (strncmp(p, name, n) == 0 && p[n] == ' ')
				return 1;
		}
	}
	return 0;
}

static int
insert_settings(struct grid_db *db, int seq_width, const char *zone,
    struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char width[8];
	size_t i;
	int rc = -1;

	if (grid_db_prepare(db, "INSERT OR IGNORE INTO settings(key, value) "
	    "VALUES (?1, ?2)", &st, err) != 0)
		return -1;
	snprintf(width, sizeof(width), "%d", seq_width);
	for (i = 0; i < GRIDI_ARRAY_LEN(default_settings) + 2; i++) {
		const char *key = i < GRIDI_ARRAY_LEN(default_settings)
		    ? default_settings[i][0] : i == GRIDI_ARRAY_LEN(
		    default_settings) ? "grid_seq_width" : "time_zone";
		const char *value = i < GRIDI_ARRAY_LEN(default_settings)
		    ? default_settings[i][1] : i == GRIDI_ARRAY_LEN(
		    default_settings) ? width : zone;

		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			grid_db_error(db, sqlite3_errcode(grid_db_sqlite(db)),
			    "writing default settings", err);
			goto out;
		}
		sqlite3_reset(st);
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Loads the default categories (data/categories.csv, compiled in): a plain
 * comma-separated table without quoting, header
 * code,kind,major,minor,name,dept_code,limit_value,limit_unit,case_type.
 * upgrade (the migration to version 6): only the categories of a case
 * type, added where missing, and the case type given to a category of
 * the same code and name that has none; what a district changed is kept.
 */
#define NCATFIELDS 9
static int
insert_categories(struct grid_db *db, int upgrade, struct grid_error *err)
{
	sqlite3_stmt *st = NULL;
	char *copy = strdup(grid_categories_csv), *line, *next;
	char *f[NCATFIELDS];
	int rc = -1, i, lineno = 0;

	if (copy == NULL)
		return grid_error_set(err, GRID_EINTERNAL, NULL, 0, NULL,
		    "out of memory");
	if (grid_db_prepare(db, "INSERT INTO categories(code, kind, "
	    "major, minor, name, dept_code, limit_value, limit_unit, "
	    "case_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT(code) DO UPDATE SET case_type = excluded.case_type "
	    "WHERE categories.case_type IS NULL AND categories.name = "
	    "excluded.name", &st, err) != 0)
		goto out;
	for (line = copy; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (lineno++ == 0)
			continue;
		for (i = 0; i < NCATFIELDS; i++) {
			f[i] = line;
			line = line != NULL ? strchr(line, ',') : NULL;
			if (line != NULL)
				*line++ = '\0';
		}
		if (upgrade && (f[8] == NULL || f[8][0] == '\0'))
			continue;
		for (i = 0; i < NCATFIELDS; i++)
			if (f[i] != NULL && f[i][0] != '\0')
				sqlite3_bind_text(st, i + 1, f[i], -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(st, i + 1);
		if (sqlite3_step(st) != SQLITE_DONE) {
			grid_db_error(db, sqlite3_errcode(grid_db_sqlite(db)),
			    "loading the default categories", err);
			goto out;
		}
		sqlite3_reset(st);
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(copy);
	return rc;
}

/*
 * The default tags (vocab.c's list, gridi_tag_default) and visit rules of
 * version 4; what a database already holds is kept.
 */
static int
insert_special_groups(struct grid_db *db, struct grid_error *err)
{
	struct gridi_tag_default tag;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = -1;

	if (grid_db_prepare(db, "INSERT OR IGNORE INTO tags(code, label, "
	    "synonyms, risk_min, risk_max, must_visit) VALUES (?1, ?2, "
	    "nullif(?3, ''), nullif(?4, -1), nullif(?5, -1), ?6)", &st,
	    err) != 0)
		return -1;
	for (i = 0; gridi_tag_default(i, &tag); i++) {
		sqlite3_bind_text(st, 1, tag.code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, tag.label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, tag.synonyms, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, tag.risk_min);
		sqlite3_bind_int(st, 5, tag.risk_max);
		sqlite3_bind_int(st, 6, tag.must_visit);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (grid_db_prepare(db, "INSERT OR IGNORE INTO visit_rules(tag, "
	    "risk_level, every, unit, source) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &st, err) != 0)
		return -1;
	for (i = 0; i < GRIDI_ARRAY_LEN(default_rules); i++) {
		sqlite3_bind_text(st, 1, default_rules[i].tag, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(st, 2, default_rules[i].risk_level);
		sqlite3_bind_int(st, 3, default_rules[i].every);
		sqlite3_bind_text(st, 4, default_rules[i].unit, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 5, default_rules[i].source, -1,
		    SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	rc = 0;
	goto out;
fail:
	grid_db_error(db, sqlite3_errcode(grid_db_sqlite(db)),
	    "loading the default tags and visit rules", err);
out:
	sqlite3_finalize(st);
	return rc;
}

int
gridi_schema_migrate(struct grid_db *db, int from, int seq_width,
    const char *zone, struct grid_error *err)
{
	char pragma[64];
	int v;

	for (v = from; v < GRID_SCHEMA_VERSION; v++)
		if (grid_db_exec(db, migrations[v], err) != 0 ||
		    (v == 3 && insert_special_groups(db, err) != 0) ||
		    (v == 5 && from > 0 && insert_categories(db, 1, err) != 0))
			return -1;
	if (from == 0 && (insert_settings(db, seq_width, zone, err) != 0 ||
	    insert_categories(db, 0, err) != 0))
		return -1;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
	    GRID_SCHEMA_VERSION);
	return grid_db_exec(db, pragma, err);
}
