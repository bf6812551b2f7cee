#!/bin/sh
# grid-stats quality and population --permits-expiring over several
# databases (issue 16): two and three districts made from
# tests/fixtures/district as t52 makes them, each with residence permits
# of its floating people, and three registered residents of district 1
# also registered in districts 2 and 3 (A, B in both, C in 3), and a city
# database built from their files by grid-import --districts.
# --permits-expiring (counts per unit, --list) of -d repeated == the city
# database, byte for byte, reveals recorded in every database; quality of
# -d repeated: each database's counts summed (and per unit), the lists of
# each database in -d order named by a column db, and dup_id_districts,
# the people registered in two districts, which no district sees alone
# and the city database cannot see either (it holds one row per person:
# a second district's row is counted as skipped at the load); refusals.
. "$(dirname "$0")/lib.sh"
. "$GRID_TOP/tests/e2e/districts.sh"

D1=320508 D2=320506 D3=320507
district_registers 1 $D1 "$T/d1"
district_registers 2 $D2 "$T/d2"
district_registers 3 $D3 "$T/d3"

# the first three registered residents of district 1, registered in
# other districts too (no household there): A and B in 2 and 3, C in 3.
resident() {
	awk -F, -v n="$2" '$9 == "户籍人口" && ++i == n { print $1 }' \
	    "$T/d$1/people.csv"
}
A=$(resident 1 1) B=$(resident 1 2) C=$(resident 1 3)
elsewhere() {
	grep -E "^($2)," "$T/d1/people.csv" |
	    awk -F, -v OFS=, -v g="$3" '{ $6 = ""; $7 = ""; $8 = g; $10 = "" } 1' \
	    >>"$T/d$1/people.csv"
}
elsewhere 2 "$A|$B" ${D2}01801401
elsewhere 3 "$A|$B|$C" ${D3}01801402

# permits K: the floating people of district K, every fourth without a
# permit, the others expiring on dates around 2026-06-15 (--at).
permits() {
	awk -F, -v k="$1" 'BEGIN {
		n = split("2026-05-01 2026-06-10 2026-06-15 2026-06-20 " \
		    "2026-07-01 2026-07-20 2026-08-30 2026-12-31", d, " ")
		print "id_number,residence,permit_number,permit_expiry"
	}
	$9 == "流动人口" && ++i % 4 != 0 {
		printf "%s,floating,JZ%d%03d,%s\n", $1, k, i, d[(i + k) % n + 1]
	}' "$T/d$1/people.csv"
}

for k in 1 2 3; do
	permits $k >"$T/d$k/permits.csv"
	grid-import -q -d "$T/$k.db" "$T/d$k/regions.csv" \
	    "$T/d$k/departments.csv" "$T/d$k/grids.csv" "$T/d$k/workers.csv" \
	    "$T/d$k/worker_grids.csv" "$T/d$k/houses.csv" \
	    "$T/d$k/households.csv" "$T/d$k/people.csv" \
	    "$T/d$k/person_tags.csv" "$T/d$k/orgs.csv" 2>>"$T/load.err"
	grid-import -q -d "$T/$k.db" -t people "$T/d$k/permits.csv" \
	    2>>"$T/load.err"
done
grep -v ': warning: ' "$T/load.err" >"$T/errors"
ok "every import succeeded" test ! -s "$T/errors"
sed 's/^/# /' "$T/errors" | head -5
is "$(sqlite3 "$T/2.db" "SELECT count(*) FROM people WHERE permit_expiry IS NOT NULL AND name <> ''")" \
    "$(($(grep -c . "$T/d2/permits.csv") - 1))" "district 2's permits stored, names kept"
is "$(sqlite3 "$T/3.db" "SELECT count(*) FROM people WHERE id_number IN ('$A', '$B', '$C')")" \
    3 "A, B and C are registered in district 3 too"

city_database "$T/city.db" "$T/1.db" "$T/2.db" "$T/3.db" 2>"$T/city.err"
ok "a city database of three districts" test -s "$T/city.db"
city_database "$T/city2.db" "$T/1.db" "$T/2.db" 2>"$T/city.err"
ok "a city database of two districts" test -s "$T/city2.db"

# --- population --permits-expiring ----------------------------------------
# many CITY WHAT ARGS...: ARGS over the city database and over its
# districts (-d repeated, and in another order), csv and ndjson: equal.
many() {
	city=$1 what=$2
	shift 2
	if [ "$city" = "$T/city.db" ]; then
		dbs="-d $T/1.db -d $T/2.db -d $T/3.db"
		rev="-d $T/3.db -d $T/1.db -d $T/2.db"
	else
		dbs="-d $T/1.db -d $T/2.db" rev="-d $T/2.db -d $T/1.db"
	fi
	for f in csv ndjson; do
		grid-stats "$@" -d "$city" -f $f >"$T/city.$f" 2>"$T/err"
		ok "$what, $f: rows" test "$(grep -c . "$T/city.$f")" -ge 2
		# shellcheck disable=SC2086 # the -d are words
		grid-stats "$@" $dbs -f $f >"$T/many.$f" 2>>"$T/err"
		same "$T/city.$f" "$T/many.$f" "$what, $f: -d repeated == the city database"
		# shellcheck disable=SC2086
		grid-stats "$@" $rev -f $f >"$T/many.$f" 2>>"$T/err"
		same "$T/city.$f" "$T/many.$f" "$what, $f: another order of -d too"
	done
	[ -s "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -3
	:
}
for city in "$T/city.db" "$T/city2.db"; do
	w=three
	[ "$city" = "$T/city2.db" ] && w=two
	for level in grid community street district; do
		many "$city" "$w: permits --by $level" population \
		    --permits-expiring 30 --at 2026-06-15 --by $level
	done
	many "$city" "$w: permits --list" population --permits-expiring 30 \
	    --at 2026-06-15 --list
	many "$city" "$w: permits --list, 0 days" population \
	    --permits-expiring 0 --at 2026-06-15 --list
done
many "$T/city.db" "permits --in a street of district 2" population \
    --permits-expiring 60 --at 2026-06-15 --by grid --in ${D2}018
many "$T/city.db" "permits --list --in a street of district 2" population \
    --permits-expiring 60 --at 2026-06-15 --list --in ${D2}018
grid-stats population --permits-expiring 30 --at 2026-06-15 --by district \
    -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv >"$T/p.csv"
for k in 1 2 3; do
	grid-stats population --permits-expiring 30 --at 2026-06-15 \
	    --by district -d "$T/$k.db" -f csv | tail -n +2
done | sort -t, -k2,2 >"$T/each.csv"
same "$T/each.csv" "$(tail -n +2 "$T/p.csv" >"$T/p2.csv"; echo "$T/p2.csv")" \
    "permits by district: each district's own row"
run grid-stats population --permits-expiring 30 --at 2026-06-15 --list \
    -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
is "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')" \
    "$(sqlite3 "$T/city.db" "SELECT count(*) FROM people WHERE permit_expiry <= '2026-07-15'")" \
    "the list: every permit expired or expiring by 07-15"
is "$(tail -n +2 "$T/out" | cut -d, -f2 | grep -vc '\*\*\*\*\*\*\*\*')" 0 \
    "ID numbers masked"
rm -f "$T/1.db.reveal.log" "$T/2.db.reveal.log" "$T/3.db.reveal.log"
run grid-stats population --permits-expiring 30 --at 2026-06-15 --list \
    --reveal -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
out_has "$(sed -n 2p "$T/d3/permits.csv" | cut -d, -f1)" "--reveal: unmasked"
for k in 1 2 3; do
	ok "--permits-expiring --list --reveal recorded in district $k's log" \
	    grep -q '"list": *"population --permits-expiring --list"' \
	    "$T/$k.db.reveal.log"
done

# --- quality ------------------------------------------------------------------
# sum FILE...: the csv rows of counts of each file (check ... count last),
# added line by line (every file has every check, in order).
sum() {
	awk -F, -v OFS=, 'FNR > 1 { k = FNR; n[k] += $NF; $NF = ""; row[k] = $0 }
	    END { for (k = 2; k in row; k++) print row[k] n[k] }' "$@"
}
for k in 1 2 3; do
	grid-stats quality -d "$T/$k.db" -f csv >"$T/q$k.csv"
done
run grid-stats quality -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
status 0 "quality of three databases"
is "$(tail -n +2 "$T/out" | grep -v '^dup_id_districts,')" \
    "$(sum "$T/q1.csv" "$T/q2.csv" "$T/q3.csv")" \
    "every check's count the sum of the three databases'"
ok "counts of several checks found" test "$(tail -n +2 "$T/out" | grep -vc ',0$')" -gt 1
is "$(grep '^dup_id_districts,' "$T/out")" \
    "dup_id_districts,身份证号码在多个区重复登记,people,8" \
    "the same person in two districts: A, B three rows each, C two"
is "$(head -1 "$T/out")" "check,label,table,count" "the columns of one database"
is "$(grid-stats quality -d "$T/1.db" -d "$T/2.db" -f csv | grep '^dup_id_districts,' | cut -d, -f4)" \
    4 "two districts: A and B, two rows each"
is "$(grid-stats quality -d "$T/1.db" -f csv | grep -c '^dup_id_districts,')" 0 \
    "one database cannot see it"
for level in district street community grid; do
	for k in 1 2 3; do
		grid-stats quality --by $level -d "$T/$k.db" -f csv | tail -n +2
	done | awk -F, -v OFS=, '{ k = $4 SUBSEP $2; if (!(k in n)) { o[++m] = k; row[k] = $0 } n[k] += $NF }
	    END { for (i = 1; i <= m; i++) { $0 = row[o[i]]; $NF = n[o[i]]; print } }' |
	    sort >"$T/each"
	grid-stats quality --by $level -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" \
	    -f csv | tail -n +2 >"$T/many"
	grep -v ',dup_id_districts,' "$T/many" | sort >"$T/many.sorted"
	same "$T/each" "$T/many.sorted" "--by $level: each unit's counts summed over the databases"
	is "$(cut -d, -f4 "$T/many" | uniq | sort | uniq -d)" "" \
	    "--by $level: one block of rows per check"
	is "$(cut -d, -f4 "$T/many" | uniq | tail -1)" dup_id_districts \
	    "--by $level: dup_id_districts last"
done
run grid-stats quality --by district -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv
is "$(grep ',dup_id_districts,' "$T/out" | cut -d, -f2,6 | tr '\n' ' ')" \
    "$D2,2 $D3,3 $D1,3 " "dup_id_districts by district: 2 in d2, 3 in d3, 3 in d1"
is "$(grep ',dup_id_districts,' "$T/out" | cut -d, -f3 | grep -c .)" 3 \
    "with the districts' names"
run grid-stats quality --by street --in ${D2}018 -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv
is "$(grep ',dup_id_districts,' "$T/out" | cut -d, -f2,6)" "${D2}018,2" \
    "--in a street of district 2: A and B there"

# the lists: each database's in -d order, named; then those across them
for k in 1 2 3; do
	grid-stats quality --list -d "$T/$k.db" -f csv | tail -n +2 \
	    | sed "s|^|$T/$k.db,|"
done >"$T/each"
run grid-stats quality --list -d "$T/1.db" -d "$T/2.db" -d "$T/3.db" -f csv
is "$(head -1 "$T/out")" "db,check,table,key,grid_code,value" "a column db first"
grep -v ',dup_id_districts,' "$T/out" | tail -n +2 >"$T/many"
same "$T/each" "$T/many" "--list: each database's findings in -d order, named by its path"
mask() { echo "$1" | awk '{ printf "%s********%s\n", substr($1, 1, 6), substr($1, 15) }'; }
grep ',dup_id_districts,' "$T/out" | cut -d, -f1,4,5,6 >"$T/across"
is "$(wc -l <"$T/across" | tr -d ' ')" 8 "--list: eight rows of dup_id_districts"
is "$(cut -d, -f2 "$T/across" | sort | uniq -c | awk '{ print $1 }' | sort | tr '\n' ' ')" \
    "2 3 3 " "three people: two in three districts, one in two"
ok "--list: ID numbers masked" test "$(cut -d, -f2,4 "$T/across" | grep -c "$A")" = 0
is "$(grep -cF "$(mask "$A"),${D2}01801401,$(mask "$A")" "$T/across")" 1 \
    "A in district 2: its grid, the key and value masked"
is "$(cut -d, -f3 "$T/across" | tr '\n' ' ')" \
    "$(cut -d, -f3 "$T/across" | sort | tr '\n' ' ')" "by grid code"
ok "each row names its database" test "$(cut -d, -f1 "$T/across" | sort -u | wc -l)" = 3
run grid-stats quality --list --check dup_id_districts --in ${D3}018 \
    -d "$T/2.db" -d "$T/1.db" -d "$T/3.db" -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f1,2,5 | sort)" \
    "$(printf '%s\n' "$T/3.db,dup_id_districts,${D3}01801402" \
    "$T/3.db,dup_id_districts,${D3}01801402" \
    "$T/3.db,dup_id_districts,${D3}01801402")" \
    "--check dup_id_districts --in a street of district 3: its three rows"
run grid-stats quality --check dup_id_districts -d "$T/2.db" -d "$T/3.db" \
    -f csv
is "$(tail -n +2 "$T/out")" "dup_id_districts,身份证号码在多个区重复登记,people,4" \
    "--check dup_id_districts: its row alone (A and B in 2 and 3)"
rm -f "$T/1.db.reveal.log" "$T/2.db.reveal.log" "$T/3.db.reveal.log"
run grid-stats quality --list --reveal -d "$T/1.db" -d "$T/2.db" \
    -d "$T/3.db" -f csv
out_has ",dup_id_districts,people,$A," "--reveal: unmasked"
for k in 1 2 3; do
	ok "quality --list --reveal recorded in district $k's log" \
	    grep -q '"list": *"quality --list"' "$T/$k.db.reveal.log"
done

# the city database holds each person once: it cannot see them
is "$(sqlite3 "$T/city.db" "SELECT count(*) FROM people WHERE id_number IN ('$A', '$B', '$C')")" \
    3 "the city database: A, B and C one row each"
run grid-stats quality --list --check dup_id_number -d "$T/city.db" -f csv
is "$(grep -cF "$(mask "$A")" "$T/out")" 0 \
    "the city database's dup_id_number does not find A"

# --- refusals -----------------------------------------------------------------
for k in 1 2 3; do
	sqlite3 "$T/$k.db" .dump >"$T/before$k.sql"
done
run grid-stats quality --check dup_id_districts -d "$T/1.db"
status 64 "dup_id_districts with one database"
err_has "--check dup_id_districts: a finding across databases: give several -d" \
    "it says why"
grid-import -q -d "$T/utc.db" --time-zone UTC "$T/d3/regions.csv" \
    2>>"$T/load.err"
for args in "quality" "quality --list" "quality --by street" \
    "population --permits-expiring 30" \
    "population --permits-expiring 30 --list"; do
	# shellcheck disable=SC2086
	run grid-stats $args -d "$T/1.db" -d "$T/utc.db" -f csv
	status 65 "$args: databases of different time zones refused"
	err_has "utc.db: time_zone: 'UTC' differs from 'Asia/Shanghai'" \
	    "$args: the database and the setting named"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$args: nothing written"
	# shellcheck disable=SC2086
	run grid-stats $args -d "$T/1.db" -d "$T/none.db" -f csv
	status 69 "$args: a missing database"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$args: nothing written"
done
for k in 1 2 3; do
	sqlite3 "$T/$k.db" .dump >"$T/after$k.sql"
	same "$T/before$k.sql" "$T/after$k.sql" "district $k's database unchanged"
done

echo "1..$n"
