#!/bin/sh
# grid-import: values checked one by one and against each other.  Each
# case imports a file with one good person (line 2) and one bad row (line
# 3): the bad row alone is rejected, with the exact message, exit 65, and
# the good one is in.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"
HDR=$(head -1 people.csv)
seq=100

# person ID NAME SEX BIRTH [HOUSE [GRID]]: a people row without household.
person() {
	printf '%s,%s,%s,%s,,,%s,%s,户籍人口,,汉族\n' "$1" "$2" "$3" "$4" \
	    "${5-H0010}" "${6-32050801801403}"
}

# one_bad FILE ROW MESSAGE WHAT [OPTION...]: FILE holds a new good person,
# then ROW; the import (with the OPTIONs) rejects ROW alone with the stderr
# line MESSAGE.
one_bad() {
	file=$1 row=$2 message=$3 what=$4
	shift 4
	seq=$((seq + 1))
	good=$(idno "32050819900101$seq")
	before=$(sql 'SELECT count(*) FROM people')
	{ echo "$HDR"; person "$good" 好人 "" ""; echo "$row"; } >"$file"
	run grid-import -t people "$@" "$file"
	status 65 "$what: rejected"
	err_line "grid-import: $message" "$what: message"
	err_has "$file: 2 read, 1 inserted, 0 updated, 0 unchanged, 1 rejected" \
	    "$what: summary"
	is "$(sql "SELECT count(*) FROM people WHERE id_number = '$good'")" 1 \
	    "$what: the good row is in"
	is "$(sql 'SELECT count(*) FROM people')" $((before + 1)) \
	    "$what: nothing else is in"
}

# masked FILE MESSAGE WHAT FULL [OPTION...]: FILE, imported (with the
# OPTIONs) without --reveal, is rejected with the stderr line MESSAGE, and
# FULL, the value that MESSAGE masks, is nowhere on standard error.
masked() {
	file=$1 message=$2 what=$3 full=$4
	shift 4
	run grid-import "$@" "$file"
	status 65 "$what, without --reveal: rejected"
	err_line "grid-import: $message" "$what, without --reveal: masked"
	ok "$what, without --reveal: '$full' not on standard error" \
	    sh -c '! grep -qF -- "$1" "$2"' sh "$full" "$T/err"
}

# ---- citizen ID numbers (GB 11643) ----
id=$(idno 32050819900101123)
is "$id" 320508199001011232 "the test's own check digits are right"
bad=320508199001011233
one_bad check.csv "$(person "$bad" 张三 男 1990-01-01)" \
    "check.csv:3: id_number: bad check digit '$bad'" "wrong check digit" \
    --reveal
is "$(sql "SELECT count(*) FROM people WHERE id_number = '$bad'")" 0 \
    "wrong check digit: not stored"

id=$(idno 32050819900230123)
one_bad feb30.csv "$(person "$id" 李四 男 "")" \
    "feb30.csv:3: id_number: impossible birth date '$id'" \
    "impossible birth date 1990-02-30" --reveal
id=$(idno 32050819891329123)
one_bad month13.csv "$(person "$id" 李四 男 "")" \
    "month13.csv:3: id_number: impossible birth date '$id'" \
    "impossible birth date, month 13" --reveal

id=$(idno 32050820260616123)
one_bad future.csv "$(person "$id" 王五 男 "")" \
    "future.csv:3: id_number: birth date in the future '$id'" \
    "birth date one day after GRID_NOW" --reveal
id=$(idno 32050820260615123)
run sh -c "{ echo '$HDR'; printf '%s\n' '$(person "$id" 今天 男 "")'; } \
    >today.csv && grid-import -t people today.csv"
status 0 "born on GRID_NOW's day: accepted"
is "$(sql "SELECT birth_date FROM people WHERE id_number = '$id'")" \
    2026-06-15 "born today: birth date from the ID number"

id=$(idno 32050819000101123)
one_bad old.csv "$(person "$id" 老人 男 "")" \
    "old.csv:3: birth_date: age 126 is out of range 0-120" "age over 120"

id=$(idno 32050819900101123)
one_bad sex.csv "$(person "$id" 赵六 女 "")" \
    "sex.csv:3: sex: 'F' disagrees with the ID number ('M')" \
    "sex disagrees with the ID number"
one_bad birth.csv "$(person "$id" 赵六 男 1990年1月2日)" \
    "birth.csv:3: birth_date: '1990-01-02' disagrees with the ID number ('1990-01-01')" \
    "birth date disagrees with the ID number"
one_bad docno.csv "$(person E12345678 护照 男 1990-01-01)" \
    "docno.csv:3: id_number: not a resident ID number 'E12345678' (give id_type for other documents)" \
    "a passport number without id_type" --reveal

# ---- personal numbers in messages: masked unless --reveal ----
# The files above imported again without --reveal: the good rows are
# unchanged, the bad ones rejected as before, their numbers masked.
masked check.csv \
    "check.csv:3: id_number: bad check digit '320508********1233'" \
    "wrong check digit" 320508199001011233 -t people
masked feb30.csv \
    "feb30.csv:3: id_number: impossible birth date '320508********1231'" \
    "impossible birth date" "$(idno 32050819900230123)" -t people
masked future.csv \
    "future.csv:3: id_number: birth date in the future '320508********1238'" \
    "birth date in the future" "$(idno 32050820260616123)" -t people
masked docno.csv \
    "docno.csv:3: id_number: not a resident ID number 'E1*****78' (give id_type for other documents)" \
    "a passport number, a quarter kept at each end" E12345678 -t people

id=$(idno 32050819900101128)
one_bad phone.csv "$id,孙八,男,,138001380001,,H0010,32050801801403,户籍人口,,汉族" \
    "phone.csv:3: phone: mobile number not 11 digits '138001380001'" \
    "a mobile number of 12 digits" --reveal
masked phone.csv \
    "phone.csv:3: phone: mobile number not 11 digits '138*****0001'" \
    "a mobile number of 12 digits" 138001380001 -t people

snapshot before.sql
printf '%s\n' id,address,grid_code,owner_id_number \
    H0070,东大街1号,32050801801401,320508197810016676 >owner.csv
run grid-import -t houses --reveal owner.csv
status 65 "a house owner's bad ID number: rejected"
err_line "grid-import: owner.csv:2: owner_id_number: bad check digit '320508197810016676'" \
    "a house owner's bad ID number, --reveal: the whole number"
masked owner.csv \
    "owner.csv:2: owner_id_number: bad check digit '320508********6676'" \
    "a house owner's bad ID number" 320508197810016676 -t houses
printf '%s\n' id,house_id,head_id_number \
    HH0070,H0010,320508196611025233 >head.csv
run grid-import -t households --reveal head.csv
status 65 "a household head's bad ID number: rejected"
err_line "grid-import: head.csv:2: head_id_number: bad check digit '320508196611025233'" \
    "a household head's bad ID number, --reveal: the whole number"
masked head.csv \
    "head.csv:2: head_id_number: bad check digit '320508********5233'" \
    "a household head's bad ID number" 320508196611025233 -t households
printf '%s\n' id_number,tag 320508199001011240,独居老人 >tag.csv
run grid-import -t person_tags --reveal tag.csv
status 65 "a tag of a person not in people: rejected"
err_line "grid-import: tag.csv:2: id_number: no such row in people: '320508199001011240'" \
    "a tag of an unknown person, --reveal: the whole number"
masked tag.csv \
    "tag.csv:2: id_number: no such row in people: '320508********1240'" \
    "a tag of an unknown person" 320508199001011240 -t person_tags
snapshot after.sql
same before.sql after.sql "rejected personal numbers: database unchanged"

# ---- references: grids, communities, houses, households ----
id=$(idno 32050819900101125)
one_bad grid.csv "$(person "$id" 钱七 男 "" H0010 32050801801499)" \
    "grid.csv:3: grid_code: no such row in grids: '32050801801499'" \
    "a person in a grid not in grids"
one_bad house.csv "$(person "$id" 钱七 男 "" H9999)" \
    "house.csv:3: house_id: no such row in houses: 'H9999'" \
    "a person whose house is missing"
one_bad household.csv "$id,钱七,男,,,HH9999,H0010,32050801801403,户籍人口,子女,汉族" \
    "household.csv:3: household_id: no such row in households: 'HH9999'" \
    "a person whose household is missing"

snapshot before.sql
printf '%s\n' 'code,community_code,name,kind,area_m2' \
    '32050801801404,,察院场社区第4网格,unit,1000' \
    '32050801810001,,不存在社区第1网格,unit,1000' \
    '32050801801405,320508018019,错社区,unit,1000' >grids2.csv
run grid-import -t grids grids2.csv
status 65 "grids of an unknown community: rejected"
err_line "grid-import: grids2.csv:3: community_code: no community '320508018100' in regions" \
    "grid whose community is not in regions: message"
err_line "grid-import: grids2.csv:4: community_code: '320508018019' disagrees with the code (expected '320508018014')" \
    "grid whose community disagrees with its code: message"
is "$(sql "SELECT community_code FROM grids WHERE code = '32050801801404'")" \
    320508018014 "the good grid is in, community from its code"
is "$(sql "SELECT count(*) FROM grids")" 16 "only the good grid is in"

printf '%s\n' 'code,level,name,parent_code' '320508099,street,新街道,' \
    '320508097001,community,孤儿社区,' >regions2.csv
run grid-import -t regions regions2.csv
status 65 "a community whose street is missing: rejected"
err_line "grid-import: regions2.csv:3: parent_code: no street '320508097' in regions (import it first)" \
    "a community whose street is missing: message"
is "$(sql "SELECT parent_code FROM regions WHERE code = '320508099'")" \
    320508 "the street is in, parent from its code"
is "$(sql "SELECT count(*) FROM regions WHERE code = '320508097001'")" 0 \
    "the community is not"
printf '%s\n' 'code,level,name,parent_code' '320508098,street,新街道,' \
    '320508098001,community,新社区,' >regions3.csv
run grid-import -t regions regions3.csv
status 0 "street then its community in one file: both in"
is "$(sql "SELECT count(*) FROM regions WHERE parent_code = '320508098'")" 1 \
    "the community found its street, imported earlier in the same run"

# a city without districts (东莞市) stands in a district's place: no parent
# (another city: the database's jurisdiction, 320508 since the sample's
# regions, is taken away first; its regions then keep it empty)
run grid-import --set division_code= --force
status 0 "the jurisdiction taken away"
printf '%s\n' 'code,level,name,parent_code' '441900,,东莞市,' \
    '441900003,,东城街道,' '441900003001,,主山社区居委会,' >dongguan.csv
run grid-import -t regions dongguan.csv
status 0 "a city without districts, a street and a community of it: accepted"
is "$(sql "SELECT group_concat(r, ' ') FROM (SELECT code || ':' || level || ':' || quote(parent_code) AS r FROM regions WHERE code LIKE '4419%' ORDER BY code)")" \
    "441900:district:NULL 441900003:street:'441900' 441900003001:community:'441900003'" \
    "a city without districts: a district without a parent code, its street under it"
printf '%s\n' code,name 44190000300101,主山社区第1网格 >dongguan-grids.csv
run grid-import -t grids dongguan-grids.csv
status 0 "a grid of a community of a city without districts: accepted"
is "$(sql "SELECT community_code FROM grids WHERE code = '44190000300101'")" \
    441900003001 "the grid's community derived from its code"

# ---- normalisation ----
full=３２０５０８１９９００１０１１２５９
run sh -c "{ echo '$HDR'; printf '%s\n' '$(person "$full" 全角 男 "")'; } \
    >full.csv && grid-import -t people full.csv"
status 0 "full-width digits in an ID number: accepted"
is "$(sql "SELECT id_number || ' ' || sex || ' ' || birth_date FROM people WHERE name = '全角'")" \
    "320508199001011259 M 1990-01-01" "full-width digits folded to half-width"

run sh -c "{ echo '$HDR'; printf '%s\n' '$(person 320508900101127 旧号 男 1990-01-01)'; } \
    >old15.csv && grid-import -t people old15.csv"
status 0 "15-digit ID number: accepted"
is "$(sql "SELECT id_number FROM people WHERE name = '旧号'")" \
    "$(idno 32050819900101127)" "15-digit ID number upgraded to 18 digits"
is "$(sql "SELECT count(*) FROM people WHERE id_number = '320508900101127'")" \
    0 "the 15-digit form is not stored"

run sh -c "{ echo '$HDR'; printf '%s\n' '$(person 11010519491231002x 小写 女 "")'; } \
    >lowerx.csv && grid-import -t people lowerx.csv"
status 0 "lower-case x check character: accepted"
is "$(sql "SELECT id_number || ' ' || birth_date FROM people WHERE name = '小写'")" \
    "11010519491231002X 1949-12-31" "lower-case x stored as X"

printf '%s,证件类型\n' "$HDR" >permit.csv
printf '%s,台湾居民来往大陆通行证\n' \
    "$(person 12345678 台胞 男 1990-01-01 H0010)" >>permit.csv
run grid-import -t people permit.csv
status 0 "a Taiwan permit of 8 digits with its id_type: accepted"
is "$(sql "SELECT id_type || ' ' || birth_date FROM people WHERE id_number = '12345678'")" \
    "taiwan_permit 1990-01-01" "document type and birth date kept"

printf '%s,证件类型\n' "$HDR" >permit2.csv
printf '%s,护照\n' "$(person E12345678 未来 男 2030-01-01 H0010)" >>permit2.csv
run grid-import -t people permit2.csv
status 65 "a passport holder born in the future: rejected"
err_line "grid-import: permit2.csv:2: birth_date: date in the future '2030-01-01'" \
    "a birth date in the future, not from an ID number: message"

# ---- column names: Chinese aliases, --map, unknown columns ----
printf '%s\n' '部门代码,部门名称,负责人' 'D06,信访办,张主任' >depts-zh.csv
run grid-import -t departments depts-zh.csv
status 0 "Chinese header aliases"
is "$(sql "SELECT name || ' ' || attrs FROM departments WHERE code = 'D06'")" \
    '信访办 {"负责人":"张主任"}' "aliases mapped, the unknown column in attrs"

# a name one bit away from an alias (称 E7 A7 B0, 秐 E7 A7 90) is not it
printf 'code,部门名\347\247\220\nD07,七部\n' >depts-near.csv
run grid-import -t departments depts-near.csv
status 65 "a column name one byte off an alias is not the alias"
err_line "grid-import: depts-near.csv:2: name: missing (required for a new row)" \
    "near-alias column: name missing"

printf '%s\n' 'Dept Code (部门!),名称 x,"a,b"' 'D08,八部,z' >depts-odd.csv
run grid-import -t departments --map 'code=Dept Code (部门!)' \
    --map 'name=名称 x' depts-odd.csv
status 0 "--map with odd column names"
is "$(sql "SELECT name || ' ' || attrs FROM departments WHERE code = 'D08'")" \
    '八部 {"a,b":"z"}' "--map fields taken from the named columns"

snapshot before.sql
run grid-import -t departments --map 'name=Nosuch' depts-odd.csv
status 65 "--map naming a column the file lacks"
err_line "grid-import: depts-odd.csv:1: --map 'name=Nosuch': no column 'Nosuch' in the header" \
    "--map column missing: message"
snapshot after.sql
same before.sql after.sql "--map column missing: database unchanged"

# ---- what Excel does to long numbers, named for what it is ----
load_district >/dev/null 2>&1
printf '%s\n' 'id_number,name,sex,birth_date,phone' \
    "3.20508E+17,甲,男,1966-11-02,13713900768" \
    "320508196611025000,乙,男,1966-11-02," \
    "'320508196611025232,丙,男,1966-11-02,'13713900768" \
    '"=""11010519491231002X""",丁,女,1949-12-31,"=""13812345678"""' \
    "110105194912310021,戊,男,1949-12-31,1.38123E+10" >excel.csv
run grid-import -t people --reveal excel.csv
status 65 "numbers Excel damaged: rejected"
err_line "grid-import: excel.csv:2: id_number: Excel turned this into a number and its digits are lost '3.20508E+17': format the column as text and export again" \
    "scientific notation in an ID column: what Excel did, and the fix"
err_line "grid-import: excel.csv:3: id_number: bad check digit, and the last three digits are 000: Excel keeps only 15 digits of a number (format the column as text and export again) '320508196611025000'" \
    "an ID ending in 000 with a bad check digit: Excel's 15 digits"
err_line "grid-import: excel.csv:6: phone: Excel turned this into a number and its digits are lost '1.38123E+10': format the column as text and export again" \
    "scientific notation in a phone column"
is "$(sql "SELECT name || ' ' || coalesce(phone, '') FROM people WHERE id_number = '320508196611025232'")" \
    "丙 13713900768" "a leading apostrophe is Excel's text mark: unwrapped"
is "$(sql "SELECT name || ' ' || coalesce(phone, '') FROM people WHERE id_number = '11010519491231002X'")" \
    "丁 13812345678" "=\"...\" is unwrapped"
run grid-import -t people excel.csv
err_has "id_number: Excel turned this into a number and its digits are lost '3.*******17'" \
    "masked without --reveal"
