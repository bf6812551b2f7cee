#!/bin/sh
# Inspections (issue 20): visits of organisations of kind fire_inspection,
# safety_inspection or food_inspection, imported with Chinese labels, and
# grid-stats hazards --inspections (per unit), --uninspected (zero-hazard
# reporters not inspected), --recurred (hazards again after a passed
# inspection) and --sample (the spot-check sample, reproducible from its
# seed).  A crafted May 2026 with every figure worked out by hand in the
# comments; refusals (an inspection of an unknown organisation, a
# next_date before the visit, an inspection without its organisation or
# result, a passed one with hazards) located, exit 65, the database
# unchanged; the lists masked unless --reveal, a reveal recorded.
. "$(dirname "$0")/lib.sh"

LOG=$GRID_DB.reveal.log
ok "the sample district loads" load_district

# The district's orgs (tests/fixtures/district/orgs.csv) again, with their
# phones and the level that supervises them, and one more enterprise, I.
#   A 观前怡和   grid 32050801801401 (street 平江 320508018)  district
#   B 平江锦绣   grid 32050801801902 (平江)                    district
#   C 同德酒店   grid 32050801802302 (平江)                    district
#   D 吴韵贸易   closed: never counted                         district
#   E 青石小吃店 grid 32050802101902 (street 双塔 320508021)   street
#   F 云岫便利店 grid 32050802103401 (双塔)                    street
#   G 兰亭社工   grid 32050802103401 (双塔)                    community
#   H 沁园老年   grid 32050802103403 (双塔)                    (none)
#   I 测试机械厂 grid 32050802101902 (双塔)                    district
# A, B, C and I are enterprises (self-reporting); E, F individual
# businesses, G, H social organisations.
A=91320508MA1MXKQ68X B=91320508MA1N2B7R6J C=91320508MA20LQ8C5E
D=91320508MA1Y3T6P8R E=92320508MA1X8H4D0B F=92320508MA21C5WE9N
G=52320508MJ5726XD9U H=51320508514072386M I=91320508MA1W0JXD5J
cat >orgs2.csv <<EOF
统一社会信用代码,单位名称,网格编码,类型,状态,法定代表人,联系电话,监管层级
$A,苏州观前怡和餐饮管理有限公司,32050801801401,enterprise,active,于勇,13800000001,区
$B,苏州平江锦绣文化传媒有限公司,32050801801902,enterprise,active,顾晓燕,13800000002,district
$C,苏州同德酒店管理有限公司,32050801802302,enterprise,active,王娟,13800000003,district
$D,苏州姑苏吴韵贸易有限公司,32050801802303,enterprise,closed,邓强,13800000004,district
$E,姑苏区青石小吃店,32050802101902,individual,active,胡佳,13800000005,街道
$F,姑苏区云岫便利店,32050802103401,individual,active,冯卫东,13800000006,street
$G,苏州市姑苏区兰亭社会工作服务中心,32050802103401,social_org,active,周俊杰,13800000007,社区
$H,苏州市姑苏区沁园老年协会,32050802103403,social_org,active,马婷,13800000008,
$I,苏州测试机械制造有限公司,32050802101902,enterprise,active,赵刚,13800000009,district
EOF
run grid-import -t orgs orgs2.csv
status 0 "the orgs with their supervision level (监管层级, Chinese labels)"
is "$(sql "SELECT group_concat(uscc || '=' || ifnull(supervision_level, '-'), ' ') FROM (SELECT * FROM orgs WHERE uscc IN ('$A', '$E', '$G', '$H') ORDER BY uscc)")" \
    "$H=- $G=community $A=district $E=street" \
    "supervision levels stored as codes (区, 街道, 社区), none left empty"

# --- the self-reports of May 2026 ----------------------------------------
# S1 A zero (05-03), S2 B zero (05-05), S4 I zero (05-25): A, B and I are
# zero-hazard reporters.  S3 C minor (05-06, before C's inspection) and S5
# C minor (05-20, after C passed its inspection of 05-10).
cat >cases.csv <<EOF
id,source,org_uscc,grade,reported_at
S1,self_report,$A,,2026-05-03T09:00:00+08:00
S2,self_report,$B,,2026-05-05T09:00:00+08:00
S3,self_report,$C,minor,2026-05-06T09:00:00+08:00
S4,self_report,$I,,2026-05-25T09:00:00+08:00
S5,self_report,$C,minor,2026-05-20T09:00:00+08:00
EOF
run grid-import -t cases cases.csv
status 0 "the self-reports load"

# --- the inspections, as an inspection team's sheet ----------------------
# V1  A fire 05-02 passed, next 05-20 (before A's zero report of 05-03)
# V2  C safety 05-10 passed, next 11-10
# V3  E food 05-12 passed, next 05-25
# V4  E food 05-22 two hazards, next 06-05
# V5  B fire 05-08 nobody there (未遇): no inspection
# V6  G fire 04-10 passed, next 05-10 (April)
# V7  H a routine visit: no inspection
# V9  F fire 05-15 one hazard, next 05-30
# V10 C safety 06-03 passed, next 12-03 (June)
# V11 I fire 06-02 passed, next 2027-06-02 (June, after I's zero report)
cat >inspections.csv <<EOF
编号,网格员编号,被检查单位信用代码,检查时间,检查类型,检查结果,发现隐患数,下次检查日期
V1,W001,$A,2026-05-02T10:00:00+08:00,消防检查,正常,0,2026-05-20
V2,W001,$C,2026-05-10T10:00:00+08:00,安全生产检查,正常,0,2026-11-10
V3,W001,$E,2026-05-12T10:00:00+08:00,食品安全检查,正常,0,2026-05-25
V4,W001,$E,2026-05-22T10:00:00+08:00,食品安全检查,发现隐患,2,2026-06-05
V5,W001,$B,2026-05-08T10:00:00+08:00,消防检查,未遇,,
V6,W001,$G,2026-04-10T10:00:00+08:00,消防安全检查,正常,0,2026-05-10
V7,W001,$H,2026-05-16T10:00:00+08:00,日常走访,正常,,
V9,W001,$F,2026-05-15T10:00:00+08:00,消防检查,发现隐患,1,2026-05-30
V10,W001,$C,2026-06-03T10:00:00+08:00,安全检查,正常,0,2026-12-03
V11,W001,$I,2026-06-02T10:00:00+08:00,消防检查,正常,0,2027-06-02
EOF
run grid-import -t visits --strict inspections.csv
status 0 "the inspections, with Chinese headers and labels"
is "$(sql "SELECT kind || ' ' || result || ' ' || hazards || ' ' || next_date FROM visits WHERE id = 'V4'")" \
    "food_inspection problem 2 2026-06-05" "kind, result, hazards and next date stored"

# --- refusals: located, exit 65, nothing written -------------------------
snapshot before.sql
Z=91320508MA1QQQQQQ7
printf '%s\n' id,org_uscc,at,kind,result,hazards \
    "V20,$A,2026-06-10T09:00:00+08:00,fire_inspection,met,0" \
    "V21,$Z,2026-06-10T10:00:00+08:00,fire_inspection,met,0" >unknown.csv
run grid-import -t visits --strict unknown.csv
status 65 "an inspection of an unknown organisation"
err_line "grid-import: unknown.csv:3: org_uscc: no such row in orgs: '$Z'" \
    "named by file, line and field"
printf '%s\n' id,org_uscc,at,kind,result,hazards,next_date \
    "V22,$A,2026-06-10T09:00:00+08:00,消防检查,正常,0,2026-06-09" >early.csv
run grid-import -t visits early.csv
status 65 "a next date before the inspection"
err_line "grid-import: early.csv:2: next_date: '2026-06-09' is before the visit's date 2026-06-10" \
    "named by file, line and field"
printf '%s\n' id,house_id,at,kind,result \
    "V23,H0002,2026-06-10T09:00:00+08:00,fire_inspection,met" >noorg.csv
run grid-import -t visits noorg.csv
status 65 "an inspection of no organisation"
err_line "grid-import: noorg.csv:2: org_uscc: an inspection (fire_inspection) needs org_uscc, the organisation inspected" \
    "named by file, line and field"
printf '%s\n' id,org_uscc,at,kind,hazards \
    "V24,$A,2026-06-10T09:00:00+08:00,food_inspection,0" >noresult.csv
run grid-import -t visits noresult.csv
status 65 "an inspection without its result"
err_has "noresult.csv:2: result: an inspection needs its result" \
    "named by file, line and field"
printf '%s\n' id,org_uscc,at,kind,result,hazards \
    "V25,$A,2026-06-10T09:00:00+08:00,safety_inspection,正常,3" >met.csv
run grid-import -t visits met.csv
status 65 "a passed inspection that found hazards"
err_line "grid-import: met.csv:2: result: 'met' (passed) but 3 hazards found: the result is problem" \
    "named by file, line and field"
snapshot after.sql
same before.sql after.sql "the refusals changed nothing"

# --- inspections per street, May 2026 ------------------------------------
# 平江 320508018: active orgs A, B, C (D closed) = 3; inspected in May A
# (V1) and C (V2) = 2, 2 inspections, 0 hazards found; passed A and C = 2;
# recurred C (S5 on 05-20 after V2 on 05-10) = 1, 50.00 %; overdue (the
# latest inspection of each kind before 06-01 whose next date is before
# 06-01): A's fire V1 (05-20) = 1 (C's safety V2 is due 11-10); zero
# reporters A and B = 2; uninspected A (V1 came before its zero report)
# and B (V5 met nobody) = 2.
# 双塔 320508021: E, F, G, H, I = 5; inspected E (V3, V4) and F (V9) = 2,
# 3 inspections, 2 + 1 = 3 hazards found; passed E (V3) = 1; recurred E
# (V4 two hazards after V3) = 1, 100.00 %; overdue F's fire V9 (05-30)
# and G's fire V6 (05-10) = 2 (E's food V4 is due 06-05); zero reporter
# I = 1, inspected by V11 on 06-02, after its zero report: uninspected 0.
run grid-stats hazards --inspections --period 2026-05 --by street -f csv
status 0 "--inspections"
cat >want.csv <<'EOF'
level,unit,unit_name,period,orgs,inspected,inspections,hazards_found,passed,recurred,recurrence_rate,overdue,zero_hazard,uninspected
street,320508018,平江街道,2026-05,3,2,2,0,2,1,50.00,1,2,2
street,320508021,双塔街道,2026-05,5,2,3,3,1,1,100.00,2,1,0
EOF
same want.csv "$T/out" "May per street, every figure by hand"
# June, to now (06-15 10:00): inspected C (V10) and I (V11), both passed,
# nothing recurred (0.00 %); overdue on 06-15: A's fire (05-20); E's food
# V4 (06-05), F's fire (05-30), G's fire (05-10) = 3; no self-report in
# June: no zero reporter.
run grid-stats hazards --inspections --period 2026-06 --by street -f csv
cat >want.csv <<'EOF'
level,unit,unit_name,period,orgs,inspected,inspections,hazards_found,passed,recurred,recurrence_rate,overdue,zero_hazard,uninspected
street,320508018,平江街道,2026-06,3,1,1,0,1,0,0.00,1,0,0
street,320508021,双塔街道,2026-06,5,1,1,0,1,0,0.00,3,0,0
EOF
same want.csv "$T/out" "June to now: overdue on today's date"
run grid-stats hazards --inspections --period 2026-05 --in 320508021019 -f csv
cat >want.csv <<'EOF'
level,unit,unit_name,period,orgs,inspected,inspections,hazards_found,passed,recurred,recurrence_rate,overdue,zero_hazard,uninspected
community,320508021019,沧浪亭社区居委会,2026-05,2,1,2,2,1,1,100.00,0,1,0
EOF
same want.csv "$T/out" "--in a community: E and I"
run grid-stats hazards --period 2026-05 --by street -f csv
is "$(cut -d, -f2,10 "$T/out" | tr '\n' ' ')" \
    "unit,zero_hazard 320508018,2 320508021,1 " \
    "the self-report report's zero_hazard agrees"

# --- the lists -----------------------------------------------------------
# Uninspected in May: A (last inspection V1, before its zero report) and
# B (never inspected: V5 met nobody); legal_rep and phone masked.
run grid-stats hazards --uninspected --period 2026-05 -f csv
status 0 "--uninspected"
cat >want.csv <<EOF
period,uscc,name,grid_code,supervision_level,legal_rep,phone,zero_reports,last_zero_report,last_inspection,last_kind,next_date
2026-05,$A,苏州观前怡和餐饮管理有限公司,32050801801401,district,**,138****0001,1,2026-05-03T09:00:00+08:00,2026-05-02T10:00:00+08:00,fire_inspection,2026-05-20
2026-05,$B,苏州平江锦绣文化传媒有限公司,32050801801902,district,***,138****0002,1,2026-05-05T09:00:00+08:00,,,
EOF
same want.csv "$T/out" "the zero reporters to inspect, masked"
ok "no reveal recorded without --reveal" test ! -e "$LOG"
# Recurred in May: C (passed V2 05-10, S5 05-20) and E (passed V3 05-12,
# V4 05-22); A passed and had nothing after.
run grid-stats hazards --recurred --period 2026-05 -f csv
status 0 "--recurred"
cat >want.csv <<EOF
period,uscc,name,grid_code,supervision_level,legal_rep,phone,passed_at,passed_kind,recurred_at,recurred_by,hazard_events
2026-05,$C,苏州同德酒店管理有限公司,32050801802302,district,**,138****0003,2026-05-10T10:00:00+08:00,safety_inspection,2026-05-20T09:00:00+08:00,self_report,1
2026-05,$E,姑苏区青石小吃店,32050802101902,street,**,138****0005,2026-05-12T10:00:00+08:00,food_inspection,2026-05-22T10:00:00+08:00,inspection,1
EOF
same want.csv "$T/out" "the orgs whose hazards came back, masked"

# --- the inspection of a zero reporter takes it off the list -------------
printf '%s\n' id,worker_id,org_uscc,at,kind,result,hazards,next_date \
    "V30,W001,$B,2026-06-12T09:00:00+08:00,fire_inspection,met,0,2026-12-12" \
    >b.csv
run grid-import -t visits b.csv
status 0 "B inspected on 06-12"
run grid-stats hazards --uninspected --period 2026-05 -f csv
is "$(sed 1d "$T/out" | cut -d, -f2)" "$A" "B is off May's list"

# --- --reveal, recorded first --------------------------------------------
run grid-stats hazards --uninspected --period 2026-05 --reveal -f csv
status 0 "--uninspected --reveal"
out_has "于勇,13800000001" "unmasked with --reveal"
ok "the reveal recorded" grep -q '"list": *"hazards --uninspected"' "$LOG"
run grid-stats hazards --recurred --period 2026-05 --reveal -f csv
out_has "王娟,13800000003" "--recurred unmasked with --reveal"
ok "that reveal recorded" grep -q '"list": *"hazards --recurred"' "$LOG"
is "$(stat -c %a "$LOG")" 600 "the trace is 0600"

# --- the spot-check sample -----------------------------------------------
# --level district (the default): own = the active orgs supervised by the
# district: A, B, C, I = 4, 50 % rounded up = 2; lower = E, F (street), G
# (community), H (none: community) = 4, 10 % of 4 = 0.4, rounded up = 1.
run grid-stats hazards --sample own:50,lower:10 --seed 20260615 -f csv
status 0 "--sample"
cp "$T/out" sample1.csv
is "$(sed 1d sample1.csv | cut -d, -f3 | tr '\n' ' ')" "own own lower " \
    "2 of 4 own, 1 of 4 lower, own first"
is "$(sed 1d sample1.csv | cut -d, -f1,2,4 | tr '\n' ' ')" \
    "20260615,district,1 20260615,district,2 20260615,district,1 " \
    "seed, level, rank in the stratum"
ok "every own one is supervised by the district" sh -c \
    "sed 1d sample1.csv | awk -F, '\$3 == \"own\" && \$9 != \"district\" { exit 1 }'"
ok "the lower one is no district's" sh -c \
    "sed 1d sample1.csv | awk -F, '\$3 == \"lower\" && \$9 == \"district\" { exit 1 }'"
ok "legal_rep and phone masked" sh -c \
    "sed 1d sample1.csv | awk -F, '\$NF !~ /^138\\*\\*\\*\\*/ { exit 1 }'"
run grid-stats hazards --sample own:50,lower:10 --seed 20260615 -f csv
same sample1.csv "$T/out" "the same seed, the same bytes"
run grid-stats hazards --sample lower:10,own:50 --seed 20260615 -f csv
same sample1.csv "$T/out" "the shares in any order"
run grid-stats hazards --sample own:50,lower:10 --seed 7 -f csv
ok "another seed, another sample" sh -c "! cmp -s sample1.csv '$T/out'"
is "$(sed 1d "$T/out" | wc -l | tr -d ' ')" 3 "of the same size"
run grid-stats hazards --sample own:100,lower:100 --seed 1 -f csv
is "$(sed 1d "$T/out" | cut -d, -f3 | sort | uniq -c | tr -s ' ' | tr '\n' ' ')" \
    " 4 lower  4 own " "100 %: every active org once (D closed)"
is "$(sed 1d "$T/out" | cut -d, -f6 | sort -u | wc -l | tr -d ' ')" 8 \
    "no org twice"
run grid-stats hazards --sample own:100 --seed 1 -f csv
is "$(sed 1d "$T/out" | wc -l | tr -d ' ')" 4 "lower left out: 0 %"
# --unit 双塔 (its level, street, by default): own E, F = 2, 50 % = 1;
# lower G and H (community) = 2, 10 % of 2 rounded up = 1; I (district)
# is above the street's teams.
run grid-stats hazards --sample own:50,lower:10 --seed 3 --unit 320508021 -f csv
status 0 "--sample --unit a street"
is "$(sed 1d "$T/out" | cut -d, -f2,3 | tr '\n' ' ')" \
    "street,own street,lower " "the street's own, then lower"
ok "of the street's orgs" sh -c \
    "sed 1d '$T/out' | cut -d, -f6 | grep -qvxE '$E|$F|$G|$H' && exit 1 || exit 0"
run grid-stats hazards --sample own:0,lower:100 --seed 3 --unit 320508021 -f csv
is "$(grep -c 'no supervision_level: community' "$T/out")" 1 \
    "H, without a level, taken as community and said so"
run grid-stats hazards --sample own:50,lower:10 --seed 3 --level street --in 320508021 -f csv
is "$(sed 1d "$T/out" | wc -l | tr -d ' ')" 2 "--in serves as --unit"
run grid-stats hazards --sample own:50 --seed 1 --reveal -f csv
out_has ",13800000" "--sample unmasked with --reveal"
ok "that reveal recorded" grep -q '"list": *"hazards --sample"' "$LOG"

# --- usage ---------------------------------------------------------------
fails_usage() {
	desc=$1
	shift
	run grid-stats hazards "$@"
	status 64 "$desc"
}
fails_usage "--sample needs --seed" --sample own:50
fails_usage "a share above 100" --sample own:150 --seed 1
fails_usage "an unknown stratum" --sample all:50 --seed 1
fails_usage "a stratum twice" --sample own:50,own:10 --seed 1
fails_usage "a seed that is no number" --sample own:50 --seed x
fails_usage "--seed without --sample" --seed 1
fails_usage "--level grid" --sample own:50 --seed 1 --level grid
fails_usage "two lists at once" --uninspected --recurred
fails_usage "a list takes no --by" --recurred --by street
fails_usage "--sample takes no --period" --sample own:50 --seed 1 --period 2026-05
run grid-stats hazards --sample own:50 --seed 1 --unit 320508099 -f csv
status 65 "--unit names no area"
