#!/bin/sh
# The time zone belongs to the database: the demo, a scripted day of
# cases (ids, deadlines on the working calendar), the monthly report and
# the statistics are byte-identical whatever TZ the tools run with, and
# every time in the database carries the database's offset.  A database
# made before the setting gets one once; --time-zone, --settings and --set.
. "$(dirname "$0")/lib.sh"

# The time columns of gridkit's tables (at, *_at, deadline), as
# "table column" lines.
time_columns() {
	sqlite3 -batch "$1" "SELECT m.name || ' ' || c.name FROM sqlite_master m,
	    pragma_table_info(m.name) c WHERE m.type = 'table'
	    AND (c.name = 'at' OR c.name = 'deadline' OR c.name LIKE '%\_at'
	    ESCAPE '\')"
}

# offsets DB: every distinct offset of the stored times, one a line.
offsets() {
	time_columns "$1" | while read -r table col; do
		sqlite3 -batch "$1" "SELECT DISTINCT substr($col, 20) FROM $table
		    WHERE $col IS NOT NULL AND length($col) > 10"
	done | sort -u
}

# day ZONE: the demo, then a scripted day of cases, with TZ=ZONE ("unset":
# no TZ at all); everything it shows is kept in $T/out-ZONE/.
day() {
	o=$T/out-$(echo "$1" | tr / _)
	mkdir -p "$o"
	if [ "$1" = unset ]; then
		set -- env -u TZ
	else
		set -- env TZ="$1"
	fi
	GRID_DEMO_DIR=$T/demo "$@" sh "$GRID_TOP/tools/demo.sh" "$T" \
	    >"$o/demo.raw" 2>&1 || echo "demo exited $?" >>"$o/demo.raw"
	# the seconds an import took are the one thing that may differ
	sed -E 's/ +[0-9]+\.[0-9]{3}$//' "$o/demo.raw" | untimed >"$o/demo.txt"
	cp "$T/demo/report-2026-05.html" "$T/demo/population.html" "$o/"
	export GRID_DB=$T/demo/grid.db
	# Monday 15 June 2026, 09:00 in Beijing (01:00 UTC): a manhole cover
	# with a 4 working-hour limit is reported, registered, dispatched.
	GRID_NOW=2026-06-15T01:00:00Z "$@" grid-case report --source worker \
	    --category C0101 --x 120.619017 --y 31.311876 \
	    --description '井盖缺失' -f csv -q >"$o/report1.csv"
	id1=$(sed -n 2p "$o/report1.csv" | cut -d, -f1)
	GRID_NOW=2026-06-15T09:00:00+08:00 "$@" grid-case register "$id1" -q \
	    >/dev/null
	GRID_NOW=2026-06-15T09:00:00+08:00 "$@" grid-case dispatch "$id1" \
	    --dept D01 -q >/dev/null
	# 00:30 on Tuesday in Beijing is still Monday in UTC and New York.
	GRID_NOW=2026-06-15T16:30:00Z "$@" grid-case report --source hotline \
	    --category E0102 --x 120.619017 --y 31.311876 \
	    --description '夜间噪音' -f csv -q >"$o/report2.csv"
	"$@" grid-case list -f csv >"$o/list.csv"
	sqlite3 -batch "$GRID_DB" "SELECT id, reported_at, dispatched_at,
	    deadline FROM cases WHERE description IN ('井盖缺失', '夜间噪音')
	    ORDER BY id" \
	    >"$o/day.txt"
	"$@" grid-report monthly --month 2026-05 --by community -f csv \
	    >"$o/report-2026-05.csv"
	"$@" grid-report monthly --month 2026-06 --by community -f csv \
	    >"$o/report-2026-06.csv" 2>&1
	"$@" grid-stats population --by community --at 2026-01-01 -f csv \
	    >"$o/population.csv"
	"$@" grid-stats cases --by hour --by weekday -f csv >"$o/hours.csv"
	sqlite3 -batch "$GRID_DB" .dump >"$o/dump.sql"
	offsets "$GRID_DB" >"$o/offsets.txt"
	export GRID_DB=$T/grid.db
}

for zone in unset UTC America/New_York Asia/Shanghai; do
	day "$zone"
done
ref=$T/out-Asia_Shanghai
is "$(cat "$ref/day.txt")" \
"$(sed -n 2p "$ref/report1.csv" | cut -d, -f1)|2026-06-15T09:00:00+08:00|2026-06-15T09:00:00+08:00|2026-06-15T14:30:00+08:00
$(sed -n 2p "$ref/report2.csv" | cut -d, -f1)|2026-06-16T00:30:00+08:00||" \
    "Asia/Shanghai: 4 working hours from 09:00 end at 14:30 (lunch 12:00-13:30)"
case $(sed -n 2p "$ref/report1.csv") in
32050820260615*) pass=1 ;; *) pass=0 ;; esac
is "$pass" 1 "09:00 Beijing gets an id of 15 June"
case $(sed -n 2p "$ref/report2.csv") in
32050820260616*) pass=1 ;; *) pass=0 ;; esac
is "$pass" 1 "00:30 Beijing (16:30 UTC the day before) gets an id of 16 June"
is "$(cat "$ref/offsets.txt")" "+08:00" \
    "every time in the database carries the database's offset"
out_lines=$(grep -c . "$ref/report-2026-05.csv")
is "$([ "$out_lines" -gt 1 ] && echo rows)" rows "the May report has rows"
for zone in unset UTC America/New_York; do
	o=$T/out-$(echo "$zone" | tr / _)
	for f in demo.txt report-2026-05.html population.html report1.csv \
	    report2.csv list.csv day.txt report-2026-05.csv \
	    report-2026-06.csv population.csv hours.csv dump.sql offsets.txt
	do
		same "$ref/$f" "$o/$f" "TZ=$zone: $f as with Asia/Shanghai"
	done
done

# ---- a database of its own zone ----
run grid-import --time-zone America/New_York regions.csv
status 0 "a new database with --time-zone"
err_has "created a new database (time zone America/New_York)" \
    "grid-import says it created the database, and its zone"
run grid-import --settings -f csv
status 0 "--settings"
out_has "time_zone,America/New_York" "--settings shows the zone"
run grid-import --time-zone Asia/Tokyo departments.csv
status 64 "--time-zone of another zone for an existing database"
err_has "this database's time zone is 'America/New_York', not 'Asia/Tokyo'" \
    "the message names both zones"
is "$(sql "SELECT count(*) FROM departments")" 0 "nothing imported"
rm -f "$GRID_DB"
run grid-import --time-zone Asia/Shanghia regions.csv
status 64 "a misspelt --time-zone"
err_has "no time zone 'Asia/Shanghia' in /usr/share/zoneinfo" \
    "the message names the zone and where it was looked for"
ok "no database is created for a bad zone" test ! -e "$GRID_DB"
run grid-import --time-zone ../../etc/passwd regions.csv
status 64 "a path as --time-zone"
err_has "not an IANA time zone name" "the message names the rule"

# ---- --set ----
load_district
snapshot before.sql
for bad in time_zone=Mars/Olympus worker_quota=four work_hours=25:00-26:00 \
    default_limit=3 escalate_max_level=planet grid_seq_width=3 \
    weights_region=closure:x no_such_key=1 novalue; do
	run grid-import --set "$bad"
	status 64 "--set $bad refused"
done
run grid-import --set worker_quota=5 --set default_limit=oops
status 64 "one bad --set of two"
snapshot after.sql
same before.sql after.sql "refused --set changes nothing"
run grid-import --set worker_quota=5 --set 'default_limit=2 work_days'
status 0 "two good --set"
is "$(sql "SELECT group_concat(value, '|') FROM settings WHERE key IN
    ('worker_quota', 'default_limit') ORDER BY key")" "2 work_days|5" \
    "both changed"
run grid-import --set time_zone=UTC regions.csv
status 64 "--set takes no input file"
run grid-import --settings --set worker_quota=4
status 64 "--settings and --set together"

# ---- a database made before the setting ----
GRID_NOW=2026-06-15T09:00:00+08:00 grid-case report --source hotline \
    --category E0102 --x 120.619017 --y 31.311876 --description x -q \
    >/dev/null
sql "DELETE FROM settings WHERE key = 'time_zone';
     UPDATE cases SET reported_at = '2026-06-15T01:00:00+00:00'"
run env TZ=Asia/Shanghai grid-case list -f csv
status 0 "an old database is read"
err_has "no time_zone setting: local times are computed in Asia/Shanghai (from TZ)" \
    "a reader says which zone it assumed"
is "$(sql "SELECT count(*) FROM settings WHERE key = 'time_zone'")" 0 \
    "a reader writes nothing"
run env -u TZ grid-case sweep
status 0 "an old database opened by a writer"
err_line "grid-case sweep: $GRID_DB: time_zone set to Asia/Shanghai (the default), once: this database had none; 1 time rewritten at its offset" \
    "the writer records the zone once and says so"
is "$(sql "SELECT reported_at FROM cases")" "2026-06-15T09:00:00+08:00" \
    "the old time rewritten at the zone's offset"
run grid-case sweep
err_lines 0 "said once only"

# ---- a change of zone rewrites every stored time, reply_due too ----
before=$(sql "SELECT unixepoch(reported_at) || ' ' || unixepoch(reply_due)
    FROM cases")
run grid-import --set time_zone=UTC
status 0 "time_zone=UTC"
is "$(sql "SELECT count(*) FROM cases WHERE reported_at LIKE '%+00:00' AND
    reply_due LIKE '%+00:00'")" 1 \
    "the report time and reply_due rewritten at UTC's offset"
is "$(sql "SELECT unixepoch(reported_at) || ' ' || unixepoch(reply_due)
    FROM cases")" "$before" \
    "the same instants"
