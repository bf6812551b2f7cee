#!/bin/sh
# grid-import --districts: a city database built from two, then three
# generated districts (the sample district with its codes rewritten to
# 320506, 320507 and 320509, its ID numbers changed so that each person
# lives in one district; the cases of tests/fixtures/report), against a
# reference database that holds the same districts imported directly
# (their local ids qualified by hand as the load qualifies them): grid-
# report monthly and annual and grid-stats population and cases at every
# level are the same bytes.  Then a change in one district (a case
# stepped, a person moved, a house deleted) and a reload that takes only
# that, counted in its summary; the same Open311 id, worker id and
# household id in two districts (both kept; lists equal the union's but
# for the qualified ids, figures by worker each district's own); a person
# listed by two districts; dry runs; refusals (a district outside the
# city, another time zone or grid sequence width, another schema
# version, a broken reference, not a database, the city's own file) with
# the city's database unchanged.
. "$(dirname "$0")/lib.sh"

REPORT=$FIX/report
unset GRID_DB

# xform TABLE CODE K Q < CSV: the sample district's file as district CODE's:
# every division, grid and component code of 320508 rewritten, ID numbers
# with their 15th digit moved by K (check digit made again); Q=1 also
# qualifies the local ids ("CODE:H0001") as a city database holds them.
xform() {
	awk -v table="$1" -v code="$2" -v k="$3" -v q="$4" '
	function idnum(s,   i, sum, d) {
		if (k == 0)
			return s
		d = (substr(s, 15, 1) + k) % 10
		s = substr(s, 1, 14) d substr(s, 16, 2)
		sum = 0
		for (i = 1; i <= 17; i++)
			sum += substr(s, i, 1) * w[i]
		return s substr("10X98765432", sum % 11 + 1, 1)
	}
	function local(name) {
		if (name == "id")
			return table == "houses" || table == "households" ||
			    table == "workers" || table == "cases"
		return name == "house_id" || name == "household_id" ||
		    name == "worker_id" || name == "duplicate_of" ||
		    name == "reporter" || name == "户号" || name == "房屋编号"
	}
	BEGIN {
		FS = OFS = ","
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	}
	NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; print; next }
	{
		for (i = 1; i <= NF; i++) {
			if ($i == "320508")
				$i = code
			else if (substr($i, 1, 7) == "3205080")
				$i = code substr($i, 7)
			else if (length($i) == 18 && $i ~ /^[0-9]+[0-9X]$/)
				$i = idnum($i)
			if (q == 1 && $i != "" && local(h[i]))
				$i = code ":" $i
		}
		print
	}'
}

TABLES="regions departments grids workers worker_grids houses households
    people components person_tags"

# district K CODE Q DIR: the files of a district into DIR.
district() {
	mkdir -p "$4"
	for f in $TABLES; do
		xform "$f" "$2" "$1" "$3" <"$DISTRICT/$f.csv" >"$4/$f.csv"
	done
	xform cases "$2" "$1" "$3" <"$REPORT/cases.csv" >"$4/cases.csv"
}

# load DB DIR: a district's files into DB, in one run, then its cases.
load() {
	(cd "$2" && grid-import -q -d "$1" regions.csv departments.csv \
	    grids.csv workers.csv worker_grids.csv houses.csv households.csv \
	    people.csv components.csv person_tags.csv &&
	    grid-import -q -d "$1" -t cases cases.csv)
}

district 0 320506 0 "$T/f1" && district 3 320507 0 "$T/f2" &&
    district 6 320509 0 "$T/f3" && district 0 320506 1 "$T/q1" &&
    district 3 320507 1 "$T/q2" && district 6 320509 1 "$T/q3"
ok "three districts generated" test -s "$T/q3/cases.csv"
ok "district 320506 loaded" load "$T/d1.db" "$T/f1"
ok "district 320507 loaded" load "$T/d2.db" "$T/f2"
ok "district 320509 loaded" load "$T/d3.db" "$T/f3"
# A hotline's Open311 feed numbers its requests per district: the same
# (external_source, external_id) in two districts' files.
for f in d1 d2; do
	ok "$f: case R01 is the hotline's SR-1" sqlite3 "$T/$f.db" "UPDATE cases
	    SET external_source = 'hotline', external_id = 'SR-1'
	    WHERE id = 'R01'"
done
ok "the reference database holds 320506 and 320507" sh -c '
    grid-import -q --division 320500 -d "$1/ref.db" &&
    for d in q1 q2; do
	(cd "$1/$d" && grid-import -q -d "$1/ref.db" regions.csv \
	    departments.csv grids.csv workers.csv worker_grids.csv houses.csv \
	    households.csv people.csv components.csv person_tags.csv &&
	    grid-import -q -d "$1/ref.db" -t cases cases.csv) || exit 1
    done' sh "$T"

# same: every figure of the city's database equals the reference's.
same() {
	for by in grid community street district worker dept; do
		grid-report monthly --month 2026-05 --by "$by" -f csv \
		    -d "$T/city.db" >"$T/city.$by.csv" 2>/dev/null &&
		grid-report monthly --month 2026-05 --by "$by" -f csv \
		    -d "$T/ref.db" >"$T/ref.$by.csv" 2>/dev/null &&
		cmp -s "$T/city.$by.csv" "$T/ref.$by.csv" || {
			echo "# monthly --by $by differs"
			diff "$T/ref.$by.csv" "$T/city.$by.csv" | head -5
			return 1
		}
	done
	grid-report annual --year 2026 --by community -f csv \
	    -d "$T/city.db" >"$T/city.annual.csv" 2>/dev/null &&
	grid-report annual --year 2026 --by community -f csv \
	    -d "$T/ref.db" >"$T/ref.annual.csv" 2>/dev/null &&
	cmp -s "$T/city.annual.csv" "$T/ref.annual.csv" || {
		echo "# annual differs"
		return 1
	}
	for what in population cases; do
		bys="grid community street district"
		[ "$what" = cases ] && bys="grid community street category month"
		for by in $bys; do
			rm -f "$T/city.s.csv" "$T/ref.s.csv"
			grid-stats "$what" --by "$by" -f csv \
			    -d "$T/city.db" >"$T/city.s.csv" 2>/dev/null &&
			grid-stats "$what" --by "$by" -f csv \
			    -d "$T/ref.db" >"$T/ref.s.csv" 2>/dev/null &&
			cmp -s "$T/city.s.csv" "$T/ref.s.csv" || {
				echo "# grid-stats $what --by $by differs"
				diff "$T/ref.s.csv" "$T/city.s.csv" | head -5
				return 1
			}
		done
	done
	[ "$(wc -l <"$T/city.community.csv")" -gt 2 ]
}

# same_union DB...: the city's figures equal those of its districts' files
# read together (-d repeated), but by worker: the union takes a worker id
# of two districts as one worker, the city database as two.
same_union() {
	dflags=$(for db in "$@"; do printf ' -d %s' "$T/$db"; done)
	for by in grid community street district dept; do
		grid-report monthly --month 2026-05 --by "$by" -f csv \
		    -d "$T/city.db" >"$T/city.u.csv" 2>/dev/null &&
		# shellcheck disable=SC2086
		grid-report monthly --month 2026-05 --by "$by" -f csv \
		    $dflags >"$T/union.u.csv" 2>/dev/null &&
		cmp -s "$T/city.u.csv" "$T/union.u.csv" || {
			echo "# monthly --by $by differs from the union"
			return 1
		}
	done
	for by in grid community street district; do
		grid-stats population --by "$by" -f csv -d "$T/city.db" \
		    >"$T/city.u.csv" 2>/dev/null &&
		# shellcheck disable=SC2086
		grid-stats population --by "$by" -f csv $dflags \
		    >"$T/union.u.csv" 2>/dev/null &&
		cmp -s "$T/city.u.csv" "$T/union.u.csv" || {
			echo "# population --by $by differs from the union"
			return 1
		}
	done
}

# by_worker DB [PREFIX]: a worker's counts and rates in 2026-05 (not
# its rank, which is among the workers read), its id prefixed with PREFIX.
by_worker() {
	grid-report monthly --month 2026-05 --by worker -f csv -d "$1" \
	    2>/dev/null | awk -F, -v p="${2:-}" 'NR == 1 {
		n = split("unit reported registered voided dispatched handled " \
		    "closed closed_on_time rated satisfied closure_rate " \
		    "on_time_closure_rate handling_hours_median", want, " ")
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	{
		line = p $col["unit"]
		for (i = 2; i <= n; i++) line = line "," $col[want[i]]
		print line
	}' | sort
}

# lists_and_workers: the lists and the figures by worker of the city's
# database against the files of 320506 and 320507 (gridkit-city(7), THE
# CITY DATABASE AND SEVERAL -d): the city's list is the union's, but for
# the ids the city qualifies (a case id without the district's code); its
# workers are each district's own, two where the union of the files sees
# one id.
lists_and_workers() {
	grid-case list -f csv -d "$T/city.db" 2>/dev/null |
	    sed 's/^32050[67]://' >"$T/city.list" &&
	grid-case list -f csv -d "$T/d1.db" -d "$T/d2.db" \
	    >"$T/union.list" 2>/dev/null &&
	test "$(wc -l <"$T/union.list")" -gt 10 &&
	cmp -s "$T/city.list" "$T/union.list" || {
		echo "# grid-case list differs from the union"
		return 1
	}
	by_worker "$T/city.db" >"$T/city.w" &&
	{ by_worker "$T/d1.db" 320506: && by_worker "$T/d2.db" 320507:; } |
	    sort >"$T/districts.w" &&
	test "$(grep -c '^320507:W001,5,' "$T/city.w")" = 1 &&
	cmp -s "$T/city.w" "$T/districts.w" || {
		echo "# by worker: the city's rows are not each district's"
		diff "$T/districts.w" "$T/city.w" | head -5
		return 1
	}
}

# count FILE DISTRICT TABLE COLUMN: a figure of a load's csv summary.
count() {
	awk -F, -v d="$2" -v t="$3" -v c="$4" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$2 == d && $3 == t { print $col[c] }' "$1"
}

run grid-import -d "$T/city.db" --districts "$T/d1.db" "$T/d2.db" -f csv
status 0 "two districts loaded into a new city database"
ok "the first load copies every person" \
    test "$(count "$T/out" 320507 people inserted)" = 150
ok "every house of both, none overwritten" \
    test "$(sqlite3 "$T/city.db" "SELECT count(*) FROM houses")" = 120
ok "house ids qualified in every column" test "$(sqlite3 "$T/city.db" \
    "SELECT count(*) FROM people WHERE house_id NOT LIKE '32050_:H%'
     OR household_id NOT LIKE '32050_:HH%'")" = 0
ok "case ids and reporters qualified" test "$(sqlite3 "$T/city.db" \
    "SELECT id || ' ' || reporter FROM cases WHERE id = '320507:R01'")" = \
    "320507:R01 320507:W001"
ok "the same Open311 id of two districts: both cases, the id qualified" \
    test "$(sqlite3 "$T/city.db" "SELECT group_concat(id || '=' ||
    external_id, ' ') FROM (SELECT id, external_id FROM cases WHERE
    external_source = 'hotline' ORDER BY id)")" = \
    "320506:R01=320506:SR-1 320507:R01=320507:SR-1"
ok "a worker id of two districts: two workers" test "$(sqlite3 \
    "$T/city.db" "SELECT count(*) FROM workers WHERE id IN ('320506:W001',
    '320507:W001')")" = 2
hh=$(sqlite3 "$T/d1.db" "SELECT min(household_id) FROM people")
ok "a household id of two districts: two households, each with its people" \
    test "$(sqlite3 "$T/city.db" "SELECT group_concat(n, ' ') FROM (SELECT
    household_id, count(*) AS n FROM people WHERE household_id IN
    ('320506:$hh', '320507:$hh') GROUP BY 1 ORDER BY 1)")" = \
    "$(sqlite3 "$T/d1.db" "SELECT count(*) FROM people WHERE household_id =
    '$hh'") $(sqlite3 "$T/d2.db" "SELECT count(*) FROM people WHERE
    household_id = '$hh'")"
ok "district_loads has a row per district" test "$(sqlite3 "$T/city.db" \
    "SELECT group_concat(division_code) FROM district_loads")" = \
    "320506,320507"
ok "two districts: every report and statistic equals the reference" same
ok "... and the union of the two files (-d repeated)" same_union d1.db d2.db
ok "... lists equal the union's, workers each district's own" \
    lists_and_workers

run grid-import -d "$T/city.db" --districts "$T/d1.db" "$T/d2.db" \
    "$T/d3.db" -f csv
status 0 "a third district, the two others again"
ok "the unchanged districts write nothing" test \
    "$(awk -F, '$3 == "" && $2 != 320509 { s += $4 + $5 + $6 } END {
    print s + 0 }' "$T/out")" = 0
ok "the third is a first load" \
    test "$(count "$T/out" 320509 houses inserted)" = 60
ok "the reference takes the third" sh -c '
    cd "$1/q3" && grid-import -q -d "$1/ref.db" regions.csv \
	departments.csv grids.csv workers.csv worker_grids.csv houses.csv \
	households.csv people.csv components.csv person_tags.csv &&
    grid-import -q -d "$1/ref.db" -t cases cases.csv' sh "$T"
ok "three districts: every report and statistic equals the reference" same

# A change in 320507: a case stepped, a person moved, a house deleted.
person=$(sqlite3 "$T/d2.db" "SELECT id_number FROM people WHERE
    house_id = 'H0010' LIMIT 1")
house=$(sqlite3 "$T/d2.db" "SELECT id FROM houses h WHERE NOT EXISTS
    (SELECT 1 FROM people p WHERE p.house_id = h.id) AND NOT EXISTS
    (SELECT 1 FROM households u WHERE u.house_id = h.id) AND NOT EXISTS
    (SELECT 1 FROM orgs o WHERE o.house_id = h.id) ORDER BY id LIMIT 1")
change() {	# DB PREFIX
	grid-case handle -d "$1" "${2}R03" --note fixed \
	    --at 2026-06-01T10:00:00+08:00 >/dev/null &&
	sqlite3 "$1" "UPDATE people SET house_id = '${2}H0011'
	    WHERE id_number = '$person';
	    DELETE FROM houses WHERE id = '$2$house'"
}
ok "the change made in 320507" change "$T/d2.db" ""
ok "the same change in the reference" change "$T/ref.db" "320507:"
run grid-import -d "$T/city.db" --districts "$T/d1.db" "$T/d2.db" \
    "$T/d3.db" -f csv
status 0 "the reload"
ok "the reload takes the stepped case" \
    test "$(count "$T/out" 320507 cases updated)" = 1
ok "... and its log, from the last id taken" \
    test "$(count "$T/out" 320507 case_log inserted)" = \
    "$(sqlite3 "$T/d2.db" "SELECT count(*) FROM case_log")"
ok "... the person moved" \
    test "$(count "$T/out" 320507 people updated)" = 1
ok "... the house deleted" \
    test "$(count "$T/out" 320507 houses deleted)" = 1
ok "... and nothing else" test "$(awk -F, '$3 == "" { print $2, $4, $5,
    $6 }' "$T/out" | tr '\n' ' ')" = \
    "320506 0 0 0 320507 $(sqlite3 "$T/d2.db" "SELECT count(*) FROM
    case_log") 2 1 320509 0 0 0 "
ok "after the change: every report and statistic equals the reference" same
ok "... and the union of the three files" same_union d1.db d2.db d3.db
ok "the city's person moved" test "$(sqlite3 "$T/city.db" "SELECT house_id
    FROM people WHERE id_number = '$person'")" = 320507:H0011

# A person both 320507 and 320509 list: the city keeps one row, the one
# of the district that loaded it first, and says the other was skipped.
twice=$(sqlite3 "$T/d2.db" "SELECT id_number FROM people ORDER BY 1 LIMIT 1")
ok "the person listed in 320509 too" sqlite3 "$T/d3.db" "
    INSERT INTO people (id_number, name, sex, birth_date, house_id,
    grid_code, residence, updated_at) SELECT '$twice', name, sex,
    birth_date, 'H0001', '32050901801401', residence, updated_at
    FROM people LIMIT 1"
run grid-import -d "$T/city.db" --districts "$T/d3.db" -f csv
status 0 "a district that lists a person another district holds"
ok "... is loaded without taking that person" \
    test "$(count "$T/out" 320509 people skipped)" = 1
ok "... whose row stays 320507's" test "$(sqlite3 "$T/city.db" "SELECT
    substr(household_id, 1, 6) FROM people WHERE id_number = '$twice'")" = \
    320507
run grid-import -d "$T/city.db" --districts "$T/d3.db"
err_has "1 rows not taken" "... and names what it did not take"

# Dry runs and refusals: the city's database unchanged.
dump() { sqlite3 "$T/city.db" .dump | md5sum; }
before=$(dump)
sqlite3 "$T/d1.db" "UPDATE people SET phone = '13800000000'
    WHERE rowid = 1"
run grid-import -n -d "$T/city.db" --districts "$T/d1.db" -f csv
status 0 "a dry run"
ok "... says what a load would change" \
    test "$(count "$T/out" 320506 people updated)" = 1
ok "... and writes nothing" test "$(dump)" = "$before"

ok "the city's jurisdiction set" grid-import -q -d "$T/city.db" \
    --set division_code=320500
before=$(dump)
district 0 320211 0 "$T/fw"
load "$T/dw.db" "$T/fw"
run grid-import -d "$T/city.db" --districts "$T/dw.db"
status 65 "a district outside the city (无锡 320211 under 苏州 320500)"
err_has "dw.db: division_code: district 320211 is not inside" \
    "... named, with its file"
ok "... nothing written" test "$(dump)" = "$before"

district 0 320505 0 "$T/fz"
(cd "$T/fz" && grid-import -q -d "$T/dz.db" --time-zone Asia/Urumqi \
    regions.csv)
run grid-import -d "$T/city.db" --districts "$T/dz.db"
status 65 "a district in another time zone"
err_has "time zone Asia/Urumqi, the city's is Asia/Shanghai" "... named"
ok "... nothing written" test "$(dump)" = "$before"

(cd "$T/fz" && grid-import -q -d "$T/ds.db" --seq-width 3 regions.csv)
run grid-import -d "$T/city.db" --districts "$T/ds.db"
status 65 "a district whose grid codes have 3-digit sequence numbers"
err_has "grid_seq_width: grid codes of 3-digit" "... named"
ok "... nothing written" test "$(dump)" = "$before"

cp "$T/d1.db" "$T/old.db"
sqlite3 "$T/old.db" "PRAGMA user_version = 5"
run grid-import -d "$T/city.db" --districts "$T/old.db" "$T/d3.db"
status 65 "a district of another schema version (the others loaded)"
err_has "old.db: schema version 5" "... named"
cp "$T/d1.db" "$T/broken.db"
sqlite3 "$T/broken.db" "UPDATE people SET household_id = 'HH9999'
    WHERE rowid = 1"
run grid-import -d "$T/city.db" --districts "$T/broken.db"
status 65 "a district whose load would leave a broken reference"
err_has "referring to a missing row of households" "... named"
echo "not a database" >"$T/junk.db"
run grid-import -d "$T/city.db" --districts "$T/junk.db"
status 66 "a file that is not a database"
run grid-import -d "$T/city.db" --districts "$T/missing.db"
status 66 "a missing district"
ok "... not created" test ! -e "$T/missing.db"
run grid-import -d "$T/city.db" --districts "$T/city.db"
status 64 "the city's own file"
ok "nothing written by any refusal" test "$(dump)" = "$before"
run grid-import -d "$T/city.db" --districts -t people "$T/d1.db"
status 64 "a sheet's option with --districts"
run grid-import -d "$T/city.db" --districts
status 64 "--districts without a database"
ok "the city's database is 0600" \
    test "$(ls -l "$T/city.db" | cut -c1-10)" = "-rw-------"
