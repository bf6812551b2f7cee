#!/bin/sh
# Faithful CSV (RFC 4180): every field is read as the RFC says, a CR LF
# inside quotes kept.  grid-import stores values trimmed, but its reject
# files give the cells byte for byte as they were read, as does
# grid-assign locate in every format and on both of its paths (rows
# written as read, rows written by the writer).  Every line number is the
# physical line a record starts on, whatever empty lines or lines of
# blanks came before it.  CSV written out quotes every field that holds
# the delimiter, a quote, CR or LF.
. "$(dirname "$0")/lib.sh"

CR=$(printf '\r')
TAB=$(printf '\t')
NL='
'

# lf LINE...: the lines, each ended by LF.  crlf LINE...: by CR LF.  A
# quoted field that goes on on the next argument holds that line end.
lf() {
	printf '%s\n' "$@"
}
crlf() {
	printf '%s\r\n' "$@"
}

# hex TEXT: TEXT's bytes in upper-case hex, as sqlite3's hex() gives them.
hex() {
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}

# stored CODE TEXT DESCRIPTION: the department's name is exactly TEXT.
stored() {
	is "$(sql "SELECT hex(name) FROM departments WHERE code = '$1'")" \
	    "$(hex "$2")" "$3"
}

# unchanged WHAT: the database is as before.sql holds it.
unchanged() {
	snapshot after.sql
	same before.sql after.sql "$1: database unchanged"
}

# The error columns of a row without a name, with delimiter $1.
missing() {
	printf 'missing_field%sname: missing (required for a new row)' "$1"
}
M=$(missing ,)

# ---- grid-import: the rules of RFC 4180 section 2, values stored --------
# 2.1 records end in CR LF; 2.2 the last may go without; 2.4 blanks are
# part of a field (its value goes without them); 2.5 and 2.6 quotes
# enclose a field that holds a line break (CR LF or LF), a comma or a
# quote; 2.7 a quote inside quotes is written twice.
{
	crlf code,name,note 'D01,"a' 'b",' "D02,\"p${NL}q\"," \
	    'D03,"say ""hi""",' 'D04,"x,y",' 'D05,  padded  , n ' \
	    'D06," quoted pad ",' "D07,x${CR}y,"
	printf 'D08,last,no line end'
} >rfc.csv
run grid-import -t departments rfc.csv
status 0 "RFC 4180 rules: every row in"
err_has "rfc.csv: 8 read, 8 inserted, 0 updated, 0 unchanged, 0 rejected" \
    "RFC 4180 rules: 8 records in 10 lines"
stored D01 "a${CR}${NL}b" "2.6: a CR LF inside quotes stored as CR LF"
stored D02 "p${NL}q" "2.6: an LF inside quotes in a CR LF file stays LF"
stored D03 'say "hi"' "2.7: a quote written twice is one"
stored D04 'x,y' "2.6: a comma inside quotes"
stored D05 'padded' "2.4: the value of a padded field is trimmed"
stored D06 'quoted pad' "a quoted value is trimmed too, as documented"
stored D07 "x${CR}y" "a CR inside a line is data"
stored D08 'last' "2.2: the last record without a line end"
is "$(sql "SELECT attrs FROM departments WHERE code = 'D05'")" \
    '{"note":"n"}' "attrs: values trimmed"

# Other delimiters: tab, semicolon, vertical bar.
lf "code${TAB}name" " D11 ${TAB} tab name " "D12${TAB}\"t${TAB}q\"" >tab.csv
crlf 'code;name' 'D13;"s;' 't"' 'D14; x ' >semi.csv
lf 'code|name' 'D15|"p|q"' 'D16| y ' >pipe.csv
run grid-import -t departments tab.csv semi.csv pipe.csv
status 0 "tab, semicolon and vertical bar files"
is "$(sql "SELECT count(*) FROM departments WHERE code = 'D11'")" 1 \
    "tab: the key trimmed"
stored D11 'tab name' "tab: a value trimmed of spaces"
stored D12 "t${TAB}q" "tab: a tab inside quotes"
stored D13 "s;${CR}${NL}t" "semicolon: a delimiter and a CR LF inside quotes"
stored D14 'x' "semicolon: a value trimmed"
stored D15 'p|q' "vertical bar: the delimiter inside quotes"
stored D16 'y' "vertical bar: a value trimmed"

# ---- empty lines and lines of blanks: skipped, counted ---------------------
# A line of blanks is a record of one blank field: no value, so skipped
# like a row of empty fields; it counts as a line all the same.
lf code,name,note '   ' D21,ok, "$TAB" 'D22,,keep me' '' 'D23,"two' 'lines",' \
    " $TAB " 'D24, , x' ' , ,' D25,ok2, >blank.csv
run grid-import -t departments --reject blank-rej.csv blank.csv
status 65 "blank lines: two bad rows"
err_line "grid-import: blank.csv:5: name: missing (required for a new row)" \
    "after a line of blanks: the row's own line"
err_line "grid-import: blank.csv:10: name: missing (required for a new row)" \
    "after blank lines and a record of two lines: the row's own line"
err_has "blank.csv: 5 read, 3 inserted, 0 updated, 0 unchanged, 2 rejected" \
    "lines of blanks and rows of blank fields are not records"
lf line,error_code,error,code,name,note "5,$M,D22,,keep me" \
    "10,$M,D24,\" \",\" x\"" >want.csv
same want.csv blank-rej.csv \
    "blank lines: reject file rows numbered by their lines, cells as read"
stored D23 "two${NL}lines" "blank lines: the record of two lines stored"

tr -d '\r' <blank.csv | sed 's/$/\r/' >blank-crlf.csv
sql "DELETE FROM departments WHERE code > 'D20'"
run grid-import -t departments --reject blank-crlf-rej.csv blank-crlf.csv
status 65 "blank lines, CR LF: two bad rows"
err_line "grid-import: blank-crlf.csv:5: name: missing (required for a new row)" \
    "CR LF, after a line of blanks: the row's own line"
err_line "grid-import: blank-crlf.csv:10: name: missing (required for a new row)" \
    "CR LF, after a record of two lines: the row's own line"
sed 's/$/\r/' want.csv >want-crlf.csv
same want-crlf.csv blank-crlf-rej.csv "blank lines, CR LF: the reject file"
stored D23 "two${CR}${NL}lines" "CR LF: the record of two lines keeps its CR LF"

# ---- reject files: every cell as it was read -------------------------------
crlf code,name,note ' D31 ,,"multi' 'line"' 'D32,,"say ""x"" "' \
    "D33,,a${CR}b" '  ' D34,n,a,b 'D35,, c ' >rej.csv
snapshot before.sql
run grid-import -t departments --reject rej-out.csv rej.csv
status 65 "reject file: every row bad"
err_line "grid-import: rej.csv:7: 4 fields where the header has 3" \
    "a wide row after a line of blanks: its own line"
crlf line,error_code,error,code,name,note "2,$M,\" D31 \",,\"multi" 'line"' \
    "4,$M,D32,,\"say \"\"x\"\" \"" "5,$M,D33,,\"a${CR}b\"" \
    '7,malformed_row,4 fields where the header has 3,D34,n,a,b' \
    "8,$M,D35,,\" c \"" >want.csv
same want.csv rej-out.csv \
    "reject file: blanks, CR LF inside quotes, a bare CR, quotes: as read"
unchanged "reject file: no row in"
run grid-import -t departments --reject rej-again.csv rej-out.csv
status 65 "the reject file imported again, unfixed"
sed -e 's/^7,malformed/6,malformed/' -e 's/^8,missing/7,missing/' want.csv \
    >want-again.csv
same want-again.csv rej-again.csv \
    "the reject file imported again: the same cells, its own line numbers"

lf "code${TAB}name${TAB}note" " D41 ${TAB}${TAB}\"x${TAB}y\"" >rej-tab.csv
run grid-import -t departments --reject rej-tab-out.csv rej-tab.csv
lf "line${TAB}error_code${TAB}error${TAB}code${TAB}name${TAB}note" \
    "2${TAB}$(missing "$TAB")${TAB}\" D41 \"${TAB}${TAB}\"x${TAB}y\"" \
    >want.csv
same want.csv rej-tab-out.csv "tab reject file: blanks kept, a tab quoted"
lf 'code;name;note' 'D42;; a b ' 'D43;;"c;' 'd"' >rej-semi.csv
run grid-import -t departments --reject rej-semi-out.csv rej-semi.csv
lf 'line;error_code;error;code;name;note' "2;$(missing ';');D42;;\" a b \"" \
    "3;$(missing ';');D43;;\"c;" 'd"' >want.csv
same want.csv rej-semi-out.csv \
    "semicolon reject file: blanks and a line break kept, quoted"
crlf 'code|name|note|more' "D44|| x${CR}|m" "D45|||y${CR}" >rej-pipe.csv
run grid-import -t departments --reject rej-pipe-out.csv rej-pipe.csv
crlf 'line|error_code|error|code|name|note|more' \
    "2|$(missing '|')|D44||\" x${CR}\"|m" \
    "3|$(missing '|')|D45|||\"y${CR}\"" >want.csv
same want.csv rej-pipe-out.csv \
    "vertical bar reject file: a CR before a delimiter or line end kept"

# ---- CSV that cannot be read on: located, nothing written --------------------
snapshot before.sql
lf code,name '  ' 'D51,a"b' >stray.csv
run grid-import -t departments stray.csv
status 65 "a quote inside an unquoted field: fatal"
err_line "grid-import: stray.csv:3: name: malformed CSV: a quote inside an unquoted field (quote the whole field and write its quotes twice)" \
    "a stray quote: the line, the column, what to do"
unchanged "a stray quote"
lf code,name D52,ok 'D53,"x' 'y"z' D54,ok >after.csv
run grid-import -t departments after.csv
status 65 "text after a closing quote: fatal"
err_line "grid-import: after.csv:3: name: malformed CSV: text after the closing quote of a field (a quote inside a quoted field is written twice) (on line 4)" \
    "text after a closing quote: the record's line, then the error's"
unchanged "text after a closing quote"
crlf code,name ' ' "$TAB" 'D55,"open' D56,x >open.csv
run grid-import -t departments open.csv
status 65 "an unterminated quote after lines of blanks: fatal"
err_line "grid-import: open.csv:4: unterminated quoted field starting on this line" \
    "an unterminated quote: the line it starts on"
unchanged "an unterminated quote"

# ---- grid-assign locate --------------------------------------------------------
grid-import -q regions.csv grids.csv 2>/dev/null
cat >layout.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "32050801801401"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}
]}
JSON
run grid-assign boundaries layout.geojson
status 0 "a grid with a polygon"
G=32050801801401,320508018014,320508018
J='"grid_code":"32050801801401","community_code":"320508018014","street_code":"320508018"}'
J0='"grid_code":"","community_code":"","street_code":""}'

# Rows 1, 4, 5 and 6 are written as read (one line, commas in and out);
# row 2 spans two lines and row 3 holds a CR: the writer writes them,
# quoting what must be (blanks at an end too).  The cells are the same.
lf id,name,note,x,y '1, a , b ,5,5' '2, a ,"b' 'c",5,5' "3, a ,b${CR}c,5,5" \
    '4,"q""q", "z" ,5,5' '   ' '5, a , b , 5 ,60' '6,,,"  ",5' >points.csv
run grid-assign locate points.csv
status 65 "locate: a record without a usable point"
lf id,name,note,x,y,grid_code,community_code,street_code "1, a , b ,5,5,$G" \
    '2," a ","b' "c\",5,5,$G" "3,\" a \",\"b${CR}c\",5,5,$G" \
    "4,\"q\"\"q\", \"z\" ,5,5,$G" '5, a , b , 5 ,60,,,' '6,,,"  ",5,,,' \
    >want.csv
same want.csv out "locate csv: the cells as read on both paths, a CR quoted"
err_has "points.csv:9: x: no coordinate; passed through without a grid" \
    "locate: a blank coordinate after a line of blanks, its own line"
err_has "points.csv: 6 records, 4 in a grid, 1 in none, 1 without usable coordinates" \
    "locate: padded coordinates read, the blank one not"
cp out located.csv
lf "{\"id\":\"1\",\"name\":\" a \",\"note\":\" b \",\"x\":\"5\",\"y\":\"5\",$J" \
    "{\"id\":\"2\",\"name\":\" a \",\"note\":\"b\\nc\",\"x\":\"5\",\"y\":\"5\",$J" \
    "{\"id\":\"3\",\"name\":\" a \",\"note\":\"b\\rc\",\"x\":\"5\",\"y\":\"5\",$J" \
    "{\"id\":\"4\",\"name\":\"q\\\"q\",\"note\":\"z\",\"x\":\"5\",\"y\":\"5\",$J" \
    "{\"id\":\"5\",\"name\":\" a \",\"note\":\" b \",\"x\":\" 5 \",\"y\":\"60\",$J0" \
    "{\"id\":\"6\",\"name\":\"\",\"note\":\"\",\"x\":\"  \",\"y\":\"5\",$J0" \
    >want.ndjson
run grid-assign locate -f ndjson points.csv
same want.ndjson out "locate -f ndjson: every cell as read, blanks and all"
run grid-assign locate -f ndjson located.csv
same want.ndjson out \
    "locate's own csv output read again: the same cells (all by the writer)"

# CR LF: output lines end in CR LF, as the input's; a CR LF inside quotes
# is kept.
tr -d '\r' <points.csv | sed -e 's/$/\r/' -e "s/^3, a ,bc/3, a ,b${CR}c/" \
    >points-crlf.csv
run grid-assign locate points-crlf.csv
status 65 "locate, CR LF"
is "$(sed -n 3,4p out | od -An -c | tr -s ' ' | tr -d '\n')" \
    "$(crlf "2,\" a \",\"b" "c\",5,5,$G" | od -An -c | tr -s ' ' |
    tr -d '\n')" \
    "locate csv, CR LF: the CR LF inside quotes kept, CR LF at the end"
is "$(sed -n 2p out)" "1, a , b ,5,5,$G$CR" \
    "locate csv, CR LF: a row written as read keeps its CR LF"
run grid-assign locate -f ndjson points-crlf.csv
out_has '{"id":"2","name":" a ","note":"b\r\nc","x":"5",' \
    "locate -f ndjson, CR LF: the CR LF inside quotes kept"

# Tab: TSV out.  Rows without a quote, CR or backslash are written as
# read; the others by the writer, which escapes a tab, line break or
# backslash as TSV does.  Blanks are kept either way.
lf "id${TAB}name${TAB}x${TAB}y" "1${TAB} a ${TAB}5${TAB}5" \
    "2${TAB}\"a${TAB}b\"${TAB}5${TAB}5" "3${TAB} c\\d ${TAB}5${TAB}5" \
    "4${TAB}\"x" "y\"${TAB}5${TAB}5" >points.tsv
run grid-assign locate points.tsv
status 0 "locate, tab"
G2=$(echo "$G" | tr , '\t')
lf "id${TAB}name${TAB}x${TAB}y${TAB}grid_code${TAB}community_code${TAB}street_code" \
    "1${TAB} a ${TAB}5${TAB}5${TAB}$G2" "2${TAB}a\\tb${TAB}5${TAB}5${TAB}$G2" \
    "3${TAB} c\\\\d ${TAB}5${TAB}5${TAB}$G2" \
    "4${TAB}x\\ny${TAB}5${TAB}5${TAB}$G2" >want.tsv
same want.tsv out "locate tsv: blanks kept on both paths, escapes as TSV"
run grid-assign locate -f ndjson points.tsv
is "$(cut -d, -f2 out | tr '\n' ' ')" \
    '"name":" a " "name":"a\tb" "name":" c\\d " "name":"x\ny" ' \
    "locate -f ndjson from tab: the cells as read"

# Semicolon and vertical bar: CSV with commas out, by the writer.
lf 'id;name;x;y' '1; a ;5;5' '2;"p;q";5;5' '3;"r,s";5;5' >points-semi.csv
run grid-assign locate points-semi.csv
status 0 "locate, semicolon"
lf id,name,x,y,grid_code,community_code,street_code "1,\" a \",5,5,$G" \
    "2,p;q,5,5,$G" "3,\"r,s\",5,5,$G" >want.csv
same want.csv out "locate, semicolon in: blanks kept (quoted), commas quoted"
lf 'id|name|x|y' '1| a |5|5' '2|"p|q"|5|5' >points-pipe.csv
run grid-assign locate -f ndjson points-pipe.csv
status 0 "locate, vertical bar"
is "$(cut -d, -f2 out | tr '\n' ' ')" '"name":" a " "name":"p|q" ' \
    "locate -f ndjson from vertical bars: the cells as read"

# Line numbers in locate's messages, after lines of blanks and a record
# of several lines.
lf id,x,y ' ' '1,"a' 'b",5' "$TAB" 2,5,5,9 3,,5 >lines.csv
run grid-assign locate lines.csv
status 65 "locate: bad records after lines of blanks"
err_has "lines.csv:3: x: not a number 'a?b'; passed through without a grid" \
    "locate: a record of two lines, its first"
err_has "lines.csv:6: 4 fields where the header has 3; written with the header's fields" \
    "locate: a wide row after a line of blanks"
err_has "lines.csv:7: x: no coordinate; passed through without a grid" \
    "locate: the last row's own line"
lf id,name,x,y 1,a,5,5 '' '2,a"b,5,5' 3,c,5,5 >stray-points.csv
run grid-assign locate stray-points.csv
status 65 "locate: a quote inside an unquoted field stops the run"
err_has "stray-points.csv:4: name: malformed CSV: a quote inside an unquoted field" \
    "locate: the malformed record's line and column"
lf id,name,x,y,grid_code,community_code,street_code "1,a,5,5,$G" >want.csv
same want.csv out "locate: the rows before it are written"
