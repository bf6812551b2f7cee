#!/bin/sh
# tests/pg/run.sh [BUILD] - the PostgreSQL tests (make pgtest): each
# tests/pg/t-*.sh against the server that PGTEST_CONNINFO names (default
# the local socket; tools/pgstart.sh starts Debian's), ending with the
# line "N passed, N failed".  Not part of make check: it needs a server.
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
export GRID_BUILD="$build" GRID_TOP="$top"
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
for t in "$top"/tests/pg/t-*.sh; do
	sh "$t" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	[ "$rc" -eq 0 ] || [ "$f" -ne 0 ] || f=1
	if [ "$f" -ne 0 ]; then
		echo "FAIL pg/$(basename "$t"): $p passed, $f failed"
		grep -v '^ok ' "$log" | sed 's/^/    /' | head -60
	else
		echo "PASS pg/$(basename "$t"): $p passed"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
