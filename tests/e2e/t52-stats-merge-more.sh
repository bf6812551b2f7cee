#!/bin/sh
# grid-stats disputes, petitions and hazards --inspections, --uninspected,
# --recurred and --sample over several databases (issue 16): two and
# three districts made from tests/fixtures/district as t47 makes them,
# each with disputes, petitions, self-reports and inspections of May 2026
# recorded by grid-case and grid-import, and a city database built from
# their files by grid-import --districts.  The same people are parties in
# several districts (a person is one ID number in every district): their
# pairs and petitions are repeated across the city.  For every statistic:
# -d repeated == the city database, byte for byte; merge of the
# districts' rows (csv, ndjson) == the same; the lists and the
# spot-check sample of several -d == the city's; reveals recorded in every
# database; mixed statistics and periods refused (65), lists not merged.
. "$(dirname "$0")/lib.sh"
. "$GRID_TOP/tests/e2e/districts.sh"

D1=320508 D2=320506 D3=320507
district_registers 1 $D1 "$T/d1"
district_registers 2 $D2 "$T/d2"
district_registers 3 $D3 "$T/d3"

# people of d1 who are also registered elsewhere (no household there):
# A and B in all three districts, C in d3 too.
person() { sed -n "$2p" "$T/d$1/people.csv" | cut -d, -f1; }
A=$(person 1 2) B=$(person 1 3) C=$(person 1 4)
elsewhere() {
	grep -E "^($2)," "$T/d1/people.csv" |
	    awk -F, -v OFS=, -v g="$3" '{ $6 = ""; $7 = ""; $8 = g; $10 = "" } 1' \
	    >>"$T/d$1/people.csv"
}
elsewhere 2 "$A|$B" ${D2}01801401
elsewhere 3 "$A|$B|$C" ${D3}01801402

for k in 1 2 3; do
	eval code=\$D$k
	grid-import -q -d "$T/$k.db" "$T/d$k/regions.csv" \
	    "$T/d$k/departments.csv" "$T/d$k/grids.csv" "$T/d$k/workers.csv" \
	    "$T/d$k/worker_grids.csv" "$T/d$k/houses.csv" \
	    "$T/d$k/households.csv" "$T/d$k/people.csv" \
	    "$T/d$k/person_tags.csv" "$T/d$k/orgs.csv" 2>>"$T/load.err"
done
is "$(sqlite3 "$T/2.db" "SELECT count(*) FROM people WHERE id_number IN ('$A', '$B')")" \
    2 "A and B are registered in district 2 too"

# step DB VERB ARGS...: one grid-case step, quiet.
step() {
	db=$1
	shift
	grid-case "$@" -d "$db" -q >/dev/null 2>>"$T/steps.err"
}
# report DB SOURCE CATEGORY GRID AT: a case; its id in $id.
report() {
	id=$(grid-case report -d "$1" --source "$2" --category "$3" \
	    --grid "$4" --at "$5" --description 事项 -f id 2>>"$T/steps.err")
}
# dispute DB CATEGORY GRID AT PARTY...: a dispute and its parties.
dispute() {
	db=$1 cat=$2 grid=$3 at=$4 args=
	shift 4
	for p in "$@"; do
		args="$args --party $p"
	done
	report "$db" worker "$cat" "$grid" "$at"
	# shellcheck disable=SC2086 # the parties are words
	step "$db" dispute "$id" --at "$at" $args
}
# petition DB CATEGORY GRID AT PETITIONER [OPTION...]: a petition.
petition() {
	db=$1 cat=$2 grid=$3 at=$4 who=$5
	shift 5
	report "$db" petition "$cat" "$grid" "$at"
	step "$db" petition "$id" --petitioner "$who" --at "$at" "$@"
}

# --- disputes ---------------------------------------------------------------
# d1: A B and org U1 (05-02, resolved 05-03), A B (05-10, continued), C
# alone (05-12, failed).  d2: A B (05-05, resolved at community), P2 alone
# twice (05-06; 05-20 referred).  d3: C alone (05-07, resolved), A B
# (05-21).  Over d1 and d2: A-B three disputes in two districts, P2 two;
# over all three: A-B four, C two (one in d1, one in d3).
U1=$(awk -F, '$6 == "enterprise" { print $1; exit }' "$T/d1/orgs.csv")
P2=$(person 2 5)
G1=${D1}01801401 G2=${D2}01801402 G3=${D3}01801901
dispute "$T/1.db" E0701 $G1 2026-05-02T09:00 "$A" "$B" "$U1"
step "$T/1.db" mediate "$id" --result resolved --level grid --at 2026-05-03T09:00
dispute "$T/1.db" E0702 $G1 2026-05-10T09:00 "$A" "$B"
step "$T/1.db" mediate "$id" --result continued --level grid --at 2026-05-11T09:00
dispute "$T/1.db" E0701 ${D1}01801901 2026-05-12T09:00 "$C"
step "$T/1.db" mediate "$id" --result failed --level community --at 2026-05-13T09:00
dispute "$T/2.db" E0701 $G2 2026-05-05T09:00 "$A" "$B"
step "$T/2.db" mediate "$id" --result resolved --level community --at 2026-05-06T09:00
dispute "$T/2.db" E0701 $G2 2026-05-06T09:00 "$P2"
dispute "$T/2.db" E0703 ${D2}01801901 2026-05-20T09:00 "$P2"
step "$T/2.db" mediate "$id" --result referred --level street --at 2026-05-21T09:00
dispute "$T/3.db" E0701 $G3 2026-05-07T09:00 "$C"
step "$T/3.db" mediate "$id" --result resolved --level grid --at 2026-05-08T09:00
dispute "$T/3.db" E0701 $G3 2026-05-21T09:00 "$A" "$B"

# --- petitions --------------------------------------------------------------
# A petitions in every district (05-08 d1 answered on time, 05-15 d2
# answered, 05-20 d3 online), P1 once in d1, a group of 6 in d2, C twice
# in d3.
P1=$(person 1 6)
petition "$T/1.db" E0901 $G1 2026-05-08T09:00 "$A" --form letter
step "$T/1.db" accept "$id" --at 2026-05-08T10:00
step "$T/1.db" answer "$id" --text 已答复 --at 2026-05-20T10:00
step "$T/1.db" follow-through "$id" --at 2026-05-21T10:00
petition "$T/1.db" E0902 $G1 2026-05-09T09:00 "$P1" --form letter
petition "$T/2.db" E0901 $G2 2026-05-15T09:00 "$A" --form visit
step "$T/2.db" accept "$id" --at 2026-05-15T10:00
step "$T/2.db" answer "$id" --text 已答复 --at 2026-05-25T10:00
petition "$T/2.db" E0901 $G2 2026-05-16T09:00 "$P2" --form visit \
    --people 6 --reached city --competent district
step "$T/2.db" accept "$id" --at 2026-05-16T10:00
petition "$T/3.db" E0902 $G3 2026-05-20T09:00 "$A" --form online
petition "$T/3.db" E0902 $G3 2026-05-21T09:00 "$C" --form phone
petition "$T/3.db" E0902 $G3 2026-05-22T09:00 "$C" --form phone

# --- self-reports and inspections ------------------------------------------
# Enterprises E1-E4 of each district: E1 a zero report 05-03 after its
# passed inspection of 05-02 (uninspected; in d2 inspected again 05-28),
# E2 passed 05-10 then a minor hazard 05-20 (recurred), E3 a zero report
# 05-25 and no inspection (uninspected); the first individual business
# two hazards found 05-12.
for k in 1 2 3; do
	ib=$(awk -F, '$6 == "individual" { print $1; exit }' "$T/d$k/orgs.csv")
	# shellcheck disable=SC2046 # the USCCs are words
	set -- $(awk -F, '$6 == "enterprise" { print $1 }' "$T/d$k/orgs.csv")
	{
		echo "id,source,org_uscc,grade,reported_at"
		echo "S${k}1,self_report,$1,,2026-05-03T09:00:00+08:00"
		echo "S${k}2,self_report,$2,minor,2026-05-20T09:00:00+08:00"
		echo "S${k}3,self_report,$3,,2026-05-25T09:00:00+08:00"
	} >"$T/d$k/self.csv"
	{
		echo "id,worker_id,org_uscc,at,kind,result,hazards,next_date"
		echo "V${k}1,W${k}01,$1,2026-05-02T10:00:00+08:00,fire_inspection,met,0,2026-05-20"
		echo "V${k}2,W${k}01,$2,2026-05-10T10:00:00+08:00,safety_inspection,met,0,2026-11-10"
		echo "V${k}4,W${k}02,$ib,2026-05-12T10:00:00+08:00,food_inspection,problem,2,2026-06-12"
		[ $k = 2 ] &&
		    echo "V${k}5,W${k}02,$1,2026-05-28T10:00:00+08:00,fire_inspection,met,0,2026-11-28"
	} >"$T/d$k/inspections.csv"
	grid-import -q -d "$T/$k.db" -t cases "$T/d$k/self.csv" \
	    2>>"$T/load.err"
	grid-import -q -d "$T/$k.db" -t visits "$T/d$k/inspections.csv" \
	    2>>"$T/load.err"
done
# (the warnings: the jurisdiction set, a column kept in attrs)
grep -v ': warning: ' "$T/steps.err" "$T/load.err" >"$T/errors"
ok "every step and import succeeded" test ! -s "$T/errors"
sed 's/^/# /' "$T/errors" | head -5

# the city database of all three, from their files; of two
city_database "$T/city.db" "$T/1.db" "$T/2.db" "$T/3.db" 2>"$T/city.err"
ok "a city database of three districts" test -s "$T/city.db"
city_database "$T/city2.db" "$T/1.db" "$T/2.db" 2>"$T/city.err"
ok "a city database of two districts" test -s "$T/city2.db"

# check CITY WHAT ARGS...: the statistic of the city database CITY, of -d
# repeated (its districts) and the merge of each district's rows, csv and
# ndjson, all equal byte for byte.
check() {
	city=$1 what=$2
	shift 2
	if [ "$city" = "$T/city.db" ]; then
		set -- "$@" -d "$T/1.db" -d "$T/2.db" -d "$T/3.db"
		k3=3
	else
		set -- "$@" -d "$T/1.db" -d "$T/2.db"
		k3=
	fi
	for f in csv ndjson; do
		grid-stats "$@" -f $f >"$T/many.$f" 2>"$T/err"
		# the same arguments without the -d: the city's
		n_args=$#
		grid-stats $(echo "$*" | sed 's/ -d .*//') -d "$city" -f $f \
		    >"$T/city.$f" 2>>"$T/err"
		ok "$what, $f: rows" test "$(grep -c . "$T/city.$f")" -gt 1
		same "$T/city.$f" "$T/many.$f" "$what, $f: -d repeated == the city database"
		parts=
		for k in 1 2 $k3; do
			grid-stats $(echo "$*" | sed 's/ -d .*//') -d "$T/$k.db" \
			    -f $f >"$T/part$k.$f" 2>/dev/null &&
			    parts="$parts $T/part$k.$f"
		done
		# shellcheck disable=SC2086
		grid-stats merge $parts -f $f >"$T/merged.$f" 2>>"$T/err"
		same "$T/city.$f" "$T/merged.$f" "$what, $f: merge == the city database"
	done
	[ -s "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -3
	: "$n_args"
}

for city in "$T/city.db" "$T/city2.db"; do
	w=three
	[ "$city" = "$T/city2.db" ] && w=two
	for level in grid community street district; do
		check "$city" "$w: disputes --by $level" disputes --month 2026-05 \
		    --by $level
		check "$city" "$w: petitions --by $level" petitions \
		    --period 2026-05 --by $level
		check "$city" "$w: hazards --inspections --by $level" hazards \
		    --inspections --period 2026-05 --by $level
	done
	check "$city" "$w: disputes --from --to" disputes --from 2026-05-01 \
	    --to 2026-06-15 --by street
	check "$city" "$w: petitions in a quarter" petitions --period 2026-Q2 \
	    --by street
	check "$city" "$w: inspections in a quarter" hazards --inspections \
	    --period 2026-Q2 --by community
done
check "$T/city.db" "disputes --in a street of district 2" disputes \
    --month 2026-05 --by grid --in ${D2}018

# --- the figures are the sums' ---------------------------------------------
# disputes of May by district over the three: found 3 + 3 + 2 = 8;
# mediated 3 + 2 + 1 = 6; resolved 1 + 1 + 1 = 3: 50.00 %, not the mean
# of 33.33, 50.00 and 100.00
run grid-stats disputes --month 2026-05 --by district -d "$T/1.db" \
    -d "$T/2.db" -d "$T/3.db" -f csv
status 0 "disputes of three districts"
is "$(cut -d, -f2,5-8 "$T/out" | tail -n +2)" "$D2,3,2,1,50.00
$D3,2,1,1,100.00
$D1,3,3,1,33.33" "one row per district"
grid-stats disputes --month 2026-05 --by district -d "$T/1.db" -f csv \
    >"$T/a.csv"
for k in 2 3; do
	eval code=\$D$k
	grid-stats disputes --month 2026-05 --by district -d "$T/$k.db" \
	    -f csv | sed "s/^district,$code,[^,]*,/district,$D1,,/" \
	    >"$T/b$k.csv"
done
run grid-stats merge "$T/a.csv" "$T/b2.csv" "$T/b3.csv" -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f5-8)" "8,6,3,50.00" \
    "three districts' rows of one unit: the success rate of the sums"

# inspections of May per district: 7 active orgs; E1, E2 and the
# individual business inspected (d2: E1 twice); 2 hazards found; E1 and
# E2 passed, E2 recurred (50.00); E1's fire inspection of 05-02 due again
# 05-20: overdue on 06-01 but in d2 (inspected 05-28); E1 and E3 zero
# reporters, both uninspected but in d2 (E3 alone)
run grid-stats hazards --inspections --period 2026-05 --by district \
    -d "$T/3.db" -d "$T/1.db" -d "$T/2.db" -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f2,5-14)" "$D2,7,3,4,2,2,1,50.00,0,2,1
$D3,7,3,3,2,2,1,50.00,1,2,2
$D1,7,3,3,2,2,1,50.00,1,2,2" "the inspections of each district, by hand"

# --- the repeat lists across districts --------------------------------------
for args in "disputes --repeated --month 2026-05" \
    "petitions --repeat --period 2026-05" \
    "disputes --repeated --from 2026-05-01 --to 2026-05-31"; do
	for f in csv ndjson; do
		# shellcheck disable=SC2086
		grid-stats $args -d "$T/city.db" -f $f >"$T/city.$f"
		# shellcheck disable=SC2086
		grid-stats $args -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" \
		    -f $f >"$T/many.$f"
		same "$T/city.$f" "$T/many.$f" "$args, $f: three -d == the city database"
		# shellcheck disable=SC2086
		grid-stats $args -d "$T/city2.db" -f $f >"$T/city.$f"
		# shellcheck disable=SC2086
		grid-stats $args -d "$T/1.db" -d "$T/2.db" -f $f >"$T/many.$f"
		same "$T/city.$f" "$T/many.$f" "$args, $f: two -d == the city database"
	done
done
grid-stats disputes --repeated --month 2026-05 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv >"$T/rep.csv"
is "$(cut -d, -f6 "$T/rep.csv" | tr '\n' ' ')" "disputes 4 2 2 " \
    "A-B four times in three districts first; C twice, P2 twice, U1's pairs once (not listed)"
is "$(sed -n 2p "$T/rep.csv" | cut -d, -f2,4)" \
    "$(echo "$A $B" | awk '{ a = $1 < $2 ? $1 : $2; b = $1 < $2 ? $2 : $1; printf "%s********%s,%s********%s\n", substr(a, 1, 6), substr(a, 15), substr(b, 1, 6), substr(b, 15) }')" \
    "the pair masked"
is "$(grid-stats disputes --repeated --month 2026-05 -d "$T/1.db" \
    -d "$T/2.db" -d "$T/3.db" -f tsv | sed -n 2p | cut -f8,9,10)" \
    "$(printf '2026-05-02T09:00:00+08:00\t2026-05-21T09:00:00+08:00\t2')" \
    "first and last reported across the districts; open: d1's continued one and d3's"
ok "its case ids in time order, districts interleaved" \
    test "$(sed -n 2p "$T/rep.csv" | cut -d'"' -f2 | tr ',' '\n' | cut -c1-6 | tr '\n' ' ')" = "$D1 $D2 $D1 $D3 "
grid-stats disputes --repeated --month 2026-05 -d "$T/1.db" -f csv \
    >"$T/rep1.csv"
is "$(wc -l <"$T/rep1.csv" | tr -d ' ')" 2 "district 1 alone: A-B twice, C once (not listed)"
grid-stats petitions --repeat --period 2026-05 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv >"$T/rep.csv"
is "$(cut -d, -f5 "$T/rep.csv" | tr '\n' ' ')" "petitions 3 2 " \
    "A three times in three districts; C twice in d3; nobody else"
is "$(sed -n 2p "$T/rep.csv" | cut -d, -f4)" ${D1}01801403 \
    "A's grid: the first district's that knows A"
rm -f "$T/1.db.reveal.log" "$T/2.db.reveal.log" "$T/3.db.reveal.log"
run grid-stats petitions --repeat --period 2026-05 --reveal -d "$T/1.db" \
    -d "$T/2.db" -d "$T/3.db" -f csv
out_has "$A" "--reveal: unmasked"
for k in 1 2 3; do
	ok "--repeat --reveal recorded in district $k's log" grep -q \
	    '"list": *"petitions --repeat"' "$T/$k.db.reveal.log"
done
run grid-stats disputes --repeated --month 2026-05 --reveal -d "$T/2.db" \
    -d "$T/3.db" -f csv
ok "--repeated --reveal recorded in each database" grep -q \
    '"list": *"disputes --repeated"' "$T/3.db.reveal.log"

# --- hazards lists and the sample ------------------------------------------
for args in "--uninspected --period 2026-05" "--recurred --period 2026-05" \
    "--uninspected --period 2026-05 --in ${D2}018" \
    "--sample own:50,lower:40 --seed 7" \
    "--sample own:0,lower:25 --seed 20260615 --level street" \
    "--sample lower:50 --seed 3 --unit ${D3}018"; do
	for f in csv ndjson; do
		# shellcheck disable=SC2086
		grid-stats hazards $args -d "$T/city.db" -f $f >"$T/city.$f"
		# shellcheck disable=SC2086
		grid-stats hazards $args -d "$T/1.db" -d "$T/2.db" \
		    -d "$T/3.db" -f $f >"$T/many.$f"
		ok "hazards $args, $f: rows" test "$(grep -c . "$T/city.$f")" \
		    -gt "$([ $f = csv ] && echo 1 || echo 0)"
		same "$T/city.$f" "$T/many.$f" "hazards $args, $f: three -d == the city database"
		# shellcheck disable=SC2086
		grid-stats hazards $args -d "$T/3.db" -d "$T/1.db" \
		    -d "$T/2.db" -f $f >"$T/many.$f"
		same "$T/city.$f" "$T/many.$f" "hazards $args, $f: in another order of -d too"
	done
done
is "$(grep -c ",$D2" "$T/city.csv")" 0 "--unit of district 3: no org of district 2"
grid-stats hazards --uninspected --period 2026-05 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv >"$T/un.csv"
is "$(tail -n +2 "$T/un.csv" | wc -l | tr -d ' ')" 5 \
    "uninspected: E1 and E3 of d1 and d3, E3 of d2 (its E1 inspected 05-28)"
# the sample of all three is not the three districts' samples put together
grid-stats hazards --sample own:50,lower:30 --seed 7 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv | tail -n +2 | cut -d, -f6 | sort >"$T/all"
for k in 1 2 3; do
	grid-stats hazards --sample own:50,lower:30 --seed 7 -d "$T/$k.db" \
	    -f csv | tail -n +2 | cut -d, -f6
done | sort >"$T/each"
is "$(wc -l <"$T/all" | tr -d ' ')" \
    "$(sqlite3 "$T/city.db" "SELECT (count(*) * 30 + 99) / 100 FROM orgs WHERE ifnull(status, 'active') = 'active'")" \
    "the sample draws 30 % of all the active orgs, rounded up once"
ok "not the districts' samples put together (each rounded up)" \
    test "$(wc -l <"$T/each")" -gt "$(wc -l <"$T/all")"
rm -f "$T/1.db.reveal.log" "$T/2.db.reveal.log"
run grid-stats hazards --sample lower:10 --seed 1 --reveal -d "$T/1.db" \
    -d "$T/2.db" -f csv
ok "a sample's --reveal recorded in every database" test \
    -s "$T/1.db.reveal.log" -a -s "$T/2.db.reveal.log"
run grid-stats hazards --recurred --period 2026-05 --reveal -d "$T/1.db" \
    -d "$T/3.db" -f csv
ok "--recurred --reveal recorded in each" grep -q \
    '"list": *"hazards --recurred"' "$T/3.db.reveal.log"

# --- refusals -----------------------------------------------------------------
grid-stats disputes --month 2026-05 -d "$T/1.db" -f csv >"$T/d05.csv"
grid-stats disputes --month 2026-04 -d "$T/2.db" -f csv >"$T/d04.csv"
grid-stats petitions --period 2026-05 -d "$T/2.db" -f csv >"$T/p05.csv"
grid-stats hazards --inspections --period 2026-05 -d "$T/2.db" -f ndjson \
    >"$T/i05.ndjson"
grid-stats hazards --period 2026-05 -d "$T/2.db" -f csv >"$T/h05.csv"
grid-stats disputes --repeated --month 2026-05 -d "$T/2.db" -f csv \
    >"$T/r05.csv"
grid-stats hazards --sample lower:50 --seed 7 -d "$T/2.db" -f csv \
    >"$T/s.csv"
for k in 1 2 3; do
	sqlite3 "$T/$k.db" .dump >"$T/before$k.sql"
done
run grid-stats merge "$T/d05.csv" "$T/d04.csv"
status 65 "disputes of different periods refused"
err_has "d04.csv:2: period: '2026-04' differs from the first row's '2026-05'" \
    "the period named, with the file and line"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing written"
run grid-stats merge "$T/d05.csv" "$T/p05.csv"
status 65 "disputes and petitions mixed: refused"
err_has "p05.csv:2: rows of petitions (18 columns), not of disputes" \
    "the statistics named, located"
run grid-stats merge "$T/i05.ndjson" "$T/h05.csv"
status 65 "inspections and self-reports mixed: refused"
err_has "h05.csv:2: rows of hazards (16 columns), not of inspections" \
    "named"
run grid-stats merge "$T/r05.csv"
status 65 "a repeat list is not merged"
err_has "r05.csv:2: not the rows of a statistic that can be merged" \
    "it says so"
run grid-stats merge "$T/s.csv"
status 65 "a sample is not merged"
grid-import -q -d "$T/utc.db" --time-zone UTC "$T/d3/regions.csv" \
    2>>"$T/load.err"
for args in "disputes --repeated" "petitions --repeat" \
    "hazards --sample lower:5 --seed 1" "hazards --uninspected"; do
	# shellcheck disable=SC2086
	run grid-stats $args -d "$T/1.db" -d "$T/utc.db" -f csv
	status 65 "$args: databases of different time zones refused"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$args: nothing written"
done
run grid-stats disputes --repeated -d "$T/1.db" -d "$T/none.db"
status 69 "a missing database"
run grid-stats hazards --sample lower:5 --seed 1 --unit 320599 \
    -d "$T/1.db" -d "$T/2.db"
status 65 "a --unit none of the databases holds"
for k in 1 2 3; do
	sqlite3 "$T/$k.db" .dump >"$T/after$k.sql"
	same "$T/before$k.sql" "$T/after$k.sql" "district $k's database unchanged"
done

echo "1..$n"
