#!/bin/sh
# grid-import: files that cannot be read on, bad command lines, unusable
# databases and outputs.  Each fails with its exit status and a message
# naming the file and line, and leaves the database as it was, even when
# other files of the same run were good.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"
snapshot before.sql
printf '%s\n' code,name D06,信访办 >good.csv

# unchanged DESCRIPTION: the database holds what before.sql holds.
unchanged() {
	snapshot after.sql
	same before.sql after.sql "$1: database unchanged"
}

# ---- bytes that are not the encoding ----
run grid-import -t people --encoding utf-8 people.gb18030.csv
status 65 "GB18030 read as UTF-8: fatal"
err_line "grid-import: people.gb18030.csv:1: invalid UTF-8 byte 0xb9 at byte offset 0 (column 1)" \
    "GB18030 read as UTF-8: line 1, byte offset 0"
unchanged "GB18030 read as UTF-8"

# an ASCII header: the first bad byte is the name on line 2
printf 'id_number,name,sex,birth_date,phone,household_id,house_id,grid_code,residence,relation,ethnic\r\n' \
    >gb-en.csv
hlen=$(wc -c <gb-en.csv)
tail -n +2 people.gb18030.csv >>gb-en.csv
# the table from each file's name: a good file first, then the bad one
cp good.csv 01-departments.csv
cp gb-en.csv 02-people.csv
run grid-import --encoding utf-8 01-departments.csv 02-people.csv
status 65 "GB18030 rows read as UTF-8: fatal"
err_line "grid-import: 02-people.csv:2: invalid UTF-8 byte 0xd6 at byte offset $((hlen + 19)) (column 20)" \
    "GB18030 rows read as UTF-8: line 2, byte offset of the name"
err_has "01-departments.csv: 1 read, 1 inserted" "the good file was read"
unchanged "GB18030 rows read as UTF-8, after a good file"
run grid-import -t people gb-en.csv
status 0 "the same file, encoding detected: accepted"
err_has "gb-en.csv: 150 read, 0 inserted, 150 updated, 0 unchanged" \
    "the same file, encoding detected: each person gains an attribute"
is "$(sql "SELECT attrs FROM people WHERE id_number = '320508196611025232'")" \
    '{"民族":"汉族","ethnic":"汉族"}' "GB18030 decoded into attrs"
snapshot before.sql

# GB18030 that starts with 64 KiB of ASCII: detected as UTF-8, so the
# first Chinese row is an error that says what to do
{
	echo code,name
	awk 'BEGIN { for (i = 1; i <= 7000; i++) printf "X%05d,Name %d\n", i, i }'
	printf 'X99999,\320\305\267\303\260\354\n'	# 信访办
} >late-gb.csv
lines=$(wc -l <late-gb.csv)
offset=$(($(head -n $((lines - 1)) late-gb.csv | wc -c) + 7))
run grid-import -t departments late-gb.csv
status 65 "GB18030 after 64 KiB of ASCII: fatal"
err_line "grid-import: late-gb.csv:$lines: invalid UTF-8 byte 0xd0 at byte offset $offset (column 8) (the file began as UTF-8; if it is GB18030, use --encoding gb18030)" \
    "GB18030 after 64 KiB of ASCII: the line, the offset and a hint"
unchanged "GB18030 after 64 KiB of ASCII"
run grid-import -t departments --encoding gb18030 --dry-run late-gb.csv
status 0 "the same file with --encoding gb18030"
err_has "late-gb.csv: 7001 read, 7001 inserted" "--encoding gb18030: every row"

printf 'code,name\nD06,信访办\nD07,a\0b\n' >nul.csv
run grid-import -t departments nul.csv
status 65 "a NUL byte: fatal"
err_line "grid-import: nul.csv:3: NUL byte at byte offset 29 (column 6)" \
    "a NUL byte: line and byte offset"
unchanged "a NUL byte"

# ---- gzip ----
gzip -c people.csv >people.csv.gz
head -c 3000 people.csv.gz >cut.csv.gz
cp cut.csv.gz 02-people.csv.gz
run grid-import 01-departments.csv 02-people.csv.gz
status 65 "truncated gzip: fatal"
err_line "grid-import: 02-people.csv.gz: truncated gzip file: the compressed data ends early" \
    "truncated gzip: message"
err_line "grid-import: nothing was written: the run was rolled back" \
    "truncated gzip: says nothing was written"
unchanged "truncated gzip"
run sh -c 'grid-import -t people - <cut.csv.gz'
status 65 "truncated gzip on standard input: fatal"
err_line "grid-import: <stdin>: truncated gzip file: the compressed data ends early" \
    "truncated gzip on standard input: message"
unchanged "truncated gzip on standard input"

# ---- CSV that cannot be parsed on ----
printf '%s\n' code,name D06,信访办 'D07,"统计局' D08,八部 D09,九部 >quote.csv
run grid-import -t departments quote.csv
status 65 "unterminated quote: fatal"
err_line "grid-import: quote.csv:3: unterminated quoted field starting on this line" \
    "unterminated quote: the line where the record starts"
unchanged "unterminated quote"

{
	echo code,name
	echo D06,信访办
	printf 'D07,'
	head -c 10485760 /dev/zero | tr '\0' a
	echo
	echo D08,八部
} >huge.csv
run grid-import -t departments huge.csv
status 65 "a field of 10 MB: fatal"
err_line "grid-import: huge.csv:3: line longer than 4194304 bytes" \
    "a field of 10 MB: message with the limit"
unchanged "a field of 10 MB"
{
	echo code,name
	echo D06,信访办
	printf 'D07,"'
	head -c 10485760 /dev/zero | tr '\0' '\n'
	echo '"'
} >huge-lines.csv
run grid-import -t departments huge-lines.csv
status 65 "a quoted field of 10 MB of line breaks: fatal"
err_line "grid-import: huge-lines.csv:3: record longer than 4194304 bytes (it spans several lines: a quote left open?)" \
    "a field of 10 MB over many lines: message"
unchanged "a field of 10 MB over many lines"

: >empty.csv
run grid-import -t departments good.csv empty.csv
status 65 "an empty file: fatal"
err_line "grid-import: empty.csv: empty file: no header line" \
    "an empty file: message"
unchanged "an empty file, after a good one"

echo code,name >header.csv
run grid-import -t departments header.csv
status 0 "a header and no rows: exit 0"
err_line "grid-import: header.csv: 0 read, 0 inserted, 0 updated, 0 unchanged, 0 rejected, 0.00 s" \
    "a header and no rows: 0 read"

printf '%s\n' name,dept_code 信访办,D01 >nokey.csv
run grid-import -t departments nokey.csv
status 65 "no column for the key: fatal"
err_line "grid-import: nokey.csv:1: no column for the key field 'code' of departments (name it 'code' or one of 部门代码|部门编码|单位代码, or use --map)" \
    "no column for the key: message"
printf '%s\n' code,name,部门名称 D06,信访办,信访办 >twice.csv
run grid-import -t departments twice.csv
status 65 "two columns for one field: fatal"
err_line "grid-import: twice.csv:1: 部门名称: column gives field 'name', as column 'name' does (use --map to choose)" \
    "two columns for one field: message"
unchanged "bad headers"

# ---- rows of the wrong width, quoted line breaks ----
{
	head -1 houses.csv
	printf '%s\n' 'H0061,"苏州市姑苏区干将路1号' '2单元",32050801801401,,,residential,6,,,0'
	echo 'H0062,地址,32050801801401,,,residential,6,,,0,多余'
	echo 'H0063,"地址,有逗号",32050801801401'
	echo 'H0064,地址,32050801801401,,,residential,六,,,0'
	printf '%s\n' 'H0065,"多行地址' '第二行' '第三行",32050801801401,,,residential,6,,,0'
	echo 'H0066,地址,32050801801401,,,residential,6,,,2'
} >houses2.csv
run grid-import -t houses houses2.csv
status 65 "rows of the wrong width: rejected"
err_line "grid-import: houses2.csv:4: 11 fields where the header has 10" \
    "a row with too many fields"
err_line "grid-import: houses2.csv:5: 3 fields where the header has 10" \
    "a row with too few fields"
err_line "grid-import: houses2.csv:6: floors: not a number '六'" \
    "line number after a quoted line break"
err_line "grid-import: houses2.csv:10: rented: not yes or no '2' (0/1, 是/否, yes/no)" \
    "line number after a field of three lines"
err_has "houses2.csv: 6 read, 2 inserted, 0 updated, 0 unchanged, 4 rejected" \
    "wrong width: the good rows in"
is "$(sql "SELECT address FROM houses WHERE id = 'H0061'")" \
    "$(printf '苏州市姑苏区干将路1号\n2单元')" "a line break kept in the address"
is "$(sql "SELECT count(*) FROM houses WHERE id > 'H0060'")" 2 \
    "only the good rows are in"
snapshot before.sql

# ---- the command line ----
run grid-import -t nosuch good.csv
status 64 "unknown table"
err_line "grid-import: unknown table 'nosuch'" "unknown table: message"
cp good.csv stuff.csv
run grid-import stuff.csv
status 64 "no table from the file name"
err_line "grid-import: stuff.csv: cannot tell the table from the file name; use -t TABLE" \
    "no table from the file name: message"
run grid-import -d new.db -t departments --map codex=x good.csv
status 64 "--map with a field the table lacks"
err_line "grid-import: --map 'codex=x': table departments has no field 'codex'" \
    "--map with a field the table lacks: message"
run grid-import -d new.db -t departments --map code good.csv
status 64 "--map without '='"
run grid-import -d new.db -t departments --reject ./good.csv good.csv
status 64 "a reject file that is the input"
err_line "grid-import: --reject: 'good.csv' is the input file" \
    "a reject file that is the input: message"
ok "the input is intact" test "$(cat good.csv)" = "$(printf 'code,name\nD06,信访办')"
run grid-import -d new.db -t departments -f bogus -o summary.txt good.csv
status 64 "unknown summary format"
err_line "grid-import: unknown format 'bogus' (expected ndjson, csv, tsv, table or md)" "unknown summary format: message"
run grid-import -d new.db -t departments --mode merge good.csv
status 64 "unknown mode"
run grid-import -d new.db -t departments --encoding latin1 good.csv
status 64 "unknown encoding"
run grid-import -d new.db -t departments --max-errors -1 good.csv
status 64 "negative --max-errors"
run grid-import -d new.db -t departments
status 64 "no input file"
run grid-import -d new.db --reject rej.csv -t departments good.csv good.csv
status 64 "one reject file for several inputs"
is "$(ls new.db* summary.txt* 2>/dev/null)" "" \
    "usage errors create no database and no output"

run grid-import -t departments good.csv nosuch.csv
status 66 "a missing file after a good one"
err_line "grid-import: nosuch.csv: cannot open: No such file or directory" \
    "a missing file: message"
err_line "grid-import: nothing was written: the run was rolled back" \
    "a missing file: says nothing was written"
unchanged "a missing file after a good one"
run grid-import -t departments good.csv "$T"
status 66 "a directory as input"
unchanged "a directory as input"
run grid-import -t departments good.csv nodir/departments.csv
status 66 "an input in a missing directory"
err_line "grid-import: nodir/departments.csv: cannot open: No such file or directory" \
    "an input in a missing directory: message"
unchanged "an input in a missing directory"
cp good.csv secret.csv
chmod 000 secret.csv
if [ -r secret.csv ]; then	# root reads it anyway
	n=$((n + 3))
	echo "ok $((n - 2)) # SKIP an unreadable input: the tests run as root"
	echo "ok $((n - 1)) # SKIP an unreadable input: message"
	echo "ok $n # SKIP an unreadable input: database unchanged"
else
	run grid-import -t departments good.csv secret.csv
	status 66 "an unreadable input"
	err_line "grid-import: secret.csv: cannot open: Permission denied" \
	    "an unreadable input: message"
	unchanged "an unreadable input"
fi

run grid-import -t departments --reject "$T/nodir/rej.csv" good.csv
status 73 "reject file in a missing directory"
err_line "grid-import: $T/nodir/rej.csv: cannot create reject file: No such file or directory" \
    "reject file cannot be created: message"
unchanged "reject file cannot be created"
ok "no reject file left behind" test ! -e "$T/nodir"

run grid-import -t departments -o "$T/nodir/summary.csv" -f csv good.csv
status 73 "summary output in a missing directory"
unchanged "summary output cannot be created"

# ---- a database newer than the tool ----
sql 'PRAGMA user_version = 99'
cp grid.db newer.db
run grid-import -t departments good.csv
status 69 "a database of a newer schema: refused"
version=$(sed -n 's/^#define GRID_SCHEMA_VERSION \([0-9]*\)$/\1/p' \
    "$GRID_TOP/lib/grid/db.h")
err_line "grid-import: $GRID_DB: database schema version 99 is newer than this tool's ($version): upgrade gridkit" \
    "a newer database: message"
ok "a newer database: file unchanged" cmp -s grid.db newer.db
is "$(sql 'PRAGMA user_version')" 99 "a newer database: version kept"

# ---- a database locked by another writer ----
sql "PRAGMA user_version = $version"
snapshot before.sql
mkfifo lock.fifo
sqlite3 -batch grid.db <lock.fifo >lock.out 2>&1 &
holder=$!
exec 3>lock.fifo
echo 'BEGIN IMMEDIATE; SELECT 1;' >&3
i=0
while [ ! -s lock.out ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
is "$(cat lock.out)" 1 "another connection holds the write lock"
run env GRID_BUSY_MS=300 grid-import -t departments good.csv
status 75 "a locked database: busy past the timeout"
err_line "grid-import: $GRID_DB: starting a transaction: database is locked" \
    "a locked database: message"
exec 3>&-
wait "$holder"
unchanged "a locked database"
run grid-import -t departments good.csv
status 0 "the lock released: the import goes through"
