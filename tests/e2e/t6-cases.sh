#!/bin/sh
# grid-import: historical cases, visits and the working calendar.  Times
# are stored converted to the local zone (TZ) with its offset, and a time
# whose local date is after today (GRID_NOW, 2026-06-15) is rejected,
# except a case's deadline.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"

# rejected FILE LINE CODE: the reject file FILE has a row for input line
# LINE with error_code CODE.
rejected() {
	cut -d, -f1,2 "$1" | grep -qx -- "$2,$3"
}

# ---- cases ----
snapshot before.sql
cat >cases.csv <<'EOF'
id,source,category_code,grid_code,dept_code,reported_at,registered_at,closed_at,deadline
K001,worker,E0102,32050801801401,D01,2024-03-05 09:30,2024-03-05 09:30,,
K002,hotline,E0102,32050801801402,D01,2024-03-05T01:30:00Z,2024-03-05 10:00,2024-03-06T02:00:00Z,2024-03-07 17:30
K003,video,E0102,32050801801403,D01,2026-06-15 09:00,,,2026-06-20 18:00
K004,worker,E0102,32050801801401,D01,2026-06-16 08:00,,,
K005,worker,E0102,32050801801401,D01,2026-06-15T16:30:00Z,,,
K006,worker,E0102,32050801801401,D01,2026-06-15 23:59,,,
K007,worker,E0102,32050801801401,D01,2024-03-05 09:30,2024-03-05 09:29,,
K008,worker,E0102,32050801801401,D01,2024-03-05 09:30,,2024-03-05T01:00:00Z,
K009,worker,E9999,32050801801401,D01,2024-03-05 09:30,,,
K010,tv,E0102,32050801801401,D01,2024-03-05 09:30,,,
K011,worker,E0102,32050801801401,D01,2026-06-14 09:30,,2026-06-16 09:00,
EOF
run grid-import --reject cases.rej.csv cases.csv
status 65 "cases with bad rows: exit 65"
err_has "cases.csv: 11 read, 4 inserted, 0 updated, 0 unchanged, 7 rejected" \
    "cases: the good rows in, the bad ones rejected"
is "$(sql "SELECT reported_at || ' ' || registered_at FROM cases WHERE id = 'K001'")" \
    "2024-03-05T09:30:00+08:00 2024-03-05T09:30:00+08:00" \
    "a time without an offset: local time, stored with the zone's offset"
is "$(sql "SELECT reported_at || ' ' || closed_at || ' ' || deadline FROM cases WHERE id = 'K002'")" \
    "2024-03-05T09:30:00+08:00 2024-03-06T10:00:00+08:00 2024-03-07T17:30:00+08:00" \
    "a time in UTC: stored converted to the local zone"
is "$(sql "SELECT reported_at || ' ' || deadline FROM cases WHERE id = 'K003'")" \
    "2026-06-15T09:00:00+08:00 2026-06-20T18:00:00+08:00" \
    "a deadline in the future: accepted"
is "$(sql "SELECT reported_at FROM cases WHERE id = 'K006'")" \
    "2026-06-15T23:59:00+08:00" "a time later today: not in the future"
err_line "grid-import: cases.csv:5: reported_at: time in the future '2026-06-16 08:00'" \
    "reported_at tomorrow: message"
err_line "grid-import: cases.csv:6: reported_at: time in the future '2026-06-15T16:30:00Z'" \
    "reported_at today in UTC but tomorrow in the local zone: rejected"
err_line "grid-import: cases.csv:12: closed_at: time in the future '2026-06-16 09:00'" \
    "a step time in the future: rejected"
err_line "grid-import: cases.csv:8: registered_at: '2024-03-05T09:29:00+08:00' is before reported_at" \
    "a step before the report: message"
err_line "grid-import: cases.csv:9: closed_at: '2024-03-05T09:00:00+08:00' is before reported_at" \
    "a step before the report, once both are in the local zone: rejected"
err_line "grid-import: cases.csv:10: category_code: no such row in categories: 'E9999'" \
    "an unknown category: message"
err_line "grid-import: cases.csv:11: source: 'tv' is not one of 网格员上报 (worker), 热线 (hotline), 公众 (public_app), 视频 (video), 企业自查 (self_report), 部门 (department), 信访 (petition)" \
    "a bad source: message lists the allowed values"
ok "reject file: a time in the future is invalid_value" \
    rejected cases.rej.csv 5 invalid_value
ok "reject file: a step before the report is inconsistent" \
    rejected cases.rej.csv 8 inconsistent
ok "reject file: an unknown category is unknown_reference" \
    rejected cases.rej.csv 10 unknown_reference
ok "reject file: a bad source is invalid_value" \
    rejected cases.rej.csv 11 invalid_value
is "$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM cases ORDER BY id)")" \
    "K001 K002 K003 K006" "cases: only the good rows are in"
snapshot after.sql
is "$(diff before.sql after.sql | grep '^>' | grep -vc 'INSERT INTO cases')" 0 \
    "cases: nothing but the good cases written"

# Chinese headers and labels; the zone is the one of TZ
zh=案件编号,案件来源,小类,网格编码,处置部门,上报时间,结案时间
printf '%s\n' "$zh" \
    'K101,热线,E0102,32050801801401,D01,2024-07-01T12:00:00+08:00,2024-01-01 12:00' \
    >cases-winter.csv
# The database's time zone, not the process's TZ, places local times.
run grid-import --set time_zone=Europe/Berlin
status 0 "the database's time zone set to Europe/Berlin"
run env TZ=Asia/Tokyo grid-import -t cases cases-winter.csv
status 65 "time_zone=Europe/Berlin: a case closed before it was reported"
err_line "grid-import: cases-winter.csv:2: closed_at: '2024-01-01T12:00:00+01:00' is before reported_at" \
    "time_zone=Europe/Berlin: a winter time gets the winter offset, whatever TZ says"
printf '%s\n' "$zh" \
    'K101,热线,E0102,32050801801401,D01,2024-07-01T12:00:00+08:00,2024-07-01 12:00' \
    >cases-zh.csv
run env TZ=UTC grid-import -t cases cases-zh.csv
status 0 "time_zone=Europe/Berlin: a case with Chinese headers and labels"
is "$(sql "SELECT source || ' ' || reported_at || ' ' || closed_at FROM cases WHERE id = 'K101'")" \
    "hotline 2024-07-01T06:00:00+02:00 2024-07-01T12:00:00+02:00" \
    "time_zone=Europe/Berlin: times stored in that zone, with its summer offset"
run grid-import --set time_zone=Asia/Shanghai
status 0 "the time zone set back to Asia/Shanghai"
is "$(sql "SELECT reported_at || ' ' || closed_at FROM cases WHERE id = 'K101'")" \
    "2024-07-01T12:00:00+08:00 2024-07-01T18:00:00+08:00" \
    "a change of time zone rewrites the stored times at the new offset"

# ---- visits ----
snapshot before.sql
cat >visits.csv <<'EOF'
id,worker_id,id_number,house_id,at,kind,note
V001,W001,320508196611025232,,2024-03-05 09:30,日常走访,
V002,W004,,H0010,2024-03-05T01:30:00Z,关怀,送米面油
V003,W001,,,2024-03-05 09:30,routine,
V004,W001,,H0010,2026-06-16 08:00,routine,
V005,W001,,H0010,,routine,
V006,W001,320508196611025233,,2024-03-05 09:30,routine,
EOF
run grid-import --reject visits.rej.csv visits.csv
status 65 "visits with bad rows: exit 65"
err_has "visits.csv: 6 read, 2 inserted, 0 updated, 0 unchanged, 4 rejected" \
    "visits: the good rows in, the bad ones rejected"
is "$(sql "SELECT group_concat(r, ' | ') FROM (SELECT id || ' ' || at || ' ' || kind || ' ' || coalesce(id_number, house_id) AS r FROM visits ORDER BY id)")" \
    "V001 2024-03-05T09:30:00+08:00 routine 320508196611025232 | V002 2024-03-05T09:30:00+08:00 care H0010" \
    "visits: at in the local zone, kinds from their labels"
err_line "grid-import: visits.csv:4: id_number: a visit needs id_number, house_id or org_uscc" \
    "a visit of nobody and no house: message"
ok "reject file: a visit of nobody is missing_field" \
    rejected visits.rej.csv 4 missing_field
err_line "grid-import: visits.csv:5: at: time in the future '2026-06-16 08:00'" \
    "a visit tomorrow: message"
err_line "grid-import: visits.csv:6: at: missing (required for a new row)" \
    "a visit without a time: message"
err_line "grid-import: visits.csv:7: id_number: bad check digit '320508********5233'" \
    "a visit of a bad ID number: masked without --reveal"
is "$(sed -n '$p' visits.rej.csv | cut -d, -f1,4,5)" "7,V006,W001" \
    "a visit of a bad ID number: in the reject file"
ok "a visit of a bad ID number: not masked in the reject file" \
    grep -qF ',320508196611025233,' visits.rej.csv
snapshot after.sql
is "$(diff before.sql after.sql | grep '^>' | grep -vc 'INSERT INTO visits')" 0 \
    "visits: nothing but the good visits written"

# ---- people.updated_at ----
printf '%s\n' id_number,name,phone,updated_at \
    320508196611025232,朱强,13900000000,2024-03-05T01:30:00Z \
    320503196812096406,郭颖,13900000001,2026-06-16 >updated.csv
run grid-import -t people updated.csv
status 65 "people.updated_at in the future: rejected"
err_line "grid-import: updated.csv:3: updated_at: time in the future '2026-06-16'" \
    "people.updated_at in the future: message"
is "$(sql "SELECT phone || ' ' || updated_at FROM people WHERE id_number = '320508196611025232'")" \
    "13900000000 2024-03-05T09:30:00+08:00" \
    "people.updated_at given in UTC: stored in the local zone"
is "$(sql "SELECT phone FROM people WHERE id_number = '320503196812096406'")" \
    18059552771 "people.updated_at in the future: the row unchanged"

# ---- the working calendar ----
printf '%s\n' date,is_workday,note 2026-10-01,否,国庆节 2026-10-10,是,国庆节调休 \
    2025-01-01,否,元旦 2026-10-02,maybe, 2026-02-30,否, >calendar.csv
run grid-import calendar.csv
status 65 "a calendar with bad rows: exit 65"
err_line "grid-import: calendar.csv:5: is_workday: not yes or no 'maybe' (0/1, 是/否, yes/no)" \
    "calendar: a bad is_workday"
err_line "grid-import: calendar.csv:6: date: impossible date '2026-02-30'" \
    "calendar: a date that does not exist"
is "$(sql "SELECT group_concat(r, ' | ') FROM (SELECT date || ' ' || is_workday || ' ' || note AS r FROM calendar ORDER BY date)")" \
    "2025-01-01 0 元旦 | 2026-10-01 0 国庆节 | 2026-10-10 1 国庆节调休" \
    "calendar: 是/否 as 1/0, dates in the future accepted, the bad rows not in"
is "$(sql "SELECT table_name || ' ' || status FROM import_batches ORDER BY id DESC LIMIT 1")" \
    "calendar committed" "calendar: the table from the file name, the run recorded"
