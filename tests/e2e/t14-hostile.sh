#!/bin/sh
# Hostile input, one block per row of the table in SECURITY.md: SQL text
# in every field (stored verbatim, nothing run), NUL bytes, control
# characters, a 1 GB line (refused by the size cap at once, in bounded
# memory), deeply nested JSON, 100,000 columns, Windows-1252 bytes given
# as UTF-8, numbers where text is expected and the reverse.  After each
# refusal the database is as it was.
. "$(dirname "$0")/lib.sh"

grid-import -q regions.csv departments.csv grids.csv houses.csv || exit 1
G1=32050801801401
M=$(idno 44052419800101001)	# a man born 1980-01-01
F=$(idno 44052419800101002)	# a woman
F2=$(idno 11010519491231002)	# a woman born 1949-12-31
N=$(idno 44052419800101005)	# another man born 1980-01-01

# unchanged WHAT: the database is as before.sql holds it.
unchanged() {
	snapshot after.sql
	same before.sql after.sql "$1: database unchanged"
}

# --- SQL text in every field: stored verbatim --------------------------------
q1="Robert'); DROP TABLE people; --"
q2='x" OR "1"="1'
q3="1; DELETE FROM cases WHERE '1'='1"
cat >sqldept.csv <<'EOF'
code,name
"D'9;DROP/**/TABLE/**/departments;--","x"" OR ""1""=""1"
EOF
run grid-import -t departments sqldept.csv
status 0 "departments: SQL text in code and name"
is "$(sql "SELECT name FROM departments WHERE code =
    'D''9;DROP/**/TABLE/**/departments;--'")" "$q2" \
    "departments: code and name stored verbatim"
cat >sqlpeople.csv <<EOF
id_number,name,sex,birth_date,phone,"evil""); DROP TABLE people; --"
$M,"$q1",M,1980-01-01,13812345678,$q3
EOF
run grid-import -t people sqlpeople.csv
status 0 "people: SQL text in a name and in an unknown column"
is "$(sql "SELECT name FROM people WHERE id_number = '$M'")" "$q1" \
    "people: the name stored verbatim"
is "$(sql "SELECT value FROM people, json_each(people.attrs) WHERE
    id_number = '$M' AND key = 'evil\"); DROP TABLE people; --'")" "$q3" \
    "people: the unknown column kept in attrs under its own name"
run grid-import -t people --map "name=x'; DROP TABLE people; --" \
    sqlpeople.csv
status 65 "--map to a column named with SQL text: the name is missing"
run grid-import -t "people; DROP TABLE people" sqlpeople.csv
status 64 "-t with SQL text: usage error"
run grid-case report --source hotline --category E0102 --grid $G1 \
    --description "$q1" --address "$q2" --reporter "$q3" -f tsv
status 0 "grid-case report: SQL text in description, address, reporter"
case_id=$(tail -n 1 "$T/out" | cut -f 1)
is "$(sql "SELECT description || '|' || address || '|' || reporter FROM
    cases WHERE id = '$case_id'")" "$q1|$q2|$q3" \
    "grid-case: the texts stored verbatim"
run grid-case register "$case_id" --note "$q3"
status 0 "grid-case register: SQL text in the note"
is "$(sql "SELECT note FROM case_log WHERE case_id = '$case_id' AND
    action = 'register'")" "$q3" "case_log: the note stored verbatim"
snapshot before.sql
run grid-case show "1' OR '1'='1"
status 65 "grid-case show with SQL text as the id: no such case"
run grid-case list --grid "1' OR '1'='1" -f csv
is "$rc $(wc -l <"$T/out" | tr -d ' ')" "64 0" \
    "grid-case list --grid with SQL text: refused, no rows"
run grid-case list --category "E0102' OR '1'='1" -f csv
is "$rc $(wc -l <"$T/out" | tr -d ' ')" "0 1" \
    "grid-case list --category with SQL text: a header, no rows"
run grid-assign workers --community "1' OR '1'='1" -f csv
ok "grid-assign workers --community with SQL text: refused or no rows" \
    test "$rc" -ne 0 -o "$(wc -l <"$T/out" | tr -d ' ')" -le 1
unchanged "SQL text in queries"
is "$(sql "SELECT count(*) FROM sqlite_master WHERE name IN ('people',
    'cases', 'departments', 'case_log')")" 4 "every table still there"

# --- NUL bytes -----------------------------------------------------------------
snapshot before.sql
printf 'id_number,name,sex,birth_date\n%s,a\000b,F,1980-01-01\n' "$F" >nul.csv
run grid-import -t people nul.csv
status 65 "a NUL byte in CSV"
err_line "grid-import: nul.csv:2: NUL byte at byte offset 50 (column 21)" \
    "a NUL byte: named by line and byte offset"
printf '{"id_number":"%s","name":"a\\u0000b","sex":"F","birth_date":"1980-01-01"}\n' \
    "$F" >nul1.ndjson
run grid-import -t people nul1.ndjson
status 65 "an escaped NUL (\\u0000) in NDJSON"
err_has "nul1.ndjson:1: bad JSON" "an escaped NUL: a JSON error naming the line"
printf '{"id_number":"%s","name":"a\000b","sex":"F","birth_date":"1980-01-01"}\n' \
    "$F" >nul2.ndjson
run grid-import -t people nul2.ndjson
status 65 "a raw NUL byte in NDJSON"
err_has "nul2.ndjson:1: NUL byte at byte offset" "a raw NUL: named"
run sh -c "printf '{\"source\":\"hotline\",\"category\":\"E0102\",\"grid\":\"$G1\",\"description\":\"a\\000b\"}\n' |
    grid-case report -"
status 65 "a NUL byte in grid-case report -"
unchanged "NUL bytes"

# --- control characters -------------------------------------------------------
snapshot before.sql
printf 'id_number,name,sex,birth_date\n%s,"a\001b",F,1980-01-01\n%s,"\033[2Jx",F,1949-12-31\n' \
    "$F" "$F2" >ctl.csv
run grid-import -t people ctl.csv
status 65 "control characters in register text"
err_line "grid-import: ctl.csv:2: name: control character 0x01 in text" \
    "0x01: rejected, named"
err_line "grid-import: ctl.csv:3: name: control character 0x1b in text" \
    "ESC: rejected, named"
unchanged "control characters in registers"
run grid-case report --source hotline --category E0102 --grid $G1 \
    --description "$(printf 'a\033[2Jb\007c')" -f tsv
status 0 "grid-case report: control characters in a description"
esc_id=$(tail -n 1 "$T/out" | cut -f 1)
is "$(sql "SELECT hex(description) FROM cases WHERE id = '$esc_id'")" \
    611B5B324A620763 "the description stored verbatim"
run grid-case show "$esc_id" -f table
ok "show -f table: no control character reaches the terminal" \
    sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$T/out'"
run grid-case show "$esc_id" -f ndjson
out_has '"description":"a\u001b[2Jb\u0007c"' "show -f ndjson: escaped"
run grid-case show "$(printf 'x\033[2J\ny')"
status 65 "a case id with control characters"
err_line "grid-case show: case x?[2J?y: no such case" \
    "messages show control characters as '?', on one line"
printf '{"id":"x\\u001b]0;owned\\u0007"}\n' >escid.ndjson
run sh -c 'grid-case register - <escid.ndjson'
err_line "grid-case register: <stdin>:1: id: case x?]0;owned?: no such case" \
    "a control character from a record: '?' in the message"

# --- a 1 GB line: the size cap, fast, bounded memory ---------------------------
# peak COMMAND...: runs COMMAND, sets rc and $peak, its peak memory in
# kB, measured by GNU time, else by bench/rusage.c.
if [ ! -x /usr/bin/time ]; then
	cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$T/rusage" \
	    "$GRID_TOP/bench/rusage.c" || echo "not ok - cannot build rusage"
fi
peak() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$T/rss" "$@" >"$T/out" 2>"$T/err"
		rc=$?
		peak=$(tail -n 1 "$T/rss")
	else
		"$T/rusage" "$@" >"$T/out" 2>"$T/err"
		rc=$?
		peak=$(tail -n 1 "$T/err" |
		    sed -n 's/.* maxrss_kb=\([0-9]*\) .*/\1/p')
		sed '$d' "$T/err" >"$T/err.cmd" && mv "$T/err.cmd" "$T/err"
	fi
	case $peak in ''|*[!0-9]*) peak=999999999 ;; esac
}
# 64 MB, a sixteenth of the line (gridkit takes about 10 MB).  Under
# AddressSanitizer (its quarantine keeps freed buffers: some 180 MB) and
# valgrind the memory is mostly theirs: the bound is looser, still far
# below the 1 GB an unbounded reader would take.
limit=65536
ldd "$GRID_BUILD/bin/grid-import" 2>/dev/null | grep -q libasan &&
    limit=524288
[ -n "${GRID_TEST_WRAPPER:-}" ] && limit=786432
snapshot before.sql
t0=$(date +%s)
# shellcheck disable=SC2016
peak sh -c '{ printf "id_number,name\n%s," "$1"; head -c 1073741824 /dev/zero |
    tr "\0" a; echo; } | grid-import -t people -' sh "$F"
t1=$(date +%s)
is "$rc" 65 "a 1 GB line: refused (exit 65)"
err_line "grid-import: <stdin>:2: line longer than 4194304 bytes" \
    "a 1 GB line: the cap message"
ok "a 1 GB line: refused within 20 s ($((t1 - t0)) s)" \
    test $((t1 - t0)) -le 20
ok "a 1 GB line: peak memory $peak kB <= $limit kB" test "$peak" -le $limit
# shellcheck disable=SC2016
peak sh -c '{ printf "id_number,name\n%s,\"" "$1"; head -c 1073741824 /dev/zero |
    tr "\0" "\n"; echo "\""; } | grid-import -t people -' sh "$F"
is "$rc" 65 "a 1 GB quoted field of line breaks: refused"
err_has "record longer than 4194304 bytes (it spans several lines" \
    "a 1 GB quoted field: the cap message names the open quote"
ok "a 1 GB quoted field: peak memory $peak kB <= $limit kB" \
    test "$peak" -le $limit
# shellcheck disable=SC2016
peak sh -c '{ printf "{\"source\":\"hotline\",\"description\":\""
    head -c 1073741824 /dev/zero | tr "\0" a; echo "\"}"; } |
    grid-case report -'
is "$rc" 65 "a 1 GB NDJSON record to grid-case report -: refused"
err_line "grid-case report: <stdin>:1: line longer than 4194304 bytes" \
    "grid-case: the cap message"
ok "grid-case: peak memory $peak kB <= $limit kB" test "$peak" -le $limit
# A gzip bomb: 1 GB of one line in 1 MB.
{ printf 'id_number,name\n%s,' "$F"; head -c 1073741824 /dev/zero |
    tr '\0' a; echo; } | gzip -1 >bomb.csv.gz
peak grid-import -t people bomb.csv.gz
is "$rc" 65 "a gzip bomb of one 1 GB line: refused"
err_line "grid-import: bomb.csv.gz:2: line longer than 4194304 bytes" \
    "a gzip bomb: the cap message"
ok "a gzip bomb: peak memory $peak kB <= $limit kB" test "$peak" -le $limit
rm -f bomb.csv.gz
unchanged "1 GB lines"

# --- deeply nested JSON --------------------------------------------------------
# nest N OPEN CLOSE: N opening brackets, then N closing ones.
nest() {
	awk -v n="$1" -v o="$2" -v c="$3" 'BEGIN {
		for (i = 0; i < n; i++) printf "%s", o
		for (i = 0; i < n; i++) printf "%s", c }'
}
snapshot before.sql
printf '{"id_number":"%s","name":%s}\n' "$F" "$(nest 100000 '[' ']')" \
    >deep.ndjson
run grid-import -t people deep.ndjson
status 65 "100,000 nested arrays in NDJSON: rejected"
err_has "deep.ndjson:1: bad JSON at column 2089: maximum parsing depth reached" \
    "nested arrays: the depth limit named"
printf '{"source":"hotline","category":"E0102","grid":"%s","x":%s}\n' $G1 \
    "$(nest 100000 '{"a":' '}' | sed 's/{"a":}/1/')" >deep2.ndjson
run sh -c 'grid-case report - <deep2.ndjson'
status 65 "100,000 nested objects to grid-case report -: rejected"
err_has "maximum parsing depth reached" "nested objects: the depth limit named"
printf '{"type":"FeatureCollection","features":%s}\n' \
    "$(nest 100000 '[' ']')" >deep.geojson
run grid-assign boundaries deep.geojson
status 65 "100,000 nested arrays in GeoJSON: rejected"
err_has "maximum parsing depth reached" "GeoJSON: the depth limit named"
unchanged "deeply nested JSON"
printf '{"id_number":"%s","name":"n","sex":"F","birth_date":"1980-01-01","extra":%s}\n' \
    "$F" "$(nest 1000 '[' ']')" >deep3.ndjson
run grid-import -t people deep3.ndjson
status 0 "1,000 nested arrays in an unknown field: accepted"
is "$(sql "SELECT length(json_extract(attrs, '\$.extra')) FROM people
    WHERE id_number = '$F'")" 2000 "kept in attrs as its JSON text"

# --- 100,000 columns ---------------------------------------------------------
# wide N: a people CSV of 4 known and N-4 unknown columns, two rows.
wide() {
	awk -v n="$1" -v a="$F2" -v b="$M" 'BEGIN {
		printf "id_number,name,sex,birth_date"
		for (i = 4; i < n; i++) printf ",c%d", i
		print ""
		printf "%s,w,F,1949-12-31", a
		for (i = 4; i < n; i++) printf ",v%d", i
		print ""
		printf "%s,w,M,1980-01-01", b
		for (i = 4; i < n; i++) printf ",v%d", i
		print "" }'
}
wide 100000 >wide.csv
t0=$(date +%s)
run grid-import -t people wide.csv
t1=$(date +%s)
status 0 "100,000 columns: imported"
ok "100,000 columns: within 20 s ($((t1 - t0)) s)" test $((t1 - t0)) -le 20
is "$(sql "SELECT count(*) FROM people WHERE
    json_extract(attrs, '\$.c99999') = 'v99999' AND
    json_extract(attrs, '\$.c4') = 'v4'")" 2 \
    "100,000 columns: the unknown ones kept in attrs"
snapshot before.sql
wide 100001 >wider.csv
run grid-import -t people wider.csv
status 65 "100,001 columns: refused"
err_line "grid-import: wider.csv:1: more than 100000 fields in a record" \
    "100,001 columns: the cap message"
{ printf 'c0'; awk 'BEGIN { for (i = 1; i < 99999; i++) printf ",c%d", i }'
    echo ',c5'; } >twice.csv
run grid-import -t people twice.csv
status 65 "a column named twice among 100,000"
err_line "grid-import: twice.csv:1: c5: column named twice in the header" \
    "a column named twice: named"
unchanged "too many columns"

# --- Windows-1252 bytes given as UTF-8 ----------------------------------------
snapshot before.sql
printf 'id_number,name,sex,birth_date\n%s,\223caf\351\224,F,1980-01-01\n' \
    "$F" >cp1252.csv
run grid-import -t people --encoding utf-8 cp1252.csv
status 65 "Windows-1252 bytes with --encoding utf-8"
err_line "grid-import: cp1252.csv:2: invalid UTF-8 byte 0x93 at byte offset 49 (column 20)" \
    "Windows-1252 bytes: named by line and byte offset"
printf '{"source":"hotline","category":"E0102","grid":"%s","description":"caf\351"}\n' \
    $G1 >cp1252.ndjson
run sh -c 'grid-case report - <cp1252.ndjson'
status 65 "Windows-1252 bytes in grid-case report -"
err_has "byte 0xe9 at byte offset 81" "grid-case: the bad byte named"
unchanged "Windows-1252 bytes"

# --- numbers where text is expected, and the reverse ---------------------------
printf '{"id_number":%s,"name":12345,"sex":"M","birth_date":"1980-01-01","phone":13812345678,"grid_code":%s,"big":1.5e300,"flag":true}\n' \
    "$N" $G1 >num.ndjson
run grid-import -t people num.ndjson
status 0 "JSON numbers for ID number, name, phone, grid code"
is "$(sql "SELECT id_number || '|' || typeof(name) || name || '|' ||
    typeof(phone) || phone || '|' || typeof(grid_code) || grid_code || '|'
    || attrs FROM people WHERE id_number = '$N'")" \
    "$N|text12345|text13812345678|text$G1|{\"big\":\"1.5e+300\",\"flag\":\"true\"}" \
    "numbers stored as text"
snapshot before.sql
cat >h.csv <<EOF
id,address,grid_code,x,y,floors,area_m2
HX1,a,$G1,east,1,2,1
HX2,a,$G1,1,nan,2,1
HX3,a,$G1,1,1,three,1
HX4,a,$G1,1,1,2.5,1
HX5,a,$G1,1,1,2,inf
HX6,a,$G1,1e400,1,2,1
HX7,a,$G1,0x10,1,2,1
EOF
run grid-import -t houses h.csv
status 65 "text where numbers are expected"
err_line "grid-import: h.csv:2: x: not a number 'east'" "x 'east'"
err_line "grid-import: h.csv:3: y: not a number 'nan'" "y 'nan'"
err_line "grid-import: h.csv:4: floors: not a number 'three'" "floors 'three'"
err_line "grid-import: h.csv:5: floors: not a whole number '2.5'" \
    "floors '2.5'"
err_line "grid-import: h.csv:6: area_m2: not a number 'inf'" "area_m2 'inf'"
err_line "grid-import: h.csv:7: x: not a number '1e400'" "x '1e400'"
err_line "grid-import: h.csv:8: x: not a number '0x10'" "x '0x10'"
cat >h.ndjson <<EOF
{"id":"HX8","address":"a","grid_code":"$G1","x":1,"y":2,"area_m2":true}
{"id":"HX9","address":"a","grid_code":"$G1","x":[1],"y":2}
{"id":"HX10","address":"a","grid_code":"$G1","x":{"a":1},"y":2}
EOF
run grid-import -t houses h.ndjson
status 65 "JSON true, an array, an object for numbers"
err_line "grid-import: h.ndjson:1: area_m2: not a number 'true'" "true"
err_line "grid-import: h.ndjson:2: x: not a number '[1]'" "an array"
err_line "grid-import: h.ndjson:3: x: not a number '{\"a\":1}'" "an object"
run grid-case report --source hotline --category E0102 --x east --y 1
status 65 "grid-case report --x east: refused"
run grid-case list --limit ten
status 64 "grid-case list --limit ten: usage error"
unchanged "text for numbers"
