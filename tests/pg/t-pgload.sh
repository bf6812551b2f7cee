#!/bin/sh
# tests/pg/t-pgload.sh - tools/pgload.sh against a real PostgreSQL server
# (make pgtest; .ci/run starts Debian's).  Two districts (the demo's, and a
# copy of it named as another district that then changes) are loaded into a
# new database; the figures computed in SQL on PostgreSQL must equal
# gridkit's own, coordinates and times exactly as stored, and reloads must
# write only what changed.  PGTEST_CONNINFO: the server (default: the
# local socket, the current user); a database gridkit_pgtest_PID is made
# there and dropped afterwards.
. "$(dirname "$0")/../e2e/lib.sh"

LOAD="sh $GRID_TOP/tools/pgload.sh"
base=${PGTEST_CONNINFO:-}
pgdb=gridkit_pgtest_$$
conn="${base:+$base }dbname=$pgdb"
admin() {
	psql -X -q -v ON_ERROR_STOP=1 -d "${base:+$base }dbname=postgres" \
	    -c "$1"
}
if ! admin "CREATE DATABASE $pgdb" 2>"$T/pgerr"; then
	echo "not ok 1 - a PostgreSQL server to test against: $(cat "$T/pgerr")"
	exit 1
fi
trap 'admin "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" 2>/dev/null; cd /;
    rm -rf "$T"' EXIT INT TERM
pg() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$conn" -c "$1"
}

# ---- two districts ----
GRID_DEMO_DIR=$T/a sh "$GRID_TOP/tools/demo.sh" "$GRID_BUILD" >demo.log 2>&1
ok "the demo database" test -s "$T/a/grid.db"
A=$T/a/grid.db
B=$T/b.db
sqlite3 -batch "$A" "VACUUM INTO '$B'"
chmod 600 "$B"
GRID_DB=$B grid-case report -q --source public_app --category E0102 \
    --x 120.619017 --y 31.311876 --description 'B 区的案件' -f id >b.id
ok "district B has a case of its own" test -s b.id

run $LOAD -d "$conn" "$A" --district 320599 "$B"
status 0 "both districts loaded"
err_has "$A: district 320508: people: 151 inserted" "A's district from its regions"
err_has "$B: district 320599: cases:" "B's district as given"

# ---- every table, every row, keys kept apart ----
tables=$(sqlite3 -batch "$A" "SELECT name FROM pragma_table_list WHERE
    schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%'
    ESCAPE '\\' ORDER BY name")
bad=""
for db in "$A:320508" "$B:320599"; do
	f=${db%:*}
	d=${db##*:}
	for t in $tables; do
		want=$(sqlite3 -batch "$f" "SELECT count(*) FROM \"$t\"")
		got=$(pg "SELECT count(*) FROM gridkit.\"$t\" WHERE district = '$d'")
		[ "$want" = "$got" ] || bad="$bad $d.$t:$want/$got"
	done
done
is "$bad" "" "every table of both districts: as many rows as the files"
is "$(pg "SELECT count(*) FROM gridkit.houses WHERE id = 'H0010'")" 2 \
    "the same house id in two districts: two rows"
is "$(pg "SELECT count(*) FROM information_schema.tables WHERE
    table_schema = 'gridkit' AND table_name LIKE 'grid\\_rtree%'")" 0 \
    "no R*Tree nor shadow tables"

# ---- types ----
is "$(pg "SELECT string_agg(table_name || '.' || column_name || ' ' ||
    data_type, ',' ORDER BY table_name, column_name) FROM
    information_schema.columns WHERE table_schema = 'gridkit' AND
    ((table_name = 'houses' AND column_name IN ('x', 'y')) OR
    (table_name = 'cases' AND column_name IN ('reported_at', 'deadline'))
    OR (table_name = 'people' AND column_name IN ('attrs', 'birth_date')))")" \
    "cases.deadline timestamp with time zone,cases.reported_at timestamp with time zone,houses.x double precision,houses.y double precision,people.attrs jsonb,people.birth_date date" \
    "coordinates double precision, times timestamptz, dates date, attrs jsonb"

# Every column of the file whose values look like times or dates has a
# time or date type: the lists of tools/pgload.sh cover the schema.
untyped=""
for t in $tables; do
	for c in $(sqlite3 -batch "$A" "SELECT name FROM pragma_table_info('$t')
	    WHERE upper(type) = 'TEXT'"); do
		looks=$(sqlite3 -batch "$A" "SELECT count(*) FROM \"$t\" WHERE
		    \"$c\" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
		    AND length(\"$c\") IN (10, 25)")
		[ "$looks" -gt 0 ] || continue
		type=$(pg "SELECT data_type FROM information_schema.columns WHERE
		    table_schema = 'gridkit' AND table_name = '$t' AND
		    column_name = '$c'")
		case $type in
		date|"timestamp with time zone") ;;
		*) untyped="$untyped $t.$c:$type" ;;
		esac
	done
done
is "$untyped" "" "every time and date column typed as one"

# Coordinates exactly as the sheet gave them (not 4-byte floats): every
# house of the fixture, its x and y read by PostgreSQL from the CSV's text.
sed 1d "$DISTRICT/houses.csv" >houses.body
hx=$(head -1 "$DISTRICT/houses.csv" | tr ',' '\n' | grep -n '^x$' | cut -d: -f1)
hy=$(head -1 "$DISTRICT/houses.csv" | tr ',' '\n' | grep -n '^y$' | cut -d: -f1)
values=$(awk -F, -v x="$hx" -v y="$hy" '$x != "" {
	printf "%s(%c%s%c, %s::float8, %s::float8)", sep, 39, $1, 39, $x, $y
	sep = ", " }' houses.body)
is "$(pg "SELECT count(*), count(*) FILTER (WHERE h.x = s.x AND h.y = s.y)
    FROM (VALUES $values) AS s(id, x, y) JOIN gridkit.houses h ON
    h.id = s.id AND h.district = '320508'" | tr '|' ' ')" \
    "$(awk -F, -v x="$hx" '$x != ""' houses.body | wc -l | tr -d ' ') $(awk -F, -v x="$hx" '$x != ""' houses.body | wc -l | tr -d ' ')" \
    "every house's x and y equal to the sheet's, as double precision"
is "$(pg "SELECT x FROM gridkit.cases WHERE district = '320599' AND
    description = 'B 区的案件'")" 120.619017 "a case's x: 120.619017"

# Times: the same instants.
is "$(pg "SELECT sum(extract(epoch FROM reported_at))::bigint FROM
    gridkit.cases WHERE district = '320508'")" \
    "$(sqlite3 -batch "$A" 'SELECT sum(unixepoch(reported_at)) FROM cases')" \
    "cases.reported_at: the same instants"
is "$(pg "SELECT attrs->>'民族' FROM gridkit.people WHERE district =
    '320508' AND attrs ? '民族' ORDER BY id_number LIMIT 1")" \
    "$(sqlite3 -batch "$A" "SELECT json_extract(attrs, '\$.民族') FROM people
    WHERE json_extract(attrs, '\$.民族') IS NOT NULL ORDER BY id_number
    LIMIT 1")" "attrs read as JSON"

# ---- gridkit's figures, computed again in SQL on PostgreSQL ----
GRID_DB=$A grid-stats population --by community -f csv |
    awk -F, 'NR > 1 { print $2 "|" $4 }' | sort >pop.tool
pg "SELECT coalesce(g.community_code, ''), count(*) FROM gridkit.people p
    LEFT JOIN gridkit.grids g ON g.district = p.district AND
    g.code = p.grid_code WHERE p.district = '320508' GROUP BY 1" |
    sort >pop.pg
ok "the tool's population per community has rows" test -s pop.tool
same pop.tool pop.pg "people per community: PostgreSQL = grid-stats population"
for d in "$A:320508" "$B:320599"; do
	GRID_DB=${d%:*} grid-report monthly --month 2026-05 --by grid -f csv |
	    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	    NR > 1 && $c["reported"] > 0 { print $c["unit"] "|" $c["reported"] }' |
	    sort >rep.tool
	pg "SELECT grid_code, reported FROM gridkit.cases_by_month WHERE
	    district = '${d##*:}' AND month = '2026-05'" | sort >rep.pg
	same rep.tool rep.pg "${d##*:}: cases reported per grid in 2026-05: PostgreSQL = grid-report"
done
is "$(pg "SELECT string_agg(district || ':' || people, ',' ORDER BY district)
    FROM gridkit.district_summary")" "320508:151,320599:151" \
    "the view across districts"

# ---- reloads write what changed ----
run $LOAD -d "$conn" "$A"
status 0 "A again"
err_line "$A: district 320508: unchanged" "an unchanged file writes nothing"
GRID_DB=$B grid-case register -q "$(cat b.id)" >/dev/null
sqlite3 -batch "$B" "DELETE FROM worker_grids WHERE (worker_id, grid_code) IN
    (SELECT worker_id, grid_code FROM worker_grids ORDER BY 1, 2 LIMIT 1)"
before=$(pg "SELECT count(*) FROM gridkit.case_log WHERE district = '320599'")
run $LOAD -d "$conn" --district 320599 "$B"
status 0 "B again, after a step and a deleted row"
err_line "$B: district 320599: case_log: 1 inserted, 0 updated, 0 deleted" \
    "the step's log row, only it"
err_line "$B: district 320599: cases: 0 inserted, 1 updated, 0 deleted" \
    "the stepped case updated"
err_line "$B: district 320599: worker_grids: 0 inserted, 0 updated, 1 deleted" \
    "the deleted row deleted"
for line in "case_log: 1 inserted, 0 updated, 0 deleted" \
    "cases: 0 inserted, 1 updated, 0 deleted" \
    "worker_grids: 0 inserted, 0 updated, 1 deleted"; do
	echo "$B: district 320599: $line"
done >changed.want
same changed.want "$T/err" "nothing else written"
is "$(pg "SELECT count(*) FROM gridkit.case_log WHERE district = '320599'")" \
    $((before + 1)) "case_log: one more row"
is "$(pg "SELECT status FROM gridkit.cases WHERE district = '320599' AND
    id = '$(cat b.id)'")" registered "the case's new status"
is "$(pg "SELECT status FROM gridkit.cases WHERE district = '320508' AND
    id = '$(cat b.id)'")" "" "A's file knows nothing of B's case"

# ---- the same Open311 id from two districts' feeds ----
for f in "$A" "$B"; do
	sqlite3 -batch "$f" "UPDATE cases SET external_source = 'hotline',
	    external_id = 'SR-1' WHERE id = (SELECT min(id) FROM cases)"
done
run $LOAD -d "$conn" "$A" --district 320599 "$B"
status 0 "two districts whose cases share an (external_source, external_id)"
is "$(pg "SELECT string_agg(district, ',' ORDER BY district) FROM
    gridkit.cases WHERE external_source = 'hotline' AND external_id = 'SR-1'")" \
    "320508,320599" "... both kept"
is "$(pg "SELECT indexdef FROM pg_indexes WHERE schemaname = 'gridkit' AND
    indexname = 'cases_external'" | sed 's/.* USING btree //')" \
    "(district, external_source, external_id) WHERE (external_id IS NOT NULL)" \
    "the file's unique index, per district"
run $LOAD -d "$conn" --district 320599 "$B"
err_line "$B: district 320599: unchanged" "... and B reloaded unchanged"

# ---- a reload sized by the district, whatever the plan ----
# A third district of 200,000 cases, reloaded unchanged with nested loops
# forced (what a planner misled by stale statistics picks): a delete that
# probed the file's rows once per row of the city's table (NOT EXISTS
# against an unindexed stage) takes minutes; EXCEPTs take seconds.
C=$T/c.db
sqlite3 -batch "$A" "VACUUM INTO '$C'"
sqlite3 -batch "$C" "CREATE TEMP TABLE k AS SELECT * FROM cases LIMIT 1;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
    WHERE i < 200000) INSERT INTO k SELECT k.* FROM k, n;
    DELETE FROM k WHERE rowid = 1;
    UPDATE k SET id = '320598' || printf('%012d', rowid), external_id = NULL;
    INSERT INTO cases SELECT * FROM k"
pg "ALTER TABLE gridkit.cases SET (autovacuum_enabled = off)"
run $LOAD -d "$conn" --district 320598 "$C"
status 0 "a district of 200,000 cases"
is "$(pg "SELECT (most_common_vals::text::text[])[1] FROM pg_stats WHERE
    schemaname = 'gridkit' AND tablename = 'cases' AND attname = 'district'")" \
    320598 "... analysed by the load (autovacuum off): the statistics know it"
is "$(pg "SELECT count(*) FROM gridkit.cases WHERE district = '320598'")" \
    "$(sqlite3 -batch "$C" "SELECT count(*) FROM cases")" "... every case"
export PGOPTIONS="-c enable_hashjoin=off -c enable_mergejoin=off"
run timeout 90 $LOAD -d "$conn" --district 320598 "$C"
unset PGOPTIONS
status 0 "its unchanged reload, nested loops forced, in under 90 s"
err_line "$C: district 320598: unchanged" "... writes nothing"
# Statistics older than the district's rows (a load by another tool, or
# by grid-pgload before it analysed; here, taken while another district
# held its rows): the planner believes the district has a row or none,
# and joins each of its rows to the differences (a nested loop).  Each
# difference is computed once, so that loop is over
# what changed (nothing), not over the file and the district again for
# each of 200,000 rows (minutes here, hours at full size).
pg "UPDATE gridkit.cases SET district = '320597' WHERE district = '320598';
    ANALYZE gridkit.cases;
    UPDATE gridkit.cases SET district = '320598' WHERE district = '320597'"
pg "EXPLAIN SELECT 1 FROM gridkit.cases WHERE district = '320598'" |
    sed -n 's/.* rows=\([0-9]*\) .*/\1/p' >est
ok "statistics that believe the district nearly empty" \
    test "$(head -n 1 est)" -lt 100
run timeout 90 $LOAD -d "$conn" --district 320598 "$C"
status 0 "its unchanged reload with those statistics, in under 90 s"
err_line "$C: district 320598: unchanged" "... writes nothing"
sqlite3 -batch "$C" "DELETE FROM cases WHERE id IN (SELECT id FROM cases
    WHERE id LIKE '320598%' ORDER BY id LIMIT 3)"
run timeout 90 $LOAD -d "$conn" --district 320598 "$C"
err_line "$C: district 320598: cases: 0 inserted, 0 updated, 3 deleted" \
    "three cases gone from the file: three deleted"

# ---- refusals ----
snap() {
	pg "SELECT count(*) FROM gridkit.loads" >"$1"
	pg "SELECT district, count(*) FROM gridkit.houses GROUP BY 1 ORDER BY 1" >>"$1"
	pg "SELECT md5(string_agg(h::text, ',' ORDER BY district, id)) FROM gridkit.houses h" >>"$1"
}
snap pg.before
run $LOAD -d "$conn" "$T/none.db"
status 66 "a missing database"
err_has "none.db" "it names the file"
GRID_DB=$T/empty.db grid-import -q -t departments "$DISTRICT/departments.csv"
run $LOAD -d "$conn" "$T/empty.db"
status 65 "a database without a district"
err_has "--district" "it says how to name one"
sqlite3 -batch "$B" "UPDATE houses SET floors = 'many' WHERE id = 'H0010'"
run $LOAD -d "$conn" --district 320599 "$B"
status 69 "a value PostgreSQL refuses"
err_has "many" "PostgreSQL's message, with the value"
snap pg.after
same pg.before pg.after "a refused load writes nothing"
run $LOAD -d "host=$T/nowhere dbname=x" "$A"
status 69 "no server"
run $LOAD -d "$conn" --district "x'y" "$A"
status 64 "a district that is not a code"
run $LOAD --nope
status 64 "an unknown option"
