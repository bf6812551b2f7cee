#!/bin/sh
# bench/stats.sh [BUILD] - grid-stats population --by community on the
# generated district of 1 M people beside one hand-written sqlite3 query
# computing the same counts (people, sex, households, age bands,
# floating, overseas per community, no tags, no shares), with wall time,
# the ratio and peak memory.  Target: within 1.2x.  The people are
# imported with grid-import once and kept in bench/out/ (as bench/run.sh
# leaves them).  Not part of make check.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$top/bench/out
people=${GRID_BENCH_PEOPLE:-1000000}
dir=$out/district-$people
. "$top/bench/lib.sh"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$build/bench/gendistrict" \
    "$top/bench/gendistrict.c"
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai
unset GRID_DB

[ -f "$dir/people.csv" ] || "$build/bench/gendistrict" -p "$people" "$dir"
db=$dir/stats.db
if [ ! -f "$db" ]; then
	"$build/bin/grid-import" -q -d "$db" "$dir/regions.csv" \
	    "$dir/grids.csv" "$dir/houses.csv" "$dir/households.csv" \
	    "$dir/people.csv"
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
fi

# The same counts by hand: ages on 2026-06-15 from the birth date text.
query="WITH a AS (SELECT substr(grid_code, 1, 12) AS unit, count(*) AS n,
  sum(sex = 'M') AS male, sum(sex = 'F') AS female,
  count(DISTINCT household_id) AS households,
  sum(birth_date > '2011-06-15' AND birth_date <= '2026-06-15') AS a0,
  sum(birth_date > '1966-06-15' AND birth_date <= '2011-06-15') AS a15,
  sum(birth_date > '1961-06-15' AND birth_date <= '1966-06-15') AS a60,
  sum(birth_date > '1946-06-15' AND birth_date <= '1961-06-15') AS a65,
  sum(birth_date <= '1946-06-15') AS a80,
  sum(residence = 'floating') AS floating,
  sum(residence = 'overseas') AS overseas
  FROM people WHERE birth_date IS NULL OR birth_date <= '2026-06-15'
  GROUP BY 1)
SELECT r.code, r.name, ifnull(a.n, 0), a.male, a.female, a.households,
  a.a0, a.a15, a.a60, a.a65, a.a80, a.floating, a.overseas
FROM regions r LEFT JOIN a ON a.unit = r.code
WHERE r.level = 'community' ORDER BY r.code;"

# warm the page cache, then time each twice and keep the faster
sqlite3 "$db" "SELECT count(*) FROM people" >/dev/null
gs=$(best grid-stats "$build/bin/grid-stats" population --by community \
    -d "$db" -f csv)
sq=$(best sqlite3 sqlite3 -csv "$db" "$query")

echo "grid-stats population --by community beside one hand-written query"
echo "in sqlite3 (the same counts, without tags); $people people"
echo
printf '%-9s %-24s %10s %11s\n' people tool "wall" "peak mem"
compare "$people" "$gs" "$sq"
