#!/bin/sh
# grid-case in pipes and scripts: writers chained (report - | register - |
# dispatch -, 10,000 records), a writer failing upstream (nothing of it
# reaches the next), a loop of steps into a bulk step; bulk input as
# NDJSON, CSV, TSV or bare ids; unknown keys; dry runs (the database
# byte-identical); list filters that compose; -f id; every usage error
# (64, nothing on standard output).
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401
# Under a wrapper (valgrind) the chain is ten times shorter.
chain=10000
[ -n "${GRID_TEST_WRAPPER:-}" ] && chain=1000

# dump FILE: the whole database as SQL text, byte for byte.
dump() {
	sqlite3 -batch "$GRID_DB" .dump >"$1"
}

# records N PREFIX [EXTRA]: N report records with ids PREFIX00001...
records() {
	awk -v n="$1" -v p="$2" -v g=$G1 -v extra="${3:-}" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "{\"id\":\"%s%05d\",\"source\":\"hotline\"," \
			    "\"category\":\"E0102\",\"grid\":\"%s\"," \
			    "\"description\":\"case %d\"%s}\n", p, i, g, i, extra
	}'
}

# status_of PREFIX: "STATUS COUNT" of the cases whose id starts PREFIX.
status_of() {
	sql "SELECT group_concat(s, ' ') FROM (SELECT status || ' ' ||
	    count(*) AS s FROM cases WHERE id LIKE '$1%' GROUP BY status
	    ORDER BY status)"
}

# --- three writers chained ------------------------------------------------
records $chain C >new.ndjson
t0=$(date +%s%N)
{ grid-case report - <new.ndjson 2>report.err; echo $? >rc.1; } |
    { grid-case register - 2>register.err; echo $? >rc.2; } |
    { grid-case dispatch - --dept D01 -f csv 2>dispatch.err; echo $? >rc.3; } \
    >chain.csv
t1=$(date +%s%N)
echo "# report - | register - | dispatch -: $chain records in" \
    "$(((t1 - t0) / 1000000)) ms"
is "$(cat rc.1 rc.2 rc.3 | tr '\n' ' ')" "0 0 0 " \
    "chain: every writer exits 0"
is "$(status_of C)" "dispatched $chain" "chain: all $chain cases dispatched"
is "$(($(wc -l <chain.csv) - 1))" $chain "chain: one row per case at the end"
is "$(grep -c ',dispatch,registered,dispatched,' chain.csv)" $chain \
    "chain: the rows are the dispatches"
is "$(cat report.err)" "grid-case report: <stdin>: $chain read, $chain done, 0 rejected" \
    "chain: the report's summary"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id LIKE 'C%'")" \
    $((chain * 3)) "chain: three log rows a case"

# two chains at once: each waits for the other's lock, nothing is lost
side=$((chain / 10))
# side_chain PREFIX DEPT: a chain of $side cases; the statuses in PREFIX.rc
side_chain() {
	records $side "$1" >"$1.ndjson"
	{ grid-case report - -q <"$1.ndjson"; echo $? >"$1.rc"; } |
	    { grid-case register - -q; echo $? >>"$1.rc"; } |
	    { grid-case dispatch - -q --dept "$2" >/dev/null; echo $? >>"$1.rc"; }
}
side_chain PA D01 &
side_chain PB D01 &
wait
is "$(cat PA.rc PB.rc | tr '\n' ' ')" "0 0 0 0 0 0 " \
    "two chains side by side: every writer exits 0"
is "$(status_of PA) / $(status_of PB)" \
    "dispatched $side / dispatched $side" \
    "two chains side by side: every case of both dispatched"

# a loop of single steps piped into one bulk step
i=0
while [ $i -lt 5 ]; do
	grid-case report -f id --source worker --category E0102 --grid $G1 \
	    --id "LOOP$i"
	i=$((i + 1))
done | grid-case register - -q >loop.out
is "$?$(status_of LOOP)" "0registered 5" \
    "a loop of reports into register -: none lost"

# --- a writer failing upstream -------------------------------------------
records 400 F >fail.ndjson
sed '250s/"source":"hotline"/"source":"fax"/' fail.ndjson >fail-strict.ndjson
dump before.sql
{ grid-case report - --strict <fail-strict.ndjson 2>up.err; echo $? >rc.1; } |
    { grid-case register - 2>down.err >down.out; echo $? >rc.2; }
is "$(cat rc.1 rc.2 | tr '\n' ' ')" "65 0 " \
    "--strict fails at line 250: it exits 65, register - after it 0"
err_line_in() {
	n=$((n + 1))
	if grep -qxF -- "$2" "$1"; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3: $1 lacks '$2'"
		sed 's/^/#   /' "$1" | head -5
	fi
}
err_line_in up.err "grid-case report: <stdin>:250: source: case F00250: unknown source 'fax' (one of: worker, hotline, public_app, video, self_report, department, petition)" \
    "the failing writer names the record"
err_line_in up.err "grid-case report: nothing was written: the run was rolled back" \
    "the failing writer says nothing was written"
is "$(wc -c <down.out | tr -d ' ')" 0 "nothing reached register -"
is "$(cat down.err)" "grid-case register: <stdin>: 0 read, 0 done, 0 rejected" \
    "register - read no record"
dump after.sql
same before.sql after.sql "a failed writer and its reader: database unchanged"
# a failure that is not the input's: a trigger refuses the 300th case
sql "CREATE TRIGGER t19_refuse BEFORE INSERT ON cases WHEN
    NEW.description = 'case 300' BEGIN SELECT RAISE(ABORT, 'refused'); END"
dump before.sql
{ grid-case report - <fail.ndjson 2>up.err; echo $? >rc.1; } |
    { grid-case register - -f csv 2>down.err >down.out; echo $? >rc.2; }
sql "DROP TRIGGER t19_refuse"
is "$(cat rc.1)" 70 "a database error at record 300 fails the writer (70)"
is "$(cat rc.2)" 0 "the reader after it exits 0"
is "$(cat down.out)" "id,action,from_status,to_status,level,at,deadline" \
    "none of the 299 cases rolled back reached register -: a header alone"
is "$(status_of F)" "" "no case of the failed run exists"
# some records rejected: the others are committed and go on
sed '3s/"source":"hotline"/"source":"fax"/' fail.ndjson | head -n 10 >part.ndjson
{ grid-case report - <part.ndjson 2>up.err; echo $? >rc.1; } |
    { grid-case register - 2>down.err >down.out; echo $? >rc.2; }
is "$(cat rc.1 rc.2 | tr '\n' ' ')" "65 0 " \
    "a record rejected upstream: 65 there, 0 downstream"
is "$(status_of F)" "registered 9" "the nine committed cases go on"

# --- bulk input: CSV, TSV, bare ids ---------------------------------------
records 6 B >b.ndjson
grid-case report - -q <b.ndjson >/dev/null
run sh -c 'grid-case list --status reported --grid 320508018014 -f csv |
    grid-case register - -f csv'
status 0 "list -f csv | register -"
is "$(status_of B)" "registered 6" "CSV: every case registered"
err_line "grid-case register: <stdin>: 6 read, 6 done, 0 rejected" \
    "CSV: every record taken"
err_lines 1 "CSV: every column of list known, none warned about"
run sh -c 'grid-case list --status registered -f tsv | grep "B0000[12]" |
    { printf "id\tnote\n"; cut -f 1 | sed "s/\$/\tby tsv/"; } |
    grid-case dispatch - --dept D01 -f csv'
status 0 "TSV with a header into dispatch -"
is "$(status_of B)" "dispatched 2 registered 4" "TSV: two cases dispatched"
is "$(sql "SELECT note FROM case_log WHERE case_id = 'B00001' AND
    action = 'dispatch'")" "to D01, deadline 2026-06-15T15:30:00+08:00; by tsv" \
    "TSV: the note column taken"
run sh -c "sqlite3 '$GRID_DB' \"SELECT id FROM cases WHERE id LIKE 'B%'
    AND status = 'registered' ORDER BY id\" | grid-case void - --reason dup"
status 0 "bare ids (sqlite3) into void -"
is "$(status_of B)" "dispatched 2 voided 4" "bare ids: the first line too"
run sh -c "printf 'id\nB00001\nB00002\n' | grid-case handle - --note done -f id"
status 0 "ids under a header id (cut)"
is "$(cat "$T/out" | tr '\n' ' ')" "B00001 B00002 " "ids under a header: -f id"
printf 'id,note\nB00001,a,b\nB00002,c\n' >width.csv
run sh -c 'grid-case verify - --pass <width.csv'
status 65 "a CSV line of another width: rejected"
err_line "grid-case verify: <stdin>:2: 3 fields, the header has 2" \
    "the bad width named by line"
is "$(status_of B)" "handled 1 verified 1 voided 4" "the other line is done"
gzip -c b.ndjson >b.ndjson.gz
run sh -c 'grid-case close - <b.ndjson.gz'
status 65 "gzip NDJSON into close -: the verified case closed, others refused"
err_line "grid-case close: <stdin>:1: case B00001: cannot close a case that is handled" \
    "gzip: line 1 named"
is "$(status_of B00002)" "closed 1" "gzip: line 2 done"
run sh -c 'printf "" | grid-case register - -f csv'
status 0 "empty input: no records, status 0"
is "$(cat "$T/out")" "id,action,from_status,to_status,level,at,deadline" \
    "empty input: a header, no rows"
run sh -c 'printf "\n  \n" | grid-case register -'
status 0 "blank input: no records"

# --- unknown keys ---------------------------------------------------------
printf '{"source":"hotline","category":"E0102","grid":"%s","descripton":"x","colour":1}\n{"source":"hotline","category":"E0102","grid":"%s","descripton":"y"}\n' \
    $G1 $G1 >typo.ndjson
run sh -c 'grid-case report - -f id <typo.ndjson'
status 0 "unknown keys: a warning, the records taken"
err_line "grid-case report: <stdin>:1: descripton: unknown key, ignored" \
    "unknown key named with its line"
err_line "grid-case report: <stdin>:1: colour: unknown key, ignored" \
    "every unknown key named"
is "$(grep -c descripton "$T/err")" 1 "each unknown key named once"
dump before.sql
run sh -c 'grid-case report - --strict <typo.ndjson'
status 65 "--strict: an unknown key refused"
err_line "grid-case report: <stdin>:1: descripton: unknown key" \
    "--strict: the key named"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "--strict: nothing printed"
dump after.sql
same before.sql after.sql "--strict unknown key: database unchanged"
printf 'id,reasn\nB00003,x\n' >typo.csv
run sh -c 'grid-case escalate - --reason r --strict <typo.csv'
status 65 "--strict: an unknown CSV column refused"
err_line "grid-case escalate: <stdin>:1: reasn: unknown key" "the column named, line 1"

# --- dry runs: everything checked and printed, nothing written -------------
d1=$(grid-case report -f id --source hotline --category E0102 --grid $G1)
d2=$(grid-case report -f id --source hotline --category E0102 --grid $G1)
# dry STEP...: runs the step with -n, then compares the database.
dry() {
	dump before.sql
	run grid-case "$@" -n -f csv
	dump after.sql
	same before.sql after.sql "dry run: $* leaves the database byte-identical"
}
dry register "$d1"
status 0 "register -n"
out_has "$d1,register,reported,registered," "register -n prints the row"
err_line "grid-case register: --dry-run: rolled back, nothing was written" \
    "register -n says nothing was written"
dry report --source worker --category E0102 --grid $G1
out_has ",report,,reported,grid," "report -n prints the new case"
dry dispatch "$d1" --dept D01
status 65 "dispatch -n of a reported case: refused as for real"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a refused dry run prints nothing"
printf '%s\n%s\nnosuch\n' "$d1" "$d2" >ids.txt
dump before.sql
run sh -c 'grid-case register - -n -f csv <ids.txt'
dump after.sql
same before.sql after.sql "dry run: bulk register - byte-identical"
status 65 "bulk -n with a bad record: 65, as for real"
is "$(grep -c ',register,reported,registered,' "$T/out")" 2 \
    "bulk -n: the rows it would print"
dump before.sql
run sh -c 'grid-case report - -n <b.ndjson'
dump after.sql
same before.sql after.sql "dry run: bulk report - byte-identical"
# sweep: the dry run prints what the sweep then does
GRID_NOW=2026-06-18T10:00:00+08:00
export GRID_NOW
dump before.sql
run grid-case sweep -n -f csv
dump after.sql
same before.sql after.sql "dry run: sweep leaves the database byte-identical"
status 0 "sweep -n"
cp "$T/out" sweep-dry.csv
ok "sweep -n finds work (escalations)" grep -q ',escalate,' sweep-dry.csv
run grid-case sweep -f csv
same sweep-dry.csv "$T/out" "sweep does what sweep -n printed"
run grid-case sweep -n -f csv
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "sweep -n after it: nothing to do"
GRID_NOW=2026-06-15T10:00:00+08:00

# --- list: filters that compose ------------------------------------------
# due CASE DEADLINE: a new case dispatched with that deadline.
due() {
	grid-case report -q --id "$1" --source worker --category E0102 \
	    --grid $G1 --at "2026-06-11T09:00:00+08:00" >/dev/null &&
	    grid-case register -q "$1" --at 2026-06-11T09:01:00+08:00 \
	    >/dev/null &&
	    grid-case dispatch -q "$1" --dept D02 --deadline "$2" \
	    --at 2026-06-11T09:02:00+08:00 >/dev/null
}
due DA 2026-06-15T11:00:00+08:00
due DB 2026-06-16T10:00:00+08:00
due DC 2026-06-18T10:00:00+08:00
due DD 2026-06-12T10:00:00+08:00
due DE 2026-06-15T11:30:00+08:00
grid-case park -q DE --reason wait >/dev/null
# ids OPTIONS: the ids list prints, on one line.
ids() {
	grid-case list -f id "$@" | tr '\n' ' '
}
is "$(ids --dept D02 --sort deadline)" "DD DA DE DB DC " \
    "--sort deadline: the soonest first"
is "$(ids --dept D02 --sort id --limit 2)" "DA DB " "--sort id --limit"
is "$(ids --dept D02 --due-within '2 work_hours' --sort deadline)" "DD DA " \
    "--due-within 2 work_hours (past ones too, parked not)"
is "$(ids --dept D02 --due-within '1 work_days' --sort deadline)" \
    "DD DA DB " "--due-within 1 work_days: Tuesday 10:00"
is "$(ids --dept D02 --due-within '3 hours' --sort id)" "DA DD " \
    "--due-within 3 hours: clock time"
is "$(ids --dept D02 --status parked --status dispatched --sort id)" \
    "DA DB DC DD DE " "--status twice: either"
is "$(ids --dept D02 --status parked,dispatched --sort id)" \
    "DA DB DC DD DE " "--status a,b: either"
is "$(ids --dept D01,D02 --status parked --sort id)" "DE " \
    "--dept a comma list, with --status: both apply"
is "$(ids --id-like-nothing 2>/dev/null)" "" "an unknown option prints nothing"
is "$(sql "SELECT count(*) FROM cases WHERE status NOT IN ('closed',
    'voided', 'merged')")" "$(grid-case list --open -f id | wc -l |
    tr -d ' ')" "--open: every case not closed, voided or merged"
is "$(ids --open --status voided)" "" "--open --status voided: none"
is "$(ids --grid 320508018014,320508019 --dept D02 --sort id)" \
    "DA DB DC DD DE " "--grid a comma list"
is "$(ids --source 热线,worker --dept D02 --sort id)" "DA DB DC DD DE " \
    "--source with a Chinese name in a comma list"

# --- -f id ----------------------------------------------------------------
run grid-case report -f id --source hotline --category E0102 --grid $G1
status 0 "report -f id"
id=$(cat "$T/out")
is "$(cat "$T/out")" "$(sql "SELECT max(id) FROM cases WHERE id LIKE
    '32050820260615%'")" "report -f id: the new id alone"
is "$(wc -l <"$T/out" | tr -d ' ')" 1 "report -f id: one line"
run grid-case register "$id" -f id
is "$(cat "$T/out")" "$id" "a step -f id: the id"
run grid-case log "$id" -f id
is "$(cat "$T/out")" "$id" "log -f id: the case once"
run grid-case show "$id" DA -f id
is "$(cat "$T/out" | tr '\n' ' ')" "$id DA " "show -f id"

# --- nothing on standard output when a command fails -----------------------
run grid-case register "$id" -f csv
status 65 "a refused step"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "a refused step prints no CSV header"
run grid-case show "$id" nosuch -f csv
status 65 "show with an unknown id"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "show with an unknown id prints nothing"
run grid-case log nosuch "$id" -f csv
status 65 "log with an unknown id"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "log with an unknown id prints nothing"

# no temporary file, no run: 74, nothing printed, nothing changed
dump before.sql
run env TMPDIR="$T/nosuch" grid-case report -f csv --source worker \
    --category E0102 --grid $G1
status 74 "no place for the rows until the commit: 74"
err_line "grid-case report: $T/nosuch: cannot create a temporary file: No such file or directory" \
    "the temporary directory named"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "no temporary file: nothing printed"
run sh -c "echo '$id' | TMPDIR='$T/nosuch' grid-case register -"
status 74 "no place for the records: 74"
dump after.sql
same before.sql after.sql "no temporary file: database unchanged"

# --- every usage error: 64, nothing on standard output, nothing changed ----
dump before.sql
while IFS='|' read -r what args; do
	# shellcheck disable=SC2086
	run grid-case $args
	status 64 "usage: $what"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "usage: $what: stdout empty"
done <<EOF
no verb|
an unknown verb|frobnicate
report: no --source|report --category E0102 --grid $G1 -f csv
report: no --category|report --source worker --grid $G1 -f csv
report: no place|report --source worker --category E0102 -f csv
report: --x without --y|report --source worker --category E0102 --x 1 -f csv
report: an id argument|report $id --source worker --category E0102 --grid $G1
report: a bad format|report --source worker --category E0102 --grid $G1 -f xml
report: a bad option|report --nosuch
register: no id|register -f csv
register: two ids|register $id $id
register: a bad option|register $id --reason x
register: a bad format|register $id -f xml
void: no --reason|void $id -f csv
dispatch: no id|dispatch --dept D01
dispatch: a bad option|dispatch $id --to city
return: no --reason|return $id -f csv
extend: no --approver|extend $id --hours 2
extend: neither --until nor --hours|extend $id --approver a
extend: both --until and --hours|extend $id --approver a --hours 2 --until 2026-06-16
park: no --reason|park $id
unpark: a bad option|unpark $id --note
handle: no --note|handle $id -f csv
verify: neither --pass nor --fail|verify $id
verify: both|verify $id --pass --fail --note x
verify: --fail without --note|verify $id --fail
close: no id|close
rate: no rating|rate $id
rate: an extra argument|rate $id A B
escalate: no --reason|escalate $id --to city
merge: no --into|merge $id --reason dup
merge: -n with no --into|merge $id -n
show: no id|show
show: a bad format|show $id -f xml
log: no id|log -f csv
log: a bad option|log $id --limit 3
list: a bad status|list --status open
list: a bad status in a comma list|list --status dispatched,nosuch
list: an empty value|list --dept D01,
list: a bad --sort|list --sort size
list: a bad --due-within|list --due-within tomorrow
list: a --due-within without a unit|list --due-within 4
list: --limit 0|list --limit 0
list: an argument|list $id
list: a bad format|list -f xml
similar: no id|similar
similar: a bad --distance|similar $id --distance far
sweep: an argument|sweep now
sweep: a bad option|sweep --dept D01
sweep: a bad format|sweep -n -f xml
EOF
dump after.sql
same before.sql after.sql "usage errors: database unchanged"
run grid-case return "$id" -f csv
err_line "grid-case return: return needs a reason" "a missing option: the message"
err_line "Try 'grid-case return --help'." "a missing option: where to look"
