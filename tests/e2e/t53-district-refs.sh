#!/bin/sh
# Registers without a place of their own (issue 16): households, people
# without a grid, workers, visits, person_tags, organisations named by
# their house.  Every district numbers them from 1 (HH0001, W001, V0001),
# so another district's rows would upsert over the district's own.  A
# row is refused as outside (located, exit 65, nothing of it written)
# when a row it names was refused as outside earlier in the run, or later
# in the run (worker_grids, and files given before the rows they name,
# are looked at first), or lies outside by what the database holds; a
# worker whose grids (worker_grids, or a grid column of the workers
# sheet) lie outside is refused whole.  What the rows cannot tell (a
# lone households file whose houses all exist here) is refused by
# --division naming the files' district.
. "$(dirname "$0")/lib.sh"
MKXLSX=$GRID_BUILD/tests/mkxlsx

# District B (320506): the sample district's registers with every region,
# grid and component code rewritten, and every name, size and phone made
# B's own, so that a row of B that overwrote one of A shows in a dump.
mkdir b
for f in regions departments grids workers worker_grids houses households \
    people person_tags orgs components; do
	sed -E -e "s/(^|,)320508([0-9]{0,10})(,|\$)/\\1320506\\2\\3/g" \
	    -e "s/(^|,)320508([0-9]{0,10})(,|\$)/\\1320506\\2\\3/g" \
	    "$DISTRICT/$f.csv" >"b/$f.csv"
done
# B's households: another size; B's workers: other names
awk -F, -v OFS=, 'NR > 1 { $4 = 9 } { print }' b/households.csv >b/hh.tmp
mv b/hh.tmp b/households.csv
# B's workers: other names; the specialists without a grid (W010, W011)
# apart (no row of theirs tells a district: see the end)
awk -F, -v OFS=, 'NR > 1 { $2 = $2 "乙" } { print }' b/workers.csv >b/w.tmp
grep -v '^W01[01],' b/w.tmp >b/workers.csv
{ head -n 1 b/w.tmp; grep '^W01[01],' b/w.tmp; } >b/specialists.csv
rm b/w.tmp
printf '%s\n' 'id,worker_id,id_number,house_id,org_uscc,at,kind,result' \
    'V0001,W001,320508196611025232,,,2026-06-01T09:00:00+08:00,routine,met' \
    'V0002,,,H0002,,2026-06-01T10:00:00+08:00,routine,met' \
    'V0003,,,,91320508MA1MXKQ68X,2026-06-01T11:00:00+08:00,fire_inspection,met' \
    >b/visits.csv

dump() {
	sqlite3 -batch "$1" .dump | grep -v import_batches >"$2"
}

# District A (320508): the sample district, its jurisdiction from its
# regions, and a visit of its own V0001.
grid-import -q -d a.db regions.csv departments.csv grids.csv workers.csv \
    worker_grids.csv houses.csv households.csv people.csv person_tags.csv \
    orgs.csv components.csv 2>/dev/null
printf '%s\n' 'id,worker_id,id_number,at,kind,result' \
    'V0001,W001,320508196611025232,2026-05-01T09:00:00+08:00,routine,met' \
    >a-visits.csv
grid-import -q -d a.db -t visits a-visits.csv
is "$(sqlite3 a.db "SELECT value FROM settings WHERE key = 'division_code'")" \
    320508 "A's jurisdiction"

# ---- A's own registers again: nothing refused ---------------------------
run grid-import -d a.db regions.csv departments.csv grids.csv workers.csv \
    worker_grids.csv houses.csv households.csv people.csv person_tags.csv \
    orgs.csv components.csv
status 0 "A's own registers into A: taken"
err_has "households.csv: 50 read, 0 inserted, 0 updated, 50 unchanged, 0 rejected" \
    "A's households: unchanged, none refused"

# ---- B's registers into A, one run: every row of B refused --------------
B_FILES="b/workers.csv b/worker_grids.csv b/houses.csv b/households.csv \
    b/people.csv b/person_tags.csv b/orgs.csv b/visits.csv"
dump a.db before.sql
# shellcheck disable=SC2086
run grid-import -d a.db $B_FILES
status 65 "B's registers into A's database"
err_line "grid-import: b/households.csv:2: house_id: houses 'H0010' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:11)" \
    "a household whose house was refused: the house named, with its line"
err_has "b/households.csv: 50 read, 0 inserted, 0 updated, 0 unchanged, 50 rejected" \
    "every household of B refused"
err_line "grid-import: b/workers.csv:2: id: workers 'W001' lies outside the jurisdiction 320508: grid_code 32050601801401 (b/worker_grids.csv:2)" \
    "a worker whose worker_grids (a later file) give a grid outside: refused whole"
err_has "b/workers.csv: 9 read, 0 inserted, 0 updated, 0 unchanged, 9 rejected" \
    "every worker of B refused"
err_line "grid-import: b/worker_grids.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508" \
    "worker_grids: the grid outside"
err_line "grid-import: b/person_tags.csv:2: id_number: people '320508********5510' was refused in this run as outside the jurisdiction 320508 (b/people.csv:44)" \
    "a person's tag: the person refused named"
err_line "grid-import: b/visits.csv:2: worker_id: workers 'W001' was refused in this run as outside the jurisdiction 320508 (b/workers.csv:2)" \
    "a visit by a worker refused"
err_line "grid-import: b/visits.csv:3: house_id: houses 'H0002' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:3)" \
    "a visit of a house refused"
err_line "grid-import: b/visits.csv:4: org_uscc: orgs '91320508MA1MXKQ68X' was refused in this run as outside the jurisdiction 320508 (b/orgs.csv:2)" \
    "an inspection of an organisation refused"
dump a.db after.sql
same before.sql after.sql "B's registers: A's database unchanged (its households, workers, visits)"

# --strict (abort at the first): exit 65, nothing written
run grid-import -d a.db --strict b/houses.csv b/households.csv
status 65 "--strict: the first row refused stops the run"
err_line "grid-import: b/houses.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508" \
    "--strict: the first refusal"
err_line "grid-import: nothing was written: the run was rolled back" \
    "--strict: rolled back"
dump a.db after.sql
same before.sql after.sql "--strict: database unchanged"

# a reject file per input: outside, line and reason
run grid-import -d a.db --reject 'rej-{}.csv' b/houses.csv b/households.csv
status 65 "with --reject"
is "$(sed -n 2p rej-households.csv | cut -d, -f1-3)" \
    "2,outside,house_id: houses 'H0010' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:11)" \
    "the reject file: line, outside, the house named"
is "$(wc -l <rej-households.csv | tr -d ' ')" 51 \
    "the reject file: every household"
dump a.db after.sql
same before.sql after.sql "--reject: database unchanged"

# the order of the files does not matter: households before their houses,
# workers' grids after the workers
run grid-import -d a.db b/households.csv b/houses.csv
status 65 "households given before their houses"
err_line "grid-import: b/households.csv:2: house_id: houses 'H0010' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:11)" \
    "households before houses: the house (read first) named"
dump a.db after.sql
same before.sql after.sql "households before houses: database unchanged"

# ---- a workbook: a census sheet (.xlsx) of B's households ---------------
mkdir xb
"$MKXLSX" census xb/people.xlsx
printf '%s\n' 'id,house_id,size' 'HH0101,H0010,4' 'HH0102,H0011,3' \
    'HH0103,H0012,2' >xb/households.csv
run grid-import -d a.db b/houses.csv xb/households.csv xb/people.xlsx
status 65 "a workbook of B's people into A"
err_line "grid-import: xb/households.csv:2: house_id: houses 'H0010' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:11)" \
    "the households of the sheet: their houses named"
err_line "grid-import: xb/people.xlsx:4: household_id: households 'HH0101' was refused in this run as outside the jurisdiction 320508 (xb/households.csv:2)" \
    "a person of the sheet whose household was refused: the sheet's row and the household named"
err_has "xb/people.xlsx: 9 read, 0 inserted, 0 updated, 0 unchanged, 9 rejected" \
    "every person of the sheet refused"
dump a.db after.sql
same before.sql after.sql "the workbook: database unchanged"
run grid-import -d a.db --reject 'rej-{}.csv' b/houses.csv xb/people.xlsx
status 65 "the sheet without its households"
err_line "grid-import: xb/people.xlsx:4: house_id: houses 'H0010' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:11)" \
    "a person of the sheet in a house refused: the house named"
is "$(sed -n 2p rej-people.csv | cut -d, -f1-2)" "4,outside" \
    "the workbook's reject file: its row, outside"
dump a.db after.sql
same before.sql after.sql "the sheet: database unchanged"

# ---- organisations by their house, cases by their organisation ----------
mkdir nogrid
awk -F, -v OFS=, 'NR > 1 { $5 = "" } { print }' b/orgs.csv >nogrid/orgs.csv
printf '%s\n' 'id,source,category_code,org_uscc,reported_at' \
    '202606010001,hotline,E0102,91320508MA1MXKQ68X,2026-06-01T09:00:00+08:00' \
    >nogrid/cases.csv
run grid-import -d a.db b/houses.csv nogrid/orgs.csv nogrid/cases.csv
status 65 "B's organisations without a grid, and a case of one"
err_line "grid-import: nogrid/orgs.csv:2: house_id: houses 'H0002' was refused in this run as outside the jurisdiction 320508 (b/houses.csv:3)" \
    "an organisation in a house refused"
err_line "grid-import: nogrid/cases.csv:2: org_uscc: orgs '91320508MA1MXKQ68X' was refused in this run as outside the jurisdiction 320508 (nogrid/orgs.csv:2)" \
    "a case of an organisation refused"
dump a.db after.sql
same before.sql after.sql "organisations and cases: database unchanged"

# ---- a worker given a grid of B among its own: refused whole ------------
mkdir mixed
printf '%s\n' 'worker_id,grid_code' 'W001,32050801801401' \
    'W001,32050601801401' >mixed/worker_grids.csv
run grid-import -d a.db workers.csv mixed/worker_grids.csv
status 65 "a worker with a grid of each district"
err_line "grid-import: workers.csv:2: id: workers 'W001' lies outside the jurisdiction 320508: grid_code 32050601801401 (mixed/worker_grids.csv:3)" \
    "the worker refused, the grid outside named"
err_line "grid-import: mixed/worker_grids.csv:2: worker_id: workers 'W001' was refused in this run as outside the jurisdiction 320508 (workers.csv:2)" \
    "its grid inside refused with it"
err_line "grid-import: mixed/worker_grids.csv:3: grid_code: grid '32050601801401' lies outside the jurisdiction 320508" \
    "the grid outside"
err_has "workers.csv: 11 read, 0 inserted, 0 updated, 10 unchanged, 1 rejected" \
    "the other workers taken"
dump a.db after.sql
same before.sql after.sql "the worker in two districts: database unchanged"

# ---- a workers sheet with a grid column ---------------------------------
printf '%s\n' 'id,name,phone,网格编码' 'W002,高磊乙,18620629691,32050601801901' \
    >b-roster.csv
run grid-import -d a.db -t workers b-roster.csv
status 65 "a workers sheet whose grid column lies outside"
err_line "grid-import: b-roster.csv:2: 网格编码: grid '32050601801901' lies outside the jurisdiction 320508" \
    "the worker refused whole, its grid column named"
dump a.db after.sql
same before.sql after.sql "the roster: database unchanged"

# ---- references through the database ------------------------------------
# rows of B that reached A before it had a jurisdiction (made here with
# sqlite3): a person, a house, an organisation and a worker's grid of B
cp a.db d.db
sqlite3 d.db "INSERT INTO houses (id, grid_code) VALUES ('H9001', '32050601801401');
INSERT INTO people (id_number, name, grid_code, updated_at) VALUES ('$(idno 32050619800101001)', '乙一', '32050601801401', '2026-06-01T09:00:00+08:00');
INSERT INTO people (id_number, name, house_id, updated_at) VALUES ('$(idno 32050619800101002)', '乙二', 'H9001', '2026-06-01T09:00:00+08:00');
UPDATE orgs SET grid_code = NULL, house_id = 'H9001' WHERE uscc = '91320508MA1N2B7R6J';
INSERT INTO households (id, house_id) VALUES ('HH9001', 'H9001');
INSERT INTO grids (code, community_code) VALUES ('32050601801401', '320506018014');
INSERT INTO workers (id, name) VALUES ('W901', '乙网格员');
INSERT INTO worker_grids (worker_id, grid_code) VALUES ('W901', '32050601801401')" 2>&1
dump d.db before.sql
printf '%s\n' 'id,worker_id,id_number,house_id,org_uscc,at,kind,result' \
    "V0101,,$(idno 32050619800101001),,,2026-06-01T09:00:00+08:00,routine,met" \
    "V0102,,$(idno 32050619800101002),,,2026-06-01T09:00:00+08:00,routine,met" \
    'V0103,,,H9001,,2026-06-01T09:00:00+08:00,routine,met' \
    'V0104,,,,91320508MA1N2B7R6J,2026-06-01T09:00:00+08:00,fire_inspection,met' \
    'V0105,W901,320508196611025232,,,2026-06-01T09:00:00+08:00,routine,met' \
    >d-visits.csv
run grid-import -d d.db -t visits d-visits.csv
status 65 "visits of B's rows held in A's database"
err_line "grid-import: d-visits.csv:2: id_number: people '320506********0013' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a visit of a person of B's grid"
err_line "grid-import: d-visits.csv:3: id_number: people '320506********0021' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a visit of a person without a grid whose house is B's"
err_line "grid-import: d-visits.csv:4: house_id: houses 'H9001' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a visit of a house of B"
err_line "grid-import: d-visits.csv:5: org_uscc: orgs '91320508MA1N2B7R6J' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "an inspection of an organisation in B's house"
err_line "grid-import: d-visits.csv:6: worker_id: workers 'W901' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a visit by a worker of B's grid"
err_has "d-visits.csv: 5 read, 0 inserted, 0 updated, 0 unchanged, 5 rejected" \
    "every visit refused"
printf '%s\n' 'id,house_id,head_id_number,size' \
    "HH0001,H0010,$(idno 32050619800101001),2" 'HH0002,H9001,,5' >d-hh.csv
run grid-import -d d.db -t households d-hh.csv
status 65 "households naming B's rows held in A's database"
err_line "grid-import: d-hh.csv:2: head_id_number: people '320506********0013' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a household whose head is a person of B"
err_line "grid-import: d-hh.csv:3: house_id: houses 'H9001' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a household in a house of B"
printf '%s\n' 'id_number,name,household_id' \
    "$(idno 32050819800101003),甲三,HH9001" >d-people.csv
run grid-import -d d.db -t people d-people.csv
status 65 "a person of a household of B"
err_line "grid-import: d-people.csv:2: household_id: households 'HH9001' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "a person whose household is in a house of B"
printf '%s\n' 'id_number,tag,helper_id' '320508194108065510,独居老人,W901' \
    >d-tags.csv
run grid-import -d d.db -t person_tags d-tags.csv
status 65 "a tag whose helper is a worker of B"
err_line "grid-import: d-tags.csv:2: helper_id: workers 'W901' lies in grid 32050601801401, outside the jurisdiction 320508" \
    "the helper named"
dump d.db after.sql
same before.sql after.sql "references through the database: database unchanged"

# ---- what the rows cannot tell: --division names the files' district ----
# B's households alone, their houses H0010... all A's: upserted as A's
cp a.db e.db
dump e.db before.sql
run grid-import -d e.db --division 320506 b/households.csv
status 65 "--division of B with B's households into A's database: refused"
err_line "grid-import: --division: the jurisdiction is already 320508: a database does not change district (--force changes it)" \
    "--division: the jurisdiction named"
dump e.db after.sql
same before.sql after.sql "--division of another district: database unchanged"
run grid-import -d e.db --division 320508 households.csv
status 0 "--division of the database's own district: taken"
run grid-import -d e.db b/households.csv
status 0 "without --division, a lone households file of B cannot be told"
is "$(sqlite3 e.db "SELECT size FROM households WHERE id = 'HH0001'")" 9 \
    "(and overwrites A's: what grid-import(1) says to use --division for)"
run grid-import -d e.db -t workers b/specialists.csv
status 0 "nor B's specialists without a grid (W010, W011)"
is "$(sqlite3 e.db "SELECT name FROM workers WHERE id = 'W010'")" 徐卫东乙 \
    "(W010 is B's now)"
dump e.db before.sql
run grid-import -d e.db --division 320506 -t workers b/specialists.csv
status 65 "--division 320506 with B's specialists: refused"
dump e.db after.sql
same before.sql after.sql "--division: B's specialists not written"
