#!/bin/sh
# grid-assign workers: the listing of workers' grids and load, --set,
# --add and --remove, and --balance (proposal, --apply, stability,
# specialists left out, neighbours from polygons or from sequence
# numbers); every bad input with its message, status and the database
# unchanged.
. "$(dirname "$0")/lib.sh"

load_district || exit 1

# wg: the worker_grids rows, "worker grid" a line, sorted.
wg() {
	sql "SELECT worker_id || ' ' || grid_code FROM worker_grids
	    ORDER BY 1"
}
# grids_of WORKER: the worker's grids, comma-separated.
grids_of() {
	sql "SELECT group_concat(grid_code, ',') FROM (SELECT grid_code
	    FROM worker_grids WHERE worker_id = '$1' ORDER BY grid_code)"
}

# ---- the listing ----
run grid-assign workers -f csv
status 0 "workers: the listing"
cat >expected.csv <<'EOF'
worker_id,name,phone,kind,communities,grids,grid_count,people,houses
W001,郭勇,187****3835,full_time,320508018014,"32050801801401,32050801801402,32050801801403",3,26,12
W002,高磊,186****9691,full_time,320508018019,"32050801801901,32050801801902",2,24,8
W003,吴晓东,133****6798,full_time,320508018023,"32050801802301,32050801802302,32050801802303",3,34,12
W004,韩丽娟,137****7049,full_time,320508021019,"32050802101901,32050802101902",2,11,8
W005,蒋娟,159****4965,full_time,320508021034,"32050802103401,32050802103402,32050802103403",3,35,12
W006,沈晓东,133****8156,full_time,320508021017,"32050802101701,32050802101702",2,20,8
W007,陆伟,189****6200,part_time,320508018014,32050801801401,1,7,4
W008,周倩,138****7033,part_time,320508018023,32050801802301,1,10,4
W009,任立新,180****9689,part_time,320508021019,32050802101902,1,6,4
W010,徐卫东,133****3841,specialist,,,0,0,0
W011,陆丽,152****3827,specialist,,,0,0,0
EOF
same expected.csv "$T/out" "listing: every worker, grids, people and houses, phones masked"
is "$(wc -l <"$T/err" | tr -d ' ')" 0 "listing: nothing on standard error"
is "$(sql "SELECT count(*) FROM people WHERE grid_code LIKE '320508018014%'")" \
    26 "listing: W001's 26 people are those of its three grids"

run grid-assign workers --reveal -f csv
out_has "W001,郭勇,18744053835,full_time" "--reveal: the phone number unmasked"

run grid-assign workers
status 0 "listing as ndjson when piped"
out_has '{"worker_id":"W007","name":"陆伟","phone":"189****6200","kind":"part_time","communities":"320508018014","grids":"32050801801401","grid_count":1,"people":7,"houses":4}' \
    "ndjson: counts are numbers, codes are strings"

run grid-assign workers --community 320508018 -f csv
is "$(cut -d, -f1 "$T/out" | tr '\n' ' ')" \
    "worker_id W001 W002 W003 W007 W008 " \
    "--community with a street code: only its workers"
run grid-assign workers --community 32050801801401 -f tsv
is "$(cut -f1,6,8 "$T/out" | tr '\t\n' ': ')" \
    "worker_id:grids:people W001:32050801801401:7 W007:32050801801401:7 " \
    "--community with a grid code: that grid and its workers"
run grid-assign workers --community 320508 -o listing.csv -f csv
status 0 "-o FILE"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "-o FILE: nothing on standard output"
is "$(grep -c '^W0' listing.csv)" 9 "-o FILE: the district's nine workers with grids"

run grid-assign workers --community 3205080
status 65 "--community with a malformed code"
err_line "grid-assign workers: bad area code '3205080'" "malformed area: message"
run grid-assign workers --community 320508099
status 65 "--community with an unknown street"
err_line "grid-assign workers: unknown area '320508099'" "unknown area: message"

# ---- --set, --add, --remove ----
snapshot before.sql
run grid-assign workers --set W999 32050801801401
status 65 "--set: unknown worker"
err_line "grid-assign workers: unknown worker 'W999'" "unknown worker: message"
snapshot after.sql
same before.sql after.sql "unknown worker: the database unchanged"

run grid-assign workers --set W001 32050801801402 32050801801499
status 65 "--set: a known and an unknown grid"
err_line "grid-assign workers: unknown grid '32050801801499'" \
    "unknown grid: message"
run grid-assign workers --add W001 32050801801499 x 32050801801498
status 65 "--add: three unknown grids"
err_line "grid-assign workers: unknown grids '32050801801498', '32050801801499', 'x'" \
    "unknown grids: all named in one line"
run grid-assign workers --remove W001 1 2 3 4 5 6 7
status 65 "--remove: seven unknown grids"
err_line "grid-assign workers: unknown grids '1', '2', '3', '4', '5' and 2 more" \
    "many unknown grids: five named, the rest counted"
snapshot after.sql
same before.sql after.sql "unknown grids: the database unchanged"

run grid-assign workers --set W001
status 64 "--set without grids"
err_has "--set W001: no grid given" "--set without grids: message"
run grid-assign workers --set W001 32050801801402 --balance
status 64 "--set with --balance"
err_has "--set and --balance cannot be combined" "two modes: message"
run grid-assign workers --set W001 32050801801402 --community 320508
status 64 "--set with --community"
run grid-assign workers 32050801801402
status 64 "a grid without --set"
err_has "unexpected argument '32050801801402'" "stray argument: message"
snapshot after.sql
same before.sql after.sql "usage errors: the database unchanged"

run grid-assign workers -d missing.db --set W001 32050801801402
status 69 "--set: missing database"
err_has "missing.db: no database here" "missing database: message"
ok "missing database: not created" test ! -e missing.db
run grid-assign workers -d missing.db
status 69 "listing: missing database"

run grid-assign workers --set W001 32050801801403 32050801801402 \
    32050801801403 -f csv
status 0 "--set W001: two grids (one given twice)"
is "$(cat "$T/out")" "worker_id,grid_code,change
W001,32050801801401,removed" "--set: one row per change"
err_line "grid-assign workers: W001: 0 grids added, 1 removed" \
    "--set: the summary"
is "$(grids_of W001)" "32050801801402,32050801801403" \
    "--set: exactly the grids given"
is "$(grids_of W007)" "32050801801401" "--set: other workers untouched"

run grid-assign workers --add W001 32050801801401 32050801801402 -f csv
status 0 "--add"
is "$(tail -n +2 "$T/out")" "W001,32050801801401,added" \
    "--add: only the grid it did not have"
run grid-assign workers --remove W001 32050801801401 -q -f csv
status 0 "--remove -q"
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "-q: no summary"
is "$(grids_of W001)" "32050801801402,32050801801403" "--remove: the grid is gone"
run grid-assign workers --remove W001 32050801801401
status 0 "--remove a grid the worker does not have"
err_line "grid-assign workers: W001: nothing changed" \
    "--remove: nothing changed said"
run grid-assign workers --set W010 32050802103401 -q
status 0 "--set works for a specialist too"
run grid-assign workers --set W001 32050801801401 32050801801402 \
    32050801801403 -q
run grid-assign workers --remove W010 32050802103401 -q
snapshot after.sql
same before.sql after.sql "set back: the database as it was"

# ---- --balance on the sample district (no polygons: sequence numbers) ----
run grid-assign workers --balance -f csv
status 0 "--balance: a proposal"
cat >expected.csv <<'EOF'
community_code,worker_id,name,kind,grids_before,grids_after,people_before,people_after,pieces
320508018014,W001,郭勇,full_time,"32050801801401,32050801801402,32050801801403",32050801801403,26,14,1
320508018014,W007,陆伟,part_time,32050801801401,"32050801801401,32050801801402",7,12,1
320508018019,W002,高磊,full_time,"32050801801901,32050801801902","32050801801901,32050801801902",24,24,1
320508018023,W003,吴晓东,full_time,"32050801802301,32050801802302,32050801802303",32050801802303,34,12,1
320508018023,W008,周倩,part_time,32050801802301,"32050801802301,32050801802302",10,22,1
320508021017,W006,沈晓东,full_time,"32050802101701,32050802101702","32050802101701,32050802101702",20,20,1
320508021019,W004,韩丽娟,full_time,"32050802101901,32050802101902",32050802101901,11,5,1
320508021019,W009,任立新,part_time,32050802101902,32050802101902,6,6,1
320508021034,W005,蒋娟,full_time,"32050802103401,32050802103402,32050802103403","32050802103401,32050802103402,32050802103403",35,35,1
EOF
same expected.csv "$T/out" "--balance: each community's grids shared evenly"
err_line "grid-assign workers: 320508018014: 2 workers, 3 grids: people per worker max 26 -> 14, min 7 -> 12, cv 0.58 -> 0.08; 2 grids moved" \
    "--balance: max, min and cv before and after, per community"
err_line "grid-assign workers: nothing written: --apply writes this proposal" \
    "--balance: says nothing was written"
snapshot after.sql
same before.sql after.sql "--balance without --apply: the database unchanged"

run grid-assign workers --balance --by houses --community 320508021019 -f csv
is "$(head -1 "$T/out")" \
    "community_code,worker_id,name,kind,grids_before,grids_after,houses_before,houses_after,pieces" \
    "--by houses: the load columns say so"
is "$(wc -l <"$T/out" | tr -d ' ')" 3 "--community: only that community"
err_has "houses per worker max 8 -> 4, min 4 -> 4" "--by houses: houses evened"

run grid-assign workers --apply
status 64 "--apply without --balance"
err_has "--apply goes with --balance" "--apply without --balance: message"
run grid-assign workers --balance --by cars
status 64 "--by with an unknown measure"
run grid-assign workers --by houses
status 64 "--by without --balance"
run grid-assign workers --balance --apply -d missing.db
status 69 "--balance --apply: missing database"
ok "--balance --apply: the missing database not created" test ! -e missing.db
run grid-assign workers --balance --apply -o nodir/out.csv
status 73 "--balance --apply: output cannot be created"
snapshot after.sql
same before.sql after.sql "bad --balance runs: the database unchanged"

# a specialist holding a unit grid is left out, and keeps it
run grid-assign workers --add W010 32050802103402 -q
status 0 "a specialist given a unit grid"
run grid-assign workers --balance --apply -f csv
status 0 "--balance --apply"
err_line "grid-assign workers: applied: 5 grids moved in 3 communities (5 rows of worker_grids removed, 2 added)" \
    "--apply: what changed"
ok "--apply: the specialist is not in the proposal" \
    sh -c '! grep -q W010 "$1"' sh "$T/out"
is "$(grids_of W010)" "32050802103402" "--apply: the specialist keeps its grid"
is "$(grids_of W001)" "32050801801403" "--apply: W001 has its proposed grid"
is "$(grids_of W007)" "32050801801401,32050801801402" \
    "--apply: W007 has its proposed grids"
is "$(sql "SELECT count(*) FROM (SELECT grid_code FROM worker_grids
    JOIN workers ON id = worker_id WHERE kind <> 'specialist'
    GROUP BY grid_code HAVING count(*) > 1)")" 0 \
    "--apply: no unit grid with two workers left"
snapshot applied.sql
run grid-assign workers --balance -f tsv
status 0 "--balance again after --apply"
ok "again: every worker keeps its grids" \
    awk -F'\t' 'NR > 1 && $5 != $6 { exit 1 }' "$T/out"
ok "again: no grid moved in any community" \
    sh -c '! grep -v "; 0 grids moved\$" "$1"' sh "$T/err"
ok "again: nothing to apply" \
    sh -c '! grep -q "nothing written" "$1"' sh "$T/err"
run grid-assign workers --balance --apply -q
status 0 "--apply again"
snapshot after.sql
same applied.sql after.sql "--apply again: nothing changes"

# ---- a 2x3 community: neighbours from polygons or sequence numbers ----
#   01 02 03     houses: 3 1 3
#   04 05 06             3 1 1
cat >regions2.csv <<'EOF'
code,level,name,parent_code
320508018050,community,试验社区居委会,320508018
EOF
{
	echo "code,community_code,name,kind"
	for i in 1 2 3 4 5 6; do
		echo "3205080180500$i,320508018050,试验社区第${i}网格,unit"
	done
} >grids2.csv
cat >workers2.csv <<'EOF'
id,name,phone,kind
W101,甲,13800000001,full_time
W102,乙,13800000002,part_time
EOF
{
	echo "worker_id,grid_code"
	for i in 1 2 3 4 5 6; do echo "W101,3205080180500$i"; done
	echo "W102,32050801805006"
} >wg2.csv
{
	echo "id,address,grid_code"
	house=0
	for g in 1:3 2:1 3:3 4:3 5:1 6:1; do
		j=0
		while [ $j -lt "${g#*:}" ]; do
			house=$((house + 1))
			j=$((j + 1))
			echo "HT$house,试验路$house号,3205080180500${g%:*}"
		done
	done
} >houses2.csv
for f in regions:regions2 grids:grids2 workers:workers2 \
    worker_grids:wg2 houses:houses2; do
	ok "the 2x3 community: ${f%:*} load" \
	    grid-import -q -t "${f%:*}" "${f#*:}.csv"
done

# Without polygons 01..06 is a chain: the best even split is 7 and 5.
run grid-assign workers --balance --by houses --community 320508018050 -f csv
status 0 "2x3 without polygons: a proposal"
err_has "houses per worker max 12 -> 7, min 1 -> 5" \
    "2x3 without polygons: 7 and 5 along the chain"
ok "2x3 without polygons: each worker's grids consecutive" \
    grep -q '"32050801805004,32050801805005,32050801805006",1,5,1$' "$T/out"

# With polygons 01 touches 04: 01+04 against the rest is 6 and 6.
for i in 1 2 3 4 5 6; do
	x0=$(((i - 1) % 3))
	y0=$((1 - (i - 1) / 3))
	sql "UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.$x0,31.$y0],[120.$((x0 + 1)),31.$y0],[120.$((x0 + 1)),31.$((y0 + 1))],[120.$x0,31.$((y0 + 1))],[120.$x0,31.$y0]]]}' WHERE code = '3205080180500$i'"
done
run grid-assign workers --balance --by houses --community 320508018050 -f csv
status 0 "2x3 with polygons: a proposal"
err_has "houses per worker max 12 -> 6, min 1 -> 6" \
    "2x3 with polygons: 6 and 6, using the column 01-04"
is "$(cut -d, -f2 "$T/out" | sed 1d | tr '\n' ' ')" "W101 W102 " \
    "2x3 with polygons: both workers"
out_has 'W102,乙,part_time,32050801805006,"32050801805001,32050801805004",1,6,1' \
    "2x3 with polygons: W102 takes 01 and 04 (fewest grids move)"
out_has '"32050801805002,32050801805003,32050801805005,32050801805006",12,6,1' \
    "2x3 with polygons: W101 keeps the rest, in one piece"

# Nobody lives there: with no people to share, every worker keeps a grid
# and as few grids as can be move.
run grid-assign workers --balance --apply --community 320508018050 -q
status 0 "2x3 by people, none there: --apply"
is "$(grids_of W102)" "32050801805006" "no load: W102 keeps its grid"
is "$(grids_of W101)" \
    "32050801805001,32050801805002,32050801805003,32050801805004,32050801805005" \
    "no load: W101 keeps the others"

# A polygon that cannot be read is an error naming the grid.
sql "UPDATE grids SET geometry = '{\"type\":\"Polygon\"' WHERE code = '32050801805001'"
snapshot before.sql
run grid-assign workers --balance --apply --community 320508018050
status 65 "an unreadable polygon"
err_has "grid-assign workers: grids: geometry: grid '32050801805001': not JSON" \
    "unreadable polygon: message names the grid"
snapshot after.sql
same before.sql after.sql "unreadable polygon: the database unchanged"
