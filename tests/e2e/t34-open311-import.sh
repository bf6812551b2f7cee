#!/bin/sh
# grid-case import (issue 18, the writing half): another platform's Open311
# GeoReport v2 requests into cases.  New requests reported (id, grid, a
# note naming the system and its id), the same document twice changes
# nothing, an update from the other side moves the right case (closed
# there: a verified case closes, a dispatched one is held), every bad
# document refused with its place, exit 65 and the database unchanged;
# external ids and media_url on our exports; a round trip export, import
# into another database, export again, byte for byte but for what must
# differ; coordinates of another system; the README's nightly exchange
# run as written.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
grid-assign boundaries -q "$DISTRICT/grids.geojson" || exit 1
O=$FIX/open311
G1=32050801801401

# col NAME FILE: the column NAME of a tsv file (its header), one a line.
col() {
	awk -F '	' -v name="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) k = i; next }
	{ print $k }' "$2"
}
# case_of ID: our case of the city's request ID.
case_of() {
	sql "SELECT id FROM cases WHERE external_source = 'city' AND external_id = '$1'"
}
logs() {
	sql "SELECT count(*) FROM case_log"
}

# --- new requests --------------------------------------------------------------
run grid-case import "$O/requests.json" --from city -f tsv
status 0 "import: three new requests"
is "$(col outcome "$T/out" | tr '\n' ' ')" "new new new " "import: all new"
is "$(col service_request_id "$T/out" | tr '\n' ' ')" \
    "880101 880102 SR-880103 " "import: their ids, in document order"
err_line "grid-case import: 3 requests from city: 3 new, 0 updated, 0 unchanged, 0 held; 8 case_log rows" \
    "import: the counts on stderr"
a=$(case_of 880101)
b=$(case_of 880102)
c=$(case_of SR-880103)
is "$a" 320508202605110001 "import: the id scheme of report (date of requested_datetime)"
is "$(sql "SELECT reported_at, source, category_code, grid_code FROM cases WHERE id = '$a'")" \
    "2026-05-11T09:20:15+08:00|hotline|E0102|32050801802302" \
    "import: reported at requested_datetime, grid found from the point"
is "$(sql "SELECT actor, action, note FROM case_log WHERE case_id = '$a'")" \
    "tester|report|Open311 city request 880101" \
    "import: logged with the actor and a note naming the system and id"
is "$(sql "SELECT status FROM cases WHERE id = '$b'")" closed \
    "import: a request closed already is reported resolved"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$b' AND note LIKE 'Open311 city request 880102%'")" \
    1 "import: the resolved chain names the system"
is "$(sql "SELECT uri, stage FROM attachments WHERE case_id = '$a'")" \
    "https://city.example.cn/12345/media/880101.jpg|before" \
    "import: media_url kept as the case's attachment"

# --- the same document again: nothing --------------------------------------
snapshot "$T/before.sql"
run grid-case import "$O/requests.json" --from city -f tsv
status 0 "import again"
is "$(col outcome "$T/out" | tr '\n' ' ')" "unchanged unchanged unchanged " \
    "import again: unchanged"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "import again: the database unchanged"
run grid-case import "$O/requests.ndjson" --from city -q -f id
status 0 "import the same as NDJSON"
is "$(tr '\n' ' ' <"$T/out")" "$a $b $c " "import -f id: our ids"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "import NDJSON: nothing new"
run grid-case import - --from city -q -f csv <"$O/requests.json"
status 0 "import - (standard input)"
is "$(sed 1d "$T/out" | cut -d, -f4 | tr '\n' ' ')" \
    "unchanged unchanged unchanged " "import -: unchanged too"

# --- the same ids from another system are other cases ------------------------
run grid-case import "$O/requests.json" --from hotline12345 -n
status 0 "import -n from another system"
err_has "dry run, nothing written: 3 requests from hotline12345: 3 new" \
    "import -n: three new ones there"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "import -n: nothing written"

# --- an update from the other side ----------------------------------------------
for step in "register $a" "dispatch $a --dept D01" "handle $a --note 清运" \
    "verify $a --pass" "register $c" "dispatch $c --dept D01"; do
	# shellcheck disable=SC2086
	grid-case $step --at 2026-06-14T09:00:00+08:00 -q -f id >/dev/null ||
	    echo "not ok - setup: grid-case $step"
done
before=$(logs)
run grid-case import "$O/import-update.json" --from city -f tsv
status 0 "import an update"
is "$(col outcome "$T/out" | tr '\n' ' ')" "updated held unchanged " \
    "update: a verified case closed, a dispatched one held"
is "$(col status "$T/out" | tr '\n' ' ')" "closed dispatched closed " \
    "update: our statuses after it"
is "$(sql "SELECT action, note FROM case_log WHERE case_id = '$a' AND id > $before ORDER BY id")" \
    "close|Open311 city request 880101: closed there; 已清运
external|Open311 city request 880101: status_notes 已清运" \
    "update: closed by our state table, the note logged, one row each"
is "$(sql "SELECT action, from_status, to_status, note FROM case_log WHERE case_id = '$c' AND id > $before ORDER BY id")" \
    "external|dispatched|dispatched|Open311 city request SR-880103: status closed; held: not closed here
external|dispatched|dispatched|Open311 city request SR-880103: status_notes 已处理
external|dispatched|dispatched|Open311 city request SR-880103: agency_responsible 市容环卫处" \
    "update: held, never forced out of the state table; each change a row"
is "$(sql "SELECT count(*) FROM case_log WHERE id > $before AND case_id NOT IN ('$a', '$c')")" \
    0 "update: no other case moved"
err_has "1 updated, 1 unchanged, 1 held; 5 case_log rows" "update: the counts"
snapshot "$T/before.sql"
run grid-case import "$O/import-update.json" --from city -f tsv
is "$(col outcome "$T/out" | tr '\n' ' ')" "unchanged held unchanged " \
    "update again: still held, nothing else"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "update again: no new row"

# --- our exports carry the external id ------------------------------------------
run grid-case requests -f ndjson
status 0 "requests"
out_has "\"service_request_id\":\"$a\"," "requests: service_request_id stays ours"
out_has '"extended_attributes":{"external_id":"880101","external_source":"city"}' \
    "requests: the external id in extended_attributes"
out_has '"media_url":"https://city.example.cn/12345/media/880101.jpg"' \
    "requests: media_url from the attachment"
run grid-case feed --since 0 -f open311
out_has '"extended_attributes":{"external_id":"SR-880103","external_source":"city"}' \
    "feed -f open311: the external id too"
own=$(grid-case report --source worker --category E0102 --grid $G1 \
    --address '凤凰街 2 号' --at 2026-06-15T09:00:00+08:00 -f id)
grid-case requests -f ndjson | grep "\"$own\"" >"$T/own.json"
is "$(grep -c extended_attributes "$T/own.json")" 0 \
    "requests: none on a case of our own"

# --- media_url from the attachments table ------------------------------------------
sql "INSERT INTO attachments (case_id, kind, stage, uri, mime, sha256, stored, at, actor) VALUES
 ('$own', 'photo', 'after', 'photos/own-after.jpg', 'image/jpeg', 'aa11', 1, '2026-06-15T09:10:00+08:00', 't'),
 ('$own', 'photo', 'before', 'photos/own-before.jpg', 'image/jpeg', 'bb22', 1, '2026-06-15T09:05:00+08:00', 't')"
media() {
	grid-case requests -f ndjson | grep "\"$1\"" |
	    sed 's/.*"media_url":\([^,}]*\).*/\1/'
}
is "$(media "$own")" null "media_url: a kept file without media_base_url: none"
grid-import --set media_base_url=https://grid.example.cn/media/ -q
is "$(media "$own")" "\"https://grid.example.cn/media/$own/bb22\"" \
    "media_url: open, the before-photo, media_base_url/case/sha256"
grid-case register "$own" -q -f id >/dev/null
grid-case void "$own" --reason 重复 -q -f id >/dev/null
sql "UPDATE cases SET status = 'closed' WHERE id = '$own'"
is "$(media "$own")" "\"https://grid.example.cn/media/$own/aa11\"" \
    "media_url: closed, the after-photo first"
sql "UPDATE cases SET status = 'voided' WHERE id = '$own'"

# --- bad documents: refused, located, nothing written ---------------------------
snapshot "$T/before.sql"
refused() {	# FILE LINE DESCRIPTION
	run grid-case import "$1" --from city -f tsv
	status 65 "$3"
	err_has "$2" "$3: the message"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$3: no rows"
	snapshot "$T/after.sql"
	same "$T/before.sql" "$T/after.sql" "$3: the database unchanged"
}
refused "$O/bad.ndjson" \
    "bad.ndjson:1: service_code: request 1 'B1': unknown service_code 'Z9999' (not in categories)" \
    "unknown service_code"
err_has "bad.ndjson:2: address: request 2 'B2': no place" "no lat/long and no address"
err_has "bad.ndjson:3: requested_datetime: request 3 'B3': expected a time with Z or an offset" \
    "a time without an offset"
err_line "grid-case import: 10 of 11 requests refused; nothing written" \
    "every refusal named, then the count"
refused "$O/import-duplicate.ndjson" \
    "import-duplicate.ndjson:3: service_request_id: request 3 'D1': given twice in the document" \
    "a duplicate id inside the document"
refused "$O/import-future.json" \
    "import-future.json:3: requested_datetime: request 2 'F2': 2026-06-16T08:00:00+08:00 is in the future" \
    "a future time"
refused "$O/import-before.json" \
    "import-before.json:2: updated_datetime: request 1 'P1': 2026-05-31T08:00:00+08:00 is before requested_datetime" \
    "updated before requested"
refused "$O/import-type.json" \
    "import-type.json:3: description: request 2 'T2': expected a string" \
    "a wrong type"
printf '[{"service_request_id":"X1","status":"open","service_code":"E0102",\n' >trunc.json
refused trunc.json "trunc.json:1: request 1: the input ends inside the array" \
    "a document cut short"
run grid-case import missing.json --from city
status 66 "a missing file"
run grid-case import "$O/requests.json"
status 64 "no --from"
err_has "give --from SYSTEM" "no --from: says so"
run grid-case import "$O/requests.json" --from city --source nowhere
status 64 "an unknown --source"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "usage errors: the database unchanged"

# --- coordinates of another system -------------------------------------------------
run grid-import --set coordinate_system=mercator
status 64 "--set coordinate_system: an unknown system refused"
err_has "expected auto, wgs84, cgcs2000, gcj02, bd09 or epsg:N" \
    "--set coordinate_system: the values named"
grid-import --set coordinate_system=gcj02 -q
run grid-case requests -f ndjson
is "$(grep -c '"lat"' "$T/out")" 0 "gcj02: no lat or long goes out"
err_has "note: lat and long left out of" "gcj02: the note says so"
snapshot "$T/before.sql"
refused "$O/import-points.json" \
    "import-points.json:3: address: request 2 'G2': the database's coordinates are not WGS84 degrees (setting coordinate_system): lat and long cannot be used, and there is no address" \
    "gcj02: a request with lat and long but no address"
{ sed -n 1p "$O/import-points.json"; sed -n '2s/,$//p' "$O/import-points.json"
  echo ']'; } >pts.json
run grid-case import pts.json --from city -f tsv
status 0 "gcj02: a request with an address is taken"
err_has "note: lat and long of 1 requests not used" "gcj02: the point dropped, said"
is "$(sql "SELECT x IS NULL, address FROM cases WHERE external_id = 'G1'")" \
    "1|平江路 118 号" "gcj02: the address kept, no point"
grid-import --set coordinate_system=wgs84 -q

# --- round trip: export, import into another database, export again --------------
export GRID_DB="$T/a.db"
load_district || exit 1
grid-case report --source worker --category E0102 --x 120.6312 --y 31.3162 \
    --address '平江路 118 号' --description 垃圾满溢 \
    --at 2026-06-10T08:00:00+08:00 -q -f id >/dev/null
grid-case report --source hotline --category C0101 --address '干将东路 5 号' \
    --at 2026-06-10T09:30:00+08:00 -q -f id >/dev/null
grid-case report --source worker --category E0104 --x 120.61859 \
    --y 31.30744 --description '路面油污' --at 2026-06-11T07:15:00+08:00 \
    -q -f id >/dev/null
sql "INSERT INTO attachments (case_id, kind, stage, uri, mime, at, actor) VALUES
 ('320508202606100001', 'photo', 'before', 'https://a.example.cn/m/1.jpg', 'image/jpeg', '2026-06-10T08:00:00+08:00', 't')"
grid-case requests -o doc1.json
export GRID_DB="$T/b.db"
load_district || exit 1
run grid-case import "$T/doc1.json" --from district-a -f tsv
status 0 "round trip: import into another database"
grid-case requests -o doc2.json
is "$(grep -c '"extended_attributes":{"external_id":"3205082026061[01]000[12]","external_source":"district-a"}' doc2.json)" \
    3 "round trip: each request names where it came from"
sed -e 's/,"extended_attributes":{[^}]*}//' \
    -e 's/"status_notes":"Open311 district-a request [0-9]*"/"status_notes":null/' \
    doc2.json >doc2.cmp
same doc1.json doc2.cmp \
    "round trip: byte for byte, but extended_attributes and status_notes"
run grid-case import "$T/doc1.json" --from district-a -f tsv
is "$(col outcome "$T/out" | tr '\n' ' ')" "unchanged unchanged unchanged " \
    "round trip: the same document again changes nothing"
export GRID_DB="$T/grid.db"

# --- the README's nightly exchange, as written, two nights -----------------------
export GRID_DB="$T/c.db"
load_district || exit 1
mkdir -p srv/grid/in srv/grid/out srv/grid/log
cp "$O/requests.json" srv/grid/in/requests.json
sed -n 's|^    [0-9]* [0-9]* \* \* \* cd /srv/grid \&\& ||p' \
    "$GRID_TOP/README.md" >nightly.sh
is "$(wc -l <nightly.sh | tr -d ' ')" 4 "README: the four cron lines"
(cd srv/grid && sh -e ../../nightly.sh) 2>nightly.err
is "$?" 0 "README: the first night runs"
is "$(col outcome srv/grid/log/import.tsv | tr '\n' ' ')" "new new new " \
    "README: what the city sent, taken in"
ok "README: the service list" test -s srv/grid/out/services.json
(cd srv/grid && sh -e ../../nightly.sh) 2>nightly.err
is "$?" 0 "README: the second night runs"
is "$(grep -c '"extended_attributes"' srv/grid/out/changes.json)" 3 \
    "README: the second night's changes: the three cases, with the city's ids"
is "$(col outcome srv/grid/log/import.tsv | tr '\n' ' ')" \
    "unchanged unchanged unchanged " "README: the same document: nothing new"
is "$(cat srv/grid/city.cursor)" "$(sql "SELECT max(id) FROM case_log")" \
    "README: the cursor kept for the next night"
export GRID_DB="$T/grid.db"

