#!/bin/sh
# grid-stats population, groups and cases on the golden fixture of
# tests/fixtures/stats (every figure worked out by hand in its README.md):
# band edges on birthdays, 29 February, empty units, a unit of floating
# people only, tags, levels adding up, groups, cases by place and time,
# hotspots, formats (csv, ndjson, md, html), -o, and the errors.
. "$(dirname "$0")/lib.sh"

S=$FIX/stats
grid-import -q "$S/regions.csv" "$S/grids.csv" "$S/people.csv" \
    "$S/person_tags.csv" 2>"$T/load.err" || { cat "$T/load.err"; exit 1; }

TAGS0="0,0,0,0,0,0,0,0,0"	# the tags after elderly_alone, empty_nest

# --- population ------------------------------------------------------------
run grid-stats population --by grid --at 2024-06-15 -f csv
status 0 "population --by grid"
cat >"$T/want" <<EOF2
level,unit,unit_name,people,male,female,households,age_0_14,age_15_59,age_60_64,age_65_79,age_80_plus,aged_60_share,aged_65_share,ageing_stage,dependency_total,dependency_child,dependency_old,floating,overseas,tag_elderly_alone,tag_empty_nest,tag_disabled,tag_low_income,tag_left_behind_child,tag_released_prisoner,tag_community_correction,tag_drug_user,tag_mental_disorder,tag_key_youth,tag_petitioner,tag_old_party_member,tag_laid_off,tag_newlywed,tag_new_resident,tag_family_dispute,floating_share,overseas_share,floating_rented,floating_rented_share
grid,32050801801401,察院场1,8,4,4,0,1,2,2,2,1,62.50,37.50,super_aged,100.00,25.00,75.00,0,0,2,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0.00,0.00,0,
grid,32050801801402,察院场2,2,1,1,0,0,2,0,0,0,0.00,0.00,none,0.00,0.00,0.00,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,100.00,0.00,0,0.00
grid,32050801801901,北寺塔1,2,1,1,0,0,1,0,1,0,50.00,50.00,super_aged,100.00,0.00,100.00,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0.00,50.00,0,
grid,32050802101701,百步街1,0,0,0,0,0,0,0,0,0,,,,,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,0,
EOF2
same "$T/want" "$T/out" "grid rows: band edges on birthdays, floating only, empty"

run grid-stats population --by community --at 2024-06-15 -f csv
status 0 "population --by community"
cat >"$T/want" <<EOF2
community,320508018014,察院场社区居委会,10,5,5,0,1,4,2,2,1,50.00,30.00,super_aged,66.67,16.67,50.00,2,0,2,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,20.00,0.00,0,0.00
community,320508018019,北寺塔社区居委会,2,1,1,0,0,1,0,1,0,50.00,50.00,super_aged,100.00,0.00,100.00,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0.00,50.00,0,
community,320508021017,百步街社区居委会,0,0,0,0,0,0,0,0,0,,,,,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,0,
EOF2
tail -n +2 "$T/out" >"$T/got"
same "$T/want" "$T/got" "community rows, the empty community too"
cp "$T/got" "$T/communities.csv"

run grid-stats population --by street --at 2024-06-15 -f csv
status 0 "population --by street"
cat >"$T/want" <<EOF2
street,320508018,平江街道,12,6,6,0,1,5,2,3,1,50.00,33.33,super_aged,71.43,14.29,57.14,2,1,2,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,16.67,8.33,0,0.00
street,320508021,双塔街道,0,0,0,0,0,0,0,0,0,,,,,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,0,
EOF2
tail -n +2 "$T/out" >"$T/got"
same "$T/want" "$T/got" "street rows"
# The counts of the street's communities add up to the street's row.
sum=$(awk -F, '$2 ~ /^320508018/ { for (i = 4; i <= 31; i++)
	if (i < 13 || i > 18) s[i] += $i }
	END { for (i = 4; i <= 31; i++) if (i < 13 || i > 18)
	printf "%s%d", (i > 4 ? "," : ""), s[i]; print "" }' \
    "$T/communities.csv")
row=$(awk -F, '$2 == "320508018" { for (i = 4; i <= 31; i++)
	if (i < 13 || i > 18) printf "%s%d", (i > 4 ? "," : ""), $i;
	print "" }' "$T/got")
is "$sum" "$row" "the communities of 平江街道 add up to its row"

run grid-stats population --by district --at 2024-06-15 -f ndjson
status 0 "population --by district, ndjson"
out_has '{"level":"district","unit":"320508","unit_name":"姑苏区","people":12,"male":6,"female":6,"households":0,"age_0_14":1,"age_15_59":5,"age_60_64":2,"age_65_79":3,"age_80_plus":1,"aged_60_share":50.00,"aged_65_share":33.33,"ageing_stage":"super_aged"' \
    "district row in ndjson, numbers as numbers"

# 29 February: 乙二 (2000-02-29) is 14 on 28 February 2015, 15 on 1 March
run grid-stats population --by grid --at 2015-02-28 -f csv
is "$(awk -F, '$2 == "32050801801402" { print $8 "/" $9 }' "$T/out")" \
    "1/1" "born 29 February: 14 on 28 February 2015"
run grid-stats population --by grid --at 2015-03-01 -f csv
is "$(awk -F, '$2 == "32050801801402" { print $8 "/" $9 }' "$T/out")" \
    "0/2" "and 15 on 1 March 2015"
# the day before the birthdays of 1964-06-15 and 1944-06-15
run grid-stats population --by grid --at 2024-06-14 -f csv
is "$(awk -F, '$2 == "32050801801401" { print $8 "/" $9 "/" $10 "/" \
    $11 "/" $12 }' "$T/out")" "2/2/2/2/0" "the day before every birthday"
# default: today is $GRID_NOW (2026-06-15): 甲二 is 16
run grid-stats population --by grid -f csv
is "$(awk -F, '$2 == "32050801801401" { print $8 "/" $9 }' "$T/out")" \
    "0/2" "without --at: ages on \$GRID_NOW (2026: 甲一, 甲二 16)"

# --- groups ----------------------------------------------------------------
run grid-stats groups --tag elderly_alone -f csv
status 0 "groups --tag"
cat >"$T/want" <<EOF2
level,unit,unit_name,people,in_group,share
community,320508018014,察院场社区居委会,10,2,20.00
community,320508018019,北寺塔社区居委会,2,0,0.00
community,320508021017,百步街社区居委会,0,0,
EOF2
same "$T/want" "$T/out" "elderly living alone per community"
run grid-stats groups --tag 独居老人 --age-min 80 --at 2024-06-15 --by grid \
    -f csv
cat >"$T/want" <<EOF2
level,unit,unit_name,people,in_group,share
grid,32050801801401,察院场1,8,1,12.50
grid,32050801801402,察院场2,2,0,0.00
grid,32050801801901,北寺塔1,2,0,0.00
grid,32050802101701,百步街1,0,0,
EOF2
same "$T/want" "$T/out" "--age-min 80 on the birthday, Chinese tag"
run grid-stats groups --tag elderly_alone --tag disabled --by street -f csv
is "$(sed -n 2p "$T/out")" "street,320508018,平江街道,12,1,8.33" \
    "two tags: people with both"
run grid-stats groups --any --tag elderly_alone --tag empty_nest \
    --by street -f csv
is "$(sed -n 2p "$T/out")" "street,320508018,平江街道,12,3,25.00" \
    "--any: people with either"
run grid-stats groups --tag vip
status 64 "unknown tag"
err_has "grid-stats groups: tag: unknown tag 'vip'" "names the tag"
run grid-stats groups
status 64 "groups without --tag"

# --- cases -----------------------------------------------------------------
stats_cases
stats_report E0101 32050801801901 2024-06-10T10:00:00+08:00
grid-case void "$(sql "SELECT id FROM cases WHERE reported_at LIKE
    '2024-06-10%'")" --at 2024-06-10T11:00:00+08:00 --reason "not a case" \
    >/dev/null 2>>"$T/cases.err"
is "$(sql "SELECT count(*) FROM cases WHERE status = 'voided'")" 1 \
    "7 cases reported, 1 voided"

run grid-stats cases --by grid -f csv
status 0 "cases --by grid"
cat >"$T/want" <<EOF2
level,unit,unit_name,grid_code,grid_name,cases,share,people,rate_per_1000,rank_by_rate,rank,hotspot
grid,32050801801401,察院场1,32050801801401,察院场1,3,50.00,8,375.00,3,1,0
grid,32050801801402,察院场2,32050801801402,察院场2,1,16.67,2,500.00,2,3,0
grid,32050801801901,北寺塔1,32050801801901,北寺塔1,2,33.33,2,1000.00,1,2,0
grid,32050802101701,百步街1,32050802101701,百步街1,0,0.00,0,,,4,0
EOF2
same "$T/want" "$T/out" "by grid: shares, rates, ranks; the voided case left out"
run grid-stats cases --by community -f csv
cat >"$T/want" <<EOF2
level,unit,unit_name,community_code,community_name,cases,share,people,rate_per_1000,rank_by_rate,rank,hotspot
community,320508018014,察院场社区居委会,320508018014,察院场社区居委会,4,66.67,10,400.00,2,1,0
community,320508018019,北寺塔社区居委会,320508018019,北寺塔社区居委会,2,33.33,2,1000.00,1,2,0
community,320508021017,百步街社区居委会,320508021017,百步街社区居委会,0,0.00,0,,,3,0
EOF2
same "$T/want" "$T/out" "by community"
run grid-stats cases --by street -f csv
is "$(sed -n 2p "$T/out")" \
    "street,320508018,平江街道,320508018,平江街道,6,100.00,12,500.00,1,1,0" \
    "by street: the sum of its communities"
run grid-stats cases --by grid --from 2024-06-01 --to 2024-06-30 --top 2 \
    -f csv
cat >"$T/want" <<EOF2
level,unit,unit_name,grid_code,grid_name,cases,share,people,rate_per_1000,rank_by_rate,rank,hotspot
grid,32050801801401,察院场1,32050801801401,察院场1,3,60.00,8,375.00,3,1,0
grid,32050801801402,察院场2,32050801801402,察院场2,1,20.00,2,500.00,1,2,0
EOF2
same "$T/want" "$T/out" "June (30 June 23:59 in, 31 May out), --top 2, ties by code"
run grid-stats cases --by weekday -f csv
cat >"$T/want" <<EOF2
weekday,cases,share,rank,hotspot
1,3,50.00,1,0
5,1,16.67,3,0
7,2,33.33,2,0
EOF2
same "$T/want" "$T/out" "by weekday (1 Monday, 7 Sunday)"
run grid-stats cases --by category --by hour -f csv
cat >"$T/want" <<EOF2
category_code,category_name,hour,cases,share,rank,hotspot
E0101,私搭乱建,23,3,50.00,1,0
E0102,暴露垃圾,9,3,50.00,2,0
EOF2
same "$T/want" "$T/out" "category by hour, a cross table"
run grid-stats cases --by month -f md
status 0 "cases -f md"
out_has "| 2024-06 |     5 | 83.33 |    1 |       0 |" "md row"
run grid-stats cases --by weekday --from 2024-07-01 --to 2024-06-01
status 64 "--to before --from"
err_has "grid-stats cases: to: '2024-06-01' is before '2024-07-01' (--from)" \
    "says so"
run grid-stats cases --by district
status 64 "cases --by district"
run grid-stats cases --top 0
status 64 "--top 0"

# --- html and -o -------------------------------------------------------------
run grid-stats population --by community -f html -o pop.html
status 0 "population -f html -o"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing printed with -o"
ok "the page has an SVG (the pyramid)" grep -q "<svg" pop.html
ok "and the table" grep -q "察院场社区居委会" pop.html
ok "no script, nothing fetched" sh -c '! grep -Eq "<script|<link|src=" pop.html'
run grid-stats groups --tag elderly_alone -f html -o groups.html
status 0 "groups -f html"
ok "groups page has a bar chart" grep -q "<svg" groups.html
run grid-stats cases --by grid --top 3 -f html -o cases.html
status 0 "cases -f html"
ok "hotspot page has a bar chart" grep -q "<svg" cases.html
run grid-stats population -f pdf -o x.pdf
status 64 "unknown format"
ok "no file left" test ! -e x.pdf
run grid-stats population --by city
status 64 "--by city"
err_has "--by: expected grid, community, street or district, not 'city'" \
    "names the levels"
run grid-stats population --at 2023-02-29
status 64 "impossible --at"
err_has "impossible date '2023-02-29'" "names the date"
run grid-stats population -o /nonexistent/dir/p.csv -f csv
status 73 "cannot create output"
run grid-stats population -d "$T/none.db"
status 69 "no database"
run grid-stats frobnicate
status 64 "unknown command"
