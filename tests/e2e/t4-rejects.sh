#!/bin/sh
# grid-import --reject: bad rows written back in the input's own format,
# encoding, delimiter and line ends, fixed by a clerk and imported again;
# --strict and --max-errors.
. "$(dirname "$0")/lib.sh"

# base DB: every register a people file needs, and a reference copy of the
# district loaded from the good files.
run grid-import -q -d base.db regions.csv departments.csv grids.csv \
    workers.csv worker_grids.csv houses.csv households.csv
status 0 "the registers under people load"
cp base.db ref.db
run grid-import -q -d ref.db people.csv
status 0 "reference: the good people file loads"
people_of() {
	sqlite3 -batch "$1" 'SELECT * FROM people ORDER BY id_number'
}
people_of ref.db >ref-people.txt

# three bad rows, made from the good file: lines 3, 10 and 20
bad_rows() {
	sed -e '3s/320503196812096406/320503196812096407/' \
	    -e '10s/1995-9-29/1995-9-28/' \
	    -e '20s/32050801801901/32050801801999/' "$1"
}
fix_rows() {
	sed -e 's/320503196812096407/320503196812096406/g' \
	    -e 's/1995-9-28/1995-9-29/' -e 's/32050801801999/32050801801901/g' \
	    "$1"
}
HDR=$(head -1 people.csv)
{
	echo "line,error_code,error,$HDR"
	echo "3,invalid_value,id_number: bad check digit '320503196812096407',$(sed -n 3p people.csv | sed 's/406,/407,/')"
	echo "10,inconsistent,birth_date: '1995-09-28' disagrees with the ID number ('1995-09-29'),$(sed -n 10p people.csv | sed 's/1995-9-29/1995-9-28/')"
	echo "20,unknown_reference,grid_code: no such row in grids: '32050801801999',$(sed -n 20p people.csv | sed 's/32050801801901/32050801801999/')"
} >expected-rej.csv

# ---- UTF-8, comma, LF ----
cp base.db grid.db
bad_rows people.csv >bad.csv
run grid-import -t people --reject rej.csv bad.csv
status 65 "three bad rows: exit 65"
err_line "grid-import: bad.csv:3: id_number: bad check digit '320503********6407'" \
    "bad check digit: message, the ID number masked"
ok "bad check digit: the whole ID number not on standard error" \
    sh -c '! grep -qF 320503196812096407 "$1"' sh "$T/err"
err_line "grid-import: bad.csv:10: birth_date: '1995-09-28' disagrees with the ID number ('1995-09-29')" \
    "birth date against the ID: message"
err_line "grid-import: bad.csv:20: grid_code: no such row in grids: '32050801801999'" \
    "unknown grid: message"
err_has "bad.csv: 150 read, 147 inserted, 0 updated, 0 unchanged, 3 rejected" \
    "the good rows are in"
same expected-rej.csv rej.csv "reject file: line, error_code, error, then the row as read"
is "$(sed -n 2p rej.csv | cut -d, -f1,4-6)" "3,320503196812096407,郭颖,女" \
    "reject file: the rejected row as the clerk wrote it, not masked"
is "$(stat -c %a rej.csv)" 600 "reject file has mode 0600"
is "$(ls rej.csv.* 2>/dev/null)" "" "no temporary file left"
fix_rows rej.csv >fixed.csv
run grid-import -t people --reject rej2.csv fixed.csv
status 0 "the fixed reject file imports"
err_has "fixed.csv: 3 read, 3 inserted, 0 updated, 0 unchanged, 0 rejected" \
    "the three rows are in"
people_of grid.db >got.txt
same ref-people.txt got.txt "after the round trip the people are the good file's"
is "$(cat rej2.csv)" "line,error_code,error,$HDR" \
    "a reject file imported again: its three columns not repeated"

# --reveal: the messages show the numbers, the reject file is the same
cp base.db grid.db
run grid-import -t people --reveal --reject rej-reveal.csv bad.csv
status 65 "--reveal: three bad rows, exit 65"
err_line "grid-import: bad.csv:3: id_number: bad check digit '320503196812096407'" \
    "--reveal: the message shows the whole ID number"
err_line "grid-import: bad.csv:20: grid_code: no such row in grids: '32050801801999'" \
    "--reveal: other messages as without it"
same rej.csv rej-reveal.csv "--reveal: the same reject file as without it"

# a reject file imported again without fixing: rejected again, same shape
cp base.db grid.db
run grid-import -t people bad.csv
run grid-import -t people --reveal --reject rej3.csv rej.csv
status 65 "an unfixed reject file: rejected again"
err_line "grid-import: rej.csv:2: id_number: bad check digit '320503196812096407'" \
    "an unfixed reject file: its own line numbers"
sed 's/^[^,]*,//' expected-rej.csv | cut -d, -f3- >want.txt
sed 's/^[^,]*,//' rej3.csv | cut -d, -f3- >got.txt
same want.txt got.txt "an unfixed reject file: the same rows come back"

# ---- GB18030, CRLF ----
cp base.db grid.db
bad_rows people.gb18030.csv >bad-gb.csv
run grid-import -t people --reject rej-gb.csv bad-gb.csv
status 65 "GB18030 with three bad rows: exit 65"
err_line "grid-import: bad-gb.csv:10: birth_date: '1995-09-28' disagrees with the ID number ('1995-09-29')" \
    "GB18030: the bad row's line"
iconv -f UTF-8 -t GB18030 expected-rej.csv | sed 's/$/\r/' >expected-gb.csv
same expected-gb.csv rej-gb.csv \
    "GB18030 reject file: GB18030 bytes and CRLF, like the input"
ok "GB18030 reject file is not UTF-8" \
    sh -c '! iconv -f UTF-8 -t UTF-8 rej-gb.csv >/dev/null 2>&1'
iconv -f GB18030 -t UTF-8 rej-gb.csv | tr -d '\r' >rej-gb-utf8.csv
same expected-rej.csv rej-gb-utf8.csv "GB18030 reject file reads back with iconv"
fix_rows rej-gb.csv >fixed-gb.csv
run grid-import -t people fixed-gb.csv
status 0 "the fixed GB18030 reject file imports"
people_of grid.db >got.txt
same ref-people.txt got.txt "GB18030 round trip: the people are the good file's"

# ---- UTF-8 with a byte order mark, CRLF ----
cp base.db grid.db
bad_rows people.bom.csv >bad-bom.csv
run grid-import -t people --reject rej-bom.csv bad-bom.csv
status 65 "BOM and CRLF with three bad rows: exit 65"
{ printf '\357\273\277'; sed 's/$/\r/' expected-rej.csv; } >expected-bom.csv
same expected-bom.csv rej-bom.csv "BOM reject file: the BOM and CRLF kept"
fix_rows rej-bom.csv >fixed-bom.csv
run grid-import -t people fixed-bom.csv
status 0 "the fixed BOM reject file imports"
people_of grid.db >got.txt
same ref-people.txt got.txt "BOM round trip: the people are the good file's"

# ---- semicolons ----
cp base.db grid.db
sqlite3 grid.db 'DELETE FROM people; DELETE FROM households; DELETE FROM houses'
{
	sed -e 's/,/;/g' -e '4s/32050801801401/32050801801499/' houses.csv
	echo 'H0061;"干将路1号;2幢";32050801801401;;;residential;x;;;0'
} >houses-semi.csv
run grid-import -t houses --reject rej-semi.csv houses-semi.csv
status 65 "semicolon file with two bad rows: exit 65"
err_line "grid-import: houses-semi.csv:62: floors: not a number 'x'" \
    "semicolon file: bad floors"
{
	echo 'line;error_code;error;id;address;grid_code;x;y;use;floors;area_m2;owner_id_number;rented'
	printf "4;unknown_reference;grid_code: no such row in grids: '32050801801499';"
	sed -n 4p houses-semi.csv
	echo "62;invalid_value;floors: not a number 'x';H0061;\"干将路1号;2幢\";32050801801401;;;residential;x;;;0"
} >expected-semi.csv
same expected-semi.csv rej-semi.csv \
    "semicolon reject file: semicolons, a value with ';' quoted"
sed -e 's/32050801801499/32050801801401/g' -e 's/residential;x;/residential;6;/' rej-semi.csv \
    >fixed-semi.csv
run grid-import -t houses fixed-semi.csv
status 0 "the fixed semicolon reject file imports"
err_has "fixed-semi.csv: 2 read, 2 inserted" "semicolon round trip: both rows in"
is "$(sql "SELECT address || ' ' || floors FROM houses WHERE id = 'H0061'")" \
    "干将路1号;2幢 6" "semicolon round trip: the quoted address kept"
is "$(sql 'SELECT count(*) FROM houses')" 61 "semicolon round trip: every house"

# ---- NDJSON ----
cp base.db grid.db
printf '%s\n' '{"id":"W012","name":"孙丽","phone":"13800000001","kind":"part_time"}' \
    '{"id":"W013","name":"坏行"' \
    '{"id":"W014","name":"周杰","kind":"boss","备注":"新"}' '' \
    '{"id":"W015","name":"吴芳","kind":"part_time","dept_code":"D01"}' \
    >workers.ndjson
run grid-import -t workers --reject rej.ndjson workers.ndjson
status 65 "NDJSON with a malformed line: exit 65"
err_has "grid-import: workers.ndjson:2: bad JSON at column " \
    "a malformed line: rejected by its line number"
err_line "grid-import: workers.ndjson:3: kind: 'boss' is not one of 专职 (full_time), 兼职 (part_time), 专业 (specialist)" \
    "a bad value in NDJSON: message"
err_has "workers.ndjson: 4 read, 2 inserted, 0 updated, 0 unchanged, 2 rejected" \
    "NDJSON: the rest is in"
is "$(sql "SELECT group_concat(id) FROM workers WHERE id > 'W011'")" \
    W012,W015 "NDJSON: the good rows"
is "$(sed -n 2p rej.ndjson)" \
    '{"line":3,"error_code":"invalid_value","error":"kind: '"'boss'"' is not one of 专职 (full_time), 兼职 (part_time), 专业 (specialist)","id":"W014","name":"周杰","kind":"boss","备注":"新"}' \
    "NDJSON reject: three keys, then the object as read"
ok "NDJSON reject: the malformed line kept as text" \
    grep -qF '"line":2,"error_code":"malformed_row"' rej.ndjson
run grid-import -t workers --reject again.ndjson rej.ndjson
status 65 "an unfixed NDJSON reject file: rejected again"
err_line "grid-import: rej.ndjson:1: id: key field missing" \
    "the malformed line, wrapped as text, still has no key"
is "$(sed -n 2p again.ndjson)" \
    '{"line":2,"error_code":"invalid_value","error":"kind: '"'boss'"' is not one of 专职 (full_time), 兼职 (part_time), 专业 (specialist)","id":"W014","name":"周杰","kind":"boss","备注":"新"}' \
    "NDJSON reject of a reject: the old three keys replaced, not repeated"
sed -e 's/"boss"/"specialist"/' \
    -e 's/^.*"malformed_row".*$/{"id":"W013","name":"修好"}/' rej.ndjson \
    >fixed.ndjson
run grid-import -t workers --reject rej2.ndjson fixed.ndjson
status 0 "the fixed NDJSON reject file imports"
err_has "fixed.ndjson: 2 read, 2 inserted" "NDJSON round trip: both rows in"
is "$(sql "SELECT kind || ' ' || attrs FROM workers WHERE id = 'W014'")" \
    'specialist {"备注":"新"}' \
    "NDJSON round trip: line, error_code, error not kept as attributes"
: >empty.ndjson
ok "no rejects: the reject file is empty" cmp -s rej2.ndjson empty.ndjson

printf '%s\n' '{"id":"W018","name":"乙","error":"无","line":"3号线"}' >keys.ndjson
run grid-import -t workers keys.ndjson
status 0 "NDJSON keys named error and line in an ordinary file"
is "$(sql "SELECT attrs FROM workers WHERE id = 'W018'")" \
    '{"error":"无","line":"3号线"}' "kept in attrs: only a reject file's are dropped"

printf '{"id":"W016","name":"甲"}\r\n{"id":"W017","kind":"x"}\r\n' >crlf.ndjson
run grid-import -t workers --reject rej-crlf.ndjson crlf.ndjson
status 65 "NDJSON with CRLF: a bad row"
printf '%s\r\n' '{"line":2,"error_code":"invalid_value","error":"kind: '"'x'"' is not one of 专职 (full_time), 兼职 (part_time), 专业 (specialist)","id":"W017","kind":"x"}' \
    >expected-crlf.ndjson
same expected-crlf.ndjson rej-crlf.ndjson "NDJSON reject keeps CRLF"

# ---- several inputs: one reject file each ----
cp base.db grid.db
printf '%s\n' code,name D06,六部 D07, >departments.csv
cp bad.csv 02-people.csv
run grid-import --reject 'out/rej-{}.csv' departments.csv 02-people.csv
status 73 "reject files in a missing directory"
run grid-import --reject 'rej-{}.csv' departments.csv 02-people.csv
status 65 "two files with bad rows"
is "$(sed 1d rej-departments.csv)" \
    "3,missing_field,name: missing (required for a new row),D07," \
    "one reject file per input: departments"
is "$(sed 1d rej-02-people.csv | cut -d, -f1 | tr '\n' ' ')" "3 10 20 " \
    "one reject file per input: people"

# ---- --strict ----
cp base.db grid.db
run grid-import -t people people.csv
snapshot before.sql
sed '30s/^\(.................\)./\10/' people.csv >one-bad.csv
line30=$(sed -n 30p one-bad.csv | cut -d, -f1)
run grid-import -t people --strict --reveal --reject strict-rej.csv one-bad.csv
status 65 "--strict: one bad row aborts"
err_has "grid-import: one-bad.csv:30: id_number: bad check digit '$line30'" \
    "--strict: the bad row named"
err_line "grid-import: --strict: stopped at the first rejected row" \
    "--strict: says why it stopped"
err_line "grid-import: nothing was written: the run was rolled back" \
    "--strict: says nothing was written"
err_line "grid-import: one-bad.csv:1: warning: kept in attrs, matching no field of people: '民族'" \
    "--strict: the column kept in attrs named"
err_lines 4 "--strict: no summary, nothing more"
snapshot after.sql
same before.sql after.sql "--strict: database unchanged"
is "$(wc -l <strict-rej.csv)" 2 "--strict: the bad row is in the reject file"

# ---- --max-errors ----
cp base.db grid.db
snapshot before.sql
run grid-import -t people --max-errors 3 bad.csv
status 65 "--max-errors 3 with 3 bad rows: the good rows go in"
err_has "bad.csv: 150 read, 147 inserted, 0 updated, 0 unchanged, 3 rejected" \
    "--max-errors 3: summary"
is "$(sql 'SELECT count(*) FROM people')" 147 "--max-errors 3: 147 people"
cp base.db grid.db
run grid-import -t people --max-errors 2 bad.csv
status 65 "--max-errors 2 with 3 bad rows: aborts"
err_line "grid-import: --max-errors 2: stopped at rejected row 3" \
    "--max-errors 2: says why it stopped"
err_line "grid-import: nothing was written: the run was rolled back" \
    "--max-errors 2: says nothing was written"
snapshot after.sql
same before.sql after.sql "--max-errors 2: database unchanged"
run grid-import -t people --max-errors 0 bad.csv
status 65 "--max-errors 0: the first bad row aborts"
err_line "grid-import: --max-errors 0: stopped at rejected row 1" \
    "--max-errors 0: message"
is "$(sql 'SELECT count(*) FROM people')" 0 "--max-errors 0: nothing written"
