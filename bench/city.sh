#!/bin/sh
# bench/city.sh [BUILD] - the city benchmark: 16 generated districts of
# one city (bench/gendistrict.c with -c CODE, codes 320501-320516, a seed
# each) of GRID_BENCH_CITY_PEOPLE people (default 1,250,000) and a year of
# GRID_BENCH_CITY_CASES cases (default 1,000,000, each with its log: a
# report, register, dispatch, handle, verify and close row per step it
# took) each: 20 M people and 16 M cases at the default size.  Timed, with
# peak memory (bench/rusage.c):
#   - the city database built from them (grid-import --districts), 4, 8
#     and 16 districts in (a first load of each batch), then reloaded
#     unchanged and after a change in every district (1,000 people, 1,000
#     cases stepped, their log), with the seconds per district and per
#     table of the load's own summary;
#   - the city's monthly report (May 2026, by district and by community)
#     and population statistics by community over the city database with
#     4, 8 and 16 districts in (memory against the number of districts);
#   - the same through 16 -d, the monthly report with -j 1 (one database
#     after another) and with a worker per processor (the default);
#   - the same merged from 16 district reports (grid-report merge;
#     grid-stats merge when it exists), each district's report timed;
#   - the load into PostgreSQL (tools/pgload.sh) when GRID_BENCH_PG=1
#     (needs a server: sh tools/pgstart.sh; PGBENCH_CONNINFO names one),
#     of the first GRID_BENCH_PG_DISTRICTS districts (default all).
# The districts and their databases are kept in bench/out/city/ between
# runs (GRID_BENCH_CITY_FRESH=1 makes them again).  1/10 of the default
# size: GRID_BENCH_CITY_PEOPLE=125000 GRID_BENCH_CITY_CASES=100000.
# GRID_BENCH_CITY_DB=0 leaves the city database out (the disk it takes);
# it is removed after its figures unless GRID_BENCH_CITY_KEEP=1.
#
#	make bench-city                 # or: GRID_BENCH_CITY=1 make bench
#	GRID_BENCH_CITY_PEOPLE=125000 GRID_BENCH_CITY_CASES=100000 \
#	    sh bench/city.sh build
#
# Not part of make check (several GB, tens of minutes at full size).
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
people=${GRID_BENCH_CITY_PEOPLE:-1250000}
ncases=${GRID_BENCH_CITY_CASES:-1000000}
ndistricts=${GRID_BENCH_CITY_DISTRICTS:-16}
out=$top/bench/out/city/$people-$ncases
. "$top/bench/lib.sh"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$build/bench/gendistrict" \
    "$top/bench/gendistrict.c"
gen=$build/bench/gendistrict
bin=$build/bin
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai LC_ALL=C
export GRID_ACTOR=bench
unset GRID_DB
[ "${GRID_BENCH_CITY_FRESH:-0}" = 1 ] && rm -rf "$out"
mkdir -p "$out"

codes=$(i=1; while [ "$i" -le "$ndistricts" ]; do
	printf '3205%02d\n' "$i"; i=$((i + 1)); done)

# timed COMMAND...: runs it (output to $out/last.out), prints "WALL RSS
# CPU" (seconds, KiB, seconds of user and system time).
timed() {
	"$rusage" "$@" >"$out/last.out" 2>"$out/last.err" || {
		tail -n 5 "$out/last.err" >&2
		exit 1
	}
	tail -n 1 "$out/last.err" | sed 's/wall_s=\([^ ]*\) maxrss_kb=\([^ ]*\).*cpu_s=\([^ ]*\).*/\1 \2 \3/'
}

# line LABEL "WALL RSS CPU": one line of the tables.
line() {
	echo "$2" | awk -v t="$1" '{ printf "  %-44s %8.2f s %8.2f s cpu %8.1f MB\n",
	    t, $1, $3, $2 / 1024 }'
}

# The cases of a district: a year back from GRID_NOW, ids that carry its
# code (CODE YYYYMMDD NNNN), 95 % closed with every step in the log, the
# others dispatched.  Plain SQL into the district's file (what is timed
# is the city, not the making of its districts).
cases_sql() {
	cat <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
INSERT OR IGNORE INTO departments (code, name) VALUES ('CG01', '区城管局'),
  ('SW01', '区水务局'), ('ZJ01', '区住建局'), ('HB01', '区生态环境局');
CREATE TEMP TABLE g (n INTEGER PRIMARY KEY, code TEXT);
INSERT INTO g SELECT row_number() OVER (ORDER BY code), code FROM grids;
CREATE TEMP TABLE c (n INTEGER PRIMARY KEY, code TEXT);
INSERT INTO c SELECT row_number() OVER (ORDER BY code), code
  FROM categories WHERE code LIKE 'E%';
CREATE TEMP TABLE k AS
  WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s
    WHERE i < $ncases - 1)
  SELECT i, i % 365 AS day, i / 365 + 1 AS seq,
    480 + (i * 7919) % 540 AS minute FROM s;
INSERT INTO cases (id, source, category_code, grid_code, level, status,
  dept_code, reporter, reported_at, registered_at, dispatched_at,
  handled_at, verified_at, closed_at, deadline, rating)
SELECT '$1' || strftime('%Y%m%d', '2025-06-15', '+' || day || ' days')
    || printf('%04d', seq),
  CASE i % 3 WHEN 0 THEN 'worker' WHEN 1 THEN 'hotline' ELSE 'public_app' END,
  (SELECT code FROM c WHERE n = 1 + i % (SELECT count(*) FROM c)),
  (SELECT code FROM g WHERE n = 1 + (i * 2654435761) % (SELECT count(*) FROM g)),
  'grid', CASE WHEN i % 20 = 0 THEN 'dispatched' ELSE 'closed' END,
  CASE i % 4 WHEN 0 THEN 'CG01' WHEN 1 THEN 'SW01' WHEN 2 THEN 'ZJ01'
    ELSE 'HB01' END, 'hotline',
  strftime('%Y-%m-%dT%H:%M:00+08:00', '2025-06-15', '+' || day || ' days',
    '+' || minute || ' minutes'),
  strftime('%Y-%m-%dT%H:%M:00+08:00', '2025-06-15', '+' || day || ' days',
    '+' || (minute + 10) || ' minutes'),
  strftime('%Y-%m-%dT%H:%M:00+08:00', '2025-06-15', '+' || day || ' days',
    '+' || (minute + 30) || ' minutes'),
  CASE WHEN i % 20 <> 0 THEN strftime('%Y-%m-%dT%H:%M:00+08:00',
    '2025-06-15', '+' || (day + 1 + i % 4) || ' days',
    '+' || minute || ' minutes') END,
  CASE WHEN i % 20 <> 0 THEN strftime('%Y-%m-%dT%H:%M:00+08:00',
    '2025-06-15', '+' || (day + 1 + i % 4) || ' days',
    '+' || (minute + 60) || ' minutes') END,
  CASE WHEN i % 20 <> 0 THEN strftime('%Y-%m-%dT%H:%M:00+08:00',
    '2025-06-15', '+' || (day + 1 + i % 4) || ' days',
    '+' || (minute + 90) || ' minutes') END,
  strftime('%Y-%m-%dT17:30:00+08:00', '2025-06-15', '+' || (day + 3)
    || ' days'),
  CASE WHEN i % 20 <> 0 THEN substr('AABBC', 1 + i % 5, 1) END
FROM k ORDER BY day, minute, i;
-- the log in time order, as a live platform writes it
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
SELECT id, at, 'bench', action, f, t FROM (
  SELECT id, reported_at AS at, 'report' AS action, NULL AS f,
    'reported' AS t, 0 AS o FROM cases
  UNION ALL SELECT id, registered_at, 'register', 'reported', 'registered',
    1 FROM cases
  UNION ALL SELECT id, dispatched_at, 'dispatch', 'registered',
    'dispatched', 2 FROM cases
  UNION ALL SELECT id, handled_at, 'handle', 'dispatched', 'handled', 3
    FROM cases WHERE handled_at IS NOT NULL
  UNION ALL SELECT id, verified_at, 'verify', 'handled', 'verified', 4
    FROM cases WHERE verified_at IS NOT NULL
  UNION ALL SELECT id, closed_at, 'close', 'verified', 'closed', 5
    FROM cases WHERE closed_at IS NOT NULL)
ORDER BY at, o, id;
COMMIT;
PRAGMA journal_mode = WAL;
EOF
}

# The districts (made once, kept).
k=0
for code in $codes; do
	k=$((k + 1))
	db=$out/$code.db
	[ -f "$db" ] && continue
	dir=$out/$code
	"$gen" -p "$people" -c "$code" --seed "$k" "$dir" >/dev/null
	rm -f "$db.tmp"
	(cd "$dir" && "$bin/grid-import" -q -d "$db.tmp" regions.csv grids.csv \
	    houses.csv households.csv people.csv)
	cases_sql "$code" | sqlite3 "$db.tmp" >/dev/null
	mv "$db.tmp" "$db"
	rm -rf "$dir"
done
dbs=$(for code in $codes; do echo "$out/$code.db"; done)
# kept districts of an older schema: upgraded once (a reader refuses them)
for db in $dbs; do
	"$bin/grid-import" -q --settings -d "$db" >/dev/null
done
first4=$(echo "$dbs" | head -n 4)
next4=$(echo "$dbs" | sed -n '5,8p')
rest=$(echo "$dbs" | sed -n '9,$p')
echo "the city benchmark: $ndistricts districts of $people people and" \
    "$ncases cases (and their log) each; $(du -cm $dbs | tail -n 1 |
    cut -f1) MB of district files"

# grid-import --districts: the city database, 4, 8 and 16 districts in,
# each batch a first load, and the reports over it at each size (left out
# with GRID_BENCH_CITY_DB=0: at full size it is some 27 GB more on disk).
city_database() {
city=$out/city.db
rm -f "$city" "$city-wal" "$city-shm"
"$bin/grid-import" -q -d "$city" --division 320500 2>/dev/null ||
    "$bin/grid-import" -q -d "$city" --set division_code=320500
reports() {	# N: the city's reports over the city database of N districts
	line "monthly by district, city db ($1 districts)" "$(timed \
	    "$bin/grid-report" monthly --month 2026-05 --by district -f csv \
	    -d "$city")"
	line "population by community, city db ($1)" "$(timed \
	    "$bin/grid-stats" population --by community -f csv -d "$city")"
}
echo
echo "the city database (grid-import --districts):"
n=0
for batch in "$first4" "$next4" "$rest"; do
	[ -n "$batch" ] || continue
	n=$((n + $(echo "$batch" | wc -l)))
	# shellcheck disable=SC2086
	r=$(timed "$bin/grid-import" -q -d "$city" --districts \
	    -f csv -o "$out/load-$n.csv" $batch)
	line "first load of districts up to $n" "$r"
	reports "$n"
done
# shellcheck disable=SC2086
r=$(timed "$bin/grid-import" -q -d "$city" --districts -f csv \
    -o "$out/reload.csv" $dbs)
line "reload, all $n unchanged" "$r"
for db in $dbs; do
	sqlite3 "$db" "
BEGIN;
UPDATE people SET phone = '13900000000' WHERE rowid IN
  (SELECT rowid FROM people ORDER BY rowid DESC LIMIT 1000);
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, '2026-06-15T09:00:00+08:00', 'bench', 'handle', 'dispatched',
  'handled' FROM cases WHERE status = 'dispatched' ORDER BY id LIMIT 1000;
UPDATE cases SET status = 'handled',
  handled_at = '2026-06-15T09:00:00+08:00' WHERE id IN (SELECT id FROM cases
  WHERE status = 'dispatched' ORDER BY id LIMIT 1000);
COMMIT;" >/dev/null
done
# shellcheck disable=SC2086
r=$(timed "$bin/grid-import" -q -d "$city" --districts -f csv \
    -o "$out/change.csv" $dbs)
line "reload, 1,000 people and 1,000 cases changed in each" "$r"
cat "$out"/load-*.csv | awk -F, '$3 == "" && $1 != "file" {
	n++; s += $8; if ($8 > max) max = $8; if (min == "" || $8 < min) min = $8
} END { printf "  first load per district: mean %.2f s, min %.2f s, max %.2f s\n",
	s / n, min, max }'
awk -F, '$3 == "" && $1 != "file" { n++; s += $8 } END {
	printf "  change reload per district: mean %.2f s\n", s / n }' \
    "$out/change.csv"
echo "  first load, seconds per table (all districts):"
cat "$out"/load-*.csv | awk -F, '$3 != "" && $1 != "file" { s[$3] += $8;
	r[$3] += $4 } END { for (t in s) if (s[t] >= 0.05)
	printf "    %-20s %9.2f s %11d rows\n", t, s[t], r[t] }' | sort -k2 -rn
echo "  skipped (a person or an organisation another district holds):" \
    "$(cat "$out"/load-*.csv | awk -F, '$3 == "" && $1 != "file" {
    s += $7 } END { print s + 0 }')"
echo "  city database: $(du -m "$city" | cut -f1) MB"
}
n=$ndistricts
if [ "${GRID_BENCH_CITY_DB:-1}" = 1 ]; then
	city_database
	# at full size some 30 GB: kept for a look with GRID_BENCH_CITY_KEEP=1
	[ "${GRID_BENCH_CITY_KEEP:-0}" = 1 ] ||
	    rm -f "$city" "$city-wal" "$city-shm"
else
	echo
	echo "the city database: left out (GRID_BENCH_CITY_DB=0)"
fi

# Through several -d, when the tools take them.
echo
echo "the city's reports through $n -d:"
dflags=$(for db in $dbs; do printf ' -d %s' "$db"; done)
# shellcheck disable=SC2086
if "$bin/grid-report" monthly --month 2026-05 --by district -f csv \
    $dflags >/dev/null 2>"$out/many.err"; then
	# shellcheck disable=SC2086
	line "monthly by district, $n -d, -j 1" "$(timed "$bin/grid-report" \
	    monthly --month 2026-05 --by district -f csv -j 1 $dflags)"
	cp "$out/last.out" "$out/many-j1.csv"
	# shellcheck disable=SC2086
	line "monthly by district, $n -d, -j $(getconf \
	    _NPROCESSORS_ONLN)" "$(timed "$bin/grid-report" monthly \
	    --month 2026-05 --by district -f csv $dflags)"
	cmp -s "$out/last.out" "$out/many-j1.csv" ||
	    echo "  -j: NOT the same report as -j 1" >&2
else
	echo "  grid-report: $(head -n 1 "$out/many.err")"
fi
# shellcheck disable=SC2086
if "$bin/grid-stats" population --by community -f csv $dflags \
    >/dev/null 2>"$out/many.err"; then
	# shellcheck disable=SC2086
	line "population by community, $n -d, -j 1" "$(timed \
	    "$bin/grid-stats" population --by community -f csv -j 1 $dflags)"
	cp "$out/last.out" "$out/pop-j1.csv"
	# shellcheck disable=SC2086
	line "population by community, $n -d, -j $(getconf \
	    _NPROCESSORS_ONLN)" "$(timed "$bin/grid-stats" population \
	    --by community -f csv $dflags)"
	cmp -s "$out/last.out" "$out/pop-j1.csv" ||
	    echo "  -j: NOT the same statistic as -j 1" >&2
else
	echo "  grid-stats: $(head -n 1 "$out/many.err")"
fi

# Merged from the districts' own reports.
echo
echo "the city's reports merged from $n district reports:"
rm -f "$out"/m-*.ndjson "$out"/p-*.ndjson
for db in $dbs; do
	code=$(basename "$db" .db)
	timed "$bin/grid-report" monthly --month 2026-05 --by district \
	    -f ndjson -o "$out/m-$code.ndjson" -d "$db"
done | awk '{ s += $1; c += $3; if ($3 > w) w = $3; if ($2 > r) r = $2 }
END {
	printf "  %-44s %8.2f s %8.2f s cpu %8.1f MB\n  %-44s %8.2f s cpu\n",
	"monthly by district, each district (sum)", s, c, r / 1024,
	"... the slowest district", w }'
line "grid-report merge of the $n" "$(timed "$bin/grid-report" merge \
    -f csv "$out"/m-*.ndjson)"
if "$bin/grid-stats" merge --help >/dev/null 2>&1; then
	for db in $dbs; do
		code=$(basename "$db" .db)
		timed "$bin/grid-stats" population --by community \
		    -f ndjson -o "$out/p-$code.ndjson" -d "$db"
	done | awk '{ s += $1; c += $3; if ($2 > r) r = $2 } END {
		printf "  %-44s %8.2f s %8.2f s cpu %8.1f MB\n",
		"population by community, each district (sum)", s, c, r / 1024 }'
	line "grid-stats merge of the $n" "$(timed "$bin/grid-stats" \
	    merge -f csv "$out"/p-*.ndjson)"
else
	echo "  grid-stats merge: not built yet"
fi

# Into PostgreSQL: the first GRID_BENCH_PG_DISTRICTS (default all).
if [ "${GRID_BENCH_PG:-0}" = 1 ]; then
	n=${GRID_BENCH_PG_DISTRICTS:-$n}
	dbs=$(echo "$dbs" | head -n "$n")
	echo
	echo "the first $n districts into PostgreSQL (tools/pgload.sh):"
	base=${PGBENCH_CONNINFO:-}
	pgdb=gridkit_city_$$
	admin() {
		psql -X -q -v ON_ERROR_STOP=1 -d "${base:+$base }dbname=postgres" \
		    -c "$1"
	}
	admin "CREATE DATABASE $pgdb"
	trap 'admin "DROP DATABASE IF EXISTS $pgdb" 2>/dev/null' EXIT INT TERM
	# shellcheck disable=SC2086
	line "first load of the $n" "$(timed sh "$top/tools/pgload.sh" \
	    -q -d "${base:+$base }dbname=$pgdb" $dbs)"
	# shellcheck disable=SC2086
	line "reload, unchanged" "$(timed sh "$top/tools/pgload.sh" \
	    -q -d "${base:+$base }dbname=$pgdb" $dbs)"
fi
