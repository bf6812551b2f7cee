#!/bin/sh
# bench/pg.sh [BUILD] - grid-pgload (tools/pgload.sh) at district scale:
# the generated year of 1 M cases (bench/cases.sh's year.db, made first
# when missing) loaded into a new PostgreSQL database, loaded again
# unchanged, and again after 1,000 cases changed; beside pgloader with
# its defaults (what a user would try first), when installed, on the same
# file: wall time, the ratio, and whether its coordinates survive.
# Needs a server (tools/pgstart.sh); PGBENCH_CONNINFO names another.
# Not part of make check or make bench's default run: make bench runs it
# when GRID_BENCH_PG=1.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$top/bench/out/pg
. "$top/bench/lib.sh"
year=$top/bench/out/cases/year.db
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai LC_ALL=C
unset GRID_DB
[ -f "$year" ] || sh "$top/bench/cases.sh" "$build"

base=${PGBENCH_CONNINFO:-}
pgdb=gridkit_bench_$$
admin() {
	psql -X -q -v ON_ERROR_STOP=1 -d "${base:+$base }dbname=postgres" -c "$1"
}
admin "CREATE DATABASE $pgdb"
admin "CREATE DATABASE ${pgdb}_pgloader"
trap 'admin "DROP DATABASE IF EXISTS $pgdb" 2>/dev/null;
    admin "DROP DATABASE IF EXISTS ${pgdb}_pgloader" 2>/dev/null' EXIT INT TERM
conn="${base:+$base }dbname=$pgdb"
work=$out/work.db
cp "$year" "$work"
ncases=$(sqlite3 "$work" "SELECT count(*) FROM cases")
echo "grid-pgload: $ncases cases ($(du -m "$work" | cut -f1) MB file)"
first=$(measure "first load" sh "$top/tools/pgload.sh" -q -d "$conn" "$work")
again=$(measure "unchanged" sh "$top/tools/pgload.sh" -q -d "$conn" "$work")
sqlite3 "$work" "UPDATE cases SET status = 'closed', closed_at =
    '2026-06-15T10:00:00+08:00' WHERE rowid IN (SELECT rowid FROM cases
    WHERE status <> 'closed' LIMIT 1000)"
some=$(measure "1,000 changed" sh "$top/tools/pgload.sh" -q -d "$conn" "$work")
printf '%s\n%s\n%s\n' "$first" "$again" "$some" |
    awk '{ printf "  %-24s %8s s %8.1f MB (client)\n", $3 " " $4, $1, $2 / 1024 }'
echo "  its types: $(psql -X -At -d "$conn" -c "SELECT string_agg(column_name
    || ' ' || data_type, ', ' ORDER BY column_name) FROM
    information_schema.columns WHERE table_schema = 'gridkit' AND table_name
    = 'cases' AND column_name IN ('x', 'reported_at', 'attrs')")"

if command -v pgloader >/dev/null 2>&1; then
	user=$(id -un)
	pl=$(measure "pgloader" pgloader "sqlite://$work" \
	    "pgsql://$user@unix:/var/run/postgresql:5432/${pgdb}_pgloader")
	echo "pgloader (defaults), the same file:"
	echo "$pl" | awk '{ printf "  %-24s %8s s %8.1f MB\n", $3, $1, $2 / 1024 }'
	echo "  ratio grid-pgload/pgloader: $(echo "$first $pl" |
	    awk '{ printf "%.2f", $1 / $5 }')"
	echo "  its types: $(psql -X -At -d "${base:+$base }dbname=${pgdb}_pgloader" -c \
	    "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY
	    column_name) FROM information_schema.columns WHERE table_name =
	    'cases' AND column_name IN ('x', 'reported_at', 'attrs')")"
else
	echo "pgloader: not installed (apt-get install pgloader to compare)"
fi
rm -f "$work"
