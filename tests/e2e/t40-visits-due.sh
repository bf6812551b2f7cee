#!/bin/sh
# Special groups as data (issue 19): the tag vocabulary a district extends
# by import, person tags with since, until, risk level and helper (the
# history kept when one changes), visit rules, visits of organisations,
# visits recorded as a worker's day (grid-import -t visits --strict, CSV
# and NDJSON), and grid-stats visits --due: the people owed a visit on a
# day and the figures per community and per worker.  A crafted May 2026:
# people due, overdue, visited twice, a visit that met nobody, a house
# visit, tags that start or end mid-month, a risk level that changes the
# rule.  Every figure is worked out by hand in the comments.  Refusals
# (a visit of a person not in the register, a time in the future, a tag
# ending before it starts, an unknown tag label) each located, exit 65,
# the database unchanged; the list masked unless --reveal, a reveal
# recorded in DB.reveal.log.
. "$(dirname "$0")/lib.sh"

S=$FIX/stats
LOG=$GRID_DB.reveal.log

# Today is 2026-06-15 (lib.sh).  Grids of the stats fixture: 32050801801401
# and ...402 (community 察院场 320508018014), 32050801801901 (北寺塔
# 320508018019); 百步街 320508021017 has nobody here.  W1 holds the two
# 察院场 grids, W2 the 北寺塔 one.
cat >workers.csv <<'EOF'
id,name
W1,王网格
W2,李网格
EOF
cat >worker_grids.csv <<'EOF'
worker_id,grid_code
W1,32050801801401
W1,32050801801402
W2,32050801801901
EOF
cat >houses.csv <<'EOF'
id,address,grid_code
H1,宫巷1号,32050801801401
H3,北寺塔路3号,32050801801901
EOF
cat >orgs.csv <<'EOF'
uscc,name,house_id,grid_code
91320508MA1MXKQ68X,苏州观前怡和餐饮管理有限公司,H1,32050801801401
EOF
A=320508194001010114 B=320508195002020220 C=320508194503030318
D=320508198004040421 E=320508197005050512 G=320508193506060622
H=320508193007070711 X=320508199008080820
cat >people.csv <<EOF
id_number,name,phone,grid_code,house_id
$A,甲,13800000001,32050801801401,H1
$B,乙,13800000002,32050801801401,
$C,丙,13800000003,32050801801401,
$D,丁,13800000004,32050801801402,
$E,戊,13800000005,32050801801402,
$G,己,13800000006,32050801801901,H3
$H,庚,13800000007,32050801801901,
EOF
# Labels as clerks write them: 孤寡老人 and 特困户 are synonyms of
# elderly_alone (独居老人) and low_income (低保); 老党员, 家庭纠纷户 and 新婚夫妇
# are tags now.  The rules (doc/domain.md section 5): elderly_alone every
# week, low_income and family_dispute every month, old_party_member every
# 3 months, mental_disorder every 3 months at risk level 0, every 2 weeks
# at any other level.
cat >person_tags.csv <<EOF
身份证号,人员类别,开始日期,结束日期,风险等级,帮扶责任人
$A,孤寡老人,2026-01-01,,,W1
$A,老党员,2026-01-01,,,
$B,特困户,2026-01-01,,,W1
$C,老党员,2026-05-10,,,
$D,家庭纠纷户,2026-01-01,2026-05-15,,
$E,严重精神障碍患者,2026-01-01,,0,W1
$G,low_income,2026-01-31,,,W2
$H,独居老人,2026-01-01,,,W2
EOF
run grid-import "$S/regions.csv" "$S/grids.csv" workers.csv \
    worker_grids.csv houses.csv orgs.csv people.csv person_tags.csv
status 0 "the register loads"
is "$(sql "SELECT tag || ' ' || ifnull(helper_id, '-') FROM person_tags WHERE id_number IN ('$A', '$B') ORDER BY id_number, tag")" \
    "elderly_alone W1
old_party_member -
low_income W1" "labels and synonyms stored as tag codes, with the helper"
is "$(sql "SELECT label FROM tags WHERE code IN ('low_income', 'elderly_alone') ORDER BY code")" \
    "独居老人
低保" "one label per tag"

# --- the day's visits, as a phone exports them --------------------------
# 甲 visited twice (05-20, 05-27); 乙 met on 04-20, then nobody at home on
# 05-25 (未遇: does not count); 戊 on 03-20; 己's house H3 (no person
# named: counts for the people living there) on 03-31; 庚 on 05-24; an
# organisation checked, two hazards found.
cat >visits.csv <<EOF
id,worker_id,id_number,house_id,org_uscc,at,kind,result,hazards,note
V01,W1,$A,,,2026-05-20T09:00:00+08:00,关怀,已见面,,
V02,W1,$A,,,2026-05-27T09:00:00+08:00,routine,met,,
V03,W1,$B,,,2026-04-20T15:00:00+08:00,routine,met,,
V04,W1,$B,,,2026-05-25T15:00:00+08:00,routine,未遇,,
V05,W1,$E,,,2026-03-20T10:00:00+08:00,care,met,,
V06,W2,,H3,,2026-03-31T10:00:00+08:00,routine,met,,
EOF
cat >day.ndjson <<EOF
{"id": "V07", "worker_id": "W2", "id_number": "$H", "at": "2026-05-24 16:30", "kind": "care", "result": "met"}
{"id": "V08", "worker_id": "W1", "org_uscc": "91320508MA1MXKQ68X", "at": "2026-05-28T11:00:00+08:00", "kind": "核查", "result": "发现隐患", "hazards": 2, "note": "消防通道堵塞; 灭火器过期"}
EOF
run grid-import -t visits --strict visits.csv
status 0 "a worker's day from CSV"
run grid-import -t visits --strict - <day.ndjson
status 0 "a worker's day from NDJSON on standard input"
is "$(sql "SELECT org_uscc || ' ' || kind || ' ' || result || ' ' || hazards FROM visits WHERE id = 'V08'")" \
    "91320508MA1MXKQ68X check problem 2" "an organisation's visit: kind, result, hazards"
is "$(sql "SELECT count(*) FROM import_batches WHERE table_name = 'visits' AND status = 'committed'")" \
    2 "each day logged in import_batches"

# --- a risk level that changes the rule ----------------------------------
# 戊's level rises from 0 to 3 on 2026-05-15: the version of 01-01 is kept
# in person_tag_history, ending 05-14.
printf '%s\n' id_number,tag,since,risk_level \
    "$E,mental_disorder,2026-05-15,3" >risk.csv
run grid-import -t person_tags risk.csv
status 0 "the new risk level loads"
is "$(sql "SELECT since || ' ' || until || ' ' || risk_level FROM person_tag_history WHERE id_number = '$E'")" \
    "2026-01-01 2026-05-14 0" "the old version kept, ending the day before"

# --- the due list on 2026-05-31 ------------------------------------------
# 甲: elderly_alone, last visit 05-27, next 06-03 (old_party_member's is
#     08-27, later): not owed, visited on time.
# 乙: low_income, last visit counted 04-20 (05-25 met nobody), next 05-20:
#     overdue by 11 days.
# 丙: old_party_member since 05-10, never visited: next 05-10 + 3 months =
#     08-10: not owed, not visited (neither figure).
# 丁: family_dispute ended 05-15: not in force on 05-31, not counted.
# 戊: risk level 3 since 05-15 (every 2 weeks); the last visit (03-20) is
#     before that start, so the count starts at 05-15: next 05-29, overdue
#     by 2 days.
# 己: low_income; the house visit of 03-31 counts: next 03-31 + 1 month =
#     04-30 (April has no 31st: its last day), overdue by 31 days.
# 庚: elderly_alone, last visit 05-24, next 05-31: due today, 0 days.
# Longest overdue first; ID and phone numbers masked.
run grid-stats visits --due --at 2026-05-31 -f csv
status 0 "the due list"
cat >want.csv <<'EOF'
id_number,name,phone,grid_code,tag,tag_label,risk_level,rule,since,last_visit,next_due,status,days_overdue,helper_id
320508********0622,己,138****0006,32050801801901,low_income,低保,,1 months,2026-01-31,2026-03-31,2026-04-30,overdue,31,W2
320508********0220,乙,138****0002,32050801801401,low_income,低保,,1 months,2026-01-01,2026-04-20,2026-05-20,overdue,11,W1
320508********0512,戊,138****0005,32050801801402,mental_disorder,严重精神障碍患者,3,2 weeks,2026-05-15,2026-03-20,2026-05-29,overdue,2,W1
320508********0711,庚,138****0007,32050801801901,elderly_alone,独居老人,,1 weeks,2026-01-01,2026-05-24,2026-05-31,due,0,W2
EOF
same want.csv "$T/out" "who is owed a visit on 05-31, masked"
ok "a masked list leaves no trace" test ! -e "$LOG"

# On 05-10 (a past day): 戊's version of that day (level 0, every 3
# months) applies: last visit 03-20, next 06-20, not owed.  丁's tag is in
# force (until 05-15), never visited: next 01-01 + 1 month = 02-01,
# overdue by 98 days (28 in Feb, 31 in Mar, 30 in Apr, 9 in May).  甲 was
# not yet visited (05-20 is after the day): next 01-08, overdue 122 days
# (23 in Jan, 28, 31, 30, 10 in May); 庚 likewise (05-24 is after it).
# 己: next 04-30, overdue 10 days.  乙: next 05-20, not owed.  丙's tag
# has not begun.
run grid-stats visits --due --at 2026-05-10 -f csv
is "$(cut -d, -f2,11-13 "$T/out" | sed 1d | sort)" \
    "丁,2026-02-01,overdue,98
己,2026-04-30,overdue,10
庚,2026-01-08,overdue,122
甲,2026-01-08,overdue,122" "on 05-10: the old risk level, the tag that ended later"

# --- the figures ----------------------------------------------------------
# 察院场 320508018014: 甲 乙 丙 戊 under a rule (4); owed 乙 戊 (2), both
# overdue (2); on time 甲 (1): 1/4 = 25.00 %.  北寺塔 320508018019: 己 庚
# (2); owed 己 庚 (2); overdue 己 (1); on time none: 0.00 %.  百步街: nobody,
# the share empty.
run grid-stats visits --due --at 2026-05-31 --by community -f csv
status 0 "the figures per community"
cat >want.csv <<'EOF'
level,unit,unit_name,at,people,due,overdue,visited_on_time,on_time_share
community,320508018014,察院场社区居委会,2026-05-31,4,2,2,1,25.00
community,320508018019,北寺塔社区居委会,2026-05-31,2,2,1,0,0.00
community,320508021017,百步街社区居委会,2026-05-31,0,0,0,0,
EOF
same want.csv "$T/out" "due, overdue, visited on time, share per community"
# W1 holds 察院场's two grids: the same 4, 2, 2, 1; W2 北寺塔's.
run grid-stats visits --due --at 2026-05-31 --by worker -f csv
cat >want.csv <<'EOF'
level,unit,unit_name,at,people,due,overdue,visited_on_time,on_time_share
worker,W1,王网格,2026-05-31,4,2,2,1,25.00
worker,W2,李网格,2026-05-31,2,2,1,0,0.00
EOF
same want.csv "$T/out" "the figures per worker"
run grid-stats visits --due --at 2026-05-31 --in 320508018019 -f csv
is "$(sed 1d "$T/out" | cut -d, -f2 | tr '\n' ' ')" "己 庚 " "--in: one community's list"

# --- --reveal, recorded first --------------------------------------------
run grid-stats visits --due --at 2026-05-31 --reveal -f csv
status 0 "--reveal"
out_has "$B,乙,13800000002" "unmasked with --reveal"
ok "the reveal recorded" grep -q '"list": *"visits --due"' "$LOG"
ok "with its query and actor" grep -q '"actor": *"tester".*--at 2026-05-31' "$LOG"
is "$(stat -c %a "$LOG")" 600 "the trace is 0600"

# --- refusals: located, exit 65, nothing written -------------------------
snapshot before.sql
printf '%s\n' id,worker_id,id_number,at \
    "V20,W1,$A,2026-06-14T09:00:00+08:00" \
    "V21,W1,$X,2026-06-14T10:00:00+08:00" >bad-person.csv
run grid-import -t visits --strict bad-person.csv
status 65 "a visit of a person not in the register"
err_line "grid-import: bad-person.csv:3: id_number: no such row in people: '320508********0820'" \
    "named by line and field"
printf '%s\n' id,worker_id,id_number,at \
    "V22,W1,$A,2026-06-15T11:00:00+08:00" >future.csv
run grid-import -t visits --strict future.csv
status 65 "a visit later than now (10:00)"
err_line "grid-import: future.csv:2: at: time in the future '2026-06-15T11:00:00+08:00' (now is 2026-06-15T10:00:00+08:00)" \
    "the future time named"
printf '%s\n' id,worker_id,at "V23,W9,2026-06-14T09:00:00+08:00" >nobody.csv
run grid-import -t visits --strict nobody.csv
status 65 "a visit of nobody, by no worker"
err_has "nobody.csv:2: id_number: a visit needs id_number, house_id or org_uscc" \
    "who was visited is required"
printf '%s\n' id_number,tag,since,until "$C,老党员,2026-05-10,2026-05-01" \
    >backwards.csv
run grid-import -t person_tags --strict backwards.csv
status 65 "a tag that ends before it starts"
err_line "grid-import: backwards.csv:2: until: the tag ends ('2026-05-01') before it starts ('2026-05-10')" \
    "named by line and field"
# only the end given: against the start on record (丙 since 05-10)
printf '%s\n' id_number,tag,until "$C,old_party_member,2026-05-01" \
    >backwards2.csv
run grid-import -t person_tags --strict backwards2.csv
status 65 "an end before the start on record"
err_line "grid-import: backwards2.csv:2: until: the tag ends ('2026-05-01') before it starts ('2026-05-10')" \
    "named by line and field"
printf '%s\n' id_number,tag "$C,退役军人" >unknown.csv
run grid-import -t person_tags --strict unknown.csv
status 65 "an unknown tag label"
err_line "grid-import: unknown.csv:2: tag: unknown tag '退役军人' (not a code, label or synonym of the tags table; a district adds its own by importing it)" \
    "named by line and field"
printf '%s\n' id_number,tag,risk_level "$A,孤寡老人,2" >level.csv
run grid-import -t person_tags --strict level.csv
status 65 "a risk level for a tag without levels"
err_has "level.csv:2: risk_level: tag 'elderly_alone' has no risk levels" \
    "named by line and field"
snapshot after.sql
same before.sql after.sql "the database unchanged by every refusal"

# --- a district's own tag and rule ----------------------------------------
cat >tags.csv <<'EOF'
标签代码,标签名称,同义词,必访
veteran,退役军人,退伍军人|优抚对象,是
EOF
# the risk level column is the key's: empty, any level (-1)
printf '%s\n' 标签,风险等级,间隔,间隔单位,依据 \
    "退役军人,,2,月,区退役军人事务局" >visit_rules.csv
run grid-import tags.csv visit_rules.csv
status 0 "a district's tag and its rule"
is "$(sql "SELECT tag || ' ' || risk_level || ' ' || every || ' ' || unit FROM visit_rules WHERE tag = 'veteran'")" \
    "veteran -1 2 months" "the rule stored by code, for any level"
printf '%s\n' id_number,tag,since "$C,退伍军人,2026-06-01" >unknown.csv
run grid-import -t person_tags --strict unknown.csv
status 0 "the district's tag, by a synonym, now accepted"
printf '%s\n' code,label vet2,特困户 >dup.csv
run grid-import -t tags --strict dup.csv
status 65 "a label another tag has"
err_has "dup.csv:2: label: '特困户' already names tag 'low_income'" \
    "named by line and field"
