#!/bin/sh
# grid-stats --in CODE on the fixtures of tests/fixtures/stats and
# tests/fixtures/checks: every command restricted to a district, a
# street, a community and a grid, each unit's row equal to its row
# without --in, totals, shares and ranks of the area; the level, unit
# and unit_name columns of every output grouped by a level (grid-assign
# check --load too); dept and department; bad and unknown codes, levels
# above the area, and standard output left empty by every failure.
. "$(dirname "$0")/lib.sh"

S=$FIX/stats
C=$FIX/checks
grid-import -q "$S/regions.csv" "$S/grids.csv" "$S/people.csv" \
    "$S/person_tags.csv" 2>"$T/load.err" || { cat "$T/load.err"; exit 1; }
stats_cases
is "$(sql "SELECT count(*) FROM cases")" 6 "six cases (README.md)"

# inside NAME CODE ARGS...: grid-stats ARGS --in CODE -f csv gives the
# header and the rows of grid-stats ARGS -f csv whose unit (column 2)
# begins with CODE, unchanged.
inside() {
	name=$1
	code=$2
	shift 2
	grid-stats "$@" -f csv >"$T/all.csv" 2>"$T/all.err"
	run grid-stats "$@" --in "$code" -f csv
	status 0 "$name"
	{ head -n 1 "$T/all.csv"; tail -n +2 "$T/all.csv" |
	    awk -F, -v c="$code" 'index($2, c) == 1'; } >"$T/want"
	is "$(tail -n +2 "$T/want" | wc -l | tr -d ' ')" "${EXPECT_ROWS:-x}" \
	    "$name: $EXPECT_ROWS units inside"
	same "$T/want" "$T/out" "$name: each row as without --in"
}

# header_units WHAT: the csv header of the last run begins with level,
# unit, unit_name.
header_units() {
	is "$(head -n 1 "$T/out" | cut -d, -f1-3)" "level,unit,unit_name" \
	    "$1: level, unit, unit_name first"
}

# fails STATUS DESCRIPTION ARGS...: grid-stats ARGS -f csv exits STATUS
# and writes nothing on standard output.
fails() {
	want=$1
	desc=$2
	shift 2
	run grid-stats "$@" -f csv
	status "$want" "$desc"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$desc: stdout empty"
}

# --- population ------------------------------------------------------------
EXPECT_ROWS=3 inside "population --in the district" 320508 \
    population --at 2024-06-15
EXPECT_ROWS=2 inside "population --in a street" 320508018 \
    population --at 2024-06-15
EXPECT_ROWS=3 inside "population --in a street, by grid" 320508018 \
    population --at 2024-06-15 --by grid
EXPECT_ROWS=1 inside "population --in a community at its level" \
    320508018014 population --at 2024-06-15
EXPECT_ROWS=1 inside "population --in a grid, by grid" 32050801801401 \
    population --at 2024-06-15 --by grid
EXPECT_ROWS=1 inside "population --in an empty street" 320508021 \
    population --at 2024-06-15 --by street
run grid-stats population --at 2024-06-15 --in 32050801801402 -f csv
is "$(cut -d, -f1-4 "$T/out" | tail -n +2)" "grid,32050801801402,察院场2,2" \
    "population --in a grid without --by: the grid's row (not its community's)"
header_units "population --in"
run grid-stats population --at 2024-06-15 --in 320508018 --by street -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f2-6)" "320508018,平江街道,12,6,6" \
    "the street's own row: its people"
run grid-stats population --at 2024-06-15 --in 320508 --by district -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f2,4)" "320508,12" \
    "the district's row: 12 people"
run grid-stats population --in 320508018014 --by street -f csv
status 64 "population --by street above a community"
err_line "grid-stats population: --by street is above the area \
'320508018014', a community: give --by community or grid" \
    "names the levels that fit"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing on stdout"
fails 64 "population --by district above a grid" population \
    --in 32050801801401 --by district
run grid-stats population --in 320508018014 -f html -o in.html
status 0 "population -f html --in"
ok "the page names the area" grep -q "范围: 320508018014 察院场社区居委会" \
    in.html
ok "its pyramid" grep -q "<svg" in.html

# --- groups ------------------------------------------------------------------
EXPECT_ROWS=2 inside "groups --in a street" 320508018 groups \
    --tag elderly_alone
EXPECT_ROWS=1 inside "groups --in a community" 320508018014 groups \
    --tag elderly_alone
EXPECT_ROWS=2 inside "groups --in a community, by grid" 320508018014 \
    groups --tag elderly_alone --by grid
EXPECT_ROWS=1 inside "groups --in a grid" 32050801801401 groups \
    --any --tag elderly_alone --tag disabled --by grid
EXPECT_ROWS=3 inside "groups --in the district" 320508 groups \
    --tag empty_nest
run grid-stats groups --tag elderly_alone --in 32050801801401 -f csv
is "$(tail -n +2 "$T/out")" "grid,32050801801401,察院场1,8,2,25.00" \
    "groups --in a grid: the grid's share"
header_units "groups --in"
fails 64 "groups --by street above a community" groups --tag disabled \
    --in 320508018019 --by street

# --- cases -------------------------------------------------------------------
run grid-stats cases --by grid --in 320508018014 -f csv
status 0 "cases --by grid --in a community"
header_units "cases --by grid"
cat >"$T/want" <<EOF2
level,unit,unit_name,grid_code,grid_name,cases,share,people,rate_per_1000,rank_by_rate,rank,hotspot
grid,32050801801401,察院场1,32050801801401,察院场1,3,75.00,8,375.00,2,1,0
grid,32050801801402,察院场2,32050801801402,察院场2,1,25.00,2,500.00,1,2,0
EOF2
same "$T/want" "$T/out" \
    "the community's grids: shares and ranks of the community"
# cases, people and rate of a unit do not change with --in
grid-stats cases --by community -f csv >"$T/all.csv"
for code in 320508018014 320508018019 320508021017; do
	run grid-stats cases --by community --in "$code" -f csv
	is "$(tail -n +2 "$T/out" | cut -d, -f1-6,8,9)" \
	    "$(grep "^community,$code," "$T/all.csv" | cut -d, -f1-6,8,9)" \
	    "cases --by community --in $code: its cases, people, rate"
	is "$(tail -n +2 "$T/out" | cut -d, -f10,11)" "$(
	    [ "$code" = 320508021017 ] && echo ",1" || echo "1,1")" \
	    "--in $code: rank 1 of 1 (by rate: when it has people)"
done
run grid-stats cases --by street --in 320508018 -f csv
is "$(tail -n +2 "$T/out")" \
    "street,320508018,平江街道,320508018,平江街道,6,100.00,12,500.00,1,1,0" \
    "cases --by street --in a street"
run grid-stats cases --by category --in 320508018019 -f csv
is "$(cat "$T/out")" "$(printf '%s\n%s' \
    "category_code,category_name,cases,share,rank,hotspot" \
    "E0101,私搭乱建,2,100.00,1,0")" \
    "cases --by category --in a community: its cases only"
run grid-stats cases --by hour --in 32050801801401 -f csv
is "$(tail -n +2 "$T/out")" "9,3,100.00,1,0" "cases --by hour --in a grid"
run grid-stats cases --by weekday --in 320508 -f csv
grid-stats cases --by weekday -f csv >"$T/all.csv"
same "$T/all.csv" "$T/out" \
    "--by weekday --in the district: every case has a grid in it"
run grid-stats cases --by month --in 320508021 -f csv
is "$(cat "$T/out")" "month,cases,share,rank,hotspot" \
    "--in a street without cases: the header alone"
run grid-stats cases --by category --by grid --in 320508018014 -f csv
header_units "cases --by category --by grid"
is "$(sed -n 2p "$T/out")" "grid,32050801801402,察院场2,E0101,私搭乱建,\
32050801801402,察院场2,1,25.00,2,500.00,1,2,0" \
    "a cross table: the place gives level, unit, unit_name"
run grid-stats cases --by grid --top 1 --in 320508018 -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f2,6,7)" "32050801801401,3,50.00" \
    "--top 1 of the street"
fails 64 "cases --by street above a grid" cases --by street \
    --in 32050801801401
fails 64 "cases: a place of a cross table above the area" cases \
    --by hour --by community --in 32050801801901

# --- quality, hazards, visits (tests/fixtures/checks) -----------------------
export GRID_DB="$T/checks.db"
load_checks || exit 1
snapshot "$T/before.sql"

EXPECT_ROWS=10 inside "quality --by street --in the district" 320508 \
    quality --by street
EXPECT_ROWS=7 inside "quality --by grid --in a community" 320508001001 \
    quality --by grid
EXPECT_ROWS=3 inside "quality --by community --in a street" 320508002 \
    quality --by community
header_units "quality --by"
# totals --in a street: the street's counts, zeros for the other checks
grid-stats quality --by street -f csv |
    awk -F, '$2 == "320508001" { print $4 "," $6 }' >"$T/want"
run grid-stats quality --in 320508001 -f csv
status 0 "quality --in a street"
is "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 30 \
    "one row per check, zeros included"
tail -n +2 "$T/out" | awk -F, '$4 > 0 { print $1 "," $4 }' >"$T/got"
same "$T/want" "$T/got" "the counts of the street's row per check"
grid-stats quality --list -f csv | awk -F, 'NR == 1 ||
    index($4, "32050800200101") == 1' >"$T/want"
run grid-stats quality --list --in 32050800200101 -f csv
same "$T/want" "$T/out" "quality --list --in a grid: the rows placed there"
fails 64 "quality --by district above a community" quality \
    --by district --in 320508002001

EXPECT_ROWS=2 inside "hazards --in the district" 320508 hazards \
    --period 2026-04
EXPECT_ROWS=2 inside "hazards --by grid --in a community" 320508001001 \
    hazards --period 2026-Q2 --by grid
EXPECT_ROWS=1 inside "hazards --by street --in a street" 320508002 \
    hazards --period 2026-Q2 --by street
run grid-stats hazards --period 2026-04 --in 32050800100101 -f csv
is "$(tail -n +2 "$T/out")" \
    "grid,32050800100101,彩香一村第1网格,2026-04,2,1,1,1,100.00,1,0,0,0,0,,0" \
    "hazards --in a grid: its enterprises; 五号小店's hazard is G2's"
header_units "hazards --in"
grid-stats hazards --period 2026-Q2 --list all -f csv |
    awk -F, 'NR == 1 || index($4, "320508002") == 1' >"$T/want"
run grid-stats hazards --period 2026-Q2 --list all --in 320508002 -f csv
same "$T/want" "$T/out" "hazards --list --in a street: its enterprises"
fails 64 "hazards --by street above a grid" hazards --by street \
    --in 32050800200101

EXPECT_ROWS=3 inside "visits --by grid --in the district" 320508 visits \
    --month 2026-05 --by grid
EXPECT_ROWS=1 inside "visits --in a community" 320508002001 visits \
    --month 2026-05
EXPECT_ROWS=1 inside "visits --by street --in a street" 320508001 visits \
    --month 2026-05 --by street
run grid-stats visits --month 2026-05 --by worker --in 32050800100101 -f csv
status 0 "visits --by worker --in a grid"
header_units "visits --by worker"
is "$(tail -n +2 "$T/out")" "$(grep '^worker,W01,' \
    "$C/expected/visits-2026-05-worker.csv")" \
    "the worker of the grid, as without --in"
run grid-stats visits --month 2026-05 --in 32050800100102 -f csv
is "$(tail -n +2 "$T/out")" \
    "grid,32050800100102,彩香一村第2网格,2026-05,0,0,0,,1,0,0.00,1,0,0.00" \
    "visits --in a grid without --by: the grid's row"
fails 64 "visits --by district above a street" visits --by district \
    --in 320508001

snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "the database is unchanged"

# --- bad codes and levels, for every command ---------------------------------
for cmd in population "groups --tag disabled" cases quality hazards visits
do
	name=${cmd%% *}
	# shellcheck disable=SC2086
	fails 64 "$name --in 3205: malformed" $cmd --in 3205
	err_line "grid-stats $name: --in: bad code length '3205' (expected \
the code of a district, street, community or grid)" "$name: the reason"
	err_line "Try 'grid-stats $name --help'." "$name: the hint"
	# shellcheck disable=SC2086
	fails 64 "$name --in not digits" $cmd --in 32050800100x
	# shellcheck disable=SC2086
	fails 65 "$name --in an unknown street" $cmd --in 320508099
	err_line "grid-stats $name: in: unknown area '320508099': no region \
or grid has this code" "$name: names the code"
	# shellcheck disable=SC2086
	fails 64 "$name --in 15 digits where grid codes have 14" $cmd \
	    --in 320508001001010
	err_has "bad code length '320508001001010'" "$name: says so"
	# shellcheck disable=SC2086
	fails 64 "$name --in 99: no such province" $cmd --in 990508001
done
for cmd in population "groups --tag disabled" quality hazards visits; do
	name=${cmd%% *}
	for dept in dept department; do
		# shellcheck disable=SC2086
		fails 64 "$name --by $dept" $cmd --by $dept
		err_line "grid-stats $name: --by $dept: grid-stats has no \
department level; see grid-report --by dept" "$name --by $dept: see grid-report"
	done
done
fails 64 "cases --by department" cases --by department
err_has "grid-stats has no department level; see grid-report --by dept" \
    "cases --by department: see grid-report"

# --- failures after the output is opened leave stdout empty -----------------
fails 64 "population: an impossible --at" population --at 2023-02-29
fails 64 "groups: an unknown tag" groups --tag vip
fails 64 "cases: --to before --from" cases --from 2024-07-01 --to 2024-06-01
fails 64 "visits: a bad month" visits --month 2026-5
fails 64 "hazards: a bad period" hazards --period 2026-13
fails 69 "population: no database" population -d "$T/none.db"
run grid-stats population --at 2023-02-29 -f html
status 64 "html: an impossible --at"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "html: stdout empty"

# --- grid-assign check --load: level, unit, unit_name ------------------------
run grid-assign check --load -f csv
status 0 "check --load"
header_units "check --load"
out_has "grid,32050800100101,彩香一村第1网格,320508001001,32050800100101," \
    "a grid row: unit, unit_name, then the old columns"
out_has "community,320508001001,彩香一村,320508001001,,2," \
    "a community row"
run grid-assign check --load -f csv -d "$T/none.db"
status 69 "check --load: no database"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "check --load: stdout empty"
