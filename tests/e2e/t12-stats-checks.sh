#!/bin/sh
# grid-stats quality, hazards and visits on the fixture of
# tests/fixtures/checks (every figure worked out by hand in its
# README.md): golden CSV outputs, ndjson numbers, md and html, masking
# and --reveal, -o, refusals with their messages and statuses, and the
# database left as it was.
. "$(dirname "$0")/lib.sh"

C=$FIX/checks
EXP=$C/expected
load_checks || exit 1
snapshot "$T/before.sql"

# golden NAME ARGS...: grid-stats ARGS -f csv equals expected/NAME.csv.
golden() {
	name=$1
	shift
	run grid-stats "$@" -f csv
	status 0 "$name"
	same "$EXP/$name.csv" "$T/out" "$name: the figures by hand"
}

# --- quality ---------------------------------------------------------------
golden quality quality
golden quality-street quality --by street
golden quality-list quality --list
run grid-stats quality --list --check two_households --reveal -f csv
status 0 "quality --list --reveal"
out_has 'two_households,people,320508194503120110,32050800100101,"HH01,HH03"' \
    "--reveal shows the ID number"
is "$(wc -l <"$T/out" | tr -d ' ')" 2 "--check: one check only"
run grid-stats quality --check stale_person -f ndjson
status 0 "quality --check ndjson"
is "$(cat "$T/out")" "{\"check\":\"stale_person\",\"label\":\
\"人员信息超过一年未更新\",\"table\":\"people\",\"count\":1}" \
    "ndjson: the count is a number"
run grid-stats quality --list --check dup_id_number -f csv
out_has "320*********051" "a legacy 15-digit number is masked too"

# --- hazards ---------------------------------------------------------------
golden hazards-2026-04 hazards --period 2026-04
golden hazards-2026-Q2-street hazards --period 2026-Q2 --by street
golden hazards-2026-Q2-list hazards --period 2026-q2 --list all
run grid-stats hazards --period 2026-04 --list zero -f tsv
status 0 "hazards --list zero"
is "$(tail -n +2 "$T/out" | cut -f 2,15)" \
    "$(printf '91320508MA1AB001XG\tzero')" \
    "April: 一号化工厂 reported zero hazards (to inspect)"
run grid-stats hazards --period 2026-04 --by district -f ndjson
out_has '"self_report_rate":100.00,"zero_hazard":1,"hazards":2,' \
    "ndjson: the district's April: rate, zero reports, hazards"
out_has '"minor":2,"major":0,"remediated":0,"remediation_rate":0.00,' \
    "ndjson: grades and remediation"
out_has '"major_open":1}' "ndjson: K7 still open"
run grid-stats hazards --period 2026-03 --by district -f csv
out_has "district,320508,姑苏区,2026-03,4,2,2,0,0.00,0,0,0,0,0,,1" \
    "March: nobody reported; no hazard, no remediation rate; K7 open"
run grid-stats hazards --by district -f csv
out_has ",2026-06,4,2,2,1,50.00,0,1,0,1,0,0.00,2" \
    "default period: this month (June): K3 reported, E2 missing"

# --- visits ----------------------------------------------------------------
golden visits-2026-05-grid visits --month 2026-05 --by grid
golden visits-2026-05-worker visits --month 2026-05 --by worker
run grid-stats visits --month 2026-05 --by street -f csv
out_has "street,320508001,金阊街道,2026-05,2,2,1,50.00,3,2,66.67,4,2,50.00" \
    "金阊: 2 of 4 must-visit people"
out_has "street,320508002,平江街道,2026-05,1,1,1,100.00,0,0,,1,1,100.00" \
    "平江: no elderly living alone, an empty share"
run grid-stats visits --by community -f csv
out_has "community,320508001001,彩香一村,2026-06,0,2,0,0.00,3,0,0.00,4,0,0.00" \
    "default month: June, nobody visited"

# --- formats ---------------------------------------------------------------
run grid-stats hazards --period 2026-04 -f md
out_has "| community | 320508001001 | 彩香一村  | 2026-04 |" "md"
run grid-stats visits --month 2026-05 -f html -o page.html
status 0 "html into a file"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing on standard output"
ok "an svg chart and the labels" grep -q '<svg' page.html
ok "the Chinese labels" grep -q '必访对象走访率' page.html
run grid-stats quality -f html
out_has "各项问题数" "quality html: the chart of counts"

# --- refusals --------------------------------------------------------------
run grid-stats quality --by city
status 64 "quality --by city"
err_has "--by: expected grid, community, street or district, not 'city'" \
    "names the level"
run grid-stats quality --check nope
status 64 "unknown check"
err_line "grid-stats quality: --check: no such check 'nope'" "message"
run grid-stats quality --list --by grid
status 64 "--list with --by"
run grid-stats hazards --period 2026-13
status 64 "a bad period"
err_line "grid-stats hazards: period: not a month or quarter '2026-13' \
(YYYY-MM or YYYY-Qn)" "message"
run grid-stats hazards --list late
status 64 "a bad state"
err_has "expected zero, missing, hazards, none or all, not 'late'" "message"
run grid-stats visits --by dept
status 64 "visits --by dept"
err_line "grid-stats visits: --by dept: grid-stats has no department \
level; see grid-report --by dept" "no department level: see grid-report"
run grid-stats visits --month 2026-5
status 64 "a bad month"
err_has "grid-stats visits: month: " "names the field"
run grid-stats hazards -d "$T/none.db"
status 69 "no database"
run grid-stats visits extra
status 64 "an extra argument"

snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "the database is unchanged"
