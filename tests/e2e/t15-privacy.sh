#!/bin/sh
# Privacy: every command that prints rows or messages about people
# (grid-import, grid-case show, grid-assign people and workers, grid-stats
# quality --list; grid-report prints none) masks ID and phone numbers
# unless --reveal is given; grid-case show --reveal is recorded in
# case_log; the database, its -wal and -shm, reject files and -o outputs
# are created with mode 0600 whatever the umask (022, 077, 000).
. "$(dirname "$0")/lib.sh"

ID=11010519491231002X
ID_M='110105********002X'
PHONE=13812345678
PHONE_M='138****5678'
G1=32050801801401

# mode FILE: its permission bits in octal (600).
mode() {
	stat -c %a "$1"
}

# --- file modes ------------------------------------------------------------
for mask in 022 077 000; do
	db=$T/m$mask.db
	(umask $mask && grid-import -q -d "$db" regions.csv departments.csv)
	is "$(mode "$db")" 600 "umask $mask: the new database is 0600"
	# A reader holding the database open keeps its -wal and -shm.
	{ echo 'SELECT count(*) FROM regions;'; sleep 2; } |
	    sqlite3 "$db" >/dev/null &
	holder=$!
	sleep 0.5
	(umask $mask && grid-import -q -d "$db" grids.csv)
	is "$(mode "$db-wal")" 600 "umask $mask: the -wal file is 0600"
	is "$(mode "$db-shm")" 600 "umask $mask: the -shm file is 0600"
	wait $holder
	printf 'id_number,name,sex,birth_date\n%s,张三,女,1949-12-31\n' \
	    110105194912310021 >bad$mask.csv
	(umask $mask && grid-import -q -d "$db" -t people \
	    --reject rej$mask.csv -f csv -o sum$mask.csv bad$mask.csv \
	    2>/dev/null)
	is "$(mode rej$mask.csv)" 600 "umask $mask: the reject file is 0600"
	is "$(mode sum$mask.csv)" 600 "umask $mask: grid-import -o is 0600"
	(umask $mask && grid-assign workers -d "$db" -f csv -o w$mask.csv)
	is "$(mode w$mask.csv)" 600 "umask $mask: grid-assign -o is 0600"
	(umask $mask && grid-case list -d "$db" -f csv -o l$mask.csv)
	is "$(mode l$mask.csv)" 600 "umask $mask: grid-case -o is 0600"
done

# --- grid-import messages ----------------------------------------------------
load_district || exit 1
cat >bad.csv <<EOF
id_number,name,sex,birth_date,phone
110105194912310021,张三,女,1949-12-31,$PHONE
$ID,张三,女,1949-12-31,1381234567x
EOF
run grid-import -t people bad.csv
status 65 "grid-import: bad rows rejected"
err_line "grid-import: bad.csv:2: id_number: bad check digit '110105********0021'" \
    "grid-import: a bad ID number is masked in the message"
err_line "grid-import: bad.csv:3: phone: bad phone number '138****567x'" \
    "grid-import: a bad phone number is masked in the message"
ok "grid-import: no whole ID or phone number on standard error" \
    sh -c "! grep -q -e 110105194912310021 -e 1381234567x '$T/err'"
run grid-import -t people --reveal bad.csv
err_line "grid-import: bad.csv:2: id_number: bad check digit '110105194912310021'" \
    "grid-import --reveal: the ID number unmasked"
err_line "grid-import: bad.csv:3: phone: bad phone number '1381234567x'" \
    "grid-import --reveal: the phone number unmasked"
printf 'id_number,tag\n%s,disabled\n' "$ID" >tags.csv
run grid-import -t person_tags tags.csv
err_line "grid-import: tags.csv:2: id_number: no such row in people: '$ID_M'" \
    "grid-import: a missing person's ID number is masked"
run grid-import -t person_tags --reveal tags.csv
err_has "no such row in people: '$ID'" "grid-import --reveal: unmasked"
# The reject file is for the clerk to fix and import again: it keeps the
# original values (unmasked), and so is 0600 (above).
is "$(sed -n 2p rej022.csv | cut -d, -f1,4)" "2,110105194912310021" \
    "the reject file keeps the original value, for re-import"

# --- grid-case show: the reporter; --reveal recorded -------------------------
report() {
	grid-case report --source hotline --category E0102 --grid $G1 \
	    --reporter "$1" -f tsv | tail -n 1 | cut -f 1
}
by_phone=$(report $PHONE)
by_id=$(report $ID)
by_name=$(report 王大妈)
run grid-case show "$by_phone" "$by_id" "$by_name" -f csv
status 0 "grid-case show"
is "$(cut -d, -f12 "$T/out" | tr '\n' ' ')" "reporter $PHONE_M $ID_M 王大妈 " \
    "grid-case show: phone and ID number masked, a name as it is"
run grid-case show "$by_phone" -f ndjson
out_has "\"reporter\":\"$PHONE_M\"" "grid-case show -f ndjson: masked"
run grid-case show "$by_phone" -f table
out_has "$PHONE_M" "grid-case show -f table: masked"
ok "grid-case show: no whole phone in any format" \
    sh -c "! grep -q $PHONE '$T/out'"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")" 0 \
    "grid-case show without --reveal records nothing"
later=2026-06-15T10:05:00+08:00
run env GRID_NOW=$later grid-case show "$by_phone" "$by_id" -f csv --reveal
status 0 "grid-case show --reveal"
is "$(cut -d, -f12 "$T/out" | tr '\n' ' ')" "reporter $PHONE $ID " \
    "grid-case show --reveal: unmasked"
is "$(sql "SELECT case_id, at, actor, from_status, to_status, note
    FROM case_log WHERE action = 'reveal' ORDER BY id")" \
    "$by_phone|$later|tester|reported|reported|show --reveal
$by_id|$later|tester|reported|reported|show --reveal" \
    "grid-case show --reveal: one case_log row per case (who, when)"
run grid-case log "$by_phone" -f csv
out_has ",tester,reveal,reported,reported,show --reveal" \
    "grid-case log shows the reveal"
run env GRID_NOW=$later grid-case register "$by_phone" \
    --at 2026-06-15T10:01:00+08:00
status 0 "a reveal does not hold back a back-filled step (--at before it)"
snapshot before.sql
run grid-case show nosuch --reveal
status 65 "grid-case show --reveal of no case"
snapshot after.sql
same before.sql after.sql "grid-case show --reveal nosuch: nothing recorded"
run grid-case report --source hotline --category E0102 --grid $G1 \
    --reporter $PHONE -f csv
ok "grid-case report prints no reporter" sh -c "! grep -q 5678 '$T/out'"
run grid-case list -f csv --reveal
ok "grid-case list prints no reporter" sh -c "! grep -q 5678 '$T/out'"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")" 2 \
    "grid-case list --reveal (nothing personal) records nothing"

# --- grid-assign: people's keys, workers' phones ----------------------------
person=$(sql "SELECT id_number FROM people WHERE house_id IS NOT NULL
    ORDER BY id_number LIMIT 1")
masked=$(printf '%s' "$person" | sed 's/^\(......\)......../\1********/')
sql "UPDATE people SET grid_code = NULL WHERE id_number = '$person'"
run grid-assign people --dry-run -f csv
status 0 "grid-assign people --dry-run"
out_has "people,$masked," "grid-assign people: the ID number masked"
ok "grid-assign people: not the whole ID number" \
    sh -c "! grep -q '$person' '$T/out'"
run grid-assign people --dry-run -f csv --reveal
out_has "people,$person," "grid-assign people --reveal: unmasked"
run grid-assign workers -f csv
is "$(sed -n 2p "$T/out" | cut -d, -f1-3)" "W001,郭勇,187****3835" \
    "grid-assign workers: the phone masked"
run grid-assign workers -f ndjson --reveal
out_has '"phone":"18744053835"' "grid-assign workers --reveal: unmasked"

# --- grid-report: counts per unit, no personal data; -o 0600 ----------------
run grid-report monthly --month 2026-06 --by worker -f csv
status 0 "grid-report monthly --by worker"
is "$(cut -d, -f2,3 "$T/out" | sed -n 2p)" "W001,郭勇" \
    "grid-report: a worker by id and name"
tail -n +2 workers.csv | cut -d, -f3 >phones.txt
ok "grid-report: no worker's phone, whole or masked" \
    sh -c "! grep -q -F -f phones.txt '$T/out' &&
    ! grep -q '[0-9]\\*\\*\\*\\*[0-9]' '$T/out'"
(umask 022 && grid-report monthly --month 2026-06 -f csv -o report.csv)
is "$(mode report.csv)" 600 "umask 022: grid-report -o is 0600"

# --- grid-stats quality --list: the person without a grid ---------------------
run grid-stats quality --list --check person_no_grid -f csv
status 0 "grid-stats quality --list"
is "$(cut -d, -f1-3 "$T/out" | sed -n 2p)" "person_no_grid,people,$masked" \
    "grid-stats quality --list: the ID number masked"
ok "grid-stats quality --list: not the whole ID number" \
    sh -c "! grep -q '$person' '$T/out'"
run grid-stats quality --list --check person_no_grid -f csv --reveal
is "$(cut -d, -f1-3 "$T/out" | sed -n 2p)" "person_no_grid,people,$person" \
    "grid-stats quality --list --reveal: unmasked"
(umask 022 && grid-stats quality -f csv -o quality.csv)
is "$(mode quality.csv)" 600 "umask 022: grid-stats -o is 0600"
