#!/bin/sh
# grid-stats merge and -d repeated: two and three small districts made from
# tests/fixtures/district (codes rewritten by sed, ID numbers and USCCs
# given their check characters again, local ids kept apart), with the
# cases of tests/fixtures/report, self-reports and visits; and one city
# database holding all of them, imported from the same files.  For every
# statistic and level: the merge of the districts' outputs == several -d ==
# the city database's output, byte for byte (csv and ndjson); lists
# concatenated in the city's order; mixed inputs refused, located.
. "$(dirname "$0")/lib.sh"
. "$GRID_TOP/tests/e2e/districts.sh"

# make_district K CODE DIR: the sample district as district CODE
# (district_registers), with the cases of the report fixture (Rnn ->
# RKnn), self-reports and visits.
make_district() {
	district_registers "$@"
	k=$1 code=$2 dir=$3
	# the cases of the report fixture, ids of their own
	sed -e "s/320508/$code/g" -e "s/\\<R\\([0-9][0-9]\\)\\>/R$k\\1/g" \
	    -e "s/\\<W0\\([0-9][0-9]\\)\\>/W$k\\1/g" \
	    "$FIX/report/cases.csv" >"$dir/cases.csv"
	# self-reports of May 2026 by the first two enterprises: one found
	# nothing, one a minor hazard (closed) and, in district 2, a major one
	a=$(awk -F, '$6 == "enterprise" { print $1 }' "$dir/orgs.csv" |
	    sed -n 1p)
	b=$(awk -F, '$6 == "enterprise" { print $1 }' "$dir/orgs.csv" |
	    sed -n 2p)
	{
		echo "id,source,org_uscc,grade,reported_at,closed_at"
		echo "S${k}1,self_report,$a,,2026-05-03T09:00:00+08:00,"
		echo "S${k}2,self_report,$b,minor,2026-05-06T09:00:00+08:00,2026-05-09T09:00:00+08:00"
		[ "$k" = 2 ] &&
		    echo "S${k}3,self_report,$a,major,2026-05-20T09:00:00+08:00,"
	} >"$dir/self.csv"
	# visits of May 2026: the tagged people (the first 4+K), a house
	{
		echo "id,worker_id,id_number,house_id,at,kind,result"
		tail -n +2 "$dir/person_tags.csv" | head -n $((4 + k)) |
		    awk -F, -v k="$k" '{ printf "V%d%02d,W%d01,%s,,2026-05-%02dT10:00:00+08:00,care,met\n", k, NR, k, $1, NR + 1 }'
		echo "V${k}99,W${k}02,,H${k}010,2026-05-28T10:00:00+08:00,routine,met"
	} >"$dir/visits.csv"
}

D1=320508 D2=320506 D3=320507
make_district 1 $D1 "$T/d1"
make_district 2 $D2 "$T/d2"
make_district 3 $D3 "$T/d3"
is "$(tail -q -n +2 "$T/d1/people.csv" "$T/d2/people.csv" "$T/d3/people.csv" | cut -d, -f1 |
    sort | uniq -d)" "" "no person in two districts"

# load FILE... -d DB: the registers, cases, self-reports and visits
load() {
	db=$1
	shift
	for d in "$@"; do
		grid-import -q -d "$db" "$d/regions.csv" "$d/departments.csv" \
		    "$d/grids.csv" "$d/workers.csv" "$d/worker_grids.csv" \
		    "$d/houses.csv" "$d/households.csv" "$d/people.csv" \
		    "$d/person_tags.csv" "$d/orgs.csv" 2>>"$T/load.err" &&
		grid-import -q -d "$db" -t cases "$d/cases.csv" \
		    "$d/self.csv" 2>>"$T/load.err" &&
		grid-import -q -d "$db" -t visits "$d/visits.csv" \
		    2>>"$T/load.err" || return 1
	done
}
ok "district 320508 loads" load "$T/1.db" "$T/d1"
ok "district 320506 loads" load "$T/2.db" "$T/d2"
ok "district 320507 loads" load "$T/3.db" "$T/d3"
grid-import -q -d "$T/city.db" --division 320500 2>>"$T/load.err"
ok "the city database (320500) holds all three" \
    load "$T/city.db" "$T/d1" "$T/d2" "$T/d3"
ok "the city database has every person" test \
    "$(sqlite3 "$T/city.db" 'SELECT count(*) FROM people')" = 450
[ -s "$T/load.err" ] && sed 's/^/# load: /' "$T/load.err" | head -5

# check WHAT ARGS...: the statistic ARGS of the city database, of -d
# repeated (three districts), and the merge of each district's csv and
# ndjson rows, all equal byte for byte.
check() {
	what=$1
	shift
	for f in csv ndjson; do
		grid-stats "$@" -d "$T/city.db" -f $f >"$T/city.$f" 2>"$T/err"
		ok "$what, $f: the city database has rows" \
		    test "$(grep -c . "$T/city.$f")" -gt 1
		grid-stats "$@" -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" \
		    -j 3 -f $f >"$T/many.$f" 2>>"$T/err"
		grid-stats "$@" -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" \
		    -j 1 -f $f >"$T/many1.$f" 2>>"$T/err"
		same "$T/many.$f" "$T/many1.$f" "$what, $f: -j 3 == -j 1"
		# a district without the area of --in has no rows to merge
		parts=
		for k in 1 2 3; do
			grid-stats "$@" -d "$T/$k.db" -f $f >"$T/part$k.$f" \
			    2>"$T/part.err" && parts="$parts $T/part$k.$f"
		done
		# shellcheck disable=SC2086
		grid-stats merge $parts -f $f >"$T/merged.$f" 2>>"$T/err"
		same "$T/city.$f" "$T/many.$f" "$what, $f: -d three times == the city database"
		same "$T/city.$f" "$T/merged.$f" "$what, $f: merge == the city database"
	done
	[ -s "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -3
	:
}

for level in grid community street district; do
	check "population --by $level" population --by $level --at 2026-06-01
	check "groups --by $level" groups --tag 独居老人 --any --tag 低保 \
	    --by $level --at 2026-06-01
	[ $level = district ] ||	# cases have no district dimension
	    check "cases --by $level" cases --by $level --from 2026-05-01 \
	    --to 2026-05-31
	check "hazards --by $level" hazards --period 2026-05 --by $level
	check "visits --by $level" visits --month 2026-05 --by $level
	check "visits --due --by $level" visits --due --at 2026-05-31 \
	    --by $level
done
check "visits --by worker" visits --month 2026-05 --by worker
check "hazards in a quarter" hazards --period 2026-Q2 --by street
check "population --in a street" population --by grid --at 2026-06-01 \
    --in ${D2}018
check "cases, category by community" cases --by category --by community
check "cases by hour" cases --by hour
check "cases by weekday and month" cases --by weekday --by month
check "cases by street, category and hour" cases --by street \
    --by category --by hour

# --- figures derived from the sums, never averaged -----------------------
grid-stats population --by district --at 2026-06-01 -d "$T/city.db" \
    -f csv >"$T/city.csv"
awk -F, 'NR > 1 { p += $4; f += $19 } END { printf "%.2f\n", 100 * f / p }' \
    "$T/city.csv" >"$T/want"
grid-stats population --by district --at 2026-06-01 -d "$T/1.db" \
    -d "$T/2.db" -d "$T/3.db" -f csv >"$T/many.csv"
# one city row from the three districts' rows: the city's floating share
# is the sum of floating people over the sum of people
grid-stats population --by district --at 2026-06-01 -d "$T/1.db" \
    -f csv | sed "s/^district,$D1,[^,]*,/district,320500,苏州市,/" \
    >"$T/p1.csv"
for k in 2 3; do
	eval code=\$D$k
	grid-stats population --by district --at 2026-06-01 -d "$T/$k.db" \
	    -f csv | sed "s/^district,$code,[^,]*,/district,320500,苏州市,/" \
	    >"$T/p$k.csv"
done
run grid-stats merge "$T/p1.csv" "$T/p2.csv" "$T/p3.csv" -f csv
status 0 "three districts' rows of one unit summed"
is "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" 1 "one row"
is "$(tail -n +2 "$T/out" | cut -d, -f4)" 450 "people summed"
is "$(awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) if (h[i] == "floating_share") print $i; next } { for (i = 1; i <= NF; i++) h[i] = $i }' "$T/out")" \
    "$(cat "$T/want")" "the floating share recomputed from the sums"

# --- cases: ranks, hotspots and --top over the union ---------------------
grid-stats cases --by grid --top 5 -d "$T/city.db" -f csv >"$T/city.csv"
run grid-stats cases --by grid --top 5 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv
same "$T/city.csv" "$T/out" "cases --top 5: the city's top, by -d"
for k in 1 2 3; do
	grid-stats cases --by grid -d "$T/$k.db" -f ndjson >"$T/c$k.ndjson"
done
run grid-stats merge --top 5 "$T/c1.ndjson" "$T/c2.ndjson" \
    "$T/c3.ndjson" -f csv
same "$T/city.csv" "$T/out" "merge --top 5 of whole tables: the city's top"

# --- two districts ---------------------------------------------------------
grid-import -q -d "$T/city2.db" --division 320500 2>>"$T/load.err"
ok "a city database of two districts" load "$T/city2.db" "$T/d1" "$T/d2"
for args in "population --by community --at 2026-06-01" \
    "cases --by community" "hazards --period 2026-05 --by street" \
    "visits --month 2026-05 --by grid"; do
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/city2.db" -f csv >"$T/city.csv"
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/1.db" -d "$T/2.db" -f csv >"$T/many.csv"
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/1.db" -f csv >"$T/a.csv"
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/2.db" -f ndjson | gzip >"$T/b.ndjson.gz"
	grid-stats merge "$T/a.csv" - -f csv <"$T/b.ndjson.gz" >"$T/merged.csv"
	same "$T/city.csv" "$T/many.csv" "two districts, $args: -d twice"
	same "$T/city.csv" "$T/merged.csv" "two districts, $args: merge of csv and gzipped ndjson from standard input"
done

# --- lists: concatenated in the city's order -----------------------------
for args in "groups --list --tag 独居老人" \
    "visits --due --at 2026-05-31" "hazards --period 2026-05 --list all"; do
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/city.db" -f csv >"$T/city.csv"
	# shellcheck disable=SC2086
	grid-stats $args -d "$T/3.db" -d "$T/1.db" -d "$T/2.db" -f csv \
	    >"$T/many.csv"
	same "$T/city.csv" "$T/many.csv" "$args: -d (in any order) lists as the city database"
done
ok "the hazards list has the enterprises of all three" \
    test "$(grep -c '^2026-05,' "$T/city.csv")" -eq 9
grid-stats groups --list --tag 独居老人 --reveal -d "$T/1.db" -d "$T/2.db" \
    -f csv >/dev/null 2>"$T/err"
ok "a --reveal of several -d is recorded in each database's log" \
    test -s "$T/1.db.reveal.log" -a -s "$T/2.db.reveal.log"

# --- -j: workers -----------------------------------------------------------
for bad in 0 65 x; do
	run grid-stats population -j "$bad" -d "$T/1.db" -d "$T/2.db"
	status 64 "-j $bad refused"
	err_has "-j: not a number of processes from 1 to 64" "-j $bad: why"
done
run grid-stats population --help
out_has "-j, --jobs N" "--help names -j"
# started with SIGCHLD ignored (as by some daemons), the workers end
# unseen: what they sent counts
grid-stats population --by grid -j 1 -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" \
    -f csv >"$T/j1.csv"
run perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' grid-stats population \
    --by grid -j 3 -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
status 0 "SIGCHLD ignored: -j 3 works"
same "$T/j1.csv" "$T/out" "SIGCHLD ignored: -j 3 == -j 1"
grid-report monthly --month 2026-05 -j 1 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv >"$T/m1.csv"
run perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' grid-report monthly \
    --month 2026-05 -j 3 -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
status 0 "SIGCHLD ignored: grid-report -j 3 works"
same "$T/m1.csv" "$T/out" "SIGCHLD ignored: grid-report -j 3 == -j 1"
# a database whose people table is damaged after its header: opened and
# checked by the process that adds, read by a worker: the worker's error
# is the run's, as without workers
cp "$T/2.db" "$T/broken.db"
ps=$(sqlite3 "$T/broken.db" 'PRAGMA page_size')
root=$(sqlite3 "$T/broken.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'people'")
head -c "$ps" /dev/urandom | dd of="$T/broken.db" bs="$ps" \
    seek=$((root - 1)) conv=notrunc 2>/dev/null
run grid-stats population --by grid -j 1 -d "$T/1.db" -d "$T/broken.db"
rc1=$rc
cp "$T/err" "$T/err1"
run grid-stats population --by grid -j 2 -d "$T/1.db" -d "$T/broken.db"
ok "a damaged database: an error ($rc1)" test "$rc1" -ne 0
is "$rc" "$rc1" "a damaged database read by a worker: the same status"
same "$T/err1" "$T/err" "a damaged database read by a worker: the same message"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a damaged database: no rows"
# two bad databases: the error is the first's in -d order, as one after
# another meets it (the damaged one, before another of a different zone)
grid-import -q -d "$T/utc2.db" --time-zone UTC "$T/d3/regions.csv" \
    2>>"$T/load.err"
for bad in "$T/broken.db" "$T/1.db"; do
	run grid-stats population --by grid -j 1 -d "$bad" -d "$T/2.db" \
	    -d "$T/utc2.db"
	rc1=$rc
	cp "$T/err" "$T/err1"
	for j in 2 3; do
		run grid-stats population --by grid -j $j -d "$bad" \
		    -d "$T/2.db" -d "$T/utc2.db"
		is "$rc" "$rc1" "$(basename "$bad") first, -j $j: -j 1's status"
		same "$T/err1" "$T/err" "$(basename "$bad") first, -j $j: -j 1's message"
	done
done
run grid-stats population --by grid -j 3 -d "$T/1.db" -d "$T/broken.db" \
    -d "$T/utc2.db"
err_has "broken.db" "a damaged second database before a zone that differs"

# --- refusals ------------------------------------------------------------
grid-stats population --by community --at 2026-06-01 -d "$T/1.db" -f csv \
    >"$T/pop.csv"
grid-stats population --by grid --at 2026-06-01 -d "$T/2.db" -f csv \
    >"$T/pop-grid.csv"
grid-stats groups --tag 独居老人 -d "$T/2.db" -f csv >"$T/groups.csv"
grid-stats hazards --period 2026-04 --by community -d "$T/2.db" -f csv \
    >"$T/h04.csv"
grid-stats hazards --period 2026-05 --by community -d "$T/1.db" -f csv \
    >"$T/h05.csv"
sqlite3 "$T/1.db" .dump >"$T/before.sql"
run grid-stats merge "$T/pop.csv" "$T/pop-grid.csv"
status 65 "mixed levels refused"
err_has "pop-grid.csv:2: level: 'grid' differs from the first row's 'community'" \
    "the level named, with the file and line"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing written"
run grid-stats merge "$T/pop.csv" "$T/groups.csv"
status 65 "mixed statistics refused"
err_has "groups.csv:2: rows of groups (6 columns), not of population" \
    "the statistic named, located"
run grid-stats merge "$T/h05.csv" "$T/h04.csv"
status 65 "mixed periods refused"
err_has "h04.csv:2: period: '2026-04' differs from the first row's '2026-05'" \
    "the period named, located"
grid-stats quality -d "$T/1.db" -f csv >"$T/quality.csv"
run grid-stats merge "$T/quality.csv"
status 65 "quality rows cannot be merged"
err_has "quality.csv:2: not the rows of a statistic that can be merged" \
    "and it says so"
awk -F, -v OFS=, 'NR == 3 { $4 = "x" } 1' "$T/pop.csv" >"$T/bad.csv"
run grid-stats merge "$T/pop.csv" "$T/bad.csv"
status 65 "a count that is not a number refused"
err_has "bad.csv:3: people: not a count 'x'" "the count named, located"
run grid-stats merge --top 5 "$T/pop.csv" -f csv
status 64 "merge --top of a statistic without ranks refused"
run grid-stats merge "$T/none.csv"
status 66 "a missing file"
run grid-stats merge </dev/null
status 0 "no file: standard input, here empty"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "no rows: nothing written"
run grid-stats merge -f csv <"$T/pop.csv"
same "$T/pop.csv" "$T/out" "one district's rows from standard input: the same rows"
run grid-stats merge -d "$T/1.db" "$T/pop.csv"
status 64 "merge takes no database"
grid-import -q -d "$T/utc.db" --time-zone UTC "$T/d3/regions.csv" \
    2>>"$T/load.err"
run grid-stats population -d "$T/1.db" -d "$T/utc.db" -f csv
status 65 "databases of different time zones refused"
err_has "time_zone: 'UTC' differs from 'Asia/Shanghai'" "the zones named"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing written"
run grid-stats population --in 320599 -d "$T/1.db" -d "$T/2.db"
status 65 "an area none of the databases holds"
sqlite3 "$T/1.db" .dump >"$T/after.sql"
same "$T/before.sql" "$T/after.sql" "the database is unchanged"

echo "1..$n"
