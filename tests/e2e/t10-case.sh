#!/bin/sh
# grid-case: one case through every step, refused steps (nothing
# changed), --at back-filling, bulk NDJSON with bad records, list
# filters, masking in show, sweep, and steps racing a sweep loop.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401

# new_case [OPTIONS]: reports a case (E0102 in grid 01), prints its id.
new_case() {
	grid-case report --source hotline --category E0102 --grid $G1 \
	    -f tsv "$@" | tail -n 1 | cut -f 1
}

# --- one case through every step -----------------------------------------
run grid-case report --source worker --category E0102 --grid $G1 \
    --reporter 13812345678 --description "垃圾堆放" \
    --at 2026-06-15T08:31:00+08:00 -f tsv
status 0 "report"
id=$(tail -n 1 "$T/out" | cut -f 1)
# the sample's regions made the database's jurisdiction 320508: ids carry it
is "$id" 320508202606150001 \
    "the id is the jurisdiction, the report date and a daily number"
out_has "report		reported	grid	2026-06-15T08:31:00+08:00" \
    "report prints the new case"
step=0
# walk VERB ARGS...: the next step of case $id, a minute after the last.
walk() {
	step=$((step + 1))
	at=$(printf '2026-06-15T08:%02d:00+08:00' $((31 + step)))
	run grid-case "$@" --at "$at" -f csv
	status 0 "$1"
}
walk register "$id"
walk dispatch "$id" --dept D01
out_has ",dispatch,registered,dispatched,grid," "dispatch: one line"
walk extend "$id" --hours 2 --approver 王科长 --reason "rain"
walk park "$id" --reason "no funding"
walk unpark "$id"
walk return "$id" --reason "not ours"
walk dispatch "$id" --dept D02
walk handle "$id" --note "cleaned"
walk verify "$id" --fail --note "still dirty"
out_has ",verify,handled,dispatched," "verify --fail: back to dispatched"
walk handle "$id" --note "cleaned again"
walk verify "$id" --pass
walk close "$id"
walk rate "$id" A
# side paths on new cases (reported now, so no --at)
run grid-case escalate "$(new_case)" --to street --reason "big"
status 0 "escalate --to"
run grid-case merge "$(new_case)" --into "$(new_case)"
status 0 "merge --into"
run grid-case void "$(new_case)" --reason "not a case"
status 0 "void"
is "$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM
    case_log WHERE case_id = '$id' ORDER BY id)")" \
    "report register dispatch extend park unpark return dispatch handle verify handle verify close rate" \
    "case_log has every step, in order"
is "$(sql "SELECT status, dept_code, rating, rework_count FROM cases
    WHERE id = '$id'")" "closed|D02|A|1" "the case is closed, rated, reworked"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$id' AND
    actor = 'tester'")" 14 "every step by \$GRID_ACTOR"
run grid-case log "$id" -f csv
status 0 "log"
is "$(wc -l <"$T/out" | tr -d ' ')" 15 "log: a header and 14 rows"
out_has ',tester,verify,handled,dispatched,"rework 1' "log shows the rework"
is "$(sql "SELECT status || ' ' || level FROM cases WHERE id IN
    (SELECT case_id FROM case_log WHERE action = 'escalate')")" \
    "reported street" "escalate --to street"
is "$(sql "SELECT count(*) FROM cases WHERE status = 'merged' AND
    duplicate_of IS NOT NULL")" 1 "merge --into"

run grid-case report --source worker --category E0102 --grid $G1 \
    --resolved --note "swept it" -f csv
status 0 "report --resolved"
out_has ",report,,closed," "report --resolved: closed at once"

# --- refused steps: message, 65, nothing changed ---------------------------
reported=$(new_case)
dispatched=$(new_case)
grid-case register "$dispatched" >/dev/null &&
    grid-case dispatch "$dispatched" --dept D01 >/dev/null
registered=$(new_case)
grid-case register "$registered" >/dev/null
while IFS='|' read -r case verb args message; do
	snapshot before.sql
	# shellcheck disable=SC2086
	run grid-case $verb $case $args
	status 65 "refused: $verb a case that is $message"
	err_line "grid-case $verb: case $case: cannot $verb a case that is $message" \
	    "refused: the message names case, verb and status"
	snapshot after.sql
	same before.sql after.sql "refused $verb: database unchanged"
done <<EOF
$reported|dispatch|--dept D01|reported
$dispatched|close||dispatched
$registered|rate|A|registered
$registered|handle|--note x|registered
$dispatched|unpark||dispatched
$id|escalate|--reason x|closed
$id|merge|--into $registered|closed
EOF
snapshot before.sql
run grid-case verify "$dispatched" --pass
status 65 "verify a dispatched case"
run grid-case dispatch nosuch --dept D01
status 65 "no such case"
err_has "case nosuch: no such case" "no such case: named"
run grid-case dispatch "$registered" --dept D99
status 65 "unknown department"
snapshot after.sql
same before.sql after.sql "refused steps: database unchanged"

# --- --at: back-filling in order; out of order refused ---------------------
run grid-case report --source worker --category E0102 --grid $G1 \
    --at 2026-06-01T09:00:00+08:00 -f tsv
status 0 "back-filled report"
paper=$(tail -n 1 "$T/out" | cut -f 1)
is "$paper" 320508202606010001 "a back-filled case takes its report date"
run grid-case register "$paper" --at 2026-06-01T10:00:00+08:00
status 0 "back-filled register"
run grid-case dispatch "$paper" --dept D01 --at 2026-06-02T09:00:00+08:00
status 0 "back-filled dispatch"
snapshot before.sql
run grid-case handle "$paper" --note x --at 2026-06-01T11:00:00+08:00
status 65 "--at before the last step refused"
err_has "is before its last step at 2026-06-02T09:00:00+08:00" \
    "--at out of order: message"
run grid-case handle "$paper" --note x --at 2026-06-16T09:00:00+08:00
status 65 "--at in the future refused"
snapshot after.sql
same before.sql after.sql "--at refused: database unchanged"

# --- bulk NDJSON -----------------------------------------------------------
cat >bulk.ndjson <<EOF
{"source": "hotline", "category": "E0102", "grid": "$G1", "reporter": "13900001111"}
{"source": "hotline", "category": "X9999", "grid": "$G1"}
{not json
{"source": "video", "category_code": "E0103", "grid_code": "$G1"}
{"category": "E0102", "grid": "$G1"}
{"source": "nosuch", "category": "E0102", "grid": "$G1"}
EOF
before=$(sql "SELECT count(*) FROM cases")
snapshot before.sql
run sh -c 'grid-case report - --strict <bulk.ndjson'
status 65 "bulk --strict: a bad record aborts"
err_has "nothing was written" "--strict says nothing was written"
snapshot after.sql
same before.sql after.sql "bulk --strict: database unchanged"
run sh -c 'grid-case report - -f csv <bulk.ndjson'
status 65 "bulk: bad records give 65"
err_line "grid-case report: <stdin>:2: category_code: new case: unknown category 'X9999'" \
    "bulk: line 2 named with field and reason"
err_has "grid-case report: <stdin>:3: " "bulk: line 3 (bad JSON) named"
err_has "grid-case report: <stdin>:5: " "bulk: line 5 (no source) named"
err_has "grid-case report: <stdin>:6: source: " "bulk: line 6 (bad source) named"
err_has "6 read, 2 done, 4 rejected" "bulk: summary"
is "$(sql "SELECT count(*) FROM cases") " "$((before + 2)) " \
    "bulk: the good records are in"
is "$(grep -c ',report,' "$T/out")" 2 "bulk: one line per case reported"
run sh -c 'grid-case list --status reported -f ndjson |
    grid-case register - --note "bulk filed" -f csv'
status 0 "list | register -"
is "$(sql "SELECT count(*) FROM cases WHERE status = 'reported'")" 0 \
    "every reported case registered"
printf '{"id": "%s", "dept": "D01"}\n{"id": "nosuch"}\n{"dept": "D01"}\n' \
    "$registered" >steps.ndjson
run sh -c 'grid-case dispatch - <steps.ndjson'
status 65 "bulk dispatch with bad records"
err_has "<stdin>:2: id: case nosuch: no such case" "bulk: unknown id named"
err_has "<stdin>:3: id: " "bulk: record without id named"
is "$(sql "SELECT status FROM cases WHERE id = '$registered'")" dispatched \
    "bulk: the good record is done"

# --- list ------------------------------------------------------------------
count() {
	run grid-case list "$@" -f csv
	echo $(($(wc -l <"$T/out") - 1))
}
all=$(sql "SELECT count(*) FROM cases")
is "$(count)" "$all" "list: every case"
is "$(count --status closed)" 2 "list --status"
is "$(count --level street)" 1 "list --level"
is "$(count --dept D02)" 1 "list --dept"
is "$(count --source video)" 1 "list --source"
is "$(count --category E0103)" 1 "list --category"
is "$(count --grid 320508018014)" "$all" "list --grid: a community code"
is "$(count --grid 320508019)" 0 "list --grid: another street"
is "$(count --from 2026-06-01 --to 2026-06-01)" 1 "list --from --to (a day)"
is "$(count --to 2026-06-14T23:59:59)" 1 "list --to TIME"
is "$(count --limit 3)" 3 "list --limit"
is "$(count --overdue)" 1 "list --overdue: the back-filled dispatch"

# --- show: masking ---------------------------------------------------------
run grid-case show "$id" -f ndjson
status 0 "show"
out_has '"reporter":"138****5678"' "show masks the reporter"
out_has '"status":"closed"' "show: status"
run grid-case show "$id" -f ndjson --reveal
out_has '"reporter":"13812345678"' "show --reveal"
run grid-case show "$id" -f table
ok "show -f table: a line per field" \
    grep -q '^reporter  *138\*\*\*\*5678' "$T/out"
run grid-case show nosuch
status 65 "show an unknown case"

# --- similar ---------------------------------------------------------------
other=$(new_case)
run grid-case similar "$other" -f csv
status 0 "similar"
is "$(sed -n 2p "$T/out" | cut -d, -f1)" "$(sql "SELECT id FROM cases
    WHERE status = 'closed' AND category_code = 'E0102' ORDER BY closed_at
    DESC, id DESC LIMIT 1")" "similar: newest closed first"
is "$(grep -c "cleaned again" "$T/out")" 1 "similar: with handling notes"

# --- sweep -----------------------------------------------------------------
run grid-case sweep --actor cron
status 0 "sweep"
out_has '"action":"overdue"' "sweep marks the overdue case"
is "$(sql "SELECT group_concat(actor) FROM case_log WHERE action =
    'overdue'")" cron "sweep --actor: the log row's actor"
run grid-case sweep
status 0 "sweep again"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "sweep prints nothing when nothing changes"
# sweep_rows [ACTOR]: the log rows of sweeps (by ACTOR).
sweep_rows() {
	sql "SELECT count(*) FROM case_log WHERE action IN ('overdue',
	    'escalate') AND actor LIKE '${1:-%}'"
}
base=$(sweep_rows)
tbase=$(sweep_rows tester)
GRID_NOW=2026-06-17T10:00:00+08:00 run grid-case sweep -f csv
status 0 "sweep, two working days on"
changed=$(sweep_rows)
is "$(($(sweep_rows tester) - tbase))" "$((changed - base))" \
    "sweep: the actor is \$GRID_ACTOR when no --actor"
is "$(($(wc -l <"$T/out") - 1))" "$((changed - base))" \
    "sweep: one line per change"
out_has ",overdue,dispatched,grid,grid," "sweep: newly overdue case"
out_has ",escalate,dispatched," "sweep: escalation"
GRID_NOW=2026-06-17T10:00:00+08:00 run grid-case sweep
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "sweep: nothing more to do"

# --- steps racing a sweep loop ---------------------------------------------
export GRID_NOW=2026-06-17T11:00:00+08:00
for i in 1 2 3 4 5 6; do
	c=$(new_case --at 2026-06-10T09:00:00+08:00)
	grid-case register "$c" --at 2026-06-10T09:05:00+08:00 >/dev/null
	grid-case dispatch "$c" --dept D01 \
	    --at 2026-06-10T09:10:00+08:00 >/dev/null
done
worker() {
	w=$1
	for k in 1 2 3 4 5; do
		c=$(new_case --actor "w$w") || exit 71
		[ -n "$c" ] || exit 72
		grid-case register "$c" --actor "w$w" >/dev/null || exit $?
		grid-case dispatch "$c" --dept D0$w --actor "w$w" \
		    >/dev/null || exit $?
		grid-case handle "$c" --note "done by w$w" --actor "w$w" \
		    >/dev/null || exit $?
	done
}
(worker 1; echo $? >w1.rc) &
(worker 2; echo $? >w2.rc) &
(worker 3; echo $? >w3.rc) &
(i=0; while [ $i -lt 15 ]; do grid-case sweep >>sweeps.out ||
    echo $? >>sweeps.rc; i=$((i + 1)); done) &
wait
is "$(cat w1.rc w2.rc w3.rc | tr '\n' ' ')" "0 0 0 " \
    "three workers, no step refused or busy"
ok "no sweep failed" test ! -s sweeps.rc
for w in 1 2 3; do
	is "$(sql "SELECT count(DISTINCT case_id) FROM case_log
	    WHERE actor = 'w$w'")" 5 "worker $w: five cases"
done
is "$(sql "SELECT count(*) FROM (SELECT case_id, action, count(*) AS n
    FROM case_log WHERE actor LIKE 'w_' GROUP BY case_id, action
    HAVING n <> 1)")" 0 "every worker step logged exactly once"
is "$(sql "SELECT count(*) FROM case_log WHERE actor LIKE 'w_'")" 60 \
    "sixty worker steps"
is "$(sql "SELECT count(*) FROM cases c WHERE c.id IN (SELECT case_id
    FROM case_log WHERE actor LIKE 'w_') AND status <> 'handled'")" 0 \
    "no update lost"
is "$(sql "SELECT count(*) FROM (SELECT case_id, count(*) AS n FROM
    case_log WHERE action = 'overdue' GROUP BY case_id HAVING n > 1)")" 0 \
    "each overdue logged once by the racing sweeps"
is "$(grep -c '"action":"overdue"' sweeps.out)" 6 \
    "the racing sweeps marked the six old cases once"

# --- verify: --pass or --fail, exactly one ---------------------------------
handled=$(new_case)
grid-case register "$handled" >/dev/null &&
    grid-case dispatch "$handled" --dept D01 >/dev/null &&
    grid-case handle "$handled" --note "done" >/dev/null
snapshot before.sql
run grid-case verify "$handled" --pass --fail --note x
status 64 "verify --pass --fail: usage error"
err_line "grid-case verify: give --pass or --fail, not both" \
    "verify --pass --fail: the message"
run grid-case verify "$handled"
status 64 "verify without --pass or --fail: usage error"
err_line "grid-case verify: give --pass or --fail" \
    "verify with neither: the message"
snapshot after.sql
same before.sql after.sql "verify usage errors: database unchanged"
printf '{"id": "%s", "pass": true, "fail": true}\n{"id": "%s"}\n' \
    "$handled" "$handled" >verify.ndjson
run sh -c 'grid-case verify - <verify.ndjson'
status 65 "bulk verify: both or neither in a record: rejected records"
err_has "<stdin>:1: pass: " "bulk verify: line 1 (both) named"
err_has "<stdin>:2: " "bulk verify: line 2 (neither) named"
snapshot after.sql
same before.sql after.sql "bulk verify: nothing done"

# --- imported cases: log without rows, masking in show ---------------------
id_reporter=$(idno 11010519491231002)
{
	echo "id,source,category_code,grid_code,dept_code,reported_at,reporter"
	for r in W007 张三 13812345678 "$id_reporter" 0512-6812345 \
	    110105491231002; do
		echo "I$r,worker,E0102,$G1,D01,2026-06-01 09:00,$r"
	done
} >imported.csv
run grid-import -q -t cases imported.csv
status 0 "import cases (no case_log rows)"
run grid-case log IW007 -f csv
status 0 "log of an imported case"
is "$(cat "$T/out")" "case_id,at,actor,action,from_status,to_status,note,worker_id" \
    "log of an imported case: no rows"
run grid-case log IW007 -f ndjson
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "log of an imported case: ndjson, nothing"
run grid-case log IW007 nosuch
status 65 "log: an unknown id among known ones"
err_line "grid-case log: case nosuch: no such case" "log: the unknown id named"
# reporter ID [OPTIONS]: the reporter as show -f ndjson gives it.
reporter() {
	rid=I$1
	shift
	grid-case show "$rid" -f ndjson "$@" |
	    sed 's/.*"reporter":\([^,]*\),.*/\1/'
}
is "$(reporter W007)" '"W007"' "show: a worker id is not masked"
is "$(reporter 张三)" '"张三"' "show: a name is not masked"
is "$(reporter 13812345678)" '"138****5678"' "show: a phone number is masked"
is "$(reporter "$id_reporter")" \
    "\"110105********$(echo "$id_reporter" | cut -c 15-18)\"" \
    "show: an ID number is masked"
is "$(reporter 0512-6812345)" '"051*****2345"' \
    "show: a phone number with a dash is masked"
is "$(reporter 110105491231002)" '"110*********002"' \
    "show: a 15-digit ID number is masked"
is "$(reporter "$id_reporter" --reveal)" "\"$id_reporter\"" \
    "show --reveal: unmasked"

# --- usage and the database ------------------------------------------------
run grid-case frobnicate
status 64 "unknown verb"
run grid-case dispatch
status 64 "no case id"
run grid-case list --status nosuch
status 64 "unknown status"
run grid-case register "$id" -d nosuch.db
status 69 "missing database"
ok "the database is not created" test ! -e nosuch.db
run grid-case --help
status 0 "--help"
for verb in report register void dispatch return extend park unpark handle \
    verify close rate escalate merge show log list similar sweep; do
	ok "--help lists $verb" grep -qw -- "$verb" "$T/out"
done
