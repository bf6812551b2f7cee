#!/bin/sh
# Disputes (issue 20): a dispute is a case of a category of case_type
# dispute (E0701-E0704) with its parties (people or organisations of the
# registers), mediator, kind of mediation, attempts and outcome
# (grid-case dispute, mediate, parties, show), and grid-stats disputes:
# found, mediated, success rate, resolved at the first line, per unit,
# and --repeated, the parties whose disputes repeat.  A crafted May 2026
# with every figure worked out by hand in the comments; refusals (a party
# not in the register, an attempt on a case that is no dispute, after the
# outcome, on a closed case) each with the field named, exit 65 and the
# database unchanged; the parties and the repeated list masked unless
# --reveal, which is recorded (case_log, DB.reveal.log).
. "$(dirname "$0")/lib.sh"

S=$FIX/stats
LOG=$GRID_DB.reveal.log

# Today is 2026-06-15 (lib.sh).  察院场 320508018014 has the grids
# 32050801801401 and ...402, 北寺塔 320508018019 has ...901, both in
# 平江街道 320508018; 百步街 320508021017 (双塔街道 320508021) has none here.
A=320508194001010114 B=320508195002020220 C=320508194503030318
D=320508198004040421 U=91320508MA1MXKQ68X
cat >people.csv <<EOF
id_number,name,phone,grid_code
$A,甲,13800000001,32050801801401
$B,乙,13800000002,32050801801401
$C,丙,13800000003,32050801801402
$D,丁,13800000004,32050801801901
EOF
cat >orgs.csv <<EOF
uscc,name,grid_code,phone
$U,苏州观前物业管理有限公司,32050801801401,051265000000
EOF
printf '%s\n' id,name W1,王网格 >workers.csv
run grid-import "$S/regions.csv" "$S/grids.csv" workers.csv people.csv \
    orgs.csv
status 0 "the registers load"

# report CATEGORY GRID AT: a case reported, its id in $id.
report() {
	id=$(grid-case report --source worker --category "$1" --grid "$2" \
	    --at "$3" -f id 2>>"$T/report.err")
}
# dispute ID AT PARTY...: the parties of a dispute, recorded at AT.
parties() {
	d=$1 at=$2 args=
	shift 2
	for p in "$@"; do
		args="$args --party $p"
	done
	# shellcheck disable=SC2086 # the IDs are words
	grid-case dispute "$d" --at "$at" $args -f id >/dev/null
}
# mediate ID AT RESULT LEVEL: one attempt.
mediate() {
	grid-case mediate "$1" --at "$2" --result "$3" --level "$4" -f id \
	    >/dev/null
}

# --- the month -----------------------------------------------------------
#   a1 察院场 05-02  甲 乙        05-03 continued grid, 05-05 resolved grid
#   a2 察院场 05-10  甲 乙        05-11 agreement (达成协议) community
#   a3 察院场 05-12  甲 乙 物业   05-13 resolved street
#   a4 察院场 05-20  丙           05-21 referred street
#   b1 北寺塔 05-25  丙           05-26 failed (调解不成) community
#   b2 北寺塔 05-28  丁 物业      05-29 continued community
#   b3 北寺塔 05-30  (none)       no attempt
#   b4 北寺塔 05-31 23:00 甲 丙   06-02 resolved grid: after the month
# Not in May's figures: p1 (04-30 23:59:59, 甲 乙), v1 voided, x1 an
# E0101 (not a dispute).
report E0701 32050801801401 2026-05-02T09:00; a1=$id
report E0702 32050801801402 2026-05-10T09:00; a2=$id
report E0703 32050801801401 2026-05-12T09:00; a3=$id
report E0704 32050801801402 2026-05-20T09:00; a4=$id
report E0701 32050801801901 2026-05-25T09:00; b1=$id
report E0701 32050801801901 2026-05-28T09:00; b2=$id
report E0701 32050801801901 2026-05-30T09:00; b3=$id
report E0701 32050801801901 2026-05-31T23:00; b4=$id
report E0701 32050801801401 2026-04-30T23:59:59; p1=$id
report E0701 32050801801401 2026-05-15T09:00; v1=$id
report E0101 32050801801401 2026-05-16T09:00; x1=$id
is "$(cat "$T/report.err")" "" "the cases are reported"

run grid-case dispute "$a1" --party "$A,$B" --mediator 张调解 \
    --mediation 人民调解 --at 2026-05-02T10:00 -f csv
status 0 "a1: two parties, a mediator, people's mediation (人民调解)"
cat >expected <<EOF
case_id,category_code,status,level,reported_at,parties,mediator,mediator_id,mediation,attempts,last_attempt_at,last_result,outcome,outcome_at,outcome_level,agreement
$a1,E0701,reported,grid,2026-05-02T09:00:00+08:00,2,张调解,,people,0,,,,,,
EOF
same expected "$T/out" "the dispute printed"
is "$(sql "SELECT group_concat(action || ':' || note, ' | ') FROM case_log WHERE case_id = '$a1' AND action <> 'report'")" \
    "party:party 1: person, party | party:party 2: person, party | dispute:mediator 张调解, mediation people" \
    "each party and the mediator logged, no ID number in the log"
parties "$a2" 2026-05-10T10:00 "$A" "$B" &&
    parties "$a3" 2026-05-12T10:00 "$A" "$B" "$U" &&
    parties "$a4" 2026-05-20T10:00 "$C" &&
    parties "$b1" 2026-05-25T10:00 "$C" &&
    parties "$b2" 2026-05-28T10:00 "$D" "$U" &&
    parties "$b4" 2026-06-01T10:00 "$A" "$C" &&
    parties "$p1" 2026-05-01T10:00 "$A" "$B"
ok "the other parties" [ $? -eq 0 ]
run grid-case dispute "$b2" --mediator-worker W1 --mediation 行政调解 \
    --at 2026-05-28T11:00 -f csv
status 0 "b2: a grid worker mediates, administrative mediation"
is "$(sql "SELECT mediator || ' ' || mediator_id || ' ' || mediation FROM disputes WHERE case_id = '$b2'")" \
    "王网格 W1 administrative" "the worker's name and id"

mediate "$a1" 2026-05-03T10:00 continued grid &&
    mediate "$a1" 2026-05-05T10:00 resolved grid &&
    mediate "$a4" 2026-05-21T10:00 移交 street &&
    mediate "$b1" 2026-05-26T10:00 调解不成 社区 &&
    mediate "$b2" 2026-05-29T10:00 continued community &&
    mediate "$b4" 2026-06-02T10:00 resolved grid &&
    mediate "$a3" 2026-05-13T10:00 resolved street
ok "the attempts, Chinese results and levels among them" [ $? -eq 0 ]
run grid-case mediate "$a2" --result 达成协议 --level 社区 \
    --agreement '赔偿500元' --at 2026-05-11T10:00 -f csv
status 0 "a2: an agreement at community level"
cat >expected <<EOF
case_id,category_code,status,level,reported_at,parties,mediator,mediator_id,mediation,attempts,last_attempt_at,last_result,outcome,outcome_at,outcome_level,agreement
$a2,E0702,reported,grid,2026-05-10T09:00:00+08:00,2,,,,1,2026-05-11T10:00:00+08:00,agreement,agreement,2026-05-11T10:00:00+08:00,community,赔偿500元
EOF
same expected "$T/out" "the outcome, its time, level and agreement"
run grid-case void "$v1" --reason 重复 --at 2026-05-15T10:00
status 0 "v1 voided"

# --- refusals: the field named, exit 65, the database unchanged ----------
snapshot before.sql
refused() {
	status 65 "$1"
	err_has "$2" "$1: the message"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$1: nothing printed"
	snapshot after.sql
	same before.sql after.sql "$1: the database unchanged"
}
run grid-case dispute "$b3" --party 320508199901010012
refused "a party not in the register" \
    "grid-case dispute: party: case $b3: party 1 '320508199901010012' is neither a person in people nor an organisation in orgs"
run grid-case dispute "$b3" --party "$D,$D"
refused "a party given twice" "party: case $b3: party 2 '$D' is a party of it already"
run grid-case dispute "$a1" --party "$B"
refused "a party of the case already" "party 1 '$B' is a party of it already"
run grid-case mediate "$x1" --result continued --at 2026-05-17
refused "an attempt on a case that is no dispute" \
    "grid-case mediate: category_code: case $x1: category E0101 is not a dispute category (case_type dispute)"
run grid-case mediate "$a1" --result continued --at 2026-05-06
refused "an attempt after the outcome" \
    "grid-case mediate: result: case $a1: the dispute has ended already (resolved at 2026-05-05T10:00:00+08:00): no attempt after its outcome"
run grid-case mediate "$v1" --result continued --at 2026-05-16
refused "an attempt on a voided case" \
    "grid-case mediate: status: case $v1: cannot record a dispute step on a case that is voided"
run grid-case report --source worker --category E0701 \
    --grid 32050801801901 --at 2026-06-01T09:00 --resolved --note 当场化解 \
    -f id
status 0 "a dispute solved on the spot: closed at once"
closed=$(cat "$T/out")
snapshot before.sql
run grid-case mediate "$closed" --result resolved --at 2026-06-01T10:00
refused "an attempt on a closed case" \
    "status: case $closed: cannot record a dispute step on a case that is closed"
run grid-case mediate "$b3" --result continued --at 2026-05-30T08:00
refused "an attempt before the case was reported" \
    "at: case $b3: --at 2026-05-30T08:00:00+08:00 is before the case was reported, 2026-05-30T09:00:00+08:00"
run grid-case mediate "$b3" --result continued --at 2026-06-16
refused "an attempt in the future" "at: case $b3: --at 2026-06-16T00:00:00+08:00 is in the future"
run grid-case mediate "$b3" --result arbitrated
refused "a result out of the vocabulary" "result: case $b3: bad result 'arbitrated'"
run grid-case mediate "$b3"
status 64 "mediate without --result"
run grid-case dispute "$a1" --party "$C" --mediation arbitration -n
refused "a kind of mediation out of the vocabulary" "mediation: case $a1: bad mediation 'arbitration'"
run grid-case dispute "$b3" --party "$D" -n
status 0 "--dry-run"
snapshot after.sql
same before.sql after.sql "--dry-run: nothing written"
run grid-case dispute "$a2" -f csv
status 0 "dispute without options: the dispute printed"
out_has "$a2,E0702,reported,grid,2026-05-10T09:00:00+08:00,2," "its row"
snapshot after.sql
same before.sql after.sql "and nothing written"

# --- the parties, masked unless --reveal -------------------------------
run grid-case parties "$a3" -f csv
status 0 "the parties of a3"
cat >expected <<EOF
case_id,role,kind,party,name,phone
$a3,party,person,320508********0114,甲,138****0001
$a3,party,person,320508********0220,乙,138****0002
$a3,party,org,$U,苏州观前物业管理有限公司,051*****0000
EOF
same expected "$T/out" "ID and phone numbers masked, the USCC not"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")" 0 \
    "no reveal recorded without --reveal"
run grid-case parties "$a3" --reveal -f csv
status 0 "--reveal"
out_has "$a3,party,person,$A,甲,13800000001" "unmasked"
is "$(sql "SELECT actor || ' ' || note FROM case_log WHERE action = 'reveal' AND case_id = '$a3'")" \
    "tester parties --reveal" "the reveal recorded in case_log"
run grid-case parties "$x1"
status 65 "the parties of a case that is no dispute"
run grid-case show "$a3" -f table
status 0 "show a dispute"
out_has "dispute.outcome_level  street" "show: its outcome"
out_has "320508********0114" "show: the parties masked"
out_has "2026-05-13T10:00:00+08:00 street resolved" "show: its attempts"

# --- the figures of May ------------------------------------------------
# 察院场: a1-a4 found and mediated; resolved a1 (grid), a2 (agreement,
#   community), a3 (street): 3 / 4 = 75.00 %; first line a1, a2: 2 / 3 =
#   66.67 %; a4 referred; none open.
# 北寺塔: b1-b4 found; mediated b1, b2 (b4's attempt is in June): 2;
#   nothing resolved: 0 / 2 = 0.00 %, no first-line share; b1 failed;
#   b2, b3, b4 open.
# 百步街: nothing, no rates.
run grid-stats disputes --month 2026-05 --by community -f csv
status 0 "May by community"
cat >expected <<'EOF'
level,unit,unit_name,period,found,mediated,resolved,success_rate,first_line,first_line_share,referred,failed,open
community,320508018014,察院场社区居委会,2026-05,4,4,3,75.00,2,66.67,1,0,0
community,320508018019,北寺塔社区居委会,2026-05,4,2,0,0.00,0,,0,1,3
community,320508021017,百步街社区居委会,2026-05,0,0,0,,0,,0,0,0
EOF
same expected "$T/out" "every figure as worked out"
# 平江街道: 8 found, 6 mediated, 3 resolved: 50.00 %; 2 of 3 at the
# first line; 1 referred, 1 failed, 3 open.
run grid-stats disputes --month 2026-05 --by street -f csv
cat >expected <<'EOF'
level,unit,unit_name,period,found,mediated,resolved,success_rate,first_line,first_line_share,referred,failed,open
street,320508018,平江街道,2026-05,8,6,3,50.00,2,66.67,1,1,3
street,320508021,双塔街道,2026-05,0,0,0,,0,,0,0,0
EOF
same expected "$T/out" "by street: the communities summed, rates recomputed"
# 05-01 to 05-12 in 察院场: a1, a2, a3 found; a3's attempt is on 05-13,
# after the period: 2 mediated, 2 resolved (100.00 %), both at the first
# line (100.00 %), a3 open.
run grid-stats disputes --from 2026-05-01 --to 2026-05-12 --in 320508018014 \
    -f csv
cat >expected <<'EOF'
level,unit,unit_name,period,found,mediated,resolved,success_rate,first_line,first_line_share,referred,failed,open
community,320508018014,察院场社区居委会,2026-05-01..2026-05-12,3,2,2,100.00,2,100.00,0,0,1
EOF
same expected "$T/out" "--from/--to and --in: as it stood at the period's end"
run grid-stats disputes --month 2026-05 --by community -f html -o d.html
status 0 "an html page"
ok "the page has the Chinese headers and the chart" \
    grep -q '调解成功率' d.html
run grid-stats disputes --month 2026-05 --from 2026-05-01
status 64 "--month and --from"

# --- repeated disputes of the same parties -------------------------------
# 甲 and 乙 are parties of a1, a2, a3 (p1 is April's); 丙 is the only
# party of a4 and b1.  甲-物业, 乙-物业 (a3), 丁-物业 (b2), 甲-丙 (b4): once.
run grid-stats disputes --month 2026-05 --repeated -f csv
status 0 "--repeated"
cat >expected <<EOF
period,party_a,name_a,party_b,name_b,disputes,case_ids,first_reported,last_reported,open,grid_code
2026-05,320508********0114,甲,320508********0220,乙,3,"$a1,$a2,$a3",2026-05-02T09:00:00+08:00,2026-05-12T09:00:00+08:00,0,32050801801401
2026-05,320508********0318,丙,,,2,"$a4,$b1",2026-05-20T09:00:00+08:00,2026-05-25T09:00:00+08:00,0,32050801801901
EOF
same expected "$T/out" "the pairs (both ended), ID numbers masked"
ok "no reveal logged without --reveal" [ ! -e "$LOG" ]
run grid-stats disputes --month 2026-05 --repeated --reveal -f csv
status 0 "--repeated --reveal"
out_has "2026-05,$A,甲,$B,乙,3," "unmasked"
ok "the reveal logged first" grep -q '"list": *"disputes --repeated"' "$LOG"

# --- records are no steps -----------------------------------------------
# A June dispute (no May figure changes): its parties and mediator entered
# today, 06-15, are records; the registration back-dated to 06-10 is
# taken; a void before it is not (exit 65, nothing changed).
report E0702 32050801801402 2026-06-10T09:00; j1=$id
parties "$j1" 2026-06-15T09:00 "$A" "$D" &&
    grid-case dispute "$j1" --mediator 张调解 -q >/dev/null
ok "j1's parties and mediator entered on 06-15" [ $? -eq 0 ]
run grid-case register "$j1" --at 2026-06-10T09:30 -f csv
status 0 "j1 registered back-dated to 06-10, after the report"
is "$(sql "SELECT status || ' ' || registered_at FROM cases WHERE id = '$j1'")" \
    "registered 2026-06-10T09:30:00+08:00" "registered then"
snapshot before.sql
run grid-case void "$j1" --reason 重复 --at 2026-06-10T09:10
refused "a void before the registration, the last step" \
    "grid-case void: at: case $j1: --at 2026-06-10T09:10:00+08:00 is before its last step at 2026-06-10T09:30:00+08:00"
mediate "$j1" 2026-06-11T10:00 continued grid
ok "an attempt on 06-11" [ $? -eq 0 ]
snapshot before.sql
run grid-case void "$j1" --reason 重复 --at 2026-06-10T12:00
refused "a void before the attempt, a step too" \
    "--at 2026-06-10T12:00:00+08:00 is before its last step at 2026-06-11T10:00:00+08:00"

# --- '-': records on standard input -------------------------------------
# Three June disputes (after May's figures) k1, k2, k3, their parties and
# mediators from NDJSON: a bad record is named by its line and skipped,
# the good ones written (exit 65); --strict writes nothing; mediate from
# the rows of dispute (-f csv), from CSV with a result per record, and
# from bare ids; --dry-run.
report E0701 32050801801901 2026-06-11T09:00; k1=$id
report E0702 32050801801901 2026-06-11T09:30; k2=$id
report E0703 32050801801901 2026-06-11T10:00; k3=$id
cat >in.ndjson <<EOF2
{"id":"$k1","party":"$A,$B","mediator":"李调解","at":"2026-06-12T10:00"}
{"id":"$k2","party":"320508199901010012"}
{"case_id":"$k2","party":"$C","role":"代表"}
{"id":"$k3","mediation":"arbitration"}
{"id":"NOSUCHCASE"}
EOF2
snapshot before.sql
run grid-case dispute - --at 2026-06-12T11:00 --strict -f csv <in.ndjson
status 65 "dispute - --strict: a rejected record"
err_line "grid-case dispute: <stdin>:2: party: case $k2: party 1 '320508199901010012' is neither a person in people nor an organisation in orgs" \
    "the record named by its line"
err_has "--strict: stopped at the first rejected record" "--strict said so"
snapshot after.sql
same before.sql after.sql "--strict: nothing written"
run grid-case dispute - --at 2026-06-12T11:00 -f csv <in.ndjson
status 65 "dispute -: bad records skipped, the good ones written"
err_line "grid-case dispute: <stdin>:4: mediation: case $k3: bad mediation 'arbitration' (one of: people, administrative, judicial)" \
    "a bad value named by its line"
err_line "grid-case dispute: <stdin>:5: case_id: case NOSUCHCASE: no such case" \
    "an unknown case named by its line"
err_line "grid-case dispute: <stdin>: 5 read, 2 done, 3 rejected" "the summary"
cat >expected <<EOF2
case_id,category_code,status,level,reported_at,parties,mediator,mediator_id,mediation,attempts,last_attempt_at,last_result,outcome,outcome_at,outcome_level,agreement
$k1,E0701,reported,grid,2026-06-11T09:00:00+08:00,2,李调解,,,0,,,,,,
$k2,E0702,reported,grid,2026-06-11T09:30:00+08:00,1,,,,0,,,,,,
EOF2
same expected "$T/out" "a row per record done"
is "$(sql "SELECT group_concat(c.case_id || ' ' || c.role || ' ' || l.at, '; ') FROM case_parties c JOIN case_log l ON l.case_id = c.case_id AND l.action = 'party' AND l.note LIKE 'party ' || c.id || ':%' WHERE c.case_id IN ('$k1', '$k2')")" \
    "$k1 party 2026-06-12T10:00:00+08:00; $k1 party 2026-06-12T10:00:00+08:00; $k2 representative 2026-06-12T11:00:00+08:00" \
    "the record's time over the option's, the Chinese role"

run sh -c "grid-case dispute '$k1' -f csv | grid-case mediate - --result continued --at 2026-06-13T10:00 -f csv"
status 0 "dispute -f csv | mediate -: one attempt per row"
out_has "$k1,E0701,reported,grid,2026-06-11T09:00:00+08:00,2,李调解,,,1,2026-06-13T10:00:00+08:00,continued," \
    "the attempt, the dispute's mediator and the case's level"
printf 'id,result,level,agreement\n%s,达成协议,community,赔偿\n%s,,,\n' \
    "$k1" "$k2" >attempts.csv
run grid-case mediate - --at 2026-06-14T10:00 -f csv <attempts.csv
status 65 "mediate - from CSV: a record without a result"
err_line "grid-case mediate: <stdin>:3: result: case $k2: mediate needs a result" \
    "named by its line"
out_has "$k1,E0701,reported,grid,2026-06-11T09:00:00+08:00,2,李调解,,,2,2026-06-14T10:00:00+08:00,agreement,agreement,2026-06-14T10:00:00+08:00,community,赔偿" \
    "k1's agreement from its record"
snapshot before.sql
run grid-case mediate - --result continued -n -f csv <<EOF2
$k2
$k3
EOF2
status 0 "mediate - from bare ids, --dry-run"
is "$(grep -c ',continued,' "$T/out")" 2 "both rows printed"
err_has "rolled back, nothing was written" "--dry-run said so"
snapshot after.sql
same before.sql after.sql "--dry-run: nothing written"
run grid-case mediate - --result continued --at 2026-06-14T11:00 -q <<EOF2
{"id":"$k2","reslt":"resolved"}
EOF2
status 0 "an unknown key"
err_line "grid-case mediate: <stdin>:1: reslt: unknown key, ignored" \
    "named once, as a warning"
is "$(sql "SELECT result FROM dispute_attempts WHERE case_id = '$k2'")" \
    continued "the option's result"
run grid-case mediate - --result resolved </dev/null
status 0 "mediate - on an empty input: nothing to do"
err_line "grid-case mediate: <stdin>: 0 read, 0 done, 0 rejected" "said so"
run grid-case dispute "$k1" --role 代表
status 64 "--role without --party: still a usage error for one case"
