#!/bin/sh
# bench/report.sh [BUILD] - grid-report monthly --by community for May
# 2026 on the generated year of 1 M cases (bench/cases.sh's
# bench/out/cases/year.db, made first when missing) beside one
# hand-written sqlite3 query computing the month's main counts per
# community (reported, registered, dispatched, handled, due to close,
# closed, closed on time, overdue, rated, satisfied): one pass over the
# cases, times compared as text (the generated ones are all +08:00).
# Also the html page (the report and its 12-month trend: two passes) and
# the annual report (12 months, one pass).  Then the same monthly
# report on a copy of the year with its case log (year-log.db: a report,
# register, dispatch, ack, handle, verify and close row per step each
# case took, a reply to every public case a day after its report, and
# every case's reply_due five days after it), so that the figures of the
# case desk (on-time dispatch, dispatch accuracy, sign-for, replies),
# which read the log, are timed on a log of district size too.  Wall
# time, ratio, peak memory; target: monthly within 1.2x of the query.
# Not part of make check.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$top/bench/out/report
. "$top/bench/lib.sh"
year=$top/bench/out/cases/year.db
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai LC_ALL=C
unset GRID_DB

[ -f "$year" ] || GRID_BENCH_OVERDUE=1000 sh "$top/bench/cases.sh" "$build"
ncases=$(sqlite3 "$year" "SELECT count(*) FROM cases")

# year-log.db: the year with its log (local times: the generated ones are
# all +08:00, datetime() gives UTC).
withlog=$out/year-log.db
local_at() {
	echo "substr(datetime($1, '+8 hours'$2), 1, 10) || 'T' ||
	    substr(datetime($1, '+8 hours'$2), 12) || '+08:00'"
}
if [ ! -f "$withlog" ] || [ "$withlog" -ot "$year" ]; then
	rm -f "$withlog"
	cp "$year" "$withlog.tmp"
	sqlite3 "$withlog.tmp" "
BEGIN;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, reported_at, 'bench', 'report', NULL, 'reported' FROM cases;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, registered_at, 'bench', 'register', 'reported', 'registered'
  FROM cases WHERE registered_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, dispatched_at, 'bench', 'dispatch', 'registered', 'dispatched'
  FROM cases WHERE dispatched_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, $(local_at dispatched_at ", '+30 minutes'"), 'bench', 'ack',
  'dispatched', 'dispatched' FROM cases WHERE dispatched_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, handled_at, 'bench', 'handle', 'dispatched', 'handled'
  FROM cases WHERE handled_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, verified_at, 'bench', 'verify', 'handled', 'verified'
  FROM cases WHERE verified_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status)
  SELECT id, closed_at, 'bench', 'close', 'verified', 'closed'
  FROM cases WHERE closed_at IS NOT NULL;
INSERT INTO case_log (case_id, at, actor, action, from_status, to_status,
  note)
  SELECT id, $(local_at reported_at ", '+1 days'"), 'bench', 'reply', status,
  status, 'bench reply' FROM cases WHERE registered_at IS NOT NULL AND
  status <> 'voided' AND source IN ('hotline', 'public_app');
UPDATE cases SET reply_due = $(local_at reported_at ", '+5 days'");
COMMIT;"
	mv "$withlog.tmp" "$withlog"
fi
nlog=$(sqlite3 "$withlog" "SELECT count(*) FROM case_log")

# due: not voided, merged nor parked; deadline in May, or closed in May
# with an earlier deadline (grid-report(1)).
query="WITH c AS (SELECT substr(grid_code, 1, 12) AS unit, *,
  status NOT IN ('voided', 'merged', 'parked') AS open_kind,
  (reported_at >= '2026-05' AND reported_at < '2026-06') AS rep,
  (closed_at >= '2026-05' AND closed_at < '2026-06') AS clo
  FROM cases WHERE grid_code IS NOT NULL),
d AS (SELECT *, open_kind AND ((deadline >= '2026-05' AND
  deadline < '2026-06') OR (clo AND deadline < '2026-05')) AS due FROM c)
SELECT unit, sum(rep),
  sum(registered_at >= '2026-05' AND registered_at < '2026-06'),
  sum(dispatched_at >= '2026-05' AND dispatched_at < '2026-06'),
  sum(handled_at >= '2026-05' AND handled_at < '2026-06'),
  sum(due), sum(due AND closed_at < '2026-06'),
  sum(due AND closed_at < '2026-06' AND closed_at <= deadline),
  sum(open_kind AND reported_at < '2026-06' AND deadline < '2026-06' AND
    (closed_at IS NULL OR closed_at >= '2026-06')),
  sum(clo AND rating IS NOT NULL), sum(clo AND rating IN ('A', 'B'))
FROM d GROUP BY unit ORDER BY unit;"

# warm the page cache, then time each twice and keep the faster
sqlite3 "$year" "SELECT count(*), max(closed_at) FROM cases" >/dev/null
gr=$(best "grid-report monthly" "$build/bin/grid-report" monthly \
    --month 2026-05 --by community -d "$year" -f csv)
sq=$(best "sqlite3 query" sqlite3 -csv "$year" "$query")
html=$(best "monthly -f html" "$build/bin/grid-report" monthly \
    --month 2026-05 --by community -d "$year" -f html -o "$out/m.html")
annual=$(best "annual --by grid" "$build/bin/grid-report" annual \
    --year 2025 --by grid -d "$year" -f csv -o "$out/annual.csv")
logged=$(best "monthly, $nlog log rows" "$build/bin/grid-report" monthly \
    --month 2026-05 --by community -d "$withlog" -f csv)

echo "grid-report monthly --by community (May 2026) beside one hand-written"
echo "query in sqlite3 (the main counts of the month); $ncases cases"
echo
printf '%-9s %-24s %10s %11s\n' cases tool "wall" "peak mem"
compare "$ncases" "$gr" "$sq"
echo "$html
$annual
$logged" | while read -r wall rss label; do
	printf '%-9s %-24s %8s s %8s MB\n' "$ncases" "$label" "$wall" \
	    "$(echo "$rss" | awk '{printf "%.1f", $1 / 1024}')"
done
