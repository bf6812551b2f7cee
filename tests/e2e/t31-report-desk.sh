#!/bin/sh
# grid-report: the figures of the case desk (on-time dispatch, dispatch
# accuracy, sign-for, replies) and the worker score, on a month of cases
# walked through grid-case (May 2026, the default calendar: Monday to
# Friday 08:30-12:00, 13:30-17:30; default limits: dispatch and ack 2
# working hours, check 2 working hours, verify 1 working day, reply 5
# working days).  Every figure is worked out by hand in the comments; by
# community, department and worker; merged; refusals of a bad setting.
. "$(dirname "$0")/lib.sh"

M=2026-05
C=320508018014
G1=32050801801401
G2=32050801801402

cat >regions.csv <<EOF
code,level,name,parent_code
320508,district,姑苏区,
320508018,street,平江街道,320508
$C,community,察院场社区,320508018
EOF
cat >departments.csv <<EOF
code,name
D01,城管执法局
D02,市政市容委
EOF
cat >grids.csv <<EOF
code,community_code,name,kind
$G1,$C,第1网格,unit
$G2,$C,第2网格,unit
EOF
cat >workers.csv <<EOF
id,name,kind
W001,郭勇,full_time
W002,高磊,full_time
W003,林芳,part_time
EOF
cat >worker_grids.csv <<EOF
worker_id,grid_code
W001,$G1
W003,$G1
W002,$G2
EOF
grid-import -q regions.csv departments.csv grids.csv workers.csv \
    worker_grids.csv || exit 1

at() { echo "2026-05-$1+08:00"; }
step() {
	grid-case "$@" >/dev/null 2>"$T/step.err" ||
	    { echo "# grid-case $*: $(cat "$T/step.err")"; return 1; }
}
# E1: W001's own case: dispatched 20 minutes after registering, signed
# for after 30 minutes, verified by W001 the next morning.
step report --id E1 --source worker --category C0101 --grid $G1 \
    --reporter W001 --worker W001 --at "$(at 04T09:00:00)" &&
step register E1 --at "$(at 04T09:10:00)" &&
step dispatch E1 --dept D01 --deadline "$(at 05T17:30:00)" \
    --at "$(at 04T09:30:00)" &&
step ack E1 --at "$(at 04T10:00:00)" &&
step handle E1 --note done --at "$(at 04T14:00:00)" &&
step verify E1 --pass --worker W001 --at "$(at 05T09:00:00)" &&
# E2: a hotline call in G1, registered at 13:00 (the check took 3 hours),
# dispatched to the wrong department, returned, dispatched again at
# 16:00, signed for at 09:00 the next day, answered, verified late by
# W003.
step report --id E2 --source hotline --category C0101 --grid $G1 \
    --at "$(at 06T10:00:00)" &&
step register E2 --at "$(at 06T13:00:00)" &&
step dispatch E2 --dept D02 --deadline "$(at 08T17:30:00)" \
    --at "$(at 06T14:00:00)" &&
step return E2 --reason "not ours" --at "$(at 06T15:00:00)" &&
step dispatch E2 --dept D01 --deadline "$(at 08T17:30:00)" \
    --at "$(at 06T16:00:00)" &&
step ack E2 --at "$(at 07T09:00:00)" &&
step reply E2 "the road crew comes tomorrow" --at "$(at 07T10:00:00)" &&
step handle E2 --note done --at "$(at 07T11:00:00)" &&
step verify E2 --pass --worker W003 --at "$(at 08T11:30:00)" &&
# E3: a hotline call in G2, voided an hour later (checked in time).
step report --id E3 --source hotline --category C0101 --grid $G2 \
    --at "$(at 11T09:00:00)" &&
step void E3 --reason "not a case" --at "$(at 11T10:00:00)"
ok "the month walked through grid-case" test $? -eq 0
is "$(sqlite3 "$GRID_DB" "SELECT id, reply_due FROM cases ORDER BY id" |
    tr '\n' ' ')" "E1|2026-05-11T09:00:00+08:00 E2|2026-05-13T10:00:00+08:00 E3|2026-05-18T09:00:00+08:00 " \
    "reply_due: 5 working days after the report"

# field FILE UNIT KEY...: the values of KEYs in UNIT's row of a csv
# report, joined by '|'.
field() {
	awk -F, -v unit="$2" -v keys="$3" 'NR == 1 {
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	$2 == unit {
		k = split(keys, key, " ")
		s = ""
		for (i = 1; i <= k; i++)
			s = s (i > 1 ? "|" : "") $(col[key[i]])
		print s
	}' "$1"
}
DESK="dispatch_due dispatched_on_time on_time_dispatch_rate dispatches \
accurate_dispatches dispatch_accuracy_rate acked acked_on_time \
on_time_ack_rate reply_due replied replied_on_time reply_rate \
on_time_reply_rate"
WORKER="reported filed valid_report_rate grid_registered missed \
missed_report_rate check_due checked_on_time on_time_check_rate verified \
verified_on_time on_time_verify_rate score grade rank"

# --- by community -----------------------------------------------------------
run grid-report monthly --month $M --by community -f csv
status 0 "monthly by community"
cp "$T/out" community.csv
# Due for dispatch: E1 (registered 09:10, limit 11:10, dispatched 09:30)
# and E2 (registered 13:00, in the lunch break: limit 15:30, first
# dispatch 14:00): both on time.  Dispatches: E1's, E2's two, the first
# returned: 2 of 3 accurate.  Signed for: E1's (limit 11:30) and E2's
# second (16:00 + 1.5 h that day + 0.5 h = 09:00, acked 09:00): both on
# time, 2 of 3 dispatches.  Replies due in May: E1 (11th, none), E2
# (13th, answered the 7th); E3 voided.
is "$(field community.csv $C "$DESK")" \
    "2|2|100.00|3|2|66.67|2|2|66.67|2|1|1|50.00|50.00" \
    "察院场: every figure of the case desk"
is "$(field community.csv $C "dispatched returned")" "2|1" \
    "察院场: the case counts dispatched and returned, unchanged"
is "$(field community.csv $C "missed grid_registered verified")" "||" \
    "察院场: the worker's columns are empty on region rows"
run grid-report monthly --month 2026-04 --by community -f csv
is "$(field "$T/out" $C "$DESK")" "0|0||0|0||0|0||0|0|0||" \
    "April: nothing due, every rate empty"

# --- by department ----------------------------------------------------------
run grid-report monthly --month $M --by dept -f csv
status 0 "monthly by dept"
# E1 and E2 are D01's (its last department): all of the above.
is "$(field "$T/out" D01 "$DESK")" \
    "2|2|100.00|3|2|66.67|2|2|66.67|2|1|1|50.00|50.00" \
    "D01: the figures of E1 and E2, its wrong dispatch included"
is "$(field "$T/out" D02 "dispatches dispatch_accuracy_rate reply_due")" \
    "0||0" "D02: nothing of its own"

# --- by worker --------------------------------------------------------------
run grid-report monthly --month $M --by worker -f csv
status 0 "monthly by worker"
cp "$T/out" worker.csv
# W001 (G1, with W003): reported E1, registered.  Registered in G1: E1,
# E2; E2 reported by the public: missed.  To check: E2, limit 12:00,
# registered 13:00: late.  Verified E1 the 5th 09:00; handled the 4th
# 14:00 + 7.5 working hours = the 5th 14:00: on time.
# Score: 100 x 40 + (100 - 50) x 20 + 0 x 20 + 100 x 20 = 70.00, C.
is "$(field worker.csv W001 "$WORKER")" \
    "1|1|100.00|2|1|50.00|1|0|0.00|1|1|100.00|70.00|C|2" \
    "W001: the four indicators and the score"
# W003 (G1): no report (valid report empty, left out); verified E2 the
# 8th 11:30, handled the 7th 11:00 + 7.5 h = the 8th 11:00: late.
# Score: (50 x 20 + 0 x 20 + 0 x 20) / 60 = 16.67, E.
is "$(field worker.csv W003 "$WORKER")" \
    "0|0||2|1|50.00|1|0|0.00|1|0|0.00|16.67|E|3" \
    "W003: an empty indicator is left out of the score"
# W002 (G2): E3 to check, voided 10:00, limit 11:00: 100.00, A.
is "$(field worker.csv W002 "$WORKER")" \
    "0|0||0|0||1|1|100.00|0|0||100.00|A|1" \
    "W002: checked in time, nothing else"
is "$(field worker.csv W001 "dispatch_due dispatches reply_due")" "1|1|1" \
    "W001: the desk's figures of the cases W001 reported"

# --- the default tables: the desk's rates, the worker score -----------------
# header WORDS...: the header line of $T/out has exactly these columns
header() {
	is "$(sed -n 1p "$T/out" | tr -s ' ' | sed 's/^ //; s/ $//')" "$*" \
	    "$by -f table: the main columns"
}
by=community
run grid-report monthly --month $M --by community -f table
header rank unit unit_name reported registered due_to_close closed \
    closure_rate closed_on_time on_time_closure_rate public_verified_rate \
    rework_rate satisfaction_rate on_time_dispatch_rate \
    dispatch_accuracy_rate on_time_ack_rate reply_rate overdue_open \
    handling_hours_mean score grade score_change
ok "community table: 察院场's desk rates (100.00 66.67 66.67 50.00)" \
    grep -q "察院场社区 .* 100\.00 *66\.67 *66\.67 *50\.00 " "$T/out"
by=dept
run grid-report monthly --month $M --by dept -f table
header rank unit unit_name dispatched returned handled due_to_close \
    handled_due handling_rate handled_due_on_time on_time_handling_rate \
    rework_rate satisfaction_rate on_time_dispatch_rate \
    dispatch_accuracy_rate on_time_ack_rate reply_rate overdue_open \
    handling_hours_mean score grade score_change
ok "dept table: D01's desk rates" \
    grep -q "城管执法局 .* 100\.00 *66\.67 *66\.67 *50\.00 " "$T/out"
by=worker
run grid-report monthly --month $M --by worker -f table
header rank unit unit_name worker_kind reported filed valid_report_rate \
    missed_report_rate on_time_check_rate on_time_verify_rate quota \
    under_quota score grade score_change
# ranked by the worker score: W002 100.00, W001 70.00, W003 16.67
is "$(awk 'NR > 2 && NF > 0 && $1 ~ /^[0-9]+$/ { print $1, $2, $(NF - 1),
    $NF }' "$T/out" | tr '\n' ' ')" "1 W002 100.00 A 2 W001 70.00 C 3 W003 16.67 E " \
    "worker table: ranked by the score, with grade"
run grid-report monthly --month $M --by worker -f md
out_has "| missed_report_rate | on_time_check_rate | on_time_verify_rate |" \
    "worker md: the score's rates"
run grid-report monthly --month 2026-04 --by worker -f table
out_has "本月无考核数据：没有网格员有上报、网格立案、应核实或核查的案件" \
    "April by worker: nothing to assess, noted"
run grid-report monthly --month $M --by worker -f html -o worker.html
status 0 "worker html"
ok "worker html: well-formed" xmllint --noout worker.html
ok "worker html: the ranking by score" grep -q '综合指标值排名 Ranking' \
    worker.html
ok "worker html: no chart of reports" sh -c '! grep -q "上报数 Reports" worker.html'
is "$(grep -c '<rect' worker.html)" 3 "worker html: a bar for each scored worker"
is "$(grep -o '>\(郭勇\|高磊\|林芳\)<' worker.html | tr -d '<>' | head -3 |
    tr '\n' ' ')" "高磊 郭勇 林芳 " "worker html: bars in rank order"

# --- merge --------------------------------------------------------------------
for by in worker dept community; do
	grid-report monthly --month $M --by $by -f ndjson >"$by.ndjson"
	grid-report monthly --month $M --by $by -f csv >"$by.csv"
	run grid-report merge "$by.ndjson" "$by.csv" -f csv
	status 0 "merge by $by: the same report twice"
	cp "$T/out" "merged-$by.csv"
done
is "$(field merged-worker.csv W001 "$WORKER")" \
    "2|2|100.00|4|2|50.00|2|0|0.00|2|2|100.00|70.00|C|2" \
    "merge, W001: counts doubled, rates and score recomputed the same"
is "$(field merged-worker.csv W003 "$WORKER")" \
    "0|0||4|2|50.00|2|0|0.00|2|0|0.00|16.67|E|3" \
    "merge, W003: the same"
run grid-report merge worker.ndjson worker.csv -f table
by="merge --by worker"
header rank unit unit_name worker_kind reported filed valid_report_rate \
    missed_report_rate on_time_check_rate on_time_verify_rate quota \
    under_quota score grade score_change
run grid-report merge dept.ndjson -f table
by="merge --by dept"
header rank unit unit_name dispatched returned handled due_to_close \
    handled_due handling_rate handled_due_on_time on_time_handling_rate \
    rework_rate satisfaction_rate on_time_dispatch_rate \
    dispatch_accuracy_rate on_time_ack_rate reply_rate overdue_open \
    handling_hours_mean score grade score_change
run grid-report merge community.ndjson -f table
by="merge --by community"
ok "merge community table: the desk's rates" \
    grep -q "察院场社区 .* 100\.00 *66\.67 *66\.67 *50\.00 " "$T/out"
is "$(field merged-dept.csv D01 "$DESK")" \
    "4|4|100.00|6|4|66.67|4|4|66.67|4|2|2|50.00|50.00" \
    "merge, D01: the desk's counts doubled, its rates the same"
is "$(field merged-community.csv $C "$DESK")" \
    "4|4|100.00|6|4|66.67|4|4|66.67|4|2|2|50.00|50.00" \
    "merge, 察院场: the same"
sed 's/"dispatch_accuracy_rate":66.67/"dispatch_accuracy_rate":99/' \
    community.ndjson >forged.ndjson
run grid-report merge forged.ndjson -f csv
is "$(field "$T/out" $C dispatch_accuracy_rate)" 66.67 \
    "merge: a rate written in a report is recomputed"
sed 's/"accurate_dispatches":[0-9]*,//' community.ndjson >short.ndjson
run grid-report merge short.ndjson
status 65 "merge: a row without accurate_dispatches"
err_has "accurate_dispatches: missing" "merge: names the missing count"
sed 's/"missed":1,/"missed":"x",/' worker.ndjson >bad.ndjson
run grid-report merge bad.ndjson
status 65 "merge: a bad worker count"
err_has "missed: not a count: 'x'" "merge: names it"

# --- settings -----------------------------------------------------------------
sqlite3 "$GRID_DB" "UPDATE settings SET value = 'valid_report:1,speed:2'
    WHERE key = 'weights_worker'"
run grid-report monthly --month $M --by worker -f csv
status 65 "a bad weights_worker"
err_has "unknown weight 'speed'" "the bad key named"
# a setting longer than libgrid reads: refused as too long, not read cut
long="valid_report:40,missed_report:20,on_time_check:20,on_time_verify:2$(
    printf '%0480d' 0)"
sqlite3 "$GRID_DB" "UPDATE settings SET value = '$long'
    WHERE key = 'weights_worker'"
run grid-report monthly --month $M --by worker -f csv
status 65 "a weights_worker of 550 bytes"
err_has "weights_worker: too long (511 bytes or more)" "said too long"
w=valid_report:0,missed_report:0,on_time_check:0,on_time_verify:1
sqlite3 "$GRID_DB" "UPDATE settings SET value = '$w'
    WHERE key = 'weights_worker'"
run grid-report monthly --month $M --by worker -f csv
is "$(field "$T/out" W001 "score grade")" "100.00|A" \
    "weights_worker: on-time verification alone"
sqlite3 "$GRID_DB" "UPDATE settings SET value = '1 hours'
    WHERE key = 'dispatch_limit'"
run grid-report monthly --month $M --by community -f csv
# 09:10 + 1 h = 10:10 (09:30 on time); 13:00 + 1 h = 14:00 (14:00 on time)
is "$(field "$T/out" $C "dispatch_due dispatched_on_time")" "2|2" \
    "dispatch_limit in plain hours"
sqlite3 "$GRID_DB" "UPDATE settings SET value = '0.5 hours'
    WHERE key = 'dispatch_limit'"
run grid-report monthly --month $M --by community -f csv
# 09:10 + 30 min = 09:40 (on time); 13:00 + 30 min = 13:30 (14:00 late)
is "$(field "$T/out" $C "dispatched_on_time on_time_dispatch_rate")" \
    "1|50.00" "dispatch_limit shorter: E2 late"
sqlite3 "$GRID_DB" "UPDATE settings SET value = 'soon'
    WHERE key = 'ack_limit'"
run grid-report monthly --month $M --by community -f csv
status 65 "a bad ack_limit"
err_has "ack_limit" "the setting named"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a bad setting: nothing on stdout"
