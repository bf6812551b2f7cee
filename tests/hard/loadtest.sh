#!/bin/sh
# tests/hard/loadtest.sh [BUILD] - make loadtest: concurrency.
#
# LOAD_WORKERS (8) processes each take LOAD_CASES (500) cases through
# their life cycle, one grid-case process per step (report, register,
# dispatch, handle, verify --pass, close, rate: 7 steps a case), while
# two grid-case sweeps run every second each (on 200 overdue cases
# imported beforehand, which they mark and escalate, and 200 cases past
# 80 % of their limit, which they warn about) and a reader loops over
# grid-report monthly (grid-case list when grid-report is not built).
# Afterwards: every step is in case_log exactly once and in order, every
# case is closed and rated (no update lost), the sweep marked each
# overdue case exactly once, no process exited 75 with the default busy
# timeout, every case past warn_share was warned exactly once, and
# every other exit status was 0.  Prints the throughput
# (steps per second).
#
# Prints TAP lines ("ok N - ...") and a summary with the figures; exits 1
# on any failure.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
workers=${LOAD_WORKERS:-8}
ncases=${LOAD_CASES:-500}
export LC_ALL=C TZ=Asia/Shanghai GRID_NOW=2026-06-15T10:00:00+08:00
unset GRID_BUSY_MS
gcase=$build/bin/grid-case
import=$build/bin/grid-import
report=$build/bin/grid-report

W=$(mktemp -d "${TMPDIR:-/tmp}/gridkit-load.XXXXXX")
trap 'cd /; rm -rf "$W"' EXIT
trap 'exit 1' INT TERM
cd "$W" || exit 1
export GRID_DB="$W/grid.db"

n=0
failed=0
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3: got '$1', expected '$2'"
		failed=$((failed + 1))
	fi
}
sql() {
	sqlite3 -batch "$GRID_DB" "$1"
}
for tool in "$gcase" "$import"; do
	[ -x "$tool" ] || { echo "not ok 1 - $tool is not built"; exit 1; }
done

# ---- the database: the sample district, 200 overdue cases -----------------
cp "$top"/tests/fixtures/district/*.csv .
"$import" -q regions.csv departments.csv grids.csv workers.csv \
    worker_grids.csv houses.csv households.csv people.csv ||
    { echo "not ok 1 - the district does not load"; exit 1; }
G1=32050801801401
awk -v g=$G1 'BEGIN {
	print "id,source,category_code,grid_code,level,status,dept_code," \
	    "reported_at,registered_at,dispatched_at,deadline"
	for (i = 0; i < 200; i++)
		printf "OD%04d,hotline,E0102,%s,grid,dispatched,D01," \
		    "2026-06-01T09:00:00+08:00,2026-06-01T09:10:00+08:00," \
		    "2026-06-01T09:20:00+08:00,2026-06-%02dT17:00:00+08:00\n",
		    i, g, 2 + i % 12
	for (i = 0; i < 200; i++)
		printf "WA%04d,hotline,E0102,%s,grid,dispatched,D01," \
		    "2026-06-15T08:20:00+08:00,2026-06-15T08:25:00+08:00," \
		    "2026-06-15T08:30:00+08:00,2026-06-15T10:20:00+08:00\n",
		    i, g }' >overdue.csv
"$import" -q -t cases overdue.csv ||
    { echo "not ok 1 - the overdue cases do not load"; exit 1; }

# ---- the load ------------------------------------------------------------
# step STATUSFILE ARGS...: one grid-case step; its exit status appended.
step() {
	out=$1
	shift
	"$gcase" "$@" -q >/dev/null 2>>"$out.err"
	echo "$?" >>"$out"
}

# worker W: ncases cases through their life cycle, each step a process.
worker() {
	export GRID_ACTOR="worker$1"
	i=0
	while [ $i -lt "$ncases" ]; do
		id=$(printf 'L%02d%05d' "$1" $i)
		s=status.$1
		step "$s" report --id "$id" --source worker --category E0102 \
		    --grid $G1 --description "load $1 $i"
		step "$s" register "$id"
		step "$s" dispatch "$id" --dept D01
		step "$s" handle "$id" --note "done by $1"
		step "$s" verify "$id" --pass
		step "$s" close "$id"
		step "$s" rate "$id" A
		i=$((i + 1))
	done
}

# sweeper N: grid-case sweep every second until the file stop exists.
sweeper() {
	export GRID_ACTOR=sweep$1
	while [ ! -f stop ]; do
		"$gcase" sweep -q >>sweep.out 2>>sweep.err
		echo "$?" >>status.sweep
		sleep 1
	done
}

# reader: reports (or lists) over and over until stop.
reader() {
	while [ ! -f stop ]; do
		if [ -x "$report" ]; then
			"$report" monthly --month 2026-06 --by community \
			    -f ndjson >/dev/null 2>>reader.err
		else
			"$gcase" list -f ndjson >/dev/null 2>>reader.err
		fi
		echo "$?" >>status.reader
	done
}

reader_kind="grid-report monthly"
[ -x "$report" ] || reader_kind="grid-case list (grid-report not built)"
echo "# $workers workers x $ncases cases x 7 steps; two sweeps every second;" \
    "reader: $reader_kind"
sweeper 1 &
sweep_pid=$!
sweeper 2 &
sweep2_pid=$!
reader &
reader_pid=$!
t0=$(date +%s%N)
pids=
w=1
while [ $w -le "$workers" ]; do
	worker $w &
	pids="$pids $!"
	w=$((w + 1))
done
# shellcheck disable=SC2086
wait $pids
t1=$(date +%s%N)
touch stop
wait "$sweep_pid" "$sweep2_pid" "$reader_pid"

# ---- the checks ----------------------------------------------------------
steps=$((workers * ncases * 7))
cat status.[0-9]* >status.steps
count() {
	grep -c "^$1\$" "$2" 2>/dev/null || true
}
is "$(wc -l <status.steps | tr -d ' ')" "$steps" "$steps steps run"
is "$(count 0 status.steps)" "$steps" "every step exited 0"
is "$(count 75 status.steps)" 0 "no step exited 75 (busy) with the default timeout"
is "$(cat status.[0-9]*.err 2>/dev/null | wc -l | tr -d ' ')" 0 \
    "no step said anything on standard error"
sweeps=$(wc -l <status.sweep | tr -d ' ')
is "$(count 0 status.sweep)" "$sweeps" "every sweep ($sweeps) exited 0"
reads=$(wc -l <status.reader | tr -d ' ')
is "$(count 0 status.reader)" "$reads" "every read ($reads) exited 0"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id LIKE 'L%'")" \
    "$steps" "case_log: one row per step"
is "$(sql "SELECT count(*) FROM (SELECT case_id, action, count(*) AS n
    FROM case_log WHERE case_id LIKE 'L%' GROUP BY case_id, action
    HAVING n <> 1)")" 0 "case_log: every step exactly once"
is "$(sql "SELECT count(*) FROM (SELECT case_id, group_concat(action, ' ')
    AS steps FROM (SELECT case_id, action FROM case_log WHERE case_id
    LIKE 'L%' ORDER BY id) GROUP BY case_id) WHERE steps <>
    'report register dispatch handle verify close rate'")" 0 \
    "case_log: every case's steps in order"
is "$(sql "SELECT count(*) FROM cases WHERE id LIKE 'L%' AND
    status = 'closed' AND rating = 'A' AND dept_code = 'D01' AND
    rework_count = 0 AND closed_at IS NOT NULL")" $((workers * ncases)) \
    "every case closed and rated: no update lost"
is "$(sql "SELECT count(DISTINCT actor) FROM case_log WHERE
    case_id LIKE 'L%'")" "$workers" "each worker's steps under its name"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id LIKE 'L%' AND
    actor <> 'worker' || CAST(substr(case_id, 2, 2) AS INTEGER)")" 0 \
    "every step by the worker that owns the case"
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT case_id) FROM case_log
    WHERE action = 'overdue'")" "200 200" \
    "sweep: each overdue case marked once"
is "$(sql "SELECT count(*) || ' ' || count(DISTINCT case_id) FROM case_log
    WHERE action = 'warn'")" "200 200" \
    "sweeps: each case past 80 % of its limit warned exactly once"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'warn' AND
    case_id NOT LIKE 'WA%'")" 0 "sweeps: no other case warned"
is "$(sql "SELECT count(*) FROM cases WHERE id LIKE 'OD%' AND
    overdue = 1")" 200 "sweep: the overdue cases marked in cases"
is "$(sql 'PRAGMA integrity_check')" ok "integrity_check ok"

ms=$(((t1 - t0) / 1000000))
rate=$(awk -v s="$steps" -v ms="$ms" 'BEGIN { printf "%.1f", s * 1000 / ms }')
echo "# loadtest: $steps steps in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s:" \
    "$rate steps/s ($workers workers); $sweeps sweeps, $reads reads" \
    "($reader_kind); exit 75: $(count 75 status.steps) steps," \
    "$(count 75 status.sweep) sweeps, $(count 75 status.reader) reads"
echo "# $n checks, $failed failed"
[ "$failed" -eq 0 ]
