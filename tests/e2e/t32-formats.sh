#!/bin/sh
# One list of formats (cmd/common/format.c) for every command of every
# tool: each row format a command writes is accepted and has its shape;
# html where a page is offered (grid-report, grid-stats); -o's extension
# gives the same output as -f; a format a command does not write exits
# 64 with the one message shape, naming the formats it writes, in the
# list's order.  grid-assign locate streams its rows (its memory does not
# grow with the input), so it writes no table or md.
. "$(dirname "$0")/lib.sh"
load_district
cp "$DISTRICT/grids.geojson" "$T/"
grid-assign boundaries -q grids.geojson

rows="ndjson csv tsv table md"
rows_list="ndjson, csv, tsv, table or md"
page_list="ndjson, csv, tsv, table, md, html or geojson"
# rows with a place (grid-case list and show: the case's point)
place_list="ndjson, csv, tsv, table, md or geojson"
stream_list="ndjson, csv, tsv or geojson"

# shape FORMAT FILE: the file has the shape of FORMAT.
shape() {
	case $1 in
	ndjson) ! grep -qv '^{.*}$' "$2" ;;	# no row: empty
	csv) head -1 "$2" | grep -q ',' && ! head -1 "$2" | grep -q '	' ;;
	tsv) head -1 "$2" | grep -q '	' ;;
	table) sed -n 2p "$2" | grep -qx '[- ]*-[- ]*' ;;
	md) head -1 "$2" | grep -q '^|.*|$' &&
	    sed -n 2p "$2" | grep -qx '|[-:| ]*|' ;;
	html) head -1 "$2" | grep -qi '^<!DOCTYPE html>' &&
	    grep -q '<table' "$2" ;;
	esac
}

# untimed3 FILE: grid-import's seconds (3 decimals) replaced by T.
untimed3() {
	sed -E 's/[0-9]+\.[0-9]{3}([,}	| ]|$)/T\1/g' "$1" >"$1.u" &&
	    mv "$1.u" "$1"
}

# check NAME FORMATS LIST COMMAND...: COMMAND -f F has F's shape for each
# F of FORMATS; -o r.EXT gives the same bytes as -f (a read command);
# the others of ndjson..html and an unknown one are refused as LIST says.
check() {
	name=$1 formats=$2 list=$3
	shift 3
	for f in $formats; do
		run "$@" -f "$f"
		ok "$name -f $f: exit 0 or 65 ($rc)" [ "$rc" -eq 0 -o "$rc" -eq 65 ]
		cp "$T/out" "$T/want.$f"
		ok "$name -f $f: the shape of $f" shape "$f" "$T/out"
		[ "$f" = table ] && continue
		rm -f "$T/r.$f"
		run "$@" -o "$T/r.$f"
		untimed3 "$T/want.$f"
		untimed3 "$T/r.$f"
		ok "$name -o r.$f: written as $f" cmp -s "$T/want.$f" "$T/r.$f"
	done
	for f in ndjson csv tsv table md html xml; do
		case " $formats " in *" $f "*) continue ;; esac
		rm -f "$T"/r.*
		run "$@" -f "$f"
		status 64 "$name -f $f"
		err_line "$name: unknown format '$f' (expected $list)" \
		    "$name -f $f: the message"
		is "$(ls "$T" | grep -c '^r\.')" 0 "$name -f $f: no file"
	done
}

check "grid-stats population" "$rows html" "$page_list" \
    grid-stats population --by community
check "grid-stats groups" "$rows html" "$page_list" \
    grid-stats groups --tag elderly_alone
check "grid-stats cases" "$rows html" "$page_list" grid-stats cases
check "grid-stats quality" "$rows html" "$page_list" grid-stats quality
check "grid-stats hazards" "$rows html" "$page_list" grid-stats hazards
check "grid-stats visits" "$rows html" "$page_list" grid-stats visits
check "grid-report monthly" "$rows html" "$page_list" \
    grid-report monthly --month 2026-05
check "grid-report annual" "$rows html" "$page_list" \
    grid-report annual --year 2026
grid-report monthly --month 2026-05 -f ndjson >month.ndjson
check "grid-report merge" "$rows html" "$page_list" \
    grid-report merge month.ndjson
# check's findings and the fills' rows have points, --load's units places
check "grid-assign check" "$rows" "$place_list" grid-assign check --load
check "grid-assign workers" "$rows" "$rows_list" grid-assign workers
for c in houses orgs components cases people; do
	check "grid-assign $c" "$rows" "$place_list" grid-assign $c -n
done
check "grid-import" "$rows" "$rows_list" grid-import -q -n departments.csv
check "grid-import" "$rows" "$rows_list" grid-import --settings
printf 'name,x,y\na,120.619017,31.311876\n' >points.csv
check "grid-assign locate" "ndjson csv tsv" "$stream_list" \
    grid-assign locate -q points.csv

# grid-case: every command, each through the one list (rows, no html);
# the steps and sweep as dry runs, which give the same rows each time.
# Cases: one closed (for similar), one dispatched days ago (overdue, for
# sweep), one reported now.
at() { printf '2026-06-%02dT%s:00+08:00' "$1" "$2"; }
old=$(grid-case report -q -f id --source hotline --category E0102 \
    --grid 32050801801401 --at "$(at 1 09:00)")
for step in "register" "dispatch --dept D01" "handle --note done" \
    "verify --pass" "close"; do
	grid-case $step -q "$old" --at "$(at 2 10:00)" >/dev/null
done
late=$(grid-case report -q -f id --source hotline --category E0102 \
    --grid 32050801801401 --at "$(at 8 09:00)")
grid-case register -q "$late" --at "$(at 8 09:30)" >/dev/null
grid-case dispatch -q "$late" --dept D01 --at "$(at 8 10:00)" >/dev/null
new=$(grid-case report -q -f id --source hotline --category E0102 \
    --grid 32050801801401)
check "grid-case list" "$rows" "$place_list" grid-case list
check "grid-case similar" "$rows" "$rows_list" grid-case similar "$late"
check "grid-case show" "$rows" "$place_list" grid-case show "$late" "$new"
check "grid-case log" "$rows" "$rows_list" grid-case log "$late"
check "grid-case status" "$rows" "$rows_list" grid-case status "$late"
check "grid-case categories" "$rows" "$rows_list" grid-case categories
check "grid-case departments" "$rows" "$rows_list" grid-case departments
check "grid-case sweep" "$rows" "$rows_list" grid-case sweep -q -n
check "grid-case report" "$rows" "$rows_list" grid-case report -q -n \
    --source hotline --category E0102 --grid 32050801801401
check "grid-case register" "$rows" "$rows_list" grid-case register -q -n \
    "$new"
printf '%s\n' "$new" >ids.txt
register_ids() { grid-case register -q -n - "$@" <"$T/ids.txt"; }
check "grid-case register" "$rows" "$rows_list" register_ids
ok "the dry runs wrote nothing" [ "$(grid-case list --status reported \
    -f id)" = "$new" ]

# -f id, grid-case's own: the ids alone, where rows start with a case id
run grid-case list -f id
status 0 "grid-case list -f id"
is "$(cat "$T/out")" "$(printf '%s\n%s\n%s' "$old" "$late" "$new")" \
    "grid-case list -f id: the ids, one a line"
run grid-case log -f id "$late"
is "$(cat "$T/out")" "$late" "grid-case log -f id: a case's rows once"
run grid-case list -f id -o ids.out
status 0 "grid-case list -f id -o ids.out"
is "$(cat ids.out)" "$(printf '%s\n%s\n%s' "$old" "$late" "$new")" \
    "grid-case list -f id -o: the ids in the file"
for cmd in "status $late" categories departments; do
	run grid-case $cmd -f id
	status 64 "grid-case $cmd -f id: no case ids to write"
	err_line "grid-case ${cmd%% *}: unknown format 'id' (expected $rows_list)" \
	    "grid-case $cmd -f id: the message"
done
# show: one line per field as table and md, whether -f or -o says md
run grid-case show -f md "$late"
out_has "| reply_due " "grid-case show -f md: a line per field"
grid-case show -o r.md "$late"
same "$T/out" r.md "grid-case show -o r.md: as -f md"

# md, new to these commands, as the other commands write it
run grid-assign workers -f md
out_has "| worker_id" "grid-assign workers -f md: a header row"
run grid-import -q -n -f md departments.csv
out_has "| file" "grid-import -f md: the summary's header"

# locate: -o's extension gives the format, as everywhere
grid-assign locate -q -f tsv points.csv >want.tsv
run grid-assign locate -q -o r.tsv points.csv
status 0 "locate -o r.tsv"
same want.tsv r.tsv "locate -o r.tsv: tsv, as -f tsv"

# one shape for a bad option, in every tool
for cmd in "grid-import" "grid-assign check" "grid-report monthly" \
    "grid-stats population"; do
	run $cmd --nope
	status 64 "$cmd --nope"
	err_line "$cmd: --nope: unknown option" "$cmd --nope: the message"
	err_line "Try '$cmd --help'." "$cmd --nope: the hint"
	run $cmd -Z
	err_line "$cmd: -Z: unknown option" "$cmd -Z: the message"
	run $cmd --db
	err_line "$cmd: --db: needs a value" "$cmd --db: the message"
	run $cmd -d
	err_line "$cmd: -d: needs a value" "$cmd -d: the message"
	run $cmd --quiet=1
	err_line "$cmd: --quiet: takes no value" "$cmd --quiet=1: the message"
done

# the hidden helpers of the documentation tests
run grid-stats --list-commands
status 0 "grid-stats --list-commands"
is "$(tr '\n' ' ' <"$T/out")" \
    "population groups cases quality hazards visits merge disputes petitions " \
    "grid-stats --list-commands: every command, in order"
run grid-import --list-options
status 0 "grid-import --list-options"
out_has "--households" "grid-import --list-options: its own options"
out_has "--reveal" "grid-import --list-options: the common ones"
is "$(grep -c -- '--list-options' "$T/out")" 0 \
    "--list-options lists not itself"
run grid-report monthly --help
is "$(grep -c 'list-options\|list-commands' "$T/out")" 0 \
    "neither is in --help"
