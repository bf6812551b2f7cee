#!/bin/sh
# bench/xlsx.sh [BUILD] - make bench (called by bench/run.sh): grid-import
# of the generated people register as an .xlsx workbook beside the same
# rows as CSV, and beside xlsx2csv (else csvkit's in2csv; skipped, with
# a note, when neither is installed) followed by grid-import of the CSV
# it writes, at 100 k and 1 M people (GRID_BENCH_SCALES): wall time (the
# median of GRID_BENCH_RUNS rounds, default 3, in which the three take
# turns, so that they see the same load), rows per second, peak memory
# of the median run, and the ratio to the CSV import.  The workbook
# import's peak memory beyond the CSV import's, at the smallest and the
# largest scale, shows whether it stays flat.  Not part of make check.
#
# Every import goes into a fresh copy of a database with the district's
# regions, grids, houses and households loaded, as bench/run.sh does,
# and must take every row (exit status 0); the three databases are then
# compared, column by column.  The workbook is written once from the CSV
# by bench/csv2xlsx.c (libxlsxwriter, constant memory: dates as date
# cells, phones and grid codes as number cells, the rest inline text)
# and kept in bench/out/district-N/ with the CSV of gendistrict.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$top/bench/out
. "$top/bench/lib.sh"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$build/bench/gendistrict" \
    "$top/bench/gendistrict.c"
# shellcheck disable=SC2046 # the flags split into words
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 $(pkg-config --cflags xlsxwriter) \
    -o "$build/bench/csv2xlsx" "$top/bench/csv2xlsx.c" \
    $(pkg-config --libs xlsxwriter)
import=$build/bin/grid-import
runs=${GRID_BENCH_RUNS:-3}
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai
unset GRID_DB

if command -v xlsx2csv >/dev/null 2>&1; then
	convert=xlsx2csv
elif command -v in2csv >/dev/null 2>&1; then
	convert=in2csv
else
	convert=
fi

# fresh DIR NAME: DIR/NAME.db, a copy of the loaded district.
fresh() {
	rm -f "$1/$2.db" "$1/$2.db-wal" "$1/$2.db-shm"
	cp "$1/xbase.db" "$1/$2.db"
}

# import_into DIR NAME LABEL FILE: grid-import of FILE into a fresh
# DIR/NAME.db, measured (measure's line).
import_into() {
	fresh "$1" "$2"
	measure "$3" "$import" -q -d "$1/$2.db" -t people "$4"
}

# rounds DIR: $runs rounds, each timing the CSV import, the workbook
# import, and the conversion then its import, one after the other so
# that each round sees the same load; each measure's lines go to
# $out/xlsx-KIND.runs (csv, xlsx, conv, after, both).
rounds() {
	for kind in csv xlsx conv after both; do
		: >"$out/xlsx-$kind.runs"
	done
	i=0
	while [ "$i" -lt "$runs" ]; do
		import_into "$1" xcsv "grid-import people.csv" \
		    "$1/people.csv" >>"$out/xlsx-csv.runs"
		import_into "$1" xxlsx "grid-import people.xlsx" \
		    "$1/people.xlsx" >>"$out/xlsx-xlsx.runs"
		i=$((i + 1))
		[ -n "$convert" ] || continue
		# shellcheck disable=SC2016 # expanded by the inner shell
		conv=$(measure "$convert" sh -c 'exec "$0" "$1" >"$2"' \
		    "$convert" "$1/people.xlsx" "$1/people.conv.csv")
		then_csv=$(import_into "$1" xconv \
		    "then grid-import of its CSV" "$1/people.conv.csv")
		echo "$conv" >>"$out/xlsx-conv.runs"
		echo "$then_csv" >>"$out/xlsx-after.runs"
		# the two one after the other: the sum of the times, the
		# larger peak
		awk -v a="$conv" -v b="$then_csv" -v c="$convert" 'BEGIN {
		    split(a, x, " "); split(b, y, " ")
		    printf "%.3f %d %s, then grid-import\n", x[1] + y[1],
		    (x[2] > y[2] ? x[2] : y[2]), c }' >>"$out/xlsx-both.runs"
	done
}

# row ROWS "WALL RSS LABEL" [CSV-WALL]: one line of the table, with the
# ratio of its wall time to CSV-WALL when given.
row() {
	echo "$2" | awk -v n="$1" -v base="${3:-}" '{
		label = $3; for (i = 4; i <= NF; i++) label = label " " $i
		printf "%-9s %-30s %8.2f s %9.0f/s %8.1f MB", n, label, $1, \
		    ($1 > 0 ? n / $1 : 0), $2 / 1024
		if (base != "") printf " %6.2f x", $1 / base
		printf "\n" }'
}

# same DIR NAME...: whether the people of the databases DIR/NAME.db are
# the same rows, every column but the time of the import.
same() {
	dir=$1
	shift
	first=
	for name in "$@"; do
		sum=$(sqlite3 "$dir/$name.db" "SELECT id_number, id_type,
		    name, sex, birth_date, phone, household_id, relation,
		    house_id, grid_code, residence, attrs FROM people
		    ORDER BY id_number" | cksum)
		if [ -z "$first" ]; then
			first=$sum
		elif [ "$sum" != "$first" ]; then
			echo "xlsx.sh: $dir/$name.db: not the rows of the" \
			    "CSV import" >&2
			exit 1
		fi
	done
}

# scale PEOPLE: generates the district and its workbook, times the three.
scale() {
	people=$1
	dir=$out/district-$people
	[ -f "$dir/people.csv" ] || "$build/bench/gendistrict" -p "$people" \
	    "$dir"
	if [ ! -f "$dir/people.xlsx" ] ||
	    [ -n "$(find "$dir/people.csv" -newer "$dir/people.xlsx")" ]; then
		"$build/bench/csv2xlsx" "$dir/people.csv" "$dir/people.xlsx"
	fi
	rm -f "$dir"/xbase.db*
	"$import" -q -d "$dir/xbase.db" "$dir/regions.csv" "$dir/grids.csv" \
	    "$dir/houses.csv" "$dir/households.csv"
	sqlite3 "$dir/xbase.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rounds "$dir"
	csv=$(median <"$out/xlsx-csv.runs")
	xlsx=$(median <"$out/xlsx-xlsx.runs")
	base=${csv%% *}
	row "$people" "$csv"
	row "$people" "$xlsx" "$base"
	echo "$people $(echo "$xlsx" | cut -d' ' -f2)" \
	    "$(echo "$csv" | cut -d' ' -f2)" >>"$out/xlsx.rss"
	if [ -z "$convert" ]; then
		same "$dir" xcsv xxlsx
		return 0
	fi
	row "$people" "$(median <"$out/xlsx-conv.runs")"
	row "$people" "$(median <"$out/xlsx-after.runs")"
	row "$people" "$(median <"$out/xlsx-both.runs")" "$base"
	same "$dir" xcsv xxlsx xconv
}

echo "grid-import of people.xlsx (one sheet, written by libxlsxwriter)"
echo "beside the same rows as people.csv, and beside converting the"
echo "workbook to CSV first; median of $runs runs, each into a fresh"
echo "database with the district's houses and households loaded."
[ -n "$convert" ] || echo "(neither xlsx2csv nor in2csv is installed:" \
    "the conversion is skipped; Debian: apt-get install xlsx2csv)"
echo
printf '%-9s %-30s %10s %11s %11s %8s\n' people tool wall rows/s \
    "peak mem" "to CSV"
rm -f "$out/xlsx.rss"
for n in ${GRID_BENCH_SCALES:-100000 1000000}; do
	scale "$n"
done
# Peak memory of the workbook import, at the smallest and the largest
# scale, and what it takes beyond the CSV import's: flat when that does
# not grow with the rows.
sort -n "$out/xlsx.rss" | awk 'NR == 1 { n0 = $1; m0 = $2; c0 = $3 }
    { n = $1; m = $2; c = $3 } END { if (NR > 1) printf "peak memory " \
    "of the .xlsx import: %.1f MB at %d rows, %.1f MB at %d; beyond " \
    "the CSV import'"'"'s: %+.1f MB and %+.1f MB\n", m0 / 1024, n0, \
    m / 1024, n, (m0 - c0) / 1024, (m - c) / 1024 }'
