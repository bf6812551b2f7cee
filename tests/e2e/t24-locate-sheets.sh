#!/bin/sh
# grid-assign locate speaks the sheet's language: the coordinate columns
# found by the names clerks give them (经度, 纬度, lon, lat, X坐标, with a
# template's marks), refused when several could be one or none is; CSV
# written back in the input's encoding, byte order mark and line ends
# (GB18030 and CR LF stay so; UTF-16 and workbooks come back as UTF-8
# with a BOM), NDJSON always in UTF-8; every row otherwise as it was.
. "$(dirname "$0")/lib.sh"

LOC=$FIX/locate
CR=$(printf '\r')
TAB=$(printf '\t')
BOM=$(printf '\357\273\277')
G1=32050801801401,320508018014,320508018
G2=32050801801402,320508018014,320508018
G3=32050801801403,320508018014,320508018
G4=32050801801901,320508018019,320508018

# crlf LINE...: the lines, each ended by CR LF (a quoted field that goes
# on on the next argument holds that line end).  lf LINE...: by LF.
crlf() {
	printf '%s\r\n' "$@"
}
lf() {
	printf '%s\n' "$@"
}
# utf8 FILE: the file is valid UTF-8.
utf8() {
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}
# first_bytes N FILE: its first N bytes in hex.
first_bytes() {
	head -c "$1" "$2" | od -An -tx1 | tr -d ' \n'
}
# has_cr FILE: some byte of it is a CR.
has_cr() {
	[ "$(tr -cd '\r' <"$1" | wc -c | tr -d ' ')" -gt 0 ]
}

load_district || exit 1
grid-assign boundaries -q "$DISTRICT/grids.geojson" || exit 1
snapshot before.sql

# ---- GB18030 with CR LF, 经度 and 纬度: GB18030 and CR LF out ----------------
run grid-assign locate "$LOC/events.gb18030.csv"
status 65 "GB18030 sheet: a row without 经度 still gives 65"
crlf 序号,事件描述,经度,纬度,上报人,grid_code,community_code,street_code \
    "1,井盖缺失,120.6185,31.3130,刘𠮷,$G1" '2,"路灯不亮' \
    "（夜间）\",120.6220,31.3130,王芳,$G2" "3, 占道经营 ,120.6250,31.3130,,$G3" \
    "4,垃圾堆放,120.6165,31.3200,张伟,$G4" "5,违章搭建,120.7000,31.4000,李娜,,," \
    "6,积水,,31.3130,赵敏,,," | iconv -f UTF-8 -t GB18030 >want.csv
same want.csv out "GB18030 sheet: GB18030 bytes and CR LF out, the grid added"
ok "GB18030 sheet: the output is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' sh out
is "$(first_bytes 4 out)" d0f2bac5 "GB18030 sheet: no byte order mark (序 in GB18030 first)"
is "$(grep -c "$CR\$" out)" 8 "GB18030 sheet: every line ends CR LF, the one inside quotes too"
is "$(od -An -tx1 out | tr -d ' \n' | grep -c 9534b235)" 1 \
    "GB18030 sheet: a four-byte character (𠮷) written back as it came"
if command -v file >/dev/null 2>&1; then
	is "$(file -b out)" "$(file -b "$LOC/events.gb18030.csv")" \
	    "GB18030 sheet: file(1) says of the output what it says of the input"
fi
sed "s/,[^,]*,[^,]*,[^,]*$CR\$/$CR/" out >rows.csv
same "$LOC/events.gb18030.csv" rows.csv \
    "GB18030 sheet: without the three columns, the input byte for byte"
err_line "grid-assign locate: $LOC/events.gb18030.csv:1: coordinates from the columns '经度' (x) and '纬度' (y)" \
    "GB18030 sheet: the columns chosen noted once"
err_line "grid-assign locate: $LOC/events.gb18030.csv:8: 经度: no coordinate; passed through without a grid" \
    "GB18030 sheet: a missing coordinate named by its column"
err_line "grid-assign locate: $LOC/events.gb18030.csv: 6 records, 4 in a grid, 1 in none, 1 without usable coordinates" \
    "GB18030 sheet: the summary"
err_lines 3 "GB18030 sheet: the note, the row, the summary"

run grid-assign locate -q "$LOC/events.gb18030.csv"
err_lines 1 "-q: no note, no summary, the row's message stays"

run grid-assign locate -f ndjson "$LOC/events.gb18030.csv"
status 65 "GB18030 sheet as NDJSON"
ok "NDJSON out of a GB18030 sheet is UTF-8" utf8 out
is "$(grep -c "$CR" out)" 0 "NDJSON out: LF line ends (the CR LF in a value escaped)"
out_has "{\"序号\":\"1\",\"事件描述\":\"井盖缺失\",\"经度\":\"120.6185\",\"纬度\":\"31.3130\",\"上报人\":\"刘𠮷\",\"grid_code\":\"32050801801401\"," \
    "NDJSON out: the sheet's keys and values in UTF-8"
out_has '"事件描述":"路灯不亮\r\n（夜间）"' "NDJSON out: the line break inside quotes kept"

# ---- UTF-8 with a BOM, a template's header: BOM kept, line ends kept -------
lf "${BOM}编号,*经度,纬度（必填）" 1,120.6185,31.3130 2,120.6220,31.3130 >bom.csv
run grid-assign locate bom.csv
status 0 "a UTF-8 sheet with a BOM, *经度 and 纬度（必填）"
is "$(first_bytes 3 out)" efbbbf "BOM sheet: the BOM written back"
ok "BOM sheet: LF in, LF out" sh -c '! grep -q "$1" "$2"' sh "$CR" out
is "$(sed -n 2,3p out)" "$(lf "1,120.6185,31.3130,$G1" "2,120.6220,31.3130,$G2")" \
    "BOM sheet: the rows as they were, the grid added"
err_line "grid-assign locate: bom.csv:1: coordinates from the columns '*经度' (x) and '纬度(必填)' (y)" \
    "BOM sheet: *经度 and 纬度（必填） recognised"

crlf "${BOM}id,Longitude,LAT" 1,120.6250,31.3130 >bom-crlf.csv
run grid-assign locate bom-crlf.csv
status 0 "BOM and CR LF, names in any case"
crlf "${BOM}id,Longitude,LAT,grid_code,community_code,street_code" \
    "1,120.6250,31.3130,$G3" >want.csv
same want.csv out "BOM and CR LF in, BOM and CR LF out"

crlf 'X坐标,Y坐标,备注' '120.6165,31.3200,东 门' >xy.csv
run grid-assign locate xy.csv
status 0 "X坐标 and Y坐标, UTF-8 without a BOM, CR LF"
crlf 'X坐标,Y坐标,备注,grid_code,community_code,street_code' \
    "120.6165,31.3200,东 门,$G4" >want.csv
same want.csv out "UTF-8 without a BOM stays so, CR LF kept"

# ---- columns that are not clear: refused, nothing written -------------------
lf 'id,lon,经度,lat' 1,120.6185,120.6185,31.3130 >amb.csv
run grid-assign locate amb.csv
status 65 "two columns could be x"
err_line "grid-assign locate: amb.csv:1: x: several columns could hold it: 'lon', '经度' (choose one with --x)" \
    "the columns that could be x named"
is "$(cat out)" "" "nothing written when the columns are not clear"
run grid-assign locate --x 经度 amb.csv
status 0 "--x chooses among them"
is "$(sed -n 2p out)" "1,120.6185,120.6185,31.3130,$G1" "--x 经度: the row located"

# x and y by their own names win over the other names, as before those
# were known: a sheet that had x, y and lon, lat is read as it was
lf 'id,lon,x,lat,y' 1,0,120.6185,0,31.3130 >xlon.csv
run grid-assign locate xlon.csv
status 0 "x and lon both there: x is x"
is "$(sed -n 2p out)" "1,0,120.6185,0,31.3130,$G1" "x, y used; lon, lat left as they are"

lf '*东经,北纬,东经 ' 1,2,3 >amb2.csv
run grid-assign locate amb2.csv
status 65 "a template's marks make two columns one name"
err_line "grid-assign locate: amb2.csv:1: x: several columns could hold it: '*东经', '东经' (choose one with --x)" \
    "the columns named as the header has them"

lf 'id,a,b' 1,2,3 >none.csv
run grid-assign locate none.csv
status 65 "no column could be x"
err_line "grid-assign locate: none.csv:1: x: no column named for it among 'id', 'a', 'b' (name it with --x, or call it x, lon, lng, longitude, 经度, 东经, X坐标, 横坐标)" \
    "the columns there and the names known"
is "$(cat out)" "" "nothing written without a coordinate column"
lf '经度,b' 1,2 >noy.csv
run grid-assign locate noy.csv
status 65 "no column could be y"
err_line "grid-assign locate: noy.csv:1: y: no column named for it among '经度', 'b' (name it with --y, or call it y, lat, latitude, 纬度, 北纬, Y坐标, 纵坐标)" \
    "y: the columns there and the names known"
run grid-assign locate --x 东经 --y b noy.csv
status 65 "--x naming a column that is not there"
err_line "grid-assign locate: noy.csv:1: 东经: no such column (name it with --x)" \
    "the column --x named"
run grid-assign locate --y b noy.csv
status 0 "--y alone: x still found by its name"
err_line "grid-assign locate: noy.csv:1: coordinates from the columns '经度' (x) and 'b' (y)" \
    "--y alone: the note names both"
snapshot after.sql
same before.sql after.sql "the database unchanged"

# ---- NDJSON: always UTF-8, keys found as columns are -----------------------
crlf '{"id":1,"经度":120.6185,"纬度":31.3130}' \
    '{"id":2,"lon":120.6185,"经度":120.6185,"lat":31.3130}' \
    '{"id":3,"x":120.6220,"y":31.3130}' |
    iconv -f UTF-8 -t GB18030 >events.ndjson
run grid-assign locate events.ndjson
status 65 "NDJSON in GB18030, one record with two keys for x"
ok "NDJSON out: UTF-8" utf8 out
ok "NDJSON out: LF" sh -c '! grep -q "$1" "$2"' sh "$CR" out
is "$(sed -n 1p out)" \
    "{\"id\":1,\"经度\":120.6185,\"纬度\":31.3130,\"grid_code\":\"32050801801401\",\"community_code\":\"320508018014\",\"street_code\":\"320508018\"}" \
    "NDJSON: 经度 and 纬度 used, the record as it was"
is "$(sed -n 2p out | grep -o '"grid_code":"[0-9]*"')" '"grid_code":""' \
    "NDJSON: the unclear record in no grid"
is "$(sed -n 3p out | grep -o '"grid_code":"[0-9]*"')" \
    '"grid_code":"32050801801402"' "NDJSON: x and y as ever"
err_line "grid-assign locate: events.ndjson:1: coordinates from the keys '经度' (x) and '纬度' (y)" \
    "NDJSON: the keys noted once"
err_line "grid-assign locate: events.ndjson:2: x: several keys could hold it: 'lon', '经度' (choose one with --x); passed through without a grid" \
    "NDJSON: the unclear record reported"

# ---- Excel's Unicode text (UTF-16, tab) and workbooks: UTF-8 with a BOM ------
crlf "序号${TAB}经度${TAB}纬度" "1${TAB}120.6185${TAB}31.3130" |
    iconv -f UTF-8 -t UTF-16 >unicode.txt
run grid-assign locate unicode.txt
status 0 "UTF-16 text"
G1T=$(echo "$G1" | tr , '\t')
crlf "${BOM}序号${TAB}经度${TAB}纬度${TAB}grid_code${TAB}community_code${TAB}street_code" \
    "1${TAB}120.6185${TAB}31.3130${TAB}$G1T" >want.tsv
same want.tsv out "UTF-16 in: UTF-8 with a BOM, tab-separated, CR LF out"

"$GRID_BUILD/tests/mkxlsx" people 2 people.xlsx
run grid-assign locate --x 联系电话 --y 联系电话 people.xlsx
status 0 "a workbook"
is "$(first_bytes 3 out)" efbbbf "workbook: UTF-8 with a BOM"
is "$(grep -c "$CR\$" out)" 3 "workbook: CR LF"
is "$(sed -n 2p out)" \
    "320508195001010004,居民0,女,1950-01-01,13800000000,流动人口,,,$CR" \
    "workbook: the cells as the sheet shows them, the codes added"
