#!/bin/sh
# A one-sheet census makes its households (grid-import --households): an
# .xlsx written by tests/tools/mkxlsx the way Excel writes it (title
# lines, relations as clerks type them, a birth date typed as a number)
# and a GB18030 CSV with title lines and a 户人数 column
# (tests/fixtures/census); households with two heads, none, or sizes that
# disagree refused with the lines to fix, their reject file imported again
# once fixed.  Relations typed in Chinese and as GB/T 4761 codes; Excel
# date serials in CSV date columns; tab-separated sheets with title
# lines.  Every bad input: its message, its exit status, the database
# unchanged.
. "$(dirname "$0")/lib.sh"

MKXLSX=$GRID_BUILD/tests/mkxlsx
CENSUS=$FIX/census/census.gb18030.csv
CR=$(printf '\r')

# the places the sheets' people live in, and no household yet
base() {
	rm -f "$GRID_DB"
	grid-import -q regions.csv departments.csv grids.csv houses.csv \
	    2>"$T/load.err" || cat "$T/load.err"
}
households() {
	sql "SELECT group_concat(id || ' ' || ifnull(house_id, '-') || ' ' ||
	    ifnull(head_id_number, '-') || ' ' || ifnull(size, '-'), '; ')
	    FROM (SELECT * FROM households ORDER BY id)"
}
people_of() {
	sql "SELECT group_concat(name || ' ' || relation || ' ' ||
	    ifnull(house_id, '-'), '; ') FROM (SELECT * FROM people WHERE
	    household_id = '$1' ORDER BY rowid)"
}

ok "mkxlsx writes the census" "$MKXLSX" census census.xlsx
base

# --- the workbook: a dry run, then the real one ------------------------------
snapshot before.sql
run grid-import -n --households census.xlsx
status 65 "xlsx dry run: a household with two heads"
snapshot after.sql
same before.sql after.sql "xlsx dry run: database unchanged"
err_line "grid-import: census.xlsx: warning: --households: 2 households inserted, 0 updated, 1 refused (their people rejected)" \
    "xlsx dry run: what would be done"

run grid-import -t people --households --reject rej.csv census.xlsx
status 65 "xlsx: the two heads rejected, the rest in"
err_line "grid-import: census.xlsx:3: warning: header on line 3; lines 1-2 skipped (--header-line chooses another)" \
    "xlsx: the header found below the title lines"
err_line "grid-import: census.xlsx:11: relation: household 'HH0103' has 2 heads (户主), on lines 11, 12: one head per household" \
    "xlsx: two heads, the first: the lines named"
err_line "grid-import: census.xlsx:12: relation: household 'HH0103' has 2 heads (户主), on lines 11, 12: one head per household" \
    "xlsx: two heads, the second: the same"
err_line "grid-import: census.xlsx: warning: 1 date serial converted in column '出生日期' (Excel's 1900 date system)" \
    "xlsx: a birth date typed as a number, converted and said once"
err_line "grid-import: census.xlsx: 9 read, 7 inserted, 0 updated, 0 unchanged, 2 rejected, 0.00 s" \
    "xlsx: the summary"
is "$(households)" \
    "HH0101 H0010 32050819621003201X 4; HH0102 H0011 320508195504202059 3" \
    "xlsx: households made: house, head and size from the sheet"
is "$(people_of HH0101)" \
    "朱建国 head H0010; 郭秀英 spouse H0010; 朱伟 child H0010; 朱小雨 grandchild H0010" \
    "xlsx: 户主 妻 长子 孙女, and the head's house for all"
is "$(people_of HH0102)" \
    "王德明 head H0011; 李桂兰 spouse H0011; 王娟 other H0011" \
    "xlsx: GB/T 4761 02 and 10, 儿媳 other"
is "$(sql "SELECT birth_date FROM people WHERE name = '朱伟'")" 1990-01-01 \
    "xlsx: serial 32874 is 1990-01-01"
is "$(sql "SELECT count(*) FROM households WHERE id = 'HH0103'")" 0 \
    "xlsx: the refused household is not made"
is "$(cut -d, -f1,2 rej.csv | tr -d "$CR" | tail -n +2 | tr '\n' ' ')" \
    "11,inconsistent 12,inconsistent " \
    "xlsx: the reject file holds the whole household"

# the clerk makes the second head a son and imports the rejects again
sed 's/,张敏,\(320508197001012092\),户主,/,张敏,\1,子,/' rej.csv >fixed.csv
run grid-import -t people --households fixed.csv
status 0 "xlsx: the fixed reject file imports"
err_line "grid-import: fixed.csv: warning: --households: 1 households inserted, 0 updated, 0 refused (their people rejected)" \
    "xlsx: the household made now"
is "$(sql "SELECT house_id || ' ' || head_id_number || ' ' || size FROM households WHERE id = 'HH0103'")" \
    "H0012 320508198008152076 2" "xlsx: with its head, house and size"
is "$(people_of HH0103)" "张军 head H0012; 张敏 child H0012" \
    "xlsx: and its people"

# the same sheet again: the households are there, nothing changes
run grid-import -t people --households fixed.csv
status 0 "the same sheet again"
err_line "grid-import: fixed.csv: warning: --households: 0 households inserted, 1 updated, 0 refused (their people rejected)" \
    "again: the household is updated, not made twice"
err_has "2 read, 0 inserted, 0 updated, 2 unchanged, 0 rejected" \
    "again: its people unchanged"

# --strict: the first refused person stops the run
base
snapshot before.sql
run grid-import --strict --households census.xlsx
status 65 "--strict: stopped"
err_line "grid-import: --strict: stopped at the first rejected row" "--strict: says so"
snapshot after.sql
same before.sql after.sql "--strict: database unchanged, households included"

# --- GB18030 CSV with title lines and a 户人数 column -------------------------
base
cp "$CENSUS" census.csv
run grid-import -t people --households --reject rej2.csv census.csv
status 65 "GB18030: households refused"
err_line "grid-import: census.csv:3: warning: header on line 3; lines 1-2 skipped (--header-line chooses another)" \
    "GB18030: the header found below 填报单位"
err_line "grid-import: census.csv:8: household_id: household 'HH0203' declares different sizes: '2' on line 8, '3' on line 9" \
    "GB18030: sizes that disagree refuse the household"
err_line "grid-import: census.csv:10: relation: household 'HH0204' has no head (户主): its one person is on line 10" \
    "GB18030: a household without a head refused"
err_line "grid-import: census.csv: household_id: warning: household 'HH0202' declares 2 people but has 1" \
    "GB18030: the declared size checked"
err_line "grid-import: census.csv: 7 read, 4 inserted, 0 updated, 0 unchanged, 3 rejected, 0.00 s" \
    "GB18030: the summary"
is "$(households)" \
    "HH0201 H0013 320508196001013015 3; HH0202 H0014 320508194505053054 2" \
    "GB18030: the sizes are the sheet's 户人数"
is "$(people_of HH0201)" \
    "孙建华 head H0013; 周美玲 spouse H0013; 孙婷 child H0013" \
    "GB18030: GB/T 4761 01 12 32"
is "$(sql "SELECT count(*) FROM people WHERE attrs LIKE '%户人数%'")" 0 \
    "GB18030: 户人数 is the household's, not kept in attrs"
is "$(head -n 1 rej2.csv | od -An -c | tr -d ' \n' | tail -c 4)" '\r\n' \
    "GB18030: the reject file keeps CR LF"
iconv -f GB18030 -t UTF-8 rej2.csv |
    sed -e 's/,子,,3/,子,,2/' -e 's/,儿子,,1/,户主,,1/' |
    iconv -f UTF-8 -t GB18030 >fixed2.csv
run grid-import -t people --households fixed2.csv
status 0 "GB18030: the fixed reject file imports"
is "$(sql "SELECT group_concat(id || ' ' || size || ' ' || head_id_number, '; ') FROM (SELECT * FROM households WHERE id IN ('HH0203', 'HH0204') ORDER BY id)")" \
    "HH0203 2 320508197506063071; HH0204 1 320508198511083119" \
    "GB18030: both households made"

# --- a household already stored ---------------------------------------------
# HH0201's head stays when the sheet holds only another of its people;
# a stored head named on the sheet with another relation gives way
printf '%s\n' 户号,姓名,公民身份号码,与户主关系 \
    HH0201,孙婷,320508199003033048,女儿 >member.csv
run grid-import -t people --households member.csv
status 0 "a member alone: the stored head stays"
is "$(sql "SELECT head_id_number || ' ' || size FROM households WHERE id = 'HH0201'")" \
    "320508196001013015 3" "the household as it was"
printf '%s\n' 户号,姓名,公民身份号码,与户主关系 \
    HH0201,孙建华,320508196001013015,父亲 \
    HH0201,孙婷,320508199003033048,户主 >newhead.csv
run grid-import -t people --households newhead.csv
status 0 "a new head named by the sheet"
is "$(sql "SELECT head_id_number FROM households WHERE id = 'HH0201'")" \
    320508199003033048 "the household's head is the sheet's"
printf '%s\n' 户号,姓名,公民身份号码,与户主关系 \
    HH0202,孙婷,320508199003033048,户主 >second.csv
snapshot before.sql
run grid-import -t people --households second.csv
status 65 "a head on the sheet, another stored and not on it"
err_has "second.csv:2: relation: household 'HH0202' already has a head, 320508********3054" \
    "the rule of one head names the stored one"
snapshot after.sql
same before.sql after.sql "database unchanged"

# --- the sample district: its people make its households.csv ----------------
base
run grid-import --households people.csv
status 0 "the district's people sheet"
sql "SELECT id, house_id, head_id_number, size FROM households ORDER BY id" |
    tr '|' , >made.csv
tail -n +2 households.csv | sort >want.csv
same want.csv made.csv "the households made are the district's households.csv"

# --- NDJSON -----------------------------------------------------------------
base
printf '%s\n' \
    '{"户号":"HH0401","姓名":"钱军","身份证号":"320508197709093131","与户主关系":"户主","户人数":"2"}' \
    '{"户号":"HH0401","姓名":"钱莉","身份证号":"320508198810103140","与户主关系":"12"}' \
    >census.ndjson
run grid-import -t people --households census.ndjson
status 0 "NDJSON: households made"
is "$(households)" "HH0401 - 320508197709093131 2" \
    "NDJSON: the household and its declared size"

# other registers of the run load as usual
rm -f "$GRID_DB"
run grid-import -q --households regions.csv departments.csv grids.csv \
    houses.csv people.csv
status 0 "--households in a run of several registers"
is "$(sql 'SELECT count(*) || " " || sum(size) FROM households')" "50 150" \
    "the households of its people sheet"

# --- what --households refuses -----------------------------------------------
snapshot before.sql
run grid-import -t houses --households houses.csv
status 64 "--households for another table"
err_line "grid-import: --households: 'houses.csv' is a sheet of houses; households are made from a people sheet" \
    "names the table"
run grid-import --households houses.csv grids.csv
status 64 "--households without a people sheet"
err_line "grid-import: --households: no people sheet among the files; households are made from a people sheet" \
    "says so"
run grid-import -t people --households - <people.csv
status 64 "--households from standard input"
err_line "grid-import: --households reads a sheet twice, and standard input only once: give the sheet's file" \
    "asks for the file"
printf '%s\n' 姓名,公民身份号码,与户主关系 钱军,320508197709093131,户主 >nohh.csv
run grid-import -t people --households nohh.csv
status 65 "a sheet without household numbers"
err_line "grid-import: nohh.csv:1: --households: no column for household_id (户号)" \
    "names the column wanted"
printf '%s\n' 户号,姓名,公民身份号码 HH9,钱军,320508197709093131 >norel.csv
run grid-import -t people --households norel.csv
status 65 "a sheet without relations"
err_line "grid-import: norel.csv:1: --households: no column for relation (与户主关系)" \
    "names the column wanted"
printf '%s\n' 户号,姓名,公民身份号码,与户主关系,户人数 \
    HH9,钱军,320508197709093131,户主,两 >badsize.csv
run grid-import -t people --households badsize.csv
status 65 "a size that is no number"
err_line "grid-import: badsize.csv:2: household_id: household 'HH9' declares a size that is not a whole number from 1 to 99: '两' on line 2" \
    "says so"
snapshot after.sql
same before.sql after.sql "database unchanged by every refusal"

# --- relations as clerks type them -------------------------------------------
base
rels='户主 妻子 丈夫 次子 三女 独生女 养子 继女 外孙 外孙子 曾孙女 女婿 儿媳
父亲 母亲 继母 公公 婆婆 岳父 岳母 祖母 外公 哥哥 弟 姐姐 妹 嫂子 妹夫 侄子
表姐妹 非亲属 其他 20 28 30 38 41 44 47 51 53 57 61 71 72 77 78 81 93 99'
{
	echo 户号,姓名,公民身份号码,与户主关系
	i=100
	for r in $rels 保姆 2 03; do
		i=$((i + 2))
		echo "HH0501,甲$i,$(idno 32050819800101$i),$r"
	done
} >rels.csv
run grid-import -t people --households --reject rrej.csv rels.csv
status 65 "relations: the unknown ones rejected"
err_has "rels.csv:52: relation: '保姆' is not one of 户主 (head), 配偶 (spouse), 子女 (child), 父母 (parent), 孙子女 (grandchild), 兄弟姐妹 (sibling), 其他 (other), or a GB/T 4761 two-digit code such as 02 or 20" \
    "relations: the error lists the labels next to the values"
err_has "rels.csv:53: relation: '2' is not one of 户主 (head)," \
    "relations: a code without its zero refused"
err_has "rels.csv:54: relation: '03' is not one of" \
    "relations: 03 (gone from GB/T 4761-2008) refused"
is "$(sql "SELECT group_concat(relation, ' ') FROM (SELECT relation FROM people ORDER BY rowid)")" \
    "head spouse spouse child child child child child grandchild grandchild grandchild other other parent parent parent other other other other other other sibling sibling sibling sibling other other other other other other child other child other grandchild grandchild grandchild parent other parent other sibling other sibling other other other other" \
    "relations: each word and code to its value"
is "$(cut -d, -f1 rrej.csv | tail -n +2 | tr '\n' ' ')" "52 53 54 " \
    "relations: the reject file holds the unknown ones"

# --- Excel date serials in CSV date columns ----------------------------------
base
printf '%s\n' 公民身份号码,姓名,出生日期 320508199001012032,朱伟,32874 \
    320508196507122024,郭秀英,23935 320508195504202059,王德明,20199 \
    >serial.csv
run grid-import -t people serial.csv
status 0 "serials: converted"
err_line "grid-import: serial.csv: warning: 3 date serials converted in column '出生日期' (Excel's 1900 date system)" \
    "serials: one note for the column"
is "$(sql "SELECT group_concat(birth_date, ' ') FROM (SELECT birth_date FROM people ORDER BY rowid)")" \
    "1990-01-01 1965-07-12 1955-04-20" "serials: the dates"
snapshot before.sql
printf '%s\n' 公民身份号码,姓名,出生日期 320508199001012032,朱伟,60 \
    320508199001012032,朱伟,1990 320508199001012032,朱伟,32874.5 \
    320508199001012032,朱伟,2958466 320508199001012032,朱伟,032874 \
    >badserial.csv
run grid-import -t people badserial.csv
status 65 "serials: what is no serial"
for l in 2:60 3:1990 4:32874.5 5:2958466 6:032874; do
	err_line "grid-import: badserial.csv:${l%%:*}: birth_date: bad date '${l#*:}' (accepted: YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D, YYYYMMDD, YYYY年M月D日)" \
	    "serials: '${l#*:}' a bad date, the accepted forms listed"
done
err_lines 6 "serials: no note for what was not converted"
printf '%s\n' 公民身份号码,姓名,出生日期 320508199001012032,朱伟,32875 \
    >wrong.csv
run grid-import -t people wrong.csv
status 65 "serials: a serial that is another day than the ID's"
err_has "wrong.csv:2: birth_date: '1990-01-02' disagrees with the ID number ('1990-01-01')" \
    "serials: checked as the date it stands for"
snapshot after.sql
same before.sql after.sql "serials: database unchanged by the bad ones"
printf '%s\n' '{"公民身份号码":"320508199001012032","姓名":"朱伟","出生日期":"32874"}' \
    >serial.ndjson
run grid-import -t people serial.ndjson
status 65 "serials: not in NDJSON"

# --- tab-separated sheets with title lines -----------------------------------
base
TAB=$(printf '\t')
{
	printf '%s\n' 姑苏区察院场社区实有人口登记表 填报单位：察院场社区居委会
	printf '户号\t姓名\t公民身份号码\t与户主关系\t出生日期\n'
	printf 'HH0601\t朱建国\t32050819621003201X\t户主\t22922\n'
	printf 'HH0601\t郭秀英\t320508196507122024\t配偶\t1965/7/12\n'
} >title.tsv
run grid-import -t people --households title.tsv
status 0 "TSV: title lines without tabs"
err_line "grid-import: title.tsv:3: warning: header on line 3; lines 1-2 skipped (--header-line chooses another)" \
    "TSV: the header found"
err_line "grid-import: title.tsv: warning: 1 date serial converted in column '出生日期' (Excel's 1900 date system)" \
    "TSV: the serial converted"
is "$(people_of HH0601)" "朱建国 head -; 郭秀英 spouse -" "TSV: the rows in"
{
	printf '%s\n' '姑苏区察院场社区实有人口登记表（2026年5月, 第一批）'
	printf '公民身份号码\t姓名\t出生日期\n'
	printf '320508199001012032\t朱伟\t1990-01-01\n'
} >comma.tsv
run grid-import -t people comma.tsv
status 0 "TSV: a title line with a comma"
err_line "grid-import: comma.tsv:2: warning: header on line 2; line 1 skipped (--header-line chooses another)" \
    "TSV: the header found all the same"
is "$(sql "SELECT name FROM people WHERE id_number = '320508199001012032'")" \
    朱伟 "TSV: the row in"
printf '%s\r\n' '姑苏区察院场社区实有人口登记表' \
    "公民身份号码${TAB}姓名" "320508195504202059${TAB}王德明" |
    iconv -f UTF-8 -t GB18030 >gb.tsv
run grid-import -t people --reject gbrej.tsv gb.tsv
status 0 "TSV: GB18030, CR LF, a title line"
is "$(sql "SELECT name FROM people WHERE id_number = '320508195504202059'")" \
    王德明 "TSV: GB18030: the row in"

# a header searched in vain keeps every row (the first 20 were lost)
{
	echo '身份证号,a,b,c,d'
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do
		echo "x$i,1,2,3,4"
	done
} >vain.csv
run grid-import -n -t people vain.csv
status 65 "a header that matches little: every row read"
err_has "vain.csv: 22 read, 0 inserted" "no row lost to the search"
