#!/bin/sh
# tests/run.sh [BUILD] - runs the C unit tests and the end-to-end scripts
# against the tools built in BUILD (default build/), and ends with the
# line "N passed, N failed".  Exit status 1 when anything failed.
# GRID_TEST_WRAPPER (e.g. valgrind) wraps every program run.
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
export GRID_BUILD="$build" GRID_TOP="$top"
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

# count NAME STATUS: adds the ok / not ok lines of $log to the totals.
count() {
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $1 exited with status $2" >>"$log"
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		echo "FAIL $1: $p passed, $f failed"
		grep -v '^ok ' "$log" | sed 's/^/    /' | head -60
	else
		echo "PASS $1: $p passed"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	$GRID_TEST_WRAPPER "$t" >"$log" 2>&1
	count "unit/$(basename "$t")" $?
done
for t in "$build"/tests/fuzz_*; do
	[ -x "$t" ] || continue
	$GRID_TEST_WRAPPER "$t" >"$log" 2>&1
	count "fuzz/$(basename "$t")" $?
done
for t in "$top"/tests/e2e/t*.sh; do
	[ -f "$t" ] || continue
	sh "$t" >"$log" 2>&1
	count "e2e/$(basename "$t")" $?
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
