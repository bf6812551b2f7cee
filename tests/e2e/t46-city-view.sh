#!/bin/sh
# A city's view through several -d (gridkit-city(7), THE CITY'S VIEW):
# two and three districts made from tests/fixtures/district and
# tests/fixtures/report with their codes, worker ids and case ids
# rewritten, against one database that holds all of them (imported from
# the same files, jurisdiction the city's, 320500).  grid-report monthly
# and annual at every level and grid-report merge of annual reports
# equal the union's byte for byte (csv and ndjson); grid-case list
# (every sort, --limit, filters), show, log and status equal the union's; a
# reveal is logged in the database the case came from; a missing -d, an
# unknown id, databases whose rules differ, and a writer given two -d
# are refused with nothing printed.
. "$(dirname "$0")/lib.sh"

REPORT=$FIX/report

# district NAME CODE WORKER CASE: the fixture's registers and cases in
# $T/src/NAME with 320508 -> CODE, worker ids W0.. -> WORKER0.., case ids
# R.. -> CASE.. (duplicate_of too); the district's name 姑苏区 -> NAME.
district() {
	d=$T/src/$1
	mkdir -p "$d"
	for f in regions departments grids workers worker_grids; do
		sed -e "s/320508/$2/g" -e "s/姑苏区/$1/g" -e "s/W0/${3}0/g" \
		    "$DISTRICT/$f.csv" >"$d/$f.csv"
	done
	sed -e "s/320508/$2/g" -e "s/W0/${3}0/g" -e "s/^R/$4/" \
	    -e "s/,R\([0-9][0-9]\)\$/,$4\1/" "$REPORT/cases.csv" \
	    >"$d/cases.csv"
}

# steps DB CODE WORKER CASE: case CASE13 through grid-case (a return and
# an escalation in case_log), as tests/e2e/t13-report.sh makes R13.
steps() {
	grid-case report -d "$1" --id "${4}13" --source worker \
	    --category C0101 --grid "${2}01801403" --reporter "${3}001" \
	    --at 2026-05-11T09:00:00+08:00 >/dev/null &&
	grid-case register -d "$1" "${4}13" --at 2026-05-11T09:05:00+08:00 \
	    >/dev/null &&
	grid-case dispatch -d "$1" "${4}13" --dept D03 \
	    --deadline 2026-05-14T17:30:00+08:00 \
	    --at 2026-05-11T09:10:00+08:00 >/dev/null &&
	grid-case return -d "$1" "${4}13" --reason "not ours" \
	    --at 2026-05-11T10:00:00+08:00 >/dev/null &&
	grid-case escalate -d "$1" "${4}13" --reason "needs the community" \
	    --at 2026-05-12T09:00:00+08:00 >/dev/null &&
	grid-case dispatch -d "$1" "${4}13" --dept D03 \
	    --deadline 2026-05-14T17:30:00+08:00 \
	    --at 2026-05-12T09:30:00+08:00 >/dev/null
}

# load DB DIR...: the registers and cases of each DIR into DB, one file
# of each kind (the header once), then each district's case 13.
load() {
	db=$1
	shift
	mkdir -p "$T/all"
	for f in regions departments grids workers worker_grids cases; do
		first=1
		for dir in "$@"; do
			if [ $first = 1 ]; then
				cat "$T/src/$dir/$f.csv"
			elif [ $f = departments ]; then
				:	# city-wide: the same rows in each
			else
				tail -n +2 "$T/src/$dir/$f.csv"
			fi
			first=0
		done >"$T/all/$f.csv"
	done
	division=
	[ $# -gt 1 ] && division="--division 320500"
	# shellcheck disable=SC2086
	(cd "$T/all" && grid-import -q -d "$db" $division regions.csv \
	    departments.csv grids.csv workers.csv worker_grids.csv &&
	    grid-import -q -d "$db" -t cases cases.csv) 2>"$T/load.err" ||
	    { cat "$T/load.err"; return 1; }
	for dir in "$@"; do
		case $dir in
		姑苏区) steps "$db" 320508 W R ;;
		虎丘区) steps "$db" 320505 V P ;;
		吴中区) steps "$db" 320506 U Q ;;
		esac || return 1
	done
}

district 姑苏区 320508 W R
district 虎丘区 320505 V P
district 吴中区 320506 U Q
A=$T/gusu.db
B=$T/huqiu.db
C=$T/wuzhong.db
ok "district 姑苏区 loaded" load "$A" 姑苏区
ok "district 虎丘区 loaded" load "$B" 虎丘区
ok "district 吴中区 loaded" load "$C" 吴中区
ok "the union of two loaded" load "$T/two.db" 姑苏区 虎丘区
ok "the union of three loaded" load "$T/three.db" 姑苏区 虎丘区 吴中区

# same DESCRIPTION UNION_DB COMMAND...: COMMAND's standard output (run
# with the districts' -d) is byte for byte what it prints with -d
# UNION_DB alone, and not empty.
same() {
	desc=$1
	union=$2
	shift 2
	"$@" >"$T/many.out" 2>"$T/many.err"
	rc_many=$?
	set -- "$@"
	n=$((n + 1))
	if [ "$rc_many" -ne 0 ]; then
		echo "not ok $n - $desc: exit $rc_many"
		sed 's/^/#   stderr: /' "$T/many.err" | head -5
		return
	fi
	if ! union_run "$union" "$@" >"$T/one.out" 2>"$T/one.err"; then
		echo "not ok $n - $desc: the union's run failed"
		sed 's/^/#   stderr: /' "$T/one.err" | head -5
	elif [ ! -s "$T/one.out" ]; then
		echo "not ok $n - $desc: nothing printed"
	elif cmp -s "$T/many.out" "$T/one.out"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc: differs from the union's"
		diff "$T/one.out" "$T/many.out" | head -8 | sed 's/^/#   /'
	fi
}

# union_run DB COMMAND...: COMMAND with every "-d X" replaced by -d DB.
union_run() {
	db=$1
	shift
	set -- "$@" --db-end
	args=
	skip=0
	for a in "$@"; do
		if [ "$a" = --db-end ]; then
			break
		fi
		if [ $skip = 1 ]; then
			skip=0
			continue
		fi
		if [ "$a" = -d ]; then
			skip=1
			continue
		fi
		args="$args '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
	done
	eval "set -- $args"
	"$@" -d "$db"
}

TWO="-d $A -d $B"
THREE="-d $A -d $B -d $C"

# ---- grid-report monthly and annual at every level ----
for level in grid community street district dept worker; do
	for month in 2026-05 2026-06; do
		# shellcheck disable=SC2086
		same "monthly $month by $level, two districts, csv" \
		    "$T/two.db" grid-report monthly --month $month \
		    --by $level -f csv $TWO
	done
	# shellcheck disable=SC2086
	same "monthly 2026-05 by $level, two districts, ndjson" \
	    "$T/two.db" grid-report monthly --month 2026-05 --by $level \
	    -f ndjson $TWO
	# shellcheck disable=SC2086
	same "monthly 2026-05 by $level, three districts, csv" \
	    "$T/three.db" grid-report monthly --month 2026-05 --by $level \
	    -f csv $THREE
	# shellcheck disable=SC2086
	same "annual 2026 by $level, two districts, csv" "$T/two.db" \
	    grid-report annual --year 2026 --by $level -f csv $TWO
	# shellcheck disable=SC2086
	same "annual 2026 by $level, three districts, ndjson" \
	    "$T/three.db" grid-report annual --year 2026 --by $level \
	    -f ndjson $THREE
done
# the figures themselves: the three 察院场 rank 3rd, 4th... together;
# the departments summed over the districts (three D01s: 12 due)
grid-report monthly --month 2026-05 --by dept -f csv $THREE >"$T/dept.csv"
ok "D01's counts are the three districts' summed (due_to_close 12)" \
    grep -q '^dept,D01,[^,]*,2026-05,9,9,' "$T/dept.csv"
ok "D01's median is of the three districts' times (8.00 h)" \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$2 == "D01" && $(c["handling_hours_median"]) == "8.00" { f = 1 }
	END { exit !f }' "$T/dept.csv"
grid-report monthly --month 2026-05 --by community -f csv $THREE \
    >"$T/comm.csv"
ok "three 北寺塔 share rank 1, three 沧浪亭 rank 4" \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["rank"]) == 1 { one++ } $(c["rank"]) == 4 { four++ }
	END { exit !(one == 3 && four == 3) }' "$T/comm.csv"
# the month's change: against the month before over every database
ok "察院场's change is -7.10 in each district" \
    sh -c "[ \"\$(grep -c ',-7.10,' '$T/comm.csv')\" -ge 3 ]"
# shellcheck disable=SC2086
same "monthly --in a street of the second district" "$T/two.db" \
    grid-report monthly --month 2026-05 --in 320505018 -f csv $TWO
# shellcheck disable=SC2086
same "monthly html page (ranking and trend of both)" "$T/two.db" \
    grid-report monthly --month 2026-05 -f html $TWO

# -j: the databases read by worker processes, added in order: the same
# bytes as one after another
for j in 2 3; do
	# shellcheck disable=SC2086
	grid-report monthly --month 2026-05 -f html -j 1 $THREE \
	    >"$T/j1.html"
	# shellcheck disable=SC2086
	grid-report monthly --month 2026-05 -f html -j $j $THREE \
	    >"$T/jn.html"
	ok "monthly html, -j $j as -j 1" cmp -s "$T/j1.html" "$T/jn.html"
	# shellcheck disable=SC2086
	grid-report annual --year 2026 --by grid -f csv -j 1 $THREE \
	    >"$T/j1.csv"
	# shellcheck disable=SC2086
	grid-report annual --year 2026 --by grid -f csv --jobs $j $THREE \
	    >"$T/jn.csv"
	ok "annual by grid, --jobs $j as -j 1" cmp -s "$T/j1.csv" "$T/jn.csv"
done
for bad in 0 65 x 2x; do
	# shellcheck disable=SC2086
	run grid-report monthly --month 2026-05 -j "$bad" $TWO
	status 64 "-j $bad refused"
	err_has "-j: not a number of processes from 1 to 64" "-j $bad: why"
done
# a database refused while workers read the ones before it
run grid-report monthly --month 2026-05 -j 2 -d "$A" -d "$B" \
    -d "$T/none.db"
status 69 "-j 2: a -d missing after two read"
ok "nothing printed" test ! -s "$T/out"

# ---- grid-report merge of annual reports ----
for level in grid community street district; do
	for db in "$A" "$B" "$C"; do
		grid-report annual --year 2026 --by $level -f ndjson -d "$db" \
		    >"$db.$level.ndjson"
	done
	grid-report annual --year 2026 --by $level -f csv -d "$T/three.db" \
	    >"$T/annual.union.csv"
	run grid-report merge -d "$A" -f csv "$A.$level.ndjson" "$B.$level.ndjson" \
	    "$C.$level.ndjson"
	status 0 "merge of three annual reports by $level"
	ok "merge of annual by $level equals the union's" \
	    cmp -s "$T/out" "$T/annual.union.csv"
done
for db in "$A" "$B"; do
	grid-report annual --year 2026 --by dept -f csv -d "$db" \
	    >"$db.dept.csv"
done
run grid-report merge -d "$A" "$A.dept.csv" "$B.dept.csv"
status 65 "merge of annual by dept: a department in two reports refused"
err_has "D01 is in two annual reports" "the unit named"
ok "nothing printed" test ! -s "$T/out"
grid-report monthly --month 2026-05 -f csv -d "$A" >"$T/m.csv"
run grid-report merge -d "$A" "$T/m.csv" "$A.community.ndjson"
status 65 "merge of a monthly and an annual report refused"

# ---- grid-case list, show, log ----
for sort in reported deadline id; do
	# shellcheck disable=SC2086
	same "list --sort $sort, three districts" "$T/three.db" \
	    grid-case list --sort $sort -f csv $THREE
done
# shellcheck disable=SC2086
same "list --sort deadline --limit 7 (the union's first 7)" \
    "$T/three.db" grid-case list --sort deadline --limit 7 -f csv $THREE
# shellcheck disable=SC2086
same "list --open --dept D01,D02 -f ndjson" "$T/two.db" \
    grid-case list --open --dept D01,D02 -f ndjson $TWO
# shellcheck disable=SC2086
same "list -f id --limit 3" "$T/two.db" grid-case list -f id --limit 3 \
    $TWO
# shellcheck disable=SC2086
same "show of cases in three databases" "$T/three.db" \
    grid-case show Q02 R01 P14 -f csv $THREE
# shellcheck disable=SC2086
same "log of cases in two databases" "$T/two.db" \
    grid-case log P13 R13 -f csv $TWO
# shellcheck disable=SC2086
same "status of a case of the second database" "$T/two.db" \
    grid-case status P13 -f csv $TWO
run grid-case status NOPE -d "$A" -d "$B"
status 65 "status of an id in no database"
ok "nothing printed" test ! -s "$T/out"
run grid-case show R01 NOPE P01 -d "$A" -d "$B"
status 65 "show of an id in no database"
err_has "case NOPE: no such case" "the id named"
ok "nothing printed" test ! -s "$T/out"
run grid-case show P02 --reveal -f csv -d "$A" -d "$B"
status 0 "show --reveal of a case of the second database"
ok "its reveal logged in the second database" \
    sh -c "grid-case log P02 -f csv -d '$B' | grep -q ',reveal,'"
ok "and not in the first" \
    sh -c "! sqlite3 '$A' \"SELECT action FROM case_log\" | grep -q reveal"

# ---- refusals ----
run grid-report monthly --month 2026-05 -d "$A" -d "$T/none.db"
status 69 "monthly: a -d missing"
ok "nothing printed" test ! -s "$T/out"
run grid-case list -d "$A" -d "$T/none.db"
status 69 "list: a -d missing"
ok "nothing printed" test ! -s "$T/out"
run grid-case register R01 -d "$A" -d "$B"
status 64 "a command that writes refuses a second -d"
err_has "-d given twice" "the message says why"
cp "$B" "$T/other.db"
grid-import -q -d "$T/other.db" --set grade_bounds=A:95,B:80,C:60,D:40
run grid-report annual --year 2026 -d "$A" -d "$T/other.db"
status 65 "databases with other grade bounds refused"
err_has "grade_bounds" "the setting named"
ok "nothing printed" test ! -s "$T/out"
echo "1..$n"
