#!/bin/sh
# tools/demo.sh BUILD - the demo of README.md: a new database from the
# sample district (姑苏区, Suzhou), a look at what is in it, and what a
# clerk sees when a sheet has mistakes.  Everything goes to demo/.
set -eu
# GRID_DEMO_DIR: where (default demo/).  The database's time zone
# (Asia/Shanghai, the sample district's) places every local time: TZ
# changes nothing.
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
district=$top/tests/fixtures/district
dir=${GRID_DEMO_DIR:-$top/demo}
PATH=$build/bin:$PATH
export GRID_DB="$dir/grid.db" GRID_ACTOR=demo
rm -rf "$dir"
mkdir "$dir"
cd "$dir"

echo "== 1. Load the sample district into a new database: $GRID_DB"
echo "   (people come from a GB18030 census sheet with Chinese headers)"
set --
for f in regions departments grids workers worker_grids houses \
    households people.gb18030 person_tags orgs components; do
	set -- "$@" "$district/$f.csv"
done
grid-import -f table "$@"

echo
echo "== 2. Grid polygons from GeoJSON, and everything placed in its grid"
grid-assign boundaries "$district/grids.geojson"
for t in houses orgs components people; do
	grid-assign "$t" -q -f csv >"assign-$t.csv"
	echo "   grid-assign $t: $(($(wc -l <"assign-$t.csv") - 1)) rows changed"
done
echo "   Which grid is each of these points in?  (locate streams CSV/NDJSON)"
printf 'report,x,y\n井盖缺失,120.619017,31.311876\n路灯不亮,120.6261,31.3105\n城外,121.5,31.2\n' |
    grid-assign locate -q | sed 's/^/     /'
echo "   The layout checked (overlaps, gaps, grids without polygons):"
status=0
grid-assign check -f table -q || status=$?
echo "   exit status $status (65: something was found; the courtyard inside"
echo "   grid 32050801801902 belongs to no grid)"
echo "   Each worker's grids and load:"
grid-assign workers -f table | sed 's/^/     /'

echo
echo "== 3. A case through its life cycle (grid-case)"
echo "   A grid worker reports exposed rubbish at a point; the grid is found"
echo "   from the point, the deadline from the category on the working"
echo "   calendar, and every step goes to case_log."
grid-case report --source worker --category E0102 \
    --x 120.619017 --y 31.311876 --description '路边暴露垃圾' -f table -q |
    sed 's/^/     /'
id=$(grid-case list --limit 1 -f csv | sed -n 2p | cut -d, -f1)
grid-case register "$id" -q >/dev/null
grid-case dispatch "$id" --dept D02 -q >/dev/null
grid-case handle "$id" --note '已清运' -q >/dev/null
grid-case verify "$id" --pass -q >/dev/null
grid-case close "$id" -q >/dev/null
grid-case rate "$id" A -q >/dev/null
echo "   A step not allowed from the case's status is refused:"
grid-case dispatch "$id" -q 2>&1 | sed 's/^/     /'
echo "   The case's log:"
grid-case log "$id" -f table | sed 's/^/     /'
echo "   grid-case sweep (for cron) prints nothing when nothing is overdue:"
grid-case sweep -q

echo
echo "== 4. What is in it (grid-stats): people, ageing and groups per community"
grid-stats population --by community -f csv -q |
    cut -d, -f2,3,4,7,13,15,19 | column -s, -t | sed 's/^/     /'
echo "   Elderly people living alone (独居老人), per community:"
grid-stats groups --tag elderly_alone -f table | sed 's/^/     /'
echo "   Data quality: the checks that found something"
grid-stats quality -f csv | awk -F, 'NR > 1 { n++ } NR > 1 && $NF > 0 {
	print "     " $1 ": " $NF; found++ }
	END { if (!found) print "     none: all " n " checks passed" }'
grid-stats population -f html -o population.html
echo "   The population pyramid: demo/population.html"
echo
echo "== 5. Special groups: who is owed a visit, before and after a day of visits"
echo "   The district's tags, now with the day each began (the tag vocabulary"
echo "   and the visit rules are registers too: grid-import -t tags, visit_rules)"
awk -F, 'NR == 1 { print $0 ",since" } NR > 1 { print $0 ",2026-01-01" }' \
    "$district/person_tags.csv" >tags-since.csv
grid-import -q -t person_tags tags-since.csv
echo "   Owed a visit today, per community (grid-stats visits --due --by community):"
grid-stats visits --due --by community -f table | sed 's/^/     /'
echo "   The first of the list (ID and phone numbers masked; --reveal is recorded):"
grid-stats visits --due -f csv | cut -d, -f1,2,6,8,11,12,13 | head -4 |
    column -s, -t | sed 's/^/     /'
echo "   A worker's day, exported from a phone as NDJSON: each visit checked"
echo "   (person, worker, a time not in the future); one is of nobody in the"
echo "   register, so nothing is written:"
# the day before today in the database's zone ($GRID_NOW when set)
today=$(grid-stats visits --due --by district -f csv | sed -n 2p | cut -d, -f4)
day=$(date -u -d "$today -1 day" +%F)
sed -n '2,6p' "$district/person_tags.csv" | cut -d, -f1 | awk -v day="$day" '{
	printf "{\"id\": \"D%02d\", \"worker_id\": \"W001\", \"id_number\": \"%s\", \"at\": \"%sT%02d:30:00+08:00\", \"kind\": \"care\", \"result\": \"met\"}\n", NR, $1, day, 8 + NR }' >day.ndjson
printf '{"id": "D99", "worker_id": "W001", "id_number": "320508199003071247", "at": "%sT16:00:00+08:00"}\n' \
    "$day" >>day.ndjson
status=0
grid-import -t visits --strict - <day.ndjson 2>&1 | sed 's/^/     /' || status=$?
echo "   The day without it, recorded in one transaction:"
sed '$d' day.ndjson | grid-import -t visits --strict - 2>&1 | sed 's/^/     /'
echo "   Owed a visit today, after the day:"
grid-stats visits --due --by community -f table | sed 's/^/     /'
echo
echo "== 6. A sheet with mistakes: every bad row comes back with its line"
echo "   and reason; the good rows go in; nothing is half-done."
{
	head -1 "$district/people.csv"
	# a typo in the check digit of an ID number
	sed -n '2p' "$district/people.csv" | sed 's/^\([0-9]\{17\}\)2,/\13,/'
	# a sex that disagrees with the ID number
	echo '11010519491231002X,王芳,男,1949-12-31,13800138000,,,,户籍人口,,汉族'
	# an age no one has
	echo '440524188001010014,赵一,男,1880-01-01,,,,,户籍人口,,汉族'
	# a good row
	echo '320508199003071247,陈静,女,1990年3月7日,13900001111,,,,流动人口,,汉族'
	# a household that is not in the register
	echo '320508198506113571,刘洋,男,1985-06-11,,HH9999,,,流动人口,户主,汉族'
	# the good row again
	echo '320508199003071247,陈静,女,1990-03-07,13900001111,,,,流动人口,,汉族'
} >mistakes.csv
status=0
grid-import -t people --reject mistakes.rejects.csv mistakes.csv || status=$?
echo "   exit status $status (65: some rows were rejected)"
echo "   the reject file, ready to fix and import again:"
sed 's/^/     /' mistakes.rejects.csv
echo
echo "== 7. The monthly assessment (grid-report) of May 2026"
echo "   A month of cases of the tests (tests/fixtures/report: closed on"
echo "   time and late, voided, parked, merged, reworked) is imported; every"
echo "   community with a case is scored (结案率 30, 按期结案率 40, 立案数 20,"
echo "   监督举报率 10); those with nothing to assess have no score and come last."
grid-import -q -t cases "$top/tests/fixtures/report/cases.csv"
grid-report monthly --month 2026-05 --by community -f table |
    sed 's/^/     /'
echo "   The departments:"
grid-report monthly --month 2026-05 --by dept -f table | sed 's/^/     /'
grid-report monthly --month 2026-05 --by community -f html \
    -o report-2026-05.html
echo "   The page to print or mail (ranking, 12-month trend, table):"
echo "   demo/report-2026-05.html"
echo
echo "== 8. Disputes: a neighbours' dispute mediated (矛盾纠纷调处)"
echo "   A grid worker reports it (E0701 邻里纠纷), with its two parties from"
echo "   the register and a people's mediator; a first attempt at the grid"
echo "   goes on, a second at the community resolves it:"
did=$(grid-case report --source worker --category E0701 \
    --grid 32050801801403 --description '楼上漏水邻里纠纷' -f id -q)
grid-case dispute "$did" --party 320508196611025232 \
    --party 320508198003193872 --mediator 社区调解员 --mediation people -q \
    >/dev/null
grid-case mediate "$did" --result continued --level grid -q >/dev/null
grid-case mediate "$did" --result resolved --level community \
    --agreement '维修费各半' -f table -q | sed 's/^/     /'
echo "   Its parties (ID and phone numbers masked; --reveal is recorded):"
grid-case parties "$did" -f table | sed 's/^/     /'
echo "   This month's disputes per community (调解成功率, 基层化解率):"
grid-stats disputes --by community -f table | sed 's/^/     /'
echo
echo "== 9. Petitions: a petition answered on time (信访)"
echo "   Six residents come to the community about noise at night (E0901"
echo "   求决类信访): two petitioners from the register, the first responder"
echo "   and the leader in charge; accepted (受理), it is due in 60 calendar"
echo "   days (信访工作条例 art. 32); answered at once, on time, then closed:"
pid=$(grid-case report --source petition --category E0901 \
    --grid 32050801801401 --description '夜间施工噪音扰民' -f id -q)
grid-case petition "$pid" --form visit --people 6 --reached street \
    --competent street --petitioner 320508196611025232 \
    --petitioner 320503196812096406 --responder 王芳 --leader 李书记 -q \
    >/dev/null
grid-case accept "$pid" -q >/dev/null
grid-case answer "$pid" --text '已责令施工单位夜间停工' -f table -q |
    sed 's/^/     /'
grid-case register "$pid" -q >/dev/null
grid-case dispatch "$pid" --dept D01 -q >/dev/null
grid-case handle "$pid" --note '夜间已停工' -q >/dev/null
grid-case verify "$pid" --pass -q >/dev/null
grid-case close "$pid" -q >/dev/null
grid-case follow-through "$pid" -q >/dev/null
echo "   This month's petitions in street 320508018 (按期答复率, 落实率):"
grid-stats petitions --in 320508018 -f table | sed 's/^/     /'
echo
echo "== 10. Inspections: a zero-hazard reporter inspected (零隐患企业检查)"
echo "   苏州同德酒店 reports that its self-check found no hazard (企业自查,"
echo "   no grade); a zero reporter is to be inspected, so it is on the list"
echo "   of the inspection teams (legal representative and phone masked):"
# on the day of the worker's visits (section 5), in that day's month
month=$(echo "$day" | cut -c1-7)
grid-case report --source self_report --category E0804 \
    --org 91320508MA20LQ8C5E --grid 32050801802302 \
    --at "${day}T09:00:00+08:00" --description '本月自查未发现隐患' -q \
    >/dev/null
grid-stats hazards --uninspected --period "$month" -f table |
    sed 's/^/     /'
echo "   The fire inspectors come (消防检查) in the afternoon: passed, next"
echo "   due in a year; the team's sheet is imported, and the enterprise is"
echo "   off the list:"
printf '%s\n%s\n' \
    编号,网格员编号,被检查单位信用代码,检查时间,检查类型,检查结果,发现隐患数,下次检查日期 \
    "I001,W001,91320508MA20LQ8C5E,${day}T15:00:00+08:00,消防检查,正常,0,$(
    date -u -d "$day +1 year" +%F)" | grid-import -t visits --strict -q -
echo "     $(grid-stats hazards --uninspected --period "$month" -f csv |
    sed 1d | wc -l) left to inspect; the month's inspections per street:"
grid-stats hazards --inspections --period "$month" --by street -f table |
    sed 's/^/     /'
echo "   The levels that supervise the organisations (监管层级), then the spot"
echo "   checks of the district's team (抽查): 50 % of those it supervises and"
echo "   10 % of those below, rounded up (none given: the community's); the"
echo "   same seed draws the same list on any machine:"
printf '%s\n' 统一社会信用代码,监管层级 91320508MA1MXKQ68X,区 \
    91320508MA1N2B7R6J,区 91320508MA20LQ8C5E,区 92320508MA1X8H4D0B,街道 \
    92320508MA21C5WE9N,街道 | grid-import -t orgs -q -
grid-stats hazards --sample own:50,lower:10 --seed 20260615 -f table |
    sed 's/^/     /'
echo
echo "Done.  Query the database with: sqlite3 $GRID_DB"
echo "The schema is in man/gridkit.7 (man -l man/gridkit.7)."
