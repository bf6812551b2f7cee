# tests/e2e/lib.sh - the harness of the end-to-end scripts (POSIX sh).
#
# Each script sources it, then calls the checks below; each check prints
# "ok N - what" or "not ok N - what" (tests/run.sh counts them).  Every
# script gets a fresh temporary directory (its working directory) and
# database, LC_ALL=C, TZ and GRID_NOW pinned, and the built tools on PATH,
# wrapped in $GRID_TEST_WRAPPER when it is set (valgrind).

set -u
: "${GRID_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${GRID_BUILD:=$GRID_TOP/build}"
FIX=$GRID_TOP/tests/fixtures
DISTRICT=$FIX/district
T=$(mktemp -d "${TMPDIR:-/tmp}/gridkit-test.XXXXXX")
trap 'cd /; rm -rf "$T"' EXIT INT TERM
cd "$T" || exit 1
export LC_ALL=C TZ=Asia/Shanghai GRID_NOW=2026-06-15T10:00:00+08:00
export GRID_DB="$T/grid.db" GRID_ACTOR=tester
# the message catalogs as built (make), not as installed
export GRID_LOCALEDIR="$GRID_BUILD/locale"
unset GRID_BUSY_MS

mkdir "$T/bin"
for tool in "$GRID_BUILD"/bin/grid-*; do
	name=$(basename "$tool")
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${GRID_TEST_WRAPPER:-}" \
	    "$tool" >"$T/bin/$name"
	chmod +x "$T/bin/$name"
done
PATH=$T/bin:$PATH

n=0
# ok DESCRIPTION COMMAND...: passes when COMMAND succeeds.
ok() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "#   command: $*"
	fi
}

# run COMMAND...: runs it; stdout in $T/out, stderr in $T/err, status $rc.
run() {
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# status N DESCRIPTION: the last run exited with N.
status() {
	n=$((n + 1))
	if [ "$rc" -eq "$1" ]; then
		echo "ok $n - $2 (exit $1)"
	else
		echo "not ok $n - $2: exit $rc, expected $1"
		sed 's/^/#   stderr: /' "$T/err" | head -5
	fi
}

# err_has TEXT DESCRIPTION: standard error of the last run contains TEXT.
err_has() {
	n=$((n + 1))
	if grep -qF -- "$1" "$T/err"; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2: stderr lacks '$1'"
		sed 's/^/#   stderr: /' "$T/err" | head -5
	fi
}

# err_line LINE DESCRIPTION: standard error of the last run has exactly
# LINE as one of its lines (the whole message, not a part of it).  The
# seconds of a summary line (", 0.00 s") are not compared: runs under
# valgrind or on a busy machine take longer.
untimed() {
	sed 's/, [0-9][0-9]*\.[0-9][0-9] s/, T s/'
}
err_line() {
	n=$((n + 1))
	if untimed <"$T/err" | grep -qxF -- "$(printf '%s\n' "$1" | untimed)"
	then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2: stderr lacks the line '$1'"
		sed 's/^/#   stderr: /' "$T/err" | head -5
	fi
}

# err_lines N DESCRIPTION: standard error of the last run has N lines.
err_lines() {
	is "$(wc -l <"$T/err" | tr -d ' ')" "$1" "$2"
}

# out_has TEXT DESCRIPTION: standard output of the last run contains TEXT.
out_has() {
	n=$((n + 1))
	if grep -qF -- "$1" "$T/out"; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2: stdout lacks '$1'"
		sed 's/^/#   stdout: /' "$T/out" | head -5
	fi
}

# same FILE1 FILE2 DESCRIPTION: the files are equal (diff shown if not).
same() {
	n=$((n + 1))
	if cmp -s "$1" "$2"; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		diff -u "$1" "$2" | head -20 | sed 's/^/#   /'
	fi
}

# is GOT EXPECTED DESCRIPTION
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3: got '$1', expected '$2'"
	fi
}

# idno FIRST17: the 18-character ID number that the 17 digits begin, with
# its GB 11643 check character (ISO 7064 MOD 11-2).
idno() {
	echo "$1" | awk '{
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		s = 0
		for (i = 1; i <= 17; i++)
			s += substr($0, i, 1) * w[i]
		print $0 substr("10X98765432", s % 11 + 1, 1)
	}'
}

# sql QUERY: runs a query on the test database.
sql() {
	sqlite3 -batch "$GRID_DB" "$1"
}

# snapshot FILE: the database's content (not import_batches) as SQL text.
snapshot() {
	sqlite3 -batch "$GRID_DB" .dump | grep -v 'import_batches' >"$1"
}

# load_district: the sample district, every register.
load_district() {
	grid-import -q regions.csv departments.csv grids.csv workers.csv \
	    worker_grids.csv houses.csv households.csv people.csv \
	    person_tags.csv orgs.csv components.csv 2>"$T/load.err" ||
	    { cat "$T/load.err"; return 1; }
}

# load_checks: tests/fixtures/checks (quality, hazards, visits) into
# $GRID_DB, with the rows its by-sql.sql puts in past grid-import.
load_checks() {
	grid-import -q "$FIX/checks/regions.csv" "$FIX/checks/grids.csv" \
	    "$FIX/checks/workers.csv" "$FIX/checks/worker_grids.csv" \
	    "$FIX/checks/houses.csv" "$FIX/checks/households.csv" \
	    "$FIX/checks/people.csv" "$FIX/checks/person_tags.csv" \
	    "$FIX/checks/orgs.csv" "$FIX/checks/cases.csv" \
	    "$FIX/checks/visits.csv" 2>"$T/load.err" ||
	    { cat "$T/load.err"; return 1; }
	sqlite3 -batch "$GRID_DB" <"$FIX/checks/by-sql.sql"
}

# stats_report CATEGORY GRID AT: one case reported by a worker, for the
# cases of tests/fixtures/stats/README.md.
stats_report() {
	grid-case report --source worker --category "$1" --grid "$2" \
	    --at "$3" -f csv >/dev/null 2>>"$T/cases.err"
}

# stats_cases: the six cases of tests/fixtures/stats/README.md.
stats_cases() {
	stats_report E0102 32050801801401 2024-06-03T09:15:00+08:00
	stats_report E0102 32050801801401 2024-06-03T09:20:00+08:00
	stats_report E0102 32050801801401 2024-06-03T09:25:00+08:00
	stats_report E0101 32050801801402 2024-06-09T23:30:00+08:00
	stats_report E0101 32050801801901 2024-05-31T23:30:00+08:00
	stats_report E0101 32050801801901 2024-06-30T23:59:00+08:00
}

# The fixtures, copied so scripts may change them.
cp "$DISTRICT"/*.csv "$T/"
