#!/bin/sh
# The clerk's sheets as they come: .xlsx workbooks (written fresh by
# tests/tools/mkxlsx the way Excel writes them: shared strings, a date
# column, an ID typed as a number, two title lines, asterisked headers, a
# second sheet), an .xls made from the same template, and Excel's
# "Unicode text" (UTF-16LE with a BOM, tab-separated).  Messages name the
# sheet's own rows; reject files are UTF-8 CSV with a BOM and CRLF, and
# import again once fixed; formats not read are refused naming the fix.
. "$(dirname "$0")/lib.sh"

WB=$FIX/workbooks
MKXLSX=$GRID_BUILD/tests/mkxlsx
CR=$(printf '\r')

ok "mkxlsx writes the template" "$MKXLSX" template people.xlsx

# --- the header is where the template has it -------------------------------
run grid-import -n people.xlsx
status 65 "dry run, the header found"
err_line "grid-import: people.xlsx:3: warning: header on line 3; lines 1-2 skipped (--header-line chooses another)" \
    "the header found below the title lines, and said so"
err_line "grid-import: people.xlsx: 5 read, 3 inserted, 0 updated, 0 unchanged, 2 rejected, 0.00 s (dry run: nothing written)" \
    "the title lines are not rows"
is "$(sql 'SELECT count(*) FROM people')" 0 "nothing written"
printf '%s\n' '姑苏区察院场社区实有人口登记表' '姓名,身份证号' \
    '朱强,320508196611025232' >title.csv
run grid-import -n -t people title.csv
status 0 "CSV: the header found below a title line"
err_line "grid-import: title.csv:2: warning: header on line 2; line 1 skipped (--header-line chooses another)" \
    "CSV: said so"
run grid-import -n -t people - <title.csv
status 65 "standard input is not read twice: the first line is the header"
err_has "<stdin>:1: no column for the key field 'id_number'" \
    "standard input: the key column missing"

run grid-import --header-line 3 --reject rej.csv people.xlsx
status 65 "rows rejected"
err_line "grid-import: people.xlsx:3: warning: kept in attrs, matching no field of people: '序号', '备注'" \
    "one line names the columns kept in attrs"
err_line "grid-import: people.xlsx:7: name: missing (required for a new row)" \
    "the sheet's own row (a blank row 6 above it) and *姓名(必填) understood"
err_line "grid-import: people.xlsx:9: id_number: Excel turned this into a number and its digits are lost '3.20***********e+17': format the column as text and export again" \
    "an ID number typed into a number cell is refused, digits lost"
err_line "grid-import: people.xlsx: 5 read, 3 inserted, 0 updated, 0 unchanged, 2 rejected, 0.00 s" \
    "the summary"
is "$(sql "SELECT name || ' ' || sex || ' ' || birth_date || ' ' || ifnull(phone, '-') || ' ' || residence FROM people ORDER BY id_number")" \
    "郭颖 F 1968-12-09 - floating
朱强 M 1966-11-02 13713900768 registered
王芳 F 2001-05-05 13912345678 floating" \
    "dates (custom and built-in formats), numbers as shown, 户口性质 as residence"
is "$(sql "SELECT attrs FROM people WHERE name = '朱强'")" '{"序号":"1"}' \
    "an unknown column kept in attrs"
is "$(head -c 3 rej.csv | od -An -tx1 | tr -d ' ')" efbbbf \
    "the reject file begins with a UTF-8 BOM"
is "$(head -n 1 rej.csv | tail -c 2 | od -An -c | tr -d ' ')" '\r\n' \
    "its lines end in CR LF"
is "$(cut -d, -f1,2 rej.csv | tr -d "$CR" | tail -n 2)" "7,missing_field
9,invalid_value" "it names the sheet's rows"

# the clerk fixes the rejects and imports them again
sed -e 's/,32050819900228331X,,男,/,32050819900228331X,陈明,男,/' \
    -e 's/,3\.2050819661102e+17,/,32050819661102001X,/' rej.csv >fixed.csv
run grid-import -t people fixed.csv
status 0 "the fixed reject file imports"
is "$(sql 'SELECT count(*) FROM people')" 5 "every person in"
is "$(sql "SELECT name FROM people WHERE id_number = '32050819900228331X'")" \
    陈明 "the fixed row"

# --- sheets -------------------------------------------------------------------
run grid-import -t households --sheet 户 people.xlsx
status 0 "--sheet by name"
is "$(sql 'SELECT group_concat(id || "=" || size) FROM households')" \
    "HH0001=3,HH0002=1" "the second sheet's rows"
run grid-import -t households --sheet 2 -n people.xlsx
status 0 "--sheet by number"
run grid-import -t households --sheet 9 people.xlsx
status 65 "a sheet not in the workbook"
err_line "grid-import: people.xlsx: no sheet '9' (the sheets: '实有人口', '户')" \
    "the sheets are named"

# --- where the header is ---------------------------------------------------
snapshot before.sql
run grid-import -n --skip-lines 2 people.xlsx
status 65 "--skip-lines 2 is --header-line 3"
err_line "grid-import: people.xlsx: 5 read, 0 inserted, 0 updated, 4 unchanged, 1 rejected, 0.00 s (dry run: nothing written)" \
    "the same rows (the damaged ID still refused)"
run grid-import --header-line 99 people.xlsx
status 65 "a header line past the end"
err_line "grid-import: people.xlsx: no header on line 99: the sheet ends before it" \
    "names the line"
run grid-import --header-line 6 people.xlsx
status 65 "a header line that is empty"
err_line "grid-import: people.xlsx:6: no header on line 6: it is empty or inside a record" \
    "says so"
run grid-import --header-line 2 --skip-lines 1 people.xlsx
status 64 "--header-line and --skip-lines together"
run grid-import --header-line 3 --reject rej.xlsx people.xlsx
status 64 "a reject file named .xlsx"
err_has "reject files are CSV (UTF-8 with a BOM for a workbook; Excel opens them): name it .csv" \
    "names the fix"
snapshot after.sql
same before.sql after.sql "database unchanged"

run grid-import --strict-columns people.xlsx
status 65 "--strict-columns: unmatched columns stop the run"
err_line "grid-import: people.xlsx:3: --strict-columns: matching no field of people: '序号', '备注' (rename them, or use --map)" \
    "--strict-columns: every such column named"
snapshot after.sql
same before.sql after.sql "--strict-columns: database unchanged"

# --- template headers in CSV too -------------------------------------------
printf '%s\n' '＊身份证号码,人员姓名（必填）,出生日其,brith_date,户口性质' \
    '32050819900228331X,陈明,1990-02-28,1990-02-28,农业户口' >tpl.csv
run grid-import -n -t people tpl.csv
status 65 "a hukou kind is no residence"
err_line "grid-import: tpl.csv:1: warning: kept in attrs, matching no field of people: '出生日其' (did you mean birth_date?), 'brith_date' (did you mean birth_date?)" \
    "unmatched columns named with the field they resemble"
err_has "tpl.csv:2: residence: " "农业户口 is rejected, not guessed"

# --- .xls -------------------------------------------------------------------
rm -f "$GRID_DB"
run grid-import --skip-lines 2 --reject xrej.csv "$WB/people.xls"
status 65 ".xls: rows rejected"
err_line "grid-import: $WB/people.xls:7: name: missing (required for a new row)" \
    ".xls: the sheet's row"
is "$(sql "SELECT group_concat(birth_date || ' ' || ifnull(phone, '-') || ' ' || residence, '; ') FROM (SELECT * FROM people ORDER BY id_number)")" \
    "1968-12-09 - floating; 1966-11-02 13713900768 registered; 2001-05-05 13912345678 floating" \
    ".xls: dates, numbers and residence as in the .xlsx"
is "$(cut -d, -f1 xrej.csv | tr -d "$CR" | tail -n 2 | tr '\n' ' ')" "7 9 " \
    ".xls: the reject file names the rows"

# --- Unicode text (UTF-16LE with a BOM) --------------------------------------
rm -f "$GRID_DB"
cp "$WB/people.utf16.txt" people.txt
run grid-import --skip-lines 1 --reject urej.tsv people.txt
status 65 "UTF-16: rows rejected"
err_line "grid-import: people.txt:5: name: missing (required for a new row)" \
    "UTF-16: the file's own line"
is "$(sql "SELECT group_concat(name || ' ' || residence, '; ') FROM (SELECT * FROM people ORDER BY id_number)")" \
    "郭颖 floating; 朱强 registered" "UTF-16: the rows in"
is "$(head -c 3 urej.tsv | od -An -tx1 | tr -d ' ')" efbbbf \
    "UTF-16: the reject file is UTF-8 with a BOM"
printf '\377\376\061\000\012' >odd.txt
run grid-import -t people odd.txt
status 65 "UTF-16 that ends inside a character"
err_has "the UTF-16 text ends inside a character" "says so"

# --- what is not read ---------------------------------------------------------
rm -f "$GRID_DB"
grid-import -t departments "$FIX/district/departments.csv" 2>/dev/null
snapshot before.sql
run grid-import -t people "$WB/people.ods"
status 65 ".ods refused"
err_line "grid-import: $WB/people.ods: an OpenDocument spreadsheet (.ods), not read here: save it as .xlsx or CSV" \
    ".ods: names the fix"
run grid-import -t people "$WB/people.xlsb"
status 65 ".xlsb refused"
err_line "grid-import: $WB/people.xlsb: an Excel binary workbook (.xlsb), not read here: save it as .xlsx or CSV" \
    ".xlsb: names the fix"
{ printf '\320\317\021\340\241\261\032\341'; head -c 1000 /dev/zero; } \
    >locked.xlsx
run grid-import -t people locked.xlsx
status 65 "an encrypted workbook (an OLE2 file) refused"
err_has "remove the password and save it as .xlsx or CSV" "names the fix"
head -c 3000 people.xlsx >cut.xlsx
run grid-import -t people cut.xlsx
status 65 "a workbook cut short"
err_line "grid-import: cut.xlsx: broken workbook: Not a zip archive" \
    "a workbook cut short: says so"
run grid-import -t people - <people.xlsx
status 65 "a workbook on standard input"
err_has "a workbook is read from its file, not from standard input or a pipe: give its path" \
    "asks for the path"
# a damaged .xls on which FreeXL 1.0 crashes (found by fuzzing): read in a
# child first, so the run ends with a message, not a crash
cp "$GRID_TOP/tests/fuzz/regress/fuzz_xls/freexl-bad-free.xls" damaged.xls
run grid-import -t people damaged.xls
status 65 "a damaged .xls that crashes FreeXL: refused"
err_line "grid-import: damaged.xls: a damaged Excel 97-2003 workbook: the reader (FreeXL) failed on it; open it in Excel or WPS and save it as .xlsx or CSV" \
    "a damaged .xls: names the fix"
# damaged .xls files whose root entry says 3 GB (found by fuzzing): FreeXL
# asks for 3 GB at once and, where the sectors go round in a circle, fills
# them (3 GB and 6 s before the limit).  The child that reads a workbook
# first may take 1 GB (and 16 bytes a byte of the file) more than the
# tool: so both are refused.  Under ASan, memory refused is a NULL from
# malloc as without it, not a report.
for f in freexl-mini-stream-3gb freexl-mini-stream-3gb-cycle; do
	cp "$GRID_TOP/tests/fuzz/regress/fuzz_xls/$f.xls" "$f.xls"
	run env ASAN_OPTIONS=allocator_may_return_null=1 \
	    grid-import -t people "$f.xls"
	status 65 "$f.xls: refused"
	err_line "grid-import: $f.xls: a damaged Excel 97-2003 workbook: reading it needs more than 1024 MB; open it in Excel or WPS and save it as .xlsx or CSV" \
	    "$f.xls: says how much it would need, names the fix"
done
snapshot after.sql
same before.sql after.sql "database unchanged by the refusals"
# started with SIGCHLD ignored (as by some daemons), the child that reads
# a workbook first ends unseen: what it told through its pipe counts
run perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' \
    grid-import -n -t people "$GRID_TOP/tests/fixtures/workbooks/people.xls"
err_has "people.xls: 5 read" "SIGCHLD ignored: an .xls read"
run env ASAN_OPTIONS=allocator_may_return_null=1 \
    perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' \
    grid-import -t people "$GRID_TOP/tests/fuzz/regress/fuzz_xls/freexl-mini-stream-3gb.xls"
status 65 "SIGCHLD ignored: a damaged .xls refused"
err_has "reading it needs more than 1024 MB" "SIGCHLD ignored: why"
# the largest sheet an .xls holds (256 MB of cells in FreeXL) is within
# the child's limit: read, its person imported, the far cell a short row
run env ASAN_OPTIONS=allocator_may_return_null=1 \
    grid-import -t people "$GRID_TOP/tests/fixtures/workbooks/full-sheet.xls"
status 65 "the largest sheet: read (its far cell a row rejected)"
err_has "full-sheet.xls: 2 read, 1 inserted, 0 updated, 0 unchanged, 1 rejected" \
    "the largest sheet: both rows read"
