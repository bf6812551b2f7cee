#!/bin/sh
# tools/look.sh BUILD - make look: every kind of html page of grid-report
# and grid-stats (every command, every level), from the demo database
# (tools/demo.sh) and from a generated district (bench/gendistrict.c with
# the cases of tests/look/cases.awk), rendered by headless Chromium into
# PNG screenshots at 1280 and 390 px and A4 PDFs, in BUILD/look/.  Then,
# from each PDF's text (pdftotext): every column of the page's table is
# on the paper, no page is empty or nearly so, and each chart's labels
# (from the page) are distinct and all on the paper.  Prints one line per
# problem and a summary; exit status 1 when there is a problem.
#
# Needs chromium and poppler-utils (sh tools/deps.sh --look installs
# them); not part of make check or CI, which check the pages' markup
# without a browser (tests/e2e/t36-pages.sh).  GRID_LOOK_JOBS: renders
# run at once (default 4: Chromium mostly waits; each start takes 10 s
# or more, so the whole run takes minutes); GRID_LOOK_PAGES: a grep
# pattern, only the pages whose file names match.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$build/look
jobs=${GRID_LOOK_JOBS:-4}
browser=
for b in chromium chromium-browser; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ] || ! command -v pdftotext >/dev/null 2>&1; then
	echo "look: needs chromium and pdftotext: sh tools/deps.sh --look" >&2
	exit 69
fi
PATH=$build/bin:$PATH
export GRID_NOW=2026-06-15T10:00:00+08:00 LC_ALL=C.UTF-8 GRID_ACTOR=look
rm -rf "$out"
mkdir -p "$out/pages" "$out/png" "$out/pdf"

echo "look: the demo database"
GRID_DEMO_DIR=$out/demo sh "$top/tools/demo.sh" "$build" >"$out/demo.log" 2>&1

echo "look: a generated district"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$out/gendistrict" \
    "$top/bench/gendistrict.c"
"$out/gendistrict" -p 20000 -g 200 "$out/gen" >/dev/null
printf 'code,name\nCG01,区城管局\nSW01,区水务局\n' >"$out/gen/departments.csv"
tail -n +2 "$out/gen/grids.csv" | cut -d, -f1 |
    awk -f "$top/tests/look/cases.awk" >"$out/gen/cases.csv"
(cd "$out/gen" && GRID_DB=$out/gen/grid.db grid-import -q regions.csv \
    departments.csv grids.csv houses.csv households.csv people.csv &&
    GRID_DB=$out/gen/grid.db grid-import -q -t cases cases.csv)

# page NAME TOOL ARGS...: one page of each database, NAME-demo.html and
# NAME-gen.html.
page() {
	name=$1
	shift
	for db in demo gen; do
		GRID_DB=$out/$db/grid.db "$@" -f html \
		    -o "$out/pages/$name-$db.html" 2>>"$out/pages.err" || {
			echo "look: $name-$db: $* failed" >&2
			tail -n 3 "$out/pages.err" >&2
			fails=$((fails + 1))
		}
	done
}
fails=0
for by in grid community street district dept worker; do
	page monthly-$by grid-report monthly --month 2026-05 --by "$by"
	page annual-$by grid-report annual --year 2026 --by "$by"
done
page monthly-wide grid-report monthly --month 2026-05 --by community --wide
for db in demo gen; do
	GRID_DB=$out/$db/grid.db grid-report monthly --month 2026-05 \
	    --by community -f ndjson >"$out/$db-community.ndjson"
done
for db in demo gen; do
	GRID_DB=$out/$db/grid.db grid-report merge \
	    "$out/$db-community.ndjson" -f html -o "$out/pages/merge-$db.html"
done
for by in grid community street district; do
	page population-$by grid-stats population --by "$by"
	page visits-$by grid-stats visits --by "$by"
	page hazards-$by grid-stats hazards --by "$by"
done
for by in grid community street; do
	page cases-$by grid-stats cases --by "$by"
done
page groups grid-stats groups --tag elderly_alone --tag low_income \
    --by community
page quality grid-stats quality
page cases-category grid-stats cases --by category
page cases-weekday-hour grid-stats cases --by weekday --by hour
page cases-month grid-stats cases --by month
page cases-community-category grid-stats cases --by community \
    --by category
page cases-community-month grid-stats cases --by community --by month
page disputes-community grid-stats disputes --by community
page petitions-community grid-stats petitions --by community
page inspections-community grid-stats hazards --inspections --by community

# render FILE: the two screenshots and the PDF of one page.
cat >"$out/render.sh" <<EOF
#!/bin/sh
f=\$1
n=\$(basename "\$f" .html)
run() {
	DBUS_SESSION_BUS_ADDRESS=disabled: "$browser" --headless --no-sandbox \\
	    --disable-gpu --disable-dev-shm-usage --no-first-run \\
	    --hide-scrollbars "\$@" "file://\$f" >/dev/null 2>&1
}
run --screenshot="$out/png/\$n-1280.png" --window-size=1280,2400
run --screenshot="$out/png/\$n-390.png" --window-size=390,2400
run --no-pdf-header-footer --print-to-pdf="$out/pdf/\$n.pdf"
EOF
# GRID_LOOK_PAGES: only the pages whose names match this grep pattern
if [ -n "${GRID_LOOK_PAGES:-}" ]; then
	for f in "$out/pages"/*.html; do
		basename "$f" | grep -q -- "$GRID_LOOK_PAGES" || rm -f "$f"
	done
fi
npages=$(ls "$out/pages" | wc -l)
echo "look: rendering $npages pages ($jobs at once)"
ls "$out/pages"/*.html | xargs -n 1 -P "$jobs" sh "$out/render.sh"

# --- checks from the PDFs ----------------------------------------------
# The text of a PDF without white space (a header may wrap).
flat() {
	pdftotext -raw "$1" - | tr -d ' \n\t\f'
}
problems=0
problem() {
	echo "look: $*"
	problems=$((problems + 1))
}
for f in "$out/pages"/*.html; do
	n=$(basename "$f" .html)
	pdf=$out/pdf/$n.pdf
	if [ ! -s "$pdf" ]; then
		problem "$n: no PDF"
		continue
	fi
	flat "$pdf" >"$out/flat.txt"
	# every column: its key (the table on screen: the first)
	sed '/<\/thead>/q' "$f" | grep -o '<code>[^<]*</code>' |
	    sed 's/<[^>]*>//g' | while read -r key; do
		grep -qF -- "$key" "$out/flat.txt" ||
		    echo "$n: column $key not on the paper"
	done >"$out/missing.txt"
	while read -r line; do problem "$line"; done <"$out/missing.txt"
	# no empty page, none nearly so: every page but the last has text
	# below its middle
	pdftotext -bbox "$pdf" - | awk -v n="$n" '
	    /<page / { if (p) last = used; p++; h = $3
		sub(/.*height="/, "", h); sub(/".*/, "", h); used = 0
		if (p > 1 && prev < 0.5) print n ": page " p - 1 \
		    " nearly empty (text ends at " int(prev * 100) "%)" }
	    /<word / { y = $0; sub(/.*yMax="/, "", y); sub(/".*/, "", y)
		if (y / h > used) used = y / h; prev = used }' \
	    >"$out/missing.txt"
	while read -r line; do problem "$line"; done <"$out/missing.txt"
	# each chart: labels distinct, and on the paper
	awk '/<svg/ { s = "" }
	    /text-anchor="end">/ && !/font-size/ {
		t = $0; sub(/.*text-anchor="end">/, "", t); sub(/<.*/, "", t)
		gsub(/&amp;/, "\\&", t); gsub(/ /, "", t)
		if (t !~ /^[0-9.,-]*$/) s = s "\n" t }
	    /<\/svg>/ { print substr(s, 2); print "--" }' "$f" \
	    >"$out/labels.txt"
	awk -v n="$n" '$0 == "--" { delete seen; next }
	    ($0 in seen) { print n ": chart label " $0 " twice" }
	    { seen[$0] = 1 }' "$out/labels.txt" >"$out/twice.txt"
	while read -r line; do problem "$line"; done <"$out/twice.txt"
	grep -v '^--$' "$out/labels.txt" | sort -u | while read -r label; do
		[ -z "$label" ] || grep -qF -- "$label" "$out/flat.txt" ||
		    echo "$n: chart label $label not on the paper"
	done >"$out/missing.txt"
	while read -r line; do problem "$line"; done <"$out/missing.txt"
done
rm -f "$out/flat.txt" "$out/missing.txt" "$out/labels.txt" \
    "$out/twice.txt"
echo "look: $npages pages, $(ls "$out/png" | wc -l) screenshots," \
    "$(ls "$out/pdf" | wc -l) PDFs in $out; $fails pages failed," \
    "$problems problems"
[ "$fails" -eq 0 ] && [ "$problems" -eq 0 ]
