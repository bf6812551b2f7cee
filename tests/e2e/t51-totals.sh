#!/bin/sh
# The totals row of the unit reports people read (issue 15): table, md
# and html of grid-report monthly and of grid-stats population, groups,
# cases, hazards and visits end with 合计 (table and md outside a Chinese
# locale: total), whose counts are the sums of the rows and whose rates
# and shares are recomputed from the summed counts, never averaged: so
# the totals of the communities of a district with one street equal the
# street's (grid-report) and the district's (grid-stats) own row, figure
# by figure.  Scores, grades, ranks, medians and changes are empty there;
# ndjson, csv and geojson carry no totals row; a cross table (units on
# several rows) has none.  The district: 70 grids from bench's
# generator, one street, cases from tests/look/cases.awk.
. "$(dirname "$0")/lib.sh"

cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$T/gendistrict" \
    "$GRID_TOP/bench/gendistrict.c" || exit 1
"$T/gendistrict" -p 3000 -g 70 "$T/gen" >/dev/null || exit 1
printf 'code,name\nCG01,区城管局\nSW01,区水务局\n' >"$T/gen/departments.csv"
(cd "$T/gen" && grid-import -q regions.csv departments.csv grids.csv \
    houses.csv households.csv people.csv) 2>/dev/null || exit 1
tail -n +2 "$T/gen/grids.csv" | cut -d, -f1 |
    awk -f "$GRID_TOP/tests/look/cases.awk" >"$T/cases.csv"
grid-import -q -t cases "$T/cases.csv" || exit 1
cd "$T" || exit 1

# md_total FILE: the last row of a md table as "column=value" lines
# (header keys), values trimmed.
md_total() {
	awk -F'|' '
	NR == 1 { for (i = 2; i < NF; i++) { h[i] = $i; gsub(/ /, "", h[i]) }
		n = NF; next }
	{ last = $0 }
	END { split(last, v, "|")
		for (i = 2; i < n; i++) { x = v[i]; gsub(/^ +| +$/, "", x)
			print h[i] "=" x } }' "$1"
}
# json_values FILE: the first ndjson row as "column=value" lines, in
# the row's own text (numbers as written, null empty).
json_values() {
	head -1 "$1" | jq -r 'to_entries[] |
	    "\(.key)=\(if .value == null then "" else .value end)"'
}
# figure LINES NAME: the value of NAME in "name=value" lines.
figure() {
	printf '%s\n' "$1" | sed -n "s/^$2=//p"
}
# num_is GOT EXPECTED DESCRIPTION: equal as numbers (3.4 and 3.40), or
# both empty.
num_is() {
	if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a == b ||
	    (a != "" && b != "" && a + 0 == b + 0)) }'; then
		is same same "$3"
	else
		is "$1" "$2" "$3"
	fi
}
# agree TOTALS ROW WHAT: every figure the totals row has equals the
# row's (numbers compared as numbers: 43.8 and 43.80).
agree() {
	printf '%s\n' "$1" | while IFS='=' read -r k v; do
		[ -n "$v" ] || continue
		case $k in unit_name|unit|level) continue ;; esac
		r=$(figure "$2" "$k")
		awk -v a="$v" -v b="$r" 'BEGIN { exit !(a + 0 == b + 0 &&
		    b != "") }' || echo "$k: total $v, row '$r'"
	done
}

# --- grid-report monthly: communities against their one street ---
M=2026-05
grid-report monthly --month $M --by street -f ndjson >street.ndjson
is "$(wc -l <street.ndjson | tr -d ' ')" 1 "one street"
street=$(json_values street.ndjson)
run grid-report monthly --month $M --by community -f md --wide
status 0 "monthly --by community -f md --wide"
total=$(md_total "$T/out")
is "$(figure "$total" unit_name)" total "the last row is the totals row"
is "$(grep -c '^| community ' "$T/out")" \
    "$(grid-report monthly --month $M --by community -f ndjson | wc -l |
    tr -d ' ')" "every unit on a row of its own above it"
is "$(agree "$total" "$street")" "" \
    "every figure of the totals equals the street's"
for k in reported registered due_to_close closed closed_on_time \
    closure_rate on_time_closure_rate public_verified_rate \
    satisfaction_rate handling_hours_mean unit_grids handling_seconds; do
	num_is "$(figure "$total" $k)" "$(figure "$street" $k)" "total $k"
done
for k in score grade rank score_change handling_hours_median \
    registered_score partial; do
	is "$(figure "$total" $k)" "" "no total of $k"
done
# the rates are recomputed, not averaged: closure_rate is closed over
# due_to_close of the sums
is "$(figure "$total" closure_rate)" "$(awk -v c="$(figure "$total" \
    closed)" -v d="$(figure "$total" due_to_close)" 'BEGIN {
    printf "%.2f", int((int(c * 20000 / d) + 1) / 2) / 100 }')" \
    "closure_rate: summed closed over summed due_to_close"
mean=$(grid-report monthly --month $M --by community -f ndjson |
    jq -s '[.[].handling_hours_mean] | add / length')
ok "handling_hours_mean: summed seconds, not the units' mean ($mean)" test "$(figure "$total" handling_hours_mean)" != \
    "$(printf '%.2f' "$mean")"
# the table: the main columns, the totals row under the units
run grid-report monthly --month $M --by community -f table
status 0 "monthly -f table"
ok "table: the last line is the totals" \
    sh -c "tail -1 '$T/out' | grep -q '^ *total '"
LC_ALL=zh_CN.UTF-8 grid-report monthly --month $M --by community \
    -f table >zh.txt 2>/dev/null
ok "table under zh_CN: 合计" sh -c "tail -1 zh.txt | grep -q '合计'"
# html: in the table's footer, on screen and in every printed part
grid-report monthly --month $M --by community -f html -o page.html
ok "html: a <tfoot> row 合计 Total" grep -q '<tfoot>' page.html
is "$(grep -c '<tfoot>' page.html)" "$(grep -c '<table>' page.html)" \
    "html: every table (screen and printed parts) has the totals"
ok "html: 合计 Total" grep -q '合计 Total' page.html
# the row formats: units only
for f in ndjson csv; do
	grid-report monthly --month $M --by community -f $f >rows.$f
	ok "$f: no totals row" sh -c "! grep -q total rows.$f"
done
is "$(grid-report monthly --month $M --by community -f csv |
    tail -n +2 | wc -l | tr -d ' ')" "$(grid-report monthly --month $M \
    --by community -f ndjson | wc -l | tr -d ' ')" "csv: the units alone"
# one unit: no totals row
grid-report monthly --month $M --by street -f md >one.md
is "$(grep -c total one.md)" 0 "one unit: no totals row"
# departments: a unit each, their counts summed
run grid-report monthly --month $M --by dept -f md
status 0 "monthly --by dept -f md"
dept=$(md_total "$T/out")
is "$(figure "$dept" dispatched)" "$(grid-report monthly --month $M \
    --by dept -f ndjson | jq -s '[.[].dispatched] | add')" \
    "departments: dispatched summed"

# --- grid-stats: communities against the district ---
for stat in population visits hazards; do
	grid-stats $stat --by district -f ndjson >district.ndjson
	district=$(json_values district.ndjson)
	run grid-stats $stat --by community -f md
	status 0 "$stat --by community -f md"
	total=$(md_total "$T/out")
	is "$(figure "$total" unit_name)" total "$stat: a totals row"
	is "$(agree "$total" "$district")" "" \
	    "$stat: every figure of the totals equals the district's"
done
total=$(grid-stats population --by community -f md | md_total /dev/stdin)
for k in people households age_0_14 age_80_plus aged_60_share \
    aged_65_share dependency_total dependency_old floating_share; do
	num_is "$(figure "$total" $k)" "$(figure "$(grid-stats population \
	    --by district -f ndjson | json_values /dev/stdin)" $k)" \
	    "population: total $k"
done
is "$(figure "$total" ageing_stage)" "" "population: no total stage"
tag=$(sql "SELECT tag FROM person_tags GROUP BY tag ORDER BY count(*)
    DESC LIMIT 1")
if [ -n "$tag" ]; then
	total=$(grid-stats groups --tag "$tag" --by community -f md |
	    md_total /dev/stdin)
	is "$(agree "$total" "$(grid-stats groups --tag "$tag" --by district \
	    -f ndjson | json_values /dev/stdin)")" "" \
	    "groups: the totals equal the district's"
fi
run grid-stats cases --by community -f md
status 0 "cases --by community -f md"
total=$(md_total "$T/out")
is "$(figure "$total" cases)" "$(grid-stats cases --by community \
    -f ndjson | jq -s '[.[].cases] | add')" "cases: summed"
is "$(figure "$total" people)" 3000 "cases: the people of every unit"
is "$(figure "$total" rate_per_1000)" "$(awk -v c="$(figure "$total" \
    cases)" 'BEGIN { h = int((int(c * 200000 / 3000) + 1) / 2)
    printf "%.2f", h / 100 }')" \
    "cases: rate per 1,000 from the sums"
for k in rank rank_by_rate hotspot share; do
	is "$(figure "$total" $k)" "" "cases: no total of $k"
done
run grid-stats cases --by community --by category -f md
status 0 "a cross table"
is "$(grep -c total "$T/out")" 0 "a cross table has no totals row"
run grid-stats quality -f md
is "$(grep -c total "$T/out")" 0 "quality: no totals row"

echo "1..$n"
