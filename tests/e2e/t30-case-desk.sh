#!/bin/sh
# grid-case, the case desk (issue 17): ack and list --unacked, sweep's
# warnings and list --due-within, urgent limits, reply and status, report
# --component and the owner department, extend --until a date, rate
# --correct, similar --distance in metres, categories and departments,
# --worker; every refusal with its message, exit status and the
# database unchanged.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401
COMP=3205080101000001

# refused DESCRIPTION STATUS TEXT COMMAND...: refused with STATUS, TEXT on
# standard error, nothing on standard output, the database unchanged.
refused() {
	what=$1 want=$2 text=$3
	shift 3
	snapshot "$T/before.sql"
	run "$@"
	status "$want" "$what"
	err_has "$text" "$what: says why"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "$what: nothing on stdout"
	snapshot "$T/after.sql"
	same "$T/before.sql" "$T/after.sql" "$what: database unchanged"
}

# new_case AT [OPTIONS]: a registered case (E0102, grid 01), its id.
new_case() {
	at=$1
	shift
	id=$(grid-case report --source hotline --category E0102 --grid $G1 \
	    --at "$at" -f id "$@") &&
	    grid-case register "$id" --at "$at" -f id >/dev/null && echo "$id"
}

# --- ack (签收) and list --unacked ------------------------------------------
a=$(new_case 2026-06-15T08:40:00+08:00)
run grid-case dispatch "$a" --dept D01 --at 2026-06-15T08:45:00+08:00 -f id
status 0 "dispatch"
run grid-case list --unacked -f id
status 0 "list --unacked"
is "$(cat "$T/out")" "$a" "list --unacked: the dispatched case not signed for"
run grid-case ack "$a" --at 2026-06-15T09:00:00+08:00 -f csv
status 0 "ack"
out_has ",ack,dispatched,dispatched," "ack: dispatched to dispatched"
is "$(sql "SELECT note FROM case_log WHERE case_id = '$a' AND action = 'ack'")" \
    "by D01" "ack: logged with the department"
run grid-case list --unacked -f id
is "$(cat "$T/out")" "" "list --unacked: none once signed for"
refused "a second ack of the same dispatch" 65 "already acknowledged" \
    grid-case ack "$a"
r=$(new_case 2026-06-15T08:40:00+08:00)
refused "ack of a registered case" 65 "cannot ack a case that is registered" \
    grid-case ack "$r"

# --- reply (答复), reply_due and status -------------------------------------
is "$(sql "SELECT reply_due FROM cases WHERE id = '$a'")" \
    2026-06-22T08:40:00+08:00 "report: reply_due is 5 working days on"
run grid-case show "$a" -f csv
status 0 "show -f csv"
is "$(head -1 "$T/out" | tr ',' '\n' | tail -1)" reply_due \
    "show: reply_due, the last column"
is "$(sed -n 2p "$T/out" | tr ',' '\n' | tail -1)" 2026-06-22T08:40:00+08:00 \
    "show: the case's reply_due"
run grid-case show "$a" -f table
out_has "reply_due  " "show -f table: reply_due, one line per field"
out_has "2026-06-22T08:40:00+08:00" "show -f table: its value"
run grid-case list --grid $G1 --status dispatched -f ndjson
status 0 "list -f ndjson"
out_has "\"id\":\"$a\"" "list: the case"
out_has "\"reply_due\":\"2026-06-22T08:40:00+08:00\"" "list: its reply_due"
run grid-case list --grid $G1 -f csv
is "$(head -1 "$T/out")" \
    "id,source,category_code,status,level,grid_code,dept_code,reported_at,deadline,overdue,rework_count,description,reply_due" \
    "list: reply_due after the columns it had"
run grid-case reply "$a" "已派城管处理" --at 2026-06-15T09:10:00+08:00 -f csv
status 0 "reply"
out_has ",reply,dispatched,dispatched," "reply: the status stays"
is "$(sql "SELECT note FROM case_log WHERE case_id = '$a' AND action = 'reply'")" \
    "已派城管处理" "reply: the text is the note"
refused "reply without a text" 64 "reply needs a text" grid-case reply "$a"
refused "reply with --note" 64 "--note: unknown option" \
    grid-case reply "$a" --text x --note y
p=$(grid-case report --source hotline --category E0102 --grid $G1 \
    --reporter 13812345678 --at 2026-06-15T08:40:00+08:00 -f id)
refused "reply to a case not registered" 65 \
    "cannot reply a case that is reported" grid-case reply "$p" --text x
run grid-case status "$a" -f csv
status 0 "status"
is "$(cat "$T/out")" "at,step,status,reply
2026-06-15T08:40:00+08:00,report,reported,
2026-06-15T08:40:00+08:00,register,registered,
2026-06-15T08:45:00+08:00,dispatch,dispatched,
2026-06-15T09:10:00+08:00,reply,dispatched,已派城管处理" \
    "status: the public steps and the reply"
run grid-case status "$p" -f csv
if grep -q -e 1381 -e tester -e D01 "$T/out"; then
	is "personal data" "none" "status: no reporter, actor or department"
else
	is none none "status: no reporter, actor or department"
fi
refused "status of no case" 65 "no such case" grid-case status 209901010001
refused "status without an id" 64 "no ID" grid-case status

# --- rate once, then --correct ----------------------------------------------
c=$(grid-case report --source hotline --category E0102 --grid $G1 \
    --resolved --dept D01 --at 2026-06-15T08:40:00+08:00 -f id | tail -n 1)
refused "--correct without a rating before" 65 "no rating to correct" \
    grid-case rate "$c" A --correct
run grid-case rate "$c" B -f id
status 0 "rate"
refused "a second rate" 65 "already rated B" grid-case rate "$c" A
run grid-case rate "$c" A --correct -f id
status 0 "rate --correct"
is "$(sql "SELECT rating FROM cases WHERE id = '$c'")" A \
    "rate --correct: the rating corrected"
is "$(sql "SELECT note FROM case_log WHERE case_id = '$c' AND action = 'rate' ORDER BY id DESC LIMIT 1")" \
    "rating A, corrects B" "rate --correct: logged"

# --- extend --until a date ----------------------------------------------------
e=$(new_case 2026-06-15T08:40:00+08:00)
grid-case dispatch "$e" --dept D01 --at 2026-06-15T08:50:00+08:00 -f id >/dev/null
run grid-case extend "$e" --until 2026-06-19 --approver 王科长 -f csv
status 0 "extend --until a working day"
out_has "2026-06-19T17:30:00+08:00" "extend --until DATE: the end of that working day"
run grid-case extend "$e" --until 2026-06-21 --approver 王科长 -f csv
status 65 "extend --until a Sunday before the deadline kept is refused"
run grid-case extend "$e" --until 2026-06-28 --approver 王科长 -f csv
status 0 "extend --until a Sunday"
out_has "2026-06-26T17:30:00+08:00" "a Sunday: the end of the Friday before"
err_has "2026-06-28 is not a working day" "a Sunday: a warning"
refused "extend --until a bad date" 65 "impossible" \
    grid-case extend "$e" --until 2026-02-30 --approver x

# --- urgent: the limit's tier -------------------------------------------------
u=$(new_case 2026-06-15T08:40:00+08:00 --priority urgent)
run grid-case dispatch "$u" --dept D01 --at 2026-06-15T09:00:00+08:00 -f csv
status 0 "dispatch an urgent case"
out_has "2026-06-15T11:00:00+08:00" "urgent: half the 4 working hours"
n4=$(new_case 2026-06-15T08:40:00+08:00)
run grid-case dispatch "$n4" --dept D01 --at 2026-06-15T09:00:00+08:00 -f csv
out_has "2026-06-15T14:30:00+08:00" "normal: the 4 working hours"

# --- report --component: place, grid, the owner first, --worker -------------
run grid-case report --source worker --category C0101 --component $COMP \
    --worker W001 --at 2026-06-15T08:40:00+08:00 -f id
status 0 "report --component without a place"
m=$(cat "$T/out")
is "$(sql "SELECT grid_code || ' ' || x || ' ' || y FROM cases WHERE id = '$m'")" \
    "$G1 120.617869 31.312723" "report --component: its grid and point"
is "$(sql "SELECT worker_id FROM case_log WHERE case_id = '$m' AND action = 'report'")" \
    W001 "report --worker: in case_log"
grid-case register "$m" -f id >/dev/null
run grid-case dispatch "$m" -f csv
status 0 "dispatch a component case without --dept"
is "$(sql "SELECT dept_code FROM cases WHERE id = '$m'")" D02 \
    "component case: to the component's owner department"
refused "report --worker unknown" 65 "unknown worker 'W999'" \
    grid-case report --source worker --category E0102 --grid $G1 --worker W999
refused "report --component unknown" 65 "unknown component" \
    grid-case report --source worker --category C0101 --component 99
refused "dispatch an event case without a department" 65 "no department given" \
    grid-case dispatch "$(new_case 2026-06-15T08:40:00+08:00)"

# --- verify --worker ----------------------------------------------------------
grid-case handle "$m" --note fixed -f id >/dev/null
refused "verify --worker unknown" 65 "unknown worker" \
    grid-case verify "$m" --pass --worker W999
run grid-case verify "$m" --pass --worker W002 -f id
status 0 "verify --worker"
is "$(sql "SELECT worker_id FROM case_log WHERE case_id = '$m' AND action = 'verify'")" \
    W002 "verify --worker: in case_log"
run grid-case log "$m" -f csv
status 0 "log -f csv"
is "$(head -1 "$T/out")" \
    "case_id,at,actor,action,from_status,to_status,note,worker_id" \
    "log: worker_id, the last column"
is "$(grep ',report,' "$T/out" | awk -F, '{ print $NF }')" W001 \
    "log: the worker of report --worker"
is "$(grep ',verify,' "$T/out" | awk -F, '{ print $NF }')" W002 \
    "log: the worker of verify --worker"
is "$(grep -c ',$' "$T/out")" "$(grep -vc ',report,\|,verify,\|^case_id' "$T/out")" \
    "log: no worker for the other steps"

# --- sweep: one warning, then overdue; --due-within ---------------------------
w=$(new_case 2026-06-15T08:30:00+08:00)
grid-case dispatch "$w" --dept D01 --at 2026-06-15T08:30:00+08:00 \
    --deadline 2026-06-15T10:20:00+08:00 -f id >/dev/null
run grid-case list --due-within "1 work_hours" -f id
out_has "$w" "list --due-within: the case due in 20 minutes"
run grid-case sweep -f csv
status 0 "sweep at 82 % of the limit"
out_has "$w,warn,dispatched" "sweep: a warning at 80 % of the limit"
run grid-case sweep -f csv
is "$(grep -c "$w,warn" "$T/out")" 0 "sweep again: no second warning"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$w' AND action = 'warn'")" \
    1 "one warn row"
GRID_NOW=2026-06-15T11:00:00+08:00 run grid-case sweep -f csv
out_has "$w,overdue" "sweep past the deadline: overdue"
is "$(grep -c "$w,warn" "$T/out")" 0 "no warning once overdue"
sql "UPDATE settings SET value = '0' WHERE key = 'warn_share'"
refused "sweep with a bad warn_share" 65 "warn_share" grid-case sweep
sql "UPDATE settings SET value = '80' WHERE key = 'warn_share'"

# --- similar --distance in metres ---------------------------------------------
s1=$(grid-case report --source hotline --category E0103 --x 120.6000 --y 31.3000 \
    --resolved --dept D01 --at 2026-06-15T08:40:00+08:00 -f id | tail -n 1)
s2=$(grid-case report --source hotline --category E0103 --x 120.6010 --y 31.3000 \
    --at 2026-06-15T08:41:00+08:00 -f id)
sql "UPDATE cases SET grid_code = NULL WHERE id IN ('$s1', '$s2')"
run grid-case similar "$s2" --distance 100 -f id
status 0 "similar --distance 100"
is "$(cat "$T/out")" "$s1" "similar: 95 m apart is within 100 m"
run grid-case similar "$s2" --distance 90 -f id
is "$(cat "$T/out")" "" "similar: 95 m apart is not within 90 m"
sql "UPDATE cases SET x = 500000, y = 3400000 WHERE id = '$s1';
    UPDATE cases SET x = 500060, y = 3400080 WHERE id = '$s2'"
run grid-case similar "$s2" --distance 100 -f id
is "$(cat "$T/out")" "$s1" "similar: projected metres, 100 m apart"
run grid-case similar "$s2" --distance 99 -f id
is "$(cat "$T/out")" "" "similar: projected metres, not within 99 m"

# --- categories and departments ------------------------------------------------
sql "UPDATE categories SET dept_code = 'D01' WHERE code = 'E0102'"
run grid-case categories -f csv
status 0 "categories"
out_has "E0102,event,暴露垃圾,D01,城管执法局,4.0,work_hours,2.0" \
    "categories: department, limit and urgent limit"
run grid-case departments -f csv
status 0 "departments"
out_has "D01,城管执法局,1," "departments: categories sent to it"
out_has "D02,市政市容委,0," "departments: D02"
refused "categories with an argument" 64 "unexpected argument" \
    grid-case categories x

# --- a version-1 database is migrated by a writer ------------------------------
# (made by tests/unit/test_db.c's list of what each version added)
"$GRID_BUILD/tests/test_db" --downgrade "$GRID_DB" 1
run grid-case list -f id
status 69 "a reader refuses a version-1 database"
err_has "older" "it says it needs a writer once"
err_has "upgrade it once with grid-import --settings -d $GRID_DB" \
    "it names the command that upgrades it"
run grid-case sweep -f id
status 0 "a writer migrates it"
version=$(sed -n 's/^#define GRID_SCHEMA_VERSION \([0-9]*\)$/\1/p' \
    "$GRID_TOP/lib/grid/db.h")
is "$(sql "PRAGMA user_version")" "$version" "migrated to version $version"
"$GRID_BUILD/tests/test_db" --downgrade "$GRID_DB" 7
run grid-report monthly --month 2026-05 -f csv
status 69 "a reader refuses a database of version 7"
run grid-import --settings -d "$GRID_DB"
status 0 "the command the message names runs"
is "$(sql "PRAGMA user_version")" "$version" "and upgrades it to $version"
is "$(sql "SELECT group_concat(name) FROM pragma_index_info('case_log_action_at')")" \
    "action,at,case_id,worker_id" "the case log indexed by action and time"
run grid-report monthly --month 2026-05 -f csv
status 0 "the reader reads it then"
