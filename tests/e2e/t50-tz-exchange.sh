#!/bin/sh
# The database's time zone, not the process's, places the times of the
# exchange and of the due list: an Open311 document imported, a photo
# attached at a local time (--at), and the visits due on a date give the
# same stored times and the same output under TZ=UTC, Asia/Shanghai,
# America/New_York and no TZ at all; each stored time carries the
# database's offset.  (t18 covers the rest: the demo, a day of cases, the
# reports.)
. "$(dirname "$0")/lib.sh"

O=$FIX/open311
printf 'a note from the site\n' >"$T/note.txt"

# exchange ZONE: a new database, the district, the city's requests and an
# attachment, with TZ=ZONE ("unset": none); what it shows in $T/z-ZONE/.
exchange() {
	o=$T/z-$(echo "$1" | tr / _)
	mkdir -p "$o"
	if [ "$1" = unset ]; then
		set -- env -u TZ GRID_NOW=2026-06-15T01:00:00Z
	else
		set -- env TZ="$1" GRID_NOW=2026-06-15T01:00:00Z
	fi
	export GRID_DB=$o/grid.db
	(cd "$T" && "$@" grid-import -q regions.csv departments.csv grids.csv \
	    workers.csv worker_grids.csv houses.csv households.csv people.csv \
	    person_tags.csv orgs.csv components.csv) >"$o/load.err" 2>&1 ||
	    echo "load exited $?" >>"$o/load.err"
	"$@" grid-assign boundaries -q "$DISTRICT/grids.geojson" \
	    >>"$o/load.err" 2>&1
	"$@" grid-case import "$O/requests.json" --from city -f csv \
	    >"$o/import.csv" 2>"$o/import.err"
	echo "import exited $?" >>"$o/import.err"
	id=$(sql "SELECT min(id) FROM cases")
	# 00:30 on 15 June in the database's zone (Beijing) is still 14 June
	# in UTC and New York
	"$@" grid-case attach "$id" "$T/note.txt" --at '2026-06-15 00:30' \
	    --no-store -f csv >"$o/attach.csv" 2>"$o/attach.err"
	echo "attach exited $?" >>"$o/attach.err"
	"$@" grid-stats visits --due --at 2026-06-15 -f csv >"$o/due.csv" \
	    2>"$o/due.err"
	echo "due exited $?" >>"$o/due.err"
	"$@" grid-stats visits --due --at 2026-06-15 --by community -f csv \
	    >"$o/due-units.csv" 2>>"$o/due.err"
	sqlite3 -batch "$GRID_DB" "SELECT id, reported_at, registered_at,
	    dispatched_at, deadline, reply_due, closed_at FROM cases ORDER BY id;
	    SELECT case_id, at, sha256 FROM attachments ORDER BY id;
	    SELECT case_id, at FROM case_log ORDER BY id" >"$o/times.txt"
	# everything but the ids of the files, which differ by directory
	for f in import.csv attach.csv due.csv due-units.csv times.txt \
	    import.err attach.err due.err; do
		sed "s|$o|DIR|g" "$o/$f" >"$o/$f.cmp"
	done
}

for zone in Asia/Shanghai UTC America/New_York unset; do
	exchange "$zone"
done
ref=$T/z-Asia_Shanghai
is "$(tail -1 "$ref/import.err")" "import exited 0" "Asia/Shanghai: import"
is "$(tail -1 "$ref/attach.err")" "attach exited 0" "Asia/Shanghai: attach"
is "$(tail -1 "$ref/due.err")" "due exited 0" "Asia/Shanghai: visits --due"
ok "Asia/Shanghai: the import wrote cases" test "$(wc -l <"$ref/import.csv")" -gt 1
ok "Asia/Shanghai: the due list has rows" test "$(wc -l <"$ref/due.csv")" -gt 1
GRID_DB=$ref/grid.db
is "$(sql "SELECT at FROM attachments ORDER BY id DESC LIMIT 1")" \
    "2026-06-15T00:30:00+08:00" \
    "attach --at: a local time of the database's zone, stored with its offset"
is "$(sql "SELECT reported_at FROM cases WHERE external_id = '880101'")" \
    "2026-05-11T09:20:15+08:00" \
    "import: requested_datetime kept at the database's offset"
is "$(sql "SELECT count(*) FROM cases WHERE reported_at NOT LIKE '%+08:00'")" \
    0 "import: every reported_at at the database's offset"
for zone in UTC America/New_York unset; do
	z=$T/z-$(echo "$zone" | tr / _)
	for f in import.csv attach.csv due.csv due-units.csv times.txt \
	    import.err attach.err due.err; do
		same "$ref/$f.cmp" "$z/$f.cmp" "TZ=$zone: $f as under Asia/Shanghai"
	done
done
