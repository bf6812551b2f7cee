#!/bin/sh
# pgload.sh - loads district databases of gridkit into PostgreSQL (12 or
# later), with Debian's sqlite3 and psql (COPY), no loader of our own: see
# gridkit-city(7), THE POSTGRESQL PATH.
#
#	pgload.sh [-d|--dbname CONNINFO] [-s|--schema SCHEMA] [-q|--quiet]
#	    [[--district CODE] DB]... | -h|--help
#
# Every table of each database (not the R*Tree grid_rtree nor its shadow
# tables) becomes a table of SCHEMA (default gridkit) with a first column
# district, part of every primary key, so that keys local to a district
# (house, household, worker and visit ids) stay apart.  The tables and
# columns are read from the SQLite file itself (PRAGMA table_list and
# table_info): a column added by a later schema version is added to
# PostgreSQL by the next load.  Types: INTEGER bigint, REAL double
# precision (written with 17 significant digits: every coordinate exactly
# as stored), attrs jsonb, the time columns (TIME_COLUMNS below) timestamptz
# and the date columns (DATE_COLUMNS) date, other TEXT text.
#
# A load is incremental: each district database is one transaction; a
# table's rows are copied into a temporary table and only the rows that
# changed are written (new rows inserted, changed rows updated, rows gone
# from the district's file deleted); case_log, which only grows, is copied
# from the last id loaded on.  A second load of an unchanged file writes
# nothing, and what it reads is the district's rows (each table's
# differences are EXCEPTs of the district's keys and the file's, each
# computed once, never a probe per row of the city's tables); a table
# where a tenth or more of the district's rows came or went is analysed
# before the commit, so that the next load plans knowing them.  One line
# per district and table tells what changed (inserted, updated, deleted),
# and SCHEMA.loads keeps a row per load.  The file's unique indexes
# (cases_external: the same Open311 id may come from two districts' feeds)
# are made with district as their first column.
#
# The district: --district CODE before the database, else the database's
# jurisdiction (the setting division_code), else the one region of level
# district in its regions table.
#
# Exit status: 0; 64 usage; 65 a database whose district cannot be told;
# 66 a database missing or not a gridkit database; 69 PostgreSQL not
# reachable or refusing the load (nothing of that district written).
set -eu

# The columns that hold times and dates, by name: one list, read by the
# load and by its test (tests/pg/run.sh checks that every column of a
# database whose values look like times is in one of them).
TIME_COLUMNS='at deadline reply_due *_at'
DATE_COLUMNS='date birth_date move_in_date permit_expiry since until next_date'

prog=grid-pgload
conninfo=""
schema=gridkit
quiet=0

usage() {
	echo "usage: $prog [-d CONNINFO] [-s SCHEMA] [-q] [[--district CODE] DB]..." >&2
	exit 64
}

fail() {
	status=$1
	shift
	echo "$prog: $*" >&2
	exit "$status"
}

note() {
	[ "$quiet" -eq 1 ] || echo "$*" >&2
}

matches() {	# NAME PATTERNS: 1 when NAME matches one of the patterns
	for p in $2; do
		# shellcheck disable=SC2254
		case $1 in $p) return 0 ;; esac
	done
	return 1
}

# pgtype TABLE COLUMN SQLITE_TYPE
pgtype() {
	set -f
	if [ "$2" = attrs ]; then
		echo jsonb
	elif matches "$2" "$TIME_COLUMNS"; then
		echo timestamptz
	elif matches "$2" "$DATE_COLUMNS"; then
		echo date
	else
		case $3 in
		INTEGER) echo bigint ;;
		REAL) echo 'double precision' ;;
		*) echo text ;;
		esac
	fi
	set +f
}

# The value of a column as the CSV of COPY reads it: text always quoted
# (so an empty string is not NULL), reals with 17 digits.
export_expr() {
	case $2 in
	REAL) echo "CASE WHEN \"$1\" IS NULL THEN NULL ELSE printf('%!.17g', \"$1\") END" ;;
	INTEGER) echo "\"$1\"" ;;
	*) echo "CASE WHEN \"$1\" IS NULL THEN NULL ELSE '\"' || replace(\"$1\", '\"', '\"\"') || '\"' END" ;;
	esac
}

psql_run() {
	if [ -n "$conninfo" ]; then
		psql -X -q -v ON_ERROR_STOP=1 -d "$conninfo" "$@"
	else
		psql -X -q -v ON_ERROR_STOP=1 "$@"
	fi
}

# sq DB SQL: a read-only query of the district's file.
sq() {
	sqlite3 -readonly -batch -noheader "$1" "$2"
}

# load DB DISTRICT
load() {
	db=$1
	d=$2
	work=$(mktemp -d)
	[ -z "${PGLOAD_DEBUG:-}" ] || echo "$work" >&2
	# shellcheck disable=SC2064
	[ -n "${PGLOAD_DEBUG:-}" ] || trap "rm -rf '$work'" EXIT INT TERM
	sql=$work/load.sql
	version=$(sq "$db" 'PRAGMA user_version')
	last_log=$(psql_run -At -c "SELECT coalesce(max(id), 0) FROM \"$schema\".case_log WHERE district = '$d'" 2>/dev/null || echo 0)
	case $last_log in ''|*[!0-9]*) last_log=0 ;; esac
	{
		echo "CREATE SCHEMA IF NOT EXISTS \"$schema\";"
		echo "CREATE TABLE IF NOT EXISTS \"$schema\".loads (district text NOT NULL, source text NOT NULL, schema_version integer NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now(), inserted bigint NOT NULL, updated bigint NOT NULL, deleted bigint NOT NULL);"
		echo "CREATE TEMP TABLE load_counts (tbl text, inserted bigint, updated bigint, deleted bigint, rows bigint NOT NULL DEFAULT 0) ON COMMIT DROP;"
		echo "SET LOCAL work_mem = '256MB';"
	} >"$sql"
	for t in $(sq "$db" "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"); do
		sq "$db" "SELECT name, CASE WHEN upper(type) LIKE '%INT%' THEN 'INTEGER' WHEN upper(type) LIKE '%REAL%' THEN 'REAL' ELSE 'TEXT' END, \"notnull\", pk FROM pragma_table_info('$t') ORDER BY cid" >"$work/cols"
		cols=""
		pks=""
		exprs=""
		defs=""
		adds=""
		while IFS='|' read -r name type notnull pk; do
			pt=$(pgtype "$t" "$name" "$type")
			cols="$cols${cols:+, }\"$name\""
			exprs="$exprs${exprs:+ || ',' || }coalesce($(export_expr "$name" "$type"), '')"
			nn=""
			[ "$notnull" = 1 ] && nn=" NOT NULL"
			defs="$defs, \"$name\" $pt$nn"
			adds="${adds}ALTER TABLE \"$schema\".\"$t\" ADD COLUMN IF NOT EXISTS \"$name\" $pt;
"
			[ "$pk" -gt 0 ] && echo "$pk $name" >>"$work/pk.$t"
		done <"$work/cols"
		[ -f "$work/pk.$t" ] && pks=$(sort -n "$work/pk.$t" | while read -r _ n; do printf ', "%s"' "$n"; done)
		where=""
		[ "$t" = case_log ] && where=" WHERE id > $last_log"
		sq "$db" "SELECT $exprs FROM \"$t\"$where" >"$work/$t.csv"
		key="district$pks"
		set -- $(echo "$cols" | tr -d ',')
		sets=""
		news=""
		for c in "$@"; do
			sets="$sets${sets:+, }$c = x.$c"
			news="$news${news:+, }x.$c"
		done
		[ -n "$pks" ] || fail 66 "$db: table $t has no primary key"
		match=$(echo "$pks" | sed 's/^, //; s/"\([^"]*\)"/t."\1" = x."\1"/g; s/, / AND /g')
		keys=${pks#, }
		tt="\"$schema\".\"$t\""
		# the file's unique indexes (cases_external), per district
		uniq=$(sq "$db" "SELECT 'CREATE UNIQUE INDEX IF NOT EXISTS \"' || i.name || '\" ON $tt (district, ' || (SELECT group_concat('\"' || c.name || '\"', ', ') FROM pragma_index_info(i.name) AS c) || ')' || CASE WHEN i.partial THEN ' ' || replace(substr(m.sql, instr(m.sql, 'WHERE')), char(10), ' ') ELSE '' END || ';' FROM pragma_index_list('$t') AS i JOIN sqlite_master AS m ON m.name = i.name WHERE i.\"unique\" AND i.origin = 'c'")
		{
			echo "CREATE TABLE IF NOT EXISTS $tt (district text NOT NULL$defs, PRIMARY KEY ($key));"
			printf '%s' "$adds"
			[ -z "$uniq" ] || echo "$uniq"
			echo "CREATE TEMP TABLE \"stage_$t\" ON COMMIT DROP AS SELECT $cols FROM $tt WITH NO DATA;"
			printf '\\copy "stage_%s" (%s) FROM '"'"'%s'"'"' WITH (FORMAT csv)\n' \
			    "$t" "$cols" "$work/$t.csv"
			echo "CREATE INDEX ON \"stage_$t\" ($keys);"
			echo "ANALYZE \"stage_$t\";"
			# the district's rows in the file (case_log: the ids
			# before the stage's and the stage's)
			n0=0
			[ "$t" = case_log ] && n0=$last_log
			echo "INSERT INTO load_counts SELECT '$t', 0, 0, 0, $n0 + count(*) FROM \"stage_$t\";"
			# Set-based, and sized by the district, never by the
			# city: what went, what changed and what came are each
			# an EXCEPT of the district's rows (read through the
			# primary key, whose first column is district) and the
			# file's (a hashed or sorted set operation, whatever
			# the planner thinks of the tables' sizes), computed
			# once (MATERIALIZED: never again for each row of a
			# join that statistics older than the district's rows
			# made a nested loop), then joined by key to the few
			# rows it names.
			dist="SELECT $keys FROM $tt WHERE district = :'district'"
			if [ "$t" != case_log ]; then
				echo "WITH g AS MATERIALIZED ($dist EXCEPT SELECT $keys FROM \"stage_$t\"),"
				echo "d AS (DELETE FROM $tt AS t USING g AS x WHERE t.district = :'district' AND $match RETURNING 1)"
				echo "INSERT INTO load_counts SELECT '$t', 0, 0, count(*) FROM d;"
				echo "WITH c AS MATERIALIZED (SELECT $cols FROM \"stage_$t\" EXCEPT SELECT $cols FROM $tt WHERE district = :'district'),"
				echo "u AS (UPDATE $tt AS t SET $sets FROM c AS x WHERE t.district = :'district' AND $match RETURNING 1)"
				echo "INSERT INTO load_counts SELECT '$t', 0, count(*), 0 FROM u;"
			else
				dist="$dist AND id > $last_log"
			fi
			echo "WITH n AS MATERIALIZED (SELECT $keys FROM \"stage_$t\" EXCEPT $dist),"
			echo "i AS (INSERT INTO $tt (district, $cols) SELECT :'district', $news FROM \"stage_$t\" AS x JOIN n AS t ON $match RETURNING 1)"
			echo "INSERT INTO load_counts SELECT '$t', count(*), 0, 0 FROM i;"
		} >>"$sql"
	done
	{
		echo "INSERT INTO \"$schema\".loads (district, source, schema_version, inserted, updated, deleted) SELECT :'district', :'source', $version, coalesce(sum(inserted), 0), coalesce(sum(updated), 0), coalesce(sum(deleted), 0) FROM load_counts;"
		echo "SELECT tbl, sum(inserted), sum(updated), sum(deleted) FROM load_counts GROUP BY tbl HAVING sum(inserted) + sum(updated) + sum(deleted) > 0 ORDER BY tbl;"
		# Statistics that know the district's rows, before the next
		# load plans its joins: a table where a tenth or more of the
		# district's rows came or went is analysed now (autovacuum
		# would, later; a new district of 1 M rows in a city's table
		# of 15 M does not even reach its threshold).
		printf '%s \\gexec\n' "SELECT format('ANALYZE %I.%I', '$schema', tbl) FROM load_counts GROUP BY tbl HAVING sum(inserted) + sum(deleted) > 0 AND sum(inserted) + sum(deleted) >= sum(rows) / 10 ORDER BY tbl"
	} >>"$sql"
	views >>"$sql"
	if ! psql_run -At -F ' ' --single-transaction -v district="$d" -v source="$db" -f "$sql" >"$work/out" 2>"$work/err"; then
		sed "s|^|$prog: $db: |" "$work/err" >&2
		[ -n "${PGLOAD_DEBUG:-}" ] || rm -rf "$work"
		trap - EXIT INT TERM
		exit 69
	fi
	if [ -s "$work/out" ]; then
		while read -r tbl ins upd del; do
			note "$db: district $d: $tbl: $ins inserted, $upd updated, $del deleted"
		done <"$work/out"
	else
		note "$db: district $d: unchanged"
	fi
	[ -n "${PGLOAD_DEBUG:-}" ] || rm -rf "$work"
	trap - EXIT INT TERM
}

# Views across districts (created again after every load, so they follow
# new columns): the size of each district and its cases by month.
views() {
	cat <<EOF
CREATE OR REPLACE VIEW "$schema".district_summary AS
  SELECT d.district,
    (SELECT count(*) FROM "$schema".grids g WHERE g.district = d.district) AS grids,
    (SELECT count(*) FROM "$schema".houses h WHERE h.district = d.district) AS houses,
    (SELECT count(*) FROM "$schema".people p WHERE p.district = d.district) AS people,
    (SELECT count(*) FROM "$schema".cases c WHERE c.district = d.district) AS cases,
    (SELECT max(l.loaded_at) FROM "$schema".loads l WHERE l.district = d.district) AS loaded_at
  FROM (SELECT DISTINCT district FROM "$schema".loads) AS d;
CREATE OR REPLACE VIEW "$schema".cases_by_month AS
  SELECT c.district, to_char(c.reported_at AT TIME ZONE z.value, 'YYYY-MM') AS month,
    c.grid_code, count(*) AS reported,
    count(*) FILTER (WHERE c.status = 'closed') AS closed
  FROM "$schema".cases c
  JOIN "$schema".settings z ON z.district = c.district AND z.key = 'time_zone'
  GROUP BY 1, 2, 3;
EOF
}

district=""
n=0
while [ $# -gt 0 ]; do
	case $1 in
	-d|--dbname) [ $# -ge 2 ] || usage; conninfo=$2; shift 2 ;;
	-s|--schema) [ $# -ge 2 ] || usage; schema=$2; shift 2 ;;
	-q|--quiet) quiet=1; shift ;;
	--district) [ $# -ge 2 ] || usage; district=$2; shift 2 ;;
	-h|--help)
		sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0 ;;
	-*) echo "$prog: $1: unknown option" >&2; usage ;;
	*)
		db=$1
		shift
		[ -r "$db" ] || fail 66 "$db: cannot read the database"
		case $(sq "$db" 'PRAGMA user_version' 2>/dev/null) in
		''|0) fail 66 "$db: not a gridkit database" ;;
		esac
		d=$district
		if [ -z "$d" ]; then
			# its jurisdiction (schema 6), else its one district
			d=$(sq "$db" "SELECT coalesce((SELECT nullif(value, '') FROM settings WHERE key = 'division_code'), (SELECT CASE WHEN count(*) = 1 THEN max(code) END FROM regions WHERE level = 'district'))")
			[ -n "$d" ] || fail 65 "$db: no single district in its regions: name it with --district CODE"
		fi
		case $d in
		*[!0-9A-Za-z_]*|'') fail 64 "--district: not a code: '$d'" ;;
		esac
		case $schema in
		*[!0-9a-z_]*|'') fail 64 "--schema: not a plain name: '$schema'" ;;
		esac
		load "$db" "$d"
		district=""
		n=$((n + 1))
		;;
	esac
done
[ "$n" -gt 0 ] || usage
