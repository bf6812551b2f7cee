#!/bin/sh
# District identity (issue 16): a database's jurisdiction (division_code)
# set by --division, by --set and by the first regions import; a change
# refused unless forced; every row of another district refused, located,
# exit 65, the database unchanged (a second district's registers with the
# same local ids, in the default upsert, overwrite nothing, and no worker
# gets grids in two districts); grid-case report and import refuse grids,
# points and ids outside; new case ids carry the district, so that three
# districts reporting on the same day never share an id.
. "$(dirname "$0")/lib.sh"
cp "$DISTRICT/grids.geojson" "$T/"

# district CODE DIR: the sample district's registers as district CODE in
# DIR: every region, grid and component code (a cell of 6, 9, 12, 14 or
# 16 digits beginning 320508) rewritten; ID numbers (18 characters) and
# credit codes keep theirs.
district() {
	mkdir -p "$2"
	for f in regions departments grids workers worker_grids houses \
	    households people person_tags orgs components; do
		sed -E -e "s/(^|,)320508([0-9]{0,10})(,|\$)/\\1$1\\2\\3/g" \
		    -e "s/(^|,)320508([0-9]{0,10})(,|\$)/\\1$1\\2\\3/g" \
		    "$DISTRICT/$f.csv" >"$2/$f.csv"
	done
	sed "s/\"320508/\"$1/g" "$DISTRICT/grids.geojson" >"$2/grids.geojson"
}
district 320506 b
district 320507 c

# load DB DIR: the registers of DIR into DB.
load() {
	grid-import -q -d "$1" "$2/regions.csv" "$2/departments.csv" \
	    "$2/grids.csv" "$2/workers.csv" "$2/worker_grids.csv" \
	    "$2/houses.csv" "$2/households.csv" "$2/people.csv" \
	    "$2/orgs.csv" "$2/components.csv"
}

# dump DB FILE: the database's rows (not import_batches) as SQL text.
dump() {
	sqlite3 -batch "$1" .dump | grep -v import_batches >"$2"
}

division() {
	sqlite3 -batch "$1" "SELECT value FROM settings WHERE key = 'division_code'"
}

# ---- the jurisdiction: set by the first regions import ------------------
run grid-import -d a.db regions.csv
status 0 "the first regions import"
err_line "grid-import: regions.csv:2: division_code: warning: the jurisdiction is now 320508 (姑苏区), the first district imported: rows outside it are refused" \
    "it says that the first district made the jurisdiction"
is "$(division a.db)" 320508 "the first district is the jurisdiction"
run grid-import -d a.db --settings -f csv
out_has "division_code,320508" "--settings shows it"
load a.db . 2>/dev/null
is "$(sqlite3 a.db 'SELECT count(*) FROM houses')" 60 "district A loaded"

# two districts in one first regions file: the first sets it, the second
# is refused row by row
{ cat regions.csv; tail -n +2 b/regions.csv; } >two.csv
run grid-import -d two.db -t regions two.csv
status 65 "two districts in a first regions import: refused"
err_line "grid-import: two.csv:11: code: region '320506' lies outside the jurisdiction 320508" \
    "the second district named, with its line and field"
is "$(division two.db)" 320508 "the first district is the jurisdiction"
is "$(sqlite3 two.db "SELECT count(*) FROM regions WHERE code LIKE '320506%'")" \
    0 "nothing of the second district is in"

# ---- set at creation: --division, and --set ---------------------------
run grid-import -d b.db --division 320506
status 0 "--division creates a database with its jurisdiction"
is "$(division b.db)" 320506 "--division: set"
run grid-import -d b.db b/regions.csv
status 0 "its own regions"
err_lacks() { ! grep -q "$1" "$T/err"; }
ok "its own regions: no note (it was set)" err_lacks "jurisdiction is now"
load b.db b 2>/dev/null
is "$(sqlite3 b.db 'SELECT count(*) FROM houses')" 60 "district B loaded"
run grid-import -d c.db --division 320507 c/regions.csv c/departments.csv \
    c/grids.csv
status 0 "--division with files: set in the run's transaction"
is "$(division c.db)" 320507 "--division with files: set"
cp c.db c2.db
run grid-import -d c2.db --division 320508 c/regions.csv
status 65 "--division of another code: refused"
err_line "grid-import: --division: the jurisdiction is already 320507: a database does not change district (--force changes it)" \
    "--division of another code: message"
run grid-import -d fresh.db -t departments departments.csv
run grid-import -d fresh.db --set division_code=320507
status 0 "--set division_code on a database without one"
is "$(division fresh.db)" 320507 "--set: set"

# ---- a change refused, unless forced ----------------------------------
dump a.db before.sql
run grid-import -d a.db --set division_code=320506
status 65 "--set to another district: refused"
err_line "grid-import: division_code: the jurisdiction is already 320508: a database does not change district (--force changes it)" \
    "--set to another district: message"
run grid-import -d a.db --set division_code=32050
status 64 "--set to no division code: a usage error"
err_line "grid-import: division_code: a jurisdiction is a 6-digit division code, not '32050'" \
    "--set to no division code: message"
run grid-import -d a.db --division 99
status 64 "--division 99: a usage error"
run grid-import -d a.db --force
status 64 "--force without --set: a usage error"
dump a.db after.sql
same before.sql after.sql "refused changes: database unchanged"
cp a.db forced.db
run grid-import -d forced.db --set division_code=320500 --force
status 0 "--force: the district's file made the city's"
is "$(division forced.db)" 320500 "--force: changed"
grid-import -q -d mixed.db -t departments departments.csv
sqlite3 mixed.db "INSERT INTO regions (code, level, name) VALUES ('320508', 'district', '姑苏区')"
run grid-import -d mixed.db --set division_code=320506
status 65 "--set with a region outside it: refused"
err_line "grid-import: division_code: regions '320508' lies outside 320506: the database holds another district's rows" \
    "--set with a region outside it: the region named"

# ---- another district's registers into a district's file --------------
# (upsert, the default: the same local ids H0001... would overwrite A's)
refused_file() {
	file=$1 what=$2 message=$3
	shift 3
	dump a.db before.sql
	run grid-import -d a.db "$@" "$file"
	status 65 "$what: refused"
	err_line "grid-import: $message" "$what: located message"
	dump a.db after.sql
	same before.sql after.sql "$what: database unchanged"
}
refused_file b/houses.csv "B's houses (H0001...)" \
    "b/houses.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508"
err_has "b/houses.csv: 60 read, 0 inserted, 0 updated, 0 unchanged, 60 rejected" \
    "B's houses: every row rejected"
refused_file b/worker_grids.csv "B's worker_grids: a worker in two districts" \
    "b/worker_grids.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508"
refused_file b/regions.csv "B's regions" \
    "b/regions.csv:2: code: region '320506' lies outside the jurisdiction 320508"
refused_file b/grids.csv "B's grids" \
    "b/grids.csv:2: code: grid '32050601801401' lies outside the jurisdiction 320508"
refused_file b/people.csv "B's people" \
    "b/people.csv:2: grid_code: grid '32050601801403' lies outside the jurisdiction 320508"
refused_file b/orgs.csv "B's organisations" \
    "b/orgs.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508"
refused_file b/components.csv "B's components" \
    "b/components.csv:2: code: component '3205060101000001' lies outside the jurisdiction 320508"
refused_file b/houses.csv "B's houses, --strict" \
    "b/houses.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508" \
    --strict
refused_file b/houses.csv "B's houses, --mode replace" \
    "b/houses.csv:2: grid_code: grid '32050601801401' lies outside the jurisdiction 320508" \
    -m replace
dump a.db before.sql
run grid-import -d a.db -t houses --reject rej.csv b/houses.csv
status 65 "B's houses with --reject"
is "$(sed -n 2p rej.csv | cut -d, -f1,2)" "2,outside" \
    "the reject file: line and error code outside"
printf '%s\n' 'id,source,category_code,grid_code,reported_at' \
    '320506202606010001,hotline,E0102,,2026-06-01T09:00:00+08:00' \
    '320508202606010009,hotline,E0102,,2026-06-01T09:00:00+08:00' >cases.csv
run grid-import -d a.db cases.csv
status 65 "a case whose id carries another district: rejected"
err_line "grid-import: cases.csv:2: id: the case id of district '320506' lies outside the jurisdiction 320508" \
    "the case id: located message"
is "$(sqlite3 a.db "SELECT group_concat(id) FROM cases")" \
    320508202606010009 "the district's own case id is in, the other not"
sqlite3 a.db "DELETE FROM case_log; DELETE FROM cases"

# points: with grid polygons, a point without a grid outside their extent
grid-assign boundaries -q -d a.db grids.geojson
printf '%s\n' 'id,address,x,y' 'H9001,甲,121.5,31.3' 'H9002,乙,120.62,31.31' \
    >points.csv
run grid-import -d a.db -t houses points.csv
status 65 "a house whose point lies outside the district's grids: rejected"
err_line "grid-import: points.csv:2: x: the point '121.5 31.3' lies outside the grids of the jurisdiction 320508" \
    "the point: located message"
is "$(sqlite3 a.db "SELECT group_concat(id) FROM houses WHERE id LIKE 'H9%'")" \
    H9002 "a point inside the extent (in a gap between grids) is taken"

# ---- grid-case: report and Open311 import -------------------------------
export GRID_NOW=2026-06-08T10:00:00+08:00
dump a.db before.sql
run grid-case report -d a.db --source hotline --category E0102 \
    --grid 32050601801401
status 65 "report in a grid of another district: refused"
err_line "grid-case report: grid_code: new case: grid '32050601801401' lies outside the jurisdiction 320508" \
    "report in a grid of another district: message"
run grid-case report -d a.db --source hotline --category E0102 \
    --x 121.62 --y 31.31
status 65 "report at a point outside the district's grids: refused"
err_line "grid-case report: x: new case: the point '121.62 31.31' lies outside the grids of the jurisdiction 320508" \
    "report at a point outside: message"
run grid-case report -d a.db --source hotline --category E0102 \
    --address 某处 --id 320506202606080001
status 65 "report with another district's id: refused"
err_line "grid-case report: id: case 320506202606080001: the case id of district '320506' lies outside the jurisdiction 320508" \
    "report with another district's id: message"
grid-import -q -d a.db --set coordinate_system=wgs84
printf '%s\n' '[' '{"service_request_id":"X1","status":"open","service_code":"E0102","requested_datetime":"2026-06-08T08:00:00+08:00","lat":31.3162,"long":121.6312}' ']' >far.json
run grid-case import -d a.db far.json --from city
status 65 "an Open311 request outside the district: refused"
err_has "far.json:2" "the request located"
err_has "lies outside the grids of the jurisdiction 320508" \
    "the request: the reason"
grid-import -q -d a.db --set coordinate_system=auto
dump a.db after.sql
same before.sql after.sql "refused reports: database unchanged"

# ---- ids unique across three districts on the same day ------------------
grid-import -q -d c.db c/workers.csv c/worker_grids.csv
for db in a.db b.db c.db; do
	grid-case report -d "$db" --source hotline --category E0102 \
	    --address 某处 -f id >>ids
done
grid-case report -d a.db --source hotline --category E0102 --address 某处 \
    -f id >>ids
is "$(tr '\n' ' ' <ids)" \
    "320508202606080001 320506202606080001 320507202606080001 320508202606080002 " \
    "each district numbers the day within its code"
is "$(sort ids | uniq -d)" "" "no id twice across the districts"
open311() {
	grid-case requests -d "$1" | grep -o '"service_request_id":"[0-9]*"'
}
is "$(open311 b.db)" '"service_request_id":"320506202606080001"' \
    "the Open311 service_request_id is the id"
# an id of the old form stays valid
sqlite3 b.db "INSERT INTO cases (id, source, reported_at, category_code) VALUES ('202606080001', 'hotline', '2026-06-08T08:00:00+08:00', 'E0102')"
run grid-case register -d b.db 202606080001
status 0 "a 12-digit id of before stays valid"
is "$(grid-case report -d b.db --source hotline --category E0102 --address 某处 -f id)" \
    320506202606080002 "the 12-digit id does not count in the district's day"

# ---- a city's database: the city's code takes every district of it ----
run grid-import -d city.db --division 320500 regions.csv b/regions.csv \
    c/regions.csv grids.csv b/grids.csv c/grids.csv
status 0 "a city database takes its districts"
is "$(sqlite3 city.db "SELECT count(*) FROM regions WHERE level = 'district'")" \
    3 "three districts in the city's database"
printf '%s\n' 'code,level,name,parent_code' '320602,district,崇川区,' \
    >nantong.csv
dump city.db before.sql
run grid-import -d city.db -t regions nantong.csv
status 65 "a district of another city: refused"
err_line "grid-import: nantong.csv:2: code: region '320602' lies outside the jurisdiction 320500" \
    "a district of another city: message"
dump city.db after.sql
same before.sql after.sql "another city's district: database unchanged"
is "$(grid-case report -d city.db --source hotline --category E0102 --address 某处 -f id)" \
    320500202606080001 "a city database's ids carry the city"

# ---- without a jurisdiction, nothing is refused -------------------------
run grid-import -d none.db --set division_code= 2>/dev/null
run grid-import -d none.db -t departments departments.csv
run grid-import -d none.db --set division_code= --force
run grid-import -d none.db -t regions nantong.csv
status 0 "the first district of a database without one"
is "$(division none.db)" 320602 "is its jurisdiction"
run grid-import -d none.db --set division_code= --force
status 0 "taken away with --force"
run grid-import -d none.db regions.csv
status 0 "a database whose regions hold another district: any district"
is "$(division none.db)" "" "and none is set"
