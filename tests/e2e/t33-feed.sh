#!/bin/sh
# grid-case feed, services and requests (issue 18, the read-only half):
# polls with steps by other processes between them, each change once; a
# back-filled step (--at earlier) seen once; --state round trips with
# mode 0600 and is left alone when the output fails; a writer running
# during the polls, every change delivered exactly once; -f open311 and
# requests as JSON with the specification's field names; the note when
# points are not WGS84 degrees; bad input refused with its status.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401

# col NAME FILE: the column NAME of a tsv file (its header), one a line.
col() {
	awk -F '	' -v name="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) k = i; next }
	{ print $k }' "$2"
}

# report AT: a new case (E0102, grid 01, a point in degrees), its id.
report() {
	grid-case report --source hotline --category E0102 --grid $G1 \
	    --x 120.62 --y 31.31 --address '平江路 1 号' --at "$1" -f id
}

# json FILE: FILE is well-formed JSON.
json() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -m json.tool "$1" >/dev/null 2>&1
	else
		jq . "$1" >/dev/null 2>&1
	fi
}

# --- a poll, steps by another process, a poll -------------------------------
a=$(report 2026-06-15T08:00:00+08:00)
b=$(report 2026-06-15T08:05:00+08:00)
run grid-case feed --since 0 -f tsv
status 0 "feed --since 0"
is "$(col id "$T/out" | tr '\n' ' ')" "$a $b " "feed: both cases, oldest change first"
is "$(col log_id "$T/out" | tr '\n' ' ')" "1 2 " "feed: their latest case_log ids"
err_line "grid-case feed: next cursor: 2" "feed: the next cursor on stderr"
run grid-case feed --since 2 -f tsv
is "$(col id "$T/out")" "" "feed --since 2: nothing new"
err_line "grid-case feed: next cursor: 2" "feed: the cursor stays"
run grid-case feed --since 2 -q -f tsv
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "feed -q: no cursor line"

grid-case register "$b" --at 2026-06-15T08:10:00+08:00 -f id >/dev/null
grid-case register "$a" --at 2026-06-15T08:11:00+08:00 -f id >/dev/null
grid-case dispatch "$a" --dept D01 --at 2026-06-15T08:12:00+08:00 -f id \
    >/dev/null
grid-case show "$b" --reveal -f id >/dev/null
run grid-case feed --since 2 -f tsv
status 0 "feed after steps"
is "$(col id "$T/out" | tr '\n' ' ')" "$b $a " \
    "feed: each changed case once, in the order of its latest change"
is "$(col changes "$T/out" | tr '\n' ' ')" "1 2 " "feed: how many changes each"
is "$(col status "$T/out" | tr '\n' ' ')" "registered dispatched " \
    "feed: the cases as they are now"
is "$(col dept_name "$T/out" | sed -n 2p)" \
    "$(sql "SELECT name FROM departments WHERE code = 'D01'")" \
    "feed: the department's name"
err_line "grid-case feed: next cursor: 6" \
    "feed: the cursor passes the reveal, which is no change"
run grid-case feed --since 5 -f tsv
is "$(col id "$T/out")" "" "feed: a reveal alone is not a change"

# --- a back-filled step: seen once -------------------------------------------
grid-case handle "$a" --note 清运完毕 --at 2026-06-15T08:30:00+08:00 -f id \
    >/dev/null
run grid-case feed --since 6 -f tsv
is "$(col id "$T/out")" "$a" "feed: the handle step"
grid-case register "$(report 2026-06-15T08:01:00+08:00)" \
    --at 2026-06-15T08:02:00+08:00 -f id >/dev/null
c=$(sql "SELECT case_id FROM case_log WHERE id = 9")
is "$(sql "SELECT at < (SELECT at FROM case_log WHERE id = 7) FROM case_log WHERE id = 9")" \
    1 "a step back-filled before one already polled"
run grid-case feed --since 7 -f tsv
is "$(col id "$T/out")" "$c" "feed: the back-filled case, once"
is "$(col changes "$T/out")" 2 "feed: its report and its register"
run grid-case feed --since 9 -f tsv
is "$(col id "$T/out")" "" "feed: not again"

# --- --limit: the next poll goes on after the last case given ---------------
run grid-case feed --since 0 --limit 2 -f id
is "$(tr '\n' ' ' <"$T/out")" "$b $a " "feed --limit 2: the first two"
err_line "grid-case feed: next cursor: 7" "feed --limit: the last one's cursor"
run grid-case feed --since 7 -f id
is "$(cat "$T/out")" "$c" "feed after the limit: the rest"

# --- --state: a round trip, mode 0600 ----------------------------------------
run grid-case feed --state city.cursor -f id
status 0 "feed --state, no file yet: from 0"
is "$(tr '\n' ' ' <"$T/out")" "$b $a $c " "feed --state: every case"
is "$(cat city.cursor)" 9 "feed --state: the next cursor written"
is "$(ls -l city.cursor | cut -c1-10)" "-rw-------" "feed --state: mode 0600"
run grid-case feed --state city.cursor -f id
is "$(cat "$T/out")" "" "feed --state: the next poll, nothing new"
grid-case void "$b" --reason 重复 --at 2026-06-15T09:00:00+08:00 -f id \
    >/dev/null
run grid-case feed --state city.cursor -f open311 -o out.json
status 0 "feed --state -f open311 -o"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "feed -o: nothing on stdout"
ok "feed -f open311: valid JSON" json out.json
is "$(jq -r '.[].service_request_id' out.json)" "$b" \
    "feed -f open311: the changed case"
is "$(jq -r '.[0].status' out.json)" closed \
    "feed -f open311: a voided case is closed"
is "$(cat city.cursor)" 10 "feed --state: moved on"

# the output fails: the state file stays as it was
run grid-case feed --state city.cursor -f open311 -o nodir/out.json
status 73 "feed -o in a missing directory"
err_has "nodir/out.json" "feed -o: names the file"
is "$(cat city.cursor)" 10 "feed: the state file unchanged when the output fails"
run grid-case feed --state nodir/city.cursor -f open311 -o out2.json
status 73 "feed --state in a missing directory"
err_has "nodir/city.cursor: cannot create" "feed --state: says why"
ok "feed --state failed: no output file" test ! -e out2.json
echo 'not a number' >bad.cursor
run grid-case feed --state bad.cursor -f id
status 65 "feed --state with a file without a cursor"
err_has "bad.cursor: not a cursor: 'not a number'" "feed --state: names it"
is "$(cat bad.cursor)" "not a number" "feed: the bad state file left as it was"

# --- writers running during the polls: every change exactly once -------------
rm -f poll.cursor
(
	i=0
	while [ $i -lt 15 ]; do
		id=$(report 2026-06-15T09:0$((i % 10)):00+08:00) &&
		    grid-case register "$id" -f id >/dev/null &&
		    grid-case dispatch "$id" --dept D01 -f id >/dev/null
		i=$((i + 1))
	done
	touch writer.done
) 2>writer.err &
k=0
while [ ! -e writer.done ] && [ $k -lt 500 ]; do
	grid-case feed --state poll.cursor -q -f tsv -o poll.$k.tsv
	k=$((k + 1))
done
wait
grid-case feed --state poll.cursor -q -f tsv -o poll.$k.tsv
is "$(cat writer.err)" "" "the writer ran without errors"
for f in poll.*.tsv; do col changes "$f"; done >changes.txt
is "$(awk '{ s += $1 } END { print s + 0 }' changes.txt)" \
    "$(sql "SELECT count(*) FROM case_log WHERE action NOT IN ('reveal', 'warn')")" \
    "polls under a writer: every change counted exactly once ($((k + 1)) polls)"
for f in poll.*.tsv; do
	awk -F '	' 'NR == 1 { for (i = 1; i <= NF; i++) {
		if ($i == "id") a = i; if ($i == "log_id") b = i } next }
	{ print $a, $b }' "$f"
done | sort | uniq -d >repeats.txt
is "$(cat repeats.txt)" "" "polls under a writer: no change sent twice"
is "$(sql "SELECT max(id) FROM case_log")" "$(cat poll.cursor)" \
    "polls under a writer: the last cursor is the last case_log row"

# --- requests and services: Open311 documents --------------------------------
run grid-case requests --status dispatched,handled
status 0 "requests --status dispatched,handled"
cp "$T/out" requests.json
ok "requests: valid JSON" json requests.json
for field in service_request_id status status_notes service_name \
    service_code description agency_responsible service_notice \
    requested_datetime updated_datetime expected_datetime address \
    address_id zipcode lat long media_url; do
	is "$(jq -r "[.[] | has(\"$field\")] | all" requests.json)" true \
	    "requests: every request has $field"
done
is "$(jq -r '.[] | select(.service_request_id == "'"$a"'") | .status_notes' \
    requests.json)" 清运完毕 "requests: status_notes from the step's note"
is "$(jq -r '.[] | select(.service_request_id == "'"$a"'") | "\(.lat) \(.long)"' \
    requests.json)" "31.31 120.62" "requests: lat and long in degrees"
is "$(jq -r '.[0].requested_datetime' requests.json)" \
    "$(sql "SELECT reported_at FROM cases WHERE status IN ('dispatched', 'handled') ORDER BY reported_at, id LIMIT 1")" \
    "requests: requested_datetime is reported_at"
is "$(jq -r '.[0].expected_datetime | test("^2026-06-1[5-9]T..:..:..\\+08:00$")' \
    requests.json)" true "requests: expected_datetime, the deadline, ISO 8601"
run grid-case requests --status closed,voided --limit 1 -f ndjson
status 0 "requests -f ndjson"
is "$(jq -r .service_request_id "$T/out")" "$b" "requests -f ndjson: one object"
run grid-case requests --from 2026-06-15T08:04:00+08:00 --to 2026-06-15 -o r.ndjson
is "$(jq -r .service_request_id r.ndjson | head -1)" "$b" \
    "requests -o .ndjson: one object a line, --from applied"

run grid-case services
status 0 "services"
cp "$T/out" services.json
ok "services: valid JSON" json services.json
is "$(jq length services.json)" "$(sql "SELECT count(*) FROM categories")" \
    "services: one per category"
is "$(jq -r '.[] | select(.service_code == "E0102") | "\(.service_name) \(.metadata) \(.type)"' \
    services.json)" "$(sql "SELECT name FROM categories WHERE code = 'E0102'") false realtime" \
    "services: name, metadata, type"

# --- points that are not WGS84 degrees: left out, with a note ----------------
sql "INSERT OR REPLACE INTO settings (key, value) VALUES ('coordinate_system', 'gk-zone-40')"
run grid-case requests --status dispatched,handled
status 0 "requests, another coordinate system"
is "$(jq -r '[.[] | has("lat") or has("long")] | any' "$T/out")" false \
    "requests: no lat or long in another system"
err_has "lat and long left out of" "requests: a note says so"
err_has "the setting coordinate_system names another system" \
    "requests: and why"
run grid-case requests --status dispatched -q
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "requests -q: no note"
sql "DELETE FROM settings WHERE key = 'coordinate_system'"

# --- bad input -----------------------------------------------------------------
snapshot "$T/before.sql"
run grid-case feed --since -1
status 64 "feed --since -1"
err_has "--since: expected a whole number" "feed --since -1: says why"
run grid-case feed --since soon
status 64 "feed --since text"
err_has "not 'soon'" "feed --since text: names it"
run grid-case feed
status 64 "feed without --since or --state"
err_has "give --since N or --state FILE" "feed: says what is missing"
run grid-case feed --since 0 --reveal
status 64 "feed --reveal: reporters stay masked"
run grid-case feed --since 0 -f open311 -o x.csv
status 64 "feed -f open311 -o x.csv"
err_has "disagree" "feed -f open311 -o x.csv: says so"
run grid-case services -f csv
status 64 "services -f csv"
err_has "unknown format 'csv'" "services -f csv: says so"
run grid-case requests --status nope
status 64 "requests --status nope"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a refused command prints nothing"
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "the refused commands changed nothing"

# --- the reporter stays masked in the feed ------------------------------------
p=$(grid-case report --source hotline --category E0102 --grid $G1 \
    --reporter 13812345678 -f id)
run grid-case feed --since "$(sql "SELECT max(id) - 1 FROM case_log")" -f tsv
is "$(col id "$T/out") $(col reporter "$T/out")" "$p 138****5678" \
    "feed: a reporter's phone number masked"
