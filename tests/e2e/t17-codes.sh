#!/bin/sh
# grid-import: codes that cannot exist.  Division and grid codes begin
# with a province of GB/T 2260 and have a prefecture 00 only under a
# county 00; resident ID numbers begin with a province or a residence
# permit series (81, 82, 83).  Each refused row is named with its file,
# line, field and the rule, the run exits 65, the refused rows are not
# in the database and the good rows are.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"

# rows_in TABLE COLUMN VALUE...: how many of the values are in the table.
rows_in() {
	table=$1 column=$2
	shift 2
	list=$(printf "'%s'," "$@")
	sql "SELECT count(*) FROM $table WHERE $column IN (${list%,})"
}

# ---- division codes ----
# Codes of every province: in a database without a jurisdiction (the
# sample's regions made it 320508; its regions then keep it empty).
run grid-import --set division_code= --force
status 0 "the jurisdiction taken away"
before=$(sql 'SELECT count(*) FROM regions')
printf '%s\n' 'code,level,name,parent_code' \
    '429004,,仙桃市,' \
    '990101,,无此省,' \
    '429004001,,沙嘴街道,' \
    '110001,,无此地级,' \
    '830000,,台湾居民居住证,' \
    '160101001,,无此省街道,' \
    '110001001001,,无此地级社区,' \
    '469001,,五指山市,' \
    '110101,,东城区,' \
    '100101,,无此省,' >regions-bad.csv
run grid-import -t regions regions-bad.csv
status 65 "regions of no province or prefecture 00: rejected"
err_line "grid-import: regions-bad.csv:3: code: no such province 99 (GB/T 2260) in code '990101'" \
    "province 99: located message naming the rule"
err_line "grid-import: regions-bad.csv:5: code: prefecture 00 under county 01 in code '110001'" \
    "prefecture 00 under county 01: located message naming the rule"
err_line "grid-import: regions-bad.csv:6: code: no such province 83 (GB/T 2260) in code '830000'" \
    "83, a residence permit series, is no division: message"
err_line "grid-import: regions-bad.csv:7: code: no such province 16 (GB/T 2260) in code '160101001'" \
    "a street of province 16: message"
err_line "grid-import: regions-bad.csv:8: code: prefecture 00 under county 01 in code '110001001001'" \
    "a community under prefecture 00: message"
err_line "grid-import: regions-bad.csv:11: code: no such province 10 (GB/T 2260) in code '100101'" \
    "province 10: message"
err_has "regions-bad.csv: 10 read, 4 inserted, 0 updated, 0 unchanged, 6 rejected" \
    "regions: summary"
is "$(rows_in regions code 429004 429004001 469001 110101)" 4 \
    "the real codes are in (prefecture 90 of 仙桃市, 五指山市; 东城区)"
is "$(sql "SELECT parent_code FROM regions WHERE code = '429004001'")" \
    429004 "a street of 仙桃市 under it"
is "$(rows_in regions code 990101 110001 830000 160101001 110001001001 \
    100101)" 0 "the refused codes are not in"
is "$(sql 'SELECT count(*) FROM regions')" $((before + 4)) \
    "nothing else is in"
run grid-import -t regions --reject regions-rej.csv regions-bad.csv
status 65 "regions imported again: the same rows rejected"
is "$(cut -d, -f1,2 regions-rej.csv | tr '\n' ' ')" \
    "line,error_code 3,invalid_value 5,invalid_value 6,invalid_value 7,invalid_value 8,invalid_value 11,invalid_value " \
    "the reject file has the refused rows, by line"

printf '%s\n' 'code,level,name,parent_code' '990101,,无此省,' \
    '320001,,无此地级,' >regions-all-bad.csv
snapshot before.sql
run grid-import -t regions regions-all-bad.csv
status 65 "only refused regions: rejected"
err_lines 3 "two messages and the summary"
snapshot after.sql
same before.sql after.sql "only refused regions: database unchanged"

printf '%s\n' 'code,level,name,parent_code' \
    '320508018,street,平江街道,990101' >parent-bad.csv
run grid-import -t regions parent-bad.csv
status 65 "a parent code of no province: rejected"
err_line "grid-import: parent-bad.csv:2: parent_code: no such province 99 (GB/T 2260) in code '990101'" \
    "the parent code's field named"
snapshot after.sql
same before.sql after.sql "a bad parent code: database unchanged"

# ---- grid codes ----
printf '%s\n' 'code,community_code,name,kind,area_m2' \
    '32050801801404,,察院场社区第4网格,unit,1000' \
    '99050801801401,,无此省网格,unit,1000' \
    '32000101801401,,无此地级网格,unit,1000' \
    '32050801801405,990508018014,社区无此省,unit,1000' >grids-bad.csv
run grid-import -t grids grids-bad.csv
status 65 "grids of no province or prefecture 00: rejected"
err_line "grid-import: grids-bad.csv:3: code: no such province 99 (GB/T 2260) in code '99050801801401'" \
    "grid of province 99: message"
err_line "grid-import: grids-bad.csv:4: code: prefecture 00 under county 01 in code '32000101801401'" \
    "grid under prefecture 00: message"
err_line "grid-import: grids-bad.csv:5: community_code: no such province 99 (GB/T 2260) in code '990508018014'" \
    "community code of province 99: message"
is "$(rows_in grids code 32050801801404)" 1 "the good grid is in"
is "$(rows_in grids code 99050801801401 32000101801401 32050801801405)" 0 \
    "the refused grids are not"

# ---- ID numbers ----
HDR=$(head -1 people.csv)
# person ID NAME: a people row in grid 32050801801403, house H0010.
person() {
	printf '%s,%s,,,,,H0010,32050801801403,户籍人口,,汉族\n' "$1" "$2"
}
hk=$(idno 81000019900101123)
mo=$(idno 82000019850505124)
tw=$(idno 83000019700707125)
xt=$(idno 42900419880808126)
p99=$(idno 99050819900101127)
p16=$(idno 16050819900101128)
p83=$(idno 83050819900101129)
p00=$(idno 00000019900101121)
{
	echo "$HDR"
	person "$hk" 香港居民
	person "$p99" 无此省
	person "$mo" 澳门居民
	person "$tw" 台湾居民
	person "$p16" 无此省十六
	person 320508900101131 旧号
	person 990508900101131 旧号无此省
	person "$p83" 八三非居住证
	person "$xt" 仙桃人
	person "$p00" 零零
	printf '%s,%s,,,,,H0010,99050801801403,户籍人口,,汉族\n' \
	    "$(idno 32050819900101133)" 网格无此省
} >ids.csv
before=$(sql 'SELECT count(*) FROM people')
run grid-import -t people --reveal ids.csv
status 65 "ID numbers of no province: rejected"
err_line "grid-import: ids.csv:3: id_number: no such province 99 (GB/T 2260) in '$p99'" \
    "province 99: located message naming the rule"
err_line "grid-import: ids.csv:6: id_number: no such province 16 (GB/T 2260) in '$p16'" \
    "province 16: message"
err_line "grid-import: ids.csv:8: id_number: no such province 99 (GB/T 2260) in '990508900101131'" \
    "a 15-digit number of province 99: message, the number as given"
err_line "grid-import: ids.csv:9: id_number: no such province 83 (GB/T 2260) in '$p83'" \
    "83 other than 830000 is no residence permit: message"
err_line "grid-import: ids.csv:11: id_number: no such province 00 (GB/T 2260) in '$p00'" \
    "province 00: message"
err_line "grid-import: ids.csv:12: grid_code: no such province 99 (GB/T 2260) in code '99050801801403'" \
    "a person's grid code of province 99: message"
err_has "ids.csv: 11 read, 5 inserted, 0 updated, 0 unchanged, 6 rejected" \
    "ID numbers: summary"
is "$(rows_in people id_number "$hk" "$mo" "$tw" "$xt" \
    "$(idno 32050819900101131)")" 5 \
    "residence permits 81, 82, 83, 仙桃 and the upgraded 15 digits are in"
is "$(sql "SELECT birth_date || ' ' || sex FROM people WHERE id_number = '$tw'")" \
    "1970-07-07 M" "a Taiwan resident's permit: birth date and sex derived"
is "$(rows_in people id_number "$p99" "$p16" "$p83" "$p00" \
    990508900101131 "$(idno 99050819900101131)" \
    "$(idno 32050819900101133)")" 0 "the refused numbers are not in"
is "$(sql 'SELECT count(*) FROM people')" $((before + 5)) \
    "nothing else is in"

# the same file again, without --reveal: the numbers masked
sed -n '1p;3p' ids.csv >ids-masked.csv
run grid-import -t people ids-masked.csv
status 65 "province 99, without --reveal: rejected"
err_line "grid-import: ids-masked.csv:2: id_number: no such province 99 (GB/T 2260) in '990508********$(echo "$p99" | cut -c15-)'" \
    "province 99, without --reveal: the number masked, its province seen"
ok "province 99, without --reveal: the whole number not on standard error" \
    sh -c '! grep -qF -- "$1" "$2"' sh "$p99" "$T/err"

# the other fields of ID numbers: house owners, household heads, tags
snapshot before.sql
printf '%s\n' id,address,grid_code,owner_id_number \
    "H0071,东大街2号,32050801801401,$p16" >owner.csv
run grid-import -t houses --reveal owner.csv
status 65 "a house owner of province 16: rejected"
err_line "grid-import: owner.csv:2: owner_id_number: no such province 16 (GB/T 2260) in '$p16'" \
    "a house owner of province 16: message"
printf '%s\n' id,house_id,head_id_number "HH0071,H0010,$p99" >head.csv
run grid-import -t households head.csv
status 65 "a household head of province 99: rejected"
err_line "grid-import: head.csv:2: head_id_number: no such province 99 (GB/T 2260) in '990508********$(echo "$p99" | cut -c15-)'" \
    "a household head of province 99: message, masked"
printf '%s\n' id_number,tag "$p99,独居老人" >tag.csv
run grid-import -t person_tags --reveal tag.csv
status 65 "a tag of province 99: rejected"
err_line "grid-import: tag.csv:2: id_number: no such province 99 (GB/T 2260) in '$p99'" \
    "a tag of province 99: message"
snapshot after.sql
same before.sql after.sql "refused owners, heads and tags: database unchanged"

# ---- unified social credit codes: the division part is not checked ----
printf '%s\n' uscc,name 11100000000013127D,中央机关 >orgs-national.csv
run grid-import -t orgs orgs-national.csv
status 0 "a USCC whose division part is 100000: accepted"
is "$(rows_in orgs uscc 11100000000013127D)" 1 "the organisation is in"

# ---- NDJSON: the same rules, located by line ----
printf '%s\n' '{"code": "310115", "name": "浦东新区"}' \
    '{"code": "550101", "name": "无此省"}' >regions.ndjson
run grid-import -t regions regions.ndjson
status 65 "NDJSON: a region of province 55 rejected"
err_line "grid-import: regions.ndjson:2: code: no such province 55 (GB/T 2260) in code '550101'" \
    "NDJSON: located message naming the rule"
is "$(rows_in regions code 310115 550101)" 1 "NDJSON: the good region alone is in"

# ---- the foreign permanent residence ID card of 2023: 18 digits from 9 ----
printf '%s\n' 'id_number,id_type,name,sex,birth_date' \
    '932440199001011234,foreign_permit,Anna Schmidt,F,1990-01-01' \
    >people-foreign.csv
run grid-import -t people people-foreign.csv
status 0 "a foreign permanent resident in people"
printf '%s\n' 'id_number,tag' '932440199001011234,elderly_alone' \
    >tags-foreign.csv
run grid-import -t person_tags tags-foreign.csv
status 0 "the card's number is no resident ID number where there is no id_type"
is "$(sql "SELECT count(*) FROM person_tags WHERE id_number = '932440199001011234'")" \
    1 "the tag is in"
