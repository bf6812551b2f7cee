#!/bin/sh
# The floating population (issue 19): people's move-in date, residence
# permit and employer imported from a CSV with English and with Chinese
# headers and from an .xlsx as Excel writes it (tests/fixtures/floating);
# the refusals (an expiry before the move-in, an unknown employer, bad and
# future dates, a permit for a registered resident), each located, exit
# 65, the database unchanged; grid-stats population's floating people in
# rented houses; the permits expired or expiring (counts per unit and the
# list); groups --list; masking, and --reveal recorded in DB.reveal.log.
# Every figure is worked out by hand in the comments.
. "$(dirname "$0")/lib.sh"

S=$FIX/stats
F=$FIX/floating
LOG=$GRID_DB.reveal.log

# Today is 2026-06-15 (lib.sh pins GRID_NOW).  Four grids of the stats
# fixture: 32050801801401 and ...402 (察院场, 320508018014), ...1901
# (北寺塔, 320508018019), 32050802101701 (百步街, 320508021017).
cat >houses.csv <<'EOF'
id,address,grid_code,rented
H1,苏州市姑苏区宫巷298号11幢502室,32050801801401,1
H2,苏州市姑苏区宫巷300号,32050801801401,0
H3,苏州市姑苏区北寺塔路5号,32050801801901,1
H4,苏州市姑苏区百步街7号,32050802101701,1
EOF
cat >orgs.csv <<'EOF'
uscc,name,house_id,grid_code
91320508MA1MXKQ68X,苏州观前怡和餐饮管理有限公司,H2,32050801801401
EOF
# 甲 floating, rented H1, permit expired 5 days ago (06-10); 乙 floating,
# rented H1, expires in exactly 30 days (07-15); 丙 floating, H2 not
# rented, expires in 31 days (07-16); 丁 floating, rented H3, no permit;
# 戊 registered in rented H1 (not floating: not counted); 己 overseas in
# rented H4, a permit (居留许可) expiring today; 庚 floating without a
# house, permit expired yesterday (06-14).
cat >people.csv <<'EOF'
id_number,name,phone,house_id,grid_code,residence,move_in_date,permit_number,permit_expiry,employer_uscc
320508199001010117,甲,13800000001,H1,32050801801401,floating,2025-03-01,JZ0001,2026-06-10,91320508MA1MXKQ68X
320508199002020229,乙,13800000002,H1,32050801801401,floating,2025-07-01,JZ0002,2026-07-15,
320508199003030314,丙,13800000003,H2,32050801801401,floating,2026-01-01,JZ0003,2026-07-16,
320508199004040418,丁,13800000004,H3,32050801801901,floating,,,,
320508194006060620,戊,13800000005,H1,32050801801401,registered,,,,
320508199005050511,己,13800000006,H4,32050802101701,overseas,2024-05-01,JL0006,2026-06-15,
320508194007070716,庚,,,32050801801402,floating,2024-01-01,JZ0007,2026-06-14,
EOF
printf 'id_number,tag\n%s\n%s\n%s\n' 320508194006060620,elderly_alone \
    320508199004040418,elderly_alone 320508199003030314,disabled \
    >person_tags.csv

run grid-import "$S/regions.csv" "$S/grids.csv" houses.csv orgs.csv \
    people.csv person_tags.csv
status 0 "the register loads"
is "$(sql "SELECT name || ' ' || move_in_date || ' ' || permit_number || ' ' || permit_expiry || ' ' || employer_uscc FROM people WHERE employer_uscc IS NOT NULL")" \
    "甲 2025-03-01 JZ0001 2026-06-10 91320508MA1MXKQ68X" \
    "move-in date, permit, expiry and employer stored"
is "$(sql "SELECT count(*) FROM people WHERE permit_expiry > '2026-06-15'")" \
    2 "an expiry may lie in the future (乙, 丙)"

# --- Chinese headers: CSV and an Excel workbook ------------------------------
cat >流动人口.csv <<'EOF'
身份证号,姓名,户口性质,所属网格,来本地时间,居住证编号,居住证有效期,工作单位统一社会信用代码
320508199008080820,辛,流动,32050801801402,2026年2月1日,jz0008,2027/2/1,91320508ma1mxkq68x
EOF
run grid-import -t people 流动人口.csv
status 0 "CSV with Chinese headers"
is "$(sql "SELECT residence || ' ' || move_in_date || ' ' || permit_number || ' ' || permit_expiry || ' ' || employer_uscc FROM people WHERE name = '辛'")" \
    "floating 2026-02-01 JZ0008 2027-02-01 91320508MA1MXKQ68X" \
    "来本地时间, 居住证编号 (upper-cased), 居住证有效期, the USCC folded"
run grid-import -t people "$F/people.xlsx"
status 0 "the workbook loads"
err_line "grid-import: $F/people.xlsx: 2 read, 2 inserted, 0 updated, 0 unchanged, 0 rejected, 0.00 s" \
    "both rows of the workbook"
is "$(sql "SELECT name || ' ' || residence || ' ' || move_in_date || ' ' || permit_number || ' ' || permit_expiry || ' ' || ifnull(employer_uscc, '-') FROM people WHERE name IN ('钱八', '孙九') ORDER BY name")" \
    "孙九 floating 2025-09-01 SZ20250002 2026-06-24 -
钱八 floating 2026-01-01 SZ20260001 2026-12-31 91320508MA1MXKQ68X" \
    "来本地日期 and 居住证有效期至 from date cells, 居住证号, the employer"
# a permit on a new person without residence: floating, not the default
printf 'id_number,name,permit_number\n320508199009090916,壬,JZ0009\n' \
    >new.csv
run grid-import -t people new.csv
status 0 "a new person with a permit and no residence"
is "$(sql "SELECT residence FROM people WHERE name = '壬'")" floating \
    "is floating (a registered resident has no residence permit)"
# the people added above are taken out again: the figures below are
# those of people.csv
sql "DELETE FROM people WHERE name IN ('辛', '钱八', '孙九', '壬')"

# --- refusals: located, exit 65, the database unchanged ----------------------
snapshot before.sql
cat >bad.csv <<'EOF'
id_number,name,residence,move_in_date,permit_number,permit_expiry,employer_uscc
320508199008080820,辛,floating,2026-03-01,JZ0008,2026-02-01,
320508199009090916,壬,floating,2026-03-01,JZ0009,2027-03-01,91320508MA1N2B7R6J
320508199010101029,癸,floating,2026-13-01,,,
320508199010101029,癸,floating,2026-07-01,,,
320508199010101029,癸,registered,2020-01-01,JZ0010,2027-01-01,
320508199010101029,癸,floating,1980-01-01,,,
320508199010101029,癸,floating,2020-01-01,,2027-1-32,
EOF
run grid-import -t people bad.csv
status 65 "every row refused"
err_line "grid-import: bad.csv:2: permit_expiry: '2026-02-01' is not after the move-in date '2026-03-01'" \
    "an expiry before the move-in"
err_line "grid-import: bad.csv:3: employer_uscc: no such row in orgs: '91320508MA1N2B7R6J'" \
    "an unknown employer"
err_line "grid-import: bad.csv:4: move_in_date: impossible date '2026-13-01'" \
    "a bad move-in date"
err_line "grid-import: bad.csv:5: move_in_date: date in the future '2026-07-01'" \
    "a move-in in the future"
err_line "grid-import: bad.csv:6: permit_number: a residence permit for a registered resident: residence permits are for people living away from their registered residence (give residence floating)" \
    "a permit for a registered resident"
err_line "grid-import: bad.csv:7: move_in_date: '1980-01-01' is before the birth date '1990-10-10'" \
    "a move-in before the birth"
err_line "grid-import: bad.csv:8: permit_expiry: impossible date '2027-1-32'" \
    "a bad expiry"
err_line "grid-import: bad.csv: 7 read, 0 inserted, 0 updated, 0 unchanged, 7 rejected, 0.00 s" \
    "seven refused"
# against the register: 戊 is a registered resident; 甲 moved in on
# 2025-03-01, as stored
printf 'id_number,name,permit_number\n320508194006060620,戊,JZ0099\n' >reg.csv
run grid-import -t people reg.csv
status 65 "a permit for a registered resident on record"
err_line "grid-import: reg.csv:2: permit_number: a residence permit for a registered resident: residence permits are for people living away from their registered residence (give residence floating)" \
    "refused, the stored residence read"
printf 'id_number,name,permit_expiry\n320508199001010117,甲,2025-01-01\n' \
    >exp.csv
run grid-import -t people exp.csv
status 65 "an expiry before the stored move-in"
err_line "grid-import: exp.csv:2: permit_expiry: '2025-01-01' is not after the move-in date '2025-03-01'" \
    "refused, the stored move-in date read"
snapshot after.sql
same before.sql after.sql "the database unchanged by the refusals"

# --- grid-stats population: floating people in rented houses ----------------
# 察院场 (320508018014): 甲 乙 丙 戊 庚, 5 people; floating 甲 乙 丙 庚 = 4;
# in rented houses 甲 乙 (H1) = 2, 2/4 = 50.00.  戊 is in H1 but
# registered; 丙's H2 is not rented; 庚 has no house.
# 北寺塔 (320508018019): 丁, floating in rented H3: 1 of 1 = 100.00.
# 百步街 (320508021017): 己 is overseas: 0 floating, no share.
cat >want <<'EOF'
unit,people,floating,floating_rented,floating_rented_share
320508018014,5,4,2,50.00
320508018019,1,1,1,100.00
320508021017,1,0,0,
EOF
run grid-stats population --at 2026-06-15 -f csv
status 0 "population"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	{ print $c["unit"] "," $c["people"] "," $c["floating"] "," \
	    $c["floating_rented"] "," $c["floating_rented_share"] }' \
    "$T/out" >got
same want got "floating people in rented houses per community"
is "$(head -n 1 "$T/out" | tr ',' '\n' | tail -n 2 | tr '\n' ' ')" \
    "floating_rented floating_rented_share " "the two columns come last"
# by grid: 32050801801401 甲 乙 丙 戊 (floating 3, rented 2, 66.67);
# ...402 庚 (1, 0, 0.00); ...1901 丁 (1, 1, 100.00); ...2101701 己 (0, 0)
run grid-stats population --by grid -f ndjson
status 0 "population by grid"
is "$(grep -o '"unit":"[0-9]*"\|"floating_rented":[0-9]*\|"floating_rented_share":[0-9.null]*' "$T/out" | cut -d: -f2 | tr -d '"' | paste -d' ' - - - | tr '\n' ';')" \
    "32050801801401 2 66.67;32050801801402 0 0.00;32050801801901 1 100.00;32050802101701 0 null;" \
    "by grid, ndjson"
# by street: 平江 (018) 甲 乙 丙 丁 庚 floating 5, rented 3, 60.00; 双塔 0
run grid-stats population --by street -f table --wide
status 0 "population by street, a table"
out_has "60.00" "平江街道: 3 of 5"
run grid-stats population --by district -f csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $c["floating_rented"] "," $c["floating_rented_share"] }' \
    "$T/out" >got
is "$(cat got)" "3,60.00" "the district: 3 of 5"
run grid-stats population --in 320508018019 -f md
status 0 "population --in a community, md"
is "$(tail -n 1 "$T/out" | tr -s ' ' | grep -o '| [0-9.]* | [0-9.]* |$')" \
    "| 1 | 100.00 |" "md: the community's figures last"
run grid-stats population -f html
status 0 "population, an html page"
out_has "出租房屋流动人口" "html: the column's label"
out_has "出租房屋流动人口占流动人口比例" "html: the chart's title"

# --- permits expired or expiring ---------------------------------------------
# Within 30 days of 2026-06-15 (06-15 to 07-15, both included):
# 察院场: floating 4, permits 甲 乙 丙 庚 = 4, expired 甲 (06-10) 庚 (06-14)
# = 2, expiring 乙 (07-15) = 1 (丙 07-16 is a day past), without 0;
# 北寺塔: 丁 floating without a permit; 百步街: 己's permit expires today.
cat >want <<'EOF'
level,unit,unit_name,floating,permits,expired,expiring,without_permit
community,320508018014,察院场社区居委会,4,4,2,1,0
community,320508018019,北寺塔社区居委会,1,0,0,0,1
community,320508021017,百步街社区居委会,0,1,0,1,0
EOF
run grid-stats population --permits-expiring 30 -f csv
status 0 "permits per community"
same want "$T/out" "expired and expiring per community"
# 31 days take 丙 in; on 2026-07-16 (--at) 甲 乙 庚 have expired and 丙
# expires that day
run grid-stats population --permits-expiring 31 --by grid -f csv
is "$(grep 32050801801401 "$T/out")" \
    "grid,32050801801401,察院场1,3,3,1,2,0" "31 days, grid ...401"
run grid-stats population --permits-expiring 0 --at 2026-07-16 \
    --in 320508018014 -f csv
is "$(tail -n 1 "$T/out")" \
    "community,320508018014,察院场社区居委会,4,4,3,1,0" "--at moves the day"

cat >want <<'EOF'
grid_code,id_number,name,phone,permit_number,permit_expiry,days_left,state
32050801801401,320508********0117,甲,138****0001,J****1,2026-06-10,-5,expired
32050801801401,320508********0229,乙,138****0002,J****2,2026-07-15,30,expiring
32050801801402,320508********0716,庚,,J****7,2026-06-14,-1,expired
32050802101701,320508********0511,己,138****0006,J****6,2026-06-15,0,expiring
EOF
run grid-stats population --permits-expiring 30 --list -f csv
status 0 "the list"
same want "$T/out" "by grid and expiry, masked, expired ones marked"
ok "no reveal recorded without --reveal" test ! -e "$LOG"
run grid-stats population --permits-expiring 30 --list --in 32050801801402 \
    -f ndjson
is "$(cat "$T/out")" \
    '{"grid_code":"32050801801402","id_number":"320508********0716","name":"庚","phone":null,"permit_number":"J****7","permit_expiry":"2026-06-14","days_left":-1,"state":"expired"}' \
    "--in a grid, ndjson: typed and masked"
run grid-stats population --permits-expiring 30 --list --reveal -f csv
status 0 "the list revealed"
is "$(cut -d, -f2,4,5 "$T/out" | sed -n 2p)" \
    "320508199001010117,13800000001,JZ0001" "unmasked"
is "$(cat "$LOG")" \
    '{"at":"2026-06-15T10:00:00+08:00","actor":"tester","list":"population --permits-expiring --list","query":"grid-stats population --permits-expiring 30 --list --reveal -f csv"}' \
    "the reveal recorded: when, who, what"
is "$(ls -l "$LOG" | cut -c1-10)" "-rw-------" "the record is 0600"
run grid-stats population --permits-expiring 30 --reveal -f csv
is "$(wc -l <"$LOG" | tr -d ' ')" 1 "counts with --reveal record nothing"

run grid-stats population --list -f csv
status 64 "--list alone"
err_has "give --permits-expiring N" "says what it needs"
run grid-stats population --permits-expiring 3651 -f csv
status 64 "more than 3650 days"
run grid-stats population --permits-expiring 30 --list --by grid -f csv
status 64 "--list takes no --by"

# --- groups --list -----------------------------------------------------------
# elderly_alone: 戊 (ID ...0620, H1 宫巷298号11幢502室, grid ...401) and 丁
# (...0418, H3, grid ...1901); disabled: 丙 (...0314, H2)
cat >want <<'EOF'
grid_code,id_number,name,phone,address
32050801801401,320508********0620,戊,138****0005,苏州市姑***********502室
32050801801901,320508********0418,丁,138****0004,苏州市******路5号
EOF
run grid-stats groups --tag elderly_alone --list -f csv
status 0 "groups --list"
same want "$T/out" "the group's people, ID, phone and address masked"
run grid-stats groups --tag 独居老人 --tag disabled --any --list \
    --in 320508018014 -f ndjson
is "$(cut -d, -f3 "$T/out" | tr '\n' ' ')" '"name":"戊" "name":"丙" ' \
    "--any, --in a community, ndjson"
run grid-stats groups --tag elderly_alone --list --age-min 80 -f csv
is "$(tail -n +2 "$T/out" | cut -d, -f3)" "戊" "--age-min 80: 戊 (86)"
run grid-stats groups --tag elderly_alone --list --in 32050801801901 \
    --reveal -f csv
is "$(tail -n 1 "$T/out")" \
    "32050801801901,320508199004040418,丁,13800000004,苏州市姑苏区北寺塔路5号" \
    "--reveal: unmasked"
is "$(tail -n 1 "$LOG")" \
    '{"at":"2026-06-15T10:00:00+08:00","actor":"tester","list":"groups --list","query":"grid-stats groups --tag elderly_alone --list --in 32050801801901 --reveal -f csv"}' \
    "recorded"
run grid-stats groups --tag elderly_alone --list --by grid -f csv
status 64 "groups --list takes no --by"

# a reveal that cannot be recorded shows nothing
rm -f "$LOG"
mkdir "$LOG"
run grid-stats groups --tag elderly_alone --list --reveal -f csv
status 73 "the record cannot be written"
err_has "cannot record the reveal" "says so"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing shown"
run grid-stats population --permits-expiring 30 --list --reveal -o l.csv
status 73 "nor written with -o"
ok "no file left" test ! -e l.csv
rmdir "$LOG"
