#!/bin/sh
# The html pages of grid-report and grid-stats as a reader meets them,
# checked from their markup (no browser: make look renders them):
# rows in rank order, the unit, rank, score and grade kept in view
# (sticky), a table too wide for A4 printed in parts with the unit in
# each, the header in <thead>; charts chosen for their data (a heat map
# for weekday x hour, columns with every month, small multiples for
# other cross tables, the best and the worst of a long ranking, grade
# marks), labels distinct, counts without decimals, "N of M shown" where
# cut, an all-zero chart said so; what each page is (level, period, data
# to, generation time, weights, grades); Chinese labels of values
# (weekdays, ageing stages).  The district: 70 grids from bench's
# generator, cases from tests/look/cases.awk.
. "$(dirname "$0")/lib.sh"

cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$T/gendistrict" \
    "$GRID_TOP/bench/gendistrict.c" || exit 1
"$T/gendistrict" -p 3000 -g 70 "$T/gen" >/dev/null || exit 1
printf 'code,name\nCG01,区城管局\nSW01,区水务局\n' >"$T/gen/departments.csv"
(cd "$T/gen" && grid-import -q regions.csv departments.csv grids.csv \
    houses.csv households.csv people.csv) || exit 1

# Cases (tests/look/cases.awk): 1 to 5 a grid in May 2026, some in
# January to March: April is empty.
tail -n +2 "$T/gen/grids.csv" | cut -d, -f1 |
    awk -f "$GRID_TOP/tests/look/cases.awk" >"$T/cases.csv"
grid-import -q -t cases "$T/cases.csv" || exit 1

# rows FILE: the rows of the page's first table (the one on screen),
# cells joined by "|", tags gone; not the totals row of its footer.
rows() {
	sed '/<\/tbody>/q' "$1" |
	    sed -n 's/^<tr><td[^>]*>\(.*\)<\/td><\/tr>$/\1/p' |
	    sed 's/<\/td><td[^>]*>/|/g'
}
# headers FILE: the keys of the first table's columns, one a line.
headers() {
	sed '/<\/thead>/q' "$1" | grep -o '<code>[^<]*</code>' |
	    sed 's/<[^>]*>//g'
}
# chart_labels FILE: for each chart (svg), its labels (the texts at the
# left of bars or rows), one line per chart, "|"-joined.
chart_labels() {
	awk '/<svg/ { n++; s = "" }
	    /text-anchor="end">/ && !/font-size/ {
		t = $0; sub(/.*text-anchor="end">/, "", t); sub(/<.*/, "", t)
		s = s "|" t }
	    /<\/svg>/ { print s }' "$1"
}
# page_has FILE TEXT: the page holds TEXT.
page_has() {
	grep -qF -- "$2" "$1"
}
# distinct_labels FILE: 0 when no chart repeats a label.
distinct_labels() {
	chart_labels "$1" | awk -F'|' '{
		delete seen
		for (i = 2; i <= NF; i++) {
			if ($i in seen && $i !~ /^[0-9.,]+$/) bad = 1
			seen[$i] = 1
		} } END { exit bad }'
}

# --- grid-report monthly by grid: 70 units --------------------------------
run grid-report monthly --month 2026-05 --by grid -f html -o "$T/g.html"
status 0 "monthly by grid: html"
rows "$T/g.html" >"$T/g.rows"
is "$(wc -l <"$T/g.rows" | tr -d ' ')" 70 "monthly: 70 rows on screen"
ok "monthly: rows in rank order, the unranked last" awk -F'|' '
    $1 == "" { blank = 1; next }
    blank || $1 + 0 < last { exit 1 } { last = $1 + 0 }' "$T/g.rows"
is "$(headers "$T/g.html" | tail -n 2 | tr '\n' ' ')" "score grade " \
    "monthly: score and grade end the table"
is "$(grep -c '<thead>' "$T/g.html")" "$(grep -c '<table>' "$T/g.html")" \
    "every table has a header that repeats"
for k in k-rank k-name k-score k-grade; do
	is "$(grep -o "class=\"key $k[ \"]" "$T/g.html" | wc -l | tr -d ' ')" \
	    72 "monthly: $k sticky in the header, every row and the totals"
done
is "$(grep -c '<figcaption>综合指标值 score: 前列 best' "$T/g.html")" 1 \
    "ranking: the best"
is "$(grep -c '<figcaption>综合指标值 score: 末位 worst' "$T/g.html")" 1 \
    "ranking: the worst"
ok "ranking: says what is shown" page_has "$T/g.html" \
    "20 best and 20 worst of 70 units shown"
for g in A B C D; do
	ok "ranking: grade $g marked" page_has "$T/g.html" \
	    "fill=\"#b03a2e\">$g</text>"
done
ok "ranking: labels distinct in each chart" distinct_labels "$T/g.html"
for f in '层级 level: 网格 grid' '期间 period: 2026-05' \
    '数据截至 data to: 2026-05-31' \
    '生成于 generated: 2026-06-15T10:00:00+08:00' '权重 weights: ' \
    '等级 grades: A ≥ 90'; do
	ok "monthly says: $f" page_has "$T/g.html" "$f"
done
ok "monthly: the trend of closure" page_has "$T/g.html" '结案率与按期结案率'

# --wide: too wide for A4, printed in parts, the unit in each
run grid-report monthly --month 2026-05 --by grid --wide -f html \
    -o "$T/w.html"
status 0 "monthly --wide: html"
parts=$(grep -c 'class="print-only tpart"' "$T/w.html")
ok "wide: printed in parts ($parts)" test "$parts" -ge 2
is "$(grep -o '<code>unit_name</code>' "$T/w.html" | wc -l | tr -d ' ')" \
    $((parts + 1)) "wide: the unit's name on screen and in every part"
headers "$T/w.html" | sort >"$T/screen.keys"
sed -n '/print-only tpart/,$p' "$T/w.html" | grep -o '<code>[^<]*</code>' |
    sed 's/<[^>]*>//g' | sort -u >"$T/paper.keys"
same "$T/screen.keys" "$T/paper.keys" "wide: every column on paper"

# departments: scored on handling
run grid-report monthly --month 2026-05 --by dept -f html -o "$T/d.html"
status 0 "monthly by dept: html"
ok "dept: the trend of handling" page_has "$T/d.html" '处置率与按期处置率'
ok "dept: its weights" page_has "$T/d.html" '权重 weights: 按期处置率'

# annual: rank order too
run grid-report annual --year 2026 --by community -f html -o "$T/a.html"
status 0 "annual: html"
rows "$T/a.html" >"$T/a.rows"
col=$(headers "$T/a.html" | grep -n '^rank$' | cut -d: -f1)
ok "annual: rank column in order" awk -F'|' -v c="$col" '
    $c == "" { blank = 1; next }
    blank || $c + 0 < last { exit 1 } { last = $c + 0 }' "$T/a.rows"
ok "annual says: the year" page_has "$T/a.html" '期间 period: 2026 '

# --- grid-stats cases -------------------------------------------------------
run grid-stats cases --by weekday --by hour -f html -o "$T/wh.html"
status 0 "weekday x hour: html"
is "$(grep -c '<rect x=.*<title>周' "$T/wh.html")" 168 \
    "weekday x hour: a heat map of 7 x 24 cells"
ok "rank not sticky in the middle of a table" sh -c \
    "! grep -q 'class=.key k-rank' '$T/wh.html'"
for d in 周一 周二 周三 周四 周五 周六 周日; do
	is "$(grep -c "text-anchor=\"end\">$d</text>" "$T/wh.html")" 1 \
	    "heat map: $d once"
done
is "$(grep -c 'font-size="11">23</text>' "$T/wh.html")" 1 \
    "heat map: hour 23 on the axis"
rows "$T/wh.html" >"$T/wh.rows"
days=$(grep -cE '^周(一|二|三|四|五|六|日)[|]' "$T/wh.rows")
is "$days" "$(wc -l <"$T/wh.rows" | tr -d ' ')" \
    "weekday x hour: every weekday in Chinese in the table"

run grid-stats cases --by month -f html -o "$T/m.html"
status 0 "by month: html"
ok "by month: April, empty, on the axis" page_has "$T/m.html" \
    '<title>2026-04: 0</title>'
is "$(grep -c 'font-size="11">2026-0[1-5]</text>' "$T/m.html")" 5 \
    "by month: January to May, one slot each"

run grid-stats cases --by community --by category -f html -o "$T/sc.html"
status 0 "community x category: html"
charts=$(grep -c '<figcaption>案件数: .*社区</figcaption>' "$T/sc.html")
ok "community x category: one chart per community ($charts)" \
    test "$charts" -ge 2
ok "community x category: bars named by category" page_has "$T/sc.html" \
    'text-anchor="end">上水井盖</text>'
ok "community x category: labels distinct" distinct_labels "$T/sc.html"

run grid-stats cases --by grid -f html -o "$T/cg.html"
status 0 "by grid: html"
ok "by grid: 25 of 70 shown" page_has "$T/cg.html" '25 of 70 shown'
# no_decimals FILE: no chart value printed with ".00".
no_decimals() {
	! grep -q '^<text x="[0-9.]*" y="[0-9.]*">[0-9]*\.00</text>' "$1"
}
ok "by grid: counts without decimals" no_decimals "$T/cg.html"
ok "by grid: the largest first" awk '/<title>.*: [0-9]+<\/title>/ {
	v = $0; sub(/.*: /, "", v); sub(/<.*/, "", v); v = v + 0
	if (seen && v > last) exit 1; seen = 1; last = v }' "$T/cg.html"

run grid-stats cases --by community -f html -o "$T/cc.html"
status 0 "by community: html"
is "$(sed -n '/<tfoot>/{n;p;q;}' "$T/cc.html" |
    grep -o '<td class="num">[0-9]*</td>' | head -1 | sed 's/<[^>]*>//g')" \
    "$(sql "SELECT count(*) FROM cases")" "by community: the totals row"

run grid-stats cases --by hour --from 2020-01-01 --to 2020-01-31 -f html \
    -o "$T/z.html"
status 0 "no cases: html"
ok "no cases: the chart says all zero" page_has "$T/z.html" '全部为 0'

# --- grid-stats population: values in Chinese --------------------------------
run grid-stats population --by community -f html -o "$T/p.html"
status 0 "population: html"
ok "population: ageing stage in Chinese" grep -q \
    '<td>\(未老龄化\|老龄化\|深度老龄化\|超老龄化\)</td>' "$T/p.html"
# no_english FILE: no ageing stage left in English in a cell.
no_english() {
	! grep -q '<td>\(none\|ageing\|aged\|super_aged\)</td>' "$1"
}
ok "population: no ageing stage in English" no_english "$T/p.html"
ok "population says: its level" page_has "$T/p.html" \
    '层级 level: 社区 community'
ok "population: labels distinct" distinct_labels "$T/p.html"

# --- grid-stats pages say their date, month and group -------------------------
ok "population says its reference date (today in the database's zone)" \
    page_has "$T/p.html" '参考日期 reference date (ages): 2026-06-15'
grid-stats population --at 2024-06-01 -f html -o "$T/p2.html"
ok "population --at: that date" page_has "$T/p2.html" \
    '参考日期 reference date (ages): 2024-06-01'
grid-stats groups --tag 独居老人 --tag disabled --any -f html -o "$T/g.html"
ok "groups says its group, with labels, and its date" page_has "$T/g.html" \
    '参考日期 reference date: 2026-06-15 · 群体 group (任一 any): 独居老人 elderly_alone, 残疾人 disabled'
grid-stats visits --month 2026-05 -f html -o "$T/v.html"
ok "visits says its month" page_has "$T/v.html" '月份 month: 2026-05'
grid-stats petitions --period 2026-05 -f html -o "$T/pe.html"
ok "petitions says its period" page_has "$T/pe.html" '期间 period: 2026-05'
grid-stats petitions --repeat -f html -o "$T/pr.html"
ok "repeat petitioners: the period, this month by default" \
    page_has "$T/pr.html" '期间 period: 2026-06'
grid-stats hazards --period 2026-q2 -f html -o "$T/hz.html"
ok "hazards says its quarter" page_has "$T/hz.html" '期间 period: 2026-Q2'
grid-stats hazards --uninspected -f html -o "$T/hu.html"
ok "hazards' lists say their period too" page_has "$T/hu.html" \
    '期间 period: 2026-06'
ok "print: a map is sized to fit a page with the title above it" \
    grep -q 'svg\.map { [^}]*max-height: 100mm' "$T/p.html"
ok "print: a map's figure is not split over pages" \
    grep -q 'figure:has(svg\.map) { break-inside: avoid' "$T/p.html"
